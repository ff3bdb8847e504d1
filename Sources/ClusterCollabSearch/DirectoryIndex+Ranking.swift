import ClusterCollabCore
import Foundation

/// An order of document slots; `before(a, b)` is true when `a` ranks ahead of `b`. Every order ends with
/// the id, so equal keys still give one stable order and pages never overlap.
protocol SlotOrder {
    func before(_ a: UInt32, _ b: UInt32) -> Bool
}

/// Relevance with text: score (BM25 plus the static-rank tie-breaker), higher first.
struct ScoreOrder: SlotOrder {
    let scores: [Double]
    let ids: [Int64]
    @inline(__always) func before(_ a: UInt32, _ b: UInt32) -> Bool {
        let sa = scores[Int(a)], sb = scores[Int(b)]
        return sa != sb ? sa > sb : ids[Int(a)] < ids[Int(b)]
    }
}

/// Relevance without text, and type-ahead: static rank, higher first; type-ahead then by name.
struct StaticOrder: SlotOrder {
    let ranks: [Float]
    let ids: [Int64]
    let byName: NameOrder?
    @inline(__always) func before(_ a: UInt32, _ b: UInt32) -> Bool {
        let ra = ranks[Int(a)], rb = ranks[Int(b)]
        if ra != rb { return ra > rb }
        if let byName { return byName.before(a, b) }
        return ids[Int(a)] < ids[Int(b)]
    }
}

/// Folded name A to Z: the first eight bytes as one integer, the whole name only when those are equal.
struct NameOrder: SlotOrder {
    let keys: [UInt64]
    let names: [String]
    let ids: [Int64]
    @inline(__always) func before(_ a: UInt32, _ b: UInt32) -> Bool {
        let ka = keys[Int(a)], kb = keys[Int(b)]
        if ka != kb { return ka < kb }
        let na = names[Int(a)], nb = names[Int(b)]
        if na != nb { return TermDictionary.less(na, nb) }
        return ids[Int(a)] < ids[Int(b)]
    }
}

/// Most members first; unknown (stored as -1) sorts after every known count.
struct MembersOrder: SlotOrder {
    let members: [Int32]
    let ids: [Int64]
    @inline(__always) func before(_ a: UInt32, _ b: UInt32) -> Bool {
        let ma = members[Int(a)], mb = members[Int(b)]
        return ma != mb ? ma > mb : ids[Int(a)] < ids[Int(b)]
    }
}

/// Most recently created first.
struct NewestOrder: SlotOrder {
    let created: [Double]
    let ids: [Int64]
    @inline(__always) func before(_ a: UInt32, _ b: UInt32) -> Bool {
        let ca = created[Int(a)], cb = created[Int(b)]
        return ca != cb ? ca > cb : ids[Int(a)] < ids[Int(b)]
    }
}

/// The best `k` slots of a stream in order, without sorting the whole stream: a heap of size `k` whose
/// root is the worst kept slot, so most candidates cost one comparison with the root.
struct TopK<Order: SlotOrder> {
    let k: Int
    let order: Order
    private(set) var heap: [UInt32] = []

    init(k: Int, order: Order) {
        self.k = k
        self.order = order
        heap.reserveCapacity(k)
    }

    @inline(__always) mutating func offer(_ slot: UInt32) {
        if heap.count < k {
            heap.append(slot)
            var i = heap.count - 1
            while i > 0 {
                let parent = (i - 1) >> 1
                guard order.before(heap[parent], heap[i]) else { break }
                heap.swapAt(parent, i)
                i = parent
            }
        } else if k > 0, order.before(slot, heap[0]) {
            heap[0] = slot
            var i = 0
            let n = heap.count
            while true {
                let l = 2 * i + 1, r = l + 1
                var worst = i
                if l < n, order.before(heap[worst], heap[l]) { worst = l }
                if r < n, order.before(heap[worst], heap[r]) { worst = r }
                if worst == i { break }
                heap.swapAt(i, worst)
                i = worst
            }
        }
    }

    func sorted() -> [UInt32] { heap.sorted { order.before($0, $1) } }
}

extension IndexState {
    static let k1 = 1.2
    static let b = 0.75
    /// Static rank is in 0..<1; this keeps it below the difference one more word occurrence makes, so it
    /// decides between near-equal matches without overriding the text.
    static let staticRankWeight = 0.05

    /// Scores every result: BM25F over the per-field counts in the postings, computed only for documents in
    /// `results`, in one pass per term; the result is indexed by slot.
    func score(_ matched: MatchedTerms, results: Bitset) -> [Double] {
        var scores = [Double](repeating: 0, count: slotCount)
        let n = Double(max(liveCount, 1))
        // Hoisted out of the loops: static lets cost a lazy-initialisation check on every access.
        let weights = Field.weights
        let k1 = Self.k1, b = Self.b
        let inverseAverage: [Double] = fieldLengthTotals.map { $0 > 0 ? n / Double($0) : 0 }
        scores.withUnsafeMutableBufferPointer { scores in
            fieldLengths.withUnsafeBufferPointer { lengths in
                results.words.withUnsafeBufferPointer { resultWords in
                    func each(_ term: UInt32, documentFrequency: Int? = nil, _ body: (Int, Double) -> Void) {
                        // A term's document frequency counts dead postings too until the next compaction;
                        // the difference is bounded by the compaction threshold and idf is logarithmic.
                        let df = Double(documentFrequency ?? Int(postings.counts[Int(term)]))
                        let idf = max(0.01, log(1 + (n - df + 0.5) / (df + 0.5)))
                        postings.forEach(Int(term)) { slot32, frequencies in
                            let slot = Int(slot32)
                            guard resultWords[slot >> 6] & (1 << UInt64(slot & 63)) != 0 else { return }
                            var tf = 0.0
                            let base = slot * Field.count
                            var packed = frequencies
                            while packed != 0 {
                                let f = min(packed.trailingZeroBitCount >> 2, Field.count - 1)
                                let c = TermFrequencies.count(f, in: packed)
                                packed &= ~(TermFrequencies.mask(f) << TermFrequencies.shift(f))
                                let norm = (1 - b) + b * Double(lengths[base + f]) * inverseAverage[f]
                                tf += weights[f] * Double(c) / norm
                            }
                            body(slot, idf * tf * (k1 + 1) / (k1 + tf))
                        }
                    }
                    for (term, weight) in matched.expansion {
                        let df = term == matched.prefixTerm ? nil : matched.prefixDocumentFrequency
                        each(term, documentFrequency: df) { slot, s in scores[slot] = max(scores[slot], weight * s) }
                    }
                    for term in matched.exact {
                        each(term) { slot, s in scores[slot] += s }
                    }
                }
            }
            results.forEach { slot in
                scores[Int(slot)] += Self.staticRankWeight * Double(staticRanks[Int(slot)])
            }
        }
        return scores
    }

    /// Pages up to this deep are selected with a heap of `offset + perPage` slots; deeper ones (a crawler
    /// paging through everything) with quickselect, which stays linear however deep the page is.
    static let heapSelectionLimit = 2_000

    /// The results at positions `offset ..< end` of the requested order.
    func rank(_ results: Bitset, offset: Int, end: Int, sort: DirectorySort, scores: [Double]?) -> [UInt32] {
        func page<O: SlotOrder>(_ order: O) -> [UInt32] {
            if end <= Self.heapSelectionLimit {
                var top = TopK(k: end, order: order)
                results.forEach { top.offer($0) }
                return Array(top.sorted()[offset...])
            }
            var all: [UInt32] = []
            all.reserveCapacity(end)
            results.forEach { all.append($0) }
            select(&all, position: offset, in: 0..<all.count, order: order)
            if end < all.count { select(&all, position: end, in: offset..<all.count, order: order) }
            return all[offset..<end].sorted { order.before($0, $1) }
        }
        switch sort {
        case .relevance:
            if let scores { return page(ScoreOrder(scores: scores, ids: ids)) }
            return page(StaticOrder(ranks: staticRanks, ids: ids, byName: nil))
        case .name:
            return page(NameOrder(keys: nameKeys, names: foldedNames, ids: ids))
        case .members:
            return page(MembersOrder(members: members, ids: ids))
        case .newest:
            return page(NewestOrder(created: created, ids: ids))
        }
    }

    /// Introselect: moves the slot that belongs at `position` there, with every slot before it ranking
    /// ahead of it and every slot after it behind. Orders are total (they end with the id), so no two slots
    /// compare equal. Falls back to sorting the remaining range if partitioning keeps going badly.
    func select<O: SlotOrder>(_ a: inout [UInt32], position: Int, in range: Range<Int>, order: O) {
        var lo = range.lowerBound, hi = range.upperBound - 1
        var budget = 2 * (Int.bitWidth - a.count.leadingZeroBitCount)
        while hi > lo {
            if budget == 0 {
                a[lo...hi].sort { order.before($0, $1) }
                return
            }
            budget -= 1
            let mid = lo + (hi - lo) / 2
            if order.before(a[mid], a[lo]) { a.swapAt(mid, lo) }
            if order.before(a[hi], a[lo]) { a.swapAt(hi, lo) }
            if order.before(a[hi], a[mid]) { a.swapAt(hi, mid) }
            let pivot = a[mid]
            var i = lo, j = hi
            while i <= j {
                while order.before(a[i], pivot) { i += 1 }
                while order.before(pivot, a[j]) { j -= 1 }
                if i <= j {
                    a.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if position <= j { hi = j } else if position >= i { lo = i } else { return }
        }
    }

    /// Type-ahead: slots with, for each typed word, a name or acronym word starting with it.
    func suggest(_ typed: [String], limit: Int) -> [DirectoryHit] {
        var candidates = alive
        for word in typed {
            var union = Bitset(capacity: slotCount)
            union.words.withUnsafeMutableBufferPointer { w in
                for id in words.ids(withPrefix: word) {
                    for s in wordPostings[Int(id)] { w[Int(s >> 6)] |= 1 << UInt64(s & 63) }
                }
            }
            candidates.formIntersection(union)
        }
        let order = StaticOrder(
            ranks: staticRanks, ids: ids,
            byName: NameOrder(keys: nameKeys, names: foldedNames, ids: ids))
        var top = TopK(k: limit, order: order)
        candidates.forEach { top.offer($0) }
        return top.sorted().map { hits[Int($0)]! }
    }
}

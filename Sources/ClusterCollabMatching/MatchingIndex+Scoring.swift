import ClusterCollabCore
import Foundation

/// How to tell whether an organisation covers one required competence.
enum MatchingCoverTest: Sendable {
    /// Has this sector, technology or ecosystem item code.
    case item(UInt32)
    /// Has every one of these stems in its keyword fields.
    case keyword([UInt32])
    /// No organisation can cover it (an unknown technology, a keyword with a word no profile uses).
    case never
}

/// A partner search resolved against the index's vocabulary; the same whoever is in the consortium.
struct MatchingRequest {
    /// The first 64 required competences.
    var required: [Competence]
    var tests: [MatchingCoverTest]
    /// Bits of every required competence.
    var allMask: UInt64
    /// Item codes of the required sectors and ecosystems.
    var domainItems: [UInt32]
    /// Stems of the search text known to the index, with their counts, by term id.
    var text: [UInt32: Int]
    /// Counts of the search text's stems that no profile uses (they still lengthen the query vector).
    var unknownText: [Int]
    var typeOK: [Bool]
    /// No type sought: every type is welcome.
    var anyType: Bool
    var anyTarget: Bool
    /// By country index.
    var targetOK: [Bool]
    var needLessDeveloped: Bool
    /// How many indexed (published) organisations bring each required competence.
    var coverCounts: [Int]
    /// Each required competence's weight in coverage: ln(1 + N / n), N the indexed organisations and n
    /// those that bring it (at least 1), so a competence few bring weighs more than one many bring.
    var weights: [Double]
    /// Bits of the required competences at least one indexed organisation brings.
    var coverableMask: UInt64

    /// The summed weights of the competences in `mask`, in bit order (the same order on every path, so the
    /// same Double).
    @inline(__always) func weight(of mask: UInt64) -> Double {
        var m = mask, sum = 0.0
        while m != 0 {
            sum += weights[m.trailingZeroBitCount]
            m &= m - 1
        }
        return sum
    }
}

/// The consortium candidates are scored against: the owner and accepted members that are indexed (or the
/// same without the member being scored).
struct MatchingTeam {
    var slots: [Int]
    var includesOwner: Bool
    var coveredMask: UInt64
    /// What coverage measures a candidate against: the required competences the consortium lacks, or all of
    /// them when it lacks none; and their summed weight.
    var targetMask: UInt64
    var targetWeight: Double
    /// The required competences the consortium lacks that some organisation brings.
    var lackingMask: UInt64
    /// Sorted item codes of its sectors, technologies and ecosystems.
    var items: [UInt32]
    /// Sorted item codes of its sectors and ecosystems and of the required sectors and ecosystems.
    var domainItems: [UInt32]
    /// By country index.
    var countries: [Bool]
    var lessDevelopedMet: Bool
    /// Sorted stems of its S3 priorities, stop words left out.
    var s3Stems: [UInt32]
    /// The query vector, by term id: the search text plus the owner's description and tags (when the owner
    /// is in), each weight multiplied once more by the term's idf so a document's term adds
    /// weight * (1 + ln tf).
    var query: [(term: UInt32, weight: Float)]
    var queryNorm: Double
}

/// The per-organisation quantities a score is made from; the fast path keeps them in dense arrays, the
/// single-organisation path computes them directly, and both give the same numbers.
struct MatchingRaw {
    var mask: UInt64
    var shared: Int
    var domain: Bool
    var s3Shared: Int
    var dot: Float
}

/// The dense arrays of one fast-path pass over the postings.
struct MatchingBulk {
    var mask: [UInt64]
    var shared: [UInt16]
    var domain: [Bool]
    var s3Shared: [UInt16]
    var dot: [Float]

    func raw(_ slot: Int) -> MatchingRaw {
        MatchingRaw(
            mask: mask[slot], shared: Int(shared[slot]), domain: domain[slot], s3Shared: Int(s3Shared[slot]),
            dot: dot[slot])
    }
}

extension MatchingState {
    // MARK: Resolving a search

    func coverTest(_ c: Competence) -> MatchingCoverTest {
        switch c {
        case .sector, .ecosystem, .technology:
            return itemCode(c).map { .item($0) } ?? .never
        case .keyword(let word):
            var terms: [UInt32] = []
            for stem in matchingKeywordStems(word) {
                guard let t = stems.find(stem) else { return .never }
                terms.append(t)
            }
            return terms.isEmpty ? .never : .keyword(terms)
        }
    }

    func request(_ profile: PartnerSearchProfile, textStems: [(stem: String, count: Int)]) -> MatchingRequest {
        let required = Array(profile.required.prefix(PartnerSearchProfile.maxRequired))
        let tests = required.map(coverTest)
        let allMask: UInt64 = required.count >= 64 ? ~0 : (1 << UInt64(required.count)) - 1
        var domain = Set<UInt32>()
        for (c, t) in zip(required, tests) {
            if case .item(let code) = t, Self.isDomainItem(code), c.kind != "technology" { domain.insert(code) }
        }
        var text: [UInt32: Int] = [:]
        var unknown: [Int] = []
        for (stem, count) in textStems {
            if let t = stems.find(stem) { text[t, default: 0] += count } else { unknown.append(count) }
        }
        var typeOK = [Bool](repeating: profile.soughtTypes.isEmpty, count: OrganisationType.allCases.count)
        for t in profile.soughtTypes { typeOK[Int(Self.typeIndex[t]!)] = true }
        var targetOK = [Bool](repeating: false, count: countryCodes.count)
        for code in profile.targetCountries {
            if let i = countryIndex[code.trimmingCharacters(in: .whitespaces).uppercased()] { targetOK[Int(i)] = true }
        }
        let counts = tests.map(coverCount)
        let n = Double(max(liveCount, 1))
        return MatchingRequest(
            required: required, tests: tests, allMask: allMask, domainItems: domain.sorted(), text: text,
            unknownText: unknown, typeOK: typeOK, anyType: profile.soughtTypes.isEmpty, anyTarget: profile.targetCountries.isEmpty, targetOK: targetOK,
            needLessDeveloped: profile.needLessDeveloped, coverCounts: counts,
            weights: counts.map { log(1 + n / Double(max($0, 1))) },
            coverableMask: counts.enumerated().reduce(0) { $1.element > 0 ? $0 | 1 << UInt64($1.offset) : $0 })
    }

    /// How many live organisations pass a cover test.
    func coverCount(_ test: MatchingCoverTest) -> Int {
        switch test {
        case .item(let code):
            return Int(itemLive[code] ?? 0)
        case .keyword(let terms):
            if terms.count == 1 { return Int(termLive[Int(terms[0])]) }
            var n = 0
            for s in intersect(terms) where alive[Int(s)] { n += 1 }
            return n
        case .never:
            return 0
        }
    }

    /// The live slots of these organisation ids, in order, without repeats.
    /// What a pass over every organisation for one search starts from: the request, the consortium's live
    /// slots and owner, the consortium as a team, and the per-organisation bulk arrays.
    func pass(_ profile: PartnerSearchProfile, textStems: [(stem: String, count: Int)]) -> (
        request: MatchingRequest, teamSlots: [Int], ownerSlot: Int?, team: MatchingTeam, bulk: MatchingBulk
    ) {
        let request = self.request(profile, textStems: textStems)
        let teamSlots = liveSlots(profile.consortiumIDs)
        let ownerSlot = slotByID[profile.ownerID].map(Int.init)
        let team = self.team(slots: teamSlots, ownerSlot: ownerSlot, request: request)
        return (request, teamSlots, ownerSlot, team, bulk(request: request, team: team))
    }

    func liveSlots(_ ids: [Int64]) -> [Int] {
        var out: [Int] = []
        for id in ids { if let s = slotByID[id], !out.contains(Int(s)) { out.append(Int(s)) } }
        return out
    }

    func team(slots: [Int], ownerSlot: Int?, request: MatchingRequest) -> MatchingTeam {
        var covered: UInt64 = 0
        var items = Set<UInt32>(), domain = Set<UInt32>(request.domainItems), s3 = Set<UInt32>()
        var countries = [Bool](repeating: false, count: countryCodes.count)
        var lessDeveloped = false
        for slot in slots {
            covered |= mask(slot: slot, request: request)
            let doc = docs[slot]
            for code in doc.items {
                items.insert(code)
                if Self.isDomainItem(code) { domain.insert(code) }
            }
            for (t, m) in zip(doc.terms, doc.meta) where m & MatchingTermMeta.s3 != 0 && !isStop[Int(t)] { s3.insert(t) }
            countries[Int(slotCountry[slot])] = true
            if isLessDeveloped(slot: slot) { lessDeveloped = true }
        }
        let includesOwner = ownerSlot.map { slots.contains($0) } ?? false
        var tf = request.text
        if includesOwner, let owner = ownerSlot {
            let doc = docs[owner]
            for (t, m) in zip(doc.terms, doc.meta) {
                let n = Int(m & MatchingTermMeta.tfMask)
                if n > 0, !isStop[Int(t)] { tf[t, default: 0] += n }
            }
        }
        var query: [(term: UInt32, weight: Float)] = []
        query.reserveCapacity(tf.count)
        var norm2: Double = 0
        for (t, n) in tf.sorted(by: { $0.key < $1.key }) {
            let idfT = Double(idf[Int(t)])
            let w = (1 + log(Double(n))) * idfT
            norm2 += w * w
            if w > 0 { query.append((t, Float(w * idfT))) }
        }
        let unknownIDF = log(1 + Double(max(liveCount, 1)))
        for n in request.unknownText {
            let w = (1 + log(Double(n))) * unknownIDF
            norm2 += w * w
        }
        // Competences no organisation brings cannot tell candidates apart: left out, they do not dilute the
        // share of those that can be brought.
        let uncovered = request.allMask & ~covered & request.coverableMask
        let target = uncovered != 0 ? uncovered : request.allMask & request.coverableMask
        return MatchingTeam(
            slots: slots, includesOwner: includesOwner, coveredMask: covered, targetMask: target,
            targetWeight: request.weight(of: target), lackingMask: uncovered, items: items.sorted(),
            domainItems: domain.sorted(), countries: countries, lessDevelopedMet: lessDeveloped,
            s3Stems: s3.sorted(), query: query, queryNorm: norm2.squareRoot())
    }

    // MARK: One organisation

    func covers(slot: Int, _ test: MatchingCoverTest) -> Bool {
        switch test {
        case .item(let code): return docs[slot].hasItem(code)
        case .keyword(let terms): return terms.allSatisfy { docs[slot].meta(of: $0) != nil }
        case .never: return false
        }
    }

    func mask(slot: Int, request: MatchingRequest) -> UInt64 {
        var m: UInt64 = 0
        for (i, test) in request.tests.enumerated() where covers(slot: slot, test) { m |= 1 << UInt64(i) }
        return m
    }

    /// The raw quantities of one organisation, computed from its own document (the slow path); equal to the
    /// fast path's for the same slot.
    func raw(slot: Int, request: MatchingRequest, team: MatchingTeam) -> MatchingRaw {
        let doc = docs[slot]
        var shared = 0, domain = false
        for code in doc.items {
            if Self.contains(team.items, code) { shared += 1 }
            if Self.contains(team.domainItems, code) { domain = true }
        }
        var s3 = 0
        for t in team.s3Stems { if let m = doc.meta(of: t), m & MatchingTermMeta.s3 != 0 { s3 += 1 } }
        var dot: Float = 0
        for (t, w) in team.query {
            if let m = doc.meta(of: t) {
                let tf = Int(m & MatchingTermMeta.tfMask)
                if tf > 0 { dot += w * Self.logTF[tf] }
            }
        }
        return MatchingRaw(mask: mask(slot: slot, request: request), shared: shared, domain: domain, s3Shared: s3, dot: dot)
    }

    static func contains(_ sorted: [UInt32], _ value: UInt32) -> Bool {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) >> 1
            if sorted[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low < sorted.count && sorted[low] == value
    }

    /// The score's parts from the raw quantities: the one place the formula lives.
    @inline(__always)
    func parts(slot: Int, _ raw: MatchingRaw, request: MatchingRequest, team: MatchingTeam) -> ScoreParts {
        var p = ScoreParts()
        if team.targetWeight > 0 {
            let brought = raw.mask & team.targetMask
            if brought != 0 { p.coverage = request.weight(of: brought) / team.targetWeight }
        }
        let c = Int(slotItemCount[slot])
        if c > 0 {
            // Halved only for an organisation from another field that brings nothing the consortium lacks.
            let related = raw.domain || raw.mask & team.lackingMask != 0
            p.complementarity = Double(c - min(raw.shared, c)) / Double(c) * (related ? 1 : 0.5)
        }
        let country = Int(slotCountry[slot])
        let inTarget = request.anyTarget || (country < request.targetOK.count && request.targetOK[country])
        let newCountry = !(country < team.countries.count && team.countries[country])
        let lessDevelopedOK = !request.needLessDeveloped || team.lessDevelopedMet || isLessDeveloped(slot: slot)
        p.geography = (inTarget ? 0.5 : 0) + (newCountry ? 0.3 : 0) + (lessDevelopedOK ? 0.2 : 0)
        let a = Int(slotS3Count[slot]), b = team.s3Stems.count
        if a > 0, b > 0, raw.s3Shared > 0 { p.s3 = Double(raw.s3Shared) / Double(a + b - raw.s3Shared) }
        let nrm = norm[slot]
        if nrm > 0, team.queryNorm > 0, raw.dot > 0 { p.text = min(1, Double(raw.dot) / (Double(nrm) * team.queryNorm)) }
        p.type = request.typeOK[Int(slotType[slot])] ? 1 : 0
        return p
    }

    // MARK: Every organisation at once

    /// One pass over the postings of the required competences, the consortium's items and S3 stems and the
    /// query's terms, accumulating into dense arrays (the fast path).
    func bulk(request: MatchingRequest, team: MatchingTeam) -> MatchingBulk {
        let n = docs.count
        var mask = [UInt64](repeating: 0, count: n)
        var shared = [UInt16](repeating: 0, count: n)
        var domain = [Bool](repeating: false, count: n)
        var s3 = [UInt16](repeating: 0, count: n)
        var dot = [Float](repeating: 0, count: n)

        mask.withUnsafeMutableBufferPointer { mask in
            for (i, test) in request.tests.enumerated() {
                let bit: UInt64 = 1 << UInt64(i)
                switch test {
                case .item(let code):
                    itemPostings[code]?.withUnsafeBufferPointer { for s in $0 { mask[Int(s)] |= bit } }
                case .keyword(let terms):
                    if terms.count == 1 {
                        termPostings[Int(terms[0])].slots.withUnsafeBufferPointer { for s in $0 { mask[Int(s)] |= bit } }
                    } else {
                        for s in intersect(terms) { mask[Int(s)] |= bit }
                    }
                case .never:
                    break
                }
            }
        }
        shared.withUnsafeMutableBufferPointer { shared in
            for code in team.items {
                itemPostings[code]?.withUnsafeBufferPointer { for s in $0 { shared[Int(s)] &+= 1 } }
            }
        }
        domain.withUnsafeMutableBufferPointer { domain in
            for code in team.domainItems {
                itemPostings[code]?.withUnsafeBufferPointer { for s in $0 { domain[Int(s)] = true } }
            }
        }
        s3.withUnsafeMutableBufferPointer { s3 in
            for t in team.s3Stems {
                let p = termPostings[Int(t)]
                p.slots.withUnsafeBufferPointer { slots in
                    p.meta.withUnsafeBufferPointer { meta in
                        for j in 0..<slots.count where meta[j] & MatchingTermMeta.s3 != 0 { s3[Int(slots[j])] &+= 1 }
                    }
                }
            }
        }
        Self.logTF.withUnsafeBufferPointer { logTF in
            dot.withUnsafeMutableBufferPointer { dot in
                for (t, w) in team.query {
                    let p = termPostings[Int(t)]
                    p.slots.withUnsafeBufferPointer { slots in
                        p.meta.withUnsafeBufferPointer { meta in
                            for j in 0..<slots.count {
                                let tf = Int(meta[j] & MatchingTermMeta.tfMask)
                                if tf > 0 { dot[Int(slots[j])] += w * logTF[tf] }
                            }
                        }
                    }
                }
            }
        }
        return MatchingBulk(mask: mask, shared: shared, domain: domain, s3Shared: s3, dot: dot)
    }

    /// Slots holding every one of these terms (postings are sorted by slot).
    func intersect(_ terms: [UInt32]) -> [UInt32] {
        let lists = terms.map { termPostings[Int($0)].slots }.sorted { $0.count < $1.count }
        var result = lists[0]
        for list in lists.dropFirst() {
            var out: [UInt32] = []
            out.reserveCapacity(result.count)
            var i = 0, j = 0
            while i < result.count, j < list.count {
                if result[i] < list[j] {
                    i += 1
                } else if result[i] > list[j] {
                    j += 1
                } else {
                    out.append(result[i]); i += 1; j += 1
                }
            }
            result = out
            if result.isEmpty { break }
        }
        return result
    }

    // MARK: Ranking

    /// The best `k` slots among those with a score of 0 or more (others: -1), best first: higher score, then
    /// lower organisation id. A heap keeps the best `k` when `k` is small; otherwise all candidates are
    /// sorted. Either way the order is the same total order, so a page is a slice of the full ranking.
    func top(_ scores: [Double], k: Int) -> [Int] {
        guard k > 0 else { return [] }
        return scores.withUnsafeBufferPointer { scores in
            ids.withUnsafeBufferPointer { ids in
                @inline(__always) func better(_ a: Int, _ b: Int) -> Bool {
                    scores[a] > scores[b] || (scores[a] == scores[b] && ids[a] < ids[b])
                }
                let n = scores.count
                if k * 8 >= n {
                    var all: [Int] = []
                    all.reserveCapacity(n)
                    for s in 0..<n where scores[s] >= 0 { all.append(s) }
                    all.sort(by: better)
                    return Array(all.prefix(k))
                }
                // A heap whose root is the worst of the best k seen so far.
                var heap: [Int] = []
                heap.reserveCapacity(k)
                func siftDown(_ start: Int) {
                    var i = start
                    while true {
                        let l = 2 * i + 1, r = l + 1
                        var worst = i
                        if l < heap.count, better(heap[worst], heap[l]) { worst = l }
                        if r < heap.count, better(heap[worst], heap[r]) { worst = r }
                        if worst == i { return }
                        heap.swapAt(i, worst)
                        i = worst
                    }
                }
                for s in 0..<n where scores[s] >= 0 {
                    if heap.count < k {
                        heap.append(s)
                        var i = heap.count - 1
                        while i > 0 {
                            let parent = (i - 1) / 2
                            if better(heap[parent], heap[i]) { heap.swapAt(parent, i); i = parent } else { break }
                        }
                    } else if better(s, heap[0]) {
                        heap[0] = s
                        siftDown(0)
                    }
                }
                heap.sort(by: better)
                return heap
            }
        }
    }
}

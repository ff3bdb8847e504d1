import ClusterCollabCore
import Foundation

/// What the index keeps of one organisation, with the index's term ids.
struct MatchingDocument: Sendable {
    var id: Int64
    var country: String
    var type: OrganisationType
    var nuts2: String?
    /// Sector, technology and ecosystem item codes (`MatchingState.itemCode`), sorted.
    var items: [UInt32]
    /// As written in the profile, for the reasons.
    var s3Priorities: [String]
    /// Distinct stems of the keyword fields, sorted, with their `MatchingTermMeta`.
    var terms: [UInt32]
    var meta: [UInt8]
    /// Distinct stems of its S3 priorities, stop words left out.
    var s3Count: UInt16

    static let empty = MatchingDocument(
        id: 0, country: "", type: .clusterOrganisation, nuts2: nil, items: [],
        s3Priorities: [], terms: [], meta: [], s3Count: 0)

    /// The meta of `term` in this organisation, or nil when it does not occur.
    @inline(__always) func meta(of term: UInt32) -> UInt8? {
        var low = 0, high = terms.count
        while low < high {
            let mid = (low + high) >> 1
            if terms[mid] < term { low = mid + 1 } else { high = mid }
        }
        return low < terms.count && terms[low] == term ? meta[low] : nil
    }

    func hasItem(_ code: UInt32) -> Bool {
        var low = 0, high = items.count
        while low < high {
            let mid = (low + high) >> 1
            if items[mid] < code { low = mid + 1 } else { high = mid }
        }
        return low < items.count && items[low] == code
    }
}

/// The organisations (slots) holding one term, in slot order, with the term's meta in each.
struct MatchingPostings: Sendable {
    var slots: [UInt32] = []
    var meta: [UInt8] = []
}

/// The whole index: the vocabulary, inverted postings and dense per-slot arrays. A value type: a writer
/// may rebuild a copy while readers use the current one.
///
/// Slots are positions in the dense arrays. A removed or replaced organisation's slot is marked dead and
/// stays in the postings until the next rebuild (readers skip dead slots); an upsert appends a new slot,
/// so every posting list stays sorted by slot.
struct MatchingState: Sendable {
    // Vocabulary (never shrinks).
    var stems = ByteStringTable()
    var surface: [String] = []
    var isStop: [Bool] = []
    /// ln(1 + N / df), fixed at the last rebuild (terms first seen since then: df = 1 at that time).
    var idf: [Float] = []
    var termPostings: [MatchingPostings] = []
    /// How many live organisations hold each term (postings also hold dead slots until the next rebuild).
    var termLive: [Int32] = []

    // Sector, technology and ecosystem postings by item code.
    var technologyIDs: [String] = []
    var technologyIndex: [String: UInt32] = [:]
    var itemPostings: [UInt32: [UInt32]] = [:]
    /// How many live organisations hold each item.
    var itemLive: [UInt32: Int32] = [:]

    // Countries and regions.
    var countryCodes: [String] = []
    var countryIndex: [String: UInt16] = [:]
    var nuts2Codes: [String] = []
    var nuts2Index: [String: Int32] = [:]
    var categories: [String: RegionCategory] = [:]
    /// Per NUTS 2 index: 0 unknown, else 1 + the category's position in `RegionCategory.allCases`.
    var categoryOfNuts2: [UInt8] = []

    // Slots.
    var docs: [MatchingDocument] = []
    var ids: [Int64] = []
    var alive: [Bool] = []
    var slotCountry: [UInt16] = []
    var slotType: [UInt8] = []
    var slotNuts2: [Int32] = []
    var slotItemCount: [UInt16] = []
    var slotS3Count: [UInt16] = []
    /// Euclidean norm of the TF-IDF vector of the description and tags, with `idf` as it was when computed.
    var norm: [Float] = []
    var slotByID: [Int64: Int32] = [:]
    var liveCount = 0
    var deadCount = 0
    var writesSinceRebuild = 0

    /// 1 + ln(tf), by the 7-bit term count of `MatchingTermMeta` (0 for 0).
    static let logTF: [Float] = (0...127).map { $0 == 0 ? 0 : 1 + Float(log(Double($0))) }

    static let typeIndex: [OrganisationType: UInt8] =
        Dictionary(uniqueKeysWithValues: OrganisationType.allCases.enumerated().map { ($0.element, UInt8($0.offset)) })

    // MARK: Item codes

    static let sectorKind: UInt32 = 0, technologyKind: UInt32 = 1, ecosystemKind: UInt32 = 2

    /// The item code of a sector, technology or ecosystem competence; nil for a keyword, an id out of range or
    /// a technology no organisation has.
    func itemCode(_ c: Competence) -> UInt32? {
        switch c {
        case .sector(let id): (0..<(1 << 24)).contains(id) ? Self.sectorKind << 24 | UInt32(id) : nil
        case .ecosystem(let id): (0..<(1 << 24)).contains(id) ? Self.ecosystemKind << 24 | UInt32(id) : nil
        case .technology(let id): technologyIndex[id].map { Self.technologyKind << 24 | $0 }
        case .keyword: nil
        }
    }

    mutating func internItem(_ c: Competence) -> UInt32? {
        if case .technology(let id) = c, technologyIndex[id] == nil {
            technologyIndex[id] = UInt32(technologyIDs.count)
            technologyIDs.append(id)
        }
        return itemCode(c)
    }

    func competence(ofItem code: UInt32) -> Competence {
        let value = code & 0xFF_FFFF
        switch code >> 24 {
        case Self.sectorKind: return .sector(Int(value))
        case Self.technologyKind: return .technology(technologyIDs[Int(value)])
        default: return .ecosystem(Int(value))
        }
    }

    /// Whether an item code is a sector or an ecosystem (the "domain" of complementarity).
    @inline(__always) static func isDomainItem(_ code: UInt32) -> Bool { code >> 24 != technologyKind }

    // MARK: Countries and regions

    mutating func internCountry(_ code: String) -> UInt16 {
        if let i = countryIndex[code] { return i }
        let i = UInt16(countryCodes.count)
        countryCodes.append(code)
        countryIndex[code] = i
        return i
    }

    mutating func internNuts2(_ code: String?) -> Int32 {
        guard let code else { return -1 }
        if let i = nuts2Index[code] { return i }
        let i = Int32(nuts2Codes.count)
        nuts2Codes.append(code)
        nuts2Index[code] = i
        categoryOfNuts2.append(Self.categoryCode(categories[code]))
        return i
    }

    static func categoryCode(_ c: RegionCategory?) -> UInt8 {
        c.map { UInt8(RegionCategory.allCases.firstIndex(of: $0)! + 1) } ?? 0
    }

    mutating func setCategories(_ new: [String: RegionCategory]) {
        var normalised: [String: RegionCategory] = [:]
        for (code, category) in new {
            normalised[code.trimmingCharacters(in: .whitespaces).uppercased()] = category
        }
        categories = normalised
        categoryOfNuts2 = nuts2Codes.map { Self.categoryCode(normalised[$0]) }
    }

    /// The category of a slot's NUTS 2 region, if loaded.
    func category(ofSlot slot: Int) -> RegionCategory? {
        let n = slotNuts2[slot]
        guard n >= 0 else { return nil }
        let c = categoryOfNuts2[Int(n)]
        return c == 0 ? nil : RegionCategory.allCases[Int(c) - 1]
    }

    /// Less developed or transition.
    @inline(__always) func isLessDeveloped(slot: Int) -> Bool {
        let n = slotNuts2[slot]
        guard n >= 0 else { return false }
        let c = categoryOfNuts2[Int(n)]
        return c == 1 || c == 2
    }

    // MARK: Writes

    /// Adds an analysed organisation as a new slot, replacing an earlier version with the same id.
    /// `mapping` maps the analyser's stem ids to the index's and grows as needed. In a bulk load
    /// (`computeNorm` false) `rebuild()` computes the weights at the end.
    mutating func add(_ a: MatchingAnalysis, analyser: MatchingAnalyser, mapping: inout [UInt32], computeNorm: Bool) {
        if let old = slotByID[a.id] { markDead(Int(old)) }
        var pairs: [(term: UInt32, meta: UInt8)] = []
        pairs.reserveCapacity(a.localTerms.count)
        for (local, meta) in zip(a.localTerms, a.meta) {
            let l = Int(local)
            if l >= mapping.count { mapping.append(contentsOf: repeatElement(UInt32.max, count: l + 1 - mapping.count)) }
            if mapping[l] == .max {
                let (g, isNew) = analyser.stems.withBytes(local) { stems.intern($0) }
                let word = analyser.surface[l]
                if isNew {
                    surface.append(word)
                    isStop.append(analyser.stemIsStop[l])
                    idf.append(Float(log(1 + Double(liveCount + 1))))
                    termPostings.append(MatchingPostings())
                    termLive.append(0)
                } else if MatchingAnalyser.prefer(word, over: surface[Int(g)]) {
                    surface[Int(g)] = word
                }
                mapping[l] = g
            }
            pairs.append((mapping[l], meta))
        }
        pairs.sort { $0.term < $1.term }
        var s3Count = 0
        for p in pairs where p.meta & MatchingTermMeta.s3 != 0 && !isStop[Int(p.term)] { s3Count += 1 }
        var items: [UInt32] = []
        for c in a.items { if let code = internItem(c) { items.append(code) } }
        items.sort()
        let doc = MatchingDocument(
            id: a.id, country: a.country, type: a.type, nuts2: a.nuts2, items: items, s3Priorities: a.s3Priorities,
            terms: pairs.map(\.term), meta: pairs.map(\.meta), s3Count: UInt16(min(s3Count, Int(UInt16.max))))
        append(doc, norm: 0)
        if computeNorm { norm[docs.count - 1] = documentNorm(doc) }
    }

    /// Appends a document as a new live slot and adds it to the postings.
    private mutating func append(_ doc: MatchingDocument, norm value: Float) {
        let slot = UInt32(docs.count)
        docs.append(doc)
        ids.append(doc.id)
        alive.append(true)
        slotCountry.append(internCountry(doc.country))
        slotType.append(Self.typeIndex[doc.type]!)
        slotNuts2.append(internNuts2(doc.nuts2))
        slotItemCount.append(UInt16(min(doc.items.count, Int(UInt16.max))))
        slotS3Count.append(doc.s3Count)
        norm.append(value)
        slotByID[doc.id] = Int32(slot)
        liveCount += 1
        for (t, m) in zip(doc.terms, doc.meta) {
            termPostings[Int(t)].slots.append(slot)
            termPostings[Int(t)].meta.append(m)
            termLive[Int(t)] += 1
        }
        for code in doc.items {
            itemPostings[code, default: []].append(slot)
            itemLive[code, default: 0] += 1
        }
    }

    /// Marks a slot dead; it leaves the postings at the next rebuild.
    mutating func markDead(_ slot: Int) {
        guard alive[slot] else { return }
        for t in docs[slot].terms { termLive[Int(t)] -= 1 }
        for code in docs[slot].items { itemLive[code, default: 0] -= 1 }
        alive[slot] = false
        slotByID[ids[slot]] = nil
        docs[slot] = .empty
        liveCount -= 1
        deadCount += 1
    }

    /// Removes an organisation; false when it is not indexed.
    mutating func remove(id: Int64) -> Bool {
        guard let slot = slotByID[id] else { return false }
        markDead(Int(slot))
        return true
    }

    /// Whether enough has changed since the last rebuild that the idf weights may have drifted or dead slots
    /// cost noticeable time: every max(64, 2% of the index) writes.
    var needsRebuild: Bool { writesSinceRebuild > max(64, liveCount / 50) }

    /// Drops dead slots (renumbering the live ones in order), then recomputes the idf weights from the
    /// document frequencies and every organisation's vector norm.
    mutating func rebuild() {
        if deadCount > 0 {
            let live = docs.indices.filter { alive[$0] }.map { docs[$0] }
            var fresh = MatchingState()
            fresh.stems = stems
            fresh.surface = surface
            fresh.isStop = isStop
            fresh.idf = idf
            fresh.technologyIDs = technologyIDs
            fresh.technologyIndex = technologyIndex
            fresh.countryCodes = countryCodes
            fresh.countryIndex = countryIndex
            fresh.nuts2Codes = nuts2Codes
            fresh.nuts2Index = nuts2Index
            fresh.categories = categories
            fresh.categoryOfNuts2 = categoryOfNuts2
            // Size the postings first: appending to some hundred thousand growing arrays costs more.
            var df = [Int](repeating: 0, count: stems.count)
            for d in live { for t in d.terms { df[Int(t)] += 1 } }
            fresh.termPostings = df.map { n in
                var p = MatchingPostings()
                p.slots.reserveCapacity(n)
                p.meta.reserveCapacity(n)
                return p
            }
            fresh.termLive = [Int32](repeating: 0, count: stems.count)
            fresh.docs.reserveCapacity(live.count)
            for d in live { fresh.append(d, norm: 0) }
            self = fresh
        }
        let n = Double(liveCount)
        for t in 0..<termPostings.count {
            let df = termPostings[t].slots.count
            idf[t] = Float(log(1 + n / Double(max(df, 1))))
        }
        for slot in 0..<docs.count where alive[slot] { norm[slot] = documentNorm(docs[slot]) }
        writesSinceRebuild = 0
    }

    /// The norm of a document's TF-IDF vector (description and tags, stop words left out).
    func documentNorm(_ doc: MatchingDocument) -> Float {
        var sum: Double = 0
        for (t, m) in zip(doc.terms, doc.meta) {
            let tf = Int(m & MatchingTermMeta.tfMask)
            guard tf > 0, !isStop[Int(t)] else { continue }
            let w = Double(Self.logTF[tf]) * Double(idf[Int(t)])
            sum += w * w
        }
        return Float(sum.squareRoot())
    }

    /// Approximate bytes held, for the benchmark's report.
    var approximateBytes: Int {
        var total = stems.byteCount + surface.count * 24 + idf.count * 9 + itemLive.count * 24
        for p in termPostings { total += 48 + p.slots.count * 4 + p.meta.count }
        for (_, p) in itemPostings { total += 48 + p.count * 4 }
        for d in docs {
            total += 160 + d.items.count * 4 + d.terms.count * 5
            for s in d.s3Priorities { total += 16 + (s.utf8.count > 15 ? s.utf8.count : 0) }
        }
        total += ids.count * (8 + 1 + 2 + 1 + 4 + 2 + 2 + 4) + slotByID.count * 24
        return total
    }
}

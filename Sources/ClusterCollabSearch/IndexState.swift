import ClusterCollabCore

/// The index's data, guarded by `DirectoryIndex`'s lock.
///
/// Documents live in slots: parallel arrays (one entry per slot) instead of one object per document, which
/// keeps 100,000 documents in a few compact buffers and lets the hot loops read only the columns they need.
/// An upsert appends a new slot and marks the old one dead, so posting lists stay sorted by slot and never
/// need an insertion in the middle; dead slots are dropped in one pass when they reach a quarter of all.
struct IndexState: Sendable {
    let schema: IndexSchema

    // MARK: Per slot
    var ids: [Int64] = []
    /// nil for dead slots, so their strings are freed at once.
    var hits: [DirectoryHit?] = []
    var foldedNames: [String] = []
    var nameKeys: [UInt64] = []
    var staticRanks: [Float] = []
    var members: [Int32] = []
    var created: [Double] = []
    var countries: [UInt16] = []
    /// Index into `regionValues` (0: no region).
    var regions: [UInt32] = []
    /// Index into `schema.nuts2Codes`, or `IndexSchema.noRegionFacet`.
    var regionFacets: [UInt16] = []
    /// Index into `OrganisationType.allCases`.
    var types: [UInt8] = []
    /// Bit per label level (bronze 1, silver 2, gold 4).
    var labelMasks: [UInt8] = []
    /// Index into `SizeBand.allCases`, or `IndexSchema.noSize`.
    var sizeBands: [UInt8] = []
    /// Bit per infrastructure kind offered (`Infrastructure.Kind.allCases` order).
    var infrastructureMasks: [UInt8] = []
    /// `MemberTotals.kindCount` member counts per slot.
    var memberKinds: [Int32] = []
    /// `schema.taxonomyStride` words per slot.
    var taxonomyBits: [UInt64] = []
    /// `Field.count` term counts per slot.
    var fieldLengths: [UInt16] = []
    var alive = Bitset(capacity: 0)

    // MARK: Whole index
    var slotByID: [Int64: UInt32] = [:]
    /// Sum of field lengths over live documents, for BM25's average lengths.
    var fieldLengthTotals = [Int](repeating: 0, count: Field.count)
    var deadCount = 0
    /// Every live document counted in every facet: a search without filters that matches most of the
    /// directory counts the documents it does not match and takes them from these.
    var liveCounts: FacetCounts
    /// Each facet value's slots, where filtered searches start.
    var facetSlots: FacetSlots

    /// Interned country codes (the reference's first) and region values (NUTS codes, or free text in
    /// countries without region codes), so a slot stores a small integer and a filter becomes a table lookup.
    var countryCodes: [String]
    var countryIndex: [String: UInt16]
    var regionValues: [String] = [""]
    var regionIndex: [String: UInt32] = ["": 0]
    /// Whether the region value is a NUTS code (then region filters match it by prefix).
    var regionIsCode: [Bool] = [false]

    /// Stemmed terms of all text fields, and for each term id its postings in slot order.
    var terms = TermDictionary()
    var postings = PostingStore()
    /// Folded words of names and acronyms (not stemmed, so a prefix typed so far matches), for type-ahead.
    var words = TermDictionary()
    var wordPostings: [[UInt32]] = []

    init(schema: IndexSchema) {
        self.schema = schema
        countryCodes = schema.countryCodes
        countryIndex = Dictionary(schema.countryCodes.enumerated().map { ($1, UInt16($0)) }, uniquingKeysWith: { a, _ in a })
        liveCounts = FacetCounts(schema: schema, countries: schema.countryCodes.count)
        facetSlots = FacetSlots(schema: schema)
    }

    /// Adds a live slot to `liveCounts` (`by: 1`) or takes a dying one out (`by: -1`).
    private mutating func countInFacets(_ slot: UInt32, by delta: Int32) {
        // Moved out while it changes, so the arrays are not copied for the read of `self` the count needs.
        var counts = liveCounts
        liveCounts = FacetCounts.placeholder
        counts.grow(countries: countryCodes.count)
        counts.addAll(Int(slot), self, by: delta)
        liveCounts = counts
    }

    var liveCount: Int { slotByID.count }
    var slotCount: Int { ids.count }

    // MARK: Writing

    /// Adds a document, replacing any earlier version with the same id. `stems` are the term ids of the
    /// analyser that made `f`; `mapping` translates them to this index's term ids and is kept by the caller
    /// across documents of the same analyser, so each distinct term is looked up once.
    mutating func add(_ f: DocumentFeatures, stems: ByteStringTable, mapping: inout [UInt32]) {
        if let old = slotByID[f.hit.id] { kill(old) }
        let slot = UInt32(ids.count)
        ids.append(f.hit.id)
        hits.append(f.hit)
        foldedNames.append(f.foldedName)
        nameKeys.append(f.nameKey)
        staticRanks.append(f.staticRank)
        members.append(f.members)
        created.append(f.created)
        countries.append(internCountry(f.hit.country))
        regions.append(internRegion(f.hit.region))
        regionFacets.append(f.regionFacet)
        types.append(f.type)
        labelMasks.append(f.labelMask)
        sizeBands.append(f.sizeBand)
        infrastructureMasks.append(f.infrastructureMask)
        facetSlots.add(
            slot, country: countries[Int(slot)], type: f.type, taxonomyBits: f.taxonomyBits[...], labelMask: f.labelMask, sizeBand: f.sizeBand,
            infrastructureMask: f.infrastructureMask)
        memberKinds.append(contentsOf: f.memberKinds)
        taxonomyBits.append(contentsOf: f.taxonomyBits)
        fieldLengths.append(contentsOf: f.fieldLengths)
        for i in 0..<Field.count { fieldLengthTotals[i] += Int(f.fieldLengths[i]) }
        alive.insert(slot)
        slotByID[f.hit.id] = slot
        countInFacets(slot, by: 1)

        if mapping.count < stems.count {
            mapping.append(contentsOf: repeatElement(.max, count: stems.count - mapping.count))
        }
        for (local, frequencies) in f.terms {
            var t = mapping[Int(local)]
            if t == .max {
                t = stems.withBytes(local) { terms.intern($0) }
                mapping[Int(local)] = t
                if Int(t) == postings.termCount { postings.addTerm() }
            }
            postings.append(term: Int(t), slot: slot, frequencies: frequencies)
        }
        for word in f.suggestWords {
            let w = Int(words.intern(word))
            if w == wordPostings.count { wordPostings.append([]) }
            wordPostings[w].append(slot)
        }
    }

    /// Removes a document; false when it was not in the index.
    @discardableResult
    mutating func remove(id: Int64) -> Bool {
        guard let slot = slotByID[id] else { return false }
        kill(slot)
        slotByID[id] = nil
        return true
    }

    /// Marks a slot dead. Its postings stay until `compact`; searches skip them through `alive`.
    private mutating func kill(_ slot: UInt32) {
        let s = Int(slot)
        countInFacets(slot, by: -1)
        alive.remove(slot)
        hits[s] = nil
        foldedNames[s] = ""
        for i in 0..<Field.count { fieldLengthTotals[i] -= Int(fieldLengths[s * Field.count + i]) }
        deadCount += 1
    }

    /// Whether to compact: once dead slots are a quarter of all, which amortises a compaction over that
    /// many updates and bounds the work searches spend skipping dead postings (and the drift of document
    /// frequencies).
    var needsCompaction: Bool { deadCount >= 1_024 && deadCount * 4 >= slotCount }

    /// Renumbers live slots densely in their current order (so posting lists stay sorted) and drops the dead.
    mutating func compact() {
        guard deadCount > 0 else { return }
        var remap = [UInt32](repeating: .max, count: slotCount)
        var next: UInt32 = 0
        alive.forEach {
            remap[Int($0)] = next; next += 1
        }
        let live = Int(next)

        func keep<T>(_ column: inout [T], stride: Int = 1) {
            var out: [T] = []
            out.reserveCapacity(live * stride)
            if stride == 1 {
                for slot in 0..<remap.count where remap[slot] != .max { out.append(column[slot]) }
            } else {
                for slot in 0..<remap.count where remap[slot] != .max {
                    out.append(contentsOf: column[slot * stride..<slot * stride + stride])
                }
            }
            column = out
        }
        keep(&ids); keep(&hits); keep(&foldedNames); keep(&nameKeys); keep(&staticRanks); keep(&members)
        keep(&created); keep(&countries); keep(&regions); keep(&regionFacets); keep(&types)
        keep(&labelMasks); keep(&sizeBands); keep(&infrastructureMasks)
        keep(&memberKinds, stride: MemberTotals.kindCount)
        keep(&taxonomyBits, stride: schema.taxonomyStride)
        keep(&fieldLengths, stride: Field.count)

        postings.compact(remap: remap)
        for w in wordPostings.indices {
            wordPostings[w] = wordPostings[w].compactMap { remap[Int($0)] == .max ? nil : remap[Int($0)] }
        }
        alive = Bitset(capacity: live)
        for s in 0..<live { alive.insert(UInt32(s)) }
        slotByID = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, UInt32($0)) })
        deadCount = 0
        facetSlots = rebuiltFacetSlots()
    }

    /// Frees the spare capacity an array keeps after growing by appends (up to half of its memory).
    static func trim<T>(_ list: inout [T]) {
        guard list.capacity > list.count + list.count / 8 + 2 else { return }
        let old = list
        list = [T](unsafeUninitializedCapacity: old.count) { buffer, n in
            _ = buffer.initialize(from: old)
            n = old.count
        }
    }

    /// Called after a bulk build: sorts the term dictionaries once and trims the posting lists.
    mutating func finishBulk() {
        terms.finishBulk()
        words.finishBulk()
        postings.trim()
        for w in wordPostings.indices { Self.trim(&wordPostings[w]) }
    }

    private mutating func internCountry(_ code: String) -> UInt16 {
        if let i = countryIndex[code] { return i }
        // Codes are validated on write; clamping only keeps a flood of bogus ones from trapping.
        let i = UInt16(clamping: countryCodes.count)
        countryCodes.append(code)
        countryIndex[code] = i
        return i
    }

    private mutating func internRegion(_ value: String?) -> UInt32 {
        guard let value, !value.isEmpty else { return 0 }
        if let i = regionIndex[value] { return i }
        let i = UInt32(regionValues.count)
        regionValues.append(value)
        regionIndex[value] = i
        regionIsCode.append(schema.reference.region(value) != nil)
        return i
    }
}

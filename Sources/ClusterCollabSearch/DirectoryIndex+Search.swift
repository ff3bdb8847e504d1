import ClusterCollabCore

/// The words of `q` as the index sees them.
struct QueryText {
    /// Stemmed terms that must each occur exactly, without duplicates.
    var exact: [String] = []
    /// The last word when it has at least 3 letters: it also matches as the start of a term, for people
    /// who have not finished typing ("aero" → aerospace). Both the folded word and its stem are used as
    /// prefixes because the stem is not always a prefix of the word ("industries" → "industry").
    var prefix: (word: String, stem: String)?

    static let minimumPrefixLength = 3

    init(_ text: String) {
        // Elided words and stop words are left out, as in the index, unless they are all the query has: then
        // "the" still looks for words starting with "the" and "AU" for the acronym, not for everything.
        let words = TextFolding.searchedWords(FastFolding.words(text))
        guard let last = words.last else { return }
        var seen = Set<String>()
        for w in words.dropLast() {
            let s = TextFolding.term(w)
            if seen.insert(s).inserted { exact.append(s) }
        }
        if last.count >= Self.minimumPrefixLength {
            prefix = (last, TextFolding.term(last))
        } else {
            let s = TextFolding.term(last)
            if seen.insert(s).inserted { exact.append(s) }
        }
    }

    var isEmpty: Bool { exact.isEmpty && prefix == nil }
}

/// The terms a text query matched, for ranking.
struct MatchedTerms {
    /// Exact terms: their scores add up.
    var exact: [UInt32] = []
    /// The prefix word's expansion with a weight each: a document scores its best expansion only, so a
    /// profile that says "aerospace, aeronautics and aerostructures" does not outrank one named "Aero".
    var expansion: [(term: UInt32, weight: Double)] = []
    /// The word typed so far, if it is a whole term itself; it keeps its own document frequency.
    var prefixTerm: UInt32?
    /// Documents containing some expansion. The other expansions share this document frequency: with
    /// their own, a rare word that happens to start with the letters typed ("aeroponics") would outrank
    /// the common one the person is typing ("aerospace").
    var prefixDocumentFrequency = 0
}

/// A query's filters turned into lookups on the slot columns, each telling which facets a document fails.
struct CompiledFilters {
    private(set) var active: UInt16 = 0
    private var countryAllowed: [Bool] = []
    private var regionAllowed: [Bool] = []
    private var typeMask: UInt8 = 0
    private var taxonomyMask: [UInt64]
    private var labelMask: UInt8 = 0
    private var sizeMask: UInt8 = 0
    private var infrastructureMask: UInt8 = 0
    private var taxonomies: [(kind: FacetKind, offset: Int, words: Int)] = []
    private let stride: Int

    init(_ q: DirectoryQuery, _ state: IndexState) {
        let schema = state.schema
        stride = schema.taxonomyStride
        taxonomyMask = [UInt64](repeating: 0, count: stride)
        if !q.countries.isEmpty {
            active |= FacetKind.country.bit
            countryAllowed = [Bool](repeating: false, count: state.countryCodes.count)
            for c in q.countries { if let i = state.countryIndex[c] { countryAllowed[Int(i)] = true } }
        }
        if !q.regions.isEmpty {
            active |= FacetKind.region.bit
            regionAllowed = [Bool](repeating: false, count: state.regionValues.count)
            let codes = q.regions.filter { schema.reference.region($0) != nil }
            for (i, value) in state.regionValues.enumerated() where i > 0 {
                // NUTS codes nest by prefix (FR1 ⊃ FR10 ⊃ FR101); free-text regions only match themselves.
                regionAllowed[i] =
                    q.regions.contains(value)
                    || (state.regionIsCode[i] && codes.contains { value.hasPrefix($0) })
            }
        }
        if !q.types.isEmpty {
            active |= FacetKind.type.bit
            for t in q.types { typeMask |= 1 << UInt8(OrganisationType.allCases.firstIndex(of: t)!) }
        }
        func taxonomy(_ kind: FacetKind, _ values: [String]) {
            guard !values.isEmpty else { return }
            active |= kind.bit
            let layout = schema.taxonomy(kind)
            layout.set(values, in: &taxonomyMask)
            taxonomies.append((kind, layout.offset, layout.words))
        }
        taxonomy(.sector, q.sectors.map(String.init))
        taxonomy(.ecosystem, q.ecosystems.map(String.init))
        taxonomy(.emerging, q.emergingIndustries.map(String.init))
        taxonomy(.technology, q.technologies)
        if !q.labels.isEmpty {
            active |= FacetKind.label.bit
            for l in q.labels { labelMask |= 1 << UInt8(Analyser.levelIndex(l)) }
        }
        if !q.sizes.isEmpty {
            active |= FacetKind.size.bit
            for z in q.sizes { sizeMask |= 1 << UInt8(SizeBand.allCases.firstIndex(of: z)!) }
        }
        if !q.infrastructures.isEmpty {
            active |= FacetKind.infrastructure.bit
            for k in q.infrastructures { infrastructureMask |= 1 << UInt8(Infrastructure.Kind.allCases.firstIndex(of: k)!) }
        }
    }

    /// The slots passing `kind`'s filter, from the index's facet sets, or nil for the region filter (which
    /// matches NUTS codes by prefix and free-text regions as written, and keeps no sets). Dead slots may be
    /// among them: callers start from `alive`.
    func passing(_ kind: FacetKind, _ s: IndexState) -> Bitset? {
        let sets = s.facetSlots, capacity = s.slotCount
        func bits(_ mask: UInt8) -> [Int] { (0..<8).filter { mask & (1 << UInt8($0)) != 0 } }
        switch kind {
        case .country:
            return FacetSlots.union(sets.country, countryAllowed.indices.filter { countryAllowed[$0] }, capacity: capacity)
        case .region:
            return nil
        case .type:
            return FacetSlots.union(sets.type, bits(typeMask), capacity: capacity)
        case .sector, .ecosystem, .emerging, .technology:
            let layout = s.schema.taxonomy(kind)
            var positions: [Int] = []
            for w in layout.offset..<layout.offset + layout.words {
                var word = taxonomyMask[w]
                while word != 0 {
                    positions.append(w << 6 | word.trailingZeroBitCount)
                    word &= word &- 1
                }
            }
            return FacetSlots.union(sets.taxonomy, positions, capacity: capacity)
        case .label:
            return FacetSlots.union(sets.label, bits(labelMask), capacity: capacity)
        case .size:
            return FacetSlots.union(sets.size, bits(sizeMask), capacity: capacity)
        case .infrastructure:
            return FacetSlots.union(sets.infrastructure, bits(infrastructureMask), capacity: capacity)
        }
    }

    /// The facet bits of the filters `slot` fails (0: it matches them all).
    @inline(__always) func failures(_ slot: Int, _ s: IndexState) -> UInt16 {
        if active == 0 { return 0 }
        var f: UInt16 = 0
        if active & FacetKind.country.bit != 0, !countryAllowed[Int(s.countries[slot])] { f |= FacetKind.country.bit }
        if active & FacetKind.region.bit != 0, !regionAllowed[Int(s.regions[slot])] { f |= FacetKind.region.bit }
        if active & FacetKind.type.bit != 0, typeMask & (1 << s.types[slot]) == 0 { f |= FacetKind.type.bit }
        for t in taxonomies {
            let base = slot * stride + t.offset
            var hit = false
            for w in 0..<t.words where s.taxonomyBits[base + w] & taxonomyMask[t.offset + w] != 0 { hit = true; break }
            if !hit { f |= t.kind.bit }
        }
        if active & FacetKind.label.bit != 0, labelMask & s.labelMasks[slot] == 0 { f |= FacetKind.label.bit }
        if active & FacetKind.size.bit != 0 {
            let z = s.sizeBands[slot]
            if z == IndexSchema.noSize || sizeMask & (1 << z) == 0 { f |= FacetKind.size.bit }
        }
        if active & FacetKind.infrastructure.bit != 0, infrastructureMask & s.infrastructureMasks[slot] == 0 {
            f |= FacetKind.infrastructure.bit
        }
        return f
    }
}

extension IndexState {
    /// One pass over the text matches does everything filter-related: a document failing no filter is a
    /// result and counts in every facet; one failing exactly one filter counts only in that filter's facet
    /// (which ignores its own filter, so people can widen a selection); failing two or more, it counts nowhere.
    func search(_ q: DirectoryQuery) -> DirectoryResult {
        let pass = filter(q)
        let perPage = min(max(q.perPage, 1), DirectoryQuery.maxPerPage)
        let (offset, overflow) = (max(q.page, 1) - 1).multipliedReportingOverflow(by: perPage)
        var items: [DirectoryHit] = []
        // A page of 0 is the counts alone (the map, the statistics): no match is scored or ranked.
        if q.perPage != 0, !overflow, offset < pass.total {
            let scores = pass.text.isEmpty ? nil : score(pass.matched, results: pass.results)
            let page = rank(pass.results, offset: offset, end: min(pass.total, offset + perPage), sort: q.sort, scores: scores)
            items = page.map { slot in
                var hit = hits[Int(slot)]!
                hit.score = scores?[Int(slot)]
                return hit
            }
        }
        return DirectoryResult(total: pass.total, items: items, facets: facets(pass.counts), memberTotals: MemberTotals(sums: pass.counts.memberKinds))
    }

    /// The ids of every match, in the query's order (paging ignored): a download of the whole result.
    func matchingIDs(_ q: DirectoryQuery) -> [Int64] {
        let pass = filter(q)
        guard pass.total > 0 else { return [] }
        let scores = pass.text.isEmpty ? nil : score(pass.matched, results: pass.results)
        return rank(pass.results, offset: 0, end: pass.total, sort: q.sort, scores: scores).map { ids[Int($0)] }
    }

    /// The matches of a query's text and filters, with the facet counts and what ranking needs.
    private func filter(_ q: DirectoryQuery) -> (text: QueryText, matched: MatchedTerms, results: Bitset, total: Int, counts: FacetCounts) {
        let text = QueryText(q.text)
        var candidates = alive
        var matched = MatchedTerms()
        if !text.isEmpty { matched = matchText(text, into: &candidates) }

        let filters = CompiledFilters(q, self)
        var counts: FacetCounts
        var results: Bitset
        var total = 0
        let matches = filters.active == 0 ? candidates.count : 0
        if filters.active == 0, matches * 2 > liveCount {
            // Without filters every match counts in every facet. When the matches are most of the directory
            // (a broad word, or no text at all), counting the rest and taking it from the whole directory's
            // counts gives the same numbers for a fraction of the work.
            total = matches
            results = candidates
            counts = liveCounts
            counts.grow(countries: countryCodes.count)
            alive.forEach(andNot: candidates) { counts.addAll(Int($0), self, by: -1) }
        } else {
            counts = FacetCounts(self)
            results = Bitset(capacity: slotCount)
            func visit(_ slot: UInt32) {
                let s = Int(slot)
                let fails = filters.failures(s, self)
                if fails == 0 {
                    results.words[s >> 6] |= 1 << UInt64(s & 63)
                    total += 1
                    counts.addAll(s, self)
                } else if fails & (fails &- 1) == 0 {
                    counts.add(FacetKind(rawValue: fails.trailingZeroBitCount)!, s, self)
                }
            }
            let kinds = FacetKind.allCases.filter { filters.active & $0.bit != 0 }
            let passing = kinds.compactMap { kind in filters.passing(kind, self).map { (kind: kind, slots: $0) } }
            if passing.isEmpty {
                candidates.forEach(visit)
            } else {
                // Only documents failing at most one filter count anywhere, so the work is bounded by the
                // filters' own sets rather than by the directory: the matches of every filter the index keeps
                // sets for (then checked against the others), and for each such filter the documents that
                // pass all the others and fail it.
                var all = candidates
                for p in passing { all.formIntersection(p.slots) }
                all.forEach(visit)
                let exact = passing.count == kinds.count
                for (i, p) in passing.enumerated() {
                    var others = candidates
                    for (j, q) in passing.enumerated() where j != i { others.formIntersection(q.slots) }
                    if exact, text.isEmpty, others.count * 2 > liveCount {
                        // Most of the directory passes the other filters (one filter alone passes everything):
                        // this facet's counts are the whole directory's minus the few outside.
                        counts.copy(p.kind, from: liveCounts, schema: schema)
                        alive.forEach(andNot: others) { counts.add(p.kind, Int($0), self, by: -1) }
                    } else {
                        others.forEach(andNot: p.slots) { slot in
                            if filters.failures(Int(slot), self) == p.kind.bit { counts.add(p.kind, Int(slot), self) }
                        }
                    }
                }
            }
        }

        return (text, matched, results, total, counts)
    }

    /// Narrows `candidates` to the documents containing every exact term and some expansion of the prefix.
    private func matchText(_ text: QueryText, into candidates: inout Bitset) -> MatchedTerms {
        var matched = MatchedTerms()
        for term in text.exact {
            guard let id = terms.id(term), postings.counts[Int(id)] > 0 else {
                candidates = Bitset(capacity: slotCount)
                return MatchedTerms()
            }
            matched.exact.append(id)
        }
        for id in matched.exact {
            candidates.formIntersection(bits(of: [id]))
        }
        if let prefix = text.prefix {
            var expansion = Array(terms.ids(withPrefix: prefix.stem))
            if !prefix.word.hasPrefix(prefix.stem) {
                let seen = Set(expansion)
                expansion += terms.ids(withPrefix: prefix.word).filter { !seen.contains($0) }
            }
            let exactID = terms.id(prefix.stem)
            // A whole-word match outranks a word merely starting with what was typed.
            matched.expansion = expansion.map { ($0, $0 == exactID ? 1.0 : 0.8) }
            matched.prefixTerm = exactID
            var union = bits(of: expansion)
            union.formIntersection(alive)
            matched.prefixDocumentFrequency = union.count
            candidates.formIntersection(union)
        }
        return matched
    }

    /// The union of some terms' postings, live or not (callers intersect with `alive`).
    private func bits(of ids: [UInt32]) -> Bitset {
        var b = Bitset(capacity: slotCount)
        b.words.withUnsafeMutableBufferPointer { w in
            for id in ids { postings.addSlots(of: Int(id), to: w) }
        }
        return b
    }
}

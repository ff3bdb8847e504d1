import ClusterCollabCore

/// Facet counts of one search, as flat integer arrays indexed like the slot columns' small codes.
struct FacetCounts {
    var country: [Int32]
    var region: [Int32]
    var type: [Int32]
    /// Bit position (`TaxonomyLayout.offset * 64 + bit`) to count, for all four taxonomies at once.
    var taxonomy: [Int32]
    var label: [Int32]
    var size: [Int32]
    var infrastructure: [Int32]
    /// Member companies by kind over the documents counted in every facet (the matches).
    var memberKinds: [Int64]
    private let stride: Int

    init(_ state: IndexState) { self.init(schema: state.schema, countries: state.countryCodes.count) }

    init(schema: IndexSchema, countries: Int) {
        country = [Int32](repeating: 0, count: countries)
        region = [Int32](repeating: 0, count: schema.nuts2Codes.count)
        type = [Int32](repeating: 0, count: OrganisationType.allCases.count)
        stride = schema.taxonomyStride
        taxonomy = [Int32](repeating: 0, count: stride * 64)
        label = [Int32](repeating: 0, count: ClusterLabel.Level.allCases.count)
        size = [Int32](repeating: 0, count: SizeBand.allCases.count)
        infrastructure = [Int32](repeating: 0, count: Infrastructure.Kind.allCases.count)
        memberKinds = [Int64](repeating: 0, count: MemberTotals.kindCount)
    }

    /// Holds nothing: a stand-in while the real counts are out being changed (see `IndexState.liveCounts`).
    static let placeholder = FacetCounts()

    private init() {
        country = []; region = []; type = []; taxonomy = []; label = []; size = []; infrastructure = []; memberKinds = []
        stride = 0
    }

    /// Room for countries interned after these counts were made.
    mutating func grow(countries: Int) {
        if country.count < countries { country.append(contentsOf: repeatElement(0, count: countries - country.count)) }
    }

    /// Counts a document in every facet (it matches all filters); `by: -1` takes it out again.
    @inline(__always) mutating func addAll(_ slot: Int, _ s: IndexState, by delta: Int32 = 1) {
        country[Int(s.countries[slot])] += delta
        let r = s.regionFacets[slot]
        if r != IndexSchema.noRegionFacet { region[Int(r)] += delta }
        type[Int(s.types[slot])] += delta
        let base = slot * stride
        for w in 0..<stride {
            var word = s.taxonomyBits[base + w]
            while word != 0 {
                taxonomy[w << 6 | word.trailingZeroBitCount] += delta
                word &= word &- 1
            }
        }
        var m = s.labelMasks[slot]
        while m != 0 {
            label[m.trailingZeroBitCount] += delta
            m &= m &- 1
        }
        let z = s.sizeBands[slot]
        if z != IndexSchema.noSize { size[Int(z)] += delta }
        var i = s.infrastructureMasks[slot]
        while i != 0 {
            infrastructure[i.trailingZeroBitCount] += delta
            i &= i &- 1
        }
        let kinds = slot * MemberTotals.kindCount
        for k in 0..<MemberTotals.kindCount { memberKinds[k] += Int64(delta) * Int64(s.memberKinds[kinds + k]) }
    }

    /// Counts a document in one facet only (it fails that facet's filter and matches the others); `by: -1`
    /// takes it out again.
    mutating func add(_ kind: FacetKind, _ slot: Int, _ s: IndexState, by delta: Int32 = 1) {
        switch kind {
        case .country:
            country[Int(s.countries[slot])] += delta
        case .region:
            let r = s.regionFacets[slot]
            if r != IndexSchema.noRegionFacet { region[Int(r)] += delta }
        case .type:
            type[Int(s.types[slot])] += delta
        case .sector, .ecosystem, .emerging, .technology:
            let layout = s.schema.taxonomy(kind)
            let base = slot * stride
            for w in layout.offset..<layout.offset + layout.words {
                var word = s.taxonomyBits[base + w]
                while word != 0 {
                    taxonomy[w << 6 | word.trailingZeroBitCount] += delta
                    word &= word &- 1
                }
            }
        case .label:
            var m = s.labelMasks[slot]
            while m != 0 {
                label[m.trailingZeroBitCount] += delta
                m &= m &- 1
            }
        case .size:
            let z = s.sizeBands[slot]
            if z != IndexSchema.noSize { size[Int(z)] += delta }
        case .infrastructure:
            var i = s.infrastructureMasks[slot]
            while i != 0 {
                infrastructure[i.trailingZeroBitCount] += delta
                i &= i &- 1
            }
        }
    }

    /// Takes one facet's counts from `other` (the whole directory's), leaving the other facets as they are.
    mutating func copy(_ kind: FacetKind, from other: FacetCounts, schema: IndexSchema) {
        switch kind {
        case .country:
            let n = country.count
            country = other.country
            grow(countries: n)
        case .region: region = other.region
        case .type: type = other.type
        case .sector, .ecosystem, .emerging, .technology:
            let layout = schema.taxonomy(kind)
            let range = layout.offset * 64..<(layout.offset + layout.words) * 64
            taxonomy.replaceSubrange(range, with: other.taxonomy[range])
        case .label: label = other.label
        case .size: size = other.size
        case .infrastructure: infrastructure = other.infrastructure
        }
    }

}

extension IndexState {
    /// At most this many region values: a search over all of Europe touches some 240 NUTS 2 regions, more
    /// than a page can usefully list.
    static let regionFacetLimit = 100

    /// The ten facets with labels, each sorted by count (descending) then label.
    func facets(_ counts: FacetCounts) -> [DirectoryFacet] {
        let schema = self.schema
        func values(_ counts: ArraySlice<Int32>, limit: Int = .max, _ describe: (Int) -> (String, String)) -> [FacetValue] {
            var out: [FacetValue] = []
            for (i, n) in zip(counts.indices, counts) where n > 0 {
                let (value, label) = describe(i - counts.startIndex)
                out.append(FacetValue(value: value, label: label, count: Int(n)))
            }
            out.sort { a, b in
                if a.count != b.count { return a.count > b.count }
                if a.label != b.label { return a.label < b.label }
                return a.value < b.value
            }
            if out.count > limit { out.removeLast(out.count - limit) }
            return out
        }
        func taxonomy(_ kind: FacetKind) -> DirectoryFacet {
            let layout = schema.taxonomy(kind)
            let start = layout.offset * 64
            let slice = counts.taxonomy[start..<start + layout.ids.count]
            return DirectoryFacet(name: kind.name, values: values(slice) { (layout.ids[$0], layout.names[$0]) })
        }
        let types = OrganisationType.allCases
        let levels = ClusterLabel.Level.allCases
        let bands = SizeBand.allCases
        let kinds = Infrastructure.Kind.allCases
        return [
            DirectoryFacet(
                name: FacetKind.country.name,
                values: values(counts.country[...]) { i in
                    (countryCodes[i], i < schema.countryNames.count ? schema.countryNames[i] : countryCodes[i])
                }),
            DirectoryFacet(
                name: FacetKind.region.name,
                values: values(counts.region[...], limit: Self.regionFacetLimit) { i in
                    (schema.nuts2Codes[i], schema.nuts2Names[i])
                }),
            DirectoryFacet(name: FacetKind.type.name, values: values(counts.type[...]) { (types[$0].rawValue, types[$0].label) }),
            taxonomy(.sector),
            taxonomy(.ecosystem),
            taxonomy(.emerging),
            taxonomy(.technology),
            DirectoryFacet(
                name: FacetKind.label.name,
                values: values(counts.label[...]) { i in
                    (levels[i].rawValue, "ESCA \(levels[i].rawValue.capitalized)")
                }),
            DirectoryFacet(name: FacetKind.size.name, values: values(counts.size[...]) { (bands[$0].rawValue, bands[$0].label) }),
            DirectoryFacet(
                name: FacetKind.infrastructure.name,
                values: values(counts.infrastructure[...]) { (kinds[$0].code, kinds[$0].label) }),
        ]
    }
}

import ClusterCollabCore

/// The facets, in the order of `DirectoryFacet.names`; the raw value is the facet's bit in filter masks.
enum FacetKind: Int, CaseIterable, Sendable {
    case country, region, type, sector, ecosystem, emerging, technology, label, size, infrastructure

    var name: String { DirectoryFacet.names[rawValue] }
    var bit: UInt16 { 1 << UInt16(rawValue) }
}

/// The searchable fields, each with its own BM25 weight and length normalisation.
enum Field: Int, CaseIterable, Sendable {
    case name, acronym, tags, s3Priorities, infrastructures, description

    static let count = 6

    /// BM25F weights: the name says what an organisation is; tags and S3 priorities are chosen keywords;
    /// infrastructures are concrete offers; the description is long and says many things in passing.
    static let weights: [Double] = [3.0, 3.0, 2.0, 2.0, 1.5, 1.0]
}

/// Per-field counts of one term in one document, packed into one `UInt32`: 4 bits for each short field
/// (more than 15 repeats of a word in a name add nothing) and 8 bits for the description. BM25F needs the
/// counts per field; `PostingStore` usually stores them in a single byte.
enum TermFrequencies {
    /// Field f's count starts at bit 4f.
    @inline(__always) static func shift(_ field: Int) -> UInt32 { UInt32(field) << 2 }
    @inline(__always) static func mask(_ field: Int) -> UInt32 { field == Field.count - 1 ? 255 : 15 }

    @inline(__always) static func adding(_ field: Field, to packed: UInt32) -> UInt32 {
        let f = field.rawValue
        return count(f, in: packed) == mask(f) ? packed : packed + (1 << shift(f))
    }

    @inline(__always) static func count(_ field: Int, in packed: UInt32) -> UInt32 {
        (packed >> shift(field)) & mask(field)
    }

    /// The packed form of a one-byte posting code: field in the high 3 bits, count in the low 5.
    @inline(__always) static func packed(_ code: UInt8) -> UInt32 {
        UInt32(code & 31) << shift(Int(code >> 5))
    }
}

/// A multi-valued taxonomy facet (sectors, ecosystems, emerging industries, technologies) as bit positions:
/// each document holds `words` 64-bit words for it, so filtering is an AND and counting walks set bits.
struct TaxonomyLayout: Sendable {
    /// Reference ids in bit order.
    let ids: [String]
    let names: [String]
    let bitByID: [String: Int]
    /// Where this taxonomy's words start within a document's taxonomy words.
    let offset: Int
    let words: Int

    init(entries: [TaxonomyEntry], offset: Int) {
        ids = entries.map(\.id)
        names = entries.map(\.name)
        bitByID = Dictionary(entries.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.offset = offset
        words = max(1, (entries.count + 63) / 64)
    }

    /// Sets the bits of `values` in `bits` (a document's or a filter's words); values not in the reference
    /// list are left out, as they can be neither filtered on nor labelled.
    func set(_ values: some Sequence<String>, in bits: inout [UInt64], base: Int = 0) {
        for v in values {
            if let b = bitByID[v] { bits[base + offset + (b >> 6)] |= 1 << UInt64(b & 63) }
        }
    }
}

/// What the index derives once from the reference data: taxonomy bit layouts, country and NUTS 2 tables.
struct IndexSchema: Sendable {
    let reference: ReferenceData
    let sectors: TaxonomyLayout
    let ecosystems: TaxonomyLayout
    let emerging: TaxonomyLayout
    let technologies: TaxonomyLayout
    /// 64-bit words per document for all four taxonomies.
    let taxonomyStride: Int
    /// Reference countries first, in file order; the index appends unknown codes after them.
    let countryCodes: [String]
    let countryNames: [String]
    /// NUTS 2 regions (the region facet's values) and, for every region code of level 2 or deeper, the
    /// index of the NUTS 2 region it lies in.
    let nuts2Codes: [String]
    let nuts2Names: [String]
    let nuts2ByRegion: [String: UInt16]

    static let noRegionFacet = UInt16.max
    static let noSize = UInt8.max

    init(reference: ReferenceData) {
        self.reference = reference
        sectors = TaxonomyLayout(entries: reference.sectors, offset: 0)
        ecosystems = TaxonomyLayout(entries: reference.ecosystems, offset: sectors.offset + sectors.words)
        emerging = TaxonomyLayout(entries: reference.emergingIndustries, offset: ecosystems.offset + ecosystems.words)
        technologies = TaxonomyLayout(entries: reference.technologies, offset: emerging.offset + emerging.words)
        taxonomyStride = technologies.offset + technologies.words
        countryCodes = reference.countries.map(\.code)
        countryNames = reference.countries.map(\.name)
        let level2 = reference.regions.filter { $0.level == 2 }
        nuts2Codes = level2.map(\.code)
        nuts2Names = level2.map(\.name)
        let indexByCode = Dictionary(level2.enumerated().map { ($1.code, UInt16($0)) }, uniquingKeysWith: { a, _ in a })
        var byRegion: [String: UInt16] = [:]
        for r in reference.regions where r.level >= 2 {
            if let n2 = reference.nuts2(of: r.code), let i = indexByCode[n2.code] { byRegion[r.code] = i }
        }
        nuts2ByRegion = byRegion
    }

    func taxonomy(_ kind: FacetKind) -> TaxonomyLayout {
        switch kind {
        case .sector: sectors
        case .ecosystem: ecosystems
        case .emerging: emerging
        default: technologies
        }
    }
}

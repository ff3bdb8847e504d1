import ClusterCollabCore
import Foundation

/// The order of the directory's results. The raw values are the `sort` parameter's values.
public enum DirectorySort: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
    /// Best text match first (BM25 over the profile's fields); without text, the static rank (labels, members).
    case relevance
    /// Name A to Z, ignoring case and accents.
    case name
    /// Most members first; profiles without a member count last.
    case members
    /// Most recently created first.
    case newest

    /// Every value, for error messages that list the allowed values.
    public static let codes = allCases.map(\.rawValue).joined(separator: ", ")
}

/// A directory search as the public pages and the API ask for it: text, facet filters, order and page.
///
/// Within one filter the values are OR-ed (country FR or DE), across filters AND-ed (FR or DE, and gold).
public struct DirectoryQuery: Sendable, Equatable {
    /// The `q` parameter; may be empty.
    public var text: String
    /// ISO 3166 alpha-2 codes.
    public var countries: [String]
    /// NUTS codes; a region matches organisations in it or in any region inside it (FR1 matches FR10 and FR101).
    public var regions: [String]
    /// Organisation types.
    public var types: [OrganisationType]
    /// Cluster sector ids (1 to 51).
    public var sectors: [Int]
    /// Industrial ecosystem ids.
    public var ecosystems: [Int]
    /// Emerging industry ids.
    public var emergingIndustries: [Int]
    /// Key enabling technology ids such as `KET2009-5`.
    public var technologies: [String]
    /// Excellence label levels; an organisation matches when it holds a label of one of them.
    public var labels: [ClusterLabel.Level]
    /// Member-size bands; organisations without a member count match none.
    public var sizes: [SizeBand]
    /// Kinds of innovation infrastructure; an organisation matches when it offers one of them.
    public var infrastructures: [Infrastructure.Kind]
    /// The order of the results.
    public var sort: DirectorySort
    /// 1-based (the index reads values below 1 as 1); parsed pages start at most `PageBounds.maxOffset` deep.
    public var page: Int
    /// 1 to `DirectoryQuery.maxPerPage` (the index clamps other values into that range).
    public var perPage: Int

    /// Longest accepted `q`, in characters: longer text is a pasted document, not a search.
    public static let maxTextLength = 200
    /// Largest accepted `per_page`.
    public static let maxPerPage = 100
    /// Most distinct values one facet filter may hold; more is refused (422 naming the facet).
    public static let maxValuesPerFacet = 50
    /// `per_page` when the request does not say.
    public static let defaultPerPage = 20

    /// A query; every part defaults to "no restriction", relevance order, first page of 20.
    public init(
        text: String = "", countries: [String] = [], regions: [String] = [],
        types: [OrganisationType] = [], sectors: [Int] = [], ecosystems: [Int] = [],
        emergingIndustries: [Int] = [], technologies: [String] = [],
        labels: [ClusterLabel.Level] = [], sizes: [SizeBand] = [], infrastructures: [Infrastructure.Kind] = [],
        sort: DirectorySort = .relevance, page: Int = 1, perPage: Int = DirectoryQuery.defaultPerPage
    ) {
        self.text = text; self.countries = countries; self.regions = regions; self.types = types
        self.sectors = sectors; self.ecosystems = ecosystems; self.emergingIndustries = emergingIndustries
        self.technologies = technologies; self.labels = labels; self.sizes = sizes
        self.infrastructures = infrastructures
        self.sort = sort; self.page = page; self.perPage = perPage
    }

    /// Whether any facet filter is set (text, order and page aside).
    public var hasFilters: Bool {
        !(countries.isEmpty && regions.isEmpty && types.isEmpty && sectors.isEmpty && ecosystems.isEmpty
            && emergingIndustries.isEmpty && technologies.isEmpty && labels.isEmpty && sizes.isEmpty
            && infrastructures.isEmpty)
    }

    /// Reads the query from URL parameters (names and values already percent-decoded).
    ///
    /// Parameters: `q, country, region, type, sector, ecosystem, emerging, technology, label, size, infrastructure, sort, page,
    /// per_page`. A filter may repeat and may hold comma-separated values (duplicates count once, at most
    /// `maxValuesPerFacet` per filter); empty values (the same as the parameter being absent) and unknown parameter
    /// names are ignored, so that hand-edited and form-built URLs both work. Every broken parameter is
    /// reported at once: `malformed` errors (not a number where one is needed) are HTTP 400, the others
    /// (a code that does not exist, a number out of range) HTTP 422.
    public static func parse(_ pairs: [(String, String)], reference: ReferenceData) throws(DirectoryQueryError) -> DirectoryQuery {
        var query = DirectoryQuery()
        var errors = DirectoryQueryError()
        var texts: [String] = []
        var lists: [String: [String]] = [:]
        var seen: Set<String> = []
        var singles: [String: String] = [:]
        for (name, raw) in pairs {
            switch name {
            case "q":
                let t = raw.trimmingCharacters(in: .whitespacesAndNewlines)
                if !t.isEmpty { texts.append(t) }
            case "country", "region", "type", "sector", "ecosystem", "emerging", "technology", "label", "size", "infrastructure":
                for part in raw.split(separator: ",") {
                    let v = part.trimmingCharacters(in: .whitespaces)
                    if !v.isEmpty, seen.insert(name + "=" + v).inserted { lists[name, default: []].append(v) }
                }
            case "sort", "page", "per_page":
                // The last value wins, as in most web frameworks, so a link can override a form field.
                let v = raw.trimmingCharacters(in: .whitespaces)
                if !v.isEmpty { singles[name] = v }
            default:
                continue
            }
        }

        query.text = texts.joined(separator: " ")
        if query.text.count > maxTextLength {
            errors.add("q", "must be at most \(maxTextLength) characters (it has \(query.text.count))")
        }

        // A facet holds at most `maxValuesPerFacet` distinct values: more is not a search a person makes, and
        // every value costs a link on the directory page.
        for (name, values) in lists where values.count > maxValuesPerFacet {
            errors.add(name, "must list at most \(maxValuesPerFacet) different values (it has \(values.count))")
            lists[name] = []
        }

        func codes<T>(_ name: String, _ rule: String, _ convert: (String) -> T?) -> [T] {
            var out: [T] = []
            for v in lists[name] ?? [] {
                if let c = convert(v) { out.append(c) } else { errors.add(name, "\(rule); \(v) is not one") }
            }
            return out
        }
        func ids(_ name: String, _ what: String, _ entries: [TaxonomyEntry], _ known: (Int) -> Bool) -> [Int] {
            var out: [Int] = []
            for v in lists[name] ?? [] {
                guard let n = Int(v) else {
                    errors.add(name, "must be whole-number \(what) ids; \(v) is not a number", malformed: true)
                    continue
                }
                if known(n) {
                    out.append(n)
                } else {
                    errors.add(name, "must be \(what) ids from \(idRange(entries)); \(n) is not one")
                }
            }
            return out
        }

        query.countries = codes("country", "must be ISO 3166 alpha-2 country codes such as FR, DE or GR") {
            let c = $0.uppercased(); return reference.country(c) == nil ? nil : c
        }
        query.regions = codes("region", "must be NUTS 2024 region codes such as FR10, FR101 or DE21") {
            let c = $0.uppercased(); return reference.region(c) == nil ? nil : c
        }
        query.types = codes("type", "must be one of: \(OrganisationType.codes)") {
            OrganisationType(rawValue: $0.lowercased())
        }
        query.sectors = ids("sector", "cluster sector", reference.sectors) { reference.sector($0) != nil }
        query.ecosystems = ids("ecosystem", "industrial ecosystem", reference.ecosystems) { reference.ecosystem($0) != nil }
        query.emergingIndustries = ids("emerging", "emerging industry", reference.emergingIndustries) {
            reference.emergingIndustry($0) != nil
        }
        let technologyIDs = reference.technologies.map(\.id).joined(separator: ", ")
        query.technologies = codes("technology", "must be key enabling technology ids, one of: \(technologyIDs)") {
            let c = $0.uppercased(); return reference.technology(c) == nil ? nil : c
        }
        query.labels = codes("label", "must be one of: \(ClusterLabel.Level.allCases.map(\.rawValue).joined(separator: ", "))") {
            ClusterLabel.Level(rawValue: $0.lowercased())
        }
        query.sizes = codes("size", "must be one of: \(SizeBand.codes)") { SizeBand(rawValue: $0.lowercased()) }
        query.infrastructures = codes("infrastructure", "must be one of: \(Infrastructure.Kind.codes)") { Infrastructure.Kind(code: $0) }

        if let s = singles["sort"] {
            if let sort = DirectorySort(rawValue: s.lowercased()) {
                query.sort = sort
            } else {
                errors.add("sort", "must be one of: \(DirectorySort.codes); \(s) is not one")
            }
        }
        if let p = singles["per_page"] {
            let rule = "must be a whole number from 1 to \(maxPerPage)"
            if let n = Int(p) {
                if (1...maxPerPage).contains(n) { query.perPage = n } else { errors.add("per_page", rule) }
            } else {
                errors.add("per_page", rule, malformed: true)
            }
        }
        if let p = singles["page"] {
            // Bounded with checked arithmetic: the index multiplies it by per_page.
            if let n = Int(p) {
                if PageBounds.offset(page: n, perPage: query.perPage) != nil { query.page = n } else { errors.add("page", PageBounds.rule) }
            } else {
                errors.add("page", PageBounds.rule, malformed: true)
            }
        }
        if !errors.fields.isEmpty { throw errors }
        return query
    }

    /// The query as URL parameters, only the parts that differ from the defaults, in a fixed order; the
    /// inverse of `parse`. For links that keep the current search while changing one part (a facet, a page).
    public var parameters: [(String, String)] {
        var out: [(String, String)] = []
        if !text.isEmpty { out.append(("q", text)) }
        func add(_ name: String, _ values: [String]) { for v in values { out.append((name, v)) } }
        add("country", countries)
        add("region", regions)
        add("type", types.map(\.rawValue))
        add("sector", sectors.map(String.init))
        add("ecosystem", ecosystems.map(String.init))
        add("emerging", emergingIndustries.map(String.init))
        add("technology", technologies)
        add("label", labels.map(\.rawValue))
        add("size", sizes.map(\.rawValue))
        add("infrastructure", infrastructures.map(\.code))
        if sort != .relevance { out.append(("sort", sort.rawValue)) }
        if page != 1 { out.append(("page", String(page))) }
        if perPage != DirectoryQuery.defaultPerPage { out.append(("per_page", String(perPage))) }
        return out
    }

    /// "1 to 51" for the usual contiguous taxonomies, otherwise the list of ids.
    private static func idRange(_ entries: [TaxonomyEntry]) -> String {
        let ids = entries.compactMap { Int($0.id) }.sorted()
        guard let first = ids.first, let last = ids.last else { return "the reference list" }
        if last - first + 1 == ids.count { return "\(first) to \(last)" }
        return ids.map(String.init).joined(separator: ", ")
    }
}

/// Why a directory query was refused: each parameter with the rule it breaks, in words a person can read.
///
/// `malformed` is true when some value could not be read at all (a page that is not a number): the web layer
/// answers 400. Otherwise every value was readable but broke a rule (an unknown country code): 422.
public struct DirectoryQueryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// True when at least one value could not be parsed (HTTP 400); false for broken rules only (HTTP 422).
    public var malformed: Bool
    /// Parameter name to the rule it breaks, e.g. `"page": "must be a whole number of 1 or more"`.
    public var fields: [String: String]

    /// An error from its parts.
    public init(malformed: Bool = false, fields: [String: String] = [:]) {
        self.malformed = malformed
        self.fields = fields
    }

    /// Records a broken rule; the first message per parameter is kept, so each gets one clear message.
    mutating func add(_ field: String, _ rule: String, malformed: Bool = false) {
        if fields[field] == nil { fields[field] = rule }
        if malformed { self.malformed = true }
    }

    /// "page: must be …; sort: must be …", sorted by parameter, for logs.
    public var description: String {
        fields.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
    }
}

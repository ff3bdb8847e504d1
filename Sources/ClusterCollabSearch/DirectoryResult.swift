import ClusterCollabCore
import Foundation

/// One page of a directory search: how many organisations match in all, the page's items and the facets.
public struct DirectoryResult: Sendable, Equatable, Codable {
    /// Every match, not just this page.
    public var total: Int
    /// The requested page, in the requested order.
    public var items: [DirectoryHit]
    /// Always the ten facets, in the order of `DirectoryFacet.names` (a facet may have no values).
    public var facets: [DirectoryFacet]
    /// The member companies of every match, by kind, summed: the statistics' "members by kind".
    public var memberTotals: MemberTotals

    /// A result from its parts.
    public init(total: Int, items: [DirectoryHit], facets: [DirectoryFacet], memberTotals: MemberTotals = MemberTotals()) {
        self.total = total; self.items = items; self.facets = facets; self.memberTotals = memberTotals
    }

    public enum CodingKeys: String, CodingKey {
        case total, items, facets
        case memberTotals = "member_totals"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        total = try c.decode(Int.self, forKey: .total)
        items = try c.decode([DirectoryHit].self, forKey: .items)
        facets = try c.decode([DirectoryFacet].self, forKey: .facets)
        memberTotals = try c.decodeIfPresent(MemberTotals.self, forKey: .memberTotals) ?? MemberTotals()
    }

    /// The facet with this name (`country`, `region`, …), if present.
    public func facet(_ name: String) -> DirectoryFacet? { facets.first { $0.name == name } }
}

/// What a directory listing shows of an organisation: enough for a result card and its link, nothing private.
public struct DirectoryHit: Sendable, Equatable, Codable {
    /// The organisation's database id.
    public var id: Int64
    /// Its URL name.
    public var slug: String
    /// Its name as written.
    public var name: String
    /// Its acronym, if any.
    public var acronym: String?
    /// What kind of organisation it is.
    public var type: OrganisationType
    /// ISO 3166 alpha-2.
    public var country: String
    /// NUTS code, or free text for countries without region codes.
    public var region: String?
    /// The city, if given.
    public var city: String?
    /// Total members, if known.
    public var membersTotal: Int?
    /// Excellence labels such as "ESCA Gold 2019".
    public var labels: [ClusterLabel]
    /// When the profile last changed, for cache validation.
    public var updatedAt: Date
    /// The relevance score when the query had text (higher is better); nil otherwise.
    public var score: Double?

    /// A hit from its parts.
    public init(
        id: Int64, slug: String, name: String, acronym: String? = nil, type: OrganisationType,
        country: String, region: String? = nil, city: String? = nil, membersTotal: Int? = nil,
        labels: [ClusterLabel] = [], updatedAt: Date, score: Double? = nil
    ) {
        self.id = id; self.slug = slug; self.name = name; self.acronym = acronym; self.type = type
        self.country = country; self.region = region; self.city = city; self.membersTotal = membersTotal
        self.labels = labels; self.updatedAt = updatedAt; self.score = score
    }

    /// The listing fields of a profile (score unset).
    public init(_ organisation: Organisation) {
        self.init(
            id: organisation.id, slug: organisation.slug, name: organisation.name,
            acronym: organisation.acronym, type: organisation.type, country: organisation.country,
            region: organisation.region, city: organisation.city, membersTotal: organisation.members.total,
            labels: organisation.labels, updatedAt: organisation.updatedAt)
    }

    /// Snake case like `Organisation`'s keys, so the API uses one vocabulary.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case id, slug, name, acronym, type, country, region, city
        case membersTotal = "members_total"
        case labels
        case updatedAt = "updated_at"
        case score
    }
}

/// The values of one facet with how many matches each would give.
public struct DirectoryFacet: Sendable, Equatable, Codable {
    /// `country`, `region`, `type`, `sector`, `ecosystem`, `emerging`, `technology`, `label` or `size`: the
    /// query parameter that filters on it.
    public var name: String
    /// Most frequent first, then by label.
    public var values: [FacetValue]

    /// A facet from its parts.
    public init(name: String, values: [FacetValue]) { self.name = name; self.values = values }

    /// Every facet name, in the order `DirectoryResult.facets` lists them.
    public static let names = ["country", "region", "type", "sector", "ecosystem", "emerging", "technology", "label", "size", "infrastructure"]

    /// The value with this code, if it has any matches.
    public func value(_ code: String) -> FacetValue? { values.first { $0.value == code } }
}

/// One value of a facet: the code to put in the query parameter, the words to show and the count.
public struct FacetValue: Sendable, Equatable, Codable {
    /// The parameter value: a country or region code, a type code, a taxonomy id, a label level, a size band.
    public var value: String
    /// The words a person reads ("France", "Cluster organisation", "ESCA Gold").
    public var label: String
    /// Matches of the current search with this value, ignoring the facet's own filter.
    public var count: Int

    /// A value from its parts.
    public init(value: String, label: String, count: Int) { self.value = value; self.label = label; self.count = count }
}

/// Member companies summed over a search's matches, by kind, as profiles state them (a profile that gives
/// no breakdown adds nothing). The kinds are `MemberCounts`'s, total aside.
public struct MemberTotals: Sendable, Equatable, Codable {
    public var sme: Int
    public var large: Int
    public var research: Int
    public var university: Int
    public var publicBodies: Int
    public var other: Int

    public init(sme: Int = 0, large: Int = 0, research: Int = 0, university: Int = 0, publicBodies: Int = 0, other: Int = 0) {
        self.sme = sme; self.large = large; self.research = research; self.university = university
        self.publicBodies = publicBodies; self.other = other
    }

    /// The kinds in the order the index stores them: the JSON key and the count.
    public var kinds: [(key: String, count: Int)] {
        [("sme", sme), ("large", large), ("research", research), ("university", university), ("public_bodies", publicBodies), ("other", other)]
    }

    /// How many kinds the index keeps per document.
    static let kindCount = 6

    /// The values of a profile, in `kinds` order, each clamped to 32 bits (counts are validated far lower).
    static func values(_ m: MemberCounts) -> [Int32] {
        [m.sme, m.large, m.research, m.university, m.publicBodies, m.other].map { Int32(clamping: max(0, $0 ?? 0)) }
    }

    init(sums: [Int64]) {
        func at(_ i: Int) -> Int { Int(clamping: sums[i]) }
        self.init(sme: at(0), large: at(1), research: at(2), university: at(3), publicBodies: at(4), other: at(5))
    }

    public enum CodingKeys: String, CodingKey {
        case sme, large, research, university
        case publicBodies = "public_bodies"
        case other
    }
}

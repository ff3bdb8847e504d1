import ClusterCollabCore
import ClusterCollabText
import Foundation

/// One eligibility rule of a call, as data (PRODUCT.md capability 6): administrators write rules in JSON,
/// `Eligibility.evaluate` checks a consortium against them, and the call page lists them in words.
///
/// A struct around `Condition` rather than a bare enum so that the JSON shape, the wording and the checks
/// live with the rule, and so that the list of conditions can grow without changing how rules are stored.
/// JSON shapes:
///
///     {"rule": "min_members", "value": 3}
///     {"rule": "min_countries", "value": 3}
///     {"rule": "allowed_countries", "countries": ["FR", "DE"]}
///     {"rule": "allowed_countries", "set": "EU"}            (or "EU+COSME")
///     {"rule": "required_type", "type": "cluster-organisation", "at_least": 1}
///     {"rule": "region_category", "categories": ["less-developed", "transition"], "at_least": 1}
///     {"rule": "published_only"}
///     {"rule": "max_applications_per_organisation", "value": 1}
///
/// `at_least` may be left out and then means 1.
public struct EligibilityRule: Sendable, Hashable {
    /// What the rule asks of a consortium.
    public enum Condition: Sendable, Hashable {
        /// At least this many members, the lead included.
        case minMembers(Int)
        /// Members from at least this many different countries.
        case minCountries(Int)
        /// Every member from one of these countries.
        case allowedCountries(CountrySet)
        /// At least `atLeast` members of this organisation type.
        case requiredType(OrganisationType, atLeast: Int)
        /// At least `atLeast` members whose NUTS 2 region is in one of these cohesion-policy categories.
        case regionCategory([RegionCategory], atLeast: Int)
        /// Every member's profile is published.
        case publishedOnly
        /// No organisation in more than this many submitted applications to the call (this one included).
        case maxApplicationsPerOrganisation(Int)
    }

    /// The countries an `allowed_countries` rule accepts: a list of ISO codes or a set named in the JSON.
    public enum CountrySet: Sendable, Hashable {
        /// ISO 3166 alpha-2 codes, upper-case.
        case countries([String])
        case named(NamedCountrySet)
    }

    /// Country sets that follow the reference data, so a call need not list 27 or 35 codes and stays
    /// right when the reference changes.
    public enum NamedCountrySet: String, CaseIterable, Codable, Sendable {
        /// EU member states (`eu_member` in countries.csv).
        case eu = "EU"
        /// EU member states and the other countries taking part in COSME (`cosme_participating`).
        case euCOSME = "EU+COSME"

        /// Whether a country belongs to the set.
        public func contains(_ country: Country) -> Bool {
            switch self {
            case .eu: country.euMember
            case .euCOSME: country.euMember || country.cosmeParticipating
            }
        }

        public static let codes = allCases.map(\.rawValue).joined(separator: ", ")
    }

    public var condition: Condition

    public init(_ condition: Condition) { self.condition = condition }

    public static func minMembers(_ value: Int) -> EligibilityRule { .init(.minMembers(value)) }
    public static func minCountries(_ value: Int) -> EligibilityRule { .init(.minCountries(value)) }
    public static func allowedCountries(_ codes: [String]) -> EligibilityRule { .init(.allowedCountries(.countries(codes))) }
    public static func allowedCountries(_ set: NamedCountrySet) -> EligibilityRule { .init(.allowedCountries(.named(set))) }
    public static func requiredType(_ type: OrganisationType, atLeast: Int = 1) -> EligibilityRule {
        .init(.requiredType(type, atLeast: atLeast))
    }
    public static func regionCategory(_ categories: [RegionCategory], atLeast: Int = 1) -> EligibilityRule {
        .init(.regionCategory(categories, atLeast: atLeast))
    }
    public static let publishedOnly = EligibilityRule(.publishedOnly)
    public static func maxApplicationsPerOrganisation(_ value: Int) -> EligibilityRule {
        .init(.maxApplicationsPerOrganisation(value))
    }

    /// The rule's name in the JSON (`min_members`).
    public var code: String {
        switch condition {
        case .minMembers: "min_members"
        case .minCountries: "min_countries"
        case .allowedCountries: "allowed_countries"
        case .requiredType: "required_type"
        case .regionCategory: "region_category"
        case .publishedOnly: "published_only"
        case .maxApplicationsPerOrganisation: "max_applications_per_organisation"
        }
    }

    /// Every rule name, for messages that list them.
    public static let codes =
        "min_members, min_countries, allowed_countries, required_type, region_category, "
        + "published_only, max_applications_per_organisation"

    /// The largest number a rule may ask for: the platform's largest consortium, as for partner searches.
    public static let maxCount = 50
}

// MARK: - Words for the call page

extension EligibilityRule {
    /// The rule in plain words for the call page, in `language`: "At least 3 members", "Only
    /// organisations from EU member states". `reference` names the countries of an explicit list.
    public func description(reference: ReferenceData, in language: Language = Languages.english) -> String {
        EligibilityWords.description(self, in: language, reference: reference)
    }
}

// MARK: - Checks of the rule itself

extension EligibilityRule {
    /// The rule with its lists tidied: country codes upper-cased and trimmed, repeats dropped (first kept).
    public func normalised() -> EligibilityRule {
        switch condition {
        case .allowedCountries(.countries(let codes)):
            return .allowedCountries(Words.unique(codes.map { $0.trimmingCharacters(in: .whitespaces).uppercased() }))
        case .regionCategory(let categories, let n):
            return .regionCategory(Words.unique(categories), atLeast: n)
        default:
            return self
        }
    }

    /// A broken rule of the rule itself: the JSON field (`value`, `countries`, `at_least`) and the message.
    public struct Problem: Sendable, Equatable {
        public var field: String
        public var message: String

        public init(field: String, message: String) { self.field = field; self.message = message }
    }

    /// Values no consortium could meet or that make no sense, e.g. `value: must be between 1 and 50`.
    public func problems(reference: ReferenceData) -> [Problem] {
        let range = 1...Self.maxCount
        func count(_ field: String, _ n: Int) -> [Problem] {
            range.contains(n) ? [] : [Problem(field: field, message: "must be between 1 and \(Self.maxCount)")]
        }
        switch condition {
        case .minMembers(let n), .minCountries(let n), .maxApplicationsPerOrganisation(let n):
            return count("value", n)
        case .allowedCountries(.named):
            return []
        case .allowedCountries(.countries(let codes)):
            if codes.isEmpty {
                return [Problem(field: "countries", message: "must list at least one ISO 3166 alpha-2 country code (or give set: \(NamedCountrySet.codes))")]
            }
            let unknown = codes.filter { reference.country($0) == nil }
            if !unknown.isEmpty {
                return [
                    Problem(
                        field: "countries",
                        message:
                            "\(unknown.joined(separator: ", ")) \(unknown.count == 1 ? "is not an ISO 3166 alpha-2 country code" : "are not ISO 3166 alpha-2 country codes")"
                    )
                ]
            }
            return []
        case .requiredType(_, let n):
            return count("at_least", n)
        case .regionCategory(let categories, let n):
            if categories.isEmpty {
                return [Problem(field: "categories", message: "must list at least one of \(RegionCategory.codes)")]
            }
            return count("at_least", n)
        case .publishedOnly:
            return []
        }
    }
}

// MARK: - JSON

extension EligibilityRule: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: JSONKey.self)
        guard let name = try c.optional(String.self, "rule") else {
            throw c.problem("rule", "is required: one of \(Self.codes)")
        }
        func whole(_ key: String) throws -> Int {
            guard let n = try c.optional(Int.self, key) else { throw c.problem(key, "is required: a whole number") }
            return n
        }
        func atLeast() throws -> Int { try c.optional(Int.self, "at_least") ?? 1 }
        switch name {
        case "min_members":
            try c.refuseUnknownKeys(["rule", "value"], in: "a min_members rule (it takes value)")
            self = .minMembers(try whole("value"))
        case "min_countries":
            try c.refuseUnknownKeys(["rule", "value"], in: "a min_countries rule (it takes value)")
            self = .minCountries(try whole("value"))
        case "allowed_countries":
            try c.refuseUnknownKeys(["rule", "countries", "set"], in: "an allowed_countries rule (it takes countries or set)")
            let codes = try c.optional([String].self, "countries")
            let set = try c.optional(String.self, "set")
            switch (codes, set) {
            case (.some, .some):
                throw c.problem("set", "must not be given with countries: give one or the other")
            case (.some(let codes), nil):
                self = EligibilityRule.allowedCountries(codes).normalised()
            case (nil, .some(let set)):
                guard let named = NamedCountrySet(rawValue: set.trimmingCharacters(in: .whitespaces).uppercased()) else {
                    throw c.problem("set", "must be one of \(NamedCountrySet.codes)")
                }
                self = .allowedCountries(named)
            case (nil, nil):
                throw c.problem("countries", "is required: a list of ISO 3166 alpha-2 codes, or give set (\(NamedCountrySet.codes))")
            }
        case "required_type":
            try c.refuseUnknownKeys(["rule", "type", "at_least"], in: "a required_type rule (it takes type and at_least)")
            guard let code = try c.optional(String.self, "type") else {
                throw c.problem("type", "is required: one of \(OrganisationType.codes)")
            }
            guard let type = OrganisationType(rawValue: code.trimmingCharacters(in: .whitespaces)) else {
                throw c.problem("type", "must be one of \(OrganisationType.codes)")
            }
            self = .requiredType(type, atLeast: try atLeast())
        case "region_category":
            try c.refuseUnknownKeys(["rule", "categories", "at_least"], in: "a region_category rule (it takes categories and at_least)")
            guard let codes = try c.optional([String].self, "categories") else {
                throw c.problem("categories", "is required: a list of \(RegionCategory.codes)")
            }
            var categories: [RegionCategory] = []
            for code in codes {
                guard let category = RegionCategory(rawValue: code.trimmingCharacters(in: .whitespaces)) else {
                    throw c.problem("categories", "must list only \(RegionCategory.codes) (not \(code))")
                }
                categories.append(category)
            }
            self = EligibilityRule.regionCategory(categories, atLeast: try atLeast()).normalised()
        case "published_only":
            try c.refuseUnknownKeys(["rule"], in: "a published_only rule (it takes nothing)")
            self = .publishedOnly
        case "max_applications_per_organisation":
            try c.refuseUnknownKeys(["rule", "value"], in: "a max_applications_per_organisation rule (it takes value)")
            self = .maxApplicationsPerOrganisation(try whole("value"))
        default:
            throw c.problem("rule", "must be one of \(Self.codes) (not \(name))")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: JSONKey.self)
        try c.encode(code, forKey: JSONKey("rule"))
        switch condition {
        case .minMembers(let n), .minCountries(let n), .maxApplicationsPerOrganisation(let n):
            try c.encode(n, forKey: JSONKey("value"))
        case .allowedCountries(.countries(let codes)):
            try c.encode(codes, forKey: JSONKey("countries"))
        case .allowedCountries(.named(let set)):
            try c.encode(set.rawValue, forKey: JSONKey("set"))
        case .requiredType(let type, let n):
            try c.encode(type.rawValue, forKey: JSONKey("type"))
            try c.encode(n, forKey: JSONKey("at_least"))
        case .regionCategory(let categories, let n):
            try c.encode(categories.map(\.rawValue), forKey: JSONKey("categories"))
            try c.encode(n, forKey: JSONKey("at_least"))
        case .publishedOnly:
            break
        }
    }
}

// MARK: - Helpers

enum Words {
    static func unique<T: Hashable>(_ items: [T]) -> [T] {
        var seen = Set<T>()
        return items.filter { seen.insert($0).inserted }
    }
}

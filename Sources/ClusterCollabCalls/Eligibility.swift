import ClusterCollabCore
import ClusterCollabText
import Foundation

/// A member of a consortium as the eligibility check sees it: the lead and each partner organisation.
public struct EligibilityMember: Sendable, Equatable {
    public var organisationID: Int64
    public var name: String
    /// ISO 3166 alpha-2.
    public var country: String
    public var type: OrganisationType
    /// The cohesion-policy category of the member's NUTS 2 region; nil when unknown (not loaded, or a
    /// country without NUTS regions).
    public var regionCategory: RegionCategory?
    /// Whether the profile is published in the directory.
    public var published: Bool
    /// This organisation's other submitted applications to the same call (this one not counted).
    public var otherApplications: Int

    public init(
        organisationID: Int64, name: String, country: String, type: OrganisationType,
        regionCategory: RegionCategory? = nil, published: Bool = true, otherApplications: Int = 0
    ) {
        self.organisationID = organisationID; self.name = name; self.country = country; self.type = type
        self.regionCategory = regionCategory; self.published = published; self.otherApplications = otherApplications
    }
}

/// The outcome of one rule for one consortium: passed or not, what the rule found, and the sentence it makes.
public struct RuleResult: Sendable, Equatable, Codable {
    public var rule: EligibilityRule
    public var passed: Bool
    /// The sentence in English: the API's words, and all that results stored before findings were kept have.
    public var sentence: String
    /// What the rule found, so that the sentence can be said again in any language (a stored result too).
    /// Nil in results stored before it was kept.
    public var finding: Finding?

    public init(rule: EligibilityRule, passed: Bool, sentence: String, finding: Finding? = nil) {
        self.rule = rule; self.passed = passed; self.sentence = sentence; self.finding = finding
    }

    init(rule: EligibilityRule, passed: Bool, finding: Finding, reference: ReferenceData) {
        self.init(
            rule: rule, passed: passed,
            sentence: EligibilityWords.sentence(rule, passed: passed, finding, in: Languages.english, reference: reference), finding: finding)
    }

    /// The sentence in `language` (the English one when the result has no finding).
    public func sentence(in language: Language, reference: ReferenceData) -> String {
        guard let finding, language.code != Languages.english.code else { return sentence }
        return EligibilityWords.sentence(rule, passed: passed, finding, in: language, reference: reference)
    }
}

/// What a rule found in a consortium: the facts its sentence is made of, with nothing in words.
public struct Finding: Sendable, Equatable, Codable {
    /// A member the sentence names.
    public struct Member: Sendable, Equatable, Codable {
        public var name: String
        /// ISO 3166 alpha-2.
        public var country: String
        /// Other submitted applications to the same call (for `max_applications_per_organisation`).
        public var otherApplications: Int

        init(_ member: EligibilityMember) {
            name = member.name; country = member.country; otherApplications = member.otherApplications
        }
    }

    /// How many members the consortium has.
    public var size: Int
    /// The members the rule names: those that count for it, or those that break it.
    public var named: [Member]
    /// The members' different countries (ISO codes), for `min_countries`.
    public var countries: [String]
    /// False when a region-category rule could not tell: no member has a known region category.
    public var categoriesKnown: Bool
    /// The result is withheld from people outside the consortium's team.
    public var withheld: Bool

    init(
        size: Int, named: [EligibilityMember] = [], countries: [String] = [], categoriesKnown: Bool = true, withheld: Bool = false
    ) {
        self.size = size; self.named = named.map(Member.init); self.countries = countries
        self.categoriesKnown = categoriesKnown; self.withheld = withheld
    }
}

/// The eligibility check of an expression of interest: a pure function of the call's rules and the
/// consortium, so the live check on the form, the API and the server's refusal of an ineligible submission
/// all say the same thing.
public enum Eligibility {
    /// One result per rule, in the rules' order.
    public static func evaluate(
        rules: [EligibilityRule], members: [EligibilityMember],
        reference: ReferenceData
    ) -> [RuleResult] {
        rules.map { rule in
            let (passed, finding) = check(rule, members, reference)
            return RuleResult(rule: rule, passed: passed, finding: finding, reference: reference)
        }
    }

    /// Whether every rule passed (true for a call without rules).
    public static func isEligible(_ results: [RuleResult]) -> Bool {
        results.allSatisfy(\.passed)
    }

    /// The sentences of the failed rules, for a refusal message (English: the API's words).
    public static func failures(_ results: [RuleResult]) -> [String] {
        results.filter { !$0.passed }.map(\.sentence)
    }

    /// The sentences of the failed rules in `language`.
    public static func failures(_ results: [RuleResult], in language: Language, reference: ReferenceData) -> [String] {
        results.filter { !$0.passed }.map { $0.sentence(in: language, reference: reference) }
    }

    /// The failed rules' sentences in every language the platform speaks, by language code, for a notice
    /// or a refusal that reaches people of any language.
    public static func failuresInEachLanguage(_ results: [RuleResult], reference: ReferenceData) -> [String: [String]] {
        Dictionary(uniqueKeysWithValues: Languages.all.map { ($0.code, failures(results, in: $0, reference: reference)) })
    }

    /// What `max_applications_per_organisation` says to anyone outside the consortium's team (English).
    public static var otherApplicationsWithheld: String { EligibilityWords.otherApplicationsWithheld.english }

    /// The results as people outside the consortium's team may see them. Whether a member is in another
    /// application to the call tells who applies with whom, which is the consortium's own business: the
    /// `max_applications_per_organisation` result is withheld (counted as passed, with a sentence saying
    /// so). The submission itself still checks the rule.
    public static func withheldFromOutsiders(_ results: [RuleResult], reference: ReferenceData) -> [RuleResult] {
        results.map { result in
            guard case .maxApplicationsPerOrganisation = result.rule.condition else { return result }
            let finding = Finding(size: result.finding?.size ?? 0, withheld: true)
            return RuleResult(rule: result.rule, passed: true, finding: finding, reference: reference)
        }
    }

    /// Whether `rule` holds for `members`, and the facts that say why.
    private static func check(
        _ rule: EligibilityRule, _ members: [EligibilityMember],
        _ reference: ReferenceData
    ) -> (Bool, Finding) {
        let size = members.count
        switch rule.condition {
        case .minMembers(let n):
            return (size >= n, Finding(size: size))

        case .minCountries(let n):
            var seen = Set<String>()
            let countries = members.map { $0.country.uppercased() }.filter { seen.insert($0).inserted }
            return (size > 0 && countries.count >= n, Finding(size: size, countries: countries))

        case .allowedCountries(let set):
            let inside: (EligibilityMember) -> Bool
            switch set {
            case .named(let named):
                inside = { member in reference.country(member.country.uppercased()).map(named.contains) ?? false }
            case .countries(let codes):
                let allowed = Set(codes.map { $0.uppercased() })
                inside = { allowed.contains($0.country.uppercased()) }
            }
            let outside = members.filter { !inside($0) }
            return (outside.isEmpty, Finding(size: size, named: outside))

        case .requiredType(let type, let n):
            let matching = members.filter { $0.type == type }
            return (matching.count >= n, Finding(size: size, named: matching))

        case .regionCategory(let categories, let n):
            let known = members.isEmpty || members.contains { $0.regionCategory != nil }
            let matching = members.filter { $0.regionCategory.map(categories.contains) ?? false }
            return (known && matching.count >= n, Finding(size: size, named: matching, categoriesKnown: known))

        case .publishedOnly:
            let unpublished = members.filter { !$0.published }
            return (unpublished.isEmpty, Finding(size: size, named: unpublished))

        case .maxApplicationsPerOrganisation(let n):
            // This application counts too, so an organisation already in n others would make n + 1.
            let over = members.filter { $0.otherApplications >= n }
            return (over.isEmpty, Finding(size: size, named: over))
        }
    }
}

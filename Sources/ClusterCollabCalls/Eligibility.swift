import ClusterCollabCore
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

/// The outcome of one rule for one consortium: passed or not, and a sentence naming who or what fails it.
public struct RuleResult: Sendable, Equatable, Codable {
    public var rule: EligibilityRule
    public var passed: Bool
    public var sentence: String

    public init(rule: EligibilityRule, passed: Bool, sentence: String) {
        self.rule = rule; self.passed = passed; self.sentence = sentence
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
            let (passed, sentence) = check(rule, members, reference)
            return RuleResult(rule: rule, passed: passed, sentence: sentence)
        }
    }

    /// Whether every rule passed (true for a call without rules).
    public static func isEligible(_ results: [RuleResult]) -> Bool {
        results.allSatisfy(\.passed)
    }

    /// The sentences of the failed rules, for a refusal message.
    public static func failures(_ results: [RuleResult]) -> [String] {
        results.filter { !$0.passed }.map(\.sentence)
    }

    /// What `max_applications_per_organisation` says to anyone outside the consortium's team.
    public static let otherApplicationsWithheld =
        "Checked when the consortium submits; only its team sees whether its members are in other applications to this call."

    /// The results as people outside the consortium's team may see them. Whether a member is in another
    /// application to the call tells who applies with whom, which is the consortium's own business: the
    /// `max_applications_per_organisation` result is withheld (counted as passed, with a sentence saying
    /// so). The submission itself still checks the rule.
    public static func withheldFromOutsiders(_ results: [RuleResult]) -> [RuleResult] {
        results.map { result in
            guard case .maxApplicationsPerOrganisation = result.rule.condition else { return result }
            return RuleResult(rule: result.rule, passed: true, sentence: otherApplicationsWithheld)
        }
    }

    private static func check(
        _ rule: EligibilityRule, _ members: [EligibilityMember],
        _ reference: ReferenceData
    ) -> (Bool, String) {
        func required(_ n: Int) -> String { n == 1 ? "at least 1 is required" : "at least \(n) are required" }
        func names(_ list: [EligibilityMember]) -> String { Words.list(list.map(\.name)) }
        // A passed rule stays short: a few names show what counted, the count says the rest.
        func sample(_ list: [EligibilityMember]) -> String {
            list.count <= 3 ? names(list) : list.prefix(3).map(\.name).joined(separator: ", ") + " and \(list.count - 3) more"
        }
        func countryName(_ code: String) -> String { reference.country(code.uppercased())?.name ?? code }

        switch rule.condition {
        case .minMembers(let n):
            let count = members.count
            if count >= n { return (true, "\(Words.count(count, "member")) (\(required(n))).") }
            return (false, count == 0 ? "No members; \(required(n))." : "Only \(Words.count(count, "member")); \(required(n)).")

        case .minCountries(let n):
            if members.isEmpty { return (false, "No members; at least \(Words.count(n, "country", "countries")) \(n == 1 ? "is" : "are") required.") }
            var seen = Set<String>()
            var countries: [String] = []
            for member in members where seen.insert(member.country.uppercased()).inserted {
                countries.append(countryName(member.country))
            }
            countries.sort()
            let from = "Members come from \(Words.count(countries.count, "country", "countries")) (\(countries.joined(separator: ", ")))"
            return countries.count >= n ? (true, from + ".") : (false, from + "; \(required(n)).")

        case .allowedCountries(let set):
            let inside: (EligibilityMember) -> Bool
            let outsideWhat: String
            let insideWhat: String
            switch set {
            case .named(let named):
                inside = { member in reference.country(member.country.uppercased()).map(named.contains) ?? false }
                outsideWhat = "the " + named.label
                insideWhat = named == .eu ? "EU member states" : "EU member states or COSME-participating countries"
            case .countries(let codes):
                let allowed = Set(codes.map { $0.uppercased() })
                inside = { allowed.contains($0.country.uppercased()) }
                let list = codes.map(countryName).sorted().joined(separator: ", ")
                outsideWhat = "the allowed countries (\(list))"
                insideWhat = outsideWhat
            }
            let outside = members.filter { !inside($0) }
            if members.isEmpty { return (true, "No members to check.") }
            if outside.isEmpty { return (true, "All members are in \(insideWhat).") }
            let who = Words.list(outside.map { "\($0.name) (\(countryName($0.country)))" })
            return (false, "\(who) \(outside.count == 1 ? "is" : "are") outside \(outsideWhat).")

        case .requiredType(let type, let n):
            let matching = members.filter { $0.type == type }
            let one = Words.typeName(type), many = Words.typeName(type, plural: true)
            if matching.isEmpty { return (false, "No member is \(article(one)) \(one); \(required(n)).") }
            if matching.count >= n {
                return (
                    true,
                    matching.count == 1
                        ? "1 member is \(article(one)) \(one) (\(names(matching)))."
                        : "\(matching.count) members are \(many) (\(sample(matching)))."
                )
            }
            return (
                false,
                "Only " + (matching.count == 1 ? "1 member is \(article(one)) \(one)" : "\(matching.count) members are \(many)")
                    + " (\(names(matching))); \(required(n))."
            )

        case .regionCategory(let categories, let n):
            let kinds = Words.categories(categories)
            if !members.isEmpty && members.allSatisfy({ $0.regionCategory == nil }) {
                // Without categories nothing can be shown; say why rather than blame the consortium.
                return (false, "No member is in a \(kinds) region (no region categories are loaded).")
            }
            let matching = members.filter { $0.regionCategory.map(categories.contains) ?? false }
            if matching.isEmpty { return (false, "No member is in a \(kinds) region; \(required(n)).") }
            let found = matching.count == 1 ? "1 member is in a \(kinds) region" : "\(matching.count) members are in \(kinds) regions"
            return matching.count >= n
                ? (true, found + " (\(sample(matching))).")
                : (false, "Only " + found + " (\(names(matching))); \(required(n)).")

        case .publishedOnly:
            let unpublished = members.filter { !$0.published }
            if members.isEmpty { return (true, "No members to check.") }
            if unpublished.isEmpty { return (true, "All members have published their profiles.") }
            return (
                false,
                unpublished.count == 1
                    ? "\(names(unpublished)) has not published its profile."
                    : "\(names(unpublished)) have not published their profiles."
            )

        case .maxApplicationsPerOrganisation(let n):
            // This application counts too, so an organisation already in n others would make n + 1.
            let over = members.filter { $0.otherApplications >= n }
            let allowed = n == 1 ? "at most 1 is allowed" : "at most \(n) are allowed"
            if over.isEmpty {
                return (
                    true,
                    n == 1
                        ? "No member is in another application to this call."
                        : "No member is in more than \(n) applications to this call."
                )
            }
            if over.count == 1 {
                let member = over[0]
                return (false, "\(member.name) is already in \(Words.count(member.otherApplications, "other application")) to this call; \(allowed).")
            }
            let who = Words.list(over.map { "\($0.name) (\(Words.count($0.otherApplications, "other application")))" })
            return (false, "\(who) are already in other applications to this call; \(allowed).")
        }
    }

    private static func article(_ word: String) -> String {
        guard let first = word.first else { return "a" }
        return "aeiou".contains(first) ? "an" : "a"
    }
}

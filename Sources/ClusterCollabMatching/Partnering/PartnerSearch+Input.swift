import ClusterCollabCore
import Foundation

/// A partner search as written by a team, in a form or as JSON: raw values, each optional so that an edit
/// changes only what it names. `applied(to:)` checks every rule and names each broken one.
public struct PartnerSearchInput: Sendable, Equatable {
    public var title: String?
    public var kind: String?
    public var description: String?
    public var callID: Int64?
    public var competences: [String]?
    public var soughtTypes: [String]?
    public var targetCountries: [String]?
    public var minCountries: Int?
    public var minMembers: Int?
    public var maxMembers: Int?
    public var needLessDeveloped: Bool?
    /// Empty text removes the deadline.
    public var deadline: String?
    public var status: String?

    public init() {}

    /// Limits of the platform, named in the messages.
    public static let maxCompetences = 30
    public static let maxMembersLimit = 50

    /// The search with these values applied to `base` (or a new search of `ownerID`), or every broken
    /// rule. `today` is the ISO day that decides whether a deadline is in the past; a deadline left as it
    /// was is not checked again, so an old search can still be edited.
    public func applied(
        to base: PartnerSearch?, ownerID: Int64, reference: ReferenceData,
        today: String
    ) throws(ValidationErrors) -> PartnerSearch {
        var errors = ValidationErrors()
        var search = base ?? PartnerSearch(ownerID: ownerID, title: "", kind: .projectConsortium, description: "", competences: [])

        if let title {
            search.title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if base == nil || title != nil {
            if search.title.count < 5 {
                errors.add("title", "must be at least 5 characters")
            } else if search.title.count > 200 {
                errors.add("title", "must be at most 200 characters")
            }
        }
        if let kind {
            if let value = PartnerSearch.Kind(rawValue: kind.trimmingCharacters(in: .whitespaces)) {
                search.kind = value
            } else {
                errors.add("kind", "must be one of \(PartnerSearch.Kind.codes)")
            }
        } else if base == nil {
            errors.add("kind", "is required: one of \(PartnerSearch.Kind.codes)")
        }
        if let description {
            search.description = description.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if base == nil || description != nil {
            if search.description.count < 20 {
                errors.add("description", "must be at least 20 characters: say what the consortium is for")
            } else if search.description.count > 10_000 {
                errors.add("description", "must be at most 10000 characters")
            }
        }
        if let callID {
            if callID <= 0 { errors.add("call_id", "must be the id of a call for interest") } else { search.callID = callID }
        }
        if let competences {
            var parsed: [Competence] = []
            var problems: [String] = []
            for text in competences {
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty else { continue }
                do {
                    let competence = try Competence(parsing: trimmed, reference: reference)
                    if !parsed.contains(competence) { parsed.append(competence) }
                } catch {
                    problems.append("\(trimmed): \(error.reason)")
                }
            }
            if !problems.isEmpty {
                errors.add(
                    "competences",
                    "unknown or malformed competence " + problems.joined(separator: "; ")
                        + " (write sector:ID, technology:ID, ecosystem:ID or keyword:WORD)")
            } else if parsed.count > Self.maxCompetences {
                errors.add("competences", "must list at most \(Self.maxCompetences) competences")
            }
            search.competences = parsed
        }
        if search.competences.isEmpty && errors.fields["competences"] == nil {
            errors.add("competences", "must list at least one required competence (sector:ID, technology:ID, ecosystem:ID or keyword:WORD)")
        }
        if let soughtTypes {
            var types: [OrganisationType] = []
            for code in soughtTypes.map({ $0.trimmingCharacters(in: .whitespaces) }) where !code.isEmpty {
                guard let type = OrganisationType(rawValue: code) else {
                    errors.add("sought_types", "\(code) is not an organisation type; use \(OrganisationType.codes)")
                    continue
                }
                if !types.contains(type) { types.append(type) }
            }
            search.soughtTypes = types
        }
        if let targetCountries {
            var countries: [String] = []
            for code in targetCountries.map({ $0.trimmingCharacters(in: .whitespaces).uppercased() }) where !code.isEmpty {
                guard reference.country(code) != nil else {
                    errors.add("target_countries", "\(code) is not an ISO 3166 alpha-2 country code")
                    continue
                }
                if !countries.contains(code) { countries.append(code) }
            }
            search.targetCountries = countries.sorted()
        }
        if let minCountries { search.minCountries = minCountries }
        if let minMembers { search.minMembers = minMembers }
        if let maxMembers { search.maxMembers = maxMembers }
        if let needLessDeveloped { search.needLessDeveloped = needLessDeveloped }
        for rule in ConsortiumConstraints.of(search).broken() { errors.add(rule.field, rule.message) }

        if let deadline {
            let day = deadline.trimmingCharacters(in: .whitespaces)
            if day.isEmpty {
                search.deadline = nil
            } else if !CalendarDay.isValid(day) {
                errors.add("deadline", "must be a date written YYYY-MM-DD")
            } else if day != base?.deadline && day < today {
                errors.add("deadline", "must not be in the past (today is \(today))")
            } else {
                search.deadline = day
            }
        }
        if let status {
            if let value = PartnerSearch.Status(rawValue: status.trimmingCharacters(in: .whitespaces)) {
                search.status = value
            } else {
                errors.add("status", "must be one of \(PartnerSearch.Status.codes)")
            }
        }
        try errors.throwIfAny()
        return search
    }
}

/// The rules a consortium must meet, from a partner search or overridden in a builder request.
public struct ConsortiumConstraints: Sendable, Equatable {
    public var minMembers: Int
    public var maxMembers: Int
    public var minCountries: Int
    /// Empty means any country.
    public var allowedCountries: [String]
    /// Sought partner types; empty means any.
    public var types: [OrganisationType]
    public var needLessDeveloped: Bool

    public init(
        minMembers: Int, maxMembers: Int, minCountries: Int, allowedCountries: [String] = [],
        types: [OrganisationType] = [], needLessDeveloped: Bool = false
    ) {
        self.minMembers = minMembers; self.maxMembers = maxMembers; self.minCountries = minCountries
        self.allowedCountries = allowedCountries; self.types = types; self.needLessDeveloped = needLessDeveloped
    }

    public static func of(_ search: PartnerSearch) -> ConsortiumConstraints {
        ConsortiumConstraints(
            minMembers: search.minMembers, maxMembers: search.maxMembers, minCountries: search.minCountries,
            allowedCountries: search.targetCountries, types: search.soughtTypes,
            needLessDeveloped: search.needLessDeveloped)
    }

    /// A rule that cannot hold whatever the candidates: the field and the sentence naming it.
    public struct BrokenRule: Sendable, Equatable { public var field: String; public var message: String }

    /// Contradictions and out-of-range values, in the API's field names.
    public func broken() -> [BrokenRule] {
        var rules: [BrokenRule] = []
        let limit = PartnerSearchInput.maxMembersLimit
        if minMembers < 1 || minMembers > limit { rules.append(.init(field: "min_members", message: "must be between 1 and \(limit)")) }
        if maxMembers < 1 || maxMembers > limit {
            rules.append(.init(field: "max_members", message: "must be between 1 and \(limit)"))
        } else if minMembers > maxMembers {
            rules.append(.init(field: "min_members", message: "must not exceed max_members (\(minMembers) > \(maxMembers))"))
        }
        if minCountries < 1 || minCountries > limit {
            rules.append(.init(field: "min_countries", message: "must be between 1 and \(limit)"))
        } else if minCountries > maxMembers, maxMembers >= 1 {
            rules.append(
                .init(
                    field: "min_countries",
                    message: "cannot exceed max_members: \(minCountries) countries need at least \(minCountries) members, and at most \(maxMembers) are allowed"
                ))
        } else if !allowedCountries.isEmpty && minCountries > allowedCountries.count {
            rules.append(
                .init(
                    field: "min_countries",
                    message: "requires \(minCountries) countries but only \(allowedCountries.count) are allowed (\(allowedCountries.joined(separator: ", ")))"))
        }
        return rules
    }
}

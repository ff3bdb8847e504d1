import ClusterCollabCore
import Foundation

/// A call as written by an administrator, in a form or as JSON: raw values, each optional so that an edit
/// changes only what it names. `applied(to:reference:now:)` checks every rule and names each broken one
/// in the API's field names (`opens_at`, `thematic_areas`, `rules[2].value`).
///
/// Instants (`opens_at`, `closes_at`) are text in one of the two forms `ZonedTime.parse` reads: an ISO 8601
/// instant with offset (`2026-12-15T17:00:00+01:00`) or a local date-time (`2026-12-15T17:00`) read in the
/// call's time zone, the one given in the same input or else the stored one. Changing only `time_zone`
/// keeps the stored instants (the deadline stays the same moment) and changes how they are shown.
public struct CallInput: Sendable, Equatable {
    public var title: String?
    public var programme: String?
    /// Markdown, kept exactly as written.
    public var description: String?
    public var thematicAreas: [String]?
    public var opensAt: String?
    public var closesAt: String?
    public var timeZone: String?
    public var state: String?
    /// The label of selected consortia; a new call without one takes its programme.
    public var label: String?
    /// Replace the whole list when given.
    public var fields: [ApplicationField]?
    public var rules: [EligibilityRule]?
    public var criteria: [EvaluationCriterion]?

    public init() {}

    /// Limits of the platform, named in the messages.
    public static let maxDescription = 20_000
    public static let maxThematicAreas = 20
    public static let maxThematicAreaLength = 80

    /// The call with these values applied to `base` (or a new call), or every broken rule. `now` stamps the
    /// change and decides whether a deadline is in the past; a deadline left as it was is not checked
    /// again, so a closed call can still be corrected. Every edit raises `version` by one.
    public func applied(to base: Call?, reference: ReferenceData, now: Date) throws(ValidationErrors) -> Call {
        var errors = ValidationErrors()
        let epoch = Date(timeIntervalSince1970: 0)
        var call = base ?? Call(title: "", programme: "", thematicAreas: [], opensAt: epoch, closesAt: epoch, timeZone: "")

        if let title { call.title = title.trimmingCharacters(in: .whitespacesAndNewlines) }
        if base == nil || title != nil {
            if call.title.count < 5 {
                errors.add("title", "must be at least 5 characters")
            } else if call.title.count > 200 {
                errors.add("title", "must be at most 200 characters")
            }
        }
        if let programme { call.programme = programme.trimmingCharacters(in: .whitespacesAndNewlines) }
        if base == nil || programme != nil {
            if call.programme.count < 2 {
                errors.add("programme", "must be at least 2 characters, e.g. ESCP-S3 or COSME")
            } else if call.programme.count > 40 {
                errors.add("programme", "must be at most 40 characters")
            }
        }
        if let description {
            // Not trimmed: trailing spaces are line breaks in Markdown.
            call.description = description
            if description.count > Self.maxDescription {
                errors.add("description", "must be at most \(Self.maxDescription) characters (it has \(description.count))")
            }
        }
        if let label { call.label = label.trimmingCharacters(in: .whitespacesAndNewlines) } else if base == nil { call.label = call.programme }
        if base == nil || label != nil {
            if call.label.count < 2 {
                errors.add("label", "must be at least 2 characters: the label selected consortia carry")
            } else if call.label.count > 60 {
                errors.add("label", "must be at most 60 characters")
            }
        }
        if let state {
            if let value = Call.State(rawValue: state.trimmingCharacters(in: .whitespaces)) {
                call.state = value
            } else {
                errors.add("state", "must be one of \(Call.State.codes)")
            }
        }

        let oldAreas = base?.thematicAreas
        if let thematicAreas {
            call.thematicAreas = thematicAreas.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        }
        if base == nil || thematicAreas != nil { checkThematicAreas(call.thematicAreas, &errors) }

        applyTimes(to: &call, base: base, now: now, errors: &errors)

        if let fields {
            call.fields = fields
        } else if let oldAreas, oldAreas != call.thematicAreas {
            // A choice that offered the thematic areas keeps offering them when they change.
            call.fields = call.fields.map { field in
                guard case .choice(let options) = field.kind, options == oldAreas else { return field }
                var copy = field
                copy.kind = .choice(options: call.thematicAreas)
                return copy
            }
        }
        if fields != nil || base == nil { checkFields(&call, &errors) }

        if let rules {
            call.rules = rules.map { $0.normalised() }
            checkRules(call.rules, reference: reference, &errors)
        }
        if let criteria {
            call.criteria = criteria.map { EvaluationCriterion(name: $0.name.trimmingCharacters(in: .whitespacesAndNewlines), maxPoints: $0.maxPoints) }
            checkCriteria(call.criteria, &errors)
        }

        try errors.throwIfAny()
        if base == nil {
            call.createdAt = now
            call.version = 1
        } else {
            call.version += 1
        }
        call.updatedAt = now
        return call
    }

    private func checkThematicAreas(_ areas: [String], _ errors: inout ValidationErrors) {
        let field = "thematic_areas"
        if areas.isEmpty { return errors.add(field, "must list at least one thematic area") }
        if areas.count > Self.maxThematicAreas {
            return errors.add(field, "must list at most \(Self.maxThematicAreas) thematic areas (it lists \(areas.count))")
        }
        var seen = Set<String>()
        for (i, area) in areas.enumerated() {
            if area.isEmpty { return errors.add(field, "must not hold an empty area (entry \(i + 1))") }
            if area.count > Self.maxThematicAreaLength {
                return errors.add(field, "must hold areas of at most \(Self.maxThematicAreaLength) characters (\(area.prefix(30))… has \(area.count))")
            }
            // Case does not make a different area: "Drones" and "drones" would be one filter on the page.
            if !seen.insert(area.lowercased()).inserted { return errors.add(field, "must not repeat an area (\(area))") }
        }
    }

    private func applyTimes(to call: inout Call, base: Call?, now: Date, errors: inout ValidationErrors) {
        if let timeZone { call.timeZone = timeZone.trimmingCharacters(in: .whitespaces) }
        let zoneValid = ZonedTime.isValidZone(call.timeZone)
        if base == nil || timeZone != nil, !zoneValid {
            errors.add(
                "time_zone",
                call.timeZone.isEmpty
                    ? "is required: an IANA time zone such as Europe/Brussels"
                    : "must be an IANA time zone such as Europe/Brussels (not \(call.timeZone))")
        }
        func read(_ text: String?, _ field: String) -> Date? {
            guard let text else {
                if base == nil { errors.add(field, "is required: a date and time such as 2026-12-15T17:00") }
                return nil
            }
            switch ZonedTime.read(text, zone: call.timeZone) {
            case .instant(let date):
                return date
            case .malformed:
                errors.add(field, "must be a date and time: 2026-12-15T17:00 in the call's time zone, or 2026-12-15T17:00:00+01:00")
            case .nonexistent:
                errors.add(
                    field, "\(text.trimmingCharacters(in: .whitespaces)) does not exist in \(call.timeZone) (the clocks go forward then); choose another time")
            case .needsZone:
                errors.add(field, "is a local time, which needs a valid time_zone (or write an offset: 2026-12-15T17:00:00+01:00)")
            }
            return nil
        }
        let opens = read(opensAt, "opens_at")
        let closes = read(closesAt, "closes_at")
        if let opens { call.opensAt = opens }
        if let closes {
            if closes != base?.closesAt && closes <= now {
                errors.add("closes_at", "must not be in the past (now is \(ZonedTime.display(now, zone: call.timeZone)))")
            }
            call.closesAt = closes
        }
        let opensKnown = opens != nil || (base != nil && opensAt == nil)
        let closesKnown = closes != nil || (base != nil && closesAt == nil)
        if opensKnown && closesKnown && (opens != nil || closes != nil) && call.closesAt <= call.opensAt {
            errors.add("closes_at", "must be after opens_at (\(ZonedTime.display(call.opensAt, zone: call.timeZone)))")
        }
    }

    private func checkFields(_ call: inout Call, _ errors: inout ValidationErrors) {
        var seen: [String: Int] = [:]
        for i in call.fields.indices {
            var field = call.fields[i]
            field.key = field.key.trimmingCharacters(in: .whitespaces)
            field.label = field.label.trimmingCharacters(in: .whitespacesAndNewlines)
            // A choice without options offers the call's thematic areas, the usual question ("Main theme").
            if case .choice(let options) = field.kind, options.isEmpty { field.kind = .choice(options: call.thematicAreas) }
            if case .choice(let options) = field.kind {
                field.kind = .choice(options: options.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
            }
            call.fields[i] = field
            for problem in field.problems() { errors.add("fields[\(i)].\(problem.field)", problem.message) }
            if let first = seen[field.key] {
                errors.add("fields[\(i)].key", "must be unique: \(field.key) is also the key of fields[\(first)]")
            } else {
                seen[field.key] = i
            }
        }
    }

    private func checkRules(_ rules: [EligibilityRule], reference: ReferenceData, _ errors: inout ValidationErrors) {
        var seen: [String: Int] = [:]
        for (i, rule) in rules.enumerated() {
            for problem in rule.problems(reference: reference) { errors.add("rules[\(i)].\(problem.field)", problem.message) }
            // Two rules of one kind would contradict or repeat each other; several required types may stand together.
            let identity: String
            if case .requiredType(let type, _) = rule.condition {
                identity = "required_type \(type.rawValue)"
            } else if case .regionCategory = rule.condition {
                identity = "region_category \(i)"
            } else {
                identity = rule.code
            }
            if let first = seen[identity] {
                errors.add("rules[\(i)].rule", "repeats rules[\(first)]: a call has one \(identity) rule")
            } else {
                seen[identity] = i
            }
        }
        // Minimum countries that the allowed countries cannot reach is a call nobody can apply to.
        for (i, rule) in rules.enumerated() {
            guard case .minCountries(let n) = rule.condition else { continue }
            for other in rules {
                if case .allowedCountries(.countries(let codes)) = other.condition, n > codes.count {
                    errors.add("rules[\(i)].value", "requires \(n) countries but only \(codes.count) are allowed (\(codes.joined(separator: ", ")))")
                }
            }
        }
    }

    private func checkCriteria(_ criteria: [EvaluationCriterion], _ errors: inout ValidationErrors) {
        var seen: [String: Int] = [:]
        for (i, criterion) in criteria.enumerated() {
            if criterion.name.isEmpty {
                errors.add("criteria[\(i)].name", "is required")
            } else if criterion.name.count > 200 {
                errors.add("criteria[\(i)].name", "must be at most 200 characters")
            } else if let first = seen[criterion.name.lowercased()] {
                errors.add("criteria[\(i)].name", "must be unique: \(criterion.name) is also the name of criteria[\(first)]")
            } else {
                seen[criterion.name.lowercased()] = i
            }
            if !(1...EvaluationCriterion.maxPointsLimit).contains(criterion.maxPoints) {
                errors.add("criteria[\(i)].max_points", "must be between 1 and \(EvaluationCriterion.maxPointsLimit)")
            }
        }
    }
}

// MARK: - JSON

extension CallInput: Decodable {
    /// Keys a client may send back unchanged (as from a GET); they are ignored.
    public static let readOnlyJSONKeys: Set<String> = ["id", "phase", "created_at", "updated_at", "version"]
    static let jsonKeys: Set<String> = [
        "title", "programme", "description", "thematic_areas", "opens_at", "closes_at",
        "time_zone", "state", "label", "fields", "rules", "criteria",
    ]

    /// Reads a JSON object body; unknown keys and malformed rules or fields are refused by path
    /// (`rules[2].value: is required: a whole number`).
    public init(json: Data) throws(ValidationErrors) {
        self = try CallJSON.decode(CallInput.self, from: json)
    }

    public init(from decoder: any Decoder) throws {
        let c: KeyedDecodingContainer<JSONKey>
        do { c = try decoder.container(keyedBy: JSONKey.self) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "must be a JSON object"))
        }
        try c.refuseUnknownKeys(Self.jsonKeys.union(Self.readOnlyJSONKeys), in: "a call")
        title = try c.optional(String.self, "title")
        programme = try c.optional(String.self, "programme")
        description = try c.optional(String.self, "description")
        thematicAreas = try c.optional([String].self, "thematic_areas")
        opensAt = try c.optional(String.self, "opens_at")
        closesAt = try c.optional(String.self, "closes_at")
        timeZone = try c.optional(String.self, "time_zone")
        state = try c.optional(String.self, "state")
        label = try c.optional(String.self, "label")
        fields = try c.optional([ApplicationField].self, "fields")
        rules = try c.optional([EligibilityRule].self, "rules")
        criteria = try c.optional([EvaluationCriterion].self, "criteria")
    }
}

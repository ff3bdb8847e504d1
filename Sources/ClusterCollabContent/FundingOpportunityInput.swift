import ClusterCollabCore
import Foundation

/// A funding opportunity as the platform team writes it, in a form, a CSV row or JSON: raw text, each value
/// optional so that an edit changes only what it names. `applied(to:reference:now:)` checks every rule and
/// names each broken one in the API's field names; nothing is stored when one breaks.
///
/// Instants (`opens_at`, `deadline`) are read as a call's are (`ZonedTime`): an ISO 8601 instant with an
/// offset, or a local date-time (`2026-12-15T17:00`) in the opportunity's `time_zone`.
public struct FundingOpportunityInput: Sendable, Equatable {
    public var title: String?
    public var programme: String?
    public var fundingBody: String?
    public var link: String?
    public var opensAt: String?
    public var deadline: String?
    public var timeZone: String?
    /// Whole euros; spaces, commas and underscores between digits are read as thousands separators.
    public var budget: String?
    public var actionType: String?
    /// `yes`/`no` (or `true`/`false`); empty means no.
    public var cascadeFunding: String?
    public var countries: [String]?
    /// Sector and ecosystem ids as text (`"12"`), so a form, a CSV cell and JSON are read alike.
    public var sectors: [String]?
    public var ecosystems: [String]?
    public var technologies: [String]?
    public var keywords: [String]?
    public var description: String?

    public init() {}

    public static let maxTitle = 200
    public static let maxProgramme = 100
    public static let maxFundingBody = 200
    public static let maxLink = 500
    public static let maxActionType = 80
    public static let maxDescription = 20_000
    public static let maxBudget: Int64 = 100_000_000_000
    public static let maxListItems = 60

    /// The opportunity with these values applied to `base` (or a new one), or every broken rule. A new
    /// opportunity's deadline must be to come; an edit that leaves the deadline as it was is not checked
    /// against the clock again, so a closed opportunity can still be corrected.
    public func applied(to base: FundingOpportunity?, reference: ReferenceData, now: Date) throws(ValidationErrors) -> FundingOpportunity {
        var errors = ValidationErrors()
        let epoch = Date(timeIntervalSince1970: 0)
        var o = base ?? FundingOpportunity(title: "", programme: "", fundingBody: "", link: "", opensAt: epoch, deadline: epoch, timeZone: "")
        let isNew = base == nil

        func text(_ value: String?, _ field: String, min: Int, max: Int, keep: inout String) {
            if let value { keep = value.trimmingCharacters(in: .whitespacesAndNewlines) }
            guard isNew || value != nil else { return }
            if keep.isEmpty {
                errors.add(field, "is required")
            } else if keep.count < min {
                errors.add(field, "must be at least \(min) characters")
            } else if keep.count > max {
                errors.add(field, "must be at most \(max) characters")
            }
        }
        text(title, "title", min: 5, max: Self.maxTitle, keep: &o.title)
        text(programme, "programme", min: 2, max: Self.maxProgramme, keep: &o.programme)
        text(fundingBody, "funding_body", min: 2, max: Self.maxFundingBody, keep: &o.fundingBody)
        text(link, "link", min: 1, max: Self.maxLink, keep: &o.link)
        if isNew || link != nil, !o.link.isEmpty, o.link.count <= Self.maxLink, !Organisation.isWebURL(o.link) {
            errors.add("link", "must be an https:// or http:// URL")
        }
        if let description {
            // Browsers send \r\n; the rest is kept as written (trailing spaces are Markdown line breaks).
            o.description = description.replacingOccurrences(of: "\r\n", with: "\n")
            if o.description.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { o.description = "" }
            if o.description.count > Self.maxDescription {
                errors.add("description", "must be at most \(Self.maxDescription) characters (it has \(o.description.count))")
            }
        }
        if let actionType {
            let kept = actionType.trimmingCharacters(in: .whitespacesAndNewlines)
            o.actionType = kept.isEmpty ? nil : kept
            if kept.count > Self.maxActionType { errors.add("action_type", "must be at most \(Self.maxActionType) characters") }
        }
        if let budget { o.budget = Self.euros(budget, &errors) }
        if let cascadeFunding {
            switch cascadeFunding.trimmingCharacters(in: .whitespaces).lowercased() {
            case "", "no", "false", "0": o.cascadeFunding = false
            case "yes", "true", "1", "on": o.cascadeFunding = true
            default: errors.add("cascade_funding", "must be yes or no")
            }
        }
        applyTimes(to: &o, base: base, now: now, errors: &errors)
        applyLists(to: &o, reference: reference, errors: &errors)
        try errors.throwIfAny()
        if !isNew { o.version += 1 }
        return o
    }

    /// A budget in whole euros, or nil (an empty value clears it).
    static func euros(_ raw: String, _ errors: inout ValidationErrors) -> Int64? {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return nil }
        // Thousands separators as people write them (1 500 000, 1,500,000; a no-break space from a
        // spreadsheet), never a decimal point: euros are whole here.
        let digits = trimmed.filter { !($0 == " " || $0 == "," || $0 == "_" || $0 == "\u{00A0}" || $0 == "\u{202F}") }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits.count <= 15, let value = Int64(digits),
            (1...maxBudget).contains(value)
        else {
            errors.add("budget", "must be a whole number of euros between 1 and \(maxBudget), such as 1500000")
            return nil
        }
        return value
    }

    private func applyTimes(to o: inout FundingOpportunity, base: FundingOpportunity?, now: Date, errors: inout ValidationErrors) {
        if let timeZone { o.timeZone = timeZone.trimmingCharacters(in: .whitespaces) }
        let zoneValid = ZonedTime.isValidZone(o.timeZone)
        if base == nil || timeZone != nil, !zoneValid {
            errors.add(
                "time_zone",
                o.timeZone.isEmpty
                    ? "is required: an IANA time zone such as Europe/Brussels"
                    : "must be an IANA time zone such as Europe/Brussels (not \(o.timeZone))")
        }
        let zone = o.timeZone
        func read(_ text: String?, _ field: String) -> Date? {
            guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                if base == nil || text != nil { errors.add(field, "is required: a date and time such as 2026-12-15T17:00") }
                return nil
            }
            if let date = ZonedTime.parse(text, zone: zone) { return date }
            // What went wrong: the text is well formed when it reads in UTC, so it is either a local time
            // that needs a valid zone, or one that the zone skips.
            let wellFormed = ZonedTime.parse(text, zone: "UTC") != nil
            if !wellFormed {
                errors.add(field, "must be a date and time: 2026-12-15T17:00 in the opportunity's time zone, or 2026-12-15T17:00:00+01:00")
            } else if !zoneValid {
                errors.add(field, "is a local time, which needs a valid time_zone (or write an offset: 2026-12-15T17:00:00+01:00)")
            } else {
                errors.add(field, "\(text.trimmingCharacters(in: .whitespaces)) does not exist in \(zone) (the clocks go forward then); choose another time")
            }
            return nil
        }
        let opens = read(opensAt, "opens_at")
        let closes = read(deadline, "deadline")
        if let opens { o.opensAt = opens }
        if let closes {
            // A new opportunity closing in the past would be listed closed from the start: a typo, most likely.
            if closes != base?.deadline && closes <= now {
                errors.add("deadline", "must not be in the past (now is \(ZonedTime.display(now, zone: zoneValid ? zone : "UTC")))")
            }
            o.deadline = closes
        }
        let opensKnown = opens != nil || (base != nil && opensAt == nil)
        let closesKnown = closes != nil || (base != nil && deadline == nil)
        if opensKnown && closesKnown && (opens != nil || closes != nil) && o.deadline <= o.opensAt {
            errors.add("deadline", "must be after opens_at (\(ZonedTime.display(o.opensAt, zone: zoneValid ? zone : "UTC")))")
        }
    }

    private func applyLists(to o: inout FundingOpportunity, reference: ReferenceData, errors: inout ValidationErrors) {
        func cleaned(_ items: [String]) -> [String] {
            var seen = Set<String>()
            return items.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && seen.insert($0).inserted }
        }
        func tooMany(_ field: String, _ items: [String]) -> Bool {
            guard items.count > Self.maxListItems else { return false }
            errors.add(field, "must list at most \(Self.maxListItems) items")
            return true
        }
        if let countries {
            let codes = cleaned(countries.map { $0.uppercased() })
            if !tooMany("countries", codes), let bad = codes.first(where: { reference.country($0) == nil }) {
                errors.add("countries", "\(bad) is not an ISO 3166 alpha-2 country code")
            }
            o.countries = codes
        }
        /// The ids of a list of reference codes, and the first item that is none.
        func ids(_ raw: [String]?, _ field: String, known: (Int) -> Bool, keep: inout [Int]) -> String? {
            guard let raw else { return nil }
            let items = cleaned(raw)
            if tooMany(field, items) { return nil }
            var kept: [Int] = []
            var bad: String?
            for item in items {
                guard item.allSatisfy({ $0.isASCII && $0.isNumber }), let id = Int(item), known(id) else {
                    bad = bad ?? item
                    continue
                }
                if !kept.contains(id) { kept.append(id) }
            }
            keep = kept
            return bad
        }
        if let bad = ids(sectors, "sectors", known: { reference.sector($0) != nil }, keep: &o.sectors) {
            errors.add("sectors", "\(bad) is not a cluster sector id (1 to \(reference.sectors.count))")
        }
        if let bad = ids(ecosystems, "ecosystems", known: { reference.ecosystem($0) != nil }, keep: &o.ecosystems) {
            errors.add("ecosystems", "\(bad) is not an industrial ecosystem id (1 to \(reference.ecosystems.count))")
        }
        if let technologies {
            let items = cleaned(technologies)
            if !tooMany("technologies", items) {
                var kept: [String] = []
                for item in items {
                    // Written as the reference writes it, whatever the case it was typed in.
                    guard let entry = reference.technologies.first(where: { $0.id.caseInsensitiveCompare(item) == .orderedSame }) else {
                        errors.add("technologies", "\(item) is not a key enabling technology id (like KET2009-5 or KET2018-1)")
                        continue
                    }
                    if !kept.contains(entry.id) { kept.append(entry.id) }
                }
                o.technologies = kept
            }
        }
        if let keywords {
            var kept: [String] = []
            for raw in keywords where !raw.trimmingCharacters(in: .whitespaces).isEmpty {
                switch Tag.checked(raw) {
                case .success(let tag): if !kept.contains(tag) { kept.append(tag) }
                case .failure(let problem): errors.add("keywords", "\(raw.trimmingCharacters(in: .whitespaces)): \(problem.rule)")
                }
            }
            if kept.count > Tag.maxPerItem { errors.add("keywords", "must be at most \(Tag.maxPerItem) keywords") }
            o.keywords = kept
        }
    }
}

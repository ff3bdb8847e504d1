import ClusterCollabCore
import Foundation

/// An event as written in a form or as JSON: raw values, each optional so that an edit changes only what it
/// names. Times are read as `ZonedTime` reads a call's: a local `2016-05-27T10:00` in the event's zone (as a
/// `datetime-local` input sends it), or an instant with its offset. `applied(to:)` names every broken rule;
/// nothing is stored when one breaks.
public struct EventInput: Sendable, Equatable {
    public var title: String?
    public var description: String?
    public var kind: String?
    public var startsAt: String?
    public var endsAt: String?
    public var timeZone: String?
    public var venue: String?
    public var onlineLink: String?
    public var organiserID: Int64?
    public var registrationLink: String?
    public var tags: [String]?

    public init() {}

    public static let maxTitle = 200
    public static let maxDescription = 20_000
    public static let maxVenue = 500
    public static let maxLink = 2_000
    /// Longer than a month is a programme, not an event.
    public static let maxDays = 31

    /// The event with these values applied to `base` (or a new draft), or every broken rule.
    public func applied(to base: Event?) throws(ValidationErrors) -> Event {
        var errors = ValidationErrors()
        var event =
            base
            ?? Event(
                title: "", description: "", kind: .conference, startsAt: Date(timeIntervalSince1970: 0),
                endsAt: Date(timeIntervalSince1970: 0), timeZone: "")
        func text(_ value: String?, _ field: String, min: Int, max: Int, keep: inout String) {
            FieldText.read(value, field, checked: base == nil || value != nil, min: min, max: max, keep: &keep, errors: &errors)
        }
        text(title, "title", min: 5, max: Self.maxTitle, keep: &event.title)
        text(description, "description", min: 1, max: Self.maxDescription, keep: &event.description)
        text(venue, "venue", min: 0, max: Self.maxVenue, keep: &event.venue)

        if let kind {
            if let known = EventKind(rawValue: kind.trimmingCharacters(in: .whitespaces)) {
                event.kind = known
            } else {
                errors.add("kind", EventKind.rule)
            }
        } else if base == nil {
            errors.add("kind", "is required: one of \(EventKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }

        func link(_ value: String?, _ field: String, keep: inout String) {
            guard let value else { return }
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty, trimmed.count > Self.maxLink || !Organisation.isWebURL(trimmed) {
                errors.add(field, "must be a web address starting with https:// or http://")
            }
            keep = trimmed
        }
        link(onlineLink, "online_link", keep: &event.onlineLink)
        link(registrationLink, "registration_link", keep: &event.registrationLink)
        if base == nil || venue != nil || onlineLink != nil, event.venue.isEmpty, event.onlineLink.isEmpty {
            errors.add("venue", "is required unless the event has an online_link")
        }

        if let timeZone { event.timeZone = timeZone.trimmingCharacters(in: .whitespaces) }
        let zoneChecked = base == nil || timeZone != nil
        if zoneChecked, !ZonedTime.isValidZone(event.timeZone) {
            errors.add(
                "time_zone",
                event.timeZone.isEmpty
                    ? "is required: an IANA time zone such as Europe/Paris"
                    : "must be an IANA time zone such as Europe/Paris (not \(event.timeZone))")
        }
        func instant(_ value: String?, _ field: String) -> Date? {
            guard let value else {
                if base == nil { errors.add(field, "is required: a date and time such as 2016-05-27T10:00") }
                return nil
            }
            switch ZonedTime.read(value, zone: event.timeZone) {
            case .instant(let date):
                return date
            case .malformed:
                errors.add(field, "must be a date and time: 2016-05-27T10:00 in the event's time zone, or 2016-05-27T10:00:00+02:00")
            case .nonexistent:
                errors.add(
                    field, "\(value.trimmingCharacters(in: .whitespaces)) does not exist in \(event.timeZone) (the clocks go forward then); choose another time"
                )
            case .needsZone:
                // The zone's own error already says what is wrong.
                if !zoneChecked || ZonedTime.isValidZone(event.timeZone) {
                    errors.add(field, "is a local time, which needs a valid time_zone (or write an offset: 2016-05-27T10:00:00+02:00)")
                }
            }
            return nil
        }
        let starts = instant(startsAt, "starts_at")
        let ends = instant(endsAt, "ends_at")
        if let starts { event.startsAt = starts }
        if let ends { event.endsAt = ends }
        if starts != nil || ends != nil, startsAt == nil || starts != nil, endsAt == nil || ends != nil {
            if event.endsAt <= event.startsAt {
                errors.add("ends_at", "must be after starts_at")
            } else if event.endsAt.timeIntervalSince(event.startsAt) > Double(Self.maxDays) * 86_400 {
                errors.add("ends_at", "must be at most \(Self.maxDays) days after starts_at")
            }
        }

        if let organiserID {
            if organiserID <= 0 { errors.add("organiser_id", "must be an organisation's id, a positive number") }
            event.organiserID = organiserID
        }
        if let tags { event.tags = Tag.checked(tags, field: "tags", into: &errors) }
        try errors.throwIfAny()
        return event
    }
}

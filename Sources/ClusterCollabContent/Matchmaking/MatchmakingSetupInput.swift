import ClusterCollabCore
import Foundation

/// A matchmaking setup as written in the organiser's form or as JSON: raw values, each optional so that an
/// edit changes only what it names. A session is one line, `2027-03-10 09:00-17:00 break 12:30-13:30`
/// (any number of breaks, separated by commas); dates are read in the event's zone as `EventInput` reads
/// them. `applied(to:event:)` names every broken rule; nothing is stored when one breaks.
public struct MatchmakingSetupInput: Sendable, Equatable {
    public var sessions: [String]?
    public var slotMinutes: String?
    public var tables: String?
    public var onlineRooms: Bool?
    public var registrationOpens: String?
    public var bookingOpens: String?
    public var bookingCloses: String?
    public var followUpCloses: String?
    public var validatesParticipants: Bool?
    public var requestLimit: String?

    public init() {}

    public static let maxSessions = 14
    public static let maxSlots = 64
    public static let maxTables = 1_000
    public static let maxRequestLimit = 200
    static let sessionRule = "must be one line per day: 2027-03-10 09:00-17:00, optionally followed by break 12:30-13:30 (breaks separated by commas)"

    /// Reads one session line, or nil when it is not one.
    public static func session(_ line: String) -> MatchmakingSession? {
        let text = line.trimmingCharacters(in: .whitespaces)
        let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2, CalendarDay.isValid(parts[0]) else { return nil }
        var rest = parts[1].trimmingCharacters(in: .whitespaces)
        var breaksText = ""
        if let range = rest.range(of: "break", options: .caseInsensitive) {
            breaksText = String(rest[range.upperBound...])
            rest = String(rest[..<range.lowerBound])
        }
        guard let hours = range(rest.trimmingCharacters(in: CharacterSet(charactersIn: " ,"))) else { return nil }
        var breaks: [MatchmakingSession.Break] = []
        for piece in breaksText.split(separator: ",") {
            let trimmed = piece.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "break ", with: "")
            guard let b = range(trimmed) else { return nil }
            breaks.append(.init(starts: b.0, ends: b.1))
        }
        return MatchmakingSession(day: parts[0], starts: hours.0, ends: hours.1, breaks: breaks.sorted { $0.starts < $1.starts })
    }

    /// "09:00-17:00" as minutes, start before end.
    static func range(_ text: String) -> (Int, Int)? {
        let ends = text.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
        guard ends.count == 2, let a = minutes(ends[0]), let b = minutes(ends[1]), a < b else { return nil }
        return (a, b)
    }

    static func minutes(_ text: String) -> Int? {
        let hm = text.split(separator: ":")
        guard hm.count == 2, hm[0].count <= 2, hm[1].count == 2, let h = Int(hm[0]), let m = Int(hm[1]), (0...24).contains(h), (0..<60).contains(m),
            h * 60 + m <= 24 * 60
        else { return nil }
        return h * 60 + m
    }

    /// The line `session(_:)` reads back.
    public static func line(_ session: MatchmakingSession) -> String {
        var text = "\(session.day) \(MatchmakingSession.clock(session.starts))-\(MatchmakingSession.clock(session.ends))"
        if !session.breaks.isEmpty {
            text += " break " + session.breaks.map { "\(MatchmakingSession.clock($0.starts))-\(MatchmakingSession.clock($0.ends))" }.joined(separator: ", ")
        }
        return text
    }

    /// The setup with these values applied to `base` (or a new one for `event`), or every broken rule.
    public func applied(to base: MatchmakingSetup?, event: Event) throws(ValidationErrors) -> MatchmakingSetup {
        var errors = ValidationErrors()
        let zone = event.timeZone
        var setup =
            base
            ?? MatchmakingSetup(
                eventID: event.id, registrationOpens: event.startsAt, bookingOpens: event.startsAt, bookingCloses: event.startsAt,
                followUpCloses: event.endsAt)
        if let sessions {
            let lines = sessions.flatMap { $0.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n") }.map {
                $0.trimmingCharacters(in: .whitespaces)
            }.filter { !$0.isEmpty }
            var read: [MatchmakingSession] = []
            for (i, line) in lines.enumerated() {
                guard let session = Self.session(line) else {
                    errors.add("sessions", "line \(i + 1) (\(line.prefix(60))) \(Self.sessionRule)")
                    continue
                }
                if let b = session.breaks.first(where: { $0.starts < session.starts || $0.ends > session.ends }) {
                    errors.add(
                        "sessions",
                        "line \(i + 1): the break \(MatchmakingSession.clock(b.starts))-\(MatchmakingSession.clock(b.ends)) must be within the day's hours")
                }
                read.append(session)
            }
            if lines.isEmpty { errors.add("sessions", "is required: \(Self.sessionRule)") }
            if lines.count > Self.maxSessions { errors.add("sessions", "must be at most \(Self.maxSessions) days") }
            read.sort { ($0.day, $0.starts) < ($1.day, $1.starts) }
            for (a, b) in zip(read, read.dropFirst()) where a.day == b.day && b.starts < a.ends {
                errors.add("sessions", "must not overlap: two sessions on \(a.day) share hours")
            }
            setup.sessions = read
        } else if base == nil {
            errors.add("sessions", "is required: \(Self.sessionRule)")
        }
        func number(_ value: String?, _ field: String, _ range: ClosedRange<Int>, keep: inout Int) {
            guard let value else {
                if base == nil { errors.add(field, "is required: a whole number from \(range.lowerBound) to \(range.upperBound)") }
                return
            }
            guard let n = Int(value.trimmingCharacters(in: .whitespaces)), range.contains(n) else {
                errors.add(field, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
                return
            }
            keep = n
        }
        number(slotMinutes, "slot_minutes", 5...240, keep: &setup.slotMinutes)
        number(tables, "tables", 1...Self.maxTables, keep: &setup.tables)
        if requestLimit != nil || base == nil {
            number(requestLimit ?? "20", "request_limit", 1...Self.maxRequestLimit, keep: &setup.requestLimit)
        }
        if let onlineRooms { setup.onlineRooms = onlineRooms }
        if let validatesParticipants { setup.validatesParticipants = validatesParticipants }
        if setup.onlineRooms, event.onlineLink.isEmpty {
            errors.add("online_rooms", "needs the event's online link, from which each room's link is made")
        }

        func instant(_ value: String?, _ field: String, keep: inout Date) {
            guard let value else {
                if base == nil { errors.add(field, "is required: a date and time such as 2027-03-01T09:00 in the event's time zone") }
                return
            }
            switch ZonedTime.read(value, zone: zone) {
            case .instant(let date): keep = date
            case .nonexistent: errors.add(field, "\(value.prefix(40)) does not exist in \(zone) (the clocks go forward then); choose another time")
            case .malformed, .needsZone:
                errors.add(field, "must be a date and time: 2027-03-01T09:00 in the event's time zone, or 2027-03-01T09:00:00+01:00")
            }
        }
        instant(registrationOpens, "registration_opens", keep: &setup.registrationOpens)
        instant(bookingOpens, "booking_opens", keep: &setup.bookingOpens)
        instant(bookingCloses, "booking_closes", keep: &setup.bookingCloses)
        instant(followUpCloses, "follow_up_closes", keep: &setup.followUpCloses)
        if errors.fields.isEmpty {
            if setup.bookingOpens < setup.registrationOpens { errors.add("booking_opens", "must not be before registration_opens") }
            if setup.bookingCloses <= setup.bookingOpens { errors.add("booking_closes", "must be after booking_opens") }
            if setup.bookingCloses > event.endsAt { errors.add("booking_closes", "must not be after the event ends") }
            if setup.followUpCloses <= event.endsAt { errors.add("follow_up_closes", "must be after the event ends") }
            let slots = setup.slots(timeZone: zone)
            if slots.isEmpty {
                errors.add("sessions", "must hold at least one slot of \(setup.slotMinutes) minutes")
            } else if slots.count > Self.maxSlots {
                errors.add("sessions", "must give at most \(Self.maxSlots) slots in all; these give \(slots.count)")
            } else if let outside = slots.first(where: { $0.startsAt < event.startsAt || $0.endsAt > event.endsAt }) {
                errors.add(
                    "sessions",
                    "must lie within the event's dates; the slot at \(ZonedTime.localInput(outside.startsAt, zone: zone).replacingOccurrences(of: "T", with: " ")) does not"
                )
            }
        }
        try errors.throwIfAny()
        return setup
    }
}

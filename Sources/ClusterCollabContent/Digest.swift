import Foundation

/// An ISO 8601 week (`2016-W23`: Monday 6 to Sunday 12 June 2016), in UTC: what a weekly digest is named
/// by. Week 1 is the week with the year's first Thursday, so 1 January may belong to the year before.
public struct ISOWeek: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let week: Int

    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// The week, or nil when the year has no such week (only some years have a week 53).
    public init?(year: Int, week: Int) {
        guard (1970...9999).contains(year), (1...53).contains(week) else { return nil }
        self.year = year
        self.week = week
        guard ISOWeek.containing(start) == self else { return nil }
    }

    /// `2016-W23` (as the digest's address writes it); nil for anything else.
    public init?(_ text: String) {
        let b = Array(text.utf8)
        guard b.count == 8, b[4] == UInt8(ascii: "-"), b[5] == UInt8(ascii: "W"),
            b.enumerated().allSatisfy({ $0.offset == 4 || $0.offset == 5 || (48...57).contains($0.element) }),
            let year = Int(String(text.prefix(4))), let week = Int(String(text.suffix(2)))
        else { return nil }
        self.init(year: year, week: week)
    }

    private init(unchecked year: Int, week: Int) {
        self.year = year
        self.week = week
    }

    /// The week `date` falls in (UTC).
    public static func containing(_ date: Date) -> ISOWeek {
        let parts = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
        return ISOWeek(unchecked: parts.yearForWeekOfYear ?? 1970, week: parts.weekOfYear ?? 1)
    }

    /// Monday, 00:00 UTC.
    public var start: Date {
        Self.calendar.date(from: DateComponents(weekday: 2, weekOfYear: week, yearForWeekOfYear: year)) ?? Date(timeIntervalSince1970: 0)
    }

    /// The next Monday, 00:00 UTC (excluded).
    public var end: Date { start.addingTimeInterval(7 * 86_400) }

    public var previous: ISOWeek { ISOWeek.containing(start.addingTimeInterval(-86_400)) }
    public var next: ISOWeek { ISOWeek.containing(end) }

    public var description: String { "\(year)-W\(week < 10 ? "0" : "")\(week)" }

    public static func < (a: ISOWeek, b: ISOWeek) -> Bool { (a.year, a.week) < (b.year, b.week) }
}

/// When a weekly digest is sent and what it covers.
///
/// The digest of a week lists what was new in it (news, partner searches, organisations) and what comes
/// next (events, and calls and funding opportunities closing) from the moment it looks ahead: the week's
/// end for a week that is over, now for the week under way. It is sent once the week is over, on the
/// configured weekday and hour of the next week (Monday 07:00 UTC unless told): a week's e-mail never
/// misses what was published on its Sunday.
public struct DigestSchedule: Sendable, Equatable {
    /// 1 = Monday ... 7 = Sunday.
    public var weekday: Int
    /// 0 to 23, UTC.
    public var hour: Int
    /// How far ahead events, calls and funding opportunities are listed.
    public static let lookAhead: TimeInterval = 21 * 86_400

    public init(weekday: Int = 1, hour: Int = 7) {
        self.weekday = min(max(weekday, 1), 7)
        self.hour = min(max(hour, 0), 23)
    }

    /// The week whose digest is due at `now`: last week once this week's sending time has come, else
    /// nil (nothing to send yet this week). A sender that was down sends it when it comes back in the
    /// same week; a week missed entirely is not sent late.
    public func due(at now: Date) -> ISOWeek? {
        let current = ISOWeek.containing(now)
        let sendingTime = current.start.addingTimeInterval(Double(weekday - 1) * 86_400 + Double(hour) * 3600)
        return now >= sendingTime ? current.previous : nil
    }

    /// What `week`'s digest covers, seen at `now`: the week's own days for what is new, and from its end
    /// (or now, for the week under way) `lookAhead` ahead for what comes next.
    public static func window(of week: ISOWeek, now: Date) -> (new: Range<Date>, ahead: Range<Date>) {
        let from = min(now, week.end)
        return (week.start..<week.end, from..<from.addingTimeInterval(lookAhead))
    }
}

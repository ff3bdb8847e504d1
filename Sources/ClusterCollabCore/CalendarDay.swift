import Foundation

/// ISO calendar days in UTC, the form deadlines and agreement dates are written in.
public enum CalendarDay {
    private static let lock = NSLock()
    private static let formatter: DateFormatter = {
        let f = DateFormatter()
        f.calendar = Calendar(identifier: .iso8601)
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f
    }()

    /// The UTC day of an instant.
    public static func of(_ date: Date) -> String { lock.withLock { formatter.string(from: date) } }

    /// Whether `text` is a real day written `YYYY-MM-DD` (rejects `2026-02-30`).
    public static func isValid(_ text: String) -> Bool {
        guard text.count == 10, let date = lock.withLock({ formatter.date(from: text) }) else { return false }
        return of(date) == text
    }

    /// The start (UTC) of a day written `YYYY-MM-DD`; nil when it is not a real day.
    public static func date(_ text: String) -> Date? {
        guard isValid(text) else { return nil }
        return lock.withLock { formatter.date(from: text) }
    }

    /// `text` moved by `days`.
    public static func adding(_ days: Int, to date: Date) -> String { of(date.addingTimeInterval(Double(days) * 86_400)) }
}

import Foundation

/// A deadline reminder due to the people concerned by one thing (the lead team of a draft expression of
/// interest, the followers of a partner search): the notice they are told, and the key under which each
/// person's reminder is recorded as sent, so that it goes once whatever the instances and restarts.
public struct Reminder: Sendable, Equatable {
    /// Names the thing and its deadline (`eoi-deadline:12:2026-12-15T16:00:00+00:00`,
    /// `search-expiry:7:2026-12-31`): a reminder already sent for a deadline never goes again, and a
    /// deadline moved later brings a new one.
    public var key: String
    public var notice: Notice

    public init(key: String, notice: Notice) {
        self.key = key
        self.notice = notice
    }
}

/// How many days before a deadline reminders go: before a call closes to the lead teams of its draft
/// expressions of interest (`CLUSTERCOLLAB_REMINDER_DAYS`), and before a partner search's last day to
/// its followers (`CLUSTERCOLLAB_SEARCH_REMINDER_DAYS`); seven days each unless told.
public struct ReminderSchedule: Sendable, Equatable {
    public var expressionOfInterestDays: Int
    public var partnerSearchDays: Int
    /// The days an operator may choose.
    public static let allowedDays: ClosedRange<Int> = 1...90

    public init(expressionOfInterestDays: Int = 7, partnerSearchDays: Int = 7) {
        self.expressionOfInterestDays = min(max(expressionOfInterestDays, Self.allowedDays.lowerBound), Self.allowedDays.upperBound)
        self.partnerSearchDays = min(max(partnerSearchDays, Self.allowedDays.lowerBound), Self.allowedDays.upperBound)
    }
}

import ClusterCollabCore
import Foundation

extension ExpressionOfInterest {
    /// When the lead team of a draft in `call` is reminded: `days` days before the call closes, at the same
    /// time of day in the call's time zone (so a change of summer time in between moves nothing).
    public static func reminderTime(of call: Call, days: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: ZonedTime.isValidZone(call.timeZone) ? call.timeZone : "UTC") ?? TimeZone(secondsFromGMT: 0)!
        return calendar.date(byAdding: .day, value: -days, to: call.closesAt) ?? call.closesAt.addingTimeInterval(Double(-days) * 86_400)
    }

    /// The latest closing instant of the calls whose drafts may be due a reminder at `now`: a day more
    /// than `days` ahead covers any change of summer time, and `deadlineReminder` decides exactly.
    public static func reminderHorizon(days: Int, at now: Date) -> Date {
        now.addingTimeInterval(Double(days + 1) * 86_400)
    }

    /// The reminder due at `now` to this expression of interest's lead team: while it is a draft, its call
    /// still takes expressions of interest, and the reminder time (`reminderTime`) has come. Nil for a
    /// submitted or withdrawn one, a call closed (or not open yet), or a deadline still further away.
    /// `consortium` names the partner search the expression of interest is for.
    public func deadlineReminder(call: Call, consortium: String, days: Int, at now: Date) -> Reminder? {
        guard status == .draft, call.id == callID, call.acceptsExpressionsOfInterest(at: now),
            now >= Self.reminderTime(of: call, days: days)
        else { return nil }
        return Reminder(
            key: "eoi-deadline:\(id):\(ZonedTime.iso8601(call.closesAt, zone: "UTC"))",
            notice: Notice(
                "eoi-deadline-reminder", link: Routes.expressionOfInterest.path(id),
                ["call": call.title, "consortium": consortium, "closes_time": Notice.instant(call.closesAt, zone: call.timeZone)]))
    }
}

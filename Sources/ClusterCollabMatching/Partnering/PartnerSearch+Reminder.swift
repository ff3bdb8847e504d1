import ClusterCollabCore
import Foundation

extension PartnerSearch {
    /// The last deadline of the searches that may be due a reminder on `today`: `days` days ahead.
    public static func reminderHorizon(days: Int, today: String) -> String {
        guard let start = CalendarDay.date(today) else { return today }
        return CalendarDay.adding(days, to: start)
    }

    /// The reminder due on `today` (a UTC day, as `isOpen` takes it) to the search's followers: while it
    /// is open and its deadline, the last day it takes interest, is at most `days` days away. Nil for a
    /// search without a deadline, closed, with its consortium formed, or past its deadline.
    public func expiryReminder(days: Int, today: String) -> Reminder? {
        guard isOpen(today: today), let deadline, let last = CalendarDay.date(deadline), deadline <= Self.reminderHorizon(days: days, today: today)
        else { return nil }
        // The day in each language's words: a notice keeps its values, and the bell shows it in the
        // language its reader speaks that day.
        var values = ["search": title, "deadline": Languages.english.date(last)]
        for language in Languages.all where language.code != Languages.english.code {
            values["deadline@\(language.code)"] = language.date(last)
        }
        return Reminder(
            key: "search-expiry:\(id):\(deadline)", notice: Notice("search-expiry-reminder", link: Routes.partnerSearch.path(id), values))
    }
}

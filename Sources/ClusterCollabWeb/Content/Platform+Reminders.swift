import ClusterCollabCalls
import ClusterCollabCore
import ClusterCollabMatching
import ClusterCollabStorage
import Foundation
import ServiceLifecycle

extension Platform {
    /// Sends every deadline reminder due at `now` that has not gone yet: to the lead team of each draft
    /// expression of interest of a call closing within `schedule.expressionOfInterestDays`, and to the
    /// followers of each open partner search whose last day is within `schedule.partnerSearchDays`.
    /// Returns how many people were told. Safe to run on several instances at once and again after a
    /// restart: each person's reminder is claimed by its `reminder_sends` row in the same transaction.
    @discardableResult
    public func sendReminders(now: Date = Date(), schedule: ReminderSchedule? = nil) async throws -> Int {
        let schedule = schedule ?? configuration.reminderSchedule
        var told = 0
        let days = schedule.expressionOfInterestDays
        let horizon = ExpressionOfInterest.reminderHorizon(days: days, at: now)
        for draft in try await reminders.drafts(closingAfter: now, through: horizon) where !draft.team.isEmpty {
            guard let reminder = draft.application.deadlineReminder(call: draft.call, consortium: draft.consortium, days: days, at: now) else { continue }
            told += try await reminders.send(reminder, to: draft.team, now: now)
        }
        let today = CalendarDay.of(now)
        let last = PartnerSearch.reminderHorizon(days: schedule.partnerSearchDays, today: today)
        for followed in try await reminders.followedSearches(expiringFrom: today, through: last) where !followed.followers.isEmpty {
            guard let reminder = followed.search.expiryReminder(days: schedule.partnerSearchDays, today: today) else { continue }
            told += try await reminders.send(reminder, to: followed.followers, now: now)
        }
        return told
    }
}

/// Sends the deadline reminders that are due (`Platform.sendReminders`): it looks a minute after start
/// and then every five minutes, so a reminder goes at most a few minutes after its time, and one whose
/// time passed while every instance was down goes when one comes back (before the deadline).
struct ReminderService: Service {
    let platform: Platform
    var interval: Duration = .seconds(300)

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            var wait: Duration = .seconds(60)
            while !Task.isCancelled {
                try await Task.sleep(for: wait)
                wait = interval
                do {
                    let told = try await platform.sendReminders()
                    if told > 0 { platform.logger.info("deadline reminders sent", metadata: ["people": "\(told)"]) }
                } catch is CancellationError { return } catch {
                    platform.logger.warning("deadline reminders failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}

import ClusterCollabCore
import ClusterCollabStorage
import Foundation
import ServiceLifecycle

extension Platform {
    /// Sends every deadline reminder due at `now` that has not gone yet (`ReminderRepository.sendDue`),
    /// with the configured days unless `schedule` says otherwise; returns how many people were told. Safe
    /// to run on several instances at once and again after a restart: each person's reminder is claimed
    /// by its `reminder_sends` row in the same transaction as its notification and e-mail.
    @discardableResult
    public func sendReminders(now: Date = Date(), schedule: ReminderSchedule? = nil) async throws -> Int {
        try await reminders.sendDue(now: now, schedule: schedule ?? configuration.reminderSchedule)
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

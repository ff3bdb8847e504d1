import ClusterCollabCalls
import ClusterCollabCore
import Foundation
import Testing

/// The reminder to the lead team of a draft expression of interest, without a database: when it is due,
/// what it says, and when there is none.
@Suite struct DeadlineReminderTests {
    // Opens 2026-09-01T09:00 Brussels; closes 2026-10-30T17:00 CET (16:00Z), five days after the clocks
    // went back on 25 October.
    let opens = Date(timeIntervalSince1970: 1_788_246_000)
    let closes = Date(timeIntervalSince1970: 1_793_376_000)

    func call(zone: String = "Europe/Brussels", closesAt: Date? = nil, state: Call.State = .published) -> Call {
        Call(
            id: 3, title: "ESCP-S3 2026", programme: "ESCP-S3", thematicAreas: ["Drones"], opensAt: opens, closesAt: closesAt ?? closes,
            timeZone: zone, state: state)
    }

    func application(_ status: ExpressionOfInterest.Status = .draft) -> ExpressionOfInterest {
        ExpressionOfInterest(
            id: 42, callID: 3, searchID: 8, leadID: 1, status: status, answers: [:], memberIDs: [], version: 2, reference: nil, digest: nil,
            submittedAt: nil, rulesVersion: nil, eligibility: [], decision: nil, decisionReason: nil, scores: [:], selected: false,
            createdAt: opens, updatedAt: opens)
    }

    @Test func aDraftIsRemindedFromTheConfiguredDaysBeforeTheCallClosesUntilItCloses() throws {
        // given a draft and the default seven days; 2026-10-23T17:00 CEST is 15:00Z
        let sevenDaysBefore = Date(timeIntervalSince1970: 1_792_767_600)
        // then nothing is due a second earlier, and the reminder is due from then until the deadline
        #expect(application().deadlineReminder(call: call(), consortium: "Drones", days: 7, at: sevenDaysBefore.addingTimeInterval(-1)) == nil)
        let reminder = try #require(application().deadlineReminder(call: call(), consortium: "Drones", days: 7, at: sevenDaysBefore))
        #expect(reminder.key == "eoi-deadline:42:2026-10-30T16:00:00+00:00")
        #expect(reminder.notice.kind == "eoi-deadline-reminder")
        #expect(reminder.notice.link == "/applications/42")
        let lastMinute = try #require(application().deadlineReminder(call: call(), consortium: "Drones", days: 7, at: closes.addingTimeInterval(-60)))
        #expect(lastMinute == reminder, "a reminder missed while every instance was down goes late, under the same key")
        #expect(application().deadlineReminder(call: call(), consortium: "Drones", days: 7, at: closes) == nil, "the call has closed")
        // and with three days configured, not before three days ahead
        #expect(application().deadlineReminder(call: call(), consortium: "Drones", days: 3, at: sevenDaysBefore) == nil)
        #expect(application().deadlineReminder(call: call(), consortium: "Drones", days: 3, at: closes.addingTimeInterval(-3 * 86_400)) != nil)
    }

    @Test func theDaysAreCountedInTheCallsTimeZoneAcrossAChangeOfSummerTime() {
        // 17:00 on 30 October (CET) minus seven days is 17:00 on 23 October (CEST), 15:00Z: not 16:00Z,
        // as seven times 24 hours would make it.
        #expect(ExpressionOfInterest.reminderTime(of: call(), days: 7) == Date(timeIntervalSince1970: 1_792_767_600))
        // New York's clocks go back on 1 November: 17:00 EST on 5 November (22:00Z) minus seven days is
        // 17:00 EDT on 29 October, 21:00Z.
        let newYork = call(zone: "America/New_York", closesAt: Date(timeIntervalSince1970: 1_793_916_000))
        #expect(ExpressionOfInterest.reminderTime(of: newYork, days: 7) == Date(timeIntervalSince1970: 1_793_307_600))
        // The horizon the repository reads up to is never nearer than the reminder time.
        #expect(ExpressionOfInterest.reminderHorizon(days: 7, at: Date(timeIntervalSince1970: 1_792_767_600)) >= closes)
    }

    @Test func theReminderSaysWhenTheCallClosesInTheDeadlinesZoneAndTheReadersLanguage() throws {
        let reminder = try #require(
            application().deadlineReminder(call: call(), consortium: "Drones for farms", days: 7, at: closes.addingTimeInterval(-3_600)))
        let english = reminder.notice.rendered(name: "Ana", publicURL: "https://clusters.example.eu")
        #expect(english.subject == "Reminder: “ESCP-S3 2026” closes on 30 October 2026, 17:00 CET (Europe/Brussels)")
        #expect(english.body.contains("The expression of interest of “Drones for farms” in the call “ESCP-S3 2026” is still a draft."))
        #expect(english.body.contains("https://clusters.example.eu/applications/42"))
        let french = reminder.notice.rendered(name: "Ana", publicURL: "https://clusters.example.eu", in: try #require(Languages.named("fr")))
        #expect(french.subject.hasPrefix("Rappel : « ESCP-S3 2026 » se clôt le 30 octobre 2026 à 17:00"))
        #expect(french.subject.hasSuffix("(Europe/Brussels)"))
        #expect(french.body.contains("https://clusters.example.eu/applications/42"))
        // A call in another zone is written in its own zone: 17:00 in New York.
        let newYork = call(zone: "America/New_York", closesAt: Date(timeIntervalSince1970: 1_793_916_000))
        let there = try #require(application().deadlineReminder(call: newYork, consortium: "Drones", days: 7, at: Date(timeIntervalSince1970: 1_793_907_600)))
        #expect(there.notice.rendered(publicURL: "https://clusters.example.eu").subject.contains("5 November 2026, 17:00"))
        #expect(there.notice.rendered(publicURL: "https://clusters.example.eu").subject.hasSuffix("(America/New_York)"))
    }

    @Test func submittedOrWithdrawnExpressionsOfInterestAndCallsNotOpenGetNone() {
        let due = closes.addingTimeInterval(-86_400)
        #expect(application(.submitted).deadlineReminder(call: call(), consortium: "Drones", days: 7, at: due) == nil)
        #expect(application(.withdrawn).deadlineReminder(call: call(), consortium: "Drones", days: 7, at: due) == nil)
        #expect(application().deadlineReminder(call: call(state: .evaluated), consortium: "Drones", days: 7, at: due) == nil)
        #expect(application().deadlineReminder(call: call(state: .draft), consortium: "Drones", days: 7, at: due) == nil)
        #expect(application().deadlineReminder(call: call(), consortium: "Drones", days: 7, at: closes.addingTimeInterval(86_400)) == nil)
    }

    @Test func aDeadlineMovedLaterBringsANewKey() throws {
        let first = try #require(application().deadlineReminder(call: call(), consortium: "Drones", days: 7, at: closes.addingTimeInterval(-86_400)))
        let extended = call(closesAt: closes.addingTimeInterval(7 * 86_400))
        let second = try #require(application().deadlineReminder(call: extended, consortium: "Drones", days: 7, at: closes.addingTimeInterval(6 * 86_400)))
        #expect(first.key != second.key)
    }
}

import ClusterCollabCalls
import ClusterCollabCore
import ClusterCollabMatching
import ClusterCollabStorage
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Deadline reminders through the platform: the lead team of a draft expression of interest and the
/// followers of a partner search are told once, by e-mail and in the bell, some days before the deadline.
@Suite struct RemindersTests {
    func reminders(_ platform: Platform, to email: String) async throws -> [OutboxRow] {
        try await platform.outbox.list(page: 1, perPage: 500).rows.filter { $0.recipient == email && $0.kind.hasSuffix("-reminder") }
    }

    @Test func aDraftsLeadTeamAndASearchsFollowersAreRemindedOnceByEmailAndInTheBell() async throws {
        try await withApp(demo: false) { client, platform in
            // given a draft expression of interest, started through the API, in a call closing in three days
            let team = try await CallsTests.consortium(platform, "Alpha", partners: [])
            let call = try await CallsTests.call(platform, closesIn: 3 * 86_400)
            let created = try await client.send(.post, "/api/v1/calls/\(call.id)/applications", json: #"{"search_id": \#(team.search)}"#, token: team.token)
            #expect(created.status == .created)
            let draft = try #require((try created.json["id"] as? NSNumber)?.int64Value)
            // and a partner search taking interest until the day after tomorrow, which someone follows
            var input = PartnerSearchInput()
            input.title = "Drones over vineyards"; input.kind = "research-cooperation"
            input.description = "Partners for drone surveys of vineyards."; input.competences = ["keyword:drone"]
            input.deadline = CalendarDay.adding(2, to: Date())
            let search = try await platform.partnerSearches.create(
                try input.applied(to: nil, ownerID: team.lead.id, reference: platform.reference, today: platform.today), createdBy: nil, actor: "test")
            let (follower, _) = try await PartneringTests.teamMember(of: team.lead.id, "follower", platform: platform)
            try await platform.partnerSearches.follow(searchID: search.search.id, userID: follower.id, true)

            // when the reminders are sent with two days' notice: neither is due yet
            #expect(try await platform.sendReminders(schedule: ReminderSchedule(expressionOfInterestDays: 2, partnerSearchDays: 1)) == 0)
            // when they are sent with the default seven days, twice
            let told = try await platform.sendReminders()
            #expect(try await platform.sendReminders() == 0)

            // then the lead team (the author and the follower, both in it) heard of the draft, the
            // follower of the search, once each
            #expect(told == 3)
            let toAuthor = try await reminders(platform, to: team.user.email)
            #expect(toAuthor.count == 1)
            let mail = try #require(toAuthor.first)
            #expect(mail.subject.hasPrefix("Reminder: “\(call.title)” closes on "))
            #expect(mail.subject.hasSuffix("(Europe/Brussels)"))
            #expect(mail.bodyText.contains("https://clusters.example.eu/applications/\(draft)"))
            #expect(mail.unsubscribeURL?.hasPrefix("https://clusters.example.eu/unsubscribe/") == true)
            let toFollower = try await reminders(platform, to: follower.email).map(\.subject).sorted()
            #expect(toFollower.count == 2)
            #expect(toFollower.contains("Reminder: “Drones over vineyards” closes after \(Languages.english.date(CalendarDay.date(input.deadline!)!))"))

            // and the bell shows it, with the link to the expression of interest
            let browser = try await TeamsAndModerationTests.login(client, team.user.email)
            let bell = try await browser.get("/notifications")
            #expect(bell.status == .ok)
            #expect(bell.text.contains("href=\"/applications/\(draft)\""))
            #expect(bell.text.contains("is still a draft"))
        }
    }

    @Test func withDeadlineRemindersUntickedInTheEmailSettingsOnlyTheBellRings() async throws {
        try await withApp(demo: false) { client, platform in
            // given a draft in a call closing tomorrow, and its author's e-mail settings in French
            let team = try await CallsTests.consortium(platform, "Beta", partners: [])
            let call = try await CallsTests.call(platform, closesIn: 86_400)
            let draft = try await platform.calls.createDraft(callID: call.id, searchID: team.search, leadID: team.lead.id, userID: team.user.id)
            let browser = try await TeamsAndModerationTests.login(client, team.user.email)
            let form = try await browser.get("/account/emails?lang=fr")
            #expect(form.text.contains(#"name="reminders" value="on" checked"#))
            #expect(form.text.contains("Rappels d’échéance"))
            // when every kind but deadline reminders stays ticked
            let kept = OptionalEmail.allCases.filter { $0 != .reminders }.map { ($0.rawValue, "on") }
            #expect(try await browser.post("/account/emails", kept).status == .seeOther)
            #expect(try await platform.sendReminders() == 1)
            // then no e-mail is written, but the bell shows the reminder
            #expect(try await reminders(platform, to: team.user.email).isEmpty)
            let bell = try await platform.notifications.list(userID: team.user.id)
            #expect(bell.filter { $0.kind == "eoi-deadline-reminder" }.map(\.link) == ["/applications/\(draft.id)"])
        }
    }

    @Test func theEnvironmentSetsTheDaysAndTurnsTheSenderOff() throws {
        var configuration = AppConfiguration()
        try configuration.applySecurityEnvironment([:])
        #expect(configuration.reminderSchedule == ReminderSchedule(expressionOfInterestDays: 7, partnerSearchDays: 7))
        #expect(configuration.sendsReminders)
        try configuration.applySecurityEnvironment([
            "CLUSTERCOLLAB_REMINDER_DAYS": "3", "CLUSTERCOLLAB_SEARCH_REMINDER_DAYS": "14", "CLUSTERCOLLAB_REMINDERS": "off",
        ])
        #expect(configuration.reminderSchedule == ReminderSchedule(expressionOfInterestDays: 3, partnerSearchDays: 14))
        #expect(!configuration.sendsReminders)
        for wrong in ["0", "91", "seven"] {
            #expect(throws: ConfigurationError.self) { try configuration.applySecurityEnvironment(["CLUSTERCOLLAB_REMINDER_DAYS": wrong]) }
        }
    }
}

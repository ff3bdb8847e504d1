import ClusterCollabCore
import ClusterCollabMatching
import Foundation
import Testing

/// The reminder to a partner search's followers before its deadline, the last day it takes interest,
/// without a database.
@Suite struct PartnerSearchReminderTests {
    func search(deadline: String? = "2026-12-31", status: PartnerSearch.Status = .open) -> PartnerSearch {
        PartnerSearch(
            id: 7, ownerID: 1, title: "Drones for industry", kind: .projectConsortium, description: "A consortium.", competences: [],
            deadline: deadline, status: status)
    }

    @Test func followersAreRemindedFromTheConfiguredDaysBeforeTheLastDayUntilIt() throws {
        #expect(search().expiryReminder(days: 7, today: "2026-12-23") == nil)
        let reminder = try #require(search().expiryReminder(days: 7, today: "2026-12-24"))
        #expect(reminder.key == "search-expiry:7:2026-12-31")
        #expect(reminder.notice.kind == "search-expiry-reminder")
        #expect(reminder.notice.link == "/partner-searches/7")
        #expect(search().expiryReminder(days: 7, today: "2026-12-31") == reminder, "the last day still takes interest")
        #expect(search().expiryReminder(days: 7, today: "2027-01-01") == nil, "past its deadline the search is closed")
        #expect(search().expiryReminder(days: 2, today: "2026-12-28") == nil)
        #expect(search().expiryReminder(days: 2, today: "2026-12-29") != nil)
        #expect(PartnerSearch.reminderHorizon(days: 7, today: "2026-12-24") == "2026-12-31")
        #expect(PartnerSearch.reminderHorizon(days: 7, today: "2026-02-25") == "2026-03-04")
    }

    @Test func closedSearchesAndSearchesWithoutADeadlineGetNone() {
        #expect(search(deadline: nil).expiryReminder(days: 7, today: "2026-12-30") == nil)
        #expect(search(status: .closed).expiryReminder(days: 7, today: "2026-12-30") == nil)
        #expect(search(status: .consortiumFormed).expiryReminder(days: 7, today: "2026-12-30") == nil)
    }

    @Test func theReminderNamesTheLastDayInTheReadersLanguage() throws {
        let reminder = try #require(search().expiryReminder(days: 7, today: "2026-12-30"))
        let english = reminder.notice.rendered(name: "Ana", publicURL: "https://clusters.example.eu")
        #expect(english.subject == "Reminder: “Drones for industry” closes after 31 December 2026")
        #expect(english.body.contains("takes expressions of interest until 31 December 2026 (included)"))
        #expect(english.body.contains("https://clusters.example.eu/partner-searches/7"))
        let french = reminder.notice.rendered(name: "Ana", publicURL: "https://clusters.example.eu", in: try #require(Languages.named("fr")))
        #expect(french.subject == "Rappel : « Drones for industry » se clôt après le 31 décembre 2026")
        #expect(reminder.notice.line(in: try #require(Languages.named("fr"))).contains("jusqu’au 31 décembre 2026"))
    }

    @Test func aDeadlineMovedLaterBringsANewKey() throws {
        let first = try #require(search().expiryReminder(days: 7, today: "2026-12-30"))
        let moved = try #require(search(deadline: "2027-01-05").expiryReminder(days: 7, today: "2026-12-30"))
        #expect(first.key != moved.key)
    }
}

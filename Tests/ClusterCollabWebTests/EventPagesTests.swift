import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabStorage
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Events as a visitor reads them: the lists, the month calendar, an event's page with schema.org data,
/// its `.ics` file and the calendar feeds.
@Suite struct EventPagesTests {
    let assembly = "/events/general-assembly-of-the-national-cluster-association"

    @Test func theAssemblyOf27May2016IsAPastEventWithItsOwnCalendarFile() async throws {
        try await withApp { client, _ in
            let upcoming = try await client.get("/events", headers: htmlAccept)
            #expect(upcoming.status == .ok)
            #expect(!upcoming.text.contains(assembly), "a past event is not upcoming")
            #expect(upcoming.text.contains("<link rel=\"alternate\" type=\"text/calendar\" href=\"/events.ics\">"))
            let past = try await client.get("/events/past", headers: htmlAccept)
            #expect(past.text.contains("href=\"\(assembly)\""))
            #expect(past.text.contains("27 May 2016, 10:00 CEST (Europe/Paris) to 17:30 CEST"))

            let page = try await client.get(assembly, headers: htmlAccept)
            #expect(page.status == .ok)
            #expect(page.text.contains("<time datetime=\"2016-05-27T10:00:00+02:00\">"))
            #expect(page.text.contains("\"@type\":\"Event\""))
            #expect(page.text.contains("\"startDate\":\"2016-05-27T10:00:00+02:00\""))
            #expect(page.text.contains("\"eventAttendanceMode\":\"https://schema.org/OfflineEventAttendanceMode\""))
            #expect(page.text.contains("href=\"\(assembly)/event.ics\""))
            #expect(!page.text.contains("rel=\"noopener nofollow\">Register</a>"), "registration is over for a past event")

            let ics = try await client.get(assembly + "/event.ics")
            #expect(ics.status == .ok)
            #expect(ics.headers[.contentType] == "text/calendar; charset=utf-8")
            #expect(ics.headers[.contentDisposition] == "attachment; filename=\"general-assembly-of-the-national-cluster-association.ics\"")
            let lines = ics.text.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n")
            #expect(lines.filter { $0 == "BEGIN:VEVENT" }.count == 1)
            #expect(lines.contains("DTSTART;TZID=Europe/Paris:20160527T100000"))
            #expect(lines.contains("TZID:Europe/Paris"))
            let uid = try #require(lines.first { $0.hasPrefix("UID:") })
            // The UID is the same whenever the file is fetched: a second import updates, not duplicates.
            let again = try await client.get(assembly + "/event.ics")
            #expect(again.text.contains(uid + "\r\n"))
            #expect(try await client.get("/events/no-such-event/event.ics").status == .notFound)
        }
    }

    @Test func theFeedHoldsEveryPublishedEventAndAnOrganisersFeedOnlyTheirs() async throws {
        try await withApp { client, platform in
            let all = try await client.get("/events.ics")
            #expect(all.headers[.contentType] == "text/calendar; charset=utf-8")
            // The demo's four events and its past matchmaking morning.
            let published = try await platform.events.list(EventRepository.Filter(), page: 1, perPage: 100).total
            #expect(published == 5)
            #expect(all.text.components(separatedBy: "BEGIN:VEVENT").count - 1 == published)
            let drones = try #require(try await platform.organisations.find(slug: "pole-drones-ile-de-france"))
            let theirs = try await client.get("/organisations/\(drones.slug)/events.ics")
            #expect(theirs.text.components(separatedBy: "BEGIN:VEVENT").count - 1 == 1)
            #expect(theirs.text.contains("SUMMARY:Drone test zones: a webinar for partner clusters"))
            #expect(try await client.get("/organisations/no-such-organisation/events.ics").status == .notFound)
        }
    }

    @Test func theMonthCalendarShowsTheAssemblyOnItsDay() async throws {
        try await withApp { client, _ in
            let may = try await client.get("/events/calendar?month=2016-05", headers: htmlAccept)
            #expect(may.status == .ok)
            #expect(may.text.contains("<caption>May 2016</caption>"))
            let day = try #require(may.text.range(of: "<span class=\"day\">27</span><ul><li><a href=\"\(assembly)\">"))
            #expect(!day.isEmpty)
            #expect(may.text.contains("?month=2016-04") && may.text.contains("?month=2016-06"))
            let june = try await client.get("/events/calendar?month=2016-06", headers: htmlAccept)
            #expect(!june.text.contains(assembly))
            for bad in ["2016-13", "2016-5", "May", String(repeating: "9", count: 5_000)] {
                #expect(try await client.get("/events/calendar?month=\(bad)", headers: htmlAccept).status == .unprocessableContent, "\(bad)")
            }
            let french = try await client.get("/events/calendar?month=2016-05&lang=fr", headers: htmlAccept)
            #expect(french.text.contains("<caption>mai 2016</caption>"))
        }
    }

    @Test func listsFilterByKindAndTagAndRefuseWhatIsNeither() async throws {
        try await withApp { client, _ in
            let webinars = try await client.get("/events?kind=webinar", headers: htmlAccept)
            #expect(webinars.text.contains("1 event"))
            #expect(webinars.text.contains("Drone test zones"))
            #expect(try await client.get("/events/past?tag=escp-s3", headers: htmlAccept).text.contains("href=\"\(assembly)\""))
            #expect(try await client.get("/events?kind=party", headers: htmlAccept).status == .unprocessableContent)
            #expect(try await client.get("/events?tag=two%20words", headers: htmlAccept).status == .unprocessableContent)
            #expect(try await client.get("/events?page=0", headers: htmlAccept).status == .unprocessableContent)
        }
    }

    @Test func draftsAreNotShownAnywhere() async throws {
        try await withApp(demo: false) { client, platform in
            let start = Date().addingTimeInterval(86_400)
            _ = try await platform.events.create(
                Event(
                    title: "A draft event", description: "Not yet.", kind: .webinar, startsAt: start, endsAt: start.addingTimeInterval(3600),
                    timeZone: "UTC", onlineLink: "https://meet.example.eu/x"),
                actor: "test")
            #expect(try await client.get("/events/a-draft-event", headers: htmlAccept).status == .notFound)
            #expect(try await client.get("/events/a-draft-event/event.ics").status == .notFound)
            #expect(!(try await client.get("/events.ics").text.contains("A draft event")))
            #expect(try await client.get("/api/v1/events?when=all").text.contains("\"total\":0"))
        }
    }
}

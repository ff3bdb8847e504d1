@testable import ClusterCollabContent
import ClusterCollabCore
import Foundation
import Testing

/// An event's rules, and its iCalendar text as calendar programs read it.
@Suite struct EventTests {
    /// 2016-05-27T08:00:00Z: ten in the morning in Paris, in summer time.
    let assemblyStart = Date(timeIntervalSince1970: 1_464_336_000)

    func input(_ change: (inout EventInput) -> Void = { _ in }) -> EventInput {
        var input = EventInput()
        input.title = "General assembly of the cluster association"
        input.description = "The association's members meet in Paris.\r\nAgenda to follow."
        input.kind = "general-assembly"
        input.startsAt = "2016-05-27T10:00"
        input.endsAt = "2016-05-27T17:30"
        input.timeZone = "Europe/Paris"
        input.venue = "Maison de la Chimie, 28 rue Saint-Dominique, 75007 Paris"
        input.tags = ["general-assembly", "escp-s3"]
        change(&input)
        return input
    }

    func errors(_ input: EventInput, base: Event? = nil) -> [String: String] {
        do {
            _ = try input.applied(to: base)
            return [:]
        } catch {
            return error.fields
        }
    }

    // MARK: Rules

    @Test func aLocalTimeIsReadInTheEventsZoneWithItsSummerTime() throws {
        let event = try input().applied(to: nil)
        #expect(event.startsAt == assemblyStart)
        #expect(event.endsAt == assemblyStart.addingTimeInterval(7.5 * 3600))
        #expect(event.kind == .generalAssembly)
        #expect(event.description == "The association's members meet in Paris.\nAgenda to follow.")
        #expect(event.status == .draft)
    }

    @Test func anInstantWithAnOffsetIsTakenAsWritten() throws {
        let event = try input {
            $0.startsAt = "2016-05-27T08:00:00Z"; $0.endsAt = "2016-05-27T12:00:00+02:00"
        }.applied(to: nil)
        #expect(event.startsAt == assemblyStart)
        #expect(event.endsAt == assemblyStart.addingTimeInterval(2 * 3600))
    }

    @Test func anEndBeforeTheStartIsNamed() {
        #expect(errors(input { $0.endsAt = "2016-05-27T09:00" })["ends_at"] == "must be after starts_at")
        #expect(errors(input { $0.endsAt = "2016-05-27T10:00" })["ends_at"] == "must be after starts_at")
        #expect(errors(input { $0.endsAt = "2016-07-27T10:00" })["ends_at"] == "must be at most 31 days after starts_at")
    }

    @Test func anUnknownZoneIsNamedOnceAndTheTimesAreNotBlamed() {
        let found = errors(input { $0.timeZone = "Europe/Atlantis" })
        #expect(found["time_zone"] == "must be an IANA time zone such as Europe/Paris (not Europe/Atlantis)")
        #expect(found["starts_at"] == nil)
        #expect(errors(input { $0.timeZone = "CEST" })["time_zone"] != nil)
    }

    @Test func aLocalTimeTheClocksSkipIsRefused() {
        let found = errors(
            input {
                $0.startsAt = "2016-03-27T02:30"; $0.endsAt = "2016-03-27T05:00"
            })
        #expect(found["starts_at"]?.contains("does not exist in Europe/Paris") == true)
    }

    @Test func everyBrokenRuleIsNamedAtOnce() {
        let found = errors(
            input {
                $0.title = "AGM"
                $0.kind = "party"
                $0.venue = ""
                $0.onlineLink = "javascript:alert(1)"
                $0.registrationLink = "ftp://example.eu"
                $0.startsAt = "27/05/2016"
                $0.tags = ["general assembly", String(repeating: "a", count: 41)]
                $0.organiserID = -4
            })
        #expect(found["title"] == "must be at least 5 characters")
        #expect(found["kind"]?.hasPrefix("must be one of general-assembly, conference") == true)
        #expect(found["online_link"] == "must be a web address starting with https:// or http://")
        #expect(found["registration_link"] == "must be a web address starting with https:// or http://")
        #expect(found["starts_at"]?.hasPrefix("must be a date and time") == true)
        #expect(found["tags"]?.hasPrefix("general assembly: must be one word") == true)
        #expect(found["organiser_id"] != nil)
    }

    @Test func anEventNeedsAVenueOrAnOnlineLink() throws {
        #expect(errors(input { $0.venue = "" })["venue"] == "is required unless the event has an online_link")
        let webinar = try input {
            $0.venue = nil
            $0.kind = "webinar"
            $0.onlineLink = "https://meet.example.eu/cluster-webinar"
        }.applied(to: nil)
        #expect(webinar.venue.isEmpty && webinar.onlineLink == "https://meet.example.eu/cluster-webinar")
    }

    @Test func anEditChangesOnlyWhatItNames() throws {
        let event = try input().applied(to: nil)
        var edit = EventInput()
        edit.title = "General assembly 2016 of the cluster association"
        let edited = try edit.applied(to: event)
        #expect(edited.title == "General assembly 2016 of the cluster association")
        #expect(edited.startsAt == event.startsAt && edited.venue == event.venue && edited.tags == event.tags)
        var later = EventInput()
        later.endsAt = "2016-05-26T10:00"
        #expect(errors(later, base: event)["ends_at"] == "must be after starts_at")
    }

    @Test func publishingKeepsTheFirstDate() {
        let first = Date(timeIntervalSince1970: 1_464_000_000)
        let event = Event(title: "t", description: "d", kind: .webinar, startsAt: first, endsAt: first, timeZone: "UTC").published(at: first)
        #expect(event.published(at: first.addingTimeInterval(86_400)).publishedAt == first)
        #expect(event.isPast(at: first) && !event.isPast(at: first.addingTimeInterval(-1)))
    }

    // MARK: iCalendar

    func entry(_ start: Date, _ end: Date, zone: String = "Europe/Paris", description: String = "Agenda") -> ICalendar.Entry {
        ICalendar.Entry(
            uid: "event-1@clusters.example.eu", title: "General assembly, Paris; 2016", description: description, start: start, end: end,
            timeZone: zone, location: "Maison de la Chimie, Paris", url: "https://clusters.example.eu/events/general-assembly",
            categories: ["general-assembly", "escp-s3"], stamp: Date(timeIntervalSince1970: 1_465_200_000), sequence: 2)
    }

    /// Content lines with folding undone (RFC 5545 3.1).
    func unfolded(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n").filter { !$0.isEmpty }
    }

    @Test func theAssemblyIsWrittenInParisTimeWithItsZone() {
        let text = ICalendar(name: "Events", entries: [entry(assemblyStart, assemblyStart.addingTimeInterval(7.5 * 3600))]).text()
        let lines = unfolded(text)
        #expect(lines.first == "BEGIN:VCALENDAR" && lines.last == "END:VCALENDAR")
        #expect(lines.contains("VERSION:2.0"))
        #expect(lines.contains("DTSTART;TZID=Europe/Paris:20160527T100000"))
        #expect(lines.contains("DTEND;TZID=Europe/Paris:20160527T173000"))
        #expect(lines.contains("TZID:Europe/Paris"))
        #expect(lines.contains("UID:event-1@clusters.example.eu"))
        #expect(lines.contains("DTSTAMP:20160606T080000Z"))
        #expect(lines.contains("SEQUENCE:2"))
        #expect(lines.contains("SUMMARY:General assembly\\, Paris\\; 2016"))
        #expect(lines.contains("CATEGORIES:general-assembly,escp-s3"))
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends in CRLF")
    }

    @Test func longLinesAreFoldedWithoutSplittingACharacter() {
        let description = String(repeating: "Réunion des clusters européens; ", count: 20) + "\nfin"
        let text = ICalendar(name: "Events", entries: [entry(assemblyStart, assemblyStart.addingTimeInterval(3600), description: description)])
            .text()
        for line in text.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 75)
        }
        let value = unfolded(text).first { $0.hasPrefix("DESCRIPTION:") }
        let expected = description.replacingOccurrences(of: ";", with: "\\;").replacingOccurrences(of: "\n", with: "\\n")
        #expect(value == "DESCRIPTION:" + expected)
    }

    @Test func theSameEventsGiveTheSameFile() {
        let calendar = ICalendar(name: "Events", entries: [entry(assemblyStart, assemblyStart.addingTimeInterval(3600))])
        #expect(calendar.text() == calendar.text())
    }

    @Test func anEventInUTCNeedsNoZone() {
        let text = ICalendar(name: "Events", entries: [entry(assemblyStart, assemblyStart.addingTimeInterval(3600), zone: "UTC")]).text()
        #expect(unfolded(text).contains("DTSTART:20160527T080000Z"))
        #expect(!text.contains("VTIMEZONE"))
    }

    /// A workshop from Saturday 24 October 2026, 10:00 to Monday 26 October, 10:00 in Brussels: the clocks go
    /// back on the Sunday, so it lasts 49 hours. Resolving the file's local times with the file's own
    /// VTIMEZONE (as a calendar program does) gives back the instants.
    @Test func anEventAcrossTheChangeOfSummerTimeKeepsItsInstants() throws {
        let start = try #require(ZonedTime.parse("2026-10-24T10:00", zone: "Europe/Brussels"))
        let end = try #require(ZonedTime.parse("2026-10-26T10:00", zone: "Europe/Brussels"))
        #expect(end.timeIntervalSince(start) == 49 * 3600)
        let lines = unfolded(ICalendar(name: "Events", entries: [entry(start, end, zone: "Europe/Brussels")]).text())
        #expect(lines.contains("DTSTART;TZID=Europe/Brussels:20261024T100000"))
        #expect(lines.contains("DTEND;TZID=Europe/Brussels:20261026T100000"))

        // The observances: (onset as a local time in the offset before it, offset from, offset to).
        var observances: [(onset: String, from: Int, to: Int)] = []
        var current: (onset: String, from: Int, to: Int) = ("", 0, 0)
        func seconds(_ text: String) -> Int {
            let sign = text.hasPrefix("-") ? -1 : 1
            let digits = Array(text.dropFirst())
            return sign * (Int(String(digits[0..<2]))! * 3600 + Int(String(digits[2..<4]))! * 60)
        }
        for line in lines {
            if line.hasPrefix("DTSTART:") { current.onset = String(line.dropFirst(8)) }
            if line.hasPrefix("TZOFFSETFROM:") { current.from = seconds(String(line.dropFirst(13))) }
            if line.hasPrefix("TZOFFSETTO:") { current.to = seconds(String(line.dropFirst(11))) }
            if line == "END:STANDARD" || line == "END:DAYLIGHT" { observances.append(current) }
        }
        #expect(observances.contains { $0.onset == "20261025T030000" && $0.from == 7200 && $0.to == 3600 })
        func naive(_ local: String) -> Double {
            let c = Array(local)
            func n(_ r: Range<Int>) -> Int { Int(String(c[r]))! }
            var parts = DateComponents()
            (parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second) = (n(0..<4), n(4..<6), n(6..<8), n(9..<11), n(11..<13), n(13..<15))
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            return calendar.date(from: parts)!.timeIntervalSince1970
        }
        let onsets = observances.map { (utc: naive($0.onset) - Double($0.from), to: $0.to) }.sorted { $0.utc < $1.utc }
        func resolve(_ local: String) -> Date? {
            // The offset whose observance is in force at the instant it gives.
            for candidate in onsets {
                let utc = naive(local) - Double(candidate.to)
                if onsets.last(where: { $0.utc <= utc })?.to == candidate.to { return Date(timeIntervalSince1970: utc) }
            }
            return nil
        }
        #expect(resolve("20261024T100000") == start)
        #expect(resolve("20261026T100000") == end)
    }
}

@testable import ClusterCollabContent
import Foundation
import Testing

/// ISO weeks as the digest's addresses name them, and when a week's digest is due.
@Suite struct DigestTests {
    /// 2016-06-06T10:00:00Z, the founding story's date: a Monday.
    let story = Date(timeIntervalSince1970: 1_465_207_200)

    @Test func theFoundingStoryIsInWeek23Of2016() throws {
        let week = ISOWeek.containing(story)
        #expect(week.description == "2016-W23")
        #expect(week.start == Date(timeIntervalSince1970: 1_465_171_200))  // Monday 6 June 2016, 00:00 UTC
        #expect(week.end == week.start.addingTimeInterval(7 * 86_400))
        #expect(ISOWeek("2016-W23") == week)
        #expect(week.next.description == "2016-W24" && week.previous.description == "2016-W22")
    }

    @Test func weeksAcrossTheTurnOfTheYear() throws {
        // 1 January 2016 was a Friday: it belongs to 2015's week 53; 2016 has no week 53, 2026 (from a
        // Thursday) has one.
        #expect(ISOWeek.containing(Date(timeIntervalSince1970: 1_451_606_400)).description == "2015-W53")
        #expect(ISOWeek("2015-W53") != nil)
        #expect(ISOWeek("2016-W53") == nil)
        #expect(try #require(ISOWeek("2026-W52")).next.description == "2026-W53")
        #expect(try #require(ISOWeek("2026-W53")).next.description == "2027-W01")
    }

    @Test func anythingElseIsNoWeek() {
        for text in ["2016-W00", "2016-W54", "2016-23", "2016W23", "2016-w23", "16-W23", "2016-W2", "２０16-W23", "", "2016-W23x"] {
            #expect(ISOWeek(text) == nil, "\(text)")
        }
    }

    @Test func lastWeeksDigestIsDueFromMondaySevenOClock() throws {
        let schedule = DigestSchedule()
        let monday = try #require(ISOWeek("2016-W24")).start
        #expect(schedule.due(at: monday.addingTimeInterval(6 * 3600 + 3599)) == nil)
        #expect(schedule.due(at: monday.addingTimeInterval(7 * 3600))?.description == "2016-W23")
        #expect(schedule.due(at: monday.addingTimeInterval(6 * 86_400))?.description == "2016-W23")
        let friday = DigestSchedule(weekday: 5, hour: 18)
        #expect(friday.due(at: monday.addingTimeInterval(4 * 86_400 + 17 * 3600)) == nil)
        #expect(friday.due(at: monday.addingTimeInterval(4 * 86_400 + 18 * 3600))?.description == "2016-W23")
    }

    @Test func aWeekUnderWayLooksAheadFromNowAndAPastWeekFromItsEnd() throws {
        let week = try #require(ISOWeek("2016-W23"))
        let wednesday = week.start.addingTimeInterval(2 * 86_400)
        #expect(DigestSchedule.window(of: week, now: wednesday).ahead.lowerBound == wednesday)
        #expect(DigestSchedule.window(of: week, now: week.end.addingTimeInterval(86_400)).ahead.lowerBound == week.end)
        #expect(DigestSchedule.window(of: week, now: wednesday).new == week.start..<week.end)
    }
}

import ClusterCollabContent
import ClusterCollabCore
import Foundation
import Testing

/// A saved search's rules and when its alerts go, without a database.
@Suite struct SavedSearchTests {
    /// Accepts any query, written back as it came; refuses one with `bad`.
    static func canonical(_ kind: SavedSearch.Kind, _ text: String) -> Result<String, SavedSearchQueryRefusal> {
        text.contains("bad") ? .failure(SavedSearchQueryRefusal("country: XX is not an ISO 3166 alpha-2 country code")) : .success(text)
    }

    @Test func aNewSearchNeedsANameAndAKindAndIsWeeklyUnlessTold() throws {
        let checked = try SavedSearchInput(name: "  Drone clusters in France ", kind: "directory", query: "?q=drone&country=FR").applied(
            to: nil, canonical: Self.canonical)
        #expect(checked == .init(name: "Drone clusters in France", kind: .directory, query: "q=drone&country=FR", frequency: .weekly))
        #expect(throws: ValidationErrors(["name": "is required", "kind": "is required (one of directory, partner-searches)"])) {
            try SavedSearchInput(query: "q=drone").applied(to: nil, canonical: Self.canonical)
        }
    }

    @Test func everyBrokenRuleIsNamedAtOnce() {
        let input = SavedSearchInput(name: String(repeating: "n", count: 101), kind: "organisations", query: "q=x", frequency: "hourly")
        #expect(
            throws: ValidationErrors([
                "name": "must be at most 100 characters", "kind": "must be one of directory, partner-searches",
                "frequency": "must be one of daily, weekly, none",
            ])
        ) { try input.applied(to: nil, canonical: Self.canonical) }
        #expect(throws: ValidationErrors(["query": "country: XX is not an ISO 3166 alpha-2 country code"])) {
            try SavedSearchInput(name: "x", kind: "directory", query: "country=bad").applied(to: nil, canonical: Self.canonical)
        }
        #expect(throws: ValidationErrors(["query": "must be at most 2000 characters"])) {
            try SavedSearchInput(name: "x", kind: "directory", query: String(repeating: "q", count: 2_001)).applied(to: nil, canonical: Self.canonical)
        }
        #expect(throws: ValidationErrors(["name": "must be one line of text"])) {
            try SavedSearchInput(name: "two\nlines", kind: "directory").applied(to: nil, canonical: Self.canonical)
        }
    }

    @Test func anEditKeepsWhatItDoesNotNameAndCannotChangeTheKind() throws {
        let existing = SavedSearch(
            id: 1, userID: 2, name: "Drones", kind: .directory, query: "q=drone", frequency: .weekly, lastLookedAt: Date(), createdAt: Date())
        let edited = try SavedSearchInput(frequency: "daily").applied(to: existing, canonical: Self.canonical)
        #expect(edited == .init(name: "Drones", kind: .directory, query: "q=drone", frequency: .daily))
        #expect(throws: ValidationErrors(["kind": "cannot change; save a new search instead"])) {
            try SavedSearchInput(kind: "partner-searches").applied(to: existing, canonical: Self.canonical)
        }
        #expect(existing.path == "/organisations?q=drone")
    }

    @Test func aDailyAlertFromItsHourCoversTheDayBefore() throws {
        let schedule = AlertSchedule(weekday: 1, hour: 7)
        // Thursday 3 December 2026, 06:59 and 07:00 UTC.
        let before = try #require(ISO8601DateFormatter().date(from: "2026-12-03T06:59:00Z"))
        let at = try #require(ISO8601DateFormatter().date(from: "2026-12-03T07:00:00Z"))
        #expect(schedule.due(.daily, at: before) == nil)
        let period = try #require(schedule.due(.daily, at: at))
        #expect(period.key == "2026-12-02")
        #expect(period.range.lowerBound == ISO8601DateFormatter().date(from: "2026-12-02T00:00:00Z"))
        #expect(period.range.upperBound == ISO8601DateFormatter().date(from: "2026-12-03T00:00:00Z"))
        #expect(schedule.due(.none, at: at) == nil)
    }

    @Test func aWeeklyAlertFromItsWeekdayAndHourCoversTheISOWeekBefore() throws {
        let schedule = AlertSchedule(weekday: 1, hour: 7)
        // Monday 7 December 2026 (week 50), 06:00 and 08:00; and Thursday of the same week.
        let early = try #require(ISO8601DateFormatter().date(from: "2026-12-07T06:00:00Z"))
        let due = try #require(ISO8601DateFormatter().date(from: "2026-12-07T08:00:00Z"))
        let later = try #require(ISO8601DateFormatter().date(from: "2026-12-10T12:00:00Z"))
        #expect(schedule.due(.weekly, at: early) == nil)
        #expect(schedule.due(.weekly, at: due)?.key == "2026-W49")
        #expect(schedule.due(.weekly, at: later)?.key == "2026-W49", "the same period all week: one key, so one e-mail")
        #expect(schedule.due(.weekly, at: due)?.range == ISOWeek("2026-W49")!.start..<ISOWeek("2026-W49")!.end)
    }
}

import ClusterCollabCore
import ClusterCollabText
import Foundation
import Testing

/// One way to write each kind of date and number, by language.
@Suite struct FormatsTests {
    let english = Languages.english
    let french = Languages.named("fr")!
    /// 2 December 2026, 14:30 UTC (15:30 in Brussels).
    let instant = Date(timeIntervalSince1970: 1_796_221_800)

    @Test func aDayReadsTheSameOnEveryPageInEachLanguage() {
        #expect(english.date(instant) == "2 December 2026")
        #expect(french.date(instant) == "2 décembre 2026")
        // A day is counted in the zone asked for: 02:00 UTC on the 2nd is the evening of the 1st in New York.
        #expect(english.date(Date(timeIntervalSince1970: 1_796_176_800), zone: "America/New_York") == "1 December 2026")
    }

    @Test func anInstantNamesItsZone() {
        #expect(english.dateTime(instant, zone: "Europe/Brussels") == "2 December 2026, 15:30 CET")
        #expect(french.dateTime(instant, zone: "Europe/Brussels") == "2 décembre 2026 à 15:30 UTC+1")
        #expect(english.dateTime(instant, zone: "Europe/Brussels", namingZone: true) == "2 December 2026, 15:30 CET (Europe/Brussels)")
        #expect(english.dateTime(instant, zone: "Nowhere/Atlantis", namingZone: true).hasSuffix("(UTC)"))
    }

    @Test func numbersAndPercentagesFollowTheLanguagesConventions() {
        #expect(english.number(1_234_567) == "1,234,567")
        #expect(french.number(1_234_567) == "1\u{202F}234\u{202F}567")
        #expect(english.percent(0.456) == "46%")
        #expect(french.percent(0.456) == "46\u{A0}%")
        #expect(english.percent(0.4567, digits: 1) == "45.7%")
    }

    @Test func relativeTimesCountCalendarDaysAndPlurals() {
        let day = 86_400.0
        #expect(english.relative(instant.addingTimeInterval(3 * day), now: instant) == "in 3 days")
        #expect(french.relative(instant.addingTimeInterval(3 * day), now: instant) == "dans 3 jours")
        #expect(english.relative(instant.addingTimeInterval(-2 * day), now: instant) == "2 days ago")
        #expect(french.relative(instant.addingTimeInterval(-2 * day), now: instant) == "il y a 2 jours")
        #expect(english.relative(instant.addingTimeInterval(3600), now: instant) == "in 1 hour")
        #expect(french.relative(instant.addingTimeInterval(5 * 3600), now: instant) == "dans 5 heures")
        #expect(english.relative(instant.addingTimeInterval(12 * 3600), now: instant) == "tomorrow")
        #expect(french.relative(instant.addingTimeInterval(-30 * 60), now: instant) == "il y a 30 minutes")
        #expect(english.relative(instant.addingTimeInterval(20), now: instant) == "just now")
        #expect(english.relative(instant.addingTimeInterval(1_500 * day), now: instant) == "in 1,500 days")
    }
}

@testable import ClusterCollabCore
import Foundation
import Testing

/// Instants in an IANA zone (a call's deadline, an event's start) shown to people and read from forms.
@Suite struct ZonedTimeTests {
    /// 2026-12-15T16:00:00Z
    let december = Date(timeIntervalSince1970: 1_797_350_400)
    /// 2026-07-15T12:00:00Z
    let july = Date(timeIntervalSince1970: 1_784_116_800)

    @Test func winterTimeInBrusselsIsCET() {
        #expect(ZonedTime.display(december, zone: "Europe/Brussels") == "15 December 2026, 17:00 CET (Europe/Brussels)")
    }

    @Test func summerTimeInBrusselsIsCEST() {
        #expect(ZonedTime.display(july, zone: "Europe/Brussels") == "15 July 2026, 14:00 CEST (Europe/Brussels)")
    }

    @Test func theSameInstantInAnotherZone() {
        #expect(ZonedTime.display(december, zone: "Europe/Lisbon") == "15 December 2026, 16:00 WET (Europe/Lisbon)")
        #expect(ZonedTime.display(december, zone: "Europe/Helsinki") == "15 December 2026, 18:00 EET (Europe/Helsinki)")
    }

    @Test func anInvalidZoneIsShownAsUTC() {
        #expect(ZonedTime.display(december, zone: "Nowhere").hasSuffix("(UTC)"))
        #expect(ZonedTime.display(december, zone: "Nowhere").hasPrefix("15 December 2026, 16:00"))
    }

    @Test func anInstantWithOffsetIsReadAsWritten() {
        #expect(ZonedTime.parse("2026-12-15T17:00:00+01:00", zone: "Europe/Brussels") == december)
        #expect(ZonedTime.parse("2026-12-15T16:00:00Z", zone: "Nowhere") == december)
        #expect(ZonedTime.parse("2026-12-15T17:00+0100", zone: "Europe/Brussels") == december)
        #expect(ZonedTime.parse("2026-12-15T11:00:00-05", zone: "Europe/Brussels") == december)
        #expect(ZonedTime.parse("2026-12-15T16:00:00.500Z", zone: "UTC") == december.addingTimeInterval(0.5))
    }

    @Test func aLocalTimeIsReadInTheCallsZone() {
        #expect(ZonedTime.parse("2026-12-15T17:00", zone: "Europe/Brussels") == december)
        #expect(ZonedTime.parse("2026-12-15T17:00:00", zone: "Europe/Brussels") == december)
        #expect(ZonedTime.parse("2026-12-15 16:00", zone: "Europe/Lisbon") == december)
        // summer time applies in July
        #expect(ZonedTime.parse("2026-07-15T14:00", zone: "Europe/Brussels") == july)
    }

    @Test func aLocalTimeThatDoesNotExistIsRefused() {
        // clocks go from 02:00 to 03:00 in Brussels on 2026-03-29
        #expect(ZonedTime.read("2026-03-29T02:30", zone: "Europe/Brussels") == .nonexistent)
        #expect(ZonedTime.parse("2026-03-29T03:00", zone: "Europe/Brussels") == Date(timeIntervalSince1970: 1_774_746_000))
    }

    @Test func aLocalTimeThatOccursTwiceMeansTheFirst() {
        // clocks go from 03:00 back to 02:00 in Brussels on 2026-10-25: 02:30 CEST is 00:30Z
        #expect(ZonedTime.parse("2026-10-25T02:30", zone: "Europe/Brussels") == Date(timeIntervalSince1970: 1_792_888_200))
    }

    @Test func malformedTextIsRefused() {
        for text in [
            "", "2026-12-15", "15/12/2026 17:00", "2026-12-15T25:00", "2026-02-29T10:00", "2026-12-15T17:00+25:00",
            "2026-12-15T17:00:00+01:00 extra", "2026-12-15T17",
        ] {
            #expect(ZonedTime.parse(text, zone: "Europe/Brussels") == nil, "\(text)")
        }
        #expect(ZonedTime.parse("2028-02-29T10:00", zone: "Europe/Brussels") != nil)
    }

    @Test func aLocalTimeWithoutAValidZoneCannotBeRead() {
        #expect(ZonedTime.read("2026-12-15T17:00", zone: "CET") == .needsZone)
    }

    @Test func isoOutputUsesTheZonesOffsetAndReadsBack() {
        #expect(ZonedTime.iso8601(december, zone: "Europe/Brussels") == "2026-12-15T17:00:00+01:00")
        #expect(ZonedTime.iso8601(july, zone: "Europe/Brussels") == "2026-07-15T14:00:00+02:00")
        #expect(ZonedTime.iso8601(july, zone: "America/New_York") == "2026-07-15T08:00:00-04:00")
        #expect(ZonedTime.localInput(december, zone: "Europe/Brussels") == "2026-12-15T17:00")
        for zone in ["Europe/Brussels", "Asia/Kolkata", "UTC", "America/St_Johns"] {
            #expect(ZonedTime.parse(ZonedTime.iso8601(july, zone: zone), zone: "UTC") == july, "\(zone)")
        }
    }

    @Test func zoneNamesMustBeIANANames() {
        #expect(ZonedTime.isValidZone("Europe/Brussels"))
        #expect(ZonedTime.isValidZone("UTC"))
        #expect(!ZonedTime.isValidZone("CET"))
        #expect(!ZonedTime.isValidZone("GMT+1"))
        #expect(!ZonedTime.isValidZone("europe/brussels"))
    }

    @Test func displayIsSafeFromManyThreads() async {
        await withTaskGroup(of: Bool.self) { group in
            for i in 0..<200 {
                group.addTask {
                    let zone = i.isMultiple(of: 2) ? "Europe/Brussels" : "Europe/Lisbon"
                    let expected =
                        i.isMultiple(of: 2)
                        ? "15 December 2026, 17:00 CET (Europe/Brussels)"
                        : "15 December 2026, 16:00 WET (Europe/Lisbon)"
                    return ZonedTime.display(Date(timeIntervalSince1970: 1_797_350_400), zone: zone) == expected
                }
            }
            for await ok in group { #expect(ok) }
        }
    }
}

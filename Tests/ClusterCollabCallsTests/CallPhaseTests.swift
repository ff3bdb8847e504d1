import ClusterCollabCalls
import Foundation
import Testing

/// The phase of a call comes from its stored state and the clock.
@Suite struct CallPhaseTests {
    // 2026-09-01T09:00 and 2026-12-15T17:00 in Brussels
    let opens = Date(timeIntervalSince1970: 1_788_246_000)
    let closes = Date(timeIntervalSince1970: 1_797_350_400)

    func call(_ state: Call.State) -> Call {
        Call(
            title: "ESCP-S3 2026", programme: "ESCP-S3", thematicAreas: ["Drones"], opensAt: opens, closesAt: closes,
            timeZone: "Europe/Brussels", state: state)
    }

    @Test func aPublishedCallIsUpcomingUntilItOpens() {
        #expect(call(.published).phase(at: opens.addingTimeInterval(-1)) == .upcoming)
    }

    @Test func exactlyAtOpeningTheCallIsOpen() {
        #expect(call(.published).phase(at: opens) == .open)
        #expect(call(.published).acceptsExpressionsOfInterest(at: opens))
    }

    @Test func justBeforeTheDeadlineTheCallIsOpen() {
        #expect(call(.published).phase(at: closes.addingTimeInterval(-0.001)) == .open)
    }

    @Test func exactlyAtTheDeadlineTheCallIsClosed() {
        #expect(call(.published).phase(at: closes) == .closed)
        #expect(!call(.published).acceptsExpressionsOfInterest(at: closes))
    }

    @Test func draftAndEvaluatedCallsIgnoreTheClock() {
        for instant in [opens.addingTimeInterval(-1), opens, closes] {
            #expect(call(.draft).phase(at: instant) == .draft)
            #expect(call(.evaluated).phase(at: instant) == .evaluated)
        }
    }

    @Test func aLateSubmissionIsRefusedWithTheDeadlineInTheCallsZone() {
        #expect(
            call(.published).timingRefusal(at: closes)
                == "This call closed on 15 December 2026, 17:00 CET (Europe/Brussels); expressions of interest are no longer accepted.")
        #expect(call(.published).timingRefusal(at: opens) == nil)
        #expect(
            call(.published).timingRefusal(at: opens.addingTimeInterval(-60))
                == "This call opens on 1 September 2026, 09:00 CEST (Europe/Brussels); expressions of interest are not accepted yet.")
    }

    @Test func stateCodesAreLowerCase() {
        #expect(Call.State.allCases.map(\.rawValue) == ["draft", "published", "evaluated"])
    }
}

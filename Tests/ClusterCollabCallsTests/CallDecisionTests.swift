import ClusterCollabCalls
import ClusterCollabCore
import Foundation
import Testing

/// The decisions on a call, without a database: the publication of the results.
@Suite struct CallDecisionTests {
    let reference = ReferenceData.shipped
    // 2026-09-01T09:00 and 2026-12-15T17:00 in Brussels
    let opens = Date(timeIntervalSince1970: 1_788_246_000)
    let closes = Date(timeIntervalSince1970: 1_797_350_400)
    var during: Date { opens.addingTimeInterval(86_400) }

    var stored: StoredCall {
        StoredCall(
            call: Call(
                id: 3, title: "ESCP-S3 2026", programme: "ESCP-S3", thematicAreas: ["Drones", "Space"], opensAt: opens, closesAt: closes,
                timeZone: "Europe/Brussels", state: .published, label: "ESCP-S3 label",
                rules: [EligibilityRule(.minCountries(2))], createdAt: Date(timeIntervalSince1970: 1_780_000_000), version: 6),
            rulesVersion: 4)
    }

    func application(_ id: Int64, search: Int64, lead: Int64, selected: Bool = false, answers: [String: String] = [:]) -> ExpressionOfInterest {
        ExpressionOfInterest(
            id: id, callID: 3, searchID: search, leadID: lead, status: .submitted, answers: answers, memberIDs: [lead, 20], version: 3,
            reference: "ESCP-S3-2026-00000\(id)", digest: "d", submittedAt: during, rulesVersion: 4, eligibility: [], decision: .eligible,
            decisionReason: nil, scores: [:], selected: selected, createdAt: opens, updatedAt: during)
    }

    func refusal(_ body: () throws -> Void) -> Refusal? {
        do { try body() } catch let refusal as Refusal { return refusal } catch { Issue.record("not a refusal: \(error)") }
        return nil
    }

    // MARK: Results

    @Test func resultsArePublishedOnceTheCallHasClosedAndOnlyOnce() {
        #expect(
            throws: Refusal(.conflict, "results are published once the call has closed and before it is evaluated (it is open)")
        ) {
            _ = try stored.publishingResults(submitted: [], searchTitles: [:], now: during)
        }
        var evaluated = stored
        evaluated.call.state = .evaluated
        #expect(
            throws: Refusal(.conflict, "results are published once the call has closed and before it is evaluated (it is evaluated)")
        ) {
            _ = try evaluated.publishingResults(submitted: [], searchTitles: [:], now: closes)
        }
    }

    @Test func eachSelectedConsortiumBecomesALabelledPartnershipNamedAfterItsSearch() throws {
        let submitted = [
            application(7, search: 8, lead: 1, selected: true), application(9, search: 10, lead: 2), application(11, search: 12, lead: 3, selected: true),
        ]
        let results = try stored.publishingResults(submitted: submitted, searchTitles: [8: "Drones for farms", 10: "Unselected"], now: closes)
        #expect(results.partnerships.map(\.partnership.applicationID) == [7, 11])
        #expect(results.partnerships.map(\.partnership.name) == ["Drones for farms", "Partnership 11"])
        #expect(results.partnerships.map(\.leadID) == [1, 3])
        let first = results.partnerships[0].partnership
        #expect(first.callID == 3)
        #expect(first.label == "ESCP-S3 label")
        #expect(first.memberIDs == [1, 20])
        #expect(first.createdAt == closes)
        let notice = results.partnerships[0].notice
        #expect(
            notice == Notice("call-selected", link: "/partnerships", ["label": "ESCP-S3 label", "call": "ESCP-S3 2026", "reference": "ESCP-S3-2026-000007"]))
        #expect(results.evaluated.call.state == .evaluated)
        #expect(results.evaluated.call.version == 7)
        #expect(results.evaluated.call.updatedAt == closes)
    }

    @Test func aPartnershipsThematicAreaIsItsAnswerToTheCallsChoiceOrElseTheCallsFirstArea() throws {
        var asking = stored
        asking.call.fields = [
            ApplicationField(key: "summary", label: "Summary", kind: .text(minLength: 0, maxLength: 200)),
            ApplicationField(key: "area", label: "Area", kind: .choice(options: ["Drones", "Space"])),
        ]
        let answered = application(7, search: 8, lead: 1, selected: true, answers: ["area": "Space", "summary": "Drones"])
        let silent = application(9, search: 10, lead: 2, selected: true)
        let results = try asking.publishingResults(submitted: [answered, silent], searchTitles: [:], now: closes)
        #expect(results.partnerships.map(\.partnership.thematicArea) == ["Space", "Drones"])
        var withoutAreas = stored
        withoutAreas.call.thematicAreas = []
        #expect(try withoutAreas.publishingResults(submitted: [silent], searchTitles: [:], now: closes).partnerships[0].partnership.thematicArea == "")
    }
}

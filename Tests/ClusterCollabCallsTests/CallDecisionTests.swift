import ClusterCollabCalls
import ClusterCollabCore
import Foundation
import Testing

/// The decisions on a call, without a database: an administrator's edit and the re-check it causes, and
/// the publication of the results.
@Suite struct CallDecisionTests {
    let reference = ReferenceData.shipped
    // 2026-09-01T09:00 and 2026-12-15T17:00 in Brussels
    let opens = Date(timeIntervalSince1970: 1_788_246_000)
    let closes = Date(timeIntervalSince1970: 1_797_350_400)
    var during: Date { opens.addingTimeInterval(86_400) }
    var before: Date { opens.addingTimeInterval(-86_400) }

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

    /// The stored call with a third country required.
    var stricter: Call {
        var edited = stored.call
        edited.rules = [EligibilityRule(.minCountries(3))]
        return edited
    }

    // MARK: Editing

    @Test func anEditKeepsTheCallsIdentityAndRaisesItsVersion() throws {
        var retitled = stored.call
        retitled.title = "ESCP-S3 2026 (extended)"
        retitled.version = 1
        retitled.createdAt = Date(timeIntervalSince1970: 0)
        let edit = try stored.editing(to: retitled, expectedVersion: 6, recheck: false, submitted: [application(7, search: 8, lead: 1)], now: during)
        #expect(edit.edited.call.title == "ESCP-S3 2026 (extended)")
        #expect(edit.edited.call.version == 7)
        #expect(edit.edited.call.createdAt == stored.call.createdAt)
        #expect(edit.edited.call.updatedAt == during)
        #expect(edit.edited.rulesVersion == 4)
        #expect(!edit.rulesChanged)
        #expect(edit.recheck.isEmpty)
    }

    @Test func anEditBasedOnAnotherVersionIsRefusedSoNoAdministratorOverwritesAnother() {
        #expect(
            throws: Refusal(
                .conflict, "the call was changed by someone else (version 6, your edit was based on 5); reload it and edit again")
        ) {
            _ = try stored.editing(to: stored.call, expectedVersion: 5, recheck: false, submitted: [], now: during)
        }
        #expect(refusal { _ = try stored.editing(to: stored.call, expectedVersion: nil, recheck: false, submitted: [], now: during) } == nil)
    }

    @Test func changingTheRulesOfAnOpenCallWithSubmissionsNeedsARecheck() {
        let submitted = [application(7, search: 8, lead: 1), application(9, search: 10, lead: 2)]
        #expect(
            throws: Refusal(
                .conflict,
                "the call is open and 2 application(s) are submitted: changing its rules needs a re-check that evaluates them again and tells their teams (tick \"re-check submitted applications\")"
            )
        ) {
            _ = try stored.editing(to: stricter, expectedVersion: 6, recheck: false, submitted: submitted, now: during)
        }
    }

    @Test func changedRulesRaiseTheRulesVersionAndRecheckEverySubmission() throws {
        let submitted = [application(7, search: 8, lead: 1), application(9, search: 10, lead: 2)]
        let edit = try stored.editing(to: stricter, expectedVersion: 6, recheck: true, submitted: submitted, now: during)
        #expect(edit.rulesChanged)
        #expect(edit.edited.rulesVersion == 5)
        #expect(edit.recheck.map(\.id) == [7, 9])
    }

    @Test func rulesChangeWithoutARecheckBeforeTheCallOpensOrWhileNothingIsSubmitted() throws {
        let upcoming = try stored.editing(to: stricter, expectedVersion: 6, recheck: false, submitted: [application(7, search: 8, lead: 1)], now: before)
        #expect(upcoming.edited.rulesVersion == 5)
        #expect(upcoming.recheck.map(\.id) == [7])
        let empty = try stored.editing(to: stricter, expectedVersion: 6, recheck: false, submitted: [], now: during)
        #expect(empty.rulesChanged)
        #expect(empty.recheck.isEmpty)
    }

    @Test func aRecheckRecordsTheNewEligibilityAndTellsTheTeamTheOutcome() throws {
        let edit = try stored.editing(to: stricter, expectedVersion: 6, recheck: true, submitted: [application(7, search: 8, lead: 1)], now: during)
        let members = [
            EligibilityMember(organisationID: 1, name: "Pôle Drones", country: "FR", type: .clusterOrganisation),
            EligibilityMember(organisationID: 20, name: "Košice IT Valley", country: "SK", type: .clusterMember),
        ]
        let failed = edit.recheck[0].rechecking(under: edit.edited, members: members, reference: reference)
        #expect(failed.rechecked.rulesVersion == 5)
        #expect(failed.rechecked.eligibility.map(\.passed) == [false])
        #expect(failed.notice.kind == "call-recheck")
        #expect(failed.notice.link == "/applications/7")
        #expect(failed.notice.values["call"] == "ESCP-S3 2026")
        #expect(failed.notice.values["reference"] == "ESCP-S3-2026-000007")
        #expect(failed.notice.values["eligible"] == "")
        #expect(failed.notice.values["failures"] == failed.rechecked.eligibility[0].sentence)
        let third = EligibilityMember(organisationID: 21, name: "Bavaria Robotics", country: "DE", type: .clusterMember)
        let passed = edit.recheck[0].rechecking(under: edit.edited, members: members + [third], reference: reference)
        #expect(passed.notice.values["eligible"] == "yes")
        #expect(passed.notice.values["failures"] == "")
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

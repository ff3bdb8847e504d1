import ClusterCollabCalls
import ClusterCollabCore
import Foundation
import Testing

/// The decisions on an expression of interest, without a database: what the repository's transaction
/// asks of them and what they answer.
@Suite struct ExpressionOfInterestDecisionTests {
    let reference = ReferenceData.shipped
    // 2026-09-01T09:00 and 2026-12-15T17:00 in Brussels
    let opens = Date(timeIntervalSince1970: 1_788_246_000)
    let closes = Date(timeIntervalSince1970: 1_797_350_400)
    var during: Date { opens.addingTimeInterval(86_400) }

    var call: StoredCall {
        StoredCall(
            call: Call(
                id: 3, title: "ESCP-S3 2026", programme: "ESCP-S3", thematicAreas: ["Drones"], opensAt: opens, closesAt: closes,
                timeZone: "Europe/Brussels", state: .published,
                fields: [ApplicationField(key: "summary", label: "Summary", kind: .text(minLength: 10, maxLength: 200), required: true)],
                rules: [EligibilityRule(.minCountries(2))]),
            rulesVersion: 4)
    }

    let draft = ExpressionOfInterest(
        id: 42, callID: 3, searchID: 8, leadID: 1, status: .draft, answers: [:], memberIDs: [], version: 2, reference: nil, digest: nil,
        submittedAt: nil, rulesVersion: nil, eligibility: [], decision: nil, decisionReason: nil, scores: [:], selected: false,
        createdAt: Date(timeIntervalSince1970: 1_788_000_000), updatedAt: Date(timeIntervalSince1970: 1_788_000_000))

    let french = EligibilityMember(organisationID: 1, name: "Pôle Drones", country: "FR", type: .clusterOrganisation)
    let slovak = EligibilityMember(organisationID: 2, name: "Košice IT Valley", country: "SK", type: .clusterMember)
    let answers = ["summary": "Drones for crop monitoring across two regions."]

    func refusal(_ body: () throws -> Void) -> Refusal? {
        do { try body() } catch let refusal as Refusal { return refusal } catch { Issue.record("not a refusal: \(error)") }
        return nil
    }

    @Test func aCompleteEligibleSubmissionGetsAReferenceADigestAndAReceipt() throws {
        let decided = try draft.submitting(
            answers, expectedVersion: 2, call: call, memberIDs: [1, 2], members: [french, slovak], reference: reference, now: during)
        #expect(decided.submitted.status == .submitted)
        #expect(decided.submitted.version == 3)
        #expect(decided.submitted.reference == "ESCP-S3-2026-000042")
        #expect(decided.submitted.rulesVersion == 4)
        #expect(decided.submitted.memberIDs == [1, 2])
        #expect(
            decided.submitted.digest
                == Receipt.digest(callID: 3, applicationID: 42, version: 3, answers: answers, memberIDs: [1, 2], submittedAt: during))
        #expect(decided.receipt.kind == "call-receipt")
        #expect(decided.receipt.link == "/applications/42")
        #expect(decided.receipt.values["reference"] == "ESCP-S3-2026-000042")
    }

    @Test func aResubmissionKeepsItsFirstReference() throws {
        var submitted = draft
        submitted.status = .submitted
        submitted.reference = "ESCP-S3-2026-000007"
        submitted.answers = answers
        let decided = try submitted.submitting(
            nil, expectedVersion: 2, call: call, memberIDs: [1, 2], members: [french, slovak], reference: reference, now: during)
        #expect(decided.submitted.reference == "ESCP-S3-2026-000007")
    }

    @Test func atTheDeadlineASubmissionIsRefusedNamingIt() {
        let late = refusal {
            _ = try draft.submitting(answers, expectedVersion: 2, call: call, memberIDs: [1, 2], members: [french, slovak], reference: reference, now: closes)
        }
        #expect(late?.kind == .deadlinePassed)
        #expect(late?.deadline == closes)
        let early = refusal {
            _ = try draft.submitting(
                answers, expectedVersion: 2, call: call, memberIDs: [1, 2], members: [french, slovak], reference: reference, now: opens.addingTimeInterval(-1))
        }
        #expect(early?.kind == .conflict)
    }

    @Test func aSubmissionBasedOnAStaleVersionIsAConflict() {
        let stale = refusal {
            _ = try draft.submitting(answers, expectedVersion: 1, call: call, memberIDs: [1, 2], members: [french, slovak], reference: reference, now: during)
        }
        #expect(stale?.kind == .conflict)
        #expect(stale?.description.contains("version 2, your submission was based on 1") == true)
    }

    @Test func anIncompleteSubmissionNamesTheMissingAnswer() {
        #expect(throws: ValidationErrors(["answers.summary": "is required: Summary"])) {
            _ = try draft.submitting([:], expectedVersion: 2, call: call, memberIDs: [1, 2], members: [french, slovak], reference: reference, now: during)
        }
    }

    @Test func anIneligibleConsortiumIsRefusedWithTheFailedRules() {
        let alone = refusal {
            _ = try draft.submitting(answers, expectedVersion: 2, call: call, memberIDs: [1], members: [french], reference: reference, now: during)
        }
        #expect(alone?.kind == .ineligible)
        #expect(alone?.failures.count == 1)
    }

    @Test func aDraftSavesIncompleteAnswersButNotAfterTheDeadlineNorOnAStaleVersion() throws {
        let saved = try draft.savingDraft(["summary": "Drones"], expectedVersion: 2, call: call.call, now: during)
        #expect(saved.version == 3)
        #expect(saved.answers == ["summary": "Drones"])
        #expect(refusal { _ = try draft.savingDraft([:], expectedVersion: 2, call: call.call, now: closes) }?.kind == .deadlinePassed)
        #expect(refusal { _ = try draft.savingDraft([:], expectedVersion: 1, call: call.call, now: during) }?.kind == .conflict)
        var submitted = draft
        submitted.status = .submitted
        #expect(refusal { _ = try submitted.savingDraft([:], expectedVersion: 2, call: call.call, now: during) }?.kind == .conflict)
    }

    @Test func withdrawingWorksWhileTheCallIsOpenAndOnce() throws {
        let withdrawn = try draft.withdrawing(call: call.call, now: during)
        #expect(withdrawn.status == .withdrawn)
        #expect(withdrawn.version == 3)
        #expect(refusal { _ = try withdrawn.withdrawing(call: call.call, now: during) }?.kind == .conflict)
        #expect(refusal { _ = try draft.withdrawing(call: call.call, now: closes.addingTimeInterval(1)) }?.kind == .deadlinePassed)
    }

    @Test func aConsortiumStartsOneDraftPerCallWhileItTakesThem() {
        #expect(refusal { try ExpressionOfInterest.mayStartDraft(for: call.call, existing: nil, now: during) } == nil)
        #expect(refusal { try ExpressionOfInterest.mayStartDraft(for: call.call, existing: 9, now: during) }?.description.contains("number 9") == true)
        #expect(refusal { try ExpressionOfInterest.mayStartDraft(for: call.call, existing: nil, now: closes) }?.kind == .conflict)
    }

    // MARK: Evaluation

    var closedCall: Call {
        var closed = call.call
        closed.criteria = [EvaluationCriterion(name: "Relevance", maxPoints: 30)]
        return closed
    }

    var submitted: ExpressionOfInterest {
        var submitted = draft
        submitted.status = .submitted
        return submitted
    }

    @Test func anEvaluationRecordsTheDecisionItsReasonTheScoresAndTheSelection() throws {
        let evaluated = try submitted.evaluating(
            decision: .eligible, reason: "Strong consortium", scores: ["Relevance": 25], selected: true, call: closedCall, now: closes)
        #expect(evaluated.decision == .eligible)
        #expect(evaluated.decisionReason == "Strong consortium")
        #expect(evaluated.scores == ["Relevance": 25])
        #expect(evaluated.selected)
        #expect(evaluated.status == .submitted)
        #expect(evaluated.version == submitted.version)
    }

    @Test func onlyASubmittedExpressionOfInterestIsEvaluatedAndOnlyOnceTheCallHasClosed() {
        #expect(throws: Refusal(.conflict, "only submitted expressions of interest are evaluated (this one is draft)")) {
            _ = try draft.evaluating(decision: .eligible, reason: "", scores: [:], selected: false, call: closedCall, now: closes)
        }
        #expect(throws: Refusal(.conflict, "the call is open: submissions are evaluated once it has closed")) {
            _ = try submitted.evaluating(decision: .eligible, reason: "", scores: [:], selected: false, call: closedCall, now: during)
        }
        var evaluatedCall = closedCall
        evaluatedCall.state = .evaluated
        #expect(refusal { _ = try submitted.evaluating(decision: nil, reason: "", scores: [:], selected: false, call: evaluatedCall, now: closes) } == nil)
    }

    @Test func scoresAreOnTheCallsCriteriaWithinTheirPoints() {
        #expect(throws: ValidationErrors(["scores.Relevance": "must be between 0 and 30", "scores.Impact": "is not a criterion of this call"])) {
            _ = try submitted.evaluating(
                decision: .eligible, reason: "", scores: ["Relevance": 31, "Impact": 5], selected: false, call: closedCall, now: closes)
        }
        #expect(throws: ValidationErrors(["scores.Relevance": "must be between 0 and 30"])) {
            _ = try submitted.evaluating(decision: .eligible, reason: "", scores: ["Relevance": -1], selected: false, call: closedCall, now: closes)
        }
    }

    @Test func markingIneligibleNeedsAReasonAndOnlyAnEligibleOneIsSelected() {
        #expect(
            throws: ValidationErrors(["reason": "is required when marking ineligible", "selected": "only an eligible expression of interest can be selected"])
        ) {
            _ = try submitted.evaluating(decision: .ineligible, reason: "  ", scores: [:], selected: true, call: closedCall, now: closes)
        }
        #expect(throws: ValidationErrors(["selected": "only an eligible expression of interest can be selected"])) {
            _ = try submitted.evaluating(decision: nil, reason: "", scores: [:], selected: true, call: closedCall, now: closes)
        }
        #expect(throws: ValidationErrors(["reason": "must be at most 2000 characters"])) {
            _ = try submitted.evaluating(
                decision: .eligible, reason: String(repeating: "x", count: 2_001), scores: [:], selected: false, call: closedCall, now: closes)
        }
    }
}

import ClusterCollabCore
import Foundation

/// What may happen to an expression of interest, decided without a database: each function takes what
/// the repository read inside its transaction (the stored state, the call, the clock's `now`) and returns
/// the new state, or throws a `Refusal` (or the answers' `ValidationErrors`). The repository keeps the
/// lock, the reads and the writes.
extension ExpressionOfInterest {
    /// A submission as decided: the new state (receipt reference and digest included), the eligibility
    /// found, and the receipt the submitter is told of.
    public struct Submission: Sendable, Equatable {
        public var submitted: ExpressionOfInterest
        public var eligibility: [RuleResult]
        public var receipt: Notice
    }

    /// Whether a consortium may start a draft for `call` at `now`; `existing` is the number of the
    /// expression of interest it already has for this call, if any.
    public static func mayStartDraft(for call: Call, existing: Int64?, now: Date) throws(Refusal) {
        let phase = call.phase(at: now)
        guard phase == .open || phase == .upcoming else {
            throw Refusal(.conflict, call.timingRefusal(at: now) ?? "this call takes no expression of interest")
        }
        if let existing {
            throw Refusal(.conflict, "this consortium already has an expression of interest for this call (number \(existing))")
        }
    }

    /// A draft's answers saved (drafts may be incomplete). `expectedVersion` is the version the edit was
    /// based on; a stale one is a conflict, never a silent overwrite.
    public func savingDraft(_ answers: [String: String], expectedVersion: Int, call: Call, now: Date) throws -> ExpressionOfInterest {
        guard version == expectedVersion else {
            throw Refusal(
                .conflict, "the expression of interest was changed meanwhile (version \(version), your edit was based on \(expectedVersion)); reload it")
        }
        guard status == .draft else {
            throw Refusal(.conflict, "this expression of interest is \(status.rawValue); edit it by submitting the changes")
        }
        if let refusal = call.timingRefusal(at: now), call.phase(at: now) != .upcoming {
            throw Refusal(.deadlinePassed, refusal, deadline: call.closesAt)
        }
        try ApplicationAnswers.validate(answers, fields: call.fields, forSubmission: false).throwIfAny()
        var saved = self
        saved.answers = answers
        saved.version = version + 1
        saved.updatedAt = now
        return saved
    }

    /// A submission (or a resubmission with changed answers, or `nil` for the saved ones) at `now`, by the
    /// consortium `members` (whose ids are `memberIDs`, ascending). Checked in this order: the call is
    /// open, the version is current, the answers are complete, the consortium meets the rules.
    public func submitting(
        _ answers: [String: String]?, expectedVersion: Int, call stored: StoredCall, memberIDs: [Int64], members: [EligibilityMember],
        reference: ReferenceData, now: Date
    ) throws -> Submission {
        let call = stored.call
        if let refusal = call.timingRefusal(at: now) {
            throw Refusal(now >= call.closesAt ? .deadlinePassed : .conflict, refusal, deadline: call.closesAt)
        }
        guard version == expectedVersion else {
            throw Refusal(
                .conflict, "the expression of interest was changed meanwhile (version \(version), your submission was based on \(expectedVersion)); reload it")
        }
        let finalAnswers = answers ?? self.answers
        try ApplicationAnswers.validate(finalAnswers, fields: call.fields, forSubmission: true).throwIfAny()
        let results = Eligibility.evaluate(rules: call.rules, members: members, reference: reference)
        guard Eligibility.isEligible(results) else {
            throw Refusal(
                .ineligible, "the consortium does not meet the call's rules", failures: Eligibility.failures(results),
                failuresByLanguage: Eligibility.failuresInEachLanguage(results, reference: reference))
        }
        // Storage keeps milliseconds: the receipt's time and digest are those of the stored instant.
        let submittedAt = Date(timeIntervalSince1970: Double(Int64((now.timeIntervalSince1970 * 1000).rounded(.down))) / 1000)
        var submitted = self
        submitted.status = .submitted
        submitted.answers = finalAnswers
        submitted.memberIDs = memberIDs
        submitted.version = version + 1
        // The reference people quote is kept from the first submission.
        submitted.reference =
            self.reference
            ?? Receipt.reference(programme: call.programme, year: Calendar(identifier: .gregorian).component(.year, from: call.closesAt), applicationID: id)
        submitted.digest = Receipt.digest(
            callID: call.id, applicationID: id, version: submitted.version, answers: finalAnswers, memberIDs: memberIDs, submittedAt: submittedAt)
        submitted.submittedAt = submittedAt
        submitted.rulesVersion = stored.rulesVersion
        submitted.eligibility = results
        submitted.updatedAt = now
        let receipt = Notice(
            "call-receipt", link: Routes.expressionOfInterest.path(id),
            [
                "reference": submitted.reference ?? "", "call": call.title, "submitted_time": Notice.instant(submittedAt, zone: call.timeZone),
                "digest": submitted.digest ?? "",
            ])
        return Submission(submitted: submitted, eligibility: results, receipt: receipt)
    }

    /// Withdrawn while the call is open (or before it opens).
    public func withdrawing(call: Call, now: Date) throws(Refusal) -> ExpressionOfInterest {
        if let refusal = call.timingRefusal(at: now), call.phase(at: now) != .upcoming {
            throw Refusal(.deadlinePassed, refusal, deadline: call.closesAt)
        }
        guard status != .withdrawn else { throw Refusal(.conflict, "this expression of interest is already withdrawn") }
        var withdrawn = self
        withdrawn.status = .withdrawn
        withdrawn.version = version + 1
        withdrawn.updatedAt = now
        return withdrawn
    }
}

extension ExpressionOfInterest {
    /// A moderator's evaluation, once the call has closed (or while its results stand): the eligibility
    /// decision, its reason, the points on each of the call's criteria, and whether the consortium is
    /// selected. Only a submitted expression of interest is evaluated, and only an eligible one selected.
    public func evaluating(decision: Decision?, reason: String, scores: [String: Int], selected: Bool, call: Call, now: Date) throws -> ExpressionOfInterest {
        guard status == .submitted else {
            throw Refusal(.conflict, "only submitted expressions of interest are evaluated (this one is \(status.rawValue))")
        }
        let phase = call.phase(at: now)
        guard phase == .closed || phase == .evaluated else {
            throw Refusal(.conflict, "the call is \(phase.rawValue): submissions are evaluated once it has closed")
        }
        var errors = ValidationErrors()
        let criteria = Dictionary(call.criteria.map { ($0.name, $0.maxPoints) }, uniquingKeysWith: { a, _ in a })
        for (name, points) in scores {
            guard let max = criteria[name] else { errors.add("scores.\(name)", "is not a criterion of this call"); continue }
            if points < 0 || points > max { errors.add("scores.\(name)", "must be between 0 and \(max)") }
        }
        if decision == .ineligible && reason.trimmingCharacters(in: .whitespaces).isEmpty { errors.add("reason", "is required when marking ineligible") }
        if selected && decision != .eligible { errors.add("selected", "only an eligible expression of interest can be selected") }
        if reason.count > 2_000 { errors.add("reason", "must be at most 2000 characters") }
        try errors.throwIfAny()
        var evaluated = self
        evaluated.decision = decision
        evaluated.decisionReason = reason
        evaluated.scores = scores
        evaluated.selected = selected
        return evaluated
    }
}

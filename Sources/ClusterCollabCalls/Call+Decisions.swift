import ClusterCollabCore
import Foundation

/// What may happen to a call, decided without a database: an administrator's edit (and the re-check of
/// the submitted expressions of interest it causes) and the publication of its results. As with the
/// expressions of interest, the repository reads inside its transaction, asks these functions, and writes
/// what they answer.
extension StoredCall {
    /// An edit as decided: the call as it is stored from now on, and the submitted expressions of interest
    /// to evaluate again under its new rules (none when the rules stay).
    public struct Edit: Sendable, Equatable {
        public var edited: StoredCall
        public var rulesChanged: Bool
        public var recheck: [ExpressionOfInterest]
    }

    /// The results as decided: the call, now evaluated, and a labelled partnership for each selected
    /// consortium, with what its lead's team is told.
    public struct Results: Sendable, Equatable {
        public struct Labelled: Sendable, Equatable {
            /// Not stored yet (its id is 0).
            public var partnership: Partnership
            public var leadID: Int64
            public var notice: Notice
        }

        public var evaluated: StoredCall
        public var partnerships: [Labelled]
    }

    /// An administrator's edit (`call`) of this stored call at `now`, based on `expectedVersion` (nil: the
    /// latest, whatever it is), while `submitted` expressions of interest wait. Rules that change after the
    /// call opened, while some are submitted, need `recheck`, so that rules never tighten behind applicants'
    /// backs.
    public func editing(to call: Call, expectedVersion: Int?, recheck: Bool, submitted: [ExpressionOfInterest], now: Date) throws(Refusal) -> Edit {
        if let expectedVersion, expectedVersion != self.call.version {
            throw Refusal(
                .conflict,
                "the call was changed by someone else (version \(self.call.version), your edit was based on \(expectedVersion)); reload it and edit again"
            )
        }
        let rulesChanged = self.call.rules != call.rules
        if rulesChanged && self.call.opensAt <= now && !submitted.isEmpty && !recheck {
            throw Refusal(
                .conflict,
                "the call is open and \(submitted.count) application(s) are submitted: changing its rules needs a re-check that evaluates them again and tells their teams (tick \"re-check submitted applications\")"
            )
        }
        var edited = call
        edited.id = self.call.id
        edited.createdAt = self.call.createdAt
        edited.updatedAt = now
        edited.version = self.call.version + 1
        return Edit(
            edited: StoredCall(call: edited, rulesVersion: rulesVersion + (rulesChanged ? 1 : 0)), rulesChanged: rulesChanged,
            recheck: rulesChanged ? submitted : [])
    }

    /// The call's results published at `now`, from its `submitted` expressions of interest; the selected
    /// ones become labelled partnerships, named after the partner search their consortium formed around
    /// (`searchTitles`, by search id). Published once: only a closed call that is not evaluated yet.
    public func publishingResults(submitted: [ExpressionOfInterest], searchTitles: [Int64: String], now: Date) throws(Refusal) -> Results {
        guard call.phase(at: now) == .closed else {
            throw Refusal(.conflict, "results are published once the call has closed and before it is evaluated (it is \(call.phase(at: now).rawValue))")
        }
        // The thematic area is the consortium's answer to the call's first choice, if it asks one.
        let choice = call.fields.first { if case .choice = $0.kind { true } else { false } }
        let partnerships = submitted.filter(\.selected).map { application in
            let area = choice.flatMap { application.answers[$0.key] } ?? call.thematicAreas.first ?? ""
            let partnership = Partnership(
                id: 0, callID: call.id, applicationID: application.id, name: searchTitles[application.searchID] ?? "Partnership \(application.id)",
                label: call.label, thematicArea: area, memberIDs: application.memberIDs, agreement: nil, createdAt: now)
            let notice = Notice(
                "call-selected", link: Routes.partnerships.path, ["label": call.label, "call": call.title, "reference": application.reference ?? ""])
            return Results.Labelled(partnership: partnership, leadID: application.leadID, notice: notice)
        }
        var evaluated = self
        evaluated.call.state = .evaluated
        evaluated.call.updatedAt = now
        evaluated.call.version += 1
        return Results(evaluated: evaluated, partnerships: partnerships)
    }
}

extension ExpressionOfInterest {
    /// A re-check as decided: the expression of interest with the eligibility found, and the notice of it.
    public struct Recheck: Sendable, Equatable {
        public var rechecked: ExpressionOfInterest
        public var notice: Notice
    }

    /// This submitted expression of interest evaluated again under an edited call's rules, by its
    /// consortium `members` as they are now; its team is told the outcome, eligible or not.
    public func rechecking(under stored: StoredCall, members: [EligibilityMember], reference: ReferenceData) -> Recheck {
        let results = Eligibility.evaluate(rules: stored.call.rules, members: members, reference: reference)
        var rechecked = self
        rechecked.eligibility = results
        rechecked.rulesVersion = stored.rulesVersion
        var values = [
            "call": stored.call.title, "reference": self.reference ?? "", "eligible": Eligibility.isEligible(results) ? "yes" : "",
            "failures": Eligibility.failures(results).joined(separator: " "),
        ]
        // Each reader gets the failed rules in their own language (`MessageTemplates`: `name@code`).
        for (code, failures) in Eligibility.failuresInEachLanguage(results, reference: reference) where code != Languages.english.code {
            values["failures@\(code)"] = failures.joined(separator: " ")
        }
        let notice = Notice("call-recheck", link: Routes.expressionOfInterest.path(id), values)
        return Recheck(rechecked: rechecked, notice: notice)
    }
}

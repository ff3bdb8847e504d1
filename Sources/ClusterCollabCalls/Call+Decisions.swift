import ClusterCollabCore
import Foundation

/// What may happen to a call, decided without a database: the publication of its results. As with the
/// expressions of interest, the repository reads inside its transaction, asks these functions, and writes
/// what they answer.
extension StoredCall {
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
            let notice = Notice("call-selected", link: "/partnerships", ["label": call.label, "call": call.title, "reference": application.reference ?? ""])
            return Results.Labelled(partnership: partnership, leadID: application.leadID, notice: notice)
        }
        var evaluated = self
        evaluated.call.state = .evaluated
        evaluated.call.updatedAt = now
        evaluated.call.version += 1
        return Results(evaluated: evaluated, partnerships: partnerships)
    }
}

import ClusterCollabCalls
import ClusterCollabCore
import ClusterCollabMatching
import Foundation
import SQLKit

extension CallRepository {
    // MARK: Evaluation

    /// A moderator's evaluation of a submitted application, once the call has closed.
    public func evaluate(
        id: Int64, decision: ExpressionOfInterest.Decision?, reason: String, scores: [String: Int], selected: Bool, moderator: String, now: Date = Date()
    )
        async throws -> ExpressionOfInterest
    {
        try await database.transaction { db in
            guard let application = try await Self.application(id, on: db), let call = try await Self.call(application.callID, on: db) else {
                throw Refusal(.notFound, "application \(id)")
            }
            guard application.status == .submitted else {
                throw Refusal(.conflict, "only submitted expressions of interest are evaluated (this one is \(application.status.rawValue))")
            }
            let phase = call.call.phase(at: now)
            guard phase == .closed || phase == .evaluated else {
                throw Refusal(.conflict, "the call is \(phase.rawValue): submissions are evaluated once it has closed")
            }
            var errors = ValidationErrors()
            let criteria = Dictionary(call.call.criteria.map { ($0.name, $0.maxPoints) }, uniquingKeysWith: { a, _ in a })
            for (name, points) in scores {
                guard let max = criteria[name] else { errors.add("scores.\(name)", "is not a criterion of this call"); continue }
                if points < 0 || points > max { errors.add("scores.\(name)", "must be between 0 and \(max)") }
            }
            if decision == .ineligible && reason.trimmingCharacters(in: .whitespaces).isEmpty { errors.add("reason", "is required when marking ineligible") }
            if selected && decision != .eligible { errors.add("selected", "only an eligible expression of interest can be selected") }
            if reason.count > 2_000 { errors.add("reason", "must be at most 2000 characters") }
            try errors.throwIfAny()
            try await db.raw(
                """
                UPDATE applications SET decision = \(bind: decision?.rawValue), decision_reason = \(bind: reason), scores = \(bind: Self.json(scores)),
                    selected = \(bind: selected ? 1 : 0), evaluated_by = \(bind: moderator), evaluated_at = \(bind: Self.ms(now))
                WHERE id = \(bind: id)
                """
            ).run()
            try await AuditLog.append(
                actor: moderator, action: "call: evaluated", subject: "application \(id)",
                detail: "\(decision?.rawValue ?? "undecided")\(selected ? ", selected" : "")", now: now, on: db)
            guard let stored = try await Self.application(id, on: db) else { throw Refusal(.notFound, "application \(id)") }
            return stored
        }
    }

    /// Publishes a call's results: the selected consortia become labelled partnerships, and the call is
    /// evaluated. Runs once; an evaluated call keeps its partnerships.
    public func publishResults(callID: Int64, actor: String, now: Date = Date()) async throws -> Int {
        try await database.transaction { db in
            guard let stored = try await Self.call(callID, on: db) else { throw Refusal(.notFound, "call \(callID)") }
            let call = stored.call
            guard call.phase(at: now) == .closed else {
                throw Refusal(.conflict, "results are published once the call has closed and before it is evaluated (it is \(call.phase(at: now).rawValue))")
            }
            let selected = try await Self.applications(callID: callID, status: .submitted, on: db).filter(\.selected)
            for application in selected {
                // The partnership is named after the partner search its consortium formed around.
                let name =
                    try await db.raw("SELECT title FROM partner_searches WHERE id = \(bind: application.searchID)").first()?
                    .decode(column: "title", as: String.self) ?? "Partnership \(application.id)"
                let area =
                    call.fields.first { if case .choice = $0.kind { true } else { false } }.flatMap { application.answers[$0.key] } ?? call.thematicAreas.first
                    ?? ""
                try await db.raw(
                    """
                    INSERT INTO partnerships (call_id, application_id, name, label, thematic_area, members, created_at)
                    VALUES (\(bind: callID), \(bind: application.id), \(bind: name), \(bind: call.label), \(bind: area),
                        \(bind: Self.json(application.memberIDs)), \(bind: Self.ms(now)))
                    """
                ).run()
                let selected = Notice(
                    "call-selected", link: Routes.partnerships.path, ["label": call.label, "call": call.title, "reference": application.reference ?? ""])
                try await notifyTeam(of: application.leadID, selected, now: now, on: db)
            }
            try await db.raw("UPDATE calls SET state = 'evaluated', updated_at = \(bind: Self.ms(now)), version = version + 1 WHERE id = \(bind: callID)").run()
            try await AuditLog.append(
                actor: actor, action: "call: results published", subject: "call \(callID)", detail: "\(selected.count) partnerships", now: now, on: db)
            return selected.count
        }
    }
}

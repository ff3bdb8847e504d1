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
            let evaluated = try application.evaluating(
                decision: decision, reason: reason, scores: scores, selected: selected, call: call.call, now: now)
            try await db.raw(
                """
                UPDATE applications SET decision = \(bind: evaluated.decision?.rawValue), decision_reason = \(bind: evaluated.decisionReason),
                    scores = \(bind: Self.json(evaluated.scores)), selected = \(bind: evaluated.selected ? 1 : 0), evaluated_by = \(bind: moderator), evaluated_at = \(bind: Self.ms(now))
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
            let submitted = try await Self.applications(callID: callID, status: .submitted, on: db)
            let titles = try await Self.searchTitles(submitted.map(\.searchID), on: db)
            let results = try stored.publishingResults(submitted: submitted, searchTitles: titles, now: now)
            for labelled in results.partnerships {
                let partnership = labelled.partnership
                try await db.raw(
                    """
                    INSERT INTO partnerships (call_id, application_id, name, label, thematic_area, members, created_at)
                    VALUES (\(bind: partnership.callID), \(bind: partnership.applicationID), \(bind: partnership.name), \(bind: partnership.label),
                        \(bind: partnership.thematicArea), \(bind: Self.json(partnership.memberIDs)), \(bind: Self.ms(partnership.createdAt)))
                    """
                ).run()
                try await notifyTeam(of: labelled.leadID, labelled.notice, now: now, on: db)
            }
            try await db.raw("UPDATE calls SET state = 'evaluated', updated_at = \(bind: Self.ms(now)), version = version + 1 WHERE id = \(bind: callID)").run()
            try await AuditLog.append(
                actor: actor, action: "call: results published", subject: "call \(callID)", detail: "\(results.partnerships.count) partnerships", now: now,
                on: db)
            return results.partnerships.count
        }
    }

    /// The titles of partner searches, by id: a labelled partnership is named after its consortium's.
    static func searchTitles(_ ids: [Int64], on db: any SQLDatabase) async throws -> [Int64: String] {
        guard !ids.isEmpty else { return [:] }
        let list = Set(ids).sorted().map(String.init).joined(separator: ",")
        return Dictionary(
            try await db.raw("SELECT id, title FROM partner_searches WHERE id IN (\(unsafeRaw: list))").all().map {
                (try $0.decode(column: "id", as: Int64.self), try $0.decode(column: "title", as: String.self))
            }, uniquingKeysWith: { a, _ in a })
    }
}

import ClusterCollabCalls
import ClusterCollabCore
import ClusterCollabStorage
import Foundation
import Hummingbird

/// What the calls pages and API share: finding calls and applications, who may act, refusals.
extension Platform {
    func storedCall(_ context: AppRequestContext, _ user: User?) async throws -> StoredCall {
        let raw = try context.parameters.require("id")
        guard let id = Int64(raw), id > 0 else { throw APIError.malformed("malformed path", fields: ["id": "must be a call number"]) }
        // Drafts exist only for the platform team.
        guard let stored = try await calls.call(id: id), stored.call.state != .draft || user?.isModerator == true else {
            throw APIError.notFound("call \(id)")
        }
        return stored
    }

    func applicationRecord(_ context: AppRequestContext) async throws -> ExpressionOfInterest {
        let raw = try context.parameters.require("id")
        guard let id = Int64(raw), id > 0 else { throw APIError.malformed("malformed path", fields: ["id": "must be an application number"]) }
        guard let application = try await calls.application(id: id) else { throw APIError.notFound("expression of interest \(id)") }
        return application
    }

    /// A call's refusal as an API error: a late submission names the deadline in the person's own zone.
    func refusal(_ refusal: Refusal, user: User?, call: Call?) -> APIError {
        APIError(refusal, zone: user?.timeZone ?? call?.timeZone, callZone: call?.timeZone)
    }

    /// Runs a calls operation, turning its refusals and broken rules into API errors.
    func refusingCalls<T>(_ user: User?, _ call: Call?, _ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let refusal as Refusal {
            throw self.refusal(refusal, user: user, call: call)
        } catch let errors as ValidationErrors { throw APIError.validation(errors) }
    }

    /// SMEs among a partnership's members, from their profiles.
    func smes(_ memberIDs: [Int64]) async throws -> Int {
        try await organisations.find(ids: memberIDs).values.reduce(0) { $0 + ($1.members.sme ?? 0) }
    }
}

extension Platform {
    /// The evaluation board's HTML for a call, as a moderator in `zone` sees it (for `bench calls`).
    public func renderEvaluationBoard(callID: Int64, zone: String) async throws -> String {
        guard let call = try await calls.call(id: callID)?.call else { throw APIError.notFound("call \(callID)") }
        return try await CallPagesController.renderBoard(self, call: call, zone: zone)
    }
}

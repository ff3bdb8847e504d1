import ClusterCollabCalls
import ClusterCollabCore
import ClusterCollabStorage
import Foundation
import Hummingbird

/// `/api/v1/calls`, `/api/v1/applications` and `/api/v1/partnerships`. Calls and partnerships are public;
/// platform administrators write calls, the lead organisation's team writes its expression of interest,
/// moderators evaluate. Writes need a bearer token.
struct CallsAPIController {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.API.calls, use: list)
        router.post(Routes.API.calls, use: create)
        router.get(Routes.API.call, use: show)
        router.patch(Routes.API.call, use: update)
        router.get(Routes.API.callEligibility, use: eligibility)
        router.get(Routes.API.callExpressionsOfInterest, use: applications)
        router.post(Routes.API.callExpressionsOfInterest, use: createApplication)
        router.post(Routes.API.callResults, use: results)
        router.get(Routes.API.expressionOfInterest, use: showApplication)
        router.patch(Routes.API.expressionOfInterest, use: saveApplication)
        router.post(Routes.API.expressionOfInterestSubmit, use: submit)
        router.post(Routes.API.expressionOfInterestWithdraw, use: withdraw)
        router.post(Routes.API.expressionOfInterestEvaluation, use: evaluate)
        router.get(Routes.API.partnerships, use: partnerships)
        router.get(Routes.API.partnership, use: partnership)
    }

    func refused<T>(_ user: User?, _ call: Call?, _ body: () async throws -> T) async throws -> T {
        try await platform.refusingCalls(user, call, body)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let pairs = FormDecoding.pairs(request.uri.query)
        let paging = try Paging.parse(pairs, defaultPerPage: 20, maxPerPage: 100, allowed: ["page", "per_page", "status"])
        var phases: Set<Call.Phase>? = nil
        if let status = pairs.last(where: { $0.0 == "status" })?.1, !status.isEmpty {
            switch status {
            case "open": phases = [.open]
            case "upcoming": phases = [.upcoming]
            case "closed": phases = [.closed, .evaluated]
            default: throw APIError(.unprocessableContent, "validation", fields: ["status": "must be open, upcoming or closed"])
            }
        }
        let now = Date()
        let all = try await platform.calls.calls().filter { phases?.contains($0.call.phase(at: now)) ?? true }
        let items = all.dropFirst(paging.offset).prefix(paging.perPage).map { CallsJSON.call($0, platform, now: now) }
        return try JSONResponse.make(Page(items: Array(items), total: all.count, page: paging.page, per_page: paging.perPage))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(CallsJSON.call(try await platform.storedCall(context, context.identity?.user), platform))
    }

    /// A body that is not JSON at all is 400; one that is JSON but breaks a rule is 422 (from the decoder).
    static func jsonBody(_ request: Request, _ context: AppRequestContext) async throws -> Data {
        let data = Data(buffer: try await request.body.collect(upTo: context.maxUploadSize))
        guard (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) != nil else {
            throw APIError.malformed("the body is not valid JSON")
        }
        return data
    }

    func requireAdmin(_ context: AppRequestContext) throws -> User {
        let user = try context.bearerUser()
        guard user.isPlatformAdmin else { throw APIError(.forbidden, "calls are written by platform administrators") }
        return user
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try requireAdmin(context)
        let body = try await Self.jsonBody(request, context)
        do {
            let input = try CallInput(json: body)
            let call = try input.applied(to: nil, reference: platform.reference, now: Date())
            let stored = try await platform.calls.create(call, actor: context.identity?.actorName ?? user.email)
            return try JSONResponse.make(CallsJSON.call(stored, platform), status: .created, headers: [.location: Routes.API.call.path(stored.call.id)])
        } catch let errors as ValidationErrors { throw APIError.validation(errors) }
    }

    /// `?recheck=true` allows changing the rules of an open call with submitted applications: they are
    /// evaluated again and their teams told. `?version=N` refuses an edit based on an older version.
    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try requireAdmin(context)
        let stored = try await platform.storedCall(context, user)
        let pairs = FormDecoding.pairs(request.uri.query)
        let recheck = pairs.contains { $0.0 == "recheck" && $0.1 == "true" }
        // A version that is not a whole number is refused, not ignored: ignoring it would skip the check
        // that the edit is based on the current call.
        var version: Int?
        if let raw = pairs.last(where: { $0.0 == "version" })?.1 {
            guard let n = Int(raw) else {
                throw APIError.malformed("malformed query", fields: ["version": "must be a whole number: the version the edit is based on"])
            }
            version = n
        }
        let body = try await Self.jsonBody(request, context)
        return try await refused(user, stored.call) {
            let input = try CallInput(json: body)
            let call = try input.applied(to: stored.call, reference: platform.reference, now: Date())
            let (updated, _) = try await platform.calls.update(
                call, expectedVersion: version, recheck: recheck, actor: context.identity?.actorName ?? user.email)
            return try JSONResponse.make(CallsJSON.call(updated, platform))
        }
    }

    @Sendable func eligibility(_ request: Request, context: AppRequestContext) async throws -> Response {
        let stored = try await platform.storedCall(context, context.identity?.user)
        guard let raw = FormDecoding.pairs(request.uri.query).last(where: { $0.0 == "search" })?.1, let search = Int64(raw) else {
            throw APIError.malformed("malformed query", fields: ["search": "is required: the partner search whose consortium to check"])
        }
        guard let found = try await platform.partnerSearches.find(id: search) else { throw APIError.notFound("partner search \(search)") }
        var results = try await platform.calls.eligibility(callID: stored.call.id, searchID: search, applicationID: nil)
        // Anyone may check a consortium, but only its lead's team (and the platform team) learns whether
        // its members are in other applications to the call.
        var insider = context.identity?.user.isModerator == true
        if !insider, let user = context.identity?.user {
            insider = try await platform.teams.teamRole(organisationID: found.search.ownerID, userID: user.id) != nil
        }
        if !insider { results = Eligibility.withheldFromOutsiders(results, reference: platform.reference) }
        return try JSONResponse.make(CallsJSON.EligibilityDoc(eligible: Eligibility.isEligible(results), rules: CallsJSON.rules(results, platform.reference)))
    }

    @Sendable func applications(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let user = context.identity?.user else { throw APIError(.unauthorized, "the evaluation board needs a bearer token") }
        guard user.isModerator else { throw APIError(.forbidden, "submissions are evaluated by the platform team") }
        let stored = try await platform.storedCall(context, user)
        let items = try await platform.calls.applications(callID: stored.call.id).filter { $0.status != .draft }
            .map { CallsJSON.application($0, call: stored.call, platform, for: user) }
        return try JSONResponse.make(Page(items: items, total: items.count, page: 1, per_page: max(items.count, 1)))
    }

    @Sendable func createApplication(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.bearerUser()
        let stored = try await platform.storedCall(context, user)
        var body = try await JSONBody.read(request, context, allowed: ["search_id"])
        let searchID = body.int("search_id")
        try body.throwIfMalformed()
        guard let searchID, let search = try await platform.partnerSearches.find(id: Int64(searchID)) else {
            throw APIError(.unprocessableContent, "validation", fields: ["search_id": "must be the number of your consortium's partner search"])
        }
        try await platform.require(.leadTeam, user, organisationID: search.search.ownerID)
        let draft = try await refused(user, stored.call) {
            try await platform.calls.createDraft(callID: stored.call.id, searchID: search.search.id, leadID: search.search.ownerID, userID: user.id)
        }
        return try JSONResponse.make(
            CallsJSON.application(draft, call: stored.call, platform, for: user), status: .created,
            headers: [.location: Routes.API.expressionOfInterest.path(draft.id)])
    }

    func ownApplication(_ context: AppRequestContext, allowModerators: Bool) async throws -> (User, ExpressionOfInterest, Call?) {
        let user = try context.bearerUser()
        let application = try await platform.applicationRecord(context)
        try await platform.require(allowModerators ? .leadTeamOrPlatformTeam : .leadTeam, user, organisationID: application.leadID)
        return (user, application, try await platform.calls.call(id: application.callID)?.call)
    }

    @Sendable func showApplication(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard context.identity != nil else { throw APIError(.unauthorized, "expressions of interest are private to their team: send a bearer token") }
        let user = context.identity!.user
        let application = try await platform.applicationRecord(context)
        try await platform.require(.leadTeamOrPlatformTeam, user, organisationID: application.leadID)
        let call = try await platform.calls.call(id: application.callID)?.call
        return try JSONResponse.make(CallsJSON.application(application, call: call, platform, for: user))
    }

    @Sendable func saveApplication(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, application, call) = try await ownApplication(context, allowModerators: false)
        var body = try await JSONBody.read(request, context, allowed: ["answers", "version"])
        let answers = body.stringMap("answers")
        let version = body.int("version")
        try body.throwIfMalformed()
        guard let version else { throw APIError(.unprocessableContent, "validation", fields: ["version": "is required: the version your edit is based on"]) }
        let saved = try await refused(user, call) {
            try await platform.calls.saveDraft(id: application.id, answers: answers ?? application.answers, expectedVersion: version, userID: user.id)
        }
        return try JSONResponse.make(CallsJSON.application(saved, call: call, platform, for: user))
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, application, call) = try await ownApplication(context, allowModerators: false)
        var body = try await JSONBody.read(request, context, allowed: ["answers", "version"])
        let answers = body.stringMap("answers")
        let version = body.int("version")
        try body.throwIfMalformed()
        guard let version else {
            throw APIError(.unprocessableContent, "validation", fields: ["version": "is required: the version your submission is based on"])
        }
        let receipt = try await refused(user, call) {
            try await platform.calls.submit(
                id: application.id, answers: answers, expectedVersion: version, userID: user.id,
                userEmail: user.id > 0 ? user.email : nil)
        }
        // Answered only now, after the submitting transaction committed.
        return try JSONResponse.make(CallsJSON.application(receipt.application, call: receipt.call, platform, for: user))
    }

    @Sendable func withdraw(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, application, call) = try await ownApplication(context, allowModerators: false)
        let withdrawn = try await refused(user, call) { try await platform.calls.withdraw(id: application.id, userID: user.id) }
        return try JSONResponse.make(CallsJSON.application(withdrawn, call: call, platform, for: user))
    }

    @Sendable func evaluate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.bearerUser()
        guard user.isModerator else { throw APIError(.forbidden, "submissions are evaluated by the platform team") }
        let application = try await platform.applicationRecord(context)
        var body = try await JSONBody.read(request, context, allowed: ["decision", "reason", "scores", "selected"])
        let decisionText = body.string("decision")
        let reason = body.string("reason") ?? ""
        let scores = body.intMap("scores") ?? [:]
        let selected = body.bool("selected") ?? false
        try body.throwIfMalformed()
        var decision: ExpressionOfInterest.Decision?
        if let decisionText {
            guard let value = ExpressionOfInterest.Decision(rawValue: decisionText) else {
                throw APIError(.unprocessableContent, "validation", fields: ["decision": "must be eligible or ineligible"])
            }
            decision = value
        }
        let call = try await platform.calls.call(id: application.callID)?.call
        let evaluated = try await refused(user, call) {
            try await platform.calls.evaluate(
                id: application.id, decision: decision, reason: reason, scores: scores, selected: selected,
                moderator: context.identity?.actorName ?? user.email)
        }
        return try JSONResponse.make(CallsJSON.application(evaluated, call: call, platform, for: user))
    }

    @Sendable func results(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.bearerUser()
        guard user.isModerator else { throw APIError(.forbidden, "results are published by the platform team") }
        let stored = try await platform.storedCall(context, user)
        _ = try await refused(user, stored.call) {
            try await platform.calls.publishResults(callID: stored.call.id, actor: context.identity?.actorName ?? user.email)
        }
        return try await partnershipsPage(Paging(page: 1, perPage: 100))
    }

    @Sendable func partnerships(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await partnershipsPage(try Paging.parse(FormDecoding.pairs(request.uri.query), defaultPerPage: 20, maxPerPage: 100))
    }

    func partnershipsPage(_ paging: Paging) async throws -> Response {
        let (total, items) = try await platform.calls.partnerships(page: paging.page, perPage: paging.perPage)
        var docs: [CallsJSON.PartnershipDoc] = []
        for p in items { docs.append(CallsJSON.partnership(p, platform, smes: try await platform.smes(p.memberIDs))) }
        return try JSONResponse.make(Page(items: docs, total: total, page: paging.page, per_page: paging.perPage))
    }

    @Sendable func partnership(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let id = Int64(try context.parameters.require("id")) else { throw APIError.malformed("malformed path", fields: ["id": "must be a number"]) }
        guard let p = try await platform.calls.partnership(id: id) else { throw APIError.notFound("partnership \(id)") }
        return try JSONResponse.make(CallsJSON.partnership(p, platform, smes: try await platform.smes(p.memberIDs)))
    }
}

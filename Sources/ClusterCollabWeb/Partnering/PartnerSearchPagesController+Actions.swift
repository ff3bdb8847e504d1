import ClusterCollabCore
import ClusterCollabMatching
import ClusterCollabStorage
import Foundation
import Hummingbird

/// The forms on a partner search's page. Each answers with a redirect back to the page, or the error
/// page naming the problem (nothing is changed then).
extension PartnerSearchPagesController {
    func back(_ record: StoredPartnerSearch, _ anchor: String = "") -> Response {
        AccountPagesController.redirect(Routes.partnerSearch.path(record.search.id) + (anchor.isEmpty ? "" : "#" + anchor))
    }

    @Sendable func expressInterest(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        let record = try await platform.partnerSearch(context)
        let form = try await Form(request, context: context)
        guard let organisationID = Int64(form["organisation_id"]) else {
            throw APIError(.unprocessableContent, "validation", fields: ["organisation_id": "choose the organisation you act for"])
        }
        guard try await platform.publishedTeams(of: user).contains(where: { $0.id == organisationID }) else {
            throw APIError(.forbidden, "only a member of a published organisation's team may express interest on its behalf")
        }
        let message = form["message"].trimmingCharacters(in: .whitespacesAndNewlines)
        guard message.count <= 2_000 else { throw APIError(.unprocessableContent, "validation", fields: ["message": "must be at most 2000 characters"]) }
        try await platform.limitPosting(user, request, context)
        _ = try await platform.partnerSearches.expressInterest(
            searchID: record.search.id, organisationID: organisationID, userID: user.id,
            message: message, today: platform.today)
        return back(record, "interest")
    }

    @Sendable func withdraw(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        let record = try await platform.partnerSearch(context)
        let interest = try await platform.interest(context, of: record)
        try await platform.require(.organisationTeamOrPlatformTeam, user, organisationID: interest.organisationID)
        try await platform.partnerSearches.withdrawInterest(id: interest.id)
        return back(record, "interest")
    }

    func decide(_ request: Request, _ context: AppRequestContext, accept: Bool) async throws -> Response {
        let (user, record) = try await requireManager(request, context)
        let interest = try await platform.interest(context, of: record)
        try await platform.partnerSearches.decideInterest(id: interest.id, accept: accept, decidedBy: user.id, actor: "\(user.name) <\(user.email)>")
        return back(record, "consortium")
    }

    @Sendable func accept(_ request: Request, context: AppRequestContext) async throws -> Response { try await decide(request, context, accept: true) }
    @Sendable func decline(_ request: Request, context: AppRequestContext) async throws -> Response { try await decide(request, context, accept: false) }

    @Sendable func comment(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        let record = try await platform.partnerSearch(context)
        let form = try await Form(request, context: context)
        let body = form["body"].trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...4_000).contains(body.count) else { throw APIError(.unprocessableContent, "validation", fields: ["body": "must be 1 to 4000 characters"]) }
        var parent: Int64?
        if !form["parent_id"].isEmpty {
            guard let id = Int64(form["parent_id"]) else { throw APIError.malformed("malformed form", fields: ["parent_id": "must be a comment number"]) }
            parent = id
        }
        try await platform.limitPosting(user, request, context)
        _ = try await platform.partnerSearches.comment(searchID: record.search.id, parentID: parent, userID: user.id, author: user.name, body: body)
        return back(record, "discussion")
    }

    @Sendable func follow(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        let record = try await platform.partnerSearch(context)
        let form = try await Form(request, context: context)
        try await platform.partnerSearches.follow(searchID: record.search.id, userID: user.id, form["follow"] != "0")
        return back(record)
    }

    @Sendable func invite(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, record) = try await requireManager(request, context)
        let form = try await Form(request, context: context)
        guard let organisationID = Int64(form["organisation_id"]) else {
            throw APIError(.unprocessableContent, "validation", fields: ["organisation_id": "must be the number of an organisation"])
        }
        try await platform.partnerSearches.invite(
            searchID: record.search.id, organisationID: organisationID, invitedBy: user.id,
            actor: "\(user.name) <\(user.email)>", today: platform.today)
        return back(record, "recommendations")
    }

    @Sendable func consortium(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, record) = try await requireManager(request, context)
        let form = try await Form(request, context: context)
        guard let status = Consortium.Status(rawValue: form["status"]) else {
            throw APIError(.unprocessableContent, "validation", fields: ["status": "must be one of \(Consortium.Status.codes)"])
        }
        var agreement: CooperationAgreement?
        let fields = ["agreement_title", "agreement_date", "agreement_note"].map { form[$0].trimmingCharacters(in: .whitespaces) }
        if fields.contains(where: { !$0.isEmpty }) {
            do { agreement = try CooperationAgreement.validated(date: fields[1], title: fields[0], note: fields[2]) } catch {
                throw APIError.validation(error)
            }
        }
        try await platform.partnerSearches.updateConsortium(
            searchID: record.search.id, status: status, agreement: agreement, actor: "\(user.name) <\(user.email)>")
        return back(record, "consortium")
    }
}

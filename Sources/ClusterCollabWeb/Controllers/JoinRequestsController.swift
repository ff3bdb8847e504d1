import ClusterCollabCore
import ClusterCollabStorage
import Foundation
import Hummingbird

/// Asking to join an organisation's team, or to claim a listed organisation that has none (for instance
/// one that was imported). The organisation's administrators decide, or the moderators when it has none.
struct JoinRequestsController {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.organisationJoin, use: form)
        router.post(Routes.organisationJoin, use: ask)
        router.post(Routes.joinRequestAccept, use: accept)
        router.post(Routes.joinRequestDecline, use: decline)
        router.get(Routes.adminJoinRequests, use: claims)
    }

    struct AskPage: PageModel {
        static let template = "join-request"
        var title: String; var csrf: String; var name: String; var action: String; var hasTeam: Bool
    }

    /// Joining or claiming acts for an organisation: only with an address proven to be the person's.
    static func requireConfirmedAddress(_ user: User) throws {
        guard user.emailVerified else {
            throw APIError(.forbidden, TeamRepository.unconfirmedAddress, fields: ["email": "\(user.email) is not confirmed yet"])
        }
    }

    @Sendable func form(_ request: Request, context: AppRequestContext) async throws -> Response {
        try Self.requireConfirmedAddress(try context.signedInUser(request))
        let slug = try context.pathText("slug")
        guard let organisation = try await platform.organisations.find(slug: slug), organisation.status == .published else {
            throw APIError.notFound("organisation \(slug)")
        }
        let hasTeam = try await !platform.teams.members(organisationID: organisation.id).filter { $0.role == .administrator }.isEmpty
        return platform.formPage(request, context) { token in
            AskPage(
                title: (hasTeam ? t("Join the team of {{name}}") : t("Claim {{name}}")).filling(["name": organisation.name]),
                csrf: token, name: organisation.name, action: Routes.organisationJoin.path(slug), hasTeam: hasTeam)
        }
    }

    @Sendable func ask(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        let slug = try context.pathText("slug")
        guard let organisation = try await platform.organisations.find(slug: slug), organisation.status == .published else {
            throw APIError.notFound("organisation \(slug)")
        }
        try Self.requireConfirmedAddress(user)
        try await platform.limitPosting(user, request, context)
        let message = try await Form(request, context: context)["message"].trimmingCharacters(in: .whitespacesAndNewlines)
        guard message.count <= 2_000 else { throw APIError(.unprocessableContent, "validation", fields: ["message": "must be at most 2000 characters"]) }
        let kind = try await platform.teams.requestToJoin(organisationID: organisation.id, userID: user.id, message: message)
        let answer =
            kind == .claim
            ? t("Your request for {{name}} is with the platform team; you will be notified of their decision.")
            : t("Your request for {{name}} is with the organisation's profile administrators; you will be notified of their decision.")
        return platform.views.page(
            MessagePage(
                title: t("Request sent"), message: answer.filling(["name": organisation.name]),
                linkHref: Routes.organisation.path(slug), linkText: organisation.name))
    }

    /// The organisation's administrators decide joins; moderators decide claims.
    func mayDecide(_ user: User, _ joinRequest: JoinRequest) async throws -> Bool {
        if joinRequest.kind == .claim { return user.isModerator }
        let role = try await platform.teams.teamRole(organisationID: joinRequest.organisationID, userID: user.id)
        return ProfileWorkflow.Standing(platformRole: user.role, teamRole: role).canManageTeam
    }

    func decide(_ request: Request, _ context: AppRequestContext, accept: Bool) async throws -> Response {
        let user = try context.signedInUser(request)
        guard let id = Int64(try context.parameters.require("id")) else { throw APIError.malformed("malformed path", fields: ["id": "must be a number"]) }
        guard let joinRequest = try await platform.teams.request(id: id) else { throw APIError.notFound("open request \(id)") }
        guard try await mayDecide(user, joinRequest) else {
            throw APIError(
                .forbidden, joinRequest.kind == .claim ? "claims are decided by the platform team" : "only the organisation's profile administrators decide")
        }
        try await platform.teams.decideRequest(id: id, accept: accept, decidedBy: user.id, actor: "\(user.name) <\(user.email)>")
        return AccountPagesController.redirect(
            joinRequest.kind == .claim ? Routes.adminJoinRequests.path : Routes.myOrganisation.path(joinRequest.organisationID))
    }

    @Sendable func accept(_ request: Request, context: AppRequestContext) async throws -> Response { try await decide(request, context, accept: true) }
    @Sendable func decline(_ request: Request, context: AppRequestContext) async throws -> Response { try await decide(request, context, accept: false) }

    struct ClaimsPage: PageModel {
        static let template = "admin-join-requests"
        struct Item {
            var acceptAction: String; var declineAction: String; var organisation: String; var person: String; var confirmed: Bool; var message: String
        }
        var title = t("Claims of organisations without a team")
        var csrf: String
        var items: [Item]
    }

    @Sendable func claims(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try AdminPagesController.require(.moderator, request, context)
        let items = try await platform.teams.openClaims().map {
            ClaimsPage.Item(
                acceptAction: Routes.joinRequestAccept.path($0.id), declineAction: Routes.joinRequestDecline.path($0.id), organisation: $0.organisationName,
                person: "\($0.userName) <\($0.userEmail)>", confirmed: $0.userEmailVerified, message: $0.message)
        }
        return platform.formPage(request, context) { ClaimsPage(csrf: $0, items: items) }
    }
}

import ClusterCollabCore
import ClusterCollabStorage
import Foundation
import Hummingbird

/// The platform team's pages under `/admin`. Visitors are sent to the login page; signed-in people
/// without the role get 403.
struct AdminPagesController {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("admin/moderation", use: moderation)
        router.get("admin/outbox", use: outbox)
        router.post("admin/moderation/:id/decision", use: decide)
        router.get("admin/users", use: users)
        router.post("admin/users/:id/role", use: changeRole)
    }

    /// The signed-in user when they hold at least `role`.
    static func require(_ role: PlatformRole, _ request: Request, _ context: AppRequestContext) throws -> User {
        guard let identity = context.identity else {
            throw Redirect(to: "/login?next=" + FormDecoding.encode(request.uri.path))
        }
        guard identity.user.role >= role else {
            throw APIError(.forbidden, "this page is for the platform team (\(role.label.lowercased()) or above)")
        }
        return identity.user
    }

    struct ModerationPage {
        struct Item {
            var id: Int64; var name: String; var href: String; var country: String; var type: String; var updated: String
            var checklist: [String]; var passes: Bool; var waived: Bool; var isEdit: Bool; var duplicates: [String]; var hasDuplicates: Bool
            /// A new logo waiting with the edits.
            var newLogoHref: String? = nil
        }
        var title = "Moderation queue"
        var csrf: String
        var items: [Item]
        var total: Int
        var hasItems: Bool
    }

    /// New profiles and edits of published ones waiting for review, each with its validation checklist and
    /// a warning about probable duplicates (same country, similar name).
    @Sendable func moderation(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try Self.require(.moderator, request, context)
        let queue = try await platform.teams.reviewQueue()
        var byCountry: [String: [Organisation]] = [:]
        var items: [ModerationPage.Item] = []
        for (o, isEdit) in queue {
            if byCountry[o.country] == nil { byCountry[o.country] = try await platform.organisations.all(country: o.country) }
            let duplicates = ProfileWorkflow.probableDuplicates(of: o, among: byCountry[o.country] ?? []).map { "\($0.name) (\($0.status.label.lowercased()))" }
            let checklist = ValidationChecklist(o)
            let newLogo = isEdit ? try await platform.logos.exists(organisationID: o.id, pending: true) : false
            items.append(.init(id: o.id, name: o.name, href: "/my/organisations/\(o.id)", country: platform.reference.country(o.country)?.name ?? o.country,
                               type: o.type.label, updated: AccountPagesController.day(o.updatedAt),
                               checklist: checklist.items.map { ($0.met ? "✓ " : "✗ ") + $0.rule }, passes: checklist.passes,
                               waived: checklist.waived, isEdit: isEdit, duplicates: duplicates, hasDuplicates: !duplicates.isEmpty,
                               newLogoHref: newLogo ? "/organisations/\(o.slug)/logo?version=pending" : nil))
        }
        return platform.formPage(request, context, "admin-moderation") { ModerationPage(csrf: $0, items: items, total: items.count, hasItems: !items.isEmpty) }
    }

    /// Publish, request changes (with a message to the team) or reject.
    @Sendable func decide(_ request: Request, context: AppRequestContext) async throws -> Response {
        let moderator = try Self.require(.moderator, request, context)
        guard let id = Int64(try context.parameters.require("id")) else { throw APIError.malformed("malformed path", fields: ["id": "must be a number"]) }
        let form = try await Form(request, context: context)
        guard let decision = ProfileWorkflow.Decision(rawValue: form["decision"]) else {
            throw APIError(.unprocessableContent, "validation", fields: ["decision": "must be one of: publish, request-changes, reject"])
        }
        let message = form["message"].trimmingCharacters(in: .whitespacesAndNewlines)
        if decision == .requestChanges && message.isEmpty {
            throw APIError(.unprocessableContent, "validation", fields: ["message": "tell the team what to change"])
        }
        if message.count > 2_000 { throw APIError(.unprocessableContent, "validation", fields: ["message": "must be at most 2000 characters"]) }
        do {
            _ = try await platform.teams.decide(organisationID: id, decision: decision, message: message, moderator: "\(moderator.name) <\(moderator.email)>")
        } catch let refusal as TeamRepository.Refusal {
            throw APIError(.conflict, refusal.description)
        }
        try await platform.directory.refresh()
        return Response(status: .seeOther, headers: [.location: "/admin/moderation"])
    }

    struct UsersPage {
        struct Option { var value: String; var label: String; var selected: Bool }
        struct Item { var id: Int64; var name: String; var email: String; var verified: Bool; var roles: [Option]; var isSelf: Bool }
        var title = "Users and roles"
        var csrf: String
        var items: [Item]
    }

    /// Accounts and their platform roles; platform administrators change roles here (audited).
    @Sendable func users(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try Self.require(.platformAdmin, request, context)
        let items = try await platform.users.all().map { user in
            UsersPage.Item(id: user.id, name: user.name, email: user.email, verified: user.emailVerified,
                           roles: PlatformRole.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0 == user.role) },
                           isSelf: user.id == admin.id)
        }
        return platform.formPage(request, context, "admin-users") { UsersPage(csrf: $0, items: items) }
    }

    @Sendable func changeRole(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try Self.require(.platformAdmin, request, context)
        guard let id = Int64(try context.parameters.require("id")) else { throw APIError.malformed("malformed path", fields: ["id": "must be a number"]) }
        guard let role = PlatformRole(rawValue: try await Form(request, context: context)["role"]) else {
            throw APIError(.unprocessableContent, "validation", fields: ["role": "must be one of: user, moderator, platform-admin"])
        }
        // Nobody takes away their own administration: the platform could be left without one.
        guard id != admin.id else { throw APIError(.conflict, "you cannot change your own role; ask another platform administrator") }
        guard try await platform.users.setRole(userID: id, role: role, actor: "\(admin.name) <\(admin.email)>") else {
            throw APIError.notFound("user \(id)")
        }
        return Response(status: .seeOther, headers: [.location: "/admin/users"])
    }

    struct OutboxPage {
        struct Item { var id: Int64; var to: String; var subject: String; var kind: String; var created: String; var state: String; var body: String }
        var title = "Outbox"
        var items: [Item]
        var total: Int
        var hasItems: Bool
    }

    /// Every e-mail the platform has written, newest first: where no SMTP server is configured, this is
    /// where administrators read them.
    @Sendable func outbox(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try Self.require(.platformAdmin, request, context)
        let (total, rows) = try await platform.outbox.list(page: 1, perPage: 100)
        let items = rows.map { row in
            OutboxPage.Item(id: row.id, to: row.recipient, subject: row.subject, kind: row.kind,
                            created: AccountPagesController.day(row.createdAt), state: row.state, body: Self.maskingSecrets(row.bodyText))
        }
        return platform.views.page(OutboxPage(items: items, total: total, hasItems: !items.isEmpty), "admin-outbox")
    }

    /// What the outbox page shows instead of a one-time secret.
    static let hiddenSecret = "[hidden]"

    /// A body as administrators may read it: the secret parts of one-time links (password reset, address
    /// confirmation, unsubscribe) and any other token-like run are hidden, so reading the outbox does not
    /// let anyone take over the account the e-mail was written to.
    static func maskingSecrets(_ body: String) -> String {
        var text = body
        // The secret is the path segment after these; slugs and ids elsewhere stay readable.
        text.replace(/\/(password-reset|verify-email|confirm-email|unsubscribe)\/[^\s\/?#]+/) { match in
            "/\(match.output.1)/\(hiddenSecret)"
        }
        // Any other secret (a token the platform generates is 43 characters of base64url): long runs of
        // token characters with a capital letter, which slugs (lower case) never have.
        text.replace(/[A-Za-z0-9_\-]{32,}/) { match in
            match.output.contains(where: \.isUppercase) ? Substring(hiddenSecret) : match.output
        }
        return text
    }
}

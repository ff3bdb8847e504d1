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
        struct Item { var name: String; var href: String; var country: String; var type: String; var updated: String; var checklist: String; var passes: Bool }
        var title = "Moderation queue"
        var items: [Item]
        var total: Int
        var hasItems: Bool
    }

    /// Profiles waiting for review, oldest edits last, each with its validation checklist.
    @Sendable func moderation(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try Self.require(.moderator, request, context)
        let result = try await platform.organisations.search(ProfileSearch(statuses: [.needsReview], perPage: 100))
        let items = result.items.map { o -> ModerationPage.Item in
            let checklist = ValidationChecklist(o)
            let summary = checklist.waived ? "waived (programme-recognised)" : checklist.items.map { ($0.met ? "✓ " : "✗ ") + $0.rule }.joined(separator: "; ")
            return .init(name: o.name, href: "/api/v1/organisations/\(o.id)", country: platform.reference.country(o.country)?.name ?? o.country,
                         type: o.type.label, updated: AccountPagesController.day(o.updatedAt), checklist: summary, passes: checklist.passes)
        }
        return platform.views.page(ModerationPage(items: items, total: result.total, hasItems: !items.isEmpty), "admin-moderation")
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
                            created: AccountPagesController.day(row.createdAt), state: row.state, body: row.bodyText)
        }
        return platform.views.page(OutboxPage(items: items, total: total, hasItems: !items.isEmpty), "admin-outbox")
    }
}

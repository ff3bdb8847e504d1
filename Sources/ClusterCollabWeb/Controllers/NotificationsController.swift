import ClusterCollabStorage
import Foundation
import Hummingbird

/// The bell: `/notifications` (the list; viewing it marks them read) and `/notifications/unread`
/// (`{"unread": N}` for the header's badge, fetched by script so that shared cached pages stay the same
/// for everyone).
struct NotificationsController {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("notifications", use: list)
        router.get("notifications/unread", use: unread)
    }

    struct Page {
        struct Item { var message: String; var link: String; var when: String; var unread: Bool }
        var title = "Notifications"
        var items: [Item]
        var hasItems: Bool
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let user = context.identity?.user else { throw Redirect(to: "/login?next=/notifications") }
        let items = try await platform.notifications.list(userID: user.id)
        try await platform.notifications.markAllRead(userID: user.id)
        let page = Page(items: items.map { .init(message: $0.message, link: $0.link, when: AccountPagesController.day($0.createdAt), unread: !$0.read) },
                        hasItems: !items.isEmpty)
        var response = platform.views.page(page, "notifications")
        response.headers[.cacheControl] = "no-store"
        return response
    }

    struct Unread: Encodable { var unread: Int }

    @Sendable func unread(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let user = context.identity?.user else { throw APIError(.unauthorized, "log in to see notifications") }
        var response = try JSONResponse.make(Unread(unread: try await platform.notifications.unreadCount(userID: user.id)))
        response.headers[.cacheControl] = "no-store"
        return response
    }
}

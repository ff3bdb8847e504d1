import ClusterCollabCore
import ClusterCollabStorage
import Foundation
import Hummingbird

/// The bell: `/notifications` (the list, with a button that marks them read: a GET changes nothing, so a
/// link or a prefetch cannot clear someone's bell), `POST /notifications/read`, and `/notifications/unread`
/// (`{"unread": N}` for the header's badge, fetched by script so that shared cached pages stay the same
/// for everyone).
struct NotificationsController {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.notifications, use: list)
        router.get(Routes.notificationsUnread, use: unread)
        router.post(Routes.notificationsRead, use: markRead)
    }

    struct Page: PageModel {
        static let template = "notifications"
        var site = SiteLinks()
        struct Item { var message: String; var link: String; var when: String; var unread: Bool }
        var title = t("Notifications")
        var csrf: String
        var items: [Item]
        var hasUnread: Bool
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        let items = try await platform.notifications.list(userID: user.id, in: RequestLanguage.current)
        return platform.formPage(request, context) { csrf in
            Page(
                csrf: csrf, items: items.map { .init(message: $0.message, link: $0.link, when: Shown.date($0.createdAt), unread: !$0.read) },
                hasUnread: items.contains { !$0.read })
        }
    }

    /// `POST /notifications/read` (with the form's CSRF token): every notification of the person is read.
    @Sendable func markRead(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        try await platform.notifications.markAllRead(userID: user.id)
        return AccountPagesController.redirect(Routes.notifications.path)
    }

    struct Unread: Encodable { var unread: Int }

    @Sendable func unread(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let user = context.identity?.user else { throw APIError(.unauthorized, "log in to see notifications") }
        var response = try JSONResponse.make(Unread(unread: try await platform.notifications.unreadCount(userID: user.id)))
        response.headers[.cacheControl] = "no-store"
        return response
    }
}

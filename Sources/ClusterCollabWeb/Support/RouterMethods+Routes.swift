import ClusterCollabCore
import Hummingbird

/// Handlers are registered from `Routes` only, so the path a handler answers and the links to it are one text.
extension RouterMethods {
    @discardableResult func get(_ route: some RoutePattern, use handler: @Sendable @escaping (Request, Context) async throws -> some ResponseGenerator) -> Self
    {
        on(RouterPath(route.pattern), method: .get, use: handler)
    }

    @discardableResult func post(_ route: some RoutePattern, use handler: @Sendable @escaping (Request, Context) async throws -> some ResponseGenerator) -> Self
    {
        on(RouterPath(route.pattern), method: .post, use: handler)
    }

    @discardableResult func put(_ route: some RoutePattern, use handler: @Sendable @escaping (Request, Context) async throws -> some ResponseGenerator) -> Self
    {
        on(RouterPath(route.pattern), method: .put, use: handler)
    }

    @discardableResult func patch(_ route: some RoutePattern, use handler: @Sendable @escaping (Request, Context) async throws -> some ResponseGenerator)
        -> Self
    {
        on(RouterPath(route.pattern), method: .patch, use: handler)
    }

    @discardableResult func delete(_ route: some RoutePattern, use handler: @Sendable @escaping (Request, Context) async throws -> some ResponseGenerator)
        -> Self
    {
        on(RouterPath(route.pattern), method: .delete, use: handler)
    }
}

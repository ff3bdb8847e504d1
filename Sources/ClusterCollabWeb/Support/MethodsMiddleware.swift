import Foundation
import Hummingbird
import NIOConcurrencyHelpers

/// Answers 405 with `Allow` when the path is one of the router's but the method is not (the router alone
/// answers 404). It runs before authentication and CSRF, so `POST /health` is told which methods exist rather
/// than that its form token is missing.
struct MethodsMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let table = RouteTable()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let allowed = table.methods(for: request.uri.path)
        // HEAD is answered wherever GET is.
        let method = request.method == .head ? .get : request.method
        guard allowed.isEmpty || allowed.contains(method) else {
            let allow = allowed.map(\.rawValue).sorted().joined(separator: ", ")
            throw APIError(
                .methodNotAllowed, "\(request.method.rawValue) is not allowed on \(request.uri.path); allowed: \(allow)",
                fields: ["allow": allow])
        }
        return try await next(request, context)
    }
}

/// The router's paths as patterns (`/organisations/{slug}`) with their methods, filled once all routes are added.
final class RouteTable: Sendable {
    private struct Route { var segments: [Substring]; var methods: Set<HTTPRequest.Method> }
    private let routes = NIOLockedValueBox<[Int: [Route]]>([:])

    func set(_ list: [(path: String, method: HTTPRequest.Method)]) {
        var byPattern: [String: Set<HTTPRequest.Method>] = [:]
        for (path, method) in list { byPattern[path, default: []].insert(method) }
        var bySize: [Int: [Route]] = [:]
        for (path, methods) in byPattern {
            let segments = Self.segments(path)
            bySize[segments.count, default: []].append(Route(segments: segments, methods: methods))
        }
        routes.withLockedValue { $0 = bySize }
    }

    /// The methods of the pattern the router would pick for `path`; empty for a path the router does not know.
    /// Like the router, a literal segment wins over a capture (`/organisations/suggest` over `/organisations/{id}`).
    func methods(for path: String) -> Set<HTTPRequest.Method> {
        let segments = Self.segments(path)
        let candidates = routes.withLockedValue { $0[segments.count] ?? [] }
        var best: (rank: [Int], methods: Set<HTTPRequest.Method>)?
        for route in candidates {
            var rank: [Int] = []
            for (pattern, segment) in zip(route.segments, segments) {
                if pattern == segment {
                    rank.append(2)
                } else if (pattern.first == "{" && pattern.last == "}") || pattern == "*" {
                    rank.append(1)
                } else {
                    break
                }
            }
            guard rank.count == segments.count else { continue }
            if best.map({ $0.rank.lexicographicallyPrecedes(rank) }) ?? true {
                best = (rank, route.methods)
            }
        }
        return best?.methods ?? []
    }

    private static func segments(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }
}

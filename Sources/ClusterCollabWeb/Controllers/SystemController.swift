import Foundation
import Hummingbird
import Prometheus

/// `/health` and `/metrics`: what a load balancer and a Prometheus server read.
struct SystemController {
    let platform: Platform
    let registry: PrometheusCollectorRegistry

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("health", use: health)
        // Liveness: answers without touching the database (also the plain route the HTTP benchmark
        // compares the pages with).
        router.get("health/live") { _, _ in "ok" }
        router.get("metrics", use: metrics)
    }

    struct Health: Encodable {
        var status: String
        var database: String
        var published_organisations: Int
    }

    /// The server starts listening only after migrations and demo loading (see `Platform.prepare`), so any
    /// answer here means ready; a failing database turns it into 503.
    @Sendable func health(_ request: Request, context: AppRequestContext) async throws -> Response {
        do {
            _ = try await platform.organisations.revision()
        } catch {
            return try JSONResponse.make(Health(status: "database unavailable", database: platform.database.dialect.rawValue,
                                                published_organisations: platform.directory.index.count), status: .serviceUnavailable)
        }
        return try JSONResponse.make(Health(status: "ok", database: platform.database.dialect.rawValue,
                                            published_organisations: platform.directory.index.count))
    }

    @Sendable func metrics(_ request: Request, context: AppRequestContext) async throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
    }
}

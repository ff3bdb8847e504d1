import ClusterCollabCore
import Foundation
import Hummingbird
import Prometheus

/// `/health` and `/metrics`: what a load balancer and a Prometheus server read.
struct SystemController {
    let platform: Platform
    let registry: PrometheusCollectorRegistry

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.health, use: health)
        // Liveness: answers without touching the database (also the plain route the HTTP benchmark
        // compares the pages with).
        router.get(Routes.healthLive) { _, _ in "ok" }
        router.get(Routes.metrics, use: metrics)
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
            return try JSONResponse.make(
                Health(
                    status: "database unavailable", database: platform.database.dialect.rawValue,
                    published_organisations: platform.directory.index.count), status: .serviceUnavailable)
        }
        return try JSONResponse.make(
            Health(
                status: "ok", database: platform.database.dialect.rawValue,
                published_organisations: platform.directory.index.count))
    }

    /// Opt-in: without `CLUSTERCOLLAB_METRICS_TOKEN` the route does not exist (404); with it, only a request
    /// bearing that token reads the metrics (401 otherwise), since they tell about traffic and errors.
    @Sendable func metrics(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let token = platform.configuration.metricsToken else { throw APIError.notFound(Routes.metrics.path) }
        let sent = request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil } ?? ""
        guard Secrets.equal(sent, token) else {
            throw APIError(.unauthorized, "/metrics needs the metrics bearer token (CLUSTERCOLLAB_METRICS_TOKEN)")
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
    }
}

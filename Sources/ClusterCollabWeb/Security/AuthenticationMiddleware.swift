import ClusterCollabCore
import ClusterCollabStorage
import Foundation
import HTTPTypes
import Hummingbird

/// Establishes who is asking: a bearer token (the operator's, or a personal API token) is checked first;
/// otherwise the session cookie. Sessions expire after `idleTimeout` without use and at their absolute
/// expiry, whichever comes first.
///
/// Each credential opens only its own part of the platform: under `/api/` only bearer tokens count (the
/// session cookie is ignored, so a page on another site cannot make a signed-in browser call the API),
/// and under `/admin/` only browser sessions (a leaked API token must not open the platform team's pages).
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let platform: Platform

    static let sessionCookie = "cc_session"

    /// The first path component as the router sees it (it skips empty components, so `//api/v1` and
    /// `/api/v1` reach the same route and must be judged alike).
    static func firstComponent(_ path: String) -> Substring? { path.split(separator: "/").first }
    /// Paths where the session cookie is not a credential.
    static func isAPI(_ path: String) -> Bool { firstComponent(path) == "api" }
    /// Paths where a bearer token is not a credential.
    static func isAdministration(_ path: String) -> Bool { firstComponent(path) == "admin" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // /metrics checks its own token (Prometheus's), which is no account's.
        if request.uri.path == Routes.metrics.path { return try await next(request, context) }
        var context = context
        let now = Date()
        let path = request.uri.path
        if request.headers[.authorization] != nil, Self.isAdministration(path) {
            throw APIError(.forbidden, "the platform team's pages open with a signed-in browser session only; API tokens are not accepted here")
        }
        if let header = request.headers[.authorization] {
            guard header.hasPrefix("Bearer "), case let token = String(header.dropFirst(7)), !token.isEmpty else {
                throw APIError(.unauthorized, "the Authorization header must be \"Bearer <token>\"")
            }
            if let operatorToken = platform.configuration.adminToken, Secrets.equal(token, operatorToken) {
                context.identity = Identity(user: Identity.operatorUser, proof: .operatorToken)
            } else if let user = try await platform.users.user(tokenHash: Secrets.hash(token), now: now) {
                context.identity = Identity(user: user, proof: .apiToken)
            } else {
                throw APIError(.unauthorized, "the bearer token is not valid (revoked, or never issued)")
            }
        } else if !Self.isAPI(path), let cookie = request.cookies[Self.sessionCookie]?.value, !cookie.isEmpty {
            let idHash = Secrets.hash(cookie)
            if let session = try await platform.users.session(idHash: idHash, now: now, idleTimeout: platform.configuration.sessionIdleTimeout) {
                context.identity = Identity(user: session.user, proof: .session(idHash: idHash))
                // Written at most once a minute: a page view should not always cost a database write.
                if now.timeIntervalSince(session.lastSeenAt) > 60 {
                    try await platform.users.touchSession(idHash: idHash, now: now)
                }
            }
        }
        var response = try await next(request, context)
        // What a signed-in person or a token holder is shown may differ from what anyone else sees: no
        // shared or browser cache may keep it, unless the handler said the response is the same for all.
        if context.identity != nil, response.headers[.cacheControl] == nil {
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }
}

/// Headers every response carries: no framing by other sites, no content-type sniffing, and a content
/// security policy that allows only the platform's own scripts, styles and images. When the platform is
/// served over https, Strict-Transport-Security tells browsers never to try plain http again (so a
/// network attacker cannot strip TLS from the next visit).
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    /// Whether the public URL is https.
    var strictTransportSecurity = false

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if strictTransportSecurity { response.headers[.strictTransportSecurity] = "max-age=31536000" }
        response.headers[.contentSecurityPolicy] =
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
        response.headers[.xFrameOptions] = "DENY"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "same-origin"
        return response
    }
}

extension HTTPField.Name {
    static let xFrameOptions = Self("X-Frame-Options")!
    static let xContentTypeOptions = Self("X-Content-Type-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
    static let xForwardedFor = Self("X-Forwarded-For")!
}

import ClusterCollabCore
import ClusterCollabStorage
import Foundation
import HTTPTypes
import Hummingbird

/// Establishes who is asking: a bearer token (the operator's, or a personal API token) is checked first;
/// otherwise the session cookie. Sessions expire after `idleTimeout` without use and at their absolute
/// expiry, whichever comes first.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let platform: Platform

    static let sessionCookie = "cc_session"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let now = Date()
        if let header = request.headers[.authorization] {
            guard header.hasPrefix("Bearer "), case let token = String(header.dropFirst(7)), !token.isEmpty else {
                throw APIError(.unauthorized, "the Authorization header must be \"Bearer <token>\"")
            }
            if let operatorToken = platform.configuration.adminToken, OrganisationsAPIController.constantTimeEqual(token, operatorToken) {
                context.identity = Identity(user: Identity.operatorUser, proof: .operatorToken)
            } else if let user = try await platform.users.user(tokenHash: Secrets.hash(token), now: now) {
                context.identity = Identity(user: user, proof: .apiToken)
            } else {
                throw APIError(.unauthorized, "the bearer token is not valid (revoked, or never issued)")
            }
        } else if let cookie = request.cookies[Self.sessionCookie]?.value, !cookie.isEmpty {
            let idHash = Secrets.hash(cookie)
            if let session = try await platform.users.session(idHash: idHash, now: now, idleTimeout: platform.configuration.sessionIdleTimeout) {
                context.identity = Identity(user: session.user, proof: .session(idHash: idHash))
                // Written at most once a minute: a page view should not always cost a database write.
                if now.timeIntervalSince(session.lastSeenAt) > 60 {
                    try await platform.users.touchSession(idHash: idHash, now: now)
                }
            }
        }
        return try await next(request, context)
    }
}

/// Headers every response carries: no framing by other sites, no content-type sniffing, and a content
/// security policy that allows only the platform's own scripts, styles and images.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
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

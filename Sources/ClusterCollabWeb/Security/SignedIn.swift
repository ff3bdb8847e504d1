import ClusterCollabCore
import ClusterCollabStorage
import Foundation
import Hummingbird

extension AppRequestContext {
    /// The person signed in with a browser session, or a redirect to the login page that comes back here.
    /// (A bearer token is not a session: HTML pages are for browsers.)
    func signedInUser(_ request: Request) throws -> User {
        guard let user = identity?.user, case .session = identity?.proof else {
            throw Redirect(to: Routes.login.path(query: [("next", request.uri.path)]))
        }
        return user
    }
}

extension AppRequestContext {
    /// The person behind a bearer token, for API writes: they carry no CSRF token, so a browser's session
    /// cookie is refused.
    func bearerUser() throws -> User {
        guard let identity else { throw APIError(.unauthorized, "writes need the header Authorization: Bearer <token> (a personal API token)") }
        if case .session = identity.proof {
            throw APIError(.unauthorized, "API writes need the header Authorization: Bearer <token>; a session cookie is not enough")
        }
        return identity.user
    }
}

extension Platform {
    /// A page with a form: a fresh CSRF token for the model (setting the anonymous CSRF cookie when the
    /// visitor has none yet), and never cached.
    func formPage<Model: PageModel>(
        _ request: Request, _ context: AppRequestContext, status: HTTPResponse.Status = .ok, _ build: (String) -> Model
    ) -> Response {
        let (token, cookie) = csrf.formToken(request, context)
        var response = views.page(build(token), status: status)
        if let cookie { response.setCookie(cookie) }
        response.headers[.cacheControl] = "no-store"
        return response
    }
}

extension Platform {
    /// Refuses with 429 and Retry-After when one of the buckets is full (see `RateLimiter`).
    func limit(_ buckets: [String], _ limit: RateLimit) async throws {
        if let wait = try await rateLimiter.hit(buckets, limit: limit) {
            throw APIError(.tooManyRequests, "too many attempts; try again in \(wait) seconds", fields: ["retry_after": String(wait)])
        }
    }

    /// Counts one attempt at an account's secret from the request's client address (see
    /// `RateLimiter.attempt`); 429 with Retry-After when refused. Returns the address, for `succeeded`.
    @discardableResult
    func limitAttempt(
        _ scope: String, account: String, _ request: Request, _ context: AppRequestContext,
        limits: AccountAttemptLimits, now: Date
    ) async throws -> String {
        let address = ClientAddress.of(request, context: context, trustedProxies: configuration.trustedProxies)
        if let wait = try await rateLimiter.attempt(scope, account: account, address: address, limits: limits, now: now) {
            throw APIError(.tooManyRequests, "too many attempts; try again in \(wait) seconds", fields: ["retry_after": String(wait)])
        }
        return address
    }

    /// A password check made as the signed-in person (changing the password or the address, deleting the
    /// account): limited per account and address like logins, in buckets of its own, so failed logins by
    /// others never block the owner's own account page.
    func checkPassword(_ password: String, of user: User, _ request: Request, _ context: AppRequestContext) async throws -> Bool {
        let now = Date(), account = "user:\(user.id)"
        let address = try await limitAttempt("reauth", account: account, request, context, limits: configuration.loginLimits, now: now)
        let hash = try await users.passwordHash(userID: user.id) ?? passwords.dummyHash
        guard try await passwords.verify(password, hash: hash) else { return false }
        try await rateLimiter.succeeded("reauth", account: account, address: address)
        return true
    }

    /// Posting new content counts against the posting limit, per account and per client address.
    func limitPosting(_ user: User, _ request: Request, _ context: AppRequestContext) async throws {
        let address = ClientAddress.of(request, context: context, trustedProxies: configuration.trustedProxies)
        try await limit(["post:account:\(user.id)", "post:ip:" + address], configuration.postingLimit)
    }
}

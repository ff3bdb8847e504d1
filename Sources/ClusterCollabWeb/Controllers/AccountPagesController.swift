import ClusterCollabCore
import ClusterCollabStorage
import Foundation
import Hummingbird

/// Registration, login, logout, password reset, e-mail verification and the account page.
struct AccountPagesController {
    let platform: Platform

    /// One-time links stay valid this long.
    static let resetLinkLifetime: TimeInterval = 3_600
    static let verificationLinkLifetime: TimeInterval = 7 * 86_400

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.register, use: registerForm)
        router.post(Routes.register, use: register)
        router.get(Routes.login, use: loginForm)
        router.post(Routes.login, use: login)
        router.post(Routes.logout, use: logout)
        router.get(Routes.passwordReset, use: resetRequestForm)
        router.post(Routes.passwordReset, use: requestReset)
        router.get(Routes.passwordResetLink, use: resetForm)
        router.post(Routes.passwordResetLink, use: reset)
        router.get(Routes.verifyEmail, use: verifyEmail)
        router.get(Routes.account, use: account)
        router.post(Routes.accountProfile, use: updateProfile)
        router.post(Routes.accountPassword, use: changePassword)
        router.post(Routes.accountEmail, use: changeEmail)
        router.get(Routes.confirmEmail, use: confirmEmail)
        router.post(Routes.accountTokens, use: createToken)
        router.post(Routes.accountTokenRevoke, use: revokeToken)
        router.post(Routes.accountLogoutEverywhere, use: logoutEverywhere)
    }

    // MARK: Rendering

    func form<Model: PageModel>(_ request: Request, _ context: AppRequestContext, status: HTTPResponse.Status = .ok, _ build: (String) -> Model) -> Response {
        platform.formPage(request, context, status: status, build)
    }

    func message(_ title: String, _ text: String, status: HTTPResponse.Status = .ok, link: (String, String)? = nil) -> Response {
        platform.views.page(MessagePage(title: title, message: text, linkHref: link?.0, linkText: link?.1), status: status)
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// Only local paths are followed after login, so a crafted link cannot send people elsewhere. Browsers
    /// drop tabs and newlines from a Location and read `\` as `/`, so `/\t/evil.example` or `/\evil.example`
    /// would leave the site like `//evil.example`; the same characters percent-encoded (once or more) are
    /// refused too, as is any other control character or space.
    static func safeNext(_ next: String) -> String {
        func isLocal(_ path: String) -> Bool {
            path.hasPrefix("/") && !path.hasPrefix("//") && !path.unicodeScalars.contains { $0 == "\\" || $0.value < 0x20 || $0.value == 0x7f }
        }
        // As sent, the value goes into the Location header: no spaces there either.
        guard next.count <= 2_000, !next.unicodeScalars.contains(where: \.properties.isWhitespace) else { return Routes.account.path }
        var form = next
        // Every decoding a browser or proxy might apply must stay local, not only the text as sent.
        for _ in 0..<4 {
            guard isLocal(form) else { return Routes.account.path }
            guard let decoded = form.removingPercentEncoding, decoded != form else { return next }
            form = decoded
        }
        return Routes.account.path
    }

    func clientAddress(_ request: Request, _ context: AppRequestContext) -> String {
        ClientAddress.of(request, context: context, trustedProxies: platform.configuration.trustedProxies)
    }

    func limit(_ buckets: [String], _ limit: RateLimit) async throws {
        try await platform.limit(buckets, limit)
    }

    func startSession(for user: User, replacing request: Request) async throws -> Response {
        // A new session id at every login, so an id planted before login is worth nothing after it.
        if let old = request.cookies[AuthenticationMiddleware.sessionCookie]?.value {
            try await platform.users.deleteSession(idHash: Secrets.hash(old))
        }
        let token = Secrets.token()
        try await platform.users.createSession(
            idHash: Secrets.hash(token), userID: user.id, now: Date(),
            absoluteLifetime: platform.configuration.sessionLifetime)
        var response = Self.redirect(Routes.account.path)
        response.setCookie(
            Cookie(
                name: AuthenticationMiddleware.sessionCookie, value: token,
                maxAge: Int(platform.configuration.sessionLifetime), path: "/",
                secure: platform.configuration.secureCookies, httpOnly: true, sameSite: .lax))
        // A new device follows the account's language from the first page after login, unless this
        // browser already chose one with the switcher.
        if request.cookies[RequestLanguage.cookie] == nil, Languages.named(user.language) != nil {
            response.setCookie(LanguageController.cookie(user.language, secure: platform.configuration.secureCookies))
        }
        return response
    }

    func clearSessionCookie(_ response: inout Response) {
        response.setCookie(
            Cookie(
                name: AuthenticationMiddleware.sessionCookie, value: "", maxAge: 0, path: "/",
                secure: platform.configuration.secureCookies, httpOnly: true, sameSite: .lax))
    }

    /// A new one-time link: its secret for the e-mail and the hash that is stored.
    static func newLink(lifetime: TimeInterval) -> OneTimeLink {
        let token = Secrets.token()
        return OneTimeLink(token: token, tokenHash: Secrets.hash(token), lifetime: lifetime)
    }

    // MARK: Register

    @Sendable func registerForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        form(request, context) { AccountForm<AccountFormKind.Register>(title: t("Register"), csrf: $0) }
    }

    @Sendable func register(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await Form(request, context: context)
        try await limit(["register:ip:" + clientAddress(request, context)], platform.configuration.registrationLimit)
        let email = AccountRules.normaliseEmail(form["email"]), name = form["name"].trimmingCharacters(in: .whitespacesAndNewlines)
        var errors = AccountRules.registrationErrors(email: email, name: name, password: form["password"])
        if form["terms"] != "yes" { errors.add("terms", "must be accepted to register") }
        if !errors.isEmpty {
            return self.form(request, context, status: .unprocessableContent) {
                AccountForm<AccountFormKind.Register>(title: t("Register"), csrf: $0, email: email, name: name, errors: FieldRule.list(errors))
            }
        }
        let hash = try await platform.passwords.hash(form["password"])
        let user: User
        do {
            user = try await platform.users.register(
                email: email, name: name, passwordHash: hash, unsubscribeToken: Secrets.token(), language: RequestLanguage.current.code,
                link: Self.newLink(lifetime: Self.verificationLinkLifetime),
                publicURL: platform.configuration.publicURL)
        } catch let errors as ValidationErrors {
            return self.form(request, context, status: .unprocessableContent) {
                AccountForm<AccountFormKind.Register>(title: t("Register"), csrf: $0, email: email, name: name, errors: FieldRule.list(errors))
            }
        }
        return try await startSession(for: user, replacing: request)
    }

    // MARK: Login and logout

    @Sendable func loginForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let next = FormDecoding.pairs(request.uri.query).last { $0.0 == "next" }?.1 ?? ""
        return form(request, context) { AccountForm<AccountFormKind.Login>(title: t("Log in"), csrf: $0, next: next) }
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await Form(request, context: context)
        let email = AccountRules.normaliseEmail(form["email"])
        // Failures count per account and address, so that someone else's guesses never lock the owner out;
        // unknown addresses count the same way, so the limits say nothing about which accounts exist.
        let now = Date()
        try await limit(["login:ip:" + clientAddress(request, context)], platform.configuration.loginAddressLimit)
        let address = try await platform.limitAttempt("login", account: email, request, context, limits: platform.configuration.loginLimits, now: now)
        let credentials = try await platform.users.credentials(email: email)
        // Unknown addresses are checked against a dummy hash: the answer takes as long, and says the same.
        let matches = try await platform.passwords.verify(form["password"], hash: credentials?.passwordHash ?? platform.passwords.dummyHash)
        if credentials != nil, matches { try await platform.rateLimiter.succeeded("login", account: email, address: address) }
        guard let credentials, matches else {
            return self.form(request, context, status: .unauthorized) {
                AccountForm<AccountFormKind.Login>(
                    title: t("Log in"), csrf: $0, email: email, next: form["next"],
                    errors: [FieldRule(field: "email", rule: "the e-mail address or the password is wrong")])
            }
        }
        var response = try await startSession(for: credentials.user, replacing: request)
        response.headers[.location] = Self.safeNext(form["next"])
        return response
    }

    @Sendable func logout(_ request: Request, context: AppRequestContext) async throws -> Response {
        if case .session(let idHash)? = context.identity?.proof { try await platform.users.deleteSession(idHash: idHash) }
        var response = Self.redirect(Routes.home.path)
        clearSessionCookie(&response)
        return response
    }

    // MARK: Password reset

    @Sendable func resetRequestForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        form(request, context) { AccountForm<AccountFormKind.PasswordResetRequest>(title: t("Reset your password"), csrf: $0) }
    }

    @Sendable func requestReset(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await Form(request, context: context)
        let email = AccountRules.normaliseEmail(form["email"])
        guard Organisation.isEmail(email) else {
            return self.form(request, context, status: .unprocessableContent) {
                AccountForm<AccountFormKind.PasswordResetRequest>(
                    title: t("Reset your password"), csrf: $0, email: email,
                    errors: [FieldRule(field: "email", rule: "must be an e-mail address like name@example.eu")])
            }
        }
        // Per address, and per account and address: one person asking for another's links cannot block them.
        try await limit(["reset:ip:" + clientAddress(request, context)], platform.configuration.passwordResetLimit)
        try await platform.limitAttempt("reset", account: email, request, context, limits: platform.configuration.passwordResetLimits, now: Date())
        if let user = try await platform.users.find(email: email) {
            try await platform.users.sendPasswordReset(
                to: user, link: Self.newLink(lifetime: Self.resetLinkLifetime), publicURL: platform.configuration.publicURL)
        }
        // The same answer whether or not the address has an account.
        return message(
            t("Check your e-mail"),
            t("If an account exists for {{email}}, we have sent it a link to choose a new password. The link works once, for an hour.").filling([
                "email": email
            ]))
    }

    @Sendable func resetForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = try context.pathText("token")
        guard try await platform.users.linkIsUsable(tokenHash: Secrets.hash(token), purpose: .passwordReset, now: Date()) else {
            return message(
                t("This link no longer works"), t("Password reset links work once, for an hour. Ask for a new one."), status: .gone,
                link: (Routes.passwordReset.path, t("Ask for a new link")))
        }
        return form(request, context) { AccountForm<AccountFormKind.PasswordReset>(title: t("Choose a new password"), csrf: $0, token: token) }
    }

    @Sendable func reset(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = try context.pathText("token")
        let form = try await Form(request, context: context)
        if let problem = AccountRules.passwordProblem(form["password"], email: "", name: "") {
            return self.form(request, context, status: .unprocessableContent) {
                AccountForm<AccountFormKind.PasswordReset>(
                    title: t("Choose a new password"), csrf: $0, token: token, errors: [FieldRule(field: "password", rule: problem)])
            }
        }
        let hash = try await platform.passwords.hash(form["password"])
        // A reset ends every session and revokes every API token of the account.
        let changed = try await platform.users.resetPassword(tokenHash: Secrets.hash(token), passwordHash: hash)
        guard changed else {
            return message(
                t("This link no longer works"), t("Password reset links work once, for an hour. Ask for a new one."), status: .gone,
                link: (Routes.passwordReset.path, t("Ask for a new link")))
        }
        return message(
            t("Password changed"), t("Your new password is set, and every earlier session has ended."), link: (Routes.login.path, t("Log in")))
    }

    @Sendable func verifyEmail(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = try context.pathText("token")
        // The address is proven now: invitations to profile teams sent to it take effect.
        let verified = try await platform.users.verifyEmail(tokenHash: Secrets.hash(token))
        return verified
            ? message(t("E-mail address confirmed"), t("Thank you: your address is confirmed."), link: (Routes.account.path, t("Your account")))
            : message(t("This link no longer works"), t("Confirmation links work once, for seven days."), status: .gone)
    }

    // MARK: Account

    func requireUser(_ request: Request, _ context: AppRequestContext) throws -> User {
        try context.signedInUser(request)
    }

    func accountPage(
        _ request: Request, _ context: AppRequestContext, user: User, newToken: String? = nil,
        errors: [FieldRule] = [], status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let tokens = try await platform.users.tokens(userID: user.id)
        return form(request, context, status: status) { csrf in
            AccountPage(
                csrf: csrf, name: user.name, email: user.email, role: word(user.role.label), verified: user.emailVerified,
                timeZone: user.timeZone,
                tokens: tokens.map { .init(revokeAction: Routes.accountTokenRevoke.path($0.id), name: $0.name, created: Shown.date($0.createdAt)) },
                newToken: newToken, errors: errors)
        }
    }

    @Sendable func account(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await accountPage(request, context, user: try requireUser(request, context))
    }

    @Sendable func updateProfile(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try requireUser(request, context)
        let form = try await Form(request, context: context)
        let name = form["name"].trimmingCharacters(in: .whitespacesAndNewlines), zone = form["time_zone"]
        var errors: [FieldRule] = []
        if name.isEmpty || name.count > AccountRules.maximumNameLength {
            errors.append(FieldRule(field: "name", rule: "is required, at most \(AccountRules.maximumNameLength) characters"))
        }
        if !AccountRules.isTimeZone(zone) { errors.append(FieldRule(field: "time_zone", rule: "must be a time zone like Europe/Paris")) }
        if !errors.isEmpty { return try await accountPage(request, context, user: user, errors: errors, status: .unprocessableContent) }
        try await platform.users.update(userID: user.id, name: name, timeZone: zone, now: Date())
        return Self.redirect(Routes.account.path)
    }

    @Sendable func changePassword(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try requireUser(request, context)
        let form = try await Form(request, context: context)
        guard try await platform.checkPassword(form["current_password"], of: user, request, context) else {
            return try await accountPage(
                request, context, user: user, errors: [FieldRule(field: "current_password", rule: "is wrong")], status: .unprocessableContent)
        }
        if let problem = AccountRules.passwordProblem(form["new_password"], email: user.email, name: user.name) {
            return try await accountPage(request, context, user: user, errors: [FieldRule(field: "new_password", rule: problem)], status: .unprocessableContent)
        }
        let hash = try await platform.passwords.hash(form["new_password"])
        guard case .session(let idHash)? = context.identity?.proof else { throw APIError(.forbidden, "sign in to change your password") }
        // Other sessions end and API tokens are revoked; this browser stays signed in.
        try await platform.users.changePassword(userID: user.id, passwordHash: hash, keepSession: idHash)
        return Self.redirect(Routes.account.path)
    }

    /// A change of e-mail address: confirmed from the new address, with the password as proof it is you.
    @Sendable func changeEmail(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try requireUser(request, context)
        let form = try await Form(request, context: context)
        let newEmail = AccountRules.normaliseEmail(form["new_email"])
        if let problem = AccountRules.emailProblem(newEmail) {
            return try await accountPage(request, context, user: user, errors: [FieldRule(field: "new_email", rule: problem)], status: .unprocessableContent)
        }
        guard try await platform.checkPassword(form["password"], of: user, request, context) else {
            return try await accountPage(request, context, user: user, errors: [FieldRule(field: "password", rule: "is wrong")], status: .unprocessableContent)
        }
        try await platform.users.requestEmailChange(
            of: user, to: newEmail, link: Self.newLink(lifetime: Self.verificationLinkLifetime), publicURL: platform.configuration.publicURL)
        return message(
            t("Check your new address"), t("We sent a link to {{email}}. Your address changes when you open it.").filling(["email": newEmail]),
            link: (Routes.account.path, t("Your account")))
    }

    @Sendable func confirmEmail(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = try context.pathText("token")
        let changed: (userID: Int64, email: String)?
        do {
            // Confirmed from the new address: invitations sent to it take effect.
            changed = try await platform.users.changeEmail(tokenHash: Secrets.hash(token))
        } catch let errors as ValidationErrors {
            return message(t("This address is taken"), errors.fields["email"] ?? t("Another account uses this address."), status: .conflict)
        }
        guard let changed else {
            return message(t("This link no longer works"), t("Confirmation links work once, for seven days."), status: .gone)
        }
        return message(
            t("E-mail address changed"), t("Your account now uses {{email}}.").filling(["email": changed.email]),
            link: (Routes.account.path, t("Your account")))
    }

    @Sendable func createToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try requireUser(request, context)
        let form = try await Form(request, context: context)
        let name = form["name"].trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 80 else {
            return try await accountPage(
                request, context, user: user, errors: [FieldRule(field: "name", rule: "a token needs a name of at most 80 characters")],
                status: .unprocessableContent)
        }
        let token = "cc_" + Secrets.token()
        _ = try await platform.users.createToken(userID: user.id, name: name, tokenHash: Secrets.hash(token), now: Date())
        // Shown once, on this response only.
        return try await accountPage(request, context, user: user, newToken: token)
    }

    @Sendable func revokeToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try requireUser(request, context)
        guard let id = Int64(try context.parameters.require("id")) else { throw APIError.malformed("malformed path", fields: ["id": "must be a token id"]) }
        guard try await platform.users.revokeToken(id: id, userID: user.id, now: Date()) else { throw APIError.notFound("token \(id)") }
        return Self.redirect(Routes.account.path)
    }

    @Sendable func logoutEverywhere(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try requireUser(request, context)
        try await platform.users.logOutEverywhere(userID: user.id)
        var response = Self.redirect(Routes.login.path)
        clearSessionCookie(&response)
        return response
    }
}

/// Sends the browser elsewhere (for example to the login page); rendered by `ErrorMiddleware`.
struct Redirect: Error {
    var to: String
}

struct MessagePage: PageModel {
    static let template = "message"
    var title: String
    var message: String
    var linkHref: String?
    var linkText: String?
}

/// A page model shown with one of several templates: its kind names the template.
protocol PageKind {
    static var template: String { get }
}

/// The account forms' templates.
enum AccountFormKind {
    enum Register: PageKind { static let template = "register" }
    enum Login: PageKind { static let template = "login" }
    enum PasswordResetRequest: PageKind { static let template = "password-reset" }
    enum PasswordReset: PageKind { static let template = "password-reset-form" }
}

/// The small account forms (register, log in, ask for and choose a new password) share one model.
struct AccountForm<Kind: PageKind>: PageModel {
    static var template: String { Kind.template }

    var title: String
    var csrf: String
    var email = ""
    var name = ""
    var next = ""
    var token = ""
    /// Where the new password is sent: the link's own address.
    var action = ""
    var errors: [FieldRule] = []
    var site = SiteLinks()
    init(title: String, csrf: String, email: String = "", name: String = "", next: String = "", token: String = "", errors: [FieldRule] = []) {
        self.title = title; self.csrf = csrf; self.email = email; self.name = name; self.next = next; self.token = token
        action = token.isEmpty ? "" : Routes.passwordResetLink.path(token)
        self.errors = errors
    }
}

struct AccountPage: PageModel {
    static let template = "account"
    var site = SiteLinks()
    struct Token { var revokeAction: String; var name: String; var created: String }
    var title = t("Your account")
    var csrf: String
    var name: String
    var email: String
    var role: String
    var verified: Bool
    var timeZone: String
    var tokens: [Token]
    var newToken: String?
    var errors: [FieldRule]
    init(csrf: String, name: String, email: String, role: String, verified: Bool, timeZone: String, tokens: [Token], newToken: String?, errors: [FieldRule]) {
        self.csrf = csrf; self.name = name; self.email = email; self.role = role; self.verified = verified
        self.timeZone = timeZone; self.tokens = tokens; self.newToken = newToken
        self.errors = errors
    }
}

extension FieldRule {
    static func list(_ errors: ValidationErrors) -> [FieldRule] {
        errors.fields.sorted { $0.key < $1.key }.map { FieldRule(field: $0.key, rule: $0.value) }
    }
}

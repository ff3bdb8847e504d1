import ClusterCollabCore
import ClusterCollabStorage
import Foundation
import Hummingbird

/// E-mail preferences, the unsubscribe link that works without logging in, the download of one's
/// personal data and the deletion of one's account.
struct PrivacyPagesController {
    let platform: Platform

    /// The account pages' helpers (forms with CSRF tokens, messages, the signed-in user, rate limits), so
    /// these pages behave exactly like `/account`.
    var accounts: AccountPagesController { AccountPagesController(platform: platform) }
    var privacy: PrivacyRepository { PrivacyRepository(database: platform.database, publicURL: platform.configuration.publicURL) }

    /// The file name of the personal data download.
    static let exportFileName = "clustercollab-personal-data.json"

    /// Registers the routes.
    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.accountEmails, use: emailsForm)
        router.post(Routes.accountEmails, use: saveEmails)
        router.get(Routes.unsubscribe, use: unsubscribeForm)
        router.post(Routes.unsubscribe, use: unsubscribe)
        router.get(Routes.accountExport, use: export)
        router.get(Routes.accountDelete, use: deleteForm)
        router.post(Routes.accountDelete, use: delete)
    }

    // MARK: E-mail preferences

    /// The preferences form with each optional kind ticked or not.
    func emailsPage(_ request: Request, _ context: AppRequestContext, settings: EmailSettings, saved: Bool = false) -> Response {
        accounts.form(request, context) { csrf in
            EmailSettingsPage(
                csrf: csrf,
                kinds: OptionalEmail.allCases.map {
                    .init(id: $0.rawValue, label: word($0.label), explanation: word($0.explanation), on: settings.wants($0))
                }, saved: saved)
        }
    }

    /// `GET /account/emails`.
    @Sendable func emailsForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try accounts.requireUser(request, context)
        let saved = FormDecoding.pairs(request.uri.query).contains { $0 == ("saved", "1") }
        return emailsPage(request, context, settings: try await privacy.emailSettings(userID: user.id), saved: saved)
    }

    /// `POST /account/emails`: saves the ticked kinds and shows the form again (post, redirect, get).
    @Sendable func saveEmails(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try accounts.requireUser(request, context)
        let form = try await Form(request, context: context)
        // A browser sends a checkbox only when it is ticked, so a kind missing from the form is off.
        let ticked = Set(form.pairs.map(\.0))
        let settings = EmailSettings(off: Set(OptionalEmail.allCases.filter { !ticked.contains($0.rawValue) }))
        try await privacy.setEmailSettings(userID: user.id, settings)
        return AccountPagesController.redirect(Routes.accountEmails.path(query: [("saved", "1")]))
    }

    // MARK: Unsubscribe without logging in

    /// Shows who would be unsubscribed; nothing changes on GET, because mail scanners and link previews
    /// open links in e-mails without anyone asking them to.
    @Sendable func unsubscribeForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = try context.pathText("token")
        guard let recipient = try await privacy.recipient(unsubscribeToken: token) else { return unknownLink() }
        return accounts.form(request, context) { csrf in
            UnsubscribePage(csrf: csrf, action: Routes.unsubscribe.path(token), address: Self.mask(recipient.email))
        }
    }

    /// Turns every optional e-mail off: from the page's form (CSRF-checked), or from a mail client's
    /// one-click request (RFC 8058), which carries no token and no cookie and so gets a short plain answer.
    @Sendable func unsubscribe(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = try context.pathText("token")
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let oneClick = Self.isOneClickUnsubscribe(path: request.uri.path, contentType: request.headers[.contentType], body: String(buffer: body))
        guard let email = try await privacy.unsubscribeAll(token: token) else {
            return oneClick ? Self.plain("unknown unsubscribe link", status: .notFound) : unknownLink()
        }
        if oneClick { return Self.plain("unsubscribed from all optional e-mails") }
        return accounts.message(
            t("You are unsubscribed"),
            t(
                "{{address}} will no longer receive optional e-mails from ClusterCollab. E-mails about the account itself (address confirmation, password reset) are still sent. You can choose again at any time in your account."
            ).filling(["address": Self.mask(email)]),
            link: (Routes.accountEmails.path, t("Choose which e-mails you get")))
    }

    /// The 404 page of a token that belongs to no account (mistyped, or the account was deleted).
    func unknownLink() -> Response {
        accounts.message(
            t("Unknown unsubscribe link"), t("This unsubscribe link does not belong to any account; it may be mistyped, or the account was deleted."),
            status: .notFound)
    }

    /// A short text answer for mail clients, which show no HTML.
    static func plain(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }

    /// Whether a request is a mail client's one-click unsubscribe (RFC 8058): a POST to `/unsubscribe/<token>`
    /// whose body is the single field `List-Unsubscribe=One-Click`, form-encoded or as multipart/form-data
    /// (the RFC prefers the latter). Such a request cannot carry a CSRF token, and needs none: the secret
    /// token in the path is the whole credential, and no cookie is used. `CSRFMiddleware` exempts exactly
    /// these requests.
    static func isOneClickUnsubscribe(path: String, contentType: String?, body: String) -> Bool {
        guard isUnsubscribe(path: path) else { return false }
        let type = contentType?.lowercased() ?? ""
        if type.hasPrefix("multipart/form-data") {
            return multipartFields(body, contentType: contentType ?? "").contains { $0 == ("List-Unsubscribe", "One-Click") }
        }
        return FormDecoding.pairs(body.trimmingCharacters(in: .whitespacesAndNewlines)).contains { $0 == ("List-Unsubscribe", "One-Click") }
    }

    /// `/unsubscribe/<token>`, whose posts are small (`maxUnsubscribeBody`).
    /// A saved search's own link (`/unsubscribe/saved-search/<token>`) counts too.
    static func isUnsubscribe(path: String) -> Bool {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        return [Routes.unsubscribe.pattern, Routes.savedSearchUnsubscribe.pattern].contains { route in
            let pattern = route.split(separator: "/")
            return path.hasPrefix("/") && segments.count == pattern.count && zip(segments, pattern).allSatisfy { $1.hasPrefix(":") || $0 == $1 }
                && segments.last?.isEmpty == false
        }
    }

    /// The most an unsubscribe post may carry: one field, or a CSRF token.
    static let maxUnsubscribeBody = 4 * 1024

    /// The simple text fields of a multipart/form-data body (RFC 7578); enough for the one-click request.
    static func multipartFields(_ body: String, contentType: String) -> [(String, String)] {
        guard let boundary = try? Multipart.boundary(contentType),
            let parts = try? Multipart.parts(ByteBuffer(string: body), boundary: boundary)
        else { return [] }
        return parts.filter { $0.filename == nil }.map { ($0.name, $0.text.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// An address shown to whoever holds the link, which may have been forwarded: `a***@example.eu`.
    static func mask(_ email: String) -> String {
        guard let at = email.lastIndex(of: "@") else { return "***" }
        return (email[..<at].first.map(String.init) ?? "") + "***" + email[at...]
    }

    // MARK: Personal data

    /// `GET /account/export`: the signed-in user's personal data as a JSON download.
    @Sendable func export(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try accounts.requireUser(request, context)
        guard let data = try await privacy.export(userID: user.id) else { throw APIError.notFound("account") }
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/json; charset=utf-8",
                .contentDisposition: "attachment; filename=\"\(Self.exportFileName)\"",
                .cacheControl: "no-store",
            ], body: .init(byteBuffer: ByteBuffer(bytes: try data.json())))
    }

    // MARK: Deleting the account

    /// The confirmation form, listing up front any team that must be handed over first.
    func deletePage(
        _ request: Request, _ context: AppRequestContext, user: User, errors: [FieldRule] = [],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let blocking = try await privacy.blockingOrganisations(userID: user.id)
        return accounts.form(request, context, status: status) { csrf in
            DeleteAccountPage(csrf: csrf, email: user.email, blocking: blocking, errors: errors)
        }
    }

    /// `GET /account/delete`.
    @Sendable func deleteForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await deletePage(request, context, user: try accounts.requireUser(request, context))
    }

    /// `POST /account/delete`: checks the password, deletes the account, ends the browser's session.
    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try accounts.requireUser(request, context)
        let form = try await Form(request, context: context)
        // Limited like logins (per account and address): the form must not become a way to guess a password.
        guard try await platform.checkPassword(form["password"], of: user, request, context) else {
            return try await deletePage(
                request, context, user: user, errors: [FieldRule(field: "password", rule: "is wrong")],
                status: .unprocessableContent)
        }
        do {
            try await privacy.deleteAccount(userID: user.id)
        } catch let refusal as Refusal {
            return try await deletePage(request, context, user: user, errors: [FieldRule(field: "team", rule: refusal.description)], status: .conflict)
        }
        var response = accounts.message(
            t("Your account is deleted"),
            t(
                "Your account, your sessions, API tokens and e-mail preferences are gone. Profiles you worked on stay, and their history names you as \"{{formerMember}}\"."
            ).filling(["formerMember": PrivacyRepository.formerMember]),
            link: (Routes.home.path, t("Back to the directory")))
        accounts.clearSessionCookie(&response)
        return response
    }
}

/// `email-settings.mustache`.
struct EmailSettingsPage: PageModel {
    static let template = "email-settings"
    var site = SiteLinks()
    struct Kind { var id: String; var label: String; var explanation: String; var on: Bool }
    var title = t("E-mails you get")
    var csrf: String
    var kinds: [Kind]
    var saved: Bool
}

/// `unsubscribe.mustache`: the address is masked because the link may have been forwarded.
struct UnsubscribePage: PageModel {
    static let template = "unsubscribe"
    var site = SiteLinks()
    var title = t("Unsubscribe")
    var csrf: String
    var action: String
    var address: String
}

/// `account-delete.mustache`.
struct DeleteAccountPage: PageModel {
    static let template = "account-delete"
    var site = SiteLinks()
    var title = t("Delete your account")
    var csrf: String
    var email: String
    var blocking: [String]
    var isBlocked: Bool
    var errors: [FieldRule]
    init(csrf: String, email: String, blocking: [String], errors: [FieldRule]) {
        self.csrf = csrf; self.email = email; self.blocking = blocking; isBlocked = !blocking.isEmpty
        self.errors = errors
    }
}

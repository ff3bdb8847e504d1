import ClusterCollabContent
import ClusterCollabCore
import Foundation
import Hummingbird

/// CSRF protection for cookie-authenticated forms: every HTML form carries a hidden `csrf_token` signed
/// with `CLUSTERCOLLAB_SECRET` and bound to the session (or, before login, to a random `cc_csrf` cookie), and
/// every non-API write must present it. Bearer-token API calls carry no cookies and need none.
struct CSRF: Sendable {
    let secret: String
    let secureCookies: Bool

    static let field = "csrf_token"
    static let anonymousCookie = "cc_csrf"

    /// The token for a form on this page, and the cookie to set when the visitor has none yet.
    func formToken(_ request: Request, _ context: AppRequestContext) -> (token: String, cookie: Cookie?) {
        if case .session(let idHash)? = context.identity?.proof {
            return (Secrets.sign("session:" + idHash, secret: secret), nil)
        }
        if let value = request.cookies[Self.anonymousCookie]?.value, value.count >= 32 {
            return (Secrets.sign("anonymous:" + value, secret: secret), nil)
        }
        let value = Secrets.token()
        let cookie = Cookie(name: Self.anonymousCookie, value: value, path: "/", secure: secureCookies, httpOnly: true, sameSite: .lax)
        return (Secrets.sign("anonymous:" + value, secret: secret), cookie)
    }

    /// Whether the submitted token matches this request's session or anonymous cookie.
    func isValid(_ token: String?, _ request: Request, _ context: AppRequestContext) -> Bool {
        guard let token, !token.isEmpty else { return false }
        if case .session(let idHash)? = context.identity?.proof {
            return Secrets.verify(token, of: "session:" + idHash, secret: secret)
        }
        guard let value = request.cookies[Self.anonymousCookie]?.value, value.count >= 32 else { return false }
        return Secrets.verify(token, of: "anonymous:" + value, secret: secret)
    }
}

/// Refuses every HTML form write (POST, PUT, PATCH, DELETE outside `/api/`) without a valid CSRF token,
/// with 403 and before the handler runs, so nothing changes. The body is read here (bounded by the upload
/// limit) and handed on, so handlers read the same form.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let csrf: CSRF
    /// The document library's file limit: its upload form's body may be that large (and a little more).
    var documentMaxBytes = DocumentInput.defaultMaxBytes

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let writes: Set<HTTPRequest.Method> = [.post, .put, .patch, .delete]
        guard writes.contains(request.method), !request.uri.path.hasPrefix(Routes.API.prefix) else {
            return try await next(request, context)
        }
        // Forms arrive URL-encoded, or as multipart/form-data when they carry a file (a logo, a document). Multipart is
        // parsed only for a signed-in person on a route that takes an upload; any other such body is refused
        // before it is read, so nobody can make the server parse it.
        let multipart = Multipart.isMultipart(request.headers[.contentType])
        // A mail client's one-click unsubscribe may come as multipart too (RFC 8058); its body is one short
        // field, so that route reads at most a few KiB.
        let unsubscribe = PrivacyPagesController.isUnsubscribe(path: request.uri.path)
        if multipart && !unsubscribe {
            guard TeamPagesController.isUpload(path: request.uri.path) || DocumentPagesController.isUpload(path: request.uri.path) else {
                throw APIError(
                    .unsupportedMediaType, "this form takes no files: send it as application/x-www-form-urlencoded",
                    fields: ["content-type": "multipart/form-data is accepted for logo and document uploads only"])
            }
            guard case .session? = context.identity?.proof else {
                throw APIError(
                    .forbidden, "the form's security token is missing or has expired; reload the page and try again",
                    fields: [CSRF.field: "is missing or not valid"])
            }
        }
        var request = request
        let body: ByteBuffer
        if multipart && DocumentPagesController.isUpload(path: request.uri.path) {
            // A document may be larger than any other form: its own limit, and a 413 that names the file.
            body = try await DocumentUpload.collect(&request, maxBytes: documentMaxBytes)
        } else {
            body = try await request.collectBody(upTo: unsubscribe ? PrivacyPagesController.maxUnsubscribeBody : context.maxUploadSize)
        }
        let form: [(String, String)]
        var context = context
        if multipart {
            // Parsed once, here: the handler reads the files from the context.
            let boundary = try Multipart.boundary(request.headers[.contentType])
            let parts = try Multipart.parts(body, boundary: boundary)
            form = parts.filter { $0.filename == nil }.map { ($0.name, $0.text) }
            context.uploads = parts.filter { $0.filename != nil }
        } else {
            form = FormDecoding.pairs(String(buffer: body))
        }
        context.form = form
        // One-click unsubscribe (RFC 8058): a mail client posts `List-Unsubscribe=One-Click` to the link in
        // the e-mail's header, without cookies or token. The secret token in the path is the proof.
        if PrivacyPagesController.isOneClickUnsubscribe(path: request.uri.path, contentType: request.headers[.contentType], body: String(buffer: body)) {
            return try await next(request, context)
        }
        let token = form.last { $0.0 == CSRF.field }?.1
        guard csrf.isValid(token, request, context) else {
            throw APIError(
                .forbidden, "the form's security token is missing or has expired; reload the page and try again",
                fields: [CSRF.field: "is missing or not valid"])
        }
        return try await next(request, context)
    }
}

/// The fields of a submitted HTML form (already read by `CSRFMiddleware`).
struct Form {
    let pairs: [(String, String)]

    init(_ request: Request, context: AppRequestContext) async throws {
        if let form = context.form {
            pairs = form
            return
        }
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        pairs = FormDecoding.pairs(String(buffer: body))
    }

    subscript(_ name: String) -> String { pairs.last { $0.0 == name }?.1 ?? "" }
}

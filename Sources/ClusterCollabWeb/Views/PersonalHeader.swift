import ClusterCollabCore
import ClusterCollabText
import Hummingbird
import NIOConcurrencyHelpers

/// The part of every page's header that depends on who is looking: "Log in" and "Register" for visitors;
/// for signed-in people their name, the bell, "Log out" and, for the platform team, "Administration".
///
/// Templates render a marker instead (`header.mustache`), so a page rendered once for everyone (the cached
/// profile page) never holds a person's name; `Views.html` fills the marker in for each request. The slot is
/// a task-local set before `ErrorMiddleware`, so error pages greet the person too, and filled in after
/// `AuthenticationMiddleware` has settled who is asking.
final class PersonalHeader: Sendable {
    @TaskLocal static var current: PersonalHeader?

    static let marker = "<!--personal-header-->"

    /// What the header shows about the person; nil for visitors (and for bearer tokens: no session, no logout).
    struct Person: Sendable {
        var name: String
        var csrf: String
        var platformTeam: Bool
    }

    private let views: Views
    private let path: NIOLockedValueBox<String>
    private let person = NIOLockedValueBox<Person?>(nil)

    /// The longest address "Log in" carries back; a longer one (odd or hostile) returns to the bare path.
    static let longestReturn = 1_024

    init(views: Views, path: String, query: String? = nil) {
        self.views = views
        let full = query.map { path + "?" + $0 } ?? path
        self.path = NIOLockedValueBox(full.utf8.count <= Self.longestReturn ? full : path)
    }

    func signIn(_ value: Person) { person.withLockedValue { $0 = value } }

    /// A page that knows its own canonical address (the directory, with its filters normalised) sets it
    /// here, so the header never repeats what the URL carried beyond the page's own rules.
    func comeBack(to address: String) { path.withLockedValue { $0 = address } }

    /// Rendered for every page: explicit lookups.
    private struct Model: PageModel, TemplateData {
        static let template = "header-person"
        var signedIn: Bool
        var name: String
        var csrf: String
        var platformTeam: Bool
        var loginHref: String
        var languages: [LanguageChoice]

        func value(named key: String) -> TemplateValue? {
            switch key {
            case "signedIn": .bool(signedIn)
            case "name": .text(name)
            case "csrf": .text(csrf)
            case "platformTeam": .bool(platformTeam)
            case "loginHref": .text(loginHref)
            case "languages": .objects(languages)
            default: nil
            }
        }
    }

    /// The header's personal part, rendered only for pages that have the marker.
    func render() -> String {
        let person = person.withLockedValue { $0 }
        let path = path.withLockedValue { $0 }
        // Back to this page after logging in, except from the account pages themselves.
        let page = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        let here = [Routes.login.path, Routes.register.path, Routes.logout.path, Routes.passwordReset.path].contains(page) ? "" : path
        let loginHref = here.isEmpty || here == Routes.home.path ? Routes.login.path : Routes.login.path(query: [("next", here)])
        return views.render(
            Model(
                signedIn: person != nil, name: person?.name ?? "", csrf: person?.csrf ?? "",
                platformTeam: person?.platformTeam ?? false, loginHref: loginHref, languages: LanguageChoice.all(views.languages, here: path)))
    }

    /// The page with the marker replaced by this request's personal header (or the page unchanged).
    static func fill(_ html: String) -> String {
        guard let slot = current, let range = markerRange(in: html.utf8) else { return html }
        var filled = String()
        filled.reserveCapacity(html.utf8.count + 1_024)
        filled += html[..<range.lowerBound]
        filled += slot.render()
        filled += html[range.upperBound...]
        return filled
    }

    private static let markerBytes = Array(marker.utf8)

    /// A rendered page's bytes with the marker replaced by this request's personal header.
    static func fill(_ html: [UInt8]) -> ByteBuffer {
        guard let slot = current, let range = markerRange(in: html) else { return ByteBuffer(bytes: html) }
        let header = slot.render()
        var buffer = ByteBuffer()
        buffer.reserveCapacity(html.count + header.utf8.count)
        buffer.writeBytes(html[..<range.lowerBound])
        buffer.writeString(header)
        buffer.writeBytes(html[range.upperBound...])
        return buffer
    }

    /// The marker's place, found byte by byte from the top, where the header is: Foundation's
    /// `range(of:)` on a whole page cost the cached profile page two thirds of its speed.
    static func markerRange<Bytes: Collection<UInt8>>(in utf8: Bytes) -> Range<Bytes.Index>? {
        let first = markerBytes[0]
        var index = utf8.startIndex
        while let start = utf8[index...].firstIndex(of: first) {
            var candidate = start
            var matched = 0
            while matched < markerBytes.count, candidate != utf8.endIndex, utf8[candidate] == markerBytes[matched] {
                candidate = utf8.index(after: candidate)
                matched += 1
            }
            if matched == markerBytes.count { return start..<candidate }
            index = utf8.index(after: start)
        }
        return nil
    }
}

/// Opens the personal header's slot for the request, outside `ErrorMiddleware`.
struct PersonalHeaderMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let views: Views

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // "Log in" comes back to this very page, search and filters included.
        let slot = PersonalHeader(views: views, path: request.uri.path, query: request.method == .get ? request.uri.query : nil)
        // (A page that greets a person by name is theirs alone: `AuthenticationMiddleware` marks every
        // answer to a signed-in person no-store.)
        return try await PersonalHeader.$current.withValue(slot) { try await next(request, context) }
    }
}

/// Tells the slot who is asking, once `AuthenticationMiddleware` knows. Only a browser session is a person
/// in the header: a bearer token has nothing to log out of.
struct PersonalHeaderIdentityMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let csrf: CSRF

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let slot = PersonalHeader.current, let identity = context.identity, case .session = identity.proof {
            slot.signIn(
                .init(
                    name: identity.user.name, csrf: csrf.formToken(request, context).token,
                    platformTeam: identity.user.role >= .moderator))
        }
        return try await next(request, context)
    }
}

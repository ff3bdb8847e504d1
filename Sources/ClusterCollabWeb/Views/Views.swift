import ClusterCollabCore
import Foundation
import Hummingbird
import Mustache

/// The Mustache templates (escaped by default) and the one place that turns a page model into a response.
public struct Views: Sendable {
    let library: MustacheLibrary
    let reference: ReferenceData
    let publicURL: String

    init(reference: ReferenceData, publicURL: String) async throws {
        let directory = Bundle.module.resourceURL!.appendingPathComponent("templates").path
        // Before the templates are parsed: a template naming an unknown content type does not load.
        MustacheContentTypes.register(FastHTML(), named: FastHTML.name)
        library = try await MustacheLibrary(directory: directory)
        self.reference = reference
        self.publicURL = publicURL
    }

    /// Renders a page model (or a part of a page) into HTML text, with the template its type names.
    func render<Model: PageModel>(_ model: Model) -> String {
        guard let html = library.render(model, withTemplate: Model.template) else {
            preconditionFailure("template \(Model.template) is missing from the bundle")
        }
        return html
    }

    /// An HTML response from a page model, with the template its type names.
    func page<Model: PageModel>(_ model: Model, status: HTTPResponse.Status = .ok) -> Response {
        Self.html(render(model), status: status)
    }

    static func html(_ html: String, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.contentType] = "text/html; charset=utf-8"
        // The header's personal part is joined in here, per request, never into a rendered page that is kept.
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: PersonalHeader.fill(html))))
    }

    /// The HTML form of `APIError`: the same message and field rules as the API.
    func errorPage(_ error: APIError) -> Response {
        let heading =
            switch error.status {
            case .notFound: "Page not found"
            case .badRequest, .unprocessableContent: "This request cannot be answered"
            case .unauthorized, .forbidden: "Not allowed"
            default: "Something went wrong"
            }
        let model = ErrorPage(
            title: heading, heading: heading, message: error.error == "validation" ? "Some values break a rule:" : error.error,
            fields: error.fields.sorted { $0.key < $1.key }.map { FieldRule(field: $0.key, rule: $0.value) })
        return page(model, status: error.status)
    }
}

struct FieldRule: MustacheParent {
    var field: String
    var rule: String

    func child(named key: String) -> Any? {
        switch key {
        case "field": field
        case "rule": rule
        default: nil
        }
    }
}

struct ErrorPage: PageModel {
    static let template = "error"
    var title: String
    var heading: String
    var message: String
    var fields: [FieldRule]
    var site = SiteLinks()
}

/// A link on a page: where it goes and what it says.
struct Link {
    var href: String
    var label: String
}

/// A named item in a comma-separated list on a page.
struct Named {
    var id: String
    var name: String
    var last: Bool
    /// Where the item leads (the directory filtered by it), if anywhere.
    var href: String?

    static func list(_ pairs: [(String, String)], href: ((String) -> String)? = nil) -> [Named] {
        pairs.enumerated().map { Named(id: $1.0, name: $1.1, last: $0 == pairs.count - 1, href: href?($1.0)) }
    }

    /// The directory filtered by one value of a facet (`sector`, `technology`...).
    static func directory(_ facet: String) -> (String) -> String {
        { Routes.organisations.path(query: [(facet, $0)]) }
    }
}

/// The escaping of `{{ }}` in templates that start with `{{% CONTENT_TYPE: FAST_HTML}}` (the directory page):
/// the same text as swift-mustache's HTML escaping (`<`, `>`, `&`, `"`, `'`, each a whole character), found
/// byte by byte instead of one dictionary lookup per character, which cost the directory page about a
/// millisecond over its 300 facet links. (Partials are escaped by the library again.)
struct FastHTML: MustacheContentType {
    static let name = "FAST_HTML"

    func escapeText(_ text: String) -> String { Self.escape(text) }

    static func escape(_ text: String) -> String {
        var text = text
        let escaped: [UInt8]?? = text.withUTF8 { bytes in
            let n = bytes.count
            var i = 0
            while i < n, !isSpecial(bytes[i]) { i += 1 }
            if i == n { return .some(nil) }  // nothing to escape: the text as it is
            var out: [UInt8] = []
            out.reserveCapacity(n + 64)
            out.append(contentsOf: bytes[0..<i])
            while i < n {
                let b = bytes[i]
                if isSpecial(b) {
                    // A character of its own only between ASCII bytes; a combining mark after it (or a prefix
                    // before it) makes another character, which the library leaves alone: ask it then.
                    guard i == 0 || bytes[i - 1] < 0x80, i + 1 == n || bytes[i + 1] < 0x80 else { return nil }
                    switch b {
                    case UInt8(ascii: "<"): out.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])  // &lt;
                    case UInt8(ascii: ">"): out.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])  // &gt;
                    case UInt8(ascii: "&"): out.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])  // &amp;
                    case UInt8(ascii: "\""): out.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B])  // &quot;
                    default: out.append(contentsOf: [0x26, 0x23, 0x33, 0x39, 0x3B])  // &#39;
                    }
                } else {
                    out.append(b)
                }
                i += 1
            }
            return .some(out)
        }
        switch escaped {
        case .some(.some(let bytes)): return String(decoding: bytes, as: UTF8.self)
        case .some(.none): return text
        case .none: return characterByCharacter(text)
        }
    }

    @inline(__always) private static func isSpecial(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "<") || b == UInt8(ascii: ">") || b == UInt8(ascii: "&") || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'")
    }

    /// swift-mustache's own loop, for the rare text where a character is more than the byte.
    static func characterByCharacter(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}

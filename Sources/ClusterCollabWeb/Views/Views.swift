import ClusterCollabCore
import ClusterCollabText
import Foundation
import Hummingbird

/// The Mustache templates (escaped by default, rendered by `TemplateLibrary`) and the one place that turns a
/// page model into a response.
public struct Views: Sendable {
    let templates: TemplateLibrary
    /// The languages pages are offered in: the platform's, and the pseudo-locale when it is switched on.
    let languages: [Language]
    let reference: ReferenceData
    let publicURL: String

    init(reference: ReferenceData, publicURL: String, pseudoLocale: Bool = false) async throws {
        var languages = Languages.all
        if pseudoLocale { languages.append(PseudoLocale.language(for: try TemplateLibrary(directory: Self.templateDirectory).messages)) }
        self.languages = languages
        templates = try TemplateLibrary(directory: Self.templateDirectory, languages: languages)
        self.reference = reference
        self.publicURL = publicURL
    }

    /// The folder of `*.mustache` files in the bundle.
    static var templateDirectory: String { Bundle.module.resourceURL!.appendingPathComponent("templates").path }

    /// Renders a page model (or a part of a page) into HTML text, with the template its type names.
    func render<Model: PageModel>(_ model: Model) -> String {
        String(decoding: renderBytes(model), as: UTF8.self)
    }

    /// The same as UTF-8 bytes, in the request's language.
    func renderBytes<Model: PageModel>(_ model: Model) -> [UInt8] {
        let language = RequestLanguage.current
        guard let value = TemplateValue(reflecting: model),
            let html = templates.renderBytes(
                value, with: Model.template, language: language, around: .object(PageGlobals(language: language)),
                markingValues: language.code == PseudoLocale.code)
        else {
            preconditionFailure("template \(Model.template) is missing from the bundle")
        }
        return html
    }

    /// An HTML response from a page model, with the template its type names: the rendered bytes go into
    /// the response with the personal header joined in, with no text made on the way.
    func page<Model: PageModel>(_ model: Model, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: PersonalHeader.fill(renderBytes(model))))
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
            case .notFound: t("Page not found")
            case .badRequest, .unprocessableContent: t("This request cannot be answered")
            case .unauthorized, .forbidden: t("Not allowed")
            default: t("Something went wrong")
            }
        // The API's message is English; the page shows it in its language, as it shows the rules.
        let message = error.error == "validation" ? t("Some values break a rule:") : RequestLanguage.current.rule(error.page?.message ?? error.error)
        let model = ErrorPage(
            title: heading, heading: heading, message: message,
            fields: (error.page?.fields ?? error.fields).sorted { $0.key < $1.key }.map { FieldRule(field: $0.key, rule: $0.value) })
        return page(model, status: error.status)
    }
}

struct FieldRule: TemplateData {
    var field: String
    var rule: String

    func value(named key: String) -> TemplateValue? {
        switch key {
        // The API names a field by its code; the page by the words its form labels it with.
        case "field": .text(FieldNames.label(field))
        // The core writes its rules in English (the API's words); the page shows them in its language.
        case "rule": .text(RequestLanguage.current.rule(rule))
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

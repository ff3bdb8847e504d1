import ClusterCollabCore
import ClusterCollabText
import Foundation
import HTTPTypes
import Hummingbird

/// The language of the request being answered: the one chosen with the header's switcher (a cookie),
/// else the best match of the browser's `Accept-Language`, else English. Pages, their texts from code
/// (`t(...)`) and error pages read it; URLs stay the same in every language.
enum RequestLanguage {
    @TaskLocal static var current: Language = Languages.english

    static let cookie = "lang"

    /// The switcher's choice among `languages` (the pseudo-locale only by that choice), else the browser's.
    static func choose(_ request: Request, among languages: [Language]) -> Language {
        if let code = request.cookies[cookie]?.value, let chosen = languages.first(where: { $0.code == code }) { return chosen }
        if let header = request.headers[.acceptLanguage],
            let code = Language.negotiate(header, available: Languages.codes), let negotiated = Languages.named(code)
        {
            return negotiated
        }
        return Languages.english
    }
}

/// A text written in code (a facet's title, a sort's name...) in the request's language. Its English
/// text is the catalogue's key: `LanguageTests` finds every call of `t` with a literal in the sources and checks each
/// catalogue has it.
func t(_ english: String) -> String { RequestLanguage.current.text(english) }

extension String {
    /// A text from `t` with its `{{names}}` filled in, as a template fills a marked text:
    /// `t("Your account now uses {{email}}.").filling(["email": email])`. A translation keeps the English text's
    /// names, so every language fills the same ones; a value is put in as it is (the page escapes it), never
    /// read again for names.
    func filling(_ values: [String: String]) -> String {
        var out = ""
        var rest = Substring(self)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            out += rest[..<open.lowerBound]
            let name = String(rest[open.upperBound..<close.lowerBound])
            out += values[name] ?? String(rest[open.lowerBound..<close.upperBound])
            rest = rest[close.upperBound...]
        }
        return out + rest
    }
}

/// Sets the request's language around everything else, error pages included, and tells caches that the
/// answer depends on it.
struct LanguageMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let languages: [Language]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let language = RequestLanguage.choose(request, among: languages)
        var response = try await RequestLanguage.$current.withValue(language) { try await next(request, context) }
        if response.headers[.contentType]?.hasPrefix("text/html") == true {
            response.headers[.contentLanguage] = language.code
            response.headers.append(HTTPField(name: .vary, value: "Accept-Language, Cookie"))
        }
        return response
    }
}

/// What every template can read beside its page model: the page's language (`<html lang="{{lang}}">`)
/// and the platform's name.
struct PageGlobals: TemplateData {
    var language: Language

    func value(named name: String) -> TemplateValue? {
        switch name {
        case "lang": .text(language.code)
        // The platform's name is a name, not a word to translate.
        case "platformName": .text("ClusterCollab")
        default: nil
        }
    }
}

/// A language in the header's switcher: a link that sets the language and comes back to the page.
struct LanguageChoice: TemplateData {
    var code: String
    var name: String
    var current: Bool
    var href: String

    /// Every language of `languages`, the request's marked current, each link coming back to `here`.
    static func all(_ languages: [Language], here: String) -> [LanguageChoice] {
        languages.map {
            LanguageChoice(
                code: $0.code, name: $0.name, current: $0.code == RequestLanguage.current.code,
                href: Routes.language.path($0.code, query: here.isEmpty ? [] : [("back", here)]))
        }
    }

    func value(named name: String) -> TemplateValue? {
        switch name {
        case "code": .text(code)
        case "name": .text(self.name)
        case "current": .bool(current)
        case "href": .text(href)
        default: nil
        }
    }
}

/// Reference data in the request's language: the catalogue holds each English name under its table's
/// context (`country`, `sector`, `ecosystem`, `emerging`, `technology`, `type`).
enum ReferenceText {
    /// The catalogue context of each directory facet whose values are translated.
    static let contexts = [
        "country": "country", "sector": "sector", "ecosystem": "ecosystem", "emerging": "emerging", "technology": "technology", "type": "type",
    ]

    static func name(_ english: String, facet: String) -> String {
        guard let context = contexts[facet] else { return english }
        return RequestLanguage.current.text(english, context: context)
    }

    static func country(_ english: String) -> String { RequestLanguage.current.text(english, context: "country") }
}

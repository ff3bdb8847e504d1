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

    /// The address of the page being answered (a GET), from which pages write their `hreflang`
    /// alternates when they are rendered (API answers never need them).
    @TaskLocal static var address: (publicURL: String, path: String)? = nil

    /// The same page in each language: its address with `?lang=` added.
    static var alternates: [Alternate] {
        guard let address else { return [] }
        return LanguageMiddleware.alternates(path: address.path, publicURL: address.publicURL)
    }

    static let cookie = "lang"

    /// A page's address in one language, for search engines and for sharing a link in that language.
    struct Alternate: TemplateData {
        var hreflang: String
        var href: String

        func value(named name: String) -> TemplateValue? {
            switch name {
            case "hreflang": .text(hreflang)
            case "href": .text(href)
            default: nil
            }
        }
    }

    /// The language a link asks for (`?lang=fr`: the `hreflang` alternates), else the switcher's choice
    /// among `languages` (the pseudo-locale only by that choice), else the browser's.
    static func choose(_ request: Request, among languages: [Language]) -> Language {
        if let code = FormDecoding.pairs(request.uri.query).last(where: { $0.0 == "lang" })?.1,
            let asked = Languages.named(code)
        {
            return asked
        }
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

/// A word the core names in English (a status, a role, a call's phase, a kind of partner search...) in the
/// request's language: the catalogue holds them under the context `label`, and `LanguageTests` lists
/// every enumeration whose labels pages show.
func word(_ english: String) -> String { RequestLanguage.current.text(english, context: "label") }

extension String {
    /// A text from `t` with its `{{names}}` filled in, as a template fills a marked text:
    /// `t("Your account now uses {{email}}.").filling(["email": email])`. A translation keeps the English text's
    /// names, so every language fills the same ones; a value is put in as it is (the page escapes it).
    func filling(_ values: [String: String]) -> String { Sentence.fill(self, values) }
}

/// Sets the request's language around everything else, error pages included, and tells caches that the
/// answer depends on it.
struct LanguageMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let languages: [Language]
    /// The platform's public address, which alternates start with.
    let publicURL: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let language = RequestLanguage.choose(request, among: languages)
        let address = request.method == .get ? (publicURL, request.uri.path) : nil
        var response = try await RequestLanguage.$current.withValue(language) {
            try await RequestLanguage.$address.withValue(address) { try await next(request, context) }
        }
        if response.headers[.contentType]?.hasPrefix("text/html") == true {
            response.headers[.contentLanguage] = language.code
            response.headers.append(HTTPField(name: .vary, value: "Accept-Language, Cookie"))
        }
        return response
    }

    /// The page at `path` in each registered language, and without a language for everyone else
    /// (`x-default`: the browser's choice). The query is left out: a page's identity is its path (a
    /// profile, a call), and a search's parameters, echoed three times, would let any URL grow the page.
    static func alternates(path: String, publicURL: String) -> [RequestLanguage.Alternate] {
        let base = publicURL + path
        return Languages.codes.map { RequestLanguage.Alternate(hreflang: $0, href: base + "?lang=" + $0) }
            + [RequestLanguage.Alternate(hreflang: "x-default", href: base)]
    }
}

/// What every template can read beside its page model: the page's language (`<html lang="{{lang}}">`)
/// and the platform's name.
struct PageGlobals: TemplateData {
    var language: Language

    func value(named name: String) -> TemplateValue? {
        switch name {
        case "lang": .text(language.code)
        case "alternates": .list(RequestLanguage.alternates.map { .object($0) })
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
        "size": "label", "infrastructure": "label",
    ]

    static func name(_ english: String, facet: String) -> String {
        guard let context = contexts[facet] else { return english }
        return RequestLanguage.current.text(english, context: context)
    }

    static func country(_ english: String) -> String { RequestLanguage.current.text(english, context: "country") }
}

/// Dates, times and numbers on pages, written as the request's language writes them (`Formats`): the one
/// way every page shows each kind.
enum Shown {
    /// "2 December 2026" (a calendar day in `zone`, UTC unless told).
    static func date(_ date: Date, zone: String = "UTC") -> String { RequestLanguage.current.date(date, zone: zone) }

    /// A day written `YYYY-MM-DD` (a deadline, an agreement's date), as `date` shows it.
    static func day(_ text: String) -> String { CalendarDay.date(text).map { date($0) } ?? text }

    /// "15 December 2026, 17:00 CET (Europe/Brussels)": a deadline or a moment, its zone named.
    static func dateTime(_ date: Date, zone: String) -> String { RequestLanguage.current.dateTime(date, zone: zone, namingZone: true) }

    /// "1,234" / "1 234".
    static func number(_ n: Int) -> String { RequestLanguage.current.number(n) }

    /// "46%" / "46 %".
    static func percent(_ fraction: Double, digits: Int = 0) -> String { RequestLanguage.current.percent(fraction, digits: digits) }

    /// "in 3 days", "2 hours ago"...
    static func relative(_ date: Date, now: Date = Date(), zone: String = "UTC") -> String {
        RequestLanguage.current.relative(date, now: now, zone: zone)
    }
}

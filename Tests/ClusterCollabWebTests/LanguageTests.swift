import ClusterCollabCore
import ClusterCollabText
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// English and French: the visitor's language chosen from the browser or the switcher, every catalogue
/// complete, and no visible text on a translated page that did not come from a catalogue.
@Suite struct LanguageTests {
    /// Every English text the platform shows through a catalogue: the templates' `{{#t}}` texts, the
    /// `t("...")` calls in the web target's sources, the directory's tables of facet titles and sorts, and
    /// the reference data's names under their table's context.
    static func messages() throws -> [(id: String, plural: String?, context: String?)] {
        var found = try TemplateLibrary(directory: Views.templateDirectory).messages.map { ($0.id, $0.plural, String?.none) }
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/ClusterCollabWeb").standardized
        // A long literal stands on its own line between `t(` and `)`, as swift-format writes it.
        let call = /\bt\(\s*"((?:[^"\\]|\\.)*)"\s*\)/
        for case let file as URL in FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)! where file.pathExtension == "swift" {
            for match in try String(contentsOf: file, encoding: .utf8).matches(of: call) {
                found.append((String(match.output.1).replacingOccurrences(of: "\\\"", with: "\""), nil, nil))
            }
        }
        found += DirectoryPagesController.facetTitles.values.map { ($0, nil, nil) }
        found += DirectoryPagesController.sortLabels.map { ($0.1, nil, nil) }
        let reference = ReferenceData.shipped
        found += reference.countries.map { ($0.name, nil, "country") }
        found += reference.sectors.map { ($0.name, nil, "sector") }
        found += reference.ecosystems.map { ($0.name, nil, "ecosystem") }
        found += reference.emergingIndustries.map { ($0.name, nil, "emerging") }
        found += reference.technologies.map { ($0.name, nil, "technology") }
        found += OrganisationType.allCases.map { ($0.label, nil, "type") }
        return found
    }

    @Test func everyCatalogueHasEveryTextAndNoOther() throws {
        let messages = try Self.messages()
        #expect(messages.count > 400)
        let keys = Set(messages.map { Catalogue.key($0.id, context: $0.context) })
        for language in Languages.all where language.code != "en" {
            let catalogue = try #require(language.catalogue, "\(language.code) has a catalogue")
            for message in messages {
                let entry = catalogue.entry(message.id, context: message.context)
                #expect(entry?.isTranslated == true, "\(language.code) lacks \"\(message.id)\" (\(message.context ?? "no context"))")
                #expect(entry?.plural == message.plural, "\(language.code): \"\(message.id)\" is counted in one and not the other")
                if message.plural != nil { #expect(entry?.translations.count == language.plural.forms, "\(language.code): forms of \"\(message.id)\"") }
            }
            for key in catalogue.entries.keys where !keys.contains(key) {
                Issue.record("\(language.code) has \"\(key)\", which nothing shows")
            }
        }
    }

    @Test func aFrenchBrowserGetsTheDirectoryInFrenchAndAnEnglishOneInEnglish() async throws {
        try await withApp { client, platform in
            let french = try await client.get("/organisations?country=FR", headers: [.accept: "text/html", .acceptLanguage: "fr-FR,fr;q=0.9,en;q=0.5"])
            #expect(french.status == .ok)
            #expect(french.text.contains("<html lang=\"fr\">"))
            #expect(french.text.contains("<h1>Annuaire des organisations de clusters</h1>"))
            #expect(french.text.contains("<summary>Pays</summary>"))
            // Reference data too: the country facet, the cards and the kinds of organisation.
            #expect(french.text.contains(">Allemagne</a>") || french.text.contains("Allemagne"))
            #expect(french.text.contains("France ×"), "the chosen filter, in French")
            #expect(french.text.contains("Organisation de cluster"))
            #expect(!french.text.contains(">Germany<"))
            #expect(french.text.contains("Se connecter"))
            #expect(french.headers[.contentLanguage] == "fr")
            #expect(french.headers[values: .vary].contains { $0.contains("Accept-Language") })
            let english = try await client.get("/organisations?country=FR", headers: [.accept: "text/html", .acceptLanguage: "de, en;q=0.5"])
            #expect(english.text.contains("<html lang=\"en\">"))
            #expect(english.text.contains("<h1>Directory of cluster organisations</h1>"))
            let home = try await client.get("/", headers: [.acceptLanguage: "fr"])
            let count = platform.directory.index.count
            #expect(home.text.contains("<strong>\(count)</strong> organisations publiées"))
        }
    }

    @Test func theSwitcherSetsACookieThatWinsOverTheBrowserAndComesBackOnlyToThisSite() async throws {
        try await withApp(demo: false) { client, _ in
            let switched = try await client.get("/language/fr?back=%2Forganisations%3Fq%3Ddrone")
            #expect(switched.status == .seeOther)
            #expect(switched.headers[.location] == "/organisations?q=drone")
            let cookie = try #require(switched.headers[values: .setCookie].first { $0.hasPrefix("lang=fr") })
            #expect(cookie.contains("Path=/") && cookie.contains("HttpOnly"))
            let page = try await client.get("/organisations", headers: [.cookie: "lang=fr", .acceptLanguage: "en"])
            #expect(page.text.contains("<html lang=\"fr\">"))
            #expect(page.text.contains("aria-current=\"true\">Français</a>"))
            for hostile in ["//evil.example", "https://evil.example", "/%2F%2Fevil.example", "/\\evil.example"] {
                let r = try await client.get("/language/en?back=" + FormDecoding.encode(hostile))
                #expect(r.headers[.location] == "/", "\(hostile)")
            }
            let unknown = try await client.get("/language/xx", headers: htmlAccept)
            #expect(unknown.status == .notFound)
            #expect(unknown.text.contains("en, fr"))
            // An unknown language in the cookie is the browser's choice then.
            let odd = try await client.get("/organisations", headers: [.cookie: "lang=xx", .acceptLanguage: "fr"])
            #expect(odd.text.contains("<html lang=\"fr\">"))
        }
    }

    /// The pages already translated, asked for in the pseudo-locale (which marks the model's values):
    /// once the markup, the marked values and the catalogue's (bracketed) texts are taken away, no letter
    /// may be left. A text written straight into a template fails here.
    @Test func translatedPagesShowNoTextThatDidNotComeFromACatalogue() async throws {
        try await withApp(configure: { $0.pseudoLocale = true }) { client, platform in
            let slug = try #require(platform.directory.index.search(.init(sort: .newest, perPage: 1)).items.first?.slug)
            let pages = [
                "/", "/organisations?q=cluster&country=FR", "/organisations?q=zzzzqqq", "/organisations/\(slug)", "/organisations/no-such-profile",
                "/login", "/register", "/password-reset", "/partner-searches", "/calls", "/partnerships",
            ]
            for page in pages {
                let r = try await client.get(page, headers: [.accept: "text/html", .cookie: "lang=\(PseudoLocale.code)"])
                // (Every value is marked, the page's language too.)
                #expect(r.text.contains("<html lang=\"\u{E000}qps\u{E001}\">"), "\(page) is in the pseudo-locale")
                let left = Self.visibleText(r.text)
                #expect(left.isEmpty, "\(page): text not from a catalogue: \(left.prefix(20))")
            }
        }
    }

    /// The words a page shows that are neither a model's value (between U+E000 and U+E001) nor a
    /// catalogue's text (between ⟦ and ⟧): text between tags and the attributes people read.
    static func visibleText(_ html: String) -> [String] {
        var text = html
        for pattern in [/<script[\s\S]*?<\/script>/, /<style[\s\S]*?<\/style>/, /<!--[\s\S]*?-->/] { text.replace(pattern, with: " ") }
        var shown = ""
        for match in text.matches(of: /(?:placeholder|title|aria-label|alt)="([^"]*)"/) { shown += " " + match.output.1 }
        shown += " " + text.replacing(/<[^>]*>/, with: " ")
        shown.replace(/\x{E000}[^\x{E001}]*\x{E001}/, with: " ")
        shown.replace(/⟦[^⟧]*⟧/, with: " ")
        return shown.split(whereSeparator: { $0.isWhitespace }).map(String.init).filter { $0.contains(where: \.isLetter) }
    }
}

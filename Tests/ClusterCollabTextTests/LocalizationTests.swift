import ClusterCollabText
import Testing

/// Message catalogues (gettext PO), plural rules, the choice of a language, and translated templates.
@Suite struct LocalizationTests {
    static let po = #"""
        # A comment
        msgid ""
        msgstr ""
        "Language: fr\n"
        "Plural-Forms: nplurals=2; plural=(n > 1);\n"

        msgid "Search"
        msgstr "Rechercher"

        msgctxt "verb"
        msgid "Order"
        msgstr "Trier"

        msgid "{{n}} member"
        msgid_plural "{{n}} members"
        msgstr[0] "{{n}} membre"
        msgstr[1] "{{n}} membres"

        msgid "Say \"hello\"\n"
        "on two lines"
        msgstr "Dire « bonjour »\n"
        "sur deux lignes"

        msgid "Not yet"
        msgstr ""
        """#

    @Test func aCatalogueReadsEntriesPluralsContextsAndEscapes() throws {
        let catalogue = try Catalogue(po: Self.po)
        #expect(catalogue.header["Language"] == "fr")
        #expect(catalogue.entry("Search")?.translations == ["Rechercher"])
        #expect(catalogue.entry("Order", context: "verb")?.translations == ["Trier"])
        #expect(catalogue.entry("Order") == nil, "a context tells entries apart")
        #expect(catalogue.entry("{{n}} member")?.plural == "{{n}} members")
        #expect(catalogue.entry("Say \"hello\"\non two lines")?.translations == ["Dire « bonjour »\nsur deux lignes"])
        #expect(catalogue.entry("Not yet")?.isTranslated == false)
        #expect(catalogue.entries.count == 5)
    }

    @Test func aBrokenCatalogueDoesNotLoadAndNamesTheLine() {
        for (text, line) in [
            ("msgid \"a\"\nmsgstr \"b\"\n\nmsgid \"a\"\nmsgstr \"c\"\n", 4), ("msgid \"a\"\nmsgstr b\n", 2), ("msgid \"a\"\nmsgstr[1] \"x\"\n", 2),
        ] {
            do {
                _ = try Catalogue(po: text)
                Issue.record("\(text) loaded")
            } catch {
                #expect(error.line == line, "\(text): \(error)")
            }
        }
    }

    @Test func pluralRulesFollowEachLanguage() {
        #expect([0, 1, 2, 5].map(PluralRule.oneOther.form) == [1, 0, 1, 1], "English: 0 members, 1 member")
        #expect([0, 1, 2, 5].map(PluralRule.zeroOneOther.form) == [0, 0, 1, 1], "French: 0 membre, 1 membre, 2 membres")
        #expect([1, 2, 4, 5, 12, 22, 25].map(PluralRule.polish.form) == [0, 1, 1, 2, 2, 1, 2])
    }

    @Test func theBrowsersPreferredLanguageIsChosenAmongThoseThereAre() {
        let available = ["en", "fr"]
        #expect(Language.negotiate("fr-FR,fr;q=0.9,en;q=0.8", available: available) == "fr")
        #expect(Language.negotiate("de-DE,de;q=0.9,en;q=0.5,fr;q=0.7", available: available) == "fr")
        #expect(Language.negotiate("de, it", available: available) == nil)
        #expect(Language.negotiate("fr;q=0, en", available: available) == "en", "q=0 means not acceptable")
        #expect(Language.negotiate("*", available: available) == "en")
        #expect(Language.negotiate("", available: available) == nil)
        #expect(Language.negotiate("FR-ca", available: available) == "fr")
    }

    @Test func aTemplateShowsItsTextsInTheLanguageAndEnglishWhereThereIsNoTranslation() throws {
        struct Page: TemplateData {
            var n: Int
            func value(named name: String) -> TemplateValue? { name == "n" ? .number(n) : nil }
        }
        let template = try Template("<p>{{#t}}Search{{/t}} · {{#t(n)}}{{n}} member||{{n}} members{{/t(n)}} · {{#t}}Untranslated{{/t}}</p>")
        let french = Language(code: "fr", name: "Français", plural: .zeroOneOther, catalogue: try Catalogue(po: Self.po))
        let library = try TemplateLibrary(templates: ["p": template], languages: [french])
        #expect(library.render(.object(Page(n: 0)), with: "p") == "<p>Search · 0 members · Untranslated</p>")
        #expect(library.render(.object(Page(n: 1)), with: "p") == "<p>Search · 1 member · Untranslated</p>")
        #expect(library.render(.object(Page(n: 0)), with: "p", language: french) == "<p>Rechercher · 0 membre · Untranslated</p>")
        #expect(library.render(.object(Page(n: 2)), with: "p", language: french) == "<p>Rechercher · 2 membres · Untranslated</p>")
        #expect(library.messages.map(\.id) == ["Search", "Untranslated", "{{n}} member"])
        #expect(library.messages.map(\.plural) == [nil, nil, "{{n}} members"])
    }

    @Test func aTranslationThatIsNotAPlainTextDoesNotLoad() throws {
        let broken = try Catalogue(po: "msgid \"Search\"\nmsgstr \"{{#x}}Rechercher\"\n")
        let language = Language(code: "fr", name: "Français", plural: .zeroOneOther, catalogue: broken)
        #expect(throws: TemplateError.self) { try TemplateLibrary(templates: [:], languages: [language]) }
        #expect(throws: TemplateError.self) { try Template("{{#t}}a||b{{/t}}") }
        #expect(throws: TemplateError.self) { try Template("{{#t}}a {{#x}}b{{/x}}{{/t}}") }
        #expect(throws: TemplateError.self) { try Template("{{#t}}never closed") }
    }

    @Test func thePseudoLocaleMarksEveryTextButLeavesNamesAndMarkup() throws {
        #expect(PseudoLocale.transform("Page {{page}} of <strong>{{pages}}</strong>") == "⟦Págé {{page}} óf <strong>{{pages}}</strong>⟧")
        let template = try Template("<h1>{{#t}}Search{{/t}}</h1><p>{{name}}</p>")
        let library = try TemplateLibrary(templates: ["p": template], languages: [])
        let pseudo = PseudoLocale.language(for: library.messages)
        let withPseudo = try TemplateLibrary(templates: ["p": template], languages: [pseudo])
        struct Page: TemplateData {
            func value(named name: String) -> TemplateValue? { name == "name" ? .text("Aero<Cluster>") : nil }
        }
        #expect(
            withPseudo.render(.object(Page()), with: "p", language: pseudo, markingValues: true)
                == "<h1>⟦Śéárçh⟧</h1><p>\u{E000}Aero&lt;Cluster&gt;\u{E001}</p>")
    }
}

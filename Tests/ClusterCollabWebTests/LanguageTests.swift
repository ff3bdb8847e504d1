import ClusterCollabCore
import ClusterCollabStorage
import ClusterCollabMatching
import ClusterCollabCalls
import ClusterCollabContent
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
        // Sentences written in code anywhere (`Sentence("...")`, with their context when they name one).
        let all = sources.deletingLastPathComponent()
        let sentence = /\bSentence\(\s*"((?:[^"\\]|\\.)*)"(?:,\s*plural:\s*"((?:[^"\\]|\\.)*)")?(?:,\s*context:\s*"([^"]*)")?\s*\)/
        func literal(_ text: Substring) -> String { String(text).replacingOccurrences(of: "\\\"", with: "\"") }
        for case let file as URL in FileManager.default.enumerator(at: all, includingPropertiesForKeys: nil)! where file.pathExtension == "swift" {
            for match in try String(contentsOf: file, encoding: .utf8).matches(of: sentence) where !file.path.hasSuffix("Sentence.swift") {
                found.append((literal(match.output.1), match.output.2.map(literal), match.output.3.map(String.init)))
            }
        }
        found += try Self.rules(in: all).map { ($0, nil, "rule") }
        // E-mails and notices: every line, subject and body of the message templates.
        found += MessageTemplates.shared.texts.map { ($0, nil, MessageTemplates.context) }
        found += Language.relativeTexts.map { ($0.0, $0.1, nil) }
        // Words the core names in English and pages show through `word(...)`.
        var words = ProfileStatus.allCases.map(\.label) + PlatformRole.allCases.map(\.label) + TeamRole.allCases.map(\.label)
        words += SizeBand.allCases.map(\.label) + RegionCategory.allCases.map(\.label) + MemberCounts().kinds.map(\.label)
        words += OptionalEmail.allCases.flatMap { [$0.label, $0.explanation] }
        words += PartnerSearch.Kind.allCases.map(\.label) + PartnerSearch.Status.allCases.map(\.label) + Consortium.Role.allCases.map(\.label)
        words += Call.State.allCases.map(\.label) + Call.Phase.allCases.map(\.label) + ExpressionOfInterest.Status.allCases.map(\.label)
        words += DocumentKind.allCases.map(\.label)
        words += Infrastructure.Kind.allCases.map(\.label)
        found += Set(words).map { ($0, nil, "label") }
        found += (ProfileHistory.actions + ContributionHistory.actions).map { ($0, nil, "history") }
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

    /// The validation rules the sources write (`errors.add(field, "...")`, `rule: "..."`, `message: "..."`,
    /// a rule's `let rule = "..."`, `ValidationErrors(["field": "..."])`, and the account rules' `return
    /// "..."`) and the messages of refusals and errors (`Refusal(.conflict, "...")`, `APIError(...)`), each
    /// interpolation numbered as the catalogue writes it: `must be at most {{1}} characters`.
    static func rules(in sources: URL) throws -> Set<String> {
        let starts = [
            /errors\.add\(\s*[^,()]+(?:\([^()]*\))?[^,()]*,\s*"/, /\brule: "/, /\bmessage: "/, /\blet rule = "/,
            /ValidationErrors\(\["[a-z_]+": "/, /\bfields: \["[a-z_.]+": "/,
            // Refusals and errors, whose message an HTML error page shows in its language.
            /\bRefusal\(\s*\.[a-zA-Z]+,\s*"/, /\bAPIError\(\s*\.[a-zA-Z]+,\s*"/, /\bAPIError\.malformed\("/,
        ]
        // The codes an error page never shows as they are (`validation` has its own sentence).
        let codes: Set<String> = ["validation", "ineligible: ", "deadline_passed"]
        var found: Set<String> = []
        for case let file as URL in FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)! where file.pathExtension == "swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            var patterns = starts
            if file.path.hasSuffix("Accounts/User.swift") { patterns.append(/\breturn "/) }
            // Not rules: the catalogue's and templates' own errors, which no page shows.
            if file.path.contains("ClusterCollabText/") || file.path.hasSuffix("Languages.swift") { continue }
            for pattern in patterns {
                for match in text.matches(of: pattern) {
                    // (A text made of values only, or with no word of its own, is no rule to translate.)
                    if let literal = Self.literal(text, from: match.range.upperBound), !codes.contains(literal),
                        literal.replacing(/\{\{\d+\}\}/, with: "").contains(/[A-Za-z]{3}/)
                    {
                        found.insert(literal)
                    }
                }
            }
            // `APIError.notFound("organisation \(id)")` says "organisation 7 not found".
            for match in text.matches(of: /\bAPIError\.notFound\("/) {
                if let literal = Self.literal(text, from: match.range.upperBound) { found.insert(literal + " not found") }
            }
        }
        return found
    }

    /// The Swift string literal starting after its opening quote at `start`, each `\(...)` written `{{n}}`.
    static func literal(_ text: String, from start: String.Index) -> String? {
        var out = "", i = start, n = 0
        while i < text.endIndex {
            let c = text[i]
            if c == "\"" { return out }
            if c == "\\" {
                let next = text.index(after: i)
                guard next < text.endIndex else { return nil }
                if text[next] == "(" {
                    // Skip the interpolation: balanced parentheses, string literals inside it skipped whole.
                    var depth = 1, j = text.index(after: next), inString = false
                    while j < text.endIndex, depth > 0 {
                        let d = text[j]
                        if inString {
                            if d == "\\" { j = text.index(after: j) } else if d == "\"" { inString = false }
                        } else if d == "\"" {
                            inString = true
                        } else if d == "(" {
                            depth += 1
                        } else if d == ")" {
                            depth -= 1
                        }
                        j = text.index(after: j)
                    }
                    n += 1
                    out += "{{\(n)}}"
                    i = j
                    continue
                }
                out.append(text[next] == "n" ? "\n" : text[next])
                i = text.index(after: next)
                continue
            }
            out.append(c)
            i = text.index(after: i)
        }
        return nil
    }

    @Test func aRuleFromTheCoreIsShownInThePagesLanguageWithItsValues() throws {
        let french = try #require(Languages.named("fr"))
        #expect(french.rule("must be at most 200 characters") == "doit comporter au plus 200\u{A0}caractères")
        #expect(french.rule("must be at most 200 characters (it has 250)") == "doit comporter au plus 200\u{A0}caractères (il en a 250)")
        #expect(french.rule("is required") == "est obligatoire")
        #expect(french.rule("a rule nobody wrote") == "a rule nobody wrote")
        #expect(Languages.english.rule("must be at most 200 characters") == "must be at most 200 characters")
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

    /// Every page a visitor can open, asked for in the pseudo-locale (which marks the model's values):
    /// once the markup, the marked values and the catalogue's (bracketed) texts are taken away, no letter
    /// may be left. A text written straight into a template fails here.
    @Test func translatedPagesShowNoTextThatDidNotComeFromACatalogue() async throws {
        try await withApp(configure: { $0.pseudoLocale = true }) { client, platform in
            let slug = try #require(platform.directory.index.search(.init(sort: .newest, perPage: 1)).items.first?.slug)
            let (search, _) = try await PartneringTests.demo(client, platform)
            let partnership = try Self.firstID(try await client.get("/api/v1/partnerships").json)
            try await TeamsAndModerationTests.account(platform, "reader@clusters.example.eu")
            let unsubscribe = try await PrivacyTests.unsubscribePath(platform, "reader@clusters.example.eu")
            let visitor = Browser(client)
            for page in [
                "/", "/organisations?q=cluster&country=FR", "/organisations?q=zzzzqqq", "/organisations/\(slug)",
                "/login", "/register", "/password-reset", "/partner-searches", "/calls", "/partnerships",
                "/partner-searches/\(search)", "/calls/1", "/calls/2", "/partnerships/\(partnership)", unsubscribe,
                "/news", "/news/tags/drones", "/news/seventy-clusters-at-the-association-s-general-assembly",
                "/events", "/events/past", "/events/calendar?month=2016-05", "/events/general-assembly-of-the-national-cluster-association", "/digest/2016-W23",
                "/documents", "/documents?q=zzzzqqq", "/documents/1", "/infrastructures?infrastructure=test-bed&country=FR",
            ] {
                try await Self.expectCatalogued(visitor, page)
            }
            // Pages that answer a link: messages and the error page of a link that no longer works.
            try await Self.expectCatalogued(visitor, "/organisations/no-such-profile", .notFound)
            try await Self.expectCatalogued(visitor, "/unsubscribe/no-such-token", .notFound)
            try await Self.expectCatalogued(visitor, "/verify-email/no-such-token", .gone)
            try await Self.expectCatalogued(visitor, "/password-reset/no-such-token", .gone)
        }
    }

    /// The platform team's pages and the pages every signed-in person has, with data on them: a profile
    /// waiting for review, a claim, a call with a submitted expression of interest, a partnership.
    @Test func thePlatformTeamsPagesShowNoTextThatDidNotComeFromACatalogue() async throws {
        try await withApp(configure: { $0.pseudoLocale = true }) { client, platform in
            // A profile its manager created and submitted for review, in the moderation queue.
            let (manager, draft) = try await TeamsAndModerationTests.created(client, platform)
            try await manager.get("/my/organisations/\(draft)")
            #expect(try await manager.post("/my/organisations/\(draft)/submit", []).status == .seeOther)
            // A claim of a listed organisation that has no team yet.
            let (search, outsider) = try await PartneringTests.demo(client, platform)
            let claimer = try await AccountSecurityTests.signedIn(client, platform, "claimer@clusters.example.eu")
            try await claimer.get("/organisations/\(outsider.slug)/join")
            #expect(try await claimer.post("/organisations/\(outsider.slug)/join", [("message", "I run this cluster.")]).status == .ok)
            // A call with a submitted expression of interest, on the evaluation board.
            let call = try await Self.submittedApplication(client, platform, partner: outsider).call
            let partnership = try Self.firstID(try await client.get("/api/v1/partnerships").json)

            let admin = try await AccountSecurityTests.signedIn(client, platform, "admin@clusters.example.eu", .platformAdmin)
            try await admin.get("/account")
            let token = try await admin.post("/account/tokens", [("name", "script")])
            #expect(token.status == .ok)
            let contactSlug = try #require(try await platform.organisations.find(id: outsider.id)?.slug)
            for page in [
                "/account", "/account/emails", "/account/emails?saved=1", "/account/delete", "/my/organisations", "/notifications",
                "/organisations/new", "/organisations/new?country=FR", "/organisations/new?country=XX", "/my/organisations/\(draft)",
                "/admin", "/admin/moderation", "/admin/join-requests", "/admin/users", "/admin/outbox", "/admin/region-categories",
                "/admin/calls", "/admin/calls/new", "/admin/calls/\(call)/edit", "/calls/\(call)", "/calls/\(call)/evaluation", "/calls/2/evaluation",
                "/partner-searches/new", "/partner-searches/\(search)", "/partner-searches/\(search)/edit", "/partnerships/\(partnership)",
                "/organisations/\(contactSlug)/contact", "/organisations/\(contactSlug)/join",
                "/documents", "/documents/new", "/documents/1",
            ] {
                try await Self.expectCatalogued(admin, page)
            }
            // The page that shows a new API token once, and the message after a claim.
            let again = try await AccountSecurityTests.signedIn(client, platform, "admin2@clusters.example.eu", .platformAdmin)
            try await again.get("/account")
            again.cookies["lang"] = PseudoLocale.code
            Self.expectCatalogued(try await again.post("/account/tokens", [("name", "script")]), "the new token")
            let second = try await AccountSecurityTests.signedIn(client, platform, "claimer2@clusters.example.eu")
            let other = try #require(try await platform.organisations.page(status: .published, afterID: 0, limit: 50).first { $0.id != outsider.id }?.slug)
            try await second.get("/organisations/\(other)/join")
            second.cookies["lang"] = PseudoLocale.code
            Self.expectCatalogued(try await second.post("/organisations/\(other)/join", [("message", "Mine.")]), "a claim sent")
            // The manager's own pages: the profile with its team and history.
            for page in ["/my/organisations", "/my/organisations/\(draft)", "/notifications"] { try await Self.expectCatalogued(manager, page) }
        }
    }

    /// The pages of teams at work: a partner search seen by its lead team and by an organisation that
    /// expressed interest, the form of a new search, and a consortium's expressions of interest to a call.
    @Test func teamsPagesShowNoTextThatDidNotComeFromACatalogue() async throws {
        try await withApp(configure: { $0.pseudoLocale = true }) { client, platform in
            let (search, outsider) = try await PartneringTests.demo(client, platform)
            let owner = try #require(try await platform.partnerSearches.find(id: search)).search.ownerID
            let (leadUser, _) = try await PartneringTests.teamMember(of: owner, "lead", platform: platform)
            let (outsiderUser, outsiderToken) = try await PartneringTests.teamMember(of: outsider.id, "outsider", platform: platform)
            let interest = try await client.send(
                .post, "/api/v1/partner-searches/\(search)/interests", json: #"{"organisation_id": \#(outsider.id), "message": "We bring robotics."}"#,
                token: outsiderToken)
            #expect(interest.status == .created)
            let comment = try await client.send(.post, "/api/v1/partner-searches/\(search)/comments", json: #"{"body": "Which call?"}"#, token: outsiderToken)
            #expect(comment.status == .created)
            let lead = try await PartneringTests.browser(client, leadUser)
            for page in [
                "/partner-searches/\(search)", "/partner-searches/\(search)?objective=fewest&k=2", "/partner-searches/new", "/partner-searches/\(search)/edit",
                "/notifications",
            ] {
                try await Self.expectCatalogued(lead, page)
            }
            try await Self.expectCatalogued(try await PartneringTests.browser(client, outsiderUser), "/partner-searches/\(search)")

            // A consortium's expressions of interest: one submitted, one to another call still a draft.
            let (call, submitted, team) = try await Self.submittedApplication(client, platform, partner: outsider)
            let next = try await CallsTests.call(platform, closesIn: 7_200)
            let created = try await client.send(.post, "/api/v1/calls/\(next.id)/applications", json: #"{"search_id": \#(team.search)}"#, token: team.token)
            #expect(created.status == .created, "\(created.text)")
            let draft = try Self.id(try created.json)
            let applicant = try await PartneringTests.browser(client, team.user)
            for page in ["/calls/\(call)", "/applications/\(submitted)", "/applications/\(draft)", "/my/organisations", "/my/organisations/\(team.lead.id)"] {
                try await Self.expectCatalogued(applicant, page)
            }
        }
    }

    /// A call open for an hour and a consortium ("Alpha", led from France with `partner`) whose expression
    /// of interest is submitted to it.
    static func submittedApplication(_ client: any TestClientProtocol, _ platform: Platform, partner: Organisation) async throws -> (
        call: Int64, application: Int64, team: (lead: Organisation, user: User, token: String, search: Int64)
    ) {
        let team = try await CallsTests.consortium(platform, "Alpha", partners: [partner])
        let call = try await CallsTests.call(platform, closesIn: 3_600)
        let created = try await client.send(.post, "/api/v1/calls/\(call.id)/applications", json: #"{"search_id": \#(team.search)}"#, token: team.token)
        let id = try Self.id(try created.json)
        let submitted = try await client.send(
            .post, "/api/v1/applications/\(id)/submit", json: #"{"version": 1, "answers": \#(CallsTests.answers)}"#, token: team.token)
        #expect(submitted.status == .ok, "\(submitted.text)")
        return (call.id, id, team)
    }

    static func id(_ json: [String: Any]) throws -> Int64 { try #require((json["id"] as? NSNumber)?.int64Value) }

    static func firstID(_ list: [String: Any]) throws -> Int64 { try id(try #require((list["items"] as? [[String: Any]])?.first)) }

    /// `path` asked for in the pseudo-locale by `browser` (a visitor's or a signed-in person's), answering
    /// `status`, with no word that did not come from a catalogue.
    static func expectCatalogued(
        _ browser: Browser, _ path: String, _ status: HTTPResponse.Status = .ok, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        browser.cookies["lang"] = PseudoLocale.code
        let r = try await browser.get(path)
        #expect(r.status == status, "\(path) answered \(r.status)", sourceLocation: sourceLocation)
        expectCatalogued(r, path, sourceLocation: sourceLocation)
    }

    static func expectCatalogued(_ r: TestResponse, _ page: String, sourceLocation: SourceLocation = #_sourceLocation) {
        // (Every value is marked, the page's language too.)
        #expect(r.text.contains("<html lang=\"\u{E000}qps\u{E001}\">"), "\(page) is in the pseudo-locale", sourceLocation: sourceLocation)
        let left = Self.visibleText(r.text)
        #expect(left.isEmpty, "\(page): text not from a catalogue: \(left.prefix(20))", sourceLocation: sourceLocation)
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

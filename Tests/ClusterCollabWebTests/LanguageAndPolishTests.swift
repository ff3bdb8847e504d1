import ClusterCollabCore
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A person's language is kept in their account: their e-mails and notices are written in it, whatever
/// language the sender's page was in.
@Suite struct AccountLanguageTests {
    @Test func someoneWhoRegistersInFrenchGetsTheConfirmationInFrench() async throws {
        try await withApp(demo: false) { client, platform in
            let browser = Browser(client)
            browser.cookies["lang"] = "fr"
            try await browser.get("/register")
            let r = try await browser.post(
                "/register", [("name", "Élise Martin"), ("email", "elise@clusters.example.fr"), ("password", AccountsTests.password), ("terms", "yes")])
            #expect(r.status == .seeOther)
            let user = try #require(try await platform.users.find(email: "elise@clusters.example.fr"))
            #expect(user.language == "fr")
            let mail = try #require(try await platform.outbox.list(page: 1, perPage: 10).rows.first { $0.recipient == user.email })
            #expect(mail.subject == "Confirmez votre adresse électronique pour ClusterCollab")
            #expect(mail.bodyText.hasPrefix("Bonjour Élise Martin,\n\nveuillez confirmer"))
        }
    }

    @Test func aFormsRulesAreShownInThePagesLanguageWithTheirValues() async throws {
        try await withApp(demo: false) { client, _ in
            let browser = Browser(client)
            browser.cookies["lang"] = "fr"
            try await browser.get("/register")
            let r = try await browser.post("/register", [("name", "Élise"), ("email", "elise@clusters.example.fr"), ("password", "court"), ("terms", "yes")])
            #expect(r.status == .unprocessableContent)
            #expect(r.text.contains("<strong>Mot de passe</strong>: doit comporter au moins \(AccountRules.minimumPasswordLength)\u{A0}caractères"))
            browser.cookies["lang"] = "en"
            try await browser.get("/register")
            let english = try await browser.post(
                "/register", [("name", "Élise"), ("email", "elise@clusters.example.fr"), ("password", "court"), ("terms", "yes")])
            #expect(english.text.contains("<strong>Password</strong>: must be at least \(AccountRules.minimumPasswordLength) characters"))
        }
    }

    @Test func theSwitcherKeepsASignedInPersonsChoiceForTheirEmailsAndTheBellFollowsThePage() async throws {
        try await withApp { client, platform in
            let bo = try await AccountSecurityTests.signedIn(client, platform, "bo@clusters.example.fr")
            #expect(try await platform.users.find(email: "bo@clusters.example.fr")?.language == "en")
            let switched = try await bo.get("/language/fr?back=%2Faccount")
            #expect(switched.status == .seeOther)
            let user = try #require(try await platform.users.find(email: "bo@clusters.example.fr"))
            #expect(user.language == "fr")

            // An English-speaking administrator adds Bo to a team: Bo is told in French.
            let organisation = try #require(try await platform.organisations.find(id: 1))
            _ = try await platform.teams.addMember(
                organisationID: organisation.id, email: user.email, role: .administrator, invitedBy: 0, actor: "test", language: "en")
            let mail = try #require(try await platform.outbox.list(page: 1, perPage: 10).rows.first { $0.recipient == user.email })
            #expect(mail.subject == "Vous faites désormais partie de l’équipe de \(organisation.name)")
            #expect(mail.bodyText.contains("en tant qu’administrateur du profil"))

            // The bell shows the notice in the page's language.
            let french = try await bo.get("/notifications")
            #expect(french.text.contains("Vous avez été ajouté à l’équipe de \(organisation.name.htmlEscaped)"))
            bo.cookies["lang"] = "en"
            let english = try await bo.get("/notifications")
            #expect(english.text.contains("You were added to the team of \(organisation.name.htmlEscaped) as profile administrator"))
            // Choosing English on the page does not change the account (only the switcher does)...
            #expect(try await platform.users.find(email: user.email)?.language == "fr")
        }
    }

    @Test func anInvitationToAnAddressWithoutAnAccountIsInTheInvitersLanguage() async throws {
        try await withApp { client, platform in
            let organisation = try #require(try await platform.organisations.find(id: 1))
            _ = try await platform.teams.addMember(
                organisationID: organisation.id, email: "new@clusters.example.fr", role: .member, invitedBy: 0, actor: "test", language: "fr")
            let mail = try #require(try await platform.outbox.list(page: 1, perPage: 10).rows.first { $0.recipient == "new@clusters.example.fr" })
            #expect(mail.subject == "Rejoignez l’équipe de \(organisation.name) sur ClusterCollab")
        }
    }
}

extension String {
    /// As a page writes it.
    var htmlEscaped: String {
        replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }
}

/// Each page names its versions in the other languages, at the same address with `?lang=`.
@Suite struct AlternateLanguageTests {
    @Test func pagesCarryHreflangAlternatesAndALinkInALanguageOpensInIt() async throws {
        try await withApp(demo: false) { client, platform in
            let page = try await client.get("/organisations?q=drone&lang=en", headers: [.accept: "text/html"])
            let site = platform.configuration.publicURL
            #expect(page.text.contains("<link rel=\"alternate\" hreflang=\"fr\" href=\"\(site)/organisations?lang=fr\">"))
            #expect(page.text.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"\(site)/organisations?lang=en\">"))
            #expect(page.text.contains("<link rel=\"alternate\" hreflang=\"x-default\" href=\"\(site)/organisations\">"))
            // The link's language wins over the cookie and the browser; an unknown one is ignored.
            let french = try await client.get("/organisations?lang=fr", headers: [.accept: "text/html", .cookie: "lang=en", .acceptLanguage: "en"])
            #expect(french.text.contains("<html lang=\"fr\">"))
            let odd = try await client.get("/organisations?lang=xx", headers: [.accept: "text/html", .acceptLanguage: "fr"])
            #expect(odd.text.contains("<html lang=\"fr\">"))
        }
    }
}

/// Why a partner is recommended, in the page's language (the API keeps English).
@Suite struct RecommendationLanguageTests {
    @Test func aFrenchPageGivesTheReasonsInFrenchAndTheAPIInEnglish() async throws {
        try await withApp { client, _ in
            let list = try await client.get("/api/v1/partner-searches").json
            let id = try #require(((list["items"] as? [[String: Any]])?.first?["id"] as? NSNumber)?.int64Value)
            let api = try await client.get("/api/v1/partner-searches/\(id)/recommendations?per_page=5").json
            let reasons = ((api["items"] as? [[String: Any]])?.first?["reasons"] as? [String]) ?? []
            let first = try #require(reasons.first)
            let english = try await client.get("/partner-searches/\(id)", headers: [.accept: "text/html", .cookie: "lang=en"])
            #expect(english.text.contains(first.htmlEscaped))
            let french = try await client.get("/partner-searches/\(id)", headers: [.accept: "text/html", .cookie: "lang=fr"])
            #expect(!french.text.contains(first.htmlEscaped), "\(first)")
            let starts = ["Apporte", "Ne couvre", "Renforce", "Ajoute", "Vient d’", "Se trouve", "Partage", "Sa description", "Est de type", "C’est"]
            #expect(starts.contains { french.text.contains("<li>\($0)") }, "a reason in French")
        }
    }
}

/// A profile recommends only partner searches the organisation really fits.
@Suite struct ProfileRecommendedSearchesTests {
    @Test func aProfileRecommendsNoSearchBelowTheMinimumFitOrCoveringNoneOfItsCompetences() async throws {
        try await withApp { client, platform in
            var shown = 0
            for hit in platform.directory.index.search(.init(sort: .newest, perPage: 60)).items {
                let page = try await client.get("/organisations/\(hit.slug)", headers: [.accept: "text/html", .cookie: "lang=en"])
                guard let section = page.text.firstRange(of: "<section class=\"recommended-searches\">").map({ page.text[$0.lowerBound...] }) else { continue }
                let part = section[..<(section.firstRange(of: "</section>")?.upperBound ?? section.endIndex)]
                for match in part.matches(of: /match (\d+)%/) {
                    shown += 1
                    #expect(Int(match.output.1)! >= Int(Platform.minimumFitOnProfiles * 100), "\(hit.slug)")
                }
                #expect(!part.contains("Covers none of the required competences"), "\(hit.slug)")
            }
            #expect(shown > 0, "some profile recommends a search")
        }
    }
}

/// A partner search names its call by the call's name, not by a number typed in.
@Suite struct PartnerSearchCallPickerTests {
    @Test func theFormOffersThePublishedCallsByName() async throws {
        try await withApp { client, platform in
            let admin = try await AccountSecurityTests.signedIn(client, platform, "picker@clusters.example.eu", .platformAdmin)
            let page = try await admin.get("/partner-searches/new")
            let calls = try await platform.calls.calls().map(\.call)
            let published = try #require(calls.first { $0.state != .draft })
            #expect(page.text.contains("<select id=\"call_id\" name=\"call_id\">"))
            #expect(page.text.contains(">\(published.title.htmlEscaped) (\(published.programme.htmlEscaped))</option>"))
            for draft in calls where draft.state == .draft { #expect(!page.text.contains("value=\"\(draft.id)\">\(draft.title.htmlEscaped)")) }
        }
    }
}

/// Withdrawing an expression of interest is set apart from submitting it and asks for a confirmation.
@Suite struct WithdrawConfirmationTests {
    @Test func withdrawingNeedsTheConfirmationTickedAndOtherwiseChangesNothing() async throws {
        try await withApp(demo: false) { client, platform in
            let partner = try await platform.organisations.create(
                Organisation(name: "Partner Hub", type: .clusterOrganisation, country: "DE", region: "DE21", status: .published))
            let team = try await CallsTests.consortium(platform, "Gamma", partners: [partner])
            let call = try await CallsTests.call(platform, closesIn: 86_400)
            let draft = try await platform.calls.createDraft(callID: call.id, searchID: team.search, leadID: team.lead.id, userID: team.user.id)
            let browser = try await TeamsAndModerationTests.login(client, team.user.email)
            let page = try await browser.get("/applications/\(draft.id)")
            #expect(page.text.contains("<section class=\"danger\">"))
            #expect(page.text.contains("name=\"confirm\" value=\"yes\" required"))
            let unconfirmed = try await browser.post("/applications/\(draft.id)/withdraw", [])
            #expect(unconfirmed.status == .unprocessableContent)
            #expect(unconfirmed.text.contains("must be ticked to withdraw"))
            #expect(try await platform.calls.application(id: draft.id)?.status == .draft)
            try await browser.get("/applications/\(draft.id)")
            let confirmed = try await browser.post("/applications/\(draft.id)/withdraw", [("confirm", "yes")])
            #expect(confirmed.status == .seeOther)
            #expect(try await platform.calls.application(id: draft.id)?.status == .withdrawn)
        }
    }
}

/// A call's rules and a consortium's eligibility in the page's language; the API keeps English.
@Suite struct EligibilityLanguageTests {
    @Test func aFrenchPageSaysTheRulesAndTheFailedOnesInFrench() async throws {
        try await withApp(demo: false) { client, platform in
            let team = try await CallsTests.consortium(platform, "Epsilon", partners: [])
            let call = try await CallsTests.call(platform, closesIn: 86_400, rules: [.minMembers(2), .minCountries(2)])
            let draft = try await platform.calls.createDraft(callID: call.id, searchID: team.search, leadID: team.lead.id, userID: team.user.id)
            let browser = try await TeamsAndModerationTests.login(client, team.user.email)
            browser.cookies["lang"] = "fr"
            let callPage = try await browser.get("/calls/\(call.id)")
            #expect(callPage.text.contains("Au moins 2 membres"))
            #expect(callPage.text.contains("Des membres d’au moins 2 pays différents"))
            let page = try await browser.get("/applications/\(draft.id)")
            #expect(page.text.contains("Seulement 1 membre ; il en faut au moins 2."))
            #expect(page.text.contains("Les membres viennent de 1 pays (France) ; il en faut au moins 2."))
            // Submitting is refused, and the refusal names the failed rules in French too.
            let refused = try await browser.post(
                "/applications/\(draft.id)",
                [
                    ("version", "1"), ("action", "submit"), ("answers.summary", String(repeating: "A real summary. ", count: 5)),
                    ("answers.thematic_area", "Energy transition"), ("answers.s3_alignment", "yes"),
                ])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("Seulement 1 membre ; il en faut au moins 2."))
            #expect(!refused.text.contains("Only 1 member"))
            // The API answers in English whatever the cookie says.
            let api = try await client.get(
                "/api/v1/calls/\(call.id)/eligibility?search=\(team.search)",
                headers: [.authorization: "Bearer \(team.token)", .acceptLanguage: "fr", .cookie: "lang=fr"])
            #expect(api.text.contains("Only 1 member; at least 2 are required."))
        }
    }
}

/// An error page says the refusal in its language; the API's error stays English.
@Suite struct ErrorPageLanguageTests {
    @Test func aRefusalIsShownInThePagesLanguageAndTheAPIKeepsEnglish() async throws {
        try await withApp(demo: false) { client, platform in
            let team = try await CallsTests.consortium(platform, "Zeta", partners: [])
            let browser = try await TeamsAndModerationTests.login(client, team.user.email)
            browser.cookies["lang"] = "fr"
            let missing = try await browser.get("/applications/999")
            #expect(missing.status == .notFound)
            #expect(missing.text.contains("manifestation d’intérêt 999 introuvable"))
            browser.cookies["lang"] = "en"
            #expect(try await browser.get("/applications/999").text.contains("expression of interest 999 not found"))
            let api = try await client.get("/api/v1/applications/999", headers: [.authorization: "Bearer \(team.token)", .cookie: "lang=fr"])
            #expect(try api.json["error"] as? String == "expression of interest 999 not found")
        }
    }
}

/// Logging in on a new device brings the account's language with it, unless the browser chose one.
@Suite struct LoginLanguageTests {
    @Test func aFrenchAccountLogsInOnANewBrowserAndReadsFrench() async throws {
        try await withApp(demo: false) { client, platform in
            try await TeamsAndModerationTests.account(platform, "camille@clusters.example.fr")
            let user = try #require(try await platform.users.find(email: "camille@clusters.example.fr"))
            try await platform.users.setLanguage(userID: user.id, language: "fr")
            let browser = try await TeamsAndModerationTests.login(client, user.email)
            #expect(browser.cookies["lang"] == "fr")
            #expect(try await browser.get("/").text.contains("<html lang=\"fr\""))
            // A browser that chose English with the switcher keeps it.
            let chosen = Browser(client)
            chosen.cookies["lang"] = "en"
            try await chosen.get("/login")
            try await chosen.post("/login", [("email", user.email), ("password", TeamsAndModerationTests.password)])
            #expect(chosen.cookies["lang"] == "en")
            #expect(try await chosen.get("/").text.contains("<html lang=\"en\""))
        }
    }
}

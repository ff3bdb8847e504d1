import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabStorage
import Foundation
import Testing

/// The journeys of a visitor, a newcomer, a moderator and a drone cluster's team, driven in headless Chromium
/// through W3C WebDriver against the built executable (`serve --demo`). Every journey also fails when a page
/// logged an error in the browser console.
@Suite(.serialized, .enabled(if: BrowserEnvironment.shouldRun, BrowserEnvironment.skipMessage), .browserJourneys)
struct BrowserJourneyTests {
    let fixture: BrowserJourneyFixture
    var base: String { fixture.base }

    init() throws { fixture = try BrowserJourneyFixture.shared }

    // MARK: Visitors

    @Test func visitorFindsOrganisationsWithTypeAheadAndNarrowsThemWithFacets() async throws {
        try await fixture.withBrowser { browser in
            // given a visitor on the directory
            try await browser.go("\(base)/organisations")
            // when they type the start of a word, then the type-ahead offers organisations named after it
            let box = try await browser.find("#q")
            try await box.type("dron")
            let offered = try await browser.wait {
                try await browser.strings("Array.from(document.querySelectorAll('#suggestions option')).map(o => o.value)").contains { $0.contains("Drone") }
            }
            #expect(offered, "the type-ahead offers no organisation named after drones")
            // when they finish the word and press Enter, then the results are about drones
            try await browser.markPage()
            try await box.type("e" + Key.enter)
            try await browser.waitForNextPage()
            #expect(try await browser.url.contains("q=drone"))
            let all = try await total(browser)
            #expect(all > 1)
            #expect(try await browser.text.contains("Drone"))
            // when they open the Country facet and choose its first country
            let country = try await browser.element(
                """
                return Array.from(document.querySelectorAll('aside.facets details > summary')).find(s => s.innerText.trim() === 'Country')
                """)
            if try await browser.execute("return arguments[0].parentElement.open", country.reference) as? Bool != true { try await country.click() }
            let link = try await browser.element("return arguments[0].parentElement.querySelector('li a')", country.reference)
            let countryName = try await link.text
            try await link.clickAndLoad()
            // then the results are those of that country, and the filter shows as a chip that removes it
            #expect(try await browser.url.contains("country="))
            let narrowed = try await total(browser)
            #expect(narrowed >= 1 && narrowed < all)
            let places = try await browser.strings("Array.from(document.querySelectorAll('.cards .card .meta:first-of-type')).map(m => m.innerText)")
            #expect(!places.isEmpty && places.allSatisfy { $0.contains(countryName) }, "results outside \(countryName): \(places)")
            let chip = try await browser.find(".active a.chip")
            #expect(try await chip.text.contains(countryName))
            try await chip.clickAndLoad()
            #expect(try await !browser.url.contains("country="))
            #expect(try await total(browser) == all)
        }
    }

    @Test func visitorSeesLogInAndRegisterInTheHeader() async throws {
        try await fixture.withBrowser { browser in
            for path in ["/", "/organisations", "/partner-searches", "/calls", "/organisations/pole-drones-ile-de-france"] {
                try await browser.go(base + path)
                let header = try await browser.find("header").text
                #expect(header.contains("Log in") && header.contains("Register"), "\(path): the header offers no Log in and Register: \(header)")
                #expect(!header.contains("Log out"), "\(path): a visitor is offered Log out")
            }
        }
    }

    // MARK: Newcomers and the platform team

    @Test func newcomerRegistersConfirmsAndSubmitsAProfileThatAModeratorPublishes() async throws {
        let email = "nora.\(UUID().uuidString.prefix(8).lowercased())@example.org"
        let name = "Nora Newcomer"
        let organisation = "Seine Valley Inspection Drones \(UUID().uuidString.prefix(4))"
        try await fixture.withBrowser { browser in
            // given a newcomer on the home page, when they register from the header
            try await browser.go("\(base)/")
            try await browser.follow("Register", orGo: "/register")
            try await browser.find("#name").type(name)
            try await browser.find("#email").type(email)
            try await browser.find("#password").type("a long enough password")
            try await browser.find("input[name=terms]").click()
            try await browser.find("main form[action='/register'] button[type=submit]").clickAndLoad()
            // then they are signed in, and the header says so
            #expect(try await browser.find("header").text.contains(name), "the header does not name the person signed in")
            // when they open the confirmation link of the e-mail they were sent
            let mail = try #require(try await fixture.latestMail(to: email), "no e-mail to \(email) in the outbox")
            let link = try #require(
                mail.bodyText.split(whereSeparator: \.isWhitespace).first { $0.contains("/verify-email/") }, "no confirmation link in: \(mail.bodyText)")
            try await browser.go(String(link))
            #expect(try await browser.text.contains("E-mail address confirmed"))
            // when they create a profile for their organisation and submit it for review
            try await browser.go("\(base)/my/organisations")
            try await browser.follow("Create an organisation profile", orGo: "/organisations/new")
            try await browser.find("#country").select("France")
            try await browser.find("main form button[type=submit]").clickAndLoad()
            try await browser.find("#name").type(organisation)
            try await browser.find("#type").select("Cluster organisation")
            try await browser.find("#city").type("Rouen")
            try await browser.find("#website").type("https://seine-drones.example.org")
            try await browser.find("#description").type(
                "A cluster of drone makers and inspection companies of the Seine valley, testing inspection of bridges and power lines.")
            try await browser.find("#members_total").type("42")
            try await browser.button("Save as draft").clickAndLoad()
            #expect(try await browser.path.hasPrefix("/my/organisations/"))
            #expect(try await browser.text.contains("Status: Draft"))
            try await browser.button("Submit for review").clickAndLoad()
            // then the profile waits for review
            #expect(try await browser.text.contains("Status: Needs review"))
        }
        try await fixture.withBrowser { browser in
            // given a moderator, when they log in
            try await login(browser, "moderator")
            // then they were told that a profile waits for them
            try await browser.go("\(base)/notifications")
            #expect(try await browser.text.contains(organisation), "the moderator got no notification that \(organisation) waits for review")
            // when they go to the moderation queue from the header
            try await browser.go("\(base)/")
            try await browser.follow("Administration", orGo: "/admin/moderation")
            if try await browser.path != "/admin/moderation" {
                try await browser.find("main a[href='/admin/moderation']").clickAndLoad()
            }
            #expect(try await browser.path == "/admin/moderation")
            // and publish the profile
            let publish = try await browser.element(
                """
                return Array.from(document.querySelectorAll('section.card')).find(s => s.querySelector('h2').innerText.includes(arguments[0])).querySelector('button[value=publish]')
                """, organisation)
            try await publish.clickAndLoad()
            // then the profile has left the queue, the page confirms what was published (outside the queue),
            // and the directory shows it to everyone
            let queued = try await browser.strings("Array.from(document.querySelectorAll('section.card h2')).map(h => h.innerText)")
            #expect(!queued.contains { $0.contains(organisation) }, "\(organisation) still waits in the queue")
            let outsideQueue =
                try await browser.execute(
                    """
                    const main = (document.querySelector('main') || document.body).cloneNode(true);
                    main.querySelectorAll('section.card').forEach(card => card.remove());
                    return main.innerText
                    """) as? String ?? ""
            #expect(outsideQueue.contains(organisation), "publishing shows no confirmation naming \(organisation): \(outsideQueue.prefix(300))")
        }
        try await fixture.withBrowser { browser in
            try await browser.go("\(base)/organisations?q=\(organisation.replacingOccurrences(of: " ", with: "+"))")
            try await browser.find(".cards .card a").clickAndLoad()
            #expect(try await browser.find("h1").text.contains(organisation))
            #expect(try await browser.findAll("script[type='application/ld+json']").count == 1)
        }
    }

    @Test func frenchBrowserGetsFrenchPagesAndMailThenSwitchesToEnglish() async throws {
        let email = "fanny.\(UUID().uuidString.prefix(8).lowercased())@example.org"
        // A browser of its own, whose language is French (and no language cookie yet).
        try await fixture.withBrowser(language: "fr") { browser in
            // given a French browser, when it opens the home page
            try await browser.go("\(base)/")
            let languages = try await browser.strings("navigator.languages")
            #expect(languages.first?.hasPrefix("fr") == true, "the browser's languages are \(languages)")
            // then the page is in French
            #expect(try await browser.execute("return document.documentElement.lang") as? String == "fr")
            #expect(try await browser.find("h1").text == "Trouvez les clusters avec qui construire votre prochain projet")
            // when they register from the header's French link
            try await browser.follow("S'inscrire", orGo: "/register")
            #expect(try await browser.execute("return document.documentElement.lang") as? String == "fr")
            try await browser.find("#name").type("Fanny Francophone")
            try await browser.find("#email").type(email)
            try await browser.find("#password").type("un mot de passe assez long")
            try await browser.find("input[name=terms]").click()
            try await browser.find("main form[action='/register'] button[type=submit]").clickAndLoad()
            #expect(try await browser.find("header").text.contains("Fanny Francophone"), "the header does not name the person signed in")
            // then the confirmation e-mail is in French
            let mail = try #require(try await fixture.latestMail(to: email), "no e-mail to \(email) in the outbox")
            #expect(mail.subject == "Confirmez votre adresse électronique pour ClusterCollab", "subject: \(mail.subject)")
            #expect(mail.bodyText.contains("Bonjour Fanny Francophone") && mail.bodyText.contains("veuillez confirmer"), "\(mail.bodyText)")
            // when they open its link, then their address is confirmed, in French
            let link = try #require(
                mail.bodyText.split(whereSeparator: \.isWhitespace).first { $0.contains("/verify-email/") }, "no confirmation link in: \(mail.bodyText)")
            try await browser.go(String(link))
            #expect(try await browser.text.contains("Adresse e-mail confirmée"))
            // when they choose English with the header's language switcher
            try await browser.go("\(base)/")
            try await browser.find("header nav.languages a[hreflang='en']").clickAndLoad()
            // then the page is in English, and stays so on the next page
            #expect(try await browser.path == "/")
            #expect(try await browser.execute("return document.documentElement.lang") as? String == "en")
            #expect(try await browser.find("h1").text == "Find the clusters to build your next project with")
            try await browser.go("\(base)/calls")
            #expect(try await browser.execute("return document.documentElement.lang") as? String == "en")
            #expect(try await browser.find("header").text.contains("Log out"))
        }
    }

    // MARK: A drone cluster's team

    @Test func teamPostsAPartnerSearchWithCompetencesOnSeveralLinesAndEditsIt() async throws {
        try await fixture.withBrowser { browser in
            // given the drone cluster's administrator on the partner searches
            try await login(browser, "manager")
            try await browser.go("\(base)/partner-searches")
            try await browser.follow("Post a partner search", orGo: "/partner-searches/new")
            // when they post a search with three competences, one per line (the browser sends "\r\n")
            try await browser.find("#title").type("Drone inspection of bridges and power lines")
            try await browser.find("#description").type("Pilots of drone inspection for bridges and power lines, with partners who bring sensors and data.")
            try await browser.find("#competences").type("keyword:drone" + Key.enter + "technology:KET2018-5" + Key.enter + "keyword:inspection")
            try await browser.button("Post the partner search").clickAndLoad()
            // then the search is posted with the three competences
            let path = try await browser.path
            let posted = try await browser.summary
            #expect(path.wholeMatch(of: /\/partner-searches\/\d+/) != nil, "the search was not posted: \(posted)")
            let competences = try await browser.strings("Array.from(document.querySelectorAll('.facts .tag')).map(t => t.innerText)")
            #expect(competences.count == 3, "competences shown: \(competences)")
            // when they edit it and save it unchanged, then it keeps its three competences
            try await browser.follow("Edit", orGo: path + "/edit")
            #expect(try await browser.find("#competences").property("value")?.split(separator: "\n").count == 3)
            try await browser.button("Save").clickAndLoad()
            let saved = try await browser.summary
            #expect(try await browser.path == path, "the edited search was not saved: \(saved)")
            #expect(try await browser.strings("Array.from(document.querySelectorAll('.facts .tag')).map(t => t.innerText)") == competences)
        }
    }

    @Test func teamInvitesARecommendedPartnerAndBuildsAConsortium() async throws {
        try await fixture.withBrowser { browser in
            // given the drone cluster's administrator with a new partner search
            try await login(browser, "manager")
            try await browser.go("\(base)/partner-searches/new")
            try await browser.find("#title").type("Drones for precision farming")
            try await browser.find("#description").type("Drone services for precision farming: crop monitoring and spraying trials in three countries.")
            try await browser.find("#competences").type("keyword:drone")
            try await browser.button("Post the partner search").clickAndLoad()
            let path = try await browser.path
            let posted = try await browser.summary
            #expect(path.wholeMatch(of: /\/partner-searches\/\d+/) != nil, "the search was not posted: \(posted)")
            // when they invite the first recommended partner
            let first = try await browser.find("ol.recommendations > li")
            let invited = try await browser.execute("return arguments[0].querySelector('a strong').innerText", first.reference) as? String ?? ""
            #expect(!invited.isEmpty)
            #expect(
                try await browser.execute("return arguments[0].querySelectorAll('ul.reasons > li').length", first.reference) as? Int ?? 0 > 0,
                "the recommendation does not say why")
            try await browser.element("return document.querySelector('ol.recommendations > li button')").clickAndLoad()
            // then the recommendation says it was invited
            let marked = try await browser.strings(
                "Array.from(document.querySelectorAll('ol.recommendations > li')).filter(li => li.innerText.includes('Invited to express interest')).map(li => li.querySelector('a strong').innerText)"
            )
            #expect(marked.contains(invited), "\(invited) is not marked as invited: \(marked)")
            // when they ask the consortium builder for proposals
            try await browser.find("#objective").select("Fewest members")
            try await browser.button("Propose consortia").clickAndLoad()
            // then it proposes complete consortia led by their organisation
            let proposals = try await browser.findAll("section.proposal")
            let builder = try await browser.summary
            #expect(!proposals.isEmpty, "no proposal: \(builder)")
            if let proposal = proposals.first {
                let text = try await proposal.text
                #expect(text.hasPrefix("Best match:"), "\(text)")
                #expect(text.contains("Pôle Drones Île-de-France"))
                #expect(try await browser.execute("return arguments[0].querySelectorAll('ul > li').length", proposal.reference) as? Int ?? 0 >= 3)
            }
        }
    }

    @Test func leadTeamChecksItsConsortiaThenSubmitsAnExpressionOfInterestReadsTheReceiptAndWithdrawsIt() async throws {
        let solo = "Drone solo trials \(UUID().uuidString.prefix(4))"
        try await fixture.withBrowser { browser in
            // given the lead team of the demo's drone consortium, which also posts a search with no partner yet
            try await login(browser, "manager")
            try await browser.go("\(base)/partner-searches/new")
            try await browser.find("#title").type(solo)
            try await browser.find("#description").type("Drone trials the cluster runs on its own for now, before partners join the search.")
            try await browser.find("#competences").type("keyword:drone")
            try await browser.button("Post the partner search").clickAndLoad()
            let posted = try await browser.summary
            #expect(try await browser.path.wholeMatch(of: /\/partner-searches\/\d+/) != nil, "the search was not posted: \(posted)")
            // when they open the open call
            try await browser.go("\(base)/calls")
            try await browser.find("ul.cards a[href^='/calls/']").clickAndLoad()
            // then the eligible drone consortium is preselected and its rules show, all met
            let select = try await browser.find("#search_id")
            let chosen = try await browser.execute("return arguments[0].selectedOptions[0].text", select.reference) as? String ?? ""
            #expect(chosen.contains("Smart specialisation partnership on drones") && chosen.contains("meets every rule"), "preselected: \(chosen)")
            var shown = try await visiblePanels(browser)
            let value = try await select.property("value")
            #expect(shown.count == 1 && shown.first?.search == value, "panels shown: \(shown)")
            #expect(shown.first.map { $0.met > 0 && $0.unmet == 0 } == true, "the eligible consortium's rules: \(shown)")
            // and the links for browsers without scripts are hidden: the select does it
            #expect(try await browser.execute("return document.querySelector('.eligibility-links').offsetParent === null") as? Bool == true)
            // when they choose the consortium of one, then its unmet rules show, without the page reloading
            try await browser.markPage()
            try await select.select(solo)
            let switched = try await browser.wait { try await visiblePanels(browser).first?.unmet ?? 0 > 0 }
            shown = try await visiblePanels(browser)
            #expect(switched && shown.count == 1, "no panel of unmet rules after choosing \(solo): \(shown)")
            #expect(try await browser.find("[data-search]:not([hidden]) h3").text.contains(solo))
            #expect(try await browser.execute("return window.__journeyPage === true") as? Bool == true, "the page reloaded")
            // when they choose the drone consortium again and start an expression of interest for it
            try await select.select("Smart specialisation partnership on drones")
            #expect(try await visiblePanels(browser).first?.unmet == 0)
            try await browser.button("Start an expression of interest").clickAndLoad()
            let started = try await browser.summary
            #expect(try await browser.path.hasPrefix("/applications/"), "no expression of interest was started: \(started)")
            #expect(try await browser.text.contains("Status: Draft"))
            // then the page names the consortium: its partner search, its lead and its members
            let consortium = try await browser.find("section.consortium")
            let named = try await consortium.text
            #expect(named.contains("Smart specialisation partnership on drones") && named.contains("led by Pôle Drones Île-de-France"), "\(named)")
            #expect(named.contains("Pôle Drones Île-de-France · Lead") && named.contains("· Partner"), "\(named)")
            let searchLink = try await browser.find("section.consortium a[href^='/partner-searches/']").attribute("href") ?? ""
            #expect(searchLink.wholeMatch(of: /\/partner-searches\/\d+/) != nil)
            #expect(try await browser.text.contains("checked each time this page loads, against the consortium as it is now"))
            // and save a draft with a summary
            let summary = "Drone services for industrial inspection across three regions."
            try await browser.find("#f-summary").type(summary)
            try await browser.button("Save the draft").clickAndLoad()
            // then the draft keeps it, as a new version
            #expect(try await browser.find("#f-summary").property("value") == summary)
            #expect(try await browser.text.contains("version 2"))
            // when they answer the rest and submit
            try await browser.find("#f-thematic_area").select("Industrial modernisation")
            try await browser.find("#f-s3_alignment").select("yes")
            try await browser.button("Submit").clickAndLoad()
            // then they read the receipt: a reference, the instant and the content's digest
            let receipt = try await browser.find(".notice").text
            #expect(receipt.contains("Receipt:") && receipt.contains("submitted"))
            #expect(receipt.firstMatch(of: /[0-9a-f]{64}/) != nil, "no SHA-256 digest in: \(receipt)")
            #expect(try await browser.text.contains("Status: Submitted"))
            // when they press Withdraw without ticking the confirmation, then the browser does not send the form
            let withdraw = try await browser.find("section.danger button[type=submit]")
            #expect(try await withdraw.text == "Withdraw")
            try await browser.markPage()
            try await withdraw.click()
            try await Task.sleep(for: .seconds(1))
            #expect(try await browser.execute("return window.__journeyPage === true") as? Bool == true, "the form was sent unticked")
            #expect(
                try await browser.execute("return document.querySelector('section.danger input[name=confirm]').validity.valueMissing") as? Bool == true)
            #expect(try await browser.text.contains("Status: Submitted"))
            // when they tick it and press Withdraw, then the expression of interest is withdrawn
            try await browser.find("section.danger input[name=confirm]").click()
            try await withdraw.clickAndLoad()
            let after = try await browser.summary
            #expect(try await browser.text.contains("Status: Withdrawn"), "not withdrawn: \(after)")
            #expect(try await browser.findAll("section.danger").isEmpty, "Withdraw is still offered")
        }
    }

    /// The call page's eligibility panels shown now: each one's consortium and how many rules it meets and not.
    func visiblePanels(_ browser: BrowserSession) async throws -> [(search: String, met: Int, unmet: Int)] {
        let rows =
            try await browser.execute(
                """
                return Array.from(document.querySelectorAll('[data-search]')).filter(p => p.offsetParent !== null)
                  .map(p => [p.dataset.search, p.querySelectorAll('li.met').length, p.querySelectorAll('li.unmet').length])
                """) as? [[Any]] ?? []
        return rows.map { ("\($0[0])", $0[1] as? Int ?? -1, $0[2] as? Int ?? -1) }
    }

    @Test func signedInPersonLogsOutFromTheHeader() async throws {
        try await fixture.withBrowser { browser in
            // given a signed-in person
            try await login(browser, "user")
            try await browser.go("\(base)/organisations")
            // then the header names them and offers Log out
            let header = try await browser.find("header").text
            #expect(header.contains("Robin User"), "the header does not name the person signed in: \(header)")
            // when they press the header's Log out
            let logOut = try await browser.findAll("header form[action='/logout'] button")
            #expect(logOut.count == 1, "the header has no Log out button")
            try await #require(logOut.first).clickAndLoad()
            // then they are a visitor again
            let after = try await browser.find("header").text
            #expect(after.contains("Log in") && !after.contains("Robin User"), "after logging out the header reads: \(after)")
            try await browser.go("\(base)/account")
            #expect(try await browser.path == "/login", "the account page still opens after logging out")
        }
    }

    @Test func moderatorRequestsChangesOnlyWithAMessage() async throws {
        try await fixture.withBrowser(refusals: [422]) { browser in
            // given a moderator on the moderation queue, at the last profile waiting
            try await login(browser, "moderator")
            try await browser.go("\(base)/admin/moderation")
            let names = try await browser.strings("Array.from(document.querySelectorAll('section.card h2 a')).map(a => a.innerText)")
            let name = try #require(names.last, "the demo's queue is empty")
            func card(_ css: String) async throws -> Element {
                try await browser.element(
                    """
                    const card = Array.from(document.querySelectorAll('section.card')).find(s => s.querySelector('h2 a').innerText === arguments[0]);
                    return card ? card.querySelector(arguments[1]) : null
                    """, name, css)
            }
            // when they press Request changes without a message
            try await card("button[value=request-changes]").clickAndLoad()
            // then the profile still waits in the queue, and its card says the message is required
            let stillQueued = try await browser.strings("Array.from(document.querySelectorAll('section.card h2 a')).map(a => a.innerText)")
            #expect(stillQueued.contains(name), "\(name) left the queue without a message")
            let error = try await card("p.errors").text
            #expect(error.lowercased().contains("message"), "the card's error does not name the message: \(error)")
            // when they write a message over two lines (the browser sends CR LF) and press it again
            try await card("textarea[name=message]").type("Please add your members by kind.\nAnd a website.")
            try await card("button[value=request-changes]").clickAndLoad()
            // then the profile has left the queue
            let queued = try await browser.strings("Array.from(document.querySelectorAll('section.card h2 a')).map(a => a.innerText)")
            #expect(!queued.contains(name), "\(name) still waits after changes were requested")
        }
    }

    @Test func teamMemberMarksAllNotificationsAsRead() async throws {
        try await fixture.withBrowser { browser in
            // given the drone cluster's manager, whose team was told of the demo's interest in its search
            try await login(browser, "manager")
            try await browser.go("\(base)/notifications")
            let buttons = try await browser.findAll("form[action='/notifications/read'] button")
            let before = try await browser.summary
            #expect(buttons.count == 1, "no Mark all as read button on: \(before)")
            // when they press Mark all as read
            try await #require(buttons.first).clickAndLoad()
            // then they are back on their notifications, with nothing left unread
            let path = try await browser.path
            let after = try await browser.summary
            #expect(path == "/notifications", "the form led to \(path)")
            #expect(try await browser.findAll("form[action='/notifications/read'] button").isEmpty, "still unread: \(after)")
            #expect(try await browser.findAll("main li").count > 0, "the notifications themselves stay listed")
        }
    }

    @Test func personLogsOutEverywhereFromTheAccountPage() async throws {
        try await fixture.withBrowser { browser in
            // given a signed-in person on their account page
            try await login(browser, "user")
            try await browser.go("\(base)/account")
            // when they press Log out everywhere
            try await browser.button("Log out everywhere").clickAndLoad()
            // then this browser is signed out too, and the account page asks them to log in
            let header = try await browser.find("header").text
            #expect(header.contains("Log in") && !header.contains("Robin User"), "after logging out everywhere the header reads: \(header)")
            try await browser.go("\(base)/account")
            #expect(try await browser.path == "/login", "the account page still opens after logging out everywhere")
        }
    }

    @Test func personChangesAddressAndPasswordThenResetsItFromTheEmailedLinks() async throws {
        let first = "pia.\(UUID().uuidString.prefix(8).lowercased())@example.org"
        let second = "pia.new.\(UUID().uuidString.prefix(8).lowercased())@example.org"
        // A reset ends every session, this browser's too: the page's bell then asks with an ended session (401).
        try await fixture.withBrowser(refusals: [401]) { browser in
            // given a person who registered in the browser
            try await browser.go("\(base)/register")
            try await browser.find("#name").type("Pia Changer")
            try await browser.find("#email").type(first)
            try await browser.find("#password").type("a long enough password")
            try await browser.find("input[name=terms]").click()
            try await browser.find("main form[action='/register'] button[type=submit]").clickAndLoad()
            // when they ask for a new address on the account page and open the link sent to it
            try await browser.go("\(base)/account")
            try await browser.find("#new_email").type(second)
            try await browser.find("#email_password").type("a long enough password")
            try await browser.button("Send a confirmation link").clickAndLoad()
            #expect(try await browser.text.contains("Check your new address"))
            let change = try #require(try await fixture.latestMail(to: second), "no e-mail to the new address")
            let link = try #require(change.bodyText.split(whereSeparator: \.isWhitespace).first { $0.contains("/confirm-email/") })
            try await browser.go(String(link))
            // then the account uses the new address
            #expect(try await browser.text.contains("Your account now uses \(second)"))
            // when they change their password on the account page
            try await browser.go("\(base)/account")
            try await browser.find("#current_password").type("a long enough password")
            try await browser.find("#new_password").type("another long password")
            try await browser.button("Change the password").clickAndLoad()
            #expect(try await browser.path == "/account", "the password change did not come back to the account page")
            // and ask for a reset link, open it and choose a third password
            try await browser.go("\(base)/password-reset")
            try await browser.find("main #email").type(second)
            try await browser.button("Send the link").clickAndLoad()
            let reset = try #require(try await fixture.latestMail(to: second), "no reset e-mail")
            let resetLink = try #require(reset.bodyText.split(whereSeparator: \.isWhitespace).first { $0.contains("/password-reset/") })
            try await browser.go(String(resetLink))
            try await browser.find("main #password").type("a third long password")
            try await browser.button("Set the password").clickAndLoad()
            // then the new password is set and logs them in
            #expect(try await browser.text.contains("Password changed"))
            try await browser.go("\(base)/login")
            try await browser.find("main #email").type(second)
            try await browser.find("main #password").type("a third long password")
            try await browser.find("main form[action='/login'] button[type=submit]").clickAndLoad()
            #expect(try await browser.path != "/login", "the reset password does not log in")
        }
    }

    // MARK: Keyboard and small screens

    @Test func keyboardOnlyPersonLogsInAndSearches() async throws {
        let user = try #require(fixture.logins["user"])
        try await fixture.withBrowser { browser in
            // given the login page, when someone uses only Tab, typing and Enter
            try await browser.go("\(base)/login")
            // (the first Tab reaches the skip link, before the header's links)
            #expect(try await browser.tab(to: ".skip-link", limit: 1), "the first Tab does not reach the skip link")
            #expect(try await browser.tab(to: "#email"), "Tab never reaches the e-mail field")
            try await browser.markPage()
            try await browser.press(user.email + Key.tab + user.password + Key.enter)
            try await browser.waitForNextPage()
            // then they are signed in
            #expect(try await browser.path != "/login")
            try await browser.go("\(base)/account")
            #expect(try await browser.path == "/account", "the keyboard login did not sign in")
            // when they Tab to the directory's search box, type and press Enter
            try await browser.go("\(base)/organisations")
            #expect(try await browser.tab(to: "#q"), "Tab never reaches the search box")
            try await browser.markPage()
            try await browser.press("drone" + Key.enter)
            try await browser.waitForNextPage()
            #expect(try await browser.url.contains("q=drone"))
            // and Tab to the first result and press Enter, then its profile opens
            let first = try await browser.find(".cards .card a").attribute("href") ?? ""
            #expect(try await browser.tab(to: ".cards .card a", limit: 300), "Tab never reaches the first result")
            try await browser.markPage()
            try await browser.press(Key.enter)
            try await browser.waitForNextPage()
            #expect(try await browser.path == first)
        }
    }

    @Test func narrowScreenNeverScrollsSidewaysAndShowsTheFirstResultOnTheFirstScreen() async throws {
        let pages = [
            "/", "/organisations?q=drone", "/organisations/pole-drones-ile-de-france", "/partner-searches", "/partner-searches/1",
            "/calls", "/partnerships", "/login", "/register",
        ]
        for person in [nil, "admin"] as [String?] {
            try await fixture.withBrowser(width: 390, height: 844) { browser in
                // given a 390 px wide phone screen, a visitor and a platform administrator (the longest header)
                if let person { try await login(browser, person) }
                #expect(try await browser.execute("return window.innerWidth") as? Int == 390, "the window is not 390 px wide")
                for path in pages + (person == nil ? [] : ["/account", "/my/organisations", "/admin/moderation"]) {
                    try await browser.go(base + path)
                    // then nothing scrolls sideways
                    let widths = try await browser.execute("return [document.documentElement.scrollWidth, window.innerWidth]") as? [Int] ?? []
                    #expect(widths.count == 2 && widths[0] <= widths[1], "\(path) as \(person ?? "visitor") scrolls sideways: scroll width \(widths)")
                }
                // and the first search result starts on the first screen
                try await browser.go("\(base)/organisations?q=drone")
                let place =
                    try await browser.execute(
                        """
                        return [Math.round(document.querySelector('.cards .card').getBoundingClientRect().top), window.innerHeight]
                        """) as? [Int] ?? []
                #expect(place.count == 2 && place[0] < place[1], "the first result starts at \(place.first ?? -1) px, below the \(place.last ?? -1) px screen")
            }
        }
    }

    @Test func onAPhoneTheDemoTeamAsksForConsortiaAndReadsExactTotals() async throws {
        try await fixture.withBrowser(width: 390, height: 844) { browser in
            // given the drone cluster's manager on a 390 px phone, on the demo partner search
            try await login(browser, "manager")
            try await browser.go("\(base)/partner-searches/1")
            // when they ask the consortium builder for the best total score
            try await browser.find("#objective").select("Best total score")
            try await browser.button("Propose consortia").clickAndLoad()
            // then proposals come, the best match first and each alternative saying how far it is from it,
            // their totals to the six decimals the API gives in each one's details, and nothing scrolls sideways
            let headings = try await browser.strings("Array.from(document.querySelectorAll('section.proposal h3')).map(h => h.innerText)")
            let page = try await browser.summary
            #expect(!headings.isEmpty, "no proposal: \(page)")
            #expect(headings.first?.hasPrefix("Best match:") == true, "\(headings)")
            #expect(headings.dropFirst().allSatisfy { $0.hasPrefix("Alternative ") && $0.contains("below the best match") }, "\(headings)")
            let totals = try await browser.strings(
                "Array.from(document.querySelectorAll('section.proposal details p')).map(p => p.textContent)")
            #expect(totals.count == headings.count && totals.allSatisfy { $0.firstMatch(of: /Total score \d\.\d{6}/) != nil }, "totals: \(totals)")
            let widths = try await browser.execute("return [document.documentElement.scrollWidth, window.innerWidth]") as? [Int] ?? []
            #expect(widths.count == 2 && widths[0] <= widths[1], "the proposals scroll sideways: \(widths)")
        }
    }

    @Test func teamUploadsALogoThroughTheEditPageAndItWaitsForReview() async throws {
        // given an image on the team member's disk
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("journey-logo-\(UUID().uuidString).png")
        try Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")!.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        try await fixture.withBrowser { browser in
            try await login(browser, "manager")
            try await browser.go("\(base)/my/organisations")
            let edit = try await browser.element(
                """
                return Array.from(document.querySelectorAll('main a')).find(a => /^\\/my\\/organisations\\/\\d+$/.test(a.getAttribute('href')))
                """)
            try await edit.clickAndLoad()
            let page = try await browser.path
            // when they choose the file and upload it (a multipart form with the CSRF token)
            try await browser.find("#logo").type(file.path)
            try await browser.find("form[action$='/logo'] button[type=submit]").clickAndLoad()
            // then they are back on the edit page, which shows the new logo waiting for review
            #expect(try await browser.path == page)
            #expect(try await browser.findAll("img.logo[src$='?version=pending']").count == 1)
        }
    }

    @Test func onAPhoneATeamUploadsADocumentWithADescriptionOnTwoLines() async throws {
        // given a PDF on the team member's disk
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("journey-guide-\(UUID().uuidString).pdf")
        try Data(SimplePDF.make(title: "Test zone guide", paragraphs: ["How partner clusters book the flight test zone."])).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        try await fixture.withBrowser(width: 390, height: 844) { browser in
            // the drone cluster's manager on a 390 px phone, on the document library
            try await login(browser, "manager")
            try await browser.go("\(base)/documents")
            try await browser.follow("Upload a document", orGo: "/documents/new")
            // when they choose the file, give a title, tags and a description on two lines (the browser sends "\r\n")
            try await browser.find("#file").type(file.path)
            try await browser.find("#title").type("Booking the flight test zone")
            try await browser.find("#kind").select("Guide")
            try await browser.find("#tags").type("drones, test-zones")
            try await browser.find("#description").type("How partner clusters book the zone." + Key.enter + "Insurance and rules included.")
            try await browser.button("Upload the document").clickAndLoad()
            // then the document's page shows it, its two lines kept, with its download link, and nothing scrolls sideways
            let path = try await browser.path
            let page = try await browser.summary
            #expect(path.wholeMatch(of: /\/documents\/\d+/) != nil, "the document was not uploaded: \(page)")
            #expect(try await browser.find("main h1").text == "Booking the flight test zone")
            let description = try await browser.strings(
                "Array.from(document.querySelectorAll('article.document > p')).map(p => p.textContent)")
            #expect(description.contains("How partner clusters book the zone.\nInsurance and rules included."), "\(description)")
            #expect(try await browser.findAll("a[href$='/download']").count == 1)
            let widths = try await browser.execute("return [document.documentElement.scrollWidth, window.innerWidth]") as? [Int] ?? []
            #expect(widths.count == 2 && widths[0] <= widths[1], "the document page scrolls sideways: \(widths)")
        }
    }

    @Test func onAPhoneAModeratorListsAFundingOpportunityWithADescriptionOnTwoLines() async throws {
        try await fixture.withBrowser(width: 390, height: 844) { browser in
            // given a moderator on a 390 px phone, on the funding opportunities
            try await login(browser, "moderator")
            try await browser.go("\(base)/funding")
            try await browser.follow("New funding opportunity", orGo: "/funding/new")
            // when they fill in the form, keeping the zone, opening and deadline it proposes, with a
            // description of two paragraphs
            try await browser.find("#title").type("Regional drone pilots for smart specialisation")
            try await browser.find("#programme").type("Regional funds under smart specialisation")
            try await browser.find("#funding_body").type("Demo Region Île-de-France")
            try await browser.find("#link").type("https://funding.example.eu/drone-pilots")
            try await browser.find("#countries").type("FR, BE")
            try await browser.find("#description").type("Pilots of drone services for regional industry." + Key.enter + Key.enter + "Cascade grants to SMEs.")
            try await browser.button("Save").clickAndLoad()
            // then the opportunity's page shows both paragraphs, and nothing scrolls sideways
            let path = try await browser.path
            let page = try await browser.summary
            #expect(path.wholeMatch(of: /\/funding\/\d+/) != nil, "the opportunity was not listed: \(page)")
            let paragraphs = try await browser.strings("Array.from(document.querySelectorAll('.description p')).map(p => p.textContent)")
            #expect(paragraphs == ["Pilots of drone services for regional industry.", "Cascade grants to SMEs."], "\(paragraphs)")
            let widths = try await browser.execute("return [document.documentElement.scrollWidth, window.innerWidth]") as? [Int] ?? []
            #expect(widths.count == 2 && widths[0] <= widths[1], "the opportunity's page scrolls sideways: \(widths)")
        }
    }

    @Test func onAPhoneATeamSubmitsAnEventThatAModeratorPublishes() async throws {
        let title = "Drone test zone open day \(UUID().uuidString.prefix(6))"
        try await fixture.withBrowser(width: 390, height: 844) { browser in
            // given the drone cluster's manager on a 390 px phone, on the events
            try await login(browser, "manager")
            try await browser.go("\(base)/events")
            try await browser.follow("Submit an event of your organisation", orGo: "/events/new")
            // when they describe a workshop on two lines, in the zone the form proposes, and save
            try await browser.find("#title").type(title)
            try await browser.find("#kind").select("Workshop")
            try await browser.find("#description").type("Fly your drones in the test zone." + Key.enter + "Bring your own batteries.")
            _ = try await browser.execute(
                "document.querySelector('#starts_at').value = arguments[0]; document.querySelector('#ends_at').value = arguments[1]",
                "2027-04-20T09:30", "2027-04-20T16:00")
            try await browser.find("#venue").type("Flight test zone, Brétigny-sur-Orge")
            try await browser.find("#tags").type("drones, test-zones")
            try await browser.button("Save").clickAndLoad()
            // then it waits for review among the team's news and events
            let page = try await browser.summary
            #expect(try await browser.path == "/my/content", "the event was not sent: \(page)")
            #expect(page.contains(title) && page.contains("Needs review"), "\(page)")
            let widths = try await browser.execute("return [document.documentElement.scrollWidth, window.innerWidth]") as? [Int] ?? []
            #expect(widths.count == 2 && widths[0] <= widths[1], "the team's list scrolls sideways: \(widths)")
        }
        try await fixture.withBrowser(width: 390, height: 844) { browser in
            // when a moderator reads it in the queue and publishes it
            try await login(browser, "moderator")
            try await browser.go("\(base)/admin/moderation")
            let publish = try await browser.element(
                "return Array.from(document.querySelectorAll('section.card')).find(s => s.textContent.includes(arguments[0])).querySelector('button[value=publish]')",
                title)
            try await publish.clickAndLoad()
            try await browser.follow("See it", orGo: "/events")
            // then the event's page shows both lines of its description, in the event's zone
            #expect(try await browser.find("main h1").text == title)
            let description = try await browser.find(".description").text
            #expect(description.contains("Fly your drones in the test zone.") && description.contains("Bring your own batteries."), "\(description)")
            #expect(!description.contains("\r"))
        }
    }

    @Test func onAPhoneAModeratorImportsFundingOpportunitiesFromCSVTypedOnSeveralLines() async throws {
        let batch = String(UUID().uuidString.prefix(6)).lowercased()
        let zone = "Europe/Brussels"
        let opens = ZonedTime.localInput(Date().addingTimeInterval(-86_400), zone: zone)
        let closes = String(ZonedTime.localInput(Date().addingTimeInterval(50 * 86_400), zone: zone).prefix(10)) + "T17:00"
        let titles = ["Drone corridors \(batch): regional pilots", "Drone corridors \(batch): cross-border test zones"]
        try await fixture.withBrowser(width: 390, height: 844) { browser in
            // given a moderator on a 390 px phone, on the funding opportunities
            try await login(browser, "moderator")
            try await browser.go("\(base)/funding")
            try await browser.follow("Import from CSV", orGo: "/funding/import")
            // when they type a header and two rows into the import's text area, one line each (the browser sends "\r\n")
            let lines =
                ["title,programme,funding_body,link,opens_at,deadline,time_zone,countries"]
                + titles.enumerated().map { i, title in
                    "\(title),Interreg,Interreg North-West Europe,https://funding.example.eu/corridors-\(batch)-\(i),\(opens),\(closes),\(zone),FR;BE"
                }
            try await browser.find("#csv").type(lines.joined(separator: Key.enter))
            try await browser.button("Import").clickAndLoad()
            // then the page says both were imported and links each
            let page = try await browser.summary
            let notice = try await browser.findAll(".notice").isEmpty ? "" : try await browser.find(".notice").text
            #expect(notice.contains("Imported 2 funding opportunities."), "\(page)")
            let links = try await browser.strings("Array.from(document.querySelectorAll('.notice li a')).map(a => a.textContent)")
            #expect(links == titles, "\(links)")
            // and the list, searched for them, shows both, open, with their countries
            try await browser.go("\(base)/funding?q=\(batch)")
            let listed = try await browser.strings("Array.from(document.querySelectorAll('.cards li.card h2')).map(h => h.textContent)")
            #expect(Set(listed) == Set(titles), "\(listed)")
            let cards = try await browser.find(".cards").text
            #expect(cards.contains("Open") && cards.contains("France, Belgium"), "\(cards)")
            let widths = try await browser.execute("return [document.documentElement.scrollWidth, window.innerWidth]") as? [Int] ?? []
            #expect(widths.count == 2 && widths[0] <= widths[1], "the list scrolls sideways: \(widths)")
        }
    }

    @Test func onAPhoneAModeratorCorrectsAClosedFundingOpportunityThroughItsEditForm() async throws {
        let title = "Cluster excellence: green and digital transition of industrial ecosystems"
        var href = ""
        try await fixture.withBrowser(width: 390, height: 844) { browser in
            // given a moderator on a 390 px phone, on the demo's closed opportunity
            try await login(browser, "moderator")
            try await browser.go("\(base)/funding?status=closed")
            try await browser.follow(title, orGo: "/funding")
            href = try await browser.path
            // when they follow "Edit", correct the title and rewrite the description on two lines, leaving the
            // past deadline as it is
            try await browser.follow("Edit", orGo: "\(href)/edit")
            #expect(try await browser.path == "\(href)/edit")
            #expect(try await browser.find("#title").property("value") == title, "the form is filled in")
            try await browser.find("#title").type(" (2026 call)")
            _ = try await browser.execute("document.querySelector('#description').value = ''")
            try await browser.find("#description").type("Closed: see the next call." + Key.enter + Key.enter + "Results are published in June.")
            try await browser.button("Save").clickAndLoad()
            // then the opportunity's page shows the new title and both paragraphs, still closed
            let page = try await browser.summary
            #expect(try await browser.path == href, "the edit was not saved: \(page)")
            #expect(try await browser.find("main h1").text == title + " (2026 call)")
            let paragraphs = try await browser.strings("Array.from(document.querySelectorAll('.description p')).map(p => p.textContent)")
            #expect(paragraphs == ["Closed: see the next call.", "Results are published in June."], "\(paragraphs)")
            #expect(page.contains("Closed"))
            let widths = try await browser.execute("return [document.documentElement.scrollWidth, window.innerWidth]") as? [Int] ?? []
            #expect(widths.count == 2 && widths[0] <= widths[1], "the opportunity's page scrolls sideways: \(widths)")
        }
        try await fixture.withBrowser(width: 390, height: 844) { browser in
            // and a visitor reads the corrected page with no edit link on it
            try await browser.go("\(base)\(href)")
            #expect(try await browser.find("main h1").text == title + " (2026 call)")
            #expect(try await browser.findAll("a[href$='/edit']").isEmpty)
        }
    }

    @Test func onAPhoneTheLeadTeamRecordsItsCooperationAgreementWithANoteOnTwoLines() async throws {
        // given a labelled partnership whose lead is the demo drone cluster (the demo labels other clusters'
        // consortia, so one is added to the server's database)
        let partnership = try await Self.droneClusterPartnership(in: fixture)
        try await fixture.withBrowser(width: 390, height: 844) { browser in
            // the drone cluster's manager on a 390 px phone, on the partnership's page
            try await login(browser, "manager")
            try await browser.go("\(base)/partnerships/\(partnership)")
            // when they record the agreement with a note on two lines (the browser sends "\r\n")
            try await browser.find("#agreement_title").type("Memorandum on shared drone test zones")
            _ = try await browser.execute("document.querySelector('#agreement_date').value = arguments[0]", "2026-11-20")
            try await browser.find("#agreement_note").type("Signed by the three clusters in Lyon." + Key.enter + "Test zones open to every member.")
            try await browser.button("Save the agreement").clickAndLoad()
            // then the partnership's page shows the agreement, its note on two lines
            let page = try await browser.summary
            #expect(try await browser.path == "/partnerships/\(partnership)", "the agreement was not saved: \(page)")
            let shown = try await browser.text
            #expect(shown.contains("Cooperation agreement") && shown.contains("Memorandum on shared drone test zones, signed 2026-11-20."), "\(shown)")
            let note = try await browser.find(".agreement-note").text
            #expect(note == "Signed by the three clusters in Lyon.\nTest zones open to every member.", "\(note)")
            #expect(try await browser.find("#agreement_note").property("value") == "Signed by the three clusters in Lyon.\nTest zones open to every member.")
            let widths = try await browser.execute("return [document.documentElement.scrollWidth, window.innerWidth]") as? [Int] ?? []
            #expect(widths.count == 2 && widths[0] <= widths[1], "the partnership's page scrolls sideways: \(widths)")
        }
    }

    /// A partnership labelled from an expression of interest the drone cluster leads, written into the
    /// demo server's database as the evaluation would.
    static func droneClusterPartnership(in fixture: BrowserJourneyFixture) async throws -> Int64 {
        let database = try Database(.sqlite(path: fixture.directory.appendingPathComponent("journeys.sqlite").path))
        do {
            let id = try await database.transaction { db in
                let drone = try #require(
                    try await db.raw("SELECT id FROM organisations WHERE slug = \(bind: DemoPartnering.droneSlug)").first()
                ).decode(column: "id", as: Int64.self)
                let search = try #require(
                    try await db.raw("SELECT id FROM partner_searches WHERE owner_id = \(bind: drone) ORDER BY id LIMIT 1").first()
                ).decode(column: "id", as: Int64.self)
                let call = try #require(try await db.raw("SELECT id FROM calls ORDER BY id LIMIT 1").first()).decode(column: "id", as: Int64.self)
                let now = Int64(Date().timeIntervalSince1970 * 1000)
                let application = try #require(
                    try await db.raw(
                        """
                        INSERT INTO applications (call_id, search_id, lead_id, status, answers, members, version, scores, selected, created_at, updated_at)
                        VALUES (\(bind: call), \(bind: search), \(bind: drone), 'draft', '{}', '[]', 1, '{}', 1, \(bind: now), \(bind: now)) RETURNING id
                        """
                    ).first()
                ).decode(column: "id", as: Int64.self)
                return try #require(
                    try await db.raw(
                        """
                        INSERT INTO partnerships (call_id, application_id, name, label, thematic_area, members, created_at)
                        VALUES (\(bind: call), \(bind: application), 'Drone test zones partnership', 'ESCP-S3', 'Aerospace and defence', \(bind: "[\(drone)]"), \(bind: now))
                        RETURNING id
                        """
                    ).first()
                ).decode(column: "id", as: Int64.self)
            }
            await database.shutdown()
            return id
        } catch {
            await database.shutdown()
            throw error
        }
    }

    @Test func onAPhoneAVisitorSearchesTheWholeSiteFromTheHeaderAndNarrowsToOneKind() async throws {
        try await fixture.withBrowser(width: 390, height: 844) { browser in
            // given a visitor on a 390 px phone, on the home page, where the header's search box shows
            try await browser.go("\(base)/")
            let box = try await browser.find("header.site #site-q")
            let place = try await browser.execute("return document.querySelector('#site-q').getBoundingClientRect().right") as? Double ?? 1_000
            #expect(place <= 390, "the header's search box ends at \(place) px, past the screen")
            // when they type words into it and press Enter
            try await browser.markPage()
            try await box.type("drone" + Key.enter)
            try await browser.waitForNextPage()
            // then the search page shows how many of each kind match, the first few of each
            #expect(try await browser.path == "/search")
            let tabs = try await browser.strings("Array.from(document.querySelectorAll('nav.search-kinds a')).map(a => a.innerText.trim())")
            let page = try await browser.summary
            #expect(tabs.count == 8, "\(tabs) on \(page)")
            let searches = try #require(tabs.first { $0.hasPrefix("Partner searches") }, "no partner searches tab: \(tabs)")
            #expect(Int(searches.filter(\.isNumber)) ?? 0 > 0, "\(searches)")
            #expect(try await browser.findAll("section.search-kind").count >= 5)
            // when they follow the partner searches' tab
            try await browser.follow(searches, orGo: "/search?q=drone&kind=partner-searches")
            // then only partner searches are listed, the tab marked as the current one, and nothing scrolls sideways
            #expect(try await browser.url.contains("kind=partner-searches"))
            #expect(try await browser.find("nav.search-kinds a[aria-current=page]").text.hasPrefix("Partner searches"))
            let kinds = try await browser.strings("Array.from(document.querySelectorAll('.cards .card .meta')).map(p => p.textContent.split(' · ')[0])")
            #expect(!kinds.isEmpty && kinds.allSatisfy { $0 == "Partner searches" }, "\(kinds)")
            let widths = try await browser.execute("return [document.documentElement.scrollWidth, window.innerWidth]") as? [Int] ?? []
            #expect(widths.count == 2 && widths[0] <= widths[1], "the search page scrolls sideways: \(widths)")
        }
    }

    @Test func onAPhoneAVisitorNarrowsTheMapToDroneClustersAndOpensFranceInTheDirectory() async throws {
        try await fixture.withBrowser(width: 390, height: 844) { browser in
            // given a visitor on a 390 px phone who follows the header's link to the map
            try await browser.go("\(base)/")
            try await browser.follow("Map", orGo: "/map")
            #expect(try await browser.path == "/map")
            // when they search for drones on the map
            try await browser.markPage()
            try await browser.find("main #q").type("drone" + Key.enter)
            try await browser.waitForNextPage()
            // then France is a link titled with its count, and the table says the same
            let title =
                try await browser.execute(
                    "return document.querySelector('svg.choropleth a[href*=\"country=FR\"] title').textContent") as? String ?? ""
            #expect(title.hasPrefix("France: "), "\(title)")
            let row =
                try await browser.execute(
                    "return document.querySelector('table.map-numbers a[href*=\"country=FR\"]').closest('tr').querySelector('td').textContent") as? String
            #expect(title.hasSuffix(" organisations") && title.contains(": \(row ?? "?") organisation"), "\(title) / \(row ?? "none")")
            let widths = try await browser.execute("return [document.documentElement.scrollWidth, window.innerWidth]") as? [Int] ?? []
            #expect(widths.count == 2 && widths[0] <= widths[1], "the map page scrolls sideways: \(widths)")
            // when they tap France on the map
            try await browser.tapOnTheMap("FR")
            // then the directory lists the drone organisations of France
            #expect(try await browser.path == "/organisations")
            let url = try await browser.url
            #expect(url.contains("q=drone") && url.contains("country=FR"), "\(url)")
            #expect(try await total(browser) == Int(row ?? "") ?? -1)
        }
    }

    @Test func onAPhoneAVisitorFindsTestBedsForDronesInFranceAndOpensThemOnTheMapAndInTheDirectory() async throws {
        try await fixture.withBrowser(width: 390, height: 844) { browser in
            // given a visitor on a 390 px phone who follows the header's link to the infrastructures
            try await browser.go("\(base)/")
            try await browser.follow("Infrastructures", orGo: "/infrastructures")
            #expect(try await browser.path == "/infrastructures")
            // when they pick the test beds, then France, and search for drones
            try await browser.follow("Test bed", orGo: "/infrastructures?infrastructure=test-bed")
            try await browser.follow("France", orGo: "/infrastructures?infrastructure=test-bed&country=FR")
            try await browser.markPage()
            try await browser.find("main #q").type("drone" + Key.enter)
            try await browser.waitForNextPage()
            let url = try await browser.url
            #expect(url.contains("q=drone") && url.contains("infrastructure=test-bed") && url.contains("country=FR"), "\(url)")
            // then every organisation listed offers a test bed, described
            let kinds =
                try await browser.execute("return Array.from(document.querySelectorAll('.cards.infrastructures li.card li strong')).map(e => e.textContent)")
                as? [String] ?? []
            #expect(!kinds.isEmpty && kinds.allSatisfy { $0 == "Test bed" }, "\(kinds)")
            let names =
                try await browser.execute("return Array.from(document.querySelectorAll('.cards.infrastructures h2')).map(e => e.textContent)") as? [String]
                ?? []
            #expect(names.contains("Pôle Drones Île-de-France"), "\(names)")
            let offered = try await total(browser)
            let widths = try await browser.execute("return [document.documentElement.scrollWidth, window.innerWidth]") as? [Int] ?? []
            #expect(widths.count == 2 && widths[0] <= widths[1], "the page scrolls sideways: \(widths)")
            // when they open the same organisations on the map and tap France
            try await browser.follow("See them on the map", orGo: "/map?q=drone&country=FR&infrastructure=test-bed")
            #expect(try await browser.path == "/map")
            let title =
                try await browser.execute("return document.querySelector('svg.choropleth a[href*=\"country=FR\"] title').textContent") as? String ?? ""
            #expect(title.hasPrefix("France: \(offered) organisation"), "\(title)")
            try await browser.tapOnTheMap("FR")
            // then the directory lists the same organisations
            #expect(try await browser.path == "/organisations")
            let directory = try await browser.url
            #expect(directory.contains("infrastructure=test-bed") && directory.contains("country=FR") && directory.contains("q=drone"), "\(directory)")
            #expect(try await total(browser) == offered)
        }
    }

    @Test func onAPhoneATeamWritesNewsAModeratorAsksForChangesAndPublishesTheEdit() async throws {
        let title = "Our test zone opens to partners \(UUID().uuidString.prefix(6))"
        let card = "Array.from(document.querySelectorAll('section.card')).find(s => s.textContent.includes(arguments[0]))"
        try await fixture.withBrowser(width: 390, height: 844) { browser in
            // given the drone cluster's manager on a 390 px phone, on the news
            try await login(browser, "manager")
            try await browser.go("\(base)/news")
            try await browser.follow("Submit news of your organisation", orGo: "/news/new")
            // when they write an article whose summary and body run over several lines, and save
            try await browser.find("#title").type(title)
            try await browser.find("#summary").type("Partner clusters may book the flight test zone." + Key.enter + "Ten days ahead.")
            try await browser.find("#body").type("The zone opens on Mondays." + Key.enter + Key.enter + "Insurance is included.")
            try await browser.find("#tags").type("drones, test-zones")
            try await browser.button("Save").clickAndLoad()
            let page = try await browser.summary
            #expect(try await browser.path == "/my/content", "the article was not sent: \(page)")
            #expect(page.contains(title) && page.contains("Needs review"), "\(page)")
        }
        try await fixture.withBrowser(width: 390, height: 844) { browser in
            // when a moderator asks for a change with a message on two lines
            try await login(browser, "moderator")
            try await browser.go("\(base)/admin/moderation")
            try await browser.element("return \(card).querySelector('textarea[name=message]')", title)
                .type("Please name the insurer." + Key.enter + "And the booking address.")
            try await browser.element("return \(card).querySelector('button[value=request-changes]')", title).clickAndLoad()
            let page = try await browser.summary
            #expect(page.contains("Changes requested for “\(title)”"), "\(page)")
        }
        try await fixture.withBrowser(width: 390, height: 844) { browser in
            // then the team reads the message, edits the article through its form and sends it again
            try await login(browser, "manager")
            try await browser.go("\(base)/my/content")
            let list = try await browser.summary
            #expect(list.contains("Please name the insurer.") && list.contains("And the booking address."), "\(list)")
            try await browser.follow(title, orGo: "/my/content")
            #expect(try await browser.path.hasSuffix("/edit"))
            try await browser.find("#body").type(Key.enter + Key.enter + "Insurer: Demo Mutual.")
            try await browser.button("Save").clickAndLoad()
            #expect(try await browser.path == "/my/content")
            let widths = try await browser.execute("return [document.documentElement.scrollWidth, window.innerWidth]") as? [Int] ?? []
            #expect(widths.count == 2 && widths[0] <= widths[1], "the team's list scrolls sideways: \(widths)")
        }
        try await fixture.withBrowser(width: 390, height: 844) { browser in
            // and once a moderator publishes it, the article has its three paragraphs
            try await login(browser, "moderator")
            try await browser.go("\(base)/admin/moderation")
            try await browser.element("return \(card).querySelector('button[value=publish]')", title).clickAndLoad()
            try await browser.follow("See it", orGo: "/news")
            #expect(try await browser.find("main h1").text == title)
            let paragraphs = try await browser.strings("Array.from(document.querySelectorAll('.description p')).map(p => p.textContent)")
            #expect(paragraphs == ["The zone opens on Mondays.", "Insurance is included.", "Insurer: Demo Mutual."], "\(paragraphs)")
        }
    }

    @Test func onAPhoneAPersonGoesFromTheMapToFrancesDroneClustersAndSavesTheSearchWithAWeeklyEmail() async throws {
        let name = "Drone clusters \(UUID().uuidString.prefix(6))"
        try await fixture.withBrowser(width: 390, height: 844) { browser in
            // given a signed-in person on a 390 px phone who narrows the map to drone clusters and taps France
            try await login(browser, "manager")
            try await browser.go("\(base)/map")
            try await browser.markPage()
            try await browser.find("main #q").type("drone" + Key.enter)
            try await browser.waitForNextPage()
            try await browser.tapOnTheMap("FR")
            // then they are in the directory, filtered
            #expect(try await browser.path == "/organisations")
            let url = try await browser.url
            #expect(url.contains("q=drone") && url.contains("country=FR"), "\(url)")
            // when they save the search with a name and a weekly e-mail
            try await browser.follow("Save this search", orGo: "/account/saved-searches/new?kind=directory&query=q%3Ddrone%26country%3DFR")
            #expect(try await browser.path == "/account/saved-searches/new")
            let field = try await browser.find("#saved_search_name")
            #expect(try await field.property("value") == "drone", "the form is named after the search's text")
            try await browser.execute("arguments[0].value = ''", field.reference)
            try await field.type(name)
            try await browser.find("#saved_search_frequency").select("Weekly")
            try await browser.button("Save this search").clickAndLoad()
            // then their saved searches list it, with its e-mail weekly, and it opens the same search
            let page = try await browser.summary
            #expect(try await browser.path == "/account/saved-searches", "\(page)")
            #expect(page.contains(name) && page.contains("Your search is saved."), "\(page)")
            let chosen = try await browser.strings(
                "Array.from(document.querySelectorAll('.saved-searches li')).filter(li => li.innerText.includes(arguments[0])).map(li => li.querySelector('select').selectedOptions[0].text)"
                    .replacingOccurrences(of: "arguments[0]", with: "'\(name)'"))
            #expect(chosen == ["Weekly e-mail"], "\(chosen)")
            let widths = try await browser.execute("return [document.documentElement.scrollWidth, window.innerWidth]") as? [Int] ?? []
            #expect(widths.count == 2 && widths[0] <= widths[1], "the saved searches scroll sideways: \(widths)")
            try await browser.follow(name, orGo: "/organisations?q=drone&country=FR")
            #expect(try await browser.path == "/organisations")
            let opened = try await browser.url
            #expect(opened.contains("q=drone") && opened.contains("country=FR"), "\(opened)")
        }
    }

    @Test func onAPhoneAVisitorReadsTheStatisticsOfASearchDownloadsAChartAndHoversACountryOnTheMap() async throws {
        try await fixture.withBrowser(width: 390, height: 844) { browser in
            // given a visitor on a 390 px phone on the statistics page, who searches for drones
            try await browser.go("\(base)/statistics")
            try await browser.markPage()
            try await browser.find("main #q").type("drone" + Key.enter)
            try await browser.waitForNextPage()
            #expect(try await browser.url.contains("q=drone"))
            let matches = try await total(browser)
            #expect(matches > 1)
            let widths = try await browser.execute("return [document.documentElement.scrollWidth, window.innerWidth]") as? [Int] ?? []
            #expect(widths.count == 2 && widths[0] <= widths[1], "the statistics page scrolls sideways: \(widths)")
            // then each bar of the type chart says what its table says
            let bars = try await browser.strings("Array.from(document.querySelectorAll('#type svg.bar-chart g > title')).map(t => t.textContent)")
            let rows = try await browser.strings(
                "Array.from(document.querySelectorAll('#type table tbody tr')).map(r => r.querySelector('th').textContent + ': ' + r.querySelector('td').textContent)"
            )
            #expect(!bars.isEmpty && bars.count == rows.count, "\(bars) / \(rows)")
            for (bar, row) in zip(bars, rows) { #expect(bar.hasPrefix(row + " organisation"), "\(bar) / \(row)") }
            // when they download the chart as CSV, then it has the table's numbers for the same search
            let href = try await browser.execute("return document.querySelector('#type a[type=\"text/csv\"]').getAttribute('href')") as? String ?? ""
            #expect(href.hasPrefix("/api/v1/statistics/type.csv?q=drone"), "\(href)")
            let csv = try await browser.execute("return fetch(arguments[0]).then(r => r.text())", href) as? String ?? ""
            let lines = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.first == "type,label,organisations")
            let downloaded: [Int] = lines.dropFirst().map { line -> Int in Int(line.split(separator: ",").last ?? "") ?? -1 }
            let tabled: [Int] = rows.map { row -> Int in Int(row.components(separatedBy: ": ").last ?? "") ?? -2 }
            #expect(downloaded == tabled, "the CSV's counts are the table's")
            #expect(downloaded.reduce(0, +) == matches)
            // when they open the map of the same search and point at France
            try await browser.follow("Map of cluster organisations", orGo: "/map?q=drone")
            #expect(try await browser.url.contains("q=drone"))
            let france = try await browser.find("svg.choropleth a[href*=\"country=FR\"] path")
            _ = try await browser.execute("arguments[0].scrollIntoView({block: 'center'})", france.reference)
            _ = try await browser.command(
                "POST", "actions",
                [
                    "actions": [
                        [
                            "type": "pointer", "id": "mouse", "parameters": ["pointerType": "mouse"],
                            "actions": [["type": "pointerMove", "duration": 0, "origin": france.reference, "x": 0, "y": 0]],
                        ]
                    ]
                ])
            // then a tooltip names the country under the pointer and its count, as its shape's title does
            let shown = try await browser.wait {
                (try await browser.execute("const t = document.querySelector('.chart-tip'); return t && !t.hidden") as? Bool) == true
            }
            #expect(shown, "no tooltip on hovering France")
            let tip = try await browser.execute("return document.querySelector('.chart-tip').textContent") as? String ?? ""
            let title = try await browser.execute("return document.querySelector('svg.choropleth a[href*=\"country=FR\"] title').textContent") as? String ?? ""
            #expect(tip == title && tip.hasPrefix("France: "), "\(tip) / \(title)")
        }
    }

    // MARK: Helpers

    /// Logs in with a demo login through the login form.
    func login(_ browser: BrowserSession, _ person: String) async throws {
        let login = try #require(fixture.logins[person], "no demo login for \(person)")
        try await browser.go("\(base)/login")
        try await browser.find("main #email").type(login.email)
        try await browser.find("main #password").type(login.password)
        try await browser.find("main form[action='/login'] button[type=submit]").clickAndLoad()
        let page = try await browser.summary
        #expect(try await browser.path != "/login", "\(person) could not log in: \(page)")
    }

    /// The number of results the directory page announces.
    func total(_ browser: BrowserSession) async throws -> Int {
        let text = try await browser.find(".results .total").text
        return Int(text.filter(\.isNumber)) ?? -1
    }
}

extension BrowserSession {
    /// Taps a country's shape on the map (a link inside the SVG) and waits for the page it opens.
    func tapOnTheMap(_ country: String) async throws {
        try await markPage()
        _ = try await execute(
            "document.querySelector('svg.choropleth a[href*=\"country=' + arguments[0] + '\"]').dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true}))",
            country)
        try await waitForNextPage()
    }

    /// Follows the visible link named `text`, as a person would; when the page has none, records the failure
    /// and opens `path` directly so the rest of the journey still runs.
    func follow(_ text: String, orGo path: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        if let link = try await visibleLink(text) {
            try await link.clickAndLoad()
        } else {
            Issue.record("no link \"\(text)\" on \(try await self.path)", sourceLocation: sourceLocation)
            let current = try #require(URL(string: try await url))
            try await go(URL(string: path, relativeTo: current)!.absoluteString)
        }
    }

    /// The visible button named `text`; fails the journey when there is none.
    func button(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Element {
        let found = try await visibleButton(text)
        let page = try await path
        return try #require(found, "no button \"\(text)\" on \(page)", sourceLocation: sourceLocation)
    }

    /// The element a script returns.
    func element(_ script: String, _ arguments: Any...) async throws -> Element {
        let value = try await command("POST", "execute/sync", ["script": script, "args": arguments]) as? [String: Any]
        guard let id = value?[Element.key] as? String else { throw WebDriver.Failure(command: "element", message: "the script found none: \(script)") }
        return Element(session: self, id: id)
    }

    /// Where the browser is and the start of what it shows, for failure messages.
    var summary: String {
        get async throws { "\(try await path): \(try await text.prefix(600))" }
    }

    /// The strings a script expression evaluates to.
    func strings(_ expression: String) async throws -> [String] {
        try await execute("return \(expression)") as? [String] ?? []
    }

    /// Presses Tab until the focused element matches `css`; false when it never does within `limit` presses.
    func tab(to css: String, limit: Int = 60) async throws -> Bool {
        for _ in 0..<limit {
            if try await execute("return document.activeElement.matches(arguments[0])", css) as? Bool == true { return true }
            try await press(Key.tab)
        }
        return try await execute("return document.activeElement.matches(arguments[0])", css) as? Bool == true
    }
}

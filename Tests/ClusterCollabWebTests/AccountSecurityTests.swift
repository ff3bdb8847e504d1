import ClusterCollabCore
import ClusterCollabStorage
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Which credential opens what, one-time links, what the platform team may read, and what browsers may
/// keep: the findings of the security review, each as the behaviour that must hold.
@Suite struct AccountSecurityTests {
    static let password = AccountsTests.password

    /// A signed-in browser of a new verified account with `role`.
    static func signedIn(_ client: any TestClientProtocol, _ platform: Platform, _ email: String, _ role: PlatformRole = .user) async throws -> Browser {
        try await TeamsAndModerationTests.account(platform, email, role)
        return try await TeamsAndModerationTests.login(client, email)
    }

    /// A personal API token created through the account page.
    static func token(_ browser: Browser) async throws -> String {
        try await browser.get("/account")
        let created = try await browser.post("/account/tokens", [("name", "script")])
        return try #require(created.text.components(separatedBy: "<code>").dropFirst().first?.components(separatedBy: "</code>").first)
    }

    // MARK: Which credential opens what

    @Test func theSessionCookieAuthenticatesNothingUnderTheAPI() async throws {
        try await withApp(demo: false) { client, platform in
            // given a signed-in moderator's browser
            let moderator = try await Self.signedIn(client, platform, "mod@clusters.example.eu", .moderator)
            // when a page elsewhere makes the browser call the API with its cookie (however the path is spelled)
            for path in ["/api/v1/organisations?status=draft", "//api/v1/organisations?status=draft", "/api//v1/organisations?status=draft"] {
                let r = try await client.execute(uri: path, method: .get, headers: moderator.cookieHeader)
                // then the API sees a visitor, and the platform team's filter is refused
                #expect(r.status == .unauthorized, "\(path) answered \(r.status) to a session cookie")
            }
            // while the moderator's own bearer token works
            let token = try await Self.token(moderator)
            let withToken = try await client.execute(uri: "/api/v1/organisations?status=draft", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(withToken.status == .ok)
        }
    }

    @Test func administrationPagesOpenWithASessionOnlyNotWithAnAPIToken() async throws {
        try await withApp(demo: false) { client, platform in
            // given a platform administrator with a personal API token
            let admin = try await Self.signedIn(client, platform, "admin@clusters.example.eu", .platformAdmin)
            let token = try await Self.token(admin)
            for page in ["/admin/outbox", "/admin/moderation", "/admin/users", "/admin/join-requests", "/admin/region-categories", "/admin/calls"] {
                // when the token is sent to an administration page, then it is refused
                let r = try await client.execute(uri: page, method: .get, headers: [.authorization: "Bearer \(token)", .accept: "text/html"])
                #expect(r.status == .forbidden, "\(page) answered \(r.status) to an API token")
                // and the same person's browser session opens it
                #expect(try await admin.get(page).status == .ok, "\(page) with a session")
            }
            // the operator's token does not open them either
            let operatorAttempt = try await client.execute(uri: "/admin/outbox", method: .get, headers: [.authorization: "Bearer \(operatorToken)"])
            #expect(operatorAttempt.status == .forbidden)
        }
    }

    @Test func theModerationQueueLinksToAPageTheModeratorsSessionOpens() async throws {
        try await withApp(demo: false) { client, platform in
            // given a profile waiting for review (the API no longer reads the moderator's session cookie)
            let (manager, id) = try await TeamsAndModerationTests.created(client, platform)
            try await manager.get("/my/organisations/\(id)")
            _ = try await manager.post("/my/organisations/\(id)/submit", [])
            // when a moderator follows the queue's link to it
            let moderator = try await Self.signedIn(client, platform, "mod@clusters.example.eu", .moderator)
            let queue = try await moderator.get("/admin/moderation")
            let href = try #require(queue.text.components(separatedBy: "<h2><a href=\"").dropFirst().first?.components(separatedBy: "\"").first)
            // then the profile opens
            let page = try await moderator.get(href)
            #expect(page.status == .ok, "\(href) answered \(page.status)")
            #expect(page.text.contains("Normandy Hydrogen Valley"))
        }
    }

    // MARK: The login redirect

    @Test func theLoginRedirectRefusesEveryWayToLeaveTheSite() {
        let leaving = [
            "https://evil.example", "//evil.example", "/\t/evil.example", "/%09/evil.example", "/%2509/evil.example",
            "/\\evil.example", "/%5Cevil.example", "/%5cevil.example", "\\\\evil.example", "/\n/evil.example", "/%0A/evil.example",
            "/%0d/evil.example", "/\r/evil.example", "/%2F%2Fevil.example", "/%2f/evil.example", " //evil.example", "/ /evil.example",
            "evil.example", "javascript:alert(1)", "",
        ]
        for next in leaving {
            #expect(AccountPagesController.safeNext(next) == "/account", "\(next.debugDescription) is followed")
        }
        // local paths, with their queries, are followed as they are
        for next in ["/organisations?q=drone%20cluster", "/my/organisations/12", "/partner-searches?kind=project-consortium&country=FR"] {
            #expect(AccountPagesController.safeNext(next) == next)
        }
    }

    @Test func loggingInWithATabbedNextLandsOnTheAccountPage() async throws {
        try await withApp(demo: false) { client, platform in
            try await TeamsAndModerationTests.account(platform, "anna@clusters.example.eu")
            // given the login page opened from `/login?next=/%09/evil.example`
            let browser = Browser(client)
            let form = try await browser.get("/login?next=/%09/evil.example")
            let next = try #require(form.text.components(separatedBy: "name=\"next\" value=\"").dropFirst().first?.components(separatedBy: "\"").first)
            // when the person logs in with the form as it came
            let r = try await browser.post("/login", [("email", "anna@clusters.example.eu"), ("password", Self.password), ("next", next)])
            // then they stay on the platform
            #expect(r.status == .seeOther)
            #expect(r.headers[.location] == "/account")
        }
    }

    // MARK: Password reset links

    static func resetLinks(_ platform: Platform) async throws -> [String] {
        try await platform.outbox.list(page: 1, perPage: 50).rows.filter { $0.kind == "password-reset" }.sorted { $0.id < $1.id }.map { mail in
            let link = try #require(mail.bodyText.split(separator: "\n").first { $0.contains("/password-reset/") })
            return String(link.dropFirst("https://clusters.example.eu".count))
        }
    }

    static func askForReset(_ client: any TestClientProtocol) async throws {
        let b = Browser(client)
        try await b.get("/password-reset")
        #expect(try await b.post("/password-reset", [("email", "anna@clusters.example.eu")]).status == .ok)
    }

    @Test func anOlderResetLinkStopsWorkingOnceANewerOneWasUsed() async throws {
        try await withApp(demo: false) { client, platform in
            try await TeamsAndModerationTests.account(platform, "anna@clusters.example.eu")
            // given two reset links, the older one still unused
            try await Self.askForReset(client)
            try await Self.askForReset(client)
            let links = try await Self.resetLinks(platform)
            try #require(links.count == 2)
            // when the newer one sets a password
            let b = Browser(client)
            try await b.get(links[1])
            #expect(try await b.post(links[1], [("password", "a-brand-new-secret-7")]).status == .ok)
            // then the older one no longer shows the form nor sets a password
            #expect(try await b.get(links[0]).status == .gone)
            #expect(try await b.post(links[0], [("password", "an-attackers-secret-9")]).status == .gone)
            let login = Browser(client)
            try await login.get("/login")
            #expect(try await login.post("/login", [("email", "anna@clusters.example.eu"), ("password", "a-brand-new-secret-7")]).status == .seeOther)
        }
    }

    @Test func aPasswordChangeEndsEveryOpenResetLink() async throws {
        try await withApp(demo: false) { client, platform in
            // given a reset link asked for by someone, and the owner signed in
            let owner = try await Self.signedIn(client, platform, "anna@clusters.example.eu")
            try await Self.askForReset(client)
            let link = try #require(try await Self.resetLinks(platform).first)
            // when the owner changes the password on the account page
            try await owner.get("/account")
            #expect(
                try await owner.post("/account/password", [("current_password", Self.password), ("new_password", "rotated-secret-2026")]).status == .seeOther)
            // then the link asked for before no longer works
            #expect(try await Browser(client).get(link).status == .gone)
        }
    }

    // MARK: The outbox

    @Test func theOutboxHidesOneTimeLinksFromThePlatformTeam() async throws {
        try await withApp(demo: false) { client, platform in
            // given e-mails with a confirmation link, a reset link and an address-change link
            _ = try await AccountsTests.registered(client, email: "bo@clusters.example.eu", name: "Bo Berg")
            try await TeamsAndModerationTests.account(platform, "anna@clusters.example.eu")
            try await Self.askForReset(client)
            let admin = try await Self.signedIn(client, platform, "admin@clusters.example.eu", .platformAdmin)
            try await admin.get("/account")
            #expect(try await admin.post("/account/email", [("new_email", "root@clusters.example.eu"), ("password", Self.password)]).status == .ok)
            let secrets = try await platform.outbox.list(page: 1, perPage: 50).rows.flatMap { mail in
                mail.bodyText.split(whereSeparator: \.isWhitespace).filter {
                    $0.contains("/verify-email/") || $0.contains("/password-reset/") || $0.contains("/confirm-email/")
                }
                .map { String($0.split(separator: "/").last!) }
            }
            try #require(secrets.count == 3)
            // when an administrator reads the outbox
            let page = try await admin.get("/admin/outbox")
            // then none of the secrets is on the page, and the links say they are hidden
            #expect(page.status == .ok)
            for secret in secrets { #expect(!page.text.contains(secret), "the outbox shows \(secret)") }
            #expect(page.text.contains("/verify-email/" + AdminPagesController.hiddenSecret))
            #expect(page.text.contains("/password-reset/" + AdminPagesController.hiddenSecret))
            #expect(page.text.contains("/confirm-email/" + AdminPagesController.hiddenSecret))
        }
    }

    @Test func maskingKeepsOrdinaryLinksReadable() {
        let body = """
            See https://clusters.example.eu/organisations/pole-drones-ile-de-france-aerospace-valley-cluster and
            https://clusters.example.eu/unsubscribe/Abc123_-xyzXYZ0987654321abcdefghijkLMNOP or token cc_Q2xhc3NpZmllZCBzZWNyZXQgdG9rZW4gdmFsdWUx.
            """
        let masked = AdminPagesController.maskingSecrets(body)
        #expect(masked.contains("/organisations/pole-drones-ile-de-france-aerospace-valley-cluster"))
        #expect(masked.contains("/unsubscribe/\(AdminPagesController.hiddenSecret) "))
        #expect(!masked.contains("Q2xhc3NpZmllZCBzZWNyZXQgdG9rZW4gdmFsdWUx"))
    }

    // MARK: Log out everywhere

    @Test func loggingOutEverywhereAlsoRevokesTheAPITokens() async throws {
        try await withApp(demo: false) { client, platform in
            // given a person with a working API token
            let browser = try await Self.signedIn(client, platform, "anna@clusters.example.eu")
            let token = try await Self.token(browser)
            #expect(try await client.execute(uri: "/api/v1/partner-searches", method: .get, headers: [.authorization: "Bearer \(token)"]).status == .ok)
            // and the account page saying what "log out everywhere" does
            let page = try await browser.get("/account")
            #expect(page.text.contains("revokes all your personal API tokens"))
            // when they log out everywhere
            #expect(try await browser.post("/account/logout-everywhere", []).status == .seeOther)
            // then the token is refused
            #expect(
                try await client.execute(uri: "/api/v1/partner-searches", method: .get, headers: [.authorization: "Bearer \(token)"]).status == .unauthorized)
        }
    }

    // MARK: Caching and transport

    @Test func pagesThatDifferPerPersonAreNeverStored() async throws {
        try await withApp(demo: false) { client, platform in
            let admin = try await Self.signedIn(client, platform, "admin@clusters.example.eu", .platformAdmin)
            for page in [
                "/my/organisations", "/admin/outbox", "/admin/moderation", "/account", "/notifications", "/partner-searches", "/calls", "/organisations/new",
            ] {
                let r = try await admin.get(page)
                #expect(r.status == .ok, "\(page)")
                #expect(r.headers[.cacheControl] == "no-store", "\(page) has Cache-Control \(r.headers[.cacheControl] ?? "none")")
            }
            // so is what an API token reads
            let token = try await Self.token(admin)
            let api = try await client.execute(uri: "/api/v1/organisations?status=draft", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(api.headers[.cacheControl] == "no-store")
        }
    }

    @Test func strictTransportSecurityIsSentWhenThePublicURLIsHTTPS() async throws {
        // given a platform served over https, when a page or the API answers, then browsers are told to stay on https
        try await withApp(demo: false) { client, _ in
            let page = try await client.get("/"), api = try await client.get("/api/v1/organisations")
            #expect(page.headers[.strictTransportSecurity] == "max-age=31536000")
            #expect(api.headers[.strictTransportSecurity] == "max-age=31536000")
        }
        // and over plain http (a local trial) the header is not sent
        try await withApp(demo: false, configure: { $0.publicURL = "http://127.0.0.1:8080" }) { client, _ in
            let page = try await client.get("/")
            #expect(page.headers[.strictTransportSecurity] == nil)
        }
    }
}

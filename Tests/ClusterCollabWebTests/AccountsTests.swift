import ClusterCollabCore
import ClusterCollabStorage
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct AccountsTests {
    static let password = "orbital-lattice-42"

    /// Registers through the form and returns the browser, signed in.
    static func registered(_ client: any TestClientProtocol, email: String = "anna@clusters.example.eu", name: String = "Anna Lindqvist") async throws
        -> Browser
    {
        let browser = Browser(client)
        try await browser.get("/register")
        let r = try await browser.post("/register", [("name", name), ("email", email), ("password", password), ("terms", "yes")])
        #expect(r.status == .seeOther)
        return browser
    }

    /// Opens the newest confirmation link e-mailed to `email`, as its owner does.
    static func confirm(_ browser: Browser, _ platform: Platform, email: String) async throws {
        let mail = try #require(try await platform.outbox.list(page: 1, perPage: 100).rows.first { $0.kind == "verify-email" && $0.recipient == email })
        let link = try #require(mail.bodyText.split(separator: "\n").first { $0.contains("/verify-email/") })
        #expect(try await browser.get(String(link.dropFirst("https://clusters.example.eu".count))).status == .ok)
    }

    @Test func accountPagesHaveFormsWithACSRFToken() async throws {
        try await withApp(demo: false) { client, _ in
            for page in ["/login", "/register", "/password-reset"] {
                let browser = Browser(client)
                let r = try await browser.get(page)
                #expect(r.status == .ok, "\(page)")
                #expect(browser.csrfToken != nil, "\(page) has no csrf_token")
                #expect(browser.cookies[CSRF.anonymousCookie] != nil)
                #expect(r.headers[.contentSecurityPolicy] != nil)
                #expect(r.headers[.xFrameOptions] == "DENY")
            }
        }
    }

    @Test func aFormWithoutOrWithAWrongCSRFTokenIs403AndChangesNothing() async throws {
        try await withApp(demo: false) { client, platform in
            let browser = Browser(client)
            try await browser.get("/register")
            let missing = try await browser.post(
                "/register", [("name", "Eve"), ("email", "eve@example.eu"), ("password", Self.password), ("terms", "yes")], csrf: .some(nil))
            #expect(missing.status == .forbidden)
            let wrong = try await browser.post(
                "/register", [("name", "Eve"), ("email", "eve@example.eu"), ("password", Self.password), ("terms", "yes")], csrf: "forged")
            #expect(wrong.status == .forbidden)
            #expect(try await platform.users.count() == 0)
            // a token from another visitor's cookie does not work either
            let other = Browser(client)
            try await other.get("/register")
            let stolen = try await browser.post(
                "/register", [("name", "Eve"), ("email", "eve@example.eu"), ("password", Self.password), ("terms", "yes")], csrf: other.csrfToken)
            #expect(stolen.status == .forbidden)
        }
    }

    @Test func registrationSignsInAndWritesTheConfirmationEmailToTheOutbox() async throws {
        try await withApp(demo: false) { client, platform in
            let browser = try await Self.registered(client)
            #expect(browser.cookies[AuthenticationMiddleware.sessionCookie] != nil)
            let account = try await browser.get("/account")
            #expect(account.status == .ok)
            #expect(account.text.contains("Anna Lindqvist"))
            #expect(account.text.contains("not confirmed yet"))
            let (total, rows) = try await platform.outbox.list(page: 1, perPage: 10)
            #expect(total == 1)
            #expect(rows.first?.recipient == "anna@clusters.example.eu")
            #expect(rows.first?.bodyText.contains("https://clusters.example.eu/verify-email/") == true)
            // the link confirms the address once
            let link = try #require(rows.first?.bodyText.split(separator: "\n").first { $0.contains("/verify-email/") })
            let path = String(link.dropFirst("https://clusters.example.eu".count))
            #expect(try await browser.get(path).status == .ok)
            #expect(try await platform.users.find(email: "anna@clusters.example.eu")?.emailVerified == true)
            #expect(try await browser.get(path).status == .gone)
        }
    }

    @Test func weakPasswordsAndTakenAddressesAreNamed() async throws {
        try await withApp(demo: false) { client, _ in
            _ = try await Self.registered(client)
            let browser = Browser(client)
            try await browser.get("/register")
            let weak = try await browser.post("/register", [("name", "Bo"), ("email", "bo@example.eu"), ("password", "password123")])
            #expect(weak.status == .unprocessableContent)
            #expect(weak.text.contains("<strong>Password</strong>"))
            // the consent is required too
            #expect(weak.text.contains("<strong>Agreement</strong>"))
            let taken = try await browser.post(
                "/register", [("name", "Anna"), ("email", "ANNA@clusters.example.eu"), ("password", Self.password), ("terms", "yes")])
            #expect(taken.status == .unprocessableContent)
            #expect(taken.text.contains("<strong>E-mail</strong>"))
        }
    }

    @Test func aWrongPasswordAndAnUnknownAddressGetTheSameAnswer() async throws {
        try await withApp(demo: false) { client, _ in
            _ = try await Self.registered(client)
            let browser = Browser(client)
            try await browser.get("/login")
            let wrong = try await browser.post("/login", [("email", "anna@clusters.example.eu"), ("password", "not-the-password")])
            try await browser.get("/login")
            let unknown = try await browser.post("/login", [("email", "nobody@clusters.example.eu"), ("password", "not-the-password")])
            #expect(wrong.status == .unauthorized)
            #expect(unknown.status == .unauthorized)
            func message(_ r: TestResponse) -> String? {
                r.text.components(separatedBy: "role=\"alert\"").dropFirst().first?.components(separatedBy: "</div>").first
            }
            #expect(message(wrong) != nil)
            #expect(message(wrong) == message(unknown))
        }
    }

    @Test func loginGivesANewSessionAndACookieStolenAfterLogoutIsRejected() async throws {
        try await withApp(demo: false) { client, _ in
            let first = try await Self.registered(client)
            let browser = Browser(client)
            try await browser.get("/login")
            let r = try await browser.post("/login", [("email", "anna@clusters.example.eu"), ("password", Self.password), ("next", "/organisations")])
            #expect(r.status == .seeOther)
            #expect(r.headers[.location] == "/organisations")
            let cookie = try #require(browser.cookies[AuthenticationMiddleware.sessionCookie])
            #expect(cookie != first.cookies[AuthenticationMiddleware.sessionCookie])
            #expect(r.headers[.setCookie]?.contains("HttpOnly") == true)
            #expect(r.headers[.setCookie]?.contains("SameSite=Lax") == true)
            #expect(r.headers[.setCookie]?.contains("Secure") == true)
            // log out, then replay the old cookie
            try await browser.get("/account")
            #expect(try await browser.post("/logout", []).status == .seeOther)
            let thief = Browser(client)
            thief.cookies[AuthenticationMiddleware.sessionCookie] = cookie
            let replay = try await thief.get("/account")
            #expect(replay.status == .seeOther)
            #expect(replay.headers[.location]?.hasPrefix("/login") == true)
        }
    }

    @Test func aLoginLinkNeverLeavesThePlatform() {
        #expect(AccountPagesController.safeNext("https://evil.example") == "/account")
        #expect(AccountPagesController.safeNext("//evil.example") == "/account")
        #expect(AccountPagesController.safeNext("/organisations?q=x") == "/organisations?q=x")
    }

    @Test func passwordResetLinksWorkOnceAndEndOtherSessions() async throws {
        try await withApp(demo: false) { client, platform in
            let signedIn = try await Self.registered(client)
            let browser = Browser(client)
            try await browser.get("/password-reset")
            let known = try await browser.post("/password-reset", [("email", "anna@clusters.example.eu")])
            try await browser.get("/password-reset")
            let unknown = try await browser.post("/password-reset", [("email", "ghost@clusters.example.eu")])
            #expect(known.status == .ok)
            // the same words for an address without an account (apart from the address itself)
            #expect(known.text.replacingOccurrences(of: "anna@", with: "X@") == unknown.text.replacingOccurrences(of: "ghost@", with: "X@"))
            let mail = try #require(try await platform.outbox.list(page: 1, perPage: 10).rows.first { $0.kind == "password-reset" })
            let link = try #require(mail.bodyText.split(separator: "\n").first { $0.contains("/password-reset/") })
            let path = String(link.dropFirst("https://clusters.example.eu".count))
            #expect(try await browser.get(path).status == .ok)
            let formToken = browser.csrfToken
            let done = try await browser.post(path, [("password", "a-brand-new-secret-7")])
            #expect(done.status == .ok)
            // reused: refused
            #expect(try await browser.post(path, [("password", "another-new-secret-8")], csrf: formToken).status == .gone)
            #expect(try await browser.get(path).status == .gone)
            // the session that existed before the reset has ended
            #expect(try await signedIn.get("/account").status == .seeOther)
            // the new password works
            let again = Browser(client)
            try await again.get("/login")
            #expect(try await again.post("/login", [("email", "anna@clusters.example.eu"), ("password", "a-brand-new-secret-7")]).status == .seeOther)
        }
    }

    @Test func bruteForceIsRefusedWith429AndRetryAfter() async throws {
        try await withApp(demo: false, configure: { $0.loginLimit = .init(count: 3, window: 300) }) { client, _ in
            _ = try await Self.registered(client)
            let browser = Browser(client)
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<4 {
                try await browser.get("/login")
                let r = try await browser.post("/login", [("email", "anna@clusters.example.eu"), ("password", "guess-guess-guess")])
                statuses.append(r.status)
                if r.status == .tooManyRequests { #expect(Int(r.headers[.retryAfter] ?? "") ?? 0 > 0) }
            }
            #expect(statuses == [.unauthorized, .unauthorized, .unauthorized, .tooManyRequests])
            // even the right password waits now
            try await browser.get("/login")
            #expect(try await browser.post("/login", [("email", "anna@clusters.example.eu"), ("password", Self.password)]).status == .tooManyRequests)
        }
    }

    @Test func administrationPagesSendVisitorsToLoginAndRefuseUsers() async throws {
        try await withApp(demo: false) { client, platform in
            for page in ["/admin/moderation", "/admin/outbox"] {
                let visitor = try await Browser(client).get(page)
                #expect(visitor.status == .seeOther)
                #expect(visitor.headers[.location] == "/login?next=" + FormDecoding.encode(page))
            }
            let user = try await Self.registered(client)
            #expect(try await user.get("/admin/moderation").status == .forbidden)
            // a moderator sees the queue, not the outbox; an administrator both
            _ = try await AccountAdministration.createVerifiedAccount(
                email: "mod@clusters.example.eu", name: "Mo Derator", password: Self.password, role: .moderator, database: platform.database, bcryptCost: 4)
            _ = try await AccountAdministration.createVerifiedAccount(
                email: "admin@clusters.example.eu", name: "Ad Min", password: Self.password, role: .platformAdmin, database: platform.database, bcryptCost: 4)
            for (email, moderation, outbox) in [
                ("mod@clusters.example.eu", HTTPResponse.Status.ok, HTTPResponse.Status.forbidden), ("admin@clusters.example.eu", .ok, .ok),
            ] {
                let b = Browser(client)
                try await b.get("/login")
                _ = try await b.post("/login", [("email", email), ("password", Self.password)])
                #expect(try await b.get("/admin/moderation").status == moderation)
                #expect(try await b.get("/admin/outbox").status == outbox)
            }
        }
    }

    @Test func personalAPITokensAreShownOnceActAsTheirUserAndDieWithAPasswordChange() async throws {
        try await withApp(demo: false) { client, platform in
            _ = try await AccountAdministration.createVerifiedAccount(
                email: "admin@clusters.example.eu", name: "Ad Min", password: Self.password, role: .platformAdmin, database: platform.database, bcryptCost: 4)
            let b = Browser(client)
            try await b.get("/login")
            _ = try await b.post("/login", [("email", "admin@clusters.example.eu"), ("password", Self.password)])
            try await b.get("/account")
            let created = try await b.post("/account/tokens", [("name", "import script")])
            let token = try #require(created.text.components(separatedBy: "<code>").dropFirst().first?.components(separatedBy: "</code>").first)
            #expect(token.hasPrefix("cc_"))
            #expect(try await b.get("/account").text.contains(token) == false)
            // the token writes as its platform administrator
            let write = try await client.send(
                .post, "/api/v1/organisations", json: #"{"name":"Token Cluster","type":"cluster-organisation","country":"FR","status":"draft"}"#, token: token)
            #expect(write.status == .created)
            // a password change revokes it
            try await b.get("/account")
            _ = try await b.post("/account/password", [("current_password", Self.password), ("new_password", "rotated-secret-2026")])
            let after = try await client.send(
                .post, "/api/v1/organisations", json: #"{"name":"Token Cluster 2","type":"cluster-organisation","country":"FR"}"#, token: token)
            #expect(after.status == .unauthorized)
            // while this browser stays signed in
            #expect(try await b.get("/account").status == .ok)
        }
    }

    @Test func aUsersTokenCannotWriteOrganisationsThroughTheOperatorAPI() async throws {
        try await withApp(demo: false) { client, platform in
            let b = try await Self.registered(client)
            try await b.get("/account")
            let created = try await b.post("/account/tokens", [("name", "mine")])
            let token = try #require(created.text.components(separatedBy: "<code>").dropFirst().first?.components(separatedBy: "</code>").first)
            let write = try await client.send(
                .post, "/api/v1/organisations", json: #"{"name":"Sneaky Cluster","type":"cluster-organisation","country":"FR"}"#, token: token)
            #expect(write.status == .forbidden)
            #expect(try await platform.organisations.count() == 0)
        }
    }

    @Test func aNewEmailAddressTakesEffectOnlyWhenConfirmedFromIt() async throws {
        try await withApp(demo: false) { client, platform in
            let browser = try await Self.registered(client)
            try await browser.get("/account")
            // a wrong password changes nothing
            let wrong = try await browser.post("/account/email", [("new_email", "anna@new.example.eu"), ("password", "not-it-at-all")])
            #expect(wrong.status == .unprocessableContent)
            #expect(try await platform.outbox.list(page: 1, perPage: 20).rows.contains { $0.kind == "email-change" } == false)
            // with the password, a link goes to the new address; the old one stays until it is opened
            try await browser.get("/account")
            #expect(try await browser.post("/account/email", [("new_email", "Anna@New.example.eu"), ("password", Self.password)]).status == .ok)
            #expect(try await platform.users.find(email: "anna@clusters.example.eu") != nil)
            let mail = try #require(try await platform.outbox.list(page: 1, perPage: 20).rows.first { $0.kind == "email-change" })
            #expect(mail.recipient == "anna@new.example.eu")
            let link = try #require(mail.bodyText.split(separator: "\n").first { $0.contains("/confirm-email/") })
            let path = String(link.dropFirst("https://clusters.example.eu".count))
            #expect(try await browser.get(path).status == .ok)
            #expect(try await platform.users.find(email: "anna@new.example.eu")?.emailVerified == true)
            #expect(try await platform.users.find(email: "anna@clusters.example.eu") == nil)
            #expect(try await browser.get(path).status == .gone)
        }
    }
}

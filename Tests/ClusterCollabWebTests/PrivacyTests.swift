import ClusterCollabCore
import ClusterCollabStorage
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct PrivacyTests {
    static let password = AccountsTests.password
    static let anna = "anna@clusters.example.eu"
    static let bo = "bo@clusters.example.eu"

    static func user(_ platform: Platform, _ email: String) async throws -> User {
        try #require(try await platform.users.find(email: email))
    }

    static func privacy(_ platform: Platform) -> PrivacyRepository {
        PrivacyRepository(database: platform.database, publicURL: platform.configuration.publicURL)
    }

    /// The path of the account's unsubscribe link, as e-mails carry it.
    static func unsubscribePath(_ platform: Platform, _ email: String) async throws -> String {
        let url = try await platform.database.withConnection { db in
            try await PrivacyRepository.unsubscribeURL(recipient: email, publicURL: platform.configuration.publicURL, on: db)
        }
        return String(try #require(url).dropFirst(platform.configuration.publicURL.count))
    }

    /// A profile whose team Anna administers, created as the team pages do.
    static func annasProfile(_ platform: Platform, name: String = "Baltic Wind Cluster") async throws -> Organisation {
        let anna = try await user(platform, Self.anna)
        return try await platform.teams.createProfile(
            Organisation(name: name, type: .clusterOrganisation, country: "FR", region: "FR10"),
            creatorID: anna.id, actor: "\(anna.name) <\(anna.email)>")
    }

    // MARK: E-mail preferences

    @Test func emailSettingsAreSavedAndReadBack() async throws {
        try await withApp(demo: false) { client, platform in
            // given
            let browser = try await AccountsTests.registered(client)
            let form = try await browser.get("/account/emails")
            #expect(form.status == .ok)
            #expect(form.text.contains(#"name="moderation" value="on" checked"#))
            // when only team and digest e-mails stay ticked
            let saved = try await browser.post("/account/emails", [("team", "on"), ("digest", "on")])
            // then
            #expect(saved.status == .seeOther)
            #expect(saved.headers[.location] == "/account/emails?saved=1")
            let again = try await browser.get("/account/emails?saved=1")
            #expect(again.text.contains(#"name="team" value="on" checked"#))
            #expect(!again.text.contains(#"name="moderation" value="on" checked"#))
            #expect(again.text.contains("Your choice is saved"))
            let anna = try await Self.user(platform, Self.anna)
            #expect(try await Self.privacy(platform).emailSettings(userID: anna.id) == EmailSettings(off: [.moderation, .partnering, .reminders]))
        }
    }

    @Test func emailSettingsSendVisitorsToLogin() async throws {
        try await withApp(demo: false) { client, _ in
            // when
            let r = try await Browser(client).get("/account/emails")
            // then
            #expect(r.status == .seeOther)
            #expect(r.headers[.location] == "/login?next=" + FormDecoding.encode("/account/emails"))
        }
    }

    @Test func theAccountPageLinksToThePrivacyPages() async throws {
        try await withApp(demo: false) { client, _ in
            // given
            let browser = try await AccountsTests.registered(client)
            // when
            let page = try await browser.get("/account")
            // then
            #expect(page.text.contains("Privacy and e-mails"))
            for href in ["/account/emails", "/account/export", "/account/delete"] { #expect(page.text.contains("href=\"\(href)\""), "\(href)") }
        }
    }

    // MARK: Unsubscribe

    @Test func theUnsubscribeLinkWorksWithoutLoginAndTurnsOptionalEmailsOff() async throws {
        try await withApp(demo: false) { client, platform in
            // given Anna's link opened by a browser that is not signed in
            _ = try await AccountsTests.registered(client)
            let path = try await Self.unsubscribePath(platform, Self.anna)
            let visitor = Browser(client)
            let page = try await visitor.get(path)
            #expect(page.status == .ok)
            #expect(page.text.contains("a***@clusters.example.eu"))
            #expect(!page.text.contains(Self.anna))
            #expect(page.text.contains("Unsubscribe from all optional e-mails"))
            // opening the page alone changes nothing (link scanners open it too)
            let anna = try await Self.user(platform, Self.anna)
            #expect(try await Self.privacy(platform).emailSettings(userID: anna.id) == EmailSettings())
            // when the button is pressed
            let done = try await visitor.post(path, [])
            // then every optional kind is off, and account e-mails still go out
            #expect(done.status == .ok)
            #expect(done.text.contains("You are unsubscribed"))
            #expect(try await Self.privacy(platform).emailSettings(userID: anna.id) == EmailSettings.none)
            let (team, reset) = try await platform.database.withConnection { db in
                (
                    try await PrivacyRepository.wants(kind: "team-added", recipient: Self.anna, on: db),
                    try await PrivacyRepository.wants(kind: "password-reset", recipient: Self.anna, on: db)
                )
            }
            #expect(team == false)
            #expect(reset == true)
        }
    }

    @Test func anUnknownUnsubscribeTokenIs404() async throws {
        try await withApp(demo: false) { client, _ in
            // given
            let visitor = Browser(client)
            // when
            let page = try await visitor.get("/unsubscribe/no-such-token")
            try await visitor.get("/login")
            let post = try await visitor.post("/unsubscribe/no-such-token", [])
            // then
            #expect(page.status == .notFound)
            #expect(page.text.contains("Unknown unsubscribe link"))
            #expect(post.status == .notFound)
        }
    }

    @Test func aMailClientsOneClickUnsubscribeWorksWithoutACSRFToken() async throws {
        try await withApp(demo: false) { client, platform in
            // given a mail client's RFC 8058 request: no cookie, no CSRF token, only the one-click field
            _ = try await AccountsTests.registered(client)
            let path = try await Self.unsubscribePath(platform, Self.anna)
            let anna = try await Self.user(platform, Self.anna)
            // when
            let r = try await client.execute(
                uri: path, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "List-Unsubscribe=One-Click"))
            // then
            #expect(r.status == .ok)
            let settings = try await Self.privacy(platform).emailSettings(userID: anna.id)
            #expect(settings == EmailSettings.none)
        }
    }

    @Test func oneClickRequestsAreRecognisedInBothEncodingsAndNothingElseIs() {
        // given the two encodings RFC 8058 allows, and look-alikes
        let multipart = "--XyZ\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--XyZ--\r\n"
        // then
        #expect(
            PrivacyPagesController.isOneClickUnsubscribe(
                path: "/unsubscribe/abc", contentType: "application/x-www-form-urlencoded",
                body: "List-Unsubscribe=One-Click"))
        #expect(
            PrivacyPagesController.isOneClickUnsubscribe(
                path: "/unsubscribe/abc", contentType: "multipart/form-data; boundary=XyZ",
                body: multipart))
        #expect(
            !PrivacyPagesController.isOneClickUnsubscribe(
                path: "/account/delete", contentType: "application/x-www-form-urlencoded",
                body: "List-Unsubscribe=One-Click"))
        #expect(
            !PrivacyPagesController.isOneClickUnsubscribe(
                path: "/unsubscribe/abc/x", contentType: "application/x-www-form-urlencoded",
                body: "List-Unsubscribe=One-Click"))
        #expect(
            !PrivacyPagesController.isOneClickUnsubscribe(
                path: "/unsubscribe/abc", contentType: "application/x-www-form-urlencoded",
                body: "List-Unsubscribe=Maybe"))
        #expect(PrivacyPagesController.mask("anna@clusters.example.eu") == "a***@clusters.example.eu")
    }

    // MARK: Export

    @Test func theExportHoldsTheUsersDataAndNothingOfAnotherUser() async throws {
        try await withApp(demo: false) { client, platform in
            // given Anna with a token, a consent and a profile team; Bo with his own token, in Anna's team, editing her profile
            let browser = try await AccountsTests.registered(client)
            try await browser.get("/account")
            try await browser.post("/account/tokens", [("name", "anna-laptop")])
            let bob = try await AccountsTests.registered(client, email: Self.bo, name: "Bo Berg")
            try await bob.get("/account")
            try await bob.post("/account/tokens", [("name", "bo-secret-tool")])
            let anna = try await Self.user(platform, Self.anna), bo = try await Self.user(platform, Self.bo)
            try await platform.database.transaction { db in
                try await PrivacyRepository.recordConsent(userID: anna.id, purpose: "terms", now: Date(), on: db)
                try await PrivacyRepository.recordConsent(userID: bo.id, purpose: "bo-only-purpose", now: Date(), on: db)
            }
            let org = try await Self.annasProfile(platform)
            _ = try await platform.teams.addMember(
                organisationID: org.id, email: Self.bo, role: .member, invitedBy: anna.id, actor: "Anna Lindqvist <\(Self.anna)>")
            try await platform.teams.saveEdit(org, actor: "Bo Berg <\(Self.bo)>", actorID: bo.id)
            // when
            let r = try await browser.get("/account/export")
            // then it is a JSON download of Anna's data
            #expect(r.status == .ok)
            #expect(r.headers[.contentDisposition] == "attachment; filename=\"clustercollab-personal-data.json\"")
            #expect(r.headers[.contentType]?.hasPrefix("application/json") == true)
            let json = try r.json
            let account = try #require(json["account"] as? [String: Any])
            #expect(account["email"] as? String == Self.anna)
            #expect(account["name"] as? String == "Anna Lindqvist")
            #expect(account["email_verified"] as? Bool == false)
            #expect((json["api_tokens"] as? [[String: Any]])?.map { $0["name"] as? String } == ["anna-laptop"])
            #expect((json["consents"] as? [[String: Any]])?.map { $0["purpose"] as? String } == ["terms"])
            #expect((json["memberships"] as? [[String: Any]])?.first?["organisation_name"] as? String == "Baltic Wind Cluster")
            #expect((json["history"] as? [[String: Any]])?.map { $0["action"] as? String } == ["created"])
            #expect((json["email_settings"] as? [String: Bool])?["team"] == true)
            #expect(json["sessions"] as? Int == 1)
            // and nothing of Bo's, and no secret of Anna's
            for absent in [Self.bo, "Bo Berg", "bo-secret-tool", "bo-only-purpose", "$2", "hash", "unsubscribe"] {
                #expect(!r.text.contains(absent), "the export contains \(absent)")
            }
        }
    }

    @Test func theExportRequiresLogin() async throws {
        try await withApp(demo: false) { client, _ in
            // when
            let r = try await Browser(client).get("/account/export")
            // then
            #expect(r.status == .seeOther)
            #expect(r.headers[.location] == "/login?next=" + FormDecoding.encode("/account/export"))
            #expect(r.headers[.contentDisposition] == nil)
        }
    }

    // MARK: Deleting the account

    @Test func deletingWithAWrongPasswordChangesNothing() async throws {
        try await withApp(demo: false) { client, platform in
            // given
            let browser = try await AccountsTests.registered(client)
            let org = try await Self.annasProfile(platform)
            try await browser.get("/account/delete")
            // when
            let r = try await browser.post("/account/delete", [("password", "not-my-password-1")])
            // then
            #expect(r.status == .unprocessableContent)
            #expect(r.text.contains("<strong>Password</strong>"))
            #expect(try await platform.users.find(email: Self.anna) != nil)
            #expect(try await browser.get("/account").status == .ok)
            #expect(try await platform.teams.members(organisationID: org.id).map(\.email) == [Self.anna])
            #expect(try await platform.teams.history(organisationID: org.id).map(\.actor) == ["Anna Lindqvist <\(Self.anna)>"])
        }
    }

    @Test func deletingRemovesTheAccountAndItsSessionsAndLeavesAFormerMemberInTheHistory() async throws {
        try await withApp(demo: false) { client, platform in
            // given Anna signed in twice, with a profile she created
            let browser = try await AccountsTests.registered(client)
            let other = try await TeamsAndModerationTests.login(client, Self.anna)
            let org = try await Self.annasProfile(platform)
            let oldCookie = try #require(browser.cookies[AuthenticationMiddleware.sessionCookie])
            let page = try await browser.get("/account/delete")
            #expect(page.status == .ok)
            // when
            let r = try await browser.post("/account/delete", [("password", Self.password)])
            // then the account is gone, and so is every session
            #expect(r.status == .ok)
            #expect(r.text.contains("Your account is deleted"))
            #expect(r.headers[values: .setCookie].contains { $0.hasPrefix(AuthenticationMiddleware.sessionCookie + "=") && $0.contains("Max-Age=0") })
            #expect(try await platform.users.find(email: Self.anna) == nil)
            let thief = Browser(client)
            thief.cookies[AuthenticationMiddleware.sessionCookie] = oldCookie
            #expect(try await thief.get("/account").status == .seeOther)
            #expect(try await other.get("/account").status == .seeOther)
            // and the profile stays, its history naming a former member
            #expect(try await platform.organisations.find(id: org.id) != nil)
            #expect(try await platform.teams.history(organisationID: org.id).map(\.actor) == ["former member"])
            #expect(try await platform.teams.members(organisationID: org.id).isEmpty)
            // the old password no longer logs in
            let login = Browser(client)
            try await login.get("/login")
            #expect(try await login.post("/login", [("email", Self.anna), ("password", Self.password)]).status == .unauthorized)
        }
    }

    @Test func theLastAdministratorOfATeamWithOthersMustHandOverFirst() async throws {
        try await withApp(demo: false) { client, platform in
            // given Anna is the only administrator of a team Bo is in
            let browser = try await AccountsTests.registered(client)
            let bo = try await AccountsTests.registered(client, email: Self.bo, name: "Bo Berg")
            try await AccountsTests.confirm(bo, platform, email: Self.bo)
            let anna = try await Self.user(platform, Self.anna)
            let org = try await Self.annasProfile(platform)
            _ = try await platform.teams.addMember(
                organisationID: org.id, email: Self.bo, role: .member, invitedBy: anna.id, actor: "Anna Lindqvist <\(Self.anna)>")
            let page = try await browser.get("/account/delete")
            #expect(page.text.contains("only profile administrator of <strong>Baltic Wind Cluster</strong>"))
            // when
            let r = try await browser.post("/account/delete", [("password", Self.password)])
            // then she is told to hand over, and nothing changed
            #expect(r.status == .conflict)
            #expect(r.text.contains("<strong>Team</strong>"))
            #expect(r.text.contains("make one of them administrator first"))
            #expect(try await platform.users.find(email: Self.anna) != nil)
            #expect(try await platform.teams.members(organisationID: org.id).count == 2)
            #expect(try await browser.get("/account").status == .ok)
        }
    }
}

@Suite struct EmailPreferencesAtWorkTests {
    @Test func aTeamMemberWhoTurnedModerationMailOffGetsTheNotificationButNoEmail() async throws {
        try await withApp(demo: false) { client, platform in
            let (manager, id) = try await TeamsAndModerationTests.created(client, platform)
            // given the manager turns every optional e-mail off through the unsubscribe link
            let user = try #require(try await platform.users.find(email: "manager@clusters.example.eu"))
            try await platform.database.withConnection { db in
                try await db.raw(
                    "UPDATE users SET email_settings = '{\"team\":false,\"moderation\":false,\"digest\":false,\"partnering\":false}' WHERE id = \(bind: user.id)"
                ).run()
            }
            try await manager.get("/my/organisations/\(id)")
            _ = try await manager.post("/my/organisations/\(id)/submit", [])
            // when a moderator decides
            _ = try await platform.teams.decide(organisationID: id, decision: .publish, message: "", moderator: "test")
            // then no decision e-mail is written, but the bell rings
            #expect(try await platform.outbox.list(page: 1, perPage: 50).rows.contains { $0.kind == "moderation-decision" } == false)
            #expect(try await platform.notifications.unreadCount(userID: user.id) == 1)
        }
    }

    @Test func optionalEmailsCarryAnUnsubscribeLink() async throws {
        try await withApp(demo: false) { client, platform in
            let (manager, id) = try await TeamsAndModerationTests.created(client, platform)
            try await manager.get("/my/organisations/\(id)")
            _ = try await manager.post("/my/organisations/\(id)/submit", [])
            _ = try await platform.teams.decide(organisationID: id, decision: .publish, message: "", moderator: "test")
            let mail = try #require(try await platform.outbox.list(page: 1, perPage: 50).rows.first { $0.kind == "moderation-decision" })
            #expect(mail.unsubscribeURL?.hasPrefix("https://clusters.example.eu/unsubscribe/") == true)
        }
    }
}

@Suite struct ContactPersonTests {
    @Test func theContactIsPrivateUnlessTheOrganisationShowsItToSignedInUsers() async throws {
        try await withApp(demo: false) { client, platform in
            var organisation = Organisation(
                name: "Contact Cluster", type: .clusterOrganisation, country: "FR", region: "FR10",
                contactName: "Chloé Contact", contactEmail: "chloe@contact.example.eu", status: .published)
            let stored = try await platform.createOrganisation(organisation)
            let user = try await AccountsTests.registered(client, email: "reader@clusters.example.eu", name: "Rea Der")
            // private by default: not on the profile, refused on the contact page
            #expect(try await client.get("/organisations/\(stored.slug)").text.contains("chloe@contact.example.eu") == false)
            #expect(try await user.get("/organisations/\(stored.slug)/contact").status == .forbidden)
            // shown to signed-in users once the organisation allows it, and still not to visitors
            organisation = stored
            organisation.contactVisibleToMembers = true
            _ = try await platform.updateOrganisation(organisation)
            let page = try await user.get("/organisations/\(stored.slug)/contact")
            #expect(page.status == .ok)
            #expect(page.text.contains("chloe@contact.example.eu"))
            #expect(try await client.get("/organisations/\(stored.slug)").text.contains("/contact\">Contact person"))
            let visitor = try await Browser(client).get("/organisations/\(stored.slug)/contact")
            #expect(visitor.status == .seeOther)
        }
    }
}

import ClusterCollabCore
import ClusterCollabStorage
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct TeamsAndModerationTests {
    static let password = AccountsTests.password

    static func login(_ client: any TestClientProtocol, _ email: String) async throws -> Browser {
        let b = Browser(client)
        try await b.get("/login")
        let r = try await b.post("/login", [("email", email), ("password", password)])
        #expect(r.status == .seeOther, "login of \(email)")
        return b
    }

    static func account(_ platform: Platform, _ email: String, _ role: PlatformRole = .user) async throws {
        _ = try await AccountAdministration.createVerifiedAccount(
            email: email, name: email.split(separator: "@")[0].capitalized + " Person",
            password: password, role: role, database: platform.database, bcryptCost: 4)
    }

    static let profileFields: [(String, String)] = [
        ("country", "FR"), ("name", "Normandy Hydrogen Valley"), ("acronym", "NHV"), ("type", "cluster-organisation"),
        ("region", "FRD2"), ("city", "Rouen"), ("website", "https://nhv.example.eu"), ("description", "Hydrogen for industry."),
        ("staff_fte", "2"), ("members_total", "40"), ("members_sme", "30"), ("members_research", "5"),
        ("sectors", "12"), ("sectors", "23"), ("tags", "hydrogen; electrolysers"), ("infrastructures", "test bed: electrolyser test bench"),
    ]

    /// A manager creates a profile through the form and returns the browser and the new id.
    static func created(_ client: any TestClientProtocol, _ platform: Platform) async throws -> (Browser, Int64) {
        try await account(platform, "manager@clusters.example.eu")
        let manager = try await login(client, "manager@clusters.example.eu")
        let countryStep = try await manager.get("/organisations/new")
        #expect(countryStep.text.contains("name=\"country\""))
        let form = try await manager.get("/organisations/new?country=FR")
        #expect(form.text.contains("FRD2"))
        let r = try await manager.post("/organisations/new", profileFields)
        #expect(r.status == .seeOther)
        let id = try #require(r.headers[.location].flatMap { Int64($0.split(separator: "/").last ?? "") })
        return (manager, id)
    }

    @Test func aProfileGoesFromDraftThroughReviewToPublishedOnlyByAModerator() async throws {
        try await withApp(demo: false) { client, platform in
            let (manager, id) = try await Self.created(client, platform)
            var stored = try #require(try await platform.organisations.find(id: id))
            #expect(stored.status == .draft)
            #expect(stored.sectors == [12, 23])
            #expect(stored.infrastructures == [Infrastructure(kind: .testBed, detail: "electrolyser test bench")])
            // the team cannot publish itself
            try await manager.get("/my/organisations/\(id)")
            #expect(try await manager.post("/admin/moderation/\(id)/decision", [("decision", "publish")]).status == .forbidden)
            // submit, then a moderator sees it in the queue and publishes
            #expect(try await manager.post("/my/organisations/\(id)/submit", []).status == .seeOther)
            #expect(try await platform.organisations.find(id: id)?.status == .needsReview)
            try await Self.account(platform, "mod@clusters.example.eu", .moderator)
            let moderator = try await Self.login(client, "mod@clusters.example.eu")
            let queue = try await moderator.get("/admin/moderation")
            #expect(queue.text.contains("Normandy Hydrogen Valley"))
            #expect(try await moderator.post("/admin/moderation/\(id)/decision", [("decision", "publish")]).status == .seeOther)
            stored = try #require(try await platform.organisations.find(id: id))
            #expect(stored.status == .published)
            #expect(try await client.get("/api/v1/organisations?q=hydrogen").json["total"] as? Int == 1)
            // the team was told, through the outbox
            #expect(
                try await platform.outbox.list(page: 1, perPage: 20).rows.contains {
                    $0.kind == "moderation-decision" && $0.recipient == "manager@clusters.example.eu"
                })
            // and the history says who did what
            let history = try await platform.teams.history(organisationID: id)
            #expect(history.map(\.action).contains("submitted for review"))
            #expect(history.contains { $0.action.hasPrefix("publish") && $0.actor.contains("mod@clusters.example.eu") })
        }
    }

    @Test func editsOfAPublishedProfileWaitForReviewWhileThePublishedVersionStaysVisible() async throws {
        try await withApp(demo: false) { client, platform in
            let (manager, id) = try await Self.created(client, platform)
            try await manager.get("/my/organisations/\(id)")
            _ = try await manager.post("/my/organisations/\(id)/submit", [])
            _ = try await platform.teams.decide(organisationID: id, decision: .publish, message: "", moderator: "test")
            try await platform.directory.refresh()
            // edit the published profile
            try await manager.get("/my/organisations/\(id)")
            var fields = Self.profileFields.filter { $0.0 != "description" }
            fields.append(("description", "Hydrogen and ammonia for industry."))
            #expect(try await manager.post("/my/organisations/\(id)", fields).status == .seeOther)
            #expect(try await platform.organisations.find(id: id)?.description == "Hydrogen for industry.")
            #expect(try await client.get("/api/v1/organisations?q=ammonia").json["total"] as? Int == 0)
            // submitted and sent back with a message
            try await manager.get("/my/organisations/\(id)")
            _ = try await manager.post("/my/organisations/\(id)/submit", [])
            _ = try await platform.teams.decide(organisationID: id, decision: .requestChanges, message: "Please add a city.", moderator: "test")
            let page = try await manager.get("/my/organisations/\(id)")
            #expect(page.text.contains("Please add a city."))
            // resubmitted and published: now the public version changes
            _ = try await manager.post("/my/organisations/\(id)/submit", [])
            _ = try await platform.teams.decide(organisationID: id, decision: .publish, message: "", moderator: "test")
            try await platform.directory.refresh()
            #expect(try await platform.organisations.find(id: id)?.description == "Hydrogen and ammonia for industry.")
            #expect(try await client.get("/api/v1/organisations?q=ammonia").json["total"] as? Int == 1)
        }
    }

    @Test func aTeamMemberOfOneOrganisationCannotEditAnother() async throws {
        try await withApp(demo: false) { client, platform in
            let (_, id) = try await Self.created(client, platform)
            try await Self.account(platform, "other@clusters.example.eu")
            let other = try await Self.login(client, "other@clusters.example.eu")
            #expect(try await other.get("/my/organisations/\(id)").status == .forbidden)
            try await other.get("/account")
            var fields = Self.profileFields
            fields.append(("name", "Hijacked"))
            #expect(try await other.post("/my/organisations/\(id)", fields).status == .forbidden)
            #expect(try await other.post("/my/organisations/\(id)/submit", []).status == .forbidden)
            #expect(try await other.post("/my/organisations/\(id)/members", [("email", "x@example.eu")]).status == .forbidden)
            #expect(try await platform.organisations.find(id: id)?.name == "Normandy Hydrogen Valley")
        }
    }

    @Test func invalidProfileFormsNameTheFieldAndSaveNothing() async throws {
        try await withApp(demo: false) { client, platform in
            try await Self.account(platform, "manager@clusters.example.eu")
            let manager = try await Self.login(client, "manager@clusters.example.eu")
            try await manager.get("/organisations/new?country=FR")
            var fields = Self.profileFields.filter { $0.0 != "region" && $0.0 != "website" && $0.0 != "members_sme" }
            fields += [("region", "DE21"), ("website", "ftp://x"), ("members_sme", "900")]
            let r = try await manager.post("/organisations/new", fields)
            #expect(r.status == .unprocessableContent)
            for label in ["Region", "Website", "SMEs"] { #expect(r.text.contains("<strong>\(label)</strong>"), "\(label)") }
            #expect(try await platform.organisations.count() == 0)
        }
    }

    @Test func anAdministratorAddsAColleagueAndAnUnknownAddressIsInvitedToRegister() async throws {
        try await withApp(demo: false) { client, platform in
            let (manager, id) = try await Self.created(client, platform)
            try await Self.account(platform, "colleague@clusters.example.eu")
            try await manager.get("/my/organisations/\(id)")
            #expect(
                try await manager.post("/my/organisations/\(id)/members", [("email", "colleague@clusters.example.eu"), ("role", "member")]).status == .seeOther)
            #expect(
                try await manager.post("/my/organisations/\(id)/members", [("email", "newcomer@clusters.example.eu"), ("role", "member")]).status == .seeOther)
            let members = try await platform.teams.members(organisationID: id)
            #expect(members.map(\.email).sorted() == ["colleague@clusters.example.eu", "manager@clusters.example.eu"])
            let mails = try await platform.outbox.list(page: 1, perPage: 20).rows
            #expect(mails.contains { $0.kind == "team-added" && $0.recipient == "colleague@clusters.example.eu" })
            #expect(mails.contains { $0.kind == "team-invitation" && $0.recipient == "newcomer@clusters.example.eu" })
            // the newcomer registers with that address, and is in the team once it is confirmed
            let newcomer = try await AccountsTests.registered(client, email: "newcomer@clusters.example.eu", name: "New Comer")
            #expect(try await platform.teams.members(organisationID: id).count == 2)
            try await AccountsTests.confirm(newcomer, platform, email: "newcomer@clusters.example.eu")
            #expect(try await platform.teams.members(organisationID: id).count == 3)
            // the colleague (a member, not an administrator) cannot add people
            let colleague = try await Self.login(client, "colleague@clusters.example.eu")
            try await colleague.get("/my/organisations/\(id)")
            #expect(try await colleague.post("/my/organisations/\(id)/members", [("email", "z@clusters.example.eu")]).status == .forbidden)
            // the last administrator cannot be removed
            let managerID = try #require(members.first { $0.email == "manager@clusters.example.eu" }?.userID)
            try await manager.get("/my/organisations/\(id)")
            #expect(try await manager.post("/my/organisations/\(id)/members/\(managerID)/remove", []).status == .conflict)
        }
    }

    @Test func theQueueWarnsAboutProbableDuplicates() {
        let a = Organisation(id: 1, name: "Pôle Drones Île-de-France", type: .clusterOrganisation, country: "FR")
        let b = Organisation(id: 2, name: "Drones Ile de France Cluster", type: .clusterOrganisation, country: "FR")
        let c = Organisation(id: 3, name: "Drones Ile de France Cluster", type: .clusterOrganisation, country: "BE")
        let d = Organisation(id: 4, name: "Loire Photonics Alliance", type: .clusterOrganisation, country: "FR")
        #expect(ProfileWorkflow.probableDuplicates(of: a, among: [a, b, c, d]).map(\.id) == [2])
    }
}

@Suite struct NotificationsTests {
    @Test func aDecisionRingsTheTeamsBellUntilTheyMarkItRead() async throws {
        try await withApp(demo: false) { client, platform in
            let (manager, id) = try await TeamsAndModerationTests.created(client, platform)
            try await manager.get("/my/organisations/\(id)")
            _ = try await manager.post("/my/organisations/\(id)/submit", [])
            _ = try await platform.teams.decide(organisationID: id, decision: .requestChanges, message: "Add members by kind.", moderator: "test")
            // the badge's endpoint counts it
            let count = try await client.execute(uri: "/notifications/unread", method: .get, headers: manager.cookieHeader)
            #expect(try count.json["unread"] as? Int == 1)
            // the list shows it; looking marks nothing read (a link or a prefetch must not clear the bell)
            let page = try await manager.get("/notifications")
            #expect(page.text.contains("Add members by kind."))
            let looked = try await client.execute(uri: "/notifications/unread", method: .get, headers: manager.cookieHeader)
            #expect(try looked.json["unread"] as? Int == 1)
            // the page's button marks them read, with the form's CSRF token
            #expect(page.text.contains("action=\"/notifications/read\""))
            #expect(try await manager.post("/notifications/read", [], csrf: .some(nil)).status == .forbidden)
            #expect(try await manager.post("/notifications/read", []).status == .seeOther)
            let after = try await client.execute(uri: "/notifications/unread", method: .get, headers: manager.cookieHeader)
            #expect(try after.json["unread"] as? Int == 0)
            // visitors have no bell
            #expect(try await client.get("/notifications/unread").status == .unauthorized)
        }
    }
}

@Suite struct JoinRequestsTests {
    @Test func aUserAsksToJoinAndTheTeamAdministratorAccepts() async throws {
        try await withApp(demo: false) { client, platform in
            let (manager, id) = try await TeamsAndModerationTests.created(client, platform)
            try await manager.get("/my/organisations/\(id)")
            _ = try await manager.post("/my/organisations/\(id)/submit", [])
            let published = try await platform.teams.decide(organisationID: id, decision: .publish, message: "", moderator: "test")
            try await platform.directory.refresh()
            // given a registered user who asks to join, refused until the address is confirmed
            let applicant = try await AccountsTests.registered(client, email: "applicant@clusters.example.eu", name: "App Licant")
            #expect(try await applicant.get("/organisations/\(published.slug)/join").status == .forbidden)
            try await AccountsTests.confirm(applicant, platform, email: "applicant@clusters.example.eu")
            try await applicant.get("/organisations/\(published.slug)/join")
            let asked = try await applicant.post("/organisations/\(published.slug)/join", [("message", "I run the test bed.")])
            #expect(asked.status == .ok)
            // asking twice is refused
            #expect(try await applicant.post("/organisations/\(published.slug)/join", [("message", "Again")]).status == .conflict)
            // the administrator sees it and accepts
            let page = try await manager.get("/my/organisations/\(id)")
            #expect(page.text.contains("I run the test bed."))
            let request = try #require(try await platform.teams.openRequests(organisationID: id).first)
            #expect(request.kind == .join)
            #expect(try await manager.post("/join-requests/\(request.id)/accept", []).status == .seeOther)
            #expect(try await platform.teams.members(organisationID: id).contains { $0.email == "applicant@clusters.example.eu" && $0.role == .member })
        }
    }

    @Test func aClaimOfAnOrganisationWithoutATeamGoesToTheModerators() async throws {
        try await withApp(demo: false) { client, platform in
            // given an imported organisation with no team
            let imported = try await platform.createOrganisation(
                Organisation(name: "Imported Cluster", type: .clusterOrganisation, country: "FR", region: "FR10", status: .published))
            try await TeamsAndModerationTests.account(platform, "mod@clusters.example.eu", .moderator)
            let claimant = try await AccountsTests.registered(client, email: "claimant@clusters.example.eu", name: "Claire Mant")
            try await AccountsTests.confirm(claimant, platform, email: "claimant@clusters.example.eu")
            try await claimant.get("/organisations/\(imported.slug)/join")
            #expect(try await claimant.post("/organisations/\(imported.slug)/join", [("message", "I manage it.")]).status == .ok)
            let claim = try #require(try await platform.teams.openClaims().first)
            #expect(claim.kind == .claim)
            // a plain user cannot decide it; a moderator can, and the claimant becomes its administrator
            let other = try await AccountsTests.registered(client, email: "other@clusters.example.eu", name: "Oth Er")
            try await other.get("/account")
            #expect(try await other.post("/join-requests/\(claim.id)/accept", []).status == .forbidden)
            let moderator = try await TeamsAndModerationTests.login(client, "mod@clusters.example.eu")
            #expect(try await moderator.get("/admin/join-requests").text.contains("I manage it."))
            #expect(try await moderator.post("/join-requests/\(claim.id)/accept", []).status == .seeOther)
            #expect(try await platform.teams.members(organisationID: imported.id).map(\.role) == [.administrator])
        }
    }
}

@Suite struct LogoTests {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0x00, count: 64)

    /// Posts a multipart form with a file, as a browser does.
    static func upload(_ browser: Browser, _ path: String, file: [UInt8], csrf: Bool = true) async throws -> TestResponse {
        let boundary = "----ClusterCollabTest\(UUID().uuidString)"
        var body = [UInt8]()
        func append(_ s: String) { body += Array(s.utf8) }
        if csrf, let token = browser.csrfToken {
            append("--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n\(token)\r\n")
        }
        append("--\(boundary)\r\nContent-Disposition: form-data; name=\"logo\"; filename=\"logo.png\"\r\nContent-Type: image/png\r\n\r\n")
        body += file
        append("\r\n--\(boundary)--\r\n")
        var headers = browser.cookieHeader
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        return try await browser.client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(bytes: body))
    }

    @Test func aTeamUploadsAPNGLogoAndItIsServedWithTheProfile() async throws {
        try await withApp(demo: false) { client, platform in
            let (manager, id) = try await TeamsAndModerationTests.created(client, platform)
            try await manager.get("/my/organisations/\(id)")
            let r = try await Self.upload(manager, "/my/organisations/\(id)/logo", file: Self.png)
            #expect(r.status == .seeOther)
            let stored = try #require(try await platform.logos.find(organisationID: id))
            #expect(stored.contentType == "image/png")
            #expect(Array(stored.data) == Self.png)
            let slug = try #require(try await platform.organisations.find(id: id)?.slug)
            let served = try await client.execute(uri: "/organisations/\(slug)/logo", method: .get, headers: manager.cookieHeader)
            #expect(served.headers[.contentType] == "image/png")
            #expect(Array(buffer: served.body) == Self.png)
        }
    }

    static func logo(_ client: any TestClientProtocol, _ path: String, as browser: Browser? = nil) async throws -> TestResponse {
        try await client.execute(uri: path, method: .get, headers: browser?.cookieHeader ?? [:])
    }

    @Test func aDraftsLogoIsOnlyForThoseWhoMaySeeTheDraftAndNeverCachedPublicly() async throws {
        try await withApp(demo: false) { client, platform in
            // given a draft profile with a logo
            let (manager, id) = try await TeamsAndModerationTests.created(client, platform)
            try await manager.get("/my/organisations/\(id)")
            #expect(try await Self.upload(manager, "/my/organisations/\(id)/logo", file: Self.png).status == .seeOther)
            let path = "/organisations/\(try #require(try await platform.organisations.find(id: id)?.slug))/logo"
            try await TeamsAndModerationTests.account(platform, "someone@clusters.example.eu")
            try await TeamsAndModerationTests.account(platform, "mod@clusters.example.eu", .moderator)
            let someone = try await TeamsAndModerationTests.login(client, "someone@clusters.example.eu")
            let moderator = try await TeamsAndModerationTests.login(client, "mod@clusters.example.eu")

            // when its team or the platform team asks for it, then they get it, for their browser only
            for browser in [manager, moderator] {
                let served = try await Self.logo(client, path, as: browser)
                #expect(served.status == .ok)
                #expect(Array(buffer: served.body) == Self.png)
                #expect(served.headers[.cacheControl] == "private, no-store")
            }
            // when a visitor or another signed-in person asks for it, then it does not exist for them
            #expect(try await Self.logo(client, path).status == .notFound)
            #expect(try await Self.logo(client, path, as: someone).status == .notFound)
        }
    }

    @Test func aPublishedProfilesNewLogoWaitsForAModeratorWhileThePublishedOneStays() async throws {
        try await withApp(demo: false) { client, platform in
            // given a published profile with a logo
            let (manager, id) = try await TeamsAndModerationTests.created(client, platform)
            try await manager.get("/my/organisations/\(id)")
            #expect(try await Self.upload(manager, "/my/organisations/\(id)/logo", file: Self.png).status == .seeOther)
            #expect(try await manager.post("/my/organisations/\(id)/submit", []).status == .seeOther)
            try await TeamsAndModerationTests.account(platform, "mod@clusters.example.eu", .moderator)
            let moderator = try await TeamsAndModerationTests.login(client, "mod@clusters.example.eu")
            try await moderator.get("/admin/moderation")
            #expect(try await moderator.post("/admin/moderation/\(id)/decision", [("decision", "publish")]).status == .seeOther)
            let path = "/organisations/\(try #require(try await platform.organisations.find(id: id)?.slug))/logo"
            let published = try await Self.logo(client, path)
            #expect(Array(buffer: published.body) == Self.png)
            #expect(published.headers[.cacheControl] == "public, max-age=300")

            // when the team uploads a new logo
            let newLogo = Self.png + [0x01, 0x02, 0x03]
            try await manager.get("/my/organisations/\(id)")
            #expect(try await Self.upload(manager, "/my/organisations/\(id)/logo", file: newLogo).status == .seeOther)

            // then visitors still see the published logo, and the new one only its team, as edits waiting for review
            #expect(Array(buffer: try await Self.logo(client, path).body) == Self.png)
            #expect(try await Self.logo(client, path + "?version=pending").status == .notFound)
            let pending = try await Self.logo(client, path + "?version=pending", as: manager)
            #expect(Array(buffer: pending.body) == newLogo)
            #expect(pending.headers[.cacheControl] == "private, no-store")
            #expect(try await manager.get("/my/organisations/\(id)").text.contains("logo?version=pending"))
            #expect(try await manager.post("/my/organisations/\(id)/submit", []).status == .seeOther)
            #expect(try await moderator.get("/admin/moderation").text.contains("New logo"))
            #expect(Array(buffer: try await Self.logo(client, path).body) == Self.png)

            // when a moderator publishes the edits, then the new logo is the public one
            #expect(try await moderator.post("/admin/moderation/\(id)/decision", [("decision", "publish")]).status == .seeOther)
            #expect(Array(buffer: try await Self.logo(client, path).body) == newLogo)
            #expect(try await platform.logos.find(organisationID: id, pending: true) == nil)
        }
    }

    @Test func aNonImageOrOversizedLogoIsRefusedWithAClearErrorAndNothingIsSaved() async throws {
        try await withApp(demo: false) { client, platform in
            let (manager, id) = try await TeamsAndModerationTests.created(client, platform)
            try await manager.get("/my/organisations/\(id)")
            let text = try await Self.upload(manager, "/my/organisations/\(id)/logo", file: Array("<svg onload=alert(1)>".utf8))
            #expect(text.status == .unprocessableContent)
            #expect(text.text.contains("PNG, JPEG or WebP"))
            let big = try await Self.upload(manager, "/my/organisations/\(id)/logo", file: Self.png + Array(repeating: 0, count: 600 * 1024))
            #expect(big.status == .unprocessableContent)
            #expect(big.text.contains("512 KiB"))
            let huge = try await Self.upload(manager, "/my/organisations/\(id)/logo", file: Self.png + Array(repeating: 0, count: 2 * 1024 * 1024))
            #expect(huge.status == .contentTooLarge)
            let forged = try await Self.upload(manager, "/my/organisations/\(id)/logo", file: Self.png, csrf: false)
            #expect(forged.status == .forbidden)
            #expect(try await platform.logos.find(organisationID: id) == nil)
        }
    }
}

@Suite struct PostingAndRolesTests {
    @Test func postingIsRateLimitedPerAccount() async throws {
        try await withApp(demo: false, configure: { $0.postingLimit = .init(count: 1, window: 3_600) }) { client, platform in
            let (manager, _) = try await TeamsAndModerationTests.created(client, platform)
            try await manager.get("/organisations/new?country=FR")
            var fields = TeamsAndModerationTests.profileFields.filter { $0.0 != "name" }
            fields.append(("name", "Second Hydrogen Cluster"))
            let second = try await manager.post("/organisations/new", fields)
            #expect(second.status == .tooManyRequests)
            #expect(second.headers[.retryAfter] != nil)
            #expect(try await platform.organisations.count() == 1)
        }
    }

    @Test func aPlatformAdministratorChangesRolesAndTheAuditLogRecordsIt() async throws {
        try await withApp(demo: false) { client, platform in
            try await TeamsAndModerationTests.account(platform, "admin@clusters.example.eu", .platformAdmin)
            try await TeamsAndModerationTests.account(platform, "helper@clusters.example.eu")
            let helper = try #require(try await platform.users.find(email: "helper@clusters.example.eu"))
            let admin = try await TeamsAndModerationTests.login(client, "admin@clusters.example.eu")
            let page = try await admin.get("/admin/users")
            #expect(page.text.contains("helper@clusters.example.eu"))
            #expect(try await admin.post("/admin/users/\(helper.id)/role", [("role", "moderator")]).status == .seeOther)
            #expect(try await platform.users.find(id: helper.id)?.role == .moderator)
            let audit = try await platform.database.withConnection { db in
                try await db.raw("SELECT action FROM audit_log WHERE subject = 'helper@clusters.example.eu'").all().map {
                    try $0.decode(column: "action", as: String.self)
                }
            }
            #expect(audit.contains("role changed from user to moderator"))
            // nobody changes their own role
            let me = try #require(try await platform.users.find(email: "admin@clusters.example.eu"))
            try await admin.get("/admin/users")
            #expect(try await admin.post("/admin/users/\(me.id)/role", [("role", "user")]).status == .conflict)
        }
    }
}

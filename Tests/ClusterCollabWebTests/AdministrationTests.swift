import ClusterCollabCore
import ClusterCollabStorage
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The platform team's way in: the administration index, the moderators' notifications, and decisions
/// that end on the queue with a confirmation or the field's error.
@Suite struct AdministrationTests {
    typealias Teams = TeamsAndModerationTests

    /// A new profile, submitted for review by its manager, and a signed-in moderator.
    static func waiting(_ client: any TestClientProtocol, _ platform: Platform) async throws -> (manager: Browser, moderator: Browser, id: Int64) {
        let (manager, id) = try await Teams.created(client, platform)
        try await Teams.account(platform, "mod@clusters.example.eu", .moderator)
        try await manager.get("/my/organisations/\(id)")
        #expect(try await manager.post("/my/organisations/\(id)/submit", []).status == .seeOther)
        let moderator = try await Teams.login(client, "mod@clusters.example.eu")
        return (manager, moderator, id)
    }

    @Test func theAdministrationIndexListsExactlyThePagesTheRoleMayOpen() async throws {
        try await withApp(demo: false) { client, platform in
            let moderatorPages = ["/admin/moderation", "/admin/join-requests"]
            let adminPages = moderatorPages + ["/admin/outbox", "/admin/users", "/admin/region-categories", "/admin/calls"]
            for (email, role, pages) in [
                ("mod@clusters.example.eu", PlatformRole.moderator, moderatorPages),
                ("admin@clusters.example.eu", .platformAdmin, adminPages),
            ] {
                // given a member of the platform team
                try await Teams.account(platform, email, role)
                let person = try await Teams.login(client, email)
                // when they open the administration index from the header's link
                let home = try await person.get("/")
                #expect(home.text.contains(#"<a href="/admin">Administration</a>"#), "\(role) sees the header's link")
                let index = try await person.get("/admin")
                #expect(index.status == .ok)
                // then it links every page their role may open, each of which opens, and no other
                for page in adminPages {
                    #expect(index.text.contains(#"href="\#(page)""#) == pages.contains(page), "\(role): \(page)")
                }
                for page in pages { #expect(try await person.get(page).status == .ok, "\(role) opens \(page)") }
            }
            // people outside the platform team have neither the link nor the page
            try await Teams.account(platform, "user@clusters.example.eu")
            let user = try await Teams.login(client, "user@clusters.example.eu")
            #expect(!(try await user.get("/").text.contains("Administration")))
            #expect(try await user.get("/admin").status == .forbidden)
            let visitor = try await Browser(client).get("/admin")
            #expect(visitor.status == .seeOther && visitor.headers[.location] == "/login?next=" + FormDecoding.encode("/admin"))
        }
    }

    @Test func moderatorsAreNotifiedWhenAProfileIsSubmittedForReview() async throws {
        try await withApp(demo: false) { client, platform in
            // given a moderator and a platform administrator
            try await Teams.account(platform, "admin@clusters.example.eu", .platformAdmin)
            // when a team submits its profile
            let (_, _, _) = try await Self.waiting(client, platform)
            // then both get a notification (the bell) that leads to the queue
            for email in ["mod@clusters.example.eu", "admin@clusters.example.eu"] {
                let user = try #require(try await platform.users.find(email: email))
                let notes = try await platform.notifications.list(userID: user.id)
                #expect(
                    notes.contains {
                        $0.kind == "review-waiting" && $0.link == "/admin/moderation" && $0.message == "Normandy Hydrogen Valley waits for review"
                    },
                    "\(email): \(notes.map(\.message))")
                #expect(try await platform.notifications.unreadCount(userID: user.id) == 1)
            }
            // and the team itself is not told it waits for itself
            let manager = try #require(try await platform.users.find(email: "manager@clusters.example.eu"))
            #expect(!(try await platform.notifications.list(userID: manager.id).contains { $0.kind == "review-waiting" }))
        }
    }

    @Test func moderatorsAreNotifiedWhenAClaimWaitsForThem() async throws {
        try await withApp(demo: false) { client, platform in
            // given a published organisation without a team, and a moderator
            let (_, id) = try await Teams.created(client, platform)
            try await platform.teams.submit(organisationID: id, actor: "test")
            _ = try await platform.teams.decide(organisationID: id, decision: .publish, message: "", moderator: "test")
            try await platform.database.transaction { db in try await db.raw("DELETE FROM memberships WHERE organisation_id = \(bind: id)").run() }
            try await Teams.account(platform, "mod@clusters.example.eu", .moderator)
            try await Teams.account(platform, "claimant@clusters.example.eu")
            // when someone claims it
            let claimant = try #require(try await platform.users.find(email: "claimant@clusters.example.eu"))
            #expect(try await platform.teams.requestToJoin(organisationID: id, userID: claimant.id, message: "We run it.") == .claim)
            // then the moderator's bell leads to the claims page
            let moderator = try #require(try await platform.users.find(email: "mod@clusters.example.eu"))
            #expect(try await platform.notifications.list(userID: moderator.id).contains { $0.link == "/admin/join-requests" })
        }
    }

    @Test func requestingChangesWithoutAMessageShowsTheQueueWithTheFieldsError() async throws {
        try await withApp(demo: false) { client, platform in
            let (_, moderator, id) = try await Self.waiting(client, platform)
            try await moderator.get("/admin/moderation")
            // when the moderator asks for changes but writes nothing
            let r = try await moderator.post("/admin/moderation/\(id)/decision", [("decision", "request-changes"), ("message", "  ")])
            // then the queue comes back, with the message field's rule, and nothing changed
            #expect(r.status == .unprocessableContent)
            #expect(r.text.contains("<h1>Moderation queue</h1>"))
            #expect(r.text.contains("<strong>Message</strong>: tell the team what to change"))
            #expect(r.text.contains("Normandy Hydrogen Valley"), "the profile is still in the queue to decide")
            #expect(r.text.contains(#"<p class="errors" role="alert">message: tell the team what to change</p>"#), "and the rule is shown at it")
            #expect(try await platform.organisations.find(id: id)?.status == .needsReview)
            // and the moderator can go on from there
            #expect(
                try await moderator.post("/admin/moderation/\(id)/decision", [("decision", "request-changes"), ("message", "Add a city.")]).status == .seeOther)
        }
    }

    @Test func publishingEndsOnTheQueueWithAConfirmationNamingTheProfile() async throws {
        try await withApp(demo: false) { client, platform in
            let (_, moderator, id) = try await Self.waiting(client, platform)
            try await moderator.get("/admin/moderation")
            // when the moderator publishes
            let r = try await moderator.post("/admin/moderation/\(id)/decision", [("decision", "publish")])
            // then they are back on the queue, which confirms by name and links the public profile
            #expect(r.status == .seeOther)
            let location = try #require(r.headers[.location])
            #expect(location.hasPrefix("/admin/moderation?"))
            let queue = try await moderator.get(location)
            let slug = try #require(try await platform.organisations.find(id: id)).slug
            #expect(queue.text.contains(#"Normandy Hydrogen Valley is published. <a href="/organisations/\#(slug)">"#))
            #expect(queue.text.contains("0 waiting for review"))
        }
    }

    @Test func theDecisionEmailSaysWhatHappenedAndLinksWhereTheTeamGoesNext() async throws {
        try await withApp(demo: false) { client, platform in
            let (manager, moderator, id) = try await Self.waiting(client, platform)
            try await moderator.get("/admin/moderation")
            // when changes are requested
            let requested = try await moderator.post("/admin/moderation/\(id)/decision", [("decision", "request-changes"), ("message", "Add a city.")])
            #expect(try await moderator.get(try #require(requested.headers[.location])).text.contains("Changes requested for Normandy Hydrogen Valley."))
            // then the e-mail's subject says so and links the edit page
            var mail = try #require(try await platform.outbox.list(page: 1, perPage: 50).rows.first { $0.kind == "moderation-decision" })
            #expect(mail.subject == "Changes requested for Normandy Hydrogen Valley")
            #expect(mail.bodyText.contains("https://clusters.example.eu/my/organisations/\(id)\n"))
            // when the team resubmits and the moderator publishes
            try await manager.get("/my/organisations/\(id)")
            _ = try await manager.post("/my/organisations/\(id)/submit", [])
            try await moderator.get("/admin/moderation")
            _ = try await moderator.post("/admin/moderation/\(id)/decision", [("decision", "publish")])
            // then the subject says it is published and the link is the public profile, not the edit page
            let slug = try #require(try await platform.organisations.find(id: id)).slug
            mail = try #require(
                try await platform.outbox.list(page: 1, perPage: 50).rows.first { $0.kind == "moderation-decision" && $0.subject != mail.subject })
            #expect(mail.subject == "Normandy Hydrogen Valley is published")
            #expect(mail.bodyText.contains("https://clusters.example.eu/organisations/\(slug)\n"))
            #expect(!mail.bodyText.contains("/my/organisations"))
            // and the team's notification leads to the public profile too
            let team = try #require(try await platform.users.find(email: "manager@clusters.example.eu"))
            #expect(
                try await platform.notifications.list(userID: team.id).contains {
                    $0.message == "Normandy Hydrogen Valley is published" && $0.link == "/organisations/\(slug)"
                })
        }
    }
}

import ClusterCollabCore
import ClusterCollabStorage
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Whoever acts for an organisation must have proven their address: invitations take effect, and join
/// and claim requests are made, only from confirmed addresses; look-alike addresses are refused.
@Suite struct ConfirmedAddressTests {
    static let password = AccountsTests.password

    @Test func anInvitationTakesEffectWhenTheInvitedAddressIsConfirmedNotWhenItIsRegistered() async throws {
        try await withApp(demo: false) { client, platform in
            // given a team administrator who invites an address that has no account yet
            let (manager, id) = try await TeamsAndModerationTests.created(client, platform)
            try await manager.get("/my/organisations/\(id)")
            #expect(
                try await manager.post("/my/organisations/\(id)/members", [("email", "newcomer@clusters.example.eu"), ("role", "administrator")]).status
                    == .seeOther)
            // when someone registers that address
            let registrant = try await AccountsTests.registered(client, email: "newcomer@clusters.example.eu", name: "New Comer")
            // then they are not in the team yet
            #expect(try await platform.teams.members(organisationID: id).contains { $0.email == "newcomer@clusters.example.eu" } == false)
            // and once the address is confirmed from its mailbox, they are, with the invited role
            try await AccountsTests.confirm(registrant, platform, email: "newcomer@clusters.example.eu")
            #expect(try await platform.teams.members(organisationID: id).contains { $0.email == "newcomer@clusters.example.eu" && $0.role == .administrator })
        }
    }

    @Test func anUnconfirmedAccountIsInvitedRatherThanAddedAtOnce() async throws {
        try await withApp(demo: false) { client, platform in
            // given an account whose address is not confirmed
            let bo = try await AccountsTests.registered(client, email: "bo@clusters.example.eu", name: "Bo Berg")
            let (manager, id) = try await TeamsAndModerationTests.created(client, platform)
            // when the team adds that address
            try await manager.get("/my/organisations/\(id)")
            #expect(try await manager.post("/my/organisations/\(id)/members", [("email", "bo@clusters.example.eu"), ("role", "member")]).status == .seeOther)
            // then the account joins only when the address is confirmed
            #expect(try await platform.teams.members(organisationID: id).contains { $0.email == "bo@clusters.example.eu" } == false)
            try await AccountsTests.confirm(bo, platform, email: "bo@clusters.example.eu")
            #expect(try await platform.teams.members(organisationID: id).contains { $0.email == "bo@clusters.example.eu" && $0.role == .member })
        }
    }

    @Test func aJoinOrClaimRequestFromAnUnconfirmedAddressIsRefusedWithAClearError() async throws {
        try await withApp(demo: false) { client, platform in
            // given an organisation without a team and a person whose address is not confirmed
            let imported = try await platform.createOrganisation(
                Organisation(name: "Imported Cluster", type: .clusterOrganisation, country: "FR", region: "FR10", status: .published))
            let claimant = try await AccountsTests.registered(client, email: "claimant@clusters.example.eu", name: "Claire Mant")
            try await claimant.get("/account")
            // when they claim it, then they are told to confirm their address, and nothing is stored
            let r = try await claimant.post("/organisations/\(imported.slug)/join", [("message", "I manage it.")])
            #expect(r.status == .forbidden)
            #expect(r.text.contains("confirm your e-mail address first"))
            #expect(try await platform.teams.openClaims().isEmpty)
        }
    }

    @Test func moderatorsSeeWhetherAClaimantsAddressIsConfirmedAndCannotAcceptAnUnconfirmedOne() async throws {
        try await withApp(demo: false) { client, platform in
            // given two open claims: one by a confirmed person, one by an unconfirmed person (made before
            // requests needed a confirmed address)
            let first = try await platform.createOrganisation(
                Organisation(name: "Imported Cluster", type: .clusterOrganisation, country: "FR", region: "FR10", status: .published))
            let second = try await platform.createOrganisation(
                Organisation(name: "Another Imported Cluster", type: .clusterOrganisation, country: "FR", region: "FR10", status: .published))
            try await TeamsAndModerationTests.account(platform, "confirmed@clusters.example.eu")
            let confirmed = try #require(try await platform.users.find(email: "confirmed@clusters.example.eu"))
            try await platform.teams.requestToJoin(organisationID: first.id, userID: confirmed.id, message: "Confirmed claim.")
            _ = try await AccountsTests.registered(client, email: "unconfirmed@clusters.example.eu", name: "Un Confirmed")
            let unconfirmed = try #require(try await platform.users.find(email: "unconfirmed@clusters.example.eu"))
            try await platform.database.withConnection { db in
                try await db.raw(
                    """
                    INSERT INTO join_requests (organisation_id, user_id, kind, message, status, created_at)
                    VALUES (\(bind: second.id), \(bind: unconfirmed.id), 'claim', 'Old claim.', 'open', 0)
                    """
                ).run()
            }
            // when a moderator opens the claims
            let moderator = try await AccountSecurityTests.signedIn(client, platform, "mod@clusters.example.eu", .moderator)
            let page = try await moderator.get("/admin/join-requests")
            // then each row says whether the address is confirmed
            let rows = page.text.components(separatedBy: "<tr>").dropFirst()
            #expect(rows.first { $0.contains("confirmed@clusters.example.eu") && !$0.contains("unconfirmed@") }?.contains("<td>confirmed</td>") == true)
            #expect(rows.first { $0.contains("unconfirmed@clusters.example.eu") }?.contains("not confirmed") == true)
            // and the unconfirmed claim cannot be accepted
            let claim = try #require(try await platform.teams.openClaims().first { $0.userID == unconfirmed.id })
            #expect(try await moderator.post("/join-requests/\(claim.id)/accept", []).status == .conflict)
            #expect(try await platform.teams.members(organisationID: second.id).isEmpty)
        }
    }

    @Test func lookAlikeAndDecomposedAddressesCannotRegisterASecondAccount() async throws {
        try await withApp(demo: false) { client, _ in
            // given Zoë registered, her "ë" precomposed
            _ = try await AccountsTests.registered(client, email: "zo\u{00EB}@clusters.example.eu", name: "Zoë Berg")
            for (address, rule) in [
                ("zoe\u{0308}@clusters.example.eu", "already registered"), ("ZO\u{00CB}@clusters.example.eu", "already registered"),
                ("zo\u{00EB}@clust\u{0435}rs.example.eu", "mixes alphabets"), ("\u{FF5A}o\u{00EB}@clusters.example.eu", "full-width"),
            ] {
                // when someone registers the same address decomposed, in capitals or with look-alike letters
                let browser = Browser(client)
                try await browser.get("/register")
                let r = try await browser.post("/register", [("name", "Eve Imitator"), ("email", address), ("password", Self.password), ("terms", "yes")])
                // then the e-mail field is refused with its rule
                #expect(r.status == .unprocessableContent, "\(address.debugDescription)")
                #expect(r.text.contains(rule), "\(address.debugDescription) is not refused as \(rule)")
            }
        }
    }
}

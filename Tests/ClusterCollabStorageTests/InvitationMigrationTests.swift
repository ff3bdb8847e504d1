import ClusterCollabCore
import ClusterCollabStorage
import Foundation
import SQLKit
import Testing

/// Migration 8: memberships that accounts got from an invitation before their address was confirmed go
/// back to being open invitations; confirmed people keep theirs.
@Suite struct InvitationMigrationTests {
    @Test(arguments: TestDatabase.dialects)
    func membershipsFromInvitationsOfUnconfirmedAccountsBecomeOpenInvitationsAgain(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let now = Date(timeIntervalSince1970: 1_700_000_000)
            let teams = TeamRepository(database: db, publicURL: "https://clusters.example.eu")
            // given a team whose administrator invited two addresses, both accepted at registration as
            // the platform used to do, one of them confirmed since and one not
            let admin = try await db.transaction { tx in
                try await UserRepository.create(
                    email: "admin@clusters.example.eu", name: "Ad Min", passwordHash: "x", role: .user, verified: true,
                    unsubscribeToken: "u1", now: now, on: tx)
            }
            let organisation = try await teams.createProfile(
                Organisation(name: "Migration Cluster", type: .clusterOrganisation, country: "FR", region: "FR10"),
                creatorID: admin.id, actor: "test")
            for (email, verified) in [("confirmed@clusters.example.eu", true), ("unconfirmed@clusters.example.eu", false)] {
                _ = try await teams.addMember(organisationID: organisation.id, email: email, role: .administrator, invitedBy: admin.id, actor: "test")
                try await db.transaction { tx in
                    let user = try await UserRepository.create(
                        email: email, name: "Invited", passwordHash: "x", role: .user, verified: verified,
                        unsubscribeToken: "u-" + email, now: now, on: tx)
                    try await TeamRepository.acceptInvitations(email: email, userID: user.id, now: now, on: tx)
                }
            }
            #expect(try await teams.members(organisationID: organisation.id).count == 3)
            // when migration 8 runs
            let migration = try #require(Migrations.all.first { $0.version == 8 })
            try await db.transaction { tx in
                for statement in migration.statements(db.dialect) { try await tx.raw(SQLQueryString(statement)).run() }
            }
            // then the unconfirmed account is out of the team, its invitation open again, the others stay
            #expect(
                try await teams.members(organisationID: organisation.id).map(\.email).sorted() == [
                    "admin@clusters.example.eu", "confirmed@clusters.example.eu",
                ])
            let open = try await db.withConnection { conn in
                try await conn.raw("SELECT email FROM invitations WHERE accepted_at IS NULL").all().map { try $0.decode(column: "email", as: String.self) }
            }
            #expect(open == ["unconfirmed@clusters.example.eu"])
            // and confirming the address later brings the invited role back
            let unconfirmed = try #require(try await UserRepository(database: db).find(email: "unconfirmed@clusters.example.eu"))
            try await db.transaction { tx in
                try await UserRepository.markVerified(userID: unconfirmed.id, now: now, on: tx)
                try await TeamRepository.acceptInvitations(email: unconfirmed.email, userID: unconfirmed.id, now: now, on: tx)
            }
            #expect(try await teams.members(organisationID: organisation.id).contains { $0.email == unconfirmed.email && $0.role == .administrator })
        }
    }
}

import ClusterCollabCore
@testable import ClusterCollabStorage
import Foundation
import Testing

/// Logos on both databases: a published profile's new logo waits for a moderator with the profile's
/// other edits, and the published logo stays until then.
@Suite struct LogoRepositoryTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let first = Data([0x89, 0x50, 0x4E, 0x47, 0x01])
    static let second = Data([0x89, 0x50, 0x4E, 0x47, 0x02])
    static let third = Data([0x89, 0x50, 0x4E, 0x47, 0x03])

    @Test(arguments: TestDatabase.dialects)
    func aPublishedProfilesNewLogoIsPublishedOrDiscardedWithItsEdits(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            // given a published profile with a logo
            let teams = TeamRepository(database: db, publicURL: "https://clusters.example.eu")
            let logos = LogoRepository(database: db)
            let organisation = try await OrganisationRepository(database: db).create(
                Organisation(name: "Logo Cluster", type: .clusterOrganisation, country: "FR", region: "FR10", status: .draft), now: Self.now)
            #expect(
                try await teams.saveLogo(
                    organisationID: organisation.id, contentType: "image/png", data: Self.first, actor: "team", actorID: nil, now: Self.now) == false,
                "a draft's logo changes in place")
            try await teams.submit(organisationID: organisation.id, actor: "team", now: Self.now)
            _ = try await teams.decide(organisationID: organisation.id, decision: .publish, message: "", moderator: "mod", now: Self.now)

            // when the team uploads a new logo, then it waits with a pending revision and the published one stays
            #expect(
                try await teams.saveLogo(
                    organisationID: organisation.id, contentType: "image/png", data: Self.second, actor: "team", actorID: nil, now: Self.now))
            #expect(try await logos.find(organisationID: organisation.id)?.data == Self.first)
            #expect(try await logos.find(organisationID: organisation.id, pending: true)?.data == Self.second)
            #expect(try await teams.pendingRevision(organisationID: organisation.id)?.status == .draft)

            // when a moderator publishes the edits, then the new logo is the published one
            try await teams.submit(organisationID: organisation.id, actor: "team", now: Self.now)
            _ = try await teams.decide(organisationID: organisation.id, decision: .publish, message: "", moderator: "mod", now: Self.now)
            #expect(try await logos.find(organisationID: organisation.id)?.data == Self.second)
            #expect(try await logos.exists(organisationID: organisation.id, pending: true) == false)

            // when a moderator rejects the next one, then it is discarded and the published logo stays
            try await teams.saveLogo(organisationID: organisation.id, contentType: "image/png", data: Self.third, actor: "team", actorID: nil, now: Self.now)
            try await teams.submit(organisationID: organisation.id, actor: "team", now: Self.now)
            _ = try await teams.decide(organisationID: organisation.id, decision: .reject, message: "Not our logo", moderator: "mod", now: Self.now)
            #expect(try await logos.find(organisationID: organisation.id)?.data == Self.second)
            #expect(try await logos.exists(organisationID: organisation.id, pending: true) == false)
            #expect(try await teams.history(organisationID: organisation.id).contains { $0.action == "logo changed (pending review)" })
        }
    }
}

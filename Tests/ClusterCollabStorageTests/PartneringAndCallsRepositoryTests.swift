import ClusterCollabCalls
import ClusterCollabCore
import ClusterCollabMatching
@testable import ClusterCollabStorage
import Foundation
import Testing

/// The partnering and calls repositories on both databases: the consortium a search builds, and a
/// submission decided by the clock read inside its transaction.
@Suite struct PartneringAndCallsRepositoryTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func organisation(_ name: String, _ country: String, _ region: String, on db: Database) async throws -> Organisation {
        try await OrganisationRepository(database: db).create(
            Organisation(name: name, type: .clusterOrganisation, country: country, region: region, status: .published), now: now)
    }

    static func search(owner: Int64, on db: Database) async throws -> StoredPartnerSearch {
        var input = PartnerSearchInput()
        input.title = "Drones for industry"; input.kind = "project-consortium"
        input.description = "A consortium for drones in industrial modernisation."; input.competences = ["keyword:drone", "ecosystem:1"]
        input.deadline = "2026-12-31"
        return try await PartnerSearchRepository(database: db, reference: .shipped, publicURL: "https://clusters.example.eu")
            .create(try input.applied(to: nil, ownerID: owner, reference: .shipped, today: "2026-11-20"), createdBy: nil, actor: "test", now: now)
    }

    @Test(arguments: TestDatabase.dialects)
    func theConsortiumIsTheOwnerAndTheAcceptedPartners(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let searches = PartnerSearchRepository(database: db, reference: .shipped, publicURL: "https://clusters.example.eu")
            let owner = try await Self.organisation("Drone Cluster", "FR", "FR10", on: db)
            let a = try await Self.organisation("Alpha Hub", "DE", "DE21", on: db)
            let b = try await Self.organisation("Beta Hub", "PL", "PL82", on: db)
            let record = try await Self.search(owner: owner.id, on: db)
            #expect(record.consortium.members.map(\.organisationID) == [owner.id])
            let first = try await searches.expressInterest(
                searchID: record.search.id, organisationID: a.id, userID: nil, message: "Us", today: "2026-11-21", now: Self.now)
            let second = try await searches.expressInterest(
                searchID: record.search.id, organisationID: b.id, userID: nil, message: "", today: "2026-11-21", now: Self.now)
            await #expect(throws: Refusal.self) {
                _ = try await searches.expressInterest(
                    searchID: record.search.id, organisationID: a.id, userID: nil, message: "again", today: "2026-11-21", now: Self.now)
            }
            try await searches.decideInterest(id: first.id, accept: true, decidedBy: 0, actor: "test", now: Self.now)
            try await searches.withdrawInterest(id: second.id, now: Self.now)
            await #expect(throws: Refusal.self) {
                try await searches.decideInterest(id: second.id, accept: true, decidedBy: 0, actor: "test", now: Self.now)
            }
            let stored = try #require(try await searches.find(id: record.search.id))
            #expect(stored.consortium.partnerIDs == [a.id])
            #expect(try await searches.interests(searchID: record.search.id).map(\.interest.status) == [.accepted, .withdrawn])
            // After the deadline no interest is taken.
            await #expect(throws: Refusal.self) {
                _ = try await searches.expressInterest(
                    searchID: record.search.id, organisationID: b.id, userID: nil, message: "", today: "2027-01-01", now: Self.now)
            }
            var filter = PartnerSearchRepository.Filter()
            filter.competence = .keyword("drone")
            #expect(try await searches.list(filter, today: "2026-11-21", page: 1, perPage: 10).total == 1)
            #expect(try await searches.list(filter, today: "2027-01-01", page: 1, perPage: 10).total == 0, "past its deadline it is no longer open")
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func aSubmissionIsDecidedByTheClockInsideItsTransaction(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let calls = CallRepository(database: db, reference: .shipped, publicURL: "https://clusters.example.eu")
            let searches = PartnerSearchRepository(database: db, reference: .shipped, publicURL: "https://clusters.example.eu")
            let owner = try await Self.organisation("Drone Cluster", "FR", "FR10", on: db)
            let partner = try await Self.organisation("Beta Hub", "PL", "PL82", on: db)
            try await RegionCategoryRepository(database: db).set(["PL82": .lessDeveloped], replacing: true, actor: "test", now: Self.now)
            let record = try await Self.search(owner: owner.id, on: db)
            let interest = try await searches.expressInterest(
                searchID: record.search.id, organisationID: partner.id, userID: nil, message: "", today: "2026-11-21", now: Self.now)
            try await searches.decideInterest(id: interest.id, accept: true, decidedBy: 0, actor: "test", now: Self.now)
            var call = DemoCalls.escpS3(title: "Test call", opensAt: Self.now.addingTimeInterval(-3_600), closesAt: Self.now.addingTimeInterval(3_600))
            call.rules = [.minMembers(2), .regionCategory([.lessDeveloped, .transition], atLeast: 1)]
            let stored = try await calls.create(call, actor: "test", now: Self.now).call
            let draft = try await calls.createDraft(callID: stored.id, searchID: record.search.id, leadID: owner.id, userID: 0, now: Self.now)
            let answers = ["summary": String(repeating: "a summary ", count: 6), "thematic_area": "Agri-food", "s3_alignment": "yes"]

            // One millisecond late, by the clock read in the transaction: refused, nothing written.
            await #expect(throws: Refusal.self) {
                _ = try await calls.submit(id: draft.id, answers: answers, expectedVersion: 1, userID: 0, userEmail: nil, clock: { stored.closesAt })
            }
            #expect(try await calls.application(id: draft.id)?.status == .draft)
            // Just in time: stored with its receipt and eligibility.
            let receipt = try await calls.submit(
                id: draft.id, answers: answers, expectedVersion: 1, userID: 0, userEmail: nil,
                clock: { stored.closesAt.addingTimeInterval(-0.001) })
            #expect(receipt.application.status == .submitted)
            #expect(
                receipt.application.reference
                    == Receipt.reference(
                        programme: "ESCP-S3", year: Calendar(identifier: .gregorian).component(.year, from: stored.closesAt), applicationID: draft.id))
            #expect(
                receipt.application.digest
                    == Receipt.digest(
                        callID: stored.id, applicationID: draft.id, version: 2, answers: answers,
                        memberIDs: [owner.id, partner.id].sorted(), submittedAt: receipt.application.submittedAt!))
            #expect(Eligibility.isEligible(receipt.application.eligibility))
            #expect(try await calls.versions(applicationID: draft.id).map(\.status) == [.draft, .submitted])
            // A second writer based on the same version is refused, not merged.
            await #expect(throws: Refusal.self) {
                _ = try await calls.submit(id: draft.id, answers: answers, expectedVersion: 1, userID: 0, userEmail: nil, clock: { Self.now })
            }
        }
    }
}

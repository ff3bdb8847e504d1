import ClusterCollabContent
import ClusterCollabCore
@testable import ClusterCollabStorage
import Foundation
import Testing

/// Saved searches on both databases: each person's own, the alert's unsubscribe token, the searches waiting
/// for a period's alert (confirmed addresses only), and each alert going exactly once whatever the runs.
@Suite struct SavedSearchRepositoryTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let publicURL = "https://clusters.example.eu"

    static func person(_ email: String, verified: Bool = true, on db: Database) async throws -> User {
        try await db.transaction { tx in
            try await UserRepository.create(
                email: email, name: "Person", passwordHash: "$2b$04$hash", role: .user, verified: verified, unsubscribeToken: "unsub-" + email,
                now: now, on: tx)
        }
    }

    static let drones = SavedSearchInput.Checked(name: "Drone clusters in France", kind: .directory, query: "q=drone&country=FR", frequency: .daily)

    @Test(arguments: TestDatabase.dialects)
    func aPersonsSearchesAreTheirsAlone(_ dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let store = SavedSearchRepository(database: db, publicURL: Self.publicURL)
            let owner = try await Self.person("owner@clusters.example.eu", on: db)
            let other = try await Self.person("other@clusters.example.eu", on: db)
            let saved = try await store.create(userID: owner.id, Self.drones, now: Self.now)
            #expect(saved.name == "Drone clusters in France" && saved.lastLookedAt == Self.now)
            #expect(try await store.list(userID: owner.id).map(\.id) == [saved.id])
            #expect(try await store.list(userID: other.id).isEmpty)
            #expect(try await store.find(id: saved.id, userID: other.id) == nil)
            #expect(try await store.update(id: saved.id, userID: other.id, Self.drones) == nil)
            #expect(try await store.delete(id: saved.id, userID: other.id) == false)
            var weekly = Self.drones
            weekly.frequency = .weekly
            #expect(try await store.update(id: saved.id, userID: owner.id, weekly)?.frequency == .weekly)
            let later = Self.now.addingTimeInterval(60)
            try await store.markLooked(id: saved.id, userID: owner.id, now: later)
            #expect(try await store.find(id: saved.id, userID: owner.id)?.lastLookedAt == later)
            #expect(try await store.delete(id: saved.id, userID: owner.id))
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func eachAlertGoesOnceWhateverTheRunsAndOnlyToConfirmedAddresses(_ dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let store = SavedSearchRepository(database: db, publicURL: Self.publicURL)
            let confirmed = try await Self.person("confirmed@clusters.example.eu", on: db)
            let unconfirmed = try await Self.person("unconfirmed@clusters.example.eu", verified: false, on: db)
            let search = try await store.create(userID: confirmed.id, Self.drones, now: Self.now)
            _ = try await store.create(userID: unconfirmed.id, Self.drones, now: Self.now)
            var weekly = Self.drones
            weekly.frequency = .weekly
            _ = try await store.create(userID: confirmed.id, weekly, now: Self.now)

            // the day's daily searches of confirmed addresses wait, with their unsubscribe link
            let (waiting, last) = try await store.waiting(.daily, period: "2026-11-18", after: 0, limit: 100)
            #expect(waiting.map(\.search.id) == [search.id])
            #expect(last != nil)
            let link = try #require(waiting.first?.unsubscribeURL)
            #expect(link.hasPrefix("https://clusters.example.eu/unsubscribe/saved-search/"))

            // two runs of the same period at once write one e-mail
            let mail = OutboxMail(
                recipient: confirmed.email, subject: "alert", bodyText: "Occitanie Drone Valley", kind: "saved-search-alert", unsubscribeURL: link)
            async let a = store.send([(search.id, mail)], period: "2026-11-18", now: Self.now)
            async let b = store.send([(search.id, mail)], period: "2026-11-18", now: Self.now)
            let (first, second) = try await (a, b)
            #expect(first + second == 1)
            #expect(try await store.send([(search.id, mail)], period: "2026-11-18", now: Self.now) == 0)
            #expect(try await OutboxRepository(database: db).list(page: 1, perPage: 10).rows.filter { $0.kind == "saved-search-alert" }.count == 1)
            #expect(try await store.waiting(.daily, period: "2026-11-18", after: 0, limit: 100).subscriptions.isEmpty)
            #expect(try await store.waitingCount(.daily, period: "2026-11-18") == 0)
            #expect(try await store.waitingCount(.daily, period: "2026-11-19") == 1, "the unconfirmed address's search does not count")
            // the next day is another period
            #expect(try await store.waiting(.daily, period: "2026-11-19", after: 0, limit: 100).subscriptions.count == 1)

            // the unsubscribe token turns this search's e-mail off, and only this one
            let token = String(link.split(separator: "/").last!)
            #expect(try await store.search(unsubscribeToken: token)?.email == confirmed.email)
            #expect(try await store.unsubscribe(token: token)?.frequency == SavedSearch.Frequency.none)
            #expect(try await store.unsubscribe(token: "nobody's") == nil)
            #expect(try await store.list(userID: confirmed.id).map(\.frequency) == [.none, .weekly])
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func whatIsNewIsWhatWasFirstPublishedInThePeriod(_ dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let organisations = OrganisationRepository(database: db)
            var old = sampleOrganisation("Old Drone Cluster")
            old.status = .published
            old.createdAt = Self.now.addingTimeInterval(-10 * 86_400)
            _ = try await organisations.create(old, now: old.createdAt)
            var fresh = sampleOrganisation("Fresh Drone Cluster")
            fresh.status = .published
            fresh.createdAt = Self.now
            let stored = try await organisations.create(fresh, now: Self.now)
            let store = SavedSearchRepository(database: db, publicURL: Self.publicURL)
            let found = try await store.published(since: Self.now.addingTimeInterval(-86_400), until: Self.now.addingTimeInterval(1))
            #expect(found.map(\.id) == [stored.id])
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func aDeletedAccountTakesItsSearchesAndTheirAlertsWithIt(_ dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let store = SavedSearchRepository(database: db, publicURL: Self.publicURL)
            let owner = try await Self.person("owner@clusters.example.eu", on: db)
            let search = try await store.create(userID: owner.id, Self.drones, now: Self.now)
            try await store.markQuiet([search.id], period: "2026-11-18", now: Self.now)
            #expect(try await PrivacyRepository(database: db, publicURL: Self.publicURL).deleteAccount(userID: owner.id))
            let left = try await db.withConnection { c in
                (
                    try await c.raw("SELECT COUNT(*) AS n FROM saved_searches").first()?.decode(column: "n", as: Int.self),
                    try await c.raw("SELECT COUNT(*) AS n FROM saved_search_sends").first()?.decode(column: "n", as: Int.self)
                )
            }
            #expect(left.0 == 0 && left.1 == 0)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func aPersonKeepsAtMostFiftySearches(_ dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let store = SavedSearchRepository(database: db, publicURL: Self.publicURL)
            let owner = try await Self.person("owner@clusters.example.eu", on: db)
            for _ in 0..<SavedSearch.maxPerPerson { _ = try await store.create(userID: owner.id, Self.drones) }
            await #expect(throws: ValidationErrors.self) { _ = try await store.create(userID: owner.id, Self.drones) }
            #expect(try await store.list(userID: owner.id).count == SavedSearch.maxPerPerson)
        }
    }
}

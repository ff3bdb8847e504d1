import ClusterCollabCalls
import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabStorage
import Foundation
import Testing

private let june2016 = Date(timeIntervalSince1970: 1_465_200_000)  // 6 June 2016

/// The site search's reads of news, events and calls, on both databases: only what the public sees, words
/// matched whatever their case and accents, newest first, page by page.
@Suite struct SiteSearchRepositoryTests {
    @Test(arguments: TestDatabase.dialects)
    func publishedNewsIsFoundByItsWordsAndDraftsAreNot(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = NewsRepository(database: db)
            // given two published articles about drones (one only by its tag), one about hydrogen, and a draft about drones
            let older = try await repo.create(
                NewsArticle(title: "Drone corridors in Île-de-France", summary: "Regional test zones open to partner clusters.", body: "x")
                    .published(at: june2016), actor: "test")
            let newer = try await repo.create(
                NewsArticle(title: "Flight tests across the region", summary: "A summary without the word searched.", body: "x", tags: ["drones"])
                    .published(at: june2016.addingTimeInterval(86_400)), actor: "test")
            _ = try await repo.create(
                NewsArticle(title: "Hydrogen valleys", summary: "Electrolysers for energy-intensive industries.", body: "drones").published(at: june2016),
                actor: "test")
            _ = try await repo.create(NewsArticle(title: "Drone draft article", summary: "Not published, never found.", body: "x"), actor: "test")
            // when they are searched for "DRONE", then the two published ones come, newest first
            let found = try await repo.search(SiteSearchQuery(text: "DRONE"), page: 1, perPage: 10)
            #expect(found.total == 2)
            #expect(found.items.map(\.article.id) == [newer.article.id, older.article.id])
            // and "ile-de-france" finds Île-de-France; the second page of one holds the older one
            #expect(try await repo.search(SiteSearchQuery(text: "ile-de-france"), page: 1, perPage: 10).items.map(\.article.id) == [older.article.id])
            let second = try await repo.search(SiteSearchQuery(text: "drone"), page: 2, perPage: 1)
            #expect(second.total == 2 && second.items.map(\.article.id) == [older.article.id])
            #expect(try await repo.search(SiteSearchQuery(text: ""), page: 1, perPage: 10).total == 0)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func publishedEventsArefoundByTitleDescriptionVenueOrTagsAndDraftsAreNot(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = EventRepository(database: db)
            func event(_ title: String, venue: String, tags: [String] = [], starts: Date) -> Event {
                Event(
                    title: title, description: "About \(title).", kind: .workshop, startsAt: starts, endsAt: starts.addingTimeInterval(7_200),
                    timeZone: "Europe/Paris", venue: venue, tags: tags)
            }
            let workshop = try await repo.create(
                event("Photonics workshop", venue: "Orsay, Île-de-France", starts: june2016).published(at: june2016), actor: "test")
            let webinar = try await repo.create(
                event("Test zones webinar", venue: "Online", tags: ["ile-de-france"], starts: june2016.addingTimeInterval(86_400)).published(at: june2016),
                actor: "test")
            _ = try await repo.create(event("Île-de-France draft day", venue: "Paris", starts: june2016), actor: "test")
            let found = try await repo.search(SiteSearchQuery(text: "Ile de France"), page: 1, perPage: 10)
            #expect(found.total == 2)
            #expect(found.items.map(\.event.id) == [webinar.event.id, workshop.event.id], "the latest start first; the draft is left out")
            #expect(try await repo.search(SiteSearchQuery(text: "photonics orsay"), page: 1, perPage: 10).items.map(\.event.id) == [workshop.event.id])
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func callsButDraftsAreFoundByTheirWords(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = CallRepository(database: db, reference: .shipped, publicURL: "https://clusters.example.eu")
            func call(_ title: String, areas: [String], state: Call.State) -> Call {
                Call(
                    title: title, programme: "ESCP-S3", description: "Consortia of clusters.", thematicAreas: areas, opensAt: june2016,
                    closesAt: june2016.addingTimeInterval(30 * 86_400), timeZone: "Europe/Brussels", state: state)
            }
            let published = try await repo.create(call("Drones for industrial modernisation", areas: ["Énergie"], state: .published), actor: "test")
            _ = try await repo.create(call("Drones in a draft call", areas: [], state: .draft), actor: "test")
            let found = try await repo.search(SiteSearchQuery(text: "drones"), page: 1, perPage: 10)
            #expect(found.total == 1 && found.items.map(\.call.id) == [published.call.id])
            #expect(try await repo.search(SiteSearchQuery(text: "energie"), page: 1, perPage: 10).total == 1, "thematic areas, accents aside")
            #expect(try await repo.search(SiteSearchQuery(text: "drones"), page: 2, perPage: 10).items.isEmpty)
        }
    }
}

import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabStorage
import Foundation
import SQLKit
import Testing

private let assemblyStart = Date(timeIntervalSince1970: 1_464_336_000)  // 27 May 2016, 10:00 in Paris
private let today = Date(timeIntervalSince1970: 1_797_350_400)  // 15 December 2026

/// Events as stored on both databases: past and upcoming lists, a month's events, an organiser's events,
/// tags, versions and the organiser that must exist.
@Suite struct EventRepositoryTests {
    func event(_ title: String, starts: Date, hours: Double = 2, organiser: Int64? = nil, tags: [String] = [], kind: EventKind = .conference)
        -> Event
    {
        Event(
            title: title, description: "About \(title).", kind: kind, startsAt: starts, endsAt: starts.addingTimeInterval(hours * 3600),
            timeZone: "Europe/Paris", venue: "Paris", organiserID: organiser, tags: tags
        ).published(at: starts.addingTimeInterval(-86_400))
    }

    @Test(arguments: TestDatabase.dialects)
    func pastAndUpcomingEventsAreListedInTheirOrder(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = EventRepository(database: db)
            let pole = try await OrganisationRepository(database: db).create(sampleOrganisation("Pôle Drones"))
            // given the assembly of 2016, an event running now, two to come and a draft
            let assembly = try await repo.create(
                event("General assembly 2016", starts: assemblyStart, hours: 7.5, tags: ["general-assembly"], kind: .generalAssembly), actor: "test")
            let running = try await repo.create(event("A conference running now", starts: today.addingTimeInterval(-3600)), actor: "test")
            let later = try await repo.create(event("A webinar next month", starts: today.addingTimeInterval(30 * 86_400), organiser: pole.id), actor: "test")
            let soon = try await repo.create(
                event("A workshop next week", starts: today.addingTimeInterval(7 * 86_400), organiser: pole.id, tags: ["drones"]), actor: "test")
            var draft = event("A draft event nobody sees", starts: today.addingTimeInterval(86_400))
            draft.status = .draft
            _ = try await repo.create(draft, actor: "test")

            var filter = EventRepository.Filter()
            filter.when = .upcoming
            // then the upcoming list holds what is not over, soonest first, without the draft
            #expect(try await repo.list(filter, now: today, page: 1, perPage: 10).items.map(\.event.id) == [running.event.id, soon.event.id, later.event.id])
            filter.when = .past
            let past = try await repo.list(filter, now: today, page: 1, perPage: 10)
            #expect(past.items.map(\.event.id) == [assembly.event.id])
            #expect(past.items[0].event.startsAt == assemblyStart)
            #expect(past.items[0].event.timeZone == "Europe/Paris")
            // by organiser, tag, kind, and the month of May 2016
            filter.when = .all
            filter.organiserID = pole.id
            let byOrganiser = try await repo.list(filter, now: today, page: 1, perPage: 10)
            #expect(byOrganiser.total == 2)
            #expect(byOrganiser.items.allSatisfy { $0.organiserName == "Pôle Drones" })
            filter.tag = "drones"
            #expect(try await repo.list(filter, now: today, page: 1, perPage: 10).items.map(\.event.id) == [soon.event.id])
            var month = EventRepository.Filter()
            month.overlapping = Date(timeIntervalSince1970: 1_462_060_800)..<Date(timeIntervalSince1970: 1_464_739_200)  // May 2016
            #expect(try await repo.list(month, now: today, page: 1, perPage: 10).items.map(\.event.id) == [assembly.event.id])
            var kind = EventRepository.Filter()
            kind.kind = .generalAssembly
            #expect(try await repo.list(kind, now: today, page: 1, perPage: 10).total == 1)
            #expect(try await repo.tags().map(\.tag) == ["drones", "general-assembly"])
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func anEventForAnOrganisationThatDoesNotExistStoresNothing(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = EventRepository(database: db)
            do {
                _ = try await repo.create(event("An event of nobody", starts: today, organiser: 999_999), actor: "test")
                Issue.record("an event for no organisation was stored")
            } catch let errors as ValidationErrors {
                #expect(errors.fields["organiser_id"] == "must be an organisation of the platform (no organisation 999999)")
            }
            var everything = EventRepository.Filter()
            everything.status = nil
            #expect(try await repo.list(everything, now: today, page: 1, perPage: 10).total == 0)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func anEditBasedOnAnOlderVersionIsRefusedAndTheSlugStays(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = EventRepository(database: db)
            let first = try await repo.create(event("Cluster days", starts: today), actor: "test")
            let second = try await repo.create(event("Cluster days!", starts: today), actor: "test")
            #expect(first.event.slug == "cluster-days" && second.event.slug == "cluster-days-2")
            var edit = first.event
            edit.title = "Cluster days in Lyon"
            let edited = try await repo.update(edit, expectedVersion: 1, actor: "test")
            #expect(edited.event.slug == "cluster-days" && edited.event.version == 2)
            edit.title = "A stale edit"
            await #expect(throws: Refusal.self) { _ = try await repo.update(edit, expectedVersion: 1, actor: "test") }
            #expect(try await repo.find(id: first.event.id)?.event.title == "Cluster days in Lyon")
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func theDemoHasTheAssemblyOf27May2016(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            #expect(try await DemoEvents.loadIfEmpty(database: db, now: today) == 4)
            #expect(try await DemoEvents.loadIfEmpty(database: db, now: today) == 0)
            var past = EventRepository.Filter()
            past.when = .past
            let found = try await EventRepository(database: db).list(past, now: today, page: 1, perPage: 10).items
            #expect(found.map(\.event.startsAt) == [assemblyStart])
            #expect(found.first?.event.kind == .generalAssembly)
            var upcoming = EventRepository.Filter()
            upcoming.when = .upcoming
            #expect(try await EventRepository(database: db).list(upcoming, now: today, page: 1, perPage: 10).total == 3)
        }
    }
}

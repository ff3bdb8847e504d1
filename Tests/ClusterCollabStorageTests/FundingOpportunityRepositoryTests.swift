import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabStorage
import Foundation
import SQLKit
import Testing

private let now = Date(timeIntervalSince1970: 1_772_366_400)  // 1 March 2026, 12:00 UTC

/// Funding opportunities as stored on both databases: the filters, the order, versions and imports.
@Suite struct FundingOpportunityRepositoryTests {
    func opportunity(
        _ title: String, programme: String = "Interreg", countries: [String] = [], sectors: [Int] = [], ecosystems: [Int] = [],
        technologies: [String] = [], keywords: [String] = [], opens: Double = -10, closes: Double
    ) -> FundingOpportunity {
        FundingOpportunity(
            title: title, programme: programme, fundingBody: "A joint secretariat", link: "https://funding.example.eu/\(TextFolding.slug(title))",
            opensAt: now.addingTimeInterval(opens * 86_400), deadline: now.addingTimeInterval(closes * 86_400), timeZone: "Europe/Paris",
            budget: 1_000_000, actionType: "Innovation action", cascadeFunding: true, countries: countries, sectors: sectors, ecosystems: ecosystems,
            technologies: technologies, keywords: keywords, description: "Pour les **réseaux** d'entreprises.")
    }

    @Test(arguments: TestDatabase.dialects)
    func anOpportunityIsStoredWhole(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = FundingOpportunityRepository(database: db)
            let written = opportunity(
                "Drones for inspection", countries: ["FR", "DE"], sectors: [1], ecosystems: [1, 10], technologies: ["KET2018-5"], keywords: ["drones"],
                closes: 20)
            let stored = try await repo.create(written, actor: "test", now: now)
            var expected = written
            expected.id = stored.opportunity.id
            #expect(stored.opportunity == expected)
            #expect(stored.createdAt == now)
            let found = try #require(try await repo.find(id: stored.opportunity.id))
            #expect(found.opportunity == expected)
            #expect(try await repo.find(id: 999_999) == nil)
            // An opportunity without budget or type of action keeps them empty.
            var bare = opportunity("Bare call", closes: 5)
            bare.budget = nil
            bare.actionType = nil
            let plain = try await repo.create(bare, actor: "test", now: now)
            #expect(plain.opportunity.budget == nil && plain.opportunity.actionType == nil)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func theListFiltersByEveryCodeAndPhaseAndSortsByDeadline(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = FundingOpportunityRepository(database: db)
            // given five opportunities: closing soon, later, upcoming, closed, and one for Spain only
            let soon = try await repo.create(opportunity("Drones soon", countries: ["FR", "DE"], sectors: [1], keywords: ["drones"], closes: 5), actor: "t")
            let later = try await repo.create(
                opportunity("Hydrogen later", programme: "Horizon Europe", ecosystems: [8], technologies: ["KET2018-2"], closes: 90), actor: "t")
            let upcoming = try await repo.create(opportunity("Upcoming vouchers", sectors: [1], opens: 10, closes: 60), actor: "t")
            let closed = try await repo.create(opportunity("Closed excellence", opens: -90, closes: -3), actor: "t")
            let spain = try await repo.create(opportunity("Canary ports", countries: ["ES"], sectors: [50], closes: 30), actor: "t")
            func ids(_ change: (inout FundingOpportunityRepository.Filter) -> Void) async throws -> [Int64] {
                var filter = FundingOpportunityRepository.Filter()
                change(&filter)
                return try await repo.list(filter, now: now, page: 1, perPage: 50).items.map(\.opportunity.id)
            }
            let (s, l, u, c, e) = (soon.opportunity.id, later.opportunity.id, upcoming.opportunity.id, closed.opportunity.id, spain.opportunity.id)
            // then everything is listed nearest deadline first
            #expect(try await ids { _ in } == [c, s, e, u, l])
            #expect(try await ids { $0.phases = [.open] } == [s, e, l])
            #expect(try await ids { $0.phases = [.open, .upcoming] } == [s, e, u, l])
            #expect(try await ids { $0.phases = [.closed] } == [c])
            #expect(try await ids { $0.closingWithinDays = 30 } == [s, e])
            // a country keeps those listing it and those open to every country
            #expect(try await ids { $0.country = "fr" } == [c, s, u, l])
            #expect(try await ids { $0.country = "ES" } == [c, e, u, l])
            #expect(try await ids { $0.sector = 1 } == [s, u])
            #expect(try await ids { $0.ecosystem = 8 } == [l])
            #expect(try await ids { $0.technology = "KET2018-2" } == [l])
            #expect(try await ids { $0.programme = "Horizon Europe" } == [l])
            // words are found accents and case aside, in the title and the description
            #expect(try await ids { $0.text = "HYDROGÈNE" } == [])
            #expect(try await ids { $0.text = "hydrogen" } == [l])
            #expect(try await ids { $0.text = "reseaux drones" } == [s])
            #expect(
                try await ids {
                    $0.sector = 1; $0.phases = [.open]
                } == [s])
            // paging keeps the total
            let second = try await repo.list(.init(), now: now, page: 2, perPage: 2)
            #expect(second.total == 5 && second.items.map(\.opportunity.id) == [e, u])
            #expect(try await repo.notClosed(now: now).map(\.id) == [s, e, u, l])
            #expect(try await repo.programmes() == ["Horizon Europe", "Interreg"])
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func anEditBasedOnAnOldVersionIsRefusedAndChangesNothing(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = FundingOpportunityRepository(database: db)
            var o = try await repo.create(opportunity("Versioned call", countries: ["FR"], sectors: [1], closes: 20), actor: "test").opportunity
            o.countries = ["DE"]
            o.sectors = [23]
            let edited = try await repo.update(o, expectedVersion: 1, actor: "test", now: now)
            #expect(edited.opportunity.version == 2)
            var country = FundingOpportunityRepository.Filter()
            country.country = "FR"
            #expect(try await repo.list(country, now: now, page: 1, perPage: 10).total == 0, "the codes follow the edit")
            country.country = "DE"
            #expect(try await repo.list(country, now: now, page: 1, perPage: 10).total == 1)
            o.title = "Overwritten"
            await #expect(throws: Refusal.self) { try await repo.update(o, expectedVersion: 1, actor: "test") }
            let kept = try #require(try await repo.find(id: o.id))
            #expect(kept.opportunity.title == "Versioned call" && kept.opportunity.version == 2)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func anImportStoresEveryRowOrNone(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = FundingOpportunityRepository(database: db)
            let rows = [
                FundingImport.Row(line: 2, opportunity: opportunity("First imported", closes: 10)),
                FundingImport.Row(line: 3, opportunity: opportunity("Second imported", closes: 20)),
            ]
            let ids = try await repo.importAll(rows, actor: "test", now: now)
            #expect(ids.count == 2)
            // Importing a file again that lists one of them refuses the whole file by that line.
            let again = [
                FundingImport.Row(line: 2, opportunity: opportunity("Third imported", closes: 30)),
                FundingImport.Row(line: 3, opportunity: opportunity("Second imported", closes: 20)),
            ]
            do {
                _ = try await repo.importAll(again, actor: "test", now: now)
                Issue.record("the import was stored")
            } catch let errors as ValidationErrors {
                #expect(errors.fields["line 3: title"] == "is already listed as funding opportunity \(ids[1]) (same title and link)")
            }
            #expect(try await repo.list(.init(), now: now, page: 1, perPage: 10).total == 2, "nothing of the refused file is stored")
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func theDemoListsOpportunitiesOpenWheneverItStarts(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let loaded = try await DemoFunding.loadIfEmpty(database: db, now: now)
            #expect(loaded == 6)
            #expect(try await DemoFunding.loadIfEmpty(database: db, now: now) == 0, "loaded once")
            let repo = FundingOpportunityRepository(database: db)
            var open = FundingOpportunityRepository.Filter()
            open.phases = [.open]
            #expect(try await repo.list(open, now: now, page: 1, perPage: 10).total == 4)
            var closed = FundingOpportunityRepository.Filter()
            closed.phases = [.closed]
            #expect(try await repo.list(closed, now: now, page: 1, perPage: 10).total == 1)
        }
    }
}

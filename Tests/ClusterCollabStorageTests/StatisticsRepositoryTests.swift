import ClusterCollabCalls
import ClusterCollabCore
import ClusterCollabMatching
@testable import ClusterCollabStorage
import Foundation
import Testing

/// The statistics over time on both databases: what happened in each calendar month (UTC), one count per
/// month something happened in.
@Suite struct StatisticsRepositoryTests {
    /// An instant of a UTC day.
    static func day(_ year: Int, _ month: Int, _ day: Int, hour: Int = 12) -> Date {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        return utc.date(from: DateComponents(year: year, month: month, day: day, hour: hour))!
    }

    @Test(arguments: TestDatabase.dialects)
    func eachMonthCountsWhatHappenedInIt(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let organisations = OrganisationRepository(database: db)
            let statistics = StatisticsRepository(database: db)
            #expect(try await statistics.publishedPerMonth().isEmpty)
            // Published: two in January 2024 (one in its first second, one in its last), one in March; a draft
            // created in March is not counted.
            let published: [(String, Date)] = [
                ("Alpha Cluster", Self.day(2024, 1, 1, hour: 0)), ("Beta Cluster", Date(timeIntervalSince1970: 1_706_745_599.5)),
                ("Gamma Cluster", Self.day(2024, 3, 15)),
            ]
            var ids: [Int64] = []
            for (name, at) in published {
                ids.append(
                    try await organisations.create(
                        Organisation(name: name, type: .clusterOrganisation, country: "FR", region: "FR10", status: .published), now: at
                    ).id)
            }
            _ = try await organisations.create(
                Organisation(name: "Draft Cluster", type: .clusterOrganisation, country: "FR", region: "FR10", status: .draft), now: Self.day(2024, 3, 2))
            let perMonth = try await statistics.publishedPerMonth()
            #expect(perMonth == [Month(year: 2024, month: 1): 2, Month(year: 2024, month: 3): 1])
            // February had nothing: the series has it as 0.
            let series = MonthlySeries([perMonth])
            #expect(series.months.map(\.description) == ["2024-01", "2024-02", "2024-03"])
            #expect(series.values == [[2, 0, 1]])

            // Partner searches opened: one in December 2023, two in March 2024.
            let searches = PartnerSearchRepository(database: db, reference: .shipped, publicURL: "https://clusters.example.eu")
            var stored: [StoredPartnerSearch] = []
            for at in [Self.day(2023, 12, 31, hour: 23), Self.day(2024, 3, 1, hour: 0), Self.day(2024, 3, 31)] {
                var input = PartnerSearchInput()
                input.title = "Drones for industry"; input.kind = "project-consortium"
                input.description = "A consortium for drones in industrial modernisation."; input.competences = ["keyword:drone"]
                stored.append(
                    try await searches.create(
                        try input.applied(to: nil, ownerID: ids[0], reference: .shipped, today: "2023-12-01"), createdBy: nil, actor: "test", now: at))
            }
            #expect(try await statistics.partnerSearchesPerMonth() == [Month(year: 2023, month: 12): 1, Month(year: 2024, month: 3): 2])

            // Expressions of interest in a call: a draft is not counted until submitted.
            let calls = CallRepository(database: db, reference: .shipped, publicURL: "https://clusters.example.eu")
            let call = try await calls.create(
                DemoCalls.escpS3(title: "Test call", opensAt: Self.day(2023, 12, 1), closesAt: Self.day(2024, 6, 1)), actor: "test",
                now: Self.day(2023, 12, 1)
            ).call
            var drafts: [Int64] = []
            for search in stored {
                drafts.append(try await calls.createDraft(callID: call.id, searchID: search.search.id, leadID: ids[0], userID: 0, now: Self.day(2024, 3, 1)).id)
            }
            #expect(try await statistics.expressionsOfInterestPerMonth().isEmpty)
            let submitted = drafts
            try await db.withConnection { sql in
                try await sql.raw("UPDATE applications SET submitted_at = \(bind: StoredTime.millis(Self.day(2024, 4, 2))) WHERE id = \(bind: submitted[0])")
                    .run()
                try await sql.raw("UPDATE applications SET submitted_at = \(bind: StoredTime.millis(Self.day(2024, 5, 2))) WHERE id = \(bind: submitted[1])")
                    .run()
                // Labelled partnerships: one in May 2024.
                try await sql.raw(
                    """
                    INSERT INTO partnerships (call_id, name, label, thematic_area, members, created_at)
                    VALUES (\(bind: call.id), 'Drone partnership', 'ESCP-S3', 'Agri-food', '[]', \(bind: StoredTime.millis(Self.day(2024, 5, 20))))
                    """
                ).run()
            }
            #expect(try await statistics.expressionsOfInterestPerMonth() == [Month(year: 2024, month: 4): 1, Month(year: 2024, month: 5): 1])
            #expect(try await statistics.partnershipsPerMonth() == [Month(year: 2024, month: 5): 1])
        }
    }
}

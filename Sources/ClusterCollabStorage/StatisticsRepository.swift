import ClusterCollabCore
import Foundation
import SQLKit

/// The statistics over time: how many things happened in each calendar month (UTC), counted by the
/// database with one `GROUP BY` each. Months nothing happened in are absent; `MonthlySeries` fills them.
public struct StatisticsRepository: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// Organisations first published in each month, of those published now.
    public func publishedPerMonth() async throws -> [Month: Int] {
        try await perMonth(table: "organisations", column: "published_at", condition: "status = 'published'")
    }

    /// Partner searches opened in each month (every search, whatever became of it).
    public func partnerSearchesPerMonth() async throws -> [Month: Int] {
        try await perMonth(table: "partner_searches", column: "created_at")
    }

    /// Expressions of interest in a call submitted in each month (drafts never submitted are not counted; a
    /// withdrawn one was submitted and is).
    public func expressionsOfInterestPerMonth() async throws -> [Month: Int] {
        try await perMonth(table: "applications", column: "submitted_at")
    }

    /// Labelled partnerships made in each month.
    public func partnershipsPerMonth() async throws -> [Month: Int] {
        try await perMonth(table: "partnerships", column: "created_at")
    }

    /// Rows of `table` per month of `column` (milliseconds since 1970, UTC), those without an instant left
    /// out. The database groups by day, integer division being the cheapest key the same on both dialects
    /// (a month's name from `strftime` or `to_char` costs more per row than the rest of the query), and the
    /// days, a few thousand at most, are put in their months here. Table, column and condition are this
    /// file's own constants, never input.
    func perMonth(table: String, column: String, condition: String? = nil) async throws -> [Month: Int] {
        let filter = "\(column) IS NOT NULL" + (condition.map { " AND " + $0 } ?? "")
        let sql = "SELECT \(column) / 86400000 AS day, COUNT(*) AS n FROM \(table) WHERE \(filter) GROUP BY 1"
        return try await database.withConnection { db in
            var counts: [Month: Int] = [:]
            for row in try await db.raw("\(unsafeRaw: sql)").all() {
                let month = Month(daysSince1970: try row.decode(column: "day", as: Int64.self))
                counts[month, default: 0] += try row.decode(column: "n", as: Int.self)
            }
            return counts
        }
    }
}

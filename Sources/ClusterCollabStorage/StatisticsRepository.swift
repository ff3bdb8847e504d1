import ClusterCollabCore
import Foundation
import SQLKit

/// The statistics over time: how many things happened in each calendar month (UTC), counted by the
/// database with one `GROUP BY` each. Months nothing happened in are absent; `MonthlySeries` fills them.
/// Instants are stored as milliseconds; each dialect turns them into "YYYY-MM" its own way.
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

    /// The month of `column` (milliseconds since 1970, UTC) as "YYYY-MM" in the database's own SQL.
    func month(_ column: String) -> String {
        switch database.dialect {
        case .sqlite: "strftime('%Y-%m', \(column) / 1000, 'unixepoch')"
        case .postgres: "to_char(to_timestamp(\(column) / 1000) AT TIME ZONE 'UTC', 'YYYY-MM')"
        }
    }

    /// Rows of `table` per month of `column`, those without an instant left out. Table, column and
    /// condition are this file's own constants, never input.
    func perMonth(table: String, column: String, condition: String? = nil) async throws -> [Month: Int] {
        let filter = "\(column) IS NOT NULL" + (condition.map { " AND " + $0 } ?? "")
        let sql = "SELECT \(month(column)) AS month, COUNT(*) AS n FROM \(table) WHERE \(filter) GROUP BY 1"
        return try await database.withConnection { db in
            var counts: [Month: Int] = [:]
            for row in try await db.raw("\(unsafeRaw: sql)").all() {
                guard let month = Month(try row.decode(column: "month", as: String.self)) else { continue }
                counts[month, default: 0] += try row.decode(column: "n", as: Int.self)
            }
            return counts
        }
    }
}

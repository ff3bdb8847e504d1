import Foundation
import SQLKit

/// Organisation logos, kept in the database with the profiles (so a backup holds them too).
public struct LogoRepository: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    public struct Logo: Sendable {
        public var contentType: String
        public var data: Data
        public var updatedAt: Date
    }

    public func save(organisationID: Int64, contentType: String, data: Data, now: Date = Date()) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM organisation_logos WHERE organisation_id = \(bind: organisationID)").run()
            try await db.raw("""
                INSERT INTO organisation_logos (organisation_id, content_type, data, updated_at)
                VALUES (\(bind: organisationID), \(bind: contentType), \(bind: data), \(bind: StoredTime.millis(now)))
                """).run()
        }
    }

    public func find(organisationID: Int64) async throws -> Logo? {
        try await database.withConnection { db in
            guard let row = try await db.raw("SELECT content_type, data, updated_at FROM organisation_logos WHERE organisation_id = \(bind: organisationID)").first() else { return nil }
            return Logo(contentType: try row.decode(column: "content_type", as: String.self), data: try row.decode(column: "data", as: Data.self),
                        updatedAt: StoredTime.date(try row.decode(column: "updated_at", as: Int64.self)))
        }
    }

    public func exists(organisationID: Int64) async throws -> Bool {
        try await database.withConnection { db in
            try await db.raw("SELECT organisation_id FROM organisation_logos WHERE organisation_id = \(bind: organisationID)").first() != nil
        }
    }
}

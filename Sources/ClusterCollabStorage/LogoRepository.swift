import ClusterCollabCore
import Foundation
import SQLKit

/// Organisation logos, kept in the database with the profiles (so a backup holds them too).
public struct LogoRepository: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    public func save(organisationID: Int64, contentType: String, data: Data, now: Date = Date()) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM organisation_logos WHERE organisation_id = \(bind: organisationID)").run()
            try await db.raw(
                """
                INSERT INTO organisation_logos (organisation_id, content_type, data, updated_at)
                VALUES (\(bind: organisationID), \(bind: contentType), \(bind: data), \(bind: StoredTime.millis(now)))
                """
            ).run()
        }
    }

    /// The logo people see (`pending: false`), or the one waiting for review (`pending: true`, table
    /// `pending_logos`: a new logo of a published profile, shown only once a moderator publishes it).
    public func find(organisationID: Int64, pending: Bool = false) async throws -> StoredLogo? {
        try await database.withConnection { db in
            guard
                let row = try await db.raw(
                    "SELECT content_type, data, updated_at FROM \(unsafeRaw: Self.table(pending)) WHERE organisation_id = \(bind: organisationID)"
                ).first()
            else { return nil }
            return StoredLogo(
                contentType: try row.decode(column: "content_type", as: String.self), data: try row.decode(column: "data", as: Data.self),
                updatedAt: StoredTime.date(try row.decode(column: "updated_at", as: Int64.self)))
        }
    }

    public func exists(organisationID: Int64, pending: Bool = false) async throws -> Bool {
        try await database.withConnection { db in
            try await db.raw("SELECT organisation_id FROM \(unsafeRaw: Self.table(pending)) WHERE organisation_id = \(bind: organisationID)").first() != nil
        }
    }

    static func table(_ pending: Bool) -> String { pending ? "pending_logos" : "organisation_logos" }

    /// Stores a logo in `organisation_logos` or `pending_logos`, replacing the one there, inside the
    /// caller's transaction.
    static func put(_ organisationID: Int64, contentType: String, data: Data, pending: Bool, now: Date, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM \(unsafeRaw: table(pending)) WHERE organisation_id = \(bind: organisationID)").run()
        try await db.raw(
            """
            INSERT INTO \(unsafeRaw: table(pending)) (organisation_id, content_type, data, updated_at)
            VALUES (\(bind: organisationID), \(bind: contentType), \(bind: data), \(bind: StoredTime.millis(now)))
            """
        ).run()
    }
}

import Foundation
import SQLKit

/// The statements of the full-text index (used by a numbered migration) and the runner that applies the migrations in order.
extension Migrations {
    /// The full-text index over `search_text` (name, acronym, description, tags, S3 priorities,
    /// infrastructures, folded by the app so both databases see the same accent-free words): FTS5 kept in
    /// step by triggers on SQLite, a generated tsvector with a GIN index on PostgreSQL.
    static func searchIndex(_ dialect: Dialect) -> [String] {
        switch dialect {
        case .sqlite:
            return [
                """
                CREATE VIRTUAL TABLE organisations_fts USING fts5(search_text, content='organisations',
                    content_rowid='id', tokenize='unicode61 remove_diacritics 2')
                """,
                """
                CREATE TRIGGER organisations_fts_insert AFTER INSERT ON organisations BEGIN
                    INSERT INTO organisations_fts (rowid, search_text) VALUES (new.id, new.search_text);
                END
                """,
                """
                CREATE TRIGGER organisations_fts_delete AFTER DELETE ON organisations BEGIN
                    INSERT INTO organisations_fts (organisations_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
                END
                """,
                """
                CREATE TRIGGER organisations_fts_update AFTER UPDATE OF search_text ON organisations BEGIN
                    INSERT INTO organisations_fts (organisations_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
                    INSERT INTO organisations_fts (rowid, search_text) VALUES (new.id, new.search_text);
                END
                """,
            ]
        case .postgres:
            return [
                "ALTER TABLE organisations ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED",
                "CREATE INDEX organisations_search ON organisations USING GIN (search_vector)",
            ]
        }
    }

    /// Applies every migration not yet recorded, each in its own transaction, and returns the versions
    /// applied. Safe to run from several instances at once on PostgreSQL (an advisory lock serialises them).
    @discardableResult
    public static func run(on database: Database) async throws -> [Int] {
        try await database.transaction { db in
            try await db.raw(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)
                """
            ).run()
        }
        var applied: [Int] = []
        for migration in all {
            let did = try await database.transaction { db -> Bool in
                if database.dialect == .postgres {
                    try await db.raw("SELECT pg_advisory_xact_lock(7243001)").run()
                }
                let done = try await db.raw("SELECT version FROM schema_migrations WHERE version = \(bind: migration.version)").first()
                if done != nil { return false }
                for statement in migration.statements(database.dialect) {
                    try await db.raw(SQLQueryString(statement)).run()
                }
                try await db.raw(
                    """
                    INSERT INTO schema_migrations (version, name, applied_at)
                    VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: Int64(Date().timeIntervalSince1970)))
                    """
                ).run()
                return true
            }
            if did { applied.append(migration.version) }
        }
        return applied
    }

    /// The highest applied version (0 for an empty database).
    public static func currentVersion(on database: Database) async throws -> Int {
        try await database.withConnection { db in
            let row = try await db.raw("SELECT MAX(version) AS v FROM schema_migrations").first()
            return try row?.decodeNil(column: "v") == false ? try row!.decode(column: "v", as: Int.self) : 0
        }
    }
}

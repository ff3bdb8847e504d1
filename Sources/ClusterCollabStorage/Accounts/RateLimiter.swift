import Foundation
import SQLKit

/// Counts attempts per bucket ("login:ip:1.2.3.4", "login:account:anna@example.eu") in the database, so
/// every instance sharing it enforces the same limits.
public struct RateLimiter: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    /// A limit: at most `count` events per `window` seconds.
    public struct Limit: Sendable, Equatable {
        public var count: Int
        public var window: Int
        public init(count: Int, window: Int) { self.count = count; self.window = window }
    }

    /// Records one event in each bucket unless one of them is already full; returns the seconds to wait
    /// when refused (nothing is recorded then), or nil when allowed.
    public func hit(_ buckets: [String], limit: Limit, now: Date = Date()) async throws -> Int? {
        let nowMs = StoredTime.millis(now)
        let since = nowMs - Int64(limit.window) * 1000
        return try await database.transaction { db in
            var wait: Int?
            for bucket in buckets {
                let row = try await db.raw("SELECT COUNT(*) AS n, MIN(at) AS oldest FROM rate_limit_events WHERE bucket = \(bind: bucket) AND at > \(bind: since)").first()
                let n = try row?.decode(column: "n", as: Int.self) ?? 0
                if n >= limit.count {
                    let oldest = try row?.decode(column: "oldest", as: Int64?.self) ?? nowMs
                    let seconds = Int((oldest + Int64(limit.window) * 1000 - nowMs + 999) / 1000)
                    wait = max(wait ?? 1, max(1, seconds))
                }
            }
            if let wait { return wait }
            for bucket in buckets {
                try await db.raw("INSERT INTO rate_limit_events (bucket, at) VALUES (\(bind: bucket), \(bind: nowMs))").run()
            }
            // Old events are dropped as we go, so the table stays small.
            try await db.raw("DELETE FROM rate_limit_events WHERE at < \(bind: nowMs - 86_400_000)").run()
            return nil
        }
    }
}

/// The audit log of moderation and role changes: who did what to what, and when.
public struct AuditLog: Sendable {
    public static func append(actor: String, action: String, subject: String, detail: String = "", now: Date = Date(), on db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (\(bind: StoredTime.millis(now)), \(bind: actor), \(bind: action), \(bind: subject), \(bind: detail))
            """).run()
    }
}

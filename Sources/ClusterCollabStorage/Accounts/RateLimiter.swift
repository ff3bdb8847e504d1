import ClusterCollabCore
import Foundation
import SQLKit

/// Counts attempts per bucket ("login:ip:1.2.3.4", "login:pair:anna@example.eu|1.2.3.4") in the database,
/// so every instance sharing it enforces the same limits.
public struct RateLimiter: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    /// Records one event in each bucket unless one of them is already full; returns the seconds to wait
    /// when refused (nothing is recorded then), or nil when allowed.
    public func hit(_ buckets: [String], limit: RateLimit, now: Date = Date()) async throws -> Int? {
        let nowMs = StoredTime.millis(now)
        let since = nowMs - Int64(limit.window) * 1000
        return try await database.transaction { db in
            var wait: Int?
            for bucket in buckets {
                let row = try await db.raw(
                    "SELECT COUNT(*) AS n, MIN(at) AS oldest FROM rate_limit_events WHERE bucket = \(bind: bucket) AND at > \(bind: since)"
                ).first()
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

extension RateLimiter {
    static func pairBucket(_ scope: String, account: String, address: String) -> String { "\(scope):pair:\(account)|\(address)" }
    static func accountBucket(_ scope: String, account: String) -> String { "\(scope):account:\(account)" }

    /// Counts one attempt on `account` from `address` unless its limits refuse it; returns the seconds to
    /// wait when refused (nothing is recorded then), or nil. The attempt is recorded before the secret is
    /// checked, so guesses sent in parallel count too; `succeeded` withdraws it when the secret was right.
    /// Failures from other addresses never refuse an address that has none of its own for the account.
    public func attempt(_ scope: String, account: String, address: String, limits: AccountAttemptLimits, now: Date = Date()) async throws -> Int? {
        let nowMs = StoredTime.millis(now)
        let pair = Self.pairBucket(scope, account: account, address: address), whole = Self.accountBucket(scope, account: account)
        return try await database.transaction { db in
            func events(_ bucket: String, _ limit: RateLimit) async throws -> (count: Int, wait: Int) {
                let row = try await db.raw(
                    "SELECT COUNT(*) AS n, MIN(at) AS oldest FROM rate_limit_events WHERE bucket = \(bind: bucket) AND at > \(bind: nowMs - Int64(limit.window) * 1000)"
                ).first()
                let n = try row?.decode(column: "n", as: Int.self) ?? 0
                let oldest = try row?.decode(column: "oldest", as: Int64?.self) ?? nowMs
                return (n, max(1, Int((oldest + Int64(limit.window) * 1000 - nowMs + 999) / 1000)))
            }
            let own = try await events(pair, limits.pair)
            if own.count >= limits.pair.count { return own.wait }
            if own.count > 0 {
                let all = try await events(whole, limits.account)
                if all.count >= limits.account.count { return all.wait }
            }
            for bucket in [pair, whole] {
                try await db.raw("INSERT INTO rate_limit_events (bucket, at) VALUES (\(bind: bucket), \(bind: nowMs))").run()
            }
            try await db.raw("DELETE FROM rate_limit_events WHERE at < \(bind: nowMs - 86_400_000)").run()
            return nil
        }
    }

    /// The secret was right: this attempt and the address's earlier failures for the account (the owner
    /// mistyped, then remembered) are forgiven, in the account's count too. Both buckets got each event
    /// with the same time, which is how the account's events from this address are told apart.
    public func succeeded(_ scope: String, account: String, address: String) async throws {
        let pair = Self.pairBucket(scope, account: account, address: address), whole = Self.accountBucket(scope, account: account)
        try await database.transaction { db in
            try await db.raw(
                """
                DELETE FROM rate_limit_events WHERE bucket = \(bind: whole)
                AND at IN (SELECT at FROM rate_limit_events WHERE bucket = \(bind: pair))
                """
            ).run()
            try await db.raw("DELETE FROM rate_limit_events WHERE bucket = \(bind: pair)").run()
        }
    }
}

/// The audit log of moderation and role changes: who did what to what, and when.
public struct AuditLog: Sendable {
    public static func append(actor: String, action: String, subject: String, detail: String = "", now: Date = Date(), on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (\(bind: StoredTime.millis(now)), \(bind: actor), \(bind: action), \(bind: subject), \(bind: detail))
            """
        ).run()
    }
}

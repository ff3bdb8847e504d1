import ClusterCollabCore
import Foundation
import SQLKit

/// An e-mail to write into the outbox.
public struct OutboxMail: Sendable, Equatable {
    /// The recipient's address.
    public var recipient: String
    public var subject: String
    /// The plain-text body.
    public var bodyText: String
    /// What caused the e-mail (`verify-email`, `password-reset`, `digest` ...), for the admin page and logs.
    public var kind: String
    /// A link that unsubscribes the recipient without logging in; nil for e-mails a user cannot opt out of
    /// (password resets).
    public var unsubscribeURL: String?

    /// An e-mail.
    public init(recipient: String, subject: String, bodyText: String, kind: String, unsubscribeURL: String? = nil) {
        self.recipient = recipient
        self.subject = subject
        self.bodyText = bodyText
        self.kind = kind
        self.unsubscribeURL = unsubscribeURL
    }
}

/// One stored e-mail and its delivery state.
public struct OutboxRow: Sendable, Equatable {
    /// Where an e-mail is in its life.
    public enum Status: String, Sendable {
        /// Waiting for its first or next attempt.
        case pending
        /// Accepted by the SMTP server.
        case sent
        /// Refused for good, or out of attempts; `lastError` says why.
        case failed
    }

    public var id: Int64
    /// `<uuid@domain>`, fixed when the row is written so every attempt carries the same one.
    public var messageID: String
    public var recipient: String
    public var subject: String
    public var bodyText: String
    public var kind: String
    public var unsubscribeURL: String?
    public var createdAt: Date
    /// Failed attempts so far.
    public var attempts: Int
    /// When the next attempt is due; nil once the row is sent or given up.
    public var nextAttemptAt: Date?
    /// While an instance is sending it: until when, and which instance.
    public var claimedUntil: Date?
    public var claimedBy: String?
    public var sentAt: Date?
    /// The last delivery error, kept after success or giving up for the admin page.
    public var lastError: String?

    /// Pending, sent or failed.
    public var status: Status {
        if sentAt != nil { return .sent }
        return nextAttemptAt == nil ? .failed : .pending
    }

    /// A short state for the admin outbox page: `pending`, `sent`, `retrying after 2 failures: ...`,
    /// `failed: ...`.
    public var state: String {
        switch status {
        case .sent: return "sent"
        case .failed: return "failed" + (lastError.map { ": \($0)" } ?? "")
        case .pending:
            guard attempts > 0 else { return "pending" }
            return "retrying after \(attempts) failure\(attempts == 1 ? "" : "s")" + (lastError.map { ": \($0)" } ?? "")
        }
    }
}

/// The outbox: every e-mail is a row written in the transaction of the change that caused it, and
/// background senders claim, deliver and mark rows. Delivery is at least once: a row is marked sent only
/// after the server accepted it, so a crash in between sends it again, with the same Message-ID.
public struct OutboxRepository: Sendable {
    public let database: Database
    /// Attempts before a row that keeps failing transiently is given up.
    public let maxAttempts: Int

    /// The outbox; `maxAttempts` 12 with the back-off below keeps retrying for about a day.
    public init(database: Database, maxAttempts: Int = 12) {
        self.database = database
        self.maxAttempts = maxAttempts
    }

    /// The table has no status column, so a row given up is one that is never due: `next_attempt_at` holds
    /// the largest BIGINT, which no claim's `now` reaches.
    static let never = Int64.max

    static let columns = """
        id, message_id, recipient, subject, body_text, kind, unsubscribe_url, created_at, attempts, next_attempt_at, \
        claimed_until, claimed_by, sent_at, last_error
        """

    // MARK: Writing mail

    /// Writes `mail` on `db`, which must be the caller's open transaction so that the e-mail commits or
    /// rolls back with the change that caused it. Returns the Message-ID, `<uuid@domain>`, chosen here once
    /// so that every attempt carries it.
    @discardableResult
    public static func enqueue(
        _ mail: OutboxMail, on db: any SQLDatabase, now: Date = Date(),
        domain: String = "clustercollab"
    ) async throws -> String {
        let messageID = "<\(UUID().uuidString.lowercased())@\(domain)>"
        try await db.raw(
            """
            INSERT INTO outbox (message_id, recipient, subject, body_text, kind, unsubscribe_url, created_at, attempts, next_attempt_at)
            VALUES (\(bind: messageID), \(bind: mail.recipient), \(bind: mail.subject), \(bind: mail.bodyText), \(bind: mail.kind),
                    \(bind: mail.unsubscribeURL), \(bind: ms(now)), 0, \(bind: ms(now)))
            """
        ).run()
        return messageID
    }

    // MARK: Sending

    /// Takes up to `limit` due rows for `instance` for `leaseSeconds`, oldest due first. Two instances never
    /// get the same row while a lease runs: on PostgreSQL the rows are selected `FOR UPDATE SKIP LOCKED`,
    /// so a concurrent claim passes over them instead of waiting; on SQLite the transaction's write lock
    /// (`BEGIN IMMEDIATE`) makes claims take turns. A lease that runs out (the instance crashed or hung)
    /// makes the row due again.
    public func claim(limit: Int, leaseSeconds: Int, instance: String, now: Date = Date()) async throws -> [OutboxRow] {
        let now = Self.ms(now)
        let until = now + Int64(leaseSeconds) * 1000
        let lock = database.dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        return try await database.transaction { db in
            let ids = try await db.raw(
                """
                SELECT id FROM outbox
                WHERE sent_at IS NULL AND next_attempt_at <= \(bind: now) AND (claimed_until IS NULL OR claimed_until < \(bind: now))
                ORDER BY next_attempt_at, id LIMIT \(bind: limit)\(unsafeRaw: lock)
                """
            ).all().map { try $0.decode(column: "id", as: Int64.self) }
            guard !ids.isEmpty else { return [] }
            let binds: [any Encodable & Sendable] = ids
            try await db.raw(
                """
                UPDATE outbox SET claimed_until = \(bind: until), claimed_by = \(bind: instance) WHERE id IN (\(binds: binds))
                """
            ).run()
            return try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM outbox WHERE id IN (\(binds: binds)) ORDER BY next_attempt_at, id")
                .all().map(Self.decode)
        }
    }

    /// Records that the server accepted the row's message.
    public func markSent(id: Int64, now: Date = Date()) async throws {
        try await database.withConnection { db in
            try await db.raw(
                """
                UPDATE outbox SET sent_at = \(bind: Self.ms(now)), claimed_until = NULL, claimed_by = NULL WHERE id = \(bind: id) AND sent_at IS NULL
                """
            ).run()
        }
    }

    /// Records a failed attempt: the row is due again after `retryDelay(afterAttempts:)`, or given up when
    /// the failure is permanent or the attempts are used up. A row already sent (by another instance after a
    /// lease ran out) is left alone. Returns the row as it now stands.
    @discardableResult
    public func markFailed(id: Int64, error: String, permanent: Bool, now: Date = Date()) async throws -> OutboxRow? {
        let maxAttempts = self.maxAttempts
        let lock = database.dialect == .postgres ? " FOR UPDATE" : ""
        return try await database.transaction { db in
            guard let row = try await db.raw("SELECT attempts FROM outbox WHERE id = \(bind: id) AND sent_at IS NULL\(unsafeRaw: lock)").first()
            else { return nil }
            let attempts = try row.decode(column: "attempts", as: Int.self) + 1
            let next =
                permanent || attempts >= maxAttempts
                ? Self.never
                : Self.ms(now) + Int64(Self.retryDelay(afterAttempts: attempts) * 1000)
            // Long server replies are cut: the admin page shows them, and one reply must not bloat the table.
            try await db.raw(
                """
                UPDATE outbox SET attempts = \(bind: attempts), next_attempt_at = \(bind: next), claimed_until = NULL, claimed_by = NULL,
                    last_error = \(bind: String(error.prefix(1000))) WHERE id = \(bind: id)
                """
            ).run()
            return try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM outbox WHERE id = \(bind: id)").first().map(Self.decode)
        }
    }

    /// Gives claimed rows back without counting an attempt (an instance shutting down before it sent them),
    /// so they need not wait for their lease to run out.
    public func release(ids: [Int64], instance: String) async throws {
        guard !ids.isEmpty else { return }
        let binds: [any Encodable & Sendable] = ids
        try await database.withConnection { db in
            try await db.raw(
                """
                UPDATE outbox SET claimed_until = NULL, claimed_by = NULL
                WHERE id IN (\(binds: binds)) AND claimed_by = \(bind: instance) AND sent_at IS NULL
                """
            ).run()
        }
    }

    /// Makes a failed row due now with a fresh set of attempts (an administrator fixed the SMTP settings or
    /// the address). False when the row does not exist or was sent.
    public func retry(id: Int64, now: Date = Date()) async throws -> Bool {
        try await database.transaction { db in
            guard try await db.raw("SELECT id FROM outbox WHERE id = \(bind: id) AND sent_at IS NULL").first() != nil else { return false }
            try await db.raw(
                """
                UPDATE outbox SET attempts = 0, next_attempt_at = \(bind: Self.ms(now)), claimed_until = NULL, claimed_by = NULL WHERE id = \(bind: id)
                """
            ).run()
            return true
        }
    }

    /// The wait after `attempts` failures: one minute, doubling each time, at most six hours.
    public static func retryDelay(afterAttempts attempts: Int) -> TimeInterval {
        let minutes = 1 << min(max(attempts - 1, 0), 20)
        return TimeInterval(min(minutes, 360) * 60)
    }

    // MARK: Reading

    /// One page (from 1) of the outbox, newest first, and the number of rows in all.
    public func list(page: Int, perPage: Int) async throws -> (total: Int, rows: [OutboxRow]) {
        let limit = max(perPage, 1), offset = PageBounds.offset(page: max(page, 1), perPage: limit) ?? PageBounds.maxOffset
        return try await database.withConnection { db in
            let total = try await db.raw("SELECT COUNT(*) AS n FROM outbox").first()?.decode(column: "n", as: Int.self) ?? 0
            let rows = try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM outbox ORDER BY id DESC LIMIT \(bind: limit) OFFSET \(bind: offset)")
                .all().map(Self.decode)
            return (total, rows)
        }
    }

    /// One row by id.
    public func find(id: Int64) async throws -> OutboxRow? {
        try await database.withConnection { db in
            try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM outbox WHERE id = \(bind: id)").first().map(Self.decode)
        }
    }

    // MARK: Rows

    static func ms(_ date: Date) -> Int64 { StoredTime.millis(date) }
    static func date(_ ms: Int64) -> Date { StoredTime.date(ms) }

    static func decode(_ row: any SQLRow) throws -> OutboxRow {
        let sentAt = try row.decode(column: "sent_at", as: Int64?.self)
        let next = try row.decode(column: "next_attempt_at", as: Int64.self)
        return OutboxRow(
            id: try row.decode(column: "id", as: Int64.self),
            messageID: try row.decode(column: "message_id", as: String.self),
            recipient: try row.decode(column: "recipient", as: String.self),
            subject: try row.decode(column: "subject", as: String.self),
            bodyText: try row.decode(column: "body_text", as: String.self),
            kind: try row.decode(column: "kind", as: String.self),
            unsubscribeURL: try row.decode(column: "unsubscribe_url", as: String?.self),
            createdAt: date(try row.decode(column: "created_at", as: Int64.self)),
            attempts: try row.decode(column: "attempts", as: Int.self),
            nextAttemptAt: sentAt != nil || next == never ? nil : date(next),
            claimedUntil: try row.decode(column: "claimed_until", as: Int64?.self).map(date),
            claimedBy: try row.decode(column: "claimed_by", as: String?.self),
            sentAt: sentAt.map(date),
            lastError: try row.decode(column: "last_error", as: String?.self))
    }
}

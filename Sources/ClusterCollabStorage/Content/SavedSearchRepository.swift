import ClusterCollabContent
import ClusterCollabCore
import Foundation
import SQLKit

/// People's saved searches (migration 18) and their one write beyond them: an alert of a period into the
/// outbox, exactly once per search and period. It reads and writes; what matches is decided elsewhere.
public struct SavedSearchRepository: Sendable {
    public let database: Database
    public let publicURL: String

    public init(database: Database, publicURL: String) {
        self.database = database
        self.publicURL = publicURL
    }

    static let columns = "id, user_id, name, kind, query, frequency, last_looked_at, created_at"

    static func decode(_ row: any SQLRow) throws -> SavedSearch {
        SavedSearch(
            id: try row.decode(column: "id", as: Int64.self), userID: try row.decode(column: "user_id", as: Int64.self),
            name: try row.decode(column: "name", as: String.self),
            kind: SavedSearch.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .directory,
            query: try row.decode(column: "query", as: String.self),
            frequency: SavedSearch.Frequency(rawValue: try row.decode(column: "frequency", as: String.self)) ?? .none,
            lastLookedAt: StoredTime.date(try row.decode(column: "last_looked_at", as: Int64.self)),
            createdAt: StoredTime.date(try row.decode(column: "created_at", as: Int64.self)))
    }

    /// A person's searches, oldest first.
    public func list(userID: Int64) async throws -> [SavedSearch] {
        try await database.withConnection { db in
            try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM saved_searches WHERE user_id = \(bind: userID) ORDER BY id").all().map(Self.decode)
        }
    }

    /// One of a person's searches; nil when it is not theirs (or does not exist), so nobody learns of another's.
    public func find(id: Int64, userID: Int64) async throws -> SavedSearch? {
        try await database.withConnection { db in
            try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM saved_searches WHERE id = \(bind: id) AND user_id = \(bind: userID)").first()
                .map(Self.decode)
        }
    }

    /// Saves a new search; refused on `name` when the person keeps `SavedSearch.maxPerPerson` already.
    /// Its "new since you last looked" counts from now.
    public func create(userID: Int64, _ search: SavedSearchInput.Checked, now: Date = Date()) async throws -> SavedSearch {
        try await database.transaction { db in
            let count =
                try await db.raw("SELECT COUNT(*) AS n FROM saved_searches WHERE user_id = \(bind: userID)").first()?.decode(column: "n", as: Int.self) ?? 0
            guard count < SavedSearch.maxPerPerson else {
                throw ValidationErrors(["name": "you keep \(SavedSearch.maxPerPerson) saved searches already; delete one first"])
            }
            let token = Self.newToken()
            let ms = StoredTime.millis(now)
            guard
                let row = try await db.raw(
                    """
                    INSERT INTO saved_searches (user_id, name, kind, query, frequency, unsubscribe_token, last_looked_at, created_at, updated_at)
                    VALUES (\(bind: userID), \(bind: search.name), \(bind: search.kind.rawValue), \(bind: search.query), \(bind: search.frequency.rawValue),
                            \(bind: token), \(bind: ms), \(bind: ms), \(bind: ms))
                    RETURNING \(unsafeRaw: Self.columns)
                    """
                ).first()
            else { throw Refusal(.conflict, "the saved search was not stored") }
            return try Self.decode(row)
        }
    }

    /// Changes a person's search (name, query, frequency); nil when it is not theirs.
    public func update(id: Int64, userID: Int64, _ search: SavedSearchInput.Checked, now: Date = Date()) async throws -> SavedSearch? {
        try await database.withConnection { db in
            try await db.raw(
                """
                UPDATE saved_searches SET name = \(bind: search.name), query = \(bind: search.query), frequency = \(bind: search.frequency.rawValue),
                    updated_at = \(bind: StoredTime.millis(now))
                WHERE id = \(bind: id) AND user_id = \(bind: userID) RETURNING \(unsafeRaw: Self.columns)
                """
            ).first().map(Self.decode)
        }
    }

    /// Deletes a person's search (and the record of its alerts); false when it is not theirs.
    public func delete(id: Int64, userID: Int64) async throws -> Bool {
        try await database.withConnection { db in
            try await db.raw("DELETE FROM saved_searches WHERE id = \(bind: id) AND user_id = \(bind: userID) RETURNING id").first() != nil
        }
    }

    /// The person opened the search from their list: what was published until now is no longer new.
    public func markLooked(id: Int64, userID: Int64, now: Date = Date()) async throws {
        try await database.withConnection { db in
            try await db.raw(
                "UPDATE saved_searches SET last_looked_at = \(bind: StoredTime.millis(now)) WHERE id = \(bind: id) AND user_id = \(bind: userID)"
            ).run()
        }
    }

    /// The organisations first published in `since ..< until` and published still, with when, newest
    /// first, at most `limit`: what "new since you last looked" counts among.
    public func published(since: Date, until: Date, limit: Int = 5_000) async throws -> [(id: Int64, at: Date)] {
        try await database.withConnection { db in
            try await db.raw(
                """
                SELECT id, published_at FROM organisations WHERE status = 'published'
                  AND published_at >= \(bind: StoredTime.millis(since)) AND published_at < \(bind: StoredTime.millis(until))
                ORDER BY published_at DESC, id DESC LIMIT \(bind: limit)
                """
            ).all().map { (id: try $0.decode(column: "id", as: Int64.self), at: StoredTime.date(try $0.decode(column: "published_at", as: Int64.self))) }
        }
    }

    // MARK: The alert's unsubscribe link

    /// The search an alert's unsubscribe link names, and its owner's address; nil for an unknown token.
    public func search(unsubscribeToken token: String) async throws -> (search: SavedSearch, email: String)? {
        guard !token.isEmpty, token.count <= 100 else { return nil }
        return try await database.withConnection { db in
            guard
                let row = try await db.raw(
                    """
                    SELECT s.id, s.user_id, s.name, s.kind, s.query, s.frequency, s.last_looked_at, s.created_at, u.email
                    FROM saved_searches s JOIN users u ON u.id = s.user_id WHERE s.unsubscribe_token = \(bind: token)
                    """
                ).first()
            else { return nil }
            return (try Self.decode(row), try row.decode(column: "email", as: String.self))
        }
    }

    /// Turns the token's search's e-mail off (its frequency becomes `none`; the search stays); the search,
    /// or nil for an unknown token. The token stays valid, so a second click says the same.
    public func unsubscribe(token: String, now: Date = Date()) async throws -> SavedSearch? {
        guard !token.isEmpty, token.count <= 100 else { return nil }
        return try await database.withConnection { db in
            try await db.raw(
                """
                UPDATE saved_searches SET frequency = 'none', updated_at = \(bind: StoredTime.millis(now))
                WHERE unsubscribe_token = \(bind: token) RETURNING \(unsafeRaw: Self.columns)
                """
            ).first().map(Self.decode)
        }
    }

    /// The unsubscribe link of a search's alerts.
    public func unsubscribeURL(token: String) -> String { publicURL + Routes.savedSearchUnsubscribe.path(token) }

    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(generator.next() as UInt64, radix: 36) }.joined(separator: "-")
    }

    // MARK: Alerts

    /// A saved search whose alert may go: its owner has a confirmed address.
    public struct Subscription: Sendable, Equatable {
        public var search: SavedSearch
        public var email: String
        public var name: String
        public var language: String
        public var unsubscribeURL: String
    }

    /// The searches of `frequency` with an id above `after`, by id, at most `limit`, whose owners have a
    /// confirmed address and have not had `period`'s alert yet: a sender walks them in batches.
    /// `last` is the highest id looked at (nil when none is left).
    public func waiting(
        _ frequency: SavedSearch.Frequency, period: String, after: Int64, limit: Int
    ) async throws -> (subscriptions: [Subscription], last: Int64?) {
        try await database.withConnection { db in
            let rows = try await db.raw(
                """
                SELECT s.id, s.user_id, s.name, s.kind, s.query, s.frequency, s.last_looked_at, s.created_at, s.unsubscribe_token,
                       u.email, u.name AS user_name, u.language, u.email_verified_at,
                       (SELECT 1 FROM saved_search_sends d WHERE d.saved_search_id = s.id AND d.period = \(bind: period)) AS sent
                FROM saved_searches s JOIN users u ON u.id = s.user_id
                WHERE s.frequency = \(bind: frequency.rawValue) AND s.id > \(bind: after)
                ORDER BY s.id LIMIT \(bind: limit)
                """
            ).all()
            guard let last = try rows.last?.decode(column: "id", as: Int64.self) else { return ([], nil) }
            var out: [Subscription] = []
            for row in rows {
                guard try row.decode(column: "email_verified_at", as: Int64?.self) != nil, try row.decode(column: "sent", as: Int?.self) == nil
                else { continue }
                out.append(
                    Subscription(
                        search: try Self.decode(row), email: try row.decode(column: "email", as: String.self),
                        name: try row.decode(column: "user_name", as: String.self), language: try row.decode(column: "language", as: String.self),
                        unsubscribeURL: unsubscribeURL(token: try row.decode(column: "unsubscribe_token", as: String.self))))
            }
            return (out, last)
        }
    }

    /// How many searches of `frequency` with a confirmed owner still wait for `period`'s alert: a sender
    /// that finds none reads and indexes nothing (the service looks every five minutes all period long).
    public func waitingCount(_ frequency: SavedSearch.Frequency, period: String) async throws -> Int {
        try await database.withConnection { db in
            try await db.raw(
                """
                SELECT COUNT(*) AS n FROM saved_searches s JOIN users u ON u.id = s.user_id
                WHERE s.frequency = \(bind: frequency.rawValue) AND u.email_verified_at IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM saved_search_sends d WHERE d.saved_search_id = s.id AND d.period = \(bind: period))
                """
            ).first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    /// Puts alerts of `period` in the outbox, in one transaction with the rows that say they went. A search
    /// whose row exists already (another instance, or this one before a restart, sent it) gets nothing
    /// more. Returns how many were written.
    public func send(_ mails: [(searchID: Int64, mail: OutboxMail)], period: String, now: Date = Date()) async throws -> Int {
        guard !mails.isEmpty else { return 0 }
        let domain = URL(string: publicURL)?.host ?? "clustercollab"
        return try await database.transaction { db in
            var written = 0
            for (searchID, mail) in mails {
                let row = try await db.raw(
                    """
                    INSERT INTO saved_search_sends (saved_search_id, period, sent_at) VALUES (\(bind: searchID), \(bind: period), \(bind: StoredTime.millis(now)))
                    ON CONFLICT DO NOTHING RETURNING saved_search_id
                    """
                ).first()
                guard row != nil else { continue }
                _ = try await OutboxRepository.enqueue(mail, on: db, now: now, domain: domain)
                written += 1
            }
            return written
        }
    }

    /// Records that `period`'s alert of these searches needs no e-mail (nothing new), so later runs of the
    /// same period skip them without evaluating again.
    public func markQuiet(_ searchIDs: [Int64], period: String, now: Date = Date()) async throws {
        guard !searchIDs.isEmpty else { return }
        try await database.transaction { db in
            for id in searchIDs {
                try await db.raw(
                    """
                    INSERT INTO saved_search_sends (saved_search_id, period, sent_at) VALUES (\(bind: id), \(bind: period), \(bind: StoredTime.millis(now)))
                    ON CONFLICT DO NOTHING
                    """
                ).run()
            }
        }
    }
}

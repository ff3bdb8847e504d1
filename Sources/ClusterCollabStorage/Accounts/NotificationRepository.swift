import Foundation
import SQLKit

/// In-app notifications (the bell): decisions on a team's profile, invitations, team changes.
public struct NotificationRepository: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    public struct Notification: Sendable, Equatable {
        public var id: Int64
        public var kind: String
        public var message: String
        public var link: String
        public var createdAt: Date
        public var read: Bool
    }

    /// Writes a notification inside the caller's transaction, with the change that caused it.
    public static func notify(userID: Int64, kind: String, message: String, link: String, now: Date = Date(), on db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO notifications (user_id, kind, message, link, created_at) VALUES (\(bind: userID), \(bind: kind), \(bind: message), \(bind: link), \(bind: StoredTime.millis(now)))
            """).run()
    }

    public func unreadCount(userID: Int64) async throws -> Int {
        try await database.withConnection { db in
            try await db.raw("SELECT COUNT(*) AS n FROM notifications WHERE user_id = \(bind: userID) AND read_at IS NULL").first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    /// The newest notifications first.
    public func list(userID: Int64, limit: Int = 50) async throws -> [Notification] {
        try await database.withConnection { db in
            try await db.raw("SELECT id, kind, message, link, created_at, read_at FROM notifications WHERE user_id = \(bind: userID) ORDER BY id DESC LIMIT \(bind: limit)").all().map { row in
                Notification(id: try row.decode(column: "id", as: Int64.self), kind: try row.decode(column: "kind", as: String.self),
                             message: try row.decode(column: "message", as: String.self), link: try row.decode(column: "link", as: String.self),
                             createdAt: StoredTime.date(try row.decode(column: "created_at", as: Int64.self)),
                             read: try !row.decodeNil(column: "read_at"))
            }
        }
    }

    public func markAllRead(userID: Int64, now: Date = Date()) async throws {
        try await database.withConnection { db in
            try await db.raw("UPDATE notifications SET read_at = \(bind: StoredTime.millis(now)) WHERE user_id = \(bind: userID) AND read_at IS NULL").run()
        }
    }
}

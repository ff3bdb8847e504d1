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
        try await db.raw(
            """
            INSERT INTO notifications (user_id, kind, message, link, created_at) VALUES (\(bind: userID), \(bind: kind), \(bind: message), \(bind: link), \(bind: StoredTime.millis(now)))
            """
        ).run()
    }

    public func unreadCount(userID: Int64) async throws -> Int {
        try await database.withConnection { db in
            try await db.raw("SELECT COUNT(*) AS n FROM notifications WHERE user_id = \(bind: userID) AND read_at IS NULL").first()?.decode(
                column: "n", as: Int.self) ?? 0
        }
    }

    /// The newest notifications first.
    public func list(userID: Int64, limit: Int = 50) async throws -> [Notification] {
        try await database.withConnection { db in
            try await db.raw(
                "SELECT id, kind, message, link, created_at, read_at FROM notifications WHERE user_id = \(bind: userID) ORDER BY id DESC LIMIT \(bind: limit)"
            ).all().map { row in
                Notification(
                    id: try row.decode(column: "id", as: Int64.self), kind: try row.decode(column: "kind", as: String.self),
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

    /// Tells one person, in the app and by e-mail (screened by their e-mail preferences, with the
    /// unsubscribe link for optional kinds), inside the caller's transaction.
    public static func tell(
        userID: Int64, email: String, name: String, kind: String, message: String, link: String, subject: String, body: String,
        publicURL: String, now: Date, on db: any SQLDatabase
    ) async throws {
        try await notify(userID: userID, kind: kind, message: message, link: link, now: now, on: db)
        let text = "Hello \(name),\n\n\(body)\n\n\(publicURL)\(link)\n"
        if let mail = try await PrivacyRepository.screened(
            OutboxMail(recipient: email, subject: subject, bodyText: text, kind: kind), publicURL: publicURL, on: db)
        {
            try await OutboxRepository.enqueue(mail, on: db, now: now, domain: URL(string: publicURL)?.host ?? "clustercollab")
        }
    }

    /// Tells every member of an organisation's team but `except`; returns who was told.
    @discardableResult
    public static func tellTeam(
        of organisationID: Int64, except: Int64? = nil, kind: String, message: String, link: String, subject: String, body: String,
        publicURL: String, now: Date, on db: any SQLDatabase
    ) async throws -> Set<Int64> {
        let team = try await db.raw(
            "SELECT u.id, u.email, u.name FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organisation_id = \(bind: organisationID)"
        ).all()
        var told: Set<Int64> = []
        for person in team {
            let id = try person.decode(column: "id", as: Int64.self)
            if id == except { continue }
            told.insert(id)
            try await tell(
                userID: id, email: try person.decode(column: "email", as: String.self), name: try person.decode(column: "name", as: String.self),
                kind: kind, message: message, link: link, subject: subject, body: body, publicURL: publicURL, now: now, on: db)
        }
        return told
    }
}

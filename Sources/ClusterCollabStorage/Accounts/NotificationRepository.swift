import ClusterCollabCore
import ClusterCollabText
import Foundation
import SQLKit

/// In-app notifications (the bell): decisions on a team's profile, invitations, team changes.
public struct NotificationRepository: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    /// Writes a notice's line in the app inside the caller's transaction, with the change that caused it.
    /// Its values are kept too, so the bell shows it in whichever language its reader speaks that day.
    public static func notify(userID: Int64, _ notice: Notice, now: Date = Date(), on db: any SQLDatabase) async throws {
        let kind = notice.kind, link = notice.link
        let message = notice.line()
        let values = String(decoding: try JSONEncoder.sorted.encode(notice.values), as: UTF8.self)
        try await db.raw(
            """
            INSERT INTO notifications (user_id, kind, message, link, notice_values, created_at)
            VALUES (\(bind: userID), \(bind: kind), \(bind: message), \(bind: link), \(bind: values), \(bind: StoredTime.millis(now)))
            """
        ).run()
    }

    public func unreadCount(userID: Int64) async throws -> Int {
        try await database.withConnection { db in
            try await db.raw("SELECT COUNT(*) AS n FROM notifications WHERE user_id = \(bind: userID) AND read_at IS NULL").first()?.decode(
                column: "n", as: Int.self) ?? 0
        }
    }

    /// The newest notifications first, in `language` (notices from before their values were kept, and of
    /// kinds no longer sent, in the English they were written in).
    public func list(userID: Int64, limit: Int = 50, in language: Language = Languages.english) async throws -> [UserNotification] {
        try await database.withConnection { db in
            try await db.raw(
                "SELECT id, kind, message, link, notice_values, created_at, read_at FROM notifications WHERE user_id = \(bind: userID) ORDER BY id DESC LIMIT \(bind: limit)"
            ).all().map { row in
                let kind = try row.decode(column: "kind", as: String.self), link = try row.decode(column: "link", as: String.self)
                var message = try row.decode(column: "message", as: String.self)
                if let json = try row.decode(column: "notice_values", as: String?.self), MessageTemplates.shared.templates[kind] != nil,
                    let values = try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))
                {
                    message = Notice(kind, link: link, values).line(in: language)
                }
                return UserNotification(
                    id: try row.decode(column: "id", as: Int64.self), kind: kind, message: message, link: link,
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

    /// Tells one person, in the app and by e-mail in their language (screened by their e-mail preferences,
    /// with the unsubscribe link for optional kinds), inside the caller's transaction.
    public static func tell(userID: Int64, email: String, name: String, _ notice: Notice, publicURL: String, now: Date, on db: any SQLDatabase) async throws {
        try await notify(userID: userID, notice, now: now, on: db)
        let language = try await language(of: email, otherwise: nil, on: db)
        let mail = notice.mail(to: email, name: name, publicURL: publicURL, in: language)
        if let mail = try await PrivacyRepository.screened(mail, publicURL: publicURL, on: db) {
            try await OutboxRepository.enqueue(mail, on: db, now: now, domain: URL(string: publicURL)?.host ?? "clustercollab")
        }
    }

    /// E-mails a notice whatever the recipient's preferences (receipts, account links, requests to decide),
    /// inside the caller's transaction: in the language of the address's account, else in `language`
    /// (the sender's page, for an address with no account yet), else in English.
    public static func mail(
        _ notice: Notice, to email: String, name: String = "", language: String? = nil, publicURL: String, now: Date = Date(), on db: any SQLDatabase
    ) async throws {
        let language = try await Self.language(of: email, otherwise: language, on: db)
        try await OutboxRepository.enqueue(
            notice.mail(to: email, name: name, publicURL: publicURL, in: language), on: db, now: now,
            domain: URL(string: publicURL)?.host ?? "clustercollab")
    }

    /// The language an address's account speaks, else `otherwise`, else English.
    static func language(of email: String, otherwise: String?, on db: any SQLDatabase) async throws -> Language {
        let stored = try await db.raw("SELECT language FROM users WHERE email = \(bind: AccountRules.normaliseEmail(email))").first()?.decode(
            column: "language", as: String.self)
        return (stored ?? otherwise).flatMap(Languages.named) ?? Languages.english
    }

    /// Tells every member of an organisation's team but `except`; returns who was told.
    @discardableResult
    public static func tellTeam(of organisationID: Int64, except: Int64? = nil, _ notice: Notice, publicURL: String, now: Date, on db: any SQLDatabase)
        async throws -> Set<Int64>
    {
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
                notice, publicURL: publicURL, now: now, on: db)
        }
        return told
    }
}

extension JSONEncoder {
    /// Keys in order, so the same values are stored as the same text.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}

extension Notice {
    /// The notice as an outbox e-mail to `email` in `language`, greeting `name`.
    public func mail(to email: String, name: String, publicURL: String, in language: Language) -> OutboxMail {
        let words = rendered(name: name, publicURL: publicURL, in: language)
        return OutboxMail(recipient: email, subject: words.subject, bodyText: words.body, kind: kind)
    }
}

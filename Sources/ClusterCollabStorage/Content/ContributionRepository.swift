import ClusterCollabContent
import ClusterCollabCore
import Foundation
import SQLKit

/// The moderation of news and events that teams contribute: their history, the moderators' queue and
/// decisions, and who is told. The articles and events themselves are written by `NewsRepository` and
/// `EventRepository`, which call `wrote` in their transaction.
public struct ContributionRepository: Sendable {
    public let database: Database
    public let publicURL: String

    public init(database: Database, publicURL: String) {
        self.database = database
        self.publicURL = publicURL
    }

    /// One line of an item's history, newest first on the pages.
    public struct HistoryEntry: Sendable, Equatable {
        public var at: Date
        public var actor: String
        public var action: String
    }

    public func history(_ kind: ContributionKind, id: Int64) async throws -> [HistoryEntry] {
        try await database.withConnection { db in
            try await db.raw(
                """
                SELECT at, actor, action FROM content_history WHERE item_kind = \(bind: kind.rawValue) AND item_id = \(bind: id)
                ORDER BY at DESC, id DESC
                """
            ).all().map {
                HistoryEntry(
                    at: StoredTime.date(try $0.decode(column: "at", as: Int64.self)), actor: try $0.decode(column: "actor", as: String.self),
                    action: try $0.decode(column: "action", as: String.self))
            }
        }
    }

    /// After a write of an item: its history line, and, when it now waits for review, the moderators'
    /// bell (so nothing waits in the queue unseen), in the writer's transaction.
    static func wrote(
        _ kind: ContributionKind, id: Int64, title: String, status: ProfileStatus, actor: String, history: String?, now: Date,
        on db: any SQLDatabase
    ) async throws {
        if let history { try await record(kind, id: id, actor: actor, action: history, now: now, on: db) }
        guard status == .needsReview else { return }
        let waiting = Contribution.waitingNotice(kind: kind, title: title, link: Routes.adminModeration.path)
        for moderator in try await db.raw("SELECT id FROM users WHERE role IN ('moderator', 'platform-admin')").all() {
            try await NotificationRepository.notify(userID: try moderator.decode(column: "id", as: Int64.self), waiting, now: now, on: db)
        }
    }

    static func record(_ kind: ContributionKind, id: Int64, actor: String, action: String, now: Date, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO content_history (item_kind, item_id, at, actor, action)
            VALUES (\(bind: kind.rawValue), \(bind: id), \(bind: StoredTime.millis(now)), \(bind: actor), \(bind: action))
            """
        ).run()
    }

    /// A moderator's decision on an article or event waiting for review: its status (a first publication
    /// dates it), its history with the message, the audit log, and the author and the organisation's team
    /// told by notification and e-mail, all in one transaction. Refused (409) when it is not waiting, (422
    /// naming `message`) when changes are requested without saying which.
    public func decide(
        _ kind: ContributionKind, id: Int64, decision: ProfileWorkflow.Decision, message: String, moderator: String, now: Date = Date()
    ) async throws {
        let table = kind == .news ? "news" : "events"
        let message = message.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        try await database.transaction { db in
            guard
                let row = try await db.raw(
                    "SELECT slug, title, status, published_at, author_id, organisation_id FROM \(unsafeRaw: table) WHERE id = \(bind: id)"
                ).first()
            else { throw Refusal(.notFound, "\(kind == .news ? "news" : "event") \(id)") }
            let status = ProfileStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .draft
            let decided = try Contribution.deciding(status, decision, message: message)
            let slug = try row.decode(column: "slug", as: String.self), title = try row.decode(column: "title", as: String.self)
            let publishedAt = try row.decode(column: "published_at", as: Int64?.self) ?? (decided == .published ? StoredTime.millis(now) : nil)
            try await db.raw(
                """
                UPDATE \(unsafeRaw: table) SET status = \(bind: decided.rawValue), published_at = \(bind: publishedAt),
                    updated_at = \(bind: StoredTime.millis(now)), version = version + 1
                WHERE id = \(bind: id)
                """
            ).run()
            try await Self.record(kind, id: id, actor: moderator, action: ContributionHistory.decision(decision, message: message), now: now, on: db)
            try await AuditLog.append(
                actor: moderator, action: "moderation: \(decision.rawValue)", subject: "\(kind.rawValue) \(id) \(title)", detail: message, now: now,
                on: db)
            // Where the team goes: the public page once published, the edit form otherwise.
            let link =
                decision == .publish
                ? (kind == .news ? Routes.newsArticle.path(slug) : Routes.event.path(slug))
                : (kind == .news ? Routes.newsEdit.path(slug) : Routes.eventEdit.path(slug))
            let notice = Contribution.decisionNotice(decision, kind: kind, title: title, message: message, link: link)
            var told: Set<Int64> = []
            if let organisationID = try row.decode(column: "organisation_id", as: Int64?.self) {
                told = try await NotificationRepository.tellTeam(of: organisationID, notice, publicURL: publicURL, now: now, on: db)
            }
            if let authorID = try row.decode(column: "author_id", as: Int64?.self), !told.contains(authorID),
                let author = try await db.raw("SELECT email, name FROM users WHERE id = \(bind: authorID)").first()
            {
                try await NotificationRepository.tell(
                    userID: authorID, email: try author.decode(column: "email", as: String.self), name: try author.decode(column: "name", as: String.self),
                    notice, publicURL: publicURL, now: now, on: db)
            }
        }
    }
}

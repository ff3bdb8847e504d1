import ClusterCollabCore
import ClusterCollabMatching
import Foundation
import SQLKit

extension PartnerSearchRepository {
    // MARK: Comments and follows

    public func comments(searchID: Int64) async throws -> [PartnerSearch.Comment] {
        try await database.withConnection { db in
            try await db.raw(
                "SELECT id, parent_id, user_id, author, body, created_at FROM partner_search_comments WHERE search_id = \(bind: searchID) ORDER BY created_at, id"
            ).all().map { row in
                PartnerSearch.Comment(
                    id: try row.decode(column: "id", as: Int64.self), parentID: try row.decode(column: "parent_id", as: Int64?.self),
                    userID: try row.decode(column: "user_id", as: Int64?.self), author: try row.decode(column: "author", as: String.self),
                    body: try row.decode(column: "body", as: String.self),
                    createdAt: StoredTime.date(try row.decode(column: "created_at", as: Int64.self)))
            }
        }
    }

    /// A comment, or a reply to a top-level comment (threads are one level deep).
    public func comment(searchID: Int64, parentID: Int64?, userID: Int64, author: String, body: String, now: Date = Date()) async throws -> Int64 {
        try await database.transaction { db in
            guard let row = try await db.raw("SELECT title FROM partner_searches WHERE id = \(bind: searchID)").first() else {
                throw Refusal(.notFound, "partner search \(searchID)")
            }
            let title = try row.decode(column: "title", as: String.self)
            if let parentID {
                guard
                    let parent = try await db.raw(
                        "SELECT parent_id FROM partner_search_comments WHERE id = \(bind: parentID) AND search_id = \(bind: searchID)"
                    ).first()
                else {
                    throw Refusal(.invalid, "parent_id \(parentID) is not a comment on this search")
                }
                guard try parent.decode(column: "parent_id", as: Int64?.self) == nil else {
                    throw Refusal(.invalid, "replies are one level deep: answer the top-level comment instead")
                }
            }
            guard
                let inserted = try await db.raw(
                    """
                    INSERT INTO partner_search_comments (search_id, parent_id, user_id, author, body, created_at)
                    VALUES (\(bind: searchID), \(bind: parentID), \(bind: userID), \(bind: author), \(bind: body), \(bind: Self.ms(now))) RETURNING id
                    """
                ).first()
            else { throw Refusal(.conflict, "the comment was not stored") }
            let notice = Notice("partnering-comment", link: Routes.partnerSearch.path(searchID), ["author": author, "search": title, "comment": body])
            try await notifyFollowers(searchID, except: [userID], notice, now: now, on: db)
            return try inserted.decode(column: "id", as: Int64.self)
        }
    }

    public func isFollowing(searchID: Int64, userID: Int64) async throws -> Bool {
        try await database.withConnection { db in
            try await db.raw("SELECT user_id FROM partner_search_follows WHERE search_id = \(bind: searchID) AND user_id = \(bind: userID)").first() != nil
        }
    }

    public func follow(searchID: Int64, userID: Int64, _ on: Bool, now: Date = Date()) async throws {
        try await database.transaction { db in
            guard try await db.raw("SELECT id FROM partner_searches WHERE id = \(bind: searchID)").first() != nil else {
                throw Refusal(.notFound, "partner search \(searchID)")
            }
            try await db.raw("DELETE FROM partner_search_follows WHERE search_id = \(bind: searchID) AND user_id = \(bind: userID)").run()
            if on {
                try await db.raw(
                    "INSERT INTO partner_search_follows (search_id, user_id, created_at) VALUES (\(bind: searchID), \(bind: userID), \(bind: Self.ms(now)))"
                ).run()
            }
        }
    }

    public func followerCount(searchID: Int64) async throws -> Int {
        try await database.withConnection { db in
            try await db.raw("SELECT COUNT(*) AS n FROM partner_search_follows WHERE search_id = \(bind: searchID)").first()?.decode(column: "n", as: Int.self)
                ?? 0
        }
    }

    // MARK: Invitations

    /// The owner team invites an organisation (typically a recommended one) to express interest; its team
    /// is notified in the app and by e-mail. Once per organisation and search.
    public func invite(searchID: Int64, organisationID: Int64, invitedBy: Int64, actor: String, today: String, now: Date = Date()) async throws {
        try await database.transaction { db in
            guard let record = try await record(searchID, on: db) else { throw Refusal(.notFound, "partner search \(searchID)") }
            guard record.search.isOpen(today: today) else { throw Refusal(.conflict, "the partner search is not open") }
            guard let org = try await db.raw("SELECT name, status FROM organisations WHERE id = \(bind: organisationID)").first(),
                try org.decode(column: "status", as: String.self) == ProfileStatus.published.rawValue
            else {
                throw Refusal(.notFound, "published organisation \(organisationID)")
            }
            if record.consortium.memberIDs.contains(organisationID) { throw Refusal(.conflict, "the organisation is already in the consortium") }
            if try await db.raw(
                "SELECT organisation_id FROM partner_search_invitations WHERE search_id = \(bind: searchID) AND organisation_id = \(bind: organisationID)"
            ).first() != nil {
                throw Refusal(.conflict, "\(try org.decode(column: "name", as: String.self)) was already invited to this search")
            }
            try await db.raw(
                "INSERT INTO partner_search_invitations (search_id, organisation_id, invited_by, created_at) VALUES (\(bind: searchID), \(bind: organisationID), \(bind: invitedBy), \(bind: Self.ms(now)))"
            ).run()
            let owner =
                try await db.raw("SELECT name FROM organisations WHERE id = \(bind: record.search.ownerID)").first()?.decode(column: "name", as: String.self)
                ?? "An organisation"
            let notice = Notice("partnering-invitation", link: Routes.partnerSearch.path(searchID), ["owner": owner, "search": record.search.title])
            try await notifyTeam(of: organisationID, except: nil, notice, now: now, on: db)
            try await AuditLog.append(
                actor: actor, action: "partner search: invitation", subject: "partner search \(searchID)", detail: "organisation \(organisationID)", now: now,
                on: db)
        }
    }

    public func invitedOrganisations(searchID: Int64) async throws -> Set<Int64> {
        try await database.withConnection { db in
            Set(
                try await db.raw("SELECT organisation_id FROM partner_search_invitations WHERE search_id = \(bind: searchID)").all().map {
                    try $0.decode(column: "organisation_id", as: Int64.self)
                })
        }
    }

    // MARK: Notifying

    /// In-app notification and (if wanted) e-mail to each member of an organisation's team.
    @discardableResult
    func notifyTeam(of organisationID: Int64, except: Int64?, _ notice: Notice, now: Date, on db: any SQLDatabase) async throws -> Set<Int64> {
        try await NotificationRepository.tellTeam(of: organisationID, except: except, notice, publicURL: publicURL, now: now, on: db)
    }

    func notifyFollowers(_ searchID: Int64, except: Set<Int64>, _ notice: Notice, now: Date, on db: any SQLDatabase) async throws {
        let followers = try await db.raw(
            "SELECT u.id, u.email, u.name FROM partner_search_follows f JOIN users u ON u.id = f.user_id WHERE f.search_id = \(bind: searchID)"
        ).all()
        for person in followers {
            let id = try person.decode(column: "id", as: Int64.self)
            if except.contains(id) { continue }
            try await NotificationRepository.tell(
                userID: id, email: try person.decode(column: "email", as: String.self), name: try person.decode(column: "name", as: String.self),
                notice, publicURL: publicURL, now: now, on: db)
        }
    }
}

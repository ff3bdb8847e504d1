import ClusterCollabCore
import ClusterCollabMatching
import Foundation
import SQLKit

extension PartnerSearchRepository {
    // MARK: Interest

    public func interests(searchID: Int64) async throws -> [InterestView] {
        try await database.withConnection { db in
            try await db.raw(
                """
                SELECT i.id, i.search_id, i.organisation_id, i.user_id, i.message, i.status, i.created_at, i.updated_at, o.name, o.slug, u.name AS person
                FROM partner_search_interests i JOIN organisations o ON o.id = i.organisation_id LEFT JOIN users u ON u.id = i.user_id
                WHERE i.search_id = \(bind: searchID) ORDER BY i.created_at, i.id
                """
            ).all().map(Self.interestView)
        }
    }

    static func interestView(_ row: any SQLRow) throws -> InterestView {
        InterestView(
            interest: try interest(row), organisationName: try row.decode(column: "name", as: String.self),
            organisationSlug: try row.decode(column: "slug", as: String.self),
            personName: try row.decode(column: "person", as: String?.self))
    }

    /// The interest `id`, or a not-found refusal.
    static func interest(id: Int64, on db: any SQLDatabase) async throws -> Interest {
        guard let interest = try await storedInterest(id, on: db) else { throw Refusal(.notFound, "interest \(id)") }
        return interest
    }

    static func storedInterest(_ id: Int64, on db: any SQLDatabase) async throws -> Interest? {
        try await db.raw(
            "SELECT id, search_id, organisation_id, user_id, message, status, created_at, updated_at FROM partner_search_interests WHERE id = \(bind: id)"
        ).first().map(interest)
    }

    static func interest(_ row: any SQLRow) throws -> Interest {
        Interest(
            id: try row.decode(column: "id", as: Int64.self), searchID: try row.decode(column: "search_id", as: Int64.self),
            organisationID: try row.decode(column: "organisation_id", as: Int64.self), userID: try row.decode(column: "user_id", as: Int64?.self),
            message: try row.decode(column: "message", as: String.self),
            status: Interest.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .pending,
            createdAt: StoredTime.date(try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: StoredTime.date(try row.decode(column: "updated_at", as: Int64.self)))
    }

    public func interest(id: Int64) async throws -> Interest? {
        try await database.withConnection { db in try await Self.storedInterest(id, on: db) }
    }

    /// An organisation's expression of interest, by a member of its team. Once per organisation: a second
    /// one is refused while the first stands; after a withdrawal the organisation may express it again.
    public func expressInterest(searchID: Int64, organisationID: Int64, userID: Int64?, message: String, today: String, now: Date = Date()) async throws
        -> Interest
    {
        try await database.transaction { db in
            guard let record = try await record(searchID, on: db) else { throw Refusal(.notFound, "partner search \(searchID)") }
            guard record.search.isOpen(today: today) else {
                throw Refusal(.conflict, "the partner search is \(record.search.effectiveStatus(today: today).label.lowercased()) and takes no more interest")
            }
            guard let org = try await db.raw("SELECT name, status FROM organisations WHERE id = \(bind: organisationID)").first() else {
                throw Refusal(.notFound, "organisation \(organisationID)")
            }
            guard try org.decode(column: "status", as: String.self) == ProfileStatus.published.rawValue else {
                throw Refusal(.conflict, "only a published organisation can express interest")
            }
            if record.consortium.memberIDs.contains(organisationID) {
                throw Refusal(.conflict, "the organisation is already in this consortium")
            }
            let name = try org.decode(column: "name", as: String.self)
            if let existing = try await db.raw(
                "SELECT id, status FROM partner_search_interests WHERE search_id = \(bind: searchID) AND organisation_id = \(bind: organisationID)"
            ).first() {
                let status = try existing.decode(column: "status", as: String.self)
                guard status == Interest.Status.withdrawn.rawValue else {
                    throw Refusal(.conflict, "\(name) has already expressed interest in this search (\(status))")
                }
                try await db.raw(
                    """
                    UPDATE partner_search_interests SET user_id = \(bind: userID), message = \(bind: message), status = 'pending', updated_at = \(bind: Self.ms(now)), decided_by = NULL
                    WHERE id = \(bind: try existing.decode(column: "id", as: Int64.self))
                    """
                ).run()
            } else {
                try await db.raw(
                    """
                    INSERT INTO partner_search_interests (search_id, organisation_id, user_id, message, status, created_at, updated_at)
                    VALUES (\(bind: searchID), \(bind: organisationID), \(bind: userID), \(bind: message), 'pending', \(bind: Self.ms(now)), \(bind: Self.ms(now)))
                    """
                ).run()
            }
            // The owner's team reads the message; followers only hear that interest was expressed.
            let notice = Notice("partnering-interest", link: Routes.partnerSearch.path(searchID), ["organisation": name, "search": record.search.title])
            var withMessage = notice
            withMessage.values["message"] = message
            let told = try await notifyTeam(of: record.search.ownerID, except: userID, withMessage, now: now, on: db)
            try await notifyFollowers(searchID, except: told.union(userID.map { [$0] } ?? []), notice, now: now, on: db)
            guard
                let row = try await db.raw(
                    "SELECT id, search_id, organisation_id, user_id, message, status, created_at, updated_at FROM partner_search_interests WHERE search_id = \(bind: searchID) AND organisation_id = \(bind: organisationID)"
                ).first()
            else {
                throw Refusal(.notFound, "interest")
            }
            return try Self.interest(row)
        }
    }

    /// Withdraws an interest; an accepted organisation also leaves the consortium.
    public func withdrawInterest(id: Int64, now: Date = Date()) async throws {
        try await database.transaction { db in
            let interest = try await Self.interest(id: id, on: db)
            _ = try interest.withdrawing(now: now)
            try await db.raw("UPDATE partner_search_interests SET status = 'withdrawn', updated_at = \(bind: Self.ms(now)) WHERE id = \(bind: id)").run()
            try await db.raw(
                "DELETE FROM consortium_members WHERE search_id = \(bind: interest.searchID) AND organisation_id = \(bind: interest.organisationID) AND role = 'partner'"
            ).run()
        }
    }

    /// The owner team's decision: accepting adds the organisation to the consortium.
    public func decideInterest(id: Int64, accept: Bool, decidedBy: Int64, actor: String, now: Date = Date()) async throws {
        try await database.transaction { db in
            let interest = try await Self.interest(id: id, on: db)
            // A search is never deleted while interests in it are stored.
            guard let record = try await record(interest.searchID, on: db) else { throw Refusal(.notFound, "partner search \(interest.searchID)") }
            let decision = try interest.deciding(accept: accept, members: record.consortium.members.count, maxMembers: record.search.maxMembers, now: now)
            try await db.raw(
                "UPDATE partner_search_interests SET status = \(bind: decision.status.rawValue), updated_at = \(bind: Self.ms(now)), decided_by = \(bind: decidedBy) WHERE id = \(bind: id)"
            ).run()
            if accept {
                try await db.raw(
                    "INSERT INTO consortium_members (search_id, organisation_id, role, joined_at) VALUES (\(bind: interest.searchID), \(bind: interest.organisationID), 'partner', \(bind: Self.ms(now)))"
                ).run()
            }
            let decided = Notice(
                "partnering-decision", link: Routes.partnerSearch.path(interest.searchID), ["search": record.search.title, "accepted": accept ? "yes" : ""])
            try await notifyTeam(of: interest.organisationID, except: nil, decided, now: now, on: db)
            try await AuditLog.append(
                actor: actor, action: "partner search: interest \(accept ? "accepted" : "declined")",
                subject: "partner search \(interest.searchID)", detail: "organisation \(interest.organisationID)", now: now, on: db)
        }
    }
}

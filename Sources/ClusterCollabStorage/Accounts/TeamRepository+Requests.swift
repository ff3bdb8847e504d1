import ClusterCollabCore
import Foundation
import SQLKit

extension TeamRepository {
    // MARK: Join and claim requests

    static func decodeRequest(_ row: any SQLRow) throws -> JoinRequest {
        JoinRequest(
            id: try row.decode(column: "id", as: Int64.self), organisationID: try row.decode(column: "organisation_id", as: Int64.self),
            organisationName: try row.decode(column: "organisation_name", as: String.self),
            userID: try row.decode(column: "user_id", as: Int64.self), userName: try row.decode(column: "user_name", as: String.self),
            userEmail: try row.decode(column: "user_email", as: String.self),
            userEmailVerified: try row.decodeNil(column: "user_email_verified_at") == false,
            kind: JoinRequest.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .join,
            message: try row.decode(column: "message", as: String.self))
    }

    static let requestColumns =
        "r.id, r.organisation_id, o.name AS organisation_name, r.user_id, u.name AS user_name, u.email AS user_email, u.email_verified_at AS user_email_verified_at, r.kind, r.message"

    /// Asks to join (the organisation has a team) or to claim it (it has none): its administrators decide,
    /// or the moderators when it has none. They are told in-app and by e-mail, in the same transaction.
    @discardableResult
    public func requestToJoin(organisationID: Int64, userID: Int64, message: String, now: Date = Date()) async throws -> JoinRequest.Kind {
        try await database.transaction { db in
            guard let org = try await db.raw("SELECT name FROM organisations WHERE id = \(bind: organisationID)").first() else {
                throw Refusal(.conflict, "organisation \(organisationID) does not exist")
            }
            let name = try org.decode(column: "name", as: String.self)
            let confirmed = try await db.raw("SELECT id FROM users WHERE id = \(bind: userID) AND email_verified_at IS NOT NULL").first() != nil
            let inTeam =
                try await db.raw("SELECT role FROM memberships WHERE organisation_id = \(bind: organisationID) AND user_id = \(bind: userID)").first() != nil
            let waiting =
                try await db.raw(
                    "SELECT id FROM join_requests WHERE organisation_id = \(bind: organisationID) AND user_id = \(bind: userID) AND status = 'open'"
                ).first() != nil
            let admins = try await db.raw(
                "SELECT u.id, u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organisation_id = \(bind: organisationID) AND m.role = 'administrator'"
            ).all()
            let ask = try TeamRules.asking(
                organisationID: organisationID, organisationName: name, administrators: admins.count, confirmed: confirmed, inTeam: inTeam, waiting: waiting)
            try await db.raw(
                """
                INSERT INTO join_requests (organisation_id, user_id, kind, message, status, created_at)
                VALUES (\(bind: organisationID), \(bind: userID), \(bind: ask.kind.rawValue), \(bind: message), 'open', \(bind: Self.ms(now)))
                """
            ).run()
            let deciders =
                ask.kind == .claim
                ? try await db.raw("SELECT id, email FROM users WHERE role IN ('moderator', 'platform-admin')").all()
                : admins
            for person in deciders {
                try await NotificationRepository.notify(userID: try person.decode(column: "id", as: Int64.self), ask.notice, now: now, on: db)
                try await NotificationRepository.mail(
                    ask.notice, to: try person.decode(column: "email", as: String.self), publicURL: publicURL, now: now, on: db)
            }
            return ask.kind
        }
    }

    /// Open requests to join one organisation's team.
    public func openRequests(organisationID: Int64) async throws -> [JoinRequest] {
        try await database.withConnection { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.requestColumns) FROM join_requests r JOIN organisations o ON o.id = r.organisation_id JOIN users u ON u.id = r.user_id
                WHERE r.organisation_id = \(bind: organisationID) AND r.status = 'open' ORDER BY r.id
                """
            ).all().map(Self.decodeRequest)
        }
    }

    /// Open claims of organisations without a team: the moderators' to decide.
    public func openClaims() async throws -> [JoinRequest] {
        try await database.withConnection { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.requestColumns) FROM join_requests r JOIN organisations o ON o.id = r.organisation_id JOIN users u ON u.id = r.user_id
                WHERE r.status = 'open' AND r.kind = 'claim' ORDER BY r.id
                """
            ).all().map(Self.decodeRequest)
        }
    }

    public func request(id: Int64) async throws -> JoinRequest? {
        try await database.withConnection { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.requestColumns) FROM join_requests r JOIN organisations o ON o.id = r.organisation_id JOIN users u ON u.id = r.user_id
                WHERE r.id = \(bind: id) AND r.status = 'open'
                """
            ).first().map(Self.decodeRequest)
        }
    }

    /// Accepts (a join makes a member, a claim an administrator) or declines an open request.
    public func decideRequest(id: Int64, accept: Bool, decidedBy: Int64, actor: String, now: Date = Date()) async throws {
        try await database.transaction { db in
            guard
                let row = try await db.raw(
                    """
                    SELECT \(unsafeRaw: Self.requestColumns) FROM join_requests r JOIN organisations o ON o.id = r.organisation_id JOIN users u ON u.id = r.user_id
                    WHERE r.id = \(bind: id) AND r.status = 'open'
                    """
                ).first()
            else { throw Refusal(.conflict, "this request is no longer open") }
            let request = try Self.decodeRequest(row)
            let answer = try TeamRules.deciding(request, accept: accept)
            try await db.raw(
                "UPDATE join_requests SET status = \(bind: answer.status), decided_at = \(bind: Self.ms(now)), decided_by = \(bind: decidedBy) WHERE id = \(bind: id)"
            ).run()
            if let role = answer.role {
                try await Self.addMembership(organisationID: request.organisationID, userID: request.userID, role: role, now: now, on: db)
            }
            try await NotificationRepository.notify(userID: request.userID, answer.notice, now: now, on: db)
            try await AuditLog.append(
                actor: actor, action: "team: \(request.kind.rawValue) request \(accept ? "accepted" : "declined")",
                subject: "organisation \(request.organisationID)", detail: request.userEmail, now: now, on: db)
        }
    }

    /// Adds a membership in a transaction of its own (the demo's logins).
    public static func addMembership(organisationID: Int64, userID: Int64, role: TeamRole, database: Database) async throws {
        try await database.transaction { db in try await addMembership(organisationID: organisationID, userID: userID, role: role, on: db) }
    }

    /// Puts a person in a team directly (demo data and tests; people join through `addMember`).
    public static func addMembership(organisationID: Int64, userID: Int64, role: TeamRole, now: Date = Date(), on db: any SQLDatabase) async throws {
        try await db.raw(
            "INSERT INTO memberships (organisation_id, user_id, role, created_at) VALUES (\(bind: organisationID), \(bind: userID), \(bind: role.rawValue), \(bind: ms(now)))"
        ).run()
    }

    /// Why a join or claim request is refused before the address is confirmed.
    public static let unconfirmedAddress = TeamRules.unconfirmedAddress

    /// Accepts open invitations to an address its account has just confirmed (never at registration: an
    /// unconfirmed address may be anyone's).
    public static func acceptInvitations(email: String, userID: Int64, now: Date, on db: any SQLDatabase) async throws {
        let address = AccountRules.normaliseEmail(email)
        for row in try await db.raw("SELECT id, organisation_id, role FROM invitations WHERE email = \(bind: address) AND accepted_at IS NULL").all() {
            let organisationID = try row.decode(column: "organisation_id", as: Int64.self)
            if try await db.raw("SELECT role FROM memberships WHERE organisation_id = \(bind: organisationID) AND user_id = \(bind: userID)").first() == nil {
                try await db.raw(
                    "INSERT INTO memberships (organisation_id, user_id, role, created_at) VALUES (\(bind: organisationID), \(bind: userID), \(bind: try row.decode(column: "role", as: String.self)), \(bind: ms(now)))"
                ).run()
            }
            try await db.raw("UPDATE invitations SET accepted_at = \(bind: ms(now)) WHERE id = \(bind: try row.decode(column: "id", as: Int64.self))").run()
        }
    }

    /// Removes a colleague; the last administrator cannot be removed (the team would be left without one).
    public func removeMember(organisationID: Int64, userID: Int64, actor: String, now: Date = Date()) async throws {
        try await database.transaction { db in
            let role = try await db.raw("SELECT role FROM memberships WHERE organisation_id = \(bind: organisationID) AND user_id = \(bind: userID)")
                .first().map { TeamRole(rawValue: try $0.decode(column: "role", as: String.self)) ?? .member }
            let administrators =
                try await db.raw("SELECT COUNT(*) AS n FROM memberships WHERE organisation_id = \(bind: organisationID) AND role = 'administrator'")
                .first()?.decode(column: "n", as: Int.self) ?? 0
            try TeamRules.mayRemove(role: role, administrators: administrators)
            try await db.raw("DELETE FROM memberships WHERE organisation_id = \(bind: organisationID) AND user_id = \(bind: userID)").run()
            let name =
                try await db.raw("SELECT name FROM organisations WHERE id = \(bind: organisationID)").first()?.decode(column: "name", as: String.self)
                ?? "an organisation"
            try await NotificationRepository.notify(
                userID: userID, Notice("team-removed", link: Routes.myOrganisations.path, ["organisation": name]), now: now, on: db)
            try await AuditLog.append(
                actor: actor, action: "team: removed", subject: "organisation \(organisationID)", detail: "user \(userID)", now: now, on: db)
        }
    }
}

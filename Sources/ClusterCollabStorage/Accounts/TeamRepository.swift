import ClusterCollabCore
import Foundation
import SQLKit

/// Profile teams and the moderation workflow: creating a profile as its team, saving edits (pending
/// review when the profile is already published), submitting, moderators' decisions, members, history.
/// Every operation is one transaction, with its e-mails written to the outbox in the same transaction.
public struct TeamRepository: Sendable {
    public let database: Database
    /// Base URL for links in e-mails.
    public let publicURL: String

    public init(database: Database, publicURL: String) {
        self.database = database
        self.publicURL = publicURL
    }

    static func ms(_ date: Date) -> Int64 { StoredTime.millis(date) }
    var mailDomain: String { URL(string: publicURL)?.host ?? "clustercollab" }

    /// Refusals a person can read (not allowed, wrong state).
    public struct Refusal: Error, CustomStringConvertible {
        public var description: String
    }

    // MARK: Reading

    public func teamRole(organisationID: Int64, userID: Int64) async throws -> TeamRole? {
        try await database.withConnection { db in
            try await db.raw("SELECT role FROM memberships WHERE organisation_id = \(bind: organisationID) AND user_id = \(bind: userID)")
                .first().flatMap { TeamRole(rawValue: try $0.decode(column: "role", as: String.self)) }
        }
    }

    /// The organisations a person's teams look after, with their role.
    public func organisations(userID: Int64) async throws -> [(Organisation, TeamRole)] {
        try await database.withConnection { db in
            try await db.raw(
                """
                SELECT o.profile, m.role FROM memberships m JOIN organisations o ON o.id = m.organisation_id
                WHERE m.user_id = \(bind: userID) ORDER BY o.name
                """
            ).all().map { row in
                (try OrganisationRepository.decode(row), TeamRole(rawValue: try row.decode(column: "role", as: String.self)) ?? .member)
            }
        }
    }

    public struct Member: Sendable, Equatable {
        public var userID: Int64
        public var name: String
        public var email: String
        public var role: TeamRole
    }

    public func members(organisationID: Int64) async throws -> [Member] {
        try await database.withConnection { db in
            try await db.raw(
                """
                SELECT u.id, u.name, u.email, m.role FROM memberships m JOIN users u ON u.id = m.user_id
                WHERE m.organisation_id = \(bind: organisationID) ORDER BY u.name
                """
            ).all().map { row in
                Member(
                    userID: try row.decode(column: "id", as: Int64.self), name: try row.decode(column: "name", as: String.self),
                    email: try row.decode(column: "email", as: String.self),
                    role: TeamRole(rawValue: try row.decode(column: "role", as: String.self)) ?? .member)
            }
        }
    }

    /// Edits of a published profile waiting for review.
    public struct PendingRevision: Sendable {
        public var organisation: Organisation
        public var status: ProfileStatus
        public var message: String?
    }

    public func pendingRevision(organisationID: Int64) async throws -> PendingRevision? {
        try await database.withConnection { db in try await Self.pending(organisationID, on: db) }
    }

    static func pending(_ organisationID: Int64, on db: any SQLDatabase) async throws -> PendingRevision? {
        guard let row = try await db.raw("SELECT profile, status, message FROM pending_revisions WHERE organisation_id = \(bind: organisationID)").first()
        else { return nil }
        return PendingRevision(
            organisation: try OrganisationRepository.decode(row),
            status: ProfileStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .draft,
            message: try row.decode(column: "message", as: String?.self))
    }

    /// One entry of a profile's history.
    public struct HistoryEntry: Sendable, Equatable {
        public var at: Date
        public var actor: String
        public var action: String
        /// Field -> [before, after].
        public var changes: [String: [String]]
    }

    public func history(organisationID: Int64) async throws -> [HistoryEntry] {
        try await database.withConnection { db in
            try await db.raw(
                "SELECT at, actor, action, changes FROM organisation_history WHERE organisation_id = \(bind: organisationID) ORDER BY at DESC, id DESC"
            ).all().map { row in
                let json = try row.decode(column: "changes", as: String.self)
                return HistoryEntry(
                    at: StoredTime.date(try row.decode(column: "at", as: Int64.self)),
                    actor: try row.decode(column: "actor", as: String.self),
                    action: try row.decode(column: "action", as: String.self),
                    changes: (try? JSONDecoder().decode([String: [String]].self, from: Data(json.utf8))) ?? [:])
            }
        }
    }

    /// What waits for a moderator: new profiles in review and edits of published ones in review.
    public func reviewQueue() async throws -> [(Organisation, isEditOfPublished: Bool)] {
        try await database.withConnection { db in
            let new = try await db.raw("SELECT profile FROM organisations WHERE status = 'needs-review' ORDER BY updated_at").all().map(
                OrganisationRepository.decode)
            let edits = try await db.raw("SELECT profile FROM pending_revisions WHERE status = 'needs-review' ORDER BY updated_at").all().map(
                OrganisationRepository.decode)
            return new.map { ($0, false) } + edits.map { ($0, true) }
        }
    }

    // MARK: Writing

    static func record(_ organisationID: Int64, actor: String, action: String, changes: [String: [String]], now: Date, on db: any SQLDatabase) async throws {
        let json = String(decoding: try JSONEncoder().encode(changes), as: UTF8.self)
        try await db.raw(
            """
            INSERT INTO organisation_history (organisation_id, at, actor, action, changes) VALUES (\(bind: organisationID), \(bind: ms(now)), \(bind: actor), \(bind: action), \(bind: json))
            """
        ).run()
    }

    /// A new profile, as a draft, with its creator as the team's administrator.
    public func createProfile(_ organisation: Organisation, creatorID: Int64, actor: String, now: Date = Date()) async throws -> Organisation {
        var draft = organisation
        draft.status = .draft
        let toStore = draft
        return try await database.transaction { db in
            let revision = try await OrganisationRepository.bumpRevision(db)
            let stored = try await OrganisationRepository.insert(toStore, now: now, revision: revision, on: db)
            try await db.raw(
                """
                INSERT INTO memberships (organisation_id, user_id, role, created_at) VALUES (\(bind: stored.id), \(bind: creatorID), \(bind: TeamRole.administrator.rawValue), \(bind: Self.ms(now)))
                """
            ).run()
            try await Self.record(stored.id, actor: actor, action: "created", changes: ProfileWorkflow.changes(from: nil, to: stored), now: now, on: db)
            return stored
        }
    }

    /// Saves a team's edit. A profile that is not published changes in place (its status stays, or goes
    /// back to draft after a rejection); a published one keeps its public version and the edit waits as
    /// a pending revision.
    @discardableResult
    public func saveEdit(_ organisation: Organisation, actor: String, actorID: Int64?, now: Date = Date()) async throws -> Organisation {
        try await database.transaction { db in
            guard let row = try await db.raw("SELECT profile FROM organisations WHERE id = \(bind: organisation.id)").first() else {
                throw Refusal(description: "organisation \(organisation.id) does not exist")
            }
            let stored = try OrganisationRepository.decode(row)
            var edit = organisation
            edit.slug = stored.slug
            edit.createdAt = stored.createdAt
            if stored.status == .published {
                let before = try await Self.pending(stored.id, on: db)?.organisation ?? stored
                edit.status = .published
                edit.updatedAt = OrganisationRepository.seconds(now)
                let json = try OrganisationRepository.encode(edit)
                try await db.raw("DELETE FROM pending_revisions WHERE organisation_id = \(bind: stored.id)").run()
                try await db.raw(
                    """
                    INSERT INTO pending_revisions (organisation_id, profile, status, message, updated_at, updated_by)
                    VALUES (\(bind: stored.id), \(bind: json), \(bind: ProfileStatus.draft.rawValue), NULL, \(bind: Self.ms(now)), \(bind: actorID))
                    """
                ).run()
                try await Self.record(
                    stored.id, actor: actor, action: "edited (pending review)", changes: ProfileWorkflow.changes(from: before, to: edit), now: now, on: db)
                return edit
            }
            edit.status = stored.status == .rejected || stored.status == .needsReview ? .draft : stored.status
            let revision = try await OrganisationRepository.bumpRevision(db)
            guard let saved = try await OrganisationRepository.replace(edit, now: now, revision: revision, on: db) else {
                throw Refusal(description: "organisation \(organisation.id) does not exist")
            }
            try await Self.record(stored.id, actor: actor, action: "edited", changes: ProfileWorkflow.changes(from: stored, to: saved), now: now, on: db)
            return saved
        }
    }

    /// A team's new logo. Like other edits, a published profile's new logo waits for review (with the
    /// pending revision, started from the published profile when there is none, back to draft so that
    /// the team submits it); the published logo stays visible until a moderator publishes the new one. A
    /// profile that is not published changes in place. Returns whether the logo waits for review.
    @discardableResult
    public func saveLogo(organisationID: Int64, contentType: String, data: Data, actor: String, actorID: Int64?, now: Date = Date()) async throws -> Bool {
        try await database.transaction { db in
            guard let row = try await db.raw("SELECT profile FROM organisations WHERE id = \(bind: organisationID)").first() else {
                throw Refusal(description: "organisation \(organisationID) does not exist")
            }
            let stored = try OrganisationRepository.decode(row)
            let change = ["logo": ["", "\(contentType), \(data.count) bytes"]]
            guard stored.status == .published else {
                try await LogoRepository.put(organisationID, contentType: contentType, data: data, pending: false, now: now, on: db)
                try await Self.record(organisationID, actor: actor, action: "logo changed", changes: change, now: now, on: db)
                return false
            }
            try await LogoRepository.put(organisationID, contentType: contentType, data: data, pending: true, now: now, on: db)
            if try await Self.pending(organisationID, on: db) == nil {
                try await db.raw(
                    """
                    INSERT INTO pending_revisions (organisation_id, profile, status, message, updated_at, updated_by)
                    VALUES (\(bind: organisationID), \(bind: try OrganisationRepository.encode(stored)), \(bind: ProfileStatus.draft.rawValue), NULL, \(bind: Self.ms(now)), \(bind: actorID))
                    """
                ).run()
            } else {
                try await db.raw(
                    "UPDATE pending_revisions SET status = \(bind: ProfileStatus.draft.rawValue), updated_at = \(bind: Self.ms(now)), updated_by = \(bind: actorID) WHERE organisation_id = \(bind: organisationID)"
                ).run()
            }
            try await Self.record(organisationID, actor: actor, action: "logo changed (pending review)", changes: change, now: now, on: db)
            return true
        }
    }

    /// Sends a draft (or pending edits) to the moderators.
    public func submit(organisationID: Int64, actor: String, now: Date = Date()) async throws {
        try await database.transaction { db in
            if let pending = try await Self.pending(organisationID, on: db) {
                guard pending.status != .needsReview else { throw Refusal(description: "these edits are already waiting for review") }
                try await db.raw(
                    "UPDATE pending_revisions SET status = 'needs-review', updated_at = \(bind: Self.ms(now)) WHERE organisation_id = \(bind: organisationID)"
                ).run()
            } else {
                guard let row = try await db.raw("SELECT profile FROM organisations WHERE id = \(bind: organisationID)").first() else {
                    throw Refusal(description: "organisation \(organisationID) does not exist")
                }
                var stored = try OrganisationRepository.decode(row)
                guard stored.status != .published else { throw Refusal(description: "the profile is published and has no edits to review") }
                guard stored.status != .needsReview else { throw Refusal(description: "the profile is already waiting for review") }
                stored.status = .needsReview
                let revision = try await OrganisationRepository.bumpRevision(db)
                _ = try await OrganisationRepository.replace(stored, now: now, revision: revision, on: db)
            }
            try await Self.record(organisationID, actor: actor, action: "submitted for review", changes: [:], now: now, on: db)
            // The moderators hear of it (the bell), so nothing waits in the queue unseen.
            let name =
                try await db.raw("SELECT name FROM organisations WHERE id = \(bind: organisationID)").first()?.decode(column: "name", as: String.self)
                ?? "organisation \(organisationID)"
            let isEdit = try await Self.pending(organisationID, on: db) != nil
            for moderator in try await db.raw("SELECT id FROM users WHERE role IN ('moderator', 'platform-admin')").all() {
                try await NotificationRepository.notify(
                    userID: try moderator.decode(column: "id", as: Int64.self), kind: "review-waiting",
                    message: isEdit ? "Edits of \(name) wait for review" : "\(name) waits for review",
                    link: "/admin/moderation", now: now, on: db)
            }
        }
    }

    /// A moderator's decision. On pending edits of a published profile: publishing applies them,
    /// requesting changes sends them back, rejecting discards them (the published version stays).
    /// The team is told by e-mail, in the same transaction.
    public func decide(organisationID: Int64, decision: ProfileWorkflow.Decision, message: String, moderator: String, now: Date = Date()) async throws
        -> Organisation
    {
        try await database.transaction { db in
            guard let row = try await db.raw("SELECT profile FROM organisations WHERE id = \(bind: organisationID)").first() else {
                throw Refusal(description: "organisation \(organisationID) does not exist")
            }
            var stored = try OrganisationRepository.decode(row)
            let pending = try await Self.pending(organisationID, on: db)
            var result = stored
            if let pending, pending.status == .needsReview {
                switch decision {
                case .publish:
                    var applied = pending.organisation
                    applied.status = .published
                    let revision = try await OrganisationRepository.bumpRevision(db)
                    result = try await OrganisationRepository.replace(applied, now: now, revision: revision, on: db) ?? applied
                    try await db.raw("DELETE FROM pending_revisions WHERE organisation_id = \(bind: organisationID)").run()
                    // A new logo waiting with the edits is published with them.
                    if let logo = try await db.raw("SELECT content_type, data FROM pending_logos WHERE organisation_id = \(bind: organisationID)").first() {
                        try await LogoRepository.put(
                            organisationID, contentType: try logo.decode(column: "content_type", as: String.self),
                            data: try logo.decode(column: "data", as: Data.self), pending: false, now: now, on: db)
                        try await db.raw("DELETE FROM pending_logos WHERE organisation_id = \(bind: organisationID)").run()
                    }
                case .requestChanges:
                    try await db.raw(
                        "UPDATE pending_revisions SET status = 'changes-requested', message = \(bind: message), updated_at = \(bind: Self.ms(now)) WHERE organisation_id = \(bind: organisationID)"
                    ).run()
                case .reject:
                    try await db.raw("DELETE FROM pending_revisions WHERE organisation_id = \(bind: organisationID)").run()
                    try await db.raw("DELETE FROM pending_logos WHERE organisation_id = \(bind: organisationID)").run()
                }
            } else {
                guard stored.status == .needsReview else {
                    throw Refusal(description: "the profile is not waiting for review (it is \(stored.status.label.lowercased()))")
                }
                stored.status = decision.resultingStatus
                let revision = try await OrganisationRepository.bumpRevision(db)
                result = try await OrganisationRepository.replace(stored, now: now, revision: revision, on: db) ?? stored
            }
            let edits = pending?.status == .needsReview
            let what = edits ? "edits" : "profile"
            let headline = decision.headline(stored.name, edits: edits)
            let link = decision.link(organisationID: organisationID, slug: result.slug, edits: edits)
            try await Self.record(
                organisationID, actor: moderator, action: "\(decision.label.lowercased()) (\(what))" + (message.isEmpty ? "" : ": \(message)"),
                changes: decision == .publish && pending != nil ? ProfileWorkflow.changes(from: stored, to: result) : [:], now: now, on: db)
            try await AuditLog.append(
                actor: moderator, action: "moderation: \(decision.rawValue)", subject: "organisation \(organisationID) \(stored.name)",
                detail: message, now: now, on: db)
            let team = try await db.raw(
                "SELECT u.id, u.email, u.name FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organisation_id = \(bind: organisationID)"
            ).all()
            for member in team {
                try await NotificationRepository.notify(
                    userID: try member.decode(column: "id", as: Int64.self), kind: "moderation-decision",
                    message: headline + (message.isEmpty ? "" : ": \(message)"),
                    link: link, now: now, on: db)
                let email = try member.decode(column: "email", as: String.self)
                let body =
                    "Hello \(try member.decode(column: "name", as: String.self)),\n\n\(headline): the platform team's decision on the \(what) of \(stored.name).\n"
                    + (message.isEmpty ? "" : "\nTheir message:\n\(message)\n") + "\n\(publicURL)\(link)\n"
                // Only to those who still want these e-mails, with an unsubscribe link.
                if let mail = try await PrivacyRepository.screened(
                    OutboxMail(recipient: email, subject: headline, bodyText: body, kind: "moderation-decision"),
                    publicURL: publicURL, on: db)
                {
                    try await OutboxRepository.enqueue(mail, on: db, now: now, domain: mailDomain)
                }
            }
            return result
        }
    }

    /// Adds a colleague by e-mail: an existing account with a confirmed address joins at once and is told
    /// by e-mail; any other address gets an invitation, which takes effect when the address is confirmed
    /// (registering an address proves nothing: anyone can type it).
    public func addMember(organisationID: Int64, email: String, role: TeamRole, invitedBy: Int64, actor: String, now: Date = Date()) async throws -> Bool {
        let address = AccountRules.normaliseEmail(email)
        return try await database.transaction { db in
            guard let row = try await db.raw("SELECT name FROM organisations WHERE id = \(bind: organisationID)").first() else {
                throw Refusal(description: "organisation \(organisationID) does not exist")
            }
            let name = try row.decode(column: "name", as: String.self)
            if let user = try await db.raw("SELECT id FROM users WHERE email = \(bind: address) AND email_verified_at IS NOT NULL").first() {
                let userID = try user.decode(column: "id", as: Int64.self)
                if try await db.raw("SELECT role FROM memberships WHERE organisation_id = \(bind: organisationID) AND user_id = \(bind: userID)").first() != nil
                {
                    throw ValidationErrors(["email": "\(address) is already in the team"])
                }
                try await db.raw(
                    "INSERT INTO memberships (organisation_id, user_id, role, created_at) VALUES (\(bind: organisationID), \(bind: userID), \(bind: role.rawValue), \(bind: Self.ms(now)))"
                ).run()
                try await NotificationRepository.notify(
                    userID: userID, kind: "team-added", message: "You were added to the team of \(name) as \(role.label.lowercased())",
                    link: "/my/organisations/\(organisationID)", now: now, on: db)
                if let mail = try await PrivacyRepository.screened(
                    OutboxMail(
                        recipient: address, subject: "You are now in the team of \(name)",
                        bodyText:
                            "Hello,\n\nyou were added to the profile team of \(name) on ClusterCollab as \(role.label.lowercased()).\n\n\(publicURL)/my/organisations/\(organisationID)\n",
                        kind: "team-added"), publicURL: publicURL, on: db)
                {
                    try await OutboxRepository.enqueue(mail, on: db, now: now, domain: mailDomain)
                }
                try await AuditLog.append(
                    actor: actor, action: "team: added \(role.rawValue)", subject: "organisation \(organisationID)", detail: address, now: now, on: db)
                return true
            }
            try await db.raw(
                "INSERT INTO invitations (organisation_id, email, role, invited_by, created_at) VALUES (\(bind: organisationID), \(bind: address), \(bind: role.rawValue), \(bind: invitedBy), \(bind: Self.ms(now)))"
            ).run()
            try await OutboxRepository.enqueue(
                OutboxMail(
                    recipient: address, subject: "Join the team of \(name) on ClusterCollab",
                    bodyText:
                        "Hello,\n\nyou are invited to the profile team of \(name) on ClusterCollab. Register with this address and confirm it with the link we then send you (or, if you have registered already, open that confirmation link) to join:\n\n\(publicURL)/register\n",
                    kind: "team-invitation"), on: db, now: now, domain: mailDomain)
            try await AuditLog.append(
                actor: actor, action: "team: invited \(role.rawValue)", subject: "organisation \(organisationID)", detail: address, now: now, on: db)
            return false
        }
    }

    // MARK: Join and claim requests

    /// A person's request to join a team, or to claim an organisation that has no team yet.
    public struct JoinRequest: Sendable, Equatable {
        public enum Kind: String, Sendable { case join, claim }
        public var id: Int64
        public var organisationID: Int64
        public var organisationName: String
        public var userID: Int64
        public var userName: String
        public var userEmail: String
        /// Whether the person has confirmed their address (moderators weigh a claim by it).
        public var userEmailVerified: Bool
        public var kind: Kind
        public var message: String
    }

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
                throw Refusal(description: "organisation \(organisationID) does not exist")
            }
            let name = try org.decode(column: "name", as: String.self)
            // Whoever joins or claims acts for the organisation: the address must be proven theirs first.
            if try await db.raw("SELECT id FROM users WHERE id = \(bind: userID) AND email_verified_at IS NOT NULL").first() == nil {
                throw Refusal(description: Self.unconfirmedAddress)
            }
            if try await db.raw("SELECT role FROM memberships WHERE organisation_id = \(bind: organisationID) AND user_id = \(bind: userID)").first() != nil {
                throw Refusal(description: "you are already in the team of \(name)")
            }
            if try await db.raw(
                "SELECT id FROM join_requests WHERE organisation_id = \(bind: organisationID) AND user_id = \(bind: userID) AND status = 'open'"
            ).first() != nil {
                throw Refusal(description: "your request for \(name) is already waiting for a decision")
            }
            let admins = try await db.raw(
                "SELECT u.id, u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organisation_id = \(bind: organisationID) AND m.role = 'administrator'"
            ).all()
            let kind: JoinRequest.Kind = admins.isEmpty ? .claim : .join
            try await db.raw(
                """
                INSERT INTO join_requests (organisation_id, user_id, kind, message, status, created_at)
                VALUES (\(bind: organisationID), \(bind: userID), \(bind: kind.rawValue), \(bind: message), 'open', \(bind: Self.ms(now)))
                """
            ).run()
            let deciders =
                admins.isEmpty
                ? try await db.raw("SELECT id, email FROM users WHERE role IN ('moderator', 'platform-admin')").all()
                : admins
            for person in deciders {
                let link = admins.isEmpty ? "/admin/join-requests" : "/my/organisations/\(organisationID)"
                try await NotificationRepository.notify(
                    userID: try person.decode(column: "id", as: Int64.self), kind: "join-request",
                    message: kind == .claim ? "Someone claims \(name)" : "Someone asks to join the team of \(name)",
                    link: link, now: now, on: db)
                try await OutboxRepository.enqueue(
                    OutboxMail(
                        recipient: try person.decode(column: "email", as: String.self),
                        subject: kind == .claim ? "A claim for \(name)" : "A request to join the team of \(name)",
                        bodyText:
                            "Hello,\n\na ClusterCollab user asks to \(kind == .claim ? "claim" : "join the team of") \(name). Decide here:\n\n\(publicURL)\(link)\n",
                        kind: "join-request"), on: db, now: now, domain: mailDomain)
            }
            return kind
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
            else { throw Refusal(description: "this request is no longer open") }
            let request = try Self.decodeRequest(row)
            // Requests made before addresses had to be confirmed may still be open.
            if accept && !request.userEmailVerified {
                throw Refusal(description: "\(request.userEmail) is not confirmed yet; a request can be accepted once its address is confirmed")
            }
            try await db.raw(
                "UPDATE join_requests SET status = \(bind: accept ? "accepted" : "declined"), decided_at = \(bind: Self.ms(now)), decided_by = \(bind: decidedBy) WHERE id = \(bind: id)"
            ).run()
            if accept {
                try await Self.addMembership(
                    organisationID: request.organisationID, userID: request.userID,
                    role: request.kind == .claim ? .administrator : .member, now: now, on: db)
            }
            try await NotificationRepository.notify(
                userID: request.userID, kind: "join-request-decided",
                message: "Your request for \(request.organisationName) was \(accept ? "accepted" : "declined")",
                link: accept ? "/my/organisations/\(request.organisationID)" : "/organisations", now: now, on: db)
            try await AuditLog.append(
                actor: actor, action: "team: \(request.kind.rawValue) request \(accept ? "accepted" : "declined")",
                subject: "organisation \(request.organisationID)", detail: request.userEmail, now: now, on: db)
        }
    }

    /// Puts a person in a team directly (demo data and tests; people join through `addMember`).
    public static func addMembership(organisationID: Int64, userID: Int64, role: TeamRole, now: Date = Date(), on db: any SQLDatabase) async throws {
        try await db.raw(
            "INSERT INTO memberships (organisation_id, user_id, role, created_at) VALUES (\(bind: organisationID), \(bind: userID), \(bind: role.rawValue), \(bind: ms(now)))"
        ).run()
    }

    /// Why a join or claim request is refused before the address is confirmed.
    public static let unconfirmedAddress = "confirm your e-mail address first: open the link we e-mailed you when you registered, then ask again"

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
            guard
                let row = try await db.raw("SELECT role FROM memberships WHERE organisation_id = \(bind: organisationID) AND user_id = \(bind: userID)").first()
            else {
                throw Refusal(description: "that person is not in the team")
            }
            if try row.decode(column: "role", as: String.self) == TeamRole.administrator.rawValue {
                let admins =
                    try await db.raw("SELECT COUNT(*) AS n FROM memberships WHERE organisation_id = \(bind: organisationID) AND role = 'administrator'")
                    .first()?.decode(column: "n", as: Int.self) ?? 0
                if admins <= 1 { throw Refusal(description: "the last profile administrator cannot be removed; make someone else administrator first") }
            }
            try await db.raw("DELETE FROM memberships WHERE organisation_id = \(bind: organisationID) AND user_id = \(bind: userID)").run()
            let name =
                try await db.raw("SELECT name FROM organisations WHERE id = \(bind: organisationID)").first()?.decode(column: "name", as: String.self)
                ?? "an organisation"
            try await NotificationRepository.notify(
                userID: userID, kind: "team-removed", message: "You were removed from the team of \(name)",
                link: "/my/organisations", now: now, on: db)
            try await AuditLog.append(
                actor: actor, action: "team: removed", subject: "organisation \(organisationID)", detail: "user \(userID)", now: now, on: db)
        }
    }
}

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

    public func members(organisationID: Int64) async throws -> [TeamMember] {
        try await database.withConnection { db in
            try await db.raw(
                """
                SELECT u.id, u.name, u.email, m.role FROM memberships m JOIN users u ON u.id = m.user_id
                WHERE m.organisation_id = \(bind: organisationID) ORDER BY u.name
                """
            ).all().map { row in
                TeamMember(
                    userID: try row.decode(column: "id", as: Int64.self), name: try row.decode(column: "name", as: String.self),
                    email: try row.decode(column: "email", as: String.self),
                    role: TeamRole(rawValue: try row.decode(column: "role", as: String.self)) ?? .member)
            }
        }
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

    public func history(organisationID: Int64) async throws -> [ProfileHistoryEntry] {
        try await database.withConnection { db in
            try await db.raw(
                "SELECT at, actor, action, changes FROM organisation_history WHERE organisation_id = \(bind: organisationID) ORDER BY at DESC, id DESC"
            ).all().map { row in
                let json = try row.decode(column: "changes", as: String.self)
                return ProfileHistoryEntry(
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
            try await Self.record(
                stored.id, actor: actor, action: ProfileHistory.created, changes: ProfileWorkflow.changes(from: nil, to: stored), now: now, on: db)
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
                throw Refusal(.conflict, "organisation \(organisation.id) does not exist")
            }
            let stored = try OrganisationRepository.decode(row)
            switch ProfileWorkflow.editing(stored, to: organisation, now: now) {
            case .pending(let edit):
                let before = try await Self.pending(stored.id, on: db)?.organisation ?? stored
                let json = try OrganisationRepository.encode(edit)
                try await db.raw("DELETE FROM pending_revisions WHERE organisation_id = \(bind: stored.id)").run()
                try await db.raw(
                    """
                    INSERT INTO pending_revisions (organisation_id, profile, status, message, updated_at, updated_by)
                    VALUES (\(bind: stored.id), \(bind: json), \(bind: ProfileStatus.draft.rawValue), NULL, \(bind: Self.ms(now)), \(bind: actorID))
                    """
                ).run()
                try await Self.record(
                    stored.id, actor: actor, action: ProfileHistory.editedPendingReview, changes: ProfileWorkflow.changes(from: before, to: edit), now: now,
                    on: db)
                return edit
            case .inPlace(let edit):
                let revision = try await OrganisationRepository.bumpRevision(db)
                guard let saved = try await OrganisationRepository.replace(edit, now: now, revision: revision, on: db) else {
                    throw Refusal(.conflict, "organisation \(organisation.id) does not exist")
                }
                try await Self.record(
                    stored.id, actor: actor, action: ProfileHistory.edited, changes: ProfileWorkflow.changes(from: stored, to: saved), now: now, on: db)
                return saved
            }
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
                throw Refusal(.conflict, "organisation \(organisationID) does not exist")
            }
            let stored = try OrganisationRepository.decode(row)
            let change = ["logo": ["", "\(contentType), \(data.count) bytes"]]
            guard stored.status == .published else {
                try await LogoRepository.put(organisationID, contentType: contentType, data: data, pending: false, now: now, on: db)
                try await Self.record(organisationID, actor: actor, action: ProfileHistory.logoChanged, changes: change, now: now, on: db)
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
            try await Self.record(organisationID, actor: actor, action: ProfileHistory.logoChangedPendingReview, changes: change, now: now, on: db)
            return true
        }
    }

    /// Sends a draft (or pending edits) to the moderators.
    public func submit(organisationID: Int64, actor: String, now: Date = Date()) async throws {
        try await database.transaction { db in
            guard let row = try await db.raw("SELECT profile FROM organisations WHERE id = \(bind: organisationID)").first() else {
                throw Refusal(.conflict, "organisation \(organisationID) does not exist")
            }
            let pending = try await Self.pending(organisationID, on: db)
            let submission = try ProfileWorkflow.submitting(try OrganisationRepository.decode(row), pending: pending)
            switch submission {
            case .edits:
                try await db.raw(
                    "UPDATE pending_revisions SET status = 'needs-review', updated_at = \(bind: Self.ms(now)) WHERE organisation_id = \(bind: organisationID)"
                ).run()
            case .profile(let waiting):
                let revision = try await OrganisationRepository.bumpRevision(db)
                _ = try await OrganisationRepository.replace(waiting, now: now, revision: revision, on: db)
            }
            try await Self.record(organisationID, actor: actor, action: ProfileHistory.submitted, changes: [:], now: now, on: db)
            // The moderators hear of it (the bell), so nothing waits in the queue unseen.
            let name =
                try await db.raw("SELECT name FROM organisations WHERE id = \(bind: organisationID)").first()?.decode(column: "name", as: String.self)
                ?? "organisation \(organisationID)"
            let waiting = Notice("review-waiting", link: Routes.adminModeration.path, ["organisation": name, "edits": submission == .edits ? "yes" : ""])
            for moderator in try await db.raw("SELECT id FROM users WHERE role IN ('moderator', 'platform-admin')").all() {
                try await NotificationRepository.notify(userID: try moderator.decode(column: "id", as: Int64.self), waiting, now: now, on: db)
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
                throw Refusal(.conflict, "organisation \(organisationID) does not exist")
            }
            let stored = try OrganisationRepository.decode(row)
            let moderation = try ProfileWorkflow.moderating(
                stored, pending: try await Self.pending(organisationID, on: db), decision: decision, message: message)
            var result = stored
            switch moderation.outcome {
            case .publishEdits(let applied):
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
            case .sendBackEdits:
                try await db.raw(
                    "UPDATE pending_revisions SET status = 'changes-requested', message = \(bind: message), updated_at = \(bind: Self.ms(now)) WHERE organisation_id = \(bind: organisationID)"
                ).run()
            case .discardEdits:
                try await db.raw("DELETE FROM pending_revisions WHERE organisation_id = \(bind: organisationID)").run()
                try await db.raw("DELETE FROM pending_logos WHERE organisation_id = \(bind: organisationID)").run()
            case .setStatus(let decided):
                let revision = try await OrganisationRepository.bumpRevision(db)
                result = try await OrganisationRepository.replace(decided, now: now, revision: revision, on: db) ?? decided
            }
            try await Self.record(organisationID, actor: moderator, action: moderation.historyAction, changes: moderation.historyChanges, now: now, on: db)
            try await AuditLog.append(
                actor: moderator, action: "moderation: \(decision.rawValue)", subject: "organisation \(organisationID) \(stored.name)",
                detail: message, now: now, on: db)
            let team = try await db.raw(
                "SELECT u.id, u.email, u.name FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organisation_id = \(bind: organisationID)"
            ).all()
            for member in team {
                // The e-mail only to those who still want these e-mails, with an unsubscribe link.
                try await NotificationRepository.tell(
                    userID: try member.decode(column: "id", as: Int64.self), email: try member.decode(column: "email", as: String.self),
                    name: try member.decode(column: "name", as: String.self), moderation.notice, publicURL: publicURL, now: now, on: db)
            }
            return result
        }
    }

    /// Adds a colleague by e-mail: an existing account with a confirmed address joins at once and is told
    /// by e-mail; any other address gets an invitation, which takes effect when the address is confirmed
    /// (registering an address proves nothing: anyone can type it).
    /// An invitation is written in `language` (the inviter's page): the address has no account to say.
    public func addMember(
        organisationID: Int64, email: String, role: TeamRole, invitedBy: Int64, actor: String, language: String? = nil, now: Date = Date()
    ) async throws -> Bool {
        let address = AccountRules.normaliseEmail(email)
        return try await database.transaction { db in
            guard let row = try await db.raw("SELECT name FROM organisations WHERE id = \(bind: organisationID)").first() else {
                throw Refusal(.conflict, "organisation \(organisationID) does not exist")
            }
            let name = try row.decode(column: "name", as: String.self)
            if let user = try await db.raw("SELECT id FROM users WHERE email = \(bind: address) AND email_verified_at IS NOT NULL").first() {
                let userID = try user.decode(column: "id", as: Int64.self)
                try TeamRules.adding(
                    address,
                    alreadyMember: try await db.raw(
                        "SELECT role FROM memberships WHERE organisation_id = \(bind: organisationID) AND user_id = \(bind: userID)"
                    )
                    .first() != nil)
                try await db.raw(
                    "INSERT INTO memberships (organisation_id, user_id, role, created_at) VALUES (\(bind: organisationID), \(bind: userID), \(bind: role.rawValue), \(bind: Self.ms(now)))"
                ).run()
                let added = Notice(
                    "team-added", link: Routes.myOrganisation.path(organisationID),
                    ["organisation": name, "administrator": role == .administrator ? "yes" : ""])
                try await NotificationRepository.tell(userID: userID, email: address, name: "", added, publicURL: publicURL, now: now, on: db)
                try await AuditLog.append(
                    actor: actor, action: "team: added \(role.rawValue)", subject: "organisation \(organisationID)", detail: address, now: now, on: db)
                return true
            }
            try await db.raw(
                "INSERT INTO invitations (organisation_id, email, role, invited_by, created_at) VALUES (\(bind: organisationID), \(bind: address), \(bind: role.rawValue), \(bind: invitedBy), \(bind: Self.ms(now)))"
            ).run()
            try await NotificationRepository.mail(
                Notice("team-invitation", link: Routes.register.path, ["organisation": name]), to: address, language: language, publicURL: publicURL,
                now: now, on: db)
            try await AuditLog.append(
                actor: actor, action: "team: invited \(role.rawValue)", subject: "organisation \(organisationID)", detail: address, now: now, on: db)
            return false
        }
    }
}

import ClusterCollabCore
import Foundation
import SQLKit

/// The kinds of e-mail a person may turn off. Account e-mails (address confirmation, password reset)
/// are not among them: without them nobody could get back into an account.
public enum OptionalEmail: String, CaseIterable, Codable, Sendable {
    /// Being added to or invited into a profile team.
    case team
    /// Moderators' decisions on a profile one looks after.
    case moderation
    /// The weekly digest.
    case digest
    /// Partnering proposals and matches.
    case partnering
    /// Deadline reminders: a call closing while one's expression of interest is a draft, a followed
    /// partner search about to stop taking interest.
    case reminders

    /// The name on the preferences page.
    public var label: String {
        switch self {
        case .team: "Profile teams"
        case .moderation: "Moderation decisions"
        case .digest: "Weekly digest"
        case .partnering: "Partnering"
        case .reminders: "Deadline reminders"
        }
    }

    /// What the kind covers, on the preferences page.
    public var explanation: String {
        switch self {
        case .team: "when someone adds you to, or invites you into, the team of an organisation's profile"
        case .moderation: "when the platform team publishes, sends back or rejects a profile you look after"
        case .digest: "a weekly summary of what changed in the directory"
        case .partnering: "partnering proposals and matches for your organisations"
        case .reminders: "before a call closes while your expression of interest is a draft, and before a partner search you follow closes"
        }
    }

    /// The optional kind an outbox e-mail kind (`OutboxMail.kind`) belongs to, or nil when it is always
    /// sent. Matched by prefix so that a new `team-...` or `partnering-...` e-mail (or suffix, a new
    /// `...-reminder`) is optional without a change here; a kind of a new family must be added, or it
    /// counts as always sent.
    public static func of(mailKind: String) -> OptionalEmail? {
        if let kind = OptionalEmail(rawValue: mailKind) { return kind }
        if mailKind.hasPrefix("team-") { return .team }
        if mailKind.hasPrefix("moderation-") { return .moderation }
        if mailKind.hasPrefix("digest-") { return .digest }
        if mailKind.hasPrefix("partnering-") { return .partnering }
        if mailKind.hasSuffix("-reminder") { return .reminders }
        return nil
    }
}

/// A person's choice of optional e-mails, stored as JSON in `users.email_settings`
/// (`{"team":true,"digest":false}`). A kind absent from the document is on, so a kind added later
/// reaches everyone who has not said otherwise, and `'{}'` (the default) means everything.
public struct EmailSettings: Sendable, Equatable {
    /// The kinds turned off.
    public var off: Set<OptionalEmail>

    /// Settings with the given kinds off (none by default).
    public init(off: Set<OptionalEmail> = []) { self.off = off }

    /// Every optional kind turned off, as the unsubscribe link leaves them.
    public static let none = EmailSettings(off: Set(OptionalEmail.allCases))

    /// Whether e-mails of `kind` are wanted.
    public func wants(_ kind: OptionalEmail) -> Bool { !off.contains(kind) }

    /// Reads the stored document; a malformed one counts as the default rather than blocking the account.
    public init(json: String) {
        let object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] ?? [:]
        off = Set(OptionalEmail.allCases.filter { (object[$0.rawValue] as? Bool) == false })
    }

    /// The stored document, naming every kind so that it reads the same in the export.
    public var json: String {
        let pairs = OptionalEmail.allCases.map(\.rawValue).sorted().map { "\"\($0)\":\(!off.contains(OptionalEmail(rawValue: $0)!))" }
        return "{" + pairs.joined(separator: ",") + "}"
    }

    /// Kind name to on or off, for the export.
    public var dictionary: [String: Bool] {
        Dictionary(uniqueKeysWithValues: OptionalEmail.allCases.map { ($0.rawValue, wants($0)) })
    }
}

/// A person's privacy: which e-mails they get, the unsubscribe link, consents, the export of their
/// personal data and the deletion of their account. Account rows themselves are `UserRepository`'s.
public struct PrivacyRepository: Sendable {
    /// The platform's database.
    public let database: Database
    /// Base URL of the site, for unsubscribe links.
    public let publicURL: String

    /// The repository; `publicURL` without a trailing slash, as in `AppConfiguration`.
    public init(database: Database, publicURL: String) {
        self.database = database
        self.publicURL = publicURL
    }

    /// How a deleted person is named in the history and audit log they leave behind.
    public static let formerMember = "former member"

    static func ms(_ date: Date) -> Int64 { StoredTime.millis(date) }
    static func date(_ ms: Int64) -> Date { StoredTime.date(ms) }

    // MARK: E-mail settings

    /// Whether `recipient` wants e-mails of the outbox kind `kind` (`team-added`, `moderation-decision`,
    /// or an `OptionalEmail` raw value). Runs on `db`, the writer's transaction, so the check and the
    /// e-mail see the same settings. Account e-mails and addresses without an account (invitations to
    /// register) are always wanted: there is no choice to respect.
    public static func wants(kind: String, recipient: String, on db: any SQLDatabase) async throws -> Bool {
        guard let optional = OptionalEmail.of(mailKind: kind) else { return true }
        let address = AccountRules.normaliseEmail(recipient)
        guard let row = try await db.raw("SELECT email_settings FROM users WHERE email = \(bind: address)").first() else { return true }
        return EmailSettings(json: try row.decode(column: "email_settings", as: String.self)).wants(optional)
    }

    /// The link that unsubscribes `recipient` without logging in (`publicURL/unsubscribe/<token>`), or nil
    /// when the address has no account.
    public static func unsubscribeURL(recipient: String, publicURL: String, on db: any SQLDatabase) async throws -> String? {
        let address = AccountRules.normaliseEmail(recipient)
        guard let row = try await db.raw("SELECT unsubscribe_token FROM users WHERE email = \(bind: address)").first() else { return nil }
        return publicURL + Routes.unsubscribe.path(try row.decode(column: "unsubscribe_token", as: String.self))
    }

    /// `mail` as it should be written to the outbox: nil when the recipient turned its kind off, otherwise
    /// with the recipient's unsubscribe link when the kind is optional. One call for e-mail writers, on
    /// their transaction.
    public static func screened(_ mail: OutboxMail, publicURL: String, on db: any SQLDatabase) async throws -> OutboxMail? {
        guard OptionalEmail.of(mailKind: mail.kind) != nil else { return mail }
        guard try await wants(kind: mail.kind, recipient: mail.recipient, on: db) else { return nil }
        var screened = mail
        if screened.unsubscribeURL == nil {
            screened.unsubscribeURL = try await unsubscribeURL(recipient: mail.recipient, publicURL: publicURL, on: db)
        }
        return screened
    }

    /// The user's settings.
    public func emailSettings(userID: Int64) async throws -> EmailSettings {
        try await database.withConnection { db in
            guard let row = try await db.raw("SELECT email_settings FROM users WHERE id = \(bind: userID)").first() else { return EmailSettings() }
            return EmailSettings(json: try row.decode(column: "email_settings", as: String.self))
        }
    }

    /// Saves the user's settings.
    public func setEmailSettings(userID: Int64, _ settings: EmailSettings, now: Date = Date()) async throws {
        try await database.withConnection { db in
            try await db.raw("UPDATE users SET email_settings = \(bind: settings.json), updated_at = \(bind: Self.ms(now)) WHERE id = \(bind: userID)").run()
        }
    }

    /// Whose unsubscribe token this is: the account's id and address, or nil for an unknown token.
    public func recipient(unsubscribeToken token: String) async throws -> (userID: Int64, email: String)? {
        guard !token.isEmpty else { return nil }
        return try await database.withConnection { db in
            guard let row = try await db.raw("SELECT id, email FROM users WHERE unsubscribe_token = \(bind: token)").first() else { return nil }
            return (try row.decode(column: "id", as: Int64.self), try row.decode(column: "email", as: String.self))
        }
    }

    /// Turns every optional e-mail off for the token's account; the address, or nil for an unknown token.
    /// The token stays valid: links in e-mails already sent must keep working.
    public func unsubscribeAll(token: String, now: Date = Date()) async throws -> String? {
        guard !token.isEmpty else { return nil }
        return try await database.withConnection { db in
            try await db.raw(
                """
                UPDATE users SET email_settings = \(bind: EmailSettings.none.json), updated_at = \(bind: Self.ms(now))
                WHERE unsubscribe_token = \(bind: token) RETURNING email
                """
            ).first()?.decode(column: "email", as: String.self)
        }
    }

    // MARK: Consents

    /// Records that the user agreed to `purpose` at `now`, on the caller's transaction (registration records
    /// `terms` with the account). A consent already in force is left as it is, so its first time is kept.
    public static func recordConsent(userID: Int64, purpose: String, now: Date, on db: any SQLDatabase) async throws {
        let live = try await db.raw(
            """
            SELECT given_at FROM consents WHERE user_id = \(bind: userID) AND purpose = \(bind: purpose) AND withdrawn_at IS NULL
            """
        ).first()
        guard live == nil else { return }
        try await db.raw(
            """
            INSERT INTO consents (user_id, purpose, given_at) VALUES (\(bind: userID), \(bind: purpose), \(bind: ms(now)))
            """
        ).run()
    }

    /// Records the withdrawal of a consent in force; the row stays so the export shows both times.
    /// False when none was in force.
    @discardableResult
    public static func withdrawConsent(userID: Int64, purpose: String, now: Date, on db: any SQLDatabase) async throws -> Bool {
        let rows = try await db.raw(
            """
            UPDATE consents SET withdrawn_at = \(bind: ms(now))
            WHERE user_id = \(bind: userID) AND purpose = \(bind: purpose) AND withdrawn_at IS NULL RETURNING purpose
            """
        ).all()
        return !rows.isEmpty
    }

    /// The user's consents, oldest first, withdrawn ones included.
    public func consents(userID: Int64) async throws -> [Consent] {
        try await database.withConnection { db in try await Self.consents(userID, on: db) }
    }

    static func consents(_ userID: Int64, on db: any SQLDatabase) async throws -> [Consent] {
        try await db.raw("SELECT purpose, given_at, withdrawn_at FROM consents WHERE user_id = \(bind: userID) ORDER BY given_at, purpose").all().map { row in
            Consent(
                purpose: try row.decode(column: "purpose", as: String.self),
                givenAt: date(try row.decode(column: "given_at", as: Int64.self)),
                withdrawnAt: try row.decode(column: "withdrawn_at", as: Int64?.self).map(date))
        }
    }

    // MARK: Export

    /// The user's personal data, read in one transaction so the parts agree; nil when there is no such user.
    public func export(userID: Int64, now: Date = Date()) async throws -> PersonalData? {
        try await database.transaction { db -> PersonalData? in
            guard
                let row = try await db.raw(
                    """
                    SELECT email, name, role, time_zone, language, created_at, email_verified_at, email_settings FROM users WHERE id = \(bind: userID)
                    """
                ).first()
            else { return nil }
            let email = try row.decode(column: "email", as: String.self)
            let verifiedAt = try row.decode(column: "email_verified_at", as: Int64?.self).map(Self.date)
            let account = PersonalData.Account(
                email: email, name: try row.decode(column: "name", as: String.self),
                role: try row.decode(column: "role", as: String.self),
                timeZone: try row.decode(column: "time_zone", as: String.self),
                language: try row.decode(column: "language", as: String.self),
                createdAt: Self.date(try row.decode(column: "created_at", as: Int64.self)),
                emailVerified: verifiedAt != nil, emailVerifiedAt: verifiedAt)
            let settings = EmailSettings(json: try row.decode(column: "email_settings", as: String.self))
            let memberships = try await db.raw(
                """
                SELECT m.organisation_id, o.name, m.role, m.created_at FROM memberships m JOIN organisations o ON o.id = m.organisation_id
                WHERE m.user_id = \(bind: userID) ORDER BY o.name
                """
            ).all().map { row in
                PersonalData.Membership(
                    organisationID: try row.decode(column: "organisation_id", as: Int64.self),
                    organisationName: try row.decode(column: "name", as: String.self),
                    role: try row.decode(column: "role", as: String.self),
                    since: Self.date(try row.decode(column: "created_at", as: Int64.self)))
            }
            let tokens = try await db.raw(
                """
                SELECT name, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = \(bind: userID) ORDER BY id
                """
            ).all().map { row in
                PersonalData.Token(
                    name: try row.decode(column: "name", as: String.self),
                    createdAt: Self.date(try row.decode(column: "created_at", as: Int64.self)),
                    lastUsedAt: try row.decode(column: "last_used_at", as: Int64?.self).map(Self.date),
                    revokedAt: try row.decode(column: "revoked_at", as: Int64?.self).map(Self.date))
            }
            let sessions =
                try await db.raw(
                    """
                    SELECT COUNT(*) AS n FROM sessions WHERE user_id = \(bind: userID) AND expires_at > \(bind: Self.ms(now))
                    """
                ).first()?.decode(column: "n", as: Int.self) ?? 0
            let history = try await db.raw(
                """
                SELECT h.organisation_id, o.name, h.at, h.action, h.changes FROM organisation_history h
                LEFT JOIN organisations o ON o.id = h.organisation_id
                WHERE \(Self.namesActor(userID: userID, email: email, column: "h.actor")) ORDER BY h.at, h.id
                """
            ).all().map { row in
                let changes = try row.decode(column: "changes", as: String.self)
                let fields = (try? JSONDecoder().decode([String: [String]].self, from: Data(changes.utf8)))?.keys.sorted() ?? []
                return PersonalData.HistoryEntry(
                    organisationID: try row.decode(column: "organisation_id", as: Int64.self),
                    organisationName: try row.decode(column: "name", as: String?.self),
                    at: Self.date(try row.decode(column: "at", as: Int64.self)),
                    action: try row.decode(column: "action", as: String.self), fields: fields)
            }
            var matchmaking: [PersonalData.MatchmakingEntry] = []
            for row in try await db.raw(
                """
                SELECT p.id, p.event_id, e.title, p.organisation_id, p.offer, p.seek, p.available, p.status, p.registered_at
                FROM matchmaking_participants p JOIN events e ON e.id = p.event_id WHERE p.user_id = \(bind: userID) ORDER BY p.id
                """
            ).all() {
                let participant = try row.decode(column: "id", as: Int64.self)
                let requests = try await db.raw(
                    "SELECT message, status, created_at FROM matchmaking_requests WHERE from_id = \(bind: participant) ORDER BY id"
                ).all().map {
                    PersonalData.MatchmakingEntry.SentRequest(
                        message: try $0.decode(column: "message", as: String.self), status: try $0.decode(column: "status", as: String.self),
                        createdAt: Self.date(try $0.decode(column: "created_at", as: Int64.self)))
                }
                let reports = try await db.raw(
                    "SELECT meeting_id, took_place, outcome, note FROM matchmaking_follow_ups WHERE participant_id = \(bind: participant) ORDER BY meeting_id"
                ).all().map {
                    PersonalData.MatchmakingEntry.Report(
                        meetingID: try $0.decode(column: "meeting_id", as: Int64.self), tookPlace: try $0.decode(column: "took_place", as: Int.self) != 0,
                        outcome: try $0.decode(column: "outcome", as: String.self), note: try $0.decode(column: "note", as: String.self))
                }
                matchmaking.append(
                    PersonalData.MatchmakingEntry(
                        eventID: try row.decode(column: "event_id", as: Int64.self), eventTitle: try row.decode(column: "title", as: String.self),
                        organisationID: try row.decode(column: "organisation_id", as: Int64.self), offer: try row.decode(column: "offer", as: String.self),
                        seek: try row.decode(column: "seek", as: String.self),
                        availableSlots: (try? JSONDecoder().decode([Int].self, from: Data(try row.decode(column: "available", as: String.self).utf8))) ?? [],
                        status: try row.decode(column: "status", as: String.self),
                        registeredAt: Self.date(try row.decode(column: "registered_at", as: Int64.self)), requests: requests, followUps: reports))
            }
            return PersonalData(
                exportedAt: now, account: account, emailSettings: settings.dictionary,
                consents: try await Self.consents(userID, on: db), memberships: memberships, apiTokens: tokens,
                sessions: sessions, history: history, matchmaking: matchmaking)
        }
    }

    /// The condition that an actor column names this person. Actors are written as `Name <email>`
    /// (`Identity.actorName`, e-mails stored lower-cased and unique) or `user <id>`; the name part may
    /// have changed since, so the address at the end identifies them. LIKE with an escape character
    /// behaves alike on SQLite and PostgreSQL for these lower-case addresses.
    static func namesActor(userID: Int64, email: String, column: String) -> SQLQueryString {
        let escaped = email.replacingOccurrences(of: "!", with: "!!").replacingOccurrences(of: "%", with: "!%").replacingOccurrences(of: "_", with: "!_")
        return "(\(unsafeRaw: column) = \(bind: "user \(userID)") OR \(unsafeRaw: column) LIKE \(bind: "% <" + escaped + ">") ESCAPE '!')"
    }

    // MARK: Deleting an account

    /// The organisations whose team would be left without an administrator: the user is their only
    /// administrator and someone else is in the team. Deleting the account waits until they hand over.
    public func blockingOrganisations(userID: Int64) async throws -> [String] {
        try await database.withConnection { db in try await Self.blockingOrganisations(userID, on: db) }
    }

    static func blockingOrganisations(_ userID: Int64, on db: any SQLDatabase) async throws -> [String] {
        try await db.raw(
            """
            SELECT o.name FROM memberships m JOIN organisations o ON o.id = m.organisation_id
            WHERE m.user_id = \(bind: userID) AND m.role = 'administrator'
              AND NOT EXISTS (SELECT 1 FROM memberships a WHERE a.organisation_id = m.organisation_id AND a.user_id <> m.user_id AND a.role = 'administrator')
              AND EXISTS (SELECT 1 FROM memberships x WHERE x.organisation_id = m.organisation_id AND x.user_id <> m.user_id)
            ORDER BY o.name
            """
        ).all().map { try $0.decode(column: "name", as: String.self) }
    }

    /// Deletes the account in one transaction. Organisations and their content stay; the history and
    /// audit log keep their entries with the actor renamed to "former member". Memberships, sessions,
    /// API tokens, one-time links, consents, notifications, join requests, invitations to the address and
    /// e-mails to it go with the row: SQLite does not enforce the schema's `ON DELETE CASCADE` here, so
    /// each is deleted explicitly. Throws `Refusal` when the user is the last administrator of a team
    /// with other members; returns false when the account does not exist.
    @discardableResult
    public func deleteAccount(userID: Int64, now: Date = Date()) async throws -> Bool {
        try await database.transaction { db -> Bool in
            let lock = database.dialect == .postgres ? " FOR UPDATE" : ""
            guard let row = try await db.raw("SELECT email FROM users WHERE id = \(bind: userID)\(unsafeRaw: lock)").first() else { return false }
            let email = try row.decode(column: "email", as: String.self)
            let blocking = try await Self.blockingOrganisations(userID, on: db)
            if !blocking.isEmpty {
                throw Refusal(
                    .conflict,
                    "you are the only profile administrator of \(blocking.joined(separator: ", ")), which has other team members; "
                        + "make one of them administrator first, then delete your account")
            }
            let former = Self.formerMember
            try await db.raw("UPDATE organisation_history SET actor = \(bind: former) WHERE \(Self.namesActor(userID: userID, email: email, column: "actor"))")
                .run()
            try await db.raw("UPDATE audit_log SET actor = \(bind: former) WHERE \(Self.namesActor(userID: userID, email: email, column: "actor"))").run()
            // Some audit rows name the address as what was acted on (an account created, a colleague added).
            try await db.raw("UPDATE audit_log SET subject = \(bind: former) WHERE subject = \(bind: email)").run()
            try await db.raw("UPDATE audit_log SET detail = \(bind: former) WHERE detail = \(bind: email)").run()
            for table in ["memberships", "sessions", "api_tokens", "email_tokens", "consents", "notifications", "join_requests"] {
                try await db.raw("DELETE FROM \(unsafeRaw: table) WHERE user_id = \(bind: userID)").run()
            }
            try await db.raw("DELETE FROM invitations WHERE email = \(bind: email)").run()
            try await db.raw("DELETE FROM outbox WHERE recipient = \(bind: email)").run()
            try await db.raw("DELETE FROM users WHERE id = \(bind: userID)").run()
            try await AuditLog.append(actor: former, action: "account deleted", subject: "user \(userID)", now: now, on: db)
            return true
        }
    }
}

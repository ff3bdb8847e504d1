import ClusterCollabCore
import Foundation
import SQLKit

/// Stores accounts, sessions, personal API tokens and one-time e-mail links. Secrets are never stored:
/// callers pass hashes of session ids and tokens.
public struct UserRepository: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    static func ms(_ date: Date) -> Int64 { StoredTime.millis(date) }
    static func date(_ ms: Int64) -> Date { StoredTime.date(ms) }

    static func decodeUser(_ row: any SQLRow) throws -> User {
        User(
            id: try row.decode(column: "id", as: Int64.self),
            email: try row.decode(column: "email", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            role: PlatformRole(rawValue: try row.decode(column: "role", as: String.self)) ?? .user,
            emailVerified: try row.decodeNil(column: "email_verified_at") == false,
            timeZone: try row.decode(column: "time_zone", as: String.self),
            language: try row.decode(column: "language", as: String.self),
            createdAt: date(try row.decode(column: "created_at", as: Int64.self)))
    }

    static let userColumns = "id, email, name, role, email_verified_at, time_zone, language, created_at"

    // MARK: Users

    /// Creates an account; an e-mail already registered is refused naming the field. Runs on `db` so the
    /// caller can write the welcome e-mail in the same transaction.
    public static func create(
        email: String, name: String, passwordHash: String, role: PlatformRole, verified: Bool,
        unsubscribeToken: String, language: String = "en", now: Date, on db: any SQLDatabase
    ) async throws -> User {
        let normalised = AccountRules.normaliseEmail(email)
        if try await db.raw("SELECT id FROM users WHERE email = \(bind: normalised)").first() != nil {
            throw ValidationErrors(["email": "is already registered; log in or reset your password"])
        }
        let row = try await db.raw(
            """
            INSERT INTO users (email, name, password_hash, role, email_verified_at, time_zone, language, email_settings, unsubscribe_token, created_at, updated_at)
            VALUES (\(bind: normalised), \(bind: name), \(bind: passwordHash), \(bind: role.rawValue), \(bind: verified ? ms(now) : nil),
                    'Europe/Brussels', \(bind: language), '{}', \(bind: unsubscribeToken), \(bind: ms(now)), \(bind: ms(now)))
            RETURNING \(unsafeRaw: userColumns)
            """
        ).first()
        return try decodeUser(row!)
    }

    public func find(id: Int64) async throws -> User? {
        try await database.withConnection { db in
            try await db.raw("SELECT \(unsafeRaw: Self.userColumns) FROM users WHERE id = \(bind: id)").first().map(Self.decodeUser)
        }
    }

    public func find(email: String) async throws -> User? {
        let normalised = AccountRules.normaliseEmail(email)
        return try await database.withConnection { db in
            try await db.raw("SELECT \(unsafeRaw: Self.userColumns) FROM users WHERE email = \(bind: normalised)").first().map(Self.decodeUser)
        }
    }

    public func credentials(email: String) async throws -> Credentials? {
        let normalised = AccountRules.normaliseEmail(email)
        return try await database.withConnection { db in
            guard let row = try await db.raw("SELECT \(unsafeRaw: Self.userColumns), password_hash FROM users WHERE email = \(bind: normalised)").first() else {
                return nil
            }
            return Credentials(user: try Self.decodeUser(row), passwordHash: try row.decode(column: "password_hash", as: String.self))
        }
    }

    public func passwordHash(userID: Int64) async throws -> String? {
        try await database.withConnection { db in
            try await db.raw("SELECT password_hash FROM users WHERE id = \(bind: userID)").first()?.decode(column: "password_hash", as: String.self)
        }
    }

    public func count() async throws -> Int {
        try await database.withConnection { db in
            try await db.raw("SELECT COUNT(*) AS n FROM users").first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    /// Sets a new password and ends every session, API token and open password reset link of the user
    /// except the session `keepSession`.
    public static func setPassword(userID: Int64, hash: String, keepSession: String?, now: Date, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE users SET password_hash = \(bind: hash), updated_at = \(bind: ms(now)) WHERE id = \(bind: userID)").run()
        if let keepSession {
            try await db.raw("DELETE FROM sessions WHERE user_id = \(bind: userID) AND id_hash <> \(bind: keepSession)").run()
        } else {
            try await db.raw("DELETE FROM sessions WHERE user_id = \(bind: userID)").run()
        }
        try await db.raw("UPDATE api_tokens SET revoked_at = \(bind: ms(now)) WHERE user_id = \(bind: userID) AND revoked_at IS NULL").run()
        // Reset links asked for before this change would undo it (or let whoever holds an old e-mail set
        // the password again): every one still open stops working.
        try await db.raw(
            """
            UPDATE email_tokens SET used_at = \(bind: ms(now))
            WHERE user_id = \(bind: userID) AND purpose = \(bind: EmailLinkPurpose.passwordReset.rawValue) AND used_at IS NULL
            """
        ).run()
    }

    /// The account's address, inside the caller's transaction.
    public static func email(userID: Int64, on db: any SQLDatabase) async throws -> String? {
        try await db.raw("SELECT email FROM users WHERE id = \(bind: userID)").first()?.decode(column: "email", as: String.self)
    }

    public static func markVerified(userID: Int64, now: Date, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE users SET email_verified_at = \(bind: ms(now)), updated_at = \(bind: ms(now)) WHERE id = \(bind: userID) AND email_verified_at IS NULL"
        ).run()
    }

    /// Every account, by e-mail (the administrators' list).
    public func all(limit: Int = 500) async throws -> [User] {
        try await database.withConnection { db in
            try await db.raw("SELECT \(unsafeRaw: Self.userColumns) FROM users ORDER BY email LIMIT \(bind: limit)").all().map(Self.decodeUser)
        }
    }

    /// Changes a person's platform role, recorded in the audit log in the same transaction.
    public func setRole(userID: Int64, role: PlatformRole, actor: String, now: Date = Date()) async throws -> Bool {
        try await database.transaction { db in
            guard let row = try await db.raw("SELECT role, email FROM users WHERE id = \(bind: userID)").first() else { return false }
            let before = try row.decode(column: "role", as: String.self)
            try await db.raw("UPDATE users SET role = \(bind: role.rawValue), updated_at = \(bind: Self.ms(now)) WHERE id = \(bind: userID)").run()
            try await AuditLog.append(
                actor: actor, action: "role changed from \(before) to \(role.rawValue)",
                subject: try row.decode(column: "email", as: String.self), now: now, on: db)
            return true
        }
    }

    /// Keeps the language a signed-in person chose: their e-mails and notices are written in it.
    public func setLanguage(userID: Int64, language: String, now: Date = Date()) async throws {
        try await database.withConnection { db in
            try await db.raw("UPDATE users SET language = \(bind: language), updated_at = \(bind: Self.ms(now)) WHERE id = \(bind: userID)").run()
        }
    }

    public func update(userID: Int64, name: String, timeZone: String, now: Date) async throws {
        try await database.withConnection { db in
            try await db.raw(
                "UPDATE users SET name = \(bind: name), time_zone = \(bind: timeZone), updated_at = \(bind: Self.ms(now)) WHERE id = \(bind: userID)"
            ).run()
        }
    }

    // MARK: Sessions

    public func createSession(idHash: String, userID: Int64, now: Date, absoluteLifetime: TimeInterval) async throws {
        try await database.withConnection { db in
            try await db.raw(
                """
                INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at)
                VALUES (\(bind: idHash), \(bind: userID), \(bind: Self.ms(now)), \(bind: Self.ms(now)), \(bind: Self.ms(now.addingTimeInterval(absoluteLifetime))))
                """
            ).run()
        }
    }

    /// The session when it exists and has neither passed its absolute expiry nor been idle too long.
    public func session(idHash: String, now: Date, idleTimeout: TimeInterval) async throws -> Session? {
        try await database.withConnection { db in
            guard
                let row = try await db.raw(
                    """
                    SELECT s.id_hash, s.created_at AS s_created, s.last_seen_at, s.expires_at, \(unsafeRaw: Self.userColumns.split(separator: ",").map { "u." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", "))
                    FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = \(bind: idHash)
                    """
                ).first()
            else { return nil }
            let session = Session(
                idHash: idHash, user: try Self.decodeUser(row),
                createdAt: Self.date(try row.decode(column: "s_created", as: Int64.self)),
                lastSeenAt: Self.date(try row.decode(column: "last_seen_at", as: Int64.self)),
                expiresAt: Self.date(try row.decode(column: "expires_at", as: Int64.self)))
            if session.expiresAt <= now || now.timeIntervalSince(session.lastSeenAt) > idleTimeout {
                try await db.raw("DELETE FROM sessions WHERE id_hash = \(bind: idHash)").run()
                return nil
            }
            return session
        }
    }

    public func touchSession(idHash: String, now: Date) async throws {
        try await database.withConnection { db in
            try await db.raw("UPDATE sessions SET last_seen_at = \(bind: Self.ms(now)) WHERE id_hash = \(bind: idHash)").run()
        }
    }

    public func deleteSession(idHash: String) async throws {
        try await database.withConnection { db in
            try await db.raw("DELETE FROM sessions WHERE id_hash = \(bind: idHash)").run()
        }
    }

    /// "Log out everywhere": every session of the user ends and every API token is revoked, so whatever
    /// might act for the person elsewhere stops at once.
    public func logOutEverywhere(userID: Int64, now: Date = Date()) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM sessions WHERE user_id = \(bind: userID)").run()
            try await db.raw("UPDATE api_tokens SET revoked_at = \(bind: Self.ms(now)) WHERE user_id = \(bind: userID) AND revoked_at IS NULL").run()
        }
    }

    // MARK: One-time e-mail links

    public static func createLink(tokenHash: String, userID: Int64, purpose: EmailLinkPurpose, expiresAt: Date, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO email_tokens (token_hash, user_id, purpose, expires_at) VALUES (\(bind: tokenHash), \(bind: userID), \(bind: purpose.rawValue), \(bind: ms(expiresAt)))
            """
        ).run()
    }

    /// Uses a link once: returns its user id when the link exists, has this purpose, is unused and
    /// unexpired; marks it used. Expired, reused and unknown links all answer nil.
    public static func consumeLink(tokenHash: String, purpose: EmailLinkPurpose, now: Date, on db: any SQLDatabase) async throws -> Int64? {
        guard
            let row = try await db.raw(
                """
                SELECT user_id, expires_at, used_at FROM email_tokens WHERE token_hash = \(bind: tokenHash) AND purpose = \(bind: purpose.rawValue)
                """
            ).first()
        else { return nil }
        guard try row.decodeNil(column: "used_at"), try row.decode(column: "expires_at", as: Int64.self) > ms(now) else { return nil }
        try await db.raw("UPDATE email_tokens SET used_at = \(bind: ms(now)) WHERE token_hash = \(bind: tokenHash)").run()
        return try row.decode(column: "user_id", as: Int64.self)
    }

    /// A link to confirm a new e-mail address: sent to the new address, so only its owner can confirm it.
    public static func createEmailChangeLink(tokenHash: String, userID: Int64, newEmail: String, expiresAt: Date, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO email_tokens (token_hash, user_id, purpose, new_email, expires_at)
            VALUES (\(bind: tokenHash), \(bind: userID), \(bind: EmailLinkPurpose.emailChange.rawValue), \(bind: newEmail), \(bind: ms(expiresAt)))
            """
        ).run()
    }

    /// Uses an e-mail change link once and switches the address (which also counts as verified); nil for
    /// an unknown, used or expired link. An address taken meanwhile by another account is refused.
    public static func confirmEmailChange(tokenHash: String, now: Date, on db: any SQLDatabase) async throws -> (userID: Int64, email: String)? {
        guard
            let row = try await db.raw("SELECT user_id, new_email FROM email_tokens WHERE token_hash = \(bind: tokenHash) AND purpose = 'email-change'")
                .first(),
            let userID = try await consumeLink(tokenHash: tokenHash, purpose: .emailChange, now: now, on: db)
        else { return nil }
        let email = try row.decode(column: "new_email", as: String.self)
        if try await db.raw("SELECT id FROM users WHERE email = \(bind: email) AND id <> \(bind: userID)").first() != nil {
            throw ValidationErrors(["email": "\(email) is registered to another account"])
        }
        try await db.raw(
            "UPDATE users SET email = \(bind: email), email_verified_at = \(bind: ms(now)), updated_at = \(bind: ms(now)) WHERE id = \(bind: userID)"
        ).run()
        return (userID, email)
    }

    /// Whether a link would be accepted (for showing the form before using it).
    public func linkIsUsable(tokenHash: String, purpose: EmailLinkPurpose, now: Date) async throws -> Bool {
        try await database.withConnection { db in
            guard
                let row = try await db.raw(
                    "SELECT expires_at, used_at FROM email_tokens WHERE token_hash = \(bind: tokenHash) AND purpose = \(bind: purpose.rawValue)"
                ).first()
            else { return false }
            return try row.decodeNil(column: "used_at") && row.decode(column: "expires_at", as: Int64.self) > Self.ms(now)
        }
    }

    // MARK: Personal API tokens

    public func createToken(userID: Int64, name: String, tokenHash: String, now: Date) async throws -> APIToken {
        try await database.withConnection { db in
            let row = try await db.raw(
                """
                INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (\(bind: userID), \(bind: name), \(bind: tokenHash), \(bind: Self.ms(now))) RETURNING id
                """
            ).first()
            return APIToken(id: try row!.decode(column: "id", as: Int64.self), name: name, createdAt: now, lastUsedAt: nil)
        }
    }

    public func tokens(userID: Int64) async throws -> [APIToken] {
        try await database.withConnection { db in
            try await db.raw("SELECT id, name, created_at, last_used_at FROM api_tokens WHERE user_id = \(bind: userID) AND revoked_at IS NULL ORDER BY id")
                .all().map { row in
                    APIToken(
                        id: try row.decode(column: "id", as: Int64.self), name: try row.decode(column: "name", as: String.self),
                        createdAt: Self.date(try row.decode(column: "created_at", as: Int64.self)),
                        lastUsedAt: try row.decode(column: "last_used_at", as: Int64?.self).map(Self.date))
                }
        }
    }

    /// Revokes one of the user's own tokens; false when there is no such live token.
    public func revokeToken(id: Int64, userID: Int64, now: Date) async throws -> Bool {
        try await database.withConnection { db in
            let row = try await db.raw(
                "UPDATE api_tokens SET revoked_at = \(bind: Self.ms(now)) WHERE id = \(bind: id) AND user_id = \(bind: userID) AND revoked_at IS NULL RETURNING id"
            ).first()
            return row != nil
        }
    }

    /// The user a live token belongs to.
    public func user(tokenHash: String, now: Date) async throws -> User? {
        try await database.withConnection { db in
            guard
                let row = try await db.raw(
                    """
                    SELECT t.id AS token_id, \(unsafeRaw: Self.userColumns.split(separator: ",").map { "u." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", "))
                    FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = \(bind: tokenHash) AND t.revoked_at IS NULL
                    """
                ).first()
            else { return nil }
            try await db.raw(
                "UPDATE api_tokens SET last_used_at = \(bind: Self.ms(now)) WHERE id = \(bind: try row.decode(column: "token_id", as: Int64.self))"
            ).run()
            return try Self.decodeUser(row)
        }
    }
}

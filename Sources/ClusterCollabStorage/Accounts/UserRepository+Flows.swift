import ClusterCollabCore
import Foundation
import SQLKit

/// The account flows, each one transaction: the account, its one-time link and the e-mail that carries
/// it commit together or not at all. Callers pass the link's secret (for the e-mail) and its hash (stored).
extension UserRepository {
    /// Registers an unconfirmed account speaking `language` (the page's) with its consent to the terms, and
    /// e-mails the confirmation link in that language. Invitations to a profile team sent to this address
    /// wait until it is confirmed (`verifyEmail`).
    public func register(
        email: String, name: String, passwordHash: String, unsubscribeToken: String, language: String = "en", link: OneTimeLink, publicURL: String,
        now: Date = Date()
    ) async throws -> User {
        try await database.transaction { db in
            let user = try await Self.create(
                email: email, name: name, passwordHash: passwordHash, role: .user, verified: false, unsubscribeToken: unsubscribeToken,
                language: language, now: now, on: db)
            try await Self.createLink(
                tokenHash: link.tokenHash, userID: user.id, purpose: .verifyEmail, expiresAt: now.addingTimeInterval(link.lifetime), on: db)
            // Consent is recorded with its time (privacy), together with the account.
            try await PrivacyRepository.recordConsent(userID: user.id, purpose: "terms", now: now, on: db)
            try await NotificationRepository.mail(
                Notice("verify-email", link: Routes.verifyEmail.path(link.token)), to: email, name: name, publicURL: publicURL, now: now, on: db)
            return user
        }
    }

    /// Stores a password-reset link for `user` and e-mails it.
    public func sendPasswordReset(to user: User, link: OneTimeLink, publicURL: String, now: Date = Date()) async throws {
        try await database.transaction { db in
            try await Self.createLink(
                tokenHash: link.tokenHash, userID: user.id, purpose: .passwordReset, expiresAt: now.addingTimeInterval(link.lifetime), on: db)
            try await NotificationRepository.mail(
                Notice("password-reset", link: Routes.passwordResetLink.path(link.token)), to: user.email, name: user.name, publicURL: publicURL, now: now,
                on: db)
        }
    }

    /// Sets a new password from a reset link; false when the link no longer works. A reset ends every
    /// session and revokes every API token of the account.
    public func resetPassword(tokenHash: String, passwordHash: String, now: Date = Date()) async throws -> Bool {
        try await database.transaction { db -> Bool in
            guard let userID = try await Self.consumeLink(tokenHash: tokenHash, purpose: .passwordReset, now: now, on: db) else { return false }
            try await Self.setPassword(userID: userID, hash: passwordHash, keepSession: nil, now: now, on: db)
            try await AuditLog.append(actor: "user \(userID)", action: "password reset", subject: "user \(userID)", now: now, on: db)
            return true
        }
    }

    /// Confirms an address from its link; false when the link no longer works. The address is proven
    /// then: invitations to profile teams sent to it take effect.
    public func verifyEmail(tokenHash: String, now: Date = Date()) async throws -> Bool {
        try await database.transaction { db -> Bool in
            guard let userID = try await Self.consumeLink(tokenHash: tokenHash, purpose: .verifyEmail, now: now, on: db) else { return false }
            try await Self.markVerified(userID: userID, now: now, on: db)
            if let email = try await Self.email(userID: userID, on: db) {
                try await TeamRepository.acceptInvitations(email: email, userID: userID, now: now, on: db)
            }
            return true
        }
    }

    /// Changes a signed-in person's password: other sessions end and API tokens are revoked; the session
    /// `keepSession` stays signed in.
    public func changePassword(userID: Int64, passwordHash: String, keepSession: String, now: Date = Date()) async throws {
        try await database.transaction { db in
            try await Self.setPassword(userID: userID, hash: passwordHash, keepSession: keepSession, now: now, on: db)
            try await AuditLog.append(actor: "user \(userID)", action: "password changed", subject: "user \(userID)", now: now, on: db)
        }
    }

    /// Stores a change of address waiting for confirmation and e-mails the link to the new address.
    public func requestEmailChange(of user: User, to newEmail: String, link: OneTimeLink, publicURL: String, now: Date = Date()) async throws {
        try await database.transaction { db in
            try await Self.createEmailChangeLink(
                tokenHash: link.tokenHash, userID: user.id, newEmail: newEmail, expiresAt: now.addingTimeInterval(link.lifetime), on: db)
            try await NotificationRepository.mail(
                Notice("email-change", link: Routes.confirmEmail.path(link.token)), to: newEmail, name: user.name, publicURL: publicURL, now: now, on: db)
        }
    }

    /// Takes a confirmed change of address; nil when the link no longer works, `ValidationErrors` when
    /// another account took the address meanwhile. Invitations sent to the new address take effect.
    public func changeEmail(tokenHash: String, now: Date = Date()) async throws -> (userID: Int64, email: String)? {
        try await database.transaction { db in
            let result = try await Self.confirmEmailChange(tokenHash: tokenHash, now: now, on: db)
            if let result {
                try await AuditLog.append(
                    actor: "user \(result.userID)", action: "e-mail changed", subject: "user \(result.userID)", detail: result.email, now: now, on: db)
                try await TeamRepository.acceptInvitations(email: result.email, userID: result.userID, now: now, on: db)
            }
            return result
        }
    }

    /// Creates a verified account with `role` from the command line (or the demo's logins), audited as such.
    public func createVerified(email: String, name: String, passwordHash: String, role: PlatformRole, unsubscribeToken: String, now: Date = Date())
        async throws -> User
    {
        try await database.transaction { db in
            let user = try await Self.create(
                email: email, name: name, passwordHash: passwordHash, role: role, verified: true, unsubscribeToken: unsubscribeToken, now: now, on: db)
            try await AuditLog.append(actor: "command line", action: "account created with role \(role.rawValue)", subject: email, now: now, on: db)
            return user
        }
    }
}

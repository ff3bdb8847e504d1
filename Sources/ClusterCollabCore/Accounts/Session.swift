import Foundation

/// A user with the stored password hash, for login.
public struct Credentials: Sendable {
    public var user: User
    public var passwordHash: String
    public init(user: User, passwordHash: String) {
        self.user = user; self.passwordHash = passwordHash
    }
}

/// A live session with its user.
public struct Session: Sendable {
    public var idHash: String
    public var user: User
    public var createdAt: Date
    public var lastSeenAt: Date
    public var expiresAt: Date
    public init(idHash: String, user: User, createdAt: Date, lastSeenAt: Date, expiresAt: Date) {
        self.idHash = idHash; self.user = user; self.createdAt = createdAt; self.lastSeenAt = lastSeenAt; self.expiresAt = expiresAt
    }
}

/// What a link e-mailed to a person is for.
public enum EmailLinkPurpose: String, Sendable { case verifyEmail = "verify-email", passwordReset = "password-reset", emailChange = "email-change" }

/// A personal API token as its owner sees it (never its secret).
public struct APIToken: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var createdAt: Date
    public var lastUsedAt: Date?
    public init(id: Int64, name: String, createdAt: Date, lastUsedAt: Date? = nil) {
        self.id = id; self.name = name; self.createdAt = createdAt; self.lastUsedAt = lastUsedAt
    }
}

/// A notification shown in the app to one person.
public struct UserNotification: Sendable, Equatable {
    public var id: Int64
    public var kind: String
    public var message: String
    public var link: String
    public var createdAt: Date
    public var read: Bool
    public init(id: Int64, kind: String, message: String, link: String, createdAt: Date, read: Bool) {
        self.id = id; self.kind = kind; self.message = message; self.link = link; self.createdAt = createdAt; self.read = read
    }
}

/// A one-time link e-mailed to a person: the secret sent by e-mail, its hash (stored), and how long it works.
public struct OneTimeLink: Sendable {
    public var token: String
    public var tokenHash: String
    public var lifetime: TimeInterval
    public init(token: String, tokenHash: String, lifetime: TimeInterval) {
        self.token = token; self.tokenHash = tokenHash; self.lifetime = lifetime
    }
}

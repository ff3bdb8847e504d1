import Foundation

/// A person in an organisation's team, with their role.
public struct TeamMember: Sendable, Equatable {
    public var userID: Int64
    public var name: String
    public var email: String
    public var role: TeamRole
    public init(userID: Int64, name: String, email: String, role: TeamRole) {
        self.userID = userID; self.name = name; self.email = email; self.role = role
    }
}

/// Edits of a published profile waiting for review.
public struct PendingRevision: Sendable {
    public var organisation: Organisation
    public var status: ProfileStatus
    public var message: String?
    public init(organisation: Organisation, status: ProfileStatus, message: String? = nil) {
        self.organisation = organisation; self.status = status; self.message = message
    }
}

/// One entry of a profile's history.
public struct ProfileHistoryEntry: Sendable, Equatable {
    public var at: Date
    public var actor: String
    public var action: String
    /// Field -> [before, after].
    public var changes: [String: [String]]
    public init(at: Date, actor: String, action: String, changes: [String: [String]]) {
        self.at = at; self.actor = actor; self.action = action; self.changes = changes
    }
}

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
    public init(
        id: Int64, organisationID: Int64, organisationName: String, userID: Int64, userName: String, userEmail: String, userEmailVerified: Bool, kind: Kind,
        message: String
    ) {
        self.id = id; self.organisationID = organisationID; self.organisationName = organisationName; self.userID = userID; self.userName = userName;
        self.userEmail = userEmail; self.userEmailVerified = userEmailVerified; self.kind = kind; self.message = message
    }
}

import ClusterCollabCore

/// Who is making a request, and how they proved it.
struct Identity: Sendable {
    enum Proof: Sendable, Equatable {
        /// A browser session cookie; cookie-authenticated writes need a CSRF token.
        case session(idHash: String)
        /// A personal API token.
        case apiToken
        /// The operator token from `CLUSTERCOLLAB_ADMIN_TOKEN`.
        case operatorToken
    }

    var user: User
    var proof: Proof

    /// The operator acting through the API: a platform administrator with no account row.
    static let operatorUser = User(id: 0, email: "operator", name: "Platform operator", role: .platformAdmin, emailVerified: true)

    /// How the audit log names the actor.
    var actorName: String { proof == .operatorToken ? "operator" : "\(user.name) <\(user.email)>" }
}

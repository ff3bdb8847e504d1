/// Changes of a profile team, decided without a database.
public enum TeamRules {
    /// Whether a member with `role` may leave or be removed from a team that has `administrators`
    /// administrators (them included): the last administrator cannot, or the team would have none.
    public static func mayRemove(role: TeamRole?, administrators: Int) throws(Refusal) {
        guard let role else { throw Refusal(.conflict, "that person is not in the team") }
        if role == .administrator && administrators <= 1 {
            throw Refusal(.conflict, "the last profile administrator cannot be removed; make someone else administrator first")
        }
    }

    /// Adding the confirmed account at `address` to a team: refused, naming the field, when it is
    /// `alreadyMember`.
    public static func adding(_ address: String, alreadyMember: Bool) throws(ValidationErrors) {
        if alreadyMember { throw ValidationErrors(["email": "\(address) is already in the team"]) }
    }

    /// Why a join or claim request is refused before the address is confirmed.
    public static let unconfirmedAddress = "confirm your e-mail address first: open the link we e-mailed you when you registered, then ask again"

    /// A request as asked: a join when the organisation has a team (its administrators decide), a claim
    /// when it has none (the moderators decide), and what the deciders are told.
    public struct Ask: Sendable, Equatable {
        public var kind: JoinRequest.Kind
        public var notice: Notice
    }

    /// A person's request to join the team of organisation `organisationID`, named `organisationName`, which
    /// has `administrators` administrators. Whoever joins or claims acts for the organisation, so their
    /// address must be `confirmed`; someone already `inTeam`, or whose request is still `waiting`, asks
    /// nothing new.
    public static func asking(
        organisationID: Int64, organisationName: String, administrators: Int, confirmed: Bool, inTeam: Bool, waiting: Bool
    ) throws(Refusal) -> Ask {
        guard confirmed else { throw Refusal(.conflict, unconfirmedAddress) }
        if inTeam { throw Refusal(.conflict, "you are already in the team of \(organisationName)") }
        if waiting { throw Refusal(.conflict, "your request for \(organisationName) is already waiting for a decision") }
        let kind: JoinRequest.Kind = administrators == 0 ? .claim : .join
        let notice = Notice(
            "join-request", link: kind == .claim ? Routes.adminJoinRequests.path : Routes.myOrganisation.path(organisationID),
            ["organisation": organisationName, "claim": kind == .claim ? "yes" : ""])
        return Ask(kind: kind, notice: notice)
    }

    /// An open request as decided: the request's new status, the role it gives (none when declined), and
    /// what the person who asked is told.
    public struct Answer: Sendable, Equatable {
        public var accepted: Bool
        public var role: TeamRole?
        public var notice: Notice

        /// The request's status from now on.
        public var status: String { accepted ? "accepted" : "declined" }
    }

    /// Accepts an open `request` (a join makes a member, a claim an administrator) or declines it. Requests
    /// made before addresses had to be confirmed may still be open: one is accepted only once its address
    /// is confirmed.
    public static func deciding(_ request: JoinRequest, accept: Bool) throws(Refusal) -> Answer {
        if accept && !request.userEmailVerified {
            throw Refusal(.conflict, "\(request.userEmail) is not confirmed yet; a request can be accepted once its address is confirmed")
        }
        let notice = Notice(
            "join-request-decided", link: accept ? Routes.myOrganisation.path(request.organisationID) : Routes.organisations.path,
            ["organisation": request.organisationName, "accepted": accept ? "yes" : ""])
        return Answer(accepted: accept, role: accept ? (request.kind == .claim ? .administrator : .member) : nil, notice: notice)
    }
}

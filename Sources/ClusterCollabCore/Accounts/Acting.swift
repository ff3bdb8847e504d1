/// Who may act on a partner search, an expression of interest, an interest or a partnership: each rule
/// written once, with the one sentence a refused person reads. The person's platform role and their role
/// in the team of the organisation concerned (the consortium's lead, or the organisation acted for) decide.
/// (Profiles have their own rules: `ProfileWorkflow.Standing`.)
public enum Acting: Sendable, CaseIterable {
    /// The team of the consortium's lead organisation (the partner search's owner) acts for the consortium.
    case leadTeam
    /// The lead organisation's team, or the platform team (moderators and administrators).
    case leadTeamOrPlatformTeam
    /// A member of the organisation's team acts on its behalf.
    case organisationTeam
    /// The organisation's team, or the platform team.
    case organisationTeamOrPlatformTeam

    public var message: String {
        switch self {
        case .leadTeam: "only the team of the consortium's lead organisation acts on its behalf"
        case .leadTeamOrPlatformTeam: "only the team of the consortium's lead organisation and the platform team act on this"
        case .organisationTeam: "only a member of the organisation's team acts on its behalf"
        case .organisationTeamOrPlatformTeam: "only the organisation's team and the platform team act on this"
        }
    }

    /// Whether someone with `platformRole`, and `teamRole` in the team concerned (nil: not in it), may act.
    public func allows(platformRole: PlatformRole, teamRole: TeamRole?) -> Bool {
        switch self {
        case .leadTeam, .organisationTeam: teamRole != nil
        case .leadTeamOrPlatformTeam, .organisationTeamOrPlatformTeam: teamRole != nil || platformRole >= .moderator
        }
    }

    /// Refuses (403, with the rule's sentence) someone the rule does not allow.
    public func check(platformRole: PlatformRole, teamRole: TeamRole?) throws(Refusal) {
        guard allows(platformRole: platformRole, teamRole: teamRole) else { throw Refusal(.forbidden, message) }
    }
}

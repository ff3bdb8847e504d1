import ClusterCollabCore

extension Platform {
    /// Whether `user` may act under `rule` on what `organisationID`'s team looks after. The team is only
    /// read when the person's platform role does not settle it.
    func may(_ rule: Acting, _ user: User?, organisationID: Int64) async throws -> Bool {
        guard let user else { return false }
        if rule.allows(platformRole: user.role, teamRole: nil) { return true }
        return rule.allows(platformRole: user.role, teamRole: try await teams.teamRole(organisationID: organisationID, userID: user.id))
    }

    /// Refuses with 403 and the rule's sentence unless `user` may act.
    func require(_ rule: Acting, _ user: User, organisationID: Int64) async throws {
        guard try await may(rule, user, organisationID: organisationID) else { throw Refusal(.forbidden, rule.message) }
    }
}

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
}

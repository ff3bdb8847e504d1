import ClusterCollabCore
import Testing

@Suite struct TeamRulesTests {
    @Test func theLastAdministratorCannotBeRemovedNotEvenByThemself() {
        #expect(throws: Refusal(.conflict, "the last profile administrator cannot be removed; make someone else administrator first")) {
            try TeamRules.mayRemove(role: .administrator, administrators: 1)
        }
    }

    @Test func anAdministratorAmongSeveralAndAnyMemberMayBeRemoved() throws {
        try TeamRules.mayRemove(role: .administrator, administrators: 2)
        try TeamRules.mayRemove(role: .member, administrators: 1)
    }

    @Test func someoneOutsideTheTeamCannotBeRemoved() {
        #expect(throws: Refusal(.conflict, "that person is not in the team")) { try TeamRules.mayRemove(role: nil, administrators: 3) }
    }
}

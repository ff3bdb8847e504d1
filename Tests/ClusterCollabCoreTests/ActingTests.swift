import ClusterCollabCore
import Testing

@Suite struct ActingTests {
    @Test func theTeamRulesLetOnlyTheTeamActAndThePlatformTeamWhereTheySaySo() {
        for rule in Acting.allCases {
            #expect(rule.allows(platformRole: .user, teamRole: .member))
            #expect(rule.allows(platformRole: .user, teamRole: .administrator))
            #expect(!rule.allows(platformRole: .user, teamRole: nil))
        }
        #expect(!Acting.leadTeam.allows(platformRole: .platformAdmin, teamRole: nil))
        #expect(!Acting.organisationTeam.allows(platformRole: .moderator, teamRole: nil))
        #expect(Acting.leadTeamOrPlatformTeam.allows(platformRole: .moderator, teamRole: nil))
        #expect(Acting.organisationTeamOrPlatformTeam.allows(platformRole: .platformAdmin, teamRole: nil))
    }

    @Test func aRefusalIsForbiddenWithTheRulesOneSentence() {
        #expect(throws: Refusal(.forbidden, "only the team of the consortium's lead organisation acts on its behalf")) {
            try Acting.leadTeam.check(platformRole: .moderator, teamRole: nil)
        }
    }
}

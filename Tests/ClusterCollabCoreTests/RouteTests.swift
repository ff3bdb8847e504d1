import ClusterCollabCore
import Testing

@Suite struct RouteTests {
    @Test func aLinkFillsTheSamePatternTheRouterRegisters() {
        #expect(Routes.call.pattern == "/calls/:id")
        #expect(Routes.call.path(42) == "/calls/42")
        #expect(Routes.callEvaluation.path(7) == "/calls/7/evaluation")
        #expect(Routes.partnerSearchInterestAccept.path(3, 11) == "/partner-searches/3/interests/11/accept")
        #expect(Routes.myOrganisationMemberRemove.pattern == "/my/organisations/:id/members/:user/remove")
        #expect(Routes.myOrganisationMemberRemove.path(5, 9) == "/my/organisations/5/members/9/remove")
        #expect(Routes.organisations.path == "/organisations")
        #expect(Routes.home.path == "/")
    }

    @Test func aValueCannotLeaveItsSegmentOrAddAQuery() {
        #expect(Routes.organisation.path("a/b?c=d#e") == "/organisations/a%2Fb%3Fc=d%23e")
        #expect(Routes.passwordResetLink.path("abc-DEF_12.~") == "/password-reset/abc-DEF_12.~")
        #expect(Routes.organisation.path("zoë") == "/organisations/zo%C3%AB")
        // What a path segment may hold stays as it is: a token reads in the link as it was made.
        #expect(Routes.unsubscribe.path("unsub-anna@clusters.example.eu") == "/unsubscribe/unsub-anna@clusters.example.eu")
    }

    @Test func aQueryCarriesOnlyTheChosenValuesEncoded() {
        #expect(
            Routes.organisations.path(query: [("q", "drone cluster"), ("type", ""), ("sector", "aerospace")])
                == "/organisations?q=drone%20cluster&sector=aerospace")
        #expect(Routes.organisations.path(query: [("type", "")]) == "/organisations")
        #expect(Routes.login.path(query: [("next", "/calls/3")]) == "/login?next=%2Fcalls%2F3")
        #expect(Routes.organisationLogo.path("nordic-drones", query: [("version", "pending")]) == "/organisations/nordic-drones/logo?version=pending")
        #expect(Routes.partnerSearch.path(4, fragment: "builder") == "/partner-searches/4#builder")
    }

    @Test func theAPIsPathsShareTheirPrefix() {
        #expect(Routes.API.call.path(2).hasPrefix(Routes.API.prefix))
        #expect(Routes.API.partnerSearchInterestDecline.path(1, 2) == "/api/v1/partner-searches/1/interests/2/decline")
    }
}

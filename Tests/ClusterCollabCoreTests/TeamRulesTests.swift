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

    // MARK: Join and claim requests

    func ask(administrators: Int = 2, confirmed: Bool = true, inTeam: Bool = false, waiting: Bool = false) throws(Refusal) -> TeamRules.Ask {
        try TeamRules.asking(
            organisationID: 12, organisationName: "Pôle Drones", administrators: administrators, confirmed: confirmed, inTeam: inTeam, waiting: waiting)
    }

    func request(_ kind: JoinRequest.Kind, confirmed: Bool = true) -> JoinRequest {
        JoinRequest(
            id: 3, organisationID: 12, organisationName: "Pôle Drones", userID: 7, userName: "Léa", userEmail: "lea@example.org",
            userEmailVerified: confirmed, kind: kind, message: "")
    }

    @Test func aPersonAsksToJoinATeamEvenOfOneAdministratorWhoIsToldOnTheOrganisationsPage() throws {
        let asked = try ask(administrators: 1)
        #expect(asked.kind == .join)
        #expect(asked.notice == Notice("join-request", link: "/my/organisations/12", ["organisation": "Pôle Drones", "claim": ""]))
    }

    @Test func anOrganisationWithoutAdministratorsIsClaimedAndTheModeratorsDecide() throws {
        let asked = try ask(administrators: 0)
        #expect(asked.kind == .claim)
        #expect(asked.notice == Notice("join-request", link: "/admin/join-requests", ["organisation": "Pôle Drones", "claim": "yes"]))
    }

    @Test func onlyAConfirmedAddressAsksAndOnlyOnceAndNeverFromInsideTheTeam() {
        #expect(throws: Refusal(.conflict, TeamRules.unconfirmedAddress)) { _ = try ask(confirmed: false, inTeam: true) }
        #expect(throws: Refusal(.conflict, "you are already in the team of Pôle Drones")) { _ = try ask(inTeam: true, waiting: true) }
        #expect(throws: Refusal(.conflict, "your request for Pôle Drones is already waiting for a decision")) { _ = try ask(waiting: true) }
    }

    @Test func anAcceptedJoinMakesAMemberAndAnAcceptedClaimAnAdministrator() throws {
        let joined = try TeamRules.deciding(request(.join), accept: true)
        #expect(joined.status == "accepted")
        #expect(joined.role == .member)
        #expect(joined.notice == Notice("join-request-decided", link: "/my/organisations/12", ["organisation": "Pôle Drones", "accepted": "yes"]))
        #expect(try TeamRules.deciding(request(.claim), accept: true).role == .administrator)
    }

    @Test func aDeclinedRequestGivesNoRoleAndPointsBackToTheDirectory() throws {
        let declined = try TeamRules.deciding(request(.claim, confirmed: false), accept: false)
        #expect(declined.status == "declined")
        #expect(declined.role == nil)
        #expect(declined.notice == Notice("join-request-decided", link: "/organisations", ["organisation": "Pôle Drones", "accepted": ""]))
    }

    @Test func aRequestWithAnUnconfirmedAddressIsNotAccepted() {
        #expect(throws: Refusal(.conflict, "lea@example.org is not confirmed yet; a request can be accepted once its address is confirmed")) {
            _ = try TeamRules.deciding(request(.join, confirmed: false), accept: true)
        }
    }
}

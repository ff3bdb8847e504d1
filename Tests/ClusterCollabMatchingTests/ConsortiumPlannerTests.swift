import ClusterCollabCore
@testable import ClusterCollabMatching
import Testing

/// From a search and the engine's scores to proposals and sentences.
@Suite struct ConsortiumPlannerTests {
    let reference = ReferenceData.shipped
    let search = PartnerSearch(
        id: 1, ownerID: 1, title: "Drones for industry", kind: .projectConsortium,
        description: "A consortium on drones in industrial modernisation.",
        competences: [.keyword("drone"), .ecosystem(7)], minCountries: 2, minMembers: 2, maxMembers: 4)

    func candidate(
        _ id: Int64, _ score: Double, _ mask: UInt64, _ country: String, member: Bool = false, lessDeveloped: Bool = false,
        type: OrganisationType = .clusterOrganisation
    ) -> ScoredCandidate {
        ScoredCandidate(organisationID: id, score: score, coversMask: mask, country: country, lessDeveloped: lessDeveloped, type: type, isMember: member)
    }

    @Test func theLeadComesFirstAndScoresAreExactSums() {
        let plan = ConsortiumPlanner.plan(
            search: search, constraints: .of(search),
            candidates: [candidate(2, 0.9, 0b10, "DE"), candidate(1, 0.3, 0b01, "FR", member: true), candidate(3, 0.2, 0b10, "IT")],
            objective: .fewest, k: 1, reference: reference, regionCategoriesLoaded: true)
        #expect(plan.feasible)
        let best = plan.proposals[0]
        #expect(best.members.map(\.organisationID) == [1, 2])
        #expect(best.members[0].lead && best.members[0].accepted)
        #expect(best.totalScore == 1.2)
        #expect(best.members[1].covers == [.ecosystem(7)])
        #expect(best.countries == ["DE", "FR"])
    }

    @Test func typesAndCountriesFilterPartnersButNeverTheConsortium() {
        var constraints = ConsortiumConstraints.of(search)
        constraints.allowedCountries = ["DE", "IT"]
        constraints.types = [.clusterOrganisation]
        let plan = ConsortiumPlanner.plan(
            search: search, constraints: constraints,
            candidates: [
                candidate(1, 0.3, 0b01, "FR", member: true), candidate(2, 0.9, 0b10, "DE", type: .clusterMember),
                candidate(3, 0.2, 0b10, "IT"),
            ],
            objective: .best, k: 3, reference: reference, regionCategoriesLoaded: true)
        #expect(!plan.feasible)
        #expect(plan.reasons.contains { $0.contains("the owner is in France, which is not among the allowed countries") })
        #expect(plan.candidates == 2, "the member of the wrong type is left out; the owner stays")
    }

    @Test func anOwnerOutsideTheAllowedCountriesIsNamedInEveryClosestPartialConsortium() {
        // given allowed countries that leave out the owner's
        var constraints = ConsortiumConstraints.of(search)
        constraints.allowedCountries = ["DE", "IT"]
        // when proposals are built
        let plan = ConsortiumPlanner.plan(
            search: search, constraints: constraints,
            candidates: [candidate(1, 0.3, 0b01, "FR", member: true), candidate(2, 0.9, 0b10, "DE"), candidate(3, 0.2, 0b10, "IT")],
            objective: .best, k: 2, reference: reference, regionCategoriesLoaded: true)
        // then the plan is infeasible and each closest partial consortium names the rule it breaks
        #expect(!plan.feasible)
        #expect(plan.proposals.count == 2)
        for proposal in plan.proposals {
            #expect(proposal.unmet == ["has a member outside the allowed countries: the owner (France)"])
        }
    }

    @Test func theTotalIsTheSumOfTheMemberScoresAsShown() throws {
        // given scores whose seventh decimals would add up to a different sixth one
        let plan = ConsortiumPlanner.plan(
            search: search, constraints: .of(search),
            candidates: [candidate(1, 0.1234564, 0b01, "FR", member: true), candidate(2, 0.1234564, 0b10, "DE")],
            objective: .best, k: 1, reference: reference, regionCategoriesLoaded: true)
        // then each member's score is as the API shows it (six decimals) and the total is their sum
        let best = try #require(plan.proposals.first)
        #expect(best.members.map(\.score) == [0.123456, 0.123456])
        func shown(_ x: Double) -> Int { Int((x * 1_000_000).rounded()) }
        #expect(shown(best.totalScore) == best.members.map { shown($0.score) }.reduce(0, +))
        #expect(shown(best.totalScore) == 246_912)
        #expect(best.totalScore == 0.246912)
    }

    @Test func scoresThatLookEqualAreTiedAndTheSmallerOrganisationIdComesFirst() {
        // given two partners whose scores differ only beyond the sixth decimal
        let plan = ConsortiumPlanner.plan(
            search: search, constraints: .of(search),
            candidates: [candidate(1, 0.3, 0b01, "FR", member: true), candidate(7, 0.5000004, 0b10, "DE"), candidate(5, 0.5000001, 0b10, "IT")],
            objective: .fewest, k: 2, reference: reference, regionCategoriesLoaded: true)
        // then the two smallest consortia are tied and the one with the smaller organisation id ranks first
        #expect(plan.proposals.map { $0.members.map(\.organisationID) } == [[1, 5], [1, 7]])
        #expect(plan.proposals[0].totalScore == plan.proposals[1].totalScore)
        // while a difference in the sixth decimal, which the API shows, decides
        let shownApart = ConsortiumPlanner.plan(
            search: search, constraints: .of(search),
            candidates: [candidate(1, 0.3, 0b01, "FR", member: true), candidate(7, 0.500001, 0b10, "DE"), candidate(5, 0.5, 0b10, "IT")],
            objective: .fewest, k: 2, reference: reference, regionCategoriesLoaded: true)
        #expect(shownApart.proposals.map { $0.members.map(\.organisationID) } == [[1, 7], [1, 5]])
    }

    @Test func aNeedNoRegionCategoryCanMeetSaysWhy() {
        var constraints = ConsortiumConstraints.of(search)
        constraints.needLessDeveloped = true
        let candidates = [candidate(1, 0.3, 0b01, "FR", member: true), candidate(2, 0.9, 0b10, "DE")]
        let unloaded = ConsortiumPlanner.plan(
            search: search, constraints: constraints, candidates: candidates, objective: .best, k: 1,
            reference: reference, regionCategoriesLoaded: false)
        #expect(!unloaded.feasible)
        #expect(unloaded.reasons.contains { $0.contains("no region categories are loaded yet") })
        let loaded = ConsortiumPlanner.plan(
            search: search, constraints: constraints, candidates: candidates, objective: .best, k: 1,
            reference: reference, regionCategoriesLoaded: true)
        #expect(loaded.reasons.contains { $0.contains("no eligible organisation is in such a region") })
        #expect(loaded.proposals.first?.unmet.contains { $0.contains("less developed") } == true, "the closest partial consortium says what it lacks")
    }

    @Test func aCompetenceNobodyCoversIsNamed() {
        let plan = ConsortiumPlanner.plan(
            search: search, constraints: .of(search),
            candidates: [candidate(1, 0.3, 0b01, "FR", member: true), candidate(2, 0.9, 0b00, "DE")],
            objective: .best, k: 1, reference: reference, regionCategoriesLoaded: true)
        #expect(plan.reasons.contains { $0.contains("no eligible published organisation covers ecosystem:7") })
        #expect(plan.proposals.first?.missingCompetences == [.ecosystem(7)])
    }

    @Test func theReasonsAndUnmetRulesAreSaidInThePagesLanguage() {
        var constraints = ConsortiumConstraints.of(search)
        constraints.needLessDeveloped = true
        constraints.allowedCountries = ["DE"]
        let candidates = [candidate(1, 0.3, 0b01, "FR", member: true), candidate(2, 0.9, 0b10, "DE")]
        let french = Languages.named("fr")!
        let plan = ConsortiumPlanner.plan(
            search: search, constraints: constraints, candidates: candidates, objective: .best, k: 1,
            reference: reference, regionCategoriesLoaded: true, language: french)
        #expect(plan.reasons.contains("le porteur est en France, qui ne fait pas partie des pays admis"))
        #expect(plan.reasons.contains { $0.hasPrefix("un membre d’une région moins développée ou en transition est requis") })
        #expect(plan.proposals.first?.unmet.contains("compte un membre hors des pays admis : le porteur (France)") == true)
        let english = ConsortiumPlanner.plan(
            search: search, constraints: constraints, candidates: candidates, objective: .best, k: 1,
            reference: reference, regionCategoriesLoaded: true)
        #expect(english.reasons.contains("the owner is in France, which is not among the allowed countries"))
        #expect(english.proposals.first?.unmet.contains("has a member outside the allowed countries: the owner (France)") == true)
    }
}

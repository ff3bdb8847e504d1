import ClusterCollabCore
@testable import ClusterCollabMatching
import Testing

/// From a search and the engine's scores to proposals and sentences.
@Suite struct ConsortiumPlannerTests {
    let reference = ReferenceData.shipped
    let search = PartnerSearch(id: 1, ownerID: 1, title: "Drones for industry", kind: .projectConsortium,
                               description: "A consortium on drones in industrial modernisation.",
                               competences: [.keyword("drone"), .ecosystem(7)], minCountries: 2, minMembers: 2, maxMembers: 4)

    func candidate(_ id: Int64, _ score: Double, _ mask: UInt64, _ country: String, member: Bool = false, lessDeveloped: Bool = false,
                   type: OrganisationType = .clusterOrganisation) -> ScoredCandidate {
        ScoredCandidate(organisationID: id, score: score, coversMask: mask, country: country, lessDeveloped: lessDeveloped, type: type, isMember: member)
    }

    @Test func theLeadComesFirstAndScoresAreExactSums() {
        let plan = ConsortiumPlanner.plan(search: search, constraints: .of(search),
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
        let plan = ConsortiumPlanner.plan(search: search, constraints: constraints,
                                          candidates: [candidate(1, 0.3, 0b01, "FR", member: true), candidate(2, 0.9, 0b10, "DE", type: .clusterMember),
                                                       candidate(3, 0.2, 0b10, "IT")],
                                          objective: .best, k: 3, reference: reference, regionCategoriesLoaded: true)
        #expect(!plan.feasible)
        #expect(plan.reasons.contains { $0.contains("the owner is in France, which is not among the allowed countries") })
        #expect(plan.candidates == 2, "the member of the wrong type is left out; the owner stays")
    }

    @Test func aNeedNoRegionCategoryCanMeetSaysWhy() {
        var constraints = ConsortiumConstraints.of(search)
        constraints.needLessDeveloped = true
        let candidates = [candidate(1, 0.3, 0b01, "FR", member: true), candidate(2, 0.9, 0b10, "DE")]
        let unloaded = ConsortiumPlanner.plan(search: search, constraints: constraints, candidates: candidates, objective: .best, k: 1,
                                              reference: reference, regionCategoriesLoaded: false)
        #expect(!unloaded.feasible)
        #expect(unloaded.reasons.contains { $0.contains("no region categories are loaded yet") })
        let loaded = ConsortiumPlanner.plan(search: search, constraints: constraints, candidates: candidates, objective: .best, k: 1,
                                            reference: reference, regionCategoriesLoaded: true)
        #expect(loaded.reasons.contains { $0.contains("no eligible organisation is in such a region") })
        #expect(loaded.proposals.first?.unmet.contains { $0.contains("less developed") } == true, "the closest partial consortium says what it lacks")
    }

    @Test func aCompetenceNobodyCoversIsNamed() {
        let plan = ConsortiumPlanner.plan(search: search, constraints: .of(search),
                                          candidates: [candidate(1, 0.3, 0b01, "FR", member: true), candidate(2, 0.9, 0b00, "DE")],
                                          objective: .best, k: 1, reference: reference, regionCategoriesLoaded: true)
        #expect(plan.reasons.contains { $0.contains("no eligible published organisation covers ecosystem:7") })
        #expect(plan.proposals.first?.missingCompetences == [.ecosystem(7)])
    }
}

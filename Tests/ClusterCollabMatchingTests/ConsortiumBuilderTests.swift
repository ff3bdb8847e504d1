import Testing
@testable import ClusterCollabMatching

private func org(
    _ id: Int64, _ score: Int, covers: [Int] = [], country: UInt16 = 0, lessDeveloped: Bool = false, fixed: Bool = false
) -> ConsortiumCandidate {
    ConsortiumCandidate(
        id: id,
        score: score,
        covers: covers.reduce(UInt64(0)) { $0 | (UInt64(1) << UInt64($1)) },
        country: country,
        lessDeveloped: lessDeveloped,
        fixed: fixed
    )
}

@Suite("Consortium builder")
struct ConsortiumBuilderTests {
    /// Owner (country 1) covers competence 0; three others needed for 1 and 2.
    private var small: ConsortiumProblem {
        ConsortiumProblem(
            competenceCount: 3,
            candidates: [
                org(1, 500_000, covers: [0], country: 1, fixed: true),
                org(10, 900_000, covers: [1], country: 1),
                org(11, 800_000, covers: [2], country: 2),
                org(12, 700_000, covers: [1, 2], country: 3, lessDeveloped: true),
                org(13, 100_000, covers: [], country: 2),
                org(14, 950_000, covers: [], country: 1),
            ],
            minMembers: 2,
            maxMembers: 3,
            minCountries: 2,
            objective: .best,
            k: 3
        )
    }

    @Test("best objective: highest total first, members ordered fixed first then by score")
    func bestObjective() {
        let result = ConsortiumBuilder.build(small)
        #expect(result.feasible && result.optimal)
        // {1, 14, 12}: the high scorer 14 adds nothing but score, 12 covers both missing competences.
        #expect(result.proposals.map(\.members) == [[1, 10, 11], [1, 14, 12], [1, 10, 12]])
        #expect(result.proposals.map(\.totalScore) == [2_200_000, 2_150_000, 2_100_000])
        #expect(result.proposals[0].countries == [1, 2])
        #expect(result.proposals.allSatisfy { $0.unmet.isEmpty && $0.missingCompetences.isEmpty })
    }

    @Test("fewest objective: the two-member consortium comes first")
    func fewestObjective() {
        var problem = small
        problem.objective = .fewest
        let result = ConsortiumBuilder.build(problem)
        #expect(result.proposals.map(\.members) == [[1, 12], [1, 10, 11], [1, 14, 12]])
    }

    @Test("less developed requirement changes the optimum")
    func lessDevelopedRequired() {
        var problem = small
        problem.needLessDeveloped = true
        let result = ConsortiumBuilder.build(problem)
        #expect(result.proposals.map(\.members) == [[1, 14, 12], [1, 10, 12], [1, 11, 12]])
    }

    @Test("equal totals are ordered by the ascending id arrays")
    func tieBreakById() {
        let problem = ConsortiumProblem(
            competenceCount: 1,
            candidates: [org(7, 10, covers: [0]), org(3, 10, covers: [0]), org(5, 10, covers: [0])],
            minMembers: 1,
            maxMembers: 1,
            k: 5
        )
        let result = ConsortiumBuilder.build(problem)
        #expect(result.proposals.map(\.members) == [[3], [5], [7]])
    }

    @Test("fewer feasible sets than k: all of them are returned")
    func fewerThanK() {
        let problem = ConsortiumProblem(
            competenceCount: 2,
            candidates: [org(1, 5, covers: [0]), org(2, 5, covers: [1]), org(3, 5, covers: [0, 1])],
            minMembers: 1,
            maxMembers: 2,
            objective: .fewest,
            k: 20
        )
        let result = ConsortiumBuilder.build(problem)
        // {3}; then pairs: {1,3} {2,3} {1,2} all score 10, by ids.
        #expect(result.proposals.map { $0.members.sorted() } == [[3], [1, 2], [1, 3], [2, 3]])
    }

    @Test("no competences and no constraints: the best sets are the top scorers")
    func noCompetences() {
        let problem = ConsortiumProblem(
            competenceCount: 0,
            candidates: (1...6).map { org(Int64($0), $0 * 10, country: UInt16($0 % 2)) },
            minMembers: 0,
            maxMembers: 2,
            k: 2
        )
        let result = ConsortiumBuilder.build(problem)
        #expect(result.proposals.map(\.members) == [[6, 5], [6, 4]])
    }

    @Test("all 64 competences: the full mask works")
    func sixtyFourCompetences() {
        let low: UInt64 = 0x0000_0000_FFFF_FFFF
        let problem = ConsortiumProblem(
            competenceCount: 64,
            candidates: [
                ConsortiumCandidate(id: 1, score: 10, covers: low, country: 0),
                ConsortiumCandidate(id: 2, score: 10, covers: ~low, country: 1),
                ConsortiumCandidate(id: 3, score: 15, covers: .max, country: 2),
                ConsortiumCandidate(id: 4, score: 1, covers: 1 << 63, country: 3),
            ],
            minMembers: 1,
            maxMembers: 2,
            k: 4
        )
        let result = ConsortiumBuilder.build(problem)
        #expect(result.proposals.map { $0.members.sorted() } == [[1, 3], [2, 3], [1, 2], [3, 4]])
        var tooFew = problem
        tooFew.candidates.removeLast(2)
        tooFew.maxMembers = 1
        tooFew.k = 2
        let infeasible = ConsortiumBuilder.build(tooFew)
        #expect(infeasible.infeasibility == [.coverageNeedsMoreMembers(fewest: 2, max: 1)])
        #expect(infeasible.proposals.map(\.missingCompetences) == [Array(32..<64), Array(0..<32)])
    }

    // MARK: - Infeasibility reasons

    @Test("minimum above maximum")
    func minAboveMax() {
        var problem = small
        problem.minMembers = 4
        problem.maxMembers = 3
        let result = ConsortiumBuilder.build(problem)
        #expect(!result.feasible)
        #expect(result.infeasibility == [.minAboveMax(min: 4, max: 3)])
        // Partial consortia still cover everything; they only miss the size.
        #expect(result.proposals.first?.unmet == [.minMembers])
        #expect(result.proposals.first?.missingCompetences == [])
    }

    @Test("too many fixed members: the fixed members alone are the closest set")
    func tooManyFixed() {
        let problem = ConsortiumProblem(
            competenceCount: 1,
            candidates: [org(1, 1, covers: [0], fixed: true), org(2, 1, fixed: true), org(3, 1, covers: [0])],
            minMembers: 1,
            maxMembers: 1,
            k: 3
        )
        let result = ConsortiumBuilder.build(problem)
        #expect(result.infeasibility == [.tooManyFixedMembers(fixed: 2, max: 1)])
        #expect(result.proposals.map(\.members) == [[1, 2]])
        #expect(result.proposals[0].unmet == [.maxMembers])
    }

    @Test("uncoverable competences are listed")
    func uncoverable() {
        let problem = ConsortiumProblem(
            competenceCount: 4,
            candidates: [org(1, 9, covers: [0]), org(2, 8, covers: [2]), org(3, 7, covers: [0, 2])],
            minMembers: 1,
            maxMembers: 3,
            k: 2
        )
        let result = ConsortiumBuilder.build(problem)
        #expect(result.infeasibility == [.uncoverable(competences: [1, 3])])
        // Closest: covers 0 and 2; among those, score order.
        #expect(result.proposals.map { $0.members.sorted() } == [[1, 2, 3], [1, 2]])
        #expect(result.proposals.allSatisfy { $0.missingCompetences == [1, 3] && $0.unmet == [.coverage] })
    }

    @Test("too few candidates")
    func tooFewCandidates() {
        let problem = ConsortiumProblem(
            competenceCount: 1,
            candidates: [org(1, 1, covers: [0], country: 1), org(2, 1, country: 2)],
            minMembers: 3,
            maxMembers: 5
        )
        let result = ConsortiumBuilder.build(problem)
        #expect(result.infeasibility == [.tooFewCandidates(available: 2, min: 3)])
        #expect(result.proposals.first?.members.sorted() == [1, 2])
        #expect(result.proposals.first?.unmet == [.minMembers])
    }

    @Test("too few countries")
    func tooFewCountries() {
        var problem = small
        problem.minCountries = 4
        let result = ConsortiumBuilder.build(problem)
        #expect(result.infeasibility == [.tooFewCountries(available: 3, required: 4), .countriesExceedMaxMembers(required: 4, max: 3)])
        // Countries only count as met or not, so the best-scoring full cover leads.
        #expect(result.proposals.first?.members == [1, 10, 11])
        #expect(result.proposals.first?.unmet == [.minCountries])
    }

    @Test("countries exceed the maximum size")
    func countriesExceedMax() {
        var problem = small
        problem.minCountries = 3
        problem.maxMembers = 2
        let result = ConsortiumBuilder.build(problem)
        #expect(result.infeasibility == [.countriesExceedMaxMembers(required: 3, max: 2)])
        // Best partial: {1, 12} covers everything and spans 2 countries.
        #expect(result.proposals.first?.members == [1, 12])
        #expect(result.proposals.first?.unmet == [.minCountries])
    }

    @Test("no less developed candidate")
    func noLessDeveloped() {
        let problem = ConsortiumProblem(
            competenceCount: 1,
            candidates: [org(1, 3, covers: [0]), org(2, 2, covers: [0])],
            maxMembers: 2,
            needLessDeveloped: true,
            k: 1
        )
        let result = ConsortiumBuilder.build(problem)
        #expect(result.infeasibility == [.noLessDevelopedCandidate])
        #expect(result.proposals.map(\.members) == [[1, 2]])
        #expect(result.proposals[0].unmet == [.lessDeveloped])
    }

    @Test("coverage needs more members than allowed, with the true fewest count")
    func coverageNeedsMoreMembers() {
        let problem = ConsortiumProblem(
            competenceCount: 5,
            candidates: [
                org(1, 1, covers: [0], fixed: true),
                org(2, 9, covers: [1]), org(3, 9, covers: [2]), org(4, 9, covers: [3, 4]), org(5, 1, covers: [1, 2]),
            ],
            minMembers: 1,
            maxMembers: 2,
            k: 2
        )
        let result = ConsortiumBuilder.build(problem)
        #expect(result.infeasibility == [.coverageNeedsMoreMembers(fewest: 3, max: 2)])
        // Closest: three of five covered, by the owner plus 4 or plus 5; score orders them.
        #expect(result.proposals.map(\.members) == [[1, 4], [1, 5]])
        #expect(result.proposals[0].missingCompetences == [1, 2])
        #expect(result.proposals[1].missingCompetences == [3, 4])
    }

    @Test("jointly impossible: each constraint alone can be met")
    func jointlyImpossible() {
        // Coverage needs 2 (the only coverer of competence 1), the less developed member is 3, and
        // only one slot remains next to the owner.
        let problem = ConsortiumProblem(
            competenceCount: 2,
            candidates: [
                org(1, 5, covers: [0], country: 0, fixed: true),
                org(2, 5, covers: [1], country: 1),
                org(3, 5, covers: [], country: 2, lessDeveloped: true),
            ],
            minMembers: 1,
            maxMembers: 2,
            minCountries: 2,
            needLessDeveloped: true,
            k: 3
        )
        let result = ConsortiumBuilder.build(problem)
        #expect(!result.feasible)
        #expect(result.infeasibility == [.jointlyImpossible])
        #expect(result.proposals.map(\.members) == [[1, 2], [1, 3], [1]])
        #expect(result.proposals[0].unmet == [.lessDeveloped])
        #expect(result.proposals[1].missingCompetences == [1])
        #expect(result.proposals[1].unmet == [.coverage])
        #expect(result.proposals[2].unmet == [.coverage, .minCountries, .lessDeveloped])
    }

    @Test("every reason is reported when several hold")
    func severalReasons() {
        let problem = ConsortiumProblem(
            competenceCount: 3,
            candidates: [org(1, 1, covers: [0], fixed: true), org(2, 1, covers: [1], fixed: true)],
            minMembers: 4,
            maxMembers: 1,
            minCountries: 2,
            needLessDeveloped: true
        )
        let result = ConsortiumBuilder.build(problem)
        #expect(
            result.infeasibility == [
                .minAboveMax(min: 4, max: 1),
                .tooManyFixedMembers(fixed: 2, max: 1),
                .uncoverable(competences: [2]),
                .tooFewCandidates(available: 2, min: 4),
                .tooFewCountries(available: 1, required: 2),
                .countriesExceedMaxMembers(required: 2, max: 1),
                .noLessDevelopedCandidate,
            ])
        #expect(result.proposals.map(\.members) == [[1, 2]])
        #expect(result.proposals[0].unmet == [.coverage, .minMembers, .maxMembers, .minCountries, .lessDeveloped])
    }

    // MARK: - Search behaviour

    @Test("the node limit stops the search and is reported")
    func nodeLimit() {
        var problem = ConsortiumBuilder.syntheticProblem(candidates: 2_000, competences: 10, seed: 3, objective: .best)
        problem.nodeLimit = 5
        let limited = ConsortiumBuilder.build(problem)
        #expect(!limited.optimal)
        #expect(limited.nodes <= 6)
        problem.nodeLimit = ConsortiumProblem.defaultNodeLimit
        let full = ConsortiumBuilder.build(problem)
        #expect(full.optimal && full.feasible)
        #expect(full.proposals.count == 3)
    }

    @Test("dominance reduction keeps only the top slots + k − 1 of a class")
    func reductionKeepsEnough() {
        // Ten identical organisations: with 2 slots and k = 2, three survive.
        let problem = ConsortiumProblem(
            competenceCount: 1,
            candidates: (1...10).map { org(Int64($0), 100 - $0, covers: [0]) },
            minMembers: 1,
            maxMembers: 2,
            k: 2
        )
        let instance = ConsortiumInstance(problem: problem, reduce: true)
        #expect(instance.members.map(\.id) == [1, 2, 3])
        // A strict superset in the same country dominates too; another country does not.
        let mixed = ConsortiumProblem(
            competenceCount: 2,
            candidates: [
                org(1, 9, covers: [0, 1]), org(2, 8, covers: [0, 1]), org(3, 7, covers: [0, 1]),
                org(4, 6, covers: [0]), org(5, 5, covers: [0], country: 1), org(6, 4, covers: [0], lessDeveloped: true),
            ],
            minMembers: 1,
            maxMembers: 2,
            k: 2
        )
        let reduced = ConsortiumInstance(problem: mixed, reduce: true)
        #expect(reduced.members.map(\.id) == [1, 2, 3, 5, 6])
    }

    @Test("synthetic problem is reproducible and shaped as documented")
    func syntheticShape() {
        let a = ConsortiumBuilder.syntheticProblem(candidates: 1_000, competences: 10, seed: 42, objective: .fewest)
        let b = ConsortiumBuilder.syntheticProblem(candidates: 1_000, competences: 10, seed: 42, objective: .fewest)
        #expect(a.candidates == b.candidates)
        #expect(a.candidates.count == 1_000)
        #expect(a.candidates.filter(\.fixed).count == 2)
        #expect(Set(a.candidates.filter(\.fixed).map(\.country)).count == 1)
        #expect(a.candidates.allSatisfy { $0.score >= 0 && $0.score <= 1_000_000 && $0.covers < 1 << 10 })
        let coveringNothing = a.candidates.filter { $0.covers == 0 }.count
        #expect(coveringNothing > 400)
        #expect((a.minMembers, a.maxMembers, a.minCountries, a.k) == (3, 8, 3, 3))
    }

    @Test("negative scores are handled exactly (bounds ignore them)")
    func negativeScores() {
        let problem = ConsortiumProblem(
            competenceCount: 1,
            candidates: [org(1, -5, covers: [0]), org(2, 3, covers: [0]), org(3, -1)],
            minMembers: 1,
            maxMembers: 3,
            k: 3
        )
        let result = ConsortiumBuilder.build(problem)
        #expect(result.proposals.map { $0.members.sorted() } == [[2], [2, 3], [1, 2]])
        #expect(result.proposals.map(\.totalScore) == [3, 2, -2])
    }
}

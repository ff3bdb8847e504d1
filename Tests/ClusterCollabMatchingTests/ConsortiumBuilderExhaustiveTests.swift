import Testing
@testable import ClusterCollabMatching

// The builder against a brute-force enumerator on hundreds of seeded random instances. The
// enumerator shares no code with the builder: it lists every member set, ranks them with the
// documented order and keeps the first k.

/// SplitMix64, local to the tests so the instances never change with library code.
struct ConsortiumOracleRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed &* 0x2545_F491_4F6C_DD1D &+ 1 }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    mutating func chance(_ probability: Double) -> Bool {
        Double(next() >> 11) * 0x1.0p-53 < probability
    }
}

/// Brute force over every member set (or every set up to a size, for wider instances), keeping the
/// first k of each order by plain insertion.
struct ConsortiumOracle {
    struct Ranked {
        var ids: [Int64]
        var score: Int
        var size: Int
        var covered: Int
        var met: Int
        var missing: [Int]
        var unmet: [ConsortiumConstraint]
        var feasible: Bool { unmet.isEmpty }
    }

    let problem: ConsortiumProblem
    /// The first k feasible sets, and how many feasible sets exist.
    private(set) var feasibleSets: [Ranked] = []
    private(set) var feasibleCount = 0
    /// The first k sets in the partial order.
    private(set) var partialSets: [Ranked] = []

    init(_ problem: ConsortiumProblem) {
        self.problem = problem
        let k = max(1, problem.k)
        let fixed = problem.candidates.filter(\.fixed)
        let others = problem.candidates.filter { !$0.fixed }
        let cap = max(problem.maxMembers, fixed.count)
        let objective = problem.objective
        func insert(_ set: Ranked, into list: inout [Ranked], by order: (Ranked, Ranked) -> Bool) {
            var position = list.count
            while position > 0 && order(set, list[position - 1]) { position -= 1 }
            if position < k {
                list.insert(set, at: position)
                if list.count > k { list.removeLast() }
            }
        }
        let partialOrder = { (a: Ranked, b: Ranked) -> Bool in
            if a.covered != b.covered { return a.covered > b.covered }
            if a.met != b.met { return a.met > b.met }
            return Self.objectiveOrder(a, b, objective)
        }
        var chosen: [ConsortiumCandidate] = []
        var feasible: [Ranked] = []
        var partial: [Ranked] = []
        var count = 0
        func visit(_ start: Int) {
            let set = Self.evaluate(fixed + chosen, problem)
            if set.feasible {
                count += 1
                insert(set, into: &feasible) { Self.objectiveOrder($0, $1, objective) }
            }
            insert(set, into: &partial, by: partialOrder)
            guard fixed.count + chosen.count < cap else { return }
            for index in start..<others.count {
                chosen.append(others[index])
                visit(index + 1)
                chosen.removeLast()
            }
        }
        visit(0)
        feasibleSets = feasible
        feasibleCount = count
        partialSets = partial
    }

    static func objectiveOrder(_ a: Ranked, _ b: Ranked, _ objective: ConsortiumObjective) -> Bool {
        if objective == .fewest && a.size != b.size { return a.size < b.size }
        if a.score != b.score { return a.score > b.score }
        return a.ids.lexicographicallyPrecedes(b.ids)
    }

    static func evaluate(_ members: [ConsortiumCandidate], _ problem: ConsortiumProblem) -> Ranked {
        let count = problem.competenceCount
        var covers: UInt64 = 0
        for member in members { covers |= member.covers }
        let missing = (0..<count).filter { covers & (UInt64(1) << UInt64($0)) == 0 }
        let countries = Set(members.map(\.country)).count
        var unmet: [ConsortiumConstraint] = []
        if !missing.isEmpty { unmet.append(.coverage) }
        if members.count < problem.minMembers { unmet.append(.minMembers) }
        if members.count > problem.maxMembers { unmet.append(.maxMembers) }
        if countries < problem.minCountries { unmet.append(.minCountries) }
        if problem.needLessDeveloped && !members.contains(where: \.lessDeveloped) { unmet.append(.lessDeveloped) }
        return Ranked(
            ids: members.map(\.id).sorted(),
            score: members.reduce(0) { $0 + $1.score },
            size: members.count,
            covered: count - missing.count,
            met: 4 - unmet.filter { $0 != .coverage }.count,
            missing: missing,
            unmet: unmet
        )
    }

    /// The reasons the builder should give, derived independently (fewest cover by enumeration).
    func expectedReasons() -> [ConsortiumInfeasibility] {
        let p = problem
        let fixed = p.candidates.filter(\.fixed)
        let others = p.candidates.filter { !$0.fixed }
        var reasons: [ConsortiumInfeasibility] = []
        if p.minMembers > p.maxMembers { reasons.append(.minAboveMax(min: p.minMembers, max: p.maxMembers)) }
        if fixed.count > p.maxMembers { reasons.append(.tooManyFixedMembers(fixed: fixed.count, max: p.maxMembers)) }
        let union = p.candidates.reduce(UInt64(0)) { $0 | $1.covers }
        let uncoverable = (0..<p.competenceCount).filter { union & (UInt64(1) << UInt64($0)) == 0 }
        if !uncoverable.isEmpty { reasons.append(.uncoverable(competences: uncoverable)) }
        if p.candidates.count < p.minMembers { reasons.append(.tooFewCandidates(available: p.candidates.count, min: p.minMembers)) }
        let countries = Set(p.candidates.map(\.country)).count
        if countries < p.minCountries { reasons.append(.tooFewCountries(available: countries, required: p.minCountries)) }
        if p.minCountries > p.maxMembers { reasons.append(.countriesExceedMaxMembers(required: p.minCountries, max: p.maxMembers)) }
        if p.needLessDeveloped && !p.candidates.contains(where: \.lessDeveloped) { reasons.append(.noLessDevelopedCandidate) }
        if uncoverable.isEmpty && fixed.count <= p.maxMembers {
            let required: UInt64 = p.competenceCount == 64 ? .max : (UInt64(1) << UInt64(p.competenceCount)) - 1
            let fixedCovers = fixed.reduce(UInt64(0)) { $0 | $1.covers }
            // Fewest members reaching each covered set, each candidate used at most once.
            var reach = [Int](repeating: Int.max, count: Int(required) + 1)
            reach[Int(fixedCovers & required)] = 0
            for other in others {
                for covered in stride(from: Int(required), through: 0, by: -1) where reach[covered] != Int.max {
                    let next = covered | Int(other.covers & required)
                    reach[next] = min(reach[next], reach[covered] + 1)
                }
            }
            let fewest = reach[Int(required)]
            if fixed.count + fewest > p.maxMembers {
                reasons.append(.coverageNeedsMoreMembers(fewest: fixed.count + fewest, max: p.maxMembers))
            }
        }
        if reasons.isEmpty && feasibleCount == 0 { reasons.append(.jointlyImpossible) }
        return reasons
    }
}

/// Random small instances with plenty of ties, fixed members and infeasible corners.
/// `tiesOnly`: every score is 0, 500_000 or 1_000_000, or all scores are equal.
func consortiumRandomProblem(
    seed: UInt64,
    candidates range: ClosedRange<Int> = 4...14,
    competences: ClosedRange<Int> = 0...6,
    k kRange: ClosedRange<Int> = 1...5,
    tiesOnly: Bool = false
) -> ConsortiumProblem {
    var random = ConsortiumOracleRandom(seed: seed)
    let competenceCount = random.int(competences)
    let countryCount = random.int(1...4)
    let count = random.int(range)
    let tieHeavy = random.chance(0.4)
    let allEqual = tiesOnly && random.chance(0.3)
    let coverage = 0.15 + Double(random.int(0...30)) / 100
    var candidates: [ConsortiumCandidate] = []
    for index in 0..<count {
        var covers: UInt64 = 0
        for competence in 0..<competenceCount where random.chance(coverage) {
            covers |= UInt64(1) << UInt64(competence)
        }
        // Ties in score are frequent so the id tie-break is exercised; zero scores too.
        let score =
            allEqual
            ? 400_000
            : tiesOnly
                ? random.int(0...2) * 500_000
                : tieHeavy ? random.int(0...3) * 250_000 : random.int(0...1_000_000)
        candidates.append(
            ConsortiumCandidate(
                id: Int64(random.int(1...3) * 100 + index),
                score: score,
                covers: covers,
                country: UInt16(random.int(0...(countryCount - 1)) * 7),
                lessDeveloped: random.chance(0.25),
                fixed: random.chance(0.12)
            ))
    }
    let minMembers = random.int(0...5)
    let maxMembers = random.chance(0.1) ? random.int(0...3) : random.int(max(1, minMembers - 1)...7)
    return ConsortiumProblem(
        competenceCount: competenceCount,
        candidates: candidates,
        minMembers: minMembers,
        maxMembers: maxMembers,
        minCountries: random.int(0...4),
        needLessDeveloped: random.chance(0.4),
        objective: random.chance(0.5) ? .best : .fewest,
        k: random.int(kRange)
    )
}

/// Checks one builder result against the oracle; returns a description of the first difference.
func consortiumMismatch(
    _ problem: ConsortiumProblem, _ result: ConsortiumResult, oracle given: ConsortiumOracle? = nil
) -> String? {
    let oracle = given ?? ConsortiumOracle(problem)
    let expectedFeasible = oracle.feasibleCount > 0
    if result.feasible != expectedFeasible { return "feasible \(result.feasible), expected \(expectedFeasible)" }
    if !result.optimal { return "not optimal" }
    let expected = expectedFeasible ? oracle.feasibleSets : oracle.partialSets
    if result.proposals.count != expected.count {
        return "\(result.proposals.count) proposals, expected \(expected.count)"
    }
    for (position, (proposal, want)) in zip(result.proposals, expected).enumerated() {
        if proposal.members.sorted() != want.ids { return "#\(position) members \(proposal.members), expected \(want.ids)" }
        if proposal.totalScore != want.score { return "#\(position) score \(proposal.totalScore), expected \(want.score)" }
        if proposal.missingCompetences != want.missing { return "#\(position) missing \(proposal.missingCompetences), expected \(want.missing)" }
        if proposal.unmet != want.unmet { return "#\(position) unmet \(proposal.unmet), expected \(want.unmet)" }
        let byId = Dictionary(problem.candidates.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let members = proposal.members.compactMap { byId[$0] }
        let fixedFirst = members.filter(\.fixed) + members.filter { !$0.fixed }
        if members.map(\.id) != fixedFirst.map(\.id) { return "#\(position) fixed members not first" }
        if proposal.countries != Array(Set(members.map(\.country))).sorted() { return "#\(position) countries" }
    }
    if expectedFeasible {
        if !result.infeasibility.isEmpty { return "reasons on a feasible problem" }
    } else if result.infeasibility != oracle.expectedReasons() {
        return "reasons \(result.infeasibility), expected \(oracle.expectedReasons())"
    }
    return nil
}

@Suite("Consortium builder against brute force")
struct ConsortiumBuilderExhaustiveTests {
    @Test("600 random small instances match the enumerator exactly, with and without reduction")
    func randomSmallInstances() {
        var feasible = 0
        var infeasible = 0
        var mismatches: [String] = []
        for seed in UInt64(0)..<600 {
            let problem = consortiumRandomProblem(seed: seed)
            let oracle = ConsortiumOracle(problem)
            for reduce in [true, false] {
                let result = ConsortiumBuilder.build(problem, options: ConsortiumSearchOptions(dominanceReduction: reduce))
                if let mismatch = consortiumMismatch(problem, result, oracle: oracle) {
                    mismatches.append("seed \(seed) reduce \(reduce): \(mismatch)")
                }
                if reduce { if result.feasible { feasible += 1 } else { infeasible += 1 } }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
        // The generator must really produce both kinds, or the comparison proves little.
        #expect(feasible >= 150)
        #expect(infeasible >= 150)
    }

    @Test("wider instances (20–32 candidates, few slots) match the enumerator")
    func widerInstances() {
        var mismatches: [String] = []
        var feasible = 0
        for seed in UInt64(10_000)..<10_080 {
            var problem = consortiumRandomProblem(seed: seed, candidates: 20...32)
            let fixed = problem.candidates.filter(\.fixed).count
            // Keep the enumeration small: at most three members beyond the fixed ones.
            problem.maxMembers = min(problem.maxMembers, fixed + 3)
            problem.minMembers = min(problem.minMembers, problem.maxMembers)
            let result = ConsortiumBuilder.build(problem)
            if result.feasible { feasible += 1 }
            if let mismatch = consortiumMismatch(problem, result) { mismatches.append("seed \(seed): \(mismatch)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
        #expect(feasible >= 20)
    }

    @Test("300 tie-saturated instances (equal or three-level scores) match the enumerator")
    func tieSaturatedInstances() {
        var mismatches: [String] = []
        for seed in UInt64(20_000)..<20_300 {
            let problem = consortiumRandomProblem(seed: seed, k: 1...8, tiesOnly: true)
            let oracle = ConsortiumOracle(problem)
            for reduce in [true, false] {
                let result = ConsortiumBuilder.build(problem, options: ConsortiumSearchOptions(dominanceReduction: reduce))
                if let mismatch = consortiumMismatch(problem, result, oracle: oracle) {
                    mismatches.append("seed \(seed) reduce \(reduce): \(mismatch)")
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
    }

    @Test("200 instances dominated by zero and negative scores match the enumerator")
    func zeroAndNegativeScores() {
        // Zero scores let sets of different sizes tie, where the id tie-break is subtle.
        var mismatches: [String] = []
        for seed in UInt64(40_000)..<40_200 {
            var problem = consortiumRandomProblem(seed: seed, candidates: 6...14, k: 1...8)
            var random = ConsortiumOracleRandom(seed: seed ^ 0xABCDEF)
            for index in problem.candidates.indices {
                switch random.int(0...9) {
                case 0...5: problem.candidates[index].score = 0
                case 6: problem.candidates[index].score = -random.int(0...3) * 100
                default: problem.candidates[index].score = random.int(0...2) * 500
                }
            }
            let result = ConsortiumBuilder.build(problem)
            if let mismatch = consortiumMismatch(problem, result) { mismatches.append("seed \(seed): \(mismatch)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
    }

    @Test("many competences and few slots: partial consortia match the enumerator")
    func partialHeavyInstances() {
        var mismatches: [String] = []
        var infeasible = 0
        for seed in UInt64(30_000)..<30_120 {
            var problem = consortiumRandomProblem(seed: seed, candidates: 8...18, competences: 5...12, k: 1...20)
            let fixed = problem.candidates.filter(\.fixed).count
            problem.maxMembers = min(problem.maxMembers, fixed + 3)
            let result = ConsortiumBuilder.build(problem)
            if !result.feasible { infeasible += 1 }
            if let mismatch = consortiumMismatch(problem, result) { mismatches.append("seed \(seed): \(mismatch)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
        #expect(infeasible >= 40)
    }

    @Test("dominance reduction leaves synthetic answers unchanged and drops candidates")
    func reductionOnSynthetic() {
        for seed in UInt64(0)..<6 {
            for objective in ConsortiumObjective.allCases {
                let problem = ConsortiumBuilder.syntheticProblem(candidates: 400, competences: 6, seed: seed, objective: objective)
                let reduced = ConsortiumBuilder.build(problem)
                let plain = ConsortiumBuilder.build(problem, options: ConsortiumSearchOptions(dominanceReduction: false))
                #expect(reduced.optimal && plain.optimal)
                #expect(reduced.feasible == plain.feasible)
                #expect(reduced.proposals == plain.proposals, "seed \(seed) \(objective)")
                let instance = ConsortiumInstance(problem: problem, reduce: true)
                #expect(instance.reducedAway > 0)
            }
        }
    }
}

// The exact consortium builder: given the organisations a partner search may invite, find the
// consortium (member set) that covers every required competence under the call's constraints, and
// the next best distinct alternatives. docs/matching.md ("The exact consortium builder") gives the
// algorithm and why it is exact; the other ConsortiumBuilder+*.swift files hold its parts.

/// An organisation that may be part of a consortium.
public struct ConsortiumCandidate: Sendable, Equatable {
    /// Organisation id; unique within a problem. Used as the final tie-break, so results are deterministic.
    public var id: Int64
    /// Fixed-point recommendation score (score in [0, 1] × 1_000_000). Integers keep sums exact, so
    /// ties are real ties and the tie-break decides, never rounding noise.
    public var score: Int
    /// Bit i set: covers required competence i (i < competenceCount). Higher bits are ignored.
    public var covers: UInt64
    /// Dense country index.
    public var country: UInt16
    /// From a less developed or transition region.
    public var lessDeveloped: Bool
    /// The search owner or an already accepted member: part of every consortium.
    public var fixed: Bool

    public init(
        id: Int64,
        score: Int,
        covers: UInt64,
        country: UInt16,
        lessDeveloped: Bool = false,
        fixed: Bool = false
    ) {
        self.id = id
        self.score = score
        self.covers = covers
        self.country = country
        self.lessDeveloped = lessDeveloped
        self.fixed = fixed
    }
}

/// How consortia are ranked.
public enum ConsortiumObjective: String, Sendable, CaseIterable {
    /// Largest total score first.
    case best
    /// Fewest members first, then largest total score.
    case fewest
}

/// One consortium-building request.
public struct ConsortiumProblem: Sendable {
    /// Number of required competences, 0...64; competence i is bit i of `ConsortiumCandidate.covers`.
    public var competenceCount: Int
    /// Every organisation that may be a member, fixed members included (flagged). The caller has
    /// already removed organisations whose country or type the call does not allow.
    public var candidates: [ConsortiumCandidate]
    /// Smallest allowed consortium, fixed members included.
    public var minMembers: Int
    /// Largest allowed consortium, fixed members included.
    public var maxMembers: Int
    /// Distinct countries the consortium must span.
    public var minCountries: Int
    /// At least one member must come from a less developed or transition region.
    public var needLessDeveloped: Bool
    public var objective: ConsortiumObjective
    /// Number of alternatives wanted (the optimum plus k − 1 runners-up), 1...20.
    public var k: Int
    /// Safety valve against pathological inputs: the search stops after this many nodes (see
    /// `ConsortiumResult.nodes`) and reports `optimal == false`. Zero or less means no limit.
    public var nodeLimit: Int

    public static let defaultNodeLimit = 5_000_000

    public init(
        competenceCount: Int,
        candidates: [ConsortiumCandidate],
        minMembers: Int = 1,
        maxMembers: Int,
        minCountries: Int = 1,
        needLessDeveloped: Bool = false,
        objective: ConsortiumObjective = .best,
        k: Int = 1,
        nodeLimit: Int = ConsortiumProblem.defaultNodeLimit
    ) {
        self.competenceCount = competenceCount
        self.candidates = candidates
        self.minMembers = minMembers
        self.maxMembers = maxMembers
        self.minCountries = minCountries
        self.needLessDeveloped = needLessDeveloped
        self.objective = objective
        self.k = k
        self.nodeLimit = nodeLimit
    }
}

/// One proposed consortium.
public struct ConsortiumProposal: Sendable, Equatable {
    /// Fixed members first, then the others; each group by score descending, ties by id ascending.
    public var members: [Int64]
    /// Exact sum of the member scores, fixed members included.
    public var totalScore: Int
    /// Distinct countries of the members, sorted.
    public var countries: [UInt16]
    /// Empty for a feasible proposal; for a partial one, the required competences nobody in it covers.
    public var missingCompetences: [Int]
    /// Empty for a feasible proposal; for a partial one, the constraints it does not meet.
    public var unmet: [ConsortiumConstraint]

    public init(
        members: [Int64],
        totalScore: Int,
        countries: [UInt16],
        missingCompetences: [Int] = [],
        unmet: [ConsortiumConstraint] = []
    ) {
        self.members = members
        self.totalScore = totalScore
        self.countries = countries
        self.missingCompetences = missingCompetences
        self.unmet = unmet
    }
}

/// A constraint of `ConsortiumProblem`, named in partial proposals.
public enum ConsortiumConstraint: String, Sendable, CaseIterable {
    case coverage, minMembers, maxMembers, minCountries, lessDeveloped
}

/// Why no consortium satisfies a problem.
public enum ConsortiumInfeasibility: Sendable, Equatable {
    case minAboveMax(min: Int, max: Int)
    case tooManyFixedMembers(fixed: Int, max: Int)
    /// No candidate, fixed or not, covers these competences.
    case uncoverable(competences: [Int])
    /// Fewer organisations than `minMembers`.
    case tooFewCandidates(available: Int, min: Int)
    /// Distinct countries among all candidates is below `minCountries`.
    case tooFewCountries(available: Int, required: Int)
    case countriesExceedMaxMembers(required: Int, max: Int)
    case noLessDevelopedCandidate
    /// The fewest members covering every competence (fixed members included, other constraints
    /// ignored) exceeds `maxMembers`.
    case coverageNeedsMoreMembers(fewest: Int, max: Int)
    /// Each constraint alone can be met, but not all together.
    case jointlyImpossible
}

/// Outcome of `ConsortiumBuilder.build`.
public struct ConsortiumResult: Sendable, Equatable {
    public var feasible: Bool
    /// Feasible: up to k consortia, best first. Infeasible: the closest partial consortia, closest
    /// first (see `ConsortiumBuilder.build` for the definition of "closest").
    public var proposals: [ConsortiumProposal]
    /// Empty when feasible; otherwise every reason found.
    public var infeasibility: [ConsortiumInfeasibility]
    /// False only if the node limit stopped a search; the proposals are then the best found.
    public var optimal: Bool
    /// Search work done: nodes entered, children examined (including those cut off at once) and
    /// set-cover bound nodes. This is what `nodeLimit` counts.
    public var nodes: Int

    public init(
        feasible: Bool,
        proposals: [ConsortiumProposal],
        infeasibility: [ConsortiumInfeasibility],
        optimal: Bool,
        nodes: Int
    ) {
        self.feasible = feasible
        self.proposals = proposals
        self.infeasibility = infeasibility
        self.optimal = optimal
        self.nodes = nodes
    }
}

/// Knobs that do not change the answer; they exist so tests can show that.
public struct ConsortiumSearchOptions: Sendable {
    /// Drop candidates that provably cannot appear in the k best consortia before searching.
    public var dominanceReduction: Bool

    public init(dominanceReduction: Bool = true) {
        self.dominanceReduction = dominanceReduction
    }
}

public enum ConsortiumBuilder {
    /// Returns the k best consortia of `problem`, exactly.
    ///
    /// A consortium is feasible when it contains every fixed candidate, covers every required
    /// competence, has between `minMembers` and `maxMembers` members, spans at least `minCountries`
    /// countries and, if `needLessDeveloped`, has a member from a less developed region.
    ///
    /// Order (best first): for `.best`, larger total score, then the lexicographically smaller
    /// ascending id array; for `.fewest`, fewer members, then larger total score, then the smaller id
    /// array. The answer is therefore unique.
    ///
    /// When no consortium is feasible the result lists every reason found and the closest partial
    /// consortia. "Closest" is defined over the sets that contain every fixed member and have at most
    /// `maxMembers` members (exactly the fixed members when they alone exceed `maxMembers`), ranked by:
    /// 1. more required competences covered;
    /// 2. more of the other constraints met (minMembers, maxMembers, minCountries, lessDeveloped;
    ///    a constraint that asks nothing, such as `needLessDeveloped == false`, counts as met);
    /// 3. the objective's own order, as above.
    /// The k best such sets are returned, each with its missing competences and unmet constraints.
    ///
    /// Input handling: `competenceCount` is clamped to 0...64 and `covers` bits above it are ignored;
    /// `k` below 1 counts as 1; negative `minMembers`/`minCountries` count as 0. Negative scores are
    /// ranked exactly (the bounds never count them). Ids must be unique: the tie-break relies on it.
    /// If the node limit stops the search before any consortium is found, the result has
    /// `feasible == false`, `optimal == false` and no reasons, since feasibility is then unknown.
    public static func build(_ problem: ConsortiumProblem) -> ConsortiumResult {
        build(problem, options: ConsortiumSearchOptions())
    }

    public static func build(_ problem: ConsortiumProblem, options: ConsortiumSearchOptions) -> ConsortiumResult {
        let instance = ConsortiumInstance(problem: problem, reduce: options.dominanceReduction)
        var budget = ConsortiumBudget(limit: problem.nodeLimit)

        let reasons = instance.simpleInfeasibility(budget: &budget)
        if reasons.isEmpty {
            let outcome = instance.searchFeasible(budget: &budget)
            if !outcome.entries.isEmpty {
                return ConsortiumResult(
                    feasible: true,
                    proposals: outcome.entries.map { instance.proposal(for: $0) },
                    infeasibility: [],
                    optimal: !budget.exhausted,
                    nodes: budget.used
                )
            }
            if budget.exhausted {
                // Nothing found before the valve closed: feasibility is unknown, so no reason is
                // claimed and no partial consortium is computed on an exhausted budget.
                return ConsortiumResult(feasible: false, proposals: [], infeasibility: [], optimal: false, nodes: budget.used)
            }
            let partial = instance.searchPartial(budget: &budget)
            return ConsortiumResult(
                feasible: false,
                proposals: partial.entries.map { instance.proposal(for: $0) },
                infeasibility: [.jointlyImpossible],
                optimal: !budget.exhausted,
                nodes: budget.used
            )
        }
        let partial = instance.searchPartial(budget: &budget)
        return ConsortiumResult(
            feasible: false,
            proposals: partial.entries.map { instance.proposal(for: $0) },
            infeasibility: reasons,
            optimal: !budget.exhausted,
            nodes: budget.used
        )
    }
}

/// Node counter shared by every search of one `build` call, so the valve bounds the whole call.
struct ConsortiumBudget {
    let limit: Int
    private(set) var used = 0
    private(set) var exhausted = false

    init(limit: Int) {
        self.limit = limit > 0 ? limit : Int.max
    }

    /// Counts one node; false once the limit is passed.
    mutating func spend() -> Bool {
        if exhausted { return false }
        used += 1
        if used > limit {
            exhausted = true
            return false
        }
        return true
    }
}

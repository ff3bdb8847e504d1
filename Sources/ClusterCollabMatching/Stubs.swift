// TEMPORARY compile stubs, replaced by the real engine files.
import ClusterCollabCore
import Foundation

public struct ConsortiumCandidate: Sendable, Equatable {
    public var id: Int64; public var score: Int; public var covers: UInt64; public var country: UInt16; public var lessDeveloped: Bool; public var fixed: Bool
    public init(id: Int64, score: Int, covers: UInt64, country: UInt16, lessDeveloped: Bool, fixed: Bool) { self.id = id; self.score = score; self.covers = covers; self.country = country; self.lessDeveloped = lessDeveloped; self.fixed = fixed }
}
public enum ConsortiumObjective: String, Sendable { case best, fewest }
public struct ConsortiumProblem: Sendable {
    public var competenceCount: Int; public var candidates: [ConsortiumCandidate]; public var minMembers: Int; public var maxMembers: Int
    public var minCountries: Int; public var needLessDeveloped: Bool; public var objective: ConsortiumObjective; public var k: Int; public var nodeLimit: Int = 5_000_000
    public init(competenceCount: Int, candidates: [ConsortiumCandidate], minMembers: Int, maxMembers: Int, minCountries: Int, needLessDeveloped: Bool, objective: ConsortiumObjective, k: Int) {
        self.competenceCount = competenceCount; self.candidates = candidates; self.minMembers = minMembers; self.maxMembers = maxMembers
        self.minCountries = minCountries; self.needLessDeveloped = needLessDeveloped; self.objective = objective; self.k = k
    }
}
public enum ConsortiumConstraint: String, Sendable { case coverage, minMembers, maxMembers, minCountries, lessDeveloped }
public struct ConsortiumProposal: Sendable, Equatable { public var members: [Int64]; public var totalScore: Int; public var countries: [UInt16]; public var missingCompetences: [Int]; public var unmet: [ConsortiumConstraint] }
public enum ConsortiumInfeasibility: Sendable, Equatable {
    case minAboveMax(min: Int, max: Int), tooManyFixedMembers(fixed: Int, max: Int), uncoverable(competences: [Int])
    case tooFewCandidates(available: Int, min: Int), tooFewCountries(available: Int, required: Int), countriesExceedMaxMembers(required: Int, max: Int)
    case noLessDevelopedCandidate, coverageNeedsMoreMembers(fewest: Int, max: Int), jointlyImpossible
}
public struct ConsortiumResult: Sendable { public var feasible: Bool; public var proposals: [ConsortiumProposal]; public var infeasibility: [ConsortiumInfeasibility]; public var optimal: Bool; public var nodes: Int }
public enum ConsortiumBuilder { public static func build(_ problem: ConsortiumProblem) -> ConsortiumResult { ConsortiumResult(feasible: false, proposals: [], infeasibility: [.jointlyImpossible], optimal: true, nodes: 0) } }


// TEMPORARY compile stubs, replaced by the real engine files.
import ClusterCollabCore
import Foundation

public enum Competence: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    case sector(Int), technology(String), ecosystem(Int), keyword(String)
    public init(parsing text: String, reference: ReferenceData) throws(CompetenceError) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw CompetenceError(text: text, reason: "must be kind:value") }
        switch parts[0] {
        case "sector": guard let i = Int(parts[1]), reference.sector(i) != nil else { throw CompetenceError(text: text, reason: "there is no cluster sector with id \(parts[1])") }; self = .sector(i)
        case "ecosystem": guard let i = Int(parts[1]), reference.ecosystem(i) != nil else { throw CompetenceError(text: text, reason: "there is no industrial ecosystem with id \(parts[1])") }; self = .ecosystem(i)
        case "technology": self = .technology(parts[1])
        case "keyword": self = .keyword(parts[1].lowercased())
        default: throw CompetenceError(text: text, reason: "unknown kind")
        }
    }
    public var description: String {
        switch self { case .sector(let i): "sector:\(i)"; case .technology(let t): "technology:\(t)"; case .ecosystem(let i): "ecosystem:\(i)"; case .keyword(let k): "keyword:\(k)" }
    }
    public func label(_ reference: ReferenceData) -> String { description }
    public static func < (a: Competence, b: Competence) -> Bool { a.description < b.description }
}
public struct CompetenceError: Error, Equatable, Sendable { public let text: String; public let reason: String }
public enum RegionCategory: String, Codable, Sendable, CaseIterable {
    case lessDeveloped = "less-developed", transition, moreDeveloped = "more-developed"
    public var label: String { rawValue }
}
public struct PartnerSearchProfile: Sendable {
    public var id: Int64; public var ownerID: Int64; public var memberIDs: [Int64]; public var required: [Competence]
    public var text: String; public var soughtTypes: [OrganisationType]; public var targetCountries: [String]
    public var minCountries: Int; public var needLessDeveloped: Bool
    public init(id: Int64, ownerID: Int64, memberIDs: [Int64], required: [Competence], text: String, soughtTypes: [OrganisationType], targetCountries: [String], minCountries: Int, needLessDeveloped: Bool) {
        self.id = id; self.ownerID = ownerID; self.memberIDs = memberIDs; self.required = required; self.text = text
        self.soughtTypes = soughtTypes; self.targetCountries = targetCountries; self.minCountries = minCountries; self.needLessDeveloped = needLessDeveloped
    }
}
public struct ScoreParts: Sendable, Equatable, Codable { public var coverage = 0.0, complementarity = 0.0, geography = 0.0, s3 = 0.0, text = 0.0, type = 0.0 }
public struct Recommendation: Sendable { public var organisationID: Int64; public var score: Double; public var parts: ScoreParts; public var covers: [Competence]; public var reasons: [String] }
public struct RecommendationPage: Sendable { public var items: [Recommendation]; public var total: Int }
public struct ScoredCandidate: Sendable { public var organisationID: Int64; public var score: Double; public var coversMask: UInt64; public var country: String; public var lessDeveloped: Bool; public var type: OrganisationType; public var isMember: Bool }
public final class MatchingIndex: Sendable {
    public init(reference: ReferenceData) {}
    public func load(_ organisations: [Organisation]) {}
    public func bulkLoad() -> MatchingBulkLoad { MatchingBulkLoad() }
    public func upsert(_ organisation: Organisation) {}
    public func remove(id: Int64) {}
    public func setRegionCategories(_ categories: [String: RegionCategory]) {}
    public func regionCategory(of id: Int64) -> RegionCategory? { nil }
    public var count: Int { 0 }
    public var hasRegionCategories: Bool { false }
    public func recommend(_ profile: PartnerSearchProfile, offset: Int, limit: Int) -> RecommendationPage { RecommendationPage(items: [], total: 0) }
    public func scoreAll(_ profile: PartnerSearchProfile) -> [ScoredCandidate] { [] }
    public func recommendSearches(for organisationID: Int64, among searches: [PartnerSearchProfile], limit: Int) -> [(searchID: Int64, recommendation: Recommendation)] { [] }
    public func covers(_ id: Int64, _ competences: [Competence]) -> [Competence] { [] }
}
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

public final class MatchingBulkLoad { public func add(_ o: [Organisation]) {}; public func finish() {} }

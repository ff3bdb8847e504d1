import ClusterCollabCore
import ClusterCollabText
import Foundation

/// Turns a partner search, its constraints and the matching engine's scores into a consortium-builder
/// problem, and the builder's answer back into organisations, competence ids and sentences.
public enum ConsortiumPlanner {
    /// Scores travel to the builder as integers (millionths) so that sums are exact and ties break the
    /// same way every time. Scores are already multiples of a millionth (`ScoreParts.score`), which is
    /// what the API shows, so a proposal's total is exactly the sum of the scores people see, and two
    /// scores that look equal are equal: the organisation ids, which everyone sees, break the tie.
    public static let scoreScale = ScoreParts.scale

    /// A score in the builder's millionths.
    public static func builderScore(_ score: Double) -> Int {
        Int((score * scoreScale).rounded())
    }

    public struct Member: Sendable, Equatable {
        public var organisationID: Int64
        public var score: Double
        public var country: String
        /// Required competences this member covers, as ids.
        public var covers: [Competence]
        /// Already in the consortium (the owner or an accepted partner).
        public var accepted: Bool
        public var lead: Bool
    }

    public struct Proposal: Sendable, Equatable {
        public var members: [Member]
        public var countries: [String]
        public var totalScore: Double
        /// Empty for a complete consortium; for a partial one, what it lacks.
        public var missingCompetences: [Competence]
        public var unmet: [String]
    }

    public struct Plan: Sendable {
        public var feasible: Bool
        /// False only when the search stopped at its safety limit; the proposals are then the best found.
        public var optimal: Bool
        public var objective: ConsortiumObjective
        public var proposals: [Proposal]
        /// Why no consortium meets the rules, one sentence each; empty when feasible.
        public var reasons: [String]
        public var candidates: Int
        public var nodes: Int
    }

    /// Builds the `k` best consortia for `search` under `constraints`. `candidates` are the matching
    /// engine's scores over every published organisation (members included and flagged).
    public static func plan(
        search: PartnerSearch, constraints: ConsortiumConstraints, candidates: [ScoredCandidate],
        objective: ConsortiumObjective, k: Int, reference: ReferenceData,
        regionCategoriesLoaded: Bool, language: Language = Languages.english
    ) -> Plan {
        var countryIndex: [String: UInt16] = [:]
        var countryCodes: [String] = []
        func index(of country: String) -> UInt16 {
            if let i = countryIndex[country] { return i }
            let i = UInt16(countryCodes.count)
            countryIndex[country] = i
            countryCodes.append(country)
            return i
        }
        let allowed = Set(constraints.allowedCountries)
        let types = Set(constraints.types)
        var reasons: [String] = []
        var pool: [ConsortiumCandidate] = []
        var byID: [Int64: ScoredCandidate] = [:]
        pool.reserveCapacity(candidates.count)
        for candidate in candidates {
            if candidate.isMember {
                if !allowed.isEmpty && !allowed.contains(candidate.country) {
                    let who = candidate.organisationID == search.ownerID ? Words.ownerOutside : Words.memberOutside
                    reasons.append(who(in: language, ["country": countryName(candidate.country, reference, language)]))
                }
            } else {
                if !allowed.isEmpty && !allowed.contains(candidate.country) { continue }
                if !types.isEmpty && !types.contains(candidate.type) { continue }
            }
            byID[candidate.organisationID] = candidate
            pool.append(
                ConsortiumCandidate(
                    id: candidate.organisationID, score: builderScore(candidate.score),
                    covers: candidate.coversMask, country: index(of: candidate.country),
                    lessDeveloped: candidate.lessDeveloped, fixed: candidate.isMember))
        }
        var problem = ConsortiumProblem(
            competenceCount: search.competences.count, candidates: pool,
            minMembers: constraints.minMembers, maxMembers: constraints.maxMembers,
            minCountries: constraints.minCountries, needLessDeveloped: constraints.needLessDeveloped,
            objective: objective, k: max(1, min(k, 20)))
        problem.nodeLimit = 5_000_000
        let result = ConsortiumBuilder.build(problem)
        let feasible = result.feasible && reasons.isEmpty
        if !result.feasible {
            reasons += result.infeasibility.map {
                sentence(
                    $0, search: search, constraints: constraints, reference: reference,
                    regionCategoriesLoaded: regionCategoriesLoaded, language: language)
            }
        }
        let proposals = result.proposals.map { proposal -> Proposal in
            let members = proposal.members.compactMap { id -> Member? in
                guard let candidate = byID[id] else { return nil }
                return Member(
                    organisationID: id, score: Double(builderScore(candidate.score)) / scoreScale, country: candidate.country,
                    covers: competences(candidate.coversMask, search.competences),
                    accepted: candidate.isMember, lead: id == search.ownerID)
            }
            // The lead first, then the accepted partners, then the proposed ones (each best first).
            let ordered = members.enumerated().sorted { a, b in
                let ra = a.element.lead ? 0 : (a.element.accepted ? 1 : 2), rb = b.element.lead ? 0 : (b.element.accepted ? 1 : 2)
                return ra != rb ? ra < rb : a.offset < b.offset
            }.map(\.element)
            return Proposal(
                members: ordered, countries: proposal.countries.map { countryCodes[Int($0)] }.sorted(),
                totalScore: Double(proposal.totalScore) / scoreScale,
                missingCompetences: proposal.missingCompetences.map { search.competences[$0] },
                unmet: proposal.unmet.map { unmetSentence($0, constraints, language) } + outsideAllowed(members, allowed, search, reference, language))
        }
        return Plan(
            feasible: feasible, optimal: result.optimal, objective: objective, proposals: proposals,
            reasons: reasons, candidates: pool.count, nodes: result.nodes)
    }

    /// The owner and accepted partners are in every proposal even when their country is not allowed (the
    /// builder never leaves them out), so such a proposal names that unmet rule too.
    static func outsideAllowed(
        _ members: [Member], _ allowed: Set<String>, _ search: PartnerSearch, _ reference: ReferenceData, _ language: Language
    ) -> [String] {
        guard !allowed.isEmpty else { return [] }
        let outside = members.filter { !allowed.contains($0.country) }
        guard !outside.isEmpty else { return [] }
        let who = outside.map {
            ($0.organisationID == search.ownerID ? Words.owner : Words.acceptedMember)(in: language, ["country": countryName($0.country, reference, language)])
        }
        return [Words.outsideAllowed(in: language, count: outside.count, ["who": who.joined(separator: ", ")])]
    }

    static func competences(_ mask: UInt64, _ all: [Competence]) -> [Competence] {
        all.indices.filter { $0 < 64 && mask & (1 << UInt64($0)) != 0 }.map { all[$0] }
    }

    static func countryName(_ code: String, _ reference: ReferenceData, _ language: Language) -> String {
        reference.country(code).map { language.text($0.name, context: "country") } ?? code
    }

    static func unmetSentence(_ constraint: ConsortiumConstraint, _ c: ConsortiumConstraints, _ language: Language) -> String {
        switch constraint {
        case .coverage: Words.notCovering(in: language)
        case .minMembers: Words.fewerMembers(in: language, count: c.minMembers)
        case .maxMembers: Words.moreMembers(in: language, count: c.maxMembers)
        case .minCountries: Words.fewerCountries(in: language, count: c.minCountries)
        case .lessDeveloped: Words.noLessDeveloped(in: language)
        }
    }

    /// One reason in words a team can act on.
    static func sentence(
        _ reason: ConsortiumInfeasibility, search: PartnerSearch, constraints: ConsortiumConstraints,
        reference: ReferenceData, regionCategoriesLoaded: Bool, language: Language
    ) -> String {
        switch reason {
        case .minAboveMax(let min, let max):
            return Words.minAboveMax(in: language, count: max, ["min": String(min)])
        case .tooManyFixedMembers(let fixed, let max):
            return Words.tooManyFixed(in: language, count: fixed, ["max": String(max)])
        case .uncoverable(let indices):
            let names = indices.map { "\(search.competences[$0]) (\(search.competences[$0].label(reference, in: language)))" }
            return Words.uncoverable(in: language, ["competences": names.joined(separator: ", ")])
        case .tooFewCandidates(let available, let min):
            return Words.tooFewCandidates(in: language, count: available, ["min": String(min)])
        case .tooFewCountries(let available, let required):
            return Words.tooFewCountries(in: language, count: available, ["required": String(required)])
        case .countriesExceedMaxMembers(let required, let max):
            return Words.countriesExceedMax(in: language, count: max, ["required": String(required)])
        case .noLessDevelopedCandidate:
            return (regionCategoriesLoaded ? Words.noLessDevelopedCandidate : Words.noRegionCategories)(in: language)
        case .coverageNeedsMoreMembers(let fewest, let max):
            return Words.coverageNeedsMore(in: language, count: max, ["fewest": String(fewest)])
        case .jointlyImpossible:
            return Words.jointlyImpossible(in: language)
        }
    }

    /// The planner's sentences, each a `Sentence` under the catalogue context `builder`. They continue
    /// "No consortium meets every rule:" (reasons) or follow a proposal's countries (unmet rules).
    enum Words {
        static let ownerOutside = Sentence("the owner is in {{country}}, which is not among the allowed countries", context: "builder")
        static let memberOutside = Sentence("an accepted member is in {{country}}, which is not among the allowed countries", context: "builder")
        static let owner = Sentence("the owner ({{country}})", context: "builder")
        static let acceptedMember = Sentence("an accepted member ({{country}})", context: "builder")
        static let outsideAllowed = Sentence(
            "has a member outside the allowed countries: {{who}}", plural: "has members outside the allowed countries: {{who}}", context: "builder")
        static let notCovering = Sentence("does not cover every required competence", context: "builder")
        static let fewerMembers = Sentence("has fewer than {{count}} member", plural: "has fewer than {{count}} members", context: "builder")
        static let moreMembers = Sentence("has more than {{count}} member", plural: "has more than {{count}} members", context: "builder")
        static let fewerCountries = Sentence("has fewer than {{count}} country", plural: "has fewer than {{count}} countries", context: "builder")
        static let noLessDeveloped = Sentence("has no member from a less developed or transition region", context: "builder")
        static let minAboveMax = Sentence(
            "at least {{min}} members are wanted but at most {{count}} is allowed",
            plural: "at least {{min}} members are wanted but at most {{count}} are allowed",
            context: "builder")
        static let tooManyFixed = Sentence(
            "the consortium already has {{count}} member, more than the maximum of {{max}}",
            plural: "the consortium already has {{count}} members, more than the maximum of {{max}}", context: "builder")
        static let uncoverable = Sentence("no eligible published organisation covers {{competences}}", context: "builder")
        static let tooFewCandidates = Sentence(
            "only {{count}} eligible organisation exists, fewer than the {{min}} members wanted",
            plural: "only {{count}} eligible organisations exist, fewer than the {{min}} members wanted", context: "builder")
        static let tooFewCountries = Sentence(
            "eligible organisations come from only {{count}} country; {{required}} are required",
            plural: "eligible organisations come from only {{count}} countries; {{required}} are required", context: "builder")
        static let countriesExceedMax = Sentence(
            "{{required}} countries need at least {{required}} members, and at most {{count}} is allowed",
            plural: "{{required}} countries need at least {{required}} members, and at most {{count}} are allowed", context: "builder")
        static let noLessDevelopedCandidate = Sentence(
            "a member from a less developed or transition region is required, but no eligible organisation is in such a region", context: "builder")
        static let noRegionCategories = Sentence(
            "a member from a less developed or transition region is required, but no region categories are loaded yet (platform administrators load them at /admin/region-categories)",
            context: "builder")
        static let coverageNeedsMore = Sentence(
            "covering every required competence takes at least {{fewest}} members, and at most {{count}} is allowed",
            plural: "covering every required competence takes at least {{fewest}} members, and at most {{count}} are allowed", context: "builder")
        static let jointlyImpossible = Sentence("each rule can be met on its own, but no consortium meets them all at once", context: "builder")
    }
}

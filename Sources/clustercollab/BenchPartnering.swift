import ArgumentParser
import ClusterCollabCore
import ClusterCollabMatching
import Foundation

/// `clustercollab bench partnering`: recommendation and consortium-builder timings of docs/performance.md,
/// on demo organisations in memory (no database: both run on the in-process matching index).
struct BenchPartnering: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partnering",
        abstract: "Time recommendations over COUNT organisations and the exact consortium builder; prints figures.")

    @Option(help: "How many organisations for the recommendation timings.") var count = 100_000
    @Option(help: "Timed repetitions per measurement.") var iterations = 50

    func run() async throws {
        let reference = ReferenceData.shipped
        print("ClusterCollab partnering benchmark, \(ProcessInfo.processInfo.activeProcessorCount) cores")
        let all = DemoOrganisations.generate(count: count, now: Date(), reference: reference).filter { $0.status == .published }
            .enumerated().map { offset, organisation -> Organisation in
                var o = organisation
                o.id = Int64(offset + 1)
                return o
            }
        let clock = ContinuousClock.now
        let index = MatchingIndex(reference: reference)
        index.load(all)
        print(
            BenchDirectory.pad("load the matching index (\(all.count) published)") + String(format: "%10.1f ms", BenchDirectory.ms(ContinuousClock.now - clock))
        )
        print(BenchDirectory.pad("resident memory after loading") + String(format: "%8.1f MB", BenchDirectory.residentMegabytes()))
        index.setRegionCategories(Self.demoCategories(all, reference))

        let owner = all.first { $0.name == DemoOrganisations.droneClusterName } ?? all[0]
        let members = Array(all.filter { $0.country != owner.country && $0.tags.contains { $0.lowercased().contains("drone") } }.prefix(2).map(\.id))
        let profile = Self.profile(owner: owner.id, members: members, competences: Self.competences(10, reference))

        func timed(_ label: String, _ body: () -> Int) {
            var samples: [Double] = []
            var result = 0
            for _ in 0..<3 { result = body() }
            for _ in 0..<iterations {
                let start = ContinuousClock.now
                result = body()
                samples.append(BenchDirectory.ms(ContinuousClock.now - start))
            }
            samples.sort()
            print(
                "  " + BenchDirectory.pad(label, 58)
                    + String(
                        format: "%8.2f %8.2f %8.2f   (%d)", samples[samples.count / 2],
                        samples[min(samples.count - 1, Int(Double(samples.count) * 0.95))], samples.last!, result))
        }
        print("recommendations over \(all.count) organisations, 10 required competences (p50 / p95 / max ms, result size):")
        timed("first page (20)") { index.recommend(profile, offset: 0, limit: 20).items.count }
        timed("page 50 of 20") { index.recommend(profile, offset: 980, limit: 20).items.count }
        timed("per_page 1000") { index.recommend(profile, offset: 0, limit: 1_000).items.count }
        timed("every candidate scored (the builder's input)") { index.scoreAll(profile).count }
        timed("partner searches for one organisation (100 open searches)") {
            let searches = (0..<100).map { i in
                Self.profile(owner: all[(i * 997) % all.count].id, members: [], competences: Self.competences(5 + i % 6, reference, shift: i))
            }
            return index.recommendSearches(for: all[all.count / 2].id, among: searches, limit: 10).count
        }

        print("consortium builder on synthetic instances (ConsortiumBuilder.syntheticProblem, 20 seeds; p50 / p95 / max ms, search nodes of the last run):")
        for candidates in [1_000, 10_000, 100_000] {
            for r in [5, 10, 15, 20] {
                for objective in [ConsortiumObjective.best, .fewest] {
                    // Generated before timing: the figures are the builder's alone.
                    let problems = (0..<UInt64(20)).map {
                        ConsortiumBuilder.syntheticProblem(candidates: candidates, competences: r, seed: $0, objective: objective)
                    }
                    var next = 0
                    var optimal = true
                    timed("\(candidates) candidates, \(r) competences, \(objective.rawValue)") {
                        let result = ConsortiumBuilder.build(problems[next % problems.count])
                        next += 1
                        optimal = optimal && result.optimal
                        return result.nodes
                    }
                    if !optimal { print("    (a run stopped at the node limit)") }
                }
            }
        }

        print(
            "consortium builder on the demo organisations' scores, min 3 countries, 3 to 8 members, k = 3 (p50 / p95 / max ms, candidates after type filter):")
        for candidates in [1_000, 10_000, 100_000] where candidates <= all.count {
            let subset = MatchingIndex(reference: reference)
            var chosen = Array(all.prefix(candidates))
            if !chosen.contains(where: { $0.id == owner.id }) { chosen[0] = owner }
            for member in members where !chosen.contains(where: { $0.id == member }) {
                if let m = all.first(where: { $0.id == member }) { chosen.append(m) }
            }
            subset.load(chosen)
            subset.setRegionCategories(Self.demoCategories(all, reference))
            for r in [5, 10, 15, 20] {
                var search = PartnerSearch(
                    ownerID: owner.id, title: "Benchmark consortium", kind: .projectConsortium,
                    description: "Drones, robotics and predictive maintenance for industrial modernisation.",
                    competences: Self.competences(r, reference), minCountries: 3, minMembers: 3, maxMembers: 8)
                search.id = 1
                let scored = subset.scoreAll(search.profile(memberIDs: [owner.id] + members))
                for objective in [ConsortiumObjective.best, .fewest] {
                    var feasible = false
                    timed("\(candidates) candidates, \(r) competences, \(objective.rawValue)") {
                        let plan = ConsortiumPlanner.plan(
                            search: search, constraints: .of(search), candidates: scored, objective: objective, k: 3,
                            reference: reference, regionCategoriesLoaded: true)
                        feasible = plan.feasible
                        return plan.candidates
                    }
                    if !feasible { print("    (infeasible: the figures are for proving that)") }
                }
            }
        }
    }

    static func profile(owner: Int64, members: [Int64], competences: [Competence]) -> PartnerSearchProfile {
        PartnerSearch(
            ownerID: owner, title: "Smart specialisation partnership on drones for industrial modernisation", kind: .projectConsortium,
            description:
                "Cluster organisations bringing drone and UAV users in manufacturing and energy-intensive industries, artificial intelligence for aerial inspection and predictive maintenance, robotics, and a partner from a less developed region.",
            competences: competences, minCountries: 3, minMembers: 3, maxMembers: 8, needLessDeveloped: false
        )
        .profile(memberIDs: [owner] + members)
    }

    /// `n` required competences of every kind, as a real search would mix them.
    static func competences(_ n: Int, _ reference: ReferenceData, shift: Int = 0) -> [Competence] {
        let keywords = [
            "drone", "robotics", "predictive maintenance", "inspection", "battery", "hydrogen", "photonics", "textile", "recycling", "cybersecurity",
        ]
        var pool: [Competence] = []
        for i in 0..<12 {
            pool.append(.ecosystem(reference.ecosystems[(i * 5 + shift) % reference.ecosystems.count].id.int))
            pool.append(.technology(reference.technologies[(i * 7 + shift) % reference.technologies.count].id))
            pool.append(.sector(reference.sectors[(i * 11 + shift) % reference.sectors.count].id.int))
            pool.append(.keyword(keywords[(i + shift) % keywords.count]))
        }
        var unique: [Competence] = []
        for c in pool where !unique.contains(c) { unique.append(c) }
        return Array(unique.prefix(n))
    }

    /// Benchmark values only, like the demo's: regions of eastern and southern member states.
    static func demoCategories(_ organisations: [Organisation], _ reference: ReferenceData) -> [String: RegionCategory] {
        var table: [String: RegionCategory] = [:]
        for o in organisations {
            guard let region = o.region, region.count >= 4, let r = reference.region(String(region.prefix(4))), r.level == 2 else { continue }
            if ["BG", "RO", "PL", "HU", "HR", "EL", "SK"].contains(r.country) {
                table[r.code] = .lessDeveloped
            } else if ["PT", "ES", "IT", "CZ"].contains(r.country) {
                table[r.code] = .transition
            }
        }
        return table
    }
}

private extension String {
    var int: Int { Int(self) ?? 0 }
}

import ArgumentParser
import ClusterCollabCore
import ClusterCollabMatching
import Foundation

/// `clustercollab bench ranking`: the labelled ranking benchmark of docs/matching.md. Directories with
/// planted partners (`RankingBenchmark`), one per seed; prints how well the recommendations find them.
struct BenchRanking: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ranking",
        abstract: "Measure how well recommendations find planted partners; prints recall and rank figures.",
        discussion:
            "For each seed, builds a directory of ORGANISATIONS demo organisations with SCENARIOS partner searches whose true partners are planted among them (see docs/matching.md), ranks every candidate of every search and prints recall@10 (all true partners in the top 10), the mean share of true partners in the top 10 and top 3, and the mean reciprocal rank of the best-placed one."
    )

    @Option(help: "Seeds, comma-separated; one directory each.") var seeds = "1,2,3,4"
    @Option(help: "Partner searches per directory (at most 30).") var scenarios = 25
    @Option(help: "Background organisations per directory.") var organisations = 2_000
    @Flag(help: "Print every scenario's ranks.") var verbose = false
    @Option(help: "Explain one search: SEED:SEARCH prints its top 10 and its true partners with their score parts.") var explain: String?

    func run() async throws {
        let reference = ReferenceData.shipped
        let seedList = seeds.split(separator: ",").compactMap { UInt64($0.trimmingCharacters(in: .whitespaces)) }
        guard !seedList.isEmpty else { throw ValidationError("--seeds needs at least one number") }
        var explained: (seed: UInt64, search: Int64)?
        if let explain {
            let parts = explain.split(separator: ":")
            guard parts.count == 2, let seed = UInt64(parts[0]), let search = Int64(parts[1]), seedList.contains(seed),
                (1...Int64(min(scenarios, 30))).contains(search)
            else {
                throw ValidationError("--explain must be SEED:SEARCH with one of the seeds and a search from 1 to \(min(scenarios, 30))")
            }
            explained = (seed, search)
        }
        print("ClusterCollab ranking benchmark: \(seedList.count) seed(s) × \(min(scenarios, 30)) scenarios, \(organisations) background organisations each")
        print(BenchDirectory.pad("seed", 12) + "  recall@10  top-10 share  top-3 share    MRR   (scenarios)")
        var all: [RankingBenchmark.Outcome] = []
        for seed in seedList {
            let directory = RankingBenchmark.directory(seed: seed, organisations: organisations, scenarios: scenarios, reference: reference)
            let index = MatchingIndex(reference: reference)
            index.load(directory.organisations)
            let outcomes = RankingBenchmark.evaluate(directory, index: index)
            if let explained, explained.seed == seed,
                let scenario = directory.scenarios.first(where: { $0.profile.id == explained.search })
            {
                Self.explain(scenario, index: index, directory: directory)
            }
            all += outcomes
            print(Self.row("\(seed)", RankingBenchmark.Figures(outcomes)))
            if verbose {
                for o in outcomes {
                    let ranks = o.ranks.map { $0 == .max ? "-" : String($0) }.joined(separator: ",")
                    print(
                        "    search \(o.scenario.profile.id): ranks \(ranks); rare \(o.scenario.rare.map(\.description).joined(separator: " ")); common \(o.scenario.common.map(\.description).joined(separator: " "))"
                    )
                }
            }
        }
        print(Self.row("all", RankingBenchmark.Figures(all)))
    }

    static func explain(_ scenario: RankingBenchmark.Scenario, index: MatchingIndex, directory: RankingBenchmark.Directory) {
        let all = index.recommend(scenario.profile, offset: 0, limit: 100_000).items
        let names = Dictionary(uniqueKeysWithValues: directory.organisations.map { ($0.id, $0.name) })
        print("  search \(scenario.profile.id): \(scenario.profile.text)")
        print("  required: \(scenario.profile.required.map(\.description).joined(separator: " ")); true partners: \(scenario.truePartners)")
        for (i, r) in all.enumerated() where i < 10 || scenario.truePartners.contains(r.organisationID) {
            let p = r.parts
            print(
                String(
                    format: "  %4d %@ %6d %.4f  cov %.3f comp %.3f geo %.2f s3 %.3f text %.3f type %.0f  %@", i + 1,
                    scenario.truePartners.contains(r.organisationID) ? "*" : " ", r.organisationID, r.score, p.coverage,
                    p.complementarity, p.geography, p.s3, p.text, p.type, names[r.organisationID] ?? ""))
            print("         " + r.reasons.joined(separator: " "))
        }
    }

    static func row(_ label: String, _ f: RankingBenchmark.Figures) -> String {
        BenchDirectory.pad(label, 12)
            + String(
                format: "  %9.3f  %12.3f  %11.3f  %6.3f   (%d)", f.recallAt10, f.meanFractionTop10,
                f.meanFractionTop3, f.meanReciprocalRank, f.scenarios)
    }
}

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
        discussion: "For each seed, builds a directory of ORGANISATIONS demo organisations with SCENARIOS partner searches whose true partners are planted among them (see docs/matching.md), ranks every candidate of every search and prints recall@10 (all true partners in the top 10), the mean share of true partners in the top 10 and top 3, and the mean reciprocal rank of the best-placed one.")

    @Option(help: "Seeds, comma-separated; one directory each.") var seeds = "1,2,3,4"
    @Option(help: "Partner searches per directory (at most 30).") var scenarios = 25
    @Option(help: "Background organisations per directory.") var organisations = 2_000
    @Flag(help: "Print every scenario's ranks.") var verbose = false

    func run() async throws {
        let reference = ReferenceData.shipped
        let seedList = seeds.split(separator: ",").compactMap { UInt64($0.trimmingCharacters(in: .whitespaces)) }
        guard !seedList.isEmpty else { throw ValidationError("--seeds needs at least one number") }
        print("ClusterCollab ranking benchmark: \(seedList.count) seed(s) × \(min(scenarios, 30)) scenarios, \(organisations) background organisations each")
        print(BenchDirectory.pad("seed", 12) + "  recall@10  top-10 share  top-3 share    MRR   (scenarios)")
        var all: [RankingBenchmark.Outcome] = []
        for seed in seedList {
            let directory = RankingBenchmark.directory(seed: seed, organisations: organisations, scenarios: scenarios, reference: reference)
            let outcomes = RankingBenchmark.run(directory, reference: reference)
            all += outcomes
            print(Self.row("\(seed)", RankingBenchmark.Figures(outcomes)))
            if verbose {
                for o in outcomes {
                    let ranks = o.ranks.map { $0 == .max ? "-" : String($0) }.joined(separator: ",")
                    print("    search \(o.scenario.profile.id): ranks \(ranks); rare \(o.scenario.rare.map(\.description).joined(separator: " ")); common \(o.scenario.common.map(\.description).joined(separator: " "))")
                }
            }
        }
        print(Self.row("all", RankingBenchmark.Figures(all)))
    }

    static func row(_ label: String, _ f: RankingBenchmark.Figures) -> String {
        BenchDirectory.pad(label, 12) + String(format: "  %9.3f  %12.3f  %11.3f  %6.3f   (%d)", f.recallAt10, f.meanFractionTop10,
                                              f.meanFractionTop3, f.meanReciprocalRank, f.scenarios)
    }
}

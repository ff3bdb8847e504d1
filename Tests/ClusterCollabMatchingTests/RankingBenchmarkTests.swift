import ClusterCollabCore
import ClusterCollabMatching
import Foundation
import Testing

/// The labelled ranking benchmark (`RankingBenchmark`, `clustercollab bench ranking`): its directories are
/// what they claim to be, and the recommendations find the planted partners at least as well as
/// docs/matching.md records.
@Suite("Ranking benchmark: planted partners are found")
struct RankingBenchmarkTests {
    static let reference = ReferenceData.shipped
    /// Two of the benchmark's seeds at its full size (the bench's default runs four).
    static let directories = [1, 2].map { RankingBenchmark.directory(seed: UInt64($0), reference: reference) }

    @Test("each scenario's planted partners together cover every required competence; rare ones are theirs alone")
    func directoriesAreLabelled() {
        for directory in Self.directories {
            let index = MatchingIndex(reference: Self.reference)
            index.load(directory.organisations)
            #expect(directory.scenarios.count == 25)
            let byID = Dictionary(uniqueKeysWithValues: directory.organisations.map { ($0.id, $0) })
            let planted = Set(directory.scenarios.flatMap(\.truePartners))
            for scenario in directory.scenarios {
                #expect((2...3).contains(scenario.truePartners.count))
                #expect((2...4).contains(scenario.rare.count))
                #expect((1...3).contains(scenario.common.count))
                var covered = Set<Competence>()
                for id in scenario.truePartners {
                    #expect(byID[id]?.status == .published)
                    let brings = index.covers(id, scenario.profile.required)
                    #expect(!Set(brings).isDisjoint(with: scenario.rare), "every partner brings a rare competence")
                    covered.formUnion(brings)
                }
                #expect(covered == Set(scenario.profile.required))
                #expect(index.covers(scenario.profile.ownerID, scenario.common).isEmpty, "the owner lacks the common ones")
                // Rare: nobody but this scenario's partners brings them; common: at least 2 % of the directory.
                for c in scenario.rare {
                    let holders = directory.organisations.filter { !index.covers($0.id, [c]).isEmpty }.map(\.id)
                    #expect(Set(holders).isSubset(of: Set(scenario.truePartners)), "\(c) is held by \(holders)")
                }
                for c in scenario.common {
                    let holders = directory.organisations.filter { !planted.contains($0.id) && !index.covers($0.id, [c]).isEmpty }
                    #expect(holders.count * 50 >= index.count - planted.count, "\(c) is common")
                }
            }
        }
    }

    @Test("no background organisation of the bench's seeds uses a rare keyword")
    func rareKeywordsAreRare() {
        #expect(Set(RankingBenchmark.rareKeywords).count >= 4 * 30)
        let competences = RankingBenchmark.rareKeywords.map { Competence.keyword($0) }
        for seed in 1...4 {
            let background = DemoOrganisations.generate(count: 2_000, seed: UInt64(seed), now: Date(), reference: Self.reference)
                .enumerated().map { i, o in
                    var o = o; o.id = Int64(i + 1); o.status = .published; return o
                }
            let index = MatchingIndex(reference: Self.reference)
            index.load(background)
            for o in background {
                #expect(index.covers(o.id, competences).isEmpty, "seed \(seed): \(o.name) covers \(index.covers(o.id, competences))")
            }
        }
    }

    @Test("the same seed makes the same directory")
    func deterministic() {
        let again = RankingBenchmark.directory(seed: 1, reference: Self.reference)
        #expect(again.organisations == Self.directories[0].organisations)
        #expect(again.scenarios.map(\.profile) == Self.directories[0].scenarios.map(\.profile))
    }

    @Test("figures: recall@10, the top-10 and top-3 shares and MRR are computed as documented")
    func figures() {
        let scenario = Self.directories[0].scenarios[0]
        func outcome(_ ranks: [Int]) -> RankingBenchmark.Outcome { RankingBenchmark.Outcome(scenario: scenario, ranks: ranks) }
        let f = RankingBenchmark.Figures([outcome([1, 4, 12]), outcome([2, 3]), outcome([Int.max, 5, 6, 7])])
        #expect(f.scenarios == 3)
        #expect(abs(f.recallAt10 - 1.0 / 3) < 1e-12)
        #expect(abs(f.meanFractionTop10 - (2.0 / 3 + 1 + 3.0 / 4) / 3) < 1e-12)
        #expect(abs(f.meanFractionTop3 - (1.0 / 3 + 1 + 0) / 3) < 1e-12)
        #expect(abs(f.meanReciprocalRank - (1 + 0.5 + 0.2) / 3) < 1e-12)
    }

    @Test("the ranking keeps the floor docs/matching.md records")
    func floor() {
        let outcomes = Self.directories.flatMap { RankingBenchmark.run($0, reference: Self.reference) }
        let f = RankingBenchmark.Figures(outcomes)
        #expect(f.scenarios == 50)
        #expect(f.recallAt10 >= RankingBenchmarkTests.floorRecallAt10, "\(f)")
        #expect(f.meanFractionTop3 >= RankingBenchmarkTests.floorTop3, "\(f)")
        #expect(f.meanFractionTop10 >= RankingBenchmarkTests.floorTop10, "\(f)")
        #expect(f.meanReciprocalRank >= RankingBenchmarkTests.floorMRR, "\(f)")
    }

    // Seeds 1 and 2 measured 0.38 / 0.52 / 0.67 / 0.88 with the score before this benchmark, and
    // 0.98 / 0.97 / 0.99 / 1.00 with the scarcity-weighted score (docs/matching.md). Recall@10 keeps the
    // issue's goal of 95 %; the others sit a little under what is measured.
    static let floorRecallAt10 = 0.95
    static let floorTop3 = 0.9
    static let floorTop10 = 0.95
    static let floorMRR = 0.95
}

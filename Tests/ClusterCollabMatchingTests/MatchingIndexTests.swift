import ClusterCollabCore
import ClusterCollabMatching
import Foundation
import Testing

@Suite("Matching index")
struct MatchingIndexTests {
    typealias F = MatchingFixtures

    @Test("region category of the NUTS 2 region: a level-3 code counts in its parent, level 1 and free text in none")
    func regionCategory() {
        let index = F.index([
            F.org(1, country: "FR", region: "FR101"),
            F.org(2, country: "FR", region: "FR10"),
            F.org(3, country: "FR", region: "FR1"),
            F.org(4, country: "UA", region: "Kyiv region"),
            F.org(5, country: "PL", region: "PL811"),
            F.org(6, country: "DE"),
        ])
        #expect(index.regionCategory(of: 1) == nil)
        index.setRegionCategories(["FR10": .moreDeveloped, "pl81": .lessDeveloped])
        #expect(index.regionCategory(of: 1) == .moreDeveloped)
        #expect(index.regionCategory(of: 2) == .moreDeveloped)
        #expect(index.regionCategory(of: 3) == nil)
        #expect(index.regionCategory(of: 4) == nil)
        #expect(index.regionCategory(of: 5) == .lessDeveloped)
        #expect(index.regionCategory(of: 6) == nil)
        #expect(index.regionCategory(of: 42) == nil)
        // Replaces all earlier categories.
        index.setRegionCategories(["PL81": .transition])
        #expect(index.regionCategory(of: 1) == nil)
        #expect(index.regionCategory(of: 5) == .transition)
        // Kept across a reload, and applied to organisations added later.
        index.load([F.org(5, country: "PL", region: "PL811")])
        #expect(index.regionCategory(of: 5) == .transition)
        index.upsert(F.org(7, country: "PL", region: "PL81"))
        #expect(index.regionCategory(of: 7) == .transition)
        #expect(RegionCategory.allCases.map(\.rawValue) == ["less-developed", "transition", "more-developed"])
        #expect(RegionCategory.lessDeveloped.label == "Less developed region")
    }

    @Test("load keeps published organisations only; with duplicate ids the last wins")
    func load() {
        let index = F.index([
            F.org(1, sectors: [1]),
            F.org(2, status: .draft),
            F.org(3, status: .needsReview),
            F.org(1, sectors: [4]),
        ])
        #expect(index.count == 1)
        #expect(index.covers(1, [.sector(1), .sector(4)]) == [.sector(4)])
        #expect(index.covers(2, [.sector(1)]) == [])
        index.load([])
        #expect(index.count == 0)
        #expect(index.recommend(PartnerSearchProfile(ownerID: 1), offset: 0, limit: 10) == RecommendationPage(items: [], total: 0))
    }

    @Test("a bulk load in batches gives the same index as one load; writes during it wait and then apply")
    func bulkLoad() {
        let index = MatchingIndex(reference: F.reference)
        index.load([F.org(99, sectors: [4])])
        let bulk = index.bulkLoad()
        for start in stride(from: 0, to: F.demo.count, by: 700) {
            bulk.add(Array(F.demo[start..<min(start + 700, F.demo.count)]))
        }
        // The previous contents answer until the load is finished.
        #expect(index.count == 1)
        let writer = DispatchGroup()
        DispatchQueue.global().async(group: writer) { index.upsert(F.org(100_000, country: "PL", sectors: [4])) }
        Thread.sleep(forTimeInterval: 0.05)
        #expect(index.count == 1)
        bulk.finish()
        bulk.finish()
        writer.wait()
        #expect(index.count == F.demoPublishedIDs.count + 1)
        #expect(index.covers(99, [.sector(4)]) == [])

        index.remove(id: 100_000)
        index.setRegionCategories(F.demoCategories)
        let a = index.recommend(F.demoProfile, offset: 0, limit: 200)
        let b = F.sharedDemoIndex.recommend(F.demoProfile, offset: 0, limit: 200)
        #expect(a == b)
    }

    @Test("hasRegionCategories tells whether any category is loaded")
    func hasRegionCategories() {
        let index = F.index([F.org(1, country: "PL", region: "PL811")])
        #expect(!index.hasRegionCategories)
        index.setRegionCategories(["PL81": .lessDeveloped])
        #expect(index.hasRegionCategories)
        index.setRegionCategories([:])
        #expect(!index.hasRegionCategories)
    }

    @Test("upsert and remove are reflected at once")
    func upsertRemove() {
        let index = F.index([F.org(1, sectors: [1]), F.org(2, sectors: [4])])
        let profile = PartnerSearchProfile(ownerID: 1, required: [.sector(4), .keyword("hydrogen")])
        func ids() -> [Int64] { index.recommend(profile, offset: 0, limit: 10).items.map(\.organisationID) }
        #expect(ids() == [2])

        index.upsert(F.org(3, description: "Green hydrogen valleys", sectors: [4]))
        #expect(index.count == 3)
        #expect(ids() == [3, 2])
        #expect(index.covers(3, profile.required) == profile.required)

        // An edit replaces the earlier version.
        index.upsert(F.org(3, description: "Batteries"))
        #expect(index.count == 3)
        #expect(index.covers(3, profile.required) == [])
        #expect(ids() == [2, 3])

        index.remove(id: 2)
        #expect(index.count == 2)
        #expect(ids() == [3])
        index.remove(id: 2)
        #expect(index.count == 2)

        // A profile that is no longer published leaves the index.
        index.upsert(F.org(3, status: .changesRequested))
        #expect(index.count == 1)
        #expect(ids() == [])
    }

    @Test("after many writes (and the periodic rebuild) the rankings are those of a fresh load")
    func rebuild() {
        let index = F.demoIndex()
        let profile = F.demoProfile
        let published = F.demo.filter { $0.status == .published }
        // Remove 50, re-add them, and upsert 100 others unchanged: more writes than the rebuild threshold.
        let moved = published[200..<250]
        for o in moved { index.remove(id: o.id) }
        #expect(index.count == published.count - 50)
        for o in moved { index.upsert(o) }
        for o in published[1_000..<1_100] { index.upsert(o) }
        #expect(index.count == published.count)
        let fresh = F.sharedDemoIndex
        let a = index.recommend(profile, offset: 0, limit: 300)
        let b = fresh.recommend(profile, offset: 0, limit: 300)
        #expect(a.total == b.total)
        #expect(a.items.map(\.organisationID) == b.items.map(\.organisationID))
        #expect(a.items.map(\.score) == b.items.map(\.score))
    }

    @Test("concurrent readers and a writer: no crash, consistent pages, final state as written")
    func concurrency() async {
        let index = F.demoIndex()
        let profile = F.demoProfile
        let published = F.demo.filter { $0.status == .published }
        let extra = published[300..<360]
        await withTaskGroup(of: Bool.self) { group in
            for reader in 0..<4 {
                group.addTask {
                    var ok = true
                    for i in 0..<15 {
                        let page = index.recommend(profile, offset: (reader + i) % 3 * 10, limit: 10)
                        ok =
                            ok && page.items.count == 10
                            && RecommendationRankingTests.isOrdered(page.items.map { ($0.score, $0.organisationID) })
                        ok = ok && index.scoreAll(profile).count >= published.count - extra.count
                    }
                    return ok
                }
            }
            group.addTask {
                for o in extra { index.remove(id: o.id) }
                for o in extra.prefix(30) { index.upsert(o) }
                index.setRegionCategories([:])
                return true
            }
            for await ok in group { #expect(ok) }
        }
        #expect(index.count == published.count - 30)
        #expect(index.regionCategory(of: published[0].id) == nil)
    }
}

import ClusterCollabCore
import ClusterCollabMatching
import Foundation
import Testing

@Suite("Recommendation ranking, paging and the consortium builder's pass")
struct RecommendationRankingTests {
    typealias F = MatchingFixtures

    static func isOrdered(_ items: [(score: Double, id: Int64)]) -> Bool {
        zip(items, items.dropFirst()).allSatisfy { a, b in a.score > b.score || (a.score == b.score && a.id < b.id) }
    }

    @Test("best first, ties by id; every page is the slice of the full ranking")
    func paging() {
        let index = F.sharedDemoIndex
        let profile = F.demoProfile
        let full = index.recommend(profile, offset: 0, limit: 100_000)
        #expect(full.items.count == full.total)
        #expect(Self.isOrdered(full.items.map { ($0.score, $0.organisationID) }))
        #expect(Set(full.items.map(\.organisationID)).count == full.total)
        for (offset, limit) in [(0, 20), (20, 20), (137, 50), (0, 1), (1_000, 700), (full.total - 5, 20)] {
            let page = index.recommend(profile, offset: offset, limit: limit)
            #expect(page.total == full.total)
            let expected = full.items[offset..<min(offset + limit, full.total)]
            #expect(page.items.map(\.organisationID) == expected.map(\.organisationID))
            #expect(page.items.map(\.score) == expected.map(\.score))
            #expect(page.items.map(\.parts) == expected.map(\.parts))
        }
        #expect(index.recommend(profile, offset: full.total, limit: 20).items.isEmpty)
        #expect(index.recommend(profile, offset: 0, limit: 0).items.isEmpty)
        #expect(index.recommend(profile, offset: 3, limit: Int.max).items.count == full.total - 3)
    }

    @Test("equal scores are ordered by id")
    func ties() {
        let index = F.index([F.org(1)] + (2...9).reversed().map { F.org($0, country: "DE", sectors: [4]) })
        let page = index.recommend(PartnerSearchProfile(ownerID: 1, required: [.sector(4)]), offset: 0, limit: 10)
        #expect(page.items.map(\.organisationID) == Array(2...9))
        #expect(Set(page.items.map(\.score)).count == 1)
    }

    @Test("the owner and accepted members are never recommended")
    func memberExclusion() {
        let index = F.sharedDemoIndex
        let profile = F.demoProfile
        let full = index.recommend(profile, offset: 0, limit: 100_000)
        let ids = Set(full.items.map(\.organisationID))
        #expect(full.total == index.count - 3)
        for id in profile.consortiumIDs { #expect(!ids.contains(id)) }
        // An id that is not indexed changes nothing.
        var withStranger = profile
        withStranger.memberIDs.append(999_999)
        #expect(index.recommend(withStranger, offset: 0, limit: 1).total == full.total)
    }

    @Test("scoreAll: every organisation once, members flagged, masks and scores as recommend gives them")
    func scoreAll() throws {
        let index = F.sharedDemoIndex
        let profile = F.demoProfile
        let all = index.scoreAll(profile)
        #expect(all.count == index.count)
        #expect(Self.isOrdered(all.map { ($0.score, $0.organisationID) }))
        #expect(Set(all.filter(\.isMember).map(\.organisationID)) == Set(profile.consortiumIDs))
        let byID = Dictionary(uniqueKeysWithValues: all.map { ($0.organisationID, $0) })
        let full = index.recommend(profile, offset: 0, limit: 100_000)
        for r in full.items {
            let c = try #require(byID[r.organisationID])
            #expect(c.score == r.score)
            let mask = profile.required.indices.reduce(UInt64(0)) { r.covers.contains(profile.required[$1]) ? $0 | 1 << UInt64($1) : $0 }
            #expect(c.coversMask == mask)
        }
        // Masks agree with covers() and the other fields with the organisation.
        let demo = Dictionary(uniqueKeysWithValues: F.demo.map { ($0.id, $0) })
        for c in all.prefix(200) + all.suffix(50) {
            let covered = index.covers(c.organisationID, profile.required)
            let mask = profile.required.indices.reduce(UInt64(0)) { covered.contains(profile.required[$1]) ? $0 | 1 << UInt64($1) : $0 }
            #expect(c.coversMask == mask)
            #expect(c.country == demo[c.organisationID]?.country)
            #expect(c.type == demo[c.organisationID]?.type)
            let category = index.regionCategory(of: c.organisationID)
            #expect(c.lessDeveloped == (category == .lessDeveloped || category == .transition))
        }
        #expect(all.contains { $0.coversMask != 0 && $0.coversMask != (1 << 6) - 1 })

        // A member is scored against the consortium without itself: as if it were not a member.
        for member in profile.memberIDs {
            var without = profile
            without.memberIDs.removeAll { $0 == member }
            let scored = try #require(index.recommend(without, offset: 0, limit: 100_000).items.first { $0.organisationID == member })
            #expect(byID[member]?.score == scored.score)
            #expect(
                byID[member]?.coversMask
                    == profile.required.indices.reduce(UInt64(0)) {
                        scored.covers.contains(profile.required[$1]) ? $0 | 1 << UInt64($1) : $0
                    })
        }
        // The owner likewise: the consortium is its members, the query the search text alone.
        var ownerless = profile
        ownerless.ownerID = -1
        let owner = try #require(index.recommend(ownerless, offset: 0, limit: 100_000).items.first { $0.organisationID == profile.ownerID })
        #expect(byID[profile.ownerID]?.score == owner.score)
    }

    @Test("one organisation scored alone gives the same parts as the whole ranking")
    func singleEqualsBulk() {
        let index = F.sharedDemoIndex
        let profile = F.demoProfile
        let page = index.recommend(profile, offset: 0, limit: 40)
        for r in page.items + index.recommend(profile, offset: 1_500, limit: 10).items {
            let alone = index.recommendSearches(for: r.organisationID, among: [profile], limit: 1)
            #expect(alone.first?.searchID == profile.id)
            #expect(alone.first?.recommendation == r)
        }
    }

    @Test("recommendSearches: best fitting searches first, own and joined searches left out")
    func recommendSearches() throws {
        let index = F.index([
            F.org(1, country: "FR", sectors: [1]),
            F.org(2, country: "DE", sectors: [4]),
            F.org(3, country: "PL", description: "drones and aerial inspection", sectors: [1, 23], technologies: ["KET2018-5"]),
            F.org(4, country: "IT", sectors: [30]),
        ])
        let fits = PartnerSearchProfile(
            id: 10, ownerID: 1, required: F.competences(["sector:23", "keyword:drone", "technology:KET2018-5"]),
            text: "drone inspection")
        let partly = PartnerSearchProfile(id: 11, ownerID: 2, required: F.competences(["sector:1", "sector:30", "keyword:battery"]))
        let poor = PartnerSearchProfile(
            id: 12, ownerID: 4, required: F.competences(["sector:30", "keyword:battery"]),
            soughtTypes: [.clusterProject], targetCountries: ["IT"])
        let own = PartnerSearchProfile(id: 13, ownerID: 3, required: F.competences(["sector:1"]))
        let joined = PartnerSearchProfile(id: 14, ownerID: 2, memberIDs: [3], required: F.competences(["sector:1"]))
        let result = index.recommendSearches(for: 3, among: [poor, own, partly, joined, fits], limit: 10)
        #expect(result.map(\.searchID) == [10, 11, 12])
        #expect(result[0].recommendation.covers == F.competences(["sector:23", "keyword:drone", "technology:KET2018-5"]))
        #expect(result[0].recommendation.organisationID == 3)
        let viaRecommend = try #require(index.recommend(fits, offset: 0, limit: 10).items.first { $0.organisationID == 3 })
        #expect(result[0].recommendation == viaRecommend)
        #expect(index.recommendSearches(for: 3, among: [poor, own, partly, joined, fits], limit: 2).map(\.searchID) == [10, 11])
        #expect(index.recommendSearches(for: 99, among: [fits], limit: 5).isEmpty)
        #expect(index.recommendSearches(for: 3, among: [own, joined], limit: 5).isEmpty)
    }

    @Test("the drone cluster's search puts what the consortium lacks first")
    func demoRelevance() {
        let index = F.sharedDemoIndex
        let top = index.recommend(F.demoProfile, offset: 0, limit: 10).items
        #expect(top.count == 10)
        // The consortium lacks Automotive and "additive manufacturing": the top ten bring Automotive, and a
        // drone network, closest to the search's text, comes first.
        #expect(top.allSatisfy { $0.covers.contains(.sector(4)) && $0.reasons.first?.hasPrefix("Brings 1 of the 2 competences") == true })
        #expect(top[0].covers.contains(.keyword("drone")))
        #expect(top[0].parts.text > 0.3)
        #expect(top.first!.score > index.recommend(F.demoProfile, offset: 500, limit: 1).items.first!.score)
    }
}

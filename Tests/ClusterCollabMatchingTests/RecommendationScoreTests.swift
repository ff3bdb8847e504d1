import ClusterCollabCore
import ClusterCollabMatching
import Foundation
import Testing

/// Each part of the score on tiny hand-made organisations, with the values worked out by hand.
@Suite("Recommendation score parts")
struct RecommendationScoreTests {
    typealias F = MatchingFixtures

    func recommendations(_ index: MatchingIndex, _ profile: PartnerSearchProfile) -> [Int64: Recommendation] {
        Dictionary(uniqueKeysWithValues: index.recommend(profile, offset: 0, limit: 100).items.map { ($0.organisationID, $0) })
    }

    @Test("coverage: scarcity-weighted share of the competences the consortium lacks; of all when it lacks none; 0 when none required")
    func coverage() {
        let index = F.index([
            F.org(1, sectors: [1]),
            F.org(2, description: "drone services"),
            F.org(3, sectors: [4]),
            F.org(4, sectors: [4], technologies: ["KET2018-5"]),
            F.org(5, sectors: [1]),
        ])
        // Five organisations: Automotive (sector:4) is brought by two, the technology by one, so their
        // weights are ln(1 + 5/2) and ln(1 + 5/1).
        let automotive = log(1 + 5.0 / 2), technology = log(1 + 5.0 / 1)
        let lacking = PartnerSearchProfile(
            ownerID: 1, memberIDs: [2],
            required: F.competences(["sector:1", "sector:4", "keyword:drone", "technology:KET2018-5"]))
        var r = recommendations(index, lacking)
        #expect(r[3]?.parts.coverage == automotive / (automotive + technology))
        #expect(r[4]?.parts.coverage == 1.0)
        #expect(r[5]?.parts.coverage == 0.0)
        #expect(r[4]?.covers == [.sector(4), .technology("KET2018-5")])
        #expect(r[5]?.covers == [.sector(1)])
        #expect(
            r[4]?.reasons.prefix(2) == [
                "Brings all 2 competences the consortium still lacks: Automotive (sector) and Artificial intelligence (technology).",
                "It is the only organisation that brings Artificial intelligence (technology).",
            ])
        #expect(
            r[3]?.reasons.prefix(2) == [
                "Brings 1 of the 2 competences the consortium still lacks: Automotive (sector).",
                "It is one of only 2 organisations that bring Automotive (sector).",
            ])

        let covered = PartnerSearchProfile(ownerID: 1, memberIDs: [2], required: F.competences(["sector:1", "keyword:drone"]))
        r = recommendations(index, covered)
        #expect(r[5]?.parts.coverage == automotive / (automotive + technology), "sector:1 is brought by two, drone by one")
        #expect(r[3]?.parts.coverage == 0.0)
        #expect(r[5]?.reasons.first?.hasPrefix("Strengthens 1 of the 2 required competences") == true)

        r = recommendations(index, PartnerSearchProfile(ownerID: 1, memberIDs: [2]))
        #expect(r.values.allSatisfy { $0.parts.coverage == 0 && $0.covers.isEmpty })
    }

    @Test("coverage: a rare competence outranks common ones; one nobody brings is left out; weights follow writes")
    func scarcity() throws {
        // 20 organisations bring Automotive, one brings the technology, nobody brings "zeppelin".
        var organisations = [F.org(1, sectors: [1])] + (100..<120).map { F.org(Int64($0), sectors: [4]) }
        organisations.append(F.org(30, technologies: ["KET2018-5"]))
        organisations.append(F.org(31, sectors: [4], technologies: ["KET2018-5"]))
        let index = F.index(organisations)
        let profile = PartnerSearchProfile(ownerID: 1, required: F.competences(["sector:4", "technology:KET2018-5", "keyword:zeppelin"]))
        func weight(_ holders: Double, of n: Double) -> Double { log(1 + n / holders) }
        var page = index.recommend(profile, offset: 0, limit: 100).items
        #expect(page.map(\.organisationID).prefix(2) == [31, 30])
        #expect(page[0].parts.coverage == 1.0, "bringing both coverable competences is full coverage: zeppelin is left out")
        let rare = weight(2, of: 23), common = weight(21, of: 23)
        #expect(abs(page[1].parts.coverage - rare / (rare + common)) < 1e-12)
        #expect(abs(page[2].parts.coverage - common / (rare + common)) < 1e-12)
        #expect(page[1].score > page[2].score, "the technology two organisations have beats the sector twenty-one have")
        #expect(page[1].reasons.contains("It is one of only 2 organisations that bring Artificial intelligence (technology)."))
        #expect(!page[2].reasons.contains { $0.hasPrefix("It is") }, "21 of 23 is not scarce")

        // A third organisation with the technology makes it less scarce at once; removing it restores the weight.
        index.upsert(F.org(32, technologies: ["KET2018-5"]))
        page = index.recommend(profile, offset: 0, limit: 100).items
        let three = weight(3, of: 24), twentyOne = weight(21, of: 24)
        let thirty = try #require(page.first { $0.organisationID == 30 })
        #expect(abs(thirty.parts.coverage - three / (three + twentyOne)) < 1e-12)
        index.remove(id: 32)
        page = index.recommend(profile, offset: 0, limit: 100).items
        #expect(abs(try #require(page.first { $0.organisationID == 30 }).parts.coverage - rare / (rare + common)) < 1e-12)
    }

    @Test("complementarity: share of new sectors, technologies and ecosystems, halved only for another field that brings nothing lacking")
    func complementarity() throws {
        let index = F.index([
            F.org(1, sectors: [1], ecosystems: [5], technologies: ["KET2018-5"]),
            F.org(2, sectors: [1, 4], technologies: ["KET2018-1"]),
            F.org(3, sectors: [30], ecosystems: [9]),
            F.org(4, ecosystems: [9]),
            F.org(5),
            F.org(6, technologies: ["KET2018-5"]),
            F.org(7, technologies: ["KET2018-1"]),
        ])
        var r = recommendations(index, PartnerSearchProfile(ownerID: 1))
        #expect(abs(try #require(r[2]).parts.complementarity - 2.0 / 3.0) < 1e-12)
        #expect(r[3]?.parts.complementarity == 0.5)
        #expect(r[4]?.parts.complementarity == 0.5)
        #expect(r[5]?.parts.complementarity == 0)
        #expect(r[6]?.parts.complementarity == 0)
        #expect(r[7]?.parts.complementarity == 0.5)
        #expect(r[3]?.reasons.contains("Shares no sector or ecosystem with the consortium or the search, and brings none of the competences it lacks.") == true)
        #expect(r[2]?.reasons.contains { $0.hasPrefix("Adds 2 sectors, technologies or ecosystems new to the consortium: Automotive (sector)") } == true)
        // A required ecosystem puts the candidate in the domain.
        r = recommendations(index, PartnerSearchProfile(ownerID: 1, required: [.ecosystem(9)]))
        #expect(r[4]?.parts.complementarity == 1)
        #expect(r[3]?.parts.complementarity == 1)
        // Another field that brings a competence the consortium lacks is not marked down.
        r = recommendations(index, PartnerSearchProfile(ownerID: 1, required: [.technology("KET2018-1")]))
        #expect(r[7]?.parts.complementarity == 1)
        #expect(r[7]?.reasons.contains { $0.hasPrefix("Comes from another field and adds a sector, technology or ecosystem new to the consortium:") } == true)
        #expect(r[4]?.parts.complementarity == 0.5, "another field that brings nothing lacking still is")
        #expect(abs(try #require(r[2]).parts.complementarity - 2.0 / 3.0) < 1e-12)
    }

    @Test("geography: target country, country new to the consortium, less developed region need")
    func geography() throws {
        let orgs = [
            F.org(1, country: "FR", region: "FR101"),
            F.org(2, country: "DE", region: "DE212"),
            F.org(3, country: "FR"),
            F.org(4, country: "ES"),
            F.org(5, country: "PL", region: "PL811"),
            F.org(6, country: "RO", region: "RO22"),
        ]
        let index = F.index(orgs)
        index.setRegionCategories(["PL81": .lessDeveloped, "DE21": .moreDeveloped, "RO22": .transition])
        func geo(_ r: [Int64: Recommendation]) -> [Int64: Double] { r.mapValues { ($0.parts.geography * 1e9).rounded() / 1e9 } }

        let targeted = PartnerSearchProfile(ownerID: 1, targetCountries: ["DE", "pl"])
        #expect(geo(recommendations(index, targeted)) == [2: 1.0, 3: 0.2, 4: 0.5, 5: 1.0, 6: 0.5])
        let reasons = try #require(recommendations(index, targeted)[4]).reasons
        #expect(reasons.contains("Is in Spain, outside the target countries."))
        #expect(reasons.contains("Brings a country new to the consortium: Spain."))

        let needy = PartnerSearchProfile(ownerID: 1, needLessDeveloped: true)
        #expect(geo(recommendations(index, needy)) == [2: 0.8, 3: 0.5, 4: 0.8, 5: 1.0, 6: 1.0])
        #expect(recommendations(index, needy)[6]?.reasons.contains("Is in a transition region (RO22), which the consortium still needs.") == true)

        // A member from a less developed region meets the need for everyone.
        let met = PartnerSearchProfile(ownerID: 1, memberIDs: [5], needLessDeveloped: true)
        #expect(geo(recommendations(index, met)) == [2: 1.0, 3: 0.7, 4: 1.0, 6: 1.0])

        // Without categories no one is in a less developed region.
        let plain = F.index(orgs)
        #expect(geo(recommendations(plain, needy)) == [2: 0.8, 3: 0.5, 4: 0.8, 5: 0.8, 6: 0.8])
    }

    @Test("s3: Jaccard overlap of the stemmed words of S3 priorities; 0 when either side has none")
    func s3() {
        let orgs = [
            F.org(1, s3: ["drones and UAV applications"]),
            F.org(2, s3: ["Drones", "space"]),
            F.org(3, s3: ["UAV applications and drones"]),
            F.org(4),
            F.org(5, s3: ["green transition"]),
            F.org(6),
        ]
        let index = F.index(orgs)
        let r = recommendations(index, PartnerSearchProfile(ownerID: 1))
        #expect(r[2]?.parts.s3 == 0.25)
        #expect(r[3]?.parts.s3 == 1.0)
        #expect(r[4]?.parts.s3 == 0)
        #expect(r[5]?.parts.s3 == 0)
        #expect(r[3]?.reasons.contains("Shares smart specialisation priorities with the consortium: “UAV applications and drones”.") == true)
        // An owner without S3 priorities: no overlap for anyone.
        let none = recommendations(index, PartnerSearchProfile(ownerID: 6))
        #expect(none.values.allSatisfy { $0.parts.s3 == 0 })
    }

    @Test("text: cosine of TF-IDF vectors of description and tags against the search text and the owner's text")
    func text() throws {
        let index = F.index([
            F.org(1),
            F.org(2, description: "drone drone inspection"),
            F.org(3, description: "logistics"),
            F.org(4, description: "Drones: inspection!"),
        ])
        let profile = PartnerSearchProfile(ownerID: 1, text: "Drone inspection")
        let r = recommendations(index, profile)
        // Both terms have the same document frequency, so their idf cancels out.
        let a = 1 + log(2.0)
        let expected = (a + 1) / (2.0.squareRoot() * (a * a + 1).squareRoot())
        #expect(abs(try #require(r[2]).parts.text - expected) < 1e-6)
        #expect(r[3]?.parts.text == 0)
        #expect(abs(try #require(r[4]).parts.text - 1) < 1e-6)
        #expect(r[4]?.reasons.contains { $0.hasPrefix("Its description is close to the search's (shared words: ") } == true)

        // The owner's description joins the query.
        let withOwnerText = F.index([
            F.org(1, description: "logistics"),
            F.org(2, description: "drone drone inspection"),
            F.org(3, description: "logistics"),
        ])
        let r2 = recommendations(withOwnerText, profile)
        #expect(try #require(r2[3]).parts.text > 0.3)
        #expect(try #require(r2[2]).parts.text > 0.3)
    }

    @Test("type: 1 for a sought type or when any is sought, else 0")
    func type() {
        let index = F.index([F.org(1), F.org(2, type: .clusterMember), F.org(3, type: .clusterOrganisation)])
        var r = recommendations(index, PartnerSearchProfile(ownerID: 1, soughtTypes: [.clusterMember]))
        #expect(r[2]?.parts.type == 1)
        #expect(r[3]?.parts.type == 0)
        #expect(r[2]?.reasons.last == "Is a cluster member organisation, a type the search seeks.")
        #expect(r[3]?.reasons.last == "Is a cluster organisation, not a type the search seeks.")
        r = recommendations(index, PartnerSearchProfile(ownerID: 1))
        #expect(r[2]?.parts.type == 1 && r[3]?.parts.type == 1)
    }

    @Test("the score is the weighted sum of the parts, in 0...1, rounded to millionths")
    func weightedSum() {
        let index = F.sharedDemoIndex
        let page = index.recommend(F.demoProfile, offset: 0, limit: 50)
        let w = MatchingWeights.self
        #expect(abs(w.coverage + w.complementarity + w.geography + w.s3 + w.text + w.type - 1) < 1e-12)
        for r in page.items {
            let p = r.parts
            let sum = 0.50 * p.coverage + 0.05 * p.complementarity + 0.15 * p.geography + 0.05 * p.s3 + 0.15 * p.text + 0.10 * p.type
            #expect(abs(r.score - sum) <= 0.5e-6 + 1e-12, "rounded to millionths")
            #expect((r.score * 1_000_000).rounded() == r.score * 1_000_000)
            for part in [p.coverage, p.complementarity, p.geography, p.s3, p.text, p.type] { #expect((0...1).contains(part)) }
        }
    }

    @Test("score parts encode with snake_case keys")
    func partsJSON() throws {
        let data = try JSONEncoder().encode(ScoreParts(coverage: 1, complementarity: 0.5, geography: 0.2, s3: 0.25, text: 0.1, type: 1))
        let keys = try #require(JSONSerialization.jsonObject(with: data) as? [String: Double]).keys.sorted()
        #expect(keys == ["complementarity", "coverage", "geography", "s3", "text", "type"])
    }
}

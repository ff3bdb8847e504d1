import ClusterCollabCore
import ClusterCollabMatching
import Foundation
import Testing

/// Small hand-made organisations and a shared demo index for the matching tests.
enum MatchingFixtures {
    static let reference = ReferenceData.shipped

    static func org(
        _ id: Int64, country: String = "FR", region: String? = nil, type: OrganisationType = .clusterOrganisation,
        description: String? = nil, sectors: [Int] = [], ecosystems: [Int] = [], technologies: [String] = [],
        s3: [String] = [], tags: [String] = [], infrastructures: [Infrastructure] = [],
        status: ProfileStatus = .published, name: String? = nil
    ) -> Organisation {
        Organisation(
            id: id, name: name ?? "Organisation \(id)", type: type, country: country, region: region,
            description: description, sectors: sectors, ecosystems: ecosystems, technologies: technologies,
            s3Priorities: s3, tags: tags, infrastructures: infrastructures, status: status)
    }

    static func index(_ organisations: [Organisation]) -> MatchingIndex {
        let index = MatchingIndex(reference: reference)
        index.load(organisations)
        return index
    }

    static func competences(_ texts: [String]) -> [Competence] {
        texts.map { try! Competence(parsing: $0, reference: reference) }
    }

    /// 3,000 demo organisations with ids 1..., the first the Île-de-France drone cluster.
    static let demo: [Organisation] = {
        var orgs = DemoOrganisations.generate(
            count: 3_000, seed: 42, now: Date(timeIntervalSince1970: 1_750_000_000),
            reference: reference)
        for i in orgs.indices { orgs[i].id = Int64(i + 1) }
        return orgs
    }()

    static let demoPublishedIDs: [Int64] = demo.filter { $0.status == .published }.map(\.id)

    /// A partner search of the drone cluster (id 1) with two accepted members and six competences.
    static var demoProfile: PartnerSearchProfile {
        PartnerSearchProfile(
            id: 7, ownerID: 1, memberIDs: [demoPublishedIDs[40], demoPublishedIDs[90]],
            required: competences([
                "sector:1", "sector:4", "technology:KET2018-5", "ecosystem:10", "keyword:drone",
                "keyword:additive manufacturing",
            ]),
            text:
                "Partners for drone inspection of infrastructure, aerial logistics and artificial intelligence for aerial data, with test zones for UAV flights.",
            soughtTypes: [.clusterOrganisation, .clusterProject], targetCountries: ["DE", "IT", "ES", "PL"], minCountries: 3,
            needLessDeveloped: true)
    }

    static let demoCategories: [String: RegionCategory] = {
        var categories: [String: RegionCategory] = [:]
        for r in reference.regions where r.level == 2 {
            let h = r.code.utf8.reduce(0) { $0 &* 31 &+ Int($1) }
            categories[r.code] = [.lessDeveloped, .transition, .moreDeveloped, .moreDeveloped][abs(h) % 4]
        }
        return categories
    }()

    /// A new index of the demo organisations with region categories (a fresh one per test that writes).
    static func demoIndex() -> MatchingIndex {
        let index = MatchingIndex(reference: reference)
        index.setRegionCategories(demoCategories)
        index.load(demo)
        return index
    }

    /// Shared by the tests that only read.
    static let sharedDemoIndex = demoIndex()
}

@Suite("Matching fixtures")
struct MatchingIndexFixtureTests {
    @Test("the demo fixture holds the drone cluster first and only published organisations are indexed")
    func demoFixture() {
        #expect(MatchingFixtures.demo[0].name == DemoOrganisations.droneClusterName)
        #expect(MatchingFixtures.sharedDemoIndex.count == MatchingFixtures.demoPublishedIDs.count)
        #expect(MatchingFixtures.demoPublishedIDs.count < MatchingFixtures.demo.count)
    }
}

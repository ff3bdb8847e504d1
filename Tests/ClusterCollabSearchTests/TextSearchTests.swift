import ClusterCollabCore
import ClusterCollabSearch
import Foundation
import Testing

@Suite("Text search in the directory")
struct TextSearchTests {
    let directory = index([
        organisation(1, "Pôle Véhicule du Futur", description: "Mobility cluster of the east of France."),
        organisation(2, "Aerospace Valley", acronym: "AV", description: "The aeronautics and space cluster."),
        organisation(3, "Photonics Bavaria", country: "DE", description: "Optics and photonics clusters."),
        organisation(4, "Cap Digital Île-de-France", description: "Digital innovation."),
        organisation(5, "Bavarian Food Network", country: "DE", tags: ["agrifood", "packaging"]),
        organisation(
            6, "Nordic Ocean Energy", country: "DK", s3: ["blue economy"],
            infrastructures: [Infrastructure(kind: .testBed, detail: "wave tank for offshore prototypes")]),
    ])

    @Test("matching ignores case and accents: pole, POLE and Pôle find Pôle")
    func caseAndAccents() {
        // when / then
        #expect(directory.ids("pole") == [1])
        #expect(directory.ids("POLE") == [1])
        #expect(directory.ids("Pôle véhicule") == [1])
        #expect(directory.ids("vehicule") == [1])
    }

    @Test("ile de france finds Île-de-France")
    func hyphenatedAccentedName() {
        // when / then
        #expect(directory.ids("ile de france") == [4])
    }

    @Test("words are stemmed: clusters finds cluster and cluster finds clusters")
    func stemming() {
        // when
        let plural = Set(directory.ids("clusters"))
        let singular = Set(directory.ids("cluster"))
        // then
        #expect(plural == [1, 2, 3])
        #expect(singular == plural)
    }

    @Test("the last word of 3 letters or more also matches as a word prefix: aero finds Aerospace")
    func prefixOfLastWord() {
        // when / then
        #expect(directory.ids("aero") == [2])
        #expect(Set(directory.ids("bav")) == [3, 5])
        #expect(directory.ids("valley aero") == [2])
    }

    @Test("only the last word is a prefix, and only from 3 letters")
    func prefixOnlyLastAndLongEnough() {
        // when / then
        #expect(directory.ids("aero valley").isEmpty)
        #expect(directory.ids("ae").isEmpty)
    }

    @Test("every word must match (AND)")
    func allWordsMustMatch() {
        // when / then
        #expect(directory.ids("photonics bavaria") == [3])
        #expect(directory.ids("photonics digital").isEmpty)
        #expect(directory.ids("photonics nonexistentword").isEmpty)
    }

    @Test("acronym, tags, S3 priorities, infrastructures and description are searched")
    func searchedFields() {
        // when / then
        #expect(directory.ids("AV") == [2])
        #expect(directory.ids("agrifood") == [5])
        #expect(directory.ids("blue economy") == [6])
        #expect(directory.ids("wave tank") == [6])
        #expect(directory.ids("test bed") == [6])
        #expect(directory.ids("optics") == [3])
    }

    @Test("text that has no words is no text: everything matches")
    func punctuationOnly() {
        // when
        let result = directory.search(DirectoryQuery(text: " -- "))
        // then
        #expect(result.total == 6)
        #expect(result.items.allSatisfy { $0.score == nil })
    }

    @Test("results of a text search carry a score, highest first; without text there is none")
    func scores() {
        // when
        let withText = directory.search(DirectoryQuery(text: "cluster")).items
        let withoutText = directory.search(DirectoryQuery()).items
        // then
        #expect(withText.allSatisfy { ($0.score ?? 0) > 0 })
        #expect(withText.map { $0.score! } == withText.map { $0.score! }.sorted(by: >))
        #expect(withoutText.allSatisfy { $0.score == nil })
    }

    @Test("a match in the name ranks above a match in the description")
    func nameOutranksDescription() {
        // given
        let directory = index([
            organisation(1, "Northern Alliance", description: "Hydrogen projects and hydrogen storage for industry."),
            organisation(2, "Hydrogen Valley", description: "Regional network."),
        ])
        // when / then
        #expect(directory.ids("hydrogen") == [2, 1])
    }

    @Test("a whole-word match ranks above a word that only starts with the last word typed")
    func wholeWordAbovePrefix() {
        // given
        let directory = index([
            organisation(1, "Aerospace Cluster"),
            organisation(2, "Aero Cluster"),
        ])
        // when / then
        #expect(directory.ids("aero") == [2, 1])
    }

    @Test("a rare word starting with the letters typed does not outrank the common word being typed")
    func rareCompletionDoesNotWin() throws {
        // given
        let directory = index([organisation(1, "Aeroponics Lab")] + (2...6).map { organisation(Int64($0), "Aerospace Lab") })
        // when
        let items = directory.search(DirectoryQuery(text: "aero")).items
        // then
        let rare = try #require(items.first { $0.id == 1 }?.score)
        let common = try #require(items.first { $0.id == 2 }?.score)
        #expect(rare <= common)
    }

    @Test("with equal text scores, labels and members decide, then the id")
    func staticRankBreaksTies() {
        // given
        let directory = index([
            organisation(1, "Wood Cluster"),
            organisation(2, "Wood Cluster", labels: [ClusterLabel(level: .gold, year: 2020)]),
            organisation(3, "Wood Cluster"),
        ])
        // when / then
        #expect(directory.ids("wood") == [2, 1, 3])
    }

    @Test("a hit is encoded with the API's snake-case keys")
    func hitJSON() throws {
        // given
        let hit = DirectoryHit(organisation(1, "Wood Cluster", members: 12))
        // when
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(hit)) as? [String: Any]
        // then
        #expect(json?["members_total"] as? Int == 12)
        #expect(json?["updated_at"] != nil)
        #expect(json?["membersTotal"] == nil)
        #expect(try JSONDecoder().decode(DirectoryHit.self, from: JSONEncoder().encode(hit)) == hit)
    }

    @Test("a hit lists what a result card needs")
    func hitFields() throws {
        // given
        let o = organisation(
            7, "Wood Cluster", acronym: "WC", country: "FR", region: "FR101", members: 42,
            labels: [ClusterLabel(level: .silver, year: 2021)], created: 1_000)
        let directory = index([o])
        // when
        let hit = try #require(directory.search(DirectoryQuery(text: "wood")).items.first)
        // then
        #expect(hit.id == 7 && hit.slug == "org-7" && hit.name == "Wood Cluster" && hit.acronym == "WC")
        #expect(hit.type == .clusterOrganisation && hit.country == "FR" && hit.region == "FR101")
        #expect(hit.membersTotal == 42 && hit.labels == o.labels && hit.updatedAt == o.updatedAt)
        var withoutScore = hit
        withoutScore.score = nil
        #expect(directory.hit(id: 7) == withoutScore)
        #expect(directory.hit(id: 8) == nil)
    }

    @Test("French elision: l'innovation, d'innovation and innovation find the same profiles")
    func frenchElision() {
        // given profiles written in French and in English
        let french = index([
            organisation(1, "Pôle de l'innovation", description: "Le pôle de l'aéronautique et d'innovation du Grand Est."),
            organisation(2, "Innovation Norway", country: "NO", description: "Innovation for industry's partners."),
            organisation(3, "Lyon Mobility", description: "Mobilité durable."),
        ])
        // then the elided article neither hides nor narrows the word
        #expect(Set(french.ids("innovation")) == [1, 2])
        #expect(Set(french.ids("l'innovation")) == [1, 2])
        #expect(Set(french.ids("d’innovation")) == [1, 2])
        #expect(french.ids("l'aéronautique") == [1])
        #expect(french.ids("aeronautique") == [1])
        #expect(Set(french.ids("industry's")) == [2])
        // the index keeps no elided word of its own
        #expect(french.ids("l").isEmpty)
    }
}

import ClusterCollabCore
import ClusterCollabMatching
import Testing

@Suite("Competence coverage")
struct CompetenceCoverageTests {
    typealias F = MatchingFixtures

    @Test("a keyword is covered by the same stem, whatever the case and accents")
    func keywordByStem() {
        let index = F.index([
            F.org(1, description: "We build drones for inspection."),
            F.org(2, tags: ["Drône"]),
            F.org(3, description: "DRONE testing"),
            F.org(4, description: "We build droids."),
        ])
        let drone = Competence.keyword("drone")
        #expect(index.covers(1, [drone]) == [drone])
        #expect(index.covers(2, [drone]) == [drone])
        #expect(index.covers(3, [drone]) == [drone])
        #expect(index.covers(4, [drone]) == [])
        // "inspection" and "inspections" share a stem.
        #expect(index.covers(1, [.keyword("inspections")]) == [.keyword("inspections")])
    }

    @Test("keywords are looked for in description, tags, S3 priorities and infrastructures, not in the name")
    func keywordFields() {
        let index = F.index([
            F.org(1, s3: ["Photonics for health"]),
            F.org(2, infrastructures: [Infrastructure(kind: .testBed, detail: "outdoor zone for photonics trials")]),
            F.org(3, infrastructures: [Infrastructure(kind: .fabLab, detail: "")]),
            F.org(4, name: "Photonics Valley"),
        ])
        let photonics = Competence.keyword("photonics")
        #expect(index.covers(1, [photonics]) == [photonics])
        #expect(index.covers(2, [photonics]) == [photonics])
        #expect(index.covers(3, [.keyword("fab lab")]) == [.keyword("fab lab")])
        #expect(index.covers(4, [photonics]) == [])
    }

    @Test("a multi-word keyword needs every word's stem, in any of the fields")
    func multiWord() {
        let index = F.index([
            F.org(1, description: "Additive processes.", tags: ["manufacturing"]),
            F.org(2, description: "Additive colours."),
            F.org(3, description: "Manufactured additives"),
        ])
        let keyword = Competence.keyword("additive manufacturing")
        #expect(index.covers(1, [keyword]) == [keyword])
        #expect(index.covers(2, [keyword]) == [])
        #expect(index.covers(3, [keyword]) == [keyword])
    }

    @Test("sectors, technologies and ecosystems are covered by their ids; the order asked is kept")
    func ids() {
        let index = F.index([F.org(1, sectors: [1, 23], ecosystems: [5], technologies: ["KET2018-5"])])
        let asked: [Competence] = [.ecosystem(5), .sector(4), .technology("KET2018-5"), .sector(23), .technology("KET2018-1")]
        #expect(index.covers(1, asked) == [.ecosystem(5), .technology("KET2018-5"), .sector(23)])
        #expect(index.covers(99, asked) == [])
    }

    @Test("a keyword with a word no profile uses is covered by nobody")
    func unknownWord() {
        let index = F.index([F.org(1, description: "drones")])
        #expect(index.covers(1, [.keyword("drone zeppelin")]) == [])
    }
}

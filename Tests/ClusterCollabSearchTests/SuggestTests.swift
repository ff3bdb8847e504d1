import ClusterCollabCore
import ClusterCollabSearch
import Testing

@Suite("Type-ahead suggestions")
struct SuggestTests {
    let directory = index([
        organisation(1, "Cluster Photonique", members: 10),
        organisation(2, "Pôle Aerospace Valley", acronym: "PAV", members: 800),
        organisation(3, "Clusterland", members: 10),
        organisation(4, "Mobility Cluster", labels: [ClusterLabel(level: .gold, year: 2020)]),
        organisation(5, "Photonics Network", description: "cluster of clusters"),
        organisation(6, "Polo Tessile", members: 10),
    ])

    func ids(_ prefix: String, limit: Int = 10) -> [Int64] { directory.suggest(prefix, limit: limit).map(\.id) }

    @Test("a prefix finds name words starting with it, best static rank first, then by name")
    func namePrefix() {
        // when / then: gold first, then equal ranks A to Z; the description does not count
        #expect(ids("clu") == [4, 1, 3])
    }

    @Test("pôle and pole both find Pôle, case does not matter")
    func accentsAndCase() {
        #expect(ids("pôle") == [2])
        #expect(ids("pole") == [2])
        #expect(ids("POL") == [2, 6])
    }

    @Test("acronym words are suggested too")
    func acronym() {
        #expect(ids("pav") == [2])
    }

    @Test("one character is enough")
    func oneCharacter() {
        #expect(Set(ids("p")) == [1, 2, 5, 6])
    }

    @Test("several words must each start a name word")
    func severalWords() {
        #expect(ids("pole val") == [2])
        #expect(ids("cluster pho") == [1])
    }

    @Test("at most limit suggestions, and never more than 20")
    func limits() {
        // given
        let big = index((1...40).map { organisation(Int64($0), "Cluster \($0)") })
        // when / then
        #expect(ids("c", limit: 2).count == 2)
        #expect(big.suggest("clu", limit: 100).count == 20)
        #expect(big.suggest("clu", limit: 0).isEmpty)
    }

    @Test("nothing typed, or only punctuation, suggests nothing")
    func emptyPrefix() {
        #expect(ids("").isEmpty)
        #expect(ids(" - ").isEmpty)
        #expect(ids("zz").isEmpty)
    }
}

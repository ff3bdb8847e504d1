import ClusterCollabCore
import ClusterCollabSearch
import Foundation
import Testing

@Suite("Keeping the directory index up to date")
struct IndexUpdateTests {
    @Test("organisations that are not published never appear", arguments: [ProfileStatus.draft, .needsReview, .changesRequested, .rejected])
    func onlyPublished(status: ProfileStatus) {
        // given
        let directory = index([organisation(1, "Visible Cluster"), organisation(2, "Hidden Cluster", status: status)])
        // when / then
        #expect(directory.count == 1)
        #expect(directory.ids("cluster") == [1])
        #expect(directory.ids("hidden").isEmpty)
        #expect(directory.search(DirectoryQuery()).counts("country") == ["FR": 1])
        #expect(directory.suggest("hid", limit: 5).isEmpty)
        #expect(directory.hit(id: 2) == nil)
    }

    @Test("an empty index finds nothing and suggests nothing, and can be filled by upserts")
    func emptyIndex() {
        // given
        let directory = index([])
        // when
        let before = directory.search(DirectoryQuery(text: "cluster"))
        directory.upsert(organisation(1, "First Cluster"))
        // then
        #expect(before.total == 0 && before.facets.allSatisfy { $0.values.isEmpty })
        #expect(directory.suggest("fir", limit: 5).map(\.id) == [1])
        #expect(directory.ids("cluster") == [1])
        #expect(DirectoryIndex(reference: reference).search(DirectoryQuery()).total == 0)
    }

    @Test("upsert adds an organisation")
    func upsertAdds() {
        // given
        let directory = index([organisation(1, "First Cluster")])
        // when
        directory.upsert(organisation(2, "Second Cluster", country: "DE"))
        // then
        #expect(directory.count == 2)
        #expect(directory.ids("second") == [2])
        #expect(directory.search(DirectoryQuery()).counts("country") == ["FR": 1, "DE": 1])
    }

    @Test("upsert replaces: the old words no longer match, the new ones do, facets follow")
    func upsertReplaces() {
        // given
        let directory = index([organisation(1, "Textile Cluster", country: "FR", sectors: [3]), organisation(2, "Other")])
        // when
        directory.upsert(organisation(1, "Hydrogen Cluster", country: "DE", sectors: [14]))
        // then
        #expect(directory.count == 2)
        #expect(directory.ids("textile").isEmpty)
        #expect(directory.ids("hydrogen") == [1])
        #expect(directory.search(DirectoryQuery()).counts("sector") == ["14": 1])
        #expect(directory.search(DirectoryQuery()).counts("country") == ["DE": 1, "FR": 1])
        #expect(directory.hit(id: 1)?.name == "Hydrogen Cluster")
    }

    @Test("upsert of an organisation that is no longer published removes it")
    func upsertUnpublishedRemoves() {
        // given
        let directory = index([organisation(1, "Textile Cluster"), organisation(2, "Other")])
        // when
        directory.upsert(organisation(1, "Textile Cluster", status: .changesRequested))
        // then
        #expect(directory.count == 1)
        #expect(directory.ids("textile").isEmpty)
    }

    @Test("remove takes an organisation out of results, facets, suggestions and hits")
    func remove() {
        // given
        let directory = index([organisation(1, "Textile Cluster"), organisation(2, "Textile Network", country: "DE")])
        // when
        directory.remove(id: 1)
        directory.remove(id: 99)
        // then
        #expect(directory.count == 1)
        #expect(directory.ids("textile") == [2])
        #expect(directory.search(DirectoryQuery()).counts("country") == ["DE": 1])
        #expect(directory.suggest("tex", limit: 5).map(\.id) == [2])
        #expect(directory.hit(id: 1) == nil)
    }

    @Test("load replaces everything that was indexed before; with duplicate ids the last one wins")
    func loadReplaces() {
        // given
        let directory = index([organisation(1, "Old Cluster"), organisation(2, "Gone Cluster")])
        // when
        directory.load([organisation(1, "New Cluster"), organisation(3, "Draft", status: .draft), organisation(1, "Newer Cluster")])
        // then
        #expect(directory.count == 1)
        #expect(directory.ids("cluster") == [1])
        #expect(directory.hit(id: 1)?.name == "Newer Cluster")
        #expect(directory.ids("gone").isEmpty)
    }

    @Test("after many updates (and the compaction they trigger) searches, facets and suggestions stay right")
    func manyUpdates() {
        // given
        let directory = index((1...50).map { organisation(Int64($0), "Cluster \($0)", members: $0) })
        // when
        for round in 0..<60 {
            for id in 1...50 {
                directory.upsert(organisation(Int64(id), "Cluster \(id) round\(round)", country: id % 2 == 0 ? "DE" : "FR", members: id))
            }
        }
        directory.remove(id: 50)
        // then
        #expect(directory.count == 49)
        #expect(directory.search(DirectoryQuery(text: "cluster")).total == 49)
        #expect(directory.ids("round59").count == 20)
        #expect(directory.search(DirectoryQuery(text: "round59", perPage: 100)).total == 49)
        #expect(directory.ids("round58").isEmpty)
        #expect(directory.search(DirectoryQuery()).counts("country") == ["FR": 25, "DE": 24])
        #expect(directory.ids(DirectoryQuery(sort: .members, perPage: 3)) == [49, 48, 47])
        #expect(directory.suggest("round5", limit: 20).count == 20)
        #expect(directory.hit(id: 7)?.name == "Cluster 7 round59")
    }

    @Test("a bulk load (analysed on every core) and one upsert at a time give the same results")
    func bulkLoadEqualsUpserts() {
        // given
        let words = [
            "photonics", "Pôle", "aerospace", "mobility", "Île-de-France", "hydrogen", "textile", "wood",
            "digital", "health", "clusters", "innovation", "Łódź", "manufacturing",
        ]
        let countries = ["FR", "DE", "PL", "GR", "US"]
        let organisations = (1...3_000).map { i in
            organisation(
                Int64(i), "\(words[i % 14]) \(words[(i / 14) % 14]) \(i)", country: countries[i % 5],
                description: (0..<(i % 9)).map { words[($0 * i) % 14] }.joined(separator: " "),
                members: i % 3 == 0 ? nil : i % 700, sectors: [1 + i % 51],
                status: i % 10 == 0 ? .draft : .published)
        }
        let bulk = index(organisations)
        let incremental = DirectoryIndex(reference: reference)
        for o in organisations.reversed() { incremental.upsert(o) }
        // when / then
        #expect(bulk.count == 2_700 && incremental.count == 2_700)
        for text in ["", "photonics", "pole", "ile de france", "aero", "cluster", "lodz manufacturing", "digital hea"] {
            for sort in DirectorySort.allCases {
                let query = DirectoryQuery(text: text, sort: sort, perPage: 50)
                #expect(bulk.search(query) == incremental.search(query), "\(text) \(sort)")
            }
        }
        #expect(bulk.suggest("pho", limit: 20) == incremental.suggest("pho", limit: 20))
    }

    @Test("a search without filters matching most of the directory counts its facets as a filtered one does, after updates too")
    func broadSearchCountsFromTheWholeDirectory() {
        // given: 1,500 organisations, most with "cluster", then replacements and removals (and a compaction)
        let countries = ["FR", "DE", "PL", "GR", "US"]
        func make(_ i: Int, round: Int) -> Organisation {
            organisation(
                Int64(i), "\(i % 7 == 0 ? "Photonics" : "Cluster") \(i) r\(round)", country: countries[(i + round) % 5],
                region: i % 3 == 0 ? "FR10" : nil, members: i % 4 == 0 ? nil : (i * 37) % 900,
                sectors: [1 + (i + round) % 51], ecosystems: [1 + i % 14], technologies: i % 2 == 0 ? ["ai"] : [],
                labels: i % 5 == 0 ? [ClusterLabel(level: .gold, year: 2020)] : [])
        }
        let directory = index((1...1_500).map { make($0, round: 0) })
        for round in 1...2 { for i in stride(from: 1, through: 1_500, by: 2) { directory.upsert(make(i, round: round)) } }
        for i in stride(from: 3, through: 1_500, by: 9) { directory.remove(id: Int64(i)) }
        // when / then: naming every country filters nothing, but counts match by match
        for text in ["", "cluster", "clu", "r2", "photonics"] {
            let broad = directory.search(DirectoryQuery(text: text, perPage: 30))
            let filtered = directory.search(DirectoryQuery(text: text, countries: countries, perPage: 30))
            #expect(broad == filtered, "\(text)")
        }
    }

    @Test("searches running while the index is updated see a consistent index")
    func concurrentReadersAndWriters() async {
        // given
        let directory = index((1...200).map { organisation(Int64($0), "Cluster \($0)") })
        // when
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for i in 1...200 { directory.upsert(organisation(Int64(i), "Cluster \(i) renamed")) }
            }
            for _ in 0..<4 {
                group.addTask {
                    for _ in 0..<50 {
                        let result = directory.search(DirectoryQuery(text: "cluster", perPage: 100))
                        // then
                        #expect(result.total == 200)
                        #expect(result.counts("country")["FR"] == 200)
                    }
                }
            }
        }
        #expect(directory.search(DirectoryQuery(text: "renamed")).total == 200)
    }
}

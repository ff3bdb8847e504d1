import ClusterCollabCore
import ClusterCollabSearch
import Testing

@Suite("Directory sort orders and paging")
struct SortAndPagingTests {
    let directory = index([
        organisation(1, "delta cluster", members: 50, created: 300),
        organisation(2, "Élan Cluster", members: nil, created: 100),
        organisation(3, "Alpha Cluster", members: 900, created: 200),
        organisation(4, "Beta Cluster", members: 50, created: 400),
        organisation(5, "Zeta Cluster", members: 5, labels: [ClusterLabel(level: .gold, year: 2020)], created: 50),
    ])

    @Test("name: A to Z ignoring case and accents")
    func byName() {
        #expect(directory.ids(DirectoryQuery(sort: .name)) == [3, 4, 1, 2, 5])
    }

    @Test("members: most first, equal counts by id, unknown last")
    func byMembers() {
        #expect(directory.ids(DirectoryQuery(sort: .members)) == [3, 1, 4, 5, 2])
    }

    @Test("newest: most recently created first")
    func byNewest() {
        #expect(directory.ids(DirectoryQuery(sort: .newest)) == [4, 1, 3, 2, 5])
    }

    @Test("relevance without text is the static rank: labels first, then members")
    func relevanceWithoutText() {
        #expect(directory.ids(DirectoryQuery()) == [5, 3, 1, 4, 2])
    }

    @Test("a sort applies to text matches too, and the score is still given")
    func sortWithText() {
        // when
        let items = directory.search(DirectoryQuery(text: "cluster", sort: .name)).items
        // then
        #expect(items.map(\.id) == [3, 4, 1, 2, 5])
        #expect(items.allSatisfy { $0.score != nil })
    }

    @Test("equal names are ordered by id so that paging is stable")
    func tiesByID() {
        // given
        let directory = index((1...30).reversed().map { organisation(Int64($0), "Same Name") })
        // when / then
        #expect(directory.ids(DirectoryQuery(sort: .name, perPage: 5)) == [1, 2, 3, 4, 5])
        #expect(directory.ids(DirectoryQuery(text: "same", perPage: 5)) == [1, 2, 3, 4, 5])
    }

    @Test("page 2 does not repeat page 1, and all pages together list every match once", arguments: DirectorySort.allCases)
    func paging(sort: DirectorySort) {
        // given
        let directory = index(
            (1...95).map { i in
                organisation(Int64(i), "Cluster \(i % 7)", members: i % 4 == 0 ? nil : i % 11, created: Double(i % 13))
            })
        // when
        let pages = (1...5).map { directory.search(DirectoryQuery(text: "cluster", sort: sort, page: $0, perPage: 20)) }
        // then
        let ids = pages.flatMap { $0.items.map(\.id) }
        #expect(Set(pages[0].items.map(\.id)).isDisjoint(with: pages[1].items.map(\.id)))
        #expect(ids.count == 95)
        #expect(Set(ids).count == 95)
        #expect(pages.allSatisfy { $0.total == 95 })
        #expect(pages.map(\.items.count) == [20, 20, 20, 20, 15])
    }

    @Test(
        "deep pages (selected differently from the first ones) are the right slices of the whole order",
        arguments: [DirectorySort.members, .name, .newest])
    func deepPages(sort: DirectorySort) {
        // given
        let organisations = (1...3_000).map { i in
            organisation(
                Int64(i), "Cluster \((i * 7_919) % 1_000)", members: i % 10 == 0 ? nil : (i * 31) % 500,
                created: Double((i * 13) % 97))
        }
        let directory = index(organisations)
        let expected = organisations.sorted { a, b in
            switch sort {
            case .members:
                let ma = a.members.total ?? -1, mb = b.members.total ?? -1
                return ma != mb ? ma > mb : a.id < b.id
            case .name:
                let na = a.name.lowercased(), nb = b.name.lowercased()
                return na != nb ? na.utf8.lexicographicallyPrecedes(nb.utf8) : a.id < b.id
            default:
                return a.createdAt != b.createdAt ? a.createdAt > b.createdAt : a.id < b.id
            }
        }.map(\.id)
        // when / then
        for page in [1, 99, 100, 101, 149, 150] {
            let ids = directory.ids(DirectoryQuery(sort: sort, page: page, perPage: 20))
            #expect(ids == Array(expected[(page - 1) * 20..<page * 20]), "page \(page)")
        }
    }

    @Test("a page past the end is empty but still has the total and the facets")
    func pastTheEnd() {
        // when
        let result = directory.search(DirectoryQuery(page: 9))
        // then
        #expect(result.items.isEmpty)
        #expect(result.total == 5)
        #expect(result.counts("country") == ["FR": 5])
    }

    @Test("an absurd page number does not overflow")
    func hugePage() {
        #expect(directory.search(DirectoryQuery(page: Int.max, perPage: 100)).items.isEmpty)
    }
}

import ClusterCollabCore
import ClusterCollabSearch
import Testing

@Suite("Directory filters and facet counts")
struct FilterAndFacetTests {
    static let gold = ClusterLabel(level: .gold, year: 2020)
    static let silver = ClusterLabel(level: .silver, year: 2018)

    let directory = index([
        organisation(
            1, "Paris Photonics", type: .clusterOrganisation, country: "FR", region: "FR101", members: 10,
            sectors: [4], ecosystems: [5], emerging: [2], technologies: ["KET2009-5"], labels: [gold]),
        organisation(
            2, "Seine Mobility", type: .clusterProject, country: "FR", region: "FR102", members: 60,
            sectors: [4, 5], ecosystems: [10], labels: [silver, ClusterLabel(level: .silver, year: 2022)]),
        organisation(
            3, "Lyon Health", type: .clusterOrganisation, country: "FR", region: "FRK26", members: 200,
            sectors: [5], ecosystems: [9], emerging: [9], technologies: ["KET2018-3"]),
        organisation(
            4, "Munich Photonics", type: .clusterOrganisation, country: "DE", region: "DE212", members: 700,
            sectors: [23], ecosystems: [5], technologies: ["KET2009-5", "KET2018-5"], labels: [gold, silver]),
        organisation(
            5, "Bavaria Mobility", type: .clusterMember, country: "DE", region: "DE21",
            sectors: [4], ecosystems: [10]),
        organisation(
            6, "Athens Photonics", type: .clusterOrganisation, country: "GR", region: "EL301", members: 5,
            sectors: [23], ecosystems: [5]),
        organisation(
            7, "Boston Photonics", type: .clusterOrganisation, country: "US", region: "Massachusetts",
            members: 30, sectors: [23]),
    ])

    func ids(_ query: DirectoryQuery) -> Set<Int64> { Set(directory.ids(query)) }

    @Test("country filter; several countries are OR-ed")
    func country() {
        #expect(ids(DirectoryQuery(countries: ["DE"])) == [4, 5])
        #expect(ids(DirectoryQuery(countries: ["DE", "GR"])) == [4, 5, 6])
    }

    @Test("a region matches organisations in it or in a region inside it")
    func regionHierarchy() {
        // when / then
        #expect(ids(DirectoryQuery(regions: ["FR1"])) == [1, 2])
        #expect(ids(DirectoryQuery(regions: ["FR10"])) == [1, 2])
        #expect(ids(DirectoryQuery(regions: ["FR101"])) == [1])
        #expect(ids(DirectoryQuery(regions: ["DE21"])) == [4, 5])
        #expect(ids(DirectoryQuery(regions: ["DE212"])) == [4])
        #expect(ids(DirectoryQuery(regions: ["FR101", "DE212"])) == [1, 4])
    }

    @Test("Greek regions use Eurostat's EL codes with the ISO country GR")
    func greekRegions() {
        #expect(ids(DirectoryQuery(regions: ["EL30"])) == [6])
        #expect(ids(DirectoryQuery(countries: ["GR"], regions: ["EL3"])) == [6])
    }

    @Test("type, sector, ecosystem, emerging industry and technology filters")
    func typeAndTaxonomies() {
        #expect(ids(DirectoryQuery(types: [.clusterProject, .clusterMember])) == [2, 5])
        #expect(ids(DirectoryQuery(sectors: [5])) == [2, 3])
        #expect(ids(DirectoryQuery(sectors: [4, 23])) == [1, 2, 4, 5, 6, 7])
        #expect(ids(DirectoryQuery(ecosystems: [10])) == [2, 5])
        #expect(ids(DirectoryQuery(emergingIndustries: [9])) == [3])
        #expect(ids(DirectoryQuery(technologies: ["KET2009-5"])) == [1, 4])
        #expect(ids(DirectoryQuery(technologies: ["KET2018-5", "KET2018-3"])) == [3, 4])
    }

    @Test("label and size filters; organisations without a member count have no size")
    func labelAndSize() {
        #expect(ids(DirectoryQuery(labels: [.gold])) == [1, 4])
        #expect(ids(DirectoryQuery(labels: [.silver])) == [2, 4])
        #expect(ids(DirectoryQuery(sizes: [.upTo14])) == [1, 6])
        #expect(ids(DirectoryQuery(sizes: [.from500, .from150])) == [3, 4])
    }

    @Test("filters combine with AND across filters and with the text")
    func filtersCombine() {
        #expect(ids(DirectoryQuery(countries: ["FR"], sectors: [4])) == [1, 2])
        #expect(ids(DirectoryQuery(countries: ["FR"], sectors: [4], labels: [.gold])) == [1])
        #expect(ids(DirectoryQuery(text: "photonics", countries: ["DE", "FR"])) == [1, 4])
        #expect(ids(DirectoryQuery(text: "photonics", countries: ["DE"], types: [.clusterMember])).isEmpty)
    }

    @Test("a facet counts without its own filter but with all others: with country=FR the country facet still counts DE, the type facet counts only FR")
    func facetsIgnoreOwnFilter() {
        // when
        let result = directory.search(DirectoryQuery(countries: ["FR"]))
        // then
        #expect(result.total == 3)
        #expect(result.counts("country") == ["FR": 3, "DE": 2, "GR": 1, "US": 1])
        #expect(result.counts("type") == ["cluster-organisation": 2, "cluster-project": 1])
        #expect(result.counts("sector") == ["4": 2, "5": 2])
    }

    @Test("the FR count of the country facet equals the total of the search filtered on FR")
    func facetCountEqualsFilteredTotal() {
        // given
        let query = DirectoryQuery(text: "photonics", sectors: [4, 23])
        // when
        let unfiltered = directory.search(query)
        var narrowed = query
        narrowed.countries = ["FR"]
        let filtered = directory.search(narrowed)
        // then
        #expect(unfiltered.counts("country")["FR"] == filtered.total)
        #expect(filtered.total == 1)
    }

    @Test("with two filters, each facet applies the other: a value of one filter counts what adding it would give")
    func twoFilters() {
        // when
        let result = directory.search(DirectoryQuery(countries: ["FR"], labels: [.gold]))
        // then
        #expect(result.total == 1)
        #expect(result.counts("country") == ["FR": 1, "DE": 1])
        #expect(result.counts("label") == ["gold": 1, "silver": 1])
        #expect(result.counts("type") == ["cluster-organisation": 1])
    }

    @Test("the facets come in a fixed order with readable labels")
    func facetOrderAndLabels() throws {
        // when
        let result = directory.search(DirectoryQuery())
        // then
        #expect(
            result.facets.map(\.name) == ["country", "region", "type", "sector", "ecosystem", "emerging", "technology", "label", "size", "infrastructure"])
        #expect(result.facet("country")?.value("FR")?.label == "France")
        #expect(result.facet("region")?.value("FR10")?.label == "Ile-de-France")
        #expect(result.facet("type")?.value("cluster-project")?.label == "Cluster-related project")
        #expect(result.facet("sector")?.value("4")?.label == "Automotive")
        #expect(result.facet("ecosystem")?.value("5")?.label == "Digital")
        #expect(result.facet("emerging")?.value("9")?.label == "Medical devices")
        #expect(result.facet("technology")?.value("KET2009-5")?.label == "Photonics")
        #expect(result.facet("label")?.value("gold")?.label == "ESCA Gold")
        #expect(result.facet("size")?.value("500-plus")?.label == "500 members or more")
    }

    @Test("facet values are sorted by count, most first, then by label")
    func facetSorting() throws {
        // when
        let countries = try #require(directory.search(DirectoryQuery()).facet("country")).values
        // then
        #expect(countries.map(\.value) == ["FR", "DE", "GR", "US"])
        #expect(countries.map(\.count) == [3, 2, 1, 1])
    }

    @Test("the region facet counts the NUTS 2 region; regions typed freely in countries without codes are not counted")
    func regionFacetLevel2() {
        // when
        let regions = directory.search(DirectoryQuery()).counts("region")
        // then
        #expect(regions == ["FR10": 2, "FRK2": 1, "DE21": 2, "EL30": 1])
    }

    @Test("an organisation counts once per label level it holds, and only with a member count in the size facet")
    func labelAndSizeFacets() {
        // when
        let result = directory.search(DirectoryQuery())
        // then
        #expect(result.counts("label") == ["gold": 2, "silver": 2])
        #expect(result.counts("size") == ["1-14": 2, "15-49": 1, "50-149": 1, "150-499": 1, "500-plus": 1])
    }

    @Test("the region facet lists at most 100 regions")
    func regionFacetCap() throws {
        // given
        let level2 = reference.regions.filter { $0.level == 2 && !$0.extraRegio && reference.country($0.country)?.hasRegionCodes == true }
        try #require(level2.count > 100)
        let directory = index(
            level2.prefix(120).enumerated().map { i, r in
                organisation(Int64(i + 1), "Cluster \(i)", country: r.country, region: r.code)
            })
        // when
        let regions = try #require(directory.search(DirectoryQuery()).facet("region"))
        // then
        #expect(regions.values.count == 100)
    }

    @Test("facets count every match of the text, not just the page")
    func facetsCountAllMatches() {
        // when
        let result = directory.search(DirectoryQuery(text: "photonics", perPage: 1))
        // then
        #expect(result.items.count == 1)
        #expect(result.total == 4)
        #expect(result.counts("country") == ["FR": 1, "DE": 1, "GR": 1, "US": 1])
    }

    @Test("with no match every facet is empty")
    func noMatch() {
        // when
        let result = directory.search(DirectoryQuery(text: "zeppelin"))
        // then
        #expect(result.total == 0)
        #expect(result.items.isEmpty)
        #expect(result.facets.count == 10)
        #expect(result.facets.allSatisfy { $0.values.isEmpty })
    }
}

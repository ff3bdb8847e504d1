import ClusterCollabCore
import ClusterCollabSearch
import Testing

@Suite("Parsing directory query parameters")
struct DirectoryQueryTests {
    func parse(_ pairs: [(String, String)]) throws(DirectoryQueryError) -> DirectoryQuery {
        try DirectoryQuery.parse(pairs, reference: reference)
    }

    func error(_ pairs: [(String, String)]) -> DirectoryQueryError? {
        do {
            _ = try parse(pairs)
            return nil
        } catch {
            return error
        }
    }

    @Test("no parameters give the default query: no text, no filters, relevance, page 1 of 20")
    func defaults() throws {
        // given / when
        let query = try parse([])
        // then
        #expect(query == DirectoryQuery())
        #expect(query.text == "" && query.sort == .relevance && query.page == 1 && query.perPage == 20)
        #expect(!query.hasFilters)
    }

    @Test("every parameter is read into its field")
    func everyParameter() throws {
        // given
        let pairs = [
            ("q", "photonics"), ("country", "FR"), ("region", "FR10"), ("type", "cluster-organisation"),
            ("sector", "4"), ("ecosystem", "5"), ("emerging", "2"), ("technology", "KET2009-5"),
            ("label", "gold"), ("size", "50-149"), ("sort", "name"), ("page", "3"), ("per_page", "50"),
        ]
        // when
        let query = try parse(pairs)
        // then
        #expect(
            query
                == DirectoryQuery(
                    text: "photonics", countries: ["FR"], regions: ["FR10"], types: [.clusterOrganisation], sectors: [4],
                    ecosystems: [5], emergingIndustries: [2], technologies: ["KET2009-5"], labels: [.gold], sizes: [.from50],
                    sort: .name, page: 3, perPage: 50))
    }

    @Test("repeated parameters and comma-separated values both give several values, without duplicates")
    func repeatedAndCommaValues() throws {
        // given
        let pairs = [
            ("country", "FR,DE"), ("country", "IT"), ("country", "FR"), ("sector", "1, 2"), ("sector", "3"),
            ("label", "gold,silver"),
        ]
        // when
        let query = try parse(pairs)
        // then
        #expect(query.countries == ["FR", "DE", "IT"])
        #expect(query.sectors == [1, 2, 3])
        #expect(query.labels == [.gold, .silver])
    }

    @Test("empty values and unknown parameter names are ignored")
    func emptyAndUnknownIgnored() throws {
        // given
        let pairs = [("q", ""), ("country", ""), ("country", "FR,,"), ("page", ""), ("utm_source", "mail"), ("sort", "")]
        // when
        let query = try parse(pairs)
        // then
        #expect(query == DirectoryQuery(countries: ["FR"]))
    }

    @Test("codes are accepted in any case and stored in their canonical case")
    func codesAnyCase() throws {
        // when
        let query = try parse([
            ("country", "fr"), ("region", "fr101"), ("type", "Cluster-Project"), ("label", "GOLD"),
            ("technology", "ket2018-5"), ("sort", "Newest"),
        ])
        // then
        #expect(query.countries == ["FR"])
        #expect(query.regions == ["FR101"])
        #expect(query.types == [.clusterProject])
        #expect(query.labels == [.gold])
        #expect(query.technologies == ["KET2018-5"])
        #expect(query.sort == .newest)
    }

    @Test("a page that is not a number is malformed (400) and names the parameter")
    func pageNotANumber() {
        // when
        let e = error([("page", "two")])
        // then
        #expect(e?.malformed == true)
        #expect(e?.fields == ["page": PageBounds.rule])
    }

    @Test("page 0 breaks a rule (422) with the same readable message")
    func pageZero() {
        // when
        let e = error([("page", "0")])
        // then
        #expect(e?.malformed == false)
        #expect(e?.fields["page"] == PageBounds.rule)
    }

    @Test("a page starting past the maximum offset breaks a rule (422), however large, with per_page taken into account")
    func pagePastTheMaximumOffset() throws {
        #expect(error([("page", "9223372036854775807")])?.fields["page"] == PageBounds.rule)
        #expect(error([("page", "9223372036854775807")])?.malformed == false)
        #expect(error([("page", "10002"), ("per_page", "100")])?.fields["page"] == PageBounds.rule)
        #expect(try parse([("page", "10001"), ("per_page", "100")]).page == 10_001)
    }

    @Test("a facet with more than 50 different values breaks a rule (422) naming it; repeated values count once")
    func facetValueCap() throws {
        let many = (0...50).map { "v\($0)" }.joined(separator: ",")
        #expect(error([("tag", many), ("country", many)])?.fields.keys.sorted() == ["country"])
        #expect(error([("country", many)])?.fields["country"] == "must list at most 50 different values (it has 51)")
        let repeated = Array(repeating: ("country", "FR"), count: 200)
        #expect(try parse(repeated).countries == ["FR"])
    }

    @Test("per_page over 100 breaks a rule (422); per_page that is not a number is malformed (400)")
    func perPage() {
        // when
        let tooMany = error([("per_page", "101")])
        let notANumber = error([("per_page", "lots")])
        // then
        #expect(tooMany?.malformed == false)
        #expect(tooMany?.fields["per_page"] == "must be a whole number from 1 to 100")
        #expect(notANumber?.malformed == true)
        #expect(notANumber?.fields["per_page"] == "must be a whole number from 1 to 100")
    }

    @Test("taxonomy ids that are not numbers are malformed (400)", arguments: ["sector", "ecosystem", "emerging"])
    func idsNotNumbers(parameter: String) {
        // when
        let e = error([(parameter, "abc")])
        // then
        #expect(e?.malformed == true)
        #expect(e?.fields[parameter]?.contains("abc is not a number") == true)
    }

    @Test("unknown taxonomy ids break a rule (422) and say which ids exist", arguments: ["sector", "ecosystem", "emerging"])
    func unknownIDs(parameter: String) {
        // when
        let e = error([(parameter, "999")])
        // then
        #expect(e?.malformed == false)
        #expect(e?.fields[parameter]?.contains("999 is not one") == true)
        #expect(e?.fields[parameter]?.contains("from 1 to") == true)
    }

    @Test("an unknown country code breaks a rule (422) and names the code")
    func unknownCountry() {
        // when
        let e = error([("country", "FR,XX")])
        // then
        #expect(e?.malformed == false)
        #expect(e?.fields["country"] == "must be ISO 3166 alpha-2 country codes such as FR, DE or GR; XX is not one")
    }

    @Test("an unknown region code breaks a rule (422)")
    func unknownRegion() {
        // when
        let e = error([("region", "FR999")])
        // then
        #expect(e?.malformed == false)
        #expect(e?.fields["region"]?.contains("FR999 is not one") == true)
    }

    @Test("an unknown type lists the allowed codes")
    func unknownType() {
        // when
        let e = error([("type", "company")])
        // then
        #expect(e?.malformed == false)
        #expect(e?.fields["type"] == "must be one of: \(OrganisationType.codes); company is not one")
    }

    @Test("unknown technology, label, size and sort values break rules (422), each naming its parameter")
    func unknownCodes() {
        // when
        let e = error([("technology", "KET2030-1"), ("label", "platinum"), ("size", "huge"), ("sort", "popular")])
        // then
        #expect(e?.malformed == false)
        #expect(e?.fields["technology"]?.contains("KET2009-1") == true)
        #expect(e?.fields["label"] == "must be one of: bronze, silver, gold; platinum is not one")
        #expect(e?.fields["size"] == "must be one of: \(SizeBand.codes); huge is not one")
        #expect(e?.fields["sort"] == "must be one of: relevance, name, members, newest; popular is not one")
    }

    @Test("q longer than 200 characters breaks a rule (422)")
    func longText() throws {
        // when
        let e = error([("q", String(repeating: "a", count: 201))])
        // then
        #expect(e?.malformed == false)
        #expect(e?.fields["q"]?.hasPrefix("must be at most 200 characters") == true)
        #expect(try parse([("q", String(repeating: "a", count: 200))]).text.count == 200)
    }

    @Test("all broken parameters are reported at once; one unparsable value makes the whole error malformed")
    func allErrorsAtOnce() {
        // when
        let e = error([("country", "XX"), ("page", "x"), ("sort", "y")])
        // then
        #expect(e?.malformed == true)
        #expect(Set(e?.fields.keys.map { $0 } ?? []) == ["country", "page", "sort"])
    }

    @Test("parameters give back the URL parameters that parse to the same query")
    func parametersRoundTrip() throws {
        // given
        let query = DirectoryQuery(
            text: "smart grids", countries: ["FR", "DE"], regions: ["FR10"], types: [.clusterProject],
            sectors: [4, 5], ecosystems: [1], emergingIndustries: [3], technologies: ["KET2018-5"],
            labels: [.silver], sizes: [.from500], sort: .members, page: 2, perPage: 50)
        // when
        let parsed = try parse(query.parameters)
        // then
        #expect(parsed == query)
        #expect(DirectoryQuery().parameters.isEmpty)
    }
}

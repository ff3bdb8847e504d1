import ClusterCollabCore
@testable import ClusterCollabWeb
import Foundation
import FoundationXML
import Hummingbird
import HummingbirdTesting
import Testing

/// `/map` (issue 14, item 1): the directory's query as a map of Europe drawn by the server, with the
/// same counts as the directory's country facet, each country linked to the directory filtered to it.
@Suite struct MapPagesTests {
    /// The inline SVG of a map page.
    static func svg(_ html: String) throws -> String {
        let start = try #require(html.range(of: "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1000 820\""))
        let end = try #require(html.range(of: "</svg>", range: start.upperBound..<html.endIndex))
        return String(html[start.lowerBound..<end.upperBound])
    }

    @Test func theMapOfAQueryHasTheDirectorysCountsAndLinksToIt() async throws {
        try await withApp { client, _ in
            // given the directory's country counts for drone organisations
            let api = try await client.get("/api/v1/organisations?q=drone").json
            let facets = try #require(api["facets"] as? [String: Any])
            let countries = try #require(facets["country"] as? [[String: Any]])
            #expect(!countries.isEmpty)
            // when a visitor opens the map of the same query
            let page = try await client.get("/map?q=drone", headers: htmlAccept)
            #expect(page.status == .ok)
            let svg = try Self.svg(page.text)
            // then the drawing is XML, and every country of the facet is a link to the filtered directory
            // titled with its count, and is a row of the table
            #expect(XMLParser(data: Data(svg.utf8)).parse(), "the map is not well-formed XML")
            for value in countries {
                let code = try #require(value["value"] as? String), count = try #require(value["count"] as? Int)
                let label = try #require(value["label"] as? String)
                #expect(svg.contains("<a href=\"/organisations?q=drone&amp;country=\(code)\">"), "\(code)")
                #expect(svg.contains("<title>\(label): \(count) organisation"), "\(label): \(count)")
                #expect(page.text.contains("<th scope=\"row\"><a href=\"/organisations?q=drone&amp;country=\(code)\">\(label)</a></th><td>\(count)</td>"))
            }
            #expect(page.text.contains("\(api["total"] as? Int ?? -1) organisation"))
            // and a country without drone organisations is grey, with its title and no link
            #expect(svg.contains(": 0 organisations</title>"))
            // and the facets beside it narrow the map, not the directory
            #expect(page.text.contains("href=\"/map?q=drone&amp;type="))
        }
    }

    @Test func badFiltersAreNamedAndTheMapIsInTheVisitorsLanguage() async throws {
        try await withApp { client, _ in
            let bad = try await client.get("/map?country=ZZ", headers: htmlAccept)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("<strong>Country</strong>"))
            #expect(!bad.text.contains("viewBox=\"0 0 1000 820\""))
            let french = try await client.get("/map?lang=fr", headers: htmlAccept)
            #expect(french.status == .ok)
            #expect(try Self.svg(french.text).contains("<title>Allemagne : "), "country names and titles in French")
            // what the visitor typed comes back escaped
            let typed = try await client.get("/map?q=%3Cscript%3E", headers: htmlAccept)
            #expect(!typed.text.contains("<script>") && typed.text.contains("&lt;script&gt;"))
        }
    }

    @Test func aNewlyPublishedOrganisationIsOnTheMapAtOnce() async throws {
        try await withApp(demo: false) { client, platform in
            #expect(try Self.svg(try await client.get("/map", headers: htmlAccept).text).contains("<title>Malta: 0 organisations</title>"))
            _ = try await platform.organisations.create(
                Organisation(name: "Maltese Maritime Cluster", type: .clusterOrganisation, country: "MT", status: .published))
            try await platform.directory.refresh()
            let svg = try Self.svg(try await client.get("/map", headers: htmlAccept).text)
            #expect(svg.contains("<title>Malta: 1 organisation</title>"), "the kept page was not dropped when the directory changed")
            #expect(svg.contains("<a href=\"/organisations?country=MT\">"))
        }
    }
}

/// `/map/{country}`: a country's regions as a ranked bar chart and a table.
@Suite struct MapCountryPagesTests {
    @Test func aCountrysRegionsAreRankedWithTheirNUTS3RegionsBelowThem() async throws {
        try await withApp(demo: false) { client, platform in
            func add(_ name: String, _ country: String, _ region: String?) async throws {
                _ = try await platform.organisations.create(
                    Organisation(name: name, type: .clusterOrganisation, country: country, region: region, status: .published))
            }
            try await add("Paris Drones", "FR", "FR101")
            try await add("Essonne Drones", "FR", "FR104")
            try await add("Ile-de-France Robotics", "FR", "FR10")
            try await add("Lyon Textiles", "FR", "FRK26")
            try await add("Nowhere Cluster", "FR", nil)
            _ = try await platform.organisations.create(
                Organisation(name: "Draft Cluster", type: .clusterOrganisation, country: "FR", region: "FRK26", status: .draft))
            let page = try await client.get("/map/FR", headers: htmlAccept)
            #expect(page.status == .ok)
            let html = page.text
            #expect(html.contains("4 organisations") == false && html.contains("5 organisations"), "drafts are not counted")
            // Île-de-France counts its own organisation and those of its NUTS 3 regions, and comes first
            let ile = try #require(html.range(of: "<title>Ile-de-France: 3 organisations</title>"))
            let rhone = try #require(html.range(of: "<title>Rhône-Alpes: 1 organisation</title>"))
            #expect(ile.lowerBound < rhone.lowerBound)
            #expect(html.contains("<title>Paris: 1 organisation</title>"))
            #expect(html.contains("<a href=\"/organisations?country=FR&amp;region=FR10\">"))
            #expect(html.contains("No region given"))
            #expect(
                XMLParser(
                    data: Data(
                        try #require(html.components(separatedBy: "<figure class=\"bar-chart\">").dropFirst().first?.components(separatedBy: "</figure>").first)
                            .utf8)
                ).parse())
            #expect(try await client.get("/map/ZZ", headers: htmlAccept).status == .notFound)
            #expect(try await client.get("/map/" + String(repeating: "x", count: 300), headers: htmlAccept).status == .notFound)
        }
    }

    @Test func whereThereAreNoStatisticalRegionsTheWrittenOnesAreListedEscaped() async throws {
        try await withApp(demo: false) { client, platform in
            let country = try #require(platform.reference.countries.first { platform.reference.regions(country: $0.code, level: 2).isEmpty })
            _ = try await platform.organisations.create(
                Organisation(name: "Valley Cluster", type: .clusterOrganisation, country: country.code, region: "<b>Valley</b> & hills", status: .published))
            let page = try await client.get("/map/\(country.code)", headers: htmlAccept)
            #expect(page.status == .ok)
            #expect(page.text.contains("&lt;b&gt;Valley&lt;/b&gt; &amp; hills"))
            #expect(!page.text.contains("<b>Valley</b>"))
            #expect(page.text.contains("as the organisations wrote them"))
        }
    }

    @Test func aCountrysRegionsNarrowToTheDirectorysQueryAndTheMapLinksKeepIt() async throws {
        try await withApp { client, _ in
            let map = try await client.get("/map?q=drone", headers: htmlAccept)
            #expect(map.text.contains("href=\"/map/FR?q=drone\""), "the map's rows open the country's regions for the same query")
            #expect(map.text.contains("<script src=\"/static/chart-hover.js\" defer></script>"), "the hover details' script")
            let api = try await client.get("/api/v1/organisations?q=drone&country=FR").json
            let total = try #require(api["total"] as? Int)
            let regions = try #require((api["facets"] as? [String: Any])?["region"] as? [[String: Any]])
            #expect(!regions.isEmpty)
            let page = try await client.get("/map/FR?q=drone", headers: htmlAccept)
            #expect(page.status == .ok)
            let html = page.text
            #expect(html.contains(">\(total) organisation"), "the country's matches")
            // each NUTS 2 region's count is the directory's region facet for the query in this country
            for region in regions {
                let code = try #require(region["value"] as? String), count = try #require(region["count"] as? Int)
                let row = try Regex("region=\(code)\">[^<]*</a></th><td>\(count)</td>")
                #expect(html.contains("<a href=\"/organisations?q=drone&amp;country=FR&amp;region=\(code)\">") && html.contains(row), "\(code): \(count)")
            }
            #expect(html.contains("href=\"/map?q=drone\""), "back to the map of the same query")
            let bad = try await client.get("/map/FR?type=nothing", headers: htmlAccept)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("<strong>Type</strong>"))
        }
    }
}

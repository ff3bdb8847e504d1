import ClusterCollabCore
@testable import ClusterCollabWeb
import Foundation
import FoundationXML
import Hummingbird
import HummingbirdTesting
import Testing

/// `/statistics`, `/api/v1/statistics/...` and `/api/v1/catalogue` (issue 14, items 2 and 4, first part):
/// the directory's own counts as server-drawn charts with CSV and JSON downloads, and a DCAT-AP catalogue.
@Suite struct StatisticsTests {
    @Test func theChartsAreTheDirectorysCountsAndDownloadAsCSVAndJSON() async throws {
        try await withApp { client, _ in
            let api = try await client.get("/api/v1/organisations").json
            let facets = try #require(api["facets"] as? [String: Any])
            let page = try await client.get("/statistics", headers: htmlAccept)
            #expect(page.status == .ok)
            let charts = page.text.components(separatedBy: "<figure class=\"bar-chart\">").dropFirst().compactMap {
                $0.components(separatedBy: "</figure>").first
            }
            #expect(charts.count == 8, "one chart per dimension")
            for chart in charts { #expect(XMLParser(data: Data(chart.utf8)).parse(), "a chart is not well-formed XML") }
            for name in ["country", "type", "sector", "ecosystem", "emerging", "technology", "label", "size"] {
                let values = try #require(facets[name] as? [[String: Any]], "\(name)")
                let json = try await client.get("/api/v1/statistics/\(name)").json
                let items = try #require(json["items"] as? [[String: Any]])
                // the same values and counts as the directory's facet, most first
                #expect(items.map { $0["value"] as? String } == values.map { $0["value"] as? String }, "\(name)")
                #expect(items.map { $0["count"] as? Int } == values.map { $0["count"] as? Int }, "\(name)")
                #expect(json["total"] as? Int == api["total"] as? Int)
                #expect(page.text.contains("href=\"/api/v1/statistics/\(name).csv\""))
                let csv = try await client.get("/api/v1/statistics/\(name).csv")
                #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
                let lines = csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
                #expect(lines.first == "\(name),label,organisations")
                #expect(lines.count == items.count + 1, "\(name): a line per value")
            }
            // each bar is titled with its count and opens the directory filtered to it
            let france = try #require((facets["country"] as? [[String: Any]])?.first { $0["value"] as? String == "FR" }?["count"] as? Int)
            #expect(page.text.contains("<a href=\"/organisations?country=FR\"><g><title>France: \(france) organisation"))
            #expect(try await client.get("/api/v1/statistics/colour").status == .notFound)
            #expect(try await client.get("/api/v1/statistics/country.xlsx").status == .notFound)
            let index = try await client.get("/api/v1/statistics").json
            #expect((index["items"] as? [[String: Any]])?.count == 8)
        }
    }

    @Test func theStatisticsFollowTheDirectory() async throws {
        try await withApp(demo: false) { client, platform in
            #expect(try await client.get("/statistics", headers: htmlAccept).text.contains("0 published organisations"))
            _ = try await platform.organisations.create(
                Organisation(name: "Maltese Maritime Cluster", type: .clusterOrganisation, country: "MT", status: .published))
            try await platform.directory.refresh()
            let page = try await client.get("/statistics", headers: htmlAccept)
            #expect(page.text.contains("1 published organisation"), "the kept page was not dropped when the directory changed")
            #expect(page.text.contains("<title>Malta: 1 organisation</title>"))
        }
    }

    @Test func theCatalogueDescribesTheOpenDataInDCAT() async throws {
        try await withApp { client, _ in
            let r = try await client.get("/api/v1/catalogue")
            #expect(r.status == .ok)
            #expect(r.headers[.contentType] == "application/ld+json; charset=utf-8")
            let catalogue = try #require(try JSONSerialization.jsonObject(with: Data(r.text.utf8)) as? [String: Any])
            #expect(catalogue["@type"] as? String == "dcat:Catalog")
            #expect((catalogue["@context"] as? [String: String])?["dcat"] == "http://www.w3.org/ns/dcat#")
            let datasets = try #require(catalogue["dcat:dataset"] as? [[String: Any]])
            #expect(datasets.count == 2)
            for dataset in datasets {
                #expect(dataset["@type"] as? String == "dcat:Dataset")
                #expect((dataset["dct:license"] as? [String: String])?["@id"] == "https://creativecommons.org/licenses/by/4.0/")
                // every distribution answers, with the media type it names
                for distribution in try #require(dataset["dcat:distribution"] as? [[String: Any]]) {
                    let url = try #require((distribution["dcat:accessURL"] as? [String: String])?["@id"])
                    let path = String(url.dropFirst("https://clusters.example.eu".count))
                    let answer = try await client.get(path)
                    #expect(answer.status == .ok, "\(path)")
                    #expect(answer.headers[.contentType]?.hasPrefix(try #require(distribution["dcat:mediaType"] as? String)) == true, "\(path)")
                }
            }
        }
    }
}

import ClusterCollabCore
import ClusterCollabMatching
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
            #expect(charts.count == 9, "one chart per dimension, and the members by kind")
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
            #expect(
                (index["items"] as? [[String: Any]])?.compactMap { $0["dimension"] as? String }
                    == ["country", "type", "sector", "ecosystem", "emerging", "technology", "label", "size", "members", "growth", "activity"])
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

    static func day(_ year: Int, _ month: Int, _ day: Int) -> Date {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        return utc.date(from: DateComponents(year: year, month: month, day: day, hour: 12))!
    }

    @Test func growthAndActivityAreCountedPerMonthWithEmptyMonthsAtZero() async throws {
        try await withApp(demo: false) { client, platform in
            var first: Int64 = 0
            for (name, at) in [("Alpha", Self.day(2024, 1, 10)), ("Beta", Self.day(2024, 1, 31)), ("Gamma", Self.day(2024, 3, 5))] {
                let stored = try await platform.organisations.create(
                    Organisation(name: name + " Cluster", type: .clusterOrganisation, country: "FR", status: .published), now: at)
                if first == 0 { first = stored.id }
            }
            _ = try await platform.organisations.create(
                Organisation(name: "Draft Cluster", type: .clusterOrganisation, country: "FR", status: .draft), now: Self.day(2024, 4, 1))
            try await platform.directory.refresh()
            let growth = try await client.get("/api/v1/statistics/growth").json
            #expect(growth["total"] as? Int == 3)
            let items = try #require(growth["items"] as? [[String: Any]])
            #expect(items.map { $0["month"] as? String } == ["2024-01", "2024-02", "2024-03"])
            #expect(items.map { $0["published"] as? Int } == [2, 0, 1])
            #expect(items.map { $0["total"] as? Int } == [2, 2, 3])
            let csv = try await client.get("/api/v1/statistics/growth.csv")
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty } == ["month,published,total", "2024-01,2,2", "2024-02,0,2", "2024-03,1,3"])

            // A kept answer is dropped when the directory changes.
            _ = try await platform.organisations.create(
                Organisation(name: "Delta Cluster", type: .clusterOrganisation, country: "FR", status: .published), now: Self.day(2024, 3, 9))
            try await platform.directory.refresh()
            #expect(try await client.get("/api/v1/statistics/growth").json["total"] as? Int == 4)
            #expect(try await client.get("/api/v1/statistics/growth?country=ZZ").status == .unprocessableContent)

            // Nothing happened yet: an empty activity, and the page says so.
            #expect((try await client.get("/api/v1/statistics/activity").json["items"] as? [Any])?.isEmpty == true)
            var input = PartnerSearchInput()
            input.title = "Drones for industry"; input.kind = "project-consortium"
            input.description = "A consortium for drones in industrial modernisation."; input.competences = ["keyword:drone"]
            _ = try await platform.partnerSearches.create(
                try input.applied(to: nil, ownerID: first, reference: platform.reference, today: "2024-02-01"), createdBy: nil, actor: "test",
                now: Self.day(2024, 2, 14))
            let activity = try await client.get("/api/v1/statistics/activity.csv")
            #expect(
                activity.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
                    == ["month,partner_searches,expressions_of_interest,partnerships", "2024-02,1,0,0"])

            let page = try await client.get("/statistics", headers: htmlAccept)
            let charts = page.text.components(separatedBy: "<figure class=\"line-chart\">").dropFirst().compactMap {
                $0.components(separatedBy: "</figure>").first
            }
            #expect(charts.count == 3, "published per month, in all, and the activity")
            for chart in charts { #expect(XMLParser(data: Data(chart.utf8)).parse(), "a chart is not well-formed XML") }
            #expect(page.text.contains("<title>Published in the month, January 2024: 2</title>"))
            #expect(page.text.contains("<title>Published in all, February 2024: 2</title>"))
            #expect(page.text.contains("<title>Partner searches opened, February 2024: 1</title>"))
            #expect(page.text.contains("<th scope=\"row\">March 2024</th><td>2</td><td>4</td>"))
            #expect(page.text.contains("href=\"/api/v1/statistics/growth.csv\"") && page.text.contains("href=\"/api/v1/statistics/activity\""))
            let french = try await client.get("/statistics?lang=fr", headers: htmlAccept)
            #expect(french.text.contains("janvier 2024"))
            #expect(page.text.contains("<script src=\"/static/chart-hover.js\" defer></script>"), "the hover details' script")
        }
    }

    @Test func theStatisticsOfAQueryAreTheDirectorysCountsForIt() async throws {
        try await withApp { client, _ in
            let query = "q=drone&type=cluster-organisation"
            let api = try await client.get("/api/v1/organisations?\(query)").json
            let facets = try #require(api["facets"] as? [String: Any])
            let everything = try #require(try await client.get("/api/v1/organisations").json["total"] as? Int)
            #expect((api["total"] as? Int ?? 0) > 0 && (api["total"] as? Int ?? 0) < everything, "the query narrows")
            for name in ["country", "type", "sector", "ecosystem", "emerging", "technology", "label", "size"] {
                let values = try #require(facets[name] as? [[String: Any]], "\(name)")
                let json = try await client.get("/api/v1/statistics/\(name)?\(query)").json
                let items = try #require(json["items"] as? [[String: Any]])
                #expect(items.map { $0["value"] as? String } == values.map { $0["value"] as? String }, "\(name)")
                #expect(items.map { $0["count"] as? Int } == values.map { $0["count"] as? Int }, "\(name)")
                #expect(json["total"] as? Int == api["total"] as? Int)
                let csv = try await client.get("/api/v1/statistics/\(name).csv?\(query)")
                #expect(csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == items.count + 1, "\(name)")
            }
            let page = try await client.get("/statistics?\(query)", headers: htmlAccept)
            #expect(page.status == .ok)
            #expect(page.text.contains("\(api["total"] as? Int ?? -1) published organisation"))
            #expect(page.text.contains("value=\"drone\""), "the search box keeps the text")
            // the downloads, the facets and the map keep the query; each bar adds its value to it
            #expect(page.text.contains("href=\"/api/v1/statistics/country.csv?q=drone&amp;type=cluster-organisation\""))
            #expect(page.text.contains("href=\"/statistics?q=drone&amp;type=cluster-organisation&amp;"))
            #expect(page.text.contains("href=\"/map?q=drone&amp;type=cluster-organisation\""))
            #expect(page.text.contains("<a href=\"/organisations?q=drone&amp;type=cluster-organisation&amp;country=FR\"><g><title>France: "))
            #expect(!page.text.contains("<figure class=\"line-chart\">"), "growth and activity count the whole platform")
            // bad filters are named, on the page and in the API
            let bad = try await client.get("/statistics?country=ZZ", headers: htmlAccept)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("<strong>Country</strong>") && !bad.text.contains("<figure"))
            let badAPI = try await client.get("/api/v1/statistics/type.csv?country=ZZ")
            #expect(badAPI.status == .unprocessableContent)
            let fields = try badAPI.json["fields"] as? [String: Any]
            #expect(fields?["country"] != nil)
        }
    }

    @Test func membersByKindAreSummedOverTheOrganisationsOfTheQuery() async throws {
        try await withApp(demo: false) { client, platform in
            let members: [(String, String, MemberCounts)] = [
                ("Drone Valley", "FR", MemberCounts(total: 40, sme: 30, large: 5, research: 2, university: 1, publicBodies: 2)),
                ("Drone Coast", "ES", MemberCounts(total: 12, sme: 10, large: 1, other: 1)),
                ("Textile Hub", "FR", MemberCounts(total: 100, sme: 90, large: 10)),
                ("Drone Silence", "IT", MemberCounts()),
            ]
            for (name, country, counts) in members {
                _ = try await platform.organisations.create(
                    Organisation(name: name, type: .clusterOrganisation, country: country, members: counts, status: .published))
            }
            try await platform.directory.refresh()
            let json = try await client.get("/api/v1/statistics/members?q=drone").json
            #expect(json["total"] as? Int == 3, "the organisations counted, one without a breakdown among them")
            let items = try #require(json["items"] as? [[String: Any]])
            #expect(items.map { $0["value"] as? String } == ["sme", "large", "research", "university", "public_bodies", "other"])
            #expect(items.map { $0["count"] as? Int } == [40, 6, 2, 1, 2, 1])
            #expect(items.first?["label"] as? String == "SMEs")
            let csv = try await client.get("/api/v1/statistics/members.csv?q=drone&country=FR")
            #expect(csv.headers[.contentDisposition]?.contains("members-by-kind.csv") == true)
            #expect(
                csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty } == [
                    "kind,label,members", "sme,SMEs,30", "large,Large companies,5", "research,Research and technology organisations,2",
                    "university,Universities,1", "public_bodies,Public bodies,2", "other,Other,0",
                ])
            let all = try await client.get("/api/v1/statistics/members").json
            #expect((all["items"] as? [[String: Any]])?.first?["count"] as? Int == 130)
            let page = try await client.get("/statistics?q=drone", headers: htmlAccept)
            #expect(page.text.contains("<title>SMEs: 40 members</title>"))
            #expect(page.text.contains("<th scope=\"row\">Large companies</th><td>6</td>"))
            #expect(page.text.contains("href=\"/api/v1/statistics/members.csv?q=drone\""))
            let french = try await client.get("/statistics?q=drone&lang=fr", headers: htmlAccept)
            #expect(french.text.contains("<title>PME : 40 membres</title>") || french.text.contains(" : 40 membres</title>"))
        }
    }
}

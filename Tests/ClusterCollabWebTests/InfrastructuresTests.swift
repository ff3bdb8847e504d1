import ClusterCollabCore
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `/infrastructures` and `/api/v1/infrastructures` (issue 14, item 5): the infrastructures published
/// organisations offer, filtered by kind and country like the directory, and the directory's own
/// `infrastructure` facet.
@Suite struct InfrastructuresTests {
    @Test func theTestBedsOfFranceAreTheDirectorysOrganisationsOfferingOne() async throws {
        try await withApp { client, platform in
            // given the directory's organisations in France offering a test bed
            let directory = try await client.get("/api/v1/organisations?infrastructure=test-bed&country=FR&per_page=100").json
            let expected = try #require(directory["items"] as? [[String: Any]]).compactMap { $0["slug"] as? String }
            #expect(expected.count >= 2, "the demo has test beds in France")
            #expect(directory["total"] as? Int == expected.count)
            // when the API lists the infrastructures of the same query
            let api = try await client.get("/api/v1/infrastructures?infrastructure=test-bed&country=FR&per_page=100").json
            let items = try #require(api["items"] as? [[String: Any]])
            // then the same organisations come, each with only its test beds, described
            #expect(api["total"] as? Int == expected.count)
            #expect(items.compactMap { ($0["organisation"] as? [String: Any])?["slug"] as? String } == expected)
            for item in items {
                let organisation = try #require(item["organisation"] as? [String: Any])
                #expect(organisation["country"] as? String == "FR")
                #expect((organisation["url"] as? String)?.hasPrefix("https://clusters.example.eu/organisations/") == true)
                let offered = try #require(item["infrastructures"] as? [[String: Any]])
                #expect(!offered.isEmpty && offered.allSatisfy { $0["kind"] as? String == "test-bed" && $0["label"] as? String == "Test bed" })
                #expect(offered.allSatisfy { !(($0["description"] as? String) ?? "").isEmpty })
                // and each one is what the profile says
                let slug = try #require(organisation["slug"] as? String)
                let profile = try #require(try await platform.organisations.find(slug: slug))
                #expect(offered.map { $0["description"] as? String } == profile.infrastructures.filter { $0.kind == .testBed }.map(\.detail))
            }
            // and the page lists them too, with the kind in words and links to the profiles
            let page = try await client.get("/infrastructures?infrastructure=test-bed&country=FR", headers: htmlAccept)
            #expect(page.status == .ok)
            #expect(page.text.contains("\(expected.count) organisations offer them"))
            for slug in expected.prefix(20) { #expect(page.text.contains("href=\"/organisations/\(slug)\""), "\(slug)") }
            #expect(page.text.contains("<strong>Test bed</strong>: "))
            #expect(!page.text.contains("<strong>Fab lab</strong>"), "only the chosen kind is listed")
            // with the map and the directory of the same organisations one click away
            #expect(
                page.text.contains("href=\"/map?country=FR&amp;infrastructure=test-bed\"")
                    || page.text.contains("href=\"/map?infrastructure=test-bed&amp;country=FR\""))
        }
    }

    @Test func withoutAKindEveryOrganisationOfferingSomethingIsListedAndTheFacetCountsEachKind() async throws {
        try await withApp { client, _ in
            let all = try await client.get("/api/v1/infrastructures?per_page=100").json
            let facets = try #require(try await client.get("/api/v1/organisations?per_page=1").json["facets"] as? [String: Any])
            let kinds = try #require(facets["infrastructure"] as? [[String: Any]])
            #expect(Set(kinds.compactMap { $0["value"] as? String }).isSubset(of: Set(Infrastructure.Kind.allCases.map(\.code))))
            #expect(kinds.count >= 4, "the demo offers several kinds")
            // every kind's organisations are among "all", and "all" is at most the sum of the kinds
            let total = try #require(all["total"] as? Int)
            let sum = kinds.compactMap { $0["count"] as? Int }.reduce(0, +)
            let largest = kinds.compactMap { $0["count"] as? Int }.max() ?? 0
            #expect(total >= largest && total <= sum)
            for kind in kinds {
                let code = try #require(kind["value"] as? String)
                let one = try await client.get("/api/v1/infrastructures?infrastructure=\(code)&per_page=1").json
                #expect(one["total"] as? Int == kind["count"] as? Int, "\(code)")
            }
            // and the page's kind facet links narrow this page
            let page = try await client.get("/infrastructures", headers: htmlAccept)
            #expect(page.text.contains("href=\"/infrastructures?infrastructure=test-bed\""))
            #expect(page.text.contains("\(total) organisations offer them"))
        }
    }

    @Test func aNewlyPublishedTestBedIsListedAtOnceThoughPagesAreKept() async throws {
        try await withApp { client, platform in
            let before = try await client.get("/infrastructures?infrastructure=test-bed&country=EE", headers: htmlAccept)
            #expect(!before.text.contains("Tallinn Drone Proving Ground"))
            _ = try await platform.createOrganisation(
                Organisation(
                    name: "Tallinn Drone Proving Ground", type: .clusterOrganisation, country: "EE", region: "EE00",
                    infrastructures: [Infrastructure(kind: .testBed, detail: "beyond-visual-line-of-sight corridor")], status: .published))
            let after = try await client.get("/infrastructures?infrastructure=test-bed&country=EE", headers: htmlAccept)
            #expect(after.text.contains("Tallinn Drone Proving Ground"))
            #expect(after.text.contains("beyond-visual-line-of-sight corridor"))
        }
    }

    @Test func badKindsAndPagesAreNamedAndTheListIsInTheVisitorsLanguage() async throws {
        try await withApp { client, _ in
            let bad = try await client.get("/api/v1/infrastructures?infrastructure=spaceport")
            #expect(bad.status == .unprocessableContent)
            let fields = try #require(bad.json["fields"] as? [String: String])
            #expect(fields["infrastructure"]?.contains("test-bed") == true)
            #expect(try await client.get("/api/v1/infrastructures?page=abc").status == .badRequest)
            let page = try await client.get("/infrastructures?infrastructure=spaceport", headers: htmlAccept)
            #expect(page.status == .unprocessableContent)
            #expect(page.text.contains("<strong>infrastructure</strong>") || page.text.contains("<strong>Innovation infrastructure</strong>"))
            // what the visitor typed comes back escaped
            let typed = try await client.get("/infrastructures?q=%3Cscript%3E", headers: htmlAccept)
            #expect(typed.status == .ok)
            #expect(!typed.text.contains("<script>alert") && typed.text.contains("&lt;script&gt;"))
            let french = try await client.get("/infrastructures?infrastructure=test-bed&lang=fr", headers: htmlAccept)
            #expect(french.text.contains("<h1>Infrastructures d’innovation</h1>"))
            #expect(french.text.contains("<strong>Banc d'essai</strong>") || french.text.contains("<strong>Banc d&#39;essai</strong>"))
        }
    }

    @Test func theDirectoryPageOffersTheInfrastructureFacet() async throws {
        try await withApp { client, _ in
            let page = try await client.get("/organisations?infrastructure=test-bed", headers: htmlAccept)
            #expect(page.status == .ok)
            #expect(page.text.contains("<summary>Innovation infrastructure</summary>"))
            #expect(page.text.contains("Test bed ×"), "the chosen kind is an active filter")
            let map = try await client.get("/map?infrastructure=test-bed", headers: htmlAccept)
            #expect(map.status == .ok)
            #expect(map.text.contains("href=\"/map?infrastructure=test-bed&amp;country="))
        }
    }
}

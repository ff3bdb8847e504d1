import ClusterCollabCalls
import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabStorage
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The site search through the header's box, the page and the API, on the demo: every public kind with
/// its count, words folded, nothing unpublished, one kind page by page, and bad input named.
@Suite struct SiteSearchTests {
    static let kinds = ["organisations", "partner-searches", "calls", "news", "events", "documents", "funding-opportunities"]

    /// A published call and drafts of a call, an article and an event, all about drones.
    static func addDroneCallAndDrafts(_ platform: Platform) async throws {
        let now = Date()
        for state in [Call.State.published, .draft] {
            _ = try await platform.calls.create(
                Call(
                    title: "Drone corridors \(state.rawValue) call", programme: "ESCP-S3", description: "Consortia flying drones.",
                    thematicAreas: ["Industrial modernisation"], opensAt: now.addingTimeInterval(-86_400), closesAt: now.addingTimeInterval(30 * 86_400),
                    timeZone: "Europe/Brussels", state: state), actor: "test")
        }
        _ = try await platform.news.create(NewsArticle(title: "Drone draft article", summary: "Not for visitors yet.", body: "x"), actor: "test")
        _ = try await platform.events.create(
            Event(
                title: "Drone draft event", description: "Not for visitors yet.", kind: .webinar, startsAt: now.addingTimeInterval(86_400),
                endsAt: now.addingTimeInterval(90_000), timeZone: "Europe/Paris", onlineLink: "https://meet.example.eu/x"), actor: "test")
    }

    static func total(_ client: any TestClientProtocol, _ uri: String) async throws -> Int {
        try #require(try await client.get(uri).json["total"] as? Int, "\(uri)")
    }

    @Test func aQueryFindsEveryKindEachWithTheCountOfItsOwnList() async throws {
        try await withApp { client, platform in
            try await Self.addDroneCallAndDrafts(platform)
            // when the API is asked for "drone"
            let json = try await client.get("/api/v1/search?q=drone").json
            let counts = try #require(json["counts"] as? [String: Int])
            // then every kind has something, each as many as its own list finds
            #expect(Set(counts.keys) == Set(Self.kinds))
            #expect(Self.kinds.allSatisfy { (counts[$0] ?? 0) > 0 }, "\(counts)")
            #expect(counts["organisations"] == (try await Self.total(client, "/api/v1/organisations?q=drone")))
            #expect(counts["partner-searches"] == (try await Self.total(client, "/api/v1/partner-searches?q=drone")))
            #expect(counts["documents"] == (try await Self.total(client, "/api/v1/documents?q=drone")))
            #expect(counts["funding-opportunities"] == (try await Self.total(client, "/api/v1/funding-opportunities?q=drone&status=current")))
            // and neither the draft call, article nor event is found
            #expect(counts["calls"] == 1)
            let titles = try #require(json["items"] as? [[String: Any]]).compactMap { $0["title"] as? String }
            #expect(titles.contains("Drone corridors published call"))
            #expect(titles.contains("Drone test zones: a webinar for partner clusters"))
            #expect(!titles.contains { $0.contains("draft") }, "\(titles)")
            #expect(json["total"] as? Int == counts.values.reduce(0, +))
            // and the page shows the same counts as links narrowing to each kind, with the first few of each
            let page = try await client.get("/search?q=drone", headers: htmlAccept)
            #expect(page.status == .ok)
            #expect(page.text.contains("<a href=\"/search?q=drone&amp;kind=calls\">Calls <span class=\"count\">1</span></a>"), "\(page.text)")
            #expect(page.text.contains("<a href=\"/search?q=drone\" aria-current=\"page\">All <span class=\"count\">\(counts.values.reduce(0, +))</span>"))
            #expect(page.text.contains("Drone corridors published call"))
            #expect(!page.text.contains("Drone draft"))
        }
    }

    @Test func accentsAndCaseAreFolded() async throws {
        try await withApp { client, _ in
            // "ile-de-france" (no accent, lower case) finds the Île-de-France drone cluster and the founding story
            let json = try await client.get("/api/v1/search?q=ILE-DE-FRANCE%20drones").json
            let items = try #require(json["items"] as? [[String: Any]])
            #expect(items.contains { $0["kind"] as? String == "organisations" && $0["title"] as? String == "Pôle Drones Île-de-France" }, "\(items)")
            let organisations = try await client.get("/api/v1/search?q=p%C3%B4le%20drones%20ile-de-france&kind=organisations").json
            #expect(organisations["total"] as? Int == (try await Self.total(client, "/api/v1/organisations?q=p%C3%B4le%20drones%20ile-de-france")))
        }
    }

    @Test func aKindNarrowsTheResultsAndPagesThem() async throws {
        try await withApp { client, _ in
            // given more than 20 organisations about clusters
            let count = try await Self.total(client, "/api/v1/organisations?q=cluster")
            try #require(count > 20)
            // the page narrowed to organisations lists 20, links the next page, and marks its tab
            let first = try await client.get("/search?q=cluster&kind=organisations", headers: htmlAccept)
            #expect(first.status == .ok)
            #expect(first.text.components(separatedBy: "<li class=\"card\">").count - 1 == 20)
            #expect(first.text.contains("href=\"/search?q=cluster&amp;kind=organisations&amp;page=2\" rel=\"next\""))
            #expect(first.text.contains("aria-current=\"page\">Organisations <span class=\"count\">\(count)</span>"))
            #expect(first.text.contains("<input type=\"hidden\" name=\"kind\" value=\"organisations\">"), "searching again stays in the kind")
            let second = try await client.get("/search?q=cluster&kind=organisations&page=2", headers: htmlAccept)
            #expect(second.text.contains("rel=\"prev\""))
            // without a kind, a kind with more than three shows three and "see all"
            let all = try await client.get("/search?q=cluster", headers: htmlAccept)
            #expect(all.text.contains("<a href=\"/search?q=cluster&amp;kind=organisations\">See all \(count) results</a>"))
            // the API pages every kind's items one after the other: page 2 of 3 is the 4th to 6th of them all
            let everything = try #require(try await client.get("/api/v1/search?q=drone&per_page=100").json["items"] as? [[String: Any]])
            let page2 = try #require(try await client.get("/api/v1/search?q=drone&page=2&per_page=3").json["items"] as? [[String: Any]])
            #expect(page2.compactMap { $0["href"] as? String } == everything.dropFirst(3).prefix(3).compactMap { $0["href"] as? String })
            let kindOrder = everything.compactMap { $0["kind"] as? String }
            #expect(kindOrder == kindOrder.sorted { Self.kinds.firstIndex(of: $0)! < Self.kinds.firstIndex(of: $1)! }, "kinds in the fixed order")
            // and one kind in the API: its items only, total its count
            let news = try await client.get("/api/v1/search?q=drone&kind=news&per_page=1").json
            #expect((news["items"] as? [[String: Any]])?.allSatisfy { $0["kind"] as? String == "news" } == true)
            #expect(news["total"] as? Int == (news["counts"] as? [String: Int])?["news"])
        }
    }

    @Test func aKindThatIsNoneAndAnOverLongQueryAreNamed() async throws {
        try await withApp { client, _ in
            let long = String(repeating: "a", count: 201)
            let api = try await client.get("/api/v1/search?q=\(long)&kind=memos")
            #expect(api.status == .unprocessableContent)
            let fields = try #require(try api.json["fields"] as? [String: String])
            #expect(fields["kind"] == SiteSearchKind.rule)
            #expect(fields["q"] == "must be at most 200 characters")
            // the page answers 422 with the rule beside the box, in the page's language
            let page = try await client.get("/search?q=\(long)", headers: htmlAccept)
            #expect(page.status == .unprocessableContent)
            #expect(page.text.contains("<strong>Search</strong>: must be at most 200 characters"))
            let french = try await client.get("/search?q=drone&kind=memos", headers: [.accept: "text/html", .acceptLanguage: "fr"])
            #expect(french.status == .unprocessableContent)
            #expect(french.text.contains("doit être l’un de organisations, partner-searches"), "\(french.text)")
            // an empty kind in the API is refused as every empty parameter is
            #expect(try await client.get("/api/v1/search?q=drone&kind=").status == .badRequest)
            #expect(try await client.get("/api/v1/search?q=drone&colour=red").status == .badRequest)
        }
    }

    @Test func theQueryIsEchoedBackEscaped() async throws {
        try await withApp { client, _ in
            let page = try await client.get("/search?q=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E", headers: htmlAccept)
            #expect(page.status == .ok)
            #expect(!page.text.contains("<script>alert(1)"))
            #expect(page.text.contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""))
        }
    }

    @Test func anEmptyQueryShowsTheBoxAndNoResults() async throws {
        try await withApp { client, _ in
            for uri in ["/search", "/search?q=", "/search?q=%20%20&kind="] {
                let page = try await client.get(uri, headers: htmlAccept)
                #expect(page.status == .ok, "\(uri)")
                #expect(page.text.contains("<input id=\"q\" name=\"q\" type=\"search\" value=\"\""))
                #expect(!page.text.contains("class=\"search-kinds\"") && !page.text.contains("class=\"card\""))
            }
            let json = try await client.get("/api/v1/search").json
            #expect(json["total"] as? Int == 0 && (json["items"] as? [Any])?.isEmpty == true)
            #expect((json["counts"] as? [String: Int])?.values.allSatisfy { $0 == 0 } == true)
        }
    }

    @Test func everyPageHasTheHeadersLabelledSearchBox() async throws {
        try await withApp { client, _ in
            for uri in ["/", "/news", "/organisations?q=drone"] {
                let page = try await client.get(uri, headers: [.accept: "text/html", .acceptLanguage: "fr"])
                #expect(page.text.contains("<form class=\"site-search\" action=\"/search\" method=\"get\" role=\"search\""), "\(uri)")
                #expect(page.text.contains("<label for=\"site-q\" class=\"visually-hidden\">Rechercher sur le site</label>"), "\(uri)")
            }
        }
    }

    @Test func theAPIAnswersItsDocumentedShape() async throws {
        try await withApp { client, _ in
            let json = try await client.get("/api/v1/search?q=drone&kind=events&per_page=5").json
            #expect(Set(json.keys) == ["query", "kind", "counts", "items", "total", "page", "per_page"])
            #expect(json["query"] as? String == "drone" && json["kind"] as? String == "events")
            #expect(json["page"] as? Int == 1 && json["per_page"] as? Int == 5)
            let item = try #require((json["items"] as? [[String: Any]])?.first)
            #expect(Set(item.keys) == ["kind", "title", "href", "summary"])
            #expect((item["href"] as? String)?.hasPrefix("https://clusters.example.eu/events/") == true)
            #expect(json["kind"] != nil)
            let all = try await client.get("/api/v1/search?q=drone").json
            #expect(all["kind"] is NSNull)
        }
    }
}

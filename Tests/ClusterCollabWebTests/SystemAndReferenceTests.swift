@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct SystemAndReferenceTests {
    @Test func healthReportsTheDatabaseAndThePublishedCount() async throws {
        try await withApp { client, platform in
            let d = try await client.get("/health").json
            #expect(d["status"] as? String == "ok")
            #expect(d["database"] as? String == "sqlite")
            #expect(d["published_organisations"] as? Int == platform.directory.index.count)
            #expect(platform.directory.index.count > 200)
        }
    }

    @Test func metricsAreInPrometheusTextFormat() async throws {
        try await withApp(demo: false, configure: { $0.metricsToken = "metrics-secret" }) { client, _ in
            _ = try await client.get("/health")
            let r = try await client.get("/metrics", headers: [.authorization: "Bearer metrics-secret"])
            #expect(r.status == .ok)
            #expect(r.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(r.text.contains("# TYPE"))
        }
    }

    @Test func everyReferenceTableIsServed() async throws {
        try await withApp(demo: false) { client, _ in
            let expected = ["countries": 250, "sectors": 51, "ecosystems": 14, "emerging-industries": 10, "technologies": 12]
            for (kind, count) in expected {
                let d = try await client.get("/api/v1/reference/\(kind)").json
                #expect(d["total"] as? Int == count, "\(kind)")
            }
            #expect((try await client.get("/api/v1/reference/nace").json["total"] as? Int ?? 0) > 1000)
            #expect(try await client.get("/api/v1/reference/planets").status == .notFound)
        }
    }

    @Test func regionsFilterByCountryAndLevelWithGreeceUnderGR() async throws {
        try await withApp(demo: false) { client, _ in
            let d = try await client.get("/api/v1/reference/regions?country=GR&level=2").json
            let items = try #require(d["items"] as? [[String: Any]])
            #expect(!items.isEmpty)
            #expect(items.allSatisfy { $0["country"] as? String == "GR" && $0["level"] as? Int == 2 })
            #expect(items.contains { $0["code"] as? String == "EL30" })
            #expect(try await client.get("/api/v1/reference/regions?level=x").status == .badRequest)
            #expect(try await client.get("/api/v1/reference/regions?country=QQ").status == .unprocessableContent)
        }
    }

    @Test func anUnknownRouteAnswersTheErrorShapeOrAnHTMLPage() async throws {
        try await withApp(demo: false) { client, _ in
            let api = try await client.get("/api/v1/nothing")
            #expect(api.status == .notFound)
            #expect(try api.json["error"] as? String == "not found")
            let page = try await client.get("/nothing", headers: htmlAccept)
            #expect(page.status == .notFound)
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(page.text.contains("Page not found"))
        }
    }

    @Test func stylesheetScriptAndLivenessAreServed() async throws {
        try await withApp(demo: false) { client, _ in
            let css = try await client.get("/static/app.css")
            #expect(css.status == .ok)
            #expect(css.headers[.contentType]?.hasPrefix("text/css") == true)
            #expect(try await client.get("/static/suggest.js").text.contains("fetch("))
            #expect(try await client.get("/static/suggest.js").headers[.contentType]?.hasPrefix("text/javascript") == true)
            #expect(try await client.get("/static/missing.css").status == .notFound)
            #expect(try await client.get("/health/live").text == "ok")
        }
    }
}

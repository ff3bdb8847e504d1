import ClusterCollabCore
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// What the API does at its edges: who may comment, edits that change nothing, methods a path does not take.
@Suite struct APIBehaviourTests {
    @Test func aCommentWithTheOperatorTokenIs422LikeFollowAndStoresNothing() async throws {
        try await withApp { client, platform in
            let (search, _) = try await PartneringTests.demo(client, platform)
            let before = try await platform.partnerSearches.comments(searchID: search).count
            // when the operator, who is no account, comments
            let r = try await client.send(.post, "/api/v1/partner-searches/\(search)/comments", json: #"{"body":"Hello"}"#)
            // then it is refused as follow is, and nothing is stored
            #expect(r.status == .unprocessableContent)
            #expect((try r.json["error"] as? String)?.contains("operator token") == true)
            #expect(try await platform.partnerSearches.comments(searchID: search).count == before)
            let follow = try await client.send(.put, "/api/v1/partner-searches/\(search)/follow", json: "")
            #expect(follow.status == .unprocessableContent)
        }
    }

    @Test func anEmptyPatchOfAPartnerSearchChangesNeitherVersionNorUpdatedAt() async throws {
        try await withApp { client, platform in
            let (search, _) = try await PartneringTests.demo(client, platform)
            let before = try await client.get("/api/v1/partner-searches/\(search)").json
            // when nothing is sent, or only what is already there
            let title = try #require(before["title"] as? String)
            for body in ["{}", #"{"title": "\#(title)"}"#] {
                let r = try await client.send(.patch, "/api/v1/partner-searches/\(search)", json: body)
                #expect(r.status == .ok, "\(body): \(r.text)")
                let after = try r.json
                // then the search is as it was
                #expect(after["version"] as? Int == before["version"] as? Int, "\(body)")
                #expect(after["updated_at"] as? String == before["updated_at"] as? String, "\(body)")
            }
            // and a real change still counts
            let changed = try await client.send(.patch, "/api/v1/partner-searches/\(search)", json: #"{"title": "\#(title) (2)"}"#).json
            #expect(changed["version"] as? Int == (before["version"] as? Int ?? 0) + 1)
        }
    }

    @Test func anUnsupportedMethodOnAKnownPathIs405WithAllow() async throws {
        try await withApp(demo: false) { client, _ in
            for (method, path, allow) in [
                (HTTPRequest.Method.delete, "/api/v1/organisations", "GET, POST"),
                (.put, "/api/v1/organisations/12", "DELETE, GET, PATCH"),
                (.post, "/health", "GET"), (.patch, "/organisations", "GET"),
                // a literal segment wins over a capture, as in the router
                (.patch, "/api/v1/organisations/suggest", "GET"),
            ] {
                let r = try await client.execute(uri: path, method: method, headers: [:])
                #expect(r.status == .methodNotAllowed, "\(method) \(path): \(r.status)")
                #expect(r.headers[.allow] == allow, "\(method) \(path)")
                #expect(!r.text.contains("security token"), "\(method) \(path) answered with a CSRF message")
            }
            // an unknown path is still 404, and known methods still work
            #expect(try await client.execute(uri: "/no/such/page", method: .post, headers: [:]).status != .methodNotAllowed)
            #expect(try await client.get("/health").status == .ok)
            #expect(try await client.execute(uri: "/health", method: .head, headers: [:]).status != .methodNotAllowed)
        }
    }

    @Test func headIsAnsweredWhereverGetIsWithTheSameHeadersAndNoBody() async throws {
        try await withApp { client, _ in
            for path in ["/health/live", "/news", "/events", "/news.atom", "/events.ics", "/api/v1/news", "/organisations"] {
                let get = try await client.get(path, headers: htmlAccept)
                let head = try await client.execute(uri: path, method: .head, headers: htmlAccept)
                #expect(get.status == .ok, "GET \(path)")
                #expect(head.status == .ok, "HEAD \(path): \(head.status)")
                #expect(head.headers[.contentType] == get.headers[.contentType], "HEAD \(path)")
                #expect(head.body.readableBytes == 0, "HEAD \(path) has a body")
            }
            #expect(try await client.execute(uri: "/no/such/page", method: .head, headers: [:]).status == .notFound)
        }
    }
}

/// `/metrics` is opt-in, token-guarded, and counts refusals with their own status.
@Suite struct MetricsTests {
    @Test func withoutAMetricsTokenMetricsIsNotFound() async throws {
        try await withApp(demo: false) { client, _ in
            let anonymous = try await client.get("/metrics")
            let withOperatorToken = try await client.get("/metrics", headers: [.authorization: "Bearer \(operatorToken)"])
            #expect(anonymous.status == .notFound)
            #expect(withOperatorToken.status == .notFound)
        }
    }

    @Test func withAMetricsTokenOnlyThatTokenReadsThem() async throws {
        try await withApp(demo: false, configure: { $0.metricsToken = "metrics-secret" }) { client, _ in
            #expect(try await client.get("/metrics").status == .unauthorized)
            #expect(try await client.get("/metrics", headers: [.authorization: "Bearer wrong"]).status == .unauthorized)
            #expect(try await client.get("/metrics", headers: [.authorization: "Bearer \(operatorToken)"]).status == .unauthorized)
            let r = try await client.get("/metrics", headers: [.authorization: "Bearer metrics-secret"])
            #expect(r.status == .ok)
            #expect(r.headers[.contentType]?.hasPrefix("text/plain") == true)
        }
    }

    @Test func refusalsAreCountedWithTheirOwnStatusNot500() async throws {
        try await withApp(demo: false, configure: { $0.metricsToken = "metrics-secret" }) { client, _ in
            // given a 401 and a 422
            #expect(try await client.get("/api/v1/calls/1/applications").status == .unauthorized)
            #expect(try await client.get("/api/v1/organisations?country=XX").status == .unprocessableContent)
            // then the metrics name them so
            let text = try await client.get("/metrics", headers: [.authorization: "Bearer metrics-secret"]).text
            let lines = text.split(separator: "\n").filter { $0.hasPrefix("hb_requests") }
            #expect(lines.contains { $0.contains("/api/v1/calls/{id}/applications") && $0.contains("\"401\"") }, "\(lines)")
            #expect(lines.contains { $0.contains("/api/v1/organisations\"") && $0.contains("\"422\"") }, "\(lines)")
        }
    }
}

/// Text with control characters is refused with 422 naming the field, in JSON and in forms, and nothing is stored.
@Suite struct TextInputTests {
    @Test func aNULInAJSONStringIs422NamingTheFieldAndNothingIsStored() async throws {
        try await withApp(demo: false) { client, platform in
            let r = try await client.send(
                .post, "/api/v1/organisations",
                json: #"""
                    {"name":"Nul\u0000Cluster","type":"cluster-organisation","country":"FR","status":"draft"}
                    """#)
            #expect(r.status == .unprocessableContent)
            #expect((try r.json["fields"] as? [String: String])?["name"] == TextInput.controlCharacterRule)
            #expect(try await client.get("/api/v1/organisations?status=draft", headers: [.authorization: "Bearer \(operatorToken)"]).json["total"] as? Int == 0)
        }
    }

    @Test func aNestedControlCharacterIsNamedByItsPath() throws {
        let json: [String: Any] = ["constraints": ["types": ["cluster", "a\u{1B}b"]], "title": "fine\twith\r\ntabs"]
        #expect(TextInputMiddleware.offending(json, path: "") == "constraints.types")
        #expect(TextInputMiddleware.offending(["title": "fine\twith\r\nline breaks"], path: "") == nil)
    }

    @Test func aFormValueWithAControlCharacterIs422NamingTheField() async throws {
        try await withApp(demo: false) { client, platform in
            try await TeamsAndModerationTests.account(platform, "anna@clusters.example.eu")
            let anna = try await TeamsAndModerationTests.login(client, "anna@clusters.example.eu")
            try await anna.get("/account")
            let r = try await anna.post("/account/profile", [("name", "Anna\u{0}Lindqvist")])
            #expect(r.status == .unprocessableContent)
            #expect(r.text.contains(TextInput.controlCharacterRule))
            #expect(try await platform.users.find(email: "anna@clusters.example.eu")?.name == "Anna Person")
        }
    }
}

/// Numbers in request bodies are checked before any arithmetic on them.
@Suite struct CheckedArithmeticTests {
    @Test func memberCountsNearIntMaxAre422AndTheServerKeepsAnswering() async throws {
        try await withApp(demo: false) { client, _ in
            let r = try await client.send(
                .post, "/api/v1/organisations",
                json: """
                    {"name":"Overflow Cluster","type":"cluster-organisation","country":"FR","status":"draft",
                     "members":{"total":40,"sme":9223372036854775807,"large":9223372036854775807}}
                    """)
            #expect(r.status == .unprocessableContent)
            let fields = try r.json["fields"] as? [String: String] ?? [:]
            #expect(fields.keys.contains { $0.contains("sme") }, "\(r.text)")
            let health = try await client.get("/health")
            #expect(health.status == .ok)
        }
    }
}

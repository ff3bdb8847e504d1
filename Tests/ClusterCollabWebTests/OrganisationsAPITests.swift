import ClusterCollabCore
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct OrganisationsAPITests {
    @Test func listAnswersItemsTotalPagePerPageAndFacets() async throws {
        try await withApp { client, _ in
            let r = try await client.get("/api/v1/organisations?per_page=5")
            #expect(r.status == .ok)
            let d = try r.json
            let items = try #require(d["items"] as? [[String: Any]])
            #expect(items.count == 5)
            #expect(d["page"] as? Int == 1)
            #expect(d["per_page"] as? Int == 5)
            #expect((d["total"] as? Int ?? 0) > 200)
            for key in ["id", "slug", "name", "type", "country"] { #expect(items[0][key] != nil, "item lacks \(key)") }
            #expect(items[0]["contact_email"] == nil)
            let facets = try #require(d["facets"] as? [String: Any])
            for name in ["country", "region", "type", "sector", "ecosystem", "emerging", "technology", "label", "size"] {
                #expect(facets[name] != nil, "no \(name) facet")
            }
        }
    }

    @Test func countryFacetCountEqualsTheTotalOfThatCountryFilter() async throws {
        try await withApp { client, _ in
            let all = try await client.get("/api/v1/organisations?per_page=1").json
            let countries = try #require((all["facets"] as? [String: Any])?["country"] as? [[String: Any]])
            let fr = try #require(countries.first { $0["value"] as? String == "FR" })
            let filtered = try await client.get("/api/v1/organisations?country=FR&per_page=1").json
            #expect(fr["count"] as? Int == filtered["total"] as? Int)
            #expect(fr["label"] as? String == "France")
        }
    }

    @Test func demoHoldsAtLeast34PublishedFrenchClusterOrganisations() async throws {
        try await withApp { client, _ in
            let d = try await client.get("/api/v1/organisations?country=FR&type=cluster-organisation&per_page=1").json
            #expect((d["total"] as? Int ?? 0) >= 34)
        }
    }

    @Test func searchIsAccentAndCaseInsensitiveAndPlusIsASpace() async throws {
        try await withApp { client, _ in
            let created = try await client.send(
                .post, "/api/v1/organisations",
                json: """
                    {"name":"Pôle Céramique Vosgien","type":"cluster-organisation","country":"FR","region":"FRF3","status":"published","description":"Ceramics and glass makers."}
                    """)
            #expect(created.status == .created)
            let plain = try await client.get("/api/v1/organisations?q=pole+ceramique").json
            let names = (plain["items"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(names.contains("Pôle Céramique Vosgien"))
            let upper = try await client.get("/api/v1/organisations?q=C%C3%89RAMIQUE").json
            #expect((upper["items"] as? [[String: Any]] ?? []).contains { $0["name"] as? String == "Pôle Céramique Vosgien" })
        }
    }

    @Test func malformedPageIs400AndNamesTheParameter() async throws {
        try await withApp(demo: false) { client, _ in
            let r = try await client.get("/api/v1/organisations?page=abc")
            #expect(r.status == .badRequest)
            let fields = try #require(try r.json["fields"] as? [String: String])
            #expect(fields["page"] != nil)
        }
    }

    @Test func unknownFilterValuesAre422AndNamed() async throws {
        try await withApp(demo: false) { client, _ in
            for (query, field) in [
                ("country=XX", "country"), ("type=castle", "type"), ("per_page=1000", "per_page"), ("sort=random", "sort"), ("sector=999", "sector"),
            ] {
                let r = try await client.get("/api/v1/organisations?\(query)")
                #expect(r.status == .unprocessableContent, "\(query)")
                let body = try r.json
                #expect(body["error"] as? String == "validation")
                #expect((body["fields"] as? [String: String])?[field] != nil, "\(query) should name \(field)")
            }
        }
    }

    @Test func suggestFindsNamesByPrefix() async throws {
        try await withApp { client, _ in
            let r = try await client.get("/api/v1/organisations/suggest?q=clu")
            #expect(r.status == .ok)
            let items = try #require(try r.json["items"] as? [[String: Any]])
            #expect(!items.isEmpty)
            for item in items {
                let name = TextFolding.fold((item["name"] as? String ?? "") + " " + (item["acronym"] as? String ?? ""))
                // A word of the name or acronym starts with the prefix; containing it elsewhere is not enough.
                #expect(name.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).contains { $0.hasPrefix("clu") }, "\(name)")
            }
        }
    }

    @Test func profileByIdOrSlugHidesTheContactFromVisitors() async throws {
        try await withApp { client, _ in
            let first = try #require((try await client.get("/api/v1/organisations?per_page=1").json["items"] as? [[String: Any]])?.first)
            let id = try #require(first["id"] as? Int)
            let slug = try #require(first["slug"] as? String)
            let byID = try await client.get("/api/v1/organisations/\(id)").json
            let bySlug = try await client.get("/api/v1/organisations/\(slug)").json
            #expect(byID["name"] as? String == bySlug["name"] as? String)
            #expect(byID["contact_email"] == nil)
            #expect(byID["checklist"] != nil)
            let asOperator = try await client.get("/api/v1/organisations/\(id)", headers: [.authorization: "Bearer \(operatorToken)"]).json
            #expect(asOperator["contact_email"] != nil)
        }
    }

    @Test func unknownOrganisationIs404InTheErrorShape() async throws {
        try await withApp(demo: false) { client, _ in
            let r = try await client.get("/api/v1/organisations/no-such-cluster")
            #expect(r.status == .notFound)
            #expect(try r.json["error"] is String)
            #expect(try r.json["fields"] is [String: Any])
        }
    }

    @Test func writesWithoutTheTokenAre401() async throws {
        try await withApp(demo: false) { client, _ in
            let r = try await client.send(.post, "/api/v1/organisations", json: "{}", token: nil)
            #expect(r.status == .unauthorized)
            let wrong = try await client.send(.post, "/api/v1/organisations", json: "{}", token: "guess")
            #expect(wrong.status == .unauthorized)
        }
    }

    @Test func writesAreRefusedWhenNoOperatorTokenIsConfigured() async throws {
        try await withApp(demo: false, adminToken: nil) { client, _ in
            let r = try await client.send(.post, "/api/v1/organisations", json: "{}", token: "anything")
            #expect(r.status == .unauthorized)
        }
    }

    @Test func anInvalidCountryIs422NamingTheFieldAndWritesNothing() async throws {
        try await withApp { client, platform in
            let before = try await platform.organisations.count()
            let r = try await client.send(
                .post, "/api/v1/organisations",
                json: """
                    {"name":"Bad Country","type":"cluster-organisation","country":"XX","website":"https://x.example.eu","status":"published"}
                    """)
            #expect(r.status == .unprocessableContent)
            #expect((try r.json["fields"] as? [String: String])?["country"] != nil)
            #expect(try await platform.organisations.count() == before)
        }
    }

    @Test func everyBrokenRuleIsNamed() async throws {
        try await withApp(demo: false) { client, _ in
            let r = try await client.send(
                .post, "/api/v1/organisations",
                json: """
                    {"name":"Rules Cluster","type":"cluster-organisation","country":"FR","region":"DE21","website":"ftp://x","members":{"total":5,"sme":9},"sectors":[99],"colour":"blue"}
                    """)
            #expect(r.status == .unprocessableContent)
            #expect((try r.json["fields"] as? [String: String])?["colour"] != nil)
            let r2 = try await client.send(
                .post, "/api/v1/organisations",
                json: """
                    {"name":"Rules Cluster","type":"cluster-organisation","country":"FR","region":"DE21","website":"ftp://x","members":{"total":5,"sme":9},"sectors":[99]}
                    """)
            let fields = try #require(try r2.json["fields"] as? [String: String])
            #expect(fields["region"] != nil)
            #expect(fields["website"] != nil)
            #expect(fields["members.sme"] == "must not exceed members.total (5)")
            #expect(fields["sectors"] != nil)
        }
    }

    @Test func wrongTypesAndMissingFieldsAre422() async throws {
        try await withApp(demo: false) { client, _ in
            let r = try await client.send(
                .post, "/api/v1/organisations", json: #"{"name":"X Cluster","type":"cluster-organisation","country":"FR","founded":"last year"}"#)
            #expect(r.status == .unprocessableContent)
            #expect((try r.json["fields"] as? [String: String])?["founded"] != nil)
            let missing = try await client.send(.post, "/api/v1/organisations", json: #"{"name":"X Cluster","country":"FR"}"#)
            #expect((try missing.json["fields"] as? [String: String])?["type"] == "is required")
        }
    }

    @Test func malformedJSONIs400() async throws {
        try await withApp(demo: false) { client, _ in
            for body in [#"{"name":"#, "[1,2]", "not json"] {
                let r = try await client.send(.post, "/api/v1/organisations", json: body)
                #expect(r.status == .badRequest, "\(body)")
                #expect(try r.json["error"] is String)
            }
        }
    }

    @Test func anOversizedBodyIs413() async throws {
        try await withApp(demo: false) { client, _ in
            let huge = "{\"name\":\"" + String(repeating: "a", count: 2_000_000) + "\"}"
            let r = try await client.send(.post, "/api/v1/organisations", json: huge)
            #expect(r.status == .contentTooLarge)
            #expect(try r.json["error"] is String)
        }
    }

    @Test func createPatchAndDeleteAreVisibleInTheDirectoryAtOnce() async throws {
        try await withApp(demo: false) { client, platform in
            // create
            let created = try await client.send(
                .post, "/api/v1/organisations",
                json: """
                    {"name":"Baltic Drone Alliance","acronym":"BDA","type":"cluster-organisation","country":"LV","region":"LV00","status":"published","tags":["drones"]}
                    """)
            #expect(created.status == .created)
            let id = try #require(try created.json["id"] as? Int)
            #expect(created.headers[.location] == "/api/v1/organisations/\(id)")
            #expect(try await client.get("/api/v1/organisations?q=drone").json["total"] as? Int == 1)
            // patch: only the given fields change
            let patched = try await client.send(.patch, "/api/v1/organisations/\(id)", json: #"{"tags":["unmanned aerial vehicles"]}"#)
            #expect(patched.status == .ok)
            #expect(try patched.json["acronym"] as? String == "BDA")
            #expect(try await client.get("/api/v1/organisations?q=unmanned").json["total"] as? Int == 1)
            // the history records who changed which fields
            let history = try await platform.teams.history(organisationID: Int64(id))
            #expect(history.first?.actor == "operator")
            #expect(history.first?.changes["tags"] == ["drones", "unmanned aerial vehicles"])
            // unpublish: it leaves the public directory
            _ = try await client.send(.patch, "/api/v1/organisations/\(id)", json: #"{"status":"draft"}"#)
            #expect(try await client.get("/api/v1/organisations?q=unmanned").json["total"] as? Int == 0)
            #expect(try await client.get("/api/v1/organisations/\(id)").status == .notFound)
            // delete
            let deleted = try await client.send(.delete, "/api/v1/organisations/\(id)", json: "")
            #expect(deleted.status == .noContent)
            #expect(try await client.send(.delete, "/api/v1/organisations/\(id)", json: "").status == .notFound)
        }
    }

    @Test func aDuplicateNameInTheSameCountryIs422() async throws {
        try await withApp(demo: false) { client, _ in
            let body = #"{"name":"Twin Cluster","type":"cluster-organisation","country":"DK","region":"DK01","status":"published"}"#
            #expect(try await client.send(.post, "/api/v1/organisations", json: body).status == .created)
            let again = try await client.send(.post, "/api/v1/organisations", json: body)
            #expect(again.status == .unprocessableContent)
            #expect((try again.json["fields"] as? [String: String])?["name"] != nil)
        }
    }

    @Test func theOperatorSearchesEveryStatusInTheDatabaseIndex() async throws {
        try await withApp(demo: false) { client, _ in
            _ = try await client.send(
                .post, "/api/v1/organisations", json: #"{"name":"Pôle Draft Ceramics","type":"cluster-organisation","country":"FR","status":"draft"}"#)
            _ = try await client.send(
                .post, "/api/v1/organisations",
                json: #"{"name":"Published Ceramics Cluster","type":"cluster-organisation","country":"FR","status":"published"}"#)
            let auth: HTTPFields = [.authorization: "Bearer \(operatorToken)"]
            // given a visitor, the status parameter is refused
            #expect(try await client.get("/api/v1/organisations?status=draft").status == .unauthorized)
            // when the operator asks for drafts about ceramics
            let drafts = try await client.get("/api/v1/organisations?status=draft&q=pole+ceramics", headers: auth)
            #expect(drafts.status == .ok)
            let d = try drafts.json
            #expect(d["total"] as? Int == 1)
            let items = try #require(d["items"] as? [[String: Any]])
            #expect(items.first?["status"] as? String == "draft")
            let counts = try #require((d["facets"] as? [String: Any])?["status"] as? [[String: Any]])
            #expect(counts.count == 1)
            // every status at once
            let all = try await client.get("/api/v1/organisations?status=draft,published&q=ceramics", headers: auth).json
            #expect(all["total"] as? Int == 2)
            // bad status codes and unsupported filters are named
            let bad = try await client.get("/api/v1/organisations?status=lost", headers: auth)
            #expect(bad.status == .unprocessableContent)
            #expect((try bad.json["fields"] as? [String: String])?["status"] != nil)
            #expect(try await client.get("/api/v1/organisations?status=draft&sector=3", headers: auth).status == .unprocessableContent)
        }
    }
}

import ClusterCollabCore
import ClusterCollabStorage
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A profile's description in a second language (issue 12, item 5), through the API, the form, the
/// profile page and the directory.
@Suite struct SecondDescriptionTests {
    typealias T = TeamsAndModerationTests

    @Test func theSecondDescriptionGoesThroughTheAPIAndIsSearched() async throws {
        try await withApp(demo: false) { client, _ in
            // given a profile created with a French description
            let created = try await client.send(
                .post, "/api/v1/organisations",
                json: """
                    {"name":"Baltic Drone Alliance","type":"cluster-organisation","country":"LV","region":"LV00","status":"published",
                     "description":"Unmanned aircraft for industry.","second_description":"Des drones pour l'inspection des réseaux.",
                     "second_description_language":"fr"}
                    """)
            #expect(created.status == .created)
            let id = try #require(try created.json["id"] as? Int)
            // then it comes back as it was sent
            let read = try await client.get("/api/v1/organisations/\(id)").json
            #expect(read["second_description"] as? String == "Des drones pour l'inspection des réseaux.")
            #expect(read["second_description_language"] as? String == "fr")
            // and the directory finds it by its French words
            #expect(try await client.get("/api/v1/organisations?q=r%C3%A9seau").json["total"] as? Int == 1)
            #expect(try await client.get("/api/v1/organisations?q=l%27inspection").json["total"] as? Int == 1)

            // when the French description is cleared, its language goes with it
            let cleared = try await client.send(.patch, "/api/v1/organisations/\(id)", json: #"{"second_description":null}"#)
            #expect(cleared.status == .ok)
            #expect(try cleared.json["second_description"] == nil)
            #expect(try cleared.json["second_description_language"] == nil)
            #expect(try await client.get("/api/v1/organisations?q=r%C3%A9seau").json["total"] as? Int == 0)
        }
    }

    @Test(arguments: [
        (#"{"second_description":"Un pôle.","second_description_language":"en"}"#, "must be a language other than English"),
        (#"{"second_description":"Ein Cluster.","second_description_language":"xx"}"#, "must be one of: fr"),
        (#"{"second_description":"Un pôle."}"#, "is required with second_description"),
    ])
    func aSecondDescriptionNeedsAKnownLanguageOtherThanEnglish(body: String, rule: String) async throws {
        try await withApp(demo: false) { client, _ in
            // given
            let created = try await client.send(
                .post, "/api/v1/organisations",
                json: #"{"name":"Twin Cluster","type":"cluster-organisation","country":"DK","region":"DK01","status":"published"}"#)
            let id = try #require(try created.json["id"] as? Int)
            // when
            let r = try await client.send(.patch, "/api/v1/organisations/\(id)", json: body)
            // then the refusal names the field and the rule, and nothing changed
            #expect(r.status == .unprocessableContent)
            let fields = try #require(try r.json["fields"] as? [String: String])
            #expect(fields["second_description_language"]?.hasPrefix(rule) == true, "\(fields)")
            #expect(try await client.get("/api/v1/organisations/\(id)").json["second_description"] == nil)
        }
    }

    @Test func aSecondDescriptionIsAtMostAsLongAsTheEnglishOne() async throws {
        try await withApp(demo: false) { client, _ in
            let long = String(repeating: "é", count: OrganisationLimits.description + 1)
            let r = try await client.send(
                .post, "/api/v1/organisations",
                json: """
                    {"name":"Long Cluster","type":"cluster-organisation","country":"DK","region":"DK01","status":"published",
                     "second_description":"\(long)","second_description_language":"fr"}
                    """)
            #expect(r.status == .unprocessableContent)
            let fields = try #require(try r.json["fields"] as? [String: String])
            #expect(fields["second_description"] == "must be at most 5000 characters")
        }
    }

    @Test func theFormSavesTheSecondDescriptionAndTheProfileShowsItInItsLanguage() async throws {
        try await withApp(demo: false) { client, platform in
            // given a manager filling in the profile form with a French description
            try await T.account(platform, "manager@clusters.example.eu")
            let manager = try await T.login(client, "manager@clusters.example.eu")
            let form = try await manager.get("/organisations/new?country=FR")
            #expect(form.text.contains("name=\"second_description\""))
            #expect(form.text.contains("<option value=\"fr\""))
            let fields =
                T.profileFields + [
                    ("second_description", "L'hydrogène renouvelable pour les industriels normands."),
                    ("second_description_language", "fr"),
                ]
            // when
            let r = try await manager.post("/organisations/new", fields)
            // then it is stored
            #expect(r.status == .seeOther)
            let id = try #require(r.headers[.location].flatMap { Int64($0.split(separator: "/").last ?? "") })
            let stored = try #require(try await platform.organisations.find(id: id))
            #expect(stored.secondDescription == "L'hydrogène renouvelable pour les industriels normands.")
            #expect(stored.secondDescriptionLanguage == "fr")
            // the edit form shows it again
            let edit = try await manager.get("/my/organisations/\(id)")
            #expect(edit.text.contains("hydrogène renouvelable pour les industriels normands"))
            #expect(edit.text.contains("<option value=\"fr\" selected>"))

            // when it is submitted and published
            _ = try await manager.post("/my/organisations/\(id)/submit", [])
            _ = try await platform.teams.decide(organisationID: id, decision: .publish, message: "", moderator: "test")
            try await platform.directory.refresh()
            // then the profile page shows both descriptions, each in its language
            let page = try await client.get("/organisations/\(stored.slug)")
            #expect(page.text.contains("<p class=\"description\" lang=\"en\">Hydrogen for industry.</p>"))
            #expect(page.text.contains("<p class=\"description\" lang=\"fr\">"))
            // and the directory finds it by a French word
            #expect(try await client.get("/api/v1/organisations?q=renouvelables+normand").json["total"] as? Int == 1)
        }
    }

    @Test func aFormWithoutASecondDescriptionSavesNoLanguage() async throws {
        try await withApp(demo: false) { client, platform in
            // given the form as a browser sends it: the language select always has a value
            try await T.account(platform, "manager@clusters.example.eu")
            let manager = try await T.login(client, "manager@clusters.example.eu")
            try await manager.get("/organisations/new?country=FR")
            let fields = T.profileFields + [("second_description", " "), ("second_description_language", "fr")]
            // when
            let r = try await manager.post("/organisations/new", fields)
            // then
            #expect(r.status == .seeOther)
            let id = try #require(r.headers[.location].flatMap { Int64($0.split(separator: "/").last ?? "") })
            let stored = try #require(try await platform.organisations.find(id: id))
            #expect(stored.secondDescription == nil)
            #expect(stored.secondDescriptionLanguage == nil)
        }
    }
}

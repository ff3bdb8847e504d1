import ClusterCollabCore
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct DirectoryPagesTests {
    @Test func homeShowsCountsAndASearchBox() async throws {
        try await withApp { client, platform in
            let r = try await client.get("/", headers: htmlAccept)
            #expect(r.status == .ok)
            #expect(r.text.contains("<form"))
            #expect(r.text.contains("action=\"/organisations\""))
            #expect(r.text.contains("<strong>\(platform.directory.index.count)</strong> published organisations"))
        }
    }

    @Test func directoryPageShowsResultsFacetsAndPagination() async throws {
        try await withApp { client, _ in
            let r = try await client.get("/organisations?country=FR")
            #expect(r.status == .ok)
            let html = r.text
            #expect(html.contains("<form"))
            #expect(html.contains("Country"))
            #expect(html.contains("rel=\"next\""))
            #expect(html.contains("class=\"selected\""))
            #expect(html.contains("France ×"))
        }
    }

    @Test func directoryPageShowsTheAPIsMessagesForBadFilters() async throws {
        try await withApp(demo: false) { client, _ in
            let r = try await client.get("/organisations?country=XX")
            #expect(r.status == .unprocessableContent)
            #expect(r.text.contains("<strong>Country</strong>"))
        }
    }

    @Test func profilePageHasJSONLDAndNoPrivateContact() async throws {
        try await withApp { client, platform in
            let organisation = try #require(try await platform.organisations.all(status: .published).first { $0.contactEmail != nil })
            let r = try await client.get("/organisations/\(organisation.slug)")
            #expect(r.status == .ok)
            #expect(r.text.contains("application/ld+json"))
            #expect(r.text.contains("\"@type\":\"Organization\""))
            #expect(!r.text.contains(organisation.contactEmail!))
            #expect(r.text.contains("Validation checklist"))
        }
    }

    @Test func profileTextIsEscapedInHTMLAndInJSONLD() async throws {
        try await withApp(demo: false) { client, _ in
            let created = try await client.send(
                .post, "/api/v1/organisations",
                json:
                    #"{"name":"Script </script><b>Cluster</b>","type":"cluster-organisation","country":"FR","status":"published","description":"<img src=x onerror=alert(1)>"}"#
            )
            let slug = try #require(try created.json["slug"] as? String)
            let html = try await client.get("/organisations/\(slug)").text
            #expect(!html.contains("<img src=x"))
            #expect(!html.contains("<b>Cluster</b>"))
            #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
            #expect(html.contains("\\u003c/script\\u003e"))
        }
    }

    /// A name in Greek keeps its letters in the slug; the links percent-encode them, as a browser would, and
    /// the profile, its contact link and the API answer at that address.
    @Test func aProfileWhoseSlugIsNotASCIIIsReachedByItsEncodedLinks() async throws {
        try await withApp(demo: false) { client, _ in
            let created = try await client.send(
                .post, "/api/v1/organisations",
                json: #"{"name":"Ελληνικό Σύμπλεγμα Καινοτομίας","type":"cluster-organisation","country":"GR","status":"published"}"#)
            let slug = try #require(try created.json["slug"] as? String)
            #expect(slug.contains { !$0.isASCII })
            let link = Routes.organisation.path(slug)
            #expect(!link.contains { !$0.isASCII })
            let page = try await client.get(link)
            #expect(page.status == .ok)
            #expect(page.text.contains("Ελληνικό Σύμπλεγμα Καινοτομίας"))
            #expect(try await client.get(Routes.API.organisation.path(slug)).status == .ok)
            let directory = try await client.get(Routes.organisations.path(query: [("q", "Ελληνικό")])).text
            #expect(directory.contains("href=\"\(link)\"") == true)
        }
    }

    @Test func anEditedProfileIsRenderedAgain() async throws {
        try await withApp(demo: false) { client, _ in
            let created = try await client.send(
                .post, "/api/v1/organisations",
                json: #"{"name":"Cache Cluster","type":"cluster-organisation","country":"FR","status":"published","description":"First words."}"#)
            let id = try #require(try created.json["id"] as? Int)
            let slug = try #require(try created.json["slug"] as? String)
            #expect(try await client.get("/organisations/\(slug)").text.contains("First words."))
            _ = try await client.send(.patch, "/api/v1/organisations/\(id)", json: #"{"description":"Second words."}"#)
            #expect(try await client.get("/organisations/\(slug)").text.contains("Second words."))
            _ = try await client.send(.patch, "/api/v1/organisations/\(id)", json: #"{"status":"draft"}"#)
            #expect(try await client.get("/organisations/\(slug)").status == .notFound)
        }
    }

    @Test func unpublishedProfilesAreNotFound() async throws {
        try await withApp(demo: false) { client, _ in
            let created = try await client.send(
                .post, "/api/v1/organisations", json: #"{"name":"Draft Cluster","type":"cluster-organisation","country":"FR","status":"draft"}"#)
            let slug = try #require(try created.json["slug"] as? String)
            #expect(try await client.get("/organisations/\(slug)").status == .notFound)
        }
    }
}

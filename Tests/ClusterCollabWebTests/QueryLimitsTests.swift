import ClusterCollabCore
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// What any list does with a query string a person would never type: pages past every result, facets with
/// thousands of values, unknown parameters, empty values.
@Suite struct QueryLimitsTests {
    static let hugePage = "9223372036854775807"

    /// The refusal of a page too deep for any list, as JSON.
    static func expectPageRefused(_ r: TestResponse, _ uri: String) throws {
        #expect(r.status == .unprocessableContent, "\(uri): \(r.status)")
        let fields = try #require(try r.json["fields"] as? [String: String], "\(uri)")
        #expect(fields["page"]?.contains("\(PageBounds.maxOffset)") == true, "\(uri) should name page: \(fields)")
    }

    @Test func thePlatformTeamsProfileSearchRefusesAPageNearIntMaxWith422() async throws {
        try await withApp(demo: false) { client, _ in
            // given the operator's credential, when the page is the largest 64-bit number
            let uri = "/api/v1/organisations?status=draft&page=\(Self.hugePage)"
            let r = try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer \(operatorToken)"])
            // then the server answers (it once trapped here) and names page
            try Self.expectPageRefused(r, uri)
            #expect(try await client.get("/health").status == .ok)
        }
    }

    @Test func everyListRefusesAPagePastTheMaximumOffsetAndAcceptsTheLastOne() async throws {
        try await withApp { client, platform in
            let (search, _) = try await PartneringTests.demo(client, platform)
            let lists = [
                "/api/v1/organisations", "/api/v1/partner-searches", "/api/v1/calls", "/api/v1/partnerships",
                "/api/v1/partner-searches/\(search)/recommendations",
                "/api/v1/organisations/pole-drones-ile-de-france/recommended-partner-searches",
            ]
            for list in lists {
                // when the page is near Int.max, or one past the deepest reachable with per_page 10
                for page in [Self.hugePage, String(PageBounds.maxOffset / 10 + 2)] {
                    let uri = "\(list)?page=\(page)&per_page=10"
                    try Self.expectPageRefused(try await client.get(uri), uri)
                }
                // then the deepest page still answers, empty
                let deepest = "\(list)?page=\(PageBounds.maxOffset / 10 + 1)&per_page=10"
                let r = try await client.get(deepest)
                #expect(r.status == .ok, "\(deepest): \(r.status)")
                #expect((try r.json["items"] as? [Any])?.isEmpty == true, "\(deepest)")
            }
        }
    }

    @Test func theHTMLListsRefuseAPagePastTheMaximumOffset() async throws {
        try await withApp { client, platform in
            let (search, _) = try await PartneringTests.demo(client, platform)
            for list in ["/organisations", "/partner-searches", "/partner-searches/\(search)"] {
                let r = try await client.get("\(list)?page=\(Self.hugePage)", headers: htmlAccept)
                #expect(r.status == .unprocessableContent, "\(list): \(r.status)")
                #expect(r.text.contains("(page - 1) × per_page at most"), "\(list) should say the rule")
            }
        }
    }

    /// 8.9 KB of `tag=0,1,2,...`: a parameter no facet knows.
    static let unknownFacetURL = "/organisations?tag=" + (0..<2_000).map(String.init).joined(separator: ",")

    @Test func anUnknownParameterWithThousandsOfValuesLeavesTheDirectoryPageSmall() async throws {
        try await withApp { client, _ in
            // given the directory page's usual size
            let plain = try await client.get("/organisations", headers: htmlAccept)
            // when thousands of values of an unknown parameter come with it
            #expect(Self.unknownFacetURL.utf8.count > 8_800)
            let r = try await client.get(Self.unknownFacetURL, headers: htmlAccept)
            // then they are ignored: the same page, not one link per value per facet
            #expect(r.status == .ok)
            #expect(r.body.readableBytes < plain.body.readableBytes + 1_000, "\(r.body.readableBytes) bytes against \(plain.body.readableBytes)")
            #expect(!r.text.contains("tag=1") && !r.text.contains("tag: 1"))
        }
    }

    @Test func moreThanFiftyValuesInOneFacetAre422NamingTheFacet() async throws {
        try await withApp(demo: false) { client, _ in
            let values = (1...51).map { "KET\($0)" }.joined(separator: ",")
            let api = try await client.get("/api/v1/organisations?technology=\(values)")
            #expect(api.status == .unprocessableContent)
            let fields = try #require(try api.json["fields"] as? [String: String])
            #expect(fields["technology"]?.contains("at most 50") == true, "\(fields)")
            let page = try await client.get("/organisations?technology=\(values)", headers: htmlAccept)
            #expect(page.status == .unprocessableContent)
            #expect(page.text.contains("must list at most 50 different values"))
            // fifty different values are a search: each is checked as usual
            let fifty = try await client.get("/api/v1/organisations?country=" + (0..<50).map { _ in "FR" }.joined(separator: ",") + ",DE")
            #expect(fifty.status == .ok)
        }
    }

    @Test func repeatedFilterValuesCountOnceOnTheDirectoryPage() async throws {
        try await withApp { client, _ in
            let once = try await client.get("/organisations?country=FR", headers: htmlAccept)
            let repeated = try await client.get("/organisations?country=FR&country=FR,FR", headers: htmlAccept)
            #expect(repeated.status == .ok)
            #expect(repeated.text == once.text)
        }
    }

    @Test func theAPIRefusesAnEmptyParameterNamingItAndPagesReadItAsAbsent() async throws {
        try await withApp { client, platform in
            let (search, _) = try await PartneringTests.demo(client, platform)
            for (list, parameters) in [
                ("/api/v1/organisations", ["status", "type", "label", "size", "sort", "country", "page"]),
                ("/api/v1/partner-searches", ["status", "kind", "owner"]),
                ("/api/v1/calls", ["status"]),
                ("/api/v1/partnerships", ["page", "per_page"]),
                ("/api/v1/partner-searches/\(search)/recommendations", ["page", "per_page"]),
            ] {
                #expect(try await client.get(list).status == .ok)
                for name in parameters {
                    for value in ["", "%20"] {
                        // when a client sends the parameter with nothing in it
                        let empty = try await client.get("\(list)?\(name)=\(value)")
                        // then it is refused, naming the parameter (an empty status never becomes the platform team's search)
                        #expect(empty.status == .badRequest, "\(list)?\(name)=\(value): \(empty.status)")
                        let fields = try #require(try empty.json["fields"] as? [String: String], "\(list)?\(name)=\(value)")
                        #expect(fields[name]?.contains("must not be empty") == true, "\(list)?\(name)=\(value): \(fields)")
                    }
                }
            }
            // an empty search is no search
            #expect(try await client.get("/api/v1/organisations?q=").status == .ok)
            // HTML forms send every field, filled in or not: pages read an empty value as absent
            for name in ["objective", "k", "page"] {
                let page = try await client.get("/partner-searches/\(search)?\(name)=", headers: htmlAccept)
                #expect(page.status == .ok, "?\(name)=: \(page.status)")
            }
            #expect(try await client.get("/organisations?type=&sort=&page=", headers: htmlAccept).status == .ok)
        }
    }
}

import ClusterCollabCore
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Multipart bodies are parsed only where a file is expected (the logo), for a signed-in person, with the
/// boundary RFC 2046 allows; anywhere else they are refused unread.
@Suite struct MultipartTests {
    /// Refused unread takes milliseconds; the old parser took 16 to 40 s on this body in a debug build. The margin
    /// is for a machine busy with the rest of the suite.
    static let quickly: Duration = .seconds(5)

    /// Just under the 1 MiB request limit of `-` bytes, with a boundary of `-` that never quite matches: the shape
    /// that cost seconds of CPU in a parser that copied the delimiter at every `-`.
    static func hostile(boundaryLength: Int = 1_000) -> (HTTPFields, ByteBuffer) {
        let boundary = String(repeating: "-", count: boundaryLength - 1) + "x"
        return ([.contentType: "multipart/form-data; boundary=\(boundary)"], ByteBuffer(bytes: Array(repeating: UInt8(ascii: "-"), count: 1_000_000)))
    }

    @Test func aHostileMultipartBodyToAFormWithoutUploadsIsRefusedUnreadAndQuickly() async throws {
        try await withApp(demo: false) { client, _ in
            for path in ["/login", "/register", "/password-reset", "/organisations/new"] {
                // given an anonymous sender, when it posts 1 MB of multipart to a form that takes no file
                let (headers, body) = Self.hostile()
                let started = ContinuousClock.now
                let r = try await client.execute(uri: path, method: .post, headers: headers, body: body)
                let elapsed = ContinuousClock.now - started
                // then it is refused at once, naming the content type
                #expect(r.status == .unsupportedMediaType, "\(path): \(r.status)")
                #expect((try r.json["fields"] as? [String: String])?["content-type"] != nil)
                #expect(elapsed < Self.quickly, "\(path) took \(elapsed)")
            }
        }
    }

    @Test func aSignedInPersonsMultipartToAFormWithoutUploadsIsRefusedToo() async throws {
        try await withApp(demo: false) { client, platform in
            try await TeamsAndModerationTests.account(platform, "anna@clusters.example.eu")
            let anna = try await TeamsAndModerationTests.login(client, "anna@clusters.example.eu")
            var (headers, body) = Self.hostile()
            headers.append(contentsOf: anna.cookieHeader)
            let started = ContinuousClock.now
            let r = try await client.execute(uri: "/account/profile", method: .post, headers: headers, body: body)
            #expect(r.status == .unsupportedMediaType)
            #expect(ContinuousClock.now - started < Self.quickly)
        }
    }

    @Test func anAnonymousMultipartPostToTheLogoRouteIsRefusedUnread() async throws {
        try await withApp(demo: false) { client, _ in
            let (headers, body) = Self.hostile(boundaryLength: 60)
            let started = ContinuousClock.now
            let r = try await client.execute(uri: "/my/organisations/1/logo", method: .post, headers: headers, body: body)
            #expect(r.status == .forbidden)
            #expect(ContinuousClock.now - started < Self.quickly)
        }
    }

    @Test func aBoundaryLongerThan70CharactersIs400OnTheLogoRoute() async throws {
        try await withApp(demo: false) { client, platform in
            // given a team member on their profile's page
            let (manager, id) = try await TeamsAndModerationTests.created(client, platform)
            try await manager.get("/my/organisations/\(id)")
            let token = try #require(manager.csrfToken)
            // when the form's boundary has 71 characters
            let boundary = String(repeating: "b", count: 71)
            var headers = manager.cookieHeader
            headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
            let body =
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n\(token)\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"logo\"; filename=\"logo.png\"\r\nContent-Type: image/png\r\n\r\n"
                + String(decoding: LogoTests.png, as: UTF8.self) + "\r\n--\(boundary)--\r\n"
            let r = try await client.execute(uri: "/my/organisations/\(id)/logo", method: .post, headers: headers, body: ByteBuffer(string: body))
            // then it is refused as malformed and nothing is saved
            #expect(r.status == .badRequest)
            #expect(r.text.contains("70"))
            #expect(try await platform.logos.find(organisationID: id) == nil)
        }
    }

    @Test func theParserReadsFieldsAndFilesAndRefusesABrokenBody() throws {
        let body =
            "--XyZ\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nabc\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"logo\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n\r\n--X\r\n--XyZ--\r\n"
        let parts = try Multipart.parts(ByteBuffer(string: body), boundary: "XyZ")
        #expect(parts.map(\.name) == ["csrf_token", "logo"])
        #expect(parts[0].text == "abc" && parts[0].filename == nil)
        #expect(parts[1].filename == "a.png" && parts[1].text == "\r\n--X")
        #expect(throws: APIError.self) { try Multipart.boundary("multipart/form-data; boundary=" + String(repeating: "b", count: 71)) }
        #expect(try Multipart.boundary("multipart/form-data; boundary=\"" + String(repeating: "b", count: 70) + "\"").count == 70)
    }
}

@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting

/// A test browser: keeps cookies between requests and reads the CSRF token from the last page's form,
/// so tests submit forms the way a person does.
final class Browser: @unchecked Sendable {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    var lastPage = "" {
        didSet { if let token = Self.token(in: lastPage) { lastToken = token } }
    }
    /// The last CSRF token seen on any page: like a form still open in another tab.
    var lastToken: String?

    init(_ client: any TestClientProtocol, from clientAddress: String? = nil) { self.client = client; self.clientAddress = clientAddress }

    /// Where the requests come from, as a trusted proxy reports it (`X-Forwarded-For`); nil sends none.
    var clientAddress: String?

    var cookieHeader: HTTPFields {
        var headers: HTTPFields = cookies.isEmpty ? [:] : [.cookie: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")]
        if let clientAddress { headers[.xForwardedFor] = clientAddress }
        return headers
    }

    func remember(_ response: TestResponse) {
        for value in response.headers[values: .setCookie] {
            let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            let name = String(pair[0]), content = pair.count > 1 ? String(pair[1]) : ""
            if content.isEmpty || value.contains("Max-Age=0") { cookies.removeValue(forKey: name) } else { cookies[name] = content }
        }
    }

    @discardableResult
    func get(_ uri: String) async throws -> TestResponse {
        var headers = cookieHeader
        headers[.accept] = "text/html"
        let response = try await client.execute(uri: uri, method: .get, headers: headers)
        remember(response)
        lastPage = String(buffer: response.body)
        return response
    }

    /// The value of the first `csrf_token` field on the last page that had one.
    var csrfToken: String? { lastToken }

    static func token(in page: String) -> String? {
        guard let range = page.range(of: "name=\"csrf_token\" value=\"") else { return nil }
        let rest = page[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    /// Posts a form; the page's CSRF token is added unless `csrf` says otherwise.
    @discardableResult
    func post(_ uri: String, _ fields: [(String, String)], csrf: String?? = .none) async throws -> TestResponse {
        var all = fields
        switch csrf {
        case .none: if let token = csrfToken { all.append(("csrf_token", token)) }
        case .some(.some(let token)): all.append(("csrf_token", token))
        case .some(.none): break
        }
        var headers = cookieHeader
        headers[.contentType] = "application/x-www-form-urlencoded"
        headers[.accept] = "text/html"
        let response = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: FormDecoding.query(all)))
        remember(response)
        lastPage = String(buffer: response.body)
        return response
    }
}

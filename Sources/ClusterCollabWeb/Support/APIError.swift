import ClusterCollabCore
import ClusterCollabSearch
import Foundation
import Hummingbird

/// The one error shape of the platform: `{"error": "...", "fields": {"field": "rule"}}`, for the API, for
/// the framework's own errors, and (as text) on HTML pages.
public struct APIError: Error, Sendable {
    public var status: HTTPResponse.Status
    public var error: String
    public var fields: [String: String]
    /// What an HTML page says instead of `error` and `fields`, when the API's words are codes or English
    /// sentences made from values (an ineligible consortium's failed rules): in the page's language.
    public var page: (message: String, fields: [String: String])?

    public init(_ status: HTTPResponse.Status, _ error: String, fields: [String: String] = [:]) {
        self.status = status
        self.error = error
        self.fields = fields
    }

    /// A broken rule: 422 naming each field.
    public static func validation(_ errors: ValidationErrors) -> APIError {
        APIError(.unprocessableContent, "validation", fields: errors.fields)
    }

    /// Something that cannot be parsed: 400.
    public static func malformed(_ message: String, fields: [String: String] = [:]) -> APIError {
        APIError(.badRequest, message, fields: fields)
    }

    public static func notFound(_ what: String) -> APIError { APIError(.notFound, "\(what) not found") }

    /// A query string that could not be parsed (400) or breaks a rule (422).
    public static func query(_ error: DirectoryQueryError) -> APIError {
        error.malformed
            ? APIError(.badRequest, "malformed query", fields: error.fields)
            : APIError(.unprocessableContent, "validation", fields: error.fields)
    }

    struct Body: Encodable {
        var error: String
        var fields: [String: String]
    }

    /// The JSON response.
    public func response() -> Response {
        let data = (try? JSONEncoder.sorted.encode(Body(error: error, fields: fields))) ?? Data("{\"error\":\"error\",\"fields\":{}}".utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"clustercollab\"" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension JSONEncoder {
    /// Sorted keys, ISO 8601 dates: stable output for clients, diffs and tests.
    static let sorted: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .iso8601
        return e
    }()
}

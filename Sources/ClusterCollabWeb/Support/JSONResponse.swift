import Foundation
import Hummingbird

/// JSON responses with sorted keys and ISO 8601 dates.
enum JSONResponse {
    static func make<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) throws -> Response {
        let data = try JSONEncoder.sorted.encode(value)
        return raw(data, status: status, headers: extra)
    }

    static func raw(_ data: Data, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func raw(bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A JSON object assembled from `[String: Any]` (for documents whose keys are data, like facets).
    static func object(_ object: Any, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return raw(data, status: status)
    }
}

/// The list shape every list endpoint answers.
struct Page<Item: Encodable>: Encodable {
    var items: [Item]
    var total: Int
    var page: Int
    var per_page: Int
}

import Foundation
import MultipartKit
import NIOCore

/// `multipart/form-data` bodies (RFC 7578), parsed with multipart-kit. Only routes that expect an upload
/// read them (`isUpload`); every other route refuses such a body unread, since parsing costs CPU that an
/// anonymous sender should not be able to spend.
enum Multipart {
    struct Part: Sendable {
        var name: String
        var filename: String?
        var data: [UInt8]
        var text: String { String(decoding: data, as: UTF8.self) }
    }

    /// RFC 2046 allows boundaries of 1 to 70 characters; a longer one only makes matching dearer.
    static let maxBoundaryLength = 70

    /// Whether the content type is `multipart/form-data` (whatever its boundary).
    static func isMultipart(_ contentType: String?) -> Bool {
        contentType?.lowercased().hasPrefix("multipart/form-data") ?? false
    }

    /// The boundary of a `multipart/form-data` content type: 400 when it is missing or longer than 70 characters.
    static func boundary(_ contentType: String?) throws(APIError) -> String {
        guard let type = contentType, isMultipart(type), let range = type.range(of: "boundary=", options: .caseInsensitive) else {
            throw APIError.malformed("a multipart/form-data body needs a boundary", fields: ["content-type": "must name a boundary"])
        }
        var value = String(type[range.upperBound...].prefix { $0 != ";" }).trimmingCharacters(in: .whitespaces)
        if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
        guard !value.isEmpty, value.utf8.count <= maxBoundaryLength else {
            throw APIError.malformed(
                "the multipart boundary must have 1 to \(maxBoundaryLength) characters",
                fields: ["content-type": "boundary must have 1 to \(maxBoundaryLength) characters"])
        }
        return value
    }

    /// The parts of a body; 400 when it is not well-formed multipart.
    static func parts(_ body: ByteBuffer, boundary: String) throws(APIError) -> [Part] {
        let parser = MultipartParser(boundary: boundary)
        var parts: [Part] = []
        var disposition: String?
        var data: [UInt8] = []
        parser.onHeader = { name, value in
            if name.lowercased() == "content-disposition" { disposition = value }
        }
        parser.onBody = { chunk in data.append(contentsOf: chunk.readableBytesView) }
        parser.onPartComplete = {
            if let disposition, let name = parameter("name", of: disposition) {
                parts.append(Part(name: name, filename: parameter("filename", of: disposition), data: data))
            }
            disposition = nil
            data = []
        }
        do { try parser.execute(body) } catch {
            throw APIError.malformed("the multipart body cannot be read")
        }
        return parts
    }

    /// A quoted parameter of a Content-Disposition value (`form-data; name="logo"; filename="a.png"`).
    static func parameter(_ key: String, of disposition: String) -> String? {
        for item in disposition.split(separator: ";").dropFirst() {
            let pair = item.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == key else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }
}

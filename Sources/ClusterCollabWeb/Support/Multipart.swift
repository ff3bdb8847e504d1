import Foundation

/// `multipart/form-data` bodies (RFC 7578), read byte by byte so that file parts stay intact.
enum Multipart {
    struct Part {
        var name: String
        var filename: String?
        var data: [UInt8]
        var text: String { String(decoding: data, as: UTF8.self) }
    }

    /// The boundary of a `multipart/form-data` content type, if it is one.
    static func boundary(_ contentType: String?) -> String? {
        guard let type = contentType, type.lowercased().hasPrefix("multipart/form-data"),
              let range = type.range(of: "boundary=", options: .caseInsensitive) else { return nil }
        var value = String(type[range.upperBound...].prefix { $0 != ";" }).trimmingCharacters(in: .whitespaces)
        if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
        return value.isEmpty ? nil : value
    }

    static func parts(_ body: [UInt8], boundary: String) -> [Part] {
        let delimiter = Array(("--" + boundary).utf8)
        var parts: [Part] = []
        var positions: [Int] = []
        var i = 0
        while i + delimiter.count <= body.count {
            if body[i] == delimiter[0], Array(body[i..<(i + delimiter.count)]) == delimiter { positions.append(i); i += delimiter.count } else { i += 1 }
        }
        for (start, end) in zip(positions, positions.dropFirst()) {
            var from = start + delimiter.count
            if from + 1 < body.count, body[from] == 0x0D, body[from + 1] == 0x0A { from += 2 } else { continue }
            // Headers end at the first blank line.
            var headerEnd: Int?
            var j = from
            while j + 3 < end {
                if body[j] == 0x0D, body[j + 1] == 0x0A, body[j + 2] == 0x0D, body[j + 3] == 0x0A { headerEnd = j; break }
                j += 1
            }
            guard let headerEnd else { continue }
            let headers = String(decoding: body[from..<headerEnd], as: UTF8.self)
            var dataEnd = end
            if dataEnd >= 2, body[dataEnd - 2] == 0x0D, body[dataEnd - 1] == 0x0A { dataEnd -= 2 }
            guard let disposition = headers.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-disposition:") }) else { continue }
            func parameter(_ key: String) -> String? {
                // " name=" and not the end of " filename=".
                guard let r = disposition.range(of: " " + key + "=\"") ?? disposition.range(of: ";" + key + "=\"") else { return nil }
                let rest = disposition[r.upperBound...]
                return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
            }
            guard let name = parameter("name") else { continue }
            parts.append(Part(name: name, filename: parameter("filename"), data: Array(body[(headerEnd + 4)..<max(headerEnd + 4, dataEnd)])))
        }
        return parts
    }
}

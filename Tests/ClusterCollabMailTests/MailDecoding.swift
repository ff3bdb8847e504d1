import Foundation

/// Independent decoders for what the client encodes, so tests check the encodings by round trip rather
/// than by comparing against the client's own output.
enum MailDecoding {
    /// Decodes a header value made of RFC 2047 `=?utf-8?B?...?=` words (whitespace between words dropped)
    /// or returns plain text unfolded.
    static func headerText(_ value: String) -> String {
        let unfolded = value.replacingOccurrences(of: "\r\n", with: "")
        guard unfolded.contains("=?") else { return unfolded }
        var bytes: [UInt8] = []
        for word in unfolded.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            let parts = word.split(separator: "?", omittingEmptySubsequences: false)
            guard parts.count == 5, parts[0] == "=", parts[2].uppercased() == "B", parts[4] == "=",
                let data = Data(base64Encoded: String(parts[3]))
            else { return "<not an encoded-word: \(word)>" }
            bytes += data
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Decodes a quoted-printable body with CRLF line endings into text with "\n" line endings.
    static func quotedPrintable(_ body: String) -> String {
        var bytes: [UInt8] = []
        var lines = body.components(separatedBy: "\r\n")
        if lines.last == "" { lines.removeLast() }
        for line in lines {
            var utf8 = Array(line.utf8)[...]
            var soft = false
            while let byte = utf8.first {
                utf8 = utf8.dropFirst()
                guard byte == UInt8(ascii: "=") else { bytes.append(byte); continue }
                if utf8.isEmpty { soft = true; break }
                let hex = String(decoding: utf8.prefix(2), as: UTF8.self)
                bytes.append(UInt8(hex, radix: 16) ?? 0x3F)
                utf8 = utf8.dropFirst(2)
            }
            if !soft { bytes.append(UInt8(ascii: "\n")) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

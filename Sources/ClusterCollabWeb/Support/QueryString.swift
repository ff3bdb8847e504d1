import Foundation

/// Query strings and form bodies decoded as browsers send them: `+` is a space, then percent-decoding.
/// (Hummingbird's `queryParameters` keeps `+`, so "drone+cluster" would not find "drone cluster".)
enum FormDecoding {
    static func pairs(_ query: String?) -> [(String, String)] {
        guard let query, !query.isEmpty else { return [] }
        return query.split(separator: "&", omittingEmptySubsequences: true).map { part in
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = decode(kv[0])
            let value = kv.count > 1 ? decode(kv[1]) : ""
            return (key, value)
        }
    }

    static func decode(_ s: Substring) -> String {
        let spaced = s.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// Encodes one value for a URL query.
    static func encode(_ s: String) -> String {
        // Byte by byte: Foundation's CharacterSet-based encoding was the main cost of a directory page,
        // which builds a link for every facet value.
        var out = [UInt8]()
        out.reserveCapacity(s.utf8.count)
        let hex = Array("0123456789ABCDEF".utf8)
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(b)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Builds a query string from pairs (empty values dropped).
    static func query(_ pairs: [(String, String)]) -> String {
        pairs.filter { !$0.1.isEmpty }.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }
}

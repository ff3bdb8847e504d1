import ClusterCollabCore
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

    /// Encodes one value for a URL query (the routes' encoding: unreserved characters stay, the rest is escaped).
    static func encode(_ s: String) -> String { Route.encode(s) }

    /// Builds a query string from pairs (empty values dropped).
    static func query(_ pairs: [(String, String)]) -> String {
        String(Route.queryString(pairs).dropFirst())
    }
}

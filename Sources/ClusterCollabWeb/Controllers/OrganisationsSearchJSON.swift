import ClusterCollabSearch
import Foundation

/// The directory search's JSON written straight into bytes: the same text `JSONEncoder.sorted` writes
/// (keys sorted, no spaces, slashes unescaped), without the encoder's intermediate tree of some 300 facet
/// objects, which was most of the API's time per request for a mid-frequency word.
///
/// It writes only what it knows to write exactly like the encoder: a string that would need escaping (a
/// quote, a backslash, a control character) or a number the encoder would write with an exponent makes it
/// give up (nil), and the caller encodes with `JSONEncoder` instead.
enum OrganisationsSearchJSON {
    static func write(_ response: OrganisationsAPIController.SearchResponse) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(8_192 + response.items.count * 400)
        func raw(_ s: StaticString) { s.withUTF8Buffer { out.append(contentsOf: $0) } }
        func int<I: BinaryInteger>(_ n: I) { out.append(contentsOf: String(n).utf8) }
        func string(_ s: String) -> Bool {
            out.append(UInt8(ascii: "\""))
            for b in s.utf8 {
                if b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { return false }
                out.append(b)
            }
            out.append(UInt8(ascii: "\""))
            return true
        }

        raw("{\"facets\":{")
        // The facets are keyed by name, and sorted like every key.
        for (n, facet) in response.facets.facets.sorted(by: { $0.name < $1.name }).enumerated() {
            if n > 0 { raw(",") }
            guard string(facet.name) else { return nil }
            raw(":[")
            for (i, value) in facet.values.enumerated() {
                raw(i == 0 ? "{\"count\":" : ",{\"count\":")
                int(value.count)
                raw(",\"label\":")
                guard string(value.label) else { return nil }
                raw(",\"value\":")
                guard string(value.value) else { return nil }
                raw("}")
            }
            raw("]")
        }
        raw("},\"items\":[")
        for (i, item) in response.items.enumerated() {
            raw(i == 0 ? "{" : ",{")
            if let acronym = item.acronym {
                raw("\"acronym\":")
                guard string(acronym) else { return nil }
                raw(",")
            }
            if let city = item.city {
                raw("\"city\":")
                guard string(city) else { return nil }
                raw(",")
            }
            raw("\"country\":")
            guard string(item.country) else { return nil }
            raw(",\"id\":")
            int(item.id)
            raw(",\"labels\":[")
            for (j, label) in item.labels.enumerated() {
                if j > 0 { raw(",") }
                guard string(label) else { return nil }
            }
            raw("],")
            if let members = item.members_total {
                raw("\"members_total\":")
                int(members)
                raw(",")
            }
            raw("\"name\":")
            guard string(item.name) else { return nil }
            raw(",")
            if let region = item.region {
                raw("\"region\":")
                guard string(region) else { return nil }
                raw(",")
            }
            if let score = item.score {
                guard let text = number(score) else { return nil }
                raw("\"score\":")
                out.append(contentsOf: text.utf8)
                raw(",")
            }
            raw("\"slug\":")
            guard string(item.slug) else { return nil }
            raw(",")
            if let status = item.status {
                raw("\"status\":")
                guard string(status) else { return nil }
                raw(",")
            }
            raw("\"type\":")
            guard string(item.type) else { return nil }
            raw(",\"updated_at\":")
            guard string(item.updated_at.formatted(.iso8601)) else { return nil }
            raw(",\"url\":")
            guard string(item.url) else { return nil }
            raw("}")
        }
        raw("],\"page\":")
        int(response.page)
        raw(",\"per_page\":")
        int(response.per_page)
        raw(",\"total\":")
        int(response.total)
        raw("}")
        return out
    }

    /// A double as the encoder writes it (its shortest form, without a trailing ".0"); nil for the forms
    /// left to the encoder (exponents, infinities, NaN).
    static func number(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        var text = value.description
        if text.contains("e") { return nil }
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }
}

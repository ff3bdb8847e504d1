/// A path of the platform, written once. The router registers its `pattern` (`/calls/:id`) and every link the
/// server builds (redirects, page models, e-mails, notices, feeds) fills the same pattern, so a path renamed
/// or given another parameter is a compile error in every place that uses it, not a dead link.
public protocol RoutePattern: Sendable {
    /// The pattern as the router reads it: `/` separated, parameters as `:name`.
    var pattern: String { get }
}

/// A path without parameters (`/calls`).
public struct Route: RoutePattern {
    public let pattern: String

    init(_ pattern: String) {
        precondition(!pattern.contains(":"), "\(pattern) has a parameter: use Route1 or Route2")
        self.pattern = pattern
    }

    /// The path itself.
    public var path: String { pattern }

    /// The path with a query string; empty values are left out, so a link carries only what was chosen.
    public func path(query: [(String, String)]) -> String {
        pattern + Route.queryString(query)
    }

    /// `?name=value&...` (empty values left out), or nothing.
    public static func queryString(_ query: [(String, String)]) -> String {
        let items = query.filter { !$0.1.isEmpty }
        guard !items.isEmpty else { return "" }
        return "?" + items.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&")
    }

    /// The literal text between the parameters of a pattern: `/calls/:id/evaluation` is `/calls/`, `/evaluation`.
    static func pieces(_ pattern: String, parameters: Int) -> [String] {
        var pieces: [String] = []
        var current = ""
        for segment in pattern.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            current += "/"
            if segment.hasPrefix(":") {
                pieces.append(current)
                current = ""
            } else {
                current += segment
            }
        }
        pieces.append(current)
        precondition(pieces.count == parameters + 1, "\(pattern) does not have \(parameters) parameter(s)")
        return pieces
    }

    /// A value as one path segment or query value: every byte but the unreserved ones (RFC 3986) escaped.
    /// Byte by byte: Foundation's CharacterSet-based encoding was the main cost of the directory page, which
    /// builds a link for every facet value.
    public static func encode(_ value: String) -> String { encode(value, keeping: unreserved) }

    /// A value as one path segment: what RFC 3986 allows there (`@`, `:`, `+`...) stays, so a token reads as
    /// it was made; `/`, `?`, `#`, `%`, spaces and other bytes are escaped.
    static func segment(_ value: String) -> String { encode(value, keeping: pathCharacter) }

    private static func encode(_ value: String, keeping keep: (UInt8) -> Bool) -> String {
        if value.utf8.allSatisfy(keep) { return value }
        var out = [UInt8]()
        out.reserveCapacity(value.utf8.count + 16)
        for b in value.utf8 {
            if keep(b) {
                out.append(b)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(b >> 4)])
                out.append(hexDigits[Int(b & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    @inline(__always) static func pathCharacter(_ b: UInt8) -> Bool {
        switch b {
        case 0x21, 0x24, 0x26...0x2C, 0x3A, 0x3B, 0x3D, 0x40: true  // ! $ & ' ( ) * + , : ; = @
        default: unreserved(b)
        }
    }

    @inline(__always) static func unreserved(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x2E || b == 0x5F || b == 0x7E
    }
}

/// A path with one parameter (`/calls/:id`).
public struct Route1<Value: CustomStringConvertible & Sendable>: RoutePattern {
    public let pattern: String
    private let pieces: [String]

    init(_ pattern: String) {
        self.pattern = pattern
        pieces = Route.pieces(pattern, parameters: 1)
    }

    /// The path for one value.
    public func path(_ value: Value, query: [(String, String)] = [], fragment: String? = nil) -> String {
        pieces[0] + Route.segment(value.description) + pieces[1] + Route.queryString(query) + (fragment.map { "#" + $0 } ?? "")
    }
}

/// A path with two parameters (`/partner-searches/:id/interests/:interest/accept`).
public struct Route2<First: CustomStringConvertible & Sendable, Second: CustomStringConvertible & Sendable>: RoutePattern {
    public let pattern: String
    private let pieces: [String]

    init(_ pattern: String) {
        self.pattern = pattern
        pieces = Route.pieces(pattern, parameters: 2)
    }

    /// The path for two values.
    public func path(_ first: First, _ second: Second) -> String {
        pieces[0] + Route.segment(first.description) + pieces[1] + Route.segment(second.description) + pieces[2]
    }
}

import ClusterCollabCore
import Foundation

/// The kinds of public things the site search finds, in the order its page and the API list them.
public enum SiteSearchKind: String, CaseIterable, Sendable, Hashable {
    case organisations
    case partnerSearches = "partner-searches"
    case calls
    case news
    case events
    case documents
    case fundingOpportunities = "funding-opportunities"

    /// The rule a `kind` that is none of these breaks.
    public static let rule = "must be one of \(allCases.map(\.rawValue).joined(separator: ", "))"
}

/// What the site search is asked (`/search?q=...&kind=...`): the words, and the one kind it is narrowed to,
/// if any. Read alike by the page and the API.
public struct SiteSearchQuery: Sendable, Equatable {
    /// The text as typed, without the spaces around it.
    public var text: String
    public var kind: SiteSearchKind?

    /// The longest text searched.
    public static let maxLength = 200

    public init(text: String = "", kind: SiteSearchKind? = nil) {
        self.text = text
        self.kind = kind
    }

    /// Reads `q` and `kind` (an empty `kind` is no kind, as forms send every field); every broken rule is
    /// named at once.
    public static func parse(q: String?, kind: String?) throws(ValidationErrors) -> SiteSearchQuery {
        var errors = ValidationErrors()
        var query = SiteSearchQuery()
        let text = (q ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count > maxLength { errors.add("q", "must be at most \(maxLength) characters") } else { query.text = text }
        let code = (kind ?? "").trimmingCharacters(in: .whitespaces)
        if !code.isEmpty {
            if let kind = SiteSearchKind(rawValue: code.lowercased()) { query.kind = kind } else { errors.add("kind", SiteSearchKind.rule) }
        }
        try errors.throwIfAny()
        return query
    }

    /// The folded words searched for: stop words and elided words left out unless nothing else is asked
    /// (`TextFolding.searchedWords`), at most eight.
    public var words: [String] { Array(TextFolding.searchedWords(TextFolding.words(text)).prefix(8)) }

    /// Whether there is nothing to search for: the page then shows its box and no results.
    public var isEmpty: Bool { words.isEmpty }

    /// Whether every searched word begins a word of `texts`, case and accents aside: "ile-de-france" finds
    /// "Île-de-France", "drone" finds "drones", and "rone" finds neither.
    public func matches(_ texts: [String]) -> Bool {
        var matcher = self.matcher()
        return matcher.matches(texts)
    }

    /// A matcher for many texts in a row, which folds each distinct accented word once.
    public func matcher() -> SiteSearchMatcher { SiteSearchMatcher(words: words) }
}

/// `SiteSearchQuery.matches` for many texts: the words folded as the directory folds them (`FastFolding`:
/// ASCII lower-cased byte by byte, other words through `TextFolding` once each), compared as bytes.
public struct SiteSearchMatcher {
    private var folding = FastFolding()
    private let wanted: [[UInt8]]

    init(words: [String]) { wanted = Array(Set(words)).map { Array($0.utf8) } }

    /// Whether every searched word begins a word of `texts`.
    public mutating func matches(_ texts: [String]) -> Bool {
        let wanted = self.wanted
        guard !wanted.isEmpty else { return false }
        var found = [Bool](repeating: false, count: wanted.count)
        var left = wanted.count
        for text in texts {
            folding.forEachWord(text) { word in
                for (i, w) in wanted.enumerated() where !found[i] && word.count >= w.count && word.starts(with: w) {
                    found[i] = true
                    left -= 1
                }
            }
            if left == 0 { return true }
        }
        return false
    }
}

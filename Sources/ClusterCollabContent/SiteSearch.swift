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
    public func matches(_ texts: [String]) -> Bool { !matching([SiteSearchText(id: 0, texts: texts)]).isEmpty }

    /// The ids of the texts that hold every searched word at the beginning of one of their words, in the
    /// texts' order: the same as `matches` on the texts they were made from, without folding them again.
    public func matching(_ texts: [SiteSearchText]) -> [Int64] {
        let wanted = Set(words).map { Array((" " + $0).utf8) }
        guard !wanted.isEmpty else { return [] }
        return texts.filter { text in wanted.allSatisfy { text.contains($0) } }.map(\.id)
    }

    /// The ids of one page of `matching` (`page` from 1) and how many match in all: what a kind the
    /// database cannot search folded then reads by id.
    public func page(of texts: [SiteSearchText], page: Int, perPage: Int) -> (total: Int, ids: [Int64]) {
        let ids = matching(texts)
        return (ids.count, Array(ids.dropFirst(PageBounds.offset(page: page, perPage: perPage) ?? ids.count).prefix(perPage)))
    }
}

/// A public thing's words, folded once (`FastFolding`, as the directory folds), for `SiteSearchQuery.matching`:
/// what the site search keeps in memory of the kinds the database cannot search folded.
public struct SiteSearchText: Sendable, Equatable {
    public let id: Int64
    /// " word word ... ": each word after a space, so a word's beginning is " " + its first letters.
    private let folded: [UInt8]

    public init(id: Int64, texts: [String]) {
        self.id = id
        var folding = FastFolding()
        var bytes: [UInt8] = []
        for text in texts {
            folding.forEachWord(text) { word in
                bytes.append(0x20)
                bytes.append(contentsOf: word)
            }
        }
        folded = bytes
    }

    /// Whether `needle` (" " + a word's first letters) occurs.
    func contains(_ needle: [UInt8]) -> Bool {
        guard needle.count <= folded.count else { return false }
        return folded.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { n in
                let first = n[0], last = hay.count - n.count
                var i = 0
                while i <= last {
                    if hay[i] == first {
                        var j = 1
                        while j < n.count, hay[i + j] == n[j] { j += 1 }
                        if j == n.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }
}

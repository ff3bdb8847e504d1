import ClusterCollabCore
import ClusterCollabText
import Foundation

/// A competence a partner search requires, written as a typed id: `sector:12` (a cluster sector of
/// `ReferenceData.sectors`), `technology:KET2009-5` (a key enabling technology), `ecosystem:3` (an industrial
/// ecosystem) or `keyword:drone` (a free word or short phrase).
///
/// An organisation covers a sector, technology or ecosystem when the id is among its own; it covers a
/// keyword when every word of the keyword, stemmed like the search index stems (`TextFolding.stem` of the
/// folded word), occurs in its description, tags, S3 priorities or infrastructures (kind and detail).
///
/// Encoded as its canonical text (`"sector:12"`). Ordered by kind (sector, technology, ecosystem, keyword),
/// then by id or word.
public enum Competence: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    case sector(Int)
    case technology(String)
    case ecosystem(Int)
    /// Folded (lower case, no accents), single spaces, 2 to 60 characters of letters, digits, spaces and
    /// hyphens.
    case keyword(String)

    /// The kinds as written before the colon.
    public static let kinds = ["sector", "technology", "ecosystem", "keyword"]

    /// Parses and checks a typed id against the reference data: surrounding spaces are ignored, the kind is
    /// case-insensitive, a technology id is matched case-insensitively and written as the reference writes
    /// it, a keyword is folded to lower case without accents.
    public init(parsing text: String, reference: ReferenceData) throws(CompetenceError) {
        let parsed = try Competence(syntax: text)
        switch parsed {
        case .sector(let id):
            guard reference.sector(id) != nil else {
                throw CompetenceError(text: text, reason: "there is no cluster sector with id \(id)")
            }
            self = parsed
        case .ecosystem(let id):
            guard reference.ecosystem(id) != nil else {
                throw CompetenceError(text: text, reason: "there is no industrial ecosystem with id \(id)")
            }
            self = parsed
        case .technology(let id):
            if reference.technology(id) != nil {
                self = parsed
            } else if let entry = reference.technologies.first(where: { $0.id.caseInsensitiveCompare(id) == .orderedSame }) {
                self = .technology(entry.id)
            } else {
                throw CompetenceError(text: text, reason: "there is no key enabling technology with id \(id)")
            }
        case .keyword:
            self = parsed
        }
    }

    /// Parses the form only (kind, a numeric id where one is needed, the keyword rules), without checking
    /// that an id exists; used when decoding stored values.
    public init(syntax text: String) throws(CompetenceError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw CompetenceError(text: text, reason: "a competence is needed, such as sector:12 or keyword:drone")
        }
        guard let colon = trimmed.firstIndex(of: ":") else {
            throw CompetenceError(
                text: text,
                reason: "a competence is written as kind:value, such as sector:12, technology:KET2009-5, ecosystem:3 or keyword:drone")
        }
        let kind = trimmed[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        switch kind {
        case "sector", "ecosystem":
            guard !value.isEmpty else { throw CompetenceError(text: text, reason: "the \(kind) id is missing") }
            guard value.allSatisfy({ $0.isASCII && $0.isNumber }), let id = Int(value) else {
                throw CompetenceError(text: text, reason: "a \(kind) id is a number, such as \(kind):12")
            }
            self = kind == "sector" ? .sector(id) : .ecosystem(id)
        case "technology":
            guard !value.isEmpty else { throw CompetenceError(text: text, reason: "the technology id is missing") }
            guard value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }) else {
                throw CompetenceError(text: text, reason: "a technology id is like KET2009-5")
            }
            self = .technology(value)
        case "keyword":
            self = .keyword(try Competence.keywordText(value, original: text))
        default:
            throw CompetenceError(
                text: text,
                reason: "\"\(kind)\" is not a kind of competence; use sector, technology, ecosystem or keyword")
        }
    }

    /// A keyword's canonical text: folded, runs of spaces made one, checked.
    static func keywordText(_ value: String, original: String) throws(CompetenceError) -> String {
        let folded = TextFolding.fold(value)
            .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        guard !folded.isEmpty else { throw CompetenceError(text: original, reason: "the keyword is missing") }
        guard folded.allSatisfy({ $0.isLetter || $0.isNumber || $0 == " " || $0 == "-" }) else {
            throw CompetenceError(text: original, reason: "a keyword may hold only letters, digits, spaces and hyphens")
        }
        guard folded.contains(where: { $0.isLetter || $0.isNumber }) else {
            throw CompetenceError(text: original, reason: "a keyword needs at least one letter or digit")
        }
        guard (2...60).contains(folded.count) else {
            throw CompetenceError(text: original, reason: "a keyword is 2 to 60 characters long")
        }
        return folded
    }

    /// The canonical text, e.g. `sector:12` or `keyword:drone`.
    public var description: String {
        switch self {
        case .sector(let id): "sector:\(id)"
        case .technology(let id): "technology:\(id)"
        case .ecosystem(let id): "ecosystem:\(id)"
        case .keyword(let word): "keyword:\(word)"
        }
    }

    /// The kind's name, as written before the colon.
    public var kind: String {
        switch self {
        case .sector: "sector"
        case .technology: "technology"
        case .ecosystem: "ecosystem"
        case .keyword: "keyword"
        }
    }

    /// Words for a person: "Aerospace vehicles and defence (sector)", "“drone” (keyword)", in `language`
    /// (English unless told: the API's words), the reference data's names translated too.
    public func label(_ reference: ReferenceData, in language: Language = Languages.english) -> String {
        switch self {
        case .sector(let id):
            Sentence("{{name}} (sector)")(in: language, ["name": reference.sector(id).map { language.text($0.name, context: "sector") } ?? "\(id)"])
        case .technology(let id):
            Sentence("{{name}} (technology)")(in: language, ["name": reference.technology(id).map { language.text($0.name, context: "technology") } ?? id])
        case .ecosystem(let id):
            Sentence("{{name}} (ecosystem)")(in: language, ["name": reference.ecosystem(id).map { language.text($0.name, context: "ecosystem") } ?? "\(id)"])
        case .keyword(let word): Sentence("“{{word}}” (keyword)")(in: language, ["word": word])
        }
    }

    private var rank: Int {
        switch self {
        case .sector: 0
        case .technology: 1
        case .ecosystem: 2
        case .keyword: 3
        }
    }

    public static func < (a: Competence, b: Competence) -> Bool {
        switch (a, b) {
        case (.sector(let x), .sector(let y)), (.ecosystem(let x), .ecosystem(let y)): return x < y
        case (.technology(let x), .technology(let y)), (.keyword(let x), .keyword(let y)): return x < y
        default: return a.rank < b.rank
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try Competence(syntax: text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.reason))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// Why a competence could not be read: the text as given and a readable sentence, such as
/// "there is no cluster sector with id 99".
public struct CompetenceError: Error, Equatable, Sendable, CustomStringConvertible {
    public let text: String
    public let reason: String

    public init(text: String, reason: String) {
        self.text = text
        self.reason = reason
    }

    public var description: String { "“\(text)”: \(reason)" }
}

import Foundation

/// A message catalogue in gettext's PO format, the format translation tools (Poedit, Weblate, Lokalize,
/// Crowdin) read and write. Each entry is an English text (`msgid`, with `msgid_plural` for a counted
/// text), optionally told apart by a context (`msgctxt`), and its translation (`msgstr`, or
/// `msgstr[0]`... one per plural form of the language). Foundation on Linux loads no PO and no
/// `.strings`, so the catalogue is read here, once, at start.
public struct Catalogue: Sendable, Equatable {
    /// One entry: its key (context and English text), the English plural if it is counted, and the
    /// translations (one, or one per plural form). An empty translation means "not translated yet".
    public struct Entry: Sendable, Equatable {
        public var context: String?
        public var id: String
        public var plural: String?
        public var translations: [String]

        public var key: String { Catalogue.key(id, context: context) }
        public var isTranslated: Bool { !translations.isEmpty && translations.allSatisfy { !$0.isEmpty } }
    }

    public var entries: [String: Entry]
    /// The header's fields (`Language`, `Plural-Forms`...).
    public var header: [String: String]
    /// The rules with values (`must be at most {{1}} characters`), most specific first, to read a rule
    /// the core wrote in English with its values filled in.
    public private(set) var rulePatterns: [RulePattern] = []

    public static func key(_ id: String, context: String?) -> String {
        context.map { $0 + "\u{4}" + id } ?? id
    }

    public init(entries: [String: Entry], header: [String: String]) {
        self.entries = entries
        self.header = header
        rulePatterns = RulePattern.all(in: entries)
    }

    /// Reads PO text. A malformed line is an error naming its line, so a broken catalogue never loads.
    public init(po text: String) throws(CatalogueError) {
        var entries: [String: Entry] = [:]
        var header: [String: String] = [:]
        var current = Entry(context: nil, id: "", plural: nil, translations: [])
        var started = false
        // Which string a continuation line ("...") belongs to.
        enum Field { case context, id, plural, translation(Int) }
        var field: Field?
        var lineNumber = 0
        var entryLine = 0

        func finish() throws(CatalogueError) {
            guard started else { return }
            if current.id.isEmpty && current.context == nil {
                for line in (current.translations.first ?? "").split(separator: "\n") {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    header[String(line[..<colon]).trimmingCharacters(in: .whitespaces)] = String(line[line.index(after: colon)...])
                        .trimmingCharacters(in: .whitespaces)
                }
            } else {
                if entries[current.key] != nil { throw CatalogueError(line: entryLine, message: "\"\(current.id)\" is in the catalogue twice") }
                entries[current.key] = current
            }
            current = Entry(context: nil, id: "", plural: nil, translations: [])
            started = false
            field = nil
        }

        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") {
                if line.isEmpty, started, !current.translations.isEmpty { try finish() }
                continue
            }
            if line.hasPrefix("\"") {
                let value = try Self.string(line, lineNumber)
                switch field {
                case .context?: current.context = (current.context ?? "") + value
                case .id?: current.id += value
                case .plural?: current.plural = (current.plural ?? "") + value
                case .translation(let i)?: current.translations[i] += value
                case nil: throw CatalogueError(line: lineNumber, message: "a string outside any entry")
                }
                continue
            }
            guard let space = line.firstIndex(of: " ") else { throw CatalogueError(line: lineNumber, message: "expected a keyword and a string") }
            let keyword = String(line[..<space])
            let value = try Self.string(line[line.index(after: space)...].trimmingCharacters(in: .whitespaces), lineNumber)
            switch keyword {
            case "msgctxt":
                if started, !current.translations.isEmpty { try finish() }
                started = true
                entryLine = lineNumber
                current.context = value
                field = .context
            case "msgid":
                if started, !current.translations.isEmpty { try finish() }
                if current.context == nil { entryLine = lineNumber }
                started = true
                current.id = value
                field = .id
            case "msgid_plural":
                current.plural = value
                field = .plural
            case "msgstr":
                current.translations = [value]
                field = .translation(0)
            default:
                guard keyword.hasPrefix("msgstr["), keyword.hasSuffix("]"), let index = Int(keyword.dropFirst(7).dropLast()),
                    index == current.translations.count
                else { throw CatalogueError(line: lineNumber, message: "unknown keyword \(keyword)") }
                current.translations.append(value)
                field = .translation(index)
            }
        }
        try finish()
        self.entries = entries
        self.header = header
        rulePatterns = RulePattern.all(in: entries)
    }

    /// A quoted PO string, with its escapes (`\n`, `\t`, `\"`, `\\`) read.
    static func string(_ text: some StringProtocol, _ line: Int) throws(CatalogueError) -> String {
        guard text.count >= 2, text.first == "\"", text.last == "\"" else { throw CatalogueError(line: line, message: "expected a quoted string") }
        var out = ""
        var escaped = false
        for c in text.dropFirst().dropLast() {
            if escaped {
                switch c {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                default: out.append(c)
                }
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// The entry for an English text.
    public func entry(_ id: String, context: String? = nil) -> Entry? {
        entries[Self.key(id, context: context)]
    }
}

public struct CatalogueError: Error, Sendable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public var description: String { "line \(line): \(message)" }

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }
}

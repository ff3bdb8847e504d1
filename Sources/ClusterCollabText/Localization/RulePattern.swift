/// Validation rules come from the core in English with their values written in ("must be at most 200
/// characters"), the same text the API answers. A page shows them in its language: the catalogue holds
/// each rule under the context `rule`, its values numbered (`must be at most {{1}} characters` →
/// `doit comporter au plus {{1}} caractères`), and the English text on the page is matched against the
/// rules to find the values again.
public struct RulePattern: Sendable, Equatable {
    /// The English text cut at its values: `["must be at most ", " characters"]` and the values' names.
    public var literals: [String]
    public var names: [String]
    public var translation: String

    /// Characters of fixed text: a pattern with more is more specific, so it is tried first.
    var weight: Int { literals.reduce(0) { $0 + $1.count } }

    init?(_ english: String, translation: String) {
        var literals: [String] = [], names: [String] = []
        var rest = Substring(english)
        while let open = rest.range(of: "{{"), let close = rest.range(of: "}}", range: open.upperBound..<rest.endIndex) {
            literals.append(String(rest[..<open.lowerBound]))
            names.append(String(rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        guard !names.isEmpty else { return nil }
        literals.append(String(rest))
        self.literals = literals
        self.names = names
        self.translation = translation
    }

    static func all(in entries: [String: Catalogue.Entry]) -> [RulePattern] {
        entries.values.compactMap { entry in
            guard entry.context == "rule", entry.plural == nil, let translation = entry.translations.first, !translation.isEmpty else { return nil }
            return RulePattern(entry.id, translation: translation)
        }
        .sorted { $0.weight != $1.weight ? $0.weight > $1.weight : $0.literals.joined() < $1.literals.joined() }
    }

    /// The values of `text` when it is this rule with values filled in (each value non-empty, the text
    /// between them the rule's own), else nil.
    public func values(of text: String) -> [String: String]? {
        guard text.hasPrefix(literals[0]), text.hasSuffix(literals[literals.count - 1]),
            text.count >= literals[0].count + literals[literals.count - 1].count + names.count
        else { return nil }
        let end = text.index(text.endIndex, offsetBy: -literals[literals.count - 1].count)
        var position = text.index(text.startIndex, offsetBy: literals[0].count)
        var values: [String: String] = [:]
        for (i, name) in names.enumerated() {
            let next = i + 1 < literals.count - 1 ? literals[i + 1] : nil
            let valueEnd: String.Index
            if let next {
                // The value runs to the next fixed text (at least one character in).
                guard position < end, let found = text.range(of: next, range: text.index(after: position)..<end) else { return nil }
                valueEnd = found.lowerBound
                values[name] = String(text[position..<valueEnd])
                position = found.upperBound
            } else {
                guard position < end else { return nil }
                values[name] = String(text[position..<end])
                position = end
            }
        }
        return values
    }
}

extension Language {
    /// A validation rule written in English by the core, in this language: the catalogue's rule when
    /// it has the same text, else the first rule with values whose text it is, else the English as it is.
    public func rule(_ english: String) -> String {
        guard let catalogue else { return english }
        if let entry = catalogue.entry(english, context: "rule"), let text = entry.translations.first, !text.isEmpty { return text }
        for pattern in catalogue.rulePatterns {
            if let values = pattern.values(of: english) { return Sentence.fill(pattern.translation, values) }
        }
        return english
    }
}

import Foundation

/// How a language picks the form of a counted text: the index of the `msgstr[n]` to use for a count.
/// (CLDR's cardinal rules for integers, as gettext's `Plural-Forms` writes them.)
public enum PluralRule: String, Sendable, CaseIterable {
    /// English, German, Dutch, Spanish, Italian...: "1 member", "0 members", "2 members".
    case oneOther
    /// French, and Portuguese as in Brazil: "0 membre", "1 membre", "2 membres".
    case zeroOneOther
    /// Polish: "1 członek", "2 członków"... three forms.
    case polish

    public func form(_ n: Int) -> Int {
        switch self {
        case .oneOther: n == 1 ? 0 : 1
        case .zeroOneOther: n == 0 || n == 1 ? 0 : 1
        case .polish: n == 1 ? 0 : (2...4).contains(n % 10) && !(12...14).contains(n % 100) ? 1 : 2
        }
    }

    /// How many forms a catalogue entry of this rule has.
    public var forms: Int { self == .polish ? 3 : 2 }
}

/// A language the platform speaks: its code (`en`, `fr`), its name in itself, how it counts, and its
/// catalogue (none for English, whose texts are the catalogue's keys).
public struct Language: Sendable, Equatable, Identifiable {
    public var code: String
    public var name: String
    public var plural: PluralRule
    public var catalogue: Catalogue?

    public var id: String { code }

    public init(code: String, name: String, plural: PluralRule, catalogue: Catalogue? = nil) {
        self.code = code
        self.name = name
        self.plural = plural
        self.catalogue = catalogue
    }

    /// The text in this language: the catalogue's translation when there is one, else the English text.
    public func text(_ english: String, context: String? = nil) -> String {
        guard let entry = catalogue?.entry(english, context: context), let first = entry.translations.first, !first.isEmpty else { return english }
        return first
    }

    /// A counted text: the form this language uses for `count` (English: `singular` for 1, else `plural`).
    public func text(_ singular: String, plural: String, count: Int, context: String? = nil) -> String {
        if let entry = catalogue?.entry(singular, context: context), entry.isTranslated {
            let index = self.plural.form(count)
            if index < entry.translations.count { return entry.translations[index] }
        }
        return count == 1 ? singular : plural
    }
}

extension Language {
    /// The best of `available` for an `Accept-Language` header (RFC 9110: tags with optional `q`
    /// weights; `fr-CA` matches `fr`; `*` matches the first available), or nil when none is acceptable.
    public static func negotiate(_ header: String, available: [String]) -> String? {
        var choices: [(tag: String, q: Double, order: Int)] = []
        for (order, part) in header.split(separator: ",").enumerated() {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased(), !tag.isEmpty else { continue }
            var q = 1.0
            for parameter in pieces.dropFirst() where parameter.lowercased().hasPrefix("q=") {
                q = Double(parameter.dropFirst(2)) ?? 0
            }
            if q > 0 { choices.append((tag, q, order)) }
        }
        for choice in choices.sorted(by: { $0.q != $1.q ? $0.q > $1.q : $0.order < $1.order }) {
            if choice.tag == "*" { return available.first }
            let primary = choice.tag.split(separator: "-").first.map(String.init) ?? choice.tag
            if let match = available.first(where: { $0.lowercased() == choice.tag || $0.lowercased() == primary }) { return match }
        }
        return nil
    }
}

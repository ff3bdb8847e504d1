/// A sentence written in code outside the web pages (a decision's headline, a validation rule, an
/// eligibility reason), in English with `{{names}}` for its values, and put in words in any language:
///
///     static let published = Sentence("{{organisation}} is published")
///     published(in: french, ["organisation": name])   // "Loire Photonics Alliance est publiée"
///
/// The English text is the catalogues' key: `LanguageTests` finds every `Sentence("...")` literal in the
/// sources and checks each catalogue has it. Values are put in as they are (pages escape them).
public struct Sentence: Sendable, Hashable, CustomStringConvertible {
    public let english: String
    /// The English form for counts other than one, for a counted sentence (`{{count}} member`, `{{count}}
    /// members`); each language then picks its own form by its plural rule.
    public let plural: String?
    /// The catalogue context, when the same English means different things in different places.
    public let context: String?

    public init(_ english: String, context: String? = nil) {
        self.english = english
        self.plural = nil
        self.context = context
    }

    /// A counted sentence: `count` picks the form, and fills `{{count}}`.
    public init(_ english: String, plural: String, context: String? = nil) {
        self.english = english
        self.plural = plural
        self.context = context
    }

    /// The sentence in `language` with its values.
    public func callAsFunction(in language: Language, _ values: [String: String] = [:]) -> String {
        Sentence.fill(language.text(english, context: context), values)
    }

    /// The counted sentence in `language`, in the form for `count`, with `{{count}}` and its other values.
    public func callAsFunction(in language: Language, count: Int, _ values: [String: String] = [:]) -> String {
        var values = values
        values["count"] = String(count)
        let text = plural.map { language.text(english, plural: $0, count: count, context: context) } ?? language.text(english, context: context)
        return Sentence.fill(text, values)
    }

    /// The English sentence with its values (for logs, the API and the history).
    public func english(_ values: [String: String] = [:]) -> String { Sentence.fill(english, values) }

    public var description: String { english }

    /// `text` with each `{{name}}` replaced by its value; a name without a value is left as it is.
    public static func fill(_ text: String, _ values: [String: String]) -> String {
        guard !values.isEmpty, text.contains("{{") else { return text }
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{"), let close = rest.range(of: "}}", range: open.upperBound..<rest.endIndex) {
            out += rest[..<open.lowerBound]
            let name = String(rest[open.upperBound..<close.lowerBound])
            out += values[name] ?? String(rest[open.lowerBound..<close.upperBound])
            rest = rest[close.upperBound...]
        }
        return out + rest
    }
}

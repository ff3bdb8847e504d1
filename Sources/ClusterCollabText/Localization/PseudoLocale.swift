/// The pseudo-locale: every text of a catalogue transformed (letters accented, the whole in ⟦ ⟧), so that
/// a page rendered in it shows at a glance, and to a test, any visible text that did not come from a
/// catalogue. Names (`{{count}}`) and markup (`<strong>`) inside a text are left as they are.
public enum PseudoLocale {
    public static let code = "qps"

    /// The pseudo-language for the English texts `messages` (with their plurals).
    public static func language(for messages: [(id: String, plural: String?)]) -> Language {
        var entries: [String: Catalogue.Entry] = [:]
        for message in messages {
            let translations = [transform(message.id)] + (message.plural.map { [transform($0)] } ?? [])
            entries[message.id] = Catalogue.Entry(context: nil, id: message.id, plural: message.plural, translations: translations)
        }
        return Language(code: code, name: "Pseudo", plural: .oneOther, catalogue: Catalogue(entries: entries, header: [:]))
    }

    public static func transform(_ text: String) -> String {
        var out = "⟦"
        var inTag = false
        var braces = 0
        var previous: Character = " "
        for c in text {
            if braces == 0, !inTag, c == "{", previous == "{" { braces = 2 }
            if c == "<" && braces == 0 { inTag = true }
            if braces == 0 && !inTag, let accented = accents[c] { out.append(accented) } else { out.append(c) }
            if c == ">" && inTag { inTag = false }
            if braces > 0, c == "}", previous == "}" { braces = 0 }
            previous = c
        }
        return out + "⟧"
    }

    static let accents: [Character: Character] = [
        "a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú", "c": "ç", "n": "ñ", "s": "ś", "y": "ý", "A": "Á", "E": "É", "I": "Í", "O": "Ó",
        "U": "Ú", "C": "Ç", "N": "Ñ", "S": "Ś",
    ]
}

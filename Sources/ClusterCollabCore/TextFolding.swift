import Foundation

/// Case- and accent-insensitive text handling shared by search, slugs and duplicate detection, so that
/// "pole" finds "Pôle" and "Île-de-France" becomes `ile-de-france`.
public enum TextFolding {
    /// Lower-cased, diacritics removed, ligatures expanded (œ → oe, ß → ss), and the Latin letters that are
    /// not a base letter with a mark read as the letter people type for them (Turkish ı → i, Icelandic ð → d).
    public static func fold(_ text: String) -> String {
        // Most text is ASCII: lower-case it without Foundation.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
        }
        // Foundation's folding on Linux crashed under concurrent use in the test suite (an illegal
        // instruction while reading its result), so calls to it take turns.
        var s = foldingLock.withLock {
            String(decoding: Array(text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil).utf8), as: UTF8.self)
        }
        if s.contains(where: { Self.spelledOut[$0] != nil }) {
            s = String(s.flatMap { Self.spelledOut[$0] ?? String($0) })
        }
        return s.lowercased()
    }

    private static let foldingLock = NSLock()

    private static let spelledOut: [Character: String] = [
        "œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "ł": "l", "đ": "d", "ı": "i", "ð": "d", "þ": "th", "ħ": "h",
    ]

    /// Folded words: runs of letters and digits.
    public static func words(_ text: String) -> [String] {
        fold(text).split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
    }

    /// The French elided words ("l'innovation", "d'entreprises", "qu'elle") and the English "'s": folded,
    /// the apostrophe cuts them off as words of their own, which search leaves out so that "l'innovation"
    /// finds what "innovation" finds.
    public static let elisions: Set<String> = ["l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu"]

    /// Whether a folded word (as UTF-8 bytes) is one of `elisions`.
    public static func isElision(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        word.count <= 6 && elisionBytes.contains { $0.elementsEqual(word) }
    }

    private static let elisionBytes = elisions.map { Array($0.utf8) }

    /// A light English stemmer (plural and common suffixes), so "clusters" finds "cluster" and
    /// "manufacturing" finds "manufacture". Deliberately conservative: only plural "s" may leave a
    /// three-letter stem ("labs" -> "lab"); other suffixes keep at least four letters.
    public static func stem(_ word: String) -> String {
        var w = word
        func strip(_ suffix: String, min: Int = 4, add: String = "") -> Bool {
            guard w.hasSuffix(suffix), w.count - suffix.count >= min else { return false }
            w = String(w.dropLast(suffix.count)) + add
            return true
        }
        if strip("ies", min: 3, add: "y") {
        } else if strip("sses", min: 2, add: "ss") {
        } else if w.hasSuffix("ss") || w.hasSuffix("us") || w.hasSuffix("is") {
        } else if strip("s", min: 3) {
        }
        if strip("ing") || strip("ed") {
            if w.count >= 4, let last = w.last, let prev = w.dropLast().last, last == prev, !"lsz".contains(last) {
                w.removeLast()
            }
        }
        if strip("ation", add: "ate") || strip("ment") || strip("ness") {}
        if w.hasSuffix("e"), w.count > 4 { w.removeLast() }
        return w
    }

    /// Stemmed, folded terms of a text, in order.
    public static func terms(_ text: String) -> [String] { words(text).map(stem) }

    /// A URL-safe name: folded words joined by hyphens, at most 80 characters.
    public static func slug(_ text: String) -> String {
        let joined = words(text).joined(separator: "-")
        let cut = String(joined.prefix(80))
        return cut.hasSuffix("-") ? String(cut.dropLast()) : (cut.isEmpty ? "organisation" : cut)
    }
}

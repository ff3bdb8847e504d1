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

    /// Function words of English and French, folded: "the", "of", "and", "le", "les", "des", "pour", "dans",
    /// "à"... Search neither indexes them nor requires them (a query made only of them keeps them, so it
    /// still asks for something), and the matching engine leaves them out of text similarity. Words that are
    /// also a domain's words stay out: "it" (IT), "est" (Grand Est), "car", "mais" (maize), "son" (sound),
    /// "si" (silicon).
    public static let stopWords: Set<String> = [
        // English
        "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "has", "have", "in", "into",
        "is", "its", "of", "on", "or", "our", "that", "the", "their", "them", "they", "this", "to", "was",
        "we", "were", "which", "who", "with", "will", "also", "all", "other", "than", "such", "over", "across",
        "both", "more", "most", "new", "can", "up", "out", "per", "via", "within", "among", "between",
        // French (accents folded: "à" is "a", "où" is "ou", "très" is "tres")
        "le", "la", "les", "un", "une", "de", "des", "du", "au", "aux", "ce", "cet", "cette", "ces", "sa", "ses",
        "leur", "leurs", "notre", "nos", "votre", "vos", "et", "ou", "ni", "donc", "que", "qui", "dont", "en",
        "dans", "sur", "sous", "avec", "sans", "pour", "par", "entre", "vers", "chez", "depuis", "selon", "afin",
        "contre", "comme", "ainsi", "aussi", "plus", "tres", "tout", "tous", "toute", "toutes", "autre", "autres",
        "il", "ils", "elle", "elles", "nous", "vous", "se", "ne", "pas", "sont", "y",
    ]

    /// Whether a folded word is one of `stopWords`.
    public static func isStopWord(_ word: String) -> Bool { stopWords.contains(word) }

    /// The words of a query that search looks for: its folded words without elided words and stop words,
    /// unless that leaves nothing; then without elided words only, and if nothing is left, all of them (so
    /// "the" still asks for something rather than for everything).
    public static func searchedWords(_ words: [String]) -> [String] {
        let content = words.filter { !elisions.contains($0) && !stopWords.contains($0) }
        if !content.isEmpty { return content }
        let kept = words.filter { !elisions.contains($0) }
        return kept.isEmpty ? words : kept
    }

    /// The term search keeps for a folded word: its stem, except that a stop word is its own term (so a
    /// stop word and a content word never meet on a stem: "dans" and "dan").
    public static func term(_ word: String) -> String { stopWords.contains(word) ? word : stem(word) }

    /// French plurals whose singular no rule finds (`travaux` is `travail`, `matériaux` is `matériau`).
    private static let irregularPlurals: [String: String] = [
        "travaux": "travail", "vitraux": "vitrail", "coraux": "corail", "materiaux": "materiau",
        "tuyaux": "tuyau", "noyaux": "noyau", "joyaux": "joyau", "boyaux": "boyau",
    ]

    /// A light stemmer for English and French (plurals and common suffixes), so "clusters" finds "cluster",
    /// "manufacturing" finds "manufacture", "réseaux" finds "réseau", "régionaux" finds "régional",
    /// "industrielles" finds "industrielle" and "technologie" meets "technology". Deliberately conservative:
    /// only plural "s" may leave a three-letter stem ("labs" -> "lab"); other suffixes keep at least four
    /// letters. Words are folded first, so accents are already gone.
    public static func stem(_ word: String) -> String {
        var w = irregularPlurals[word] ?? word
        func strip(_ suffix: String, min: Int = 4, add: String = "") -> Bool {
            guard w.hasSuffix(suffix), w.count - suffix.count >= min else { return false }
            w = String(w.dropLast(suffix.count)) + add
            return true
        }
        // French plurals in x: -eaux, -eux, -oux lose the x (réseaux, jeux, bijoux); -aux is the plural of
        // -al (régionaux, canaux) but needs three letters before it, so "taux" and "faux" stay.
        if strip("eaux", min: 0, add: "eau") || strip("eux", min: 1, add: "eu") || strip("oux", min: 1, add: "ou")
            || strip("aux", min: 3, add: "al")
        {
        } else if strip("ies", min: 3, add: "y") {
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
        // French feminine -elle meets its masculine -el (industrielle, industriel); French -ie meets the
        // English -y, as -ies already does (technologie, technologies, technology).
        if strip("elle", add: "el") || strip("ie", min: 3, add: "y") {}
        if w.hasSuffix("e"), w.count > 4 { w.removeLast() }
        return w
    }

    /// The terms search indexes for a text, in order: its folded words without elided words and stop
    /// words, stemmed.
    public static func terms(_ text: String) -> [String] {
        words(text).filter { !elisions.contains($0) && !stopWords.contains($0) }.map(stem)
    }

    /// A URL-safe name: folded words joined by hyphens, at most 80 characters.
    public static func slug(_ text: String) -> String {
        let joined = words(text).joined(separator: "-")
        let cut = String(joined.prefix(80))
        return cut.hasSuffix("-") ? String(cut.dropLast()) : (cut.isEmpty ? "organisation" : cut)
    }
}

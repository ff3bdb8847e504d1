import ClusterCollabCore
import Foundation

// Text analysis for the matching index: the same folding and stemming as the directory search (the core's
// FastFolding and ByteStringTable), so a keyword or a search text finds the words a directory search would
// find.

/// Words left out of text similarity and S3 overlap: the search's stop words and elided words
/// (`TextFolding.stopWords`, `TextFolding.elisions`), in English and French. They still count for keyword
/// coverage, where every word of a keyword must occur. A stop word is its own term (`TextFolding.term`), so
/// stop-ness is decided on the term.
enum MatchingStopWords {
    static func contains(_ term: String) -> Bool { TextFolding.isStopWord(term) || TextFolding.elisions.contains(term) }
}

/// What a term entry of an organisation records, packed in a byte: bits 0-6 the term's count in the
/// description and tags (capped at 127; 0 when the term only occurs in S3 priorities or infrastructures),
/// bit 7 whether it occurs in an S3 priority. Every entry is a term of the keyword fields.
enum MatchingTermMeta {
    static let s3: UInt8 = 0x80
    static let tfMask: UInt8 = 0x7F
}

/// One organisation as analysed, with stem ids local to the analyser that made it.
struct MatchingAnalysis: Sendable {
    var id: Int64
    var country: String
    var type: OrganisationType
    var nuts2: String?
    var items: [Competence]
    var s3Priorities: [String]
    var localTerms: [UInt32]
    var meta: [UInt8]
}

/// Turns organisations into `MatchingAnalysis`; one per thread. Each distinct folded word is stemmed once.
struct MatchingAnalyser {
    let reference: ReferenceData
    private var folding = FastFolding()
    private var words = ByteStringTable()
    private var stemOfWord: [UInt32] = []
    /// Local stems; `MatchingState.add` maps them to the index's ids.
    private(set) var stems = ByteStringTable()
    private(set) var stemIsStop: [Bool] = []
    /// The shortest (then alphabetically first) word seen for each stem, to show a stem to a person.
    private(set) var surface: [String] = []
    private var metaScratch: [UInt8] = []
    private var seen: [Bool] = []
    private var touched: [UInt32] = []

    init(reference: ReferenceData) { self.reference = reference }

    private enum Field { case text, s3, other }

    private mutating func add(_ text: String, _ field: Field) {
        folding.forEachWord(text) { word in
            let (w, isNew) = words.intern(word)
            if isNew {
                let wordString = String(decoding: word, as: UTF8.self)
                let stem = TextFolding.term(wordString)
                let (s, newStem) = stems.intern(stem)
                stemOfWord.append(s)
                if newStem {
                    stemIsStop.append(MatchingStopWords.contains(stem))
                    surface.append(wordString)
                    metaScratch.append(0)
                    seen.append(false)
                } else if MatchingAnalyser.prefer(wordString, over: surface[Int(s)]) {
                    surface[Int(s)] = wordString
                }
            }
            let s = Int(stemOfWord[Int(w)])
            if !seen[s] { seen[s] = true; touched.append(UInt32(s)) }
            switch field {
            case .text: if metaScratch[s] & MatchingTermMeta.tfMask < MatchingTermMeta.tfMask { metaScratch[s] += 1 }
            case .s3: metaScratch[s] |= MatchingTermMeta.s3
            case .other: break
            }
        }
    }

    static func prefer(_ a: String, over b: String) -> Bool {
        a.utf8.count != b.utf8.count ? a.utf8.count < b.utf8.count : a < b
    }

    mutating func analyse(_ o: Organisation) -> MatchingAnalysis {
        // Both descriptions, the English one and the one in a second language, are the profile's text.
        if let d = o.description { add(d, .text) }
        if let d = o.secondDescription { add(d, .text) }
        for t in o.tags { add(t, .text) }
        for s in o.s3Priorities { add(s, .s3) }
        for i in o.infrastructures { add(i.kind.rawValue, .other); add(i.detail, .other) }
        let terms = touched
        let meta = touched.map { metaScratch[Int($0)] }
        for t in touched { metaScratch[Int(t)] = 0; seen[Int(t)] = false }
        touched.removeAll(keepingCapacity: true)

        var items: [Competence] = []
        var seenItems = Set<Competence>()
        for s in o.sectors where seenItems.insert(.sector(s)).inserted { items.append(.sector(s)) }
        for t in o.technologies where seenItems.insert(.technology(t)).inserted { items.append(.technology(t)) }
        for e in o.ecosystems where seenItems.insert(.ecosystem(e)).inserted { items.append(.ecosystem(e)) }

        return MatchingAnalysis(
            id: o.id, country: o.country.uppercased(), type: o.type,
            nuts2: MatchingAnalyser.nuts2(of: o.region, reference: reference),
            items: items, s3Priorities: o.s3Priorities, localTerms: terms, meta: meta)
    }

    /// The NUTS 2 code of a region: the first four characters of a NUTS (or statistical region) code of
    /// level 2 or deeper; nil for free-text regions and level 0-1 codes.
    static func nuts2(of region: String?, reference: ReferenceData) -> String? {
        guard let region, !region.isEmpty else { return nil }
        // Stored codes are already trimmed upper case: look them up as they are first.
        let found =
            reference.region(region)
            ?? {
                let cleaned = region.trimmingCharacters(in: .whitespaces).uppercased()
                return cleaned == region ? nil : reference.region(cleaned)
            }()
        guard let r = found, r.level >= 2 else { return nil }
        return String(r.code.prefix(4))
    }
}

/// Stemmed words of a search text with their counts, stop words left out, in order of first occurrence.
func matchingTextStems(_ text: String) -> [(stem: String, count: Int)] {
    var folding = FastFolding()
    var index: [String: Int] = [:]
    var out: [(stem: String, count: Int)] = []
    folding.forEachWord(text) { word in
        let stem = TextFolding.term(String(decoding: word, as: UTF8.self))
        guard !MatchingStopWords.contains(stem) else { return }
        if let i = index[stem] { out[i].count += 1 } else { index[stem] = out.count; out.append((stem, 1)) }
    }
    return out
}

/// The distinct stems of a keyword's words, in order.
func matchingKeywordStems(_ keyword: String) -> [String] {
    var folding = FastFolding()
    var out: [String] = []
    folding.forEachWord(keyword) { word in
        let stem = TextFolding.term(String(decoding: word, as: UTF8.self))
        if !out.contains(stem) { out.append(stem) }
    }
    return out
}

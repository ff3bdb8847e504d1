import ClusterCollabCore
import Foundation

// Text analysis for the matching index: the same folding and stemming as the directory search
// (ClusterCollabSearch's FastFolding and ByteStringTable, copied here because this target depends on the
// core only), so a keyword or a search text finds the words a directory search would find.

/// Byte strings with dense ids in one arena, found through an open-addressing hash table (FNV-1a);
/// a copy of ClusterCollabSearch's `ByteStringTable`.
struct MatchingStringTable: Sendable {
    private var arena: [UInt8] = []
    private var ends: [UInt32] = []
    private var hashes: [UInt32] = []
    private var table = [UInt32](repeating: 0, count: 64)

    var count: Int { ends.count }

    func find(_ key: UnsafeBufferPointer<UInt8>) -> UInt32? {
        let h = Self.hash(key)
        let mask = table.count - 1
        var i = Int(h) & mask
        while true {
            let entry = table[i]
            if entry == 0 { return nil }
            let id = entry - 1
            if hashes[Int(id)] == h, equals(id, key) { return id }
            i = (i + 1) & mask
        }
    }

    func find(_ key: String) -> UInt32? {
        var key = key
        return key.withUTF8 { find($0) }
    }

    mutating func intern(_ key: UnsafeBufferPointer<UInt8>) -> (id: UInt32, isNew: Bool) {
        let h = Self.hash(key)
        var mask = table.count - 1
        var i = Int(h) & mask
        while true {
            let entry = table[i]
            if entry == 0 { break }
            let id = entry - 1
            if hashes[Int(id)] == h, equals(id, key) { return (id, false) }
            i = (i + 1) & mask
        }
        let id = UInt32(ends.count)
        arena.append(contentsOf: key)
        ends.append(UInt32(arena.count))
        hashes.append(h)
        table[i] = id + 1
        if ends.count * 2 > table.count {
            table = [UInt32](repeating: 0, count: table.count * 2)
            mask = table.count - 1
            for (j, h) in hashes.enumerated() {
                var k = Int(h) & mask
                while table[k] != 0 { k = (k + 1) & mask }
                table[k] = UInt32(j) + 1
            }
        }
        return (id, true)
    }

    mutating func intern(_ key: String) -> (id: UInt32, isNew: Bool) {
        var key = key
        return key.withUTF8 { intern($0) }
    }

    @inline(__always) func withBytes<R>(_ id: UInt32, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let end = Int(ends[Int(id)]), start = id == 0 ? 0 : Int(ends[Int(id) - 1])
        return arena.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }

    func string(_ id: UInt32) -> String { withBytes(id) { String(decoding: $0, as: UTF8.self) } }

    var byteCount: Int { arena.count + ends.count * 8 + table.count * 4 }

    private func equals(_ id: UInt32, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        withBytes(id) { stored in
            stored.count == key.count && (key.isEmpty || memcmp(stored.baseAddress!, key.baseAddress!, key.count) == 0)
        }
    }

    @inline(__always) static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in key { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        return UInt32(truncatingIfNeeded: h ^ (h >> 29))
    }
}

/// `TextFolding.words` with the same results, fast for ASCII text and for repeated non-ASCII words; a copy
/// of ClusterCollabSearch's `FastFolding` (ASCII chunks are lower-cased byte by byte, other chunks go
/// through `TextFolding.fold` once per distinct chunk).
struct MatchingFolding {
    private var chunks = MatchingStringTable()
    private var chunkWords: [[String]] = []
    private static let cacheLimit = 200_000

    /// Calls `body` with the UTF-8 bytes of each folded word of `text`, in order.
    mutating func forEachWord(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var scratch: [UInt8] = []
        var text = text
        text.withUTF8 { bytes in
            var i = 0
            let n = bytes.count
            while i < n {
                while i < n, bytes[i] < 0x80, !Self.isAlphanumeric(bytes[i]) { i += 1 }
                let start = i
                var ascii = true
                while i < n, bytes[i] >= 0x80 || Self.isAlphanumeric(bytes[i]) {
                    if bytes[i] >= 0x80 { ascii = false }
                    i += 1
                }
                guard i > start else { continue }
                let chunk = UnsafeBufferPointer(rebasing: bytes[start..<i])
                if ascii {
                    if scratch.count < chunk.count { scratch = [UInt8](repeating: 0, count: chunk.count) }
                    scratch.withUnsafeMutableBufferPointer { buffer in
                        for j in 0..<chunk.count { buffer[j] = Self.lower(chunk[j]) }
                        body(UnsafeBufferPointer(rebasing: buffer[0..<chunk.count]))
                    }
                } else {
                    for var word in cachedWords(chunk) { word.withUTF8 { body($0) } }
                }
            }
        }
    }

    private mutating func cachedWords(_ chunk: UnsafeBufferPointer<UInt8>) -> [String] {
        if chunks.count >= Self.cacheLimit { self = MatchingFolding() }
        let (id, isNew) = chunks.intern(chunk)
        if isNew {
            let folded = TextFolding.fold(String(decoding: chunk, as: UTF8.self))
            chunkWords.append(folded.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init))
        }
        return chunkWords[Int(id)]
    }

    @inline(__always) private static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A)
    }

    @inline(__always) private static func lower(_ b: UInt8) -> UInt8 {
        b >= 0x41 && b <= 0x5A ? b | 0x20 : b
    }
}

/// Words left out of text similarity and S3 overlap (they still count for keyword coverage, where every
/// word of a keyword must occur).
enum MatchingStopWords {
    static let words: [String] = [
        "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "has", "have", "in", "into",
        "is", "it", "its", "of", "on", "or", "our", "that", "the", "their", "them", "they", "this", "to", "was",
        "we", "were", "which", "who", "with", "will", "also", "all", "other", "than", "such", "over", "across",
        "both", "more", "most", "new", "can", "up", "out", "per", "via", "within", "among", "between",
    ]
    /// The stems of the stop words: stop-ness is decided on the stem.
    static let stems: Set<String> = Set(words.map(TextFolding.stem))
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
    private var folding = MatchingFolding()
    private var words = MatchingStringTable()
    private var stemOfWord: [UInt32] = []
    /// Local stems; `MatchingState.add` maps them to the index's ids.
    private(set) var stems = MatchingStringTable()
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
                let stem = TextFolding.stem(wordString)
                let (s, newStem) = stems.intern(stem)
                stemOfWord.append(s)
                if newStem {
                    stemIsStop.append(MatchingStopWords.stems.contains(stem))
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
        if let d = o.description { add(d, .text) }
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
        let found = reference.region(region) ?? {
            let cleaned = region.trimmingCharacters(in: .whitespaces).uppercased()
            return cleaned == region ? nil : reference.region(cleaned)
        }()
        guard let r = found, r.level >= 2 else { return nil }
        return String(r.code.prefix(4))
    }
}

/// Stemmed words of a search text with their counts, stop words left out, in order of first occurrence.
func matchingTextStems(_ text: String) -> [(stem: String, count: Int)] {
    var folding = MatchingFolding()
    var index: [String: Int] = [:]
    var out: [(stem: String, count: Int)] = []
    folding.forEachWord(text) { word in
        let stem = TextFolding.stem(String(decoding: word, as: UTF8.self))
        guard !MatchingStopWords.stems.contains(stem) else { return }
        if let i = index[stem] { out[i].count += 1 } else { index[stem] = out.count; out.append((stem, 1)) }
    }
    return out
}

/// The distinct stems of a keyword's words, in order.
func matchingKeywordStems(_ keyword: String) -> [String] {
    var folding = MatchingFolding()
    var out: [String] = []
    folding.forEachWord(keyword) { word in
        let stem = TextFolding.stem(String(decoding: word, as: UTF8.self))
        if !out.contains(stem) { out.append(stem) }
    }
    return out
}

import ClusterCollabCore
import Foundation

/// Everything the index stores about one organisation, computed without the index's lock (and in parallel
/// during a bulk load) so that writers hold the lock only to append.
struct DocumentFeatures: Sendable {
    var hit: DirectoryHit
    var foldedName: String
    var nameKey: UInt64
    var staticRank: Float
    /// -1 when unknown, so "most members first" puts unknown last without a branch.
    var members: Int32
    var created: Double
    var regionFacet: UInt16
    var type: UInt8
    var labelMask: UInt8
    var sizeBand: UInt8
    /// Bit per `Infrastructure.Kind` offered.
    var infrastructureMask: UInt8
    /// `MemberTotals.kindCount` member counts.
    var memberKinds: [Int32]
    var taxonomyBits: [UInt64]
    /// Each distinct stemmed term with its packed per-field counts; the term is an id in the `stems` of the
    /// `Analyser` that made these features.
    var terms: [(term: UInt32, frequencies: UInt32)]
    /// Terms per field, for BM25's length normalisation.
    var fieldLengths: [UInt16]
    /// Distinct folded (unstemmed) words of the name and acronym, for type-ahead.
    var suggestWords: [String]
}

/// How the text fields treat a word.
private enum WordKind: UInt8 { case content, stop, elided }

/// Turns organisations into `DocumentFeatures`; one analyser per thread.
///
/// It remembers every folded word it has seen with its stem, so each distinct word is stemmed once, and
/// counts a document's terms in an array indexed by stem id rather than a dictionary: at 100,000 profiles
/// hashing was most of the indexing time.
struct Analyser {
    let schema: IndexSchema
    private var folding = FastFolding()
    private var words = ByteStringTable()
    private var stemOfWord: [UInt32] = []
    /// Per word: whether the text fields leave it out (`TextFolding.stopWords`, `TextFolding.elisions`).
    private var wordKind: [WordKind] = []
    /// The stems, whose ids `DocumentFeatures.terms` uses.
    private(set) var stems = ByteStringTable()
    /// The current document's packed counts by stem id, and which entries are set.
    private var counts: [UInt32] = []
    private var touched: [UInt32] = []

    init(schema: IndexSchema) { self.schema = schema }

    private mutating func add(_ text: String, _ field: Field, _ lengths: inout [UInt16]) {
        var n = Int(lengths[field.rawValue])
        folding.forEachWord(text) { word in
            let (w, isNew) = words.intern(word)
            if isNew {
                let string = String(decoding: word, as: UTF8.self)
                wordKind.append(TextFolding.isElision(word) ? .elided : TextFolding.isStopWord(string) ? .stop : .content)
                let s = stems.intern(TextFolding.term(string)).id
                stemOfWord.append(s)
                if Int(s) == counts.count { counts.append(0) }
            }
            // An acronym is a name, not prose: "AU" or "ET" stays findable.
            switch wordKind[Int(w)] {
            case .content: break
            case .stop: if field != .acronym { return }
            case .elided: return
            }
            let s = Int(stemOfWord[Int(w)])
            if counts[s] == 0 { touched.append(UInt32(s)) }
            counts[s] = TermFrequencies.adding(field, to: counts[s])
            n += 1
        }
        lengths[field.rawValue] = UInt16(min(n, Int(UInt16.max)))
    }

    mutating func features(_ o: Organisation) -> DocumentFeatures {
        var lengths = [UInt16](repeating: 0, count: Field.count)
        add(o.name, .name, &lengths)
        if let a = o.acronym { add(a, .acronym, &lengths) }
        for t in o.tags { add(t, .tags, &lengths) }
        for s in o.s3Priorities { add(s, .s3Priorities, &lengths) }
        for i in o.infrastructures { add(i.description, .infrastructures, &lengths) }
        if let d = o.description { add(d, .description, &lengths) }
        if let d = o.secondDescription { add(d, .description, &lengths) }
        let terms = touched.map { (term: $0, frequencies: counts[Int($0)]) }
        for t in touched { counts[Int(t)] = 0 }
        touched.removeAll(keepingCapacity: true)

        var suggest: [String] = []
        for text in [o.name, o.acronym ?? ""] {
            folding.forEachWord(text) { word in
                let w = String(decoding: word, as: UTF8.self)
                if !suggest.contains(w) { suggest.append(w) }
            }
        }

        var bits = [UInt64](repeating: 0, count: schema.taxonomyStride)
        schema.sectors.set(o.sectors.lazy.map(String.init), in: &bits)
        schema.ecosystems.set(o.ecosystems.lazy.map(String.init), in: &bits)
        schema.emerging.set(o.emergingIndustries.lazy.map(String.init), in: &bits)
        schema.technologies.set(o.technologies, in: &bits)

        var regionFacet = IndexSchema.noRegionFacet
        if let r = o.region, schema.reference.country(o.country)?.hasRegionCodes == true,
            let i = schema.nuts2ByRegion[r]
        {
            regionFacet = i
        }
        var labelMask: UInt8 = 0
        for l in o.labels { labelMask |= 1 << UInt8(Self.levelIndex(l.level)) }

        let folded = folding.fold(o.name)
        return DocumentFeatures(
            hit: DirectoryHit(o), foldedName: folded, nameKey: Self.nameKey(folded),
            staticRank: Self.staticRank(labels: o.labels, members: o.members.total),
            members: Int32(clamping: o.members.total ?? -1),
            created: o.createdAt.timeIntervalSinceReferenceDate,
            regionFacet: regionFacet,
            type: UInt8(OrganisationType.allCases.firstIndex(of: o.type)!),
            labelMask: labelMask,
            sizeBand: SizeBand(members: o.members.total).map { UInt8(SizeBand.allCases.firstIndex(of: $0)!) } ?? IndexSchema.noSize,
            infrastructureMask: o.infrastructures.reduce(0) { $0 | 1 << UInt8(Infrastructure.Kind.allCases.firstIndex(of: $1.kind)!) },
            memberKinds: MemberTotals.values(o.members),
            taxonomyBits: bits,
            terms: terms,
            fieldLengths: lengths,
            suggestWords: suggest)
    }

    static func levelIndex(_ level: ClusterLabel.Level) -> Int {
        switch level {
        case .bronze: 0
        case .silver: 1
        case .gold: 2
        }
    }

    /// A 0..<1 prior used when the text alone cannot decide: a higher excellence label weighs most, then the
    /// size of the membership (logarithmic, saturating at 5,000 members).
    static func staticRank(labels: [ClusterLabel], members: Int?) -> Float {
        let level = labels.map { levelIndex($0.level) + 1 }.max() ?? 0
        let m = Double(max(0, members ?? 0))
        return Float(0.6 * Double(level) / 3 + 0.4 * min(1, log1p(m) / log1p(5_000)))
    }

    /// The first eight UTF-8 bytes, big-endian, so most name comparisons are one integer comparison.
    static func nameKey(_ folded: String) -> UInt64 {
        var key: UInt64 = 0
        var n = 0
        for b in folded.utf8.prefix(8) { key = key << 8 | UInt64(b); n += 1 }
        return key << UInt64(8 * (8 - n))
    }
}

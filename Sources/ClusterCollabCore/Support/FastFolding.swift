/// `TextFolding.words` and `TextFolding.fold` with the same results, fast for ASCII text and for repeated
/// non-ASCII words.
///
/// Foundation's diacritic folding costs about 0.1 ms for a 600-character description on Linux, which made
/// indexing 100,000 profiles take 15 s. Most profile text is ASCII, where folding is lower-casing. So the
/// text is cut into chunks at ASCII separators (which are separators before and after folding alike):
/// ASCII chunks are lower-cased byte by byte, and only chunks with other characters go through
/// `TextFolding`, once per distinct chunk thanks to a cache ("Pôle" is folded once, not for every profile).
package struct FastFolding {
    private var chunks = ByteStringTable()
    private var foldedChunks: [String] = []
    private var chunkWords: [[String]] = []

    /// Beyond this many distinct non-ASCII chunks the cache starts over, to bound its memory.
    private static let cacheLimit = 200_000

    package init() {}

    /// Folded words, equal to `TextFolding.words(text)`.
    package static func words(_ text: String) -> [String] {
        var folding = FastFolding()
        var out: [String] = []
        folding.forEachWord(text) { out.append(String(decoding: $0, as: UTF8.self)) }
        return out
    }

    /// Equal to `TextFolding.fold(text)`.
    package static func fold(_ text: String) -> String {
        var folding = FastFolding()
        return folding.fold(text)
    }

    /// Calls `body` with the UTF-8 bytes of each folded word of `text`, in order; the same words as
    /// `TextFolding.words(text)`, without creating a `String` for ASCII words.
    package mutating func forEachWord(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var scratch: [UInt8] = []
        Self.forEachChunk(text) { chunk, kind in
            switch kind {
            case .separator:
                break
            case .ascii:
                if scratch.count < chunk.count { scratch = [UInt8](repeating: 0, count: chunk.count) }
                scratch.withUnsafeMutableBufferPointer { buffer in
                    for j in 0..<chunk.count { buffer[j] = Self.lower(chunk[j]) }
                    body(UnsafeBufferPointer(rebasing: buffer[0..<chunk.count]))
                }
            case .other:
                for var word in cached(chunk).words { word.withUTF8 { body($0) } }
            }
        }
    }

    /// Equal to `TextFolding.fold(text)`.
    package mutating func fold(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        Self.forEachChunk(text) { chunk, kind in
            switch kind {
            case .separator, .ascii:
                for b in chunk { out.append(Self.lower(b)) }
            case .other:
                out.append(contentsOf: cached(chunk).folded.utf8)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private enum ChunkKind { case separator, ascii, other }

    /// Cuts `text` into runs of ASCII separators, ASCII letters and digits, and anything else (runs of
    /// letters and digits with at least one non-ASCII byte, which may hold non-ASCII punctuation).
    ///
    /// Static on purpose: as a method it would read `self` while the callers' closures change the cache,
    /// so Swift would hand it a copy and every new cache entry would copy the cache's arrays whole.
    private static func forEachChunk(_ text: String, _ body: (UnsafeBufferPointer<UInt8>, ChunkKind) -> Void) {
        var text = text
        text.withUTF8 { bytes in
            var i = 0
            let n = bytes.count
            while i < n {
                let separatorStart = i
                while i < n, bytes[i] < 0x80, !Self.isAlphanumeric(bytes[i]) { i += 1 }
                if i > separatorStart { body(UnsafeBufferPointer(rebasing: bytes[separatorStart..<i]), .separator) }
                let start = i
                var ascii = true
                while i < n, bytes[i] >= 0x80 || Self.isAlphanumeric(bytes[i]) {
                    if bytes[i] >= 0x80 { ascii = false }
                    i += 1
                }
                if i > start { body(UnsafeBufferPointer(rebasing: bytes[start..<i]), ascii ? .ascii : .other) }
            }
        }
    }

    /// `TextFolding`'s fold and words of a non-ASCII chunk, computed once per distinct chunk.
    private mutating func cached(_ chunk: UnsafeBufferPointer<UInt8>) -> (folded: String, words: [String]) {
        if chunks.count >= Self.cacheLimit { self = FastFolding() }
        let (id, isNew) = chunks.intern(chunk)
        if isNew {
            // TextFolding.words is the folded text split at anything but letters and digits.
            let folded = TextFolding.fold(String(decoding: chunk, as: UTF8.self))
            foldedChunks.append(folded)
            chunkWords.append(folded.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init))
        }
        return (foldedChunks[Int(id)], chunkWords[Int(id)])
    }

    @inline(__always) private static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A)
    }

    @inline(__always) private static func lower(_ b: UInt8) -> UInt8 {
        b >= 0x41 && b <= 0x5A ? b | 0x20 : b
    }
}

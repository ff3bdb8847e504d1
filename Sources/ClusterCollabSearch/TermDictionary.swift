import ClusterCollabCore
import Foundation

/// Terms with dense ids and a list of the ids sorted by the terms' UTF-8 bytes, so that every term with a
/// given prefix is one contiguous run found by two binary searches ("aero" → aeronaut, aerospac, …).
///
/// Byte order, not `String`'s `<`, because only byte order guarantees that a prefix's terms are contiguous.
struct TermDictionary: Sendable {
    private var table = ByteStringTable()
    /// Term ids in byte order of their terms. Kept sorted on every insert except during a bulk build,
    /// which sorts once at the end (`finishBulk`).
    private var sorted: [UInt32] = []
    private var bulk = false

    var count: Int { table.count }

    func id(_ term: String) -> UInt32? { table.find(term) }

    /// The id of `term`, adding it when new (the new id is the previous `count`).
    mutating func intern(_ term: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let (id, isNew) = table.intern(term)
        if isNew && !bulk {
            // One memmove of 4-byte ids: cheap even with hundreds of thousands of terms.
            sorted.insert(id, at: lowerBound(term))
        }
        return id
    }

    mutating func intern(_ term: String) -> UInt32 {
        var term = term
        return term.withUTF8 { intern($0) }
    }

    /// Defers sorting while many terms are added at once.
    mutating func beginBulk() { bulk = true }

    mutating func finishBulk() {
        guard bulk else { return }
        bulk = false
        sorted = Array(0..<UInt32(table.count))
        let table = self.table
        sorted.sort { a, b in table.withBytes(a) { pa in table.withBytes(b) { pb in Self.compare(pa, pb) < 0 } } }
    }

    /// Ids of every term that starts with `prefix` (including `prefix` itself when it is a term).
    func ids(withPrefix prefix: String) -> ArraySlice<UInt32> {
        precondition(!bulk, "prefix lookup during a bulk build")
        var prefix = prefix
        return prefix.withUTF8 { p in
            let lower = lowerBound(p)
            var lo = lower, hi = sorted.count
            while lo < hi {
                let mid = (lo + hi) >> 1
                let starts = table.withBytes(sorted[mid]) { t in
                    t.count >= p.count && (p.isEmpty || memcmp(t.baseAddress!, p.baseAddress!, p.count) == 0)
                }
                if starts { lo = mid + 1 } else { hi = mid }
            }
            return sorted[lower..<lo]
        }
    }

    /// Bytes used, for checks of the memory footprint.
    var byteCount: Int { table.byteCount + sorted.count * 4 }

    /// The first position in `sorted` whose term is not less than `term`.
    private func lowerBound(_ term: UnsafeBufferPointer<UInt8>) -> Int {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if table.withBytes(sorted[mid], { Self.compare($0, term) }) < 0 { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Lexicographic comparison of bytes: negative, zero or positive.
    @inline(__always) static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let n = min(a.count, b.count)
        if n > 0 {
            let c = memcmp(a.baseAddress!, b.baseAddress!, n)
            if c != 0 { return Int(c) }
        }
        return a.count - b.count
    }

    /// Byte order of two strings (for sorting names the same way).
    static func less(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { pa in b.withUTF8 { pb in compare(pa, pb) < 0 } }
    }
}

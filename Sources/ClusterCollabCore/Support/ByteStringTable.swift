import Foundation
/// Byte strings with dense ids in one arena, found through an open-addressing hash table.
///
/// Indexing looks up every word of every profile (about ten million lookups at 100,000 profiles); with
/// `Dictionary<String, _>` seeding and finalising SipHash took half of the indexing time. Here a lookup
/// hashes the bytes it already has (FNV-1a) and no `String` is created for a word seen before. The arena
/// also stores terms more compactly than one `String` each.
package struct ByteStringTable: Sendable {
    private var arena: [UInt8] = []
    /// End offset in `arena` of each id's bytes (the start is the previous end).
    private var ends: [UInt32] = []
    private var hashes: [UInt32] = []
    /// Power-of-two table of id + 1 (0: empty).
    private var table = [UInt32](repeating: 0, count: 64)

    package init() {}

    package var count: Int { ends.count }

    /// The id of `key`, if present.
    package func find(_ key: UnsafeBufferPointer<UInt8>) -> UInt32? {
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

    package func find(_ key: String) -> UInt32? {
        var key = key
        return key.withUTF8 { find($0) }
    }

    /// The id of `key`, adding it when new; `isNew` tells which.
    package mutating func intern(_ key: UnsafeBufferPointer<UInt8>) -> (id: UInt32, isNew: Bool) {
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
        // Grow at 50% load: probes stay short and a table slot is only 4 bytes.
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

    package mutating func intern(_ key: String) -> (id: UInt32, isNew: Bool) {
        var key = key
        return key.withUTF8 { intern($0) }
    }

    /// The bytes of `id`.
    @inline(__always) package func withBytes<R>(_ id: UInt32, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let end = Int(ends[Int(id)]), start = id == 0 ? 0 : Int(ends[Int(id) - 1])
        return arena.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }

    /// The text of `id`.
    package func string(_ id: UInt32) -> String { withBytes(id) { String(decoding: $0, as: UTF8.self) } }

    /// Bytes used, for checks of the memory footprint.
    package var byteCount: Int { arena.count + ends.count * 8 + table.count * 4 }

    private func equals(_ id: UInt32, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        withBytes(id) { stored in
            stored.count == key.count && (key.isEmpty || memcmp(stored.baseAddress!, key.baseAddress!, key.count) == 0)
        }
    }

    @inline(__always) package static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in key { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        // Fold the high bits in: linear probing uses the low bits.
        return UInt32(truncatingIfNeeded: h ^ (h >> 29))
    }
}

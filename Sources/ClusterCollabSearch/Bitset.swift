/// A set of document slots as bits: 100,000 slots fit in 12.5 KB, so intersecting terms and filters is a
/// few thousand word operations instead of hashing or merging lists.
struct Bitset: Sendable {
    var words: [UInt64]

    init(capacity: Int) { words = Array(repeating: 0, count: (capacity + 63) >> 6) }

    @inline(__always) mutating func insert(_ slot: UInt32) {
        let i = Int(slot >> 6)
        if i >= words.count { words.append(contentsOf: repeatElement(0, count: i + 1 - words.count)) }
        words[i] |= 1 << UInt64(slot & 63)
    }

    @inline(__always) mutating func remove(_ slot: UInt32) {
        let i = Int(slot >> 6)
        if i < words.count { words[i] &= ~(1 << UInt64(slot & 63)) }
    }

    mutating func formIntersection(_ other: Bitset) {
        let n = min(words.count, other.words.count)
        words.withUnsafeMutableBufferPointer { w in
            other.words.withUnsafeBufferPointer { o in
                for i in 0..<n { w[i] &= o[i] }
                for i in n..<w.count { w[i] = 0 }
            }
        }
    }

    var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// Calls `body` with every slot in ascending order.
    @inline(__always) func forEach(_ body: (UInt32) throws -> Void) rethrows {
        try words.withUnsafeBufferPointer { w in
            for i in 0..<w.count {
                var word = w[i]
                while word != 0 {
                    let bit = word.trailingZeroBitCount
                    try body(UInt32(i << 6 | bit))
                    word &= word &- 1
                }
            }
        }
    }

    /// Calls `body` with every slot in this set and not in `other`, in ascending order.
    @inline(__always) func forEach(andNot other: Bitset, _ body: (UInt32) throws -> Void) rethrows {
        try words.withUnsafeBufferPointer { w in
            try other.words.withUnsafeBufferPointer { o in
                for i in 0..<w.count {
                    var word = i < o.count ? w[i] & ~o[i] : w[i]
                    while word != 0 {
                        let bit = word.trailingZeroBitCount
                        try body(UInt32(i << 6 | bit))
                        word &= word &- 1
                    }
                }
            }
        }
    }
}

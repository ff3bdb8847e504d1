/// SplitMix64 with the few draws the demo generator needs.
///
/// Our own generator and our own range reduction (not `Int.random(in:using:)`), because the standard
/// library does not promise that its algorithms stay the same between releases, and the demo data must
/// be identical on every machine and every toolchain: benchmarks and acceptance checks rely on it.
struct DemoRandom {
    private var state: UInt64

    /// One independent stream per organisation, so the n-th organisation is the same whatever `count` is.
    init(seed: UInt64, stream: UInt64) {
        state = DemoRandom.mix(seed &+ DemoRandom.mix(stream &+ 0x9E37_79B9_7F4A_7C15))
    }

    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return DemoRandom.mix(state)
    }

    /// 0 ..< n (n > 0), by multiply-high: no modulo bias worth caring about for demo data.
    mutating func below(_ n: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(n)).high)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// Up to `count` distinct items in random order (a partial Fisher-Yates shuffle).
    mutating func sample<T>(_ items: [T], count: Int) -> [T] {
        var pool = items
        let n = min(count, pool.count)
        for i in 0..<n { pool.swapAt(i, i + below(pool.count - i)) }
        return Array(pool.prefix(n))
    }

    /// An index into the weights, drawn in proportion to them (`cumulative` holds running totals).
    mutating func weighted(_ cumulative: [Int]) -> Int {
        let target = below(cumulative[cumulative.count - 1])
        var low = 0, high = cumulative.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] > target { high = mid } else { low = mid + 1 }
        }
        return low
    }
}

/// Running totals of weights, for `DemoRandom.weighted`.
func demoCumulative(_ weights: [Int]) -> [Int] {
    var total = 0
    return weights.map {
        total += max(0, $0); return total
    }
}

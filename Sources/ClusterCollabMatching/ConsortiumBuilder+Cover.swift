// The fewest members needed to cover a set of competences: the size bound of the search and the
// number reported by `coverageNeedsMoreMembers`.

/// Exact minimum set cover over the distinct `covers` masks of a candidate pool, memoised by the
/// uncovered set. Exclusions made during the search are ignored, so inside the search the value is a
/// lower bound (a smaller pool never needs fewer members); at the root it is exact.
final class ConsortiumCoverBound {
    private let masks: [UInt64]
    /// Per competence, the distinct masks containing it, widest first so good covers come early.
    private let masksWith: [[UInt64]]
    /// Value ≥ 0: exact minimum. Value < 0: the minimum is at least −value. `unreachable`: no cover.
    private var memo: [UInt64: Int8] = [:]
    private static let unreachable: Int8 = .max

    convenience init(covers: some Sequence<UInt64>) {
        self.init(distinctWidestFirst: Self.widestFirst(covers))
    }

    /// `masks` must already be distinct, non-zero and widest first (as `widestFirst` returns them;
    /// filtering such a list keeps it so).
    init(distinctWidestFirst masks: [UInt64]) {
        self.masks = masks
        var with = [[UInt64]](repeating: [], count: 64)
        for mask in masks {
            var bits = mask
            while bits != 0 {
                with[bits.trailingZeroBitCount].append(mask)
                bits &= bits - 1
            }
        }
        masksWith = with
    }

    static func widestFirst(_ covers: some Sequence<UInt64>) -> [UInt64] {
        Array(Set(covers.filter { $0 != 0 }))
            .sorted { $0.nonzeroBitCount != $1.nonzeroBitCount ? $0.nonzeroBitCount > $1.nonzeroBitCount : $0 < $1 }
    }

    /// The fewest pool members covering `uncovered` when that is at most `cap`, otherwise some value
    /// above `cap` (cap + 1, or more when known). If the budget runs out mid-way the answer is still a
    /// valid lower bound, just not exact.
    func fewest(_ uncovered: UInt64, atMost cap: Int, budget: inout ConsortiumBudget) -> Int {
        if uncovered == 0 { return 0 }
        if let known = memo[uncovered] {
            if known >= 0 { return Int(known) == Int(Self.unreachable) ? cap + 1 : min(Int(known), cap + 1) }
            if -Int(known) > cap { return cap + 1 }
        }
        if cap <= 0 { return 1 }

        let need = uncovered.nonzeroBitCount
        var widest = 0
        for mask in masks {
            // Widest first: no later mask can reach more than its own width.
            if mask.nonzeroBitCount <= widest { break }
            let reach = (mask & uncovered).nonzeroBitCount
            if reach > widest {
                widest = reach
                if reach == need { break }
            }
        }
        if widest == 0 {
            memo[uncovered] = Self.unreachable
            return cap + 1
        }
        if widest == need {
            memo[uncovered] = 1
            return 1
        }
        // Every member covers at most `widest` of them, so at least this many are needed.
        let lower = (need + widest - 1) / widest
        if lower > cap {
            remember(atLeast: lower, for: uncovered)
            return cap + 1
        }
        guard budget.spend() else { return lower }

        // Some member must cover the competence with the fewest options; try each option.
        var pivot = uncovered.trailingZeroBitCount
        var bits = uncovered
        while bits != 0 {
            let competence = bits.trailingZeroBitCount
            if masksWith[competence].count < masksWith[pivot].count { pivot = competence }
            bits &= bits - 1
        }
        // Only the part of each mask inside `uncovered` matters; many masks share it. Widest first,
        // so a good cover comes early and tightens the cap for the rest.
        var options: [UInt64] = []
        var seen = Set<UInt64>()
        for mask in masksWith[pivot] where seen.insert(mask & uncovered).inserted {
            options.append(mask & uncovered)
        }
        options.sort { $0.nonzeroBitCount > $1.nonzeroBitCount }
        var best = cap + 1
        for option in options {
            if best <= lower { break }
            let rest = uncovered & ~option
            // No member covers more than `widest` of the rest either; the rest only grows along
            // `options`, so once this cheap bound fails it fails for every later option.
            if (rest.nonzeroBitCount + widest - 1) / widest > best - 2 { break }
            let restCount = fewest(rest, atMost: best - 2, budget: &budget)
            if restCount + 1 < best { best = restCount + 1 }
        }
        // An exhausted budget leaves children optimistic: fine as a bound, wrong as a memo.
        if budget.exhausted { return best }
        if best <= cap {
            memo[uncovered] = Int8(best)
        } else {
            remember(atLeast: cap + 1, for: uncovered)
        }
        return best
    }

    private func remember(atLeast value: Int, for uncovered: UInt64) {
        let encoded = Int8(-min(value, 64))
        if let known = memo[uncovered], known < 0, known <= encoded { return }
        memo[uncovered] = encoded
    }
}

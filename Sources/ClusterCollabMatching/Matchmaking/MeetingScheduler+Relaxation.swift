import Foundation

// The linear-programming bound, reached through its dual (a Lagrangian relaxation of every
// constraint that links meetings). docs/matchmaking.md has the proof; in short, for prices
// λ(p, s) >= 0 on "p attends at most one meeting in slot s" and μ(s) >= 0 on "slot s holds at
// most its tables", every schedule places at most
//
//   F(λ, μ) = Σ λ(p, s) + Σ tables(s) μ(s) + Σ_m max(0, max over feasible s of 1 - λ(a, s) - λ(b, s) - μ(s))
//
// meetings (a, b: the meeting's participants). Any prices give a valid bound; subgradient steps
// look for small ones. The floor of the smallest F found is reported.

struct DualBound {
    let instance: SchedulingInstance
    /// Flattened feasible (meeting, slot) entries: meeting m's entries are start[m]..<start[m + 1].
    private let start: [Int]
    private let slotOfEntry: [Int]
    private let firstIndex: [Int]
    private let secondIndex: [Int]
    private var lambda: [Double]
    private var mu: [Double]
    /// The smallest F found so far (a proven bound before flooring) and its prices.
    private(set) var best = Double.infinity
    private(set) var bestLambda: [Double] = []
    private(set) var bestMu: [Double] = []
    private(set) var iterations = 0

    /// Starts from prices 1 on the given (participant * slotCount + slot) pairs and slots (the
    /// flow relaxation's minimum cut gives a start whose F is at most the flow bound).
    init(_ instance: SchedulingInstance, cutPairs: [Int] = [], cutSlots: [Int] = []) {
        self.instance = instance
        let slots = instance.slotCount
        var start: [Int] = []
        var slotOfEntry: [Int] = []
        var firstIndex: [Int] = []
        var secondIndex: [Int] = []
        start.reserveCapacity(instance.meetingCount + 1)
        for m in 0..<instance.meetingCount {
            start.append(slotOfEntry.count)
            forEachBit(instance.feasible[m]) { s in
                slotOfEntry.append(s)
                firstIndex.append(instance.first[m] * slots + s)
                secondIndex.append(instance.second[m] * slots + s)
            }
        }
        start.append(slotOfEntry.count)
        self.start = start
        self.slotOfEntry = slotOfEntry
        self.firstIndex = firstIndex
        self.secondIndex = secondIndex
        lambda = [Double](repeating: 0, count: instance.participantCount * slots)
        mu = [Double](repeating: 0, count: slots)
        for i in cutPairs { lambda[i] = 1 }
        for s in cutSlots { mu[s] = 1 }
    }

    /// The proven bound: the largest integer not above the smallest F (a tiny tolerance absorbs
    /// floating-point rounding; it can only make the bound larger, never invalid).
    var value: Int { best.isFinite ? Int((best + 1e-6).rounded(.down)) : Int.max }

    /// F at the given prices, and the subproblem's choice counts (for the subgradient).
    private func evaluate(_ lambda: [Double], _ mu: [Double], _ useP: inout [Int32], _ useS: inout [Int32]) -> Double {
        var total = 0.0
        for v in lambda { total += v }
        for s in 0..<instance.slotCount { total += Double(instance.tables[s]) * mu[s] }
        for i in useP.indices { useP[i] = 0 }
        for s in useS.indices { useS[s] = 0 }
        for m in 0..<instance.meetingCount {
            var bestValue = 0.0
            var bestEntry = -1
            var bestUse: Int32 = 0
            for k in start[m]..<start[m + 1] {
                let r = 1 - lambda[firstIndex[k]] - lambda[secondIndex[k]] - mu[slotOfEntry[k]]
                if r < bestValue - 1e-9 || r <= 1e-9 {
                    bestValue = max(bestValue, r)
                    continue
                }
                // Among (near) ties, the least used slot: a smaller subgradient, steadier steps.
                let use = useP[firstIndex[k]] + useP[secondIndex[k]] + useS[slotOfEntry[k]] * 2 / Int32(max(1, instance.tables[slotOfEntry[k]]))
                if r > bestValue + 1e-9 || bestEntry < 0 || use < bestUse {
                    bestEntry = k
                    bestUse = use
                }
                bestValue = max(bestValue, r)
            }
            total += bestValue
            if bestEntry >= 0 {
                useP[firstIndex[bestEntry]] += 1
                useP[secondIndex[bestEntry]] += 1
                useS[slotOfEntry[bestEntry]] += 1
            }
        }
        return total
    }

    /// Projected subgradient steps (Polyak step towards `target`, a count some schedule reaches)
    /// until `deadline`, `maxIterations`, or the bound equals `target` (then it is the optimum).
    mutating func improve(target: Int, maxIterations: Int, deadline: ContinuousClock.Instant) {
        let slots = instance.slotCount
        var useP = [Int32](repeating: 0, count: lambda.count)
        var useS = [Int32](repeating: 0, count: slots)
        var theta = 1.0
        var sinceBest = 0
        var iteration = 0
        while iteration < maxIterations {
            if iteration % 32 == 0 && ContinuousClock.now >= deadline { break }
            iteration += 1
            let f = evaluate(lambda, mu, &useP, &useS)
            if f < best - 1e-9 {
                if f < best - 1e-4 { sinceBest = 0 } else { sinceBest += 1 }
                best = f
                bestLambda = lambda
                bestMu = mu
            } else {
                sinceBest += 1
            }
            if value <= target { break }
            if sinceBest >= 25 {
                theta *= 0.6
                sinceBest = 0
                lambda = bestLambda
                mu = bestMu
                if theta < 1e-4 { break }
                continue
            }
            // Subgradient of F: dF/dλ(p, s) = 1 - uses of (p, s); dF/dμ(s) = tables(s) - uses of s.
            // Components that would push a zero price below zero are left out (projection).
            var norm = 0.0
            for i in lambda.indices {
                let g = 1 - Double(useP[i])
                if lambda[i] > 0 || g < 0 { norm += g * g }
            }
            for s in 0..<slots {
                let g = Double(instance.tables[s]) - Double(useS[s])
                if mu[s] > 0 || g < 0 { norm += g * g }
            }
            if norm == 0 { break }
            let step = theta * max(f - Double(target), 0.5) / norm
            for i in lambda.indices {
                let g = 1 - Double(useP[i])
                if g != 0 { lambda[i] = max(0, lambda[i] - step * g) }
            }
            for s in 0..<slots {
                let g = Double(instance.tables[s]) - Double(useS[s])
                if g != 0 { mu[s] = max(0, mu[s] - step * g) }
            }
        }
        iterations += iteration
    }
}

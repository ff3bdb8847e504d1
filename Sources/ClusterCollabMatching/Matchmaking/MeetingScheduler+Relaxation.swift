import Foundation

// The linear-programming bound, reached through its dual (a Lagrangian relaxation of every
// constraint that links meetings). docs/matchmaking.md has the proof; in short, for prices
// λ(p, s) >= 0 on "p attends at most one meeting in slot s" and μ(s) >= 0 on "slot s holds at
// most its tables", every schedule places at most
//
//   F(λ, μ) = Σ λ(p, s) + Σ tables(s) μ(s) + Σ_m max(0, max over feasible s of 1 - λ(a, s) - λ(b, s) - μ(s))
//
// meetings (a, b: the meeting's participants). Any prices give a valid bound; gradient steps on a
// smoothed F look for small ones, starting from the flow relaxation's minimum cut. The floor of the
// smallest F found is reported.

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

    /// Gradient steps on a smoothed F (each meeting's max replaced by a soft maximum at
    /// temperature τ, lowered as it goes), with steps scaled by how many (meeting, slot) entries a
    /// price touches. The exact F is evaluated at every point visited (at least the start, whatever
    /// the deadline); the smallest is kept.
    mutating func smooth(maxIterations: Int, deadline: ContinuousClock.Instant, target: Int) {
        let slots = instance.slotCount
        var touchP = [Double](repeating: 0, count: lambda.count)
        var touchS = [Double](repeating: 0, count: slots)
        for k in slotOfEntry.indices {
            touchP[firstIndex[k]] += 1
            touchP[secondIndex[k]] += 1
            touchS[slotOfEntry[k]] += 1
        }
        var useP = [Double](repeating: 0, count: lambda.count)
        var useS = [Double](repeating: 0, count: slots)
        var weights = [Double](repeating: 0, count: 64)
        var tau = 0.05
        var rate = 0.5
        var bestAtCheck = Double.infinity
        var previousSmooth = Double.infinity
        var iteration = 0
        while iteration < maxIterations {
            if iteration > 0 && iteration % 16 == 0 && ContinuousClock.now >= deadline { break }
            iteration += 1
            var exact = 0.0
            var smoothed = 0.0
            for v in lambda {
                exact += v
            }
            for s in 0..<slots { exact += Double(instance.tables[s]) * mu[s] }
            smoothed = exact
            for i in useP.indices { useP[i] = 0 }
            for s in 0..<slots { useS[s] = 0 }
            for m in 0..<instance.meetingCount {
                let lo = start[m]
                let hi = start[m + 1]
                if lo == hi { continue }
                var top = 0.0
                for k in lo..<hi {
                    let r = 1 - lambda[firstIndex[k]] - lambda[secondIndex[k]] - mu[slotOfEntry[k]]
                    weights[k - lo] = r
                    if r > top { top = r }
                }
                exact += top
                var z = exp(-top / tau)
                for k in lo..<hi {
                    let w = exp((weights[k - lo] - top) / tau)
                    weights[k - lo] = w
                    z += w
                }
                smoothed += top + tau * log(z)
                for k in lo..<hi {
                    let p = weights[k - lo] / z
                    useP[firstIndex[k]] += p
                    useP[secondIndex[k]] += p
                    useS[slotOfEntry[k]] += p
                }
            }
            if exact < best {
                best = exact
                bestLambda = lambda
                bestMu = mu
            }
            if value <= target { break }
            // A smoothed value that rose: the steps are too long; one that fell: a little longer.
            if smoothed > previousSmooth + 1e-9 { rate *= 0.7 } else { rate = min(1, rate * 1.02) }
            previousSmooth = smoothed
            if iteration % 40 == 0 && tau > 0.003 {
                tau *= 0.6
                previousSmooth = .infinity
            }
            // Stalled at the lowest temperature: start again, warmer, from the best prices.
            if tau <= 0.003 && iteration % 150 == 0 {
                if best > bestAtCheck - 0.5 {
                    tau = 0.02
                    rate = 0.5
                    lambda = bestLambda
                    mu = bestMu
                    previousSmooth = .infinity
                }
                bestAtCheck = best
            }
            for i in lambda.indices where touchP[i] > 0 {
                let g = 1 - useP[i]
                lambda[i] = max(0, lambda[i] - rate * tau * g / touchP[i] * 32)
            }
            for s in 0..<slots where touchS[s] > 0 {
                let g = Double(instance.tables[s]) - useS[s]
                mu[s] = max(0, mu[s] - rate * tau * g / touchS[s] * 32)
            }
        }
        iterations += iteration
    }
}

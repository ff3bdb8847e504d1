import Foundation

// A reproducible instance shaped like production partner searches, shared by the benchmark and the
// project's `bench` command.

extension ConsortiumBuilder {
    /// A synthetic partner search with `candidates` organisations (two of them fixed) and
    /// `competences` required competences (clamped to 0...64).
    ///
    /// Shape: 30 countries of uneven size; each competence is covered by each organisation with a
    /// probability drawn in [3 %, 8 %], so most organisations cover nothing; scores in
    /// [0, 1_000_000] skewed low, higher for organisations covering more; less developed regions
    /// concentrated in a third of the countries. The two fixed members (owner and one accepted
    /// partner) share country 0 and cover one or two competences each. Constraints: 3...8 members,
    /// at least 3 countries, a less developed member, k = 3.
    public static func syntheticProblem(
        candidates: Int,
        competences: Int,
        seed: UInt64,
        objective: ConsortiumObjective
    ) -> ConsortiumProblem {
        var random = ConsortiumSplitMix64(seed: seed)
        let competenceCount = max(0, min(64, competences))
        let countryCount = 30
        let coverage = (0..<competenceCount).map { _ in 0.03 + 0.05 * random.nextUnit() }

        var list: [ConsortiumCandidate] = []
        list.reserveCapacity(max(0, candidates))
        for index in 0..<max(0, candidates) {
            let fixed = index < 2
            var covers: UInt64 = 0
            if fixed {
                let wanted = 1 + Int(random.next() % 2)
                for _ in 0..<wanted where competenceCount > 0 {
                    covers |= UInt64(1) << (random.next() % UInt64(competenceCount))
                }
            } else {
                for competence in 0..<competenceCount where random.nextUnit() < coverage[competence] {
                    covers |= UInt64(1) << UInt64(competence)
                }
            }
            // Uneven country sizes: small indices are the big research countries.
            let country = fixed ? 0 : min(countryCount - 1, Int(Double(countryCount) * pow15(random.nextUnit())))
            let lessDeveloped = !fixed && random.nextUnit() < (country >= 20 ? 0.7 : 0.08)
            let base = random.nextUnit()
            let noise = random.nextUnit()
            let raw = 0.5 * base * base + 0.12 * Double(covers.nonzeroBitCount) + 0.15 * noise
            // Saturating rather than clamping: real scores approach 1 but do not pile up on it.
            let score = Int(((1 - exp(-1.8 * raw)) * 1_000_000).rounded())
            list.append(
                ConsortiumCandidate(
                    id: Int64(index + 1),
                    score: score,
                    covers: covers,
                    country: UInt16(country),
                    lessDeveloped: lessDeveloped,
                    fixed: fixed
                ))
        }
        return ConsortiumProblem(
            competenceCount: competenceCount,
            candidates: list,
            minMembers: 3,
            maxMembers: 8,
            minCountries: 3,
            needLessDeveloped: true,
            objective: objective,
            k: 3
        )
    }

    private static func pow15(_ value: Double) -> Double {
        value * value.squareRoot()
    }
}

/// SplitMix64: tiny, fast and identical on every platform, so seeds reproduce everywhere.
struct ConsortiumSplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    /// Uniform in [0, 1).
    mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}

// Reasons a problem has no feasible consortium that can be read off the input without a search.
// Each one is a proof of infeasibility on its own, so when any holds the feasible search is skipped.

extension ConsortiumInstance {
    func simpleInfeasibility(budget: inout ConsortiumBudget) -> [ConsortiumInfeasibility] {
        var reasons: [ConsortiumInfeasibility] = []
        if minMembers > maxMembers {
            reasons.append(.minAboveMax(min: minMembers, max: maxMembers))
        }
        if fixed.count > maxMembers {
            reasons.append(.tooManyFixedMembers(fixed: fixed.count, max: maxMembers))
        }
        let reachable = all.reduce(UInt64(0)) { $0 | $1.covers }
        let uncoverable = required & ~reachable
        if uncoverable != 0 {
            reasons.append(.uncoverable(competences: Self.competences(in: uncoverable)))
        }
        if all.count < minMembers {
            reasons.append(.tooFewCandidates(available: all.count, min: minMembers))
        }
        if countryCount < minCountries {
            reasons.append(.tooFewCountries(available: countryCount, required: minCountries))
        }
        if minCountries > maxMembers {
            reasons.append(.countriesExceedMaxMembers(required: minCountries, max: maxMembers))
        }
        if needLessDeveloped && !all.contains(where: \.lessDeveloped) {
            reasons.append(.noLessDevelopedCandidate)
        }
        // Only meaningful when coverage is possible at all and the fixed members leave room; the
        // other cases are already named above.
        if uncoverable == 0 && fixed.count <= maxMembers {
            let uncovered = required & ~fixedCovers
            let slots = maxMembers - fixed.count
            // All non-fixed candidates, not the reduced pool: the number is reported to people.
            let cover = ConsortiumCoverBound(covers: all.lazy.filter { !$0.fixed }.map(\.covers))
            if cover.fewest(uncovered, atMost: slots, budget: &budget) > slots {
                let exact = cover.fewest(uncovered, atMost: uncovered.nonzeroBitCount, budget: &budget)
                // With an exhausted budget `exact` is only a lower bound; it still exceeds `slots`.
                reasons.append(.coverageNeedsMoreMembers(fewest: fixed.count + max(exact, slots + 1), max: maxMembers))
            }
        }
        return reasons
    }

    static func competences(in mask: UInt64) -> [Int] {
        var result: [Int] = []
        var bits = mask
        while bits != 0 {
            result.append(bits.trailingZeroBitCount)
            bits &= bits - 1
        }
        return result
    }
}

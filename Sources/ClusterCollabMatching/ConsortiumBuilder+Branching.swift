/// The branch-and-bound itself: which node to expand next, how it branches, and how a node whose bound
/// allows it is completed greedily.
extension ConsortiumSearch {
    func explore() {
        guard budget.spend(), let bound = admissible() else { return }
        expand(bound)
    }

    /// Decides, in order, coverage, the less developed member, the countries, then completes.
    func expand(_ bound: NodeBound) {
        let slots = highest - size
        let uncovered = instance.required & ~covered & ~givenUp
        if uncovered != 0 {
            // The competence with the fewest free coverers gives the fewest branches.
            var pivot = uncovered.trailingZeroBitCount
            var bits = uncovered
            while bits != 0 {
                let competence = bits.trailingZeroBitCount
                if freeCovering[competence] < freeCovering[pivot] { pivot = competence }
                bits &= bits - 1
            }
            branch(over: coverers[pivot], bound: bound, slots: slots, giveUpAllowed: false)
            return
        }

        if instance.needLessDeveloped && lessDevelopedCount == 0 && !lessDevelopedGivenUp {
            if partial && (slots == 0 || freeLessDeveloped == 0) {
                lessDevelopedGivenUp = true
                expand(bound)
                lessDevelopedGivenUp = false
                return
            }
            branch(over: lessDevelopedMembers, bound: bound, slots: slots) {
                $0.lessDevelopedGivenUp = true
            } restore: {
                $0.lessDevelopedGivenUp = false
            }
            return
        }

        if countries < instance.minCountries && !countriesGivenUp {
            if partial && (slots == 0 || openCountries == 0) {
                countriesGivenUp = true
                expand(bound)
                countriesGivenUp = false
                return
            }
            // Coverage and the less developed member are settled, so members of one country are
            // interchangeable apart from their score: a set using a country's member below its best
            // (slots + capacity − 1) free ones has `capacity` strictly better swaps in this subtree.
            let perCountry = slots + capacity - 1
            var options: [Int32] = []
            var giveUpList: [Int32] = []
            for place in 0..<instance.countryCount where isOpen(place) {
                var taken = 0
                for member in byCountry[place] where status[Int(member)] == Self.free {
                    if taken < perCountry {
                        options.append(member)
                        taken += 1
                    } else if partial {
                        giveUpList.append(member)
                    } else {
                        break
                    }
                }
            }
            options.sort()
            giveUpList += options
            branch(over: options, bound: bound, slots: slots, giveUpAlso: giveUpList) {
                $0.countriesGivenUp = true
            } restore: {
                $0.countriesGivenUp = false
            }
            return
        }

        complete(bound, slots: slots)
    }

    /// Splits the subtree over `options` (in rank order): branch j takes option j and excludes the
    /// options before it, so the branches are disjoint and together hold every set containing at
    /// least one option. Partial mode may add the set-without-any-option branch ("give up"), in
    /// which every remaining option and `giveUpAlso` are excluded.
    func branch(
        over options: [Int32],
        bound: NodeBound,
        slots: Int,
        giveUpAllowed: Bool = true,
        giveUpAlso: [Int32] = [],
        giveUp: (ConsortiumSearch) -> Void = { _ in },
        restore: (ConsortiumSearch) -> Void = { _ in }
    ) {
        // Quick child check, monotone along the options: a child's score is at most its option's
        // score plus the best slots − 1 other free scores, and both only fall as j grows.
        collectTop(slots)
        var topSum = 0
        var topButLast = 0
        for (position, member) in top.enumerated() {
            topSum += gain[Int(member)]
            if position < slots - 1 { topButLast += gain[Int(member)] }
        }
        let lastTop = top.last.map(Int.init) ?? -1
        let fullTop = top.count == slots
        let childSize = size + 1

        var excludedHere: [Int32] = []
        for option in options {
            let member = Int(option)
            guard status[member] == Self.free else { continue }
            // Checking a child is work too; the valve must bound it when ties defeat the bounds.
            guard budget.spend() else { break }
            // A child's plain bound: the option plus the best slots − 1 other free members.
            let childBest: Int
            if rankBySize {
                childBest = total + score[member]
            } else if !fullTop || member <= lastTop {
                childBest = total + topSum
            } else {
                childBest = total + topButLast + gain[member]
            }
            var lostTieOpenly = false
            let admitted = mayEnter(covered: bound.covered, met: bound.met, size: childSize, score: childBest) {
                if rankBySize { return idsWith(CollectionOfOne(option)) }
                let floor = plainFloor(forced: CollectionOfOne(option), candidates: freeMembers(except: option), slots: slots - 1)
                lostTieOpenly = !floor.full
                return floor.ids
            }
            if !admitted {
                // Bounds only fall along the options, and so do full floors (see `plainFloor`).
                if !lostTieOpenly { break }
                // Still excluded, so later branches stay disjoint from this one.
                exclude(member)
                excludedHere.append(option)
                continue
            }
            choose(member)
            explore()
            unchoose(member)
            exclude(member)
            excludedHere.append(option)
            if budget.exhausted { break }
        }
        if partial && giveUpAllowed && !budget.exhausted {
            for option in options where status[Int(option)] == Self.free {
                exclude(Int(option))
                excludedHere.append(option)
            }
            for option in giveUpAlso where status[Int(option)] == Self.free {
                exclude(Int(option))
                excludedHere.append(option)
            }
            giveUp(self)
            explore()
            restore(self)
        }
        for option in excludedHere.reversed() { readmit(Int(option)) }
    }

    /// Every decision is settled: free members now differ only in score, so the subtree's best sets
    /// use only the best (slots + capacity − 1) of them (a set using a lower one has `capacity`
    /// strictly better swaps). Enumerates their subsets, each once, with the same bound.
    func complete(_ bound: NodeBound, slots: Int) {
        collectTop(slots + capacity - 1)
        let pool = top
        var suffixGain = [Int](repeating: 0, count: pool.count + 1)
        for position in stride(from: pool.count - 1, through: 0, by: -1) {
            suffixGain[position] = suffixGain[position + 1] + gain[Int(pool[position])]
        }
        extend(pool, from: 0, slots: slots, bound: bound, suffixGain: suffixGain)
    }

    func extend(_ pool: [Int32], from start: Int, slots: Int, bound: NodeBound, suffixGain: [Int]) {
        offer()
        guard slots > 0, start < pool.count else { return }
        let childSize = size + 1
        for position in start..<pool.count {
            guard budget.spend() else { return }
            let member = Int(pool[position])
            // The option plus the next slots − 1 pool members (the pool is in rank order).
            let end = min(pool.count, position + slots)
            let childBest = rankBySize ? total + score[member] : total + suffixGain[position] - suffixGain[end]
            var lostTieOpenly = false
            let admitted = mayEnter(covered: bound.covered, met: bound.met, size: childSize, score: childBest) {
                if rankBySize { return idsWith(CollectionOfOne(Int32(member))) }
                let floor = plainFloor(forced: CollectionOfOne(pool[position]), candidates: pool[(position + 1)...], slots: slots - 1)
                lostTieOpenly = !floor.full
                return floor.ids
            }
            if !admitted {
                if !lostTieOpenly { return }
                continue
            }
            choose(member)
            extend(pool, from: position + 1, slots: slots - 1, bound: bound, suffixGain: suffixGain)
            unchoose(member)
        }
    }
}

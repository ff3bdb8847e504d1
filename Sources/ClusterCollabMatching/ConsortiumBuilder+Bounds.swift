/// The bounds that prune the search: the best score a node could still reach, for a complete consortium
/// and for a partial one.
extension ConsortiumSearch {
    /// Fills `top` with the best `slots` free members in rank order.
    func collectTop(_ slots: Int) {
        top.removeAll(keepingCapacity: true)
        guard slots > 0 else { return }
        var member = 0
        while member < count {
            if status[member] == Self.free {
                top.append(Int32(member))
                if top.count == slots { break }
            }
            member += 1
        }
    }

    func firstFree(in list: [Int32]) -> Int? {
        for member in list where status[Int(member)] == Self.free { return Int(member) }
        return nil
    }

    /// Upper bound on the total score of any set in the subtree with at most `slots` more members,
    /// given that the set must cover `mustCover`, gain a less developed member if `mustLessDeveloped`,
    /// and gain `countriesNeeded` new countries. The plain bound is the best `slots` free scores;
    /// each requirement the plain choice misses forces one member from a narrower list in.
    ///
    /// `plain`: the plain bound is the answer, so `plainFloor` describes the sets reaching it.
    func scoreBound(
        slots: Int, mustCover: UInt64, mustLessDeveloped: Bool, countriesNeeded: Int
    ) -> (value: Int, plain: Bool) {
        collectTop(slots)
        var prefix = 0
        var allButLast = 0
        var union: UInt64 = 0
        var hasLessDeveloped = false
        for (position, member) in top.enumerated() {
            let index = Int(member)
            if position < slots - 1 { allButLast += gain[index] }
            prefix += gain[index]
            union |= covers[index]
            if lessDeveloped[index] { hasLessDeveloped = true }
        }
        var bound = prefix
        if slots >= 1 {
            var missing = mustCover & ~union
            while missing != 0 {
                let competence = missing.trailingZeroBitCount
                missing &= missing - 1
                if let best = firstFree(in: coverers[competence]) {
                    bound = min(bound, allButLast + gain[best])
                }
            }
            if mustLessDeveloped && !hasLessDeveloped, let best = firstFree(in: lessDevelopedMembers) {
                bound = min(bound, allButLast + gain[best])
            }
            if countriesNeeded > 0 {
                var newPlaces = Set<Int32>()
                for member in top where membersInCountry[Int(country[Int(member)])] == 0 {
                    newPlaces.insert(country[Int(member)])
                }
                if newPlaces.count < countriesNeeded {
                    // The set needs `countriesNeeded` members from distinct new countries, each worth
                    // at most its country's best free member; the rest are worth at most the top list.
                    var leaders: [Int] = []
                    for place in 0..<instance.countryCount where isOpen(place) {
                        if let best = firstFree(in: byCountry[place]) { leaders.append(gain[best]) }
                    }
                    leaders.sort(by: >)
                    let forced = leaders.prefix(countriesNeeded).reduce(0, +)
                    let rest = top.prefix(max(0, slots - countriesNeeded)).reduce(0) { $0 + gain[Int($1)] }
                    bound = min(bound, forced + rest)
                }
            }
        }
        return (total + bound, bound == prefix)
    }

    /// Free members in rank order, optionally without one.
    func freeMembers(except skipped: Int32 = -1) -> some Sequence<Int32> {
        (0..<Int32(count)).lazy.filter { self.status[Int($0)] == Self.free && $0 != skipped }
    }

    /// The lexicographically smallest ascending id array among the sets `current ∪ forced ∪ X`,
    /// X ⊆ `candidates` (free, in rank order), |X| ≤ `slots`, whose score reaches the plain bound:
    /// the forced scores plus the best `slots` positive scores of the candidates.
    ///
    /// Such an X takes the best positive scores exactly, and may add members scoring exactly zero
    /// while slots remain. Among equal scores the rank order lists ascending ids, so taking positives
    /// in rank order is lexicographically smallest. A zero member lowers the array only if its id is
    /// below the largest id already in the set, and the zeros also come in ascending id order, so
    /// the smallest such zeros are taken.
    ///
    /// `full`: all `slots` were filled with positive scores. Along a branch loop such floors only
    /// grow (later options score less, or equally with larger ids), so a tie lost with a full floor
    /// is lost by every later option too; otherwise a later zero-scored option may still win.
    func plainFloor(
        forced: some Sequence<Int32>, candidates: some Sequence<Int32>, slots: Int
    ) -> (ids: [Int64], full: Bool) {
        var members = Array(forced)
        var iterator = candidates.makeIterator()
        var taken = 0
        var next = iterator.next()
        while taken < slots, let member = next, gain[Int(member)] > 0 {
            members.append(member)
            taken += 1
            next = iterator.next()
        }
        let result = idsWith(members)
        guard taken < slots, let largest = result.last else { return (result, taken == slots) }
        var zeros: [Int64] = []
        while zeros.count < slots - taken, let member = next, score[Int(member)] == 0, ids[Int(member)] < largest {
            zeros.append(ids[Int(member)])
            next = iterator.next()
        }
        return (zeros.isEmpty ? result : (result + zeros).sorted(), false)
    }

    /// Key bounds of the current node, for the children's quick checks.
    struct NodeBound {
        var covered: Int
        var met: Int
    }

    /// Whether the subtree may hold a set that enters the top list; nil when it cannot.
    func admissible() -> NodeBound? {
        let size = size
        let slots = highest - size
        if slots < 0 { return nil }
        return partial ? partialBound(size: size, slots: slots) : feasibleBound(size: size, slots: slots)
    }

    /// The fewest free members that cover `uncovered` within `slots`, or nil when no choice can: a required
    /// competence no free member has, or more members needed than there are slots.
    func membersToCover(_ uncovered: UInt64, slots: Int) -> Int? {
        guard uncovered != 0 else { return 0 }
        if slots == 0 { return nil }
        var bits = uncovered
        while bits != 0 {
            if freeCovering[bits.trailingZeroBitCount] == 0 { return nil }
            bits &= bits - 1
        }
        let needed = cover.fewest(uncovered, atMost: slots, budget: &budget)
        return needed > slots ? nil : needed
    }

    func feasibleBound(size: Int, slots: Int) -> NodeBound? {
        if size + freeTotal < lowest { return nil }
        let uncovered = instance.required & ~covered
        guard var needed = membersToCover(uncovered, slots: slots) else { return nil }
        let countriesNeeded = max(0, instance.minCountries - countries)
        if countriesNeeded > 0 {
            if countriesNeeded > min(slots, openCountries) { return nil }
            needed = max(needed, countriesNeeded)
        }
        let mustLessDeveloped = instance.needLessDeveloped && lessDevelopedCount == 0
        if mustLessDeveloped {
            if freeLessDeveloped == 0 || slots == 0 { return nil }
            needed = max(needed, 1)
        }
        if size + needed > highest { return nil }
        let bound = NodeBound(covered: requiredCount, met: 4)
        if entries.count < capacity { return bound }
        let best = scoreBound(
            slots: slots, mustCover: uncovered, mustLessDeveloped: mustLessDeveloped, countriesNeeded: countriesNeeded
        )
        let admitted = mayEnter(covered: bound.covered, met: bound.met, size: size, score: best.value) {
            best.plain ? plainFloor(forced: EmptyCollection(), candidates: freeMembers(), slots: slots).ids : nil
        }
        return admitted ? bound : nil
    }

    func partialBound(size: Int, slots: Int) -> NodeBound? {
        // Coverage outside `givenUp` is strict, exactly as in feasible mode.
        let uncovered = instance.required & ~covered & ~givenUp
        guard let needed = membersToCover(uncovered, slots: slots) else { return nil }
        let coveredBound = requiredCount - givenUp.nonzeroBitCount
        var met = 0
        if min(highest, size + freeTotal) >= instance.minMembers { met += 1 }
        if size <= instance.maxMembers { met += 1 }
        let countriesNeeded = max(0, instance.minCountries - countries)
        let countriesPossible = countriesNeeded == 0 || (!countriesGivenUp && countriesNeeded <= min(slots, openCountries))
        if countriesPossible { met += 1 }
        let lessDevelopedPending = instance.needLessDeveloped && lessDevelopedCount == 0
        let lessDevelopedPossible = !lessDevelopedPending || (!lessDevelopedGivenUp && freeLessDeveloped > 0 && slots > 0)
        if lessDevelopedPossible { met += 1 }
        let bound = NodeBound(covered: coveredBound, met: met)
        if entries.count < capacity { return bound }

        // The refinements only matter for sets that reach the covered and met bounds, and those
        // sets do meet every requirement the bounds counted on. Under `.fewest` only the smallest
        // sets of the subtree (`needed` more members) can tie on size, so the bound is theirs.
        let best: (value: Int, plain: Bool)
        let smallest = rankBySize ? size + needed : size
        let floorSlots = rankBySize ? needed : slots
        if floorSlots == 0 {
            best = (total, true)
        } else {
            best = scoreBound(
                slots: floorSlots,
                mustCover: uncovered,
                mustLessDeveloped: lessDevelopedPending && lessDevelopedPossible,
                countriesNeeded: countriesPossible ? countriesNeeded : 0
            )
        }
        let admitted = mayEnter(covered: bound.covered, met: bound.met, size: smallest, score: best.value) {
            best.plain ? plainFloor(forced: EmptyCollection(), candidates: freeMembers(), slots: floorSlots).ids : nil
        }
        return admitted ? bound : nil
    }
}

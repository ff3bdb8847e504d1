// Branch and bound over member sets. Every node is a pair (chosen, excluded); its subtree is every
// set that contains the fixed members and `chosen`, avoids `excluded`, and fits the size window.
// Branching splits a subtree into disjoint parts, so no set is reached twice, and the bounds only
// discard parts that cannot enter the current top list.

extension ConsortiumInstance {
    /// The k best feasible sets, best first (empty when none exists or the budget ran out first).
    func searchFeasible(budget: inout ConsortiumBudget) -> (entries: [ConsortiumEntry], complete: Bool) {
        let cover = ConsortiumCoverBound(covers: members.map(\.covers))
        let lowest = max(minMembers, fixed.count)
        switch objective {
        case .best:
            let search = ConsortiumSearch(
                instance: self, partial: false, sizes: lowest...max(lowest, maxMembers), capacity: k,
                cover: cover, budget: budget
            )
            search.run()
            budget = search.budget
            return (search.entries, !budget.exhausted)
        case .fewest:
            // Size is the primary key, so the answer is the best sets of the smallest feasible size,
            // then of the next size, and so on. Searching one size at a time lets the score bound
            // work inside each size.
            var found: [ConsortiumEntry] = []
            var size = lowest
            while size <= maxMembers, found.count < k, !budget.exhausted {
                let search = ConsortiumSearch(
                    instance: self, partial: false, sizes: size...size, capacity: k - found.count,
                    cover: cover, budget: budget
                )
                search.run()
                budget = search.budget
                found += search.entries
                size += 1
            }
            return (found, !budget.exhausted)
        }
    }
}

/// One branch-and-bound run over a size window.
///
/// Feasible mode visits only sets meeting every constraint. Partial mode runs once per missed set
/// G (see `searchPartial`): coverage of everything outside G stays strict, every coverer of G is
/// excluded, and the less developed and country decisions get a "give up" branch, so it reaches the
/// sets that miss those constraints; sets are ranked by (competences covered, other constraints
/// met, objective).
final class ConsortiumSearch {
    static let free: UInt8 = 0
    static let chosen: UInt8 = 1
    static let excluded: UInt8 = 2

    let instance: ConsortiumInstance
    let partial: Bool
    let lowest: Int
    let highest: Int
    let capacity: Int
    /// Partial ranking under `.fewest`: size sits between the constraint counts and the score.
    let rankBySize: Bool
    var cover: ConsortiumCoverBound

    // The pool, indexed by rank (0 = highest score, then smallest id).
    let count: Int
    let score: [Int]
    /// Score counted by bounds: negative scores never raise a total, so an optimistic sum skips them.
    let gain: [Int]
    let covers: [UInt64]
    let country: [Int32]
    let lessDeveloped: [Bool]
    let ids: [Int64]
    let coverers: [[Int32]]
    let lessDevelopedMembers: [Int32]
    let byCountry: [[Int32]]
    let fixedIds: [Int64]
    let requiredCount: Int

    // Node state.
    var status: [UInt8]
    var picked: [Int32] = []
    var pickedScore = 0
    var covered: UInt64
    var coveredBefore: [UInt64] = []
    var membersInCountry: [Int32]
    var countries: Int
    var lessDevelopedCount: Int
    var freeCovering: [Int32]
    var freeInCountry: [Int32]
    /// Countries with no member yet and at least one free candidate.
    var openCountries: Int
    var freeLessDeveloped: Int
    var freeTotal: Int
    /// Required competences this run's sets miss (partial mode); their coverers are excluded.
    var givenUp: UInt64 = 0
    var lessDevelopedGivenUp = false
    var countriesGivenUp = false
    var top: [Int32] = []

    private(set) var entries: [ConsortiumEntry] = []
    var budget: ConsortiumBudget

    init(
        instance: ConsortiumInstance,
        partial: Bool,
        sizes: ClosedRange<Int>,
        capacity: Int,
        cover: ConsortiumCoverBound,
        budget: ConsortiumBudget
    ) {
        self.instance = instance
        self.partial = partial
        lowest = sizes.lowerBound
        highest = sizes.upperBound
        self.capacity = capacity
        rankBySize = partial && instance.objective == .fewest
        self.cover = cover
        self.budget = budget

        let members = instance.members
        count = members.count
        score = members.map(\.score)
        gain = members.map { max(0, $0.score) }
        covers = members.map(\.covers)
        country = instance.memberCountry
        lessDeveloped = members.map(\.lessDeveloped)
        ids = members.map(\.id)
        fixedIds = instance.fixed.map(\.id)
        requiredCount = instance.required.nonzeroBitCount

        var coverers = [[Int32]](repeating: [], count: instance.competenceCount)
        var byCountry = [[Int32]](repeating: [], count: instance.countryCount)
        var lessDevelopedMembers: [Int32] = []
        var freeCovering = [Int32](repeating: 0, count: instance.competenceCount)
        var freeInCountry = [Int32](repeating: 0, count: instance.countryCount)
        for (index, member) in members.enumerated() {
            var bits = member.covers
            while bits != 0 {
                let competence = bits.trailingZeroBitCount
                coverers[competence].append(Int32(index))
                freeCovering[competence] += 1
                bits &= bits - 1
            }
            byCountry[Int(instance.memberCountry[index])].append(Int32(index))
            freeInCountry[Int(instance.memberCountry[index])] += 1
            if member.lessDeveloped { lessDevelopedMembers.append(Int32(index)) }
        }
        self.coverers = coverers
        self.byCountry = byCountry
        self.lessDevelopedMembers = lessDevelopedMembers
        self.freeCovering = freeCovering
        self.freeInCountry = freeInCountry
        freeLessDeveloped = lessDevelopedMembers.count
        freeTotal = members.count

        status = [UInt8](repeating: Self.free, count: members.count)
        covered = instance.fixedCovers
        membersInCountry = instance.fixedCountryCounts
        countries = instance.fixedCountryTotal
        lessDevelopedCount = instance.fixed.filter(\.lessDeveloped).count
        var open = 0
        for place in 0..<instance.countryCount where instance.fixedCountryCounts[place] == 0 && freeInCountry[place] > 0 {
            open += 1
        }
        openCountries = open
    }

    func run() {
        guard lowest <= highest, instance.fixed.count <= highest else { return }
        explore()
    }

    /// Partial mode: the sets missing exactly `missing` (a subset of the required competences the
    /// fixed members leave open). `cover` must know only masks disjoint from `missing`.
    func run(missing: UInt64, cover: ConsortiumCoverBound) {
        guard lowest <= highest, instance.fixed.count <= highest else { return }
        self.cover = cover
        givenUp = missing
        var excludedHere: [Int32] = []
        var bits = missing
        while bits != 0 {
            for member in coverers[bits.trailingZeroBitCount] where status[Int(member)] == Self.free {
                exclude(Int(member))
                excludedHere.append(member)
            }
            bits &= bits - 1
        }
        explore()
        for member in excludedHere.reversed() { readmit(Int(member)) }
        givenUp = 0
    }

    func spend() -> Bool { budget.spend() }

    // MARK: - State changes

    func isOpen(_ place: Int) -> Bool {
        membersInCountry[place] == 0 && freeInCountry[place] > 0
    }

    func leaveFree(_ member: Int) {
        let place = Int(country[member])
        let wasOpen = isOpen(place)
        freeTotal -= 1
        freeInCountry[place] -= 1
        if lessDeveloped[member] { freeLessDeveloped -= 1 }
        var bits = covers[member]
        while bits != 0 {
            freeCovering[bits.trailingZeroBitCount] -= 1
            bits &= bits - 1
        }
        if wasOpen && !isOpen(place) { openCountries -= 1 }
    }

    func enterFree(_ member: Int) {
        let place = Int(country[member])
        let wasOpen = isOpen(place)
        freeTotal += 1
        freeInCountry[place] += 1
        if lessDeveloped[member] { freeLessDeveloped += 1 }
        var bits = covers[member]
        while bits != 0 {
            freeCovering[bits.trailingZeroBitCount] += 1
            bits &= bits - 1
        }
        if !wasOpen && isOpen(place) { openCountries += 1 }
    }

    func choose(_ member: Int) {
        leaveFree(member)
        status[member] = Self.chosen
        picked.append(Int32(member))
        pickedScore += score[member]
        coveredBefore.append(covered)
        covered |= covers[member]
        let place = Int(country[member])
        let wasOpen = isOpen(place)
        membersInCountry[place] += 1
        if membersInCountry[place] == 1 { countries += 1 }
        if wasOpen && !isOpen(place) { openCountries -= 1 }
        if lessDeveloped[member] { lessDevelopedCount += 1 }
    }

    func unchoose(_ member: Int) {
        let place = Int(country[member])
        let wasOpen = isOpen(place)
        membersInCountry[place] -= 1
        if membersInCountry[place] == 0 { countries -= 1 }
        if !wasOpen && isOpen(place) { openCountries += 1 }
        if lessDeveloped[member] { lessDevelopedCount -= 1 }
        covered = coveredBefore.removeLast()
        pickedScore -= score[member]
        picked.removeLast()
        status[member] = Self.free
        enterFree(member)
    }

    func exclude(_ member: Int) {
        leaveFree(member)
        status[member] = Self.excluded
    }

    func readmit(_ member: Int) {
        status[member] = Self.free
        enterFree(member)
    }

    // MARK: - Ranking

    var size: Int { instance.fixed.count + picked.count }
    var total: Int { instance.fixedScore + pickedScore }

    /// Whether a set with these (optimistic) key parts could still enter the top list.
    ///
    /// On a tie in every numeric part the id tie-break decides. `floor`, when it knows one, returns
    /// the ascending ids of a set that is lexicographically no greater than any set of the subtree
    /// reaching the bound exactly; if even that set does not precede the worst entry, nothing in the
    /// subtree can (sets are never reached twice, so equality means "already listed"). Without a
    /// floor a tie is let through.
    func mayEnter(
        covered: Int, met: Int, size: Int, score: Int, floor: () -> [Int64]? = { nil }
    ) -> Bool {
        guard entries.count >= capacity, let worst = entries.last else { return true }
        if covered != worst.covered { return covered > worst.covered }
        if met != worst.met { return met > worst.met }
        if rankBySize && size != worst.size { return size < worst.size }
        if score != worst.score { return score > worst.score }
        guard let lowest = floor() else { return true }
        return lowest.lexicographicallyPrecedes(worst.ids)
    }

    /// Ascending ids of the current set plus `extra` members.
    func idsWith(_ extra: some Sequence<Int32>) -> [Int64] {
        var result = fixedIds
        for member in picked { result.append(ids[Int(member)]) }
        for member in extra { result.append(ids[Int(member)]) }
        result.sort()
        return result
    }

    func ranksBefore(_ a: ConsortiumEntry, _ b: ConsortiumEntry) -> Bool {
        if a.covered != b.covered { return a.covered > b.covered }
        if a.met != b.met { return a.met > b.met }
        if rankBySize && a.size != b.size { return a.size < b.size }
        if a.score != b.score { return a.score > b.score }
        return a.ids.lexicographicallyPrecedes(b.ids)
    }

    /// Other constraints the current set meets (partial ranking).
    func metCount() -> Int {
        var met = 0
        if size >= instance.minMembers { met += 1 }
        if size <= instance.maxMembers { met += 1 }
        if countries >= instance.minCountries { met += 1 }
        if !instance.needLessDeveloped || lessDevelopedCount > 0 { met += 1 }
        return met
    }

    func offer() {
        let size = size
        guard size >= lowest, size <= highest else { return }
        let coveredCount = partial ? (covered & instance.required).nonzeroBitCount : requiredCount
        let met = partial ? metCount() : 4
        let total = total
        var memberIds: [Int64]?
        let admitted = mayEnter(covered: coveredCount, met: met, size: size, score: total) {
            memberIds = idsWith(EmptyCollection())
            return memberIds
        }
        guard admitted else { return }
        let entry = ConsortiumEntry(covered: coveredCount, met: met, size: size, score: total, ids: memberIds ?? idsWith(EmptyCollection()), picks: picked)
        var position = entries.count
        while position > 0 && ranksBefore(entry, entries[position - 1]) { position -= 1 }
        guard position < capacity else { return }
        entries.insert(entry, at: position)
        if entries.count > capacity { entries.removeLast() }
    }
}

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
    private static let free: UInt8 = 0
    private static let chosen: UInt8 = 1
    private static let excluded: UInt8 = 2

    private let instance: ConsortiumInstance
    private let partial: Bool
    private let lowest: Int
    private let highest: Int
    private let capacity: Int
    /// Partial ranking under `.fewest`: size sits between the constraint counts and the score.
    private let rankBySize: Bool
    private var cover: ConsortiumCoverBound

    // The pool, indexed by rank (0 = highest score, then smallest id).
    private let count: Int
    private let score: [Int]
    /// Score counted by bounds: negative scores never raise a total, so an optimistic sum skips them.
    private let gain: [Int]
    private let covers: [UInt64]
    private let country: [Int32]
    private let lessDeveloped: [Bool]
    private let ids: [Int64]
    private let coverers: [[Int32]]
    private let lessDevelopedMembers: [Int32]
    private let byCountry: [[Int32]]
    private let fixedIds: [Int64]
    private let requiredCount: Int

    // Node state.
    private var status: [UInt8]
    private var picked: [Int32] = []
    private var pickedScore = 0
    private var covered: UInt64
    private var coveredBefore: [UInt64] = []
    private var membersInCountry: [Int32]
    private var countries: Int
    private var lessDevelopedCount: Int
    private var freeCovering: [Int32]
    private var freeInCountry: [Int32]
    /// Countries with no member yet and at least one free candidate.
    private var openCountries: Int
    private var freeLessDeveloped: Int
    private var freeTotal: Int
    /// Required competences this run's sets miss (partial mode); their coverers are excluded.
    private var givenUp: UInt64 = 0
    private var lessDevelopedGivenUp = false
    private var countriesGivenUp = false
    private var top: [Int32] = []

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

    private func isOpen(_ place: Int) -> Bool {
        membersInCountry[place] == 0 && freeInCountry[place] > 0
    }

    private func leaveFree(_ member: Int) {
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

    private func enterFree(_ member: Int) {
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

    private func choose(_ member: Int) {
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

    private func unchoose(_ member: Int) {
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

    private func exclude(_ member: Int) {
        leaveFree(member)
        status[member] = Self.excluded
    }

    private func readmit(_ member: Int) {
        status[member] = Self.free
        enterFree(member)
    }

    // MARK: - Ranking

    private var size: Int { instance.fixed.count + picked.count }
    private var total: Int { instance.fixedScore + pickedScore }

    /// Whether a set with these (optimistic) key parts could still enter the top list.
    ///
    /// On a tie in every numeric part the id tie-break decides. `floor`, when it knows one, returns
    /// the ascending ids of a set that is lexicographically no greater than any set of the subtree
    /// reaching the bound exactly; if even that set does not precede the worst entry, nothing in the
    /// subtree can (sets are never reached twice, so equality means "already listed"). Without a
    /// floor a tie is let through.
    private func mayEnter(
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
    private func idsWith(_ extra: some Sequence<Int32>) -> [Int64] {
        var result = fixedIds
        for member in picked { result.append(ids[Int(member)]) }
        for member in extra { result.append(ids[Int(member)]) }
        result.sort()
        return result
    }

    private func ranksBefore(_ a: ConsortiumEntry, _ b: ConsortiumEntry) -> Bool {
        if a.covered != b.covered { return a.covered > b.covered }
        if a.met != b.met { return a.met > b.met }
        if rankBySize && a.size != b.size { return a.size < b.size }
        if a.score != b.score { return a.score > b.score }
        return a.ids.lexicographicallyPrecedes(b.ids)
    }

    /// Other constraints the current set meets (partial ranking).
    private func metCount() -> Int {
        var met = 0
        if size >= instance.minMembers { met += 1 }
        if size <= instance.maxMembers { met += 1 }
        if countries >= instance.minCountries { met += 1 }
        if !instance.needLessDeveloped || lessDevelopedCount > 0 { met += 1 }
        return met
    }

    private func offer() {
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

    // MARK: - Bounds

    /// Fills `top` with the best `slots` free members in rank order.
    private func collectTop(_ slots: Int) {
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

    private func firstFree(in list: [Int32]) -> Int? {
        for member in list where status[Int(member)] == Self.free { return Int(member) }
        return nil
    }

    /// Upper bound on the total score of any set in the subtree with at most `slots` more members,
    /// given that the set must cover `mustCover`, gain a less developed member if `mustLessDeveloped`,
    /// and gain `countriesNeeded` new countries. The plain bound is the best `slots` free scores;
    /// each requirement the plain choice misses forces one member from a narrower list in.
    ///
    /// `plain`: the plain bound is the answer, so `plainFloor` describes the sets reaching it.
    private func scoreBound(
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
    private func freeMembers(except skipped: Int32 = -1) -> some Sequence<Int32> {
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
    private func plainFloor(
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
    private struct NodeBound {
        var covered: Int
        var met: Int
    }

    /// Whether the subtree may hold a set that enters the top list; nil when it cannot.
    private func admissible() -> NodeBound? {
        let size = size
        let slots = highest - size
        if slots < 0 { return nil }
        return partial ? partialBound(size: size, slots: slots) : feasibleBound(size: size, slots: slots)
    }

    private func feasibleBound(size: Int, slots: Int) -> NodeBound? {
        if size + freeTotal < lowest { return nil }
        let uncovered = instance.required & ~covered
        var needed = 0
        if uncovered != 0 {
            if slots == 0 { return nil }
            var bits = uncovered
            while bits != 0 {
                if freeCovering[bits.trailingZeroBitCount] == 0 { return nil }
                bits &= bits - 1
            }
            needed = cover.fewest(uncovered, atMost: slots, budget: &budget)
            if needed > slots { return nil }
        }
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

    private func partialBound(size: Int, slots: Int) -> NodeBound? {
        // Coverage outside `givenUp` is strict, exactly as in feasible mode.
        let uncovered = instance.required & ~covered & ~givenUp
        var needed = 0
        if uncovered != 0 {
            if slots == 0 { return nil }
            var bits = uncovered
            while bits != 0 {
                if freeCovering[bits.trailingZeroBitCount] == 0 { return nil }
                bits &= bits - 1
            }
            needed = cover.fewest(uncovered, atMost: slots, budget: &budget)
            if needed > slots { return nil }
        }
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

    // MARK: - Branching

    private func explore() {
        guard budget.spend(), let bound = admissible() else { return }
        expand(bound)
    }

    /// Decides, in order, coverage, the less developed member, the countries, then completes.
    private func expand(_ bound: NodeBound) {
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
    private func branch(
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
    private func complete(_ bound: NodeBound, slots: Int) {
        collectTop(slots + capacity - 1)
        let pool = top
        var suffixGain = [Int](repeating: 0, count: pool.count + 1)
        for position in stride(from: pool.count - 1, through: 0, by: -1) {
            suffixGain[position] = suffixGain[position + 1] + gain[Int(pool[position])]
        }
        extend(pool, from: 0, slots: slots, bound: bound, suffixGain: suffixGain)
    }

    private func extend(_ pool: [Int32], from start: Int, slots: Int, bound: NodeBound, suffixGain: [Int]) {
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

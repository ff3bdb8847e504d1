import Foundation

// Greedy, ejection-chain improvement and exact search over one mutable schedule.

struct SchedulingState {
    let instance: SchedulingInstance
    /// Slot position of each meeting, -1 when unscheduled.
    var slotOf: [Int]
    /// Meeting held by participant p in slot s (index p * 64 + s), -1 when free.
    var busy: [Int]
    var load: [Int]
    /// Meetings in each slot, with each meeting's position in its slot's list.
    var members: [[Int]]
    var memberPosition: [Int]
    var count = 0
    var weight = 0

    init(_ instance: SchedulingInstance) {
        self.instance = instance
        slotOf = [Int](repeating: -1, count: instance.meetingCount)
        busy = [Int](repeating: -1, count: instance.participantCount * 64)
        load = [Int](repeating: 0, count: instance.slotCount)
        members = [[Int]](repeating: [], count: instance.slotCount)
        memberPosition = [Int](repeating: -1, count: instance.meetingCount)
    }

    @inline(__always) func canPlace(_ m: Int, _ s: Int) -> Bool {
        load[s] < instance.tables[s] && busy[instance.first[m] * 64 + s] < 0 && busy[instance.second[m] * 64 + s] < 0
    }

    mutating func place(_ m: Int, _ s: Int) {
        slotOf[m] = s
        busy[instance.first[m] * 64 + s] = m
        busy[instance.second[m] * 64 + s] = m
        load[s] += 1
        memberPosition[m] = members[s].count
        members[s].append(m)
        count += 1
        weight += instance.weight[m]
    }

    mutating func remove(_ m: Int) {
        let s = slotOf[m]
        slotOf[m] = -1
        busy[instance.first[m] * 64 + s] = -1
        busy[instance.second[m] * 64 + s] = -1
        load[s] -= 1
        let i = memberPosition[m]
        let last = members[s].removeLast()
        if last != m {
            members[s][i] = last
            memberPosition[last] = i
        }
        memberPosition[m] = -1
        count -= 1
        weight -= instance.weight[m]
    }

    mutating func placeLocked() {
        for m in 0..<instance.meetingCount where instance.locked[m] >= 0 { place(m, instance.locked[m]) }
    }

    /// Most-constrained first: meetings with the fewest feasible slots, then the higher priority;
    /// each goes to the free slot its two participants' other unplaced meetings need least.
    mutating func greedy() {
        let n = instance.meetingCount
        // demand[p * 64 + s]: unplaced meetings of p that could use s.
        var demand = [Int](repeating: 0, count: instance.participantCount * 64)
        for m in instance.movable {
            forEachBit(instance.feasible[m]) { s in
                demand[instance.first[m] * 64 + s] += 1
                demand[instance.second[m] * 64 + s] += 1
            }
        }
        let order = instance.movable.sorted {
            let a = instance.feasible[$0].nonzeroBitCount
            let b = instance.feasible[$1].nonzeroBitCount
            if a != b { return a < b }
            if instance.weight[$0] != instance.weight[$1] { return instance.weight[$0] > instance.weight[$1] }
            return $0 < $1
        }
        _ = n
        for m in order {
            let a = instance.first[m]
            let b = instance.second[m]
            forEachBit(instance.feasible[m]) { s in
                demand[a * 64 + s] -= 1
                demand[b * 64 + s] -= 1
            }
            var best = -1
            var bestScore = Int.max
            forEachBit(instance.feasible[m]) { s in
                guard canPlace(m, s) else { return }
                // Participant pressure first, then the fuller slot is kept for later.
                let score = (demand[a * 64 + s] + demand[b * 64 + s]) * 1_000 + load[s] * 1_000 / max(1, instance.tables[s])
                if score < bestScore {
                    bestScore = score
                    best = s
                }
            }
            if best >= 0 { place(m, best) }
        }
    }
}

// MARK: - Improvement by ejection chains

extension SchedulingState {
    /// Inserts unscheduled meetings by ejection chains (place it, evict up to two blocking
    /// meetings, re-insert those the same way, depth-limited); when no chain is found, walks the
    /// plateau with count-neutral moves and tries again. Never loses a meeting; stops at the time
    /// limit or when `bound` is reached.
    mutating func improve(until deadline: ContinuousClock.Instant, bound: Int, seed: UInt64) {
        var search = ChainSearch(seed: seed, meetings: instance.meetingCount)
        var stale = 0
        while count < bound && ContinuousClock.now < deadline {
            var improved = false
            let waiting = instance.movable.filter { slotOf[$0] < 0 && instance.feasible[$0] != 0 }
                .sorted { instance.weight[$0] > instance.weight[$1] || (instance.weight[$0] == instance.weight[$1] && $0 < $1) }
            let depth = stale < 2 ? 3 : 5
            for (i, m) in waiting.enumerated() {
                if i % 16 == 0 && ContinuousClock.now >= deadline { break }
                search.stamp += 1
                search.budget = stale < 2 ? 400 : 3_000
                if kempeInsert(m, rotation: Int(search.random.next() % 64), limit: 64, &search.path) {
                    improved = true
                    if count >= bound { break }
                    continue
                }
                let mark = search.log.count
                if insert(m, depth: depth, &search) {
                    improved = true
                    search.log.removeAll(keepingCapacity: true)
                } else {
                    undo(to: mark, &search)
                }
                if count >= bound { break }
            }
            if improved {
                stale = 0
                continue
            }
            stale += 1
            if waiting.isEmpty { break }
            shake(&search)
        }
    }

    /// Count-neutral random moves: a scheduled movable meeting goes to another free feasible slot.
    private mutating func shake(_ search: inout ChainSearch) {
        let moves = max(10, instance.movable.count / 20)
        for _ in 0..<moves / 2 { randomKempeSwap(&search.random, &search.path) }
        for _ in 0..<moves {
            let m = instance.movable[Int(search.random.next() % UInt64(instance.movable.count))]
            let from = slotOf[m]
            guard from >= 0 else { continue }
            var options: [Int] = []
            forEachBit(instance.feasible[m]) { s in if s != from && canPlace(m, s) { options.append(s) } }
            guard !options.isEmpty else { continue }
            remove(m)
            place(m, options[Int(search.random.next() % UInt64(options.count))])
        }
        search.log.removeAll(keepingCapacity: true)
    }

    private mutating func undo(to mark: Int, _ search: inout ChainSearch) {
        while search.log.count > mark {
            let (m, previous) = search.log.removeLast()
            if slotOf[m] >= 0 { remove(m) }
            if previous >= 0 { place(m, previous) }
        }
    }

    private mutating func move(_ m: Int, to s: Int, _ search: inout ChainSearch) {
        search.log.append((m, slotOf[m]))
        if slotOf[m] >= 0 { remove(m) }
        if s >= 0 { place(m, s) }
    }

    /// An alternating-path insertion at the end of an ejection chain, logged so it can be undone;
    /// meetings already moved in this chain stay put.
    private mutating func kempeLogged(_ m: Int, _ search: inout ChainSearch) -> Bool {
        guard let (a, b) = findKempe(m, rotation: Int(search.random.next() % 64), limit: 24, &search.path) else { return false }
        if b >= 0 {
            if search.path.contains(where: { search.marked[$0] == search.stamp }) { return false }
            let path = search.path
            for e in path { move(e, to: -1, &search) }
            for (i, e) in path.enumerated() { move(e, to: i % 2 == 0 ? b : a, &search) }
        }
        move(m, to: a, &search)
        return true
    }

    private mutating func insert(_ m: Int, depth: Int, _ search: inout ChainSearch) -> Bool {
        let feasible = instance.feasible[m]
        var direct = -1
        forEachBit(feasible) { s in if direct < 0 && canPlace(m, s) { direct = s } }
        if direct >= 0 {
            move(m, to: direct, &search)
            return true
        }
        guard depth > 0 else { return kempeLogged(m, &search) }
        search.marked[m] = search.stamp
        // Slots in a random rotation, so repeated attempts explore different chains.
        let slots = instance.slotCount
        let rotation = Int(search.random.next() % UInt64(max(1, slots)))
        for k in 0..<slots {
            let s = (k + rotation) % slots
            guard feasible & (UInt64(1) << UInt64(s)) != 0 else { continue }
            guard search.budget > 0 else { return false }
            search.budget -= 1
            var evict: [Int] = []
            var blocked = false
            for p in [instance.first[m], instance.second[m]] {
                let x = busy[p * 64 + s]
                guard x >= 0, !evict.contains(x) else { continue }
                if instance.locked[x] >= 0 || search.marked[x] == search.stamp {
                    blocked = true
                    break
                }
                evict.append(x)
            }
            if blocked { continue }
            if load[s] - evict.count >= instance.tables[s] {
                guard evict.count < 2 else { continue }
                // One more meeting must leave the full slot: prefer one with a free slot elsewhere.
                var pick = -1
                var fallback = -1
                let list = members[s]
                let offset = list.isEmpty ? 0 : Int(search.random.next() % UInt64(list.count))
                for j in 0..<list.count {
                    let x = list[(j + offset) % list.count]
                    if evict.contains(x) || instance.locked[x] >= 0 || search.marked[x] == search.stamp { continue }
                    if fallback < 0 { fallback = x }
                    var free = false
                    forEachBit(instance.feasible[x]) { t in if !free && t != s && canPlace(x, t) { free = true } }
                    if free {
                        pick = x
                        break
                    }
                }
                if pick < 0 { pick = fallback }
                guard pick >= 0 else { continue }
                evict.append(pick)
            }
            let mark = search.log.count
            for x in evict {
                search.marked[x] = search.stamp
                move(x, to: -1, &search)
            }
            move(m, to: s, &search)
            var all = true
            for x in evict where !insert(x, depth: depth - 1, &search) {
                all = false
                break
            }
            if all { return true }
            undo(to: mark, &search)
        }
        return false
    }
}

struct ChainSearch {
    var random: SchedulerSplitMix64
    var stamp = 0
    var marked: [Int]
    var budget = 0
    var log: [(Int, Int)] = []
    var path: [Int] = []

    init(seed: UInt64, meetings: Int) {
        random = SchedulerSplitMix64(seed: seed)
        marked = [Int](repeating: 0, count: meetings)
    }
}

// MARK: - Exact search for small instances

/// Branch and bound over the movable meetings, most constrained first: each is placed in one of its
/// free feasible slots or left out. Bound at a node: the meetings still placeable one by one (and
/// the free tables), with their priorities. Lexicographic objective: count, then priority total.
struct ExactScheduler {
    let instance: SchedulingInstance
    let nodeLimit: Int
    var best: SchedulingState
    var nodes = 0
    var stopped = false
    private var order: [Int] = []
    /// The smallest relaxation bound: no completion places more.
    private var globalBound = Int.max
    private var degree: [Int]
    private var union: [UInt64]
    private var touched: [Int] = []
    private var weights: [Int] = []
    /// Placeable priorities of each participant at the current node.
    private var personal: [[Int]]
    /// Slots with the same tables and the same people available share a kind.
    private var slotKind: [Int] = []
    /// The linear bound computed before the search (nil when the simple bounds were already met).
    private(set) var linearBound: Int?

    init(instance: SchedulingInstance, nodeLimit: Int) {
        self.instance = instance
        self.nodeLimit = nodeLimit
        best = SchedulingState(instance)
        degree = [Int](repeating: 0, count: instance.participantCount)
        union = [UInt64](repeating: 0, count: instance.participantCount)
        personal = [[Int]](repeating: [], count: instance.participantCount)
    }

    /// Starts from `incumbent` (a valid schedule); returns true when the search finished (optimal).
    mutating func solve(from incumbent: SchedulingState) -> Bool {
        var start = incumbent
        let (bounds, cutPairs, cutSlots) = instance.boundsAndCut()
        globalBound = bounds.values.min() ?? 0
        if start.count < globalBound {
            var dual = DualBound(instance, cutPairs: cutPairs, cutSlots: cutSlots)
            dual.smooth(maxIterations: 3_000, deadline: .now + .seconds(1), target: start.count)
            linearBound = dual.value
            globalBound = min(globalBound, dual.value)
        }
        start.improve(until: .now + .milliseconds(20), bound: globalBound, seed: 7)
        best = start
        var kinds: [[Int]: Int] = [:]
        slotKind = (0..<instance.slotCount).map { s in
            let bit = UInt64(1) << UInt64(s)
            let key = [instance.tables[s]] + (0..<instance.participantCount).filter { instance.available[$0] & bit != 0 }
            if let kind = kinds[key] { return kind }
            kinds[key] = kinds.count
            return kinds.count - 1
        }
        var state = start
        for m in instance.movable where state.slotOf[m] >= 0 { state.remove(m) }
        order = instance.movable.sorted {
            let a = instance.feasible[$0].nonzeroBitCount
            let b = instance.feasible[$1].nonzeroBitCount
            return a != b ? a < b : $0 < $1
        }
        branch(0, &state)
        return !stopped
    }

    private mutating func branch(_ i: Int, _ state: inout SchedulingState) {
        nodes += 1
        if nodes > nodeLimit {
            stopped = true
            return
        }
        if i == order.count {
            if state.count > best.count || (state.count == best.count && state.weight > best.weight) { best = state }
            return
        }
        // Meetings still placeable one by one, and per participant: at most their placeable
        // meetings, at most the slots where they are free and one of those could go; every
        // meeting counts at both participants, hence the half.
        var possible = 0
        weights.removeAll(keepingCapacity: true)
        for p in touched {
            degree[p] = 0
            union[p] = 0
            personal[p].removeAll(keepingCapacity: true)
        }
        touched.removeAll(keepingCapacity: true)
        for j in i..<order.count {
            let m = order[j]
            var open: UInt64 = 0
            forEachBit(instance.feasible[m]) { s in if state.canPlace(m, s) { open |= UInt64(1) << UInt64(s) } }
            if open != 0 {
                possible += 1
                weights.append(instance.weight[m])
                let a = instance.first[m]
                let b = instance.second[m]
                if degree[a] == 0 { touched.append(a) }
                degree[a] += 1
                union[a] |= open
                personal[a].append(instance.weight[m])
                if degree[b] == 0 { touched.append(b) }
                degree[b] += 1
                union[b] |= open
                personal[b].append(instance.weight[m])
            }
        }
        var places = 0
        for p in touched { places += min(degree[p], union[p].nonzeroBitCount) }
        var freeTables = 0
        for s in 0..<instance.slotCount { freeTables += instance.tables[s] - state.load[s] }
        let countBound = min(globalBound, state.count + min(possible, freeTables, places / 2))
        if countBound < best.count { return }
        if countBound == best.count {
            // A completion that ties in count places exactly best.count - state.count more
            // meetings, so it gains at most the largest that many placeable priorities.
            let more = best.count - state.count
            weights.sort(by: >)
            var gain = 0
            for w in weights.prefix(more) { gain += w }
            // And per participant: p attends at most min(placeable meetings, open slots) of them,
            // so at most that many of its largest priorities; each meeting counts at both.
            var personalGain = 0
            for p in touched {
                personal[p].sort(by: >)
                for w in personal[p].prefix(min(degree[p], union[p].nonzeroBitCount)) { personalGain += w }
            }
            gain = min(gain, personalGain / 2)
            if state.weight + gain <= best.weight { return }
        }
        let m = order[i]
        var slots: [Int] = []
        // Empty slots with the same tables and the same people available are interchangeable (swap
        // their contents in any completion): only the first empty one of each kind is tried.
        var triedKinds: UInt64 = 0
        forEachBit(instance.feasible[m]) { s in
            guard state.canPlace(m, s) else { return }
            if state.load[s] == 0 {
                let kind = UInt64(1) << UInt64(slotKind[s])
                if triedKinds & kind != 0 { return }
                triedKinds |= kind
            }
            slots.append(s)
        }
        for s in slots {
            state.place(m, s)
            branch(i + 1, &state)
            state.remove(m)
            if stopped { return }
        }
        branch(i + 1, &state)
    }
}

/// SplitMix64, so seeds reproduce on every platform.
struct SchedulerSplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}

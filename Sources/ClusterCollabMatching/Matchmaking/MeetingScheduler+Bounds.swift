import Foundation

// Upper bounds on the number of meetings any schedule can place. Each is the optimum of a
// relaxation (a problem with fewer constraints), so no schedule can exceed it; docs/matchmaking.md
// has the proofs. The report names the smallest.

extension SchedulingInstance {
    func bounds() -> [SchedulingBound: Int] { boundsAndCut().bounds }

    /// The bounds, and the minimum cut of the flow relaxation as prices for the dual bound: 1 on
    /// each cut (participant, slot) edge and each cut slot edge.
    func boundsAndCut() -> (bounds: [SchedulingBound: Int], cutPairs: [Int], cutSlots: [Int]) {
        var result: [SchedulingBound: Int] = [:]
        // 1. A meeting with no feasible slot is never placed.
        result[.meetingsWithCommonSlot] = feasible.filter { $0 != 0 }.count

        // 2. Slot s holds at most its tables, at most half the participants available in it (each
        //    meeting takes two of them), and at most the meetings that can go there.
        var capacity = 0
        for s in 0..<slotCount where tables[s] > 0 {
            let bit = UInt64(1) << UInt64(s)
            let people = available.filter { $0 & bit != 0 }.count
            let candidates = feasible.filter { $0 & bit != 0 }.count
            capacity += min(tables[s], people / 2, candidates)
        }
        result[.tableCapacity] = capacity

        // 3. Participant p attends at most one meeting per slot, only in slots where one of their
        //    meetings can go, and at most their number of meetings; every placed meeting uses two
        //    participant places, so the total is at most half the sum.
        var degree = [Int](repeating: 0, count: participantCount)
        var union = [UInt64](repeating: 0, count: participantCount)
        for m in 0..<meetingCount where feasible[m] != 0 {
            degree[first[m]] += 1
            degree[second[m]] += 1
            union[first[m]] |= feasible[m]
            union[second[m]] |= feasible[m]
        }
        var places = 0
        for p in 0..<participantCount { places += min(degree[p], union[p].nonzeroBitCount) }
        result[.participantAvailability] = places / 2

        // 4. Flow relaxation: every meeting picks a feasible slot; the slot's tables are respected
        //    and ONE of its two participants (the busier one) is kept to one meeting per slot; the
        //    other participant's constraint is dropped. Every schedule is a flow here.
        // Three choices of the kept participant (busier; fewer available slots; fuller, i.e. more
        // meetings per available slot): each is a valid bound, the smallest is kept.
        var flow = flowBound { m in degree[second[m]] > degree[first[m]] ? second[m] : first[m] }
        for rule in 0..<2 {
            let other = flowBound { m in
                let a = first[m]
                let b = second[m]
                let na = available[a].nonzeroBitCount
                let nb = available[b].nonzeroBitCount
                if rule == 0 { return nb < na ? b : a }
                return degree[b] * max(1, na) > degree[a] * max(1, nb) ? b : a
            }
            if other.value < flow.value { flow = other }
        }
        result[.flowRelaxation] = flow.value
        return (result, flow.cutPairs, flow.cutSlots)
    }

    /// Max flow value, and the cut (participant * slotCount + slot) pairs and slots of a minimum cut.
    private func flowBound(keeper keeperOf: (Int) -> Int) -> (value: Int, cutPairs: [Int], cutSlots: [Int]) {
        // Nodes: source, meetings, (participant, slot) pairs in use, slots, sink.
        var graph = FlowGraph()
        let source = graph.addNode()
        let sink = graph.addNode()
        var slotNode = [Int](repeating: -1, count: slotCount)
        for s in 0..<slotCount where tables[s] > 0 {
            slotNode[s] = graph.addNode()
            graph.addEdge(slotNode[s], sink, tables[s])
        }
        var pairNode: [Int: Int] = [:]
        for m in 0..<meetingCount where feasible[m] != 0 {
            let keeper = keeperOf(m)
            let node = graph.addNode()
            graph.addEdge(source, node, 1)
            forEachBit(feasible[m]) { s in
                let key = keeper * 64 + s
                let pair: Int
                if let existing = pairNode[key] {
                    pair = existing
                } else {
                    pair = graph.addNode()
                    pairNode[key] = pair
                    graph.addEdge(pair, slotNode[s], 1)
                }
                graph.addEdge(node, pair, 1)
            }
        }
        let value = graph.maxFlow(source, sink)
        let reached = graph.sourceSide(source)
        var cutPairs: [Int] = []
        var cutSlots: [Int] = []
        for (key, node) in pairNode where reached[node] && !reached[slotNode[key % 64]] {
            cutPairs.append((key / 64) * slotCount + key % 64)
        }
        for s in 0..<slotCount where slotNode[s] >= 0 && reached[slotNode[s]] { cutSlots.append(s) }
        return (value, cutPairs.sorted(), cutSlots)
    }
}

/// Dinic's maximum flow on integer capacities.
struct FlowGraph {
    private var head: [Int] = []
    private var to: [Int] = []
    private var next: [Int] = []
    private var cap: [Int] = []

    mutating func addNode() -> Int {
        head.append(-1)
        return head.count - 1
    }

    mutating func addEdge(_ u: Int, _ v: Int, _ c: Int) {
        to.append(v)
        cap.append(c)
        next.append(head[u])
        head[u] = to.count - 1
        to.append(u)
        cap.append(0)
        next.append(head[v])
        head[v] = to.count - 1
    }

    mutating func maxFlow(_ s: Int, _ t: Int) -> Int {
        var flow = 0
        var level = [Int](repeating: -1, count: head.count)
        var iterator = head
        var queue = [Int]()
        queue.reserveCapacity(head.count)
        while true {
            for i in level.indices { level[i] = -1 }
            level[s] = 0
            queue.removeAll(keepingCapacity: true)
            queue.append(s)
            var qi = 0
            while qi < queue.count {
                let u = queue[qi]
                qi += 1
                var e = head[u]
                while e >= 0 {
                    if cap[e] > 0 && level[to[e]] < 0 {
                        level[to[e]] = level[u] + 1
                        queue.append(to[e])
                    }
                    e = next[e]
                }
            }
            if level[t] < 0 { return flow }
            iterator = head
            while true {
                let pushed = push(s, t, Int.max, &level, &iterator)
                if pushed == 0 { break }
                flow += pushed
            }
        }
    }

    /// Nodes reachable from `s` in the residual graph (after `maxFlow`): the source side of a
    /// minimum cut.
    func sourceSide(_ s: Int) -> [Bool] {
        var reached = [Bool](repeating: false, count: head.count)
        reached[s] = true
        var stack = [s]
        while let u = stack.popLast() {
            var e = head[u]
            while e >= 0 {
                if cap[e] > 0 && !reached[to[e]] {
                    reached[to[e]] = true
                    stack.append(to[e])
                }
                e = next[e]
            }
        }
        return reached
    }

    private mutating func push(_ u: Int, _ t: Int, _ limit: Int, _ level: inout [Int], _ iterator: inout [Int]) -> Int {
        if u == t { return limit }
        while iterator[u] >= 0 {
            let e = iterator[u]
            let v = to[e]
            if cap[e] > 0 && level[v] == level[u] + 1 {
                let pushed = push(v, t, min(limit, cap[e]), &level, &iterator)
                if pushed > 0 {
                    cap[e] -= pushed
                    cap[e ^ 1] += pushed
                    return pushed
                }
            }
            iterator[u] = next[e]
        }
        return 0
    }
}

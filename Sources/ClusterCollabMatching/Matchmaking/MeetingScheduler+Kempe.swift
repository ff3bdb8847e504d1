import Foundation

// Alternating-path (Kempe chain) moves, the classic edge-colouring technique, with the event's
// extra rules: a meeting only moves to a slot where both are available, a slot never holds more
// meetings than tables, fixed and kept confirmed meetings never move.

extension SchedulingState {
    /// The a/b alternating path from participant `x`: x's meeting in slot a, the other
    /// participant's meeting in b, and so on. Fills `path`; returns false when the path cannot
    /// be swapped (a meeting on it is locked or cannot go in the other slot, it is too long, or
    /// it ends at `avoid`). The path never cycles when x has no meeting in b.
    func alternatingPath(from x: Int, _ a: Int, _ b: Int, avoid: Int, limit: Int, _ path: inout [Int]) -> Bool {
        path.removeAll(keepingCapacity: true)
        var at = x
        var slot = a
        while true {
            let e = busy[at * 64 + slot]
            if e < 0 { break }
            let other = slot == a ? b : a
            guard instance.locked[e] < 0, instance.feasible[e] & (UInt64(1) << UInt64(other)) != 0, path.count < limit else { return false }
            path.append(e)
            at = instance.first[e] == at ? instance.second[e] : instance.first[e]
            slot = other
        }
        return at != avoid
    }

    /// Meetings in a and in b on the path (it starts in a and alternates).
    @inline(__always) private func pathLoads(_ path: [Int]) -> (inA: Int, inB: Int) {
        ((path.count + 1) / 2, path.count / 2)
    }

    /// Swaps the slots of the path's meetings (a <-> b).
    mutating func swap(_ path: [Int], _ a: Int, _ b: Int) {
        for e in path { remove(e) }
        for (i, e) in path.enumerated() { place(e, i % 2 == 0 ? b : a) }
    }

    /// Finds how to place the unscheduled meeting m by one alternating-path swap: in a slot a where
    /// one of its participants (y) is free and the other (x) is not, x's a/b path is swapped for a
    /// slot b where x is free, which frees x in a; then m goes to a. Returns (a, b) with the path in
    /// `path` (b = -1 and an empty path when m fits in a directly), or nil. Changes nothing.
    func findKempe(_ m: Int, rotation: Int, limit: Int, _ path: inout [Int]) -> (a: Int, b: Int)? {
        let feasible = instance.feasible[m]
        let slots = instance.slotCount
        let u = instance.first[m]
        let v = instance.second[m]
        for k in 0..<slots {
            let a = (k + rotation) % slots
            let bitA = UInt64(1) << UInt64(a)
            guard feasible & bitA != 0 else { continue }
            let uBusy = busy[u * 64 + a] >= 0
            let vBusy = busy[v * 64 + a] >= 0
            if uBusy == vBusy {
                if !uBusy && load[a] < instance.tables[a] {
                    path.removeAll(keepingCapacity: true)
                    return (a, -1)
                }
                continue
            }
            let (x, y) = uBusy ? (u, v) : (v, u)
            var candidates = feasible & ~bitA
            while candidates != 0 {
                let b = candidates.trailingZeroBitCount
                candidates &= candidates &- 1
                guard busy[x * 64 + b] < 0 else { continue }
                guard alternatingPath(from: x, a, b, avoid: y, limit: limit, &path) else { continue }
                let (inA, inB) = pathLoads(path)
                // After the swap a holds inB - inA more (0 or -1) and b inA - inB more (0 or +1).
                guard load[b] + inA - inB <= instance.tables[b], load[a] - inA + inB + 1 <= instance.tables[a] else { continue }
                return (a, b)
            }
        }
        return nil
    }

    /// Places m by `findKempe`; returns true when placed.
    mutating func kempeInsert(_ m: Int, rotation: Int, limit: Int, _ path: inout [Int]) -> Bool {
        guard let (a, b) = findKempe(m, rotation: rotation, limit: limit, &path) else { return false }
        if b >= 0 { swap(path, a, b) }
        place(m, a)
        return true
    }

    /// A count-neutral random alternating-path swap: a scheduled meeting e in slot a, a slot b
    /// feasible for e where one of its participants is free; that participant's a/b path swaps.
    mutating func randomKempeSwap(_ random: inout SchedulerSplitMix64, _ path: inout [Int]) {
        let movable = instance.movable
        guard !movable.isEmpty else { return }
        let e = movable[Int(random.next() % UInt64(movable.count))]
        let a = slotOf[e]
        guard a >= 0 else { return }
        var options: [Int] = []
        forEachBit(instance.feasible[e]) { b in
            if b != a && (busy[instance.first[e] * 64 + b] < 0 || busy[instance.second[e] * 64 + b] < 0) { options.append(b) }
        }
        guard !options.isEmpty else { return }
        let b = options[Int(random.next() % UInt64(options.count))]
        let x = busy[instance.first[e] * 64 + b] < 0 ? instance.first[e] : instance.second[e]
        guard alternatingPath(from: x, a, b, avoid: -1, limit: 64, &path) else { return }
        let (inA, inB) = pathLoads(path)
        guard load[b] + inA - inB <= instance.tables[b] else { return }
        swap(path, a, b)
    }
}

import Foundation

/// The problem validated and turned into dense arrays: slots are positions 0..<S (at most 64, so a
/// set of slots is one `UInt64`), participants and meetings are positions too.
struct SchedulingInstance {
    let slotIndices: [Int]
    let tables: [Int]
    let slotCount: Int
    let participantCount: Int
    let meetingCount: Int
    let meetingIDs: [Int64]
    let first: [Int]
    let second: [Int]
    let weight: [Int]
    /// Slots where the meeting may go: both available, tables > 0; only its slot when locked.
    let feasible: [UInt64]
    /// The slot a fixed (or kept confirmed) meeting stays in, or -1.
    let locked: [Int]
    let movable: [Int]
    let available: [UInt64]

    init(_ problem: SchedulingProblem) throws {
        guard problem.slots.count <= 64 else { throw SchedulingError.tooManySlots(problem.slots.count) }
        let slots = problem.slots.sorted { $0.index < $1.index }
        var position: [Int: Int] = [:]
        for (i, slot) in slots.enumerated() {
            guard position[slot.index] == nil else { throw SchedulingError.duplicateSlot(slot.index) }
            guard slot.tables >= 0 else { throw SchedulingError.negativeTables(slot: slot.index) }
            position[slot.index] = i
        }
        slotIndices = slots.map(\.index)
        tables = slots.map(\.tables)
        slotCount = slots.count
        var usable: UInt64 = 0
        for (i, slot) in slots.enumerated() where slot.tables > 0 { usable |= UInt64(1) << UInt64(i) }

        var participant: [Int64: Int] = [:]
        var available: [UInt64] = []
        for p in problem.participants {
            guard participant[p.id] == nil else { throw SchedulingError.duplicateParticipant(p.id) }
            participant[p.id] = available.count
            var mask: UInt64 = 0
            for index in p.available { if let s = position[index] { mask |= UInt64(1) << UInt64(s) } }
            available.append(mask & usable)
        }
        self.available = available
        participantCount = available.count

        var seenID: Set<Int64> = []
        var seenPair: [[Int64]: Int64] = [:]
        var ids: [Int64] = []
        var first: [Int] = []
        var second: [Int] = []
        var weight: [Int] = []
        var feasible: [UInt64] = []
        var locked: [Int] = []
        for m in problem.meetings {
            guard seenID.insert(m.id).inserted else { throw SchedulingError.duplicateMeetingID(m.id) }
            guard let a = participant[m.first] else { throw SchedulingError.unknownParticipant(meeting: m.id, participant: m.first) }
            guard let b = participant[m.second] else { throw SchedulingError.unknownParticipant(meeting: m.id, participant: m.second) }
            guard a != b else { throw SchedulingError.meetingWithSelf(meeting: m.id) }
            let pair = [min(m.first, m.second), max(m.first, m.second)]
            if let earlier = seenPair[pair] { throw SchedulingError.duplicatePair(meeting: m.id, sameAs: earlier) }
            seenPair[pair] = m.id
            ids.append(m.id)
            first.append(a)
            second.append(b)
            // Priorities below zero would make "place it" worse than "leave it out": clamp to zero.
            weight.append(max(0, m.priority))
            var mask = available[a] & available[b]
            var lock = -1
            let keep = problem.reschedule ? nil : problem.confirmed[m.id]
            if let slot = m.fixedSlot ?? keep {
                guard let s = position[slot], mask & (UInt64(1) << UInt64(s)) != 0 else {
                    throw SchedulingError.unavailableFixedSlot(meeting: m.id, slot: slot)
                }
                lock = s
                mask = UInt64(1) << UInt64(s)
            }
            feasible.append(mask)
            locked.append(lock)
        }
        for id in problem.confirmed.keys.sorted() where !seenID.contains(id) { throw SchedulingError.unknownMeeting(id) }
        meetingIDs = ids
        self.first = first
        self.second = second
        self.weight = weight
        self.feasible = feasible
        self.locked = locked
        meetingCount = ids.count
        movable = (0..<ids.count).filter { locked[$0] < 0 }

        // Locked meetings must fit together.
        var busy = Set<Int>()
        var load = [Int](repeating: 0, count: slotCount)
        for m in 0..<ids.count where locked[m] >= 0 {
            let s = locked[m]
            load[s] += 1
            guard load[s] <= tables[s], busy.insert(first[m] * 64 + s).inserted, busy.insert(second[m] * 64 + s).inserted else {
                throw SchedulingError.conflictingFixed(meeting: ids[m], slot: slotIndices[s])
            }
        }
    }
}

@inline(__always) func forEachBit(_ mask: UInt64, _ body: (Int) -> Void) {
    var rest = mask
    while rest != 0 {
        body(rest.trailingZeroBitCount)
        rest &= rest &- 1
    }
}

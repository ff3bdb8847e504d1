import ClusterCollabCore
import ClusterCollabMatching
import Foundation

/// Between an event's meetings and the pure `MeetingScheduler`: the problem a run solves, and its result
/// written back as slots and tables. Meetings already placed stay where they are (their agendas do not
/// move) unless the organiser reschedules; organiser-fixed meetings always stay.
public enum MatchmakingScheduling {
    /// The outcome of a run: every accepted meeting with its slot and table (nil when unscheduled), why
    /// each unscheduled one has no place, and the figures.
    public struct Outcome: Sendable {
        public var meetings: [MatchmakingRequest]
        public var unscheduled: [Int64: UnscheduledReason]
        public var run: ScheduleRun
    }

    /// Runs the scheduler over the accepted meetings of validated participants.
    public static func run(
        setup: MatchmakingSetup, slotCount: Int, participants: [MatchmakingParticipant], requests: [MatchmakingRequest], reschedule: Bool, now: Date,
        timeBudget: Duration = .milliseconds(1_500)
    ) throws -> Outcome {
        let taking = Dictionary(participants.filter(\.takesPart).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let meetings = requests.filter { $0.isMeeting && taking[$0.fromID] != nil && taking[$0.toID] != nil }
        let slots = (0..<slotCount).map { SchedulingSlot(index: $0, tables: setup.tables) }
        // Locked placements (fixed first, then confirmed) that are still possible: a slot both are free in,
        // nobody twice in a slot, no slot over its tables. Anything else is placed again.
        var busy: Set<[Int64]> = []
        var load: [Int: Int] = [:]
        var fixed: [Int64: Int] = [:]
        var confirmed: [Int64: Int] = [:]
        func fits(_ m: MatchmakingRequest, _ slot: Int) -> Bool {
            guard (0..<slotCount).contains(slot), let a = taking[m.fromID], let b = taking[m.toID],
                a.available.contains(slot), b.available.contains(slot), (load[slot] ?? 0) < setup.tables,
                !busy.contains([m.fromID, Int64(slot)]), !busy.contains([m.toID, Int64(slot)])
            else { return false }
            return true
        }
        func lock(_ m: MatchmakingRequest, _ slot: Int) {
            busy.insert([m.fromID, Int64(slot)]); busy.insert([m.toID, Int64(slot)]); load[slot, default: 0] += 1
        }
        for m in meetings.sorted(by: { $0.id < $1.id }) {
            if let slot = m.fixedSlot, fits(m, slot) { fixed[m.id] = slot; lock(m, slot) }
        }
        if !reschedule {
            for m in meetings.sorted(by: { $0.id < $1.id }) where fixed[m.id] == nil {
                if let slot = m.slot, fits(m, slot) { confirmed[m.id] = slot; lock(m, slot) }
            }
        }
        let problem = SchedulingProblem(
            slots: slots,
            participants: taking.values.sorted { $0.id < $1.id }.map { SchedulingParticipant(id: $0.id, available: $0.available) },
            meetings: meetings.map { MeetingRequest(id: $0.id, first: $0.fromID, second: $0.toID, priority: $0.match + 1, fixedSlot: fixed[$0.id]) },
            confirmed: confirmed, reschedule: false, timeBudget: timeBudget)
        let schedule = try MeetingScheduler.schedule(problem)
        let placed = assignTables(meetings, placements: schedule.placements, tables: setup.tables)
        let run = ScheduleRun(
            at: now, accepted: meetings.count, scheduled: schedule.scheduled, greedy: schedule.greedy, bound: schedule.bound,
            boundKind: schedule.boundKind.rawValue, optimal: schedule.optimal,
            milliseconds: Int(schedule.elapsed.components.seconds * 1_000 + schedule.elapsed.components.attoseconds / 1_000_000_000_000_000))
        return Outcome(meetings: placed, unscheduled: schedule.unscheduled, run: run)
    }

    /// Slots from `placements`, tables numbered from 1 in each slot: a meeting that stays in its slot keeps
    /// its table when it can, the others take the lowest free ones (in meeting order, so a run is stable).
    public static func assignTables(_ meetings: [MatchmakingRequest], placements: [Int64: Int], tables: Int) -> [MatchmakingRequest] {
        var taken: [Int: Set<Int>] = [:]
        var result: [Int64: MatchmakingRequest] = [:]
        let ordered = meetings.sorted { $0.id < $1.id }
        for m in ordered {
            var next = m
            next.slot = placements[m.id]
            next.table = nil
            if let slot = next.slot, m.slot == slot, let table = m.table, (1...max(1, tables)).contains(table), taken[slot]?.contains(table) != true {
                next.table = table
                taken[slot, default: []].insert(table)
            }
            result[m.id] = next
        }
        for m in ordered {
            guard var next = result[m.id], let slot = next.slot, next.table == nil else { continue }
            let table = (1...max(1, tables)).first { taken[slot]?.contains($0) != true } ?? 1
            taken[slot, default: []].insert(table)
            next.table = table
            result[m.id] = next
        }
        return ordered.compactMap { result[$0.id] }
    }
}

extension MatchmakingScheduling {
    /// Why an accepted meeting has no slot in the stored schedule.
    public enum Standing: Sendable, Equatable {
        /// One of the two no longer takes part.
        case notTakingPart
        /// The scheduler's reasons: no slot both are free in, or every such slot full or busy for one of them.
        case unscheduled(UnscheduledReason)
        /// A slot both are free in still has a table and neither is busy there: a run places it.
        case placeable
    }

    /// The standing of `meeting` among the placed meetings, grouped by slot (`placedBySlot`), so a page
    /// of every unscheduled meeting reads each slot's meetings once.
    public static func standing(
        of meeting: MatchmakingRequest, placedBySlot: [Int: [MatchmakingRequest]], people: [Int64: MatchmakingParticipant], tables: Int
    ) -> Standing {
        guard let a = people[meeting.fromID], let b = people[meeting.toID] else { return .notTakingPart }
        let common = a.available.intersection(b.available)
        if common.isEmpty { return .unscheduled(.noCommonSlot) }
        let free = common.contains { slot in
            let there = placedBySlot[slot] ?? []
            return there.count < tables && !there.contains { $0.involves(a.id) || $0.involves(b.id) }
        }
        return free ? .placeable : .unscheduled(.slotsTaken)
    }
}

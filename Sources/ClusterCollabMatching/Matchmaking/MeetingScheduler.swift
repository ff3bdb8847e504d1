import Foundation

// The matchmaking event's meeting scheduler (issue 15, item 5): accepted one-to-one meetings are
// placed in time slots. Pure: no storage, no clock other than the time budget. docs/matchmaking.md
// describes the model, the algorithm and the proofs of the bounds.

/// A time slot of the event and how many tables it has (0 = a break).
public struct SchedulingSlot: Sendable, Hashable {
    public var index: Int
    public var tables: Int

    public init(index: Int, tables: Int) {
        self.index = index
        self.tables = tables
    }
}

/// A participant and the slots (indices) they are available in.
public struct SchedulingParticipant: Sendable, Hashable {
    public var id: Int64
    public var available: Set<Int>

    public init(id: Int64, available: Set<Int>) {
        self.id = id
        self.available = available
    }
}

/// An accepted meeting between two participants. Higher `priority` wins among meetings of equal
/// count (e.g. requested earlier, better match). `fixedSlot`: the organiser placed it there.
public struct MeetingRequest: Sendable, Hashable {
    public var id: Int64
    public var first: Int64
    public var second: Int64
    public var priority: Int
    public var fixedSlot: Int?

    public init(id: Int64, first: Int64, second: Int64, priority: Int = 1, fixedSlot: Int? = nil) {
        self.id = id
        self.first = first
        self.second = second
        self.priority = priority
        self.fixedSlot = fixedSlot
    }
}

/// What to schedule. `confirmed` holds placements already announced (meeting id -> slot index):
/// they stay where they are unless `reschedule` is true (the organiser reschedules), so late
/// requests only go into free places and nobody's agenda moves.
public struct SchedulingProblem: Sendable {
    public var slots: [SchedulingSlot]
    public var participants: [SchedulingParticipant]
    public var meetings: [MeetingRequest]
    public var confirmed: [Int64: Int]
    public var reschedule: Bool
    /// Wall-clock budget of the improvement phase (greedy and bounds are always computed).
    public var timeBudget: Duration
    /// Instances with at most this many movable meetings are solved by exact search.
    public var exactLimit: Int
    /// Node limit of the exact search; when reached the result is not claimed optimal.
    public var exactNodeLimit: Int
    public var seed: UInt64

    public init(
        slots: [SchedulingSlot], participants: [SchedulingParticipant], meetings: [MeetingRequest], confirmed: [Int64: Int] = [:],
        reschedule: Bool = false, timeBudget: Duration = .milliseconds(1_500), exactLimit: Int = 40, exactNodeLimit: Int = 2_000_000,
        seed: UInt64 = 1
    ) {
        self.slots = slots
        self.participants = participants
        self.meetings = meetings
        self.confirmed = confirmed
        self.reschedule = reschedule
        self.timeBudget = timeBudget
        self.exactLimit = exactLimit
        self.exactNodeLimit = exactNodeLimit
        self.seed = seed
    }
}

/// Refusals of a problem, one per rule, naming the meeting or participant concerned.
public enum SchedulingError: Error, Equatable, Sendable {
    case tooManySlots(Int)
    case duplicateSlot(Int)
    case negativeTables(slot: Int)
    case duplicateParticipant(Int64)
    case duplicateMeetingID(Int64)
    case unknownParticipant(meeting: Int64, participant: Int64)
    case meetingWithSelf(meeting: Int64)
    /// The same two participants twice: the second id names the first request.
    case duplicatePair(meeting: Int64, sameAs: Int64)
    case unknownMeeting(Int64)
    /// A fixed or confirmed slot that is not a slot with tables, or where one of the two is unavailable.
    case unavailableFixedSlot(meeting: Int64, slot: Int)
    /// Fixed/confirmed meetings that overlap for a participant or overfill a slot.
    case conflictingFixed(meeting: Int64, slot: Int)
}

/// Why a meeting has no place.
public enum UnscheduledReason: String, Sendable, Hashable {
    /// The two participants share no available slot with tables.
    case noCommonSlot = "no-common-slot"
    /// They share slots, but each is full (tables) or one of them is busy there.
    case slotsTaken = "slots-taken"
}

/// Which upper bound is the smallest proven one.
public enum SchedulingBound: String, Sendable, Hashable {
    case meetingsWithCommonSlot = "meetings-with-a-common-slot"
    case tableCapacity = "table-capacity"
    case participantAvailability = "participant-availability"
    case flowRelaxation = "flow-relaxation"
    /// The linear-programming relaxation, through a dual solution found by subgradient steps.
    case linearRelaxation = "linear-relaxation"
    case exactSearch = "exact-search"
}

public struct MeetingSchedule: Sendable {
    /// Meeting id -> slot index.
    public var placements: [Int64: Int]
    public var unscheduled: [Int64: UnscheduledReason]
    public var scheduled: Int
    public var priorityTotal: Int
    /// What the most-constrained-first greedy alone placed.
    public var greedy: Int
    /// No schedule of this problem places more meetings than this.
    public var bound: Int
    public var boundKind: SchedulingBound
    /// Every bound computed, by kind (for reports).
    public var bounds: [SchedulingBound: Int]
    /// True when the exact search finished: `scheduled` (then `priorityTotal`) is the optimum.
    public var optimal: Bool
    public var elapsed: Duration

    /// (bound - scheduled) / bound: how far at most the schedule is from the optimum.
    public var gap: Double { bound == 0 ? 0 : Double(bound - scheduled) / Double(bound) }
}

public enum MeetingScheduler {
    public static func schedule(_ problem: SchedulingProblem) throws -> MeetingSchedule {
        let start = ContinuousClock.now
        let instance = try SchedulingInstance(problem)
        var state = SchedulingState(instance)
        state.placeLocked()
        state.greedy()
        let greedyCount = state.count
        var (bounds, cutPairs, cutSlots) = instance.boundsAndCut()
        var optimal = false
        if instance.movable.count <= problem.exactLimit {
            var exact = ExactScheduler(instance: instance, nodeLimit: problem.exactNodeLimit)
            optimal = exact.solve(from: state)
            state = exact.best
            if let linear = exact.linearBound { bounds[.linearRelaxation] = linear }
            if optimal { bounds[.exactSearch] = state.count }
        } else {
            var dual = DualBound(instance, cutPairs: cutPairs, cutSlots: cutSlots)
            // A first improvement (up to 20 % of the budget), then the linear bound (until 60 %, or
            // as soon as it proves the schedule optimal), then the improvement until the budget or
            // the bound.
            state.improve(until: start + problem.timeBudget * 0.2, bound: bounds.values.min() ?? 0, seed: problem.seed)
            if state.count < bounds.values.min() ?? 0 {
                dual.smooth(maxIterations: 1_000_000, deadline: start + problem.timeBudget * 0.6, target: state.count)
                bounds[.linearRelaxation] = dual.value
                state.improve(until: start + problem.timeBudget, bound: bounds.values.min() ?? 0, seed: problem.seed &+ 1)
            }
        }
        let best = bounds.min { $0.value < $1.value || ($0.value == $1.value && $0.key.rawValue < $1.key.rawValue) }!
        var placements: [Int64: Int] = [:]
        var unscheduled: [Int64: UnscheduledReason] = [:]
        for m in 0..<instance.meetingCount {
            let id = instance.meetingIDs[m]
            if state.slotOf[m] >= 0 {
                placements[id] = instance.slotIndices[state.slotOf[m]]
            } else {
                unscheduled[id] = instance.feasible[m] == 0 ? .noCommonSlot : .slotsTaken
            }
        }
        return MeetingSchedule(
            placements: placements, unscheduled: unscheduled, scheduled: state.count, priorityTotal: state.weight, greedy: greedyCount,
            bound: best.value, boundKind: best.key, bounds: bounds, optimal: optimal, elapsed: ContinuousClock.now - start)
    }

    /// Checks a schedule against every rule; returns the first broken one, or nil. Used by tests.
    public static func violation(of placements: [Int64: Int], in problem: SchedulingProblem) -> String? {
        let tables = Dictionary(problem.slots.map { ($0.index, $0.tables) }, uniquingKeysWith: { a, _ in a })
        let available = Dictionary(problem.participants.map { ($0.id, $0.available) }, uniquingKeysWith: { a, _ in a })
        var load: [Int: Int] = [:]
        var busy: Set<[Int64]> = []
        for meeting in problem.meetings {
            guard let slot = placements[meeting.id] else {
                if meeting.fixedSlot != nil { return "fixed meeting \(meeting.id) unscheduled" }
                if let c = problem.confirmed[meeting.id], !problem.reschedule { return "confirmed meeting \(meeting.id) dropped from \(c)" }
                continue
            }
            if let fixed = meeting.fixedSlot, fixed != slot { return "fixed meeting \(meeting.id) moved" }
            if let c = problem.confirmed[meeting.id], !problem.reschedule, c != slot { return "confirmed meeting \(meeting.id) moved" }
            guard (tables[slot] ?? 0) > 0 else { return "meeting \(meeting.id) in slot \(slot) without tables" }
            for p in [meeting.first, meeting.second] {
                guard available[p]?.contains(slot) == true else { return "participant \(p) unavailable in \(slot)" }
                guard busy.insert([p, Int64(slot)]).inserted else { return "participant \(p) twice in \(slot)" }
            }
            load[slot, default: 0] += 1
            if load[slot]! > tables[slot]! { return "slot \(slot) over its tables" }
        }
        return nil
    }
}

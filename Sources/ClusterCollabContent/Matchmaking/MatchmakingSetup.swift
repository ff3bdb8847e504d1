import ClusterCollabCore
import Foundation

/// A day of meetings at a matchmaking event: from `starts` to `ends` (minutes after the venue's midnight),
/// cut into slots of the event's length, with breaks in which nobody meets.
public struct MatchmakingSession: Sendable, Equatable, Codable {
    /// `YYYY-MM-DD`, the venue's day.
    public var day: String
    /// Minutes after midnight, in the event's zone.
    public var starts: Int
    public var ends: Int
    public var breaks: [Break]

    public struct Break: Sendable, Equatable, Codable {
        public var starts: Int
        public var ends: Int
        public init(starts: Int, ends: Int) { self.starts = starts; self.ends = ends }
    }

    public init(day: String, starts: Int, ends: Int, breaks: [Break] = []) {
        self.day = day; self.starts = starts; self.ends = ends; self.breaks = breaks
    }

    /// "09:00" for 540.
    public static func clock(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }
}

/// One meeting slot of an event: its index (the scheduler's number, in time order) and its instants.
public struct MeetingSlot: Sendable, Equatable {
    public var index: Int
    public var startsAt: Date
    public var endsAt: Date
    /// The session (day) it belongs to, from 0.
    public var session: Int
    public init(index: Int, startsAt: Date, endsAt: Date, session: Int) {
        self.index = index; self.startsAt = startsAt; self.endsAt = endsAt; self.session = session
    }
}

/// Where a matchmaking event stands, by the clock and its dates; never stored.
public enum MatchmakingPhase: String, Sendable, CaseIterable, Codable {
    /// Registration has not opened yet.
    case announced
    /// People register; nobody requests meetings yet.
    case registration
    /// People still register, and request, accept and decline meetings.
    case booking
    /// Booking closed: the organiser schedules, the meetings take place.
    case meetings
    /// The event is over: participants say what came of each meeting.
    case followUp = "follow-up"
    /// Follow-up closed.
    case closed
}

/// The matchmaking part of an event (issue 15): its sessions and slots, tables (or online rooms) per slot,
/// its phases' dates, whether organisers validate participants, how many requests one may have pending,
/// and the state of its schedule.
public struct MatchmakingSetup: Sendable, Equatable {
    public var eventID: Int64
    public var sessions: [MatchmakingSession]
    /// Minutes per meeting slot.
    public var slotMinutes: Int
    /// Meetings that can take place at once: tables at the venue, or online rooms.
    public var tables: Int
    /// Meetings take place in online rooms (a link each) rather than at numbered tables.
    public var onlineRooms: Bool
    public var registrationOpens: Date
    public var bookingOpens: Date
    public var bookingCloses: Date
    public var followUpCloses: Date
    /// Participants take part only once an organiser has validated them.
    public var validatesParticipants: Bool
    /// The most requests a participant may have waiting for an answer.
    public var requestLimit: Int
    /// When the schedule was last published; nil while it is not.
    public var schedulePublishedAt: Date?
    /// Counts the schedule's publications, so agendas say "changed".
    public var scheduleVersion: Int
    /// The last run of the scheduler, as figures.
    public var lastRun: ScheduleRun?

    public init(
        eventID: Int64 = 0, sessions: [MatchmakingSession] = [], slotMinutes: Int = 20, tables: Int = 10, onlineRooms: Bool = false,
        registrationOpens: Date, bookingOpens: Date, bookingCloses: Date, followUpCloses: Date, validatesParticipants: Bool = false,
        requestLimit: Int = 20, schedulePublishedAt: Date? = nil, scheduleVersion: Int = 0, lastRun: ScheduleRun? = nil
    ) {
        self.eventID = eventID; self.sessions = sessions; self.slotMinutes = slotMinutes; self.tables = tables
        self.onlineRooms = onlineRooms; self.registrationOpens = registrationOpens; self.bookingOpens = bookingOpens
        self.bookingCloses = bookingCloses; self.followUpCloses = followUpCloses; self.validatesParticipants = validatesParticipants
        self.requestLimit = requestLimit; self.schedulePublishedAt = schedulePublishedAt; self.scheduleVersion = scheduleVersion
        self.lastRun = lastRun
    }

    /// The phase at `now` of this setup for `event`: meetings run from booking's close to the event's end.
    public func phase(of event: Event, at now: Date) -> MatchmakingPhase {
        if now < registrationOpens { return .announced }
        if now < bookingOpens { return .registration }
        if now < bookingCloses { return .booking }
        if now < event.endsAt { return .meetings }
        if now < followUpCloses { return .followUp }
        return .closed
    }

    /// Every slot, in time order: each session from its start, one slot after another, skipping any slot
    /// that would overlap a break; a slot that would end after the session's end is not made.
    public func slots(timeZone: String) -> [MeetingSlot] {
        var result: [MeetingSlot] = []
        guard slotMinutes > 0 else { return [] }
        for (s, session) in sessions.enumerated() {
            guard let midnight = ZonedTime.parse("\(session.day)T00:00", zone: timeZone) else { continue }
            var minute = session.starts
            while minute + slotMinutes <= session.ends {
                if let blocking = session.breaks.first(where: { $0.starts < minute + slotMinutes && minute < $0.ends }) {
                    minute = max(minute + 1, blocking.ends)
                    continue
                }
                // Local wall-clock minutes, read in the zone each time, so a session on a day the clocks
                // change keeps its printed hours.
                let starts = ZonedTime.parse("\(session.day)T\(MatchmakingSession.clock(minute))", zone: timeZone)
                let ends = ZonedTime.parse("\(session.day)T\(MatchmakingSession.clock(minute + slotMinutes))", zone: timeZone)
                result.append(
                    MeetingSlot(
                        index: result.count, startsAt: starts ?? midnight.addingTimeInterval(Double(minute * 60)),
                        endsAt: ends ?? midnight.addingTimeInterval(Double((minute + slotMinutes) * 60)), session: s))
                minute += slotMinutes
            }
        }
        return result
    }
}

/// The figures of one run of the scheduler, kept with the event and shown to the organiser.
public struct ScheduleRun: Sendable, Equatable, Codable {
    public var at: Date
    public var accepted: Int
    public var scheduled: Int
    public var greedy: Int
    public var bound: Int
    public var boundKind: String
    public var optimal: Bool
    public var milliseconds: Int
    public init(at: Date, accepted: Int, scheduled: Int, greedy: Int, bound: Int, boundKind: String, optimal: Bool, milliseconds: Int) {
        self.at = at; self.accepted = accepted; self.scheduled = scheduled; self.greedy = greedy; self.bound = bound
        self.boundKind = boundKind; self.optimal = optimal; self.milliseconds = milliseconds
    }
    /// (bound - scheduled) / bound: at most this far from the best schedule.
    public var gap: Double { bound == 0 ? 0 : Double(bound - scheduled) / Double(bound) }
}

import ClusterCollabContent
import ClusterCollabCore
import Foundation
import SQLKit

/// A participant as stored, with what the pages show of them: their organisation and address.
public struct StoredParticipant: Sendable, Equatable {
    public var participant: MatchmakingParticipant
    public var organisationName: String
    public var organisationSlug: String
    /// The organisation's profile is public (a draft profile takes part but is not linked).
    public var organisationPublished: Bool
    public var email: String
}

/// A meeting's follow-up as the event's page and a profile count it.
public struct ReportedAgreement: Sendable, Equatable {
    /// The organisation whose participant reported it.
    public var organisationID: Int64
    public var eventID: Int64
    public var eventTitle: String
    public var eventSlug: String
    public var outcome: MeetingOutcome
    public var partnerName: String
    public var partnerSlug: String
    public var partnerPublished: Bool
    public var reportedAt: Date
}

/// Matchmaking events: their setup, participants, requests and meetings, the schedule and the follow-up.
/// It only reads and writes: every write is one transaction that locks the event's setup row (PostgreSQL;
/// SQLite's write lock does the same), reads, calls the rule in `Matchmaking`, writes, and tells whom it
/// concerns through `NotificationRepository`.
public struct MatchmakingRepository: Sendable {
    public let database: Database
    public let publicURL: String

    public init(database: Database, publicURL: String) {
        self.database = database
        self.publicURL = publicURL
    }

    static func ms(_ date: Date) -> Int64 { StoredTime.millis(date) }

    // MARK: Setup

    static func decodeSetup(_ row: any SQLRow) throws -> MatchmakingSetup {
        let sessions = (try? JSONDecoder().decode([MatchmakingSession].self, from: Data(try row.decode(column: "sessions", as: String.self).utf8))) ?? []
        let lastRun = try row.decode(column: "last_run", as: String?.self).flatMap {
            try? JSONDecoder().decode(ScheduleRun.self, from: Data($0.utf8))
        }
        return MatchmakingSetup(
            eventID: try row.decode(column: "event_id", as: Int64.self), sessions: sessions,
            slotMinutes: try row.decode(column: "slot_minutes", as: Int.self), tables: try row.decode(column: "tables", as: Int.self),
            onlineRooms: try row.decode(column: "online_rooms", as: Int.self) != 0,
            registrationOpens: StoredTime.date(try row.decode(column: "registration_opens", as: Int64.self)),
            bookingOpens: StoredTime.date(try row.decode(column: "booking_opens", as: Int64.self)),
            bookingCloses: StoredTime.date(try row.decode(column: "booking_closes", as: Int64.self)),
            followUpCloses: StoredTime.date(try row.decode(column: "follow_up_closes", as: Int64.self)),
            validatesParticipants: try row.decode(column: "validates_participants", as: Int.self) != 0,
            requestLimit: try row.decode(column: "request_limit", as: Int.self),
            schedulePublishedAt: try row.decode(column: "schedule_published_at", as: Int64?.self).map(StoredTime.date),
            scheduleVersion: try row.decode(column: "schedule_version", as: Int.self), lastRun: lastRun)
    }

    public func setup(eventID: Int64) async throws -> MatchmakingSetup? {
        try await database.withConnection { db in try await Self.setup(eventID, on: db, lock: false) }
    }

    static func setup(_ eventID: Int64, on db: any SQLDatabase, lock: Bool) async throws -> MatchmakingSetup? {
        let suffix = lock && db.dialect.name == "postgresql" ? " FOR UPDATE" : ""
        return try await db.raw("SELECT * FROM matchmaking_setups WHERE event_id = \(bind: eventID)\(unsafeRaw: suffix)").first().map(Self.decodeSetup)
    }

    /// The events that have a matchmaking setup, among `eventIDs`.
    public func eventsWithMatchmaking(_ eventIDs: [Int64]) async throws -> Set<Int64> {
        guard !eventIDs.isEmpty else { return [] }
        return try await database.withConnection { db in
            var list = SQLQueryString("")
            for (i, id) in eventIDs.enumerated() {
                if i > 0 { list.appendLiteral(", ") }
                list.appendInterpolation(bind: id)
            }
            return Set(
                try await db.raw("SELECT event_id FROM matchmaking_setups WHERE event_id IN (\(list))").all().map {
                    try $0.decode(column: "event_id", as: Int64.self)
                })
        }
    }

    /// Creates or replaces the setup. When the slots change, each participant keeps the slots that still
    /// start at the same moment, and a meeting whose slot is gone leaves the schedule (for the next run).
    public func saveSetup(_ setup: MatchmakingSetup, event: Event, now: Date = Date()) async throws {
        try await database.transaction { db in
            let old = try await Self.setup(event.id, on: db, lock: true)
            if let old {
                let before = old.slots(timeZone: event.timeZone).map(\.startsAt)
                let after = setup.slots(timeZone: event.timeZone).map(\.startsAt)
                if before != after {
                    var map: [Int: Int] = [:]
                    for (i, start) in before.enumerated() { if let j = after.firstIndex(of: start) { map[i] = j } }
                    for p in try await Self.participants(eventID: event.id, on: db) {
                        let moved = Set(p.participant.available.compactMap { map[$0] })
                        try await db.raw("UPDATE matchmaking_participants SET available = \(bind: Self.slotsJSON(moved)) WHERE id = \(bind: p.participant.id)")
                            .run()
                    }
                    for r in try await Self.requests(eventID: event.id, on: db) where r.slot != nil || r.fixedSlot != nil {
                        let slot = r.slot.flatMap { map[$0] }, fixed = r.fixedSlot.flatMap { map[$0] }
                        try await db.raw(
                            "UPDATE matchmaking_requests SET slot = \(bind: slot), table_number = \(bind: slot == nil ? nil : r.table), fixed_slot = \(bind: fixed) WHERE id = \(bind: r.id)"
                        ).run()
                    }
                }
            }
            let values: SQLQueryString = """
                \(bind: String(decoding: try JSONEncoder.sorted.encode(setup.sessions), as: UTF8.self)), \(bind: setup.slotMinutes), \(bind: setup.tables), \(bind: setup.onlineRooms ? 1 : 0), \
                \(bind: Self.ms(setup.registrationOpens)), \(bind: Self.ms(setup.bookingOpens)), \(bind: Self.ms(setup.bookingCloses)), \
                \(bind: Self.ms(setup.followUpCloses)), \(bind: setup.validatesParticipants ? 1 : 0), \(bind: setup.requestLimit), \(bind: Self.ms(now))
                """
            if old == nil {
                try await db.raw(
                    """
                    INSERT INTO matchmaking_setups (event_id, sessions, slot_minutes, tables, online_rooms, registration_opens, booking_opens,
                        booking_closes, follow_up_closes, validates_participants, request_limit, updated_at)
                    VALUES (\(bind: event.id), \(values))
                    """
                ).run()
            } else {
                try await db.raw(
                    """
                    UPDATE matchmaking_setups SET (sessions, slot_minutes, tables, online_rooms, registration_opens, booking_opens,
                        booking_closes, follow_up_closes, validates_participants, request_limit, updated_at) = (\(values))
                    WHERE event_id = \(bind: event.id)
                    """
                ).run()
            }
        }
    }

    // MARK: Participants

    static let participantColumns = """
        p.id, p.event_id, p.user_id, p.organisation_id, p.offer, p.seek, p.partner_search_id, p.available, p.status, p.registered_at, \
        u.name AS user_name, u.email AS user_email, o.name AS organisation_name, o.slug AS organisation_slug, o.status AS organisation_status
        """
    static let participantFrom = "matchmaking_participants p JOIN users u ON u.id = p.user_id JOIN organisations o ON o.id = p.organisation_id"

    static func decodeParticipant(_ row: any SQLRow) throws -> StoredParticipant {
        let available = (try? JSONDecoder().decode([Int].self, from: Data(try row.decode(column: "available", as: String.self).utf8))) ?? []
        let participant = MatchmakingParticipant(
            id: try row.decode(column: "id", as: Int64.self), eventID: try row.decode(column: "event_id", as: Int64.self),
            userID: try row.decode(column: "user_id", as: Int64.self), organisationID: try row.decode(column: "organisation_id", as: Int64.self),
            name: try row.decode(column: "user_name", as: String.self), offer: try row.decode(column: "offer", as: String.self),
            seek: try row.decode(column: "seek", as: String.self), partnerSearchID: try row.decode(column: "partner_search_id", as: Int64?.self),
            available: Set(available),
            status: MatchmakingParticipant.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .pending,
            registeredAt: StoredTime.date(try row.decode(column: "registered_at", as: Int64.self)))
        return StoredParticipant(
            participant: participant, organisationName: try row.decode(column: "organisation_name", as: String.self),
            organisationSlug: try row.decode(column: "organisation_slug", as: String.self),
            organisationPublished: try row.decode(column: "organisation_status", as: String.self) == ProfileStatus.published.rawValue,
            email: try row.decode(column: "user_email", as: String.self))
    }

    static func participants(eventID: Int64, on db: any SQLDatabase) async throws -> [StoredParticipant] {
        try await db.raw(
            "SELECT \(unsafeRaw: participantColumns) FROM \(unsafeRaw: participantFrom) WHERE p.event_id = \(bind: eventID) ORDER BY p.id"
        ).all().map(decodeParticipant)
    }

    static func participant(_ condition: SQLQueryString, on db: any SQLDatabase) async throws -> StoredParticipant? {
        try await db.raw("SELECT \(unsafeRaw: participantColumns) FROM \(unsafeRaw: participantFrom) WHERE \(condition)").first().map(decodeParticipant)
    }

    /// Every participant of the event, in order of registration.
    public func participants(eventID: Int64) async throws -> [StoredParticipant] {
        try await database.withConnection { db in try await Self.participants(eventID: eventID, on: db) }
    }

    public func participant(eventID: Int64, userID: Int64) async throws -> StoredParticipant? {
        try await database.withConnection { db in
            try await Self.participant("p.event_id = \(bind: eventID) AND p.user_id = \(bind: userID)", on: db)
        }
    }

    public func participant(id: Int64, eventID: Int64) async throws -> StoredParticipant? {
        try await database.withConnection { db in try await Self.participant("p.id = \(bind: id) AND p.event_id = \(bind: eventID)", on: db) }
    }

    func eventAndSetup(_ eventID: Int64, on db: any SQLDatabase) async throws -> (Event, MatchmakingSetup) {
        guard let setup = try await Self.setup(eventID, on: db, lock: true),
            let event = try await db.raw("SELECT \(unsafeRaw: EventRepository.columns) FROM \(unsafeRaw: EventRepository.from) WHERE e.id = \(bind: eventID)")
                .first().map(EventRepository.decode)?.event
        else { throw Refusal(.notFound, "matchmaking event \(eventID)") }
        return (event, setup)
    }

    /// Registers `userID` for `organisationID` (a team they belong to): validated at once unless the
    /// organiser validates participants.
    public func register(
        eventID: Int64, userID: Int64, input: MatchmakingParticipantInput, now: Date = Date()
    ) async throws -> MatchmakingParticipant {
        try await database.transaction { db in
            let (event, setup) = try await eventAndSetup(eventID, on: db)
            let organisationID = input.organisationID ?? 0
            let member =
                try await db.raw(
                    "SELECT 1 AS one FROM memberships WHERE organisation_id = \(bind: organisationID) AND user_id = \(bind: userID)"
                ).first() != nil
            let existing = try await Self.participant("p.event_id = \(bind: eventID) AND p.user_id = \(bind: userID)", on: db)
            try Matchmaking.registering(
                userID: userID, organisationID: organisationID, isTeamMember: member, existing: existing?.participant, phase: setup.phase(of: event, at: now))
            let slotCount = setup.slots(timeZone: event.timeZone).count
            let fresh = MatchmakingParticipant(
                eventID: eventID, userID: userID, organisationID: organisationID, name: "", offer: "", seek: "", available: [],
                status: setup.validatesParticipants ? .pending : .validated, registeredAt: now)
            let entry = try input.applied(to: nil, slotCount: slotCount, new: fresh)
            try await Self.checkPartnerSearch(entry.partnerSearchID, organisationID: organisationID, on: db)
            let row = try await db.raw(
                """
                INSERT INTO matchmaking_participants (event_id, user_id, organisation_id, offer, seek, partner_search_id, available, status, registered_at)
                VALUES (\(bind: eventID), \(bind: userID), \(bind: organisationID), \(bind: entry.offer), \(bind: entry.seek), \(bind: entry.partnerSearchID),
                    \(bind: Self.slotsJSON(entry.available)), \(bind: entry.status.rawValue), \(bind: Self.ms(now)))
                RETURNING id
                """
            ).first()
            var saved = entry
            saved.id = try row?.decode(column: "id", as: Int64.self) ?? 0
            return saved
        }
    }

    /// Slot indexes as stored: a JSON array in ascending order.
    public static func slotsJSON(_ slots: Set<Int>) -> String { "[" + slots.sorted().map(String.init).joined(separator: ",") + "]" }

    static func checkPartnerSearch(_ id: Int64?, organisationID: Int64, on db: any SQLDatabase) async throws {
        guard let id else { return }
        let owner = try await db.raw("SELECT owner_id FROM partner_searches WHERE id = \(bind: id)").first()?.decode(column: "owner_id", as: Int64.self)
        guard owner == organisationID else {
            throw Refusal(.invalid, "validation", fields: ["partner_search_id": "must be one of your organisation's partner searches"])
        }
    }

    /// Changes a participant's entry. Availability withdrawn from a slot that holds one of their scheduled
    /// meetings is refused (`availability_holds_meetings`) unless `confirmed`; then those meetings leave the
    /// schedule and the organiser's next run places them again.
    public func updateEntry(
        eventID: Int64, userID: Int64, input: MatchmakingParticipantInput, confirmed: Bool, now: Date = Date()
    ) async throws -> (participant: MatchmakingParticipant, freed: [MatchmakingRequest]) {
        try await database.transaction { db in
            let (event, setup) = try await eventAndSetup(eventID, on: db)
            guard let stored = try await Self.participant("p.event_id = \(bind: eventID) AND p.user_id = \(bind: userID)", on: db) else {
                throw Refusal(.forbidden, "not_participant", fields: ["event": "register for the event's matchmaking first"])
            }
            let slots = setup.slots(timeZone: event.timeZone)
            var change = input
            change.organisationID = nil
            let entry = try change.applied(to: stored.participant, slotCount: slots.count, new: stored.participant)
            try await Self.checkPartnerSearch(entry.partnerSearchID, organisationID: entry.organisationID, on: db)
            var freed: [MatchmakingRequest] = []
            if entry.available != stored.participant.available {
                let meetings = try await Self.requests(eventID: eventID, on: db).filter { $0.involves(entry.id) }
                freed = try Matchmaking.changingAvailability(
                    stored.participant, to: entry.available, meetings: meetings, confirmed: confirmed, phase: setup.phase(of: event, at: now),
                    slotNames: { i in
                        slots.indices.contains(i)
                            ? ZonedTime.localInput(slots[i].startsAt, zone: event.timeZone).replacingOccurrences(of: "T", with: " ") : "\(i)"
                    })
                for m in freed {
                    try await db.raw("UPDATE matchmaking_requests SET slot = NULL, table_number = NULL, fixed_slot = NULL WHERE id = \(bind: m.id)").run()
                }
            }
            try await db.raw(
                """
                UPDATE matchmaking_participants SET offer = \(bind: entry.offer), seek = \(bind: entry.seek), partner_search_id = \(bind: entry.partnerSearchID),
                    available = \(bind: Self.slotsJSON(entry.available)) WHERE id = \(bind: entry.id)
                """
            ).run()
            return (entry, freed)
        }
    }

    /// An organiser's decision on a participant; a refused participant's requests and meetings end.
    public func setStatus(eventID: Int64, participantID: Int64, _ status: MatchmakingParticipant.Status, now: Date = Date()) async throws -> StoredParticipant {
        try await database.transaction { db in
            _ = try await eventAndSetup(eventID, on: db)
            guard var stored = try await Self.participant("p.id = \(bind: participantID) AND p.event_id = \(bind: eventID)", on: db) else {
                throw Refusal(.notFound, "participant \(participantID)")
            }
            try await db.raw("UPDATE matchmaking_participants SET status = \(bind: status.rawValue) WHERE id = \(bind: participantID)").run()
            if status == .refused {
                try await db.raw(
                    """
                    UPDATE matchmaking_requests SET status = 'withdrawn', slot = NULL, table_number = NULL, fixed_slot = NULL, decided_at = \(bind: Self.ms(now))
                    WHERE (from_id = \(bind: participantID) OR to_id = \(bind: participantID)) AND status IN ('pending', 'accepted')
                    """
                ).run()
            }
            stored.participant.status = status
            return stored
        }
    }

    // MARK: Requests and meetings

    static func decodeRequest(_ row: any SQLRow) throws -> MatchmakingRequest {
        MatchmakingRequest(
            id: try row.decode(column: "id", as: Int64.self), eventID: try row.decode(column: "event_id", as: Int64.self),
            fromID: try row.decode(column: "from_id", as: Int64.self), toID: try row.decode(column: "to_id", as: Int64.self),
            message: try row.decode(column: "message", as: String.self),
            status: MatchmakingRequest.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .withdrawn,
            match: try row.decode(column: "match_score", as: Int.self),
            createdAt: StoredTime.date(try row.decode(column: "created_at", as: Int64.self)),
            decidedAt: try row.decode(column: "decided_at", as: Int64?.self).map(StoredTime.date),
            slot: try row.decode(column: "slot", as: Int?.self), table: try row.decode(column: "table_number", as: Int?.self),
            fixedSlot: try row.decode(column: "fixed_slot", as: Int?.self))
    }

    static func requests(eventID: Int64, on db: any SQLDatabase) async throws -> [MatchmakingRequest] {
        try await db.raw("SELECT * FROM matchmaking_requests WHERE event_id = \(bind: eventID) ORDER BY id").all().map(decodeRequest)
    }

    /// Every request of the event (any status), oldest first.
    public func requests(eventID: Int64) async throws -> [MatchmakingRequest] {
        try await database.withConnection { db in try await Self.requests(eventID: eventID, on: db) }
    }

    /// A request from the signed-in participant to another; when the other already asked, their request is
    /// accepted instead (`merged`). The one asked (or, on a merge, the one who asked first) is told.
    public func request(
        eventID: Int64, fromUserID: Int64, toParticipantID: Int64, message: String, match: Int, now: Date = Date()
    ) async throws -> (request: MatchmakingRequest, merged: Bool) {
        try await database.transaction { db in
            let (event, setup) = try await eventAndSetup(eventID, on: db)
            guard let from = try await Self.participant("p.event_id = \(bind: eventID) AND p.user_id = \(bind: fromUserID)", on: db) else {
                throw Refusal(.forbidden, "not_participant", fields: ["event": "register for the event's matchmaking first"])
            }
            guard let to = try await Self.participant("p.id = \(bind: toParticipantID) AND p.event_id = \(bind: eventID)", on: db) else {
                throw Refusal(.notFound, "participant \(toParticipantID)")
            }
            let between = try await db.raw(
                """
                SELECT * FROM matchmaking_requests WHERE (from_id = \(bind: from.participant.id) AND to_id = \(bind: to.participant.id))
                    OR (from_id = \(bind: to.participant.id) AND to_id = \(bind: from.participant.id)) ORDER BY id
                """
            ).all().map(Self.decodeRequest)
            let pending =
                try await db.raw(
                    "SELECT COUNT(*) AS n FROM matchmaking_requests WHERE from_id = \(bind: from.participant.id) AND status = 'pending'"
                ).first()?.decode(column: "n", as: Int.self) ?? 0
            let decision = try Matchmaking.requesting(
                from: from.participant, to: to.participant, between: between, pendingOfSender: pending, limit: setup.requestLimit,
                phase: setup.phase(of: event, at: now))
            let checked = try Matchmaking.message(message)
            switch decision {
            case .acceptTheirs(let theirs):
                let accepted = try Matchmaking.answering(theirs, by: from.participant, accept: true, phase: setup.phase(of: event, at: now), now: now)
                try await db.raw(
                    "UPDATE matchmaking_requests SET status = 'accepted', decided_at = \(bind: Self.ms(now)) WHERE id = \(bind: theirs.id)"
                ).run()
                try await tellAnswer(accepted, event: event, requester: to, answerer: from, now: now, on: db)
                return (accepted, true)
            case .create:
                let row = try await db.raw(
                    """
                    INSERT INTO matchmaking_requests (event_id, from_id, to_id, message, status, match_score, created_at)
                    VALUES (\(bind: eventID), \(bind: from.participant.id), \(bind: to.participant.id), \(bind: checked), 'pending',
                        \(bind: max(0, min(100, match))), \(bind: Self.ms(now)))
                    RETURNING *
                    """
                ).first()
                guard let created = try row.map(Self.decodeRequest) else { throw Refusal(.conflict, "request not stored") }
                try await NotificationRepository.tell(
                    userID: to.participant.userID, email: to.email, name: to.participant.name,
                    Notice(
                        "matchmaking-request", link: Routes.matchmakingRequests.path(event.slug),
                        ["event": event.title, "person": from.participant.name, "organisation": from.organisationName, "message": checked]),
                    publicURL: publicURL, now: now, on: db)
                return (created, false)
            }
        }
    }

    func tellAnswer(
        _ request: MatchmakingRequest, event: Event, requester: StoredParticipant, answerer: StoredParticipant, now: Date, on db: any SQLDatabase
    ) async throws {
        try await NotificationRepository.tell(
            userID: requester.participant.userID, email: requester.email, name: requester.participant.name,
            Notice(
                "matchmaking-answer", link: Routes.matchmakingRequests.path(event.slug),
                [
                    "event": event.title, "person": answerer.participant.name, "organisation": answerer.organisationName,
                    "accepted": request.status == .accepted ? "yes" : "",
                ]),
            publicURL: publicURL, now: now, on: db)
    }

    /// The answer of the participant asked.
    public func answer(eventID: Int64, requestID: Int64, userID: Int64, accept: Bool, now: Date = Date()) async throws -> MatchmakingRequest {
        try await database.transaction { db in
            let (event, setup) = try await eventAndSetup(eventID, on: db)
            let (request, me) = try await requestOf(eventID: eventID, requestID: requestID, userID: userID, on: db)
            let answered = try Matchmaking.answering(request, by: me.participant, accept: accept, phase: setup.phase(of: event, at: now), now: now)
            try await db.raw(
                "UPDATE matchmaking_requests SET status = \(bind: answered.status.rawValue), decided_at = \(bind: Self.ms(now)) WHERE id = \(bind: requestID)"
            ).run()
            if let requester = try await Self.participant("p.id = \(bind: request.fromID)", on: db) {
                try await tellAnswer(answered, event: event, requester: requester, answerer: me, now: now, on: db)
            }
            return answered
        }
    }

    /// The requester takes a request back, or either side cancels a meeting.
    public func withdraw(eventID: Int64, requestID: Int64, userID: Int64, now: Date = Date()) async throws -> MatchmakingRequest {
        try await database.transaction { db in
            let (event, setup) = try await eventAndSetup(eventID, on: db)
            let (request, me) = try await requestOf(eventID: eventID, requestID: requestID, userID: userID, on: db)
            let withdrawn = try Matchmaking.withdrawing(request, by: me.participant, phase: setup.phase(of: event, at: now), now: now)
            try await db.raw(
                """
                UPDATE matchmaking_requests SET status = 'withdrawn', slot = NULL, table_number = NULL, fixed_slot = NULL,
                    decided_at = \(bind: Self.ms(now)) WHERE id = \(bind: requestID)
                """
            ).run()
            // A cancelled meeting is news to the other side; a request taken back before an answer is not.
            if request.status == .accepted, let other = try await Self.participant("p.id = \(bind: request.other(than: me.participant.id))", on: db) {
                try await NotificationRepository.tell(
                    userID: other.participant.userID, email: other.email, name: other.participant.name,
                    Notice(
                        "matchmaking-cancelled", link: Routes.matchmakingRequests.path(event.slug),
                        ["event": event.title, "person": me.participant.name, "organisation": me.organisationName]),
                    publicURL: publicURL, now: now, on: db)
            }
            return withdrawn
        }
    }

    /// A request of the event that involves the signed-in person's participant; anyone else's is not found,
    /// and someone not taking part is refused.
    func requestOf(eventID: Int64, requestID: Int64, userID: Int64, on db: any SQLDatabase) async throws -> (MatchmakingRequest, StoredParticipant) {
        guard let me = try await Self.participant("p.event_id = \(bind: eventID) AND p.user_id = \(bind: userID)", on: db) else {
            throw Refusal(.forbidden, "not_participant", fields: ["event": "register for the event's matchmaking first"])
        }
        guard
            let request = try await db.raw("SELECT * FROM matchmaking_requests WHERE id = \(bind: requestID) AND event_id = \(bind: eventID)")
                .first().map(Self.decodeRequest),
            request.involves(me.participant.id)
        else { throw Refusal(.notFound, "request \(requestID)") }
        return (request, me)
    }

    // MARK: The schedule

    /// Runs the scheduler and stores its slots, tables and figures; nothing is published (participants see
    /// the schedule once the organiser publishes it).
    public func runSchedule(eventID: Int64, reschedule: Bool, now: Date = Date()) async throws -> MatchmakingScheduling.Outcome {
        try await database.transaction { db in
            let (event, setup) = try await eventAndSetup(eventID, on: db)
            let participants = try await Self.participants(eventID: eventID, on: db).map(\.participant)
            let requests = try await Self.requests(eventID: eventID, on: db)
            let outcome = try MatchmakingScheduling.run(
                setup: setup, slotCount: setup.slots(timeZone: event.timeZone).count, participants: participants, requests: requests,
                reschedule: reschedule, now: now)
            let before = Dictionary(uniqueKeysWithValues: requests.map { ($0.id, $0) })
            for m in outcome.meetings where before[m.id]?.slot != m.slot || before[m.id]?.table != m.table || before[m.id]?.fixedSlot != m.fixedSlot {
                try await db.raw(
                    "UPDATE matchmaking_requests SET slot = \(bind: m.slot), table_number = \(bind: m.table) WHERE id = \(bind: m.id)"
                ).run()
            }
            // Meetings of participants no longer taking part leave the schedule.
            let kept = Set(outcome.meetings.map(\.id))
            for r in requests where r.isMeeting && r.slot != nil && !kept.contains(r.id) {
                try await db.raw("UPDATE matchmaking_requests SET slot = NULL, table_number = NULL WHERE id = \(bind: r.id)").run()
            }
            let run = String(decoding: try JSONEncoder.sorted.encode(outcome.run), as: UTF8.self)
            try await db.raw("UPDATE matchmaking_setups SET last_run = \(bind: run), updated_at = \(bind: Self.ms(now)) WHERE event_id = \(bind: eventID)")
                .run()
            return outcome
        }
    }

    /// Publishes the schedule: every participant with a meeting is told (by e-mail too) that their agenda
    /// is ready, or that it changed when it was published before.
    public func publishSchedule(eventID: Int64, now: Date = Date()) async throws -> Int {
        try await database.transaction { db in
            let (event, setup) = try await eventAndSetup(eventID, on: db)
            let version = setup.scheduleVersion + 1
            try await db.raw(
                """
                UPDATE matchmaking_setups SET schedule_published_at = \(bind: Self.ms(now)), schedule_version = \(bind: version),
                    updated_at = \(bind: Self.ms(now)) WHERE event_id = \(bind: eventID)
                """
            ).run()
            let meetings = try await Self.requests(eventID: eventID, on: db).filter { $0.isMeeting }
            var counts: [Int64: Int] = [:]
            for m in meetings where m.slot != nil {
                counts[m.fromID, default: 0] += 1
                counts[m.toID, default: 0] += 1
            }
            // Everyone with an accepted meeting (scheduled or not) hears of the schedule.
            let inMeetings = Set(meetings.flatMap { [$0.fromID, $0.toID] })
            for p in try await Self.participants(eventID: eventID, on: db) where inMeetings.contains(p.participant.id) {
                try await NotificationRepository.tell(
                    userID: p.participant.userID, email: p.email, name: p.participant.name,
                    Notice(
                        "matchmaking-schedule", link: Routes.matchmakingAgenda.path(event.slug),
                        ["event": event.title, "meetings": String(counts[p.participant.id] ?? 0), "changed": version > 1 ? "yes" : ""]),
                    publicURL: publicURL, now: now, on: db)
            }
            return version
        }
    }

    /// The organiser fixes a meeting in a slot (it stays there in every run), or frees it (`slot` nil).
    /// The slot must be one both are free in, with a free table, and neither may have another meeting there.
    public func fix(eventID: Int64, meetingID: Int64, slot: Int?, now: Date = Date()) async throws -> MatchmakingRequest {
        try await database.transaction { db in
            let (event, setup) = try await eventAndSetup(eventID, on: db)
            let requests = try await Self.requests(eventID: eventID, on: db)
            guard var meeting = requests.first(where: { $0.id == meetingID }), meeting.isMeeting else { throw Refusal(.notFound, "meeting \(meetingID)") }
            guard let slot else {
                meeting.fixedSlot = nil
                try await db.raw("UPDATE matchmaking_requests SET fixed_slot = NULL WHERE id = \(bind: meetingID)").run()
                return meeting
            }
            let slotCount = setup.slots(timeZone: event.timeZone).count
            guard (0..<slotCount).contains(slot) else {
                throw Refusal(.invalid, "validation", fields: ["slot": "must be a slot of this event, from 0 to \(slotCount - 1)"])
            }
            let people = try await Self.participants(eventID: eventID, on: db).map(\.participant)
            guard let a = people.first(where: { $0.id == meeting.fromID }), let b = people.first(where: { $0.id == meeting.toID }),
                a.available.contains(slot), b.available.contains(slot)
            else { throw Refusal(.invalid, "validation", fields: ["slot": "must be a slot both participants are free in"]) }
            let others = requests.filter { $0.isMeeting && $0.id != meetingID && $0.slot == slot }
            if others.contains(where: { $0.involves(a.id) || $0.involves(b.id) }) {
                throw Refusal(.conflict, "slot_taken", fields: ["slot": "one of the two already has a meeting in this slot"])
            }
            if others.count >= setup.tables {
                throw Refusal(.conflict, "slot_full", fields: ["slot": "every table of this slot is taken"])
            }
            let used = Set(others.compactMap(\.table))
            let table = (meeting.slot == slot ? meeting.table : nil) ?? (1...setup.tables).first { !used.contains($0) } ?? 1
            meeting.fixedSlot = slot
            meeting.slot = slot
            meeting.table = table
            try await db.raw(
                "UPDATE matchmaking_requests SET fixed_slot = \(bind: slot), slot = \(bind: slot), table_number = \(bind: table) WHERE id = \(bind: meetingID)"
            ).run()
            return meeting
        }
    }

    // MARK: Follow-up

    public func followUp(
        eventID: Int64, meetingID: Int64, userID: Int64, tookPlace: Bool, outcome: MeetingOutcome, note: String, now: Date = Date()
    ) async throws -> MeetingFollowUp {
        try await database.transaction { db in
            let (event, setup) = try await eventAndSetup(eventID, on: db)
            let (meeting, me) = try await requestOf(eventID: eventID, requestID: meetingID, userID: userID, on: db)
            let report = try Matchmaking.followingUp(
                meeting, by: me.participant, tookPlace: tookPlace, outcome: outcome, note: note, phase: setup.phase(of: event, at: now), now: now)
            try await db.raw(
                """
                INSERT INTO matchmaking_follow_ups (meeting_id, participant_id, took_place, outcome, note, updated_at)
                VALUES (\(bind: meetingID), \(bind: me.participant.id), \(bind: tookPlace ? 1 : 0), \(bind: report.outcome.rawValue), \(bind: report.note),
                    \(bind: Self.ms(now)))
                ON CONFLICT (meeting_id, participant_id) DO UPDATE SET took_place = excluded.took_place, outcome = excluded.outcome,
                    note = excluded.note, updated_at = excluded.updated_at
                """
            ).run()
            return report
        }
    }

    static func decodeFollowUp(_ row: any SQLRow) throws -> MeetingFollowUp {
        MeetingFollowUp(
            meetingID: try row.decode(column: "meeting_id", as: Int64.self), participantID: try row.decode(column: "participant_id", as: Int64.self),
            tookPlace: try row.decode(column: "took_place", as: Int.self) != 0,
            outcome: MeetingOutcome(rawValue: try row.decode(column: "outcome", as: String.self)) ?? .nothingYet,
            note: try row.decode(column: "note", as: String.self), updatedAt: StoredTime.date(try row.decode(column: "updated_at", as: Int64.self)))
    }

    public func followUps(eventID: Int64) async throws -> [MeetingFollowUp] {
        try await database.withConnection { db in
            try await db.raw(
                """
                SELECT f.* FROM matchmaking_follow_ups f JOIN matchmaking_requests r ON r.id = f.meeting_id
                WHERE r.event_id = \(bind: eventID) ORDER BY f.meeting_id, f.participant_id
                """
            ).all().map(Self.decodeFollowUp)
        }
    }

    /// What the event's page counts: meetings that took place (by either side's word) and the meetings
    /// that initiated a cooperation agreement.
    public func outcomes(eventID: Int64) async throws -> (held: Int, agreements: Int, byOutcome: [MeetingOutcome: Int]) {
        let reports = try await followUps(eventID: eventID)
        var held: Set<Int64> = [], best: [Int64: MeetingOutcome] = [:]
        let rank = Dictionary(uniqueKeysWithValues: MeetingOutcome.allCases.enumerated().map { ($1, $0) })
        for r in reports where r.tookPlace {
            held.insert(r.meetingID)
            if r.outcome.isAgreement, best[r.meetingID].map { rank[$0]! < rank[r.outcome]! } ?? true { best[r.meetingID] = r.outcome }
        }
        var by: [MeetingOutcome: Int] = [:]
        for o in best.values { by[o, default: 0] += 1 }
        return (held.count, best.count, by)
    }

    /// The cooperation agreements an organisation's participants reported (every organisation's when nil),
    /// newest first: a meeting that took place and came to more than "nothing yet", at a published event.
    public func agreements(organisationID: Int64?, limit: Int = 100) async throws -> [ReportedAgreement] {
        try await database.withConnection { db in
            let mine: SQLQueryString = organisationID.map { "me.organisation_id = \(bind: $0) AND " } ?? ""
            return try await db.raw(
                """
                SELECT me.organisation_id, f.outcome, f.updated_at, e.id AS event_id, e.title AS event_title, e.slug AS event_slug,
                    o.name AS partner_name, o.slug AS partner_slug, o.status AS partner_status
                FROM matchmaking_follow_ups f
                JOIN matchmaking_participants me ON me.id = f.participant_id
                JOIN matchmaking_requests r ON r.id = f.meeting_id
                JOIN matchmaking_participants other ON other.id = CASE WHEN r.from_id = me.id THEN r.to_id ELSE r.from_id END
                JOIN organisations o ON o.id = other.organisation_id
                JOIN events e ON e.id = r.event_id
                WHERE \(mine)f.took_place = 1 AND f.outcome <> 'nothing-yet' AND e.status = 'published'
                ORDER BY f.updated_at DESC, f.meeting_id DESC
                LIMIT \(bind: limit)
                """
            ).all().map { row in
                ReportedAgreement(
                    organisationID: try row.decode(column: "organisation_id", as: Int64.self), eventID: try row.decode(column: "event_id", as: Int64.self),
                    eventTitle: try row.decode(column: "event_title", as: String.self),
                    eventSlug: try row.decode(column: "event_slug", as: String.self),
                    outcome: MeetingOutcome(rawValue: try row.decode(column: "outcome", as: String.self)) ?? .nothingYet,
                    partnerName: try row.decode(column: "partner_name", as: String.self), partnerSlug: try row.decode(column: "partner_slug", as: String.self),
                    partnerPublished: try row.decode(column: "partner_status", as: String.self) == ProfileStatus.published.rawValue,
                    reportedAt: StoredTime.date(try row.decode(column: "updated_at", as: Int64.self)))
            }
        }
    }
}

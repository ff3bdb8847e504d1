import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabMatching
import ClusterCollabStorage
import Foundation
import Hummingbird

/// `/api/v1/events/{id}/matchmaking`: an event's one-to-one meetings as JSON (issue 15). The setup, phase,
/// slots and outcomes are public for a published event; everything else needs a personal API token: the
/// participants' own entries, requests, agendas and follow-ups, and the organisers' setup, validation and
/// schedule. The rules are `Matchmaking`'s; their refusals keep their names (`request_to_self`, ...).
struct MatchmakingAPIController {
    let platform: Platform
    var store: MatchmakingRepository { platform.matchmaking }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.API.matchmaking, use: show)
        router.put(Routes.API.matchmaking, use: saveSetup)
        router.get(Routes.API.matchmakingParticipants, use: participants)
        router.post(Routes.API.matchmakingParticipants, use: register)
        router.get(Routes.API.matchmakingMe, use: me)
        router.patch(Routes.API.matchmakingMe, use: updateMe)
        router.post(Routes.API.matchmakingParticipantStatus, use: setStatus)
        router.get(Routes.API.matchmakingRequests, use: requests)
        router.post(Routes.API.matchmakingRequests, use: request)
        router.post(Routes.API.matchmakingRequestAccept, use: accept)
        router.post(Routes.API.matchmakingRequestDecline, use: decline)
        router.post(Routes.API.matchmakingRequestWithdraw, use: withdraw)
        router.get(Routes.API.matchmakingSchedule, use: schedule)
        router.post(Routes.API.matchmakingScheduleRun, use: run)
        router.post(Routes.API.matchmakingSchedulePublish, use: publish)
        router.put(Routes.API.matchmakingMeetingFix, use: fix)
        router.put(Routes.API.matchmakingMeetingFollowUp, use: followUp)
        router.get(Routes.API.matchmakingAgenda, use: agenda)
        router.get(Routes.API.matchmakingAgendaICS, use: agendaICS)
        router.get(Routes.API.matchmakingOutcomes, use: outcomes)
    }

    // MARK: Documents

    /// A value written as JSON null when absent (the house encoder leaves absent optionals out).
    struct Nullable<T: Encodable>: Encodable {
        var value: T?
        init(_ value: T?) { self.value = value }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            if let value { try container.encode(value) } else { try container.encodeNil() }
        }
    }

    struct SetupDoc: Encodable {
        var sessions: [String]
        var slot_minutes: Int
        var tables: Int
        var online_rooms: Bool
        var registration_opens: String
        var booking_opens: String
        var booking_closes: String
        var follow_up_closes: String
        var validates_participants: Bool
        var request_limit: Int
        var time_zone: String
    }

    struct SlotDoc: Encodable {
        var index: Int
        var starts_at: String
        var ends_at: String
    }

    struct CountsDoc: Encodable {
        var participants: Int
        var meetings: Int
    }

    struct MatchmakingDoc: Encodable {
        var event_id: Int64
        var setup: SetupDoc
        var phase: String
        var slots: [SlotDoc]
        var schedule_published_at: Nullable<String>
        var counts: CountsDoc
    }

    struct OrganisationDoc: Encodable {
        var id: Int64
        var name: String
        /// Null while the organisation's profile is not published.
        var slug: Nullable<String>
        var country: Nullable<String>
        var type: Nullable<String>
    }

    /// A participant as another participant (with the fit) or an organiser (with status and address) sees them.
    struct ParticipantDoc: Encodable {
        var participant_id: Int64
        var name: String
        var organisation: OrganisationDoc
        var offer: String
        var seek: String
        var score: Int?
        var they_bring: [String]?
        var you_bring: [String]?
        var status: String?
        var email: String?
        var available: [Int]?
        var registered_at: String?
    }

    /// The caller's own entry.
    struct EntryDoc: Encodable {
        var participant_id: Int64
        var event_id: Int64
        var name: String
        var status: String
        var organisation: OrganisationDoc
        var offer: String
        var seek: String
        var partner_search_id: Nullable<Int64>
        var available: [Int]
        var registered_at: String
        /// After an edit: the meetings that left the schedule because their slot was withdrawn.
        var freed_meetings: [Int64]?
    }

    struct OtherDoc: Encodable {
        var participant_id: Int64
        var name: String
        var organisation: OrganisationDoc
    }

    struct RequestDoc: Encodable {
        var id: Int64
        var direction: String
        var status: String
        var message: String
        var match: Int
        var created_at: String
        var decided_at: Nullable<String>
        var other: OtherDoc
        /// Once the schedule is published, an accepted request's slot and place.
        var slot: Nullable<SlotDoc>
        var table: Nullable<Int>
        var merged: Bool?
    }

    struct MeetingDoc: Encodable {
        var id: Int64
        var slot: Nullable<SlotDoc>
        var table: Nullable<Int>
        var fixed: Bool
        var fixed_slot: Nullable<Int>
        var match: Int
        var first: OtherDoc
        var second: OtherDoc
    }

    struct UnscheduledDoc: Encodable {
        var meeting_id: Int64
        /// Why the last run found no place (`no-common-slot`, `slots-taken`); only in a run's answer.
        var reason: String?
    }

    struct RunDoc: Encodable {
        var at: String
        var accepted: Int
        var scheduled: Int
        var greedy: Int
        var bound: Int
        var bound_kind: String
        var gap: Double
        var optimal: Bool
        var milliseconds: Int
    }

    struct ScheduleDoc: Encodable {
        var meetings: [MeetingDoc]
        var unscheduled: [UnscheduledDoc]
        var last_run: Nullable<RunDoc>
        var schedule_published_at: Nullable<String>
        var schedule_version: Int
    }

    struct AgendaItemDoc: Encodable {
        var meeting_id: Int64
        var slot: SlotDoc
        var table: Int?
        var place: String
        var link: Nullable<String>
        var other: OtherDoc
        var offer: String
        var seek: String
    }

    struct AgendaDoc: Encodable {
        var items: [AgendaItemDoc]
        var total: Int
        var page: Int
        var per_page: Int
        var schedule_published_at: Nullable<String>
        var schedule_version: Int
    }

    struct FollowUpDoc: Encodable {
        var meeting_id: Int64
        var took_place: Bool
        var outcome: String
        var note: String
        var updated_at: String
    }

    struct OutcomesDoc: Encodable {
        var event_id: Int64
        var meetings_held: Int
        var agreements: Int
        var by_outcome: [String: Int]
    }

    func slotDoc(_ slot: MeetingSlot, zone: String) -> SlotDoc {
        SlotDoc(index: slot.index, starts_at: ZonedTime.iso8601(slot.startsAt, zone: zone), ends_at: ZonedTime.iso8601(slot.endsAt, zone: zone))
    }

    func slotDoc(_ index: Int?, _ mm: Platform.MatchmakingEvent) -> SlotDoc? {
        guard let index, mm.slots.indices.contains(index) else { return nil }
        return slotDoc(mm.slots[index], zone: mm.event.timeZone)
    }

    func doc(_ mm: Platform.MatchmakingEvent, participants: [StoredParticipant], requests: [MatchmakingRequest]) -> MatchmakingDoc {
        let s = mm.setup, zone = mm.event.timeZone
        return MatchmakingDoc(
            event_id: mm.event.id,
            setup: SetupDoc(
                sessions: s.sessions.map(MatchmakingSetupInput.line), slot_minutes: s.slotMinutes, tables: s.tables, online_rooms: s.onlineRooms,
                registration_opens: ZonedTime.iso8601(s.registrationOpens, zone: zone), booking_opens: ZonedTime.iso8601(s.bookingOpens, zone: zone),
                booking_closes: ZonedTime.iso8601(s.bookingCloses, zone: zone), follow_up_closes: ZonedTime.iso8601(s.followUpCloses, zone: zone),
                validates_participants: s.validatesParticipants, request_limit: s.requestLimit, time_zone: zone),
            phase: mm.phase().rawValue, slots: mm.slots.map { slotDoc($0, zone: zone) },
            schedule_published_at: Nullable(s.schedulePublishedAt.map(AtomFeed.time)),
            counts: CountsDoc(participants: participants.filter(\.participant.takesPart).count, meetings: requests.filter(\.isMeeting).count))
    }

    func organisationDoc(_ p: StoredParticipant, _ organisation: Organisation?) -> OrganisationDoc {
        OrganisationDoc(
            id: p.participant.organisationID, name: p.organisationName, slug: Nullable(p.organisationPublished ? p.organisationSlug : nil),
            country: Nullable(organisation?.country), type: Nullable(organisation?.type.rawValue))
    }

    func organisations(_ people: [StoredParticipant]) async throws -> [Int64: Organisation] {
        try await platform.organisations.find(ids: Array(Set(people.map(\.participant.organisationID))))
    }

    func otherDoc(_ p: StoredParticipant, _ organisations: [Int64: Organisation]) -> OtherDoc {
        OtherDoc(participant_id: p.participant.id, name: p.participant.name, organisation: organisationDoc(p, organisations[p.participant.organisationID]))
    }

    func entryDoc(_ p: StoredParticipant, organisation: Organisation?, freed: [Int64]? = nil) -> EntryDoc {
        let q = p.participant
        return EntryDoc(
            participant_id: q.id, event_id: q.eventID, name: q.name, status: q.status.rawValue, organisation: organisationDoc(p, organisation),
            offer: q.offer, seek: q.seek, partner_search_id: Nullable(q.partnerSearchID), available: q.available.sorted(),
            registered_at: AtomFeed.time(q.registeredAt), freed_meetings: freed)
    }

    func requestDoc(
        _ r: MatchmakingRequest, me: Int64, mm: Platform.MatchmakingEvent, people: [Int64: StoredParticipant], organisations: [Int64: Organisation],
        merged: Bool? = nil
    ) throws -> RequestDoc {
        guard let other = people[r.other(than: me)] else { throw APIError.notFound("participant \(r.other(than: me))") }
        let shown = r.isMeeting && mm.setup.schedulePublishedAt != nil
        return RequestDoc(
            id: r.id, direction: r.fromID == me ? "outgoing" : "incoming", status: r.status.rawValue, message: r.message, match: r.match,
            created_at: AtomFeed.time(r.createdAt), decided_at: Nullable(r.decidedAt.map(AtomFeed.time)), other: otherDoc(other, organisations),
            slot: Nullable(shown ? slotDoc(r.slot, mm) : nil), table: Nullable(shown ? r.table : nil), merged: merged)
    }

    func meetingDoc(
        _ m: MatchmakingRequest, mm: Platform.MatchmakingEvent, people: [Int64: StoredParticipant], organisations: [Int64: Organisation]
    ) throws -> MeetingDoc {
        guard let first = people[m.fromID], let second = people[m.toID] else { throw APIError.notFound("meeting \(m.id)") }
        return MeetingDoc(
            id: m.id, slot: Nullable(slotDoc(m.slot, mm)), table: Nullable(m.slot == nil ? nil : m.table), fixed: m.fixedSlot != nil,
            fixed_slot: Nullable(m.fixedSlot), match: m.match, first: otherDoc(first, organisations), second: otherDoc(second, organisations))
    }

    func runDoc(_ run: ScheduleRun) -> RunDoc {
        RunDoc(
            at: AtomFeed.time(run.at), accepted: run.accepted, scheduled: run.scheduled, greedy: run.greedy, bound: run.bound,
            bound_kind: run.boundKind, gap: (run.gap * 10_000).rounded() / 10_000, optimal: run.optimal, milliseconds: run.milliseconds)
    }

    // MARK: Reading the path

    func number(_ context: AppRequestContext, _ name: String, _ what: String) throws -> Int64 {
        let raw = try context.parameters.require(name)
        guard let id = Int64(raw), id > 0 else { throw APIError.malformed("malformed path", fields: [name: "must be \(what), a positive number"]) }
        return id
    }

    func eventID(_ context: AppRequestContext) throws -> Int64 { try number(context, "id", "an event's id") }

    /// The published event of the path with its matchmaking, or 404.
    func event(_ context: AppRequestContext) async throws -> Platform.MatchmakingEvent {
        try await platform.matchmakingEvent(id: try eventID(context))
    }

    /// The caller's participant entry: someone who has not registered may not act as one.
    func participant(_ mm: Platform.MatchmakingEvent, _ user: User) async throws -> StoredParticipant {
        guard user.id > 0, let me = try await store.participant(eventID: mm.event.id, userID: user.id) else {
            throw Refusal(.forbidden, "not_participant", fields: ["event": "register for the event's matchmaking first (POST participants)"])
        }
        return me
    }

    func organiser(_ context: AppRequestContext) async throws -> (Platform.MatchmakingEvent, User) {
        let user = try context.bearerUser()
        let mm = try await event(context)
        try await platform.requireOrganiser(mm.event, user)
        return (mm, user)
    }

    // MARK: Setup

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let mm = try await event(context)
        let people = try await store.participants(eventID: mm.event.id)
        let requests = try await store.requests(eventID: mm.event.id)
        return try JSONResponse.make(doc(mm, participants: people, requests: requests))
    }

    static let setupFields: Set<String> = [
        "sessions", "slot_minutes", "tables", "online_rooms", "registration_opens", "booking_opens", "booking_closes", "follow_up_closes",
        "validates_participants", "request_limit",
    ]

    @Sendable func saveSetup(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.bearerUser()
        let id = try eventID(context)
        guard let stored = try await platform.events.find(id: id), stored.event.status == .published else { throw APIError.notFound("event \(id)") }
        try await platform.requireOrganiser(stored.event, user)
        var body = try await JSONBody.read(request, context, allowed: Self.setupFields)
        var input = MatchmakingSetupInput()
        input.sessions = body.strings("sessions")
        input.slotMinutes = body.int("slot_minutes").map(String.init)
        input.tables = body.int("tables").map(String.init)
        input.onlineRooms = body.bool("online_rooms")
        input.registrationOpens = body.string("registration_opens")
        input.bookingOpens = body.string("booking_opens")
        input.bookingCloses = body.string("booking_closes")
        input.followUpCloses = body.string("follow_up_closes")
        input.validatesParticipants = body.bool("validates_participants")
        input.requestLimit = body.int("request_limit").map(String.init)
        try body.throwIfMalformed()
        let existing = try await store.setup(eventID: id)
        let setup: MatchmakingSetup
        do { setup = try input.applied(to: existing, event: stored.event) } catch { throw APIError.validation(error) }
        try await store.saveSetup(setup, event: stored.event)
        platform.eventPages.clear()
        let mm = try await platform.matchmakingEvent(stored)
        let people = try await store.participants(eventID: id)
        let requests = try await store.requests(eventID: id)
        return try JSONResponse.make(
            doc(mm, participants: people, requests: requests), status: existing == nil ? .created : .ok,
            headers: existing == nil ? [.location: Routes.API.matchmaking.path(id)] : [:])
    }

    // MARK: Participants

    @Sendable func participants(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.bearerUser()
        let mm = try await event(context)
        let pairs = FormDecoding.pairs(request.uri.query)
        let paging = try Paging.parse(pairs, defaultPerPage: 20, maxPerPage: 100, allowed: ["page", "per_page", "country", "type", "competence"])
        var filter = Platform.ParticipantFilter()
        for (key, raw) in pairs where ["country", "type", "competence"].contains(key) {
            let value = raw.trimmingCharacters(in: .whitespaces)
            guard !value.isEmpty else { throw APIError.malformed("malformed query", fields: [key: "must not be empty"]) }
            switch key {
            case "country":
                guard value.count == 2, platform.reference.country(value.uppercased()) != nil else {
                    throw APIError(.unprocessableContent, "validation", fields: ["country": "must be a country code such as FR"])
                }
                filter.country = value.uppercased()
            case "type":
                guard let type = OrganisationType(rawValue: value) else {
                    throw APIError(
                        .unprocessableContent, "validation",
                        fields: ["type": "must be one of \(OrganisationType.allCases.map(\.rawValue).joined(separator: ", "))"])
                }
                filter.type = type
            default:
                guard value.count <= 200 else { throw APIError(.unprocessableContent, "validation", fields: ["competence": "must be at most 200 characters"]) }
                filter.competence = value
            }
        }
        let all = try await store.participants(eventID: mm.event.id)
        let me = user.id > 0 ? all.first { $0.participant.userID == user.id } : nil
        var items: [ParticipantDoc]
        if let me, me.participant.takesPart {
            let ranked = try await platform.ranked(for: me, among: all, filter: filter, language: Languages.english)
            items = ranked.map { r in
                ParticipantDoc(
                    participant_id: r.stored.participant.id, name: r.stored.participant.name, organisation: organisationDoc(r.stored, r.organisation),
                    offer: r.stored.participant.offer, seek: r.stored.participant.seek, score: r.score, they_bring: r.theyBring, you_bring: r.youBring)
            }
        } else if try await platform.mayOrganise(mm.event, user) {
            let organisations = try await organisations(all)
            items = all.filter { p in
                let o = organisations[p.participant.organisationID]
                if let country = filter.country, o?.country != country { return false }
                if let type = filter.type, o?.type != type { return false }
                if let competence = filter.competence {
                    let text = (p.participant.offer + " " + p.participant.seek).lowercased()
                    return competence.lowercased().split(separator: " ").allSatisfy { text.contains($0) }
                }
                return true
            }.map { p in
                ParticipantDoc(
                    participant_id: p.participant.id, name: p.participant.name, organisation: organisationDoc(p, organisations[p.participant.organisationID]),
                    offer: p.participant.offer, seek: p.participant.seek, status: p.participant.status.rawValue, email: p.email,
                    available: p.participant.available.sorted(), registered_at: AtomFeed.time(p.participant.registeredAt))
            }
        } else if me != nil {
            throw Refusal(.forbidden, "not_validated", fields: ["participant": "your participation waits for the organiser's validation"])
        } else {
            throw Refusal(.forbidden, "not_participant", fields: ["event": "register for the event's matchmaking first (POST participants)"])
        }
        let start = min(items.count, paging.offset)
        let page = Array(items[start..<min(items.count, start + paging.perPage)])
        return try JSONResponse.make(Page(items: page, total: items.count, page: paging.page, per_page: paging.perPage))
    }

    static let entryFields: Set<String> = ["organisation_id", "offer", "seek", "partner_search_id", "available"]

    static func entryInput(_ body: inout JSONBody) -> MatchmakingParticipantInput {
        var input = MatchmakingParticipantInput()
        input.offer = body.string("offer")
        input.seek = body.string("seek")
        if body.isNull("partner_search_id") { input.partnerSearchID = 0 } else { input.partnerSearchID = body.int("partner_search_id").map(Int64.init) }
        input.available = body.ints("available")
        return input
    }

    @Sendable func register(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.bearerUser()
        let mm = try await event(context)
        var body = try await JSONBody.read(request, context, allowed: Self.entryFields)
        var input = Self.entryInput(&body)
        let organisationID = body.int("organisation_id")
        try body.throwIfMalformed()
        guard let organisationID else {
            throw APIError(.unprocessableContent, "validation", fields: ["organisation_id": "is required: the id of an organisation whose team you belong to"])
        }
        guard user.id > 0 else { throw Refusal(.forbidden, "not_in_team", fields: ["organisation_id": "the operator token belongs to no team"]) }
        input.organisationID = Int64(organisationID)
        let saved = try await store.register(eventID: mm.event.id, userID: user.id, input: input)
        guard let stored = try await store.participant(id: saved.id, eventID: mm.event.id) else { throw APIError.notFound("participant \(saved.id)") }
        let organisation = try await platform.organisations.find(ids: [stored.participant.organisationID])[stored.participant.organisationID]
        return try JSONResponse.make(
            entryDoc(stored, organisation: organisation), status: .created, headers: [.location: Routes.API.matchmakingMe.path(mm.event.id)])
    }

    @Sendable func me(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.bearerUser()
        let mm = try await event(context)
        let me = try await participant(mm, user)
        let organisation = try await platform.organisations.find(ids: [me.participant.organisationID])[me.participant.organisationID]
        return try JSONResponse.make(entryDoc(me, organisation: organisation))
    }

    @Sendable func updateMe(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.bearerUser()
        let mm = try await event(context)
        _ = try await participant(mm, user)
        var body = try await JSONBody.read(request, context, allowed: Self.entryFields.subtracting(["organisation_id"]).union(["confirm"]))
        let input = Self.entryInput(&body)
        let confirm = body.bool("confirm") ?? false
        try body.throwIfMalformed()
        let (_, freed) = try await store.updateEntry(eventID: mm.event.id, userID: user.id, input: input, confirmed: confirm)
        let me = try await participant(mm, user)
        let organisation = try await platform.organisations.find(ids: [me.participant.organisationID])[me.participant.organisationID]
        return try JSONResponse.make(entryDoc(me, organisation: organisation, freed: freed.map(\.id)))
    }

    @Sendable func setStatus(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (mm, _) = try await organiser(context)
        let participantID = try number(context, "participant", "a participant's id")
        var body = try await JSONBody.read(request, context, allowed: ["status"])
        let raw = body.string("status")
        try body.throwIfMalformed()
        guard let raw, let status = MatchmakingParticipant.Status(rawValue: raw) else {
            throw APIError(
                .unprocessableContent, "validation",
                fields: ["status": "must be one of \(MatchmakingParticipant.Status.allCases.map(\.rawValue).joined(separator: ", "))"])
        }
        let stored = try await store.setStatus(eventID: mm.event.id, participantID: participantID, status)
        let organisations = try await organisations([stored])
        let p = stored.participant
        return try JSONResponse.make(
            ParticipantDoc(
                participant_id: p.id, name: p.name, organisation: organisationDoc(stored, organisations[p.organisationID]), offer: p.offer, seek: p.seek,
                status: p.status.rawValue, email: stored.email, available: p.available.sorted(), registered_at: AtomFeed.time(p.registeredAt)))
    }

    // MARK: Requests

    /// Everything a request's document needs: the participants by id and their organisations.
    func people(_ mm: Platform.MatchmakingEvent) async throws -> ([Int64: StoredParticipant], [Int64: Organisation]) {
        let all = try await store.participants(eventID: mm.event.id)
        return (Dictionary(uniqueKeysWithValues: all.map { ($0.participant.id, $0) }), try await organisations(all))
    }

    @Sendable func requests(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.bearerUser()
        let mm = try await event(context)
        let paging = try Paging.parse(FormDecoding.pairs(request.uri.query), defaultPerPage: 50, maxPerPage: 100)
        let me = try await participant(mm, user)
        let mine = try await store.requests(eventID: mm.event.id).filter { $0.involves(me.participant.id) }.reversed()
        let (people, organisations) = try await people(mm)
        let items = try mine.map { try requestDoc($0, me: me.participant.id, mm: mm, people: people, organisations: organisations) }
        let start = min(items.count, paging.offset)
        return try JSONResponse.make(
            Page(items: Array(items[start..<min(items.count, start + paging.perPage)]), total: items.count, page: paging.page, per_page: paging.perPage))
    }

    @Sendable func request(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.bearerUser()
        let mm = try await event(context)
        var body = try await JSONBody.read(request, context, allowed: ["participant_id", "message"])
        let to = body.int("participant_id")
        let message = body.string("message")
        try body.throwIfMalformed()
        guard let to, to > 0 else {
            throw APIError(.unprocessableContent, "validation", fields: ["participant_id": "is required: the id of the participant to meet"])
        }
        let me = try await participant(mm, user)
        guard let other = try await store.participant(id: Int64(to), eventID: mm.event.id) else { throw APIError.notFound("participant \(to)") }
        let match = try await platform.matchScore(me, other)
        let (saved, merged) = try await store.request(
            eventID: mm.event.id, fromUserID: user.id, toParticipantID: other.participant.id, message: message ?? "", match: match)
        let (people, organisations) = try await people(mm)
        let doc = try requestDoc(saved, me: me.participant.id, mm: mm, people: people, organisations: organisations, merged: merged)
        return try JSONResponse.make(doc, status: merged ? .ok : .created)
    }

    func requestID(_ context: AppRequestContext) throws -> Int64 { try number(context, "request", "a request's id") }

    func answered(_ context: AppRequestContext, accept: Bool?) async throws -> Response {
        let user = try context.bearerUser()
        let mm = try await event(context)
        let me = try await participant(mm, user)
        let id = try requestID(context)
        let result: MatchmakingRequest
        if let accept {
            result = try await store.answer(eventID: mm.event.id, requestID: id, userID: user.id, accept: accept)
        } else {
            result = try await store.withdraw(eventID: mm.event.id, requestID: id, userID: user.id)
        }
        let (people, organisations) = try await people(mm)
        return try JSONResponse.make(try requestDoc(result, me: me.participant.id, mm: mm, people: people, organisations: organisations))
    }

    @Sendable func accept(_ request: Request, context: AppRequestContext) async throws -> Response { try await answered(context, accept: true) }
    @Sendable func decline(_ request: Request, context: AppRequestContext) async throws -> Response { try await answered(context, accept: false) }
    @Sendable func withdraw(_ request: Request, context: AppRequestContext) async throws -> Response { try await answered(context, accept: nil) }

    // MARK: The schedule

    func scheduleDoc(
        _ mm: Platform.MatchmakingEvent, meetings: [MatchmakingRequest], reasons: [Int64: UnscheduledReason]?
    ) async throws -> ScheduleDoc {
        let (people, organisations) = try await people(mm)
        let accepted = meetings.filter(\.isMeeting).sorted { ($0.slot ?? Int.max, $0.table ?? 0, $0.id) < ($1.slot ?? Int.max, $1.table ?? 0, $1.id) }
        return ScheduleDoc(
            meetings: try accepted.map { try meetingDoc($0, mm: mm, people: people, organisations: organisations) },
            unscheduled: accepted.filter { $0.slot == nil }.map { m in UnscheduledDoc(meeting_id: m.id, reason: reasons.map { $0[m.id]?.rawValue ?? "" }) },
            last_run: Nullable(mm.setup.lastRun.map(runDoc)), schedule_published_at: Nullable(mm.setup.schedulePublishedAt.map(AtomFeed.time)),
            schedule_version: mm.setup.scheduleVersion)
    }

    @Sendable func schedule(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (mm, _) = try await organiser(context)
        return try JSONResponse.make(try await scheduleDoc(mm, meetings: try await store.requests(eventID: mm.event.id), reasons: nil))
    }

    @Sendable func run(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (mm, _) = try await organiser(context)
        var body = try await JSONBody.read(request, context, allowed: ["reschedule"])
        let reschedule = body.bool("reschedule") ?? false
        try body.throwIfMalformed()
        let outcome = try await store.runSchedule(eventID: mm.event.id, reschedule: reschedule)
        let after = try await platform.matchmakingEvent(id: mm.event.id)
        return try JSONResponse.make(try await scheduleDoc(after, meetings: outcome.meetings, reasons: outcome.unscheduled))
    }

    @Sendable func publish(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (mm, _) = try await organiser(context)
        _ = try await store.publishSchedule(eventID: mm.event.id)
        let after = try await platform.matchmakingEvent(id: mm.event.id)
        return try JSONResponse.make(try await scheduleDoc(after, meetings: try await store.requests(eventID: mm.event.id), reasons: nil))
    }

    @Sendable func fix(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (mm, _) = try await organiser(context)
        let meetingID = try number(context, "meeting", "a meeting's id")
        var body = try await JSONBody.read(request, context, allowed: ["slot"])
        guard body.has("slot") else {
            throw APIError(.unprocessableContent, "validation", fields: ["slot": "is required: a slot's index, or null to free the meeting"])
        }
        let slot = body.int("slot")
        try body.throwIfMalformed()
        let meeting = try await store.fix(eventID: mm.event.id, meetingID: meetingID, slot: slot)
        let (people, organisations) = try await people(mm)
        return try JSONResponse.make(try meetingDoc(meeting, mm: mm, people: people, organisations: organisations))
    }

    // MARK: Agenda and follow-up

    func agendaItems(_ mm: Platform.MatchmakingEvent, me: StoredParticipant) async throws -> [Platform.AgendaItem] {
        guard mm.setup.schedulePublishedAt != nil else { return [] }
        let participants = try await store.participants(eventID: mm.event.id)
        return platform.agenda(of: me, event: mm, requests: try await store.requests(eventID: mm.event.id), participants: participants)
    }

    @Sendable func agenda(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.bearerUser()
        let mm = try await event(context)
        let paging = try Paging.parse(FormDecoding.pairs(request.uri.query), defaultPerPage: 100, maxPerPage: 100)
        let me = try await participant(mm, user)
        let items = try await agendaItems(mm, me: me)
        let organisations = try await organisations(items.map(\.other))
        let docs = items.map { item in
            let place = Platform.place(table: item.meeting.table, setup: mm.setup, event: mm.event)
            return AgendaItemDoc(
                meeting_id: item.meeting.id, slot: slotDoc(item.slot, zone: mm.event.timeZone), table: item.meeting.table, place: place.label,
                link: Nullable(place.link), other: otherDoc(item.other, organisations), offer: item.other.participant.offer,
                seek: item.other.participant.seek)
        }
        let start = min(docs.count, paging.offset)
        return try JSONResponse.make(
            AgendaDoc(
                items: Array(docs[start..<min(docs.count, start + paging.perPage)]), total: docs.count, page: paging.page, per_page: paging.perPage,
                schedule_published_at: Nullable(mm.setup.schedulePublishedAt.map(AtomFeed.time)), schedule_version: mm.setup.scheduleVersion))
    }

    @Sendable func agendaICS(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.bearerUser()
        let mm = try await event(context)
        let me = try await participant(mm, user)
        let items = try await agendaItems(mm, me: me)
        return EventPagesController.calendarResponse(platform.agendaCalendar(items, me: me, event: mm), filename: "\(mm.event.slug)-agenda.ics")
    }

    @Sendable func followUp(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.bearerUser()
        let mm = try await event(context)
        _ = try await participant(mm, user)
        let meetingID = try number(context, "meeting", "a meeting's id")
        var body = try await JSONBody.read(request, context, allowed: ["took_place", "outcome", "note"])
        let tookPlace = body.bool("took_place")
        let rawOutcome = body.string("outcome")
        let note = body.string("note")
        try body.throwIfMalformed()
        guard let tookPlace else { throw APIError(.unprocessableContent, "validation", fields: ["took_place": "is required: true or false"]) }
        var outcome = MeetingOutcome.nothingYet
        if let rawOutcome {
            guard let read = MeetingOutcome(rawValue: rawOutcome) else {
                throw APIError(.unprocessableContent, "validation", fields: ["outcome": MeetingOutcome.rule])
            }
            outcome = read
        }
        let report = try await store.followUp(
            eventID: mm.event.id, meetingID: meetingID, userID: user.id, tookPlace: tookPlace, outcome: outcome, note: note ?? "")
        return try JSONResponse.make(
            FollowUpDoc(
                meeting_id: report.meetingID, took_place: report.tookPlace, outcome: report.outcome.rawValue, note: report.note,
                updated_at: AtomFeed.time(report.updatedAt)))
    }

    @Sendable func outcomes(_ request: Request, context: AppRequestContext) async throws -> Response {
        let mm = try await event(context)
        let figures = try await store.outcomes(eventID: mm.event.id)
        var by: [String: Int] = [:]
        for outcome in MeetingOutcome.allCases where outcome.isAgreement { by[outcome.rawValue] = figures.byOutcome[outcome] ?? 0 }
        return try JSONResponse.make(OutcomesDoc(event_id: mm.event.id, meetings_held: figures.held, agreements: figures.agreements, by_outcome: by))
    }
}

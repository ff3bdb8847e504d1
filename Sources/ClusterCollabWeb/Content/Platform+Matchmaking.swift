import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabMatching
import ClusterCollabStorage
import ClusterCollabText
import Foundation

/// What the matchmaking pages and API share: finding an event with its setup, who organises it, whom to
/// meet (the matching engine, both ways), slot names, agendas as iCalendar and the CSV exports.
extension Platform {
    /// A published event with a matchmaking setup, or not found.
    struct MatchmakingEvent: Sendable {
        var stored: StoredEvent
        var setup: MatchmakingSetup
        var slots: [MeetingSlot]
        var event: Event { stored.event }
        func phase(at now: Date = Date()) -> MatchmakingPhase { setup.phase(of: stored.event, at: now) }
    }

    func matchmakingEvent(slug: String) async throws -> MatchmakingEvent {
        guard let stored = try await events.find(slug: slug), stored.event.status == .published else { throw Refusal(.notFound, "event \(slug.prefix(80))") }
        return try await matchmakingEvent(stored)
    }

    func matchmakingEvent(id: Int64) async throws -> MatchmakingEvent {
        guard let stored = try await events.find(id: id), stored.event.status == .published else { throw Refusal(.notFound, "event \(id)") }
        return try await matchmakingEvent(stored)
    }

    func matchmakingEvent(_ stored: StoredEvent) async throws -> MatchmakingEvent {
        guard let setup = try await matchmaking.setup(eventID: stored.event.id) else {
            throw Refusal(.notFound, "matchmaking of event \(stored.event.id)")
        }
        return MatchmakingEvent(stored: stored, setup: setup, slots: setup.slots(timeZone: stored.event.timeZone))
    }

    /// The event's organisers: its organisation's team, and the platform team. The event's own rule for
    /// writing it (`Contribution.checkMayWrite`) is the rule for running its matchmaking.
    func mayOrganise(_ event: Event, _ user: User?) async throws -> Bool {
        guard let user else { return false }
        let role = try await event.organiserID.asyncMap { try await teams.teamRole(organisationID: $0, userID: user.id) } ?? nil
        do {
            try Contribution.checkMayWrite(for: event.organiserID, platformRole: user.role, teamRole: role)
            return true
        } catch { return false }
    }

    func requireOrganiser(_ event: Event, _ user: User) async throws {
        guard try await mayOrganise(event, user) else {
            throw Refusal(.forbidden, "only the event's organisers (its organisation's team, or the platform team) run its matchmaking")
        }
    }

    /// "Wed 10 Mar, 09:20-09:40" in the event's zone and the page's language.
    static func slotLabel(_ slot: MeetingSlot, zone: String) -> String {
        let language = RequestLanguage.current
        return "\(language.date(slot.startsAt, zone: zone)), \(language.time(slot.startsAt, zone: zone))-\(language.time(slot.endsAt, zone: zone))"
    }

    /// The place of a meeting: a table, or an online room's link made from the event's online link.
    static func place(table: Int?, setup: MatchmakingSetup, event: Event) -> (label: String, link: String?) {
        guard let table else { return ("", nil) }
        if setup.onlineRooms {
            let separator = event.onlineLink.contains("?") ? "&" : "?"
            return (t("Online room {{number}}").filling(["number": String(table)]), "\(event.onlineLink)\(separator)room=\(table)")
        }
        return (t("Table {{number}}").filling(["number": String(table)]), nil)
    }

    // MARK: Whom to meet

    /// Another participant as one participant sees them: how well they fit, both ways, and why.
    public struct RankedParticipant: Sendable {
        public var stored: StoredParticipant
        public var organisation: Organisation?
        /// 0-100: the mean of what each brings to the other.
        public var score: Int
        public var theyBring: [String]
        public var youBring: [String]
    }

    /// What a list of participants can be narrowed by.
    public struct ParticipantFilter: Sendable {
        public var country: String?
        public var type: OrganisationType?
        /// Words looked for in what they offer and seek and in their organisation's keywords and technologies.
        public var competence: String?
        public init(country: String? = nil, type: OrganisationType? = nil, competence: String? = nil) {
            self.country = country; self.type = type; self.competence = competence
        }
    }

    /// A participant as the matching engine reads them: what they seek and offer, with the competences of
    /// their partner search (from `competences`, read once for every participant of a page).
    func matchingProfile(_ p: MatchmakingParticipant, competences: [Int64: [Competence]]) -> PartnerSearchProfile {
        PartnerSearchProfile(
            id: p.id, ownerID: p.organisationID, required: p.partnerSearchID.flatMap { competences[$0] } ?? [], text: p.seek + "\n" + p.offer)
    }

    /// Every other participant taking part (not of `me`'s organisation), best fit first, then by name.
    public func ranked(for me: StoredParticipant, among all: [StoredParticipant], filter: ParticipantFilter, language: Language) async throws
        -> [RankedParticipant]
    {
        let others = all.filter { $0.participant.takesPart && $0.participant.organisationID != me.participant.organisationID }
        let organisations = try await self.organisations.find(ids: Array(Set(others.map(\.participant.organisationID))))
        let competences = try await partnerSearches.competences(ids: ([me] + others).compactMap(\.participant.partnerSearchID))
        let mine = matchingProfile(me.participant, competences: competences)
        let profiles = others.map { matchingProfile($0.participant, competences: competences) }
        // What each brings to me: each organisation scored against my profile; what I bring to each: my
        // organisation scored against each of theirs.
        let theirs = directory.matching.recommendSearches(
            forEach: Array(Set(others.map(\.participant.organisationID))), among: [mine], limit: 1, language: language)
        let mineForThem = directory.matching.recommendSearches(for: me.participant.organisationID, among: profiles, limit: profiles.count, language: language)
        let reverse = Dictionary(mineForThem.map { ($0.searchID, $0.recommendation) }, uniquingKeysWith: { a, _ in a })
        let folded = filter.competence.map { TextFolding.terms($0) } ?? []
        var result: [RankedParticipant] = []
        for o in others {
            let organisation = organisations[o.participant.organisationID]
            if let country = filter.country, organisation?.country != country { continue }
            if let type = filter.type, organisation?.type != type { continue }
            if !folded.isEmpty {
                let text = [
                    o.participant.offer, o.participant.seek, organisation?.tags.joined(separator: " ") ?? "",
                    organisation?.technologies.joined(separator: " ") ?? "", organisation?.description ?? "",
                ].joined(separator: " ")
                let terms = Set(TextFolding.terms(text))
                guard folded.allSatisfy(terms.contains) else { continue }
            }
            let forward = theirs[o.participant.organisationID]?.first?.recommendation
            let back = reverse[o.participant.id]
            let score = Int((((forward?.score ?? 0) + (back?.score ?? 0)) / 2 * 100).rounded())
            result.append(
                RankedParticipant(
                    stored: o, organisation: organisation, score: score, theyBring: Array((forward?.reasons ?? []).prefix(3)),
                    youBring: Array((back?.reasons ?? []).prefix(3))))
        }
        return result.sorted { ($0.score, $1.stored.participant.name) > ($1.score, $0.stored.participant.name) }
    }

    /// How well two participants fit (0-100), stored with a request as the scheduler's priority.
    func matchScore(_ a: StoredParticipant, _ b: StoredParticipant) async throws -> Int {
        let ranked = try await ranked(for: a, among: [a, b], filter: ParticipantFilter(), language: Languages.english)
        return ranked.first?.score ?? 0
    }

    // MARK: Agendas

    /// One participant's meetings in slot order.
    struct AgendaItem: Sendable {
        var meeting: MatchmakingRequest
        var slot: MeetingSlot
        var other: StoredParticipant
    }

    func agenda(of me: StoredParticipant, event: MatchmakingEvent, requests: [MatchmakingRequest], participants: [StoredParticipant]) -> [AgendaItem] {
        let byID = Dictionary(uniqueKeysWithValues: participants.map { ($0.participant.id, $0) })
        return requests.filter { $0.isMeeting && $0.involves(me.participant.id) }.compactMap { m in
            guard let index = m.slot, event.slots.indices.contains(index), let other = byID[m.other(than: me.participant.id)] else { return nil }
            return AgendaItem(meeting: m, slot: event.slots[index], other: other)
        }.sorted { ($0.slot.index, $0.meeting.id) < ($1.slot.index, $1.meeting.id) }
    }

    /// The agenda as iCalendar: one entry per meeting with the other person, their organisation, the table
    /// (or the room's link), and a UID that stays the meeting's when it moves.
    func agendaCalendar(_ items: [AgendaItem], me: StoredParticipant, event: MatchmakingEvent) -> String {
        let host = EventPagesController.host(configuration.publicURL)
        let url = configuration.publicURL + Routes.matchmakingAgenda.path(event.event.slug)
        let entries = items.map { item in
            let place = Self.place(table: item.meeting.table, setup: event.setup, event: event.event)
            let location = [place.label, event.event.venue, place.link ?? ""].filter { !$0.isEmpty }.joined(separator: ", ")
            let description = """
                Meeting with \(item.other.participant.name) (\(item.other.organisationName)) at \(event.event.title).
                They offer: \(item.other.participant.offer)
                They seek: \(item.other.participant.seek)
                \(url)
                """
            return ICalendar.Entry(
                uid: "meeting-\(item.meeting.id)@\(host)", title: "\(item.other.participant.name) (\(item.other.organisationName))",
                description: description, start: item.slot.startsAt, end: item.slot.endsAt, timeZone: event.event.timeZone, location: location,
                url: url, categories: ["matchmaking"], stamp: event.setup.schedulePublishedAt ?? event.stored.updatedAt,
                sequence: max(0, event.setup.scheduleVersion - 1))
        }
        return ICalendar(name: "\(event.event.title): \(me.participant.name)", entries: entries).text()
    }

    // MARK: Exports

    func participantsCSV(_ participants: [StoredParticipant], event: MatchmakingEvent) -> String {
        var lines = [
            CSV.line([
                "id", "name", "email", "organisation", "organisation_id", "status", "offer", "seek", "partner_search_id", "available_slots", "registered_at",
            ])
        ]
        for p in participants {
            let q = p.participant
            lines.append(
                CSV.line([
                    String(q.id), q.name, p.email, p.organisationName, String(q.organisationID), q.status.rawValue, q.offer, q.seek,
                    q.partnerSearchID.map(String.init) ?? "", q.available.sorted().map(String.init).joined(separator: " "),
                    ISO8601DateFormatter().string(from: q.registeredAt),
                ]))
        }
        return lines.joined()
    }

    func requestsCSV(_ requests: [MatchmakingRequest], participants: [StoredParticipant]) -> String {
        let byID = Dictionary(uniqueKeysWithValues: participants.map { ($0.participant.id, $0) })
        var lines = [CSV.line(["id", "from", "from_organisation", "to", "to_organisation", "status", "match", "message", "created_at", "decided_at"])]
        for r in requests {
            lines.append(
                CSV.line([
                    String(r.id), byID[r.fromID]?.participant.name ?? "", byID[r.fromID]?.organisationName ?? "", byID[r.toID]?.participant.name ?? "",
                    byID[r.toID]?.organisationName ?? "", r.status.rawValue, String(r.match), r.message, ISO8601DateFormatter().string(from: r.createdAt),
                    r.decidedAt.map { ISO8601DateFormatter().string(from: $0) } ?? "",
                ]))
        }
        return lines.joined()
    }

    func scheduleCSV(_ requests: [MatchmakingRequest], participants: [StoredParticipant], event: MatchmakingEvent) -> String {
        let byID = Dictionary(uniqueKeysWithValues: participants.map { ($0.participant.id, $0) })
        var lines = [
            CSV.line(["meeting_id", "slot", "starts_at", "ends_at", "table", "fixed", "first", "first_organisation", "second", "second_organisation"])
        ]
        let meetings = requests.filter(\.isMeeting).sorted { ($0.slot ?? Int.max, $0.table ?? 0, $0.id) < ($1.slot ?? Int.max, $1.table ?? 0, $1.id) }
        for m in meetings {
            let slot = m.slot.flatMap { event.slots.indices.contains($0) ? event.slots[$0] : nil }
            lines.append(
                CSV.line([
                    String(m.id), m.slot.map(String.init) ?? "", slot.map { ZonedTime.iso8601($0.startsAt, zone: event.event.timeZone) } ?? "",
                    slot.map { ZonedTime.iso8601($0.endsAt, zone: event.event.timeZone) } ?? "", m.table.map(String.init) ?? "",
                    m.fixedSlot == nil ? "no" : "yes", byID[m.fromID]?.participant.name ?? "", byID[m.fromID]?.organisationName ?? "",
                    byID[m.toID]?.participant.name ?? "", byID[m.toID]?.organisationName ?? "",
                ]))
        }
        return lines.joined()
    }
}

extension Optional {
    func asyncMap<U>(_ transform: (Wrapped) async throws -> U) async rethrows -> U? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

extension Platform {
    /// The "Cooperation agreements" section of a profile: what its participants reported after matchmaking
    /// meetings, from every reported agreement read at most every five seconds.
    func agreementsSection(for organisationID: Int64) async throws -> String {
        try await profileAgreements.section(
            for: organisationID, language: RequestLanguage.current.code, { try await matchmaking.agreements(organisationID: nil, limit: 20_000) }
        ) { all in
            let mine = all.filter { $0.organisationID == organisationID }.prefix(20)
            guard !mine.isEmpty else { return "" }
            return views.render(
                ProfileAgreementsSection(
                    items: mine.map { a in
                        ProfileAgreementsSection.Row(
                            outcome: MatchmakingPagesController.outcomeLabel(a.outcome), partner: a.partnerName,
                            partnerHref: a.partnerPublished ? Routes.organisation.path(a.partnerSlug) : nil, event: a.eventTitle,
                            eventHref: Routes.event.path(a.eventSlug), date: Shown.date(a.reportedAt))
                    }))
        }
    }
}

struct ProfileAgreementsSection: PageModel {
    static let template = "profile-agreements"
    struct Row {
        var outcome: String
        var partner: String
        var partnerHref: String?
        var event: String
        var eventHref: String
        var date: String
    }
    var items: [Row]
}

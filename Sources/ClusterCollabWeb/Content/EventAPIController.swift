import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabStorage
import Foundation
import Hummingbird

/// `/api/v1/events`: published events in the usual list shape, upcoming by default (`when=past` or
/// `when=all` for the others), by kind, tag and organiser; and one event by its id. Times are ISO 8601
/// with the offset of the event's zone at that instant, and the zone is named beside them.
struct EventAPIController {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.API.events, use: list)
        router.get(Routes.API.event, use: show)
        router.post(Routes.API.events, use: create)
        router.patch(Routes.API.event, use: update)
        router.post(Routes.API.eventDecision, use: decide)
    }

    struct EventDoc: Encodable {
        var id: Int64
        var slug: String
        var url: String
        var ics_url: String
        var title: String
        /// Markdown.
        var description: String
        var kind: String
        var starts_at: String
        var ends_at: String
        var time_zone: String
        var venue: String?
        var online_link: String?
        var organiser_id: Int64?
        var organiser_name: String?
        var registration_link: String?
        var tags: [String]
        var published_at: String
        var updated_at: String
        var status: String
        var version: Int
    }

    func doc(_ stored: StoredEvent) -> EventDoc {
        let e = stored.event
        let base = platform.configuration.publicURL
        return EventDoc(
            id: e.id, slug: e.slug, url: base + Routes.event.path(e.slug), ics_url: base + Routes.eventICS.path(e.slug), title: e.title,
            description: e.description, kind: e.kind.rawValue, starts_at: ZonedTime.iso8601(e.startsAt, zone: e.timeZone),
            ends_at: ZonedTime.iso8601(e.endsAt, zone: e.timeZone), time_zone: e.timeZone, venue: e.venue.isEmpty ? nil : e.venue,
            online_link: e.onlineLink.isEmpty ? nil : e.onlineLink, organiser_id: e.organiserID, organiser_name: stored.organiserName,
            registration_link: e.registrationLink.isEmpty ? nil : e.registrationLink, tags: e.tags,
            published_at: AtomFeed.time(e.publishedAt ?? stored.createdAt), updated_at: AtomFeed.time(stored.updatedAt), status: e.status.rawValue,
            version: e.version)
    }

    static let fields: Set<String> = [
        "title", "description", "kind", "starts_at", "ends_at", "time_zone", "venue", "online_link", "organiser_id", "registration_link", "tags",
        "version",
    ]

    /// The input a JSON body names (absent fields stay as they are in an edit), the organiser
    /// (`organiser_id`, null for the platform's own) and the version an edit is based on.
    static func input(_ body: inout JSONBody, current: Int64?) -> (EventInput, Int64?, Int?) {
        var input = EventInput()
        input.title = body.string("title"); input.description = body.string("description"); input.kind = body.string("kind")
        input.startsAt = body.string("starts_at"); input.endsAt = body.string("ends_at"); input.timeZone = body.string("time_zone")
        input.venue = body.string("venue"); input.onlineLink = body.string("online_link"); input.registrationLink = body.string("registration_link")
        input.tags = body.strings("tags")
        var organiser = current
        if body.isNull("organiser_id") { organiser = nil } else if let id = body.int("organiser_id") { organiser = Int64(id) }
        return (input, organiser, body.int("version"))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try ContributionAPI.identity(context)
        return try await ContributionAPI.write(request, context, fields: Self.fields, read: { Self.input(&$0, current: nil) }) { input, organiser, _ in
            let stored = try await platform.writeEvent(
                input, organisationID: organiser, existing: nil, expectedVersion: nil, by: identity.user, actor: identity.actorName)
            return try JSONResponse.make(doc(stored), status: .created, headers: [.location: Routes.API.event.path(stored.event.id)])
        }
    }

    /// The event of the path for someone who may write for it; to others an unpublished one is not there.
    func writable(_ context: AppRequestContext, user: User) async throws -> StoredEvent {
        let raw = try context.parameters.require("id")
        guard let id = Int64(raw), id > 0 else { throw APIError.malformed("malformed path", fields: ["id": "must be an event's number"]) }
        guard let stored = try await platform.events.find(id: id) else { throw APIError.notFound("event \(id)") }
        if stored.event.status != .published, !(await platform.mayContribute(for: stored.event.organiserID, user)) {
            throw APIError.notFound("event \(id)")
        }
        return stored
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try ContributionAPI.identity(context)
        let stored = try await writable(context, user: identity.user)
        return try await ContributionAPI.write(
            request, context, fields: Self.fields, read: { Self.input(&$0, current: stored.event.organiserID) }
        ) { input, organiser, version in
            let saved = try await platform.writeEvent(
                input, organisationID: organiser, existing: stored, expectedVersion: version, by: identity.user, actor: identity.actorName)
            return try JSONResponse.make(doc(saved))
        }
    }

    @Sendable func decide(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.bearerUser()
        guard user.isModerator, let identity = context.identity else {
            throw APIError(.forbidden, "events are published, sent back or rejected by the platform team (moderators and administrators)")
        }
        let stored = try await writable(context, user: user)
        let (decision, message) = try await ContributionDecisionBody.read(request, context)
        try await platform.decideContribution(.event, id: stored.event.id, decision: decision, message: message, moderator: identity.actorName)
        guard let decided = try await platform.events.find(id: stored.event.id) else { throw APIError.notFound("event \(stored.event.id)") }
        return try JSONResponse.make(doc(decided))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let pairs = FormDecoding.pairs(request.uri.query)
        let paging = try Paging.parse(pairs, defaultPerPage: 20, maxPerPage: 100, allowed: ["page", "per_page", "when", "kind", "tag", "organisation"])
        var filter = EventRepository.Filter()
        filter.when = .upcoming
        for (key, raw) in pairs {
            let value = raw.trimmingCharacters(in: .whitespaces)
            switch key {
            case "when":
                guard let when = EventRepository.When(rawValue: value) else {
                    throw APIError(.unprocessableContent, "validation", fields: ["when": "must be one of upcoming, past, all"])
                }
                filter.when = when
            case "kind":
                filter.kind = try ContentFilters.eventKind(value)
            case "tag":
                filter.tag = try ContentFilters.tag(value)
            case "organisation":
                guard let id = Int64(value), id > 0 else {
                    throw APIError(.unprocessableContent, "validation", fields: ["organisation": "must be an organisation's id, a positive number"])
                }
                filter.organiserID = id
            default: break
            }
        }
        let (total, items) = try await platform.events.list(filter, page: paging.page, perPage: paging.perPage)
        return try JSONResponse.make(Page(items: items.map(doc), total: total, page: paging.page, per_page: paging.perPage))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let raw = try context.parameters.require("id")
        guard let id = Int64(raw), id > 0 else { throw APIError.malformed("malformed path", fields: ["id": "must be a number"]) }
        guard let stored = try await platform.events.find(id: id), stored.event.status == .published else { throw APIError.notFound("event \(id)") }
        return try JSONResponse.make(doc(stored))
    }
}

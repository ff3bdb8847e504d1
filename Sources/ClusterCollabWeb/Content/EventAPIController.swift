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
            published_at: AtomFeed.time(e.publishedAt ?? stored.createdAt), updated_at: AtomFeed.time(stored.updatedAt))
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

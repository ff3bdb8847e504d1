import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabStorage
import ClusterCollabText
import Foundation
import Hummingbird

/// The community's events, as visitors read them: upcoming and past lists (by kind and tag), a month
/// calendar, an event's page with its times in its own zone and the visitor's, schema.org `Event` and an
/// `.ics` file, and iCalendar feeds of all events and of each organiser's.
struct EventPagesController {
    let platform: Platform

    static let perPage = 20

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.events, use: upcoming)
        router.get(Routes.pastEvents, use: past)
        router.get(Routes.eventCalendar, use: calendar)
        router.get(Routes.eventsFeed, use: feed)
        router.get(Routes.event, use: event)
        router.get(Routes.eventICS, use: eventICS)
        router.get(Routes.organisationEventsFeed, use: organisationFeed)
    }

    // MARK: Lists

    struct EventItem {
        var href: String
        var title: String
        var kind: String
        var when: String
        var place: String
        var organiser: String?
    }

    struct KindLink {
        var href: String
        var label: String
        var current: Bool
    }

    struct EventListPage: PageModel {
        static let template = "events"
        var title: String
        var items: [EventItem]
        var total: Int
        var kinds: [KindLink]
        var previous: String?
        var next: String?
        var upcomingHref = Routes.events.path
        var pastHref = Routes.pastEvents.path
        var calendarHref = Routes.eventCalendar.path
        /// Also in the page's head, where calendar programs find it.
        var calendarFeedHref = Routes.eventsFeed.path
        var isPast: Bool
        var newHref = Routes.eventNew.path
    }

    /// A kind's name in the page's language.
    static func kindLabel(_ kind: EventKind) -> String {
        switch kind {
        case .generalAssembly: t("General assembly")
        case .conference: t("Conference")
        case .matchmaking: t("Matchmaking")
        case .webinar: t("Webinar")
        case .workshop: t("Workshop")
        case .mission: t("Mission")
        }
    }

    /// "27 May 2016, 10:00 – 17:30 CEST (Europe/Paris)" style: the start in the event's zone, and the end.
    static func when(_ event: Event) -> String {
        let start = Shown.dateTime(event.startsAt, zone: event.timeZone)
        let sameDay = RequestLanguage.current.date(event.startsAt, zone: event.timeZone) == RequestLanguage.current.date(event.endsAt, zone: event.timeZone)
        return t("{{start}} to {{end}}").filling([
            "start": start,
            "end": sameDay ? RequestLanguage.current.time(event.endsAt, zone: event.timeZone) : Shown.dateTime(event.endsAt, zone: event.timeZone),
        ])
    }

    static func place(_ event: Event) -> String {
        event.venue.isEmpty ? t("Online") : (event.onlineLink.isEmpty ? event.venue : t("{{venue}} and online").filling(["venue": event.venue]))
    }

    static func item(_ stored: StoredEvent) -> EventItem {
        EventItem(
            href: Routes.event.path(stored.event.slug), title: stored.event.title, kind: Self.kindLabel(stored.event.kind), when: when(stored.event),
            place: place(stored.event), organiser: stored.organiserName)
    }

    func listPage(_ request: Request, when: EventRepository.When) async throws -> Response {
        let pairs = FormDecoding.pairs(request.uri.query)
        let page = try Paging.page(pairs, perPage: Self.perPage)
        var filter = EventRepository.Filter()
        filter.when = when
        if let raw = pairs.last(where: { $0.0 == "kind" })?.1, !raw.isEmpty {
            filter.kind = try ContentFilters.eventKind(raw)
        }
        if let raw = pairs.last(where: { $0.0 == "tag" })?.1, !raw.isEmpty {
            filter.tag = try ContentFilters.tag(raw)
        }
        let (total, items) = try await platform.events.list(filter, page: page, perPage: Self.perPage)
        let route = when == .past ? Routes.pastEvents : Routes.events
        func link(page: Int) -> String {
            route.path(query: [("kind", filter.kind?.rawValue ?? ""), ("tag", filter.tag ?? ""), ("page", page > 1 ? String(page) : "")])
        }
        let last = max(1, (total + Self.perPage - 1) / Self.perPage)
        var kinds = [KindLink(href: route.path, label: t("All kinds"), current: filter.kind == nil)]
        kinds += EventKind.allCases.map { KindLink(href: route.path(query: [("kind", $0.rawValue)]), label: Self.kindLabel($0), current: filter.kind == $0) }
        let model = EventListPage(
            title: when == .past ? t("Past events") : t("Upcoming events"), items: items.map(Self.item), total: total, kinds: kinds,
            previous: page > 1 ? link(page: page - 1) : nil, next: page < last ? link(page: page + 1) : nil, isPast: when == .past)
        return platform.views.page(model)
    }

    @Sendable func upcoming(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await listPage(request, when: .upcoming)
    }

    @Sendable func past(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await listPage(request, when: .past)
    }

    // MARK: The month calendar

    struct CalendarDayCell {
        var day: String
        var inMonth: Bool
        var isToday: Bool
        var events: [Link]
    }

    struct CalendarWeek {
        var days: [CalendarDayCell]
    }

    struct CalendarPage: PageModel {
        static let template = "events-calendar"
        var title: String
        var weekdays: [String]
        var weeks: [CalendarWeek]
        var previous: String
        var next: String
        var upcomingHref = Routes.events.path
        var pastHref = Routes.pastEvents.path
        var calendarFeedHref = Routes.eventsFeed.path
    }

    /// `/events/calendar?month=2016-05`: the month's weeks, Monday first, each day with the events that
    /// take place on it in their own zone (a three-day mission is on three days).
    @Sendable func calendar(_ request: Request, context: AppRequestContext) async throws -> Response {
        let now = Date()
        let raw = FormDecoding.pairs(request.uri.query).last(where: { $0.0 == "month" })?.1 ?? ""
        let month: (year: Int, month: Int)
        if raw.isEmpty {
            let today = ZonedTime.wallClock(now, offset: 0)
            month = (today.year, today.month)
        } else {
            let parts = raw.split(separator: "-", omittingEmptySubsequences: false)
            guard raw.count == 7, parts.count == 2, let y = Int(parts[0]), let m = Int(parts[1]), (1970...9999).contains(y), (1...12).contains(m) else {
                throw APIError(.unprocessableContent, "validation", fields: ["month": "must be a month written YYYY-MM, such as 2016-05"])
            }
            month = (y, m)
        }
        func day(_ y: Int, _ m: Int, _ d: Int) -> Date { CalendarDay.date(String(format: "%04d-%02d-%02d", y, m, d)) ?? now }
        let first = day(month.year, month.month, 1)
        let nextMonth = month.month == 12 ? (month.year + 1, 1) : (month.year, month.month + 1)
        let previousMonth = month.month == 1 ? (month.year - 1, 12) : (month.year, month.month - 1)
        // Monday of the first week to Sunday of the last, with a day's margin for zones east and west of UTC.
        let weekday = (Int((first.timeIntervalSince1970 / 86_400).rounded(.down)) + 3) % 7  // 0 = Monday
        let gridStart = first.addingTimeInterval(-Double(weekday) * 86_400)
        let monthEnd = day(nextMonth.0, nextMonth.1, 1)
        let days = Int((monthEnd.timeIntervalSince(gridStart) / 86_400).rounded(.up))
        let cells = ((days + 6) / 7) * 7
        var filter = EventRepository.Filter()
        filter.overlapping = gridStart.addingTimeInterval(-86_400)..<gridStart.addingTimeInterval(Double(cells + 1) * 86_400)
        let events = try await platform.events.list(filter, page: 1, perPage: 500).items.map(\.event).sorted { $0.startsAt < $1.startsAt }
        let todayText = CalendarDay.of(now)
        // Each event's first and last local day, worked out once for the whole grid. An event ending at
        // midnight does not take place on the next day.
        let spans: [(event: Event, first: String, last: String)] = events.compactMap { event in
            guard let tz = TimeZone(identifier: event.timeZone) else { return nil }
            func local(_ instant: Date) -> String { CalendarDay.of(instant.addingTimeInterval(Double(tz.secondsFromGMT(for: instant)))) }
            return (event, local(event.startsAt), local(event.endsAt.addingTimeInterval(-1)))
        }
        var weeks: [CalendarWeek] = []
        for w in 0..<(cells / 7) {
            var week = CalendarWeek(days: [])
            for d in 0..<7 {
                let date = gridStart.addingTimeInterval(Double(w * 7 + d) * 86_400)
                let text = CalendarDay.of(date)
                let onDay = spans.filter { $0.first <= text && text <= $0.last }.map(\.event)
                let wall = ZonedTime.wallClock(date, offset: 0)
                week.days.append(
                    CalendarDayCell(
                        day: String(wall.day), inMonth: wall.month == month.month, isToday: text == todayText,
                        events: onDay.map { Link(href: Routes.event.path($0.slug), label: $0.title) }))
            }
            weeks.append(week)
        }
        let weekdays = (0..<7).map { RequestLanguage.current.weekdayShort(gridStart.addingTimeInterval(Double($0) * 86_400)) }
        let model = CalendarPage(
            title: RequestLanguage.current.monthYear(first), weekdays: weekdays, weeks: weeks,
            previous: Routes.eventCalendar.path(query: [("month", String(format: "%04d-%02d", previousMonth.0, previousMonth.1))]),
            next: Routes.eventCalendar.path(query: [("month", String(format: "%04d-%02d", nextMonth.0, nextMonth.1))]))
        return platform.views.page(model)
    }

    // MARK: An event

    struct EventPage: PageModel {
        static let template = "event"
        var title: String
        var kind: String
        var when: String
        /// The instants for the script that adds the visitor's own clock.
        var startsISO: String
        var endsISO: String
        var timeZone: String
        var venue: String?
        var onlineLink: String?
        var registrationLink: String?
        var organiser: Link?
        var organiserFeed: String?
        var descriptionHTML: String
        var tags: [NewsPagesController.TagLink]
        var icsHref: String
        var share: [NewsPagesController.ShareLink]
        var canonical: String
        var jsonLD: String
        var openGraph: [NewsPagesController.OpenGraph]
        var eventsHref = Routes.events.path
        var isPast: Bool
        var localTimeScript = Routes.staticFile.path("local-time.js")
        /// The event's matchmaking, when it has one; the setup's address for a matchmaking event without.
        var matchmakingHref: String?
        var matchmakingSetupHref: String?
        /// "12 meetings held, 5 cooperation agreements initiated", once the event is over.
        var matchmakingOutcome: String?
    }

    /// An event's page, rendered once and kept for a while, like a news article's.
    @Sendable func event(_ request: Request, context: AppRequestContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let html = try await platform.eventPages.text("\(RequestLanguage.current.code) event \(slug)") {
            guard let stored = try await platform.events.find(slug: slug), stored.event.status == .published else { return nil }
            return platform.views.render(try await eventPage(stored))
        }
        guard let html else { throw APIError.notFound("event \(slug.prefix(80))") }
        return Views.html(html)
    }

    func eventPage(_ stored: StoredEvent) async throws -> EventPage {
        let e = stored.event
        let url = platform.configuration.publicURL + Routes.event.path(e.slug)
        var organiser: Link?
        var organiserFeed: String?
        var matchmakingOutcome: String?
        let setup = try await platform.matchmaking.setup(eventID: e.id)
        if let setup, setup.phase(of: e, at: Date()) == .followUp || setup.phase(of: e, at: Date()) == .closed {
            let figures = try await platform.matchmaking.outcomes(eventID: e.id)
            matchmakingOutcome = t("{{held}} meetings held, {{agreements}} cooperation agreements initiated").filling([
                "held": Shown.number(figures.held), "agreements": Shown.number(figures.agreements),
            ])
        }
        if let id = e.organiserID, let o = try await platform.organisations.find(ids: [id])[id], o.status == .published {
            organiser = Link(href: Routes.organisation.path(o.slug), label: o.name)
            organiserFeed = Routes.organisationEventsFeed.path(o.slug)
        }
        return EventPage(
            title: e.title, kind: Self.kindLabel(e.kind), when: Self.when(e), startsISO: ZonedTime.iso8601(e.startsAt, zone: e.timeZone),
            endsISO: ZonedTime.iso8601(e.endsAt, zone: e.timeZone), timeZone: e.timeZone, venue: e.venue.isEmpty ? nil : e.venue,
            onlineLink: e.onlineLink.isEmpty ? nil : e.onlineLink, registrationLink: e.registrationLink.isEmpty ? nil : e.registrationLink,
            organiser: organiser, organiserFeed: organiserFeed, descriptionHTML: Markdown.html(e.description),
            tags: e.tags.map { NewsPagesController.TagLink(href: Routes.events.path(query: [("tag", $0)]), tag: $0) }, icsHref: Routes.eventICS.path(e.slug),
            share: NewsPagesController.share(url: url, title: e.title), canonical: url,
            jsonLD: Self.jsonLD(stored, url: url, organiserURL: organiser.map { platform.configuration.publicURL + $0.href }),
            openGraph: [
                .init(property: "og:type", content: "website"), .init(property: "og:title", content: e.title),
                .init(property: "og:description", content: String(e.description.prefix(300))), .init(property: "og:url", content: url),
                .init(property: "og:site_name", content: NewsPagesController.platformName),
            ], isPast: e.isPast(at: Date()), matchmakingHref: setup == nil ? nil : Routes.matchmaking.path(e.slug),
            matchmakingSetupHref: setup == nil && e.kind == .matchmaking ? Routes.matchmakingSetup.path(e.slug) : nil,
            matchmakingOutcome: matchmakingOutcome)
    }

    /// schema.org `Event`: its dates with the zone's offset, attendance mode, place or online location.
    static func jsonLD(_ stored: StoredEvent, url: String, organiserURL: String?) -> String {
        let e = stored.event
        var object: [String: Any] = [
            "@context": "https://schema.org", "@type": "Event", "name": e.title, "description": e.description, "url": url,
            "startDate": ZonedTime.iso8601(e.startsAt, zone: e.timeZone), "endDate": ZonedTime.iso8601(e.endsAt, zone: e.timeZone),
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode":
                e.venue.isEmpty
                ? "https://schema.org/OnlineEventAttendanceMode"
                : (e.onlineLink.isEmpty ? "https://schema.org/OfflineEventAttendanceMode" : "https://schema.org/MixedEventAttendanceMode"),
        ]
        var locations: [[String: Any]] = []
        if !e.venue.isEmpty { locations.append(["@type": "Place", "name": e.venue, "address": e.venue]) }
        if !e.onlineLink.isEmpty { locations.append(["@type": "VirtualLocation", "url": e.onlineLink]) }
        object["location"] = locations.count == 1 ? locations[0] : locations
        if let name = stored.organiserName {
            var organiser: [String: Any] = ["@type": "Organization", "name": name]
            if let organiserURL { organiser["url"] = organiserURL }
            object["organizer"] = organiser
        }
        if !e.registrationLink.isEmpty { object["offers"] = ["@type": "Offer", "url": e.registrationLink] }
        if !e.tags.isEmpty { object["keywords"] = e.tags.joined(separator: ", ") }
        return ProfilePage.jsonLDText(object)
    }

    // MARK: iCalendar

    func entry(_ stored: StoredEvent) -> ICalendar.Entry {
        let e = stored.event
        let url = platform.configuration.publicURL + Routes.event.path(e.slug)
        var location = e.venue
        if !e.onlineLink.isEmpty { location = location.isEmpty ? e.onlineLink : "\(location) / \(e.onlineLink)" }
        var description = e.description
        if let organiser = stored.organiserName { description += "\n\nOrganiser: \(organiser)" }
        if !e.registrationLink.isEmpty { description += "\nRegistration: \(e.registrationLink)" }
        description += "\n\(url)"
        return ICalendar.Entry(
            uid: "event-\(e.id)@\(Self.host(platform.configuration.publicURL))", title: e.title, description: description, start: e.startsAt,
            end: e.endsAt, timeZone: e.timeZone, location: location, url: url, categories: e.tags, stamp: stored.updatedAt,
            sequence: e.version - 1)
    }

    /// The host of the public address: the stable part of every event's UID.
    static func host(_ publicURL: String) -> String { URL(string: publicURL)?.host ?? "clustercollab" }

    static func calendarResponse(_ text: String, filename: String?) -> Response {
        var headers: HTTPFields = [.contentType: "text/calendar; charset=utf-8"]
        if let filename { headers[.contentDisposition] = "attachment; filename=\"\(filename)\"" }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    @Sendable func eventICS(_ request: Request, context: AppRequestContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let text = try await platform.eventPages.text("ics \(slug)") {
            guard let stored = try await platform.events.find(slug: slug), stored.event.status == .published else { return nil }
            return ICalendar(name: stored.event.title, entries: [entry(stored)]).text()
        }
        guard let text else { throw APIError.notFound("event \(slug.prefix(80))") }
        // The slug is letters, digits and hyphens: safe in the header as it is.
        return Self.calendarResponse(text, filename: "\(slug).ics")
    }

    /// Every published event, past ones included (a calendar keeps its history), 1,000 at most.
    @Sendable func feed(_ request: Request, context: AppRequestContext) async throws -> Response {
        let text = try await platform.eventPages.text("feed") {
            let items = try await platform.events.list(EventRepository.Filter(), page: 1, perPage: 1_000).items
            return ICalendar(name: "\(NewsPagesController.platformName): events", entries: items.map(entry)).text()
        }
        return Self.calendarResponse(text ?? "", filename: nil)
    }

    @Sendable func organisationFeed(_ request: Request, context: AppRequestContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let text = try await platform.eventPages.text("feed \(slug)") {
            guard let organisation = try await platform.organisations.find(slug: slug), organisation.status == .published else { return nil }
            var filter = EventRepository.Filter()
            filter.organiserID = organisation.id
            let items = try await platform.events.list(filter, page: 1, perPage: 1_000).items
            return ICalendar(name: "\(organisation.name): events", entries: items.map(entry)).text()
        }
        guard let text else { throw APIError.notFound("organisation \(slug.prefix(80))") }
        return Self.calendarResponse(text, filename: nil)
    }
}

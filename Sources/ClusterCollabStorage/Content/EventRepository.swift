import ClusterCollabContent
import ClusterCollabCore
import Foundation
import SQLKit

/// An event as stored: the event, its author's display name today (nil once the account is deleted), its
/// organiser's name (nil for the platform's own events) and when it was written and last changed.
public struct StoredEvent: Sendable, Equatable {
    public var event: Event
    public var authorName: String?
    public var organiserName: String?
    public var createdAt: Date
    public var updatedAt: Date
}

/// Events and their tags. It only reads and writes: who may write and when an event is published are
/// decided before (`EventInput`, the routes).
public struct EventRepository: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    static func ms(_ date: Date) -> Int64 { StoredTime.millis(date) }

    // MARK: Reading

    static let columns = """
        e.id, e.slug, e.title, e.description, e.kind, e.starts_at, e.ends_at, e.time_zone, e.venue, e.online_link, \
        e.organisation_id, e.registration_link, e.tags, e.author_id, e.status, e.published_at, e.created_at, e.updated_at, \
        e.version, u.name AS author_name, o.name AS organiser_name
        """
    static let from = "events e LEFT JOIN users u ON u.id = e.author_id LEFT JOIN organisations o ON o.id = e.organisation_id"

    static func decode(_ row: any SQLRow) throws -> StoredEvent {
        let tags = (try? JSONDecoder().decode([String].self, from: Data(try row.decode(column: "tags", as: String.self).utf8))) ?? []
        let event = Event(
            id: try row.decode(column: "id", as: Int64.self), slug: try row.decode(column: "slug", as: String.self),
            title: try row.decode(column: "title", as: String.self), description: try row.decode(column: "description", as: String.self),
            kind: EventKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .conference,
            startsAt: StoredTime.date(try row.decode(column: "starts_at", as: Int64.self)),
            endsAt: StoredTime.date(try row.decode(column: "ends_at", as: Int64.self)),
            timeZone: try row.decode(column: "time_zone", as: String.self), venue: try row.decode(column: "venue", as: String.self),
            onlineLink: try row.decode(column: "online_link", as: String.self),
            organiserID: try row.decode(column: "organisation_id", as: Int64?.self),
            registrationLink: try row.decode(column: "registration_link", as: String.self), tags: tags,
            authorID: try row.decode(column: "author_id", as: Int64?.self),
            status: ProfileStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .draft,
            publishedAt: try row.decode(column: "published_at", as: Int64?.self).map(StoredTime.date),
            version: try row.decode(column: "version", as: Int.self))
        return StoredEvent(
            event: event, authorName: try row.decode(column: "author_name", as: String?.self),
            organiserName: try row.decode(column: "organiser_name", as: String?.self),
            createdAt: StoredTime.date(try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: StoredTime.date(try row.decode(column: "updated_at", as: Int64.self)))
    }

    public func find(id: Int64) async throws -> StoredEvent? {
        try await database.withConnection { db in
            try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM \(unsafeRaw: Self.from) WHERE e.id = \(bind: id)").first().map(Self.decode)
        }
    }

    public func find(slug: String) async throws -> StoredEvent? {
        try await database.withConnection { db in
            try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM \(unsafeRaw: Self.from) WHERE e.slug = \(bind: slug)").first().map(Self.decode)
        }
    }

    /// Which events a list shows, by the clock.
    public enum When: String, Sendable, CaseIterable {
        /// Not over yet (running or to come), soonest first.
        case upcoming
        /// Over, most recent first.
        case past
        /// Every event, most recent start first.
        case all
    }

    /// What a list can be narrowed by; `status` nil means every status.
    public struct Filter: Sendable, Equatable {
        public var status: ProfileStatus? = .published
        public var when: When = .all
        public var kind: EventKind?
        public var tag: String?
        public var organiserID: Int64?
        /// Events that overlap `[from, to)`: a month of the calendar.
        public var overlapping: Range<Date>?
        public init() {}
    }

    /// One page of events and how many match, in the order `when` says.
    public func list(_ filter: Filter, now: Date = Date(), page: Int, perPage: Int) async throws -> (total: Int, items: [StoredEvent]) {
        try await database.withConnection { db in
            var conditions = SQLQueryString("1 = 1")
            func and(_ sql: String, _ value: some Encodable & Sendable) {
                conditions.appendLiteral(" AND \(sql) ")
                conditions.appendInterpolation(bind: value)
            }
            if let status = filter.status { and("e.status =", status.rawValue) }
            switch filter.when {
            case .upcoming: and("e.ends_at >", Self.ms(now))
            case .past: and("e.ends_at <=", Self.ms(now))
            case .all: break
            }
            if let kind = filter.kind { and("e.kind =", kind.rawValue) }
            if let organiserID = filter.organiserID { and("e.organisation_id =", organiserID) }
            if let range = filter.overlapping {
                and("e.starts_at <", Self.ms(range.upperBound))
                and("e.ends_at >", Self.ms(range.lowerBound))
            }
            if let tag = filter.tag {
                conditions.appendLiteral(" AND e.id IN (SELECT event_id FROM event_tags WHERE tag = ")
                conditions.appendInterpolation(bind: tag)
                conditions.appendLiteral(")")
            }
            let total = try await db.raw("SELECT COUNT(*) AS n FROM events e WHERE \(conditions)").first()?.decode(column: "n", as: Int.self) ?? 0
            let order = filter.when == .upcoming ? "e.starts_at ASC, e.id ASC" : "e.starts_at DESC, e.id DESC"
            let offset = PageBounds.offset(page: page, perPage: perPage) ?? PageBounds.maxOffset
            let rows = try await db.raw(
                """
                SELECT \(unsafeRaw: Self.columns) FROM \(unsafeRaw: Self.from) WHERE \(conditions)
                ORDER BY \(unsafeRaw: order) LIMIT \(bind: perPage) OFFSET \(bind: offset)
                """
            ).all()
            return (total, try rows.map(Self.decode))
        }
    }

    /// The tags of published events with how many each has, most used first.
    public func tags() async throws -> [(tag: String, count: Int)] {
        try await database.withConnection { db in
            try await db.raw(
                """
                SELECT t.tag, COUNT(*) AS n FROM event_tags t JOIN events e ON e.id = t.event_id WHERE e.status = 'published'
                GROUP BY t.tag ORDER BY n DESC, t.tag
                """
            ).all().map { (try $0.decode(column: "tag", as: String.self), try $0.decode(column: "n", as: Int.self)) }
        }
    }

    /// The published events' texts (title, description, venue, tags), past and to come, folded for the site
    /// search, the latest start first; matched in memory as `NewsRepository.searchTexts` says.
    public func searchTexts() async throws -> [SiteSearchText] {
        try await database.withConnection { db in
            try await db.raw(
                "SELECT id, title, description, venue, tags FROM events WHERE status = 'published' ORDER BY starts_at DESC, id DESC"
            ).all().map { row in
                SiteSearchText(
                    id: try row.decode(column: "id", as: Int64.self),
                    texts: try ["title", "description", "venue", "tags"].map { try row.decode(column: $0, as: String?.self) ?? "" })
            }
        }
    }

    /// One page of the published events, past and to come, whose title, description, venue or tags hold
    /// every word of `query` (case and accents aside), the latest start first, and how many there are: the
    /// site search's events. `texts` are those of `searchTexts`, read now when not given.
    public func search(_ query: SiteSearchQuery, page: Int, perPage: Int, among texts: [SiteSearchText]? = nil) async throws -> (
        total: Int, items: [StoredEvent]
    ) {
        guard !query.isEmpty else { return (0, []) }
        let (total, chosen) = query.page(of: try await texts.asyncOr(searchTexts), page: page, perPage: perPage)
        guard !chosen.isEmpty else { return (total, []) }
        let rows = try await database.withConnection { db in
            try await db.raw(
                "SELECT \(unsafeRaw: Self.columns) FROM \(unsafeRaw: Self.from) WHERE e.status = 'published' AND e.id IN (\(unsafeRaw: chosen.map(String.init).joined(separator: ",")))"
            ).all().map(Self.decode)
        }
        let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0.event.id, $0) })
        return (total, chosen.compactMap { byID[$0] })
    }

    // MARK: Writing

    /// Stores a new event under a slug of its title, made unique with a number when taken. An organiser
    /// that does not exist is refused (422 naming `organiser_id`) and nothing is stored.
    public func create(_ event: Event, actor: String, history: String? = nil, now: Date = Date()) async throws -> StoredEvent {
        let id = try await database.transaction { db in
            try await Self.checkOrganiser(event.organiserID, on: db)
            let base = Event.slug(for: event.title)
            var slug = base
            var n = 2
            while try await db.raw("SELECT 1 AS x FROM events WHERE slug = \(bind: slug)").first() != nil {
                slug = "\(base)-\(n)"
                n += 1
            }
            let row = try await db.raw(
                """
                INSERT INTO events (slug, title, description, kind, starts_at, ends_at, time_zone, venue, online_link, organisation_id,
                    registration_link, tags, author_id, status, published_at, created_at, updated_at, version)
                VALUES (\(bind: slug), \(bind: event.title), \(bind: event.description), \(bind: event.kind.rawValue),
                    \(bind: Self.ms(event.startsAt)), \(bind: Self.ms(event.endsAt)), \(bind: event.timeZone), \(bind: event.venue),
                    \(bind: event.onlineLink), \(bind: event.organiserID), \(bind: event.registrationLink),
                    \(bind: NewsRepository.json(event.tags)), \(bind: event.authorID), \(bind: event.status.rawValue),
                    \(bind: event.publishedAt.map(Self.ms)), \(bind: Self.ms(now)), \(bind: Self.ms(now)), 1)
                RETURNING id
                """
            ).first()
            guard let id = try row?.decode(column: "id", as: Int64.self) else { throw Refusal(.conflict, "the event was not stored") }
            try await Self.index(id, event, on: db)
            try await AuditLog.append(actor: actor, action: "event: created", subject: "event \(id)", detail: event.title, now: now, on: db)
            try await ContributionRepository.wrote(.event, id: id, title: event.title, status: event.status, actor: actor, history: history, now: now, on: db)
            return id
        }
        guard let stored = try await find(id: id) else { throw Refusal(.notFound, "event \(id)") }
        return stored
    }

    /// Saves an edit or a decision. With `expectedVersion`, an edit based on an older version is refused
    /// (409). The slug stays: links and calendar subscriptions keep working.
    public func update(_ event: Event, expectedVersion: Int?, actor: String, history: String? = nil, now: Date = Date()) async throws -> StoredEvent {
        try await database.transaction { db in
            guard let current = try await db.raw("SELECT version FROM events WHERE id = \(bind: event.id)").first() else {
                throw Refusal(.notFound, "event \(event.id)")
            }
            let version = try current.decode(column: "version", as: Int.self)
            if let expectedVersion, expectedVersion != version {
                throw Refusal(
                    .conflict,
                    "the event was changed by someone else (version \(version), your edit was based on \(expectedVersion)); reload it and edit again")
            }
            try await Self.checkOrganiser(event.organiserID, on: db)
            try await db.raw(
                """
                UPDATE events SET title = \(bind: event.title), description = \(bind: event.description), kind = \(bind: event.kind.rawValue),
                    starts_at = \(bind: Self.ms(event.startsAt)), ends_at = \(bind: Self.ms(event.endsAt)), time_zone = \(bind: event.timeZone),
                    venue = \(bind: event.venue), online_link = \(bind: event.onlineLink), organisation_id = \(bind: event.organiserID),
                    registration_link = \(bind: event.registrationLink), tags = \(bind: NewsRepository.json(event.tags)),
                    status = \(bind: event.status.rawValue), published_at = \(bind: event.publishedAt.map(Self.ms)),
                    updated_at = \(bind: Self.ms(now)), version = \(bind: version + 1)
                WHERE id = \(bind: event.id)
                """
            ).run()
            try await db.raw("DELETE FROM event_tags WHERE event_id = \(bind: event.id)").run()
            try await Self.index(event.id, event, on: db)
            try await AuditLog.append(
                actor: actor, action: "event: \(event.status.rawValue)", subject: "event \(event.id)", detail: event.title, now: now, on: db)
            try await ContributionRepository.wrote(
                .event, id: event.id, title: event.title, status: event.status, actor: actor, history: history, now: now, on: db)
        }
        guard let stored = try await find(id: event.id) else { throw Refusal(.notFound, "event \(event.id)") }
        return stored
    }

    static func checkOrganiser(_ id: Int64?, on db: any SQLDatabase) async throws {
        guard let id else { return }
        if try await db.raw("SELECT 1 AS x FROM organisations WHERE id = \(bind: id)").first() == nil {
            throw ValidationErrors(["organiser_id": "must be an organisation of the platform (no organisation \(id))"])
        }
    }

    static func index(_ id: Int64, _ event: Event, on db: any SQLDatabase) async throws {
        for tag in event.tags {
            try await db.raw("INSERT INTO event_tags (event_id, tag) VALUES (\(bind: id), \(bind: tag))").run()
        }
    }
}

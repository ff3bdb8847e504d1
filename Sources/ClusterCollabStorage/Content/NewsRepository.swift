import ClusterCollabContent
import ClusterCollabCore
import Foundation
import SQLKit

/// A news article as stored: the article, its author's display name today (nil once the account is
/// deleted: "former member"), and when it was written and last changed.
public struct StoredNews: Sendable, Equatable {
    public var article: NewsArticle
    public var authorName: String?
    public var createdAt: Date
    public var updatedAt: Date
}

/// News articles, their tags and the organisations they are about. It only reads and writes: who may
/// write and when an article is published are decided before (`NewsInput`, the routes).
public struct NewsRepository: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    static func ms(_ date: Date) -> Int64 { StoredTime.millis(date) }

    // MARK: Reading

    static let columns = """
        n.id, n.slug, n.title, n.summary, n.body, n.tags, n.related_organisations, n.related_searches, n.related_calls, \
        n.organisation_id, n.author_id, n.status, n.published_at, n.created_at, n.updated_at, n.version, u.name AS author_name, \
        n.image_document_id, n.image_alt, n.image_caption, n.image_credit
        """
    static let from = "news n LEFT JOIN users u ON u.id = n.author_id"

    static func decode(_ row: any SQLRow) throws -> StoredNews {
        func strings(_ column: String) throws -> [String] {
            (try? JSONDecoder().decode([String].self, from: Data(try row.decode(column: column, as: String.self).utf8))) ?? []
        }
        func ids(_ column: String) throws -> [Int64] {
            (try? JSONDecoder().decode([Int64].self, from: Data(try row.decode(column: column, as: String.self).utf8))) ?? []
        }
        let article = NewsArticle(
            id: try row.decode(column: "id", as: Int64.self), slug: try row.decode(column: "slug", as: String.self),
            title: try row.decode(column: "title", as: String.self), summary: try row.decode(column: "summary", as: String.self),
            body: try row.decode(column: "body", as: String.self), tags: try strings("tags"),
            organisationID: try row.decode(column: "organisation_id", as: Int64?.self),
            relatedOrganisations: try ids("related_organisations"), relatedSearches: try ids("related_searches"),
            relatedCalls: try ids("related_calls"), authorID: try row.decode(column: "author_id", as: Int64?.self),
            image: try row.decode(column: "image_document_id", as: Int64?.self).map { documentID in
                NewsImage(
                    documentID: documentID, alt: try row.decode(column: "image_alt", as: String.self),
                    caption: try row.decode(column: "image_caption", as: String.self), credit: try row.decode(column: "image_credit", as: String.self))
            },
            status: ProfileStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .draft,
            publishedAt: try row.decode(column: "published_at", as: Int64?.self).map(StoredTime.date),
            version: try row.decode(column: "version", as: Int.self))
        return StoredNews(
            article: article, authorName: try row.decode(column: "author_name", as: String?.self),
            createdAt: StoredTime.date(try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: StoredTime.date(try row.decode(column: "updated_at", as: Int64.self)))
    }

    public func find(id: Int64) async throws -> StoredNews? {
        try await database.withConnection { db in
            try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM \(unsafeRaw: Self.from) WHERE n.id = \(bind: id)").first().map(Self.decode)
        }
    }

    public func find(slug: String) async throws -> StoredNews? {
        try await database.withConnection { db in
            try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM \(unsafeRaw: Self.from) WHERE n.slug = \(bind: slug)").first().map(Self.decode)
        }
    }

    /// What a list can be narrowed by; `status` nil means every status.
    public struct Filter: Sendable, Equatable {
        public var status: ProfileStatus? = .published
        public var tag: String?
        /// Articles about this organisation, or submitted on its behalf.
        public var organisationID: Int64?
        public init() {}
    }

    /// One page of articles, newest first (by publication, then by writing), and how many match.
    public func list(_ filter: Filter, page: Int, perPage: Int) async throws -> (total: Int, items: [StoredNews]) {
        try await database.withConnection { db in
            var conditions = SQLQueryString("1 = 1")
            if let status = filter.status {
                conditions.appendLiteral(" AND n.status = ")
                conditions.appendInterpolation(bind: status.rawValue)
            }
            if let tag = filter.tag {
                conditions.appendLiteral(" AND n.id IN (SELECT news_id FROM news_tags WHERE tag = ")
                conditions.appendInterpolation(bind: tag)
                conditions.appendLiteral(")")
            }
            if let organisationID = filter.organisationID {
                conditions.appendLiteral(" AND (n.organisation_id = ")
                conditions.appendInterpolation(bind: organisationID)
                conditions.appendLiteral(" OR n.id IN (SELECT news_id FROM news_organisations WHERE organisation_id = ")
                conditions.appendInterpolation(bind: organisationID)
                conditions.appendLiteral("))")
            }
            let total = try await db.raw("SELECT COUNT(*) AS n FROM news n WHERE \(conditions)").first()?.decode(column: "n", as: Int.self) ?? 0
            let offset = PageBounds.offset(page: page, perPage: perPage) ?? PageBounds.maxOffset
            let rows = try await db.raw(
                """
                SELECT \(unsafeRaw: Self.columns) FROM \(unsafeRaw: Self.from) WHERE \(conditions)
                ORDER BY COALESCE(n.published_at, n.created_at) DESC, n.id DESC LIMIT \(bind: perPage) OFFSET \(bind: offset)
                """
            ).all()
            return (total, try rows.map(Self.decode))
        }
    }

    /// What a profile page shows of an article: the newest published articles, at most `limit`, with the
    /// organisations each is about or was submitted for.
    public struct Summary: Sendable, Equatable {
        public var slug: String
        public var title: String
        public var publishedAt: Date
        public var organisations: Set<Int64>
    }

    public func publishedSummaries(limit: Int = 2_000) async throws -> [Summary] {
        try await database.withConnection { db in
            try await db.raw(
                """
                SELECT slug, title, published_at, organisation_id, related_organisations FROM news WHERE status = 'published'
                ORDER BY published_at DESC, id DESC LIMIT \(bind: limit)
                """
            ).all().map { row in
                var organisations = Set(
                    (try? JSONDecoder().decode([Int64].self, from: Data(try row.decode(column: "related_organisations", as: String.self).utf8))) ?? [])
                if let own = try row.decode(column: "organisation_id", as: Int64?.self) { organisations.insert(own) }
                return Summary(
                    slug: try row.decode(column: "slug", as: String.self), title: try row.decode(column: "title", as: String.self),
                    publishedAt: StoredTime.date(try row.decode(column: "published_at", as: Int64?.self) ?? 0), organisations: organisations)
            }
        }
    }

    /// The tags of published articles with how many each has, most used first.
    public func tags() async throws -> [(tag: String, count: Int)] {
        try await database.withConnection { db in
            try await db.raw(
                """
                SELECT t.tag, COUNT(*) AS n FROM news_tags t JOIN news n ON n.id = t.news_id WHERE n.status = 'published'
                GROUP BY t.tag ORDER BY n DESC, t.tag
                """
            ).all().map { (try $0.decode(column: "tag", as: String.self), try $0.decode(column: "n", as: Int.self)) }
        }
    }

    /// The published articles' short texts (title, summary, tags), folded for the site search, newest first.
    /// No column holds them folded (SQLite and PostgreSQL fold accents differently), so the site search
    /// matches them in memory (`SiteSearchQuery.matching`).
    public func searchTexts() async throws -> [SiteSearchText] {
        try await database.withConnection { db in
            try await db.raw(
                """
                SELECT id, title, summary, tags FROM news WHERE status = 'published'
                ORDER BY COALESCE(published_at, created_at) DESC, id DESC
                """
            ).all().map { row in
                SiteSearchText(
                    id: try row.decode(column: "id", as: Int64.self),
                    texts: try ["title", "summary", "tags"].map { try row.decode(column: $0, as: String.self) })
            }
        }
    }

    /// One page of the published articles whose title, summary or tags hold every word of `query` (case and
    /// accents aside), newest first, and how many there are: the site search's news. `texts` are those of
    /// `searchTexts`, read now when not given.
    public func search(_ query: SiteSearchQuery, page: Int, perPage: Int, among texts: [SiteSearchText]? = nil) async throws -> (
        total: Int, items: [StoredNews]
    ) {
        guard !query.isEmpty else { return (0, []) }
        let (total, chosen) = query.page(of: try await texts.asyncOr(searchTexts), page: page, perPage: perPage)
        guard !chosen.isEmpty else { return (total, []) }
        let rows = try await database.withConnection { db in
            try await db.raw(
                "SELECT \(unsafeRaw: Self.columns) FROM \(unsafeRaw: Self.from) WHERE n.status = 'published' AND n.id IN (\(unsafeRaw: chosen.map(String.init).joined(separator: ",")))"
            ).all().map(Self.decode)
        }
        let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0.article.id, $0) })
        return (total, chosen.compactMap { byID[$0] })
    }

    // MARK: Writing

    /// Stores a new article under a slug of its title, made unique with a number when taken. `history`
    /// goes into the article's history; an article written to wait for review is announced to the
    /// moderators in the same transaction. A photo that is no image of the library is refused (422 naming
    /// `image_document_id`) and nothing is stored.
    public func create(_ article: NewsArticle, actor: String, history: String? = nil, now: Date = Date()) async throws -> StoredNews {
        let id = try await database.transaction { db in
            try await Self.checkImage(article.image, on: db)
            let base = NewsArticle.slug(for: article.title)
            var slug = base
            var n = 2
            while try await db.raw("SELECT 1 AS x FROM news WHERE slug = \(bind: slug)").first() != nil {
                slug = "\(base)-\(n)"
                n += 1
            }
            let row = try await db.raw(
                """
                INSERT INTO news (slug, title, summary, body, tags, related_organisations, related_searches, related_calls,
                    organisation_id, author_id, status, published_at, created_at, updated_at, version,
                    image_document_id, image_alt, image_caption, image_credit)
                VALUES (\(bind: slug), \(bind: article.title), \(bind: article.summary), \(bind: article.body), \(bind: Self.json(article.tags)),
                    \(bind: Self.json(article.relatedOrganisations)), \(bind: Self.json(article.relatedSearches)), \(bind: Self.json(article.relatedCalls)),
                    \(bind: article.organisationID), \(bind: article.authorID), \(bind: article.status.rawValue),
                    \(bind: article.publishedAt.map(Self.ms)), \(bind: Self.ms(now)), \(bind: Self.ms(now)), 1,
                    \(bind: article.image?.documentID), \(bind: article.image?.alt ?? ""), \(bind: article.image?.caption ?? ""),
                    \(bind: article.image?.credit ?? ""))
                RETURNING id
                """
            ).first()
            guard let id = try row?.decode(column: "id", as: Int64.self) else { throw Refusal(.conflict, "the article was not stored") }
            try await Self.index(id, article, on: db)
            try await AuditLog.append(actor: actor, action: "news: created", subject: "news \(id)", detail: article.title, now: now, on: db)
            try await ContributionRepository.wrote(
                .news, id: id, title: article.title, status: article.status, actor: actor, history: history, now: now, on: db)
            return id
        }
        guard let stored = try await find(id: id) else { throw Refusal(.notFound, "news \(id)") }
        return stored
    }

    /// Saves an edit or a decision. With `expectedVersion`, an edit based on an older version is refused
    /// (409) instead of silently overwriting someone else's. The slug stays: links keep working.
    public func update(_ article: NewsArticle, expectedVersion: Int?, actor: String, history: String? = nil, now: Date = Date()) async throws
        -> StoredNews
    {
        try await database.transaction { db in
            guard let current = try await db.raw("SELECT version FROM news WHERE id = \(bind: article.id)").first() else {
                throw Refusal(.notFound, "news \(article.id)")
            }
            let version = try current.decode(column: "version", as: Int.self)
            if let expectedVersion, expectedVersion != version {
                throw Refusal(
                    .conflict,
                    "the article was changed by someone else (version \(version), your edit was based on \(expectedVersion)); reload it and edit again")
            }
            try await Self.checkImage(article.image, on: db)
            try await db.raw(
                """
                UPDATE news SET title = \(bind: article.title), summary = \(bind: article.summary), body = \(bind: article.body),
                    tags = \(bind: Self.json(article.tags)), related_organisations = \(bind: Self.json(article.relatedOrganisations)),
                    related_searches = \(bind: Self.json(article.relatedSearches)), related_calls = \(bind: Self.json(article.relatedCalls)),
                    status = \(bind: article.status.rawValue), published_at = \(bind: article.publishedAt.map(Self.ms)),
                    updated_at = \(bind: Self.ms(now)), version = \(bind: version + 1),
                    image_document_id = \(bind: article.image?.documentID), image_alt = \(bind: article.image?.alt ?? ""),
                    image_caption = \(bind: article.image?.caption ?? ""), image_credit = \(bind: article.image?.credit ?? "")
                WHERE id = \(bind: article.id)
                """
            ).run()
            try await db.raw("DELETE FROM news_tags WHERE news_id = \(bind: article.id)").run()
            try await db.raw("DELETE FROM news_organisations WHERE news_id = \(bind: article.id)").run()
            try await Self.index(article.id, article, on: db)
            try await AuditLog.append(
                actor: actor, action: "news: \(article.status.rawValue)", subject: "news \(article.id)", detail: article.title, now: now, on: db)
            try await ContributionRepository.wrote(
                .news, id: article.id, title: article.title, status: article.status, actor: actor, history: history, now: now, on: db)
        }
        guard let stored = try await find(id: article.id) else { throw Refusal(.notFound, "news \(article.id)") }
        return stored
    }

    /// Refuses a photo that is not an image of the document library.
    static func checkImage(_ image: NewsImage?, on db: any SQLDatabase) async throws {
        guard let image else { return }
        let row = try await db.raw("SELECT file_type FROM documents WHERE id = \(bind: image.documentID)").first()
        let type = try row.flatMap { FileType(rawValue: try $0.decode(column: "file_type", as: String.self)) }
        guard let type, type.isImage else {
            throw ValidationErrors(
                [
                    "image_document_id":
                        "must be an image (PNG, JPEG, GIF or WebP) of the document library (document \(image.documentID) is \(row == nil ? "not there" : "no image"))"
                ])
        }
    }

    /// The rows lists filter by: one per tag, one per related organisation that still exists.
    static func index(_ id: Int64, _ article: NewsArticle, on db: any SQLDatabase) async throws {
        for tag in article.tags {
            try await db.raw("INSERT INTO news_tags (news_id, tag) VALUES (\(bind: id), \(bind: tag))").run()
        }
        for organisationID in article.relatedOrganisations {
            try await db.raw(
                """
                INSERT INTO news_organisations (news_id, organisation_id)
                SELECT \(bind: id), id FROM organisations WHERE id = \(bind: organisationID)
                """
            ).run()
        }
    }

    static func json<T: Encodable>(_ value: T) -> String {
        String(decoding: (try? JSONEncoder().encode(value)) ?? Data("[]".utf8), as: UTF8.self)
    }
}

extension Optional where Wrapped: Sendable {
    /// The value, or what `load` reads when there is none.
    func asyncOr(_ load: () async throws -> Wrapped) async throws -> Wrapped {
        if let value = self { return value }
        return try await load()
    }
}

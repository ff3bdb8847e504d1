import ClusterCollabContent
import ClusterCollabCore
import Foundation
import SQLKit

/// A funding opportunity as stored, with when it was listed and last changed.
public struct StoredFundingOpportunity: Sendable, Equatable {
    public var opportunity: FundingOpportunity
    public var createdAt: Date
    public var updatedAt: Date
}

/// Funding opportunities and the codes their lists filter by. It only reads and writes: who may write and
/// what a valid opportunity is are decided before (`FundingOpportunityInput`, `FundingImport`, the routes).
public struct FundingOpportunityRepository: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    static func ms(_ date: Date) -> Int64 { StoredTime.millis(date) }

    // MARK: Reading

    static let columns = """
        id, title, programme, funding_body, link, opens_at, deadline, time_zone, budget, action_type, cascade_funding, countries, \
        sectors, ecosystems, technologies, keywords, description, created_at, updated_at, version
        """

    static func decode(_ row: any SQLRow) throws -> StoredFundingOpportunity {
        func list<T: Decodable>(_ column: String, _ type: T.Type) throws -> [T] {
            (try? JSONDecoder().decode([T].self, from: Data(try row.decode(column: column, as: String.self).utf8))) ?? []
        }
        let opportunity = FundingOpportunity(
            id: try row.decode(column: "id", as: Int64.self), title: try row.decode(column: "title", as: String.self),
            programme: try row.decode(column: "programme", as: String.self), fundingBody: try row.decode(column: "funding_body", as: String.self),
            link: try row.decode(column: "link", as: String.self),
            opensAt: StoredTime.date(try row.decode(column: "opens_at", as: Int64.self)),
            deadline: StoredTime.date(try row.decode(column: "deadline", as: Int64.self)),
            timeZone: try row.decode(column: "time_zone", as: String.self), budget: try row.decode(column: "budget", as: Int64?.self),
            actionType: try row.decode(column: "action_type", as: String?.self),
            cascadeFunding: try row.decode(column: "cascade_funding", as: Int.self) != 0, countries: try list("countries", String.self),
            sectors: try list("sectors", Int.self), ecosystems: try list("ecosystems", Int.self), technologies: try list("technologies", String.self),
            keywords: try list("keywords", String.self), description: try row.decode(column: "description", as: String.self),
            version: try row.decode(column: "version", as: Int.self))
        return StoredFundingOpportunity(
            opportunity: opportunity, createdAt: StoredTime.date(try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: StoredTime.date(try row.decode(column: "updated_at", as: Int64.self)))
    }

    public func find(id: Int64) async throws -> StoredFundingOpportunity? {
        try await database.withConnection { db in
            try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM funding_opportunities WHERE id = \(bind: id)").first().map(Self.decode)
        }
    }

    /// What a list can be narrowed by; nil (or empty) means no narrowing.
    public struct Filter: Sendable, Equatable {
        /// Words that must all occur (folded, accents aside) in the title, programme, funding body, type of
        /// action, keywords or description.
        public var text: String?
        /// The programme exactly as listed.
        public var programme: String?
        /// Opportunities organisations from this country may apply to (those listing no country included).
        public var country: String?
        public var sector: Int?
        public var ecosystem: Int?
        public var technology: String?
        /// The phases at `now` to keep.
        public var phases: Set<FundingOpportunity.Phase>?
        /// Only those whose deadline is to come within this many days of `now`.
        public var closingWithinDays: Int?
        public init() {}
    }

    /// One page of opportunities, nearest deadline first, and how many match at `now`.
    public func list(_ filter: Filter, now: Date, page: Int, perPage: Int) async throws -> (total: Int, items: [StoredFundingOpportunity]) {
        try await database.withConnection { db in
            let conditions = Self.conditions(filter, now: now)
            let total = try await db.raw("SELECT COUNT(*) AS n FROM funding_opportunities WHERE \(conditions)").first()?.decode(column: "n", as: Int.self) ?? 0
            let offset = PageBounds.offset(page: page, perPage: perPage) ?? PageBounds.maxOffset
            let rows = try await db.raw(
                """
                SELECT \(unsafeRaw: Self.columns) FROM funding_opportunities WHERE \(conditions)
                ORDER BY deadline, id LIMIT \(bind: perPage) OFFSET \(bind: offset)
                """
            ).all()
            return (total, try rows.map(Self.decode))
        }
    }

    static func conditions(_ filter: Filter, now: Date) -> SQLQueryString {
        var sql = SQLQueryString("1 = 1")
        let nowMS = ms(now)
        func code(_ kind: String, _ value: String) {
            sql.appendLiteral(" AND id IN (SELECT opportunity_id FROM funding_opportunity_codes WHERE kind = ")
            sql.appendInterpolation(bind: kind)
            sql.appendLiteral(" AND code = ")
            sql.appendInterpolation(bind: value)
            sql.appendLiteral(")")
        }
        for word in TextFolding.words(filter.text ?? "") {
            // Folded words are letters and digits only: nothing in them is a LIKE wildcard.
            sql.appendLiteral(" AND search_text LIKE ")
            sql.appendInterpolation(bind: "% \(word)%")
        }
        if let programme = filter.programme {
            sql.appendLiteral(" AND programme = ")
            sql.appendInterpolation(bind: programme)
        }
        if let country = filter.country {
            sql.appendLiteral(" AND (all_countries = 1 OR id IN (SELECT opportunity_id FROM funding_opportunity_codes WHERE kind = 'country' AND code = ")
            sql.appendInterpolation(bind: country.uppercased())
            sql.appendLiteral("))")
        }
        if let sector = filter.sector { code("sector", String(sector)) }
        if let ecosystem = filter.ecosystem { code("ecosystem", String(ecosystem)) }
        if let technology = filter.technology { code("technology", technology) }
        if let phases = filter.phases {
            var alternatives: [SQLQueryString] = []
            if phases.contains(.upcoming) { alternatives.append("(opens_at > \(bind: nowMS) AND deadline > \(bind: nowMS))") }
            if phases.contains(.open) { alternatives.append("(opens_at <= \(bind: nowMS) AND deadline > \(bind: nowMS))") }
            if phases.contains(.closed) { alternatives.append("(deadline <= \(bind: nowMS))") }
            sql.appendLiteral(" AND (")
            if alternatives.isEmpty { sql.appendLiteral("1 = 0") }
            for (i, alternative) in alternatives.enumerated() {
                if i > 0 { sql.appendLiteral(" OR ") }
                sql.appendInterpolation(alternative)
            }
            sql.appendLiteral(")")
        }
        if let days = filter.closingWithinDays {
            sql.appendLiteral(" AND deadline > ")
            sql.appendInterpolation(bind: nowMS)
            sql.appendLiteral(" AND deadline <= ")
            sql.appendInterpolation(bind: nowMS + Int64(days) * 86_400_000)
        }
        return sql
    }

    /// Every opportunity not closed at `now`, nearest deadline first: what organisations are fitted against.
    public func notClosed(now: Date, limit: Int = 5_000) async throws -> [FundingOpportunity] {
        try await database.withConnection { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.columns) FROM funding_opportunities WHERE deadline > \(bind: Self.ms(now))
                ORDER BY deadline, id LIMIT \(bind: limit)
                """
            ).all().map { try Self.decode($0).opportunity }
        }
    }

    /// The programmes in use, alphabetically: what the list's programme filter offers.
    public func programmes() async throws -> [String] {
        try await database.withConnection { db in
            try await db.raw("SELECT DISTINCT programme FROM funding_opportunities ORDER BY programme").all().map {
                try $0.decode(column: "programme", as: String.self)
            }
        }
    }

    // MARK: Writing

    /// Stores a new opportunity, checked before (`FundingOpportunityInput.applied`).
    public func create(_ opportunity: FundingOpportunity, actor: String, now: Date = Date()) async throws -> StoredFundingOpportunity {
        let id = try await database.transaction { db in try await Self.insert(opportunity, actor: actor, now: now, on: db) }
        guard let stored = try await find(id: id) else { throw Refusal(.notFound, "funding opportunity \(id)") }
        return stored
    }

    /// Stores every row of an import in one transaction, or none: a row that lists an opportunity already
    /// stored (the same title and link) is refused by its line, as `FundingImport` refuses a broken one,
    /// so importing a file twice lists nothing twice.
    public func importAll(_ rows: [FundingImport.Row], actor: String, now: Date = Date()) async throws -> [Int64] {
        try await database.transaction { db in
            var errors = ValidationErrors()
            for row in rows {
                let o = row.opportunity
                if let existing = try await db.raw(
                    "SELECT id FROM funding_opportunities WHERE title = \(bind: o.title) AND link = \(bind: o.link) ORDER BY id LIMIT 1"
                ).first() {
                    let id = try existing.decode(column: "id", as: Int64.self)
                    errors.add(FundingImport.field(line: row.line, "title"), "is already listed as funding opportunity \(id) (same title and link)")
                }
            }
            try errors.throwIfAny()
            var ids: [Int64] = []
            for row in rows { ids.append(try await Self.insert(row.opportunity, actor: actor, now: now, on: db)) }
            try await AuditLog.append(
                actor: actor, action: "funding opportunities: imported", subject: "\(ids.count) funding opportunities",
                detail: ids.map(String.init).joined(separator: ", "), now: now, on: db)
            return ids
        }
    }

    static func insert(_ o: FundingOpportunity, actor: String, now: Date, on db: any SQLDatabase) async throws -> Int64 {
        let row = try await db.raw(
            """
            INSERT INTO funding_opportunities (title, programme, funding_body, link, opens_at, deadline, time_zone, budget, action_type,
                cascade_funding, countries, all_countries, sectors, ecosystems, technologies, keywords, description, search_text,
                created_at, updated_at, version)
            VALUES (\(bind: o.title), \(bind: o.programme), \(bind: o.fundingBody), \(bind: o.link), \(bind: ms(o.opensAt)), \(bind: ms(o.deadline)),
                \(bind: o.timeZone), \(bind: o.budget), \(bind: o.actionType), \(bind: o.cascadeFunding ? 1 : 0), \(bind: json(o.countries)),
                \(bind: o.countries.isEmpty ? 1 : 0), \(bind: json(o.sectors)), \(bind: json(o.ecosystems)), \(bind: json(o.technologies)),
                \(bind: json(o.keywords)), \(bind: o.description), \(bind: searchText(o)), \(bind: ms(now)), \(bind: ms(now)), 1)
            RETURNING id
            """
        ).first()
        guard let id = try row?.decode(column: "id", as: Int64.self) else { throw Refusal(.conflict, "the funding opportunity was not stored") }
        try await index(id, o, on: db)
        try await AuditLog.append(actor: actor, action: "funding opportunity: created", subject: "funding opportunity \(id)", detail: o.title, now: now, on: db)
        return id
    }

    /// Saves an edit. With `expectedVersion`, an edit based on an older version is refused (409) instead of
    /// silently overwriting someone else's.
    public func update(_ o: FundingOpportunity, expectedVersion: Int?, actor: String, now: Date = Date()) async throws -> StoredFundingOpportunity {
        try await database.transaction { db in
            guard let current = try await db.raw("SELECT version FROM funding_opportunities WHERE id = \(bind: o.id)").first() else {
                throw Refusal(.notFound, "funding opportunity \(o.id)")
            }
            let version = try current.decode(column: "version", as: Int.self)
            if let expectedVersion, expectedVersion != version {
                throw Refusal(
                    .conflict,
                    "the funding opportunity was changed by someone else (version \(version), your edit was based on \(expectedVersion)); reload it and edit again"
                )
            }
            try await db.raw(
                """
                UPDATE funding_opportunities SET title = \(bind: o.title), programme = \(bind: o.programme), funding_body = \(bind: o.fundingBody),
                    link = \(bind: o.link), opens_at = \(bind: Self.ms(o.opensAt)), deadline = \(bind: Self.ms(o.deadline)), time_zone = \(bind: o.timeZone),
                    budget = \(bind: o.budget), action_type = \(bind: o.actionType), cascade_funding = \(bind: o.cascadeFunding ? 1 : 0),
                    countries = \(bind: Self.json(o.countries)), all_countries = \(bind: o.countries.isEmpty ? 1 : 0), sectors = \(bind: Self.json(o.sectors)),
                    ecosystems = \(bind: Self.json(o.ecosystems)), technologies = \(bind: Self.json(o.technologies)), keywords = \(bind: Self.json(o.keywords)),
                    description = \(bind: o.description), search_text = \(bind: Self.searchText(o)), updated_at = \(bind: Self.ms(now)),
                    version = \(bind: version + 1)
                WHERE id = \(bind: o.id)
                """
            ).run()
            try await db.raw("DELETE FROM funding_opportunity_codes WHERE opportunity_id = \(bind: o.id)").run()
            try await Self.index(o.id, o, on: db)
            try await AuditLog.append(
                actor: actor, action: "funding opportunity: edited", subject: "funding opportunity \(o.id)", detail: o.title, now: now, on: db)
        }
        guard let stored = try await find(id: o.id) else { throw Refusal(.notFound, "funding opportunity \(o.id)") }
        return stored
    }

    /// Removes an opportunity and the codes it is listed by (404 when there is none).
    public func delete(id: Int64, actor: String, now: Date = Date()) async throws {
        try await database.transaction { db in
            guard let row = try await db.raw("SELECT title FROM funding_opportunities WHERE id = \(bind: id)").first() else {
                throw Refusal(.notFound, "funding opportunity \(id)")
            }
            let title = try row.decode(column: "title", as: String.self)
            try await db.raw("DELETE FROM funding_opportunity_codes WHERE opportunity_id = \(bind: id)").run()
            try await db.raw("DELETE FROM funding_opportunities WHERE id = \(bind: id)").run()
            try await AuditLog.append(
                actor: actor, action: "funding opportunity: deleted", subject: "funding opportunity \(id)", detail: title, now: now, on: db)
        }
    }

    /// The rows lists filter by: one per country, sector, ecosystem, technology and keyword.
    static func index(_ id: Int64, _ o: FundingOpportunity, on db: any SQLDatabase) async throws {
        let codes =
            o.countries.map { ("country", $0) } + o.sectors.map { ("sector", String($0)) } + o.ecosystems.map { ("ecosystem", String($0)) }
            + o.technologies.map { ("technology", $0) } + o.keywords.map { ("keyword", $0) }
        var seen = Set<String>()
        for (kind, code) in codes where seen.insert("\(kind):\(code)").inserted {
            try await db.raw("INSERT INTO funding_opportunity_codes (opportunity_id, kind, code) VALUES (\(bind: id), \(bind: kind), \(bind: code))").run()
        }
    }

    /// The folded words a search reads, each after a space (so `LIKE '% word%'` finds a word's beginning).
    static func searchText(_ o: FundingOpportunity) -> String {
        let texts = [o.title, o.programme, o.fundingBody, o.actionType ?? "", o.keywords.joined(separator: " "), o.description]
        return " " + TextFolding.words(texts.joined(separator: " ")).joined(separator: " ") + " "
    }

    static func json<T: Encodable>(_ value: T) -> String {
        String(decoding: (try? JSONEncoder().encode(value)) ?? Data("[]".utf8), as: UTF8.self)
    }
}

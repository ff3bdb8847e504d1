import ClusterCollabCore
import ClusterCollabMatching
import Foundation
import SQLKit

/// Partner searches, their consortia, expressions of interest, comments, follows and invitations. Every
/// write is one transaction together with the notifications and outbox e-mails it causes.
public struct PartnerSearchRepository: Sendable {
    public let database: Database
    public let reference: ReferenceData
    /// Base URL for links in e-mails.
    public let publicURL: String

    public init(database: Database, reference: ReferenceData, publicURL: String) {
        self.database = database
        self.reference = reference
        self.publicURL = publicURL
    }

    static func ms(_ date: Date) -> Int64 { StoredTime.millis(date) }
    var mailDomain: String { URL(string: publicURL)?.host ?? "clustercollab" }

    // MARK: Reading

    static let columns = """
        id, owner_id, title, kind, description, call_id, competences, sought_types, target_countries, min_countries, \
        min_members, max_members, need_less_developed, deadline, status, consortium_status, agreement_title, \
        agreement_date, agreement_note, created_by, created_at, updated_at, version
        """

    func decodeList(_ json: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? []
    }

    func decode(_ row: any SQLRow) throws -> (PartnerSearch, status: Consortium.Status, agreement: CooperationAgreement?, version: Int, createdBy: Int64?) {
        // Stored competences were checked when written; one the reference data no longer knows is kept as
        // a keyword-free gap rather than failing the page.
        let competences = decodeList(try row.decode(column: "competences", as: String.self)).compactMap {
            try? Competence(parsing: $0, reference: reference)
        }
        let search = PartnerSearch(
            id: try row.decode(column: "id", as: Int64.self), ownerID: try row.decode(column: "owner_id", as: Int64.self),
            title: try row.decode(column: "title", as: String.self),
            kind: PartnerSearch.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .projectConsortium,
            description: try row.decode(column: "description", as: String.self),
            callID: try row.decode(column: "call_id", as: Int64?.self), competences: competences,
            soughtTypes: decodeList(try row.decode(column: "sought_types", as: String.self)).compactMap(OrganisationType.init(rawValue:)),
            targetCountries: decodeList(try row.decode(column: "target_countries", as: String.self)),
            minCountries: try row.decode(column: "min_countries", as: Int.self),
            minMembers: try row.decode(column: "min_members", as: Int.self),
            maxMembers: try row.decode(column: "max_members", as: Int.self),
            needLessDeveloped: try row.decode(column: "need_less_developed", as: Int.self) != 0,
            deadline: try row.decode(column: "deadline", as: String?.self),
            status: PartnerSearch.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .closed,
            createdAt: StoredTime.date(try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: StoredTime.date(try row.decode(column: "updated_at", as: Int64.self)))
        var agreement: CooperationAgreement?
        if let title = try row.decode(column: "agreement_title", as: String?.self) {
            agreement = CooperationAgreement(
                date: try row.decode(column: "agreement_date", as: String?.self) ?? "", title: title,
                note: try row.decode(column: "agreement_note", as: String?.self) ?? "")
        }
        return (
            search, Consortium.Status(rawValue: try row.decode(column: "consortium_status", as: String.self)) ?? .forming,
            agreement, try row.decode(column: "version", as: Int.self), try row.decode(column: "created_by", as: Int64?.self)
        )
    }

    static func members(_ searchID: Int64, on db: any SQLDatabase) async throws -> [Consortium.Member] {
        try await db.raw(
            "SELECT organisation_id, role, joined_at FROM consortium_members WHERE search_id = \(bind: searchID) ORDER BY joined_at, organisation_id"
        ).all().map(member)
    }

    static func member(_ row: any SQLRow) throws -> Consortium.Member {
        Consortium.Member(
            organisationID: try row.decode(column: "organisation_id", as: Int64.self),
            role: Consortium.Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .partner,
            joinedAt: StoredTime.date(try row.decode(column: "joined_at", as: Int64.self)))
    }

    func record(_ id: Int64, on db: any SQLDatabase) async throws -> StoredPartnerSearch? {
        guard let row = try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM partner_searches WHERE id = \(bind: id)").first() else { return nil }
        let (search, status, agreement, version, createdBy) = try decode(row)
        let members = try await Self.members(id, on: db)
        return StoredPartnerSearch(
            search: search, consortium: Consortium(status: status, members: members, agreement: agreement),
            version: version, createdBy: createdBy)
    }

    public func find(id: Int64) async throws -> StoredPartnerSearch? {
        try await database.withConnection { db in try await record(id, on: db) }
    }

    /// The required competences of each of these searches, in one read (a matchmaking event's participants
    /// each name one); a search that does not exist is left out.
    public func competences(ids: [Int64]) async throws -> [Int64: [Competence]] {
        let unique = Array(Set(ids))
        guard !unique.isEmpty else { return [:] }
        return try await database.withConnection { db in
            var list = SQLQueryString("")
            for (i, id) in unique.enumerated() {
                if i > 0 { list.appendLiteral(", ") }
                list.appendInterpolation(bind: id)
            }
            var found: [Int64: [Competence]] = [:]
            for row in try await db.raw("SELECT id, competences FROM partner_searches WHERE id IN (\(list))").all() {
                // As `decode` reads them: one the reference data no longer knows is left out.
                found[try row.decode(column: "id", as: Int64.self)] = decodeList(try row.decode(column: "competences", as: String.self)).compactMap {
                    try? Competence(parsing: $0, reference: reference)
                }
            }
            return found
        }
    }

    /// What the list can be narrowed by; `status` nil means every status.
    public struct Filter: Sendable, Equatable {
        public var text: String = ""
        public var status: PartnerSearch.Status? = .open
        public var kind: PartnerSearch.Kind?
        public var ownerID: Int64?
        /// The owner's country.
        public var country: String?
        public var competence: Competence?
        public var callID: Int64?
        public init() {}
    }

    /// One page of searches, newest first, and how many match. `today` decides which open searches have
    /// passed their deadline (they count as closed).
    public func list(_ filter: Filter, today: String, page: Int, perPage: Int) async throws -> (total: Int, items: [StoredPartnerSearch]) {
        try await database.withConnection { db in
            var conditions: [SQLQueryString] = []
            switch filter.status {
            case .open?: conditions.append("s.status = 'open' AND (s.deadline IS NULL OR s.deadline >= \(bind: today))")
            case .closed?: conditions.append("(s.status = 'closed' OR (s.status = 'open' AND s.deadline < \(bind: today)))")
            case .consortiumFormed?: conditions.append("s.status = 'consortium-formed'")
            case nil: break
            }
            if let kind = filter.kind { conditions.append("s.kind = \(bind: kind.rawValue)") }
            if let owner = filter.ownerID { conditions.append("s.owner_id = \(bind: owner)") }
            if let country = filter.country { conditions.append("o.country = \(bind: country)") }
            if let call = filter.callID { conditions.append("s.call_id = \(bind: call)") }
            if let competence = filter.competence {
                conditions.append("s.competences LIKE \(bind: "%\"" + Self.escapeLike(competence.description) + "\"%") ESCAPE '\\'")
            }
            for word in TextFolding.words(filter.text).prefix(8) {
                conditions.append("s.search_text LIKE \(bind: "%" + Self.escapeLike(word) + "%") ESCAPE '\\'")
            }
            var whereClause: SQLQueryString = "1 = 1"
            for condition in conditions { whereClause = whereClause + " AND " + condition }
            let from: SQLQueryString = "FROM partner_searches s JOIN organisations o ON o.id = s.owner_id WHERE " + whereClause
            let total = try await db.raw("SELECT COUNT(*) AS n " + from).first()?.decode(column: "n", as: Int.self) ?? 0
            let rows = try await db.raw(
                "SELECT \(unsafeRaw: Self.columns.split(separator: ",").map { "s." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")) "
                    + from
                    + " ORDER BY s.created_at DESC, s.id DESC LIMIT \(bind: perPage) OFFSET \(bind: PageBounds.offset(page: page, perPage: perPage) ?? PageBounds.maxOffset)"
            ).all()
            let decoded = try rows.map(decode)
            // The consortia of the whole page in one read.
            var members: [Int64: [Consortium.Member]] = [:]
            if !decoded.isEmpty {
                let ids = decoded.map { String($0.0.id) }.joined(separator: ",")
                for row in try await db.raw(
                    "SELECT search_id, organisation_id, role, joined_at FROM consortium_members WHERE search_id IN (\(unsafeRaw: ids)) ORDER BY joined_at, organisation_id"
                ).all() {
                    members[try row.decode(column: "search_id", as: Int64.self), default: []].append(try Self.member(row))
                }
            }
            let items = decoded.map { search, status, agreement, version, createdBy in
                StoredPartnerSearch(
                    search: search, consortium: Consortium(status: status, members: members[search.id] ?? [], agreement: agreement),
                    version: version, createdBy: createdBy)
            }
            return (total, items)
        }
    }

    /// Every search open on `today`, with its consortium: what `recommended-partner-searches` ranks.
    public func openSearches(today: String, limit: Int = 5_000) async throws -> [StoredPartnerSearch] {
        var filter = Filter()
        filter.status = .open
        return try await list(filter, today: today, page: 1, perPage: limit).items
    }

    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }

    func searchText(_ search: PartnerSearch) -> String {
        TextFolding.fold([search.title, search.description, search.competences.map { $0.label(reference) }.joined(separator: " ")].joined(separator: " "))
    }

    func encodeList(_ list: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(list)) ?? Data("[]".utf8), as: UTF8.self)
    }

    // MARK: Writing searches

    /// Posts a search for its owner organisation; the owner becomes the consortium's lead and the author
    /// follows the search.
    public func create(_ search: PartnerSearch, createdBy: Int64?, actor: String, now: Date = Date()) async throws -> StoredPartnerSearch {
        let stored = try await database.transaction { db in
            guard let owner = try await db.raw("SELECT status FROM organisations WHERE id = \(bind: search.ownerID)").first() else {
                throw Refusal(.notFound, "organisation \(search.ownerID) does not exist")
            }
            guard try owner.decode(column: "status", as: String.self) == ProfileStatus.published.rawValue else {
                throw Refusal(.conflict, "only a published organisation can post a partner search; this profile is not published yet")
            }
            let row = try await db.raw(
                """
                INSERT INTO partner_searches (owner_id, title, kind, description, call_id, competences, sought_types, target_countries,
                    min_countries, min_members, max_members, need_less_developed, deadline, status, consortium_status, search_text,
                    created_by, created_at, updated_at, version)
                VALUES (\(bind: search.ownerID), \(bind: search.title), \(bind: search.kind.rawValue), \(bind: search.description), \(bind: search.callID),
                    \(bind: encodeList(search.competences.map(\.description))), \(bind: encodeList(search.soughtTypes.map(\.rawValue))),
                    \(bind: encodeList(search.targetCountries)), \(bind: search.minCountries), \(bind: search.minMembers), \(bind: search.maxMembers),
                    \(bind: search.needLessDeveloped ? 1 : 0), \(bind: search.deadline), \(bind: search.status.rawValue), \(bind: Consortium.Status.forming.rawValue),
                    \(bind: searchText(search)), \(bind: createdBy), \(bind: Self.ms(now)), \(bind: Self.ms(now)), 1)
                RETURNING id
                """
            ).first()
            guard let id = try row?.decode(column: "id", as: Int64.self) else { throw Refusal(.conflict, "the search was not stored") }
            try await db.raw(
                "INSERT INTO consortium_members (search_id, organisation_id, role, joined_at) VALUES (\(bind: id), \(bind: search.ownerID), 'lead', \(bind: Self.ms(now)))"
            ).run()
            if let createdBy {
                try await db.raw(
                    "INSERT INTO partner_search_follows (search_id, user_id, created_at) VALUES (\(bind: id), \(bind: createdBy), \(bind: Self.ms(now)))"
                ).run()
            }
            try await AuditLog.append(actor: actor, action: "partner search: posted", subject: "partner search \(id)", detail: search.title, now: now, on: db)
            return id
        }
        guard let record = try await find(id: stored) else { throw Refusal(.notFound, "partner search \(stored)") }
        return record
    }

    /// Saves an edit. With `expectedVersion`, an edit based on an older version is refused (409) instead
    /// of silently overwriting someone else's.
    public func update(_ search: PartnerSearch, expectedVersion: Int?, actor: String, now: Date = Date()) async throws -> StoredPartnerSearch {
        try await database.transaction { db in
            guard let current = try await record(search.id, on: db) else { throw Refusal(.notFound, "partner search \(search.id)") }
            if let expectedVersion, expectedVersion != current.version {
                throw Refusal(
                    .conflict,
                    "the search was changed by someone else (version \(current.version), your edit was based on \(expectedVersion)); reload it and edit again")
            }
            // An edit that changes nothing writes nothing: no new version, no new updated_at, no audit entry.
            var unchanged = search
            unchanged.createdAt = current.search.createdAt
            unchanged.updatedAt = current.search.updatedAt
            if unchanged == current.search { return current }
            if search.maxMembers < current.consortium.members.count {
                throw Refusal(.invalid, "max_members cannot be below the \(current.consortium.members.count) organisations already in the consortium")
            }
            try await db.raw(
                """
                UPDATE partner_searches SET title = \(bind: search.title), kind = \(bind: search.kind.rawValue), description = \(bind: search.description),
                    call_id = \(bind: search.callID), competences = \(bind: encodeList(search.competences.map(\.description))),
                    sought_types = \(bind: encodeList(search.soughtTypes.map(\.rawValue))), target_countries = \(bind: encodeList(search.targetCountries)),
                    min_countries = \(bind: search.minCountries), min_members = \(bind: search.minMembers), max_members = \(bind: search.maxMembers),
                    need_less_developed = \(bind: search.needLessDeveloped ? 1 : 0), deadline = \(bind: search.deadline), status = \(bind: search.status.rawValue),
                    search_text = \(bind: searchText(search)), updated_at = \(bind: Self.ms(now)), version = version + 1
                WHERE id = \(bind: search.id)
                """
            ).run()
            try await AuditLog.append(
                actor: actor, action: "partner search: edited", subject: "partner search \(search.id)", detail: search.title, now: now, on: db)
            guard let updated = try await record(search.id, on: db) else { throw Refusal(.notFound, "partner search \(search.id)") }
            return updated
        }
    }

    /// The consortium's status and cooperation agreement (nil keeps the recorded one).
    public func updateConsortium(searchID: Int64, status: Consortium.Status, agreement: CooperationAgreement?, actor: String, now: Date = Date()) async throws {
        try await database.transaction { db in
            guard try await db.raw("SELECT id FROM partner_searches WHERE id = \(bind: searchID)").first() != nil else {
                throw Refusal(.notFound, "partner search \(searchID)")
            }
            try await db.raw(
                "UPDATE partner_searches SET consortium_status = \(bind: status.rawValue), updated_at = \(bind: Self.ms(now)) WHERE id = \(bind: searchID)"
            ).run()
            if let agreement {
                try await db.raw(
                    """
                    UPDATE partner_searches SET agreement_title = \(bind: agreement.title), agreement_date = \(bind: agreement.date), agreement_note = \(bind: agreement.note)
                    WHERE id = \(bind: searchID)
                    """
                ).run()
            }
            try await AuditLog.append(
                actor: actor, action: "consortium: \(status.rawValue)", subject: "partner search \(searchID)",
                detail: agreement.map { "agreement \($0.title) (\($0.date))" } ?? "", now: now, on: db)
        }
    }
}

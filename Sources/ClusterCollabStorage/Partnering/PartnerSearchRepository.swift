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

    /// Refusals a person can read: the state does not allow the action (409), or the input does not make
    /// sense for this search (422).
    public struct Refusal: Error, CustomStringConvertible, Equatable {
        public enum Kind: Sendable { case conflict, invalid, notFound }
        public var kind: Kind
        public var description: String
        public init(_ kind: Kind, _ description: String) { self.kind = kind; self.description = description }
    }

    static func ms(_ date: Date) -> Int64 { StoredTime.millis(date) }
    var mailDomain: String { URL(string: publicURL)?.host ?? "clustercollab" }

    /// A stored search with what only storage knows.
    public struct Record: Sendable, Equatable {
        public var search: PartnerSearch
        public var consortium: Consortium
        public var version: Int
        public var createdBy: Int64?
    }

    // MARK: Reading

    static let columns = """
        id, owner_id, title, kind, description, call_id, competences, sought_types, target_countries, min_countries, \
        min_members, max_members, need_less_developed, deadline, status, consortium_status, agreement_title, \
        agreement_date, agreement_note, created_by, created_at, updated_at, version
        """

    func decodeList(_ json: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? []
    }

    func decode(_ row: any SQLRow) throws -> (PartnerSearch, status: Consortium.Status, agreement: Consortium.Agreement?, version: Int, createdBy: Int64?) {
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
        var agreement: Consortium.Agreement?
        if let title = try row.decode(column: "agreement_title", as: String?.self) {
            agreement = Consortium.Agreement(
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

    func record(_ id: Int64, on db: any SQLDatabase) async throws -> Record? {
        guard let row = try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM partner_searches WHERE id = \(bind: id)").first() else { return nil }
        let (search, status, agreement, version, createdBy) = try decode(row)
        let members = try await Self.members(id, on: db)
        return Record(
            search: search, consortium: Consortium(status: status, members: members, agreement: agreement),
            version: version, createdBy: createdBy)
    }

    public func find(id: Int64) async throws -> Record? {
        try await database.withConnection { db in try await record(id, on: db) }
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
    public func list(_ filter: Filter, today: String, page: Int, perPage: Int) async throws -> (total: Int, items: [Record]) {
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
                Record(
                    search: search, consortium: Consortium(status: status, members: members[search.id] ?? [], agreement: agreement),
                    version: version, createdBy: createdBy)
            }
            return (total, items)
        }
    }

    /// Every search open on `today`, with its consortium: what `recommended-partner-searches` ranks.
    public func openSearches(today: String, limit: Int = 5_000) async throws -> [Record] {
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
    public func create(_ search: PartnerSearch, createdBy: Int64?, actor: String, now: Date = Date()) async throws -> Record {
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
    public func update(_ search: PartnerSearch, expectedVersion: Int?, actor: String, now: Date = Date()) async throws -> Record {
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
    public func updateConsortium(searchID: Int64, status: Consortium.Status, agreement: Consortium.Agreement?, actor: String, now: Date = Date()) async throws {
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

    // MARK: Interest

    public struct InterestView: Sendable, Equatable {
        public var interest: Interest
        public var organisationName: String
        public var organisationSlug: String
        public var personName: String?
    }

    public func interests(searchID: Int64) async throws -> [InterestView] {
        try await database.withConnection { db in
            try await db.raw(
                """
                SELECT i.id, i.search_id, i.organisation_id, i.user_id, i.message, i.status, i.created_at, i.updated_at, o.name, o.slug, u.name AS person
                FROM partner_search_interests i JOIN organisations o ON o.id = i.organisation_id LEFT JOIN users u ON u.id = i.user_id
                WHERE i.search_id = \(bind: searchID) ORDER BY i.created_at, i.id
                """
            ).all().map(Self.interestView)
        }
    }

    static func interestView(_ row: any SQLRow) throws -> InterestView {
        InterestView(
            interest: try interest(row), organisationName: try row.decode(column: "name", as: String.self),
            organisationSlug: try row.decode(column: "slug", as: String.self),
            personName: try row.decode(column: "person", as: String?.self))
    }

    static func interest(_ row: any SQLRow) throws -> Interest {
        Interest(
            id: try row.decode(column: "id", as: Int64.self), searchID: try row.decode(column: "search_id", as: Int64.self),
            organisationID: try row.decode(column: "organisation_id", as: Int64.self), userID: try row.decode(column: "user_id", as: Int64?.self),
            message: try row.decode(column: "message", as: String.self),
            status: Interest.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .pending,
            createdAt: StoredTime.date(try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: StoredTime.date(try row.decode(column: "updated_at", as: Int64.self)))
    }

    public func interest(id: Int64) async throws -> Interest? {
        try await database.withConnection { db in
            try await db.raw(
                "SELECT id, search_id, organisation_id, user_id, message, status, created_at, updated_at FROM partner_search_interests WHERE id = \(bind: id)"
            )
            .first().map(Self.interest)
        }
    }

    /// An organisation's expression of interest, by a member of its team. Once per organisation: a second
    /// one is refused while the first stands; after a withdrawal the organisation may express it again.
    public func expressInterest(searchID: Int64, organisationID: Int64, userID: Int64?, message: String, today: String, now: Date = Date()) async throws
        -> Interest
    {
        try await database.transaction { db in
            guard let record = try await record(searchID, on: db) else { throw Refusal(.notFound, "partner search \(searchID)") }
            guard record.search.isOpen(today: today) else {
                throw Refusal(.conflict, "the partner search is \(record.search.effectiveStatus(today: today).label.lowercased()) and takes no more interest")
            }
            guard let org = try await db.raw("SELECT name, status FROM organisations WHERE id = \(bind: organisationID)").first() else {
                throw Refusal(.notFound, "organisation \(organisationID)")
            }
            guard try org.decode(column: "status", as: String.self) == ProfileStatus.published.rawValue else {
                throw Refusal(.conflict, "only a published organisation can express interest")
            }
            if record.consortium.memberIDs.contains(organisationID) {
                throw Refusal(.conflict, "the organisation is already in this consortium")
            }
            let name = try org.decode(column: "name", as: String.self)
            if let existing = try await db.raw(
                "SELECT id, status FROM partner_search_interests WHERE search_id = \(bind: searchID) AND organisation_id = \(bind: organisationID)"
            ).first() {
                let status = try existing.decode(column: "status", as: String.self)
                guard status == Interest.Status.withdrawn.rawValue else {
                    throw Refusal(.conflict, "\(name) has already expressed interest in this search (\(status))")
                }
                try await db.raw(
                    """
                    UPDATE partner_search_interests SET user_id = \(bind: userID), message = \(bind: message), status = 'pending', updated_at = \(bind: Self.ms(now)), decided_by = NULL
                    WHERE id = \(bind: try existing.decode(column: "id", as: Int64.self))
                    """
                ).run()
            } else {
                try await db.raw(
                    """
                    INSERT INTO partner_search_interests (search_id, organisation_id, user_id, message, status, created_at, updated_at)
                    VALUES (\(bind: searchID), \(bind: organisationID), \(bind: userID), \(bind: message), 'pending', \(bind: Self.ms(now)), \(bind: Self.ms(now)))
                    """
                ).run()
            }
            let link = "/partner-searches/\(searchID)"
            let text = "\(name) expressed interest in “\(record.search.title)”"
            let told = try await notifyTeam(
                of: record.search.ownerID, except: userID, kind: "partnering-interest", message: text, link: link,
                subject: text, body: text + (message.isEmpty ? "." : ":\n\n\(message)"), now: now, on: db)
            try await notifyFollowers(
                searchID, except: told.union(userID.map { [$0] } ?? []), kind: "partnering-interest", message: text, link: link,
                body: text + ".", now: now, on: db)
            guard
                let row = try await db.raw(
                    "SELECT id, search_id, organisation_id, user_id, message, status, created_at, updated_at FROM partner_search_interests WHERE search_id = \(bind: searchID) AND organisation_id = \(bind: organisationID)"
                ).first()
            else {
                throw Refusal(.notFound, "interest")
            }
            return try Self.interest(row)
        }
    }

    /// Withdraws an interest; an accepted organisation also leaves the consortium.
    public func withdrawInterest(id: Int64, now: Date = Date()) async throws {
        try await database.transaction { db in
            guard
                let row = try await db.raw(
                    "SELECT id, search_id, organisation_id, user_id, message, status, created_at, updated_at FROM partner_search_interests WHERE id = \(bind: id)"
                ).first()
            else {
                throw Refusal(.notFound, "interest \(id)")
            }
            let interest = try Self.interest(row)
            guard interest.status == .pending || interest.status == .accepted else {
                throw Refusal(.conflict, "this interest is already \(interest.status.rawValue)")
            }
            try await db.raw("UPDATE partner_search_interests SET status = 'withdrawn', updated_at = \(bind: Self.ms(now)) WHERE id = \(bind: id)").run()
            try await db.raw(
                "DELETE FROM consortium_members WHERE search_id = \(bind: interest.searchID) AND organisation_id = \(bind: interest.organisationID) AND role = 'partner'"
            ).run()
        }
    }

    /// The owner team's decision: accepting adds the organisation to the consortium.
    public func decideInterest(id: Int64, accept: Bool, decidedBy: Int64, actor: String, now: Date = Date()) async throws {
        try await database.transaction { db in
            guard
                let row = try await db.raw(
                    "SELECT id, search_id, organisation_id, user_id, message, status, created_at, updated_at FROM partner_search_interests WHERE id = \(bind: id)"
                ).first()
            else {
                throw Refusal(.notFound, "interest \(id)")
            }
            let interest = try Self.interest(row)
            switch interest.status {
            case .pending: break
            case .withdrawn: throw Refusal(.conflict, "the organisation withdrew its interest; it cannot be \(accept ? "accepted" : "declined")")
            case .accepted, .declined: throw Refusal(.conflict, "this interest was already \(interest.status.rawValue)")
            }
            guard let record = try await record(interest.searchID, on: db) else { throw Refusal(.notFound, "partner search \(interest.searchID)") }
            if accept && record.consortium.members.count >= record.search.maxMembers {
                throw Refusal(.conflict, "the consortium already has \(record.consortium.members.count) members, the search's maximum; raise max_members first")
            }
            try await db.raw(
                "UPDATE partner_search_interests SET status = \(bind: accept ? "accepted" : "declined"), updated_at = \(bind: Self.ms(now)), decided_by = \(bind: decidedBy) WHERE id = \(bind: id)"
            ).run()
            if accept {
                try await db.raw(
                    "INSERT INTO consortium_members (search_id, organisation_id, role, joined_at) VALUES (\(bind: interest.searchID), \(bind: interest.organisationID), 'partner', \(bind: Self.ms(now)))"
                ).run()
            }
            let text = "Your interest in “\(record.search.title)” was \(accept ? "accepted: you are in the consortium" : "declined")"
            try await notifyTeam(
                of: interest.organisationID, except: nil, kind: "partnering-decision", message: text,
                link: "/partner-searches/\(interest.searchID)", subject: text, body: text + ".", now: now, on: db)
            try await AuditLog.append(
                actor: actor, action: "partner search: interest \(accept ? "accepted" : "declined")",
                subject: "partner search \(interest.searchID)", detail: "organisation \(interest.organisationID)", now: now, on: db)
        }
    }

    // MARK: Comments and follows

    public struct Comment: Sendable, Equatable {
        public var id: Int64
        public var parentID: Int64?
        public var userID: Int64?
        public var author: String
        public var body: String
        public var createdAt: Date
    }

    public func comments(searchID: Int64) async throws -> [Comment] {
        try await database.withConnection { db in
            try await db.raw(
                "SELECT id, parent_id, user_id, author, body, created_at FROM partner_search_comments WHERE search_id = \(bind: searchID) ORDER BY created_at, id"
            ).all().map { row in
                Comment(
                    id: try row.decode(column: "id", as: Int64.self), parentID: try row.decode(column: "parent_id", as: Int64?.self),
                    userID: try row.decode(column: "user_id", as: Int64?.self), author: try row.decode(column: "author", as: String.self),
                    body: try row.decode(column: "body", as: String.self),
                    createdAt: StoredTime.date(try row.decode(column: "created_at", as: Int64.self)))
            }
        }
    }

    /// A comment, or a reply to a top-level comment (threads are one level deep).
    public func comment(searchID: Int64, parentID: Int64?, userID: Int64, author: String, body: String, now: Date = Date()) async throws -> Int64 {
        try await database.transaction { db in
            guard let row = try await db.raw("SELECT title FROM partner_searches WHERE id = \(bind: searchID)").first() else {
                throw Refusal(.notFound, "partner search \(searchID)")
            }
            let title = try row.decode(column: "title", as: String.self)
            if let parentID {
                guard
                    let parent = try await db.raw(
                        "SELECT parent_id FROM partner_search_comments WHERE id = \(bind: parentID) AND search_id = \(bind: searchID)"
                    ).first()
                else {
                    throw Refusal(.invalid, "parent_id \(parentID) is not a comment on this search")
                }
                guard try parent.decode(column: "parent_id", as: Int64?.self) == nil else {
                    throw Refusal(.invalid, "replies are one level deep: answer the top-level comment instead")
                }
            }
            guard
                let inserted = try await db.raw(
                    """
                    INSERT INTO partner_search_comments (search_id, parent_id, user_id, author, body, created_at)
                    VALUES (\(bind: searchID), \(bind: parentID), \(bind: userID), \(bind: author), \(bind: body), \(bind: Self.ms(now))) RETURNING id
                    """
                ).first()
            else { throw Refusal(.conflict, "the comment was not stored") }
            let text = "\(author) commented on “\(title)”"
            try await notifyFollowers(
                searchID, except: [userID], kind: "partnering-comment", message: text, link: "/partner-searches/\(searchID)",
                body: text + ":\n\n\(body)", now: now, on: db)
            return try inserted.decode(column: "id", as: Int64.self)
        }
    }

    public func isFollowing(searchID: Int64, userID: Int64) async throws -> Bool {
        try await database.withConnection { db in
            try await db.raw("SELECT user_id FROM partner_search_follows WHERE search_id = \(bind: searchID) AND user_id = \(bind: userID)").first() != nil
        }
    }

    public func follow(searchID: Int64, userID: Int64, _ on: Bool, now: Date = Date()) async throws {
        try await database.transaction { db in
            guard try await db.raw("SELECT id FROM partner_searches WHERE id = \(bind: searchID)").first() != nil else {
                throw Refusal(.notFound, "partner search \(searchID)")
            }
            try await db.raw("DELETE FROM partner_search_follows WHERE search_id = \(bind: searchID) AND user_id = \(bind: userID)").run()
            if on {
                try await db.raw(
                    "INSERT INTO partner_search_follows (search_id, user_id, created_at) VALUES (\(bind: searchID), \(bind: userID), \(bind: Self.ms(now)))"
                ).run()
            }
        }
    }

    public func followerCount(searchID: Int64) async throws -> Int {
        try await database.withConnection { db in
            try await db.raw("SELECT COUNT(*) AS n FROM partner_search_follows WHERE search_id = \(bind: searchID)").first()?.decode(column: "n", as: Int.self)
                ?? 0
        }
    }

    // MARK: Invitations

    /// The owner team invites an organisation (typically a recommended one) to express interest; its team
    /// is notified in the app and by e-mail. Once per organisation and search.
    public func invite(searchID: Int64, organisationID: Int64, invitedBy: Int64, actor: String, today: String, now: Date = Date()) async throws {
        try await database.transaction { db in
            guard let record = try await record(searchID, on: db) else { throw Refusal(.notFound, "partner search \(searchID)") }
            guard record.search.isOpen(today: today) else { throw Refusal(.conflict, "the partner search is not open") }
            guard let org = try await db.raw("SELECT name, status FROM organisations WHERE id = \(bind: organisationID)").first(),
                try org.decode(column: "status", as: String.self) == ProfileStatus.published.rawValue
            else {
                throw Refusal(.notFound, "published organisation \(organisationID)")
            }
            if record.consortium.memberIDs.contains(organisationID) { throw Refusal(.conflict, "the organisation is already in the consortium") }
            if try await db.raw(
                "SELECT organisation_id FROM partner_search_invitations WHERE search_id = \(bind: searchID) AND organisation_id = \(bind: organisationID)"
            ).first() != nil {
                throw Refusal(.conflict, "\(try org.decode(column: "name", as: String.self)) was already invited to this search")
            }
            try await db.raw(
                "INSERT INTO partner_search_invitations (search_id, organisation_id, invited_by, created_at) VALUES (\(bind: searchID), \(bind: organisationID), \(bind: invitedBy), \(bind: Self.ms(now)))"
            ).run()
            let owner =
                try await db.raw("SELECT name FROM organisations WHERE id = \(bind: record.search.ownerID)").first()?.decode(column: "name", as: String.self)
                ?? "An organisation"
            let text = "\(owner) invites you to express interest in “\(record.search.title)”"
            try await notifyTeam(
                of: organisationID, except: nil, kind: "partnering-invitation", message: text, link: "/partner-searches/\(searchID)",
                subject: text, body: text + ". The partnering tool recommends your organisation for this consortium.", now: now, on: db)
            try await AuditLog.append(
                actor: actor, action: "partner search: invitation", subject: "partner search \(searchID)", detail: "organisation \(organisationID)", now: now,
                on: db)
        }
    }

    public func invitedOrganisations(searchID: Int64) async throws -> Set<Int64> {
        try await database.withConnection { db in
            Set(
                try await db.raw("SELECT organisation_id FROM partner_search_invitations WHERE search_id = \(bind: searchID)").all().map {
                    try $0.decode(column: "organisation_id", as: Int64.self)
                })
        }
    }

    // MARK: Notifying

    /// In-app notification and (if wanted) e-mail to each member of an organisation's team.
    @discardableResult
    func notifyTeam(
        of organisationID: Int64, except: Int64?, kind: String, message: String, link: String, subject: String, body: String,
        now: Date, on db: any SQLDatabase
    ) async throws -> Set<Int64> {
        try await NotificationRepository.tellTeam(
            of: organisationID, except: except, kind: kind, message: message, link: link, subject: subject,
            body: body, publicURL: publicURL, now: now, on: db)
    }

    func notifyFollowers(_ searchID: Int64, except: Set<Int64>, kind: String, message: String, link: String, body: String, now: Date, on db: any SQLDatabase)
        async throws
    {
        let followers = try await db.raw(
            "SELECT u.id, u.email, u.name FROM partner_search_follows f JOIN users u ON u.id = f.user_id WHERE f.search_id = \(bind: searchID)"
        ).all()
        for person in followers {
            let id = try person.decode(column: "id", as: Int64.self)
            if except.contains(id) { continue }
            try await NotificationRepository.tell(
                userID: id, email: try person.decode(column: "email", as: String.self), name: try person.decode(column: "name", as: String.self),
                kind: kind, message: message, link: link, subject: message, body: body, publicURL: publicURL, now: now, on: db)
        }
    }

}

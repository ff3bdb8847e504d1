import ClusterCollabCore
import Foundation
import SQLKit

/// Stores organisation profiles. Every write bumps the directory revision so that each app instance can
/// bring its in-process directory index up to date with `changes(since:)`.
public struct OrganisationRepository: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    // MARK: Reads

    public func find(id: Int64) async throws -> Organisation? {
        try await database.withConnection { db in
            try await db.raw("SELECT profile FROM organisations WHERE id = \(bind: id)").first().map(Self.decode)
        }
    }

    /// Several organisations by id in one read, keyed by id (missing ids are absent).
    public func find(ids: [Int64]) async throws -> [Int64: Organisation] {
        guard !ids.isEmpty else { return [:] }
        let list = Set(ids).map(String.init).joined(separator: ",")
        return try await database.withConnection { db in
            let found = try await db.raw("SELECT profile FROM organisations WHERE id IN (\(unsafeRaw: list))").all().map(Self.decode)
            return Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    public func find(slug: String) async throws -> Organisation? {
        try await database.withConnection { db in
            try await db.raw("SELECT profile FROM organisations WHERE slug = \(bind: slug)").first().map(Self.decode)
        }
    }

    /// The organisation with this name (compared case- and accent-insensitively) in this country: the key
    /// an import uses to decide between create and update.
    public func find(name: String, country: String) async throws -> Organisation? {
        let key = TextFolding.fold(name)
        return try await database.withConnection { db in
            try await db.raw("SELECT profile FROM organisations WHERE country = \(bind: country) AND name_key = \(bind: key)")
                .first().map(Self.decode)
        }
    }

    /// Every organisation, optionally of one status, by id.
    public func all(status: ProfileStatus? = nil) async throws -> [Organisation] {
        try await database.withConnection { db in
            let rows: [any SQLRow]
            if let status {
                rows = try await db.raw("SELECT profile FROM organisations WHERE status = \(bind: status.rawValue) ORDER BY id").all()
            } else {
                rows = try await db.raw("SELECT profile FROM organisations ORDER BY id").all()
            }
            return try rows.map(Self.decode)
        }
    }

    /// One page of organisations of a status in id order, after `afterID` (for reading everything in
    /// bounded memory).
    public func page(status: ProfileStatus, afterID: Int64, limit: Int) async throws -> [Organisation] {
        let documents = try await database.withConnection { db in
            try await db.raw(
                "SELECT profile FROM organisations WHERE status = \(bind: status.rawValue) AND id > \(bind: afterID) ORDER BY id LIMIT \(bind: limit)"
            )
            .all().map { try $0.decode(column: "profile", as: String.self) }
        }
        return try Self.decode(documents)
    }

    /// Decodes stored profile documents in order, on every core when there are many: reading a large
    /// directory at start is mostly JSON decoding, which one core would do alone.
    static func decode(_ documents: [String]) throws -> [Organisation] {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        guard documents.count >= 256, cores > 1 else {
            return try documents.map { try OrganisationJSON.decoder.decode(Organisation.self, from: Data($0.utf8)) }
        }
        let parts = ParallelParts<Organisation>(count: cores)
        DispatchQueue.concurrentPerform(iterations: cores) { part in
            let range = (part * documents.count / cores)..<((part + 1) * documents.count / cores)
            do {
                parts.values[part] = try range.map { try OrganisationJSON.decoder.decode(Organisation.self, from: Data(documents[$0].utf8)) }
            } catch {
                parts.errors[part] = error
            }
        }
        for part in 0..<cores { if let error = parts.errors[part] { throw error } }
        return (0..<cores).flatMap { parts.values[$0] }
    }

    /// Every organisation of a country, whatever its status (for duplicate warnings).
    public func all(country: String) async throws -> [Organisation] {
        try await database.withConnection { db in
            try await db.raw("SELECT profile FROM organisations WHERE country = \(bind: country) ORDER BY id").all().map(Self.decode)
        }
    }

    /// How many published organisations of `country` name each region (NUTS code or free text; nil for none),
    /// most first: the map's country page.
    public func publishedRegionCounts(country: String) async throws -> [(region: String?, count: Int)] {
        try await database.withConnection { db in
            try await db.raw(
                """
                SELECT region, COUNT(*) AS n FROM organisations WHERE country = \(bind: country) AND status = 'published'
                GROUP BY region ORDER BY n DESC, region
                """
            ).all().map { (try $0.decode(column: "region", as: String?.self), try $0.decode(column: "n", as: Int.self)) }
        }
    }

    /// The ids of the organisations first published in `from ..< until` and published still, oldest first:
    /// what is new in the directory over a period (alerts), whatever was edited since.
    public func publishedIDs(from: Date, until: Date) async throws -> [Int64] {
        try await database.withConnection { db in
            try await db.raw(
                """
                SELECT id FROM organisations WHERE status = 'published'
                  AND published_at >= \(bind: Self.millis(from)) AND published_at < \(bind: Self.millis(until))
                ORDER BY published_at, id
                """
            ).all().map { try $0.decode(column: "id", as: Int64.self) }
        }
    }

    public func count(status: ProfileStatus? = nil) async throws -> Int {
        try await database.withConnection { db in
            let row =
                if let status {
                    try await db.raw("SELECT COUNT(*) AS n FROM organisations WHERE status = \(bind: status.rawValue)").first()
                } else {
                    try await db.raw("SELECT COUNT(*) AS n FROM organisations").first()
                }
            return try row?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    /// The current directory revision.
    public func revision() async throws -> Int64 {
        try await database.withConnection { db in
            try await db.raw("SELECT value FROM directory_revision WHERE id = 1").first()?.decode(column: "value", as: Int64.self) ?? 0
        }
    }

    /// The current directory revision and when it was reached: the version of the open-data downloads.
    public func version() async throws -> (revision: Int64, changedAt: Date) {
        try await database.withConnection { db in
            guard let row = try await db.raw("SELECT value, changed_at FROM directory_revision WHERE id = 1").first() else {
                return (0, Date(timeIntervalSince1970: 0))
            }
            let at = try row.decode(column: "changed_at", as: Int64.self)
            return (try row.decode(column: "value", as: Int64.self), Date(timeIntervalSince1970: Double(at) / 1000))
        }
    }

    /// Organisations written and ids deleted after `revision`.
    public func changes(since revision: Int64) async throws -> DirectoryChanges {
        try await database.withConnection { db in
            let current =
                try await db.raw("SELECT value FROM directory_revision WHERE id = 1").first()?
                .decode(column: "value", as: Int64.self) ?? 0
            if current == revision { return DirectoryChanges(upserts: [], removals: [], revision: current) }
            let rows = try await db.raw(
                "SELECT profile FROM organisations WHERE revision > \(bind: revision) AND revision <= \(bind: current) ORDER BY revision"
            ).all()
            let gone = try await db.raw(
                "SELECT organisation_id FROM organisation_deletions WHERE revision > \(bind: revision) AND revision <= \(bind: current)"
            ).all()
            return DirectoryChanges(
                upserts: try rows.map(Self.decode),
                removals: try gone.map { try $0.decode(column: "organisation_id", as: Int64.self) },
                revision: current)
        }
    }

    // MARK: Writes (each commits whole or changes nothing)

    /// Stores a new organisation and returns it with its id, slug and timestamps. The caller has validated
    /// it; the one rule only the database can check, a unique name per country, is checked here.
    public func create(_ organisation: Organisation, actor: String? = nil, now: Date = Date()) async throws -> Organisation {
        try await database.transaction { db in
            let revision = try await Self.bumpRevision(db)
            let stored = try await Self.insert(organisation, now: now, revision: revision, on: db)
            if let actor {
                try await TeamRepository.record(
                    stored.id, actor: actor, action: ProfileHistory.created, changes: ProfileWorkflow.changes(from: nil, to: stored), now: now, on: db)
            }
            return stored
        }
    }

    /// Replaces a stored organisation (by `id`). Returns nil when it does not exist.
    public func update(_ organisation: Organisation, actor: String? = nil, now: Date = Date()) async throws -> Organisation? {
        try await database.transaction { db in
            let before = try await db.raw("SELECT profile FROM organisations WHERE id = \(bind: organisation.id)").first().map(Self.decode)
            let revision = try await Self.bumpRevision(db)
            let stored = try await Self.replace(organisation, now: now, revision: revision, on: db)
            if let actor, let stored {
                try await TeamRepository.record(
                    stored.id, actor: actor, action: ProfileHistory.edited, changes: ProfileWorkflow.changes(from: before, to: stored), now: now, on: db)
            }
            return stored
        }
    }

    /// Deletes an organisation; false when there was none.
    public func delete(id: Int64, actor: String? = nil) async throws -> Bool {
        try await database.transaction { db in
            guard try await db.raw("SELECT id FROM organisations WHERE id = \(bind: id)").first() != nil else { return false }
            if let actor {
                try await TeamRepository.record(id, actor: actor, action: ProfileHistory.deleted, changes: [:], now: Date(), on: db)
            }
            let revision = try await Self.bumpRevision(db)
            try await db.raw("DELETE FROM organisations WHERE id = \(bind: id)").run()
            try await db.raw("INSERT INTO organisation_deletions (organisation_id, revision) VALUES (\(bind: id), \(bind: revision))").run()
            return true
        }
    }

    /// Writes many profiles in one transaction (imports, demo data): all of them or none. `progress` is
    /// called with the number written so far.
    @discardableResult
    public func write(
        _ items: [OrganisationBatchItem], now: Date = Date(),
        progress: (@Sendable (Int) -> Void)? = nil
    ) async throws -> [Organisation] {
        try await database.transaction { db in
            let revision = try await Self.bumpRevision(db)
            var taken = Set(try await db.raw("SELECT slug FROM organisations").all().map { try $0.decode(column: "slug", as: String.self) })
            var written: [Organisation] = []
            written.reserveCapacity(items.count)
            var pending: [Organisation] = []
            func flush() async throws {
                written += try await Self.insertMany(pending, revision: revision, on: db)
                pending.removeAll(keepingCapacity: true)
                progress?(written.count)
            }
            for item in items {
                switch item {
                case .create(var org):
                    org.slug = Self.uniqueSlug(for: org, taken: taken)
                    taken.insert(org.slug)
                    org.createdAt = org.createdAt.timeIntervalSince1970 == 0 ? Self.seconds(now) : Self.seconds(org.createdAt)
                    org.updatedAt = org.updatedAt.timeIntervalSince1970 == 0 ? org.createdAt : Self.seconds(org.updatedAt)
                    pending.append(org)
                    if pending.count >= 500 { try await flush() }
                case .update(let org):
                    if !pending.isEmpty { try await flush() }
                    if let stored = try await Self.replace(org, now: now, revision: revision, on: db) {
                        written.append(stored)
                    } else {
                        throw ValidationErrors(["id": "organisation \(org.id) does not exist"])
                    }
                }
            }
            if !pending.isEmpty { try await flush() }
            return written
        }
    }

    // MARK: SQL

    static func decode(_ row: any SQLRow) throws -> Organisation {
        let json = try row.decode(column: "profile", as: String.self)
        return try OrganisationJSON.decoder.decode(Organisation.self, from: Data(json.utf8))
    }

    static func encode(_ organisation: Organisation) throws -> String {
        String(decoding: try OrganisationJSON.encoder.encode(organisation), as: UTF8.self)
    }

    /// Stored timestamps have whole seconds, so what is read back equals what was written.
    static func seconds(_ date: Date) -> Date { Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)) }

    /// The words the database's full-text index sees: the searchable fields, folded like the directory
    /// index folds them, so "pole" finds "Pôle" on both databases.
    static func searchText(_ o: Organisation) -> String {
        let fields = [
            o.name, o.acronym ?? "", o.description ?? "", o.secondDescription ?? "", o.tags.joined(separator: " "),
            o.s3Priorities.joined(separator: " "), o.infrastructures.map(\.description).joined(separator: " "),
        ]
        return TextFolding.words(fields.joined(separator: " ")).joined(separator: " ")
    }

    static func millis(_ date: Date) -> Int64 { StoredTime.millis(date) }

    static func bumpRevision(_ db: any SQLDatabase) async throws -> Int64 {
        try await db.raw(
            "UPDATE directory_revision SET value = value + 1, changed_at = \(bind: millis(Date())) WHERE id = 1 RETURNING value"
        ).first()!
        .decode(column: "value", as: Int64.self)
    }

    static func uniqueSlug(for organisation: Organisation, taken: Set<String>) -> String {
        let base = TextFolding.slug(organisation.name)
        if !taken.contains(base) { return base }
        let withCountry = base + "-" + organisation.country.lowercased()
        if !taken.contains(withCountry) { return withCountry }
        var n = 2
        while taken.contains("\(withCountry)-\(n)") { n += 1 }
        return "\(withCountry)-\(n)"
    }

    static func duplicateNameError(_ organisation: Organisation) -> ValidationErrors {
        ValidationErrors(["name": "an organisation named \"\(organisation.name)\" already exists in \(organisation.country)"])
    }

    static func insert(_ organisation: Organisation, now: Date, revision: Int64, on db: any SQLDatabase) async throws -> Organisation {
        var org = organisation
        let key = TextFolding.fold(org.name)
        if try await db.raw("SELECT id FROM organisations WHERE country = \(bind: org.country) AND name_key = \(bind: key)").first() != nil {
            throw duplicateNameError(org)
        }
        let base = TextFolding.slug(org.name)
        let taken = Set(
            try await db.raw("SELECT slug FROM organisations WHERE slug LIKE \(bind: base + "%")").all()
                .map { try $0.decode(column: "slug", as: String.self) })
        org.slug = uniqueSlug(for: org, taken: taken)
        org.createdAt = seconds(now)
        org.updatedAt = org.createdAt
        return try await insertMany([org], revision: revision, on: db)[0]
    }

    /// Inserts rows with one multi-row statement (ids come back in insertion order).
    static func insertMany(_ organisations: [Organisation], revision: Int64, on db: any SQLDatabase) async throws -> [Organisation] {
        guard !organisations.isEmpty else { return [] }
        // Ids are taken first so the stored JSON document carries its own id.
        var stored: [Organisation] = []
        var keys = Set<String>()
        for org in organisations {
            let key = org.country + "|" + TextFolding.fold(org.name)
            if !keys.insert(key).inserted { throw duplicateNameError(org) }
        }
        let maxRow = try await db.raw("SELECT COALESCE(MAX(id), 0) AS m FROM organisations").first()
        var nextID = try maxRow?.decode(column: "m", as: Int64.self) ?? 0
        var sql = SQLQueryString(
            "INSERT INTO organisations (id, slug, name, name_key, acronym, type, country, region, status, profile, search_text, created_at, updated_at, revision, published_at) VALUES "
        )
        for (i, original) in organisations.enumerated() {
            var org = original
            nextID += 1
            org.id = nextID
            stored.append(org)
            if i > 0 { sql.appendLiteral(", ") }
            sql.appendLiteral("(")
            sql.appendInterpolation(binds: [
                org.id, org.slug, org.name, TextFolding.fold(org.name), org.acronym,
                org.type.rawValue, org.country, org.region, org.status.rawValue,
                try encode(org), searchText(org), millis(org.createdAt), millis(org.updatedAt), revision,
                // A profile created published (an import, the demo) was published when it was created.
                org.status == .published ? millis(org.createdAt) : nil,
            ])
            sql.appendLiteral(")")
        }
        do {
            try await db.raw(sql).run()
        } catch {
            // The unique (country, name) index is the last word when two writers race.
            if "\(error)".lowercased().contains("unique") || "\(error)".contains("23505") {
                throw ValidationErrors(["name": "an organisation with this name already exists in this country"])
            }
            throw error
        }
        if db.dialect.name == "postgresql" {
            // Explicit ids leave PostgreSQL's sequence behind; move it past them.
            try await db.raw("SELECT setval(pg_get_serial_sequence('organisations', 'id'), (SELECT MAX(id) FROM organisations))").run()
        }
        return stored
    }

    static func replace(_ organisation: Organisation, now: Date, revision: Int64, on db: any SQLDatabase) async throws -> Organisation? {
        guard let row = try await db.raw("SELECT profile FROM organisations WHERE id = \(bind: organisation.id)").first() else { return nil }
        let old = try decode(row)
        var org = organisation
        org.slug = old.slug
        org.createdAt = old.createdAt
        org.updatedAt = seconds(now)
        let key = TextFolding.fold(org.name)
        if try await db.raw("SELECT id FROM organisations WHERE country = \(bind: org.country) AND name_key = \(bind: key) AND id <> \(bind: org.id)").first()
            != nil
        {
            throw duplicateNameError(org)
        }
        try await db.raw(
            """
            UPDATE organisations SET name = \(bind: org.name), name_key = \(bind: key), acronym = \(bind: org.acronym),
              type = \(bind: org.type.rawValue), country = \(bind: org.country), region = \(bind: org.region),
              status = \(bind: org.status.rawValue), profile = \(bind: try encode(org)), search_text = \(bind: searchText(org)),
              updated_at = \(bind: millis(org.updatedAt)), revision = \(bind: revision),
              published_at = COALESCE(published_at, \(bind: org.status == .published ? millis(org.updatedAt) : nil))
            WHERE id = \(bind: org.id)
            """
        ).run()
        return org
    }
}

/// What changed in the directory after a revision.
public struct DirectoryChanges: Sendable {
    public var upserts: [Organisation]
    public var removals: [Int64]
    /// The revision the reader is now at.
    public var revision: Int64
}

/// One step of a batch write: create a new profile or replace a stored one (matched by `id`).
public enum OrganisationBatchItem: Sendable {
    case create(Organisation)
    case update(Organisation)
}

/// One result slot per part of a `DispatchQueue.concurrentPerform`: each part writes only its own slot and
/// the caller reads them after it returns, so unsynchronised storage is safe.
private final class ParallelParts<Value>: @unchecked Sendable {
    let count: Int
    let values: UnsafeMutablePointer<[Value]>
    let errors: UnsafeMutablePointer<(any Error)?>

    init(count: Int) {
        self.count = count
        values = .allocate(capacity: count)
        values.initialize(repeating: [], count: count)
        errors = .allocate(capacity: count)
        errors.initialize(repeating: nil, count: count)
    }

    deinit {
        values.deinitialize(count: count)
        values.deallocate()
        errors.deinitialize(count: count)
        errors.deallocate()
    }
}

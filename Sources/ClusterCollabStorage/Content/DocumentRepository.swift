import ClusterCollabContent
import ClusterCollabCore
import Foundation
import SQLKit

/// A document as stored, with its owner organisation as it is named today (nil for the platform's own).
public struct StoredDocument: Sendable, Equatable {
    public struct Owner: Sendable, Equatable {
        public var id: Int64
        public var name: String
        public var slug: String
        public var isPublished: Bool
    }
    public var document: Document
    public var organisation: Owner?
}

/// A document's file, as a download sends it.
public struct DocumentFile: Sendable {
    public var fileName: String
    public var fileType: FileType
    public var data: Data
}

/// The document library: descriptions in `documents`, bytes in `document_files` (read only for a
/// download), tags indexed in `document_tags`. It only reads and writes: the rules (`DocumentInput`) and
/// who may upload (`DocumentRules`) are decided before.
public struct DocumentRepository: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    // MARK: Reading

    static let columns = """
        d.id, d.title, d.kind, d.document_date, d.language, d.tags, d.organisation_id, d.description, d.file_name, d.file_type, d.byte_size, \
        d.uploaded_by, d.created_at, o.name AS owner_name, o.slug AS owner_slug, o.status AS owner_status
        """
    static let from = "documents d LEFT JOIN organisations o ON o.id = d.organisation_id"

    static func decode(_ row: any SQLRow) throws -> StoredDocument {
        let organisationID = try row.decode(column: "organisation_id", as: Int64?.self)
        let tags = (try? JSONDecoder().decode([String].self, from: Data(try row.decode(column: "tags", as: String.self).utf8))) ?? []
        let document = Document(
            id: try row.decode(column: "id", as: Int64.self), title: try row.decode(column: "title", as: String.self),
            kind: DocumentKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .report,
            date: try row.decode(column: "document_date", as: String.self), language: try row.decode(column: "language", as: String.self),
            tags: tags, owner: organisationID.map(DocumentOwner.organisation) ?? .platform,
            description: try row.decode(column: "description", as: String.self), fileName: try row.decode(column: "file_name", as: String.self),
            fileType: FileType(rawValue: try row.decode(column: "file_type", as: String.self)) ?? .pdf,
            byteSize: try row.decode(column: "byte_size", as: Int.self), uploadedBy: try row.decode(column: "uploaded_by", as: Int64?.self),
            createdAt: StoredTime.date(try row.decode(column: "created_at", as: Int64.self)))
        var owner: StoredDocument.Owner?
        if let organisationID, let name = try row.decode(column: "owner_name", as: String?.self) {
            owner = StoredDocument.Owner(
                id: organisationID, name: name, slug: try row.decode(column: "owner_slug", as: String?.self) ?? "",
                isPublished: try row.decode(column: "owner_status", as: String?.self) == ProfileStatus.published.rawValue)
        }
        return StoredDocument(document: document, organisation: owner)
    }

    public func find(id: Int64) async throws -> StoredDocument? {
        try await database.withConnection { db in
            try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM \(unsafeRaw: Self.from) WHERE d.id = \(bind: id)").first().map(Self.decode)
        }
    }

    /// What a list can be narrowed by.
    public struct Filter: Sendable, Equatable {
        /// Words that must each appear in the title or the tags (case- and accent-insensitive).
        public var text: String = ""
        public var kind: DocumentKind?
        public var tag: String?
        /// The organisation's documents, or (with `platformOnly`) the platform's own.
        public var organisationID: Int64?
        public var platformOnly = false
        /// Documents of any of these organisations.
        public var organisationIDs: [Int64]?
        public var language: String?
        /// Pictures only (PNG, JPEG, GIF, WebP): what a news article's photo is chosen from.
        public var imagesOnly = false
        public init() {}
    }

    /// One page of documents, the newest date first, and how many match.
    public func list(_ filter: Filter, page: Int, perPage: Int) async throws -> (total: Int, items: [StoredDocument]) {
        try await database.withConnection { db in
            var conditions: [SQLQueryString] = []
            if let kind = filter.kind { conditions.append("d.kind = \(bind: kind.rawValue)") }
            if let tag = filter.tag { conditions.append("d.id IN (SELECT document_id FROM document_tags WHERE tag = \(bind: tag))") }
            if let organisationID = filter.organisationID { conditions.append("d.organisation_id = \(bind: organisationID)") }
            if filter.platformOnly { conditions.append("d.organisation_id IS NULL") }
            if let ids = filter.organisationIDs {
                // Numbers only, so they are written into the statement as they are.
                conditions.append("d.organisation_id IN (\(unsafeRaw: ids.isEmpty ? "NULL" : ids.map(String.init).joined(separator: ",")))")
            }
            if let language = filter.language { conditions.append("d.language = \(bind: language)") }
            if filter.imagesOnly {
                let types = FileType.allCases.filter(\.isImage).map { "'\($0.rawValue)'" }.joined(separator: ",")
                conditions.append("d.file_type IN (\(unsafeRaw: types))")
            }
            for word in TextFolding.words(filter.text).prefix(8) {
                conditions.append("d.search_text LIKE \(bind: "%" + Self.escapeLike(word) + "%") ESCAPE '\\'")
            }
            var whereClause: SQLQueryString = "1 = 1"
            for condition in conditions { whereClause = whereClause + " AND " + condition }
            let total = try await db.raw("SELECT COUNT(*) AS n FROM documents d WHERE " + whereClause).first()?.decode(column: "n", as: Int.self) ?? 0
            let offset = PageBounds.offset(page: page, perPage: perPage) ?? PageBounds.maxOffset
            let rows = try await db.raw(
                "SELECT \(unsafeRaw: Self.columns) FROM \(unsafeRaw: Self.from) WHERE " + whereClause
                    + " ORDER BY d.document_date DESC, d.id DESC LIMIT \(bind: perPage) OFFSET \(bind: offset)"
            ).all()
            return (total, try rows.map(Self.decode))
        }
    }

    /// The tags in use with how many documents have each, most used first.
    public func tags(limit: Int = 30) async throws -> [(tag: String, count: Int)] {
        try await database.withConnection { db in
            try await db.raw("SELECT tag, COUNT(*) AS n FROM document_tags GROUP BY tag ORDER BY n DESC, tag LIMIT \(bind: limit)").all().map {
                (try $0.decode(column: "tag", as: String.self), try $0.decode(column: "n", as: Int.self))
            }
        }
    }

    /// The file of a document, for its download.
    public func file(id: Int64) async throws -> DocumentFile? {
        try await database.withConnection { db in
            guard
                let row = try await db.raw(
                    "SELECT d.file_name, d.file_type, f.data FROM documents d JOIN document_files f ON f.document_id = d.id WHERE d.id = \(bind: id)"
                ).first()
            else { return nil }
            return DocumentFile(
                fileName: try row.decode(column: "file_name", as: String.self),
                fileType: FileType(rawValue: try row.decode(column: "file_type", as: String.self)) ?? .pdf, data: try row.decode(column: "data", as: Data.self))
        }
    }

    // MARK: Writing

    /// Stores a document and its file in one transaction. An organisation owner that no longer exists is
    /// refused (422 naming `owner`) and nothing is stored.
    public func create(_ document: Document, data: Data, actor: String, now: Date = Date()) async throws -> StoredDocument {
        let id = try await database.transaction { db in
            if let organisationID = document.owner.organisationID,
                try await db.raw("SELECT id FROM organisations WHERE id = \(bind: organisationID)").first() == nil
            {
                throw Refusal(.invalid, "organisation \(organisationID) does not exist", fields: ["owner": "names no organisation"])
            }
            let row = try await db.raw(
                """
                INSERT INTO documents (title, kind, document_date, language, tags, organisation_id, description, file_name, file_type, byte_size,
                    search_text, uploaded_by, created_at)
                VALUES (\(bind: document.title), \(bind: document.kind.rawValue), \(bind: document.date), \(bind: document.language),
                    \(bind: Self.json(document.tags)), \(bind: document.owner.organisationID), \(bind: document.description), \(bind: document.fileName),
                    \(bind: document.fileType.rawValue), \(bind: data.count), \(bind: Self.searchText(document)), \(bind: document.uploadedBy),
                    \(bind: StoredTime.millis(now)))
                RETURNING id
                """
            ).first()
            guard let id = try row?.decode(column: "id", as: Int64.self) else { throw Refusal(.conflict, "the document was not stored") }
            try await db.raw("INSERT INTO document_files (document_id, data) VALUES (\(bind: id), \(bind: data))").run()
            for tag in document.tags {
                try await db.raw("INSERT INTO document_tags (document_id, tag) VALUES (\(bind: id), \(bind: tag))").run()
            }
            try await AuditLog.append(
                actor: actor, action: "document: uploaded", subject: "document \(id)", detail: "\(document.title) (\(document.fileName), \(data.count) bytes)",
                now: now, on: db)
            return id
        }
        guard let stored = try await find(id: id) else { throw Refusal(.notFound, "document \(id)") }
        return stored
    }

    /// Removes a document, its file and its tags in one transaction; 404 when it does not exist.
    public func delete(id: Int64, actor: String, now: Date = Date()) async throws {
        try await database.transaction { db in
            guard let row = try await db.raw("SELECT title FROM documents WHERE id = \(bind: id)").first() else {
                throw Refusal(.notFound, "document \(id)")
            }
            // The file and tags go with it (ON DELETE CASCADE); a partnership's agreement link is cleared.
            try await db.raw("DELETE FROM documents WHERE id = \(bind: id)").run()
            try await AuditLog.append(
                actor: actor, action: "document: removed", subject: "document \(id)", detail: try row.decode(column: "title", as: String.self), now: now, on: db
            )
        }
    }

    /// The title and tags, folded, as the list's words are.
    static func searchText(_ document: Document) -> String {
        TextFolding.fold(([document.title] + document.tags).joined(separator: " "))
    }

    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }

    static func json<T: Encodable>(_ value: T) -> String {
        String(decoding: (try? JSONEncoder().encode(value)) ?? Data("[]".utf8), as: UTF8.self)
    }
}

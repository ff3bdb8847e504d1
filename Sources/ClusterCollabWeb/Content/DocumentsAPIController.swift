import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabStorage
import Foundation
import Hummingbird

/// `/api/v1/documents`: the library in the usual list shape (`q`, `kind`, `tag`, `organisation`,
/// `language`), one document, an upload (multipart/form-data with a bearer token, by the upload form's
/// rules) and removal by its owner's team or the platform team.
struct DocumentsAPIController {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.API.documents, use: list)
        router.post(Routes.API.documents, use: create)
        router.get(Routes.API.document, use: show)
        router.delete(Routes.API.document, use: delete)
    }

    struct DocumentDoc: Encodable {
        var id: Int64
        var url: String
        var download_url: String
        var title: String
        var kind: String
        var date: String
        var language: String
        var tags: [String]
        /// `platform` or `organisation`.
        var owner: String
        var organisation_id: Int64?
        var organisation_name: String?
        var description: String
        var file_name: String
        var file_type: String
        var content_type: String
        var byte_size: Int
        var created_at: String

        // Optionals are written as null, so every document has the same fields.
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id); try c.encode(url, forKey: .url); try c.encode(download_url, forKey: .download_url)
            try c.encode(title, forKey: .title); try c.encode(kind, forKey: .kind); try c.encode(date, forKey: .date)
            try c.encode(language, forKey: .language); try c.encode(tags, forKey: .tags); try c.encode(owner, forKey: .owner)
            try c.encode(organisation_id, forKey: .organisation_id); try c.encode(organisation_name, forKey: .organisation_name)
            try c.encode(description, forKey: .description); try c.encode(file_name, forKey: .file_name)
            try c.encode(file_type, forKey: .file_type); try c.encode(content_type, forKey: .content_type)
            try c.encode(byte_size, forKey: .byte_size); try c.encode(created_at, forKey: .created_at)
        }

        enum CodingKeys: String, CodingKey {
            case id, url, download_url, title, kind, date, language, tags, owner, organisation_id, organisation_name, description, file_name
            case file_type, content_type, byte_size, created_at
        }
    }

    func doc(_ stored: StoredDocument) -> DocumentDoc {
        let d = stored.document
        let base = platform.configuration.publicURL
        return DocumentDoc(
            id: d.id, url: base + Routes.document.path(d.id), download_url: base + Routes.documentDownload.path(d.id), title: d.title,
            kind: d.kind.rawValue, date: d.date, language: d.language, tags: d.tags, owner: d.owner == .platform ? "platform" : "organisation",
            organisation_id: d.owner.organisationID, organisation_name: stored.organisation?.name, description: d.description, file_name: d.fileName,
            file_type: d.fileType.rawValue, content_type: d.fileType.contentType, byte_size: d.byteSize, created_at: AtomFeed.time(d.createdAt))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = try DocumentQuery.parse(FormDecoding.pairs(request.uri.query), defaultPerPage: 20, strict: true)
        let (total, items) = try await platform.documents.list(query.filter, page: query.paging.page, perPage: query.paging.perPage)
        return try JSONResponse.make(Page(items: items.map(doc), total: total, page: query.paging.page, per_page: query.paging.perPage))
    }

    static func id(_ context: AppRequestContext) throws -> Int64 {
        guard let id = Int64(try context.parameters.require("id")), id > 0 else {
            throw APIError.malformed("malformed path", fields: ["id": "must be a positive whole number"])
        }
        return id
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try Self.id(context)
        guard let stored = try await platform.documents.find(id: id) else { throw APIError.notFound("document \(id)") }
        return try JSONResponse.make(doc(stored))
    }

    /// An upload: the same fields as the form (`title`, `kind`, `date`, `language`, `tags`, `owner`,
    /// `description`) and the file in the part `file`. 201 with the document and its `Location`.
    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        // Who is asking is settled before the body is read: nobody unknown can make the server read 20 MiB.
        let user = try context.bearerUser()
        guard Multipart.isMultipart(request.headers[.contentType]) else {
            throw APIError(
                .unsupportedMediaType, "send the document as multipart/form-data, with the file in the part named file",
                fields: ["content-type": "must be multipart/form-data"])
        }
        let boundary = try Multipart.boundary(request.headers[.contentType])
        try await platform.limitPosting(user, request, context)
        var request = request
        let body = try await DocumentUpload.collect(&request, maxBytes: platform.configuration.documentMaxBytes)
        let parts = try Multipart.parts(body, boundary: boundary)
        let input = try DocumentUpload.input(
            fields: parts.filter { $0.filename == nil }.map { ($0.name, $0.text) }, files: parts.filter { $0.filename != nil })
        do {
            let stored = try await platform.upload(input, by: user, actor: context.identity?.actorName ?? user.name)
            return try JSONResponse.make(
                doc(stored), status: .created, headers: [.location: platform.configuration.publicURL + Routes.API.document.path(stored.document.id)])
        } catch let errors as ValidationErrors where errors.fields["file"] == DocumentInput.sizeRule(platform.configuration.documentMaxBytes) {
            throw APIError(.contentTooLarge, "the file is too large", fields: errors.fields)
        }
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.bearerUser()
        let id = try Self.id(context)
        guard let stored = try await platform.documents.find(id: id) else { throw APIError.notFound("document \(id)") }
        try await platform.requireMayManageDocuments(of: stored.document.owner, user)
        try await platform.documents.delete(id: id, actor: context.identity?.actorName ?? user.name)
        return Response(status: .noContent)
    }
}

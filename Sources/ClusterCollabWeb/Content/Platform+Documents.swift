import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabStorage
import Foundation
import Hummingbird
import NIOCore

/// What the upload form and `POST /api/v1/documents` share: the body's limit, the reading of a multipart
/// upload, who may upload for whom, and the one write.
enum DocumentUpload {
    /// Room for the form's text fields around the file, in a body.
    static let fieldsAllowance = 64 * 1_024

    /// The largest body an upload may send: the file's limit and its fields.
    static func bodyLimit(_ maxBytes: Int) -> Int { maxBytes + fieldsAllowance }

    /// An upload over the limit: 413, naming the file and the limit.
    static func tooLarge(_ maxBytes: Int) -> APIError {
        APIError(.contentTooLarge, "the file is too large", fields: ["file": DocumentInput.sizeRule(maxBytes)])
    }

    /// Reads an upload's body up to the limit, refusing a larger one (by its Content-Length before reading
    /// anything, else as soon as it passes the limit) with 413 naming the file.
    static func collect(_ request: inout Request, maxBytes: Int) async throws -> ByteBuffer {
        let limit = bodyLimit(maxBytes)
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw tooLarge(maxBytes) }
        do { return try await request.collectBody(upTo: limit) } catch is NIOTooManyBytesError { throw tooLarge(maxBytes) }
    }

    /// The form's values and its file (the part named `file`). A text value with control characters is
    /// refused with 422 naming its field, as every other form's are (`TextInputMiddleware` leaves
    /// multipart bodies to the routes that read them).
    static func input(fields: [(String, String)], files: [Multipart.Part]) throws -> DocumentInput {
        if let bad = fields.first(where: { $0.0 != "file" && TextInput.hasControlCharacters($0.1) }) {
            throw APIError(.unprocessableContent, "validation", fields: [bad.0: TextInput.controlCharacterRule])
        }
        func value(_ name: String) -> String { fields.last { $0.0 == name }?.1 ?? "" }
        var input = DocumentInput()
        input.title = value("title")
        input.kind = value("kind")
        input.date = value("date")
        input.language = value("language")
        input.tags = value("tags")
        input.owner = value("owner")
        input.description = value("description")
        if let file = files.last(where: { $0.name == "file" }), file.filename.map({ !$0.isEmpty }) ?? false {
            input.fileName = file.filename
            input.bytes = file.data
        }
        return input
    }
}

extension Platform {
    /// Whether `user` may upload or remove documents of `owner` (the platform team for any owner, an
    /// organisation's team for it).
    func mayManageDocuments(of owner: DocumentOwner, _ user: User?) async throws -> Bool {
        guard let user else { return false }
        do {
            try await requireMayManageDocuments(of: owner, user)
            return true
        } catch is Refusal {
            return false
        }
    }

    /// Refuses (403, with the rule's sentence) someone who may not upload or remove `owner`'s documents.
    /// The team is only read when the person's platform role does not settle it.
    func requireMayManageDocuments(of owner: DocumentOwner, _ user: User) async throws {
        var teamRole: TeamRole?
        if let id = owner.organisationID, !user.isModerator { teamRole = try await teams.teamRole(organisationID: id, userID: user.id) }
        try DocumentRules.checkMayManage(owner, platformRole: user.role, teamRole: teamRole)
    }

    /// The owners `user` may upload for, as the form offers them: the platform (for the platform team)
    /// and the published organisations of their teams.
    func documentOwners(of user: User) async throws -> (platform: Bool, organisations: [Organisation]) {
        (user.isModerator, try await teams.organisations(userID: user.id).map(\.0).filter { $0.status == .published })
    }

    /// Checks and stores an upload. Who may act for the owner is settled first (403); then every broken
    /// rule is named at once, an owner that is no published organisation among them; then one transaction.
    func upload(_ input: DocumentInput, by user: User, actor: String) async throws -> StoredDocument {
        var unpublished = false
        if let owner = DocumentOwner(input.owner) {
            if let id = owner.organisationID, try await organisations.find(id: id)?.status != .published {
                unpublished = true
            } else {
                try await requireMayManageDocuments(of: owner, user)
            }
        }
        var errors = ValidationErrors()
        var document: Document?
        do { document = try input.validated(maxBytes: configuration.documentMaxBytes, uploadedBy: user.id == 0 ? nil : user.id) } catch { errors = error }
        if unpublished { errors.add("owner", "names no published organisation") }
        try errors.throwIfAny()
        guard let document else { throw errors }
        return try await documents.create(document, data: Data(input.bytes ?? []), actor: actor)
    }
}

/// The list's query, the same for the page and the API: `q` (words of the title or tags), `kind`, `tag`,
/// `organisation` (a number, or `platform`), `language`, `page`, `per_page`. A value that breaks a rule is
/// 422 naming the parameter.
struct DocumentQuery {
    var filter = DocumentRepository.Filter()
    var paging: Paging

    static let parameters: Set<String> = ["q", "kind", "tag", "organisation", "language", "page", "per_page"]

    /// `strict` (the API) refuses unknown parameters with 400; pages ignore them.
    static func parse(_ pairs: [(String, String)], defaultPerPage: Int, strict: Bool) throws -> DocumentQuery {
        let known = pairs.filter { parameters.contains($0.0) || strict }
        var query = DocumentQuery(paging: try Paging.parse(known, defaultPerPage: defaultPerPage, maxPerPage: 100, allowed: parameters))
        func value(_ name: String) -> String? {
            let v = (known.last { $0.0 == name }?.1 ?? "").trimmingCharacters(in: .whitespaces)
            return v.isEmpty ? nil : v
        }
        var errors = ValidationErrors()
        query.filter.text = value("q") ?? ""
        if let kind = value("kind") {
            query.filter.kind = DocumentKind(rawValue: kind.lowercased())
            if query.filter.kind == nil { errors.add("kind", "must be one of: \(DocumentKind.allCases.map(\.rawValue).joined(separator: ", "))") }
        }
        if let tag = value("tag") {
            switch Tag.checked(tag) {
            case .success(let tag): query.filter.tag = tag
            case .failure(let problem): errors.add("tag", problem.rule)
            }
        }
        if let organisation = value("organisation") {
            switch DocumentOwner(organisation) {
            case .platform?: query.filter.platformOnly = true
            case .organisation(let id)?: query.filter.organisationID = id
            case nil: errors.add("organisation", "must be platform or the number of an organisation")
            }
        }
        if let language = value("language") {
            if DocumentLanguages.codes.contains(language.lowercased()) {
                query.filter.language = language.lowercased()
            } else {
                errors.add("language", "must be an ISO 639-1 language code among: \(DocumentLanguages.codes.joined(separator: ", "))")
            }
        }
        if !errors.isEmpty { throw APIError.validation(errors) }
        return query
    }
}

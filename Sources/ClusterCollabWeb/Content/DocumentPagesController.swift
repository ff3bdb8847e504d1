import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabStorage
import Foundation
import Hummingbird

/// The document library's pages: the list (search by title and tags, filters, paging), a document's page,
/// its download, the upload form for the platform team and organisations' teams, and removal.
struct DocumentPagesController {
    let platform: Platform

    static let perPage = 20

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.documents, use: list)
        router.post(Routes.documents, use: create)
        router.get(Routes.documentNew, use: newForm)
        router.get(Routes.document, use: show)
        router.get(Routes.documentDownload, use: download)
        router.post(Routes.documentDelete, use: delete)
    }

    /// Whether `path` is the upload route, where (and only where, with the logo's) a multipart body is parsed.
    static func isUpload(path: String) -> Bool { path == Routes.documents.path }

    // MARK: Page models

    struct Option {
        var value: String
        var label: String
        var selected: Bool
    }

    struct TagLink {
        var href: String
        var tag: String
    }

    struct Item {
        var href: String
        var title: String
        var kind: String
        var date: String
        var language: String
        var owner: String
        var type: String
        var size: String
        var tags: [TagLink]
    }

    struct ListPage: PageModel {
        static let template = "documents"
        var title: String
        var action = Routes.documents.path
        var q: String
        var tag: String
        var kinds: [Option]
        var languages: [Option]
        var items: [Item]
        var total: Int
        var previous: String?
        var next: String?
        var tags: [TagLink]
        var uploadHref: String?
    }

    struct DocumentPage: PageModel {
        static let template = "document"
        var title: String
        var canonical: String
        var listHref = Routes.documents.path
        var kind: String
        var date: String
        var language: String
        var owner: String
        var ownerHref: String?
        var description: String
        var tags: [TagLink]
        var fileName: String
        var type: String
        var size: String
        var downloadHref: String
        var deleteAction: String?
        var csrf: String
    }

    struct FormPage: PageModel {
        static let template = "document-form"
        var title: String
        var action = Routes.documents.path
        var csrf: String
        var owners: [Option]
        var kinds: [Option]
        var languages: [Option]
        var values: [String: String]
        var maxSize: String
        var accept = FileType.allCases.flatMap { $0.extensions.map { "." + $0 } }.joined(separator: ",")
        var errors: [FieldRule]
    }

    /// The language's name in the page's language ("French", "français"), else its code.
    static func languageName(_ code: String) -> String {
        guard let name = Locale(identifier: RequestLanguage.current.code).localizedString(forLanguageCode: code), !name.isEmpty else { return code }
        return name.prefix(1).uppercased() + name.dropFirst()
    }

    static func tagLinks(_ tags: [String]) -> [TagLink] { tags.map { TagLink(href: Routes.documents.path(query: [("tag", $0)]), tag: $0) } }

    static func ownerName(_ stored: StoredDocument) -> String {
        stored.document.owner == .platform ? t("The platform") : stored.organisation?.name ?? t("An organisation")
    }

    static func item(_ stored: StoredDocument) -> Item {
        let d = stored.document
        return Item(
            href: Routes.document.path(d.id), title: d.title, kind: word(d.kind.label), date: Shown.day(d.date), language: languageName(d.language),
            owner: ownerName(stored), type: d.fileType.name, size: DocumentRules.size(d.byteSize), tags: tagLinks(d.tags))
    }

    // MARK: List

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let pairs = FormDecoding.pairs(request.uri.query)
        let query = try DocumentQuery.parse(pairs, defaultPerPage: Self.perPage, strict: false)
        let (total, items) = try await platform.documents.list(query.filter, page: query.paging.page, perPage: query.paging.perPage)
        func href(page: Int) -> String {
            var kept = pairs.filter { DocumentQuery.parameters.contains($0.0) && $0.0 != "page" }
            kept.append(("page", String(page)))
            return Routes.documents.path(query: kept)
        }
        let user = context.identity.flatMap { identity -> User? in if case .session = identity.proof { identity.user } else { nil } }
        var mayUpload = false
        if let user {
            let owners = try await platform.documentOwners(of: user)
            mayUpload = owners.platform || !owners.organisations.isEmpty
        }
        let model = ListPage(
            title: t("Documents"), q: query.filter.text, tag: query.filter.tag ?? "",
            kinds: [Option(value: "", label: t("Any kind"), selected: query.filter.kind == nil)]
                + DocumentKind.allCases.map { Option(value: $0.rawValue, label: word($0.label), selected: query.filter.kind == $0) },
            languages: [Option(value: "", label: t("Any language"), selected: query.filter.language == nil)]
                + Self.languageOptions(selected: query.filter.language ?? ""),
            items: items.map(Self.item), total: total,
            previous: query.paging.page > 1 ? href(page: query.paging.page - 1) : nil,
            next: query.paging.offset + query.paging.perPage < total ? href(page: query.paging.page + 1) : nil,
            tags: Self.tagLinks(try await platform.documents.tags().map(\.tag)), uploadHref: mayUpload ? Routes.documentNew.path : nil)
        return platform.views.page(model)
    }

    static func languageOptions(selected: String) -> [Option] {
        DocumentLanguages.codes.map { Option(value: $0, label: languageName($0), selected: $0 == selected) }.sorted { $0.label < $1.label }
    }

    // MARK: A document

    static func id(_ context: AppRequestContext) throws -> Int64 {
        guard let id = Int64(try context.parameters.require("id")), id > 0 else { throw APIError.notFound("document") }
        return id
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try Self.id(context)
        guard let stored = try await platform.documents.find(id: id) else { throw APIError.notFound("document \(id)") }
        let d = stored.document
        let user = context.identity.flatMap { identity -> User? in if case .session = identity.proof { identity.user } else { nil } }
        let mayDelete = try await platform.mayManageDocuments(of: d.owner, user)
        let build = { (csrf: String) in
            DocumentPage(
                title: d.title, canonical: platform.configuration.publicURL + Routes.document.path(d.id), kind: word(d.kind.label),
                date: Shown.day(d.date), language: Self.languageName(d.language), owner: Self.ownerName(stored),
                ownerHref: stored.organisation.flatMap { $0.isPublished ? Routes.organisation.path($0.slug) : nil }, description: d.description,
                tags: Self.tagLinks(d.tags), fileName: d.fileName, type: d.fileType.name, size: DocumentRules.size(d.byteSize),
                downloadHref: Routes.documentDownload.path(d.id), deleteAction: mayDelete ? Routes.documentDelete.path(d.id) : nil, csrf: csrf)
        }
        // Only a page with the removal form needs a form token (and is then never cached).
        return mayDelete ? platform.formPage(request, context, build) : platform.views.page(build(""))
    }

    /// The file, as an attachment of the type read from its bytes at upload, under its own name.
    @Sendable func download(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try Self.id(context)
        guard let file = try await platform.documents.file(id: id) else { throw APIError.notFound("document \(id)") }
        return Response(
            status: .ok,
            headers: [
                .contentType: file.fileType.contentType, .contentDisposition: ContentDisposition.attachment(file.fileName),
                .contentLength: String(file.data.count), .xContentTypeOptions: "nosniff", .cacheControl: "public, max-age=300",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: file.data)))
    }

    // MARK: Upload

    func formModel(user: User, csrf: String, values: [String: String], errors: [String: String]) async throws -> FormPage {
        let (platformTeam, organisations) = try await platform.documentOwners(of: user)
        var owners = organisations.map { Option(value: String($0.id), label: $0.name, selected: values["owner"] == String($0.id)) }
        if platformTeam { owners.insert(Option(value: "platform", label: t("The platform"), selected: values["owner"] == "platform"), at: 0) }
        // An organisation named in the link (`?organisation=7`), which the platform team may upload for.
        if let id = Int64(values["owner"] ?? ""), !owners.contains(where: { $0.value == String(id) }),
            let organisation = try await platform.organisations.find(id: id), organisation.status == .published,
            try await platform.mayManageDocuments(of: .organisation(id), user)
        {
            owners.append(Option(value: String(id), label: organisation.name, selected: true))
        }
        return FormPage(
            title: t("Upload a document"), csrf: csrf, owners: owners,
            kinds: DocumentKind.allCases.map { Option(value: $0.rawValue, label: word($0.label), selected: values["kind"] == $0.rawValue) },
            languages: Self.languageOptions(selected: values["language"] ?? "en"), values: values,
            maxSize: DocumentRules.size(platform.configuration.documentMaxBytes),
            errors: errors.sorted { $0.key < $1.key }.map { FieldRule(field: $0.key, rule: $0.value) })
    }

    @Sendable func newForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        let owners = try await platform.documentOwners(of: user)
        guard owners.platform || !owners.organisations.isEmpty else {
            throw Refusal(.forbidden, "only an organisation's team or the platform team uploads documents")
        }
        var values = ["date": CalendarDay.of(Date()), "language": "en"]
        if let organisation = FormDecoding.pairs(request.uri.query).last(where: { $0.0 == "organisation" })?.1 { values["owner"] = organisation }
        let model = try await formModel(user: user, csrf: "", values: values, errors: [:])
        return platform.formPage(request, context) { csrf in
            var model = model
            model.csrf = csrf
            return model
        }
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        // CSRFMiddleware read the multipart body once (up to the upload limit) and left its parts here.
        _ = try Multipart.boundary(request.headers[.contentType])
        let fields = context.form ?? []
        let input = try DocumentUpload.input(fields: fields, files: context.uploads ?? [])
        try await platform.limitPosting(user, request, context)
        do {
            let stored = try await platform.upload(input, by: user, actor: "\(user.name) <\(user.email)>")
            return AccountPagesController.redirect(Routes.document.path(stored.document.id))
        } catch let errors as ValidationErrors {
            // The form comes back as it was sent, each broken rule beside its field; a file over the limit
            // is 413, as when the body itself is too large.
            let tooLarge = errors.fields["file"] == DocumentInput.sizeRule(platform.configuration.documentMaxBytes)
            var values: [String: String] = [:]
            for (key, value) in fields where key != CSRF.field { values[key] = value }
            let model = try await formModel(user: user, csrf: "", values: values, errors: errors.fields)
            return platform.formPage(request, context, status: tooLarge ? .contentTooLarge : .unprocessableContent) { csrf in
                var model = model
                model.csrf = csrf
                return model
            }
        }
    }

    // MARK: Removal

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        let id = try Self.id(context)
        guard let stored = try await platform.documents.find(id: id) else { throw APIError.notFound("document \(id)") }
        try await platform.requireMayManageDocuments(of: stored.document.owner, user)
        try await platform.documents.delete(id: id, actor: "\(user.name) <\(user.email)>")
        return AccountPagesController.redirect(Routes.documents.path)
    }
}

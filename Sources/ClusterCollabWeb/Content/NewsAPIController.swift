import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabStorage
import Foundation
import Hummingbird

/// `/api/v1/news`: the published news in the usual list shape, newest first, optionally by tag; and one
/// article by its slug. Drafts and articles waiting for review are not public. Writes take a personal
/// token (`Authorization: Bearer`), by the rules of the pages: a team writes for its organisation and its
/// article waits for review, the platform team's is published; moderators decide with `.../decision`.
struct NewsAPIController {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.API.news, use: list)
        router.get(Routes.API.newsArticle, use: article)
        router.post(Routes.API.news, use: create)
        router.patch(Routes.API.newsArticle, use: update)
        router.post(Routes.API.newsDecision, use: decide)
    }

    struct NewsDoc: Encodable {
        var id: Int64
        var slug: String
        var url: String
        var title: String
        var summary: String
        /// Markdown.
        var body: String
        var tags: [String]
        var author: String
        var published_at: String
        var updated_at: String
        var related_organisations: [Int64]
        var related_searches: [Int64]
        var related_calls: [Int64]
        var organisation_id: Int64?
        var status: String
        var image: ImageDoc?
        var version: Int
    }

    struct ImageDoc: Encodable {
        var document_id: Int64
        var url: String
        var alt: String
        var caption: String
        var credit: String
    }

    func doc(_ stored: StoredNews) -> NewsDoc {
        let a = stored.article
        return NewsDoc(
            id: a.id, slug: a.slug, url: platform.configuration.publicURL + Routes.newsArticle.path(a.slug), title: a.title, summary: a.summary,
            body: a.body, tags: a.tags, author: stored.authorName ?? "former member",
            published_at: NewsPagesController.iso(a.publishedAt ?? stored.createdAt), updated_at: NewsPagesController.iso(stored.updatedAt),
            related_organisations: a.relatedOrganisations, related_searches: a.relatedSearches, related_calls: a.relatedCalls,
            organisation_id: a.organisationID, status: a.status.rawValue,
            image: a.image.map {
                ImageDoc(
                    document_id: $0.documentID, url: platform.configuration.publicURL + Routes.documentDownload.path($0.documentID), alt: $0.alt,
                    caption: $0.caption, credit: $0.credit)
            }, version: a.version)
    }

    static let fields: Set<String> = [
        "title", "summary", "body", "tags", "related_organisations", "related_searches", "related_calls", "organisation_id", "image_document_id",
        "image_alt", "image_caption", "image_credit", "version",
    ]

    /// The input a JSON body names (absent fields stay as they are in an edit), the organisation it is
    /// written for (`organisation_id`, null for the platform's own) and the version an edit is based on.
    static func input(_ body: inout JSONBody, current: Int64?) -> (NewsInput, Int64?, Int?) {
        var input = NewsInput()
        input.title = body.string("title"); input.summary = body.string("summary"); input.body = body.string("body")
        input.tags = body.strings("tags")
        input.relatedOrganisations = body.ints("related_organisations")?.map(Int64.init)
        input.relatedSearches = body.ints("related_searches")?.map(Int64.init)
        input.relatedCalls = body.ints("related_calls")?.map(Int64.init)
        if body.isNull("image_document_id") {
            input.imageDocument = ""
        } else if let id = body.int("image_document_id") {
            input.imageDocument = String(id)
        }
        input.imageAlt = body.string("image_alt"); input.imageCaption = body.string("image_caption"); input.imageCredit = body.string("image_credit")
        var organisation = current
        if body.isNull("organisation_id") { organisation = nil } else if let id = body.int("organisation_id") { organisation = Int64(id) }
        return (input, organisation, body.int("version"))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try ContributionAPI.identity(context)
        return try await ContributionAPI.write(request, context, fields: Self.fields, read: { Self.input(&$0, current: nil) }) { input, organisation, _ in
            let stored = try await platform.writeNews(
                input, organisationID: organisation, existing: nil, expectedVersion: nil, by: identity.user, actor: identity.actorName)
            return try JSONResponse.make(doc(stored), status: .created, headers: [.location: Routes.API.newsArticle.path(stored.article.slug)])
        }
    }

    /// The article of the path for someone who may write for it; to others an unpublished one is not there.
    func writable(_ context: AppRequestContext, user: User) async throws -> StoredNews {
        let slug = try context.parameters.require("slug")
        guard let stored = try await platform.news.find(slug: slug) else { throw APIError.notFound("news \(slug.prefix(80))") }
        if stored.article.status != .published, !(await platform.mayContribute(for: stored.article.organisationID, user)) {
            throw APIError.notFound("news \(slug.prefix(80))")
        }
        return stored
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try ContributionAPI.identity(context)
        let stored = try await writable(context, user: identity.user)
        return try await ContributionAPI.write(
            request, context, fields: Self.fields, read: { Self.input(&$0, current: stored.article.organisationID) }
        ) { input, organisation, version in
            let saved = try await platform.writeNews(
                input, organisationID: organisation, existing: stored, expectedVersion: version, by: identity.user, actor: identity.actorName)
            return try JSONResponse.make(doc(saved))
        }
    }

    @Sendable func decide(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.bearerUser()
        guard user.isModerator, let identity = context.identity else {
            throw APIError(.forbidden, "news is published, sent back or rejected by the platform team (moderators and administrators)")
        }
        let stored = try await writable(context, user: user)
        let (decision, message) = try await ContributionDecisionBody.read(request, context)
        try await platform.decideContribution(.news, id: stored.article.id, decision: decision, message: message, moderator: identity.actorName)
        guard let decided = try await platform.news.find(id: stored.article.id) else { throw APIError.notFound("news \(stored.article.id)") }
        return try JSONResponse.make(doc(decided))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let pairs = FormDecoding.pairs(request.uri.query)
        let paging = try Paging.parse(pairs, defaultPerPage: 20, maxPerPage: 100, allowed: ["page", "per_page", "tag"])
        var filter = NewsRepository.Filter()
        if let raw = pairs.last(where: { $0.0 == "tag" })?.1, !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            filter.tag = try ContentFilters.tag(raw)
        }
        let (total, items) = try await platform.news.list(filter, page: paging.page, perPage: paging.perPage)
        return try JSONResponse.make(Page(items: items.map(doc), total: total, page: paging.page, per_page: paging.perPage))
    }

    @Sendable func article(_ request: Request, context: AppRequestContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        guard let stored = try await platform.news.find(slug: slug), stored.article.status == .published else {
            throw APIError.notFound("news \(slug.prefix(80))")
        }
        return try JSONResponse.make(doc(stored))
    }
}

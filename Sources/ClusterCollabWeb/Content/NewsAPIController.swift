import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabStorage
import Foundation
import Hummingbird

/// `/api/v1/news`: the published news in the usual list shape, newest first, optionally by tag; and one
/// article by its slug. Drafts and articles waiting for review are not public.
struct NewsAPIController {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.API.news, use: list)
        router.get(Routes.API.newsArticle, use: article)
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
    }

    func doc(_ stored: StoredNews) -> NewsDoc {
        let a = stored.article
        return NewsDoc(
            id: a.id, slug: a.slug, url: platform.configuration.publicURL + Routes.newsArticle.path(a.slug), title: a.title, summary: a.summary,
            body: a.body, tags: a.tags, author: stored.authorName ?? "former member",
            published_at: NewsPagesController.iso(a.publishedAt ?? stored.createdAt), updated_at: NewsPagesController.iso(stored.updatedAt),
            related_organisations: a.relatedOrganisations, related_searches: a.relatedSearches, related_calls: a.relatedCalls)
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

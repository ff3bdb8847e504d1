import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabStorage
import ClusterCollabText
import Foundation
import Hummingbird

/// The community's news, as visitors read it: the list (with paging and a tag filter), an article with its
/// byline, share links, Open Graph and schema.org `NewsArticle`, tag pages, and Atom feeds of all news and
/// of each tag.
struct NewsPagesController {
    let platform: Platform

    static let perPage = 20
    static let platformName = "ClusterCollab"

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.news, use: list)
        router.get(Routes.newsFeed, use: feed)
        router.get(Routes.newsArticle, use: article)
        router.get(Routes.newsTag, use: tag)
        router.get(Routes.newsTagFeed, use: tagFeed)
    }

    // MARK: Pages

    struct NewsItem {
        var href: String
        var title: String
        var summary: String
        var byline: String
        var tags: [TagLink]
    }

    struct TagLink {
        var href: String
        var tag: String
    }

    struct NewsListPage: PageModel {
        static let template = "news"
        var title: String
        var items: [NewsItem]
        var tags: [TagLink]
        var total: Int
        var previous: String?
        var next: String?
        /// Also in the page's head, where browsers and feed readers find it.
        var feedHref: String
        var allHref = Routes.news.path
        var isTag: Bool
        var newHref = Routes.newsNew.path
    }

    struct ShareLink {
        var href: String
        var label: String
    }

    struct NewsArticlePage: PageModel {
        static let template = "news-article"
        var title: String
        var summary: String
        var bodyHTML: String
        var byline: String
        var tags: [TagLink]
        var related: [Link]
        var share: [ShareLink]
        var canonical: String
        var jsonLD: String
        var openGraph: [OpenGraph]
        var newsHref = Routes.news.path
        var image: Figure? = nil
    }

    /// An article's photo as the page shows it.
    struct Figure {
        var src: String
        var alt: String
        var caption: String
        var credit: String
    }

    struct OpenGraph {
        var property: String
        var content: String
    }

    /// "Submitted by Marie Dupont on 6 June 2016"; "former member" once the account is deleted.
    static func byline(_ stored: StoredNews) -> String {
        let date = stored.article.publishedAt ?? stored.createdAt
        return t("Submitted by {{name}} on {{date}}").filling(["name": stored.authorName ?? t("former member"), "date": Shown.date(date)])
    }

    static func tagLinks(_ tags: [String]) -> [TagLink] { tags.map { TagLink(href: Routes.newsTag.path($0), tag: $0) } }

    static func item(_ stored: StoredNews) -> NewsItem {
        NewsItem(
            href: Routes.newsArticle.path(stored.article.slug), title: stored.article.title, summary: stored.article.summary,
            byline: byline(stored), tags: tagLinks(stored.article.tags))
    }

    func listPage(_ request: Request, tag: String?) async throws -> Response {
        let page = try Paging.page(FormDecoding.pairs(request.uri.query), perPage: Self.perPage)
        var filter = NewsRepository.Filter()
        filter.tag = tag
        let (total, items) = try await platform.news.list(filter, page: page, perPage: Self.perPage)
        let path = tag.map { Routes.newsTag.path($0) } ?? Routes.news.path
        let last = max(1, (total + Self.perPage - 1) / Self.perPage)
        let model = NewsListPage(
            title: tag.map { t("News tagged {{tag}}").filling(["tag": $0]) } ?? t("News"), items: items.map(Self.item),
            tags: Self.tagLinks(try await platform.news.tags().prefix(30).map(\.tag)), total: total,
            previous: page > 1 ? path + "?page=\(page - 1)" : nil, next: page < last ? path + "?page=\(page + 1)" : nil,
            feedHref: tag.map { Routes.newsTagFeed.path($0) } ?? Routes.newsFeed.path, isTag: tag != nil)
        return platform.views.page(model)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await listPage(request, tag: nil)
    }

    @Sendable func tag(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await listPage(request, tag: try Self.tag(context))
    }

    /// The path's tag, as stored; a tag no article can have is a 404, not a query.
    static func tag(_ context: AppRequestContext) throws -> String {
        let raw = try context.parameters.require("tag")
        guard case .success(let tag) = Tag.checked(raw) else { throw APIError.notFound("tag \(raw.prefix(40))") }
        return tag
    }

    /// An article's page, rendered once and kept for a while (`RenderedPageCache`), like a profile page.
    @Sendable func article(_ request: Request, context: AppRequestContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let html = try await platform.newsPages.text("\(RequestLanguage.current.code) article \(slug)") {
            guard let stored = try await platform.news.find(slug: slug), stored.article.status == .published else { return nil }
            return platform.views.render(try await articlePage(stored))
        }
        guard let html else { throw APIError.notFound("news \(slug.prefix(80))") }
        return Views.html(html)
    }

    func articlePage(_ stored: StoredNews) async throws -> NewsArticlePage {
        let a = stored.article
        let url = platform.configuration.publicURL + Routes.newsArticle.path(a.slug)
        var related: [Link] = []
        let organisations = try await platform.organisations.find(ids: a.relatedOrganisations)
        for id in a.relatedOrganisations {
            if let o = organisations[id], o.status == .published { related.append(Link(href: Routes.organisation.path(o.slug), label: o.name)) }
        }
        for id in a.relatedCalls {
            if let call = try await platform.calls.call(id: id)?.call, call.state != .draft {
                related.append(Link(href: Routes.call.path(id), label: call.title))
            }
        }
        for id in a.relatedSearches {
            if let search = try await platform.partnerSearches.find(id: id) {
                related.append(Link(href: Routes.partnerSearch.path(id), label: search.search.title))
            }
        }
        let figure = a.image.map {
            Figure(src: Routes.documentDownload.path($0.documentID), alt: $0.alt, caption: $0.caption, credit: $0.credit)
        }
        var page = NewsArticlePage(
            title: a.title, summary: a.summary, bodyHTML: Markdown.html(a.body), byline: Self.byline(stored), tags: Self.tagLinks(a.tags),
            related: related, share: Self.share(url: url, title: a.title), canonical: url,
            jsonLD: Self.jsonLD(stored, url: url, publisher: Self.platformName),
            openGraph: [
                OpenGraph(property: "og:type", content: "article"), OpenGraph(property: "og:title", content: a.title),
                OpenGraph(property: "og:description", content: a.summary), OpenGraph(property: "og:url", content: url),
                OpenGraph(property: "og:site_name", content: Self.platformName),
            ] + (a.publishedAt.map { [OpenGraph(property: "article:published_time", content: Self.iso($0))] } ?? []))
        if let figure {
            page.image = figure
            page.openGraph += [
                OpenGraph(property: "og:image", content: platform.configuration.publicURL + figure.src),
                OpenGraph(property: "og:image:alt", content: figure.alt),
            ]
        }
        return page
    }

    /// Share links that need no third-party script: plain links to each service's share address.
    static func share(url: String, title: String) -> [ShareLink] {
        // Only RFC 3986's unreserved characters stay as they are inside a query value.
        let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        func encoded(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "" }
        return [
            ShareLink(href: "mailto:?subject=\(encoded(title))&body=\(encoded(url))", label: t("E-mail")),
            ShareLink(href: "https://www.linkedin.com/sharing/share-offsite/?url=\(encoded(url))", label: "LinkedIn"),
            ShareLink(href: "https://x.com/intent/post?url=\(encoded(url))&text=\(encoded(title))", label: "X"),
            ShareLink(href: url, label: t("Link to copy")),
        ]
    }

    static func iso(_ date: Date) -> String { AtomFeed.time(date) }

    static func jsonLD(_ stored: StoredNews, url: String, publisher: String) -> String {
        let a = stored.article
        var object: [String: Any] = [
            "@context": "https://schema.org", "@type": "NewsArticle", "headline": a.title, "description": a.summary, "url": url,
            "mainEntityOfPage": url, "publisher": ["@type": "Organization", "name": publisher],
            "author": ["@type": "Person", "name": stored.authorName ?? "former member"],
        ]
        if let published = a.publishedAt { object["datePublished"] = iso(published) }
        object["dateModified"] = iso(stored.updatedAt)
        if !a.tags.isEmpty { object["keywords"] = a.tags.joined(separator: ", ") }
        if let image = a.image {
            object["image"] = url.replacingOccurrences(of: Routes.newsArticle.path(a.slug), with: Routes.documentDownload.path(image.documentID))
        }
        return ProfilePage.jsonLDText(object)
    }

    // MARK: Feeds

    @Sendable func feed(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await atom(tag: nil)
    }

    @Sendable func tagFeed(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await atom(tag: try Self.tag(context))
    }

    /// The 50 newest published articles as Atom. Feed texts are the articles' own, in English words only
    /// where the platform names the feed.
    func atom(tag: String?) async throws -> Response {
        let xml = try await platform.newsPages.text("feed \(tag ?? "")") { try await atomText(tag: tag) } ?? ""
        return Response(
            status: .ok, headers: [.contentType: "application/atom+xml; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: xml)))
    }

    func atomText(tag: String?) async throws -> String {
        var filter = NewsRepository.Filter()
        filter.tag = tag
        let items = try await platform.news.list(filter, page: 1, perPage: 50).items
        let base = platform.configuration.publicURL
        let path = tag.map { Routes.newsTag.path($0) } ?? Routes.news.path
        let feed = AtomFeed(
            id: base + path, title: tag.map { "\(Self.platformName): news tagged \($0)" } ?? "\(Self.platformName): news",
            selfLink: base + (tag.map { Routes.newsTagFeed.path($0) } ?? Routes.newsFeed.path), pageLink: base + path,
            entries: items.map { stored in
                let url = base + Routes.newsArticle.path(stored.article.slug)
                return AtomFeed.Entry(
                    id: url, title: stored.article.title, link: url, published: stored.article.publishedAt ?? stored.createdAt,
                    updated: stored.updatedAt, author: stored.authorName ?? "former member", summary: stored.article.summary,
                    categories: stored.article.tags)
            })
        return feed.xml()
    }
}

import ClusterCollabCalls
import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabSearch
import ClusterCollabStorage
import Foundation
import Hummingbird

/// The site search (issue 13): the header's box asks every public kind at once. `/search` shows how many
/// of each kind match, with the first few of each, or one kind page by page (`kind`); `/api/v1/search`
/// answers the same as JSON. Both read through `Platform.siteSearch`, so they cannot disagree, and each kind
/// is searched as its own public list finds it: organisations through the directory index (as
/// `/organisations?q=`), open partner searches, calls but drafts, published news and events, documents,
/// and funding opportunities not closed (as `/funding` lists them).
struct SiteSearchController {
    let platform: Platform

    static let perPage = 20
    /// How many of each kind the page shows before "see all".
    static let firstFew = 3

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.search, use: page)
        router.get(Routes.API.search, use: api)
    }

    static func label(_ kind: SiteSearchKind) -> String {
        switch kind {
        case .organisations: t("Organisations")
        case .partnerSearches: t("Partner searches")
        case .calls: t("Calls")
        case .news: t("News")
        case .events: t("Events")
        case .documents: t("Documents")
        case .fundingOpportunities: t("Funding opportunities")
        }
    }

    // MARK: The page

    struct Row {
        var title: String
        var href: String
        var kind: String
        var summary: String?
    }

    struct Tab {
        var label: String
        var count: Int
        var href: String
        var current: Bool
    }

    struct Section {
        var label: String
        var count: Int
        var items: [Row]
        var moreHref: String?
    }

    struct SiteSearchPage: PageModel {
        static let template = "search"
        var title = t("Search")
        var action = Routes.search.path
        var q: String
        var kind: String?
        var searched: Bool
        var total: Int
        var tabs: [Tab]
        var sections: [Section]
        var items: [Row]
        var previous: String?
        var next: String?
        var errors: [FieldRule]
    }

    static func row(_ item: SiteSearchItem) -> Row {
        Row(title: item.title, href: item.href, kind: label(item.kind), summary: item.summary.isEmpty ? nil : item.summary)
    }

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        let pairs = FormDecoding.pairs(request.uri.query)
        func value(_ name: String) -> String? { pairs.last { $0.0 == name }?.1 }
        let query: SiteSearchQuery
        do { query = try SiteSearchQuery.parse(q: value("q"), kind: value("kind")) } catch {
            // The page again with the rule beside the box, what was typed kept (escaped) in it.
            let model = SiteSearchPage(
                q: value("q") ?? "", kind: nil, searched: false, total: 0, tabs: [], sections: [], items: [], errors: FieldRule.list(error))
            return platform.views.page(model, status: .unprocessableContent)
        }
        let page = try Paging.page(pairs, perPage: Self.perPage)
        let result = try await platform.siteSearch(query, page: page, perPage: query.kind == nil ? Self.firstFew : Self.perPage)
        func href(_ kind: SiteSearchKind?, page: Int = 1) -> String {
            var parameters = [("q", query.text)]
            if let kind { parameters.append(("kind", kind.rawValue)) }
            if page > 1 { parameters.append(("page", String(page))) }
            return Routes.search.path(query: parameters)
        }
        let total = result.counts.reduce(0) { $0 + $1.count }
        var tabs = [Tab(label: t("All"), count: total, href: href(nil), current: query.kind == nil)]
        tabs += result.counts.map { Tab(label: Self.label($0.kind), count: $0.count, href: href($0.kind), current: query.kind == $0.kind) }
        var model = SiteSearchPage(
            q: query.text, kind: query.kind?.rawValue, searched: !query.isEmpty, total: total, tabs: query.isEmpty ? [] : tabs,
            sections: [], items: [], errors: [])
        if let kind = query.kind {
            let count = result.count(kind)
            model.total = count
            model.items = result.items.map(Self.row)
            model.previous = page > 1 ? href(kind, page: page - 1) : nil
            model.next = page * Self.perPage < count ? href(kind, page: page + 1) : nil
        } else {
            model.sections = result.counts.filter { $0.count > 0 }.map { kind, count in
                Section(
                    label: Self.label(kind), count: count, items: result.items.filter { $0.kind == kind }.map(Self.row),
                    moreHref: count > Self.firstFew ? href(kind) : nil)
            }
        }
        return platform.views.page(model)
    }

    // MARK: The API

    struct ItemDoc: Encodable {
        var kind: String
        var title: String
        var href: String
        var summary: String
    }

    struct SearchDoc: Encodable {
        var query: String
        var kind: String?
        var counts: [String: Int]
        var items: [ItemDoc]
        var total: Int
        var page: Int
        var per_page: Int

        enum CodingKeys: String, CodingKey { case query, kind, counts, items, total, page, per_page }

        /// Every key is written, no kind as null.
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(query, forKey: .query); try c.encode(kind, forKey: .kind); try c.encode(counts, forKey: .counts)
            try c.encode(items, forKey: .items); try c.encode(total, forKey: .total); try c.encode(page, forKey: .page)
            try c.encode(per_page, forKey: .per_page)
        }
    }

    /// The counts of every kind, and one page of the chosen kind's items, or of every kind's one after
    /// the other in the fixed order of `SiteSearchKind` when no kind is chosen.
    @Sendable func api(_ request: Request, context: AppRequestContext) async throws -> Response {
        let pairs = FormDecoding.pairs(request.uri.query)
        let paging = try Paging.parse(pairs, defaultPerPage: 20, maxPerPage: 100, allowed: ["q", "kind", "page", "per_page"])
        let query: SiteSearchQuery
        do { query = try SiteSearchQuery.parse(q: pairs.last { $0.0 == "q" }?.1, kind: pairs.last { $0.0 == "kind" }?.1) } catch {
            throw APIError.validation(error)
        }
        let result = try await platform.siteSearch(query, page: paging.page, perPage: paging.perPage, allKinds: true)
        let total = query.kind.map { result.count($0) } ?? result.counts.reduce(0) { $0 + $1.count }
        let doc = SearchDoc(
            query: query.text, kind: query.kind?.rawValue, counts: Dictionary(uniqueKeysWithValues: result.counts.map { ($0.kind.rawValue, $0.count) }),
            items: result.items.map {
                ItemDoc(kind: $0.kind.rawValue, title: $0.title, href: platform.configuration.publicURL + $0.href, summary: $0.summary)
            },
            total: total, page: paging.page, per_page: paging.perPage)
        return try JSONResponse.make(doc)
    }
}

/// The folded texts of the kinds the database cannot search folded (news, events, calls), read at most
/// every five seconds: reading and folding a thousand articles' texts on every search took about 14 ms
/// (docs/performance.md); matching the kept texts takes well under one. Something published a moment ago
/// is found within that time.
final class SiteSearchTexts: Sendable {
    let news = LoadedSectionCache<SiteSearchText>(lifetime: .seconds(5))
    let events = LoadedSectionCache<SiteSearchText>(lifetime: .seconds(5))
    let calls = LoadedSectionCache<SiteSearchText>(lifetime: .seconds(5))
}

/// One thing the site search found: its kind, title, page and a short line about it.
struct SiteSearchItem: Sendable {
    var kind: SiteSearchKind
    var title: String
    var href: String
    var summary: String
}

/// What the site search found: how many of each kind, in the fixed order, and the items asked for.
struct SiteSearchResult: Sendable {
    var counts: [(kind: SiteSearchKind, count: Int)]
    var items: [SiteSearchItem]

    func count(_ kind: SiteSearchKind) -> Int { counts.first { $0.kind == kind }?.count ?? 0 }
}

extension Platform {
    /// The site search that the page and the API both call. With a kind: that kind's page of `perPage`.
    /// Without: the first `perPage` of each kind, or (with `allKinds`, for the API) the `page`th window of
    /// `perPage` over every kind's items one after the other. An empty query finds nothing.
    func siteSearch(_ query: SiteSearchQuery, page: Int, perPage: Int, allKinds: Bool = false) async throws -> SiteSearchResult {
        guard !query.isEmpty else { return SiteSearchResult(counts: SiteSearchKind.allCases.map { ($0, 0) }, items: []) }
        var counts: [(kind: SiteSearchKind, count: Int)] = []
        var first: [SiteSearchKind: [SiteSearchItem]] = [:]
        for kind in SiteSearchKind.allCases {
            let found = try await siteSearch(kind, query, page: 1, perPage: query.kind == nil ? perPage : 1)
            counts.append((kind, found.total))
            first[kind] = found.items
        }
        if let kind = query.kind {
            return SiteSearchResult(counts: counts, items: try await siteSearch(kind, query, page: page, perPage: perPage).items)
        }
        guard allKinds else { return SiteSearchResult(counts: counts, items: SiteSearchKind.allCases.flatMap { first[$0] ?? [] }) }
        // The window [offset, offset + perPage) over the kinds' items laid end to end.
        let offset = PageBounds.offset(page: page, perPage: perPage) ?? PageBounds.maxOffset
        var items: [SiteSearchItem] = []
        var start = 0
        for (kind, count) in counts {
            defer { start += count }
            let from = max(offset, start) - start, to = min(offset + perPage, start + count) - start
            guard to > from else { continue }
            if let known = first[kind], to <= known.count {
                items += known[from..<to]
            } else {
                items += try await siteSearchSlice(kind, query, from: from, count: to - from)
            }
        }
        return SiteSearchResult(counts: counts, items: items)
    }

    /// The items `from..<from + count` of a kind, read as at most two of its pages.
    func siteSearchSlice(_ kind: SiteSearchKind, _ query: SiteSearchQuery, from: Int, count: Int) async throws -> [SiteSearchItem] {
        let page = from / count + 1
        var items = Array(try await siteSearch(kind, query, page: page, perPage: count).items.dropFirst(from % count))
        if items.count < count, from % count != 0 {
            items += try await siteSearch(kind, query, page: page + 1, perPage: count).items.prefix(count - items.count)
        }
        return items
    }

    /// A text cut at a word to about 160 characters, with an ellipsis when cut.
    static func shortened(_ text: String, to limit: Int = 160) -> String {
        guard text.count > limit else { return text }
        let cut = text.prefix(limit)
        return (cut.lastIndex(of: " ").map { String(cut[..<$0]) } ?? String(cut)) + "…"
    }

    /// One page of one kind, and how many of that kind match, each kind as its public list finds it.
    func siteSearch(_ kind: SiteSearchKind, _ query: SiteSearchQuery, page: Int, perPage: Int) async throws -> (
        total: Int, items: [SiteSearchItem]
    ) {
        let words = query.words.joined(separator: " ")
        let now = Date()
        func item(_ title: String, _ href: String, _ parts: [String?]) -> SiteSearchItem {
            SiteSearchItem(
                kind: kind, title: title, href: href, summary: parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " · "))
        }
        switch kind {
        case .organisations:
            let result = directory.index.search(DirectoryQuery(text: query.text, page: page, perPage: perPage))
            return (
                result.total,
                result.items.map { hit in
                    item(
                        hit.name, Routes.organisation.path(hit.slug),
                        [
                            ReferenceText.name(hit.type.label, facet: "type"), hit.city,
                            reference.country(hit.country).map { ReferenceText.country($0.name) } ?? hit.country,
                        ])
                }
            )
        case .partnerSearches:
            var filter = PartnerSearchRepository.Filter()
            filter.text = words
            let (total, records) = try await partnerSearches.list(filter, today: today, page: page, perPage: perPage)
            return (
                total,
                records.map { record in
                    let search = record.search
                    return item(
                        search.title, Routes.partnerSearch.path(search.id),
                        [word(search.kind.label), hit(search.ownerID)?.name, search.deadline.map(Shown.day)])
                }
            )
        case .calls:
            let (total, stored) = try await calls.search(query, page: page, perPage: perPage, among: try await siteSearchTexts.calls.get(calls.searchTexts))
            return (
                total,
                stored.map { c in
                    item(
                        c.call.title, Routes.call.path(c.call.id),
                        [c.call.programme, word(c.call.phase(at: now).label), Shown.dateTime(c.call.closesAt, zone: c.call.timeZone)])
                }
            )
        case .news:
            let (total, stored) = try await news.search(query, page: page, perPage: perPage, among: try await siteSearchTexts.news.get(news.searchTexts))
            return (
                total,
                stored.map { n in
                    item(
                        n.article.title, Routes.newsArticle.path(n.article.slug),
                        [n.article.publishedAt.map { Shown.date($0) }, Self.shortened(n.article.summary)])
                }
            )
        case .events:
            let (total, stored) = try await events.search(query, page: page, perPage: perPage, among: try await siteSearchTexts.events.get(events.searchTexts))
            return (
                total,
                stored.map { e in
                    let event = e.event
                    return item(
                        event.title, Routes.event.path(event.slug),
                        [EventPagesController.kindLabel(event.kind), Shown.dateTime(event.startsAt, zone: event.timeZone), event.venue])
                }
            )
        case .documents:
            var filter = DocumentRepository.Filter()
            filter.text = words
            let (total, stored) = try await documents.list(filter, page: page, perPage: perPage)
            return (
                total,
                stored.map { d in
                    item(
                        d.document.title, Routes.document.path(d.document.id),
                        [word(d.document.kind.label), Shown.day(d.document.date), DocumentPagesController.ownerName(d)])
                }
            )
        case .fundingOpportunities:
            var filter = FundingOpportunityRepository.Filter()
            filter.text = words
            filter.phases = [.open, .upcoming]
            let (total, stored) = try await funding.list(filter, now: now, page: page, perPage: perPage)
            return (
                total,
                stored.map { f in
                    let o = f.opportunity
                    return item(
                        o.title, Routes.fundingOpportunity.path(o.id),
                        [o.programme, FundingPagesController.phase(o, now: now), Shown.dateTime(o.deadline, zone: o.timeZone)])
                }
            )
        }
    }
}

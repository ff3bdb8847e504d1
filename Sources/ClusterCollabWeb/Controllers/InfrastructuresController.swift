import ClusterCollabCore
import ClusterCollabSearch
import Foundation
import Hummingbird

/// `/infrastructures` and `/api/v1/infrastructures`: the innovation infrastructures (fab labs, test beds,
/// incubators, shared equipment, co-working, innovation centres) that published organisations offer to
/// share, searchable and filterable by kind and country.
///
/// It is the directory's query with the `infrastructure` facet always on: the directory index finds and
/// ranks the organisations offering a kind (all kinds when none is chosen), and one read of their profiles
/// gives each one's infrastructures. A page lists organisations, each with what it offers of the chosen
/// kinds, so the paging and the counts are the directory's.
struct InfrastructuresController {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.infrastructures, use: page)
        router.get(Routes.API.infrastructures, use: list)
    }

    /// The directory parameters this listing reads: text, the two facets it shows, and paging.
    static let parameters: Set<String> = ["q", "country", "infrastructure", "page", "per_page"]

    /// One organisation's offer: who offers, where, and what (the chosen kinds only).
    struct Offer {
        var organisation: DirectoryHit
        var infrastructures: [Infrastructure]
    }

    /// The query as asked: the directory's parameters this listing reads.
    func parse(_ pairs: [(String, String)]) throws(DirectoryQueryError) -> DirectoryQuery {
        try DirectoryQuery.parse(pairs.filter { Self.parameters.contains($0.0) }, reference: platform.reference)
    }

    /// The query's result, run with every kind when none is chosen.
    func search(_ query: DirectoryQuery) -> DirectoryResult {
        var running = query
        if running.infrastructures.isEmpty { running.infrastructures = Infrastructure.Kind.allCases }
        return platform.directory.index.search(running)
    }

    /// The offers of one page of organisations, in the index's order.
    func offers(_ result: DirectoryResult, kinds: [Infrastructure.Kind]) async throws -> [Offer] {
        let profiles = try await platform.organisations.find(ids: result.items.map(\.id))
        return result.items.compactMap { hit in
            guard let profile = profiles[hit.id] else { return nil }
            let offered = profile.infrastructures.filter { kinds.isEmpty || kinds.contains($0.kind) }
            return offered.isEmpty ? nil : Offer(organisation: hit, infrastructures: offered)
        }
    }

    // MARK: The page

    struct Item {
        var kind: String
        var detail: String
    }

    struct Card {
        var name: String
        var href: String
        var place: String
        var items: [Item]
    }

    struct InfrastructuresPage: PageModel {
        static let template = "infrastructures"
        var title: String
        var canonical: String
        var action = Routes.infrastructures.path
        var q: String
        var hidden: [MapPagesController.Hidden]
        var active: [MapPagesController.Link]
        var clearHref = Routes.infrastructures.path
        var facets: [MapPagesController.Facet]
        var total: Int
        var mapHref: String
        var directoryHref: String
        var cards: [Card]
        var page: Int
        var pages: Int
        var previous: String?
        var next: String?
        var errors: [FieldRule]
    }

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        let pairs = FormDecoding.pairs(request.uri.query)
        do {
            let query = try parse(pairs)
            // Kept like the map's pages, per query and language, until the directory changes.
            let key = RequestLanguage.current.code + " infrastructures " + (request.uri.query ?? "")
            let html = try await platform.mapPages.text(key) {
                let result = search(query)
                let offers = try await offers(result, kinds: query.infrastructures)
                return platform.views.render(model(query: query, pairs: pairs, result: result, offers: offers, errors: []))
            }
            return Views.html(html ?? "")
        } catch let error as DirectoryQueryError {
            let refusal = APIError.query(error)
            let q = pairs.first { $0.0 == "q" }?.1 ?? ""
            let empty = model(
                query: DirectoryQuery(text: ""), pairs: [("q", q)], result: DirectoryResult(total: 0, items: [], facets: []), offers: [],
                errors: refusal.fields.sorted { $0.key < $1.key }.map { FieldRule(field: $0.key, rule: $0.value) })
            return platform.views.page(empty, status: refusal.status)
        }
    }

    func model(query: DirectoryQuery, pairs: [(String, String)], result: DirectoryResult, offers: [Offer], errors: [FieldRule]) -> InfrastructuresPage {
        let kept = pairs.filter { Self.parameters.contains($0.0) }
        // Only the two facets this page refines by: kind first, then country.
        var shown = result
        shown.facets = ["infrastructure", "country"].compactMap { result.facet($0) }
        // The directory's facets and paging, their links pointed here.
        let refine = MapPagesController.refinement(query: query, pairs: kept, result: shown, platform: platform, page: Routes.infrastructures.path)
        let filters = refine.filters
        let base: [(String, String)] = query.text.isEmpty ? [] : [("q", query.text)]
        // On the map and in the directory, "every kind" is every organisation offering one.
        let kinds = query.infrastructures.isEmpty ? Infrastructure.Kind.allCases.map { ("infrastructure", $0.code) } : []
        let cards = offers.map { offer in
            let hit = offer.organisation
            let country = platform.reference.country(hit.country).map { ReferenceText.country($0.name) } ?? hit.country
            let region = hit.region.map { platform.reference.region($0)?.name ?? $0 }
            return Card(
                name: hit.name, href: Routes.organisation.path(hit.slug), place: [region, country].compactMap { $0 }.joined(separator: ", "),
                items: offer.infrastructures.map { Item(kind: ReferenceText.name($0.kind.label, facet: "infrastructure"), detail: $0.detail) })
        }
        return InfrastructuresPage(
            title: t("Innovation infrastructures"), canonical: platform.configuration.publicURL + Routes.infrastructures.path, q: query.text,
            hidden: refine.hidden, active: refine.active,
            facets: refine.facets.map { facet in
                var open = facet
                open.open = true
                return open
            },
            total: result.total, mapHref: Routes.map.path(query: base + filters + kinds),
            directoryHref: Routes.organisations.path(query: base + filters + kinds), cards: cards, page: refine.page, pages: refine.pages,
            previous: refine.previous, next: refine.next, errors: errors)
    }

    // MARK: The API

    struct OfferDocument: Encodable {
        struct Organisation: Encodable {
            var id: Int64
            var slug: String
            var name: String
            var country: String
            var region: String?
            var url: String
        }
        struct Item: Encodable {
            var kind: String
            var label: String
            var description: String
        }
        var organisation: Organisation
        var infrastructures: [Item]
    }

    /// `GET /api/v1/infrastructures`: one item per organisation, with what it offers of the chosen kinds.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let pairs = FormDecoding.pairs(request.uri.query)
        let query: DirectoryQuery
        do { query = try parse(pairs) } catch { throw APIError.query(error) }
        let result = search(query)
        let offers = try await offers(result, kinds: query.infrastructures)
        let publicURL = platform.configuration.publicURL
        let items = offers.map { offer in
            let hit = offer.organisation
            return OfferDocument(
                organisation: .init(
                    id: hit.id, slug: hit.slug, name: hit.name, country: hit.country, region: hit.region,
                    url: publicURL + Routes.organisation.path(hit.slug)),
                infrastructures: offer.infrastructures.map { .init(kind: $0.kind.code, label: $0.kind.label, description: $0.detail) })
        }
        return try JSONResponse.make(Page(items: items, total: result.total, page: query.page, per_page: query.perPage))
    }
}

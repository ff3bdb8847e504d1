import ClusterCollabCore
import ClusterCollabSearch
import ClusterCollabText
import Foundation
import Hummingbird

/// `/map`: the directory's query (text and every facet) as a map of Europe, drawn by the server as SVG
/// (`Choropleth` over `EuropeMap`): each country coloured by how many published organisations match,
/// named with its count in its shape's title, linked to the directory filtered to it; beside it the
/// directory's facets, and below it the same numbers as a table. No script is needed. A page is kept
/// per query and language until the directory changes.
struct MapPagesController {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.map, use: map)
        router.get(Routes.mapCountry, use: country)
    }

    struct Link {
        var label: String
        var href: String
    }

    struct FacetLink {
        var label: String
        var count: Int
        var href: String
        var selected: Bool
    }

    struct Facet {
        var title: String
        var values: [FacetLink]
        var open: Bool
    }

    struct Hidden {
        var name: String
        var value: String
    }

    struct LegendItem {
        var colour: String
        var label: String
    }

    struct Row {
        var name: String
        var count: Int
        var href: String
        var regionsHref: String? = nil
        /// The NUTS 3 regions under a NUTS 2 one, on a country's page.
        var parts: [Row] = []
    }

    struct MapPage: PageModel {
        static let template = "map"
        var site = SiteLinks()
        var title: String
        var canonical: String
        var action = Routes.map.path
        var q: String
        var hidden: [Hidden]
        var active: [Link]
        var clearHref = Routes.map.path
        var facets: [Facet]
        var total: Int
        var directoryHref: String
        var svg: String
        var legend: [LegendItem]
        var rows: [Row]
        var errors: [FieldRule]
    }

    /// The shape's title of a country: its name and how many organisations match there.
    static let shapeTitle = Sentence("{{name}}: {{count}} organisation", plural: "{{name}}: {{count}} organisations")

    @Sendable func map(_ request: Request, context: AppRequestContext) async throws -> Response {
        let pairs = FormDecoding.pairs(request.uri.query)
        let query: DirectoryQuery
        do { query = try DirectoryQuery.parse(pairs, reference: platform.reference) } catch {
            // Bad filters get the page without a map, with the same rules as the directory and the API.
            let refusal = APIError.query(error)
            let q = pairs.first { $0.0 == "q" }?.1 ?? ""
            let empty = model(
                query: DirectoryQuery(text: ""), pairs: [("q", q)], result: DirectoryResult(total: 0, items: [], facets: []),
                errors: refusal.fields.sorted { $0.key < $1.key }.map { FieldRule(field: $0.key, rule: $0.value) })
            return platform.views.page(empty, status: refusal.status)
        }
        // Counting is the directory index's facet pass; the page is kept until the directory changes.
        let key = RequestLanguage.current.code + " " + (request.uri.query ?? "")
        let html = try await platform.mapPages.text(key) {
            // Only the facets are drawn: the counts alone, nothing ranked.
            platform.views.render(model(query: query, pairs: pairs, result: platform.directory.index.counts(query), errors: []))
        }
        return Views.html(html ?? "")
    }

    /// The directory's search form, chosen filters and facets of a query, their links pointed at `page`
    /// (the map, the statistics): the same filters, there.
    struct Refinement {
        var hidden: [Hidden]
        var active: [Link]
        var facets: [Facet]
        /// The filters as the user gave them (without the text), each value once.
        var filters: [(String, String)]
        /// The directory's paging, its links pointed at the same page.
        var page: Int
        var pages: Int
        var previous: String?
        var next: String?
    }

    static func refinement(query: DirectoryQuery, pairs: [(String, String)], result: DirectoryResult, platform: Platform, page: String) -> Refinement {
        let directory = DirectoryPagesController.directoryModel(query: query, pairs: pairs, result: result, platform: platform)
        let prefix = Routes.organisations.path
        func here(_ href: String) -> String { href.hasPrefix(prefix) ? page + href.dropFirst(prefix.count) : href }
        return Refinement(
            hidden: directory.hidden.map { Hidden(name: $0.name, value: $0.value) },
            active: directory.active.map { Link(label: $0.label, href: here($0.removeHref)) },
            facets: directory.facets.map { facet in
                Facet(
                    title: facet.title, values: facet.values.map { FacetLink(label: $0.label, count: $0.count, href: here($0.href), selected: $0.selected) },
                    open: facet.open)
            },
            filters: directory.hidden.map { ($0.name, $0.value) }, page: directory.page, pages: directory.pages,
            previous: directory.previous.map(here), next: directory.next.map(here))
    }

    /// The page of one query: the directory's facets with their links turned to the map, the map, its legend
    /// and its table.
    func model(query: DirectoryQuery, pairs: [(String, String)], result: DirectoryResult, errors: [FieldRule]) -> MapPage {
        let refine = Self.refinement(query: query, pairs: pairs, result: result, platform: platform, page: Routes.map.path)
        let filters = refine.filters
        let base: [(String, String)] = query.text.isEmpty ? [] : [("q", query.text)]
        var counts: [String: Int] = [:]
        for value in result.facet("country")?.values ?? [] { counts[value.value] = value.count }
        let map = EuropeMap.shipped
        let choropleth = Choropleth(counts: counts)
        func name(_ code: String, _ fileName: String) -> String {
            platform.reference.country(code).map { ReferenceText.country($0.name) } ?? fileName
        }
        func link(_ code: String) -> String {
            Routes.organisations.path(query: base + filters.filter { $0.0 != "country" } + [("country", code)])
        }
        let language = RequestLanguage.current
        let words = Choropleth.Words(
            title: t("Published organisations per country"),
            description: t("Each country is coloured by the number of organisations that match; its link opens them in the directory."),
            name: name, shapeTitle: { Self.shapeTitle(in: language, count: $1, ["name": $0, "count": language.number($1)]) }, link: link)
        let rows = counts.filter { $0.value > 0 }.map {
            Row(
                name: name($0.key, $0.key), count: $0.value, href: link($0.key),
                regionsHref: Routes.mapCountry.path($0.key, query: base + filters.filter { $0.0 != "country" }))
        }
        .sorted { ($0.count, $1.name) > ($1.count, $0.name) }
        return MapPage(
            title: t("Map of cluster organisations"), canonical: platform.configuration.publicURL + Routes.map.path, q: query.text,
            hidden: refine.hidden, active: refine.active, facets: refine.facets,
            total: result.total, directoryHref: Routes.organisations.path(query: base + filters),
            svg: errors.isEmpty ? choropleth.svg(on: map, words: words) : "",
            legend: choropleth.legend.map { LegendItem(colour: $0.colour, label: $0.label(format: language.number)) },
            rows: rows, errors: errors)
    }

    // MARK: A country's regions

    struct CountryPage: PageModel {
        static let template = "map-country"
        var site = SiteLinks()
        var title: String
        var mapHref: String
        var directoryHref: String
        var total: Int
        var svg: String
        var rows: [Row]
        var freeText: Bool
        /// The directory's filters the counts are narrowed by, each removable.
        var active: [Link] = []
        var errors: [FieldRule] = []
    }

    /// `/map/{country}`: the published organisations of a country by region, as a ranked bar chart and a
    /// table. Where the country has NUTS regions, each NUTS 2 region with the NUTS 3 regions below it (an
    /// organisation placed in a NUTS 3 region counts in its NUTS 2 too); elsewhere the regions as written.
    /// With the directory's query (`?q=drone&type=...`) it counts the organisations that match, by NUTS 2
    /// region (the directory's region facet). No region outline is free to ship, so regions are bars.
    @Sendable func country(_ request: Request, context: AppRequestContext) async throws -> Response {
        let code = try context.parameters.require("country").uppercased()
        guard code.count == 2, let country = platform.reference.country(code) else { throw APIError.notFound("country \(code.prefix(10))") }
        // The query, this country whatever filter of countries it named.
        let pairs = FormDecoding.pairs(request.uri.query).filter { $0.0 != "country" }
        let query: DirectoryQuery
        do { query = try DirectoryQuery.parse(pairs + [("country", code)], reference: platform.reference) } catch {
            let refusal = APIError.query(error)
            var page = CountryPage(
                title: t("Cluster organisations in {{country}}").filling(["country": ReferenceText.country(country.name)]), mapHref: Routes.map.path,
                directoryHref: Routes.organisations.path(query: [("country", code)]), total: 0, svg: "", rows: [], freeText: false)
            page.errors = refusal.fields.sorted { $0.key < $1.key }.map { FieldRule(field: $0.key, rule: $0.value) }
            return platform.views.page(page, status: refusal.status)
        }
        let narrowed = !query.text.isEmpty || pairs.contains { DirectoryFacet.names.contains($0.0) && !$0.1.isEmpty }
        let key = RequestLanguage.current.code + " country " + code + " " + (narrowed ? request.uri.query ?? "" : "")
        let html = try await platform.mapPages.text(key) {
            platform.views.render(try await countryPage(country, query: narrowed ? query : nil, pairs: pairs))
        }
        return Views.html(html ?? "")
    }

    func countryPage(_ country: Country, query: DirectoryQuery? = nil, pairs: [(String, String)] = []) async throws -> CountryPage {
        let language = RequestLanguage.current
        let name = ReferenceText.country(country.name)
        // The query's text and filters (other than the country and the region, which each link sets).
        var refine: Refinement?
        var counts: [(region: String?, count: Int)]
        if let query {
            let result = platform.directory.index.counts(query)
            refine = Self.refinement(query: query, pairs: pairs, result: result, platform: platform, page: Routes.mapCountry.path(country.code))
            // The region facet counts NUTS 2 regions; the rest of the matches have none (or one of their own words).
            counts = (result.facet("region")?.values ?? []).map { (region: $0.value, count: $0.count) }
            let placed = counts.reduce(0) { $0 + $1.count }
            if result.total > placed { counts.append((region: nil, count: result.total - placed)) }
        } else {
            counts = try await platform.organisations.publishedRegionCounts(country: country.code)
        }
        let kept: [(String, String)] =
            (query.map { $0.text.isEmpty ? [] : [("q", $0.text)] } ?? []) + (refine?.filters.filter { $0.0 != "country" && $0.0 != "region" } ?? [])
        let nuts = !platform.reference.regions(country: country.code, level: 2).isEmpty
        func directory(_ region: String?) -> String {
            Routes.organisations.path(query: kept + [("country", country.code)] + (region.map { [("region", $0)] } ?? []))
        }
        func title(_ label: String, _ count: Int) -> String { Self.shapeTitle(in: language, count: count, ["name": label, "count": language.number(count)]) }
        var rows: [Row] = []
        var unplaced = 0
        if nuts || query != nil {
            // NUTS 3 codes are their NUTS 2 code and one more character.
            var byNUTS2: [String: (own: Int, parts: [(String, Int)])] = [:]
            for (region, count) in counts {
                guard let region, let known = platform.reference.region(region), known.level >= 2 else {
                    unplaced += count
                    continue
                }
                let parent = known.level == 2 ? region : String(region.prefix(4))
                if known.level == 2 { byNUTS2[parent, default: (0, [])].own += count } else { byNUTS2[parent, default: (0, [])].parts.append((region, count)) }
            }
            for (code, entry) in byNUTS2 {
                let label = platform.reference.region(code)?.name ?? code
                let parts = entry.parts.sorted { ($0.1, $1.0) > ($1.1, $0.0) }.map { part in
                    Row(name: platform.reference.region(part.0)?.name ?? part.0, count: part.1, href: directory(part.0))
                }
                rows.append(Row(name: label, count: entry.own + entry.parts.reduce(0) { $0 + $1.1 }, href: directory(code), parts: parts))
            }
            rows.sort { ($0.count, $1.name) > ($1.count, $0.name) }
        } else {
            for (region, count) in counts {
                if let region, !region.isEmpty { rows.append(Row(name: region, count: count, href: directory(region))) } else { unplaced += count }
            }
        }
        var bars: [BarChart.Bar] = []
        for row in rows {
            bars.append(.init(label: row.name, value: row.count, title: title(row.name, row.count), href: row.href))
            bars += row.parts.map { .init(label: $0.name, value: $0.count, title: title($0.name, $0.count), href: $0.href, isPart: true) }
        }
        if unplaced > 0 {
            let label = query == nil ? t("No region given") : t("No NUTS region given")
            rows.append(Row(name: label, count: unplaced, href: directory(nil)))
            bars.append(.init(label: label, value: unplaced, title: title(label, unplaced)))
        }
        var page = CountryPage(
            title: t("Cluster organisations in {{country}}").filling(["country": name]), mapHref: Routes.map.path(query: kept),
            directoryHref: directory(nil), total: counts.reduce(0) { $0 + $1.count },
            svg: bars.isEmpty ? "" : BarChart(title: t("Published organisations per region"), bars: bars).svg(value: language.number),
            rows: rows, freeText: !nuts && query == nil)
        page.active = refine?.active ?? []
        return page
    }
}

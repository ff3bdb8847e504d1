import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabSearch
import ClusterCollabText
import Foundation
import Hummingbird

/// `/statistics` and `/api/v1/statistics/...`: the published organisations counted by country, type,
/// sector, ecosystem, emerging industry, technology, label and member size band. The counts are the
/// directory index's facet pass over every published organisation, so they are the directory's own
/// numbers; each chart is an SVG bar chart drawn by the server with a table of the same numbers, and
/// downloads as CSV and JSON. Pages are kept until the directory changes, as the map's are.
struct StatisticsController {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.statistics, use: page)
        router.get(Routes.API.statistics, use: index)
        router.get(Routes.API.statistic, use: dimension)
        router.get(Routes.API.catalogue, use: catalogue)
    }

    /// The dimensions, in the order the page shows them: the directory facet each one counts and its title.
    static let dimensions: [(name: String, title: String)] = [
        ("country", "Organisations per country"), ("type", "Organisations per type"), ("sector", "Organisations per cluster sector"),
        ("ecosystem", "Organisations per industrial ecosystem"), ("emerging", "Organisations per emerging industry"),
        ("technology", "Organisations per key enabling technology"), ("label", "Organisations per cluster label"),
        ("size", "Organisations per member size band"),
    ]

    /// Every published organisation's facets: one pass of the directory index.
    func counts() -> DirectoryResult {
        var query = DirectoryQuery(text: "")
        query.perPage = 1
        return platform.directory.index.search(query)
    }

    struct Item: Encodable {
        var value: String
        var label: String
        var count: Int
    }

    struct Dimension: Encodable {
        var dimension: String
        var title: String
        var total: Int
        var items: [Item]
    }

    /// One dimension's counts, most first, with labels in the request's language.
    func dimension(_ name: String, in result: DirectoryResult) -> Dimension {
        let facet = result.facet(name)
        let items = (facet?.values ?? []).map { Item(value: $0.value, label: ReferenceText.name($0.label, facet: name), count: $0.count) }
        return Dimension(dimension: name, title: Self.title(name), total: result.total, items: items)
    }

    /// A dimension's title in the request's language.
    static func title(_ name: String) -> String {
        switch name {
        case "country": t("Organisations per country")
        case "type": t("Organisations per type")
        case "sector": t("Organisations per cluster sector")
        case "ecosystem": t("Organisations per industrial ecosystem")
        case "emerging": t("Organisations per emerging industry")
        case "technology": t("Organisations per key enabling technology")
        case "label": t("Organisations per cluster label")
        case "size": t("Organisations per member size band")
        default: name
        }
    }

    // MARK: The page

    struct Chart {
        var id: String
        var title: String
        var svg: String
        var csvHref: String
        var jsonHref: String
        var rows: [Item]
    }

    struct StatisticsPage: PageModel {
        static let template = "statistics"
        var title = t("Statistics")
        var canonical: String
        var total: Int
        var mapHref = Routes.map.path
        var charts: [Chart]
    }

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        let language = RequestLanguage.current
        let html = try await platform.mapPages.text(language.code + " statistics") {
            let result = counts()
            let charts = Self.dimensions.map { dimension in
                let d = self.dimension(dimension.name, in: result)
                let bars = d.items.map { item in
                    BarChart.Bar(
                        label: item.label, value: item.count,
                        title: MapPagesController.shapeTitle(in: language, count: item.count, ["name": item.label, "count": language.number(item.count)]),
                        href: Routes.organisations.path(query: [(dimension.name, item.value)]))
                }
                return Chart(
                    id: dimension.name, title: d.title,
                    svg: bars.isEmpty ? "" : BarChart(title: d.title, bars: bars).svg(id: dimension.name, value: language.number),
                    csvHref: Routes.API.statistic.path(dimension.name + ".csv"), jsonHref: Routes.API.statistic.path(dimension.name), rows: d.items)
            }
            return platform.views.render(
                StatisticsPage(canonical: platform.configuration.publicURL + Routes.statistics.path, total: result.total, charts: charts))
        }
        return Views.html(html ?? "")
    }

    // MARK: The API

    struct Index: Encodable {
        struct Entry: Encodable {
            var dimension: String
            var title: String
            var json_url: String
            var csv_url: String
        }
        var total: Int
        var items: [Entry]
    }

    /// The dimensions there are, with their addresses, and how many organisations are counted.
    @Sendable func index(_ request: Request, context: AppRequestContext) async throws -> Response {
        let base = platform.configuration.publicURL
        return try JSONResponse.make(
            Index(
                total: counts().total,
                items: Self.dimensions.map {
                    .init(
                        dimension: $0.name, title: $0.title, json_url: base + Routes.API.statistic.path($0.name),
                        csv_url: base + Routes.API.statistic.path($0.name + ".csv"))
                }))
    }

    /// One dimension as JSON (`/api/v1/statistics/country`) or CSV (`/api/v1/statistics/country.csv`).
    @Sendable func dimension(_ request: Request, context: AppRequestContext) async throws -> Response {
        let raw = try context.parameters.require("dimension")
        let csv = raw.hasSuffix(".csv")
        let name = csv ? String(raw.dropLast(4)) : raw
        guard Self.dimensions.contains(where: { $0.name == name }) else {
            throw APIError.notFound("statistic \(raw.prefix(40))")
        }
        let d = dimension(name, in: counts())
        guard csv else { return try JSONResponse.make(d) }
        var text = CSV.line([name, "label", "organisations"])
        for item in d.items { text += CSV.line([item.value, item.label, String(item.count)]) }
        return Response(
            status: .ok,
            headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: ContentDisposition.attachment("organisations-per-\(name).csv")],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    // MARK: The open-data catalogue

    /// The licence the platform publishes its directory and statistics under, stated in the catalogue.
    static let licence = "https://creativecommons.org/licenses/by/4.0/"

    /// `/api/v1/catalogue`: a DCAT-AP description (JSON-LD) of the datasets the platform publishes, so
    /// open-data portals can harvest them: the public directory (public fields only; contact people stay
    /// private) through the API, and the statistics with a JSON and a CSV distribution per dimension.
    @Sendable func catalogue(_ request: Request, context: AppRequestContext) async throws -> Response {
        let base = platform.configuration.publicURL
        let publisher: [String: Any] = ["@type": "foaf:Agent", "foaf:name": NewsPagesController.platformName]
        let licence: [String: Any] = ["@id": Self.licence]
        func distribution(_ url: String, _ format: String, _ mediaType: String, _ title: String) -> [String: Any] {
            [
                "@type": "dcat:Distribution", "dct:title": title, "dcat:accessURL": ["@id": url], "dcat:downloadURL": ["@id": url],
                "dct:format": format, "dcat:mediaType": mediaType, "dct:license": licence,
            ]
        }
        let directory: [String: Any] = [
            "@id": base + Routes.API.organisations.path + "#dataset", "@type": "dcat:Dataset",
            "dct:title": "Published cluster organisations",
            "dct:description":
                "The public fields of every published organisation of the directory: name, type, country and region, sectors, ecosystems, emerging industries, technologies, labels, member counts. Contact people are not published.",
            "dct:publisher": publisher, "dct:license": licence, "dcat:keyword": ["clusters", "industrial ecosystems", "smart specialisation"],
            "dcat:landingPage": ["@id": base + Routes.organisations.path],
            "dcat:distribution": [
                distribution(base + Routes.API.directoryCSV.path, "CSV", "text/csv", "The whole directory (CSV)"),
                distribution(base + Routes.API.directoryJSON.path, "JSON", "application/json", "The whole directory (JSON)"),
                distribution(base + Routes.API.organisations.path, "JSON", "application/json", "Directory API (paged JSON)"),
            ],
        ]
        let statistics: [String: Any] = [
            "@id": base + Routes.API.statistics.path + "#dataset", "@type": "dcat:Dataset",
            "dct:title": "Cluster organisations in numbers",
            "dct:description":
                "Published organisations counted by country, type, cluster sector, industrial ecosystem, emerging industry, key enabling technology, cluster label and member size band.",
            "dct:publisher": publisher, "dct:license": licence, "dcat:keyword": ["clusters", "statistics"],
            "dcat:landingPage": ["@id": base + Routes.statistics.path],
            "dcat:distribution": Self.dimensions.flatMap { d in
                [
                    distribution(base + Routes.API.statistic.path(d.name), "JSON", "application/json", d.title + " (JSON)"),
                    distribution(base + Routes.API.statistic.path(d.name + ".csv"), "CSV", "text/csv", d.title + " (CSV)"),
                ]
            },
        ]
        let document: [String: Any] = [
            "@context": [
                "dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/", "foaf": "http://xmlns.com/foaf/0.1/",
            ],
            "@id": base + Routes.API.catalogue.path, "@type": "dcat:Catalog",
            "dct:title": "\(NewsPagesController.platformName) open data",
            "dct:description": "The open data of the cluster collaboration platform at \(base): its directory and its statistics.",
            "dct:publisher": publisher, "dct:license": licence, "foaf:homepage": ["@id": base + "/"],
            "dct:rights": "Published under CC BY 4.0: credit \(NewsPagesController.platformName) and the organisations that wrote their profiles.",
            "dcat:dataset": [directory, statistics],
        ]
        let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])
        return Response(
            status: .ok, headers: [.contentType: "application/ld+json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

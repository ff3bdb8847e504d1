import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabSearch
import ClusterCollabStorage
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

    /// After the dimensions: the members by kind (the directory index's sums), then the counts over time,
    /// by calendar month (UTC), the database's own.
    static let series: [(name: String, title: String)] = [
        ("members", "Members of the organisations by kind"),
        ("growth", "Organisations published per month"),
        ("activity", "Partner searches, expressions of interest and labelled partnerships per month"),
    ]

    /// Everything that downloads, in the order of the page.
    static var downloads: [(name: String, title: String)] { dimensions + series }

    /// The facets of the published organisations matching `query` (every one by default): one pass of the
    /// directory index.
    func counts(_ query: DirectoryQuery = DirectoryQuery(text: "")) -> DirectoryResult {
        platform.directory.index.counts(query)
    }

    /// The directory's query in the request's parameters (text and every filter), refused as the directory
    /// refuses it: 422 naming the parameter.
    func query(_ request: Request) throws -> (DirectoryQuery, [(String, String)]) {
        let pairs = FormDecoding.pairs(request.uri.query)
        do { return (try DirectoryQuery.parse(pairs, reference: platform.reference), pairs) } catch { throw APIError.query(error) }
    }

    /// Whether the parameters narrow anything: text or a filter with a value.
    static func narrows(_ pairs: [(String, String)]) -> Bool {
        pairs.contains { ($0.0 == "q" || DirectoryFacet.names.contains($0.0)) && !$0.1.trimmingCharacters(in: .whitespaces).isEmpty }
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
        case "members": t("Members of the organisations by kind")
        case "growth": t("Organisations published per month")
        case "activity": t("Partner searches, expressions of interest and labelled partnerships per month")
        default: name
        }
    }

    // MARK: Members by kind

    /// The member companies and bodies of the matching organisations by kind, summed (a profile that gives
    /// no breakdown adds nothing), in the order of the profile form; every kind, 0 included.
    func members(in result: DirectoryResult) -> Dimension {
        let fields = [
            "sme": "members_sme", "large": "members_large", "research": "members_research", "university": "members_university",
            "public_bodies": "members_public", "other": "members_other",
        ]
        let items = result.memberTotals.kinds.map { Item(value: $0.key, label: FieldNames.label(fields[$0.key] ?? $0.key), count: $0.count) }
        return Dimension(dimension: "members", title: Self.title("members"), total: result.total, items: items)
    }

    // MARK: Over time

    struct GrowthRow: Encodable {
        var month: String
        var published: Int
        /// Published by the end of the month, of those published now.
        var total: Int
    }

    struct ActivityRow: Encodable {
        var month: String
        var partner_searches: Int
        var expressions_of_interest: Int
        var partnerships: Int
    }

    /// A count over time as JSON: every month from the first to the last with something, 0 when nothing.
    struct Over<Row: Encodable>: Encodable {
        var dimension: String
        var title: String
        var total: Int
        var items: [Row]
    }

    var statistics: StatisticsRepository { StatisticsRepository(database: platform.database) }

    /// Organisations published per month (the month each was first published, of those published now) and
    /// the running total.
    func growth() async throws -> Over<GrowthRow> {
        let series = MonthlySeries([try await statistics.publishedPerMonth()])
        let published = series.values[0]
        let rows = zip(series.months, zip(published, MonthlySeries.cumulative(published))).map {
            GrowthRow(month: $0.0.description, published: $0.1.0, total: $0.1.1)
        }
        return Over(dimension: "growth", title: Self.title("growth"), total: rows.last?.total ?? 0, items: rows)
    }

    /// Partner searches opened, expressions of interest in calls submitted and labelled partnerships made,
    /// per month, on one calendar.
    func activity() async throws -> Over<ActivityRow> {
        let statistics = self.statistics
        let series = MonthlySeries([
            try await statistics.partnerSearchesPerMonth(), try await statistics.expressionsOfInterestPerMonth(),
            try await statistics.partnershipsPerMonth(),
        ])
        let rows = series.months.enumerated().map { i, month in
            ActivityRow(
                month: month.description, partner_searches: series.values[0][i], expressions_of_interest: series.values[1][i],
                partnerships: series.values[2][i])
        }
        return Over(dimension: "activity", title: Self.title("activity"), total: series.values.joined().reduce(0, +), items: rows)
    }

    // MARK: The page

    struct Chart {
        var id: String
        var title: String
        var svg: String
        var csvHref: String
        var jsonHref: String
        var rows: [Item]
        /// The table's column heads.
        var valueTitle = t("Value")
        var countTitle = t("Organisations")
    }

    /// A member bar's title: "SMEs: 1,204 members".
    static let memberTitle = Sentence("{{name}}: {{count}} member", plural: "{{name}}: {{count}} members")

    struct TimeRow {
        var month: String
        var cells: [String]
    }

    /// A count over time on the page: its line charts and a table of every month.
    struct TimeChart {
        var id: String
        var title: String
        var svgs: [String]
        var csvHref: String
        var jsonHref: String
        var head: [String]
        var rows: [TimeRow]
    }

    struct StatisticsPage: PageModel {
        static let template = "statistics"
        var site = SiteLinks()
        var title = t("Statistics")
        var canonical: String
        var total: Int
        var mapHref = Routes.map.path
        var action = Routes.statistics.path
        var clearHref = Routes.statistics.path
        var directoryHref = Routes.organisations.path
        var q = ""
        var hidden: [MapPagesController.Hidden] = []
        var active: [MapPagesController.Link] = []
        var facets: [MapPagesController.Facet] = []
        var narrowed = false
        var charts: [Chart]
        var overTime: [TimeChart]
        var errors: [FieldRule] = []
    }

    /// A dot's title: "Published, March 2024: 12".
    static let pointTitle = Sentence("{{series}}, {{month}}: {{count}}")

    /// The line charts of growth and activity, with their tables.
    func timeCharts(language: Language) async throws -> [TimeChart] {
        let utc: Calendar = {
            var utc = Calendar(identifier: .gregorian)
            utc.timeZone = TimeZone(identifier: "UTC")!
            return utc
        }()
        func monthName(_ month: Month) -> String {
            utc.date(from: DateComponents(year: month.year, month: month.month, day: 15)).map { language.monthYear($0) } ?? month.description
        }
        let words = LineChart.Words(
            month: { $0.description },
            point: { Self.pointTitle(in: language, ["series": $0, "month": monthName($1), "count": language.number($2)]) },
            number: language.number)
        let growth = try await growth()
        let months = growth.items.compactMap { Month($0.month) }
        let published = t("Published in the month"), total = t("Published in all")
        let growthChart = TimeChart(
            id: "growth", title: growth.title,
            svgs: [
                LineChart(title: published, months: months, series: [.init(name: published, values: growth.items.map(\.published))])
                    .svg(id: "growth-month", words: words),
                LineChart(title: total, months: months, series: [.init(name: total, values: growth.items.map(\.total))])
                    .svg(id: "growth-total", words: words),
            ],
            csvHref: Routes.API.statistic.path("growth.csv"), jsonHref: Routes.API.statistic.path("growth"),
            head: [published, total],
            rows: growth.items.map { TimeRow(month: monthName(Month($0.month)!), cells: [language.number($0.published), language.number($0.total)]) })
        let activity = try await activity()
        let names = [t("Partner searches opened"), t("Expressions of interest submitted"), t("Labelled partnerships")]
        let activityMonths = activity.items.compactMap { Month($0.month) }
        let activityChart = TimeChart(
            id: "activity", title: activity.title,
            svgs: [
                LineChart(
                    title: activity.title, months: activityMonths,
                    series: [
                        .init(name: names[0], values: activity.items.map(\.partner_searches)),
                        .init(name: names[1], values: activity.items.map(\.expressions_of_interest)),
                        .init(name: names[2], values: activity.items.map(\.partnerships)),
                    ]
                ).svg(id: "activity-month", words: words)
            ],
            csvHref: Routes.API.statistic.path("activity.csv"), jsonHref: Routes.API.statistic.path("activity"),
            head: names,
            rows: activity.items.map {
                TimeRow(
                    month: monthName(Month($0.month)!),
                    cells: [language.number($0.partner_searches), language.number($0.expressions_of_interest), language.number($0.partnerships)])
            })
        return [growthChart, activityChart]
    }

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        let language = RequestLanguage.current
        let query: DirectoryQuery, pairs: [(String, String)]
        do { (query, pairs) = try self.query(request) } catch let refusal as APIError {
            // Bad filters get the page without charts, with the same rules as the directory and the API.
            var page = StatisticsPage(canonical: platform.configuration.publicURL + Routes.statistics.path, total: 0, charts: [], overTime: [])
            page.q = FormDecoding.pairs(request.uri.query).first { $0.0 == "q" }?.1 ?? ""
            page.narrowed = true
            page.errors = refusal.fields.sorted { $0.key < $1.key }.map { FieldRule(field: $0.key, rule: $0.value) }
            return platform.views.page(page, status: refusal.status)
        }
        let narrowed = Self.narrows(pairs)
        let key = language.code + " statistics " + (narrowed ? request.uri.query ?? "" : "")
        let html = try await platform.mapPages.text(key) {
            let result = counts(query)
            let refine = MapPagesController.refinement(query: query, pairs: pairs, result: result, platform: platform, page: Routes.statistics.path)
            let kept: [(String, String)] = (query.text.isEmpty ? [] : [("q", query.text)]) + refine.filters
            let charts = Self.dimensions.map { dimension in
                let d = self.dimension(dimension.name, in: result)
                let others = kept.filter { $0.0 != dimension.name }
                let bars = d.items.map { item in
                    BarChart.Bar(
                        label: item.label, value: item.count,
                        title: MapPagesController.shapeTitle(in: language, count: item.count, ["name": item.label, "count": language.number(item.count)]),
                        href: Routes.organisations.path(query: others + [(dimension.name, item.value)]))
                }
                return Chart(
                    id: dimension.name, title: d.title,
                    svg: bars.isEmpty ? "" : BarChart(title: d.title, bars: bars).svg(id: dimension.name, value: language.number),
                    csvHref: Routes.API.statistic.path(dimension.name + ".csv", query: kept),
                    jsonHref: Routes.API.statistic.path(dimension.name, query: kept), rows: d.items)
            }
            let members = self.members(in: result)
            let memberBars = members.items.map { item in
                BarChart.Bar(
                    label: item.label, value: item.count,
                    title: Self.memberTitle(in: language, count: item.count, ["name": item.label, "count": language.number(item.count)]))
            }
            let memberChart = Chart(
                id: "members", title: members.title,
                svg: members.items.allSatisfy { $0.count == 0 }
                    ? "" : BarChart(title: members.title, bars: memberBars).svg(id: "members", value: language.number),
                csvHref: Routes.API.statistic.path("members.csv", query: kept), jsonHref: Routes.API.statistic.path("members", query: kept),
                rows: members.items, valueTitle: t("Kind of member"), countTitle: t("Members"))
            var page = StatisticsPage(
                canonical: platform.configuration.publicURL + Routes.statistics.path, total: result.total, charts: charts + [memberChart],
                // Growth and activity count the whole platform: they are on the page of every organisation.
                overTime: narrowed ? [] : try await timeCharts(language: language))
            page.mapHref = Routes.map.path(query: kept)
            page.directoryHref = Routes.organisations.path(query: kept)
            page.q = query.text
            page.hidden = refine.hidden
            page.active = refine.active
            page.facets = refine.facets
            page.narrowed = narrowed
            return platform.views.render(page)
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
                items: Self.downloads.map {
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
        // The directory's parameters are read (and refused when bad) for every statistic, as documented.
        let (query, _) = try self.query(request)
        var text: String
        switch name {
        case "growth", "activity":
            // Counted in the database for the whole platform: kept as the pages are (growth changes with the
            // directory, which drops it; activity is at most the cache's lifetime old).
            let kept = try await platform.mapPages.text("api " + raw) { try await overTime(name, csv: csv) } ?? ""
            guard csv else { return JSONResponse.raw(Data(kept.utf8)) }
            text = kept
        case "members":
            let members = members(in: counts(query))
            guard csv else { return try JSONResponse.make(members) }
            text = CSV.line(["kind", "label", "members"])
            for item in members.items { text += CSV.line([item.value, item.label, String(item.count)]) }
        default:
            guard Self.dimensions.contains(where: { $0.name == name }) else {
                throw APIError.notFound("statistic \(raw.prefix(40))")
            }
            let d = dimension(name, in: counts(query))
            guard csv else { return try JSONResponse.make(d) }
            text = CSV.line([name, "label", "organisations"])
            for item in d.items { text += CSV.line([item.value, item.label, String(item.count)]) }
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: ContentDisposition.attachment(Self.fileName(name))],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// Growth or activity as JSON or CSV text.
    func overTime(_ name: String, csv: Bool) async throws -> String {
        if name == "growth" {
            let growth = try await growth()
            guard csv else { return String(decoding: try JSONEncoder.sorted.encode(growth), as: UTF8.self) }
            var text = CSV.line(["month", "published", "total"])
            for row in growth.items { text += CSV.line([row.month, String(row.published), String(row.total)]) }
            return text
        }
        let activity = try await activity()
        guard csv else { return String(decoding: try JSONEncoder.sorted.encode(activity), as: UTF8.self) }
        var text = CSV.line(["month", "partner_searches", "expressions_of_interest", "partnerships"])
        for row in activity.items {
            text += CSV.line([row.month, String(row.partner_searches), String(row.expressions_of_interest), String(row.partnerships)])
        }
        return text
    }

    /// The CSV's file name: "organisations-per-country.csv", "growth.csv".
    static func fileName(_ name: String) -> String {
        Self.dimensions.contains { $0.name == name } ? "organisations-per-\(name).csv" : name == "members" ? "members-by-kind.csv" : "\(name).csv"
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
                "Published organisations counted by country, type, cluster sector, industrial ecosystem, emerging industry, key enabling technology, cluster label and member size band; their members by kind (SMEs, large companies, research, universities, public bodies, other); organisations published per month; partner searches, expressions of interest and labelled partnerships per month.",
            "dct:publisher": publisher, "dct:license": licence, "dcat:keyword": ["clusters", "statistics"],
            "dcat:landingPage": ["@id": base + Routes.statistics.path],
            "dcat:distribution": Self.downloads.flatMap { d in
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

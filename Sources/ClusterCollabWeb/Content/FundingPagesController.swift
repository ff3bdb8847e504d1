import ClusterCollabCalls
import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabStorage
import ClusterCollabText
import Foundation
import Hummingbird

/// Funding opportunities as visitors read them (the list with its filters and "closing soon", an
/// opportunity's page with its deadline in its zone and in UTC) and as the platform team writes them (one
/// by one in a form, or many from CSV). Writing is for moderators and administrators: anyone else signed in
/// is refused (403), a visitor is sent to log in.
struct FundingPagesController {
    let platform: Platform

    static let perPage = 20
    /// What "closing soon" means on the list page.
    static let closingSoonDays = 30

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.funding, use: list)
        router.get(Routes.fundingNew, use: newForm)
        router.post(Routes.fundingNew, use: create)
        router.get(Routes.fundingImport, use: importForm)
        router.post(Routes.fundingImport, use: importCSV)
        router.get(Routes.fundingOpportunity, use: show)
    }

    // MARK: The list

    struct Row {
        var href: String
        var title: String
        var programme: String
        var fundingBody: String
        var phase: String
        var deadline: String
        var budget: String?
        var cascadeFunding: Bool
        var countries: String
    }

    struct Option {
        var value: String
        var label: String
        var selected: Bool
    }

    struct FundingListPage: PageModel {
        static let template = "funding"
        var title = t("Funding opportunities")
        var action = Routes.funding.path
        var q: String
        var programmes: [Option]
        var countries: [Option]
        var sectors: [Option]
        var ecosystems: [Option]
        var technologies: [Option]
        var statuses: [Option]
        var closingWithin: String
        var closingSoon: [Row]
        var closingSoonHref: String
        var items: [Row]
        var total: Int
        var previous: String?
        var next: String?
        var canWrite: Bool
        var newHref = Routes.fundingNew.path
        var importHref = Routes.fundingImport.path
        var apiHref = Routes.API.fundingOpportunities.path
    }

    static func phase(_ o: FundingOpportunity, now: Date) -> String {
        switch o.phase(at: now) {
        case .upcoming: t("Upcoming")
        case .open: t("Open")
        case .closed: t("Closed")
        }
    }

    static func budget(_ euros: Int64?) -> String? {
        euros.map { t("€{{amount}}").filling(["amount": Shown.number(Int($0))]) }
    }

    func countryNames(_ codes: [String]) -> String {
        guard !codes.isEmpty else { return t("Every country") }
        return codes.map { code in platform.reference.country(code).map { ReferenceText.country($0.name) } ?? code }.joined(separator: ", ")
    }

    func row(_ o: FundingOpportunity, now: Date) -> Row {
        Row(
            href: Routes.fundingOpportunity.path(o.id), title: o.title, programme: o.programme, fundingBody: o.fundingBody,
            phase: Self.phase(o, now: now), deadline: Shown.dateTime(o.deadline, zone: o.timeZone), budget: Self.budget(o.budget),
            cascadeFunding: o.cascadeFunding, countries: countryNames(o.countries))
    }

    func page(_ pairs: [(String, String)]) throws -> Int {
        guard let raw = pairs.last(where: { $0.0 == "page" })?.1, !raw.isEmpty else { return 1 }
        guard let page = Int(raw), page >= 1, PageBounds.offset(page: page, perPage: Self.perPage) != nil else {
            throw APIError(.unprocessableContent, "validation", fields: ["page": PageBounds.rule])
        }
        return page
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let pairs = FormDecoding.pairs(request.uri.query)
        let query = try FundingQuery.parse(pairs, reference: platform.reference, page: true)
        let page = try page(pairs)
        let now = Date()
        let (total, items) = try await platform.funding.list(query.filter, now: now, page: page, perPage: Self.perPage)
        var soon = FundingOpportunityRepository.Filter()
        soon.closingWithinDays = Self.closingSoonDays
        let closingSoon = try await platform.funding.list(soon, now: now, page: 1, perPage: 5).items
        let last = max(1, (total + Self.perPage - 1) / Self.perPage)
        func href(_ page: Int) -> String { Routes.funding.path(query: query.chosen + [("page", String(page))]) }
        let reference = platform.reference
        func options(_ entries: [(String, String)], chosen name: String) -> [Option] {
            [Option(value: "", label: t("Any"), selected: query.chosen(name).isEmpty)]
                + entries.map { Option(value: $0.0, label: $0.1, selected: $0.0 == query.chosen(name)) }
        }
        let statusLabels = [
            ("current", t("Open and upcoming")), ("open", t("Open")), ("upcoming", t("Upcoming")), ("closed", t("Closed")), ("all", t("All")),
        ]
        let status = query.chosen("status").isEmpty ? "current" : query.chosen("status")
        let model = FundingListPage(
            q: query.chosen("q"),
            programmes: options(try await platform.funding.programmes().map { ($0, $0) }, chosen: "programme"),
            countries: options(reference.countries.map { ($0.code, ReferenceText.country($0.name)) }, chosen: "country"),
            sectors: options(reference.sectors.map { ($0.id, ReferenceText.name($0.name, facet: "sector")) }, chosen: "sector"),
            ecosystems: options(reference.ecosystems.map { ($0.id, ReferenceText.name($0.name, facet: "ecosystem")) }, chosen: "ecosystem"),
            technologies: options(reference.technologies.map { ($0.id, ReferenceText.name($0.name, facet: "technology")) }, chosen: "technology"),
            statuses: statusLabels.map { Option(value: $0.0, label: $0.1, selected: $0.0 == status) }, closingWithin: query.chosen("closing_within"),
            closingSoon: closingSoon.map { row($0.opportunity, now: now) },
            closingSoonHref: Routes.funding.path(query: [("closing_within", String(Self.closingSoonDays))]),
            items: items.map { row($0.opportunity, now: now) }, total: total, previous: page > 1 ? href(page - 1) : nil,
            next: page < last ? href(page + 1) : nil, canWrite: context.identity?.user.isModerator ?? false)
        return platform.views.page(model)
    }

    // MARK: One opportunity

    struct FundingOpportunityPage: PageModel {
        static let template = "funding-opportunity"
        var title: String
        var canonical: String
        var programme: String
        var fundingBody: String
        var link: String
        var phase: String
        var opens: String
        var deadline: String
        var deadlineUTC: String
        var budget: String?
        var actionType: String?
        var cascadeFunding: Bool
        var countries: String
        var sectors: [String]
        var ecosystems: [String]
        var technologies: [String]
        var keywords: [String]
        var descriptionHTML: String
        var listHref = Routes.funding.path
        var jsonHref: String
    }

    static func id(_ context: AppRequestContext) throws -> Int64 {
        let raw = try context.parameters.require("id")
        // A path that no opportunity can have is a page that does not exist.
        guard let id = Int64(raw), id > 0 else { throw APIError.notFound("funding opportunity \(raw.prefix(40))") }
        return id
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try Self.id(context)
        guard let stored = try await platform.funding.find(id: id) else { throw APIError.notFound("funding opportunity \(id)") }
        let o = stored.opportunity
        let reference = platform.reference
        let model = FundingOpportunityPage(
            title: o.title, canonical: platform.configuration.publicURL + Routes.fundingOpportunity.path(o.id), programme: o.programme,
            fundingBody: o.fundingBody, link: o.link, phase: Self.phase(o, now: Date()), opens: Shown.dateTime(o.opensAt, zone: o.timeZone),
            deadline: Shown.dateTime(o.deadline, zone: o.timeZone), deadlineUTC: Shown.dateTime(o.deadline, zone: "UTC"), budget: Self.budget(o.budget),
            actionType: o.actionType, cascadeFunding: o.cascadeFunding, countries: countryNames(o.countries),
            sectors: o.sectors.compactMap { reference.sector($0).map { ReferenceText.name($0.name, facet: "sector") } },
            ecosystems: o.ecosystems.compactMap { reference.ecosystem($0).map { ReferenceText.name($0.name, facet: "ecosystem") } },
            technologies: o.technologies.compactMap { reference.technology($0).map { ReferenceText.name($0.name, facet: "technology") } },
            keywords: o.keywords, descriptionHTML: Markdown.html(o.description), jsonHref: Routes.API.fundingOpportunity.path(o.id))
        return platform.views.page(model)
    }

    // MARK: The platform team's form

    struct Check {
        var value: String
        var label: String
        var checked: Bool
    }

    struct FormValues {
        var title = "", programme = "", fundingBody = "", link = "", opensAt = "", deadline = "", timeZone = "Europe/Brussels", budget = ""
        var actionType = "", countries = "", keywords = "", description = ""
        var cascadeFunding = false
        var sectors: [String] = [], ecosystems: [String] = [], technologies: [String] = []
    }

    struct FundingFormPage: PageModel {
        static let template = "funding-form"
        var title = t("New funding opportunity")
        var action = Routes.fundingNew.path
        var importHref = Routes.fundingImport.path
        var csrf: String
        var values: FormValues
        var sectors: [Check]
        var ecosystems: [Check]
        var technologies: [Check]
        var errors: [FieldRule]
    }

    func form(_ request: Request, _ context: AppRequestContext, values: FormValues, errors: ValidationErrors, status: HTTPResponse.Status = .ok)
        -> Response
    {
        let reference = platform.reference
        return platform.formPage(request, context, status: status) { csrf in
            FundingFormPage(
                csrf: csrf, values: values,
                sectors: reference.sectors.map {
                    Check(value: $0.id, label: ReferenceText.name($0.name, facet: "sector"), checked: values.sectors.contains($0.id))
                },
                ecosystems: reference.ecosystems.map {
                    Check(value: $0.id, label: ReferenceText.name($0.name, facet: "ecosystem"), checked: values.ecosystems.contains($0.id))
                },
                technologies: reference.technologies.map {
                    Check(value: $0.id, label: ReferenceText.name($0.name, facet: "technology"), checked: values.technologies.contains($0.id))
                },
                errors: FieldRule.list(errors))
        }
    }

    @Sendable func newForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try AdminPagesController.require(.moderator, request, context)
        var values = FormValues()
        // A sensible start: open from today, closing in two months at 17:00 in Brussels.
        values.opensAt = ZonedTime.localInput(Date(), zone: values.timeZone)
        values.deadline = String(ZonedTime.localInput(Date().addingTimeInterval(60 * 86_400), zone: values.timeZone).prefix(10)) + "T17:00"
        return form(request, context, values: values, errors: ValidationErrors())
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try AdminPagesController.require(.moderator, request, context)
        let submitted = try await Form(request, context: context)
        var values = FormValues()
        values.title = submitted["title"]; values.programme = submitted["programme"]; values.fundingBody = submitted["funding_body"]
        values.link = submitted["link"]; values.opensAt = submitted["opens_at"]; values.deadline = submitted["deadline"]
        values.timeZone = submitted["time_zone"]; values.budget = submitted["budget"]; values.actionType = submitted["action_type"]
        values.countries = submitted["countries"]; values.keywords = submitted["keywords"]; values.description = submitted["description"]
        values.cascadeFunding = submitted["cascade_funding"] == "yes"
        values.sectors = submitted.pairs.filter { $0.0 == "sectors" }.map(\.1)
        values.ecosystems = submitted.pairs.filter { $0.0 == "ecosystems" }.map(\.1)
        values.technologies = submitted.pairs.filter { $0.0 == "technologies" }.map(\.1)
        var record: [String: String] = [:]
        for name in FundingOpportunityInput.fieldNames { record[name] = submitted[name] }
        record["cascade_funding"] = values.cascadeFunding ? "yes" : "no"
        record["sectors"] = values.sectors.joined(separator: ";")
        record["ecosystems"] = values.ecosystems.joined(separator: ";")
        record["technologies"] = values.technologies.joined(separator: ";")
        do {
            let opportunity = try FundingOpportunityInput(record: record).applied(to: nil, reference: platform.reference, now: Date())
            let stored = try await platform.funding.create(opportunity, actor: "\(user.name) <\(user.email)>")
            platform.profileFunding.clear()
            return AccountPagesController.redirect(Routes.fundingOpportunity.path(stored.opportunity.id))
        } catch let errors as ValidationErrors {
            return form(request, context, values: values, errors: errors, status: .unprocessableContent)
        }
    }

    // MARK: The platform team's CSV import

    struct FundingImportPage: PageModel {
        static let template = "funding-import"
        var title = t("Import funding opportunities")
        var action = Routes.fundingImport.path
        var newHref = Routes.fundingNew.path
        var csrf: String
        var csv: String
        var header = FundingImport.header.trimmingCharacters(in: .newlines)
        var errors: [FieldRule]
        var imported: [Link]
        var count: Int
    }

    func importPage(
        _ request: Request, _ context: AppRequestContext, csv: String = "", errors: ValidationErrors = ValidationErrors(), imported: [Link] = [],
        status: HTTPResponse.Status = .ok
    ) -> Response {
        platform.formPage(request, context, status: status) { csrf in
            FundingImportPage(csrf: csrf, csv: csv, errors: Self.byLine(errors), imported: imported, count: imported.count)
        }
    }

    /// An import's problems in the order of the file: the file's own first, then by line.
    static func byLine(_ errors: ValidationErrors) -> [FieldRule] {
        errors.fields.sorted { $0.key.localizedStandardCompare($1.key) == .orderedAscending }.map { FieldRule(field: $0.key, rule: $0.value) }
    }

    @Sendable func importForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try AdminPagesController.require(.moderator, request, context)
        return importPage(request, context)
    }

    @Sendable func importCSV(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try AdminPagesController.require(.moderator, request, context)
        let csv = try await Form(request, context: context)["csv"]
        do {
            let imported = try await platform.importFunding(csv, actor: "\(user.name) <\(user.email)>")
            return importPage(request, context, imported: imported.map { Link(href: Routes.fundingOpportunity.path($0.id), label: $0.title) })
        } catch let errors as ValidationErrors {
            return importPage(request, context, csv: csv, errors: errors, status: .unprocessableContent)
        }
    }
}

extension Platform {
    /// Imports a CSV file of opportunities, all or nothing (`FundingImport`), and returns what it listed.
    func importFunding(_ csv: String, actor: String) async throws -> [FundingOpportunity] {
        let now = Date()
        let rows = try FundingImport.parse(csv, reference: reference, now: now)
        let ids = try await funding.importAll(rows, actor: actor, now: now)
        profileFunding.clear()
        return zip(ids, rows).map { id, row in
            var opportunity = row.opportunity
            opportunity.id = id
            return opportunity
        }
    }
}

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
        router.get(Routes.fundingEdit, use: editForm)
        router.post(Routes.fundingEdit, use: update)
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
        // "Closing soon" among the opportunities the list's filters keep, never the whole catalogue.
        var soon = query.filter
        soon.closingWithinDays = min(query.filter.closingWithinDays ?? Self.closingSoonDays, Self.closingSoonDays)
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
            closingSoonHref: Routes.funding.path(
                query: query.chosen.filter { $0.0 != "closing_within" && !$0.1.isEmpty } + [("closing_within", String(Self.closingSoonDays))]),
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
        /// For the platform team only; a response to a signed-in person is never kept by a cache
        /// (`AuthenticationMiddleware`), so a visitor is never shown it.
        var editHref: String?
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
            keywords: o.keywords, descriptionHTML: Markdown.html(o.description), jsonHref: Routes.API.fundingOpportunity.path(o.id),
            editHref: context.identity?.user.isModerator == true ? Routes.fundingEdit.path(o.id) : nil)
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

        init() {}

        /// A stored opportunity as its edit form shows it: instants in its own zone, lists separated by commas.
        init(_ o: FundingOpportunity) {
            title = o.title; programme = o.programme; fundingBody = o.fundingBody; link = o.link
            opensAt = ZonedTime.localInput(o.opensAt, zone: o.timeZone); deadline = ZonedTime.localInput(o.deadline, zone: o.timeZone)
            timeZone = o.timeZone; budget = o.budget.map(String.init) ?? ""; actionType = o.actionType ?? ""
            countries = o.countries.joined(separator: ", "); keywords = o.keywords.joined(separator: ", "); description = o.description
            cascadeFunding = o.cascadeFunding
            sectors = o.sectors.map(String.init); ecosystems = o.ecosystems.map(String.init); technologies = o.technologies
        }

        /// What a submitted form holds.
        init(_ submitted: Form) {
            title = submitted["title"]; programme = submitted["programme"]; fundingBody = submitted["funding_body"]
            link = submitted["link"]; opensAt = submitted["opens_at"]; deadline = submitted["deadline"]
            timeZone = submitted["time_zone"]; budget = submitted["budget"]; actionType = submitted["action_type"]
            countries = submitted["countries"]; keywords = submitted["keywords"]; description = submitted["description"]
            cascadeFunding = submitted["cascade_funding"] == "yes"
            sectors = submitted.pairs.filter { $0.0 == "sectors" }.map(\.1)
            ecosystems = submitted.pairs.filter { $0.0 == "ecosystems" }.map(\.1)
            technologies = submitted.pairs.filter { $0.0 == "technologies" }.map(\.1)
        }

        /// The values as text by field name, as `FundingOpportunityInput(record:)` reads them.
        var record: [String: String] {
            [
                "title": title, "programme": programme, "funding_body": fundingBody, "link": link, "opens_at": opensAt, "deadline": deadline,
                "time_zone": timeZone, "budget": budget, "action_type": actionType, "cascade_funding": cascadeFunding ? "yes" : "no",
                "countries": countries, "sectors": sectors.joined(separator: ";"), "ecosystems": ecosystems.joined(separator: ";"),
                "technologies": technologies.joined(separator: ";"), "keywords": keywords, "description": description,
            ]
        }
    }

    struct FundingFormPage: PageModel {
        static let template = "funding-form"
        var title = t("New funding opportunity")
        var action = Routes.fundingNew.path
        /// Offered beside a new opportunity's form only.
        var importHref: String? = Routes.fundingImport.path
        /// An edit's: the version it was based on, and the opportunity's page.
        var version: String?
        var cancelHref: String?
        var csrf: String
        var values: FormValues
        var sectors: [Check]
        var ecosystems: [Check]
        var technologies: [Check]
        var errors: [FieldRule]
    }

    func form(
        _ request: Request, _ context: AppRequestContext, values: FormValues, errors: ValidationErrors, editing: (id: Int64, version: String)? = nil,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let reference = platform.reference
        return platform.formPage(request, context, status: status) { csrf in
            FundingFormPage(
                title: editing == nil ? t("New funding opportunity") : t("Edit: {{title}}").filling(["title": values.title]),
                action: editing.map { Routes.fundingEdit.path($0.id) } ?? Routes.fundingNew.path,
                importHref: editing == nil ? Routes.fundingImport.path : nil, version: editing?.version,
                cancelHref: editing.map { Routes.fundingOpportunity.path($0.id) }, csrf: csrf, values: values,
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
        let values = FormValues(try await Form(request, context: context))
        do {
            let opportunity = try FundingOpportunityInput(record: values.record).applied(to: nil, reference: platform.reference, now: Date())
            let stored = try await platform.funding.create(opportunity, actor: "\(user.name) <\(user.email)>")
            platform.profileFunding.clear()
            return AccountPagesController.redirect(Routes.fundingOpportunity.path(stored.opportunity.id))
        } catch let errors as ValidationErrors {
            return form(request, context, values: values, errors: errors, status: .unprocessableContent)
        }
    }

    // MARK: The platform team's edit

    func editable(_ context: AppRequestContext) async throws -> StoredFundingOpportunity {
        let id = try Self.id(context)
        guard let stored = try await platform.funding.find(id: id) else { throw APIError.notFound("funding opportunity \(id)") }
        return stored
    }

    @Sendable func editForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try AdminPagesController.require(.moderator, request, context)
        let stored = try await editable(context)
        let o = stored.opportunity
        return form(request, context, values: FormValues(o), errors: ValidationErrors(), editing: (o.id, String(o.version)))
    }

    /// The form's values as an edit of `base`: instants left as the form showed them (in the same zone) are
    /// not given, so an opportunity whose deadline has passed can still be corrected; a changed deadline is
    /// checked against the clock as a new one is.
    static func editInput(_ values: FormValues, base: FundingOpportunity) -> FundingOpportunityInput {
        var record = values.record
        let shown = FormValues(base)
        if values.timeZone.trimmingCharacters(in: .whitespaces) == base.timeZone {
            if values.opensAt.trimmingCharacters(in: .whitespaces) == shown.opensAt { record["opens_at"] = nil }
            if values.deadline.trimmingCharacters(in: .whitespaces) == shown.deadline { record["deadline"] = nil }
        }
        return FundingOpportunityInput(record: record)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try AdminPagesController.require(.moderator, request, context)
        let stored = try await editable(context)
        let submitted = try await Form(request, context: context)
        let values = FormValues(submitted)
        let version = submitted["version"]
        let editing = (id: stored.opportunity.id, version: version)
        do {
            let opportunity = try Self.editInput(values, base: stored.opportunity).applied(
                to: stored.opportunity, reference: platform.reference, now: Date())
            _ = try await platform.funding.update(
                opportunity, expectedVersion: Int(version) ?? stored.opportunity.version, actor: "\(user.name) <\(user.email)>")
            platform.profileFunding.clear()
            return AccountPagesController.redirect(Routes.fundingOpportunity.path(stored.opportunity.id))
        } catch let errors as ValidationErrors {
            return form(request, context, values: values, errors: errors, editing: editing, status: .unprocessableContent)
        } catch let refusal as Refusal where refusal.kind == .conflict {
            // Someone saved first: the form is kept as typed, under the rule that says to reload.
            return form(request, context, values: values, errors: ValidationErrors(["form": refusal.description]), editing: editing, status: .conflict)
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

import ClusterCollabCalls
import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabText
import ClusterCollabMatching
import ClusterCollabStorage
import Foundation
import Hummingbird

/// The evaluation board, the partnerships pages and the administrators' call form.
extension CallPagesController {
    struct ScoreCell { var name: String; var max: Int; var value: String }
    struct BoardRow {
        var id: Int64
        var action: String
        var reference: String
        var lead: String
        var members: String
        var submitted: String
        var eligible: Bool
        var failures: [String]
        var decision: String
        var reason: String
        var scores: [ScoreCell]
        var total: Int
        var selected: Bool
        var isEligible: Bool
        var isIneligible: Bool
    }
    struct BoardPage: PageModel {
        static let template = "call-evaluation"
        var title: String; var csrf: String; var callHref: String; var resultsAction: String; var rows: [BoardRow]; var count: Int; var canPublish: Bool;
        var phase: String
    }

    @Sendable func board(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try AdminPagesController.require(.moderator, request, context)
        let stored = try await platform.storedCall(context, user)
        let rows = try await Self.boardRows(platform, call: stored.call, zone: user.timeZone)
        let phase = stored.call.phase(at: Date())
        return platform.formPage(request, context) { csrf in
            BoardPage(
                title: t("Evaluation: {{call}}").filling(["call": stored.call.title]), csrf: csrf, callHref: Routes.call.path(stored.call.id),
                resultsAction: Routes.callResults.path(stored.call.id), rows: rows, count: rows.count, canPublish: phase == .closed,
                phase: word(phase.label))
        }
    }

    /// The board's rows: every submitted expression of interest with its eligibility and evaluation
    /// (also what `bench calls` times).
    static func boardRows(_ platform: Platform, call: Call, zone: String) async throws -> [BoardRow] {
        try await platform.calls.applications(callID: call.id, status: .submitted).map { a -> BoardRow in
            BoardRow(
                id: a.id, action: Routes.expressionOfInterestEvaluation.path(a.id), reference: a.reference ?? "",
                lead: platform.hit(a.leadID)?.name ?? t("organisation {{id}}").filling(["id": String(a.leadID)]),
                members: a.memberIDs.compactMap { platform.hit($0).map { "\($0.name) (\($0.country))" } }.joined(separator: ", "),
                submitted: a.submittedAt.map { Shown.dateTime($0, zone: zone) } ?? "",
                eligible: Eligibility.isEligible(a.eligibility),
                failures: Eligibility.failures(a.eligibility, in: RequestLanguage.current, reference: platform.reference),
                decision: a.decision?.rawValue ?? "", reason: a.decisionReason ?? "",
                scores: call.criteria.map { ScoreCell(name: $0.name, max: $0.maxPoints, value: a.scores[$0.name].map(String.init) ?? "") },
                total: a.scores.values.reduce(0, +), selected: a.selected, isEligible: a.decision == .eligible, isIneligible: a.decision == .ineligible)
        }
    }

    /// The board's HTML for `call`, as a moderator sees it.
    static func renderBoard(_ platform: Platform, call: Call, zone: String) async throws -> String {
        let rows = try await boardRows(platform, call: call, zone: zone)
        let phase = call.phase(at: Date())
        return platform.views.render(
            BoardPage(
                title: t("Evaluation: {{call}}").filling(["call": call.title]), csrf: "", callHref: Routes.call.path(call.id),
                resultsAction: Routes.callResults.path(call.id), rows: rows,
                count: rows.count,
                canPublish: phase == .closed, phase: word(phase.label)))
    }

    @Sendable func evaluate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try AdminPagesController.require(.moderator, request, context)
        let application = try await platform.applicationRecord(context)
        let form = try await Form(request, context: context)
        let call = try await platform.calls.call(id: application.callID)?.call
        var scores: [String: Int] = [:]
        for (key, value) in form.pairs where key.hasPrefix("score.") && !value.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let points = Int(value.trimmingCharacters(in: .whitespaces)) else {
                throw APIError(.unprocessableContent, "validation", fields: [key: "must be a whole number"])
            }
            scores[String(key.dropFirst(6))] = points
        }
        let decision = ExpressionOfInterest.Decision(rawValue: form["decision"])
        _ = try await refused(user, call) {
            try await platform.calls.evaluate(
                id: application.id, decision: decision, reason: form["reason"], scores: scores,
                selected: form["selected"] == "on", moderator: "\(user.name) <\(user.email)>")
        }
        return AccountPagesController.redirect(Routes.callEvaluation.path(application.callID))
    }

    @Sendable func results(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try AdminPagesController.require(.moderator, request, context)
        let stored = try await platform.storedCall(context, user)
        _ = try await refused(user, stored.call) { try await platform.calls.publishResults(callID: stored.call.id, actor: "\(user.name) <\(user.email)>") }
        return AccountPagesController.redirect(Routes.partnerships.path)
    }

    struct MemberRow { var name: String; var href: String; var country: String; var smes: String }
    struct PartnershipRow {
        var href: String; var name: String; var label: String; var area: String; var members: [MemberRow]; var smes: Int; var countries: String
    }
    struct PartnershipsPage: PageModel {
        static let template = "partnerships"
        var title = t("Labelled partnerships"); var items: [PartnershipRow]; var jsonHref = Routes.API.partnerships.path
    }
    struct PartnershipPage: PageModel {
        static let template = "partnership"
        var title: String
        var csrf: String
        var canWrite: Bool
        var item: PartnershipRow
        var callTitle: String
        var callHref: String
        var listHref = Routes.partnerships.path
        var agreementAction: String
        var newsAction: String
        var agreementTitle: String?
        var agreementDate: String?
        /// Shown with its line breaks kept (`.agreement-note`); nil when there is none.
        var agreementNote: String?
        /// The signed agreement in the document library, and the agreements of member organisations the
        /// team may link (uploaded first through the library's form).
        var agreementDocument: Link?
        var agreementDocuments: [DocumentPagesController.Option]
        var uploadAgreementHref = Routes.documentNew.path
        var news: [NewsRow]
    }
    struct NewsRow { var title: String; var bodyHTML: String; var date: String; var author: String }

    func row(_ p: Partnership) async throws -> PartnershipRow {
        let found = try await platform.organisations.find(ids: p.memberIDs)
        let organisations = p.memberIDs.compactMap { found[$0] }
        let members = organisations.map { o in
            MemberRow(
                name: o.name, href: Routes.organisation.path(o.slug),
                country: platform.reference.country(o.country).map { ReferenceText.country($0.name) } ?? o.country,
                smes: o.members.sme.map(String.init) ?? t("unknown"))
        }
        return PartnershipRow(
            href: Routes.partnership.path(p.id), name: p.name, label: p.label, area: p.thematicArea, members: members,
            smes: organisations.reduce(0) { $0 + ($1.members.sme ?? 0) },
            countries: Array(Set(members.map(\.country))).sorted().joined(separator: ", "))
    }

    @Sendable func partnerships(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, items) = try await platform.calls.partnerships(page: 1, perPage: 200)
        var rows: [PartnershipRow] = []
        for p in items { rows.append(try await row(p)) }
        return platform.views.page(PartnershipsPage(items: rows))
    }

    @Sendable func partnership(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let id = Int64(try context.parameters.require("id")) else { throw APIError.malformed("malformed path", fields: ["id": "must be a number"]) }
        guard let p = try await platform.calls.partnership(id: id) else { throw APIError.notFound("partnership \(id)") }
        let call = try await platform.calls.call(id: p.callID)?.call
        let news = try await platform.calls.news(partnershipID: id).map {
            NewsRow(title: $0.title, bodyHTML: Markdown.html($0.body), date: CalendarDay.of($0.publishedAt), author: $0.author)
        }
        let canWrite = try await mayWrite(context.identity?.user, p)
        let item = try await row(p)
        var linked: Link?
        if let id = p.agreementDocumentID, let document = try await platform.documents.find(id: id) {
            linked = Link(href: Routes.document.path(id), label: document.document.title)
        }
        var agreements: [DocumentPagesController.Option] = []
        if canWrite {
            var filter = DocumentRepository.Filter()
            filter.kind = .agreement
            filter.organisationIDs = p.memberIDs
            agreements = try await platform.documents.list(filter, page: 1, perPage: 100).items.map {
                DocumentPagesController.Option(
                    value: String($0.document.id), label: "\($0.document.title) (\($0.organisation?.name ?? ""))",
                    selected: $0.document.id == p.agreementDocumentID)
            }
        }
        return platform.formPage(request, context) { csrf in
            PartnershipPage(
                title: p.name, csrf: csrf, canWrite: canWrite, item: item, callTitle: call?.title ?? "", callHref: Routes.call.path(p.callID),
                agreementAction: Routes.partnershipAgreement.path(p.id), newsAction: Routes.partnershipNews.path(p.id),
                agreementTitle: p.agreement?.title, agreementDate: p.agreement?.date,
                agreementNote: p.agreement.flatMap { $0.note.isEmpty ? nil : $0.note },
                agreementDocument: linked, agreementDocuments: agreements, news: news)
        }
    }

    /// The lead organisation's team and the platform team record a partnership's agreement and news.
    func mayWrite(_ user: User?, _ p: Partnership) async throws -> Bool {
        if let user, Acting.leadTeamOrPlatformTeam.allows(platformRole: user.role, teamRole: nil) { return true }
        guard let applicationID = p.applicationID, let application = try await platform.calls.application(id: applicationID) else { return false }
        return try await platform.may(.leadTeamOrPlatformTeam, user, organisationID: application.leadID)
    }

    func writablePartnership(_ request: Request, _ context: AppRequestContext) async throws -> (User, Partnership) {
        let user = try context.signedInUser(request)
        guard let id = Int64(try context.parameters.require("id")), let p = try await platform.calls.partnership(id: id) else {
            throw APIError.notFound("partnership")
        }
        guard try await mayWrite(user, p) else { throw Refusal(.forbidden, Acting.leadTeamOrPlatformTeam.message) }
        return (user, p)
    }

    @Sendable func recordAgreement(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, p) = try await writablePartnership(request, context)
        let form = try await Form(request, context: context)
        let agreement: CooperationAgreement
        do { agreement = try CooperationAgreement.validated(date: form["agreement_date"], title: form["agreement_title"], note: form["agreement_note"]) } catch
        {
            throw APIError.validation(error)
        }
        // The signed agreement may be one of the library's documents: an agreement of a member organisation.
        var documentID: Int64?
        if !form["agreement_document"].isEmpty {
            guard let id = Int64(form["agreement_document"]), let stored = try await platform.documents.find(id: id),
                DocumentRules.mayHoldAgreement(stored.document, memberIDs: p.memberIDs)
            else {
                throw APIError(
                    .unprocessableContent, "validation",
                    fields: ["agreement_document": "must be an agreement in the document library owned by a member organisation"])
            }
            documentID = id
        }
        try await platform.calls.recordAgreement(partnershipID: p.id, agreement, documentID: documentID, actor: "\(user.name) <\(user.email)>")
        return AccountPagesController.redirect(Routes.partnership.path(p.id))
    }

    @Sendable func addNews(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, p) = try await writablePartnership(request, context)
        let form = try await Form(request, context: context)
        let title = form["title"].trimmingCharacters(in: .whitespacesAndNewlines)
        let body = form["body"].trimmingCharacters(in: .whitespacesAndNewlines)
        var errors = ValidationErrors()
        if !(3...200).contains(title.count) { errors.add("title", "must be 3 to 200 characters") }
        if !(1...10_000).contains(body.count) { errors.add("body", "must be 1 to 10000 characters (Markdown)") }
        if !errors.isEmpty { throw APIError.validation(errors) }
        try await platform.calls.addNews(partnershipID: p.id, title: title, body: body, author: user.name)
        return AccountPagesController.redirect(Routes.partnership.path(p.id))
    }

    // MARK: Administrators' call form

    struct AdminRow {
        var href: String; var editHref: String; var evaluationHref: String; var title: String; var state: String; var phase: String; var submitted: Int
    }
    struct AdminListPage: PageModel {
        static let template = "admin-calls"
        var title = t("Calls"); var rows: [AdminRow]; var newHref = Routes.adminCallNew.path
    }

    @Sendable func adminList(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try AdminPagesController.require(.moderator, request, context)
        var rows: [AdminRow] = []
        for stored in try await platform.calls.calls(includeDrafts: true) {
            rows.append(
                AdminRow(
                    href: Routes.call.path(stored.call.id), editHref: Routes.adminCallEdit.path(stored.call.id),
                    evaluationHref: Routes.callEvaluation.path(stored.call.id), title: stored.call.title, state: word(stored.call.state.label),
                    phase: word(stored.call.phase(at: Date()).label),
                    submitted: try await platform.calls.applications(callID: stored.call.id, status: .submitted).count))
        }
        return platform.views.page(AdminListPage(rows: rows))
    }

    struct CallFormPage: PageModel {
        static let template = "call-form"
        var title: String
        var action: String
        var csrf: String
        var isNew: Bool
        var values: CallFormValues
        var states: [StateOption]
        var errors: [FieldRule]
    }
    struct StateOption { var value: String; var label: String; var selected: Bool }
    struct CallFormValues {
        var title = "", programme = "", label = "", description = "", thematicAreas = "", opensAt = "", closesAt = "", timeZone = "Europe/Brussels"
        var fields = "[]", rules = "[]", criteria = "[]", version = "", state = "draft"
    }

    static func pretty<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func values(_ call: Call) -> CallFormValues {
        CallFormValues(
            title: call.title, programme: call.programme, label: call.label, description: call.description,
            thematicAreas: call.thematicAreas.joined(separator: "\n"), opensAt: ZonedTime.localInput(call.opensAt, zone: call.timeZone),
            closesAt: ZonedTime.localInput(call.closesAt, zone: call.timeZone), timeZone: call.timeZone, fields: pretty(call.fields),
            rules: pretty(call.rules), criteria: pretty(call.criteria), version: String(call.version), state: call.state.rawValue)
    }

    func callForm(
        _ request: Request, _ context: AppRequestContext, title: String, action: String, isNew: Bool, values: CallFormValues,
        errors: [String: String], status: HTTPResponse.Status = .ok
    ) -> Response {
        platform.formPage(request, context, status: status) { csrf in
            CallFormPage(
                title: title, action: action, csrf: csrf, isNew: isNew, values: values,
                states: Call.State.allCases.map { StateOption(value: $0.rawValue, label: word($0.label), selected: $0.rawValue == values.state) },
                errors: errors.sorted { $0.key < $1.key }.map { FieldRule(field: $0.key, rule: $0.value) })
        }
    }

    @Sendable func newCall(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try AdminPagesController.require(.platformAdmin, request, context)
        let template = DemoCalls.escpS3(title: "", opensAt: Date().addingTimeInterval(7 * 86_400), closesAt: Date().addingTimeInterval(60 * 86_400))
        var values = Self.values(template)
        values.title = ""; values.state = "draft"; values.version = ""
        return callForm(request, context, title: t("New call for interest"), action: Routes.adminCalls.path, isNew: true, values: values, errors: [:])
    }

    /// The form's values as the same input the API reads; the JSON parts (fields, rules, criteria) are
    /// read with the API's decoder, so their errors name the same paths.
    func input(_ form: Form) -> (CallInput, CallFormValues, [String: String]) {
        var values = CallFormValues()
        values.title = form["title"]; values.programme = form["programme"]; values.label = form["label"]; values.description = form["description"]
        values.thematicAreas = form["thematic_areas"]; values.opensAt = form["opens_at"]; values.closesAt = form["closes_at"]
        values.timeZone = form["time_zone"]; values.fields = form["fields"]; values.rules = form["rules"]; values.criteria = form["criteria"]
        values.version = form["version"]; values.state = form["state"]
        var input = CallInput()
        var errors: [String: String] = [:]
        input.title = values.title; input.programme = values.programme; input.description = values.description
        input.label = values.label.isEmpty ? nil : values.label
        input.thematicAreas = values.thematicAreas.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        input.opensAt = values.opensAt; input.closesAt = values.closesAt; input.timeZone = values.timeZone; input.state = values.state
        for (name, text) in [("fields", values.fields), ("rules", values.rules), ("criteria", values.criteria)] {
            let json = "{\"\(name)\": \(text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? "[]" : text)}"
            do {
                let parsed = try CallInput(json: Data(json.utf8))
                switch name {
                case "fields": input.fields = parsed.fields
                case "rules": input.rules = parsed.rules
                default: input.criteria = parsed.criteria
                }
            } catch { errors.merge(error.fields) { a, _ in a } }
        }
        return (input, values, errors)
    }

    @Sendable func createCall(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try AdminPagesController.require(.platformAdmin, request, context)
        let (input, values, parseErrors) = input(try await Form(request, context: context))
        var errors = parseErrors
        if errors.isEmpty {
            do {
                let call = try input.applied(to: nil, reference: platform.reference, now: Date())
                let stored = try await platform.calls.create(call, actor: "\(user.name) <\(user.email)>")
                return AccountPagesController.redirect(Routes.call.path(stored.call.id))
            } catch let e as ValidationErrors { errors = e.fields }
        }
        return callForm(
            request, context, title: t("New call for interest"), action: Routes.adminCalls.path, isNew: true, values: values, errors: errors,
            status: .unprocessableContent
        )
    }

    @Sendable func editCall(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try AdminPagesController.require(.platformAdmin, request, context)
        let stored = try await platform.storedCall(context, user)
        return callForm(
            request, context, title: t("Edit: {{title}}").filling(["title": stored.call.title]), action: Routes.adminCall.path(stored.call.id), isNew: false,
            values: Self.values(stored.call), errors: [:])
    }

    @Sendable func updateCall(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try AdminPagesController.require(.platformAdmin, request, context)
        let stored = try await platform.storedCall(context, user)
        let form = try await Form(request, context: context)
        let (input, values, parseErrors) = input(form)
        var errors = parseErrors
        var status = HTTPResponse.Status.unprocessableContent
        if errors.isEmpty {
            do {
                let call = try input.applied(to: stored.call, reference: platform.reference, now: Date())
                _ = try await platform.calls.update(
                    call, expectedVersion: Int(values.version), recheck: form["recheck"] == "on", actor: "\(user.name) <\(user.email)>")
                return AccountPagesController.redirect(Routes.call.path(stored.call.id))
            } catch let e as ValidationErrors { errors = e.fields } catch let refusal as Refusal {
                errors = ["rules": refusal.description]
                status = refusal.kind == .conflict ? .conflict : .unprocessableContent
            }
        }
        return callForm(
            request, context, title: t("Edit: {{title}}").filling(["title": stored.call.title]), action: Routes.adminCall.path(stored.call.id), isNew: false,
            values: values, errors: errors, status: status)
    }
}

// The board lists hundreds of rows: explicit lookups instead of the templates' reflection (measured: the
// board of 500 submissions went from about 130 ms to the figure in docs/performance.md).

extension CallPagesController.BoardPage: TemplateData {
    func value(named name: String) -> TemplateValue? {
        switch name {
        case "title": .text(title)
        case "csrf": .text(csrf)
        case "callHref": .text(callHref)
        case "resultsAction": .text(resultsAction)
        case "rows": .objects(rows)
        case "count": .number(count)
        case "canPublish": .bool(canPublish)
        case "phase": .text(phase)
        default: nil
        }
    }
}

extension CallPagesController.BoardRow: TemplateData {
    func value(named name: String) -> TemplateValue? {
        switch name {
        case "id": .text(String(id))
        case "action": .text(action)
        case "reference": .text(reference)
        case "lead": .text(lead)
        case "members": .text(members)
        case "submitted": .text(submitted)
        case "eligible": .bool(eligible)
        case "failures": .texts(failures)
        case "decision": .text(decision)
        case "reason": .text(reason)
        case "scores": .objects(scores)
        case "total": .number(total)
        case "selected": .bool(selected)
        case "isEligible": .bool(isEligible)
        case "isIneligible": .bool(isIneligible)
        default: nil
        }
    }
}

extension CallPagesController.ScoreCell: TemplateData {
    func value(named name: String) -> TemplateValue? {
        switch name {
        case "name": .text(self.name)
        case "max": .number(max)
        case "value": .text(self.value)
        default: nil
        }
    }
}

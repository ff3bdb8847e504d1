import ClusterCollabCalls
import ClusterCollabCore
import ClusterCollabMatching
import ClusterCollabText
import ClusterCollabStorage
import Foundation
import Hummingbird

/// The calls pages: `/calls` (open, upcoming, closed), a call with its rules in plain words, the
/// expression of interest with its live eligibility check, the evaluation board, `/partnerships`.
struct CallPagesController {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.calls, use: list)
        router.get(Routes.call, use: show)
        router.post(Routes.callApply, use: apply)
        router.get(Routes.expressionOfInterest, use: application)
        router.post(Routes.expressionOfInterest, use: saveOrSubmit)
        router.post(Routes.expressionOfInterestWithdraw, use: withdraw)
        router.get(Routes.callEvaluation, use: board)
        router.post(Routes.expressionOfInterestEvaluation, use: evaluate)
        router.post(Routes.callResults, use: results)
        router.get(Routes.partnerships, use: partnerships)
        router.get(Routes.partnership, use: partnership)
        router.post(Routes.partnershipAgreement, use: recordAgreement)
        router.post(Routes.partnershipNews, use: addNews)
        router.get(Routes.adminCalls, use: adminList)
        router.get(Routes.adminCallNew, use: newCall)
        router.post(Routes.adminCalls, use: createCall)
        router.get(Routes.adminCallEdit, use: editCall)
        router.post(Routes.adminCall, use: updateCall)
    }

    struct CallItem { var href: String; var title: String; var programme: String; var opens: String; var closes: String; var phase: String; var areas: String }
    struct ListPage: PageModel {
        static let template = "calls"
        var title = t("Calls for interest"); var open: [CallItem]; var upcoming: [CallItem]; var closed: [CallItem];
        var isAdmin: Bool
        var adminHref = Routes.adminCalls.path, newHref = Routes.adminCallNew.path, jsonHref = Routes.API.calls.path
        var partnershipsHref = Routes.partnerships.path
    }

    func item(_ c: Call, now: Date) -> CallItem {
        CallItem(
            href: Routes.call.path(c.id), title: c.title, programme: c.programme, opens: Shown.dateTime(c.opensAt, zone: c.timeZone),
            closes: Shown.dateTime(c.closesAt, zone: c.timeZone), phase: word(c.phase(at: now).label), areas: c.thematicAreas.joined(separator: ", "))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let now = Date()
        let calls = try await platform.calls.calls().map(\.call)
        let open = calls.filter { $0.phase(at: now) == .open }.map { item($0, now: now) }
        let upcoming = calls.filter { $0.phase(at: now) == .upcoming }.map { item($0, now: now) }
        let closed = calls.filter { [.closed, .evaluated].contains($0.phase(at: now)) }.map { item($0, now: now) }
        return platform.views.page(
            ListPage(
                open: open, upcoming: upcoming, closed: closed, isAdmin: context.identity?.user.isPlatformAdmin == true))
    }

    /// One of the person's consortia in the call page's apply form: its rules checked now, the chosen one's
    /// results shown under the select (the others' panels hidden until the select or its link chooses them).
    struct ConsortiumChoice {
        var value: String
        var title: String
        var members: Int
        var eligible: Bool
        var unmet: Int
        var selected: Bool
        var rules: [RuleRow]
        /// The partner search's page, and the call page with this consortium chosen (for browsers without scripts).
        var searchHref: String
        var checkHref: String
    }
    /// The call page's links and form actions.
    struct CallLinks {
        var calls = Routes.calls.path
        var apply: String, login: String, evaluation: String, edit: String, json: String

        init(_ id: Int64) {
            apply = Routes.callApply.path(id)
            login = Routes.login.path(query: [("next", Routes.call.path(id))])
            evaluation = Routes.callEvaluation.path(id)
            edit = Routes.adminCallEdit.path(id)
            json = Routes.API.call.path(id)
        }
    }
    struct CallPage: PageModel {
        static let template = "call"
        var title: String
        var csrf: String
        var id: Int64
        var links: CallLinks
        var site = SiteLinks()
        var programme: String
        var phase: String
        var descriptionHTML: String
        var areas: String
        var opens: String
        var closes: String
        var opensYours: String?
        var closesYours: String?
        var yourZone: String?
        var rules: [String]
        var fields: [String]
        var isOpen: Bool
        var consortia: [ConsortiumChoice]
        var canApply: Bool
        var applications: [Link]
        var isModerator: Bool
        var isAdmin: Bool
        var signedIn: Bool
    }

    /// A rule's result in words, as the call page and the expression of interest show it.
    func ruleRow(_ result: RuleResult) -> RuleRow {
        RuleRow(
            rule: result.rule.description(reference: platform.reference, in: RequestLanguage.current), passed: result.passed,
            sentence: result.sentence(in: RequestLanguage.current, reference: platform.reference))
    }

    /// The person's consortia (the partner searches of their teams) with the call's rules checked now for
    /// each. The one `asked` for (`?search=`) is chosen if it is theirs, else the first eligible, else the
    /// first; any other number is ignored.
    func consortia(
        of searches: [StoredPartnerSearch], call: Call, asked: Int64?, check: Bool
    ) async throws -> [ConsortiumChoice] {
        var choices: [ConsortiumChoice] = []
        for record in searches {
            let id = record.search.id
            let results = check ? try await platform.calls.eligibility(callID: call.id, searchID: id, applicationID: nil) : []
            choices.append(
                ConsortiumChoice(
                    value: String(id), title: record.search.title, members: record.consortium.members.count,
                    eligible: Eligibility.isEligible(results), unmet: results.filter { !$0.passed }.count, selected: false,
                    rules: results.map(ruleRow), searchHref: Routes.partnerSearch.path(id),
                    checkHref: Routes.call.path(call.id, query: [("search", String(id))])))
        }
        let chosen =
            asked.flatMap { asked in choices.firstIndex { $0.value == String(asked) } } ?? choices.firstIndex(where: \.eligible) ?? choices.indices.first
        if let chosen { choices[chosen].selected = true }
        return choices
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = context.identity?.user
        let stored = try await platform.storedCall(context, user)
        let call = stored.call
        let now = Date()
        let takesApplications = [.open, .upcoming].contains(call.phase(at: now))
        var consortia: [ConsortiumChoice] = []
        var mine: [Link] = []
        if let user, case .session? = context.identity?.proof {
            let teams = try await platform.teams.organisations(userID: user.id).map(\.0.id)
            var filter = PartnerSearchRepository.Filter()
            filter.status = nil
            var searches: [StoredPartnerSearch] = []
            for team in teams {
                filter.ownerID = team
                searches += try await platform.partnerSearches.list(filter, today: platform.today, page: 1, perPage: 50).items
            }
            let asked = FormDecoding.pairs(request.uri.query).last { $0.0 == "search" }.flatMap { Int64($0.1) }
            consortia = try await self.consortia(of: searches, call: call, asked: asked, check: takesApplications)
            mine = try await platform.calls.applications(leadIDs: teams).filter { $0.callID == call.id }.map {
                Link(
                    href: Routes.expressionOfInterest.path($0.id),
                    label: "\($0.reference ?? t("Draft {{id}}").filling(["id": String($0.id)])) · \(word($0.status.label))")
            }
        }
        let zone = user?.timeZone
        let showYours = zone != nil && zone != call.timeZone
        return platform.formPage(request, context) { csrf in
            CallPage(
                title: call.title, csrf: csrf, id: call.id, links: CallLinks(call.id), programme: call.programme, phase: word(call.phase(at: now).label),
                descriptionHTML: Markdown.html(call.description), areas: call.thematicAreas.joined(separator: ", "),
                opens: Shown.dateTime(call.opensAt, zone: call.timeZone), closes: Shown.dateTime(call.closesAt, zone: call.timeZone),
                opensYours: showYours ? Shown.dateTime(call.opensAt, zone: zone!) : nil,
                closesYours: showYours ? Shown.dateTime(call.closesAt, zone: zone!) : nil, yourZone: showYours ? zone : nil,
                rules: call.ruleDescriptions(reference: platform.reference, in: RequestLanguage.current),
                fields: call.fields.map { $0.label + ($0.required ? " " + t("(required)") : "") },
                isOpen: call.phase(at: now) == .open, consortia: consortia,
                canApply: !consortia.isEmpty && takesApplications,
                applications: mine, isModerator: user?.isModerator == true,
                isAdmin: user?.isPlatformAdmin == true, signedIn: user != nil)
        }
    }

    func refused<T>(_ user: User?, _ call: Call?, _ body: () async throws -> T) async throws -> T {
        try await platform.refusingCalls(user, call, body)
    }

    @Sendable func apply(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        let stored = try await platform.storedCall(context, user)
        let form = try await Form(request, context: context)
        guard let searchID = Int64(form["search_id"]), let search = try await platform.partnerSearches.find(id: searchID) else {
            throw APIError(.unprocessableContent, "validation", fields: ["search_id": "choose your consortium"])
        }
        try await platform.require(.leadTeam, user, organisationID: search.search.ownerID)
        let draft = try await refused(user, stored.call) {
            try await platform.calls.createDraft(callID: stored.call.id, searchID: searchID, leadID: search.search.ownerID, userID: user.id)
        }
        return AccountPagesController.redirect(Routes.expressionOfInterest.path(draft.id))
    }

    struct FieldRow {
        var key: String; var label: String; var value: String; var isText: Bool; var isChoice: Bool; var isYesNo: Bool; var options: [ChoiceOption];
        var required: Bool; var maxLength: Int
    }
    struct ChoiceOption { var value: String; var selected: Bool }
    struct RuleRow { var rule: String; var passed: Bool; var sentence: String }
    struct VersionRow { var version: Int; var status: String; var saved: String }
    /// The consortium an expression of interest is for, as it is now: its partner search, lead and members.
    struct ConsortiumView {
        /// A member's name, linked to its profile when that is published.
        struct Member { var name: String; var linked: Bool; var profileHref: String; var role: String }
        var title: String
        var href: String
        var lead: String
        var size: Int
        var members: [Member]
    }
    struct ApplicationPage: PageModel {
        static let template = "application"
        var title: String
        var csrf: String
        var action: String
        var withdrawAction: String
        var callHref: String
        var callTitle: String
        var consortium: ConsortiumView?
        var status: String
        var version: Int
        var fields: [FieldRow]
        var eligible: Bool
        var rules: [RuleRow]
        var reference: String?
        var submitted: String?
        var digest: String?
        var closes: String
        var closesYours: String?
        var canEdit: Bool
        var isDraft: Bool
        var canWithdraw: Bool
        var versions: [VersionRow]
        var errors: [FieldRule]
    }

    func applicationPage(
        _ request: Request, _ context: AppRequestContext, _ application: ExpressionOfInterest, user: User,
        answers: [String: String]? = nil, errors: [String: String] = [:], status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        guard let call = try await platform.calls.call(id: application.callID)?.call else { throw APIError.notFound("call \(application.callID)") }
        let values = answers ?? application.answers
        let fields = call.fields.map { f -> FieldRow in
            var row = FieldRow(
                key: f.key, label: f.label, value: values[f.key] ?? "", isText: false, isChoice: false, isYesNo: false, options: [],
                required: f.required, maxLength: ApplicationField.maxTextLength)
            switch f.kind {
            case .text(_, let max): row.isText = true; row.maxLength = max
            case .choice(let options): row.isChoice = true; row.options = options.map { ChoiceOption(value: $0, selected: values[f.key] == $0) }
            case .yesNo: row.isYesNo = true; row.options = ["yes", "no"].map { ChoiceOption(value: $0, selected: values[f.key] == $0) }
            }
            return row
        }
        let live = try await platform.calls.eligibility(callID: call.id, searchID: application.searchID, applicationID: application.id)
        let consortium = try await consortiumView(searchID: application.searchID)
        let open = call.phase(at: Date()) == .open
        let versions = try await platform.calls.versions(applicationID: application.id).map {
            VersionRow(version: $0.version, status: word($0.status.label), saved: Shown.dateTime($0.savedAt, zone: user.timeZone))
        }
        return platform.formPage(request, context, status: status) { csrf in
            ApplicationPage(
                title: t("Expression of interest: {{call}}").filling(["call": call.title]), csrf: csrf,
                action: Routes.expressionOfInterest.path(application.id),
                withdrawAction: Routes.expressionOfInterestWithdraw.path(application.id), callHref: Routes.call.path(call.id), callTitle: call.title,
                consortium: consortium,
                status: word(application.status.label), version: application.version, fields: fields, eligible: Eligibility.isEligible(live),
                rules: live.map(ruleRow),
                reference: application.reference, submitted: application.submittedAt.map { Shown.dateTime($0, zone: user.timeZone) },
                digest: application.digest, closes: Shown.dateTime(call.closesAt, zone: call.timeZone),
                closesYours: user.timeZone != call.timeZone ? Shown.dateTime(call.closesAt, zone: user.timeZone) : nil,
                canEdit: open || (call.phase(at: Date()) == .upcoming && application.status == .draft), isDraft: application.status == .draft,
                canWithdraw: open && application.status != .withdrawn, versions: versions,
                errors: errors.sorted { $0.key < $1.key }.map { FieldRule(field: $0.key, rule: $0.value) })
        }
    }

    /// The consortium of a partner search as it is now, the lead first; nil when the search is gone.
    func consortiumView(searchID: Int64) async throws -> ConsortiumView? {
        guard let record = try await platform.partnerSearches.find(id: searchID) else { return nil }
        let members = record.consortium.members.sorted { ($0.role == .lead ? 0 : 1, $0.joinedAt) < ($1.role == .lead ? 0 : 1, $1.joinedAt) }
        let organisations = try await platform.organisations.find(ids: members.map(\.organisationID) + [record.search.ownerID])
        func name(_ id: Int64) -> String { organisations[id]?.name ?? t("organisation {{id}}").filling(["id": String(id)]) }
        return ConsortiumView(
            title: record.search.title, href: Routes.partnerSearch.path(searchID), lead: name(record.search.ownerID), size: members.count,
            members: members.map { member in
                let organisation = organisations[member.organisationID]
                return ConsortiumView.Member(
                    name: name(member.organisationID), linked: organisation?.status == .published,
                    profileHref: organisation.map { Routes.organisation.path($0.slug) } ?? "", role: word(member.role.label))
            })
    }

    func ownApplication(_ request: Request, _ context: AppRequestContext, allowModerators: Bool) async throws -> (User, ExpressionOfInterest) {
        let user = try context.signedInUser(request)
        let application = try await platform.applicationRecord(context)
        try await platform.require(allowModerators ? .leadTeamOrPlatformTeam : .leadTeam, user, organisationID: application.leadID)
        return (user, application)
    }

    @Sendable func application(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, application) = try await ownApplication(request, context, allowModerators: true)
        return try await applicationPage(request, context, application, user: user)
    }

    /// One form, two buttons: `action=save` keeps a draft, `action=submit` submits (or resubmits) it.
    @Sendable func saveOrSubmit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, application) = try await ownApplication(request, context, allowModerators: false)
        let form = try await Form(request, context: context)
        guard let version = Int(form["version"]) else { throw APIError.malformed("malformed form", fields: ["version": "must be a number"]) }
        var answers: [String: String] = [:]
        for (key, value) in form.pairs where key.hasPrefix("answers.") { answers[String(key.dropFirst(8))] = value }
        let call = try await platform.calls.call(id: application.callID)?.call
        do {
            if form["action"] == "submit" {
                _ = try await platform.calls.submit(id: application.id, answers: answers, expectedVersion: version, userID: user.id, userEmail: user.email)
            } else {
                _ = try await platform.calls.saveDraft(id: application.id, answers: answers, expectedVersion: version, userID: user.id)
            }
            return AccountPagesController.redirect(Routes.expressionOfInterest.path(application.id))
        } catch let errors as ValidationErrors {
            return try await applicationPage(request, context, application, user: user, answers: answers, errors: errors.fields, status: .unprocessableContent)
        } catch let refusal as Refusal {
            let error = platform.refusal(refusal, user: user, call: call)
            var fields = error.fields
            fields = error.page?.fields ?? fields
            fields["submission"] =
                refusal.kind == .deadlinePassed
                ? t("The deadline has passed: {{deadline}}").filling(["deadline": fields["deadline"] ?? ""]) : refusal.description
            return try await applicationPage(request, context, application, user: user, answers: answers, errors: fields, status: error.status)
        }
    }

    @Sendable func withdraw(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, application) = try await ownApplication(request, context, allowModerators: false)
        // Withdrawing cannot be undone: the form asks for a ticked confirmation beside its button.
        let form = try await Form(request, context: context)
        guard form["confirm"] == "yes" else {
            throw APIError(.unprocessableContent, "validation", fields: ["confirm": "must be ticked to withdraw the expression of interest"])
        }
        let call = try await platform.calls.call(id: application.callID)?.call
        _ = try await refused(user, call) { try await platform.calls.withdraw(id: application.id, userID: user.id) }
        return AccountPagesController.redirect(Routes.expressionOfInterest.path(application.id))
    }
}

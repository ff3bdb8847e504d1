import ClusterCollabContent
import ClusterCollabCalls
import ClusterCollabCore
import ClusterCollabMatching
import ClusterCollabStorage
import Foundation
import Hummingbird

/// The partnering tool's pages: the list of partner searches, each search's page (consortium, interest,
/// discussion, explained recommendations and the consortium builder), and the team's forms.
struct PartnerSearchPagesController {
    let platform: Platform
    typealias Pages = PartnerSearchPages

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.partnerSearches, use: list)
        router.get(Routes.partnerSearchNew, use: newForm)
        router.post(Routes.partnerSearches, use: create)
        router.get(Routes.partnerSearch, use: show)
        router.get(Routes.partnerSearchEdit, use: editForm)
        router.post(Routes.partnerSearch, use: update)
        router.post(Routes.partnerSearchInterests, use: expressInterest)
        router.post(Routes.partnerSearchInterestWithdraw, use: withdraw)
        router.post(Routes.partnerSearchInterestAccept, use: accept)
        router.post(Routes.partnerSearchInterestDecline, use: decline)
        router.post(Routes.partnerSearchComments, use: comment)
        router.post(Routes.partnerSearchFollow, use: follow)
        router.post(Routes.partnerSearchInvitations, use: invite)
        router.post(Routes.partnerSearchConsortium, use: consortium)
    }

    /// What distinguishes an alternative from the best match, in words: who it adds and who it leaves out.
    static func difference(from best: ConsortiumPlanner.Proposal, to other: ConsortiumPlanner.Proposal, name: (Int64) -> String) -> String? {
        let bestIDs = Set(best.members.map(\.organisationID)), otherIDs = Set(other.members.map(\.organisationID))
        let added = other.members.map(\.organisationID).filter { !bestIDs.contains($0) }.map(name)
        let left = best.members.map(\.organisationID).filter { !otherIDs.contains($0) }.map(name)
        switch (added.isEmpty, left.isEmpty) {
        case (false, false):
            return t("With {{added}} instead of {{left}}.").filling(["added": added.joined(separator: ", "), "left": left.joined(separator: ", ")])
        case (false, true): return t("Adds {{added}}.").filling(["added": added.joined(separator: ", ")])
        case (true, false): return t("Without {{left}}.").filling(["left": left.joined(separator: ", ")])
        case (true, true): return nil
        }
    }

    // MARK: List

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let pairs = FormDecoding.pairs(request.uri.query)
        let query = try PartnerSearchQuery.parse(pairs, reference: platform.reference)
        let (total, records) = try await platform.partnerSearches.list(query.filter, today: platform.today, page: query.page, perPage: query.perPage)
        let items = records.map { record -> Pages.ListItem in
            let owner = platform.hit(record.search.ownerID)
            return Pages.ListItem(
                id: record.search.id, title: record.search.title, kindLabel: word(record.search.kind.label),
                statusLabel: word(record.search.effectiveStatus(today: platform.today).label), href: Routes.partnerSearch.path(record.search.id),
                ownerName: owner?.name ?? t("organisation {{id}}").filling(["id": String(record.search.ownerID)]),
                ownerHref: Routes.organisation.path(owner?.slug ?? ""),
                country: owner.flatMap { platform.reference.country($0.country).map { ReferenceText.country($0.name) } } ?? "",
                competences: record.search.competences.map { $0.label(platform.reference) }.joined(separator: ", "),
                deadline: record.search.deadline.map(Shown.day), members: record.consortium.members.count)
        }
        func href(page: Int) -> String {
            var kept = pairs.filter { $0.0 != "page" }
            kept.append(("page", String(page)))
            return Routes.partnerSearches.path(query: kept)
        }
        let statusValue = pairs.last { $0.0 == "status" }?.1 ?? "open"
        let model = Pages.ListPage(
            q: query.filter.text,
            kinds: [Pages.Option(value: "", label: t("Any kind"), selected: query.filter.kind == nil)]
                + PartnerSearch.Kind.allCases.map { Pages.Option(value: $0.rawValue, label: $0.label, selected: query.filter.kind == $0) },
            statuses: (PartnerSearch.Status.allCases.map { ($0.rawValue, word($0.label)) } + [("all", t("Any status"))]).map {
                Pages.Option(value: $0.0, label: $0.1, selected: statusValue == $0.0)
            },
            country: query.filter.country ?? "", competence: query.filter.competence?.description ?? "",
            items: items, total: total,
            prevHref: query.page > 1 ? href(page: query.page - 1) : nil,
            nextHref: query.page * query.perPage < total ? href(page: query.page + 1) : nil,
            signedIn: context.identity != nil,
            saveHref: Routes.accountSavedSearchNew.path(query: [
                ("kind", SavedSearch.Kind.partnerSearches.rawValue), ("query", String(Route.queryString(Platform.parameters(query.filter)).dropFirst())),
            ]))
        return platform.views.page(model)
    }

    // MARK: Page

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let record = try await platform.partnerSearch(context)
        let paging = try Paging.parse(
            FormDecoding.pairs(request.uri.query), defaultPerPage: 10, maxPerPage: 100,
            allowed: ["page", "per_page", "objective", "k"])
        let pairs = FormDecoding.pairs(request.uri.query)
        // An empty value is the same as the parameter being absent.
        func value(_ name: String, default fallback: String) -> String {
            let v = (pairs.last { $0.0 == name }?.1 ?? "").trimmingCharacters(in: .whitespaces)
            return v.isEmpty ? fallback : v
        }
        guard let objective = ConsortiumObjective(rawValue: value("objective", default: "best")) else {
            throw APIError(.unprocessableContent, "validation", fields: ["objective": "must be best or fewest"])
        }
        guard let k = Int(value("k", default: "3")), (1...10).contains(k) else {
            throw APIError(.unprocessableContent, "validation", fields: ["k": "must be a whole number from 1 to 10"])
        }
        let user = context.identity?.user
        let signedIn: Bool = if case .session? = context.identity?.proof { true } else { false }
        let canManage = try await platform.mayManage(user, record)
        let search = record.search
        let today = platform.today
        let isOpen = search.isOpen(today: today)

        var myOrganisations: [Pages.Option] = []
        var mine: Set<Int64> = []
        if let user, signedIn {
            let teams = try await platform.publishedTeams(of: user)
            mine = Set(teams.map(\.id))
            myOrganisations = teams.filter { !record.consortium.memberIDs.contains($0.id) }.map {
                Pages.Option(value: String($0.id), label: $0.name, selected: false)
            }
        }
        let interests = try await platform.partnerSearches.interests(searchID: search.id).map { view in
            Pages.InterestRow(
                id: view.interest.id, organisation: view.organisationName, href: Routes.organisation.path(view.organisationSlug),
                acceptAction: Routes.partnerSearchInterestAccept.path(search.id, view.interest.id),
                declineAction: Routes.partnerSearchInterestDecline.path(search.id, view.interest.id),
                withdrawAction: Routes.partnerSearchInterestWithdraw.path(search.id, view.interest.id), status: view.interest.status.label,
                message: canManage || mine.contains(view.interest.organisationID) ? view.interest.message : nil,
                person: canManage ? view.personName : nil, pending: view.interest.status == .pending,
                canDecide: canManage && view.interest.status == .pending,
                canWithdraw: mine.contains(view.interest.organisationID) && (view.interest.status == .pending || view.interest.status == .accepted))
        }
        let allComments = try await platform.partnerSearches.comments(searchID: search.id)
        func row(_ c: PartnerSearch.Comment, replies: [Pages.CommentRow]) -> Pages.CommentRow {
            Pages.CommentRow(
                id: c.id, author: c.author, body: c.body, date: Shown.date(c.createdAt), replies: replies)
        }
        let comments = allComments.filter { $0.parentID == nil }.map { top in
            row(top, replies: allComments.filter { $0.parentID == top.id }.map { row($0, replies: []) })
        }
        let invited = canManage ? try await platform.partnerSearches.invitedOrganisations(searchID: search.id) : []
        let page = platform.recommendations(record, offset: paging.offset, limit: paging.perPage, language: RequestLanguage.current)
        let recommendations = page.items.enumerated().map { offset, r in
            let hit = platform.hit(r.organisationID)
            return Pages.RecommendationRow(
                rank: paging.offset + offset + 1, id: r.organisationID, name: hit?.name ?? t("organisation {{id}}").filling(["id": String(r.organisationID)]),
                href: Routes.organisation.path(hit?.slug ?? ""),
                country: hit.flatMap { platform.reference.country($0.country).map { ReferenceText.country($0.name) } } ?? "",
                percent: Int((r.score * 100).rounded()), reasons: r.reasons,
                covers: r.covers.map { $0.label(platform.reference) }.joined(separator: ", "),
                invited: invited.contains(r.organisationID), canInvite: canManage && isOpen && !invited.contains(r.organisationID))
        }
        let started = ContinuousClock.now
        let plan = platform.consortiumPlan(record, constraints: .of(search), objective: objective, k: k, language: RequestLanguage.current)
        let elapsed = ContinuousClock.now - started
        let language = RequestLanguage.current
        let first = plan.proposals.first
        func name(_ id: Int64) -> String { platform.hit(id)?.name ?? t("organisation {{id}}").filling(["id": String(id)]) }
        let proposals = plan.proposals.enumerated().map { offset, p in
            Pages.ProposalRow(
                rank: offset + 1, total: String(format: "%.6f", p.totalScore), size: p.members.count,
                countries: p.countries.map { platform.reference.country($0).map { ReferenceText.country($0.name) } ?? $0 }.joined(separator: ", "),
                members: p.members.map { m in
                    let hit = platform.hit(m.organisationID)
                    return Pages.ProposalMemberRow(
                        name: hit?.name ?? t("organisation {{id}}").filling(["id": String(m.organisationID)]), href: Routes.organisation.path(hit?.slug ?? ""),
                        country: platform.reference.country(m.country).map { ReferenceText.country($0.name) } ?? m.country,
                        covers: m.covers.map { $0.label(platform.reference, in: language) }.joined(separator: ", "),
                        role: m.lead ? t("lead") : (m.accepted ? t("accepted partner") : t("proposed")))
                },
                missing: p.missingCompetences.isEmpty ? nil : p.missingCompetences.map { $0.label(platform.reference, in: language) }.joined(separator: ", "),
                unmet: p.unmet.isEmpty ? nil : p.unmet.joined(separator: "; "),
                best: offset == 0,
                gap: first.flatMap { best in
                    guard offset > 0, best.totalScore > 0 else { return nil }
                    return Shown.percent(max(0, (best.totalScore - p.totalScore) / best.totalScore), digits: 1)
                },
                differs: first.flatMap { best in
                    guard offset > 0 else { return nil }
                    return Self.difference(from: best, to: p, name: name)
                })
        }
        let owner = platform.hit(search.ownerID)
        let members = record.consortium.members.map { m in
            let hit = platform.hit(m.organisationID)
            return Pages.Member(
                name: hit?.name ?? t("organisation {{id}}").filling(["id": String(m.organisationID)]), href: Routes.organisation.path(hit?.slug ?? ""),
                country: hit.flatMap { platform.reference.country($0.country).map { ReferenceText.country($0.name) } } ?? "", role: word(m.role.label))
        }
        let following = if let user, signedIn { try await platform.partnerSearches.isFollowing(searchID: search.id, userID: user.id) } else { false }
        let followers = try await platform.partnerSearches.followerCount(searchID: search.id)
        let millis = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        return platform.formPage(request, context) { csrf in
            Pages.SearchPage(
                title: search.title, csrf: csrf, id: search.id, searchID: search.id, kindLabel: word(search.kind.label),
                statusLabel: word(search.effectiveStatus(today: today).label),
                isOpen: isOpen, ownerName: owner?.name ?? t("organisation {{id}}").filling(["id": String(search.ownerID)]),
                ownerHref: Routes.organisation.path(owner?.slug ?? ""),
                links: Pages.SearchLinks(search.id),
                description: search.description, deadline: search.deadline.map(Shown.day),
                competences: Named.list(search.competences.map { ($0.description, $0.label(platform.reference)) }),
                soughtTypes: search.soughtTypes.isEmpty
                    ? t("any type") : search.soughtTypes.map { ReferenceText.name($0.label, facet: "type") }.joined(separator: ", "),
                targetCountries: search.targetCountries.isEmpty
                    ? t("any country")
                    : search.targetCountries.map { platform.reference.country($0).map { ReferenceText.country($0.name) } ?? $0 }.joined(separator: ", "),
                minCountries: search.minCountries, minMembers: search.minMembers, maxMembers: search.maxMembers,
                needLessDeveloped: search.needLessDeveloped, consortiumStatus: record.consortium.status.label,
                consortiumStatuses: Consortium.Status.allCases.map {
                    Pages.Option(value: $0.rawValue, label: $0.label, selected: $0 == record.consortium.status)
                },
                members: members, agreementTitle: record.consortium.agreement?.title, agreementDate: record.consortium.agreement?.date,
                agreementNote: record.consortium.agreement?.note, canManage: canManage, signedIn: signedIn, following: following,
                followers: followers, myOrganisations: myOrganisations, canExpress: isOpen && !myOrganisations.isEmpty,
                interests: interests, comments: comments,
                recommendations: recommendations, recommendationsTotal: page.total,
                objectives: [
                    Pages.Option(value: "best", label: t("Best total score"), selected: objective == .best),
                    Pages.Option(value: "fewest", label: t("Fewest members"), selected: objective == .fewest),
                ],
                k: k, feasible: plan.feasible, optimal: plan.optimal, planReasons: plan.reasons,
                proposals: proposals, builderMillis: String(format: "%.1f", millis))
        }
    }

    // MARK: Forms

    /// The calls a partner search may be for, by name: every call that is not a draft.
    func formCalls() async throws -> [Call] {
        try await platform.calls.calls().map(\.call).filter { $0.state != .draft }
    }

    func formModel(
        calls: [Call], title: String, action: String, csrf: String, record: StoredPartnerSearch?, organisations: [Organisation],
        values: [String: String], errors: [String: String]
    ) -> Pages.FormPage {
        let selectedTypes = Set((values["sought_types"] ?? "").split(separator: ",").map(String.init))
        return Pages.FormPage(
            title: title, action: action, csrf: csrf, isNew: record == nil,
            organisations: organisations.map { Pages.Option(value: String($0.id), label: $0.name, selected: values["owner_id"] == String($0.id)) },
            ownerName: record.flatMap { platform.hit($0.search.ownerID)?.name },
            kinds: PartnerSearch.Kind.allCases.map { Pages.Option(value: $0.rawValue, label: $0.label, selected: values["kind"] == $0.rawValue) },
            statuses: PartnerSearch.Status.allCases.map { Pages.Option(value: $0.rawValue, label: $0.label, selected: values["status"] == $0.rawValue) },
            types: OrganisationType.allCases.map {
                Pages.Option(value: $0.rawValue, label: ReferenceText.name($0.label, facet: "type"), selected: selectedTypes.contains($0.rawValue))
            },
            calls: calls.map { Pages.Option(value: String($0.id), label: "\($0.title) (\($0.programme))", selected: values["call_id"] == String($0.id)) },
            values: Pages.Values(values), needLessDeveloped: values["need_less_developed"] == "on",
            errors: errors.sorted { $0.key < $1.key }.map { FieldRule(field: $0.key, rule: $0.value) })
    }

    static func values(of search: PartnerSearch, version: Int?) -> [String: String] {
        var v: [String: String] = [
            "owner_id": String(search.ownerID), "title": search.title, "kind": search.kind.rawValue, "description": search.description,
            "competences": search.competences.map(\.description).joined(separator: "\n"),
            "sought_types": search.soughtTypes.map(\.rawValue).joined(separator: ","),
            "target_countries": search.targetCountries.joined(separator: ", "), "min_countries": String(search.minCountries),
            "min_members": String(search.minMembers), "max_members": String(search.maxMembers),
            "deadline": search.deadline ?? "", "status": search.status.rawValue, "call_id": search.callID.map(String.init) ?? "",
        ]
        if search.needLessDeveloped { v["need_less_developed"] = "on" }
        if let version { v["version"] = String(version) }
        return v
    }

    @Sendable func newForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        let organisations = try await platform.publishedTeams(of: user)
        var values = Self.values(
            of: PartnerSearch(
                ownerID: 0, title: "", kind: .projectConsortium, description: "", competences: [],
                minCountries: 3, minMembers: 3, maxMembers: 8), version: nil)
        values["status"] = nil
        let wanted = FormDecoding.pairs(request.uri.query).last { $0.0 == "organisation" }?.1
        values["owner_id"] = wanted ?? organisations.first.map { String($0.id) }
        let calls = try await formCalls()
        return platform.formPage(request, context) { csrf in
            formModel(
                calls: calls, title: t("Post a partner search"), action: Routes.partnerSearches.path, csrf: csrf, record: nil, organisations: organisations,
                values: values,
                errors: organisations.isEmpty
                    ? ["organisation": "you are not in the team of a published organisation; partner searches are posted on an organisation's behalf"] : [:])
        }
    }

    /// The form's values as the same input the API reads, so both check the same rules.
    static func input(_ form: Form) -> (PartnerSearchInput, [String: String]) {
        var input = PartnerSearchInput()
        var malformed: [String: String] = [:]
        input.title = form["title"]
        input.kind = form["kind"]
        input.description = form["description"]
        // `isNewline`: a browser sends "\r\n", which Swift reads as one Character equal to neither "\r" nor "\n".
        input.competences = form["competences"].split(whereSeparator: { $0.isNewline || $0 == "," }).map(String.init)
        input.soughtTypes = form.pairs.filter { $0.0 == "sought_types" }.map(\.1)
        input.targetCountries = form["target_countries"].split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
        for (key, path) in [("min_countries", \PartnerSearchInput.minCountries), ("min_members", \.minMembers), ("max_members", \.maxMembers)] {
            let raw = form[key].trimmingCharacters(in: .whitespaces)
            if let n = Int(raw) { input[keyPath: path] = n } else { malformed[key] = "must be a whole number" }
        }
        input.needLessDeveloped = form["need_less_developed"] == "on"
        input.deadline = form["deadline"]
        let call = form["call_id"].trimmingCharacters(in: .whitespaces)
        if !call.isEmpty { if let id = Int64(call) { input.callID = id } else { malformed["call_id"] = "must be the number of a call" } }
        if !form["status"].isEmpty { input.status = form["status"] }
        return (input, malformed)
    }

    /// The core's rule for competences, plus how this form's textarea separates them.
    static func formErrors(_ fields: [String: String]) -> [String: String] {
        var fields = fields
        if let rule = fields["competences"] { fields["competences"] = rule + "; write one competence per line or separate them with commas" }
        return fields
    }

    static func formValues(_ form: Form) -> [String: String] {
        var values: [String: String] = [:]
        for (key, value) in form.pairs where key != "csrf_token" && key != "sought_types" { values[key] = value }
        values["sought_types"] = form.pairs.filter { $0.0 == "sought_types" }.map(\.1).joined(separator: ",")
        return values
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        let form = try await Form(request, context: context)
        let organisations = try await platform.publishedTeams(of: user)
        var errors: [String: String] = [:]
        let owner = organisations.first { String($0.id) == form["owner_id"] }
        if owner == nil { errors["owner_id"] = "choose one of your team's published organisations" }
        let (input, malformed) = Self.input(form)
        errors.merge(malformed) { first, _ in first }
        var search: PartnerSearch?
        do { search = try input.applied(to: nil, ownerID: owner?.id ?? 0, reference: platform.reference, today: platform.today) } catch {
            errors.merge(Self.formErrors(error.fields)) { first, _ in first }
        }
        if let search, let owner, errors.isEmpty {
            try await platform.limitPosting(user, request, context)
            do {
                platform.openSearches.clear()
                let record = try await platform.partnerSearches.create(search, createdBy: user.id, actor: "\(user.name) <\(user.email)>")
                _ = owner
                return AccountPagesController.redirect(Routes.partnerSearch.path(record.search.id))
            } catch let refusal as Refusal {
                errors["owner_id"] = refusal.description
            }
        }
        let values = Self.formValues(form)
        let calls = try await formCalls()
        return platform.formPage(request, context, status: .unprocessableContent) { csrf in
            formModel(
                calls: calls, title: t("Post a partner search"), action: Routes.partnerSearches.path, csrf: csrf, record: nil, organisations: organisations,
                values: values,
                errors: errors)
        }
    }

    func requireManager(_ request: Request, _ context: AppRequestContext) async throws -> (User, StoredPartnerSearch) {
        let user = try context.signedInUser(request)
        let record = try await platform.partnerSearch(context)
        try await platform.require(.leadTeamOrPlatformTeam, user, organisationID: record.search.ownerID)
        return (user, record)
    }

    @Sendable func editForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, record) = try await requireManager(request, context)
        let calls = try await formCalls()
        return platform.formPage(request, context) { csrf in
            formModel(
                calls: calls, title: t("Edit: {{title}}").filling(["title": record.search.title]), action: Routes.partnerSearch.path(record.search.id),
                csrf: csrf,
                record: record,
                organisations: [], values: Self.values(of: record.search, version: record.version), errors: [:])
        }
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, record) = try await requireManager(request, context)
        let form = try await Form(request, context: context)
        var (input, errors) = Self.input(form)
        let version = Int(form["version"])
        var search: PartnerSearch?
        do { search = try input.applied(to: record.search, ownerID: record.search.ownerID, reference: platform.reference, today: platform.today) } catch {
            errors.merge(Self.formErrors(error.fields)) { first, _ in first }
        }
        if let search, errors.isEmpty {
            do {
                platform.openSearches.clear()
                _ = try await platform.partnerSearches.update(search, expectedVersion: version, actor: "\(user.name) <\(user.email)>")
                return AccountPagesController.redirect(Routes.partnerSearch.path(record.search.id))
            } catch let refusal as Refusal {
                if refusal.kind == .conflict {
                    input = PartnerSearchInput()
                    errors["version"] = refusal.description
                } else {
                    errors["max_members"] = refusal.description
                }
            }
        }
        let values = Self.formValues(form)
        let calls = try await formCalls()
        return platform.formPage(request, context, status: errors["version"] != nil ? .conflict : .unprocessableContent) { csrf in
            formModel(
                calls: calls, title: t("Edit: {{title}}").filling(["title": record.search.title]), action: Routes.partnerSearch.path(record.search.id),
                csrf: csrf,
                record: record,
                organisations: [], values: values, errors: errors)
        }
    }
}

import ClusterCollabCore
import ClusterCollabStorage
import Foundation
import Hummingbird

/// A profile team's pages: create a profile (country first), edit it, submit it for review, manage the
/// team. Every write checks `ProfileWorkflow.Standing` for this person and this organisation.
struct TeamPagesController {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.newOrganisation, use: newProfile)
        router.post(Routes.newOrganisation, use: create)
        router.get(Routes.myOrganisations, use: mine)
        router.get(Routes.myOrganisation, use: edit)
        router.post(Routes.myOrganisation, use: save)
        router.post(Routes.myOrganisationSubmit, use: submit)
        router.post(Routes.myOrganisationLogo, use: uploadLogo)
        router.post(Routes.myOrganisationMembers, use: addMember)
        router.post(Routes.myOrganisationMemberRemove, use: removeMember)
    }

    // MARK: Access

    func standing(_ user: User, _ organisationID: Int64) async throws -> ProfileWorkflow.Standing {
        ProfileWorkflow.Standing(platformRole: user.role, teamRole: try await platform.teams.teamRole(organisationID: organisationID, userID: user.id))
    }

    static func id(_ context: AppRequestContext, _ name: String = "id") throws -> Int64 {
        guard let id = Int64(try context.parameters.require(name)) else { throw APIError.malformed("malformed path", fields: [name: "must be a number"]) }
        return id
    }

    func form<Model: PageModel>(_ request: Request, _ context: AppRequestContext, _ status: HTTPResponse.Status = .ok, _ build: (String) -> Model) -> Response {
        platform.formPage(request, context, status: status, build)
    }

    // MARK: Create

    @Sendable func newProfile(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.signedInUser(request)
        let country = FormDecoding.pairs(request.uri.query).last { $0.0 == "country" }?.1.uppercased() ?? ""
        guard let chosen = platform.reference.country(country) else {
            // Step one: the country decides whether the form offers NUTS regions or a free region.
            return form(request, context) { csrf in
                CountryStep(countries: ProfileForm.countryOptions(platform.reference, selected: country), unknown: !country.isEmpty)
            }
        }
        return form(request, context) { csrf in
            OrganisationForm<ProfileFormKind.New>(
                title: t("New organisation profile"), action: Routes.newOrganisation.path, csrf: csrf,
                record: ["country": chosen.code, "type": OrganisationType.clusterOrganisation.rawValue],
                reference: platform.reference, errors: [])
        }
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        try await platform.limitPosting(user, request, context)
        let submitted = try await Form(request, context: context)
        let record = ProfileForm.record(submitted, status: .draft)
        switch Organisation.fromCSV(record) {
        case .failure(let errors):
            return invalid(request, context, t("New organisation profile"), Routes.newOrganisation.path, record, errors)
        case .success(var organisation):
            organisation.contactVisibleToMembers = submitted["contact_visible_to_members"] == "yes"
            do {
                let valid = try organisation.prepared(reference: platform.reference)
                let stored = try await platform.teams.createProfile(valid, creatorID: user.id, actor: "\(user.name) <\(user.email)>")
                return AccountPagesController.redirect(Routes.myOrganisation.path(stored.id))
            } catch let errors as ValidationErrors {
                return invalid(request, context, t("New organisation profile"), Routes.newOrganisation.path, record, errors)
            }
        }
    }

    func invalid(_ request: Request, _ context: AppRequestContext, _ title: String, _ action: String, _ record: [String: String], _ errors: ValidationErrors)
        -> Response
    {
        form(request, context, .unprocessableContent) { csrf in
            OrganisationForm<ProfileFormKind.New>(
                title: title, action: action, csrf: csrf, record: record, reference: platform.reference, errors: FieldRule.list(errors))
        }
    }

    // MARK: Mine, edit, submit

    struct MinePage: PageModel {
        static let template = "my-organisations"
        var site = SiteLinks()
        /// An organisation of the person's teams, with the funding opportunities that fit it as it is
        /// written (a draft too: the team prepares before it publishes).
        struct Item { var href: String; var name: String; var status: String; var role: String; var funding: [FundingFitRow] }
        var title = t("Your organisations")
        var items: [Item]
        var fundingHref = Routes.funding.path
        var contentHref = Routes.myContent.path
    }

    @Sendable func mine(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        var items: [MinePage.Item] = []
        for (o, role) in try await platform.teams.organisations(userID: user.id) {
            items.append(
                MinePage.Item(
                    href: Routes.myOrganisation.path(o.id), name: o.name, status: word(o.status.label), role: word(role.label),
                    funding: try await platform.fundingFits(for: o, limit: 3)))
        }
        return platform.views.page(MinePage(items: items))
    }

    @Sendable func edit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        let id = try Self.id(context)
        guard let stored = try await platform.organisations.find(id: id) else { throw APIError.notFound("organisation \(id)") }
        let standing = try await standing(user, id)
        guard standing.canEdit else { throw APIError(.forbidden, "only the organisation's team and the platform team edit this profile") }
        return try await editPage(request, context, stored: stored, standing: standing)
    }

    func editPage(
        _ request: Request, _ context: AppRequestContext, stored: Organisation, standing: ProfileWorkflow.Standing,
        record: [String: String]? = nil, errors: [FieldRule] = [], status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let pending = try await platform.teams.pendingRevision(organisationID: stored.id)
        let shown = pending?.organisation ?? stored
        let members = try await platform.teams.members(organisationID: stored.id)
        let history = try await platform.teams.history(organisationID: stored.id)
        let requests = standing.canManageTeam ? try await platform.teams.openRequests(organisationID: stored.id) : []
        let hasLogo = try await platform.logos.exists(organisationID: stored.id)
        let hasPendingLogo = try await platform.logos.exists(organisationID: stored.id, pending: true)
        return form(request, context, status) { csrf in
            var page = OrganisationForm<ProfileFormKind.Edit>(
                title: stored.name, action: Routes.myOrganisation.path(stored.id), csrf: csrf,
                record: record ?? shown.csvRecord, reference: platform.reference, errors: errors)
            page.contactVisible = record.map { $0["contact_visible_to_members"] == "yes" } ?? shown.contactVisibleToMembers
            page.id = stored.id
            page.logoAction = Routes.myOrganisationLogo.path(stored.id)
            page.submitAction = Routes.myOrganisationSubmit.path(stored.id)
            page.membersAction = Routes.myOrganisationMembers.path(stored.id)
            page.statusLabel = word(stored.status.label)
            page.pendingStatus = pending.map { word($0.status.label) }
            page.moderatorMessage = pending?.message
            page.canSubmit = pending.map { $0.status != .needsReview } ?? (stored.status != .published && stored.status != .needsReview)
            page.canManageTeam = standing.canManageTeam
            page.members = members.map {
                .init(removeAction: Routes.myOrganisationMemberRemove.path(stored.id, $0.userID), name: $0.name, email: $0.email, role: word($0.role.label))
            }
            page.history = history.prefix(50).map { entry in
                .init(
                    when: Shown.date(entry.at), actor: entry.actor, action: Self.historyAction(entry.action),
                    fields: entry.changes.keys.sorted().joined(separator: ", "))
            }
            page.publicHref = stored.status == .published ? Routes.organisation.path(stored.slug) : nil
            page.logoHref =
                hasPendingLogo
                ? Routes.organisationLogo.path(stored.slug, query: [("version", "pending")]) : hasLogo ? Routes.organisationLogo.path(stored.slug) : nil
            page.requests = requests.map {
                .init(
                    acceptAction: Routes.joinRequestAccept.path($0.id), declineAction: Routes.joinRequestDecline.path($0.id),
                    person: "\($0.userName) <\($0.userEmail)>", message: $0.message)
            }
            return page
        }
    }

    @Sendable func save(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        let id = try Self.id(context)
        guard let stored = try await platform.organisations.find(id: id) else { throw APIError.notFound("organisation \(id)") }
        let standing = try await standing(user, id)
        guard standing.canEdit else { throw APIError(.forbidden, "only the organisation's team and the platform team edit this profile") }
        let submitted = try await Form(request, context: context)
        // The status is never the form's to set: publishing is the moderators' decision.
        var record = ProfileForm.record(submitted, status: stored.status)
        record["country"] = record["country"].flatMap { $0.isEmpty ? nil : $0 } ?? stored.country
        switch Organisation.fromCSV(record, base: stored) {
        case .failure(let errors):
            return try await editPage(
                request, context, stored: stored, standing: standing, record: record, errors: FieldRule.list(errors), status: .unprocessableContent)
        case .success(var organisation):
            organisation.contactVisibleToMembers = submitted["contact_visible_to_members"] == "yes"
            do {
                let valid = try organisation.prepared(reference: platform.reference)
                try await platform.teams.saveEdit(valid, actor: "\(user.name) <\(user.email)>", actorID: user.id)
                try await platform.directory.refresh()
                return AccountPagesController.redirect(Routes.myOrganisation.path(id))
            } catch let errors as ValidationErrors {
                return try await editPage(
                    request, context, stored: stored, standing: standing, record: record, errors: FieldRule.list(errors), status: .unprocessableContent)
            }
        }
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        let id = try Self.id(context)
        guard try await standing(user, id).canEdit else { throw APIError(.forbidden, "only the organisation's team submits its profile") }
        try await platform.teams.submit(organisationID: id, actor: "\(user.name) <\(user.email)>")
        try await platform.directory.refresh()
        return AccountPagesController.redirect(Routes.myOrganisation.path(id))
    }

    /// Whether `path` is a route that takes a file upload, the only place where a multipart body is parsed
    /// (`POST /my/organisations/{id}/logo`).
    static func isUpload(path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 5 && parts[0].isEmpty && parts[1] == "my" && parts[2] == "organisations"
            && !parts[3].isEmpty && parts[3].allSatisfy(\.isNumber) && parts[4] == "logo"
    }

    /// A logo, sent as multipart/form-data: a PNG, JPEG or WebP image of at most 512 KiB (bodies over the
    /// 1 MiB request limit are refused earlier with 413).
    @Sendable func uploadLogo(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        let id = try Self.id(context)
        guard try await platform.organisations.find(id: id) != nil else { throw APIError.notFound("organisation \(id)") }
        guard try await standing(user, id).canEdit else { throw APIError(.forbidden, "only the organisation's team changes its logo") }
        // A body that is not multipart is refused as before (400, naming the content type); CSRFMiddleware
        // parsed a multipart one, once, and left its files in the context.
        _ = try Multipart.boundary(request.headers[.contentType])
        guard let file = context.uploads?.first(where: { $0.name == "logo" }) else {
            throw APIError(.unprocessableContent, "validation", fields: ["logo": "choose a PNG, JPEG or WebP image"])
        }
        switch LogoRules.check(file.data) {
        case .failure(let errors):
            throw APIError.validation(errors)
        case .success(let contentType):
            // A published profile's new logo waits for review like its other edits.
            try await platform.teams.saveLogo(
                organisationID: id, contentType: contentType, data: Data(file.data),
                actor: "\(user.name) <\(user.email)>", actorID: user.id)
            platform.profilePages.remove(ids: [id])
            return AccountPagesController.redirect(Routes.myOrganisation.path(id))
        }
    }

    // MARK: Team

    @Sendable func addMember(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        let id = try Self.id(context)
        guard try await standing(user, id).canManageTeam else { throw APIError(.forbidden, "only profile administrators add colleagues") }
        let submitted = try await Form(request, context: context)
        let email = AccountRules.normaliseEmail(submitted["email"])
        if let problem = AccountRules.emailProblem(email) {
            throw APIError(.unprocessableContent, "validation", fields: ["email": problem])
        }
        let role = TeamRole(rawValue: submitted["role"]) ?? .member
        _ = try await platform.teams.addMember(
            organisationID: id, email: email, role: role, invitedBy: user.id, actor: "\(user.name) <\(user.email)>",
            language: RequestLanguage.current.code)
        return AccountPagesController.redirect(Routes.myOrganisation.path(id))
    }

    @Sendable func removeMember(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        let id = try Self.id(context)
        let member = try Self.id(context, "user")
        guard try await standing(user, id).canManageTeam else { throw APIError(.forbidden, "only profile administrators remove colleagues") }
        try await platform.teams.removeMember(organisationID: id, userID: member, actor: "\(user.name) <\(user.email)>")
        return AccountPagesController.redirect(Routes.myOrganisation.path(id))
    }

    /// A stored history action in the page's language; a moderator's message stays as written.
    static func historyAction(_ stored: String) -> String {
        let (action, message) = ProfileHistory.split(stored)
        let words = RequestLanguage.current.text(action, context: "history")
        return message.map { t("{{action}}: {{message}}").filling(["action": words, "message": $0]) } ?? words
    }
}

import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabStorage
import ClusterCollabText
import Foundation
import Hummingbird

/// The pages where organisations' teams write news and events (and the platform team writes its own):
/// the forms of a new article or event and of an edit, the list of one's organisations' writing in every
/// status, and the moderators' decisions from the queue. A team's writing waits for review; the platform
/// team's is published at once.
struct ContributionPagesController {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.newsNew, use: newNews)
        router.post(Routes.news, use: createNews)
        router.get(Routes.newsEdit, use: editNews)
        router.post(Routes.newsEdit, use: updateNews)
        router.get(Routes.eventNew, use: newEvent)
        router.post(Routes.events, use: createEvent)
        router.get(Routes.eventEdit, use: editEvent)
        router.post(Routes.eventEdit, use: updateEvent)
        router.get(Routes.myContent, use: mine)
        router.post(Routes.adminNewsDecision, use: decideNews)
        router.post(Routes.adminEventDecision, use: decideEvent)
    }

    // MARK: Page models

    struct Option {
        var value: String
        var label: String
        var selected: Bool
    }

    struct HistoryLine {
        var at: String
        var actor: String
        var action: String
        var message: String?
    }

    /// What the form says about the item's moderation: its status, and what a save will do.
    struct Standing {
        var status: String
        var afterSave: String
    }

    struct NewsFormPage: PageModel {
        static let template = "news-form"
        var title: String
        var action: String
        var csrf: String
        var owners: [Option]
        var images: [Option]
        var values: [String: String]
        var version: Int?
        var standing: Standing
        var previewHTML: String?
        var publicHref: String?
        var history: [HistoryLine]
        var errors: [FieldRule]
        var uploadHref = Routes.documentNew.path
    }

    struct EventFormPage: PageModel {
        static let template = "event-form"
        var title: String
        var action: String
        var csrf: String
        var owners: [Option]
        var kinds: [Option]
        var values: [String: String]
        var version: Int?
        var standing: Standing
        var publicHref: String?
        var history: [HistoryLine]
        var errors: [FieldRule]
    }

    // MARK: Shared

    func signedIn(_ request: Request, _ context: AppRequestContext) throws -> User { try context.signedInUser(request) }

    /// The owners `user` may write for, `selected` chosen (the platform first for the platform team).
    func ownerOptions(_ user: User, selected: String) async throws -> [Option] {
        let (platformTeam, organisations) = try await platform.contributionOwners(of: user)
        var options = organisations.map { Option(value: String($0.id), label: $0.name, selected: selected == String($0.id)) }
        if platformTeam { options.insert(Option(value: "platform", label: t("The platform"), selected: selected == "platform"), at: 0) }
        // An edit keeps the organisation it was written for, even one the moderator is not a member of.
        if let id = Int64(selected), !options.contains(where: { $0.value == selected }), let organisation = try await platform.organisations.find(id: id) {
            options.append(Option(value: selected, label: organisation.name, selected: true))
        }
        return options
    }

    /// Refuses someone who may write for nobody: the form would have no owner to offer.
    func requireSomeOwner(_ user: User) async throws {
        let owners = try await platform.contributionOwners(of: user)
        guard owners.platform || !owners.organisations.isEmpty else {
            throw Refusal(.forbidden, "only an organisation's team (of a published profile) or the platform team writes news and events")
        }
    }

    func standing(_ status: ProfileStatus?, user: User) -> Standing {
        Standing(
            status: status.map { word($0.label) } ?? t("New"),
            afterSave: user.isModerator
                ? t("Saving publishes it: you are of the platform team.")
                : status == .published
                    ? t("Saving sends your edit to the moderators; the article or event is offline until they publish it again.")
                    : t("Saving sends it to the moderators, who publish it, ask for changes or reject it; you are told by e-mail."))
    }

    func history(_ kind: ContributionKind, id: Int64?) async throws -> [HistoryLine] {
        guard let id else { return [] }
        return try await platform.contributions.history(kind, id: id).map { entry in
            let (action, message) = ContributionHistory.split(entry.action)
            return HistoryLine(at: Shown.date(entry.at), actor: entry.actor, action: RequestLanguage.current.text(action, context: "history"), message: message)
        }
    }

    static func errors(_ fields: [String: String]) -> [FieldRule] {
        fields.sorted { $0.key < $1.key }.map { FieldRule(field: $0.key, rule: $0.value) }
    }

    /// The form's values as they came, for showing it again.
    static func values(_ form: Form) -> [String: String] {
        var values: [String: String] = [:]
        for (key, value) in form.pairs where key != CSRF.field { values[key] = value }
        return values
    }

    static func tags(_ raw: String) -> [String] {
        raw.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// A refused write, as the form shows it: named fields stay beside their fields, any other rule (who
    /// may write, a changed version) is named under `form`.
    static func refused(_ error: any Error) -> (fields: [String: String], status: HTTPResponse.Status)? {
        switch error {
        case let errors as ValidationErrors: return (errors.fields, .unprocessableContent)
        case let refusal as Refusal:
            let status: HTTPResponse.Status =
                switch refusal.kind {
                case .forbidden: .forbidden
                case .conflict: .conflict
                case .notFound: .notFound
                default: .unprocessableContent
                }
            return (refusal.fields.isEmpty ? ["form": refusal.description] : refusal.fields, status)
        default: return nil
        }
    }

    static func actor(_ user: User) -> String { "\(user.name) <\(user.email)>" }

    /// Saves a form through `write` (given the form and the owner it names): then the item's public page
    /// when it is published, or the team's list when it waits for review. A refused write shows the form
    /// `again` with the values as sent and each rule beside its field. A new item counts against the
    /// person's posting limit.
    func save(
        _ request: Request, _ context: AppRequestContext, user: User, isNew: Bool,
        write: (Form, Int64?) async throws -> (published: Bool, href: String, kind: String),
        again: ([String: String], [String: String], HTTPResponse.Status) async throws -> Response
    ) async throws -> Response {
        let form = try await Form(request, context: context)
        if isNew { try await platform.limitPosting(user, request, context) }
        do {
            let owner = try Platform.contributionOwner(form["organisation"], field: "organisation")
            let saved = try await write(form, owner)
            return AccountPagesController.redirect(saved.published ? saved.href : Routes.myContent.path(query: [("saved", saved.kind)]))
        } catch {
            guard let (fields, status) = Self.refused(error) else { throw error }
            return try await again(Self.values(form), fields, status)
        }
    }

    /// The item of the path's slug for someone who may write for its organisation. To anyone else an
    /// unpublished item is not there (404, as on its public page); a published one is 403 at the save.
    func editable<Item>(
        _ context: AppRequestContext, user: User, name: String, find: (String) async throws -> Item?,
        about: (Item) -> (organisationID: Int64?, status: ProfileStatus)
    ) async throws -> Item {
        let slug = try context.parameters.require("slug")
        guard let item = try await find(slug) else { throw APIError.notFound("\(name) \(slug.prefix(80))") }
        let (organisationID, status) = about(item)
        if status != .published, !(await platform.mayContribute(for: organisationID, user)) {
            throw APIError.notFound("\(name) \(slug.prefix(80))")
        }
        return item
    }

    // MARK: News

    func newsForm(
        _ request: Request, _ context: AppRequestContext, user: User, existing: StoredNews?, values: [String: String],
        errors: [String: String] = [:], status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        var imageFilter = DocumentRepository.Filter()
        imageFilter.imagesOnly = true
        let images = try await platform.documents.list(imageFilter, page: 1, perPage: 100).items
        let chosen = values["image_document_id"] ?? ""
        var imageOptions = [Option(value: "", label: t("No photo"), selected: chosen.isEmpty)]
        imageOptions += images.map { Option(value: String($0.document.id), label: $0.document.title, selected: chosen == String($0.document.id)) }
        let article = existing?.article
        let model = NewsFormPage(
            title: existing == nil ? t("Write news") : t("Edit the article"),
            action: existing.map { Routes.newsEdit.path($0.article.slug) } ?? Routes.news.path, csrf: "",
            owners: try await ownerOptions(user, selected: values["organisation"] ?? ""), images: imageOptions, values: values,
            version: article?.version, standing: standing(article?.status, user: user),
            previewHTML: article.map { Markdown.html($0.body) },
            publicHref: article.flatMap { $0.status == .published ? Routes.newsArticle.path($0.slug) : nil },
            history: try await history(.news, id: article?.id), errors: Self.errors(errors))
        return platform.formPage(request, context, status: status) { csrf in
            var model = model
            model.csrf = csrf
            return model
        }
    }

    static func newsValues(_ stored: StoredNews) -> [String: String] {
        let a = stored.article
        return [
            "organisation": a.organisationID.map(String.init) ?? "platform", "title": a.title, "summary": a.summary, "body": a.body,
            "tags": a.tags.joined(separator: ", "), "image_document_id": a.image.map { String($0.documentID) } ?? "",
            "image_alt": a.image?.alt ?? "", "image_caption": a.image?.caption ?? "", "image_credit": a.image?.credit ?? "",
        ]
    }

    static func newsInput(_ form: Form) -> NewsInput {
        var input = NewsInput()
        input.title = form["title"]
        input.summary = form["summary"]
        input.body = form["body"]
        input.tags = tags(form["tags"])
        input.imageDocument = form["image_document_id"]
        input.imageAlt = form["image_alt"]
        input.imageCaption = form["image_caption"]
        input.imageCredit = form["image_credit"]
        return input
    }

    @Sendable func newNews(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try signedIn(request, context)
        try await requireSomeOwner(user)
        let organisation = FormDecoding.pairs(request.uri.query).last { $0.0 == "organisation" }?.1
        return try await newsForm(request, context, user: user, existing: nil, values: ["organisation": organisation ?? ""])
    }

    @Sendable func createNews(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try signedIn(request, context)
        return try await save(request, context, user: user, isNew: true) { form, owner in
            let stored = try await platform.writeNews(
                Self.newsInput(form), organisationID: owner, existing: nil, expectedVersion: nil, by: user, actor: Self.actor(user), field: "organisation")
            return (stored.article.status == .published, Routes.newsArticle.path(stored.article.slug), "news")
        } again: { values, errors, status in
            try await newsForm(request, context, user: user, existing: nil, values: values, errors: errors, status: status)
        }
    }

    /// The article of the path, for someone who may write for its organisation.
    func editableNews(_ context: AppRequestContext, user: User) async throws -> StoredNews {
        try await editable(context, user: user, name: "news") {
            try await platform.news.find(slug: $0)
        } about: {
            ($0.article.organisationID, $0.article.status)
        }
    }

    @Sendable func editNews(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try signedIn(request, context)
        let stored = try await editableNews(context, user: user)
        return try await newsForm(request, context, user: user, existing: stored, values: Self.newsValues(stored))
    }

    @Sendable func updateNews(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try signedIn(request, context)
        let stored = try await editableNews(context, user: user)
        return try await save(request, context, user: user, isNew: false) { form, owner in
            let saved = try await platform.writeNews(
                Self.newsInput(form), organisationID: owner, existing: stored, expectedVersion: Int(form["version"]), by: user, actor: Self.actor(user),
                field: "organisation")
            return (saved.article.status == .published, Routes.newsArticle.path(saved.article.slug), "news")
        } again: { values, errors, status in
            try await newsForm(request, context, user: user, existing: stored, values: values, errors: errors, status: status)
        }
    }

    // MARK: Events

    func eventForm(
        _ request: Request, _ context: AppRequestContext, user: User, existing: StoredEvent?, values: [String: String],
        errors: [String: String] = [:], status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let event = existing?.event
        let model = EventFormPage(
            title: existing == nil ? t("Add an event") : t("Edit the event"),
            action: existing.map { Routes.eventEdit.path($0.event.slug) } ?? Routes.events.path, csrf: "",
            owners: try await ownerOptions(user, selected: values["organisation"] ?? ""),
            kinds: EventKind.allCases.map { Option(value: $0.rawValue, label: EventPagesController.kindLabel($0), selected: values["kind"] == $0.rawValue) },
            values: values, version: event?.version, standing: standing(event?.status, user: user),
            publicHref: event.flatMap { $0.status == .published ? Routes.event.path($0.slug) : nil },
            history: try await history(.event, id: event?.id), errors: Self.errors(errors))
        return platform.formPage(request, context, status: status) { csrf in
            var model = model
            model.csrf = csrf
            return model
        }
    }

    /// An instant as a `datetime-local` input shows it: the wall clock in the event's zone.
    static func local(_ date: Date, zone: String) -> String {
        ZonedTime.localInput(date, zone: zone)
    }

    static func eventValues(_ stored: StoredEvent) -> [String: String] {
        let e = stored.event
        return [
            "organisation": e.organiserID.map(String.init) ?? "platform", "title": e.title, "description": e.description, "kind": e.kind.rawValue,
            "starts_at": local(e.startsAt, zone: e.timeZone), "ends_at": local(e.endsAt, zone: e.timeZone), "time_zone": e.timeZone,
            "venue": e.venue, "online_link": e.onlineLink, "registration_link": e.registrationLink, "tags": e.tags.joined(separator: ", "),
        ]
    }

    static func eventInput(_ form: Form) -> EventInput {
        var input = EventInput()
        input.title = form["title"]
        input.description = form["description"]
        input.kind = form["kind"]
        input.startsAt = form["starts_at"]
        input.endsAt = form["ends_at"]
        input.timeZone = form["time_zone"]
        input.venue = form["venue"]
        input.onlineLink = form["online_link"]
        input.registrationLink = form["registration_link"]
        input.tags = tags(form["tags"])
        return input
    }

    @Sendable func newEvent(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try signedIn(request, context)
        try await requireSomeOwner(user)
        let organisation = FormDecoding.pairs(request.uri.query).last { $0.0 == "organisation" }?.1
        return try await eventForm(
            request, context, user: user, existing: nil,
            values: ["organisation": organisation ?? "", "time_zone": "Europe/Brussels", "kind": EventKind.conference.rawValue])
    }

    @Sendable func createEvent(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try signedIn(request, context)
        return try await save(request, context, user: user, isNew: true) { form, owner in
            let stored = try await platform.writeEvent(
                Self.eventInput(form), organisationID: owner, existing: nil, expectedVersion: nil, by: user, actor: Self.actor(user), field: "organisation")
            return (stored.event.status == .published, Routes.event.path(stored.event.slug), "event")
        } again: { values, errors, status in
            try await eventForm(request, context, user: user, existing: nil, values: values, errors: errors, status: status)
        }
    }

    /// The event of the path, for someone who may write for its organiser.
    func editableEvent(_ context: AppRequestContext, user: User) async throws -> StoredEvent {
        try await editable(context, user: user, name: "event") {
            try await platform.events.find(slug: $0)
        } about: {
            ($0.event.organiserID, $0.event.status)
        }
    }

    @Sendable func editEvent(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try signedIn(request, context)
        let stored = try await editableEvent(context, user: user)
        return try await eventForm(request, context, user: user, existing: stored, values: Self.eventValues(stored))
    }

    @Sendable func updateEvent(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try signedIn(request, context)
        let stored = try await editableEvent(context, user: user)
        return try await save(request, context, user: user, isNew: false) { form, owner in
            let saved = try await platform.writeEvent(
                Self.eventInput(form), organisationID: owner, existing: stored, expectedVersion: Int(form["version"]), by: user, actor: Self.actor(user),
                field: "organisation")
            return (saved.event.status == .published, Routes.event.path(saved.event.slug), "event")
        } again: { values, errors, status in
            try await eventForm(request, context, user: user, existing: stored, values: values, errors: errors, status: status)
        }
    }

    // MARK: One's organisations' writing

    struct MinePage: PageModel {
        static let template = "my-content"
        struct Item {
            var kind: String
            var title: String
            var organisation: String
            var status: String
            var published: Bool
            var editHref: String
            var publicHref: String?
            /// The moderators' latest word, when changes were requested or it was rejected.
            var message: String?
        }
        var title = t("Our news and events")
        var notice: String?
        var newNewsHref = Routes.newsNew.path
        var newEventHref = Routes.eventNew.path
        var items: [Item]
        var canWrite: Bool
    }

    /// The news and events written for the person's organisations, in every status, with what the
    /// moderators said.
    @Sendable func mine(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try signedIn(request, context)
        let (platformTeam, organisations) = try await platform.contributionOwners(of: user)
        let names = Dictionary(organisations.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        var items: [MinePage.Item] = []
        func message(_ kind: ContributionKind, _ id: Int64, _ status: ProfileStatus) async throws -> String? {
            guard status == .changesRequested || status == .rejected else { return nil }
            return try await platform.contributions.history(kind, id: id).first.flatMap { ContributionHistory.split($0.action).message }
        }
        for owner in organisations.map(\.id) {
            var newsFilter = NewsRepository.Filter()
            newsFilter.status = nil
            newsFilter.organisationID = owner
            let news = try await platform.news.list(newsFilter, page: 1, perPage: 100).items
            for stored in news where stored.article.organisationID == owner {
                let a = stored.article
                items.append(
                    .init(
                        kind: t("News"), title: a.title, organisation: names[owner] ?? "", status: word(a.status.label),
                        published: a.status == .published, editHref: Routes.newsEdit.path(a.slug),
                        publicHref: a.status == .published ? Routes.newsArticle.path(a.slug) : nil, message: try await message(.news, a.id, a.status)))
            }
            var eventFilter = EventRepository.Filter()
            eventFilter.status = nil
            eventFilter.organiserID = owner
            let events = try await platform.events.list(eventFilter, page: 1, perPage: 100).items
            for stored in events {
                let e = stored.event
                items.append(
                    .init(
                        kind: t("Event"), title: e.title, organisation: names[owner] ?? "", status: word(e.status.label),
                        published: e.status == .published, editHref: Routes.eventEdit.path(e.slug),
                        publicHref: e.status == .published ? Routes.event.path(e.slug) : nil, message: try await message(.event, e.id, e.status)))
            }
        }
        let saved = FormDecoding.pairs(request.uri.query).last { $0.0 == "saved" }?.1
        return platform.views.page(
            MinePage(
                notice: saved == nil ? nil : t("Sent to the moderators: you will be told by e-mail when they have decided."), items: items,
                canWrite: platformTeam || !organisations.isEmpty))
    }

    // MARK: The moderators' decisions

    func decide(_ kind: ContributionKind, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        let moderator = try AdminPagesController.require(.moderator, request, context)
        guard let id = Int64(try context.parameters.require("id")), id > 0 else {
            throw APIError.malformed("malformed path", fields: ["id": "must be a number"])
        }
        let form = try await Form(request, context: context)
        guard let decision = ProfileWorkflow.Decision(rawValue: form["decision"]) else {
            throw APIError(.unprocessableContent, "validation", fields: ["decision": "must be one of: publish, request-changes, reject"])
        }
        let about = "\(kind.rawValue)-\(id)"
        do {
            try await platform.decideContribution(
                kind, id: id, decision: decision, message: form["message"], moderator: "\(moderator.name) <\(moderator.email)>")
        } catch let refusal as Refusal where refusal.kind != .notFound {
            let fields = refusal.fields.isEmpty ? ["decision": refusal.description] : refusal.fields
            return try await AdminPagesController(platform: platform).queue(
                request, context, errors: fields, aboutContent: about, status: refusal.kind == .conflict ? .conflict : .unprocessableContent)
        }
        return Response(
            status: .seeOther, headers: [.location: Routes.adminModeration.path(query: [("decided-content", about), ("decision", decision.rawValue)])])
    }

    @Sendable func decideNews(_ request: Request, context: AppRequestContext) async throws -> Response { try await decide(.news, request, context) }
    @Sendable func decideEvent(_ request: Request, context: AppRequestContext) async throws -> Response { try await decide(.event, request, context) }
}

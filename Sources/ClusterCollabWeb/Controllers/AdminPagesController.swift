import ClusterCollabCore
import ClusterCollabContent
import ClusterCollabStorage
import ClusterCollabText
import Foundation
import Hummingbird

/// The platform team's pages under `/admin`. Visitors are sent to the login page; signed-in people
/// without the role get 403.
struct AdminPagesController {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.admin, use: index)
        router.get(Routes.adminModeration, use: moderation)
        router.get(Routes.adminOutbox, use: outbox)
        router.post(Routes.adminModerationDecision, use: decide)
        router.get(Routes.adminUsers, use: users)
        router.post(Routes.adminUserRole, use: changeRole)
    }

    /// The signed-in user when they hold at least `role`.
    static func require(_ role: PlatformRole, _ request: Request, _ context: AppRequestContext) throws -> User {
        guard let identity = context.identity else {
            throw Redirect(to: Routes.login.path(query: [("next", request.uri.path)]))
        }
        guard identity.user.role >= role else {
            throw APIError(.forbidden, "this page is for the platform team (\(role.label.lowercased()) or above)")
        }
        return identity.user
    }

    /// An administration page and the least platform role that may open it.
    struct Section { var href: String; var title: String; var summary: String; var role: PlatformRole }

    /// Every `/admin` page, listed on `/admin` for those whose role may open it, in the request's language.
    static var sections: [Section] {
        [
            .init(
                href: Routes.adminModeration.path, title: t("Moderation queue"),
                summary: t("Profiles and edits waiting for review: publish, request changes or reject."), role: .moderator),
            .init(
                href: Routes.adminJoinRequests.path, title: t("Claims"), summary: t("Requests to claim an organisation that has no team yet."),
                role: .moderator),
            .init(
                href: Routes.adminCalls.path, title: t("Calls for interest"), summary: t("Write and open calls; their evaluation boards."),
                role: .platformAdmin),
            .init(href: Routes.adminUsers.path, title: t("Users and roles"), summary: t("Accounts and their platform roles."), role: .platformAdmin),
            .init(
                href: Routes.adminRegionCategories.path, title: t("Region categories"),
                summary: t("Less developed, transition and more developed regions."), role: .platformAdmin),
            .init(href: Routes.adminOutbox.path, title: t("Outbox"), summary: t("Every e-mail the platform has written."), role: .platformAdmin),
        ]
    }

    struct IndexPage: PageModel {
        static let template = "admin"
        var title = t("Administration")
        var role: String
        var sections: [Section]
    }

    /// The platform team's way in: the administration pages this person's role may open.
    @Sendable func index(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try Self.require(.moderator, request, context)
        return platform.views.page(IndexPage(role: word(user.role.label), sections: Self.sections.filter { user.role >= $0.role }))
    }

    struct ModerationPage: PageModel {
        static let template = "admin-moderation"
        struct Item {
            var id: Int64; var decisionAction: String; var name: String; var href: String; var country: String; var type: String; var updated: String
            var checklist: [String]; var passes: Bool; var waived: Bool; var isEdit: Bool; var duplicates: [String]
            /// A new logo waiting with the edits.
            var newLogoHref: String? = nil
            /// The refused decision's rule, shown at the profile it was about.
            var error: String?
        }
        var title = t("Moderation queue")
        var csrf: String
        var items: [Item]
        var total: Int
        /// The last decision, confirmed by name, with a link to where it shows.
        var notice: String?
        var noticeHref: String?
        var errors: [FieldRule] = []
        /// News articles and events that teams sent for review.
        var contributions: [ContributionItem] = []
    }

    struct ContributionItem {
        var id: String
        var kind: String
        var title: String
        var organisation: String
        var author: String
        var updated: String
        var summary: String
        var bodyHTML: String
        var editHref: String
        var decisionAction: String
        var error: String?
    }

    /// New profiles and edits of published ones waiting for review, each with its validation checklist and
    /// a warning about probable duplicates (same country, similar name).
    @Sendable func moderation(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try Self.require(.moderator, request, context)
        // After a decision the queue confirms it, naming the profile (`decide` redirects here).
        let pairs = FormDecoding.pairs(request.uri.query)
        var notice: (String, String)?
        if let decided = pairs.last(where: { $0.0 == "decided-content" })?.1,
            let decision = pairs.last(where: { $0.0 == "decision" }).flatMap({ ProfileWorkflow.Decision(rawValue: $0.1) })
        {
            notice = try await contributionNotice(decided, decision)
        }
        if let id = pairs.last(where: { $0.0 == "decided" }).flatMap({ Int64($0.1) }),
            let decision = pairs.last(where: { $0.0 == "decision" }).flatMap({ ProfileWorkflow.Decision(rawValue: $0.1) }),
            let organisation = try await platform.organisations.find(id: id)
        {
            // A profile still published after changes were requested or refused: the decision was on its edits.
            let edits = decision != .publish && organisation.status == .published
            notice = (
                decision.headline(organisation.name, edits: edits, in: RequestLanguage.current) + ".",
                decision == .requestChanges ? "" : decision.link(organisationID: id, slug: organisation.slug, edits: edits)
            )
        }
        return try await queue(request, context, notice: notice)
    }

    /// The queue page, with a confirmation or with the errors of a refused decision.
    func queue(
        _ request: Request, _ context: AppRequestContext, notice: (String, String)? = nil, errors: [String: String] = [:], about: Int64? = nil,
        aboutContent: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let queue = try await platform.teams.reviewQueue()
        var byCountry: [String: [Organisation]] = [:]
        var items: [ModerationPage.Item] = []
        for (o, isEdit) in queue {
            if byCountry[o.country] == nil { byCountry[o.country] = try await platform.organisations.all(country: o.country) }
            let duplicates = ProfileWorkflow.probableDuplicates(of: o, among: byCountry[o.country] ?? []).map {
                "\($0.name) (\(word($0.status.label).lowercased()))"
            }
            let checklist = ValidationChecklist(o)
            let newLogo = isEdit ? try await platform.logos.exists(organisationID: o.id, pending: true) : false
            items.append(
                .init(
                    id: o.id, decisionAction: Routes.adminModerationDecision.path(o.id), name: o.name, href: Routes.myOrganisation.path(o.id),
                    country: platform.reference.country(o.country).map { ReferenceText.country($0.name) } ?? o.country,
                    type: ReferenceText.name(o.type.label, facet: "type"), updated: Shown.date(o.updatedAt),
                    checklist: checklist.items.map { ($0.met ? "✓ " : "✗ ") + $0.rule }, passes: checklist.passes,
                    waived: checklist.waived, isEdit: isEdit, duplicates: duplicates,
                    newLogoHref: newLogo ? Routes.organisationLogo.path(o.slug, query: [("version", "pending")]) : nil,
                    error: o.id == about ? errors.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ") : nil))
        }
        let fieldErrors = errors.sorted { $0.key < $1.key }.map { FieldRule(field: $0.key, rule: $0.value) }
        let errorLine = errors.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
        let contributions = try await contributionQueue(errorLine: errorLine, about: aboutContent)
        return platform.formPage(request, context, status: status) {
            ModerationPage(
                csrf: $0, items: items, total: items.count + contributions.count, notice: notice?.0,
                noticeHref: notice.flatMap { $0.1.isEmpty ? nil : $0.1 }, errors: fieldErrors, contributions: contributions)
        }
    }

    /// News and events waiting for review, oldest first, each readable in full before the decision.
    func contributionQueue(errorLine: String, about: String?) async throws -> [ContributionItem] {
        var items: [(Date, ContributionItem)] = []
        var newsFilter = NewsRepository.Filter()
        newsFilter.status = .needsReview
        for stored in try await platform.news.list(newsFilter, page: 1, perPage: 200).items {
            let a = stored.article
            let key = "news-\(a.id)"
            var organisation: String?
            if let id = a.organisationID { organisation = try await platform.organisations.find(id: id)?.name }
            items.append(
                (
                    stored.updatedAt,
                    ContributionItem(
                        id: key, kind: t("News"), title: a.title, organisation: organisation ?? t("The platform"),
                        author: stored.authorName ?? t("former member"), updated: Shown.date(stored.updatedAt), summary: a.summary,
                        bodyHTML: Markdown.html(a.body), editHref: Routes.newsEdit.path(a.slug), decisionAction: Routes.adminNewsDecision.path(a.id),
                        error: key == about ? errorLine : nil)
                ))
        }
        var eventFilter = EventRepository.Filter()
        eventFilter.status = .needsReview
        for stored in try await platform.events.list(eventFilter, page: 1, perPage: 200).items {
            let e = stored.event
            let key = "event-\(e.id)"
            items.append(
                (
                    stored.updatedAt,
                    ContributionItem(
                        id: key, kind: t("Event"), title: e.title, organisation: stored.organiserName ?? t("The platform"),
                        author: stored.authorName ?? t("former member"), updated: Shown.date(stored.updatedAt),
                        summary: ZonedTime.display(e.startsAt, zone: e.timeZone, in: RequestLanguage.current) + (e.venue.isEmpty ? "" : " · \(e.venue)"),
                        bodyHTML: Markdown.html(e.description), editHref: Routes.eventEdit.path(e.slug), decisionAction: Routes.adminEventDecision.path(e.id),
                        error: key == about ? errorLine : nil)
                ))
        }
        return items.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// The confirmation of a decision on an article or event (`news-7`), with where it shows when published.
    func contributionNotice(_ key: String, _ decision: ProfileWorkflow.Decision) async throws -> (String, String)? {
        let parts = key.split(separator: "-", maxSplits: 1)
        guard parts.count == 2, let id = Int64(parts[1]) else { return nil }
        let found: (title: String, href: String)?
        switch parts[0] {
        case "news": found = try await platform.news.find(id: id).map { ($0.article.title, Routes.newsArticle.path($0.article.slug)) }
        case "event": found = try await platform.events.find(id: id).map { ($0.event.title, Routes.event.path($0.event.slug)) }
        default: found = nil
        }
        guard let found else { return nil }
        let sentence: String =
            switch decision {
            case .publish: t("“{{title}}” is published.").filling(["title": found.title])
            case .requestChanges: t("Changes requested for “{{title}}”.").filling(["title": found.title])
            case .reject: t("“{{title}}” is rejected.").filling(["title": found.title])
            }
        return (sentence, decision == .publish ? found.href : "")
    }

    /// Publish, request changes (with a message to the team) or reject.
    @Sendable func decide(_ request: Request, context: AppRequestContext) async throws -> Response {
        let moderator = try Self.require(.moderator, request, context)
        guard let id = Int64(try context.parameters.require("id")) else { throw APIError.malformed("malformed path", fields: ["id": "must be a number"]) }
        let form = try await Form(request, context: context)
        guard let decision = ProfileWorkflow.Decision(rawValue: form["decision"]) else {
            throw APIError(.unprocessableContent, "validation", fields: ["decision": "must be one of: publish, request-changes, reject"])
        }
        let message = form["message"].trimmingCharacters(in: .whitespacesAndNewlines)
        // A refused decision comes back as the queue with the field's rule, so the moderator can go on.
        if decision == .requestChanges && message.isEmpty {
            return try await queue(request, context, errors: ["message": "tell the team what to change"], about: id, status: .unprocessableContent)
        }
        if message.count > 2_000 {
            return try await queue(request, context, errors: ["message": "must be at most 2000 characters"], about: id, status: .unprocessableContent)
        }
        do {
            _ = try await platform.teams.decide(organisationID: id, decision: decision, message: message, moderator: "\(moderator.name) <\(moderator.email)>")
        } catch let refusal as Refusal {
            return try await queue(request, context, errors: ["decision": refusal.description], about: id, status: .conflict)
        }
        try await platform.directory.refresh()
        return Response(
            status: .seeOther, headers: [.location: Routes.adminModeration.path(query: [("decided", String(id)), ("decision", decision.rawValue)])])
    }

    struct UsersPage: PageModel {
        static let template = "admin-users"
        struct Option { var value: String; var label: String; var selected: Bool }
        struct Item { var roleAction: String; var name: String; var email: String; var verified: Bool; var roles: [Option]; var isSelf: Bool }
        var title = t("Users and roles")
        var csrf: String
        var items: [Item]
    }

    /// Accounts and their platform roles; platform administrators change roles here (audited).
    @Sendable func users(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try Self.require(.platformAdmin, request, context)
        let items = try await platform.users.all().map { user in
            UsersPage.Item(
                roleAction: Routes.adminUserRole.path(user.id), name: user.name, email: user.email, verified: user.emailVerified,
                roles: PlatformRole.allCases.map { .init(value: $0.rawValue, label: word($0.label), selected: $0 == user.role) },
                isSelf: user.id == admin.id)
        }
        return platform.formPage(request, context) { UsersPage(csrf: $0, items: items) }
    }

    @Sendable func changeRole(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try Self.require(.platformAdmin, request, context)
        guard let id = Int64(try context.parameters.require("id")) else { throw APIError.malformed("malformed path", fields: ["id": "must be a number"]) }
        guard let role = PlatformRole(rawValue: try await Form(request, context: context)["role"]) else {
            throw APIError(.unprocessableContent, "validation", fields: ["role": "must be one of: user, moderator, platform-admin"])
        }
        // Nobody takes away their own administration: the platform could be left without one.
        guard id != admin.id else { throw APIError(.conflict, "you cannot change your own role; ask another platform administrator") }
        guard try await platform.users.setRole(userID: id, role: role, actor: "\(admin.name) <\(admin.email)>") else {
            throw APIError.notFound("user \(id)")
        }
        return Response(status: .seeOther, headers: [.location: Routes.adminUsers.path])
    }

    struct OutboxPage: PageModel {
        static let template = "admin-outbox"
        struct Item { var id: Int64; var to: String; var subject: String; var kind: String; var created: String; var state: String; var body: String }
        var title = t("Outbox")
        var items: [Item]
        var total: Int
    }

    /// Every e-mail the platform has written, newest first: where no SMTP server is configured, this is
    /// where administrators read them.
    @Sendable func outbox(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try Self.require(.platformAdmin, request, context)
        let (total, rows) = try await platform.outbox.list(page: 1, perPage: 100)
        let items = rows.map { row in
            OutboxPage.Item(
                id: row.id, to: row.recipient, subject: row.subject, kind: row.kind,
                created: Shown.date(row.createdAt), state: row.state, body: Self.maskingSecrets(row.bodyText))
        }
        return platform.views.page(OutboxPage(items: items, total: total))
    }

    /// What the outbox page shows instead of a one-time secret.
    static let hiddenSecret = "[hidden]"

    /// A body as administrators may read it: the secret parts of one-time links (password reset, address
    /// confirmation, unsubscribe) and any other token-like run are hidden, so reading the outbox does not
    /// let anyone take over the account the e-mail was written to.
    static func maskingSecrets(_ body: String) -> String {
        var text = body
        // The secret is the path segment after these; slugs and ids elsewhere stay readable.
        text.replace(/\/(password-reset|verify-email|confirm-email|unsubscribe)\/[^\s\/?#]+/) { match in
            "/\(match.output.1)/\(hiddenSecret)"
        }
        // Any other secret (a token the platform generates is 43 characters of base64url): long runs of
        // token characters with a capital letter, which slugs (lower case) never have.
        text.replace(/[A-Za-z0-9_\-]{32,}/) { match in
            match.output.contains(where: \.isUppercase) ? Substring(hiddenSecret) : match.output
        }
        return text
    }
}

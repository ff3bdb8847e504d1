import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabStorage
import Foundation
import Hummingbird

/// A person's saved searches: the form that saves the search a page shows, `/account/saved-searches` with
/// "N new since you last looked", opening one (which counts what it shows as seen), changing its e-mail,
/// deleting it, and the alert's unsubscribe link that works without logging in.
struct SavedSearchPagesController {
    let platform: Platform
    var accounts: AccountPagesController { AccountPagesController(platform: platform) }
    var store: SavedSearchRepository { platform.savedSearchRepository }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.accountSavedSearches, use: list)
        router.post(Routes.accountSavedSearches, use: create)
        router.get(Routes.accountSavedSearchNew, use: newForm)
        router.get(Routes.accountSavedSearch, use: open)
        router.post(Routes.accountSavedSearchUpdate, use: update)
        router.post(Routes.accountSavedSearchDelete, use: delete)
        router.get(Routes.savedSearchUnsubscribe, use: unsubscribeForm)
        router.post(Routes.savedSearchUnsubscribe, use: unsubscribe)
    }

    /// The frequencies as a form offers them.
    static func frequencies(_ chosen: SavedSearch.Frequency) -> [SavedSearchesPage.Option] {
        [(SavedSearch.Frequency.daily, t("Daily e-mail")), (.weekly, t("Weekly e-mail")), (.none, t("No e-mail"))].map {
            .init(value: $0.0.rawValue, label: $0.1, selected: $0.0 == chosen)
        }
    }

    // MARK: Saving

    /// `GET /account/saved-searches/new?kind=directory&query=...`: the form, named after the search's text.
    @Sendable func newForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        let pairs = FormDecoding.pairs(request.uri.query)
        let kind = pairs.last { $0.0 == "kind" }?.1 ?? SavedSearch.Kind.directory.rawValue
        let query = pairs.last { $0.0 == "query" }?.1 ?? ""
        let text = FormDecoding.pairs(query).last { $0.0 == "q" }?.1 ?? ""
        return try await page(
            request, context, user: user, form: .init(kind: kind, query: query, name: String(text.prefix(SavedSearch.maxNameLength)), frequency: .weekly))
    }

    /// `POST /account/saved-searches`: saves, or shows the form again with each broken rule (422).
    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        let form = try await Form(request, context: context)
        let input = SavedSearchInput(name: form["name"], kind: form["kind"], query: form["query"], frequency: form["frequency"])
        do {
            let checked = try platform.checkedSavedSearch(input, existing: nil)
            _ = try await store.create(userID: user.id, checked)
        } catch let errors as ValidationErrors {
            return try await page(
                request, context, user: user,
                form: .init(
                    kind: form["kind"], query: form["query"], name: form["name"], frequency: SavedSearch.Frequency(rawValue: form["frequency"]) ?? .weekly),
                errors: errors, status: .unprocessableContent)
        }
        return AccountPagesController.redirect(Routes.accountSavedSearches.path(query: [("saved", "1")]))
    }

    // MARK: The list

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        let saved = FormDecoding.pairs(request.uri.query).contains { $0 == ("saved", "1") }
        return try await page(request, context, user: user, notice: saved ? t("Your search is saved.") : nil)
    }

    func page(
        _ request: Request, _ context: AppRequestContext, user: User, form: SavedSearchesPage.NewSearch? = nil, notice: String? = nil,
        errors: ValidationErrors = ValidationErrors(), status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let searches = try await store.list(userID: user.id)
        let fresh = try await platform.newSinceLooked(searches)
        return accounts.form(request, context, status: status) { csrf in
            SavedSearchesPage(
                csrf: csrf, notice: notice, newSearch: form,
                frequencies: Self.frequencies(form?.frequency ?? .weekly),
                errors: errors.fields.sorted { $0.key < $1.key }.map { FieldRule(field: $0.key, rule: $0.value) },
                searches: searches.map { s in
                    let n = fresh[s.id] ?? 0
                    return SavedSearchesPage.Row(
                        id: s.id, name: s.name, kind: s.kind == .directory ? t("Directory") : t("Partner searches"),
                        open: Routes.accountSavedSearch.path(s.id), update: Routes.accountSavedSearchUpdate.path(s.id),
                        delete: Routes.accountSavedSearchDelete.path(s.id),
                        fresh: n == 0
                            ? nil : (n == 1 ? t("1 new since you last looked") : t("{{count}} new since you last looked").filling(["count": String(n)])),
                        frequencies: Self.frequencies(s.frequency))
                })
        }
    }

    func savedSearch(_ context: AppRequestContext, user: User) async throws -> SavedSearch {
        guard let id = Int64(try context.parameters.require("id")), id > 0 else { throw APIError.notFound("saved search") }
        guard let search = try await store.find(id: id, userID: user.id) else { throw APIError.notFound("saved search \(id)") }
        return search
    }

    /// `GET /account/saved-searches/{id}`: what it finds now, and nothing counts as new any more.
    @Sendable func open(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        let search = try await savedSearch(context, user: user)
        try await store.markLooked(id: search.id, userID: user.id)
        return AccountPagesController.redirect(search.path)
    }

    /// `POST /account/saved-searches/{id}/update`: a new frequency (and name).
    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        let search = try await savedSearch(context, user: user)
        let form = try await Form(request, context: context)
        let input = SavedSearchInput(name: form.pairs.contains { $0.0 == "name" } ? form["name"] : nil, frequency: form["frequency"])
        do {
            _ = try await store.update(id: search.id, userID: user.id, try platform.checkedSavedSearch(input, existing: search))
        } catch let errors as ValidationErrors {
            return try await page(request, context, user: user, errors: errors, status: .unprocessableContent)
        }
        return AccountPagesController.redirect(Routes.accountSavedSearches.path(query: [("saved", "1")]))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        let search = try await savedSearch(context, user: user)
        _ = try await Form(request, context: context)
        _ = try await store.delete(id: search.id, userID: user.id)
        return AccountPagesController.redirect(Routes.accountSavedSearches.path)
    }

    // MARK: Unsubscribe without logging in

    /// Names the search whose e-mail would stop; nothing changes on GET (mail scanners open links).
    @Sendable func unsubscribeForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = try context.pathText("token")
        guard let found = try await store.search(unsubscribeToken: token) else { return PrivacyPagesController(platform: platform).unknownLink() }
        return accounts.form(request, context) { csrf in
            SavedSearchUnsubscribePage(
                csrf: csrf, action: Routes.savedSearchUnsubscribe.path(token), search: found.search.name,
                address: PrivacyPagesController.mask(found.email))
        }
    }

    /// Turns the search's e-mail off: from the page's form, or a mail client's one-click request (RFC 8058).
    @Sendable func unsubscribe(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = try context.pathText("token")
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let oneClick = PrivacyPagesController.isOneClickUnsubscribe(
            path: request.uri.path, contentType: request.headers[.contentType], body: String(buffer: body))
        guard let search = try await store.unsubscribe(token: token) else {
            return oneClick
                ? PrivacyPagesController.plain("unknown unsubscribe link", status: .notFound) : PrivacyPagesController(platform: platform).unknownLink()
        }
        if oneClick { return PrivacyPagesController.plain("no more e-mails for this saved search") }
        return accounts.message(
            t("No more e-mails for this search"),
            t("You will no longer get e-mails about the saved search “{{search}}”. It stays in your account, where you can turn its e-mail on again.")
                .filling(["search": search.name]),
            link: (Routes.accountSavedSearches.path, t("Your saved searches")))
    }
}

/// `saved-searches.mustache`: the person's searches, and the form that saves a new one when a page sent it.
struct SavedSearchesPage: PageModel {
    static let template = "saved-searches"
    var site = SiteLinks()
    var title = t("Saved searches")
    var action = Routes.accountSavedSearches.path
    var csrf: String
    var notice: String?
    struct NewSearch { var kind: String; var query: String; var name: String; var frequency: SavedSearch.Frequency }
    var newSearch: NewSearch?
    struct Option { var value: String; var label: String; var selected: Bool }
    var frequencies: [Option]
    var errors: [FieldRule]
    struct Row {
        var id: Int64
        var name: String
        var kind: String
        var open: String
        var update: String
        var delete: String
        var fresh: String?
        var frequencies: [Option]
    }
    var searches: [Row]
}

/// `saved-search-unsubscribe.mustache`: the address is masked because the link may have been forwarded.
struct SavedSearchUnsubscribePage: PageModel {
    static let template = "saved-search-unsubscribe"
    var site = SiteLinks()
    var title = t("Stop this search's e-mails")
    var csrf: String
    var action: String
    var search: String
    var address: String
}

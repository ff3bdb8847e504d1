import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabStorage
import Foundation
import Hummingbird

/// `/api/v1/saved-searches`: the token holder's own saved searches (a session cookie is refused, as on
/// every API write); another person's search is a 404.
struct SavedSearchAPIController {
    let platform: Platform
    var store: SavedSearchRepository { platform.savedSearchRepository }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.API.savedSearches, use: list)
        router.post(Routes.API.savedSearches, use: create)
        router.patch(Routes.API.savedSearch, use: update)
        router.delete(Routes.API.savedSearch, use: delete)
    }

    struct SavedSearchDoc: Encodable {
        var id: Int64
        var name: String
        var kind: String
        var query: String
        var url: String
        var frequency: String
        var last_looked_at: String
        var created_at: String
    }

    func doc(_ s: SavedSearch) -> SavedSearchDoc {
        SavedSearchDoc(
            id: s.id, name: s.name, kind: s.kind.rawValue, query: s.query, url: platform.configuration.publicURL + s.path,
            frequency: s.frequency.rawValue, last_looked_at: AtomFeed.time(s.lastLookedAt), created_at: AtomFeed.time(s.createdAt))
    }

    static let fields: Set<String> = ["name", "kind", "query", "frequency"]

    static func input(_ body: inout JSONBody) -> SavedSearchInput {
        SavedSearchInput(name: body.string("name"), kind: body.string("kind"), query: body.string("query"), frequency: body.string("frequency"))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.bearerUser()
        let paging = try Paging.parse(FormDecoding.pairs(request.uri.query), defaultPerPage: 50, maxPerPage: 100)
        let all = try await store.list(userID: user.id)
        let start = min(all.count, (paging.page - 1) * paging.perPage)
        let items = all[start..<min(all.count, start + paging.perPage)].map(doc)
        return try JSONResponse.make(Page(items: items, total: all.count, page: paging.page, per_page: paging.perPage))
    }

    /// The person behind the token; the operator token has no account to keep searches in.
    func person(_ context: AppRequestContext) throws -> User {
        let user = try context.bearerUser()
        guard user.id > 0 else { throw APIError(.unprocessableContent, "the operator token has no account to keep saved searches in") }
        return user
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try person(context)
        var body = try await JSONBody.read(request, context, allowed: Self.fields)
        let input = Self.input(&body)
        try body.throwIfMalformed()
        do {
            let saved = try await store.create(userID: user.id, try platform.checkedSavedSearch(input, existing: nil))
            return try JSONResponse.make(doc(saved), status: .created, headers: [.location: Routes.API.savedSearch.path(saved.id)])
        } catch let errors as ValidationErrors { throw APIError.validation(errors) }
    }

    func owned(_ context: AppRequestContext, user: User) async throws -> SavedSearch {
        let raw = try context.parameters.require("id")
        guard let id = Int64(raw), id > 0 else { throw APIError.malformed("malformed path", fields: ["id": "must be a saved search's number"]) }
        guard let search = try await store.find(id: id, userID: user.id) else { throw APIError.notFound("saved search \(id)") }
        return search
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try person(context)
        let search = try await owned(context, user: user)
        var body = try await JSONBody.read(request, context, allowed: Self.fields)
        let input = Self.input(&body)
        try body.throwIfMalformed()
        do {
            guard let saved = try await store.update(id: search.id, userID: user.id, try platform.checkedSavedSearch(input, existing: search)) else {
                throw APIError.notFound("saved search \(search.id)")
            }
            return try JSONResponse.make(doc(saved))
        } catch let errors as ValidationErrors { throw APIError.validation(errors) }
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try person(context)
        let search = try await owned(context, user: user)
        _ = try await store.delete(id: search.id, userID: user.id)
        return Response(status: .noContent)
    }
}

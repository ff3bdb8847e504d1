import ClusterCollabCore
import Hummingbird

/// The JSON API refuses a query parameter given with an empty value (`?type=`, `?page=`) with 400 naming it,
/// the same for every parameter of every operation but the free-text `q` (an empty search is no search).
/// A client that sends a parameter meant something, and the OpenAPI document's schemas say what each one
/// holds; reading an empty value as absent made some parameters mean nothing and others everything.
/// Pages read empty values as absent instead, because HTML forms send every field, filled in or not.
struct EmptyQueryValueMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// Parameters whose empty value is a valid value.
    static let freeText: Set<String> = ["q"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.path.hasPrefix(Routes.API.prefix), let query = request.uri.query, !query.isEmpty {
            var fields: [String: String] = [:]
            for (name, value) in FormDecoding.pairs(query) where !Self.freeText.contains(name) {
                if value.trimmingCharacters(in: .whitespaces).isEmpty {
                    fields[name] = "must not be empty: leave the parameter out instead"
                }
            }
            if !fields.isEmpty { throw APIError.malformed("malformed query", fields: fields) }
        }
        return try await next(request, context)
    }
}

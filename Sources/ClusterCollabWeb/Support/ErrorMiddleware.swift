import ClusterCollabCore
import Foundation
import Hummingbird
import Logging
import NIOCore

/// Turns every error into the platform's one shape: JSON `{"error", "fields"}` for the API and for clients
/// that do not ask for HTML, an HTML page for browsers. Framework errors (unknown route, body too large,
/// malformed JSON) get the same shape; anything unexpected is logged and answered 500 without details.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let views: Views

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let redirect as Redirect {
            return Response(status: .seeOther, headers: [.location: redirect.to])
        } catch {
            let apiError = Self.translate(error, logger: context.logger)
            var response = Self.wantsHTML(request) ? views.errorPage(apiError) : apiError.response()
            if apiError.status == .tooManyRequests, let wait = apiError.fields["retry_after"] {
                response.headers[.retryAfter] = wait
            }
            if apiError.status == .methodNotAllowed, let allow = apiError.fields["allow"] {
                response.headers[.allow] = allow
            }
            return response
        }
    }

    static func wantsHTML(_ request: Request) -> Bool {
        if request.uri.path.hasPrefix(Routes.API.prefix) || request.uri.path == Routes.health.path || request.uri.path == Routes.metrics.path { return false }
        return request.headers[.accept]?.contains("text/html") ?? false
    }

    static func translate(_ error: any Error, logger: Logger) -> APIError {
        switch error {
        case let e as APIError:
            return e
        case let e as ValidationErrors:
            return .validation(e)
        case let refusal as Refusal:
            return APIError(refusal)
        case is NIOTooManyBytesError:
            return APIError(.contentTooLarge, "the request body is too large (at most 1 MiB)")
        case let e as HTTPError:
            switch e.status {
            case .notFound: return APIError(.notFound, "not found")
            case .contentTooLarge: return APIError(.contentTooLarge, "the request body is too large (at most 1 MiB)")
            case .methodNotAllowed: return APIError(.methodNotAllowed, "method not allowed")
            case .badRequest: return APIError(.badRequest, e.body ?? "bad request")
            default:
                return APIError(e.status, e.body ?? e.status.reasonPhrase)
            }
        default:
            logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))"])
            return APIError(.internalServerError, "internal error")
        }
    }
}

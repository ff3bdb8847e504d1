import ClusterCollabCore
import Foundation
import Hummingbird

/// Refuses, with 422 naming the field, every write whose JSON strings or form values hold control characters
/// (`TextInput`), before any handler reads them: one rule for every text input, JSON and form alike.
struct TextInputMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let writes: Set<HTTPRequest.Method> = [.post, .put, .patch, .delete]
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard writes.contains(request.method), !Multipart.isMultipart(type) else { return try await next(request, context) }
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        guard body.readableBytes > 0 else { return try await next(request, context) }
        var field: String?
        if type.hasPrefix("application/x-www-form-urlencoded") {
            field = FormDecoding.pairs(String(buffer: body)).first { TextInput.hasControlCharacters($0.1) }?.0
        } else if let json = try? JSONSerialization.jsonObject(with: Data(buffer: body), options: [.fragmentsAllowed]) {
            // Bodies that are not JSON are left to the handler (400).
            field = Self.offending(json, path: "")
        }
        if let field {
            throw APIError(.unprocessableContent, "validation", fields: [field.isEmpty ? "body" : field: TextInput.controlCharacterRule])
        }
        return try await next(request, context)
    }

    /// The dotted path of the first string holding control characters (`constraints.types`; list items name their list).
    static func offending(_ value: Any, path: String) -> String? {
        switch value {
        case let s as String:
            return TextInput.hasControlCharacters(s) ? path : nil
        case let object as [String: Any]:
            for key in object.keys.sorted() {
                if let found = offending(object[key]!, path: path.isEmpty ? key : path + "." + key) { return found }
            }
            return nil
        case let list as [Any]:
            for item in list { if let found = offending(item, path: path) { return found } }
            return nil
        default:
            return nil
        }
    }
}

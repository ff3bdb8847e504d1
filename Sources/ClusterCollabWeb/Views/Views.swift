import ClusterCollabCore
import Foundation
import Hummingbird
import Mustache

/// The Mustache templates (escaped by default) and the one place that turns a page model into a response.
public struct Views: Sendable {
    let library: MustacheLibrary
    let reference: ReferenceData
    let publicURL: String

    init(reference: ReferenceData, publicURL: String) async throws {
        let directory = Bundle.module.resourceURL!.appendingPathComponent("templates").path
        library = try await MustacheLibrary(directory: directory)
        self.reference = reference
        self.publicURL = publicURL
    }

    /// Renders a template into HTML text.
    func render(_ model: Any, _ template: String) -> String {
        guard let html = library.render(model, withTemplate: template) else {
            preconditionFailure("template \(template) is missing from the bundle")
        }
        return html
    }

    /// An HTML response.
    func page(_ model: Any, _ template: String, status: HTTPResponse.Status = .ok) -> Response {
        Self.html(render(model, template), status: status)
    }

    static func html(_ html: String, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.contentType] = "text/html; charset=utf-8"
        // The header's personal part is joined in here, per request, never into a rendered page that is kept.
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: PersonalHeader.fill(html))))
    }

    /// The HTML form of `APIError`: the same message and field rules as the API.
    func errorPage(_ error: APIError) -> Response {
        let heading =
            switch error.status {
            case .notFound: "Page not found"
            case .badRequest, .unprocessableContent: "This request cannot be answered"
            case .unauthorized, .forbidden: "Not allowed"
            default: "Something went wrong"
            }
        let model = ErrorPage(
            title: heading, heading: heading, message: error.error == "validation" ? "Some values break a rule:" : error.error,
            fields: error.fields.sorted { $0.key < $1.key }.map { FieldRule(field: $0.key, rule: $0.value) },
            hasFields: !error.fields.isEmpty)
        return page(model, "error", status: error.status)
    }
}

struct FieldRule { var field: String; var rule: String }

struct ErrorPage {
    var title: String
    var heading: String
    var message: String
    var fields: [FieldRule]
    var hasFields: Bool
}

/// A named item in a comma-separated list on a page.
struct Named {
    var id: String
    var name: String
    var last: Bool

    static func list(_ pairs: [(String, String)]) -> [Named] {
        pairs.enumerated().map { Named(id: $1.0, name: $1.1, last: $0 == pairs.count - 1) }
    }
}

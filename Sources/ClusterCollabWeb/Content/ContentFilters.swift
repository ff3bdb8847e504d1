import ClusterCollabContent
import Foundation

/// The content lists' filters as pages and the API read them from a query: the stored value, or a 422
/// naming the parameter and the rule it breaks.
enum ContentFilters {
    static func tag(_ raw: String) throws -> String {
        switch Tag.checked(raw) {
        case .success(let tag): return tag
        case .failure(let problem): throw APIError(.unprocessableContent, "validation", fields: ["tag": problem.rule])
        }
    }

    static func eventKind(_ raw: String) throws -> EventKind {
        guard let kind = EventKind(rawValue: raw.trimmingCharacters(in: .whitespaces)) else {
            throw APIError(.unprocessableContent, "validation", fields: ["kind": EventKind.rule])
        }
        return kind
    }
}

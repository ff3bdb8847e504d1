import ClusterCollabCore
import Foundation

/// A news article as written in a form or as JSON: raw values, each optional so that an edit changes only
/// what it names. `applied(to:)` checks every rule and names each broken one; nothing is stored when one
/// breaks.
public struct NewsInput: Sendable, Equatable {
    public var title: String?
    public var summary: String?
    public var body: String?
    public var tags: [String]?
    public var relatedOrganisations: [Int64]?
    public var relatedSearches: [Int64]?
    public var relatedCalls: [Int64]?

    public init() {}

    public static let maxTitle = 200
    public static let maxSummary = 500
    public static let maxBody = 50_000
    public static let maxRelated = 20

    /// The article with these values applied to `base` (or a new draft), or every broken rule.
    public func applied(to base: NewsArticle?) throws(ValidationErrors) -> NewsArticle {
        var errors = ValidationErrors()
        var article = base ?? NewsArticle(title: "", summary: "", body: "")
        func text(_ value: String?, _ field: String, min: Int, max: Int, keep: inout String) {
            FieldText.read(value, field, checked: base == nil || value != nil, min: min, max: max, keep: &keep, errors: &errors)
        }
        text(title, "title", min: 5, max: Self.maxTitle, keep: &article.title)
        text(summary, "summary", min: 20, max: Self.maxSummary, keep: &article.summary)
        text(body, "body", min: 1, max: Self.maxBody, keep: &article.body)
        if let tags { article.tags = Tag.checked(tags, field: "tags", into: &errors) }
        func ids(_ value: [Int64]?, _ field: String, keep: inout [Int64]) {
            guard let value else { return }
            if value.contains(where: { $0 <= 0 }) { errors.add(field, "must list ids, each a positive number") }
            var unique: [Int64] = []
            for id in value where !unique.contains(id) { unique.append(id) }
            if unique.count > Self.maxRelated { errors.add(field, "must list at most \(Self.maxRelated) ids") }
            keep = unique
        }
        ids(relatedOrganisations, "related_organisations", keep: &article.relatedOrganisations)
        ids(relatedSearches, "related_searches", keep: &article.relatedSearches)
        ids(relatedCalls, "related_calls", keep: &article.relatedCalls)
        try errors.throwIfAny()
        return article
    }
}

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
    /// The photo's document number as written (empty: no photo), its alternative text, caption and credit.
    public var imageDocument: String?
    public var imageAlt: String?
    public var imageCaption: String?
    public var imageCredit: String?

    public init() {}

    public static let maxTitle = 200
    public static let maxSummary = 500
    public static let maxBody = 50_000
    public static let maxRelated = 20
    public static let maxAlt = 300
    public static let maxCaption = 300
    public static let maxCredit = 200

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
        article.image = image(base: article.image, errors: &errors)
        try errors.throwIfAny()
        return article
    }

    /// The photo after this input: its document and texts as written over the current ones. Alternative
    /// text is required whenever there is a photo (a page reader announces it); an empty document number
    /// removes the photo and its texts.
    func image(base: NewsImage?, errors: inout ValidationErrors) -> NewsImage? {
        var documentID = base?.documentID
        if let imageDocument {
            let trimmed = imageDocument.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                documentID = nil
            } else if let id = Int64(trimmed), id > 0 {
                documentID = id
            } else {
                errors.add("image_document_id", "must be the number of an image in the document library")
            }
        }
        // Removing the photo removes its texts with it.
        let kept = documentID == nil ? nil : base
        var alt = kept?.alt ?? "", caption = kept?.caption ?? "", credit = kept?.credit ?? ""
        func text(_ value: String?, _ field: String, max: Int, keep: inout String) {
            FieldText.read(value, field, checked: value != nil, min: 0, max: max, keep: &keep, errors: &errors)
        }
        text(imageAlt, "image_alt", max: Self.maxAlt, keep: &alt)
        text(imageCaption, "image_caption", max: Self.maxCaption, keep: &caption)
        text(imageCredit, "image_credit", max: Self.maxCredit, keep: &credit)
        guard let documentID else {
            if !alt.isEmpty || !caption.isEmpty || !credit.isEmpty {
                errors.add("image_document_id", "is required when the photo has a text: choose the image, or leave its texts empty")
            }
            return nil
        }
        if alt.isEmpty { errors.add("image_alt", "is required with a photo: say what it shows for people who cannot see it") }
        return NewsImage(documentID: documentID, alt: alt, caption: caption, credit: credit)
    }
}

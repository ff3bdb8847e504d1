import ClusterCollabCore
import Foundation

/// A news item of the community (issue 13, item 1): a title, a summary, a Markdown body, tags, and the
/// organisations, partner searches and calls it is about. An organisation's team submits news on its
/// behalf and a moderator publishes it, as profiles are moderated; the platform team publishes directly.
/// The byline names the author as their account is named today ("former member" once it is deleted).
public struct NewsArticle: Sendable, Equatable {
    public var id: Int64
    /// The article's address, `/news/{slug}`: its title folded, unique among articles.
    public var slug: String
    public var title: String
    public var summary: String
    /// Markdown, shown through the platform's safe renderer.
    public var body: String
    /// Lower-case words and hyphens (`escp-s3`), each at most 40 characters.
    public var tags: [String]
    /// The organisation on whose behalf a team submitted it; nil for the platform team's own news.
    public var organisationID: Int64?
    /// What the article is about, linked both ways (an organisation's profile lists its news).
    public var relatedOrganisations: [Int64]
    public var relatedSearches: [Int64]
    public var relatedCalls: [Int64]
    /// The account that submitted it; nil once that account is deleted.
    public var authorID: Int64?
    /// The photo shown above the article, from the document library.
    public var image: NewsImage?
    /// Moderated like a profile: draft, waiting for review, published, changes requested, rejected.
    public var status: ProfileStatus
    /// When it was first published: the date of the byline and the order of the list.
    public var publishedAt: Date?
    public var version: Int

    public init(
        id: Int64 = 0, slug: String = "", title: String, summary: String, body: String, tags: [String] = [],
        organisationID: Int64? = nil, relatedOrganisations: [Int64] = [], relatedSearches: [Int64] = [], relatedCalls: [Int64] = [],
        authorID: Int64? = nil, image: NewsImage? = nil, status: ProfileStatus = .draft, publishedAt: Date? = nil, version: Int = 1
    ) {
        self.id = id; self.slug = slug; self.title = title; self.summary = summary; self.body = body; self.tags = tags
        self.organisationID = organisationID; self.relatedOrganisations = relatedOrganisations
        self.relatedSearches = relatedSearches; self.relatedCalls = relatedCalls
        self.authorID = authorID; self.image = image; self.status = status; self.publishedAt = publishedAt; self.version = version
    }

    /// The slug a title asks for: its folded words, at most 80 characters ("news" for a title of no letters).
    public static func slug(for title: String) -> String {
        TextFolding.words(title).isEmpty ? "news" : TextFolding.slug(title)
    }

    /// The article as published by the platform team or a moderator at `now` (the first publication
    /// keeps its date: an article's date never moves).
    public func published(at now: Date) -> NewsArticle {
        var copy = self
        copy.status = .published
        if copy.publishedAt == nil { copy.publishedAt = now }
        return copy
    }
}

/// An article's photo: an image of the document library (PNG, JPEG, GIF or WebP), with the text that
/// stands for it for people who cannot see it (required), and an optional caption and credit.
public struct NewsImage: Sendable, Equatable {
    public var documentID: Int64
    public var alt: String
    public var caption: String
    public var credit: String

    public init(documentID: Int64, alt: String, caption: String = "", credit: String = "") {
        self.documentID = documentID; self.alt = alt; self.caption = caption; self.credit = credit
    }
}

/// Tags of news and events: what a tag page (`/news/tags/{tag}`) and a feed per tag are named by.
public enum Tag {
    public static let maxLength = 40
    public static let maxPerItem = 10

    /// The tag as stored (trimmed, lower-cased), or the rule it breaks.
    public static func checked(_ raw: String) -> Result<String, TagProblem> {
        let tag = raw.trimmingCharacters(in: .whitespaces).lowercased()
        if tag.isEmpty { return .failure(TagProblem(rule: "must not be empty")) }
        if tag.contains(where: \.isWhitespace) { return .failure(TagProblem(rule: "must be one word: letters, digits and hyphens, no spaces")) }
        if tag.count > maxLength { return .failure(TagProblem(rule: "must be at most \(maxLength) characters")) }
        let allowed = tag.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        if !allowed || tag.hasPrefix("-") || tag.hasSuffix("-") {
            return .failure(TagProblem(rule: "must be letters a-z, digits and inner hyphens only"))
        }
        return .success(tag)
    }

    /// The tags of a news article, an event or a document as stored: blanks skipped, repeats dropped,
    /// each broken rule added to `errors` under `field` with the tag that breaks it.
    public static func checked(_ raw: [String], field: String, into errors: inout ValidationErrors) -> [String] {
        var kept: [String] = []
        for value in raw where !value.trimmingCharacters(in: .whitespaces).isEmpty {
            switch checked(value) {
            case .success(let tag): if !kept.contains(tag) { kept.append(tag) }
            case .failure(let problem): errors.add(field, "\(value.trimmingCharacters(in: .whitespaces)): \(problem.rule)")
            }
        }
        if kept.count > maxPerItem { errors.add(field, "must be at most \(maxPerItem) tags") }
        return kept
    }
}

public struct TagProblem: Error, Equatable, Sendable {
    public var rule: String
}

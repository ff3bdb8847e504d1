import ClusterCollabCore
import ClusterCollabStorage
import Foundation

extension Platform {
    /// The "News" section of an organisation's profile: the five newest published articles about it or
    /// submitted for it, from the published news read at most every five seconds.
    func newsSection(for organisationID: Int64) async throws -> String {
        try await profileNews.section(for: organisationID, language: RequestLanguage.current.code, { try await news.publishedSummaries() }) { all in
            let mine = all.filter { $0.organisations.contains(organisationID) }.prefix(5)
            guard !mine.isEmpty else { return "" }
            return views.render(
                ProfileNewsSection(
                    items: mine.map { Link(href: Routes.newsArticle.path($0.slug), label: $0.title) }, dates: mine.map { Shown.date($0.publishedAt) }))
        }
    }
}

struct ProfileNewsSection: PageModel {
    static let template = "profile-news"
    struct Row {
        var href: String
        var title: String
        var date: String
    }
    var items: [Row]

    init(items: [Link], dates: [String]) {
        self.items = zip(items, dates).map { Row(href: $0.href, title: $0.label, date: $1) }
    }
}

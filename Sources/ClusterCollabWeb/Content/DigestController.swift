import ClusterCollabCalls
import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabStorage
import Foundation
import Hummingbird

/// `/digest/2016-W23`: a week's digest as a page, for everyone (the e-mail adds what fits the reader's
/// organisations). `/digest` goes to this week's. A week to come, or a path no week has, is a 404.
struct DigestController {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.digestNow, use: now)
        router.get(Routes.digest, use: week)
    }

    struct Row {
        var href: String
        var title: String
        var detail: String
    }

    struct DigestPage: PageModel {
        static let template = "digest"
        var title: String
        var period: String
        var news: [Row]
        var events: [Row]
        var closing: [Row]
        var searches: [Row]
        var organisations: [Row]
        var previous: String
        var next: String?
    }

    @Sendable func now(_ request: Request, context: AppRequestContext) async throws -> Response {
        Response(status: .seeOther, headers: [.location: Routes.digest.path(ISOWeek.containing(Date()).description)])
    }

    @Sendable func week(_ request: Request, context: AppRequestContext) async throws -> Response {
        let raw = try context.parameters.require("week")
        let now = Date()
        guard let week = ISOWeek(raw), week.start <= now else { throw APIError.notFound("digest \(raw.prefix(20))") }
        let html = try await platform.digestPages.text("\(RequestLanguage.current.code) \(week)") {
            platform.views.render(try await page(week, now: now))
        }
        return Views.html(html ?? "")
    }

    func page(_ week: ISOWeek, now: Date) async throws -> DigestPage {
        let content = try await platform.digestContent(week, now: now)
        let last = week.end.addingTimeInterval(-1)
        return DigestPage(
            title: t("Weekly digest, {{week}}").filling(["week": week.description]),
            period: t("{{start}} to {{end}}").filling(["start": Shown.date(week.start), "end": Shown.date(last)]),
            news: content.news.map {
                Row(href: Routes.newsArticle.path($0.article.slug), title: $0.article.title, detail: Shown.date($0.article.publishedAt ?? $0.createdAt))
            },
            events: content.events.map {
                Row(href: Routes.event.path($0.event.slug), title: $0.event.title, detail: EventPagesController.when($0.event))
            },
            closing: (content.calls.map {
                (
                    $0.call.closesAt,
                    Row(href: Routes.call.path($0.call.id), title: $0.call.title, detail: Shown.dateTime($0.call.closesAt, zone: $0.call.timeZone))
                )
            }
                + content.funding.map {
                    (
                        $0.opportunity.deadline,
                        Row(
                            href: Routes.fundingOpportunity.path($0.opportunity.id), title: $0.opportunity.title,
                            detail: Shown.dateTime($0.opportunity.deadline, zone: $0.opportunity.timeZone))
                    )
                }).sorted { $0.0 < $1.0 }.map(\.1),
            searches: content.searches.map {
                Row(href: Routes.partnerSearch.path($0.search.id), title: $0.search.title, detail: platform.hit($0.search.ownerID)?.name ?? "")
            },
            organisations: content.organisations.prefix(100).map {
                Row(href: Routes.organisation.path($0.slug), title: $0.name, detail: $0.country)
            },
            previous: Routes.digest.path(week.previous.description),
            next: week.next.start <= now ? Routes.digest.path(week.next.description) : nil)
    }
}

import ClusterCollabCalls
import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabMatching
import ClusterCollabStorage
import ClusterCollabText
import Foundation
import ServiceLifecycle

/// What a week's digest lists for everyone: the news, partner searches and organisations published in
/// the week, and the events, calls and funding opportunities of the weeks ahead (`DigestSchedule.window`).
struct DigestContent: Sendable {
    var week: ISOWeek
    var news: [StoredNews]
    var events: [StoredEvent]
    var calls: [StoredCall]
    var funding: [StoredFundingOpportunity]
    var searches: [StoredPartnerSearch]
    var organisations: [DigestRepository.NewOrganisation]
}

extension Platform {
    /// The digest of `week` as seen at `now`.
    func digestContent(_ week: ISOWeek, now: Date = Date()) async throws -> DigestContent {
        let window = DigestSchedule.window(of: week, now: now)
        let news = try await self.news.list(NewsRepository.Filter(), page: 1, perPage: 200).items.filter {
            $0.article.publishedAt.map(window.new.contains) ?? false
        }
        var upcoming = EventRepository.Filter()
        upcoming.overlapping = window.ahead
        let events = try await self.events.list(upcoming, now: now, page: 1, perPage: 50).items.sorted { $0.event.startsAt < $1.event.startsAt }
        let calls = try await self.calls.calls().filter { window.ahead.contains($0.call.closesAt) }.sorted { $0.call.closesAt < $1.call.closesAt }
        var closing = FundingOpportunityRepository.Filter()
        closing.closingWithinDays = Int(DigestSchedule.lookAhead / 86_400)
        let funding = try await self.funding.list(closing, now: window.ahead.lowerBound, page: 1, perPage: 50).items
        let searches = try await partnerSearches.openSearches(today: today).filter { window.new.contains($0.search.createdAt) }
        let organisations = try await digest.newOrganisations(in: window.new)
        return DigestContent(week: week, news: news, events: events, calls: calls, funding: funding, searches: searches, organisations: organisations)
    }

    /// One person's digest e-mail, or nil when nothing in it concerns anyone (a quiet week): the week's
    /// content, the new partner searches that fit their organisations, and the new organisations in the
    /// countries their organisations are interested in.
    func digestNotice(
        _ content: DigestContent, for person: DigestRepository.Subscriber,
        recommended: [Int64: [(searchID: Int64, recommendation: Recommendation)]]
    ) -> Notice? {
        let base = configuration.publicURL
        func lines(_ items: [(String, String)]) -> String { items.map { "- \($0.0)\n  \(base)\($0.1)" }.joined(separator: "\n") }
        let byID = Dictionary(content.searches.map { ($0.search.id, $0) }, uniquingKeysWith: { first, _ in first })
        var fitting: [Int64: StoredPartnerSearch] = [:]
        for organisationID in person.organisationIDs.prefix(Self.digestOrganisations) {
            for (searchID, r) in recommended[organisationID] ?? [] {
                guard let record = byID[searchID], record.search.competences.isEmpty || !r.covers.isEmpty, r.score >= Self.minimumFitOnProfiles
                else { continue }
                fitting[searchID] = record
            }
        }
        let searches = fitting.values.sorted { $0.search.id < $1.search.id }.prefix(10).map { ($0.search.title, Routes.partnerSearch.path($0.search.id)) }
        let organisations = content.organisations.filter { person.countriesOfInterest.contains($0.country) && !person.organisationIDs.contains($0.id) }
            .prefix(10).map { ("\($0.name) (\($0.country))", Routes.organisation.path($0.slug)) }
        let news = content.news.prefix(10).map { ($0.article.title, Routes.newsArticle.path($0.article.slug)) }
        let events = content.events.prefix(10).map { ($0.event.title, Routes.event.path($0.event.slug)) }
        // A funding opportunity goes only to people whose organisations may apply (or to everyone, when it
        // names no country).
        let funding = content.funding.filter { $0.opportunity.countries.isEmpty || !person.countries.isDisjoint(with: $0.opportunity.countries) }
        let closing =
            (content.calls.map { ($0.call.closesAt, $0.call.title, Routes.call.path($0.call.id)) }
            + funding.map { ($0.opportunity.deadline, $0.opportunity.title, Routes.fundingOpportunity.path($0.opportunity.id)) })
            .sorted { $0.0 < $1.0 }.prefix(10).map { ($0.1, $0.2) }
        guard !(searches.isEmpty && organisations.isEmpty && news.isEmpty && events.isEmpty && closing.isEmpty) else { return nil }
        return Notice(
            "digest", link: Routes.digest.path(content.week.description),
            [
                "week": content.week.description, "searches": lines(Array(searches)), "organisations": lines(Array(organisations)),
                "news": lines(Array(news)), "events": lines(Array(events)), "closing": lines(Array(closing)),
            ])
    }

    /// Sends `week`'s digest to every subscriber who has not had it, in batches; returns how many were
    /// put in the outbox. Safe to run on several instances at once and again after a restart: each
    /// person's e-mail is claimed by its `(person, week)` row in the same transaction.
    /// The organisations of a person whose fitting partner searches a digest looks for.
    static let digestOrganisations = 10

    @discardableResult
    public func sendDigests(_ week: ISOWeek, now: Date = Date(), batch: Int = 500) async throws -> Int {
        let content = try await digestContent(week, now: now)
        let searchProfiles = content.searches.map(profile)
        var after: Int64 = 0
        var sent = 0
        while true {
            let (people, last) = try await digest.subscribers(after: after, limit: batch)
            guard let last else { break }
            after = last
            let done = try await digest.sent(week: week, among: people.map(\.userID))
            let waiting = people.filter { !done.contains($0.userID) }
            // Every search is scored against all the batch's organisations in one pass of the matching index.
            let organisations = Array(Set(waiting.flatMap { $0.organisationIDs.prefix(Self.digestOrganisations) }))
            let recommended = directory.matching.recommendSearches(forEach: organisations, among: searchProfiles, limit: 5)
            var mails: [(userID: Int64, mail: OutboxMail)] = []
            for person in waiting {
                guard let notice = digestNotice(content, for: person, recommended: recommended) else { continue }
                let language = Languages.named(person.language) ?? Languages.english
                mails.append((person.userID, notice.mail(to: person.email, name: person.name, publicURL: configuration.publicURL, in: language)))
            }
            sent += try await digest.send(mails, week: week, now: now)
        }
        return sent
    }
}

/// Sends the weekly digest when it is due (`DigestSchedule`): it looks every minute from a minute after
/// start (when the platform is prepared), and once a week's digest has gone through every subscriber it
/// waits for the next week.
struct DigestService: Service {
    let platform: Platform
    let schedule: DigestSchedule

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            var done: ISOWeek?
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(60))
                if let week = schedule.due(at: Date()), week != done {
                    do {
                        let sent = try await platform.sendDigests(week)
                        done = week
                        if sent > 0 { platform.logger.info("weekly digest sent", metadata: ["week": "\(week)", "emails": "\(sent)"]) }
                    } catch is CancellationError { return } catch {
                        platform.logger.warning("weekly digest failed", metadata: ["error": "\(error)"])
                    }
                }
            }
        }
    }
}

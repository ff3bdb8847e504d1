import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabMatching
import ClusterCollabSearch
import ClusterCollabStorage
import ClusterCollabText
import Foundation
import ServiceLifecycle

/// What is new over a period, as saved searches are matched against it: the organisations first published
/// in it, in a small directory index of their own, and the partner searches opened in it.
///
/// A match in the small index is a match in the directory's: the index decides membership document by
/// document (every exact word of `q` among the profile's terms, the last word as a prefix of one of them,
/// and the facet filters), never from the other documents, which only weigh the ranking.
public struct AlertChanges: Sendable {
    public var organisations: DirectoryIndex
    /// When each organisation of the index was first published.
    public var publishedAt: [Int64: Date]
    public var searches: [StoredPartnerSearch]
    /// Owner organisation id to its country, for the partner searches' `country` filter.
    public var ownerCountries: [Int64: String]
}

/// What one saved search finds among the changes: the organisations (as directory hits) and partner
/// searches that match, the first `limit` of each and how many in all.
struct AlertMatches: Sendable {
    var organisations: [DirectoryHit] = []
    var organisationTotal = 0
    var searches: [StoredPartnerSearch] = []
    var searchTotal = 0
    var total: Int { organisationTotal + searchTotal }
}

extension Platform {
    /// The saved searches' repository.
    var savedSearchRepository: SavedSearchRepository { SavedSearchRepository(database: database, publicURL: configuration.publicURL) }

    /// When alerts go: daily ones at the digest's hour, weekly ones on the digest's weekday and hour.
    var alertSchedule: AlertSchedule {
        let digest = configuration.digestSchedule ?? DigestSchedule()
        return AlertSchedule(weekday: digest.weekday, hour: digest.hour)
    }

    /// A query string of `kind` written canonically (the page's own parser, without paging), or why it is
    /// no such search.
    func canonicalQuery(_ kind: SavedSearch.Kind, _ text: String) -> Result<String, SavedSearchQueryRefusal> {
        let pairs = FormDecoding.pairs(text).filter { $0.0 != "page" && $0.0 != "per_page" }
        switch kind {
        case .directory:
            do {
                let query = try DirectoryQuery.parse(pairs, reference: reference)
                return .success(String(Route.queryString(query.parameters).dropFirst()))
            } catch {
                return .failure(SavedSearchQueryRefusal(Self.describe(error.fields)))
            }
        case .partnerSearches:
            do {
                let filter = try PartnerSearchQuery.parse(pairs, reference: reference).filter
                return .success(String(Route.queryString(Self.parameters(filter)).dropFirst()))
            } catch let error as APIError {
                return .failure(SavedSearchQueryRefusal(Self.describe(error.fields)))
            } catch {
                return .failure(SavedSearchQueryRefusal("is not a partner-search filter"))
            }
        }
    }

    static func describe(_ fields: [String: String]) -> String {
        fields.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
    }

    /// A partner-search filter as the list page's parameters, in a fixed order.
    static func parameters(_ filter: PartnerSearchRepository.Filter) -> [(String, String)] {
        var out: [(String, String)] = []
        if !filter.text.isEmpty { out.append(("q", filter.text)) }
        if filter.status != .open { out.append(("status", filter.status?.rawValue ?? "all")) }
        if let kind = filter.kind { out.append(("kind", kind.rawValue)) }
        if let country = filter.country { out.append(("country", country)) }
        if let competence = filter.competence { out.append(("competence", competence.description)) }
        if let owner = filter.ownerID { out.append(("owner", String(owner))) }
        if let call = filter.callID { out.append(("call", String(call))) }
        return out
    }

    /// Checks a saved search's input with the pages' own parsers (422 naming each field on refusal).
    func checkedSavedSearch(_ input: SavedSearchInput, existing: SavedSearch?) throws(ValidationErrors) -> SavedSearchInput.Checked {
        try input.applied(to: existing) { canonicalQuery($0, $1) }
    }

    // MARK: What is new

    /// The organisations first published in `range` (at most `limit`, the newest) and the partner searches
    /// opened in it that are still open.
    public func alertChanges(in range: Range<Date>, limit: Int = 20_000) async throws -> AlertChanges {
        let published = try await savedSearchRepository.published(since: range.lowerBound, until: range.upperBound, limit: limit)
        let found = try await organisations.find(ids: published.map(\.id))
        let index = DirectoryIndex(reference: reference)
        index.load(Array(found.values))
        let searches = try await partnerSearches.openSearches(today: CalendarDay.of(range.upperBound > Date() ? Date() : range.upperBound))
            .filter { range.contains($0.search.createdAt) }
        let owners = try await organisations.find(ids: searches.map(\.search.ownerID))
        return AlertChanges(
            organisations: index, publishedAt: Dictionary(published.map { ($0.id, $0.at) }, uniquingKeysWith: { a, _ in a }), searches: searches,
            ownerCountries: owners.mapValues(\.country))
    }

    /// What `search` finds among `changes` published from `since` on (the whole of the changes when nil).
    func matches(_ search: SavedSearch, in changes: AlertChanges, since: Date? = nil, limit: Int = 50) -> AlertMatches {
        var out = AlertMatches()
        let pairs = FormDecoding.pairs(search.query)
        switch search.kind {
        case .directory:
            guard var query = try? DirectoryQuery.parse(pairs, reference: reference) else { return out }
            query.page = 1
            query.perPage = DirectoryQuery.maxPerPage
            let result = changes.organisations.search(query)
            if let since {
                // Rare (the account page): ask for every match, then keep the recent ones.
                var hits: [DirectoryHit] = []
                var page = 1
                while true {
                    query.page = page
                    let r = page == 1 ? result : changes.organisations.search(query)
                    hits += r.items.filter { (changes.publishedAt[$0.id] ?? .distantPast) >= since }
                    if page * query.perPage >= r.total || r.items.isEmpty { break }
                    page += 1
                }
                out.organisationTotal = hits.count
                out.organisations = Array(hits.prefix(limit))
            } else {
                out.organisationTotal = result.total
                out.organisations = Array(result.items.prefix(limit))
            }
        case .partnerSearches:
            guard let filter = try? PartnerSearchQuery.parse(pairs, reference: reference).filter else { return out }
            let found = changes.searches.filter { s in
                (since.map { s.search.createdAt >= $0 } ?? true)
                    && Self.partnerSearch(s, matches: filter, ownerCountry: changes.ownerCountries[s.search.ownerID])
            }
            out.searchTotal = found.count
            out.searches = Array(found.prefix(limit))
        }
        return out
    }

    /// Whether an open partner search passes a list filter, as `PartnerSearchRepository.list` decides it
    /// in SQL: every word of `q` in its folded title, description and competences, and each other filter.
    static func partnerSearch(_ stored: StoredPartnerSearch, matches filter: PartnerSearchRepository.Filter, ownerCountry: String?) -> Bool {
        let s = stored.search
        if let status = filter.status, status != .open { return false }
        if let kind = filter.kind, s.kind != kind { return false }
        if let owner = filter.ownerID, s.ownerID != owner { return false }
        if let call = filter.callID, s.callID != call { return false }
        if let country = filter.country, ownerCountry != country { return false }
        if let competence = filter.competence, !s.competences.contains(where: { $0.description == competence.description }) { return false }
        let words = TextFolding.words(filter.text).prefix(8)
        guard !words.isEmpty else { return true }
        let text = TextFolding.fold(
            [s.title, s.description, s.competences.map { $0.label(ReferenceData.shipped) }.joined(separator: " ")].joined(separator: " "))
        return words.allSatisfy { text.contains($0) }
    }

    /// How many organisations or partner searches each of a person's searches found since they last
    /// looked at it, by search id.
    ///
    /// Publication times are kept to the second (`OrganisationRepository` stores whole seconds), so "since"
    /// starts at the second the person looked in: something published in that same second counts as new
    /// rather than being missed.
    func newSinceLooked(_ searches: [SavedSearch], now: Date = Date()) async throws -> [Int64: Int] {
        func second(_ date: Date) -> Date { Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)) }
        guard let oldest = searches.map(\.lastLookedAt).min() else { return [:] }
        let changes = try await alertChanges(in: second(oldest)..<now.addingTimeInterval(1), limit: 5_000)
        return Dictionary(uniqueKeysWithValues: searches.map { ($0.id, matches($0, in: changes, since: second($0.lastLookedAt), limit: 0).total) })
    }

    // MARK: Sending

    /// One alert e-mail: the search's new organisations (name, country, link) and partner searches (title,
    /// link), the first 50 of each and a link to the rest, in the reader's language.
    func alertMail(_ subscription: SavedSearchRepository.Subscription, _ found: AlertMatches, period: AlertPeriod) -> OutboxMail {
        let base = configuration.publicURL
        let language = Languages.named(subscription.language) ?? Languages.english
        let organisations = found.organisations.map { "- \($0.name) (\($0.country))\n  \(base)\(Routes.organisation.path($0.slug))" }
        let searches = found.searches.map { "- \($0.search.title)\n  \(base)\(Routes.partnerSearch.path($0.search.id))" }
        let more = found.total - organisations.count - searches.count
        let notice = Notice(
            "saved-search-alert", link: Routes.accountSavedSearch.path(subscription.search.id),
            [
                "search": subscription.search.name, "period": period.key, "count": String(found.total),
                "organisations": organisations.joined(separator: "\n"), "searches": searches.joined(separator: "\n"),
                "more": more > 0 ? String(more) : "", "unsubscribe": subscription.unsubscribeURL,
            ])
        var mail = notice.mail(to: subscription.email, name: subscription.name, publicURL: base, in: language)
        mail.unsubscribeURL = subscription.unsubscribeURL
        return mail
    }

    /// Sends the alerts due at `now` (daily and weekly); returns how many e-mails went to the outbox.
    @discardableResult
    public func sendSavedSearchAlerts(now: Date = Date()) async throws -> Int {
        var sent = 0
        for frequency in [SavedSearch.Frequency.daily, .weekly] {
            guard let period = alertSchedule.due(frequency, at: now) else { continue }
            sent += try await sendAlerts(period, now: now)
        }
        return sent
    }

    /// Sends `period`'s alerts to every search of its frequency that has not had them, in batches: one
    /// e-mail per search that finds something new. Safe on several instances at once and after a restart:
    /// each e-mail is claimed by its `(search, period)` row in the outbox row's transaction.
    @discardableResult
    public func sendAlerts(_ period: AlertPeriod, now: Date = Date(), batch: Int = 1_000) async throws -> Int {
        let store = savedSearchRepository
        guard try await store.waitingCount(period.frequency, period: period.key) > 0 else { return 0 }
        let changes = try await alertChanges(in: period.range)
        var after: Int64 = 0
        var sent = 0
        while true {
            let (waiting, last) = try await store.waiting(period.frequency, period: period.key, after: after, limit: batch)
            guard let last else { break }
            after = last
            var mails: [(searchID: Int64, mail: OutboxMail)] = []
            var quiet: [Int64] = []
            for subscription in waiting {
                // A search saved during the period hears only of what came after it was saved.
                let created = Date(timeIntervalSince1970: subscription.search.createdAt.timeIntervalSince1970.rounded(.down))
                let found = matches(subscription.search, in: changes, since: created > period.range.lowerBound ? created : nil)
                if found.total == 0 { quiet.append(subscription.search.id); continue }
                mails.append((subscription.search.id, alertMail(subscription, found, period: period)))
            }
            sent += try await store.send(mails, period: period.key, now: now)
            try await store.markQuiet(quiet, period: period.key, now: now)
        }
        return sent
    }
}

/// Sends saved-search alerts when due: it looks a minute after start and then every five minutes; a
/// period already gone through is skipped cheaply (its searches have their rows).
struct SavedSearchAlertService: Service {
    let platform: Platform

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(60))
                do {
                    let sent = try await platform.sendSavedSearchAlerts()
                    if sent > 0 { platform.logger.info("saved-search alerts sent", metadata: ["emails": "\(sent)"]) }
                } catch is CancellationError { return } catch {
                    platform.logger.warning("saved-search alerts failed", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: .seconds(240))
            }
        }
    }
}

import ClusterCollabCore
import ClusterCollabMatching
import ClusterCollabSearch
import ClusterCollabStorage
import Foundation
import Hummingbird
import NIOConcurrencyHelpers

/// The partnering tool's operations shared by the pages and the API: finding a search, who may act for it,
/// and the matching engine and consortium builder run against the search as it stands.
extension Platform {
    /// The ISO day (UTC) that decides deadlines.
    var today: String { CalendarDay.of(Date()) }

    /// The search named in the path, or 400/404.
    func partnerSearch(_ context: AppRequestContext) async throws -> PartnerSearchRepository.Record {
        let raw = try context.parameters.require("id")
        guard let id = Int64(raw), id > 0 else { throw APIError.malformed("malformed path", fields: ["id": "must be a partner search number"]) }
        guard let record = try await partnerSearches.find(id: id) else { throw APIError.notFound("partner search \(id)") }
        return record
    }

    /// Team members of the owner organisation manage a search (edit, decide interest, invite, consortium);
    /// the platform team may too.
    func mayManage(_ user: User?, _ record: PartnerSearchRepository.Record) async throws -> Bool {
        guard let user else { return false }
        if user.role >= .moderator { return true }
        return try await teams.teamRole(organisationID: record.search.ownerID, userID: user.id) != nil
    }

    /// The published organisations whose team `user` is in: on whose behalf they can express interest.
    func publishedTeams(of user: User) async throws -> [Organisation] {
        try await teams.organisations(userID: user.id).map(\.0).filter { $0.status == .published }
    }

    /// Maps the repository's refusals to the API's statuses.
    func refusal(_ refusal: PartnerSearchRepository.Refusal) -> APIError {
        switch refusal.kind {
        case .conflict: APIError(.conflict, refusal.description)
        case .invalid: APIError(.unprocessableContent, refusal.description)
        case .notFound: APIError(.notFound, refusal.description)
        }
    }

    func profile(_ record: PartnerSearchRepository.Record) -> PartnerSearchProfile {
        record.search.profile(memberIDs: record.consortium.memberIDs)
    }

    func recommendations(_ record: PartnerSearchRepository.Record, offset: Int, limit: Int) -> RecommendationPage {
        directory.matching.recommend(profile(record), offset: offset, limit: limit)
    }

    func consortiumPlan(_ record: PartnerSearchRepository.Record, constraints: ConsortiumConstraints,
                        objective: ConsortiumObjective, k: Int) -> ConsortiumPlanner.Plan {
        let candidates = directory.matching.scoreAll(profile(record))
        return ConsortiumPlanner.plan(search: record.search, constraints: constraints, candidates: candidates, objective: objective,
                                      k: k, reference: reference, regionCategoriesLoaded: directory.matching.hasRegionCategories)
    }

    /// Open searches that fit an organisation, best first.
    func recommendedSearches(for organisationID: Int64, limit: Int) async throws -> [(PartnerSearchRepository.Record, Recommendation)] {
        let open = try await openSearches.get { try await partnerSearches.openSearches(today: today) }
        let byID = Dictionary(open.map { ($0.search.id, $0) }, uniquingKeysWith: { first, _ in first })
        let profiles = open.filter { !$0.consortium.memberIDs.contains(organisationID) }.map(profile)
        return directory.matching.recommendSearches(for: organisationID, among: profiles, limit: limit).compactMap { pair in
            byID[pair.searchID].map { ($0, pair.recommendation) }
        }
    }

    /// What a page or the API shows of an organisation: the directory's card when it is published.
    func hit(_ id: Int64) -> DirectoryHit? { directory.index.hit(id: id) }
}

/// The open partner searches, read at most once a second: profile pages show the ones recommended for
/// their organisation, and reading them from the database on every page view would cost more than the
/// rest of the (cached) page. A search posted a moment ago appears within a second.
final class OpenSearchCache: Sendable {
    private let state = NIOLockedValueBox<(at: ContinuousClock.Instant, records: [PartnerSearchRepository.Record])?>(nil)
    let lifetime: Duration

    init(lifetime: Duration = .seconds(1)) { self.lifetime = lifetime }

    func get(_ load: () async throws -> [PartnerSearchRepository.Record]) async throws -> [PartnerSearchRepository.Record] {
        let now = ContinuousClock.now
        if let cached = state.withLockedValue({ $0 }), now - cached.at < lifetime { return cached.records }
        let records = try await load()
        state.withLockedValue { $0 = (now, records) }
        return records
    }

    func clear() { state.withLockedValue { $0 = nil } }
}

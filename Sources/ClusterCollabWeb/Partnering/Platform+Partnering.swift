import ClusterCollabCore
import ClusterCollabText
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
    func partnerSearch(_ context: AppRequestContext) async throws -> StoredPartnerSearch {
        let raw = try context.parameters.require("id")
        guard let id = Int64(raw), id > 0 else { throw APIError.malformed("malformed path", fields: ["id": "must be a partner search number"]) }
        guard let record = try await partnerSearches.find(id: id) else { throw APIError.notFound("partner search \(id)") }
        return record
    }

    /// The interest named by the path's `interest`, refused unless it belongs to `record`.
    func interest(_ context: AppRequestContext, of record: StoredPartnerSearch) async throws -> Interest {
        guard let id = Int64(try context.parameters.require("interest")) else {
            throw APIError.malformed("malformed path", fields: ["interest": "must be a number"])
        }
        guard let interest = try await partnerSearches.interest(id: id), interest.searchID == record.search.id else {
            throw APIError.notFound("interest \(id) in this search")
        }
        return interest
    }

    /// Team members of the owner organisation manage a search (edit, decide interest, invite, consortium);
    /// the platform team may too.
    func mayManage(_ user: User?, _ record: StoredPartnerSearch) async throws -> Bool {
        try await may(.leadTeamOrPlatformTeam, user, organisationID: record.search.ownerID)
    }

    /// The published organisations whose team `user` is in: on whose behalf they can express interest.
    func publishedTeams(of user: User) async throws -> [Organisation] {
        try await teams.organisations(userID: user.id).map(\.0).filter { $0.status == .published }
    }

    func profile(_ record: StoredPartnerSearch) -> PartnerSearchProfile {
        record.search.profile(memberIDs: record.consortium.memberIDs)
    }

    /// Reasons in `language`: the page's, or English for the API.
    func recommendations(_ record: StoredPartnerSearch, offset: Int, limit: Int, language: Language = Languages.english) -> RecommendationPage {
        directory.matching.recommend(profile(record), offset: offset, limit: limit, language: language)
    }

    /// Reasons and unmet rules in `language`: the page's, or English for the API.
    func consortiumPlan(
        _ record: StoredPartnerSearch, constraints: ConsortiumConstraints,
        objective: ConsortiumObjective, k: Int, language: Language = Languages.english
    ) -> ConsortiumPlanner.Plan {
        let candidates = directory.matching.scoreAll(profile(record))
        return ConsortiumPlanner.plan(
            search: record.search, constraints: constraints, candidates: candidates, objective: objective,
            k: k, reference: reference, regionCategoriesLoaded: directory.matching.hasRegionCategories, language: language)
    }

    /// Open searches that fit an organisation, best first.
    func recommendedSearches(for organisationID: Int64, limit: Int) async throws -> [(StoredPartnerSearch, Recommendation)] {
        recommendedSearches(for: organisationID, among: try await openSearches.get { try await partnerSearches.openSearches(today: today) }, limit: limit)
    }

    func recommendedSearches(for organisationID: Int64, among open: [StoredPartnerSearch], limit: Int, language: Language = Languages.english) -> [(
        StoredPartnerSearch, Recommendation
    )] {
        let byID = Dictionary(open.map { ($0.search.id, $0) }, uniquingKeysWith: { first, _ in first })
        let profiles = open.filter { !$0.consortium.memberIDs.contains(organisationID) }.map(profile)
        return directory.matching.recommendSearches(for: organisationID, among: profiles, limit: limit, language: language).compactMap { pair in
            byID[pair.searchID].map { ($0, pair.recommendation) }
        }
    }

    /// The least score a partner search needs to be recommended on a profile page: below it the fit is too
    /// loose to be worth the visitor's attention.
    static let minimumFitOnProfiles = 0.2

    /// The profile page's section of partner searches recommended for the organisation ("" for none), in
    /// the request's language.
    func recommendedSearchesSection(for organisationID: Int64) async throws -> String {
        let language = RequestLanguage.current
        return try await openSearches.section(for: organisationID, language: language.code, { try await partnerSearches.openSearches(today: today) }) {
            open in
            // Only searches the organisation really fits: it covers at least one required competence (when
            // the search names any) and its score reaches the minimum fit.
            let recommended = recommendedSearches(for: organisationID, among: open, limit: 5, language: language).filter { record, r in
                (record.search.competences.isEmpty || !r.covers.isEmpty) && r.score >= Self.minimumFitOnProfiles
            }
            guard !recommended.isEmpty else { return "" }
            let rows = recommended.map { record, r in
                PartnerSearchPages.RecommendedSearchRow(
                    href: Routes.partnerSearch.path(record.search.id), title: record.search.title, owner: hit(record.search.ownerID)?.name ?? "",
                    percent: Int((r.score * 100).rounded()), reasons: r.reasons)
            }
            return views.render(PartnerSearchPages.ProfileSection(items: rows))
        }
    }

    /// What a page or the API shows of an organisation: the directory's card when it is published.
    func hit(_ id: Int64) -> DirectoryHit? { directory.index.hit(id: id) }
}

/// The open partner searches, read at most once a second: profile pages show the ones recommended for
/// their organisation, and reading them from the database on every page view would cost more than the
/// rest of the (cached) page. A search posted a moment ago appears within a second.
typealias OpenSearchCache = LoadedSectionCache<StoredPartnerSearch>

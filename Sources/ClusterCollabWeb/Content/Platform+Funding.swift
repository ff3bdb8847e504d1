import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabStorage
import Foundation

extension Platform {
    /// The opportunities not closed yet, read at most every five seconds: what organisations are fitted
    /// against on their profile pages and their team's page.
    func fundingNotClosed() async throws -> [FundingOpportunity] {
        try await profileFunding.get { try await funding.notClosed(now: Date()) }
    }

    /// The "Funding opportunities" section of an organisation's profile: the five open or upcoming
    /// opportunities that fit it best, each with why, in the request's language. Filled in at the
    /// profile's marker like the "News" section, so the cached profile page stays cached; an organisation
    /// the directory does not list gets none.
    func fundingSection(for organisationID: Int64) async throws -> String {
        let language = RequestLanguage.current
        return try await profileFunding.section(for: organisationID, language: language.code, { try await funding.notClosed(now: Date()) }) { open in
            guard let country = hit(organisationID)?.country else { return "" }
            let fits = FundingFit.rank(open, country: country, now: Date(), limit: 5, reference: reference, language: language) {
                directory.matching.covers(organisationID, $0)
            }
            guard !fits.isEmpty else { return "" }
            return views.render(ProfileFundingSection(items: fits.map(FundingFitRow.init)))
        }
    }

    /// The opportunities that fit an organisation as its team sees it (a draft included), at most `limit`.
    func fundingFits(for organisation: Organisation, limit: Int) async throws -> [FundingFitRow] {
        FundingFit.rank(
            try await fundingNotClosed(), for: organisation, now: Date(), limit: limit, reference: reference, language: RequestLanguage.current
        ).map(FundingFitRow.init)
    }
}

/// One fitting opportunity as a profile or a team's page lists it.
struct FundingFitRow {
    var href: String
    var title: String
    var programme: String
    var deadline: String
    var why: String

    init(_ fit: FundingFit) {
        let o = fit.opportunity
        href = Routes.fundingOpportunity.path(o.id)
        title = o.title
        programme = o.programme
        deadline = Shown.dateTime(o.deadline, zone: o.timeZone)
        why = fit.why
    }
}

struct ProfileFundingSection: PageModel {
    static let template = "profile-funding"
    var items: [FundingFitRow]
    var allHref = Routes.funding.path
}

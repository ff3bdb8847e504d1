import ClusterCollabCore
import ClusterCollabMatching
import ClusterCollabStorage
import Foundation

/// Page models of the partnering pages. Stored properties only: the templates' reflection does not see
/// computed ones.
enum PartnerSearchPages {
    struct Option { var value: String; var label: String; var selected: Bool }

    struct ListItem {
        var id: Int64
        var title: String
        var kindLabel: String
        var statusLabel: String
        var href: String
        var ownerName: String
        var ownerHref: String
        var country: String
        var competences: String
        var deadline: String?
        var members: Int
    }

    struct ListPage: PageModel {
        static let template = "partner-searches"
        var title = t("Partner searches")
        var q: String
        var kinds: [Option]
        var statuses: [Option]
        var country: String
        var competence: String
        var items: [ListItem]
        var total: Int
        var prevHref: String?
        var nextHref: String?
        var signedIn: Bool
        /// "Save this search": the filter as a saved search (issue 14).
        var saveHref = Routes.accountSavedSearchNew.path
        var action = Routes.partnerSearches.path
        var newHref = Routes.partnerSearchNew.path
        var jsonHref = Routes.API.partnerSearches.path
    }

    struct FormPage: PageModel {
        static let template = "partner-search-form"
        var title: String
        var action: String
        var csrf: String
        var isNew: Bool
        var organisations: [Option]
        var ownerName: String?
        var kinds: [Option]
        var statuses: [Option]
        var types: [Option]
        /// The calls the search may be for, picked by name.
        var calls: [Option]
        var values: Values
        var needLessDeveloped: Bool
        var referenceHref = Routes.API.reference.path("sectors")
        var errors: [FieldRule]
    }

    /// The text fields of the form, as typed (so a refused form comes back as it was sent).
    struct Values {
        var title: String, description: String, competences: String, targetCountries: String
        var minCountries: String, minMembers: String, maxMembers: String, deadline: String, callID: String, version: String
        init(_ v: [String: String]) {
            title = v["title"] ?? ""; description = v["description"] ?? ""; competences = v["competences"] ?? ""
            targetCountries = v["target_countries"] ?? ""; minCountries = v["min_countries"] ?? ""; minMembers = v["min_members"] ?? ""
            maxMembers = v["max_members"] ?? ""; deadline = v["deadline"] ?? ""; callID = v["call_id"] ?? ""; version = v["version"] ?? ""
        }
    }

    struct Member { var name: String; var href: String; var country: String; var role: String }
    struct InterestRow {
        var id: Int64
        var organisation: String
        var href: String
        var acceptAction: String
        var declineAction: String
        var withdrawAction: String
        var status: String
        var message: String?
        var person: String?
        var pending: Bool
        var canDecide: Bool
        var canWithdraw: Bool
    }
    struct CommentRow { var id: Int64; var author: String; var body: String; var date: String; var replies: [CommentRow] }
    struct RecommendationRow {
        var rank: Int
        var id: Int64
        var name: String
        var href: String
        var country: String
        var percent: Int
        var reasons: [String]
        var covers: String
        var invited: Bool
        var canInvite: Bool
    }
    struct ProposalMemberRow { var name: String; var href: String; var country: String; var covers: String; var role: String }
    /// A proposed consortium: the first is the best match; each other says how far it is from it and what
    /// distinguishes it. The exact total (the API's six decimals) is in the details.
    struct ProposalRow {
        var rank: Int; var total: String; var size: Int; var countries: String; var members: [ProposalMemberRow]; var missing: String?; var unmet: String?
        var best: Bool
        var gap: String?
        var differs: String?
    }

    struct SearchPage: PageModel {
        static let template = "partner-search"
        var title: String
        var csrf: String
        var id: Int64
        /// The search's id again, for forms inside lists whose rows have an `id` of their own.
        var searchID: Int64
        var kindLabel: String
        var statusLabel: String
        var isOpen: Bool
        var ownerName: String
        var ownerHref: String
        var links: SearchLinks
        var description: String
        var deadline: String?
        var competences: [Named]
        var soughtTypes: String
        var targetCountries: String
        var minCountries: Int
        var minMembers: Int
        var maxMembers: Int
        var needLessDeveloped: Bool
        var consortiumStatus: String
        var consortiumStatuses: [Option]
        var members: [Member]
        var agreementTitle: String?
        var agreementDate: String?
        var agreementNote: String?
        var canManage: Bool
        var signedIn: Bool
        var following: Bool
        var followers: Int
        var myOrganisations: [Option]
        var canExpress: Bool
        var interests: [InterestRow]
        var comments: [CommentRow]
        var recommendations: [RecommendationRow]
        var recommendationsTotal: Int
        var objectives: [Option]
        var k: Int
        var feasible: Bool
        var optimal: Bool
        var planReasons: [String]
        var proposals: [ProposalRow]
        var builderMillis: String
    }

    /// The search page's own links and form actions.
    struct SearchLinks {
        var list = Routes.partnerSearches.path
        var edit: String, follow: String, consortium: String, interests: String, comments: String, invitations: String
        var recommendationsJSON: String, builder: String, login: String

        init(_ id: Int64) {
            edit = Routes.partnerSearchEdit.path(id)
            follow = Routes.partnerSearchFollow.path(id)
            consortium = Routes.partnerSearchConsortium.path(id)
            interests = Routes.partnerSearchInterests.path(id)
            comments = Routes.partnerSearchComments.path(id)
            invitations = Routes.partnerSearchInvitations.path(id)
            recommendationsJSON = Routes.API.partnerSearchRecommendations.path(id)
            builder = Routes.partnerSearch.path(id, fragment: "builder")
            login = Routes.login.path(query: [("next", Routes.partnerSearch.path(id))])
        }
    }

    struct RecommendedSearchRow { var href: String; var title: String; var owner: String; var percent: Int; var reasons: [String] }
    struct ProfileSection: PageModel {
        static let template = "profile-partner-searches"
        var items: [RecommendedSearchRow]
    }
}

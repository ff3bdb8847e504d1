import ClusterCollabCore
import Foundation

/// A partner search (a "posting"): an organisation's team looks for partners for a consortium
/// (PRODUCT.md capability 5). Competences are typed ids (`sector:12`, `keyword:drone`); the consortium
/// it builds has the owner as lead and the partners the team accepted.
public struct PartnerSearch: Sendable, Equatable {
    public enum Kind: String, CaseIterable, Codable, Sendable {
        case projectConsortium = "project-consortium"
        case businessCooperation = "business-cooperation"
        case technologyCooperation = "technology-cooperation"
        case researchCooperation = "research-cooperation"
        case internationalisation

        public var label: String {
            switch self {
            case .projectConsortium: "Project consortium for a call"
            case .businessCooperation: "Business cooperation"
            case .technologyCooperation: "Technology cooperation"
            case .researchCooperation: "Research cooperation"
            case .internationalisation: "Internationalisation"
            }
        }
        public static let codes = allCases.map(\.rawValue).joined(separator: ", ")
    }

    /// The stored status. Whether a search still takes interest also depends on its deadline
    /// (`isOpen(today:)`), which is never stored twice.
    public enum Status: String, CaseIterable, Codable, Sendable {
        case open
        case closed
        case consortiumFormed = "consortium-formed"

        public var label: String {
            switch self {
            case .open: "Open"
            case .closed: "Closed"
            case .consortiumFormed: "Consortium formed"
            }
        }
        public static let codes = allCases.map(\.rawValue).joined(separator: ", ")
    }

    public var id: Int64
    /// The organisation whose team posted it; the consortium's lead.
    public var ownerID: Int64
    public var title: String
    public var kind: Kind
    public var description: String
    /// The call for interest the consortium aims at, if any.
    public var callID: Int64?
    public var competences: [Competence]
    /// Empty means any type.
    public var soughtTypes: [OrganisationType]
    /// ISO alpha-2 codes; empty means any country.
    public var targetCountries: [String]
    public var minCountries: Int
    /// The wanted consortium size, the owner included.
    public var minMembers: Int
    public var maxMembers: Int
    public var needLessDeveloped: Bool
    /// The last day (ISO date, `2026-12-31`) on which interest is taken; nil for no deadline.
    public var deadline: String?
    public var status: Status
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64 = 0, ownerID: Int64, title: String, kind: Kind, description: String, callID: Int64? = nil,
        competences: [Competence], soughtTypes: [OrganisationType] = [], targetCountries: [String] = [],
        minCountries: Int = 1, minMembers: Int = 2, maxMembers: Int = 8, needLessDeveloped: Bool = false,
        deadline: String? = nil, status: Status = .open, createdAt: Date = Date(timeIntervalSince1970: 0),
        updatedAt: Date = Date(timeIntervalSince1970: 0)
    ) {
        self.id = id; self.ownerID = ownerID; self.title = title; self.kind = kind; self.description = description
        self.callID = callID; self.competences = competences; self.soughtTypes = soughtTypes
        self.targetCountries = targetCountries; self.minCountries = minCountries; self.minMembers = minMembers
        self.maxMembers = maxMembers; self.needLessDeveloped = needLessDeveloped; self.deadline = deadline
        self.status = status; self.createdAt = createdAt; self.updatedAt = updatedAt
    }

    /// Whether the search takes expressions of interest on `today` (an ISO date): open, and the deadline
    /// not passed (the deadline day itself still counts).
    public func isOpen(today: String) -> Bool {
        status == .open && (deadline.map { $0 >= today } ?? true)
    }

    /// The status a visitor sees: an open search past its deadline reads as closed.
    public func effectiveStatus(today: String) -> Status {
        status == .open && !isOpen(today: today) ? .closed : status
    }

    /// What the matching engine needs of this search, with the consortium as it stands.
    public func profile(memberIDs: [Int64]) -> PartnerSearchProfile {
        PartnerSearchProfile(
            id: id, ownerID: ownerID, memberIDs: memberIDs.filter { $0 != ownerID }, required: competences,
            text: [title, description].joined(separator: "\n"),
            soughtTypes: soughtTypes, targetCountries: targetCountries, minCountries: minCountries,
            needLessDeveloped: needLessDeveloped)
    }
}

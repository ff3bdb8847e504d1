import ClusterCollabCore
import Foundation

/// The consortium a partner search builds: the owner as lead, the partners its team accepted, where it
/// stands, and the cooperation agreement once one is signed.
public struct Consortium: Sendable, Equatable {
    public enum Status: String, CaseIterable, Codable, Sendable {
        case forming, formed, submitted
        public var label: String { rawValue.capitalized }
        public static let codes = allCases.map(\.rawValue).joined(separator: ", ")
    }

    public enum Role: String, CaseIterable, Codable, Sendable {
        case lead, partner
        public var label: String { rawValue.capitalized }
    }

    public struct Member: Sendable, Equatable {
        public var organisationID: Int64
        public var role: Role
        public var joinedAt: Date
        public init(organisationID: Int64, role: Role, joinedAt: Date) {
            self.organisationID = organisationID; self.role = role; self.joinedAt = joinedAt
        }
    }

    public var status: Status
    public var members: [Member]
    public var agreement: CooperationAgreement?

    public init(status: Status = .forming, members: [Member] = [], agreement: CooperationAgreement? = nil) {
        self.status = status; self.members = members; self.agreement = agreement
    }

    /// Accepted partners, without the lead.
    public var partnerIDs: [Int64] { members.filter { $0.role == .partner }.map(\.organisationID) }
    public var memberIDs: [Int64] { members.map(\.organisationID) }
}

/// An organisation's expression of interest in a partner search.
public struct Interest: Sendable, Equatable {
    public enum Status: String, CaseIterable, Codable, Sendable {
        case pending, accepted, declined, withdrawn
        public var label: String { rawValue.capitalized }
    }
    public var id: Int64
    public var searchID: Int64
    public var organisationID: Int64
    public var userID: Int64?
    public var message: String
    public var status: Status
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, searchID: Int64, organisationID: Int64, userID: Int64?, message: String, status: Status,
        createdAt: Date, updatedAt: Date
    ) {
        self.id = id; self.searchID = searchID; self.organisationID = organisationID; self.userID = userID
        self.message = message; self.status = status; self.createdAt = createdAt; self.updatedAt = updatedAt
    }
}

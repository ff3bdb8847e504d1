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

    /// A cooperation agreement as recorded by the team (the document itself stays with the partners).
    public struct Agreement: Sendable, Equatable {
        public var date: String
        public var title: String
        public var note: String
        public init(date: String, title: String, note: String) { self.date = date; self.title = title; self.note = note }

        /// The agreement from form or JSON values, or the broken rules.
        public static func validated(date: String, title: String, note: String) throws(ValidationErrors) -> Agreement {
            var errors = ValidationErrors()
            let day = date.trimmingCharacters(in: .whitespaces)
            let name = title.trimmingCharacters(in: .whitespacesAndNewlines)
            let text = note.trimmingCharacters(in: .whitespacesAndNewlines)
            if !CalendarDay.isValid(day) { errors.add("agreement_date", "must be a date written YYYY-MM-DD") }
            if name.count < 3 || name.count > 200 { errors.add("agreement_title", "must be 3 to 200 characters") }
            if text.count > 2_000 { errors.add("agreement_note", "must be at most 2000 characters") }
            try errors.throwIfAny()
            return Agreement(date: day, title: name, note: text)
        }
    }

    public var status: Status
    public var members: [Member]
    public var agreement: Agreement?

    public init(status: Status = .forming, members: [Member] = [], agreement: Agreement? = nil) {
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

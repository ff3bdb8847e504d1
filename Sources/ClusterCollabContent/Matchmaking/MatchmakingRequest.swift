import ClusterCollabCore
import Foundation

/// A request for a one-to-one meeting at a matchmaking event; once accepted it is a meeting, which the
/// scheduler places in a slot at a table.
public struct MatchmakingRequest: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable, Codable {
        case pending
        case accepted
        case declined
        /// The requester took it back before an answer, or cancelled the meeting.
        case withdrawn
    }

    public var id: Int64
    public var eventID: Int64
    public var fromID: Int64
    public var toID: Int64
    public var message: String
    public var status: Status
    /// How well the two fit (0-100) when it was made: the scheduler's priority after the count.
    public var match: Int
    public var createdAt: Date
    public var decidedAt: Date?
    /// The slot and table the schedule gives it (accepted only).
    public var slot: Int?
    public var table: Int?
    /// A slot the organiser fixed; the scheduler keeps it there.
    public var fixedSlot: Int?

    public init(
        id: Int64 = 0, eventID: Int64, fromID: Int64, toID: Int64, message: String, status: Status = .pending, match: Int = 0,
        createdAt: Date, decidedAt: Date? = nil, slot: Int? = nil, table: Int? = nil, fixedSlot: Int? = nil
    ) {
        self.id = id; self.eventID = eventID; self.fromID = fromID; self.toID = toID; self.message = message; self.status = status
        self.match = match; self.createdAt = createdAt; self.decidedAt = decidedAt; self.slot = slot; self.table = table; self.fixedSlot = fixedSlot
    }

    public static let maxMessage = 1_000

    public func involves(_ participantID: Int64) -> Bool { fromID == participantID || toID == participantID }
    public func other(than participantID: Int64) -> Int64 { fromID == participantID ? toID : fromID }
    /// An accepted request: a meeting.
    public var isMeeting: Bool { status == .accepted }
}

/// What came of a meeting, as each participant reports it after the event.
public enum MeetingOutcome: String, Sendable, CaseIterable, Codable {
    case nothingYet = "nothing-yet"
    case letterOfInterest = "letter-of-interest"
    case memorandum = "memorandum-of-understanding"
    case partnershipAgreement = "partnership-agreement"
    case jointProposal = "joint-project-proposal"

    /// Every outcome but "nothing yet" is a cooperation agreement initiated.
    public var isAgreement: Bool { self != .nothingYet }
    public static let rule = "must be one of \(allCases.map(\.rawValue).joined(separator: ", "))"
}

/// One participant's follow-up of one meeting.
public struct MeetingFollowUp: Sendable, Equatable {
    public var meetingID: Int64
    public var participantID: Int64
    public var tookPlace: Bool
    public var outcome: MeetingOutcome
    public var note: String
    public var updatedAt: Date
    public init(meetingID: Int64, participantID: Int64, tookPlace: Bool, outcome: MeetingOutcome, note: String = "", updatedAt: Date) {
        self.meetingID = meetingID; self.participantID = participantID; self.tookPlace = tookPlace; self.outcome = outcome
        self.note = note; self.updatedAt = updatedAt
    }
}

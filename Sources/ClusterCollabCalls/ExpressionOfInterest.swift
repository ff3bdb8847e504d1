import ClusterCollabCore
import Foundation

/// A call as stored, with its rules' version (raised when the rules change, for the re-check).
public struct StoredCall: Sendable, Equatable {
    public var call: Call
    public var rulesVersion: Int
    public init(call: Call, rulesVersion: Int) {
        self.call = call; self.rulesVersion = rulesVersion
    }
}

/// A consortium's expression of interest in a call: the answers to the call's questions, submitted by the
/// lead organisation's team on behalf of the partner search's consortium, then checked and evaluated.
/// (Its URLs and tables still say "application", the name it had first.)
public struct ExpressionOfInterest: Sendable, Equatable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        case draft, submitted, withdrawn
        public var label: String { rawValue.capitalized }
    }

    /// The platform team's eligibility decision.
    public enum Decision: String, Codable, Sendable, CaseIterable { case eligible, ineligible }

    /// One saved state of the answers, kept for the history.
    public struct Version: Sendable, Equatable {
        public var version: Int
        public var status: Status
        public var answers: [String: String]
        public var savedAt: Date
        public init(version: Int, status: Status, answers: [String: String], savedAt: Date) {
            self.version = version; self.status = status; self.answers = answers; self.savedAt = savedAt
        }
    }

    /// What a submission answers: the stored expression of interest, with its receipt, and the call.
    public struct Receipted: Sendable, Equatable {
        public var application: ExpressionOfInterest
        public var call: Call
        public init(application: ExpressionOfInterest, call: Call) {
            self.application = application; self.call = call
        }
    }

    public var id: Int64
    public var callID: Int64
    public var searchID: Int64
    public var leadID: Int64
    public var status: Status
    public var answers: [String: String]
    /// The consortium's organisations when last submitted (empty for a draft never submitted).
    public var memberIDs: [Int64]
    public var version: Int
    public var reference: String?
    public var digest: String?
    public var submittedAt: Date?
    public var rulesVersion: Int?
    /// The eligibility found when submitted (or at the last re-check).
    public var eligibility: [RuleResult]
    public var decision: Decision?
    public var decisionReason: String?
    public var scores: [String: Int]
    public var selected: Bool
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, callID: Int64, searchID: Int64, leadID: Int64, status: Status, answers: [String: String], memberIDs: [Int64],
        version: Int, reference: String?, digest: String?, submittedAt: Date?, rulesVersion: Int?, eligibility: [RuleResult],
        decision: Decision?, decisionReason: String?, scores: [String: Int], selected: Bool, createdAt: Date, updatedAt: Date
    ) {
        self.id = id; self.callID = callID; self.searchID = searchID; self.leadID = leadID; self.status = status
        self.answers = answers; self.memberIDs = memberIDs; self.version = version; self.reference = reference
        self.digest = digest; self.submittedAt = submittedAt; self.rulesVersion = rulesVersion
        self.eligibility = eligibility; self.decision = decision; self.decisionReason = decisionReason
        self.scores = scores; self.selected = selected; self.createdAt = createdAt; self.updatedAt = updatedAt
    }
}

import ClusterCollabCore
import Foundation

/// What may happen to an expression of interest in a partner search, decided without a database.
extension Interest {
    /// The owner team's decision on this interest, for a consortium of `members` organisations of at most
    /// `maxMembers`. Accepting adds the organisation to the consortium; a decision is taken once.
    public func deciding(accept: Bool, members: Int, maxMembers: Int, now: Date) throws(Refusal) -> Interest {
        switch status {
        case .pending: break
        case .withdrawn: throw Refusal(.conflict, "the organisation withdrew its interest; it cannot be \(accept ? "accepted" : "declined")")
        case .accepted, .declined: throw Refusal(.conflict, "this interest was already \(status.rawValue)")
        }
        if accept && members >= maxMembers {
            throw Refusal(.conflict, "the consortium already has \(members) members, the search's maximum; raise max_members first")
        }
        var decided = self
        decided.status = accept ? .accepted : .declined
        decided.updatedAt = now
        return decided
    }

    /// Withdrawn by the interested organisation's team: a pending interest, or an accepted one (which also
    /// leaves the consortium).
    public func withdrawing(now: Date) throws(Refusal) -> Interest {
        guard status == .pending || status == .accepted else { throw Refusal(.conflict, "this interest is already \(status.rawValue)") }
        var withdrawn = self
        withdrawn.status = .withdrawn
        withdrawn.updatedAt = now
        return withdrawn
    }
}

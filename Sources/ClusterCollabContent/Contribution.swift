import ClusterCollabCore
import Foundation

/// What an organisation's team contributes to the community's pages (issue 13, item 3): news and events.
public enum ContributionKind: String, Sendable, CaseIterable, Codable {
    case news
    case event

    /// The words of the kind in a sentence ("the news article", "the event").
    public var label: String {
        switch self {
        case .news: "News article"
        case .event: "Event"
        }
    }
}

/// Who may write news and events, and how moderation moves them along. A team writes for its
/// organisation and its writing waits for a moderator, as a profile does; the platform team (moderators
/// and administrators) publishes directly, for any organisation or for the platform itself. Pure rules,
/// used by the pages and the API alike.
public enum Contribution {
    /// Refuses (403, with the rule) someone who may not write for `organisationID` (nil: the platform's
    /// own news and events).
    public static func checkMayWrite(for organisationID: Int64?, platformRole: PlatformRole, teamRole: TeamRole?) throws(Refusal) {
        if platformRole >= .moderator { return }
        guard organisationID != nil else {
            throw Refusal(.forbidden, "only the platform team writes the platform's own news and events; choose your organisation")
        }
        guard teamRole != nil else {
            throw Refusal(.forbidden, "only the organisation's team (or the platform team) writes news and events for it")
        }
    }

    /// What a save does to the item's status. The platform team's save publishes; a team's save sends the
    /// item to the moderators, also when it edits a published one (what readers would see has changed,
    /// so it is offline until a moderator publishes it again).
    public static func statusAfterSave(byPlatformTeam: Bool) -> ProfileStatus {
        byPlatformTeam ? .published : .needsReview
    }

    /// A moderator's `decision` on an item in `status`, with `message` (required to request changes):
    /// the item's new status, or why it cannot be decided.
    public static func deciding(_ status: ProfileStatus, _ decision: ProfileWorkflow.Decision, message: String) throws(Refusal) -> ProfileStatus {
        guard status == .needsReview else {
            throw Refusal(.conflict, "it is not waiting for review (it is \(status.label.lowercased()))")
        }
        if decision == .requestChanges && message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw Refusal(.invalid, "validation", fields: ["message": "tell the team what to change"])
        }
        if message.count > maxMessage { throw Refusal(.invalid, "validation", fields: ["message": "must be at most \(maxMessage) characters"]) }
        return decision.resultingStatus
    }

    public static let maxMessage = 2_000

    /// What the team is told of a decision: its e-mail (kind `moderation-content`, an optional
    /// "moderation" e-mail) and its notification.
    public static func decisionNotice(
        _ decision: ProfileWorkflow.Decision, kind: ContributionKind, title: String, message: String, link: String
    ) -> Notice {
        Notice(
            "moderation-content", link: link,
            [
                "title": title, "message": message, "event": kind == .event ? "yes" : "",
                "published": decision == .publish ? "yes" : "", "changes": decision == .requestChanges ? "yes" : "",
                "rejected": decision == .reject ? "yes" : "",
            ])
    }

    /// What the moderators are told when a team sends an item for review (the bell).
    public static func waitingNotice(kind: ContributionKind, title: String, link: String) -> Notice {
        Notice("content-waiting", link: link, ["title": title, "event": kind == .event ? "yes" : ""])
    }
}

/// The actions an item's history records (`content_history.action`), in English as stored; pages show them
/// through the catalogue's `history` context, a moderator's message after a decision as it was written.
public enum ContributionHistory {
    public static let submitted = "submitted for review"
    public static let published = "published by the platform team"
    public static let edited = "edited (pending review)"

    /// A moderator's decision, then ": " and the message when there is one.
    public static func decision(_ decision: ProfileWorkflow.Decision, message: String) -> String {
        decision.label.lowercased() + (message.isEmpty ? "" : ": \(message)")
    }

    /// Every action as the catalogue knows it (without a moderator's message).
    public static let actions: [String] = [submitted, published, edited] + ProfileWorkflow.Decision.allCases.map { $0.label.lowercased() }

    /// A stored action cut into the action the catalogue knows and the moderator's message, if any.
    public static func split(_ stored: String) -> (action: String, message: String?) {
        for action in actions where stored.hasPrefix(action + ": ") {
            return (action, String(stored.dropFirst(action.count + 2)))
        }
        return (stored, nil)
    }
}

/// The actions a profile's history records (`organisation_history.action`), in English as they are stored.
/// Pages show them in their language through the catalogue's `history` context; a moderator's message
/// after a decision stays as it was written.
public enum ProfileHistory {
    public static let created = "created"
    public static let edited = "edited"
    public static let editedPendingReview = "edited (pending review)"
    public static let logoChanged = "logo changed"
    public static let logoChangedPendingReview = "logo changed (pending review)"
    public static let submitted = "submitted for review"
    public static let deleted = "deleted"

    /// A moderator's decision on the profile or its pending edits: "publish (edits)", then ": " and the
    /// message when there is one.
    public static func moderation(_ decision: ProfileWorkflow.Decision, edits: Bool, message: String) -> String {
        decisionAction(decision, edits: edits) + (message.isEmpty ? "" : ": \(message)")
    }

    static func decisionAction(_ decision: ProfileWorkflow.Decision, edits: Bool) -> String {
        "\(decision.label.lowercased()) (\(edits ? "edits" : "profile"))"
    }

    /// Every action as the catalogue knows it (without a moderator's message).
    public static let actions: [String] =
        [created, edited, editedPendingReview, logoChanged, logoChangedPendingReview, submitted, deleted]
        + ProfileWorkflow.Decision.allCases.flatMap { [decisionAction($0, edits: false), decisionAction($0, edits: true)] }

    /// A stored action cut into the action the catalogue knows and the moderator's message, if any.
    public static func split(_ stored: String) -> (action: String, message: String?) {
        for action in actions where stored.hasPrefix(action + ": ") {
            return (action, String(stored.dropFirst(action.count + 2)))
        }
        return (stored, nil)
    }
}

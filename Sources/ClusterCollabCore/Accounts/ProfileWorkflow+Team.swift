import Foundation

extension ProfileWorkflow {
    /// A team's edit of a profile, as it is to be written.
    public enum Edit: Sendable, Equatable {
        /// The profile is published: it stays as it is, and the edit waits as its pending revision (status
        /// published inside, draft as a revision, so the team submits it).
        case pending(Organisation)
        /// The profile is not published: it changes in place.
        case inPlace(Organisation)
    }

    /// The team's `edit` of the `stored` profile. Slug and creation date are the stored ones whatever the
    /// form sent. A rejected profile, or one waiting for review, goes back to draft when edited: what the
    /// moderators would review has changed.
    public static func editing(_ stored: Organisation, to edit: Organisation, now: Date) -> Edit {
        var edit = edit
        edit.slug = stored.slug
        edit.createdAt = stored.createdAt
        if stored.status == .published {
            edit.status = .published
            edit.updatedAt = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
            return .pending(edit)
        }
        edit.status = stored.status == .rejected || stored.status == .needsReview ? .draft : stored.status
        return .inPlace(edit)
    }

    /// What a team's "submit for review" sends to the moderators.
    public enum Submission: Sendable, Equatable {
        /// The pending edits of a published profile.
        case edits
        /// The profile itself, now waiting for review.
        case profile(Organisation)
    }

    /// Sending the `stored` profile, or its `pending` edits when there are any, to the moderators. Refused
    /// when they already wait for review, and for a published profile without edits.
    public static func submitting(_ stored: Organisation, pending: PendingRevision?) throws(Refusal) -> Submission {
        if let pending {
            guard pending.status != .needsReview else { throw Refusal(.conflict, "these edits are already waiting for review") }
            return .edits
        }
        guard stored.status != .published else { throw Refusal(.conflict, "the profile is published and has no edits to review") }
        guard stored.status != .needsReview else { throw Refusal(.conflict, "the profile is already waiting for review") }
        var waiting = stored
        waiting.status = .needsReview
        return .profile(waiting)
    }
}

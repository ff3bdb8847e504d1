import ClusterCollabText
import Foundation

/// Who may do what to an organisation profile, and how moderation moves it along. Pure rules, used by
/// every HTML form and API endpoint alike, so an authorization decision is made in one place.
public enum ProfileWorkflow {
    /// What a person is to one organisation.
    public struct Standing: Sendable, Equatable {
        public var platformRole: PlatformRole
        public var teamRole: TeamRole?

        public init(platformRole: PlatformRole, teamRole: TeamRole?) {
            self.platformRole = platformRole
            self.teamRole = teamRole
        }

        /// Team members edit their own organisation; the platform team edits any.
        public var canEdit: Bool { teamRole != nil || platformRole >= .moderator }
        /// Profile administrators add and remove colleagues; platform administrators may too.
        public var canManageTeam: Bool { teamRole == .administrator || platformRole == .platformAdmin }
        /// Only the platform team publishes, requests changes or rejects.
        public var canModerate: Bool { platformRole >= .moderator }
    }

    /// A moderator's decision on a profile (or on pending edits of a published one).
    public enum Decision: String, CaseIterable, Sendable {
        case publish
        case requestChanges = "request-changes"
        case reject

        /// The status a new profile gets from the decision.
        public var resultingStatus: ProfileStatus {
            switch self {
            case .publish: .published
            case .requestChanges: .changesRequested
            case .reject: .rejected
            }
        }

        public var label: String {
            switch self {
            case .publish: "Publish"
            case .requestChanges: "Request changes"
            case .reject: "Reject"
            }
        }

        /// What happened, in words: the team's e-mail subject and notification, the moderator's confirmation.
        /// `edits` says whether the decision was on pending edits of a published profile.
        public func headline(_ name: String, edits: Bool, in language: Language = Languages.english) -> String {
            let sentence =
                switch (self, edits) {
                case (.publish, false): Sentence("{{organisation}} is published")
                case (.publish, true): Sentence("The edits of {{organisation}} are published")
                case (.requestChanges, false): Sentence("Changes requested for {{organisation}}")
                case (.requestChanges, true): Sentence("Changes requested for the edits of {{organisation}}")
                case (.reject, false): Sentence("{{organisation}} is rejected")
                case (.reject, true): Sentence("The edits of {{organisation}} are rejected")
                }
            return sentence(in: language, ["organisation": name])
        }

        /// Where the team goes from the decision: the public profile when it is (still) published, the edit
        /// page when changes are requested, the team's list of organisations after a rejected new profile.
        public func link(organisationID: Int64, slug: String, edits: Bool) -> String {
            switch self {
            case .publish: Routes.organisation.path(slug)
            case .requestChanges: Routes.myOrganisation.path(organisationID)
            case .reject: edits ? Routes.organisation.path(slug) : Routes.myOrganisations.path
            }
        }
    }

    /// Statuses a team may still edit and submit from.
    public static let editableByTeam: Set<ProfileStatus> = [.draft, .changesRequested, .rejected, .published]

    /// The fields that differ between two versions, with their CSV text before and after, for the
    /// profile's history.
    public static func changes(from old: Organisation?, to new: Organisation) -> [String: [String]] {
        let before = old?.csvRecord ?? [:]
        let after = new.csvRecord
        var changed: [String: [String]] = [:]
        for column in Organisation.csvColumns where (before[column] ?? "") != (after[column] ?? "") {
            changed[column] = [before[column] ?? "", after[column] ?? ""]
        }
        return changed
    }

    /// Profiles in the same country whose names are alike: a moderator's warning of a probable duplicate.
    /// Names are compared as sets of folded words (ignoring words every cluster name has), so "Pôle
    /// Drones Île-de-France" and "Drones Ile de France Cluster" match.
    public static func probableDuplicates(of organisation: Organisation, among others: [Organisation]) -> [Organisation] {
        let common: Set<String> = [
            "cluster", "clusters", "pole", "association", "network", "alliance", "the", "of", "and", "for", "de", "du", "la", "le", "des",
        ]
        func words(_ o: Organisation) -> Set<String> {
            Set(TextFolding.words(o.name + " " + (o.acronym ?? "")).filter { !common.contains($0) && $0.count > 1 })
        }
        let mine = words(organisation)
        guard !mine.isEmpty else { return [] }
        return others.filter { other in
            guard other.id != organisation.id, other.country == organisation.country else { return false }
            let theirs = words(other)
            guard !theirs.isEmpty else { return false }
            let shared = Double(mine.intersection(theirs).count)
            return shared / Double(min(mine.count, theirs.count)) >= 0.75
                || (organisation.acronym != nil && organisation.acronym?.lowercased() == other.acronym?.lowercased())
        }
    }
}

extension ProfileWorkflow {
    /// A moderator's decision as taken: what is written, the profile's history entry, and what the team
    /// is told.
    public struct Moderation: Sendable, Equatable {
        /// What becomes of the profile, or of its pending edits.
        public enum Outcome: Sendable, Equatable {
            /// The pending edits become the published profile (the logo waiting with them too).
            case publishEdits(Organisation)
            /// The pending edits go back to the team with the moderator's message.
            case sendBackEdits
            /// The pending edits and their logo are discarded; the published version stays.
            case discardEdits
            /// The profile itself (not yet published) takes the decision's status.
            case setStatus(Organisation)
        }

        public var outcome: Outcome
        /// Whether the decision was on pending edits of a published profile.
        public var edits: Bool
        public var historyAction: String
        public var historyChanges: [String: [String]]
        public var notice: Notice
    }

    /// A moderator's `decision` with `message` on the `stored` profile and its `pending` edits, if any.
    /// Edits waiting for review are what is decided; otherwise the profile itself must be waiting for it.
    public static func moderating(_ stored: Organisation, pending: PendingRevision?, decision: Decision, message: String) throws(Refusal) -> Moderation {
        let edits = pending?.status == .needsReview
        let outcome: Moderation.Outcome
        if let pending, edits {
            switch decision {
            case .publish:
                var applied = pending.organisation
                applied.status = .published
                outcome = .publishEdits(applied)
            case .requestChanges: outcome = .sendBackEdits
            case .reject: outcome = .discardEdits
            }
        } else {
            guard stored.status == .needsReview else {
                throw Refusal(.conflict, "the profile is not waiting for review (it is \(stored.status.label.lowercased()))")
            }
            var decided = stored
            decided.status = decision.resultingStatus
            outcome = .setStatus(decided)
        }
        // Published edits change the public profile's fields: the history lists them.
        var changes: [String: [String]] = [:]
        if case .publishEdits(let applied) = outcome { changes = Self.changes(from: stored, to: applied) }
        let notice = Notice(
            "moderation-decision", link: decision.link(organisationID: stored.id, slug: stored.slug, edits: edits),
            [
                "message": message, "organisation": stored.name, "edits": edits ? "yes" : "",
                "published": decision == .publish ? "yes" : "", "changes": decision == .requestChanges ? "yes" : "",
                "rejected": decision == .reject ? "yes" : "",
            ])
        return Moderation(
            outcome: outcome, edits: edits,
            historyAction: ProfileHistory.moderation(decision, edits: edits, message: message),
            historyChanges: changes, notice: notice)
    }
}

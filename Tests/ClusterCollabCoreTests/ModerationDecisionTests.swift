import ClusterCollabCore
import Foundation
import Testing

/// A moderator's decisions on a profile and on pending edits of a published one, without a database.
@Suite struct ModerationDecisionTests {
    func profile(_ status: ProfileStatus) -> Organisation {
        var organisation = Fixtures.completeOrganisation()
        organisation.id = 12
        organisation.slug = "loire-photonics-alliance"
        organisation.status = status
        return organisation
    }

    /// Edits of the published profile: a new city, sent for review (or not yet).
    func edits(_ status: ProfileStatus) -> PendingRevision {
        var edited = profile(.published)
        edited.city = "Angers"
        return PendingRevision(organisation: edited, status: status)
    }

    @Test func aNewProfileInReviewTakesTheDecisionsStatus() throws {
        for (decision, status) in [(ProfileWorkflow.Decision.publish, ProfileStatus.published), (.requestChanges, .changesRequested), (.reject, .rejected)] {
            let moderation = try ProfileWorkflow.moderating(profile(.needsReview), pending: nil, decision: decision, message: "")
            #expect(moderation.outcome == .setStatus(profile(status)))
            #expect(!moderation.edits)
            #expect(moderation.historyChanges.isEmpty)
        }
    }

    @Test func aProfileNotWaitingForReviewIsRefusedNamingItsStatus() {
        #expect(throws: Refusal(.conflict, "the profile is not waiting for review (it is draft)")) {
            _ = try ProfileWorkflow.moderating(profile(.draft), pending: nil, decision: .publish, message: "")
        }
        #expect(throws: Refusal(.conflict, "the profile is not waiting for review (it is published)")) {
            _ = try ProfileWorkflow.moderating(profile(.published), pending: edits(.draft), decision: .publish, message: "")
        }
    }

    @Test func publishedEditsReplaceThePublicProfileAndTheHistoryListsTheirChanges() throws {
        let moderation = try ProfileWorkflow.moderating(profile(.published), pending: edits(.needsReview), decision: .publish, message: "")
        var applied = edits(.needsReview).organisation
        applied.status = .published
        #expect(moderation.outcome == .publishEdits(applied))
        #expect(moderation.edits)
        #expect(moderation.historyAction == "publish (edits)")
        #expect(moderation.historyChanges == ["city": ["Nantes", "Angers"]])
    }

    @Test func editsWithChangesRequestedGoBackToTheTeamAndRejectedEditsAreDiscarded() throws {
        let sentBack = try ProfileWorkflow.moderating(profile(.published), pending: edits(.needsReview), decision: .requestChanges, message: "Add a website")
        #expect(sentBack.outcome == .sendBackEdits)
        #expect(sentBack.historyAction == "request changes (edits): Add a website")
        #expect(sentBack.historyChanges.isEmpty)
        let rejected = try ProfileWorkflow.moderating(profile(.published), pending: edits(.needsReview), decision: .reject, message: "")
        #expect(rejected.outcome == .discardEdits)
        #expect(rejected.historyAction == "reject (edits)")
    }

    @Test func theTeamIsToldWhatHappenedAndWhereToGoNext() throws {
        let published = try ProfileWorkflow.moderating(profile(.needsReview), pending: nil, decision: .publish, message: "Welcome")
        #expect(
            published.notice
                == Notice(
                    "moderation-decision", link: "/organisations/loire-photonics-alliance",
                    [
                        "message": "Welcome", "organisation": "Loire Photonics Alliance", "edits": "", "published": "yes", "changes": "",
                        "rejected": "",
                    ]))
        #expect(published.notice.rendered(publicURL: "").subject == "Loire Photonics Alliance is published")
        let changes = try ProfileWorkflow.moderating(profile(.needsReview), pending: nil, decision: .requestChanges, message: "More detail")
        #expect(changes.notice.link == "/my/organisations/12")
        #expect(changes.notice.rendered(publicURL: "").subject == "Changes requested for Loire Photonics Alliance")
        let rejectedNew = try ProfileWorkflow.moderating(profile(.needsReview), pending: nil, decision: .reject, message: "")
        #expect(rejectedNew.notice.link == "/my/organisations")
        let rejectedEdits = try ProfileWorkflow.moderating(profile(.published), pending: edits(.needsReview), decision: .reject, message: "")
        #expect(rejectedEdits.notice.link == "/organisations/loire-photonics-alliance")
        #expect(rejectedEdits.notice.rendered(publicURL: "").subject == "The edits of Loire Photonics Alliance are rejected")
        #expect(ProfileWorkflow.Decision.reject.headline("Loire Photonics Alliance", edits: true) == "The edits of Loire Photonics Alliance are rejected")
        #expect(rejectedEdits.notice.values["edits"] == "yes")
    }
}

/// A team's edits and its "submit for review", without a database.
@Suite struct TeamEditDecisionTests {
    func profile(_ status: ProfileStatus) -> Organisation {
        var organisation = Fixtures.completeOrganisation()
        organisation.id = 12
        organisation.slug = "loire-photonics-alliance"
        organisation.createdAt = Date(timeIntervalSince1970: 1_700_000_000)
        organisation.status = status
        return organisation
    }

    func edit(of stored: Organisation) -> Organisation {
        var edit = stored
        edit.city = "Angers"
        edit.slug = "another-slug"
        edit.createdAt = Date(timeIntervalSince1970: 0)
        edit.status = .published
        return edit
    }

    @Test func anEditOfAPublishedProfileWaitsAsPendingAndKeepsSlugAndCreationDate() {
        let stored = profile(.published)
        let now = Date(timeIntervalSince1970: 1_800_000_000.75)
        guard case .pending(let pending) = ProfileWorkflow.editing(stored, to: edit(of: stored), now: now) else {
            Issue.record("a published profile's edit waits for review")
            return
        }
        #expect(pending.city == "Angers")
        #expect(pending.slug == stored.slug && pending.createdAt == stored.createdAt)
        #expect(pending.status == .published)
        #expect(pending.updatedAt == Date(timeIntervalSince1970: 1_800_000_000), "stored to the second")
    }

    @Test func anEditOfAProfileNotPublishedChangesItInPlaceAndSendsItBackToDraftAfterReviewOrRejection() {
        for (status, after) in [
            (ProfileStatus.draft, ProfileStatus.draft), (.changesRequested, .changesRequested), (.rejected, .draft), (.needsReview, .draft),
        ] {
            let stored = profile(status)
            guard case .inPlace(let saved) = ProfileWorkflow.editing(stored, to: edit(of: stored), now: Date()) else {
                Issue.record("\(status) changes in place")
                continue
            }
            #expect(saved.status == after, "\(status)")
            #expect(saved.slug == stored.slug && saved.city == "Angers")
        }
    }

    @Test func submittingSendsTheDraftOrThePendingEditsOnceAndNothingForAPublishedProfile() throws {
        #expect(try ProfileWorkflow.submitting(profile(.draft), pending: nil) == .profile(profile(.needsReview)))
        #expect(try ProfileWorkflow.submitting(profile(.changesRequested), pending: nil) == .profile(profile(.needsReview)))
        let edits = PendingRevision(organisation: profile(.published), status: .draft)
        #expect(try ProfileWorkflow.submitting(profile(.published), pending: edits) == .edits)
        #expect(throws: Refusal(.conflict, "these edits are already waiting for review")) {
            _ = try ProfileWorkflow.submitting(profile(.published), pending: PendingRevision(organisation: profile(.published), status: .needsReview))
        }
        #expect(throws: Refusal(.conflict, "the profile is already waiting for review")) {
            _ = try ProfileWorkflow.submitting(profile(.needsReview), pending: nil)
        }
        #expect(throws: Refusal(.conflict, "the profile is published and has no edits to review")) {
            _ = try ProfileWorkflow.submitting(profile(.published), pending: nil)
        }
    }

    @Test func someoneAlreadyInTheTeamIsNotAddedAgain() throws {
        try TeamRules.adding("ana@example.eu", alreadyMember: false)
        #expect(throws: ValidationErrors(["email": "ana@example.eu is already in the team"])) {
            try TeamRules.adding("ana@example.eu", alreadyMember: true)
        }
    }
}

import ClusterCollabContent
import ClusterCollabCore
import Foundation
import Testing

/// Who writes news and events for whom, and how a moderator's decision moves them (issue 13, item 3).
@Suite struct ContributionTests {
    @Test func aTeamWritesForItsOrganisationAndThePlatformTeamForAnyone() throws {
        try Contribution.checkMayWrite(for: 7, platformRole: .user, teamRole: .member)
        try Contribution.checkMayWrite(for: 7, platformRole: .moderator, teamRole: nil)
        try Contribution.checkMayWrite(for: nil, platformRole: .platformAdmin, teamRole: nil)
        #expect(throws: Refusal.self) { try Contribution.checkMayWrite(for: 7, platformRole: .user, teamRole: nil) }
        #expect(throws: Refusal.self) { try Contribution.checkMayWrite(for: nil, platformRole: .user, teamRole: .administrator) }
    }

    @Test func aTeamsSaveWaitsForReviewAndThePlatformTeamsIsPublished() {
        #expect(Contribution.statusAfterSave(byPlatformTeam: false) == .needsReview)
        #expect(Contribution.statusAfterSave(byPlatformTeam: true) == .published)
    }

    @Test func onlyWhatWaitsIsDecidedAndChangesNeedAMessage() throws {
        #expect(try Contribution.deciding(.needsReview, .publish, message: "") == .published)
        #expect(try Contribution.deciding(.needsReview, .reject, message: "") == .rejected)
        #expect(try Contribution.deciding(.needsReview, .requestChanges, message: "Add the room.") == .changesRequested)
        do {
            _ = try Contribution.deciding(.needsReview, .requestChanges, message: " \n")
            Issue.record("changes without a message were accepted")
        } catch { #expect(error.fields["message"] == "tell the team what to change") }
        do {
            _ = try Contribution.deciding(.published, .publish, message: "")
            Issue.record("a published item was decided again")
        } catch { #expect(error.kind == .conflict) }
        #expect(throws: Refusal.self) { try Contribution.deciding(.needsReview, .reject, message: String(repeating: "x", count: 2_001)) }
    }

    @Test func theTeamIsToldWhatWasDecidedAndWhy() {
        let notice = Contribution.decisionNotice(.requestChanges, kind: .event, title: "Partner day", message: "Add the room.", link: "/events/x/edit")
        #expect(notice.kind == "moderation-content")
        #expect(notice.line() == "Changes requested for “Partner day”: Add the room.")
        #expect(
            Contribution.waitingNotice(kind: .news, title: "Test zone", link: "/admin/moderation").line() == "The news article “Test zone” waits for review")
    }

    @Test func theHistoryKeepsTheModeratorsMessageApart() {
        let stored = ContributionHistory.decision(.requestChanges, message: "Add the room: B2.")
        #expect(stored == "request changes: Add the room: B2.")
        #expect(ContributionHistory.split(stored) == ("request changes", "Add the room: B2."))
        #expect(ContributionHistory.split(ContributionHistory.submitted) == ("submitted for review", nil))
    }

    // MARK: An article's photo

    func article(_ input: NewsInput, base: NewsArticle? = nil) throws(ValidationErrors) -> NewsArticle {
        var input = input
        if base == nil {
            input.title = "Our test zone opens"
            input.summary = "Partner clusters can book the zone ten days ahead."
            input.body = "Text."
        }
        return try input.applied(to: base)
    }

    @Test func aPhotoNeedsItsAlternativeText() throws {
        var input = NewsInput()
        input.imageDocument = "12"
        do {
            _ = try article(input)
            Issue.record("a photo without alternative text was accepted")
        } catch { #expect(error.fields["image_alt"] != nil) }
        input.imageAlt = "  Ten people around a table  "
        input.imageCaption = "The round table"
        input.imageCredit = "Pôle Drones"
        let withPhoto = try article(input)
        #expect(withPhoto.image == NewsImage(documentID: 12, alt: "Ten people around a table", caption: "The round table", credit: "Pôle Drones"))
        // An edit that names nothing of the photo keeps it; an empty document removes it with its texts.
        var retitle = NewsInput()
        retitle.title = "Our test zone opens to partners"
        #expect(try article(retitle, base: withPhoto).image == withPhoto.image)
        var remove = NewsInput()
        remove.imageDocument = ""
        #expect(try article(remove, base: withPhoto).image == nil)
    }

    @Test func photoTextsWithoutAPhotoOrABadNumberAreNamed() {
        var input = NewsInput()
        input.imageCaption = "A caption of nothing"
        do {
            _ = try article(input)
            Issue.record("a caption without a photo was accepted")
        } catch { #expect(error.fields["image_document_id"] != nil) }
        input = NewsInput()
        input.imageDocument = "photo.png"
        input.imageAlt = "x"
        do {
            _ = try article(input)
            Issue.record("a document that is no number was accepted")
        } catch { #expect(error.fields["image_document_id"] == "must be the number of an image in the document library") }
        input.imageDocument = "3"
        input.imageAlt = String(repeating: "a", count: 301)
        do {
            _ = try article(input)
            Issue.record("an alternative text over 300 characters was accepted")
        } catch { #expect(error.fields["image_alt"] == "must be at most 300 characters") }
    }
}

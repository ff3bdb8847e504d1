import ClusterCollabCore
import ClusterCollabText
import Testing

/// A profile's history stores English actions; pages show them through the catalogue, keeping a
/// moderator's message as it was written.
@Suite struct ProfileHistoryTests {
    @Test func aDecisionWithAMessageSplitsIntoTheActionAndTheMessage() {
        let stored = ProfileHistory.moderation(.requestChanges, edits: true, message: "Please add: a website")
        #expect(stored == "request changes (edits): Please add: a website")
        let (action, message) = ProfileHistory.split(stored)
        #expect(action == "request changes (edits)")
        #expect(message == "Please add: a website")
        #expect(ProfileHistory.split("edited").action == "edited")
        #expect(ProfileHistory.split("edited").message == nil)
    }

    @Test func everyActionHasItsFrenchWords() throws {
        let french = try #require(Languages.named("fr"))
        for action in ProfileHistory.actions {
            #expect(french.text(action, context: "history") != action, "\(action)")
        }
        #expect(french.text(ProfileHistory.split("publish (profile): Welcome").action, context: "history") == "publication (profil)")
    }
}

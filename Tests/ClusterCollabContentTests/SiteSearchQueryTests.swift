import ClusterCollabContent
import ClusterCollabCore
import Testing

/// The site search's question, without a database: what `q` and `kind` may be, and which words a text must
/// hold to be found.
@Suite struct SiteSearchQueryTests {
    @Test func aQueryIsReadWithItsKindAndTheSpacesAroundItLeftOut() throws {
        let query = try SiteSearchQuery.parse(q: "  drones ", kind: "partner-searches")
        #expect(query.text == "drones")
        #expect(query.kind == .partnerSearches)
        // an empty kind, as a form sends it, is no kind
        #expect(try SiteSearchQuery.parse(q: "drones", kind: "").kind == nil)
        #expect(try SiteSearchQuery.parse(q: nil, kind: nil).isEmpty)
    }

    @Test func aKindThatIsNoneAndAnOverLongQueryAreNamedTogether() {
        #expect(throws: ValidationErrors(["kind": SiteSearchKind.rule, "q": "must be at most 200 characters"])) {
            try SiteSearchQuery.parse(q: String(repeating: "a", count: 201), kind: "memos")
        }
        #expect(SiteSearchKind.rule == "must be one of organisations, partner-searches, calls, news, events, documents, funding-opportunities")
        // 200 characters are still a query
        #expect(throws: Never.self) { try SiteSearchQuery.parse(q: String(repeating: "a", count: 200), kind: nil) }
    }

    @Test func wordsMatchTheBeginningOfWordsWhateverTheirCaseAndAccents() {
        let query = SiteSearchQuery(text: "ile-de-france DRONE")
        // "de" is a stop word: the words searched are "ile", "france" and "drone"
        #expect(query.words == ["ile", "france", "drone"])
        #expect(query.matches(["Pôle Drones Île-de-France"]))
        #expect(query.matches(["Pôle Drones", "Région Île-de-France"]), "the words may be in different texts")
        #expect(!query.matches(["Pôle Drones Occitanie"]), "every word is needed")
        #expect(!SiteSearchQuery(text: "rone").matches(["Drones"]), "a word is found by its beginning only")
        #expect(SiteSearchQuery(text: "drone drone").matches(["drones"]), "a repeated word is one word")
    }

    @Test func aQueryOfNothingButSpacesOrPunctuationFindsNothing() {
        #expect(SiteSearchQuery(text: " - ").isEmpty)
        #expect(!SiteSearchQuery(text: "").matches(["anything"]))
        // a query made only of stop words still asks for them
        #expect(SiteSearchQuery(text: "the").words == ["the"])
    }

    @Test func foldedTextsAreMatchedInTheirOrder() {
        let texts = [
            SiteSearchText(id: 3, texts: ["Drone corridors", "Île-de-France"]), SiteSearchText(id: 1, texts: ["Hydrogen valleys"]),
            SiteSearchText(id: 2, texts: ["Essais de DRONES en Île-de-France"]),
        ]
        #expect(SiteSearchQuery(text: "ile-de-france drone").matching(texts) == [3, 2])
        #expect(SiteSearchQuery(text: "valley").matching(texts) == [1])
        #expect(SiteSearchQuery(text: "alleys").matching(texts).isEmpty)
        #expect(SiteSearchQuery(text: "").matching(texts).isEmpty)
    }
}

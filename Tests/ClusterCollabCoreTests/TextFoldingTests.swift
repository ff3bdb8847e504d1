import Testing
@testable import ClusterCollabCore

@Suite("Text folding, stemming and slugs")
struct TextFoldingTests {
    @Test(arguments: [
        ("Pôle", "pole"), ("Île-de-France", "ile-de-france"),
        ("Łódź", "lodz"), ("Žilina", "zilina"), ("Straße", "strasse"), ("Œuvre", "oeuvre"),
        ("Ørsted", "orsted"), ("ＡＢＣ", "abc"), ("Kızılırmak", "kizilirmak"), ("Þórður Ðalur", "thordur dalur"),
    ])
    func foldingRemovesCaseAccentsAndLigatures(text: String, folded: String) {
        #expect(TextFolding.fold(text) == folded)
    }

    @Test func wordsAreFoldedRunsOfLettersAndDigits() {
        #expect(TextFolding.words("Pôle Drones, Île-de-France! 2016") == ["pole", "drones", "ile", "de", "france", "2016"])
    }

    @Test func aSlugIsTheFoldedWordsJoinedByHyphens() {
        #expect(TextFolding.slug("Île-de-France") == "ile-de-france")
        #expect(TextFolding.slug("Pôle Drones  Île-de-France") == "pole-drones-ile-de-france")
    }

    @Test func aSlugIsAtMostEightyCharactersAndNeverEndsWithAHyphen() {
        // given: a cut at 80 characters would fall right after a hyphen
        let name = String(repeating: "a", count: 79) + " b c"
        // when
        let slug = TextFolding.slug(name)
        // then
        #expect(slug.count <= 80)
        #expect(!slug.hasSuffix("-"))
    }

    @Test func aNameWithoutLettersStillGetsASlug() {
        #expect(TextFolding.slug("—!?") == "organisation")
    }

    @Test func pluralsShareTheStemOfTheirSingular() {
        #expect(TextFolding.stem("clusters") == TextFolding.stem("cluster"))
        #expect(TextFolding.stem("technologies") == TextFolding.stem("technology"))
        #expect(TextFolding.stem("processes") == TextFolding.stem("process"))
    }

    @Test func commonSuffixesShareAStem() {
        #expect(TextFolding.stem("manufacturing") == TextFolding.stem("manufacture"))
        #expect(TextFolding.stem("stopped") == TextFolding.stem("stop"))
    }

    @Test func shortWordsAreLeftAlone() {
        #expect(TextFolding.stem("bus") == "bus")
        #expect(TextFolding.stem("gas") == "gas")
        #expect(TextFolding.stem("need") == "need")
    }

    @Test func threeLetterPluralsShareTheStemOfTheirSingular() {
        // "fab labs" must find "fab lab"
        #expect(TextFolding.stem("labs") == TextFolding.stem("lab"))
    }

    @Test func termsFoldThenStem() {
        #expect(TextFolding.terms("Pôles CLUSTERS") == ["pole", "cluster"])
    }
}

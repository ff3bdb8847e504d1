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

    @Test(
        "French plurals share the stem of their singular",
        arguments: [
            ("drones", "drone"), ("numériques", "numérique"), ("réseaux", "réseau"), ("régionaux", "régional"),
            ("industrielles", "industrielle"), ("bureaux", "bureau"), ("jeux", "jeu"), ("bijoux", "bijou"),
            ("canaux", "canal"), ("eaux", "eau"), ("travaux", "travail"), ("matériaux", "matériau"),
            ("technologies", "technologie"), ("énergies", "énergie"), ("entreprises", "entreprise"),
        ])
    func frenchPlurals(plural: String, singular: String) {
        #expect(TextFolding.stem(TextFolding.fold(plural)) == TextFolding.stem(TextFolding.fold(singular)))
    }

    @Test func frenchFeminineMeetsMasculineInEl() {
        #expect(TextFolding.stem("industrielle") == TextFolding.stem("industriel"))
        #expect(TextFolding.stem("professionnelles") == TextFolding.stem("professionnel"))
    }

    @Test func frenchAndEnglishMeetOnIeAndY() {
        #expect(TextFolding.stem("technologie") == TextFolding.stem("technology"))
        #expect(TextFolding.stem("industrie") == TextFolding.stem("industries"))
    }

    @Test func wordsEndingInAuxWithoutAStemBeforeItAreLeftAlone() {
        // "taux" (rate) and "faux" are the same in the singular; they must not become "tal" and "fal"
        #expect(TextFolding.stem("taux") == "taux")
        #expect(TextFolding.stem("faux") == "faux")
    }

    @Test func englishWordsKeepTheirStems() {
        // given words whose stems the directory index has always had
        let stems = ["cluster", "process", "manufactur", "stop", "bus", "gas", "need", "lab", "technology", "innovat", "flux", "box"]
        let words = ["clusters", "processes", "manufacturing", "stopped", "bus", "gas", "need", "labs", "technologies", "innovation", "flux", "box"]
        // then
        #expect(words.map(TextFolding.stem) == stems)
    }

    @Test func frenchAndEnglishFunctionWordsAreStopWords() {
        for word in ["le", "la", "les", "de", "des", "du", "et", "en", "pour", "dans", "sur", "avec", "au", "aux", "un", "une", "par", "a"] {
            #expect(TextFolding.isStopWord(word), "\(word)")
        }
        for word in ["the", "of", "and", "for", "with"] { #expect(TextFolding.isStopWord(word), "\(word)") }
        // words of a domain stay: IT, Grand Est, car, maïs (maize)
        for word in ["it", "est", "car", "mais", "drone"] { #expect(!TextFolding.isStopWord(word), "\(word)") }
    }

    @Test func aStopWordIsItsOwnTerm() {
        // "dans" would otherwise meet "dan" on the stem "dan"
        #expect(TextFolding.term("dans") == "dans")
        #expect(TextFolding.term("drones") == TextFolding.stem("drones"))
    }

    @Test func termsLeaveOutStopWordsAndElidedWords() {
        #expect(TextFolding.terms("Le pôle de l'aéronautique et des drones") == ["pole", "aeronautiqu", "dron"])
    }

    @Test func aQueryKeepsItsStopWordsOnlyWhenItHasNothingElse() {
        #expect(TextFolding.searchedWords(["les", "drones", "de", "l", "innovation"]) == ["drones", "innovation"])
        #expect(TextFolding.searchedWords(["l", "the"]) == ["the"])
        #expect(TextFolding.searchedWords(["l"]) == ["l"])
    }
}

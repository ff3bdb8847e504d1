import ClusterCollabCore
import ClusterCollabSearch
import Foundation
import Testing

/// Issue 12, item 5: French text is found as English text is (accents, plurals, elision, stop words).
@Suite("French text in the directory")
struct FrenchSearchTests {
    let directory = index([
        organisation(1, "Pôle Drone Sud", description: "Un drone pour l'inspection des réseaux."),
        organisation(2, "Cap Numérique", description: "Les services numériques des régions."),
        organisation(3, "Aéro Grand Est", description: "Le pôle de l'aéronautique et du spatial."),
        organisation(4, "Réseau Bois", description: "Le réseau régional des industrielles du bois."),
        organisation(5, "Nordic Timber", country: "SE", description: "The regional network of the timber industry."),
        Self.french(6, "Lyon Mobility", english: "Sustainable mobility.", french: "Mobilité durable et véhicules autonomes."),
    ])

    /// An organisation whose only French words are in its second description.
    static func french(_ id: Int64, _ name: String, english: String, french: String) -> Organisation {
        var o = organisation(id, name, description: english)
        o.secondDescription = french
        o.secondDescriptionLanguage = "fr"
        return o
    }

    @Test("drones finds drone")
    func plural() {
        #expect(directory.ids("drones") == [1])
    }

    @Test("numérique and numeriques find numériques")
    func pluralAndAccents() {
        #expect(directory.ids("numérique") == [2])
        #expect(directory.ids("numeriques") == [2])
    }

    @Test("l'aéronautique finds aéronautique")
    func elision() {
        #expect(directory.ids("l'aéronautique") == [3])
        #expect(directory.ids("aéronautique") == [3])
    }

    @Test("réseaux finds réseau, and régionaux finds régional")
    func pluralsInX() {
        #expect(Set(directory.ids("réseaux")) == [1, 4])
        // "régional" is French and English alike: the Swedish profile's "regional network" is found too
        #expect(Set(directory.ids("régionaux")) == [4, 5])
    }

    @Test("industrielle finds industrielles")
    func feminine() {
        #expect(directory.ids("industrielle") == [4])
    }

    @Test("a stop word alone does not match every profile")
    func stopWordAlone() {
        // given: every profile says "le", "des" or "the"
        // then: a query of stop words only does not find them all
        let everyone = directory.search(DirectoryQuery()).total
        #expect(directory.search(DirectoryQuery(text: "le")).total == 0)
        #expect(directory.search(DirectoryQuery(text: "des")).total < everyone)
        #expect(directory.search(DirectoryQuery(text: "the")).total < everyone)
    }

    @Test("stop words in a query are left out: they neither narrow nor widen it")
    func stopWordsInAQuery() {
        #expect(Set(directory.ids("le réseau")) == [1, 4])
        #expect(directory.ids("les services numériques des régions") == [2])
        #expect(directory.ids("the timber industry") == [5])
        // "de" and "la" occur in no profile as words of their own, and are not required
        #expect(directory.ids("pôle de la drone") == [1])
    }

    @Test("a stop word that is an acronym is still found as one")
    func stopWordAcronym() {
        // given
        let directory = index([
            organisation(1, "Aerospace Union", acronym: "AU"),
            organisation(2, "Cluster Au Vert", description: "Au service du jardin."),
        ])
        // then
        #expect(directory.ids("AU") == [1])
    }

    @Test("type-ahead still suggests names that start with a stop word")
    func suggestKeepsStopWords() {
        // given
        let directory = index([organisation(1, "Le Pôle Aéro"), organisation(2, "Pôle Aéro Sud", acronym: "PAS")])
        // then
        #expect(directory.suggest("le p", limit: 10).map(\.id) == [1])
        #expect(Set(directory.suggest("pôle a", limit: 10).map(\.id)) == [1, 2])
        #expect(Set(directory.ids("Pôle Aér")) == [1, 2])
        #expect(Set(directory.ids("le pôle aéro")) == [1, 2])
    }

    @Test("a profile is found by a word that only its French description has")
    func secondDescription() {
        #expect(directory.ids("véhicules autonomes") == [6])
        #expect(directory.ids("mobilite durable") == [6])
        #expect(directory.ids("sustainable") == [6])
    }
}

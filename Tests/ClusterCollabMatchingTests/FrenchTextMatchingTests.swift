import ClusterCollabCore
import ClusterCollabMatching
import Foundation
import Testing

/// Issue 12, item 5: recommendations read both descriptions, and French words meet as English ones do.
@Suite("French text in recommendations")
struct FrenchTextMatchingTests {
    typealias F = MatchingFixtures

    func recommendations(_ index: MatchingIndex, _ profile: PartnerSearchProfile) -> [Int64: Recommendation] {
        Dictionary(uniqueKeysWithValues: index.recommend(profile, offset: 0, limit: 100).items.map { ($0.organisationID, $0) })
    }

    /// An organisation with an English description and one in French.
    func french(_ id: Int64, english: String, french: String) -> Organisation {
        var o = F.org(id, description: english)
        o.secondDescription = french
        o.secondDescriptionLanguage = "fr"
        return o
    }

    @Test("a keyword found only in the French description covers the competence, and the reason says so")
    func keywordFromTheFrenchDescription() throws {
        // given: only organisation 2 speaks of drones, and only in French
        let index = F.index([
            F.org(1, sectors: [1]),
            french(2, english: "Aerial services for industry.", french: "Des drones pour l'inspection des réseaux."),
            F.org(3, description: "Logistics services."),
        ])
        let search = PartnerSearchProfile(ownerID: 1, required: F.competences(["keyword:drone"]))
        // when
        let r = recommendations(index, search)
        // then
        let drone = try #require(r[2])
        #expect(drone.covers == [.keyword("drone")])
        #expect(drone.reasons.first == "Brings the one competence the consortium still lacks: “drone” (keyword).")
        #expect(r[3]?.covers.isEmpty == true)
    }

    @Test("a search text in French is close to a French description: shared words, plurals and elision included")
    func textFromTheFrenchDescription() throws {
        // given
        let index = F.index([
            F.org(1),
            french(2, english: "A regional cluster.", french: "Inspection par drone du réseau électrique et de l'éolien."),
            F.org(3, description: "Logistics and warehousing."),
        ])
        let search = PartnerSearchProfile(ownerID: 1, text: "Inspection des réseaux électriques par drones")
        // when
        let r = recommendations(index, search)
        // then
        let close = try #require(r[2])
        #expect(close.parts.text > 0.5)
        let reason = try #require(close.reasons.first { $0.hasPrefix("Its description is close to the search's (shared words: ") })
        #expect(reason.contains("drone"))
        #expect(r[3]?.parts.text == 0)
    }

    @Test("French stop words do not make texts look alike")
    func stopWordsDoNotCount() {
        // given: two texts that share only function words
        let index = F.index([F.org(1), F.org(2, description: "Le pôle de la mer et des ports, pour les entreprises du littoral.")])
        let search = PartnerSearchProfile(ownerID: 1, text: "Les données de santé pour les hôpitaux et la recherche du secteur")
        // then
        #expect(recommendations(index, search)[2]?.parts.text == 0)
    }
}

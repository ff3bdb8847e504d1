import ClusterCollabCalls
import ClusterCollabCore
import ClusterCollabText
import Foundation
import Testing

/// The eligibility rules and their results said in French: whole sentences from the catalogue, with the
/// counts, the organisation types, the region categories and the country names agreeing in French.
@Suite struct EligibilityInFrenchTests {
    let reference = ReferenceData.shipped
    let french = Languages.named("fr")!

    let pole = EligibilityMember(
        organisationID: 1, name: "Pôle Drones Île-de-France", country: "FR", type: .clusterOrganisation, regionCategory: .moreDeveloped)
    let kosice = EligibilityMember(
        organisationID: 2, name: "Košice IT Valley", country: "SK", type: .clusterMember, regionCategory: .lessDeveloped)
    let bavaria = EligibilityMember(
        organisationID: 5, name: "Bavarian Aerospace Network", country: "DE", type: .clusterMember, regionCategory: .transition)
    let kastamonu = EligibilityMember(organisationID: 4, name: "Kastamonu Network for UAV", country: "TR", type: .clusterProject)

    func french(_ rule: EligibilityRule, _ members: [EligibilityMember]) -> String {
        Eligibility.evaluate(rules: [rule], members: members, reference: reference)[0].sentence(in: french, reference: reference)
    }

    @Test func countsFollowTheFrenchPluralRule() {
        #expect(french(.minMembers(3), [pole, kosice]) == "Seulement 2 membres ; il en faut au moins 3.")
        #expect(french(.minMembers(1), [pole]) == "1 membre (il en faut au moins 1).")
        #expect(french(.minMembers(2), []) == "Aucun membre ; il en faut au moins 2.")
    }

    @Test func countriesAreNamedInFrench() {
        #expect(french(.minCountries(3), [pole, bavaria]) == "Les membres viennent de 2 pays (Allemagne, France) ; il en faut au moins 3.")
        #expect(french(.allowedCountries(.eu), [pole, kastamonu]) == "Kastamonu Network for UAV (Turquie) est hors des États membres de l’UE.")
        #expect(
            french(.allowedCountries(["FR", "DE"]), [kosice, kastamonu])
                == "Košice IT Valley (Slovaquie) et Kastamonu Network for UAV (Turquie) sont hors des pays admis (Allemagne, France).")
    }

    @Test func organisationTypesTakeTheirFrenchArticleAndPlural() {
        #expect(french(.requiredType(.clusterOrganisation), [kosice]) == "Aucun membre n’est une organisation de cluster ; il en faut au moins 1.")
        #expect(
            french(.requiredType(.clusterMember, atLeast: 3), [kosice, bavaria, pole])
                == "Seulement 2 membres sont des organisations membres d’un cluster (Košice IT Valley et Bavarian Aerospace Network) ; il en faut au moins 3.")
    }

    @Test func regionCategoriesAgreeWithTheNumberOfRegions() {
        let rule = EligibilityRule.regionCategory([.lessDeveloped, .transition])
        #expect(french(rule, [kosice]) == "1 membre est dans une région moins développée ou en transition (Košice IT Valley).")
        #expect(
            french(rule, [kosice, bavaria])
                == "2 membres sont dans des régions moins développées ou en transition (Košice IT Valley et Bavarian Aerospace Network).")
    }

    @Test func theRulesThemselvesAreDescribedInFrench() {
        #expect(EligibilityRule.minMembers(3).description(reference: reference, in: french) == "Au moins 3 membres")
        #expect(EligibilityRule.requiredType(.clusterOrganisation).description(reference: reference, in: french) == "Au moins une organisation de cluster")
        #expect(
            EligibilityRule.allowedCountries(["DE", "FR"]).description(reference: reference, in: french)
                == "Uniquement des organisations des pays suivants : Allemagne ou France")
        // and English stays as it was
        #expect(EligibilityRule.allowedCountries(["DE", "FR"]).description(reference: reference) == "Only organisations from France or Germany")
    }

    @Test func aStoredResultKeepsItsFindingAndCanBeSaidAgainInFrench() throws {
        let results = Eligibility.evaluate(rules: [.minMembers(3)], members: [pole], reference: reference)
        let stored = try JSONDecoder().decode([RuleResult].self, from: JSONEncoder().encode(results))
        #expect(stored[0].sentence(in: french, reference: reference) == "Seulement 1 membre ; il en faut au moins 3.")
        #expect(stored[0].sentence == "Only 1 member; at least 3 are required.")
    }

    @Test func aResultStoredBeforeFindingsWereKeptShowsItsEnglishSentence() throws {
        let old = #"[{"rule":{"rule":"min_members","value":3},"passed":false,"sentence":"Only 1 member; at least 3 are required."}]"#
        let stored = try JSONDecoder().decode([RuleResult].self, from: Data(old.utf8))
        #expect(stored[0].finding == nil)
        #expect(stored[0].sentence(in: french, reference: reference) == "Only 1 member; at least 3 are required.")
    }

    @Test func aRecheckNoticeTellsEachReaderTheFailedRulesInTheirLanguage() {
        let failures = Eligibility.failuresInEachLanguage(
            Eligibility.evaluate(rules: [.minMembers(3)], members: [pole], reference: reference), reference: reference)
        let values = ["call": "ESCP-S3", "reference": "EOI-1", "eligible": "", "failures": failures["en"]!.joined(), "failures@fr": failures["fr"]!.joined()]
        let notice = Notice("call-recheck", link: "/applications/1", values)
        #expect(notice.rendered(publicURL: "https://example.org", in: french).body.contains("Seulement 1 membre ; il en faut au moins 3."))
        let english = notice.rendered(publicURL: "https://example.org").body
        #expect(english.contains("Only 1 member; at least 3 are required."))
        #expect(!english.contains("Seulement"))
    }
}

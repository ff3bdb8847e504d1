import Testing
@testable import ClusterCollabCore

@Suite("Reference data")
struct ReferenceDataTests {
    let reference = Fixtures.reference

    @Test func theShippedTablesHaveTheirFullSize() {
        #expect(reference.countries.count == 250)
        #expect(reference.sectors.count == 51)
        #expect(reference.ecosystems.count == 14)
        #expect(reference.emergingIndustries.count == 10)
        #expect(reference.technologies.count == 12)
    }

    @Test func taxonomyIdsAreLookedUpByNumber() {
        #expect(reference.sector(1)?.name == "Aerospace vehicles and defence")
        #expect(reference.sector(51)?.name == "Wood products")
        #expect(reference.sector(52) == nil)
        #expect(reference.ecosystem(14)?.name == "Tourism")
        #expect(reference.emergingIndustry(10)?.name == "Mobility technologies")
        #expect(reference.technology("KET2009-5")?.name == "Photonics")
    }

    @Test func greeceIsGRWithEurostatCodeEL() {
        let greece = reference.country("GR")
        #expect(greece?.eurostatCode == "EL")
        #expect(greece?.euMember == true)
        #expect(reference.country("EL") == nil)
    }

    @Test func greekRegionsBelongToGR() {
        // given
        let greek = reference.regions(country: "GR")
        // then
        #expect(!greek.isEmpty)
        #expect(greek.allSatisfy { $0.code.hasPrefix("EL") })
        #expect(reference.region("EL30")?.country == "GR")
        #expect(reference.regions(country: "EL").isEmpty)
    }

    @Test func theEUAndCOSMECountriesAreMarked() {
        let eu = reference.countries.filter(\.euMember).map(\.code)
        #expect(eu.count == 27)
        #expect(reference.country("UA")?.cosmeParticipating == true)
        #expect(reference.country("US")?.cosmeParticipating == false)
    }

    @Test func selectableRegionsAreLevelsTwoAndThreeWithoutExtraRegio() {
        for country in reference.countries where country.hasRegionCodes {
            let selectable = reference.selectableRegions(country: country.code)
            #expect(!selectable.isEmpty, "\(country.code)")
            #expect(
                selectable.allSatisfy { ($0.level == 2 || $0.level == 3) && !$0.extraRegio && $0.country == country.code },
                "\(country.code)")
        }
        let french = reference.selectableRegions(country: "FR").map(\.code)
        #expect(french.contains("FR10") && french.contains("FR101"))
        #expect(!french.contains("FR1") && !french.contains("FRZZ") && !french.contains("FRZZZ"))
    }

    @Test func countriesWithoutNUTSOrStatisticalRegionsHaveNoRegionCodes() {
        #expect(reference.country("AM")?.hasRegionCodes == false)
        #expect(reference.country("FR")?.regionClassification == "NUTS")
        #expect(reference.country("UA")?.regionClassification == "SR")
    }

    @Test func aLevelThreeRegionLiesInItsLevelTwoRegion() {
        #expect(reference.nuts2(of: "FR101")?.code == "FR10")
        #expect(reference.nuts2(of: "FR10")?.code == "FR10")
        #expect(reference.nuts2(of: "FR1") == nil)
        #expect(reference.nuts2(of: "nowhere") == nil)
        #expect(reference.regionPath("FR101").map(\.code) == ["FR1", "FR10", "FR101"])
    }

    @Test func naceCodesOfEveryLevelAreKnown() {
        #expect(reference.naceCode("C")?.level == 1)
        #expect(reference.naceCode("26")?.level == 2)
        #expect(reference.naceCode("26.7")?.level == 3)
        #expect(reference.naceCode("26.70")?.parent == "26.7")
        #expect(reference.naceCode("26.99") == nil)
    }
}

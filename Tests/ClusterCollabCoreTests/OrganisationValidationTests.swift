import Foundation
import Testing
@testable import ClusterCollabCore

@Suite("Organisation validation and normalisation")
struct OrganisationValidationTests {
    /// The broken rules of the complete, valid fixture after one change.
    func errors(_ change: (inout Organisation) -> Void) -> [String: String] {
        var org = Fixtures.completeOrganisation()
        change(&org)
        return org.validate(reference: Fixtures.reference).fields
    }

    @Test func theCompleteFixtureIsValid() {
        #expect(errors { _ in } == [:])
    }

    @Test func aMinimalProfileNeedsOnlyNameTypeAndCountry() {
        let org = Organisation(name: "Loire Photonics Alliance", type: .clusterOrganisation, country: "FR")
        #expect(org.validate(reference: Fixtures.reference).isEmpty)
    }

    @Test func aNameIsRequired() {
        #expect(errors { $0.name = "" } == ["name": "is required"])
    }

    // MARK: The description in a second language

    @Test func aSecondDescriptionNeedsItsLanguage() {
        #expect(errors { $0.secondDescriptionLanguage = nil } == ["second_description_language": "is required with second_description"])
    }

    @Test func theSecondLanguageMustDifferFromEnglish() {
        #expect(
            errors { $0.secondDescriptionLanguage = "en" } == [
                "second_description_language": "must be a language other than English (description is the English one)"
            ])
    }

    @Test func theSecondLanguageMustBeOneThePlatformSpeaks() {
        #expect(errors { $0.secondDescriptionLanguage = "xx" } == ["second_description_language": "must be one of: fr; xx is unknown"])
    }

    @Test func aSecondDescriptionIsAtMostAsLongAsTheEnglishOne() {
        #expect(
            errors { $0.secondDescription = String(repeating: "é", count: OrganisationLimits.description + 1) } == [
                "second_description": "must be at most \(OrganisationLimits.description) characters"
            ])
    }

    @Test func aLanguageWithoutASecondDescriptionIsDropped() {
        // given: a form always sends its language select
        var org = Fixtures.completeOrganisation()
        org.secondDescription = "  "
        org.secondDescriptionLanguage = "fr"
        // when
        org.normalise()
        // then
        #expect(org.secondDescription == nil && org.secondDescriptionLanguage == nil)
        #expect(org.validate(reference: Fixtures.reference).isEmpty)
    }

    @Test func theSecondLanguageIsReadInAnyCase() {
        var org = Fixtures.completeOrganisation()
        org.secondDescriptionLanguage = " FR "
        org.normalise()
        #expect(org.secondDescriptionLanguage == "fr")
    }

    // MARK: Country and region

    @Test func anUnknownCountryIsRefusedByName() {
        let fields = errors {
            $0.country = "XX"; $0.region = nil
        }
        #expect(Array(fields.keys) == ["country"])
        #expect(fields["country"]?.contains("XX is unknown") == true)
    }

    @Test func aCountryIsRequired() {
        #expect(
            errors {
                $0.country = ""; $0.region = nil
            } == ["country": "is required"])
    }

    @Test func aRegionOfAnotherCountryIsRefused() {
        // given: DE21 (Oberbayern) is a real level-2 region, but of Germany
        let fields = errors {
            $0.country = "FR"; $0.region = "DE21"
        }
        // then
        #expect(fields == ["region": "DE21 is a region of DE, not of FR"])
    }

    @Test func aLevelOneRegionIsRefused() {
        #expect(errors { $0.region = "FR1" }["region"]?.contains("level 2 or 3") == true)
    }

    @Test(arguments: ["FR10", "FR101", "FRG0", "FRY40"])
    func aLevelTwoOrThreeRegionIsAccepted(region: String) {
        #expect(errors { $0.region = region } == [:])
    }

    @Test func freeTextIsNotARegionForACountryWithRegionCodes() {
        let fields = errors { $0.region = "Pays de la Loire" }
        #expect(fields["region"]?.contains("for example FR10") == true)
    }

    @Test func aFreeTextRegionIsAcceptedForACountryWithoutRegionCodes() {
        // given: Armenia takes part in COSME but has no NUTS or statistical regions
        #expect(Fixtures.reference.country("AM")?.hasRegionCodes == false)
        // then
        #expect(
            errors {
                $0.country = "AM"; $0.region = "Shirak"; $0.city = "Gyumri"
            } == [:])
    }

    @Test func aFreeTextRegionHasALengthLimit() {
        let fields = errors {
            $0.country = "AM"; $0.region = String(repeating: "r", count: OrganisationLimits.region + 1)
        }
        #expect(Array(fields.keys) == ["region"])
    }

    @Test func greeceIsGRWithRegionCodesStartingWithEL() {
        // given: NUTS writes Greece as EL; profiles use the ISO code GR
        #expect(Fixtures.reference.region("EL30")?.name == "Attiki")
        // then
        #expect(
            errors {
                $0.country = "GR"; $0.region = "EL30"
            } == [:])
        #expect(
            errors {
                $0.country = "GR"; $0.region = "EL303"
            } == [:])
        #expect(
            errors {
                $0.country = "EL"; $0.region = nil
            }.keys.contains("country"))
        #expect(
            errors {
                $0.country = "GR"; $0.region = "GR30"
            }.keys.contains("region"))
    }

    @Test func anExtraRegioCodeIsNotARegionAProfileCanPick() {
        // given: FRZZ is in the NUTS file, but selectableRegions (the form's list) leaves it out
        #expect(!Fixtures.reference.selectableRegions(country: "FR").contains { $0.code == "FRZZ" })
        // then
        #expect(errors { $0.region = "FRZZ" }.keys.contains("region"))
    }

    // MARK: Website and contact

    @Test(arguments: [
        "lpa.example.eu", "ftp://lpa.example.eu", "javascript:alert(1)", "https://localhost",
        "https://lpa.example.eu/a page", "https://",
    ])
    func aWebsiteMustBeAnHTTPURLWithAHost(website: String) {
        #expect(errors { $0.website = website }["website"] == "must be an https:// or http:// URL")
    }

    @Test(arguments: ["https://lpa.example.eu", "http://lpa.example.eu/en/", "HTTPS://LPA.EXAMPLE.EU"])
    func httpAndHttpsWebsitesAreAccepted(website: String) {
        #expect(errors { $0.website = website } == [:])
    }

    @Test func aWebsiteHostMayNotStartWithADot() {
        #expect(errors { $0.website = "http://.eu" }.keys.contains("website"))
    }

    @Test(arguments: [
        "lea.marchand", "lea@example", "lea marchand@example.eu", "lea@@example.eu", "@example.eu",
        "lea@.example.eu", "lea@example.eu.",
    ])
    func aContactEmailMustLookLikeAnAddress(email: String) {
        #expect(errors { $0.contactEmail = email }.keys.contains("contact_email"))
    }

    @Test func aPlainContactEmailIsAccepted() {
        #expect(errors { $0.contactEmail = "l.marchand+clusters@lpa.example.eu" } == [:])
    }

    // MARK: Numbers

    @Test func aKindOfMemberMayNotExceedTheTotal() {
        let fields = errors { $0.members = MemberCounts(total: 10, sme: 12) }
        #expect(fields["members_sme"] == "must not exceed members_total (10)")
    }

    @Test func theKindsOfMembersMayNotAddUpToMoreThanTheTotal() {
        let fields = errors { $0.members = MemberCounts(total: 10, sme: 6, large: 6) }
        #expect(fields == ["members_total": "must be at least the sum of the members by kind (12)"])
    }

    @Test func kindsMayAddUpToExactlyTheTotal() {
        #expect(errors { $0.members = MemberCounts(total: 12, sme: 6, large: 6) } == [:])
    }

    @Test func memberCountsMayNotBeNegative() {
        #expect(errors { $0.members = MemberCounts(total: -1) }.keys.contains("members_total"))
        #expect(errors { $0.members = MemberCounts(total: 10, research: -2) }.keys.contains("members_research"))
    }

    @Test func staffMustBeBetweenZeroAndTenThousand() {
        #expect(errors { $0.staffFTE = -0.5 }.keys.contains("staff_fte"))
        #expect(errors { $0.staffFTE = .nan }.keys.contains("staff_fte"))
        #expect(errors { $0.staffFTE = 0 } == [:])
    }

    @Test func theFoundingYearMayNotBeInTheFutureOrBefore1800() {
        let thisYear = Calendar(identifier: .gregorian).component(.year, from: Date())
        #expect(errors { $0.founded = thisYear + 1 }.keys.contains("founded"))
        #expect(errors { $0.founded = 1799 }.keys.contains("founded"))
        #expect(errors { $0.founded = thisYear } == [:])
    }

    // MARK: Reference ids

    @Test func anUnknownSectorIsRefused() {
        #expect(errors { $0.sectors = [4, 52] }["sectors"]?.hasPrefix("52 is not a cluster sector id") == true)
        #expect(errors { $0.sectors = [0] }.keys.contains("sectors"))
    }

    @Test func anUnknownEcosystemIsRefused() {
        #expect(errors { $0.ecosystems = [15] }.keys.contains("ecosystems"))
    }

    @Test func anUnknownEmergingIndustryIsRefused() {
        #expect(errors { $0.emergingIndustries = [11] }.keys.contains("emerging_industries"))
    }

    @Test func anUnknownTechnologyIsRefused() {
        #expect(errors { $0.technologies = ["KET2018-1", "KET2030-1"] }["technologies"]?.hasPrefix("KET2030-1") == true)
    }

    @Test func anUnknownNACECodeIsRefused() {
        #expect(errors { $0.nace = ["26.70", "26.99"] }["nace"]?.hasPrefix("26.99") == true)
    }

    @Test func anUnknownCountryOfInterestIsRefused() {
        #expect(errors { $0.countriesOfInterest = ["DE", "XX"] }.keys.contains("countries_of_interest"))
    }

    // MARK: Lengths

    @Test func textFieldsHaveLengthLimits() {
        #expect(errors { $0.name = String(repeating: "n", count: OrganisationLimits.name) } == [:])
        #expect(errors { $0.name = String(repeating: "n", count: OrganisationLimits.name + 1) }.keys.contains("name"))
        #expect(errors { $0.acronym = String(repeating: "A", count: OrganisationLimits.acronym + 1) }.keys.contains("acronym"))
        #expect(errors { $0.description = String(repeating: "d", count: OrganisationLimits.description + 1) }.keys.contains("description"))
        #expect(errors { $0.city = String(repeating: "c", count: OrganisationLimits.city + 1) }.keys.contains("city"))
        #expect(errors { $0.contactName = String(repeating: "c", count: OrganisationLimits.contactName + 1) }.keys.contains("contact_name"))
        #expect(errors { $0.website = "https://lpa.example.eu/" + String(repeating: "p", count: OrganisationLimits.website) }.keys.contains("website"))
    }

    @Test func lengthsCountCharactersNotBytes() {
        // given: 200 accented letters are 400 bytes of UTF-8
        #expect(errors { $0.name = String(repeating: "é", count: OrganisationLimits.name) } == [:])
    }

    @Test func keywordsHaveALengthLimitAndListsACountLimit() {
        #expect(errors { $0.tags = [String(repeating: "t", count: OrganisationLimits.keyword + 1)] }.keys.contains("tags"))
        #expect(errors { $0.s3Priorities = [String(repeating: "s", count: OrganisationLimits.keyword + 1)] }.keys.contains("s3_priorities"))
        #expect(errors { $0.tags = (0...OrganisationLimits.listItems).map { "tag \($0)" } }["tags"] == "must list at most 60 items")
    }

    @Test func anInfrastructureDescriptionHasALengthLimit() {
        let long = Infrastructure(kind: .fabLab, detail: String(repeating: "x", count: OrganisationLimits.infrastructureDetail + 1))
        #expect(errors { $0.infrastructures = [long] }.keys.contains("infrastructures"))
    }

    @Test func aLabelYearMustBePlausible() {
        #expect(errors { $0.labels = [ClusterLabel(level: .gold, year: 1999)] }.keys.contains("labels"))
    }

    // MARK: Normalisation

    @Test func normaliseTrimsTextAndTurnsBlankOptionalsIntoNil() {
        // given
        var org = Organisation(
            name: "  Loire Photonics Alliance \n", acronym: "   ", type: .clusterOrganisation,
            country: " fr ", region: " FRG01 ", city: "\tNantes", website: "",
            nace: [" c ", "26.70"], countriesOfInterest: [" de", "DE"])
        // when
        org.normalise()
        // then
        #expect(org.name == "Loire Photonics Alliance")
        #expect(org.acronym == nil)
        #expect(org.website == nil)
        #expect(org.country == "FR")
        #expect(org.region == "FRG01")
        #expect(org.city == "Nantes")
        #expect(org.nace == ["C", "26.70"])
        #expect(org.countriesOfInterest == ["DE"])
    }

    @Test func normaliseDropsDuplicateKeywordsAndKeepsTheirCase() {
        // given
        var org = Organisation(
            name: "X", type: .clusterOrganisation, country: "FR",
            s3Priorities: ["Industrial modernisation", " Industrial modernisation "],
            tags: [" UAV", "drones", "UAV ", "", "drones"])
        // when
        org.normalise()
        // then
        #expect(org.tags == ["UAV", "drones"])
        #expect(org.s3Priorities == ["Industrial modernisation"])
    }

    @Test func normaliseTreatsKeywordsDifferingOnlyInCaseAsDuplicates() {
        // given: the doc comment says "case kept, first one wins", which only means something if
        // "Drones" and "drones" are the same keyword
        var org = Organisation(name: "X", type: .clusterOrganisation, country: "FR", tags: ["Drones", "drones"])
        // when
        org.normalise()
        // then
        #expect(org.tags == ["Drones"])
    }

    @Test func normaliseDropsDuplicateIdsLabelsAndInfrastructures() {
        var org = Fixtures.completeOrganisation()
        org.sectors = [23, 23, 27]
        org.labels += org.labels
        org.infrastructures += org.infrastructures
        org.normalise()
        #expect(org == Fixtures.completeOrganisation())
    }
}

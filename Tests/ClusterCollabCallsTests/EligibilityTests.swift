import ClusterCollabCalls
import ClusterCollabCore
import Testing

/// Each rule, passing and failing, with the sentence the applicant reads.
@Suite struct EligibilityTests {
    let reference = ReferenceData.shipped

    let pole = EligibilityMember(
        organisationID: 1, name: "Pôle Drones Île-de-France", country: "FR",
        type: .clusterOrganisation, regionCategory: .moreDeveloped)
    let kosice = EligibilityMember(
        organisationID: 2, name: "Košice IT Valley", country: "SK",
        type: .clusterMember, regionCategory: .lessDeveloped)
    let kattegat = EligibilityMember(
        organisationID: 3, name: "Agri-Food Alliance Kattegat", country: "DK",
        type: .clusterProject, regionCategory: .moreDeveloped)
    let kastamonu = EligibilityMember(
        organisationID: 4, name: "Kastamonu Network for UAV", country: "TR",
        type: .clusterProject)
    let bavaria = EligibilityMember(
        organisationID: 5, name: "Bavarian Aerospace Network", country: "DE",
        type: .clusterMember, regionCategory: .transition)

    func result(_ rule: EligibilityRule, _ members: [EligibilityMember]) -> RuleResult {
        let results = Eligibility.evaluate(rules: [rule], members: members, reference: reference)
        #expect(results.count == 1)
        return results[0]
    }

    // MARK: min_members

    @Test func tooFewMembersSaysHowManyAreMissing() {
        // given two members and a rule asking for three
        let r = result(.minMembers(3), [pole, kosice])
        // then
        #expect(!r.passed)
        #expect(r.sentence == "Only 2 members; at least 3 are required.")
    }

    @Test func enoughMembersPass() {
        let r = result(.minMembers(3), [pole, kosice, bavaria])
        #expect(r.passed)
        #expect(r.sentence == "3 members (at least 3 are required).")
    }

    @Test func anEmptyConsortiumFailsTheMemberMinimum() {
        let r = result(.minMembers(1), [])
        #expect(!r.passed)
        #expect(r.sentence == "No members; at least 1 is required.")
    }

    // MARK: min_countries

    @Test func tooFewCountriesNamesTheCountries() {
        var second = pole
        second.organisationID = 9
        second.name = "Aerospace Valley"
        let r = result(.minCountries(3), [pole, kosice, second])
        #expect(!r.passed)
        #expect(r.sentence == "Members come from 2 countries (France, Slovakia); at least 3 are required.")
    }

    @Test func enoughCountriesPass() {
        let r = result(.minCountries(3), [pole, kosice, bavaria])
        #expect(r.passed)
        #expect(r.sentence == "Members come from 3 countries (France, Germany, Slovakia).")
    }

    // MARK: allowed_countries

    @Test func aMemberOutsideTheEUIsNamedWithItsCountry() {
        let r = result(.allowedCountries(.eu), [pole, kosice, kastamonu])
        #expect(!r.passed)
        #expect(r.sentence == "Kastamonu Network for UAV (Türkiye) is outside the EU member states.")
    }

    @Test func turkeyCountsInEUPlusCOSMEButNotInEU() {
        let members = [pole, kosice, kastamonu]
        #expect(!result(.allowedCountries(.eu), members).passed)
        let r = result(.allowedCountries(.euCOSME), members)
        #expect(r.passed)
        #expect(r.sentence == "All members are in EU member states or COSME-participating countries.")
    }

    @Test func norwayFollowsTheReferenceData() throws {
        // given Norway's flags as the shipped reference has them (not as this test assumes)
        let norway = try #require(reference.country("NO"))
        let member = EligibilityMember(organisationID: 7, name: "Oslo Maritime Cluster", country: "NO", type: .clusterOrganisation)
        // then each set counts Norway exactly when the reference says so
        #expect(result(.allowedCountries(.eu), [member]).passed == norway.euMember)
        #expect(result(.allowedCountries(.euCOSME), [member]).passed == (norway.euMember || norway.cosmeParticipating))
        if !(norway.euMember || norway.cosmeParticipating) {
            #expect(
                result(.allowedCountries(.euCOSME), [member]).sentence
                    == "Oslo Maritime Cluster (Norway) is outside the EU member states and COSME-participating countries.")
        }
    }

    @Test func namedSetsAgreeWithEveryCountryOfTheReference() {
        for country in reference.countries {
            let member = EligibilityMember(organisationID: 1, name: "X", country: country.code, type: .clusterMember)
            #expect(result(.allowedCountries(.eu), [member]).passed == country.euMember, "\(country.code)")
            #expect(result(.allowedCountries(.euCOSME), [member]).passed == (country.euMember || country.cosmeParticipating), "\(country.code)")
        }
    }

    @Test func anExplicitCountryListNamesEveryMemberOutsideIt() {
        let r = result(.allowedCountries(["FR", "DE"]), [pole, kosice, bavaria, kastamonu])
        #expect(!r.passed)
        #expect(r.sentence == "Košice IT Valley (Slovakia) and Kastamonu Network for UAV (Türkiye) are outside the allowed countries (France, Germany).")
        let ok = result(.allowedCountries(["FR", "DE"]), [pole, bavaria])
        #expect(ok.passed)
        #expect(ok.sentence == "All members are in the allowed countries (France, Germany).")
    }

    @Test func allMembersInTheEUPass() {
        let r = result(.allowedCountries(.eu), [pole, kosice])
        #expect(r.passed)
        #expect(r.sentence == "All members are in EU member states.")
    }

    // MARK: required_type

    @Test func aMissingTypeIsNamed() {
        let r = result(.requiredType(.clusterOrganisation), [kosice, kattegat])
        #expect(!r.passed)
        #expect(r.sentence == "No member is a cluster organisation; at least 1 is required.")
    }

    @Test func tooFewOfATypeNamesThoseThereAre() {
        let r = result(.requiredType(.clusterMember, atLeast: 3), [kosice, bavaria, pole])
        #expect(!r.passed)
        #expect(r.sentence == "Only 2 members are cluster member organisations (Košice IT Valley and Bavarian Aerospace Network); at least 3 are required.")
    }

    @Test func aPresentTypePasses() {
        let r = result(.requiredType(.clusterOrganisation), [pole, kosice])
        #expect(r.passed)
        #expect(r.sentence == "1 member is a cluster organisation (Pôle Drones Île-de-France).")
    }

    // MARK: region_category

    @Test func withoutLoadedCategoriesTheRegionRuleSaysSo() {
        var a = pole, b = kosice
        a.regionCategory = nil
        b.regionCategory = nil
        let r = result(.regionCategory([.lessDeveloped, .transition]), [a, b])
        #expect(!r.passed)
        #expect(r.sentence == "No member is in a less developed or transition region (no region categories are loaded).")
    }

    @Test func withCategoriesButNoneQualifyingTheRuleFails() {
        let r = result(.regionCategory([.lessDeveloped, .transition]), [pole, kattegat, kastamonu])
        #expect(!r.passed)
        #expect(r.sentence == "No member is in a less developed or transition region; at least 1 is required.")
    }

    @Test func aMemberInATransitionRegionPasses() {
        let r = result(.regionCategory([.lessDeveloped, .transition]), [pole, bavaria])
        #expect(r.passed)
        #expect(r.sentence == "1 member is in a less developed or transition region (Bavarian Aerospace Network).")
    }

    @Test func onlyTheListedCategoriesCount() {
        // a transition region does not count when only less developed ones are asked for
        let r = result(.regionCategory([.lessDeveloped], atLeast: 1), [pole, bavaria])
        #expect(!r.passed)
        #expect(r.sentence == "No member is in a less developed region; at least 1 is required.")
    }

    @Test func tooFewQualifyingMembersAreCounted() {
        let r = result(.regionCategory([.lessDeveloped, .transition], atLeast: 3), [pole, kosice, bavaria])
        #expect(!r.passed)
        #expect(
            r.sentence
                == "Only 2 members are in less developed or transition regions (Košice IT Valley and Bavarian Aerospace Network); at least 3 are required.")
    }

    // MARK: published_only

    @Test func anUnpublishedProfileIsNamed() {
        var k = kattegat
        k.published = false
        let r = result(.publishedOnly, [pole, k])
        #expect(!r.passed)
        #expect(r.sentence == "Agri-Food Alliance Kattegat has not published its profile.")
    }

    @Test func severalUnpublishedProfilesAreNamed() {
        var k = kattegat, p = pole
        k.published = false
        p.published = false
        let r = result(.publishedOnly, [p, kosice, k])
        #expect(r.sentence == "Pôle Drones Île-de-France and Agri-Food Alliance Kattegat have not published their profiles.")
    }

    @Test func publishedProfilesPass() {
        let r = result(.publishedOnly, [pole, kosice])
        #expect(r.passed)
        #expect(r.sentence == "All members have published their profiles.")
    }

    // MARK: max_applications_per_organisation

    @Test func anOrganisationAlreadyInAnotherApplicationIsNamed() {
        var p = pole
        p.otherApplications = 1
        let r = result(.maxApplicationsPerOrganisation(1), [p, kosice])
        #expect(!r.passed)
        #expect(r.sentence == "Pôle Drones Île-de-France is already in 1 other application to this call; at most 1 is allowed.")
    }

    @Test func thisApplicationCountsTowardsTheLimit() {
        var p = pole
        p.otherApplications = 1
        // one other plus this one makes two, which a limit of two allows
        #expect(result(.maxApplicationsPerOrganisation(2), [p]).passed)
        p.otherApplications = 2
        let r = result(.maxApplicationsPerOrganisation(2), [p])
        #expect(!r.passed)
        #expect(r.sentence == "Pôle Drones Île-de-France is already in 2 other applications to this call; at most 2 are allowed.")
    }

    @Test func membersWithoutOtherApplicationsPass() {
        let r = result(.maxApplicationsPerOrganisation(1), [pole, kosice])
        #expect(r.passed)
        #expect(r.sentence == "No member is in another application to this call.")
    }

    // MARK: the whole check

    @Test func resultsFollowTheRulesOrderAndDecideEligibility() {
        let rules: [EligibilityRule] = [.minMembers(3), .allowedCountries(.eu), .publishedOnly]
        let eligible = Eligibility.evaluate(rules: rules, members: [pole, kosice, bavaria], reference: reference)
        #expect(eligible.map(\.rule) == rules)
        #expect(Eligibility.isEligible(eligible))
        let ineligible = Eligibility.evaluate(rules: rules, members: [pole, kastamonu], reference: reference)
        #expect(!Eligibility.isEligible(ineligible))
        #expect(
            Eligibility.failures(ineligible) == [
                "Only 2 members; at least 3 are required.",
                "Kastamonu Network for UAV (Türkiye) is outside the EU member states.",
            ])
    }

    @Test func aCallWithoutRulesTakesAnyConsortium() {
        #expect(Eligibility.isEligible(Eligibility.evaluate(rules: [], members: [pole], reference: reference)))
    }
}

/// Sentences of passed rules stay short however large the consortium.
@Suite struct EligibilityShortSentenceTests {
    @Test func aPassedTypeRuleNamesAFewMembersAndCountsTheRest() {
        let members = (1...5).map {
            EligibilityMember(
                organisationID: Int64($0), name: "Cluster \($0)", country: "FR", type: .clusterOrganisation,
                regionCategory: .transition)
        }
        let results = Eligibility.evaluate(
            rules: [.requiredType(.clusterOrganisation), .regionCategory([.transition])],
            members: members, reference: .shipped)
        #expect(
            results.map(\.sentence) == [
                "5 members are cluster organisations (Cluster 1, Cluster 2, Cluster 3 and 2 more).",
                "5 members are in transition regions (Cluster 1, Cluster 2, Cluster 3 and 2 more).",
            ])
    }
}

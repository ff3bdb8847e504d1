import Foundation
import Testing
@testable import ClusterCollabCore

/// The demo sets the tests share: generating 100,000 takes seconds in a debug build, so it is done once.
enum DemoSets {
    /// 1 June 2025: a fixed instant, so that dates and founding years do not depend on when tests run.
    static let now = Date(timeIntervalSince1970: 1_748_736_000)
    static let small = DemoOrganisations.generate(count: 300, now: now, reference: Fixtures.reference)
    static let large = DemoOrganisations.generate(count: 100_000, now: now, reference: Fixtures.reference)

    /// In how many descriptions of the large set each word of seven letters or more appears (lower-cased;
    /// every term the benchmarks use is that long). Works on bytes: Characters are slow in debug builds.
    static let documentFrequency: [String: Int] = {
        var frequency: [String: Int] = [:]
        var seen = Set<String>()
        for org in large {
            seen.removeAll(keepingCapacity: true)
            let bytes = Array((org.description ?? "").utf8)
            var start = 0
            for i in 0...bytes.count {
                let letter = i < bytes.count && (bytes[i] >= 0x80 || (bytes[i] | 0x20 >= 0x61 && bytes[i] | 0x20 <= 0x7A))
                if letter { continue }
                if i - start >= 7 {
                    let word = String(decoding: bytes[start..<i].map { $0 < 0x80 ? $0 | 0x20 : $0 }, as: UTF8.self)
                    if seen.insert(word).inserted { frequency[word, default: 0] += 1 }
                }
                start = i + 1
            }
        }
        return frequency
    }()

    static func share(_ count: Int) -> Double { Double(count) / Double(large.count) }
}

@Suite("Demo organisations")
struct DemoOrganisationsTests {
    let reference = Fixtures.reference
    let small = DemoSets.small

    // MARK: Determinism

    @Test func theSameSeedGivesTheSameOrganisations() {
        #expect(DemoOrganisations.generate(count: 300, now: DemoSets.now, reference: reference) == small)
    }

    @Test func anotherSeedGivesOtherOrganisationsAfterTheFrenchSet() {
        // given
        let other = DemoOrganisations.generate(count: 300, seed: 7, now: DemoSets.now, reference: reference)
        let french = DemoCuratedCluster.french.count
        // then
        #expect(other.prefix(french).map(\.name) == small.prefix(french).map(\.name))
        #expect(other.dropFirst(french).map(\.name) != small.dropFirst(french).map(\.name))
    }

    @Test func aSmallerDemoIsTheBeginningOfALargerOne() {
        #expect(Array(DemoOrganisations.generate(count: 60, now: DemoSets.now, reference: reference)) == Array(small.prefix(60)))
        #expect(Array(DemoSets.large.prefix(300)) == small)
    }

    @Test func someFrenchClustersDescribeThemselvesInFrenchAsWell() throws {
        // given the hand-written French clusters at the start of every demo
        let french = small.prefix(DemoCuratedCluster.french.count)
        let withFrench = french.filter { $0.secondDescription != nil }
        // then several have a valid French description beside the English one
        #expect(withFrench.count >= 5)
        for org in withFrench {
            #expect(org.secondDescriptionLanguage == "fr")
            #expect(org.validate(reference: reference).isEmpty, "\(org.name)")
        }
        // and the drone cluster of the partnering story keeps its facts, so its recommendations do not move
        #expect(try #require(french.first).secondDescription == nil)
    }

    @Test func askingForNothingGivesNothing() {
        #expect(DemoOrganisations.generate(count: 0, now: DemoSets.now, reference: reference).isEmpty)
    }

    // MARK: Resource files

    @Test func theResourceFilesReferToEachOther() {
        for cluster in DemoCuratedCluster.french { #expect(DemoTheme.byKey[cluster.theme] != nil, "\(cluster.name): \(cluster.theme)") }
        for (code, style) in DemoWords.countries { #expect(DemoWords.people[style.people] != nil, "\(code): \(style.people)") }
        #expect(DemoTheme.byKey.count == DemoTheme.all.count)
    }

    @Test func aTemplateFillsItsSlotsAndKeepsTheRest() {
        let template = DemoTemplate("{name} works on {focus} in {region}.")
        #expect(template.render(["name": "Loire Photonics Alliance", "focus": "lasers"]) == "Loire Photonics Alliance works on lasers in {region}.")
    }

    // MARK: Validity

    @Test func everyOrganisationOfTheDefaultDemoIsValid() {
        for org in small {
            var normalised = org
            normalised.normalise()
            #expect(normalised.validate(reference: reference).isEmpty, "\(org.name): \(normalised.validate(reference: reference))")
        }
    }

    @Test func aSampleOfAHundredThousandIsValid() {
        for org in stride(from: 0, to: DemoSets.large.count, by: 41).map({ DemoSets.large[$0] }) {
            var normalised = org
            normalised.normalise()
            #expect(normalised.validate(reference: reference).isEmpty, "\(org.name): \(normalised.validate(reference: reference))")
        }
    }

    @Test func demoOrganisationsAreAlreadyNormalised() {
        for org in small {
            var normalised = org
            normalised.normalise()
            #expect(normalised == org, "\(org.name)")
        }
    }

    @Test func storageAssignsIdsAndSlugs() {
        #expect(DemoSets.large.allSatisfy { $0.id == 0 && $0.slug.isEmpty })
    }

    @Test func namesAreUniquePerCountryAlsoInAHundredThousand() {
        // Import treats the same name and country as the same organisation; folded, so that even an
        // accent-insensitive importer sees distinct names.
        for set in [small, DemoSets.large] {
            let keys = Set(set.map { TextFolding.fold($0.name) + "|" + $0.country })
            #expect(keys.count == set.count)
        }
    }

    @Test func datesSpreadOverTheLastSixYears() {
        let now = DemoSets.now
        let sixYearsAgo = now.addingTimeInterval(-6 * 365 * 86_400)
        for org in small {
            #expect(org.createdAt >= sixYearsAgo && org.createdAt <= org.updatedAt && org.updatedAt <= now, "\(org.name)")
        }
        let created = small.map(\.createdAt)
        #expect(created.min()! < now.addingTimeInterval(-5 * 365 * 86_400))
        #expect(created.max()! > now.addingTimeInterval(-365 * 86_400))
    }

    // MARK: The acceptance story

    @Test func theDemoOpensWithFortyPublishedFrenchClusterOrganisations() {
        func isPublishedFrenchCluster(_ org: Organisation) -> Bool {
            org.country == "FR" && org.type == .clusterOrganisation && org.status == .published
        }
        #expect(small.prefix(40).allSatisfy(isPublishedFrenchCluster))
        #expect(small.filter(isPublishedFrenchCluster).count >= 40)
    }

    @Test func thereIsExactlyOneDroneClusterInIleDeFrance() {
        for set in [small, DemoSets.large] {
            let drones = set.filter {
                $0.type == .clusterOrganisation && $0.name.contains("Drone")
                    && $0.region.flatMap(reference.nuts2(of:))?.code == "FR10"
            }
            #expect(drones.map(\.name) == ["Pôle Drones Île-de-France"])
        }
        #expect(DemoOrganisations.droneClusterName == "Pôle Drones Île-de-France")
    }

    @Test func theDroneClusterSpeaksOfDronesAndFitsAerospaceAndIndustrialModernisation() throws {
        // given
        let drone = try #require(small.first { $0.name == DemoOrganisations.droneClusterName })
        let description = try #require(drone.description)
        // then
        #expect(drone.status == .published)
        #expect(description.contains("drone") && description.contains("UAV"))
        #expect(drone.tags.contains("drones") && drone.tags.contains("UAV"))
        #expect(drone.s3Priorities.contains("industrial modernisation"))
        #expect(drone.s3Priorities.contains { $0.contains("drone") || $0.contains("UAV") })
        #expect(drone.sectors.contains(1))  // Aerospace vehicles and defence
        #expect(drone.ecosystems.contains(1))  // Aerospace & defence
        #expect(drone.technologies.contains("KET2018-1"))  // Advanced manufacturing
        #expect(ValidationChecklist(drone).items.allSatisfy { $0.met })
    }

    @Test func everyTypeLabelLevelAndStatusAppearsInTheDefaultDemo() {
        #expect(Set(small.map(\.type)) == Set(OrganisationType.allCases))
        #expect(Set(small.map(\.status)) == Set(ProfileStatus.allCases))
        #expect(Set(small.flatMap(\.labels).map(\.level)) == Set(ClusterLabel.Level.allCases))
        #expect(small.contains { $0.programmeRecognition != nil })
    }

    @Test func mostProfilesArePublishedClusterOrganisations() {
        let large = DemoSets.large
        let published = DemoSets.share(large.filter { $0.status == .published }.count)
        #expect(published > 0.8 && published < 0.9)
        var byType: [OrganisationType: Int] = [:]
        for org in large { byType[org.type, default: 0] += 1 }
        #expect(byType.max { $0.value < $1.value }?.key == .clusterOrganisation)
        #expect(byType[.nationalClusterOrganisation, default: 0] < byType[.clusterProject, default: 0])
    }

    @Test func labelYearsRunFrom2013ToTheYearOfNow() {
        let years = DemoSets.large.flatMap(\.labels).map(\.year)
        #expect(years.min() == 2013)
        #expect(years.max() == 2025)
    }

    // MARK: Where

    @Test func countriesAreTheEUAndCOSMEOnesWeightedBySize() {
        // given
        let allowed = Set(reference.countries.filter { $0.euMember || $0.cosmeParticipating }.map(\.code))
        var byCountry: [String: Int] = [:]
        for org in DemoSets.large { byCountry[org.country, default: 0] += 1 }
        // then
        #expect(Set(byCountry.keys) == allowed)
        let biggest = byCountry.sorted { $0.value > $1.value }.prefix(5).map(\.key)
        #expect(Set(biggest) == ["FR", "DE", "IT", "ES", "PL"])
    }

    @Test func regionsAreSelectableCodesOrFreeText() {
        var selectable: [String: Set<String>] = [:]
        for org in DemoSets.large {
            let country = reference.country(org.country)!
            if country.hasRegionCodes {
                if selectable[org.country] == nil {
                    selectable[org.country] = Set(reference.selectableRegions(country: org.country).map(\.code))
                }
                #expect(selectable[org.country]!.contains(org.region ?? ""), "\(org.name) \(org.region ?? "nil")")
            } else {
                #expect(org.region?.isEmpty == false, "\(org.name)")
            }
            #expect(org.city?.isEmpty == false, "\(org.name)")
        }
    }

    @Test func greekOrganisationsAreGRWithELRegions() {
        let greek = DemoSets.large.filter { $0.country == "GR" }
        #expect(!greek.isEmpty)
        #expect(greek.allSatisfy { $0.region?.hasPrefix("EL") == true })
    }

    @Test func bothLevelsOfRegionAreUsed() {
        let levels = Set(small.compactMap { $0.region.flatMap(reference.region)?.level })
        #expect(levels == [2, 3])
    }

    // MARK: What

    @Test func websitesAndEmailsUseExampleDomains() throws {
        for org in small {
            let website = try #require(org.website.flatMap(URL.init(string:)), "\(org.name)")
            #expect(website.scheme == "https")
            #expect(website.host?.hasSuffix(".example.eu") == true, "\(org.name)")
            if let email = org.contactEmail {
                #expect(email.split(separator: "@").last.map(String.init) == website.host, "\(org.name)")
                #expect(org.contactName != nil)
            }
        }
    }

    @Test func memberCountsRangeFromSmallToLarge() {
        let totals = small.filter { $0.type == .clusterOrganisation }.compactMap(\.members.total)
        #expect(totals.contains { $0 < 15 })
        #expect(totals.contains { $0 >= 500 })
        #expect(totals.filter { (15...150).contains($0) }.count > totals.count / 2)
        for org in small {
            let byKind = org.members.kinds.compactMap(\.count).reduce(0, +)
            #expect(byKind <= org.members.total ?? 0 || org.members.total == nil, "\(org.name)")
        }
    }

    @Test func staffAndFoundingYearsStayInRange() {
        for org in DemoSets.large.prefix(5_000) {
            if let staff = org.staffFTE { #expect(staff >= 0.2 && staff <= 12, "\(org.name)") }
            #expect((1990...2024).contains(org.founded ?? 0), "\(org.name)")
        }
        #expect(small.contains { ($0.staffFTE ?? 1) < 0.5 })
    }

    @Test func taxonomiesAreSpreadOverEveryEntry() {
        let large = DemoSets.large
        #expect(Set(large.flatMap(\.sectors)) == Set(1...51))
        #expect(Set(large.flatMap(\.ecosystems)) == Set(1...14))
        #expect(Set(large.flatMap(\.emergingIndustries)) == Set(1...10))
        #expect(Set(large.flatMap(\.technologies)) == Set(reference.technologies.map(\.id)))
        #expect(Set(large.prefix(2_000).flatMap(\.nace).compactMap { reference.naceCode($0)?.level }) == [2, 3, 4])
        #expect(Set(large.flatMap(\.infrastructures).map(\.kind)) == Set(Infrastructure.Kind.allCases))
    }

    @Test func listsHaveTheirUsualLengths() {
        for org in small {
            #expect((1...4).contains(org.s3Priorities.count), "\(org.name)")
            #expect((2...6).contains(org.tags.count), "\(org.name)")
            #expect((0...2).contains(org.infrastructures.count), "\(org.name)")
            #expect(!org.sectors.isEmpty && !org.ecosystems.isEmpty && !org.technologies.isEmpty && !org.nace.isEmpty)
        }
        #expect(small.contains { !$0.countriesOfInterest.isEmpty })
        #expect(Double(small.filter { $0.acronym != nil }.count) > 0.7 * Double(small.count))
    }

    @Test func namesMayCarryAccents() {
        #expect(small.contains { $0.name.lowercased() != TextFolding.fold($0.name) })
    }

    // MARK: Descriptions

    @Test func descriptionsHaveTwoToFourSentences() throws {
        for org in small {
            // Names such as "Corico Metalworking S.r.l." have dots of their own.
            let text = try #require(org.description).replacingOccurrences(of: org.name, with: "NAME")
            let sentences = text.components(separatedBy: ". ").count
            #expect((2...4).contains(sentences), "\(org.name): \(text)")
        }
    }

    @Test func clusterIsInMoreThanHalfOfDescriptions() {
        #expect(DemoSets.share(DemoSets.documentFrequency[DemoOrganisations.commonTerm, default: 0]) > 0.5)
    }

    @Test func midFrequencyTermsAreInOneToFivePercentOfDescriptions() {
        for term in DemoOrganisations.midFrequencyTerms {
            let share = DemoSets.share(DemoSets.documentFrequency[term, default: 0])
            #expect(share >= 0.01 && share <= 0.05, "\(term): \(share)")
        }
    }

    @Test func rareTermsAreInFewerThanOneDescriptionInAThousand() {
        for term in DemoOrganisations.rareTerms {
            let count = DemoSets.documentFrequency[term, default: 0]
            #expect(count > 0 && DemoSets.share(count) < 0.001, "\(term): \(count)")
        }
    }
}

import Foundation

/// Realistic, clearly fictional organisations for the demo platform and for benchmarks.
///
/// Every organisation is valid (`validate(reference:)` finds nothing after `normalise()`), names are unique
/// per country, websites and e-mail addresses use `example.eu` so that no real site is linked. The first
/// organisations are a fixed set of French cluster organisations, with the Île-de-France drone cluster of
/// the acceptance story first; the rest follows from the seed.
public enum DemoOrganisations {
    /// A word in more than half of all descriptions, for benchmarks of a search that matches most rows.
    public static let commonTerm = "cluster"

    /// Words that each appear in 1-5% of descriptions, for benchmarks of mid-frequency searches.
    public static var midFrequencyTerms: [String] { DemoWords.midFrequencyTopics }

    /// Words that each appear in fewer than 0.1% of descriptions (of a large set), for rare-term searches.
    public static var rareTerms: [String] { DemoWords.rareTopics }

    /// The name of the Île-de-France drone cluster that posts the partner search of the acceptance story.
    public static var droneClusterName: String { DemoCuratedCluster.french[0].name }

    /// `count` organisations, deterministic for a given seed; dates relative to `now`.
    public static func generate(count: Int, seed: UInt64 = 2016, now: Date, reference: ReferenceData) -> [Organisation] {
        guard count > 0 else { return [] }
        var generator = DemoGenerator(seed: seed, now: now, reference: reference)
        generator.usedNames.reserveCapacity(count)
        var result: [Organisation] = []
        result.reserveCapacity(count)
        for index in 0..<count { result.append(generator.organisation(at: index)) }
        return result
    }
}

/// Builds demo organisations one by one; holds the reference-derived tables and the names already used.
struct DemoGenerator {
    /// A region (or free-text region) an organisation can sit in, with what its texts call it.
    struct Place {
        var code: String?
        /// The level-2 region's name, for descriptions and names.
        var regionName: String
        var cities: [String]
    }

    struct CountryInfo {
        var code: String
        var name: String
        var style: DemoWords.CountryStyle
        var hasRegionCodes: Bool
        var level2: [Place]
        var level3: [Place]
        var freeText: [Place]
    }

    let seed: UInt64
    let nowSeconds: Int64
    let nowYear: Int
    let calendar: Calendar
    let countries: [CountryInfo]
    let countryCumulative: [Int]
    let countryNames: [String: String]
    let themeCumulative: [Int]
    /// For each NACE division, its groups (level 3) and classes (level 4).
    let naceGroups: [String: [String]]
    let naceClasses: [String: [String]]
    let partnerCodes: [String]
    let farCodes: [String]
    let placeByRegion: [String: Place]
    /// E-mail spelling of every first and last name of `DemoWords.people` ("Lefèvre" → "lefevre").
    let emailSpelling: [String: String]
    /// Folded name and country of every organisation generated so far.
    var usedNames: Set<String> = []

    /// How far back `createdAt` goes.
    static let history: Int64 = 6 * 365 * 86_400

    /// After the French set, the next organisations take these types and statuses, so that every type and
    /// status is in even the smallest demo, whatever the seed.
    static let coverage: [(type: OrganisationType?, status: ProfileStatus?)] = [
        (.nationalClusterOrganisation, .published), (.clusterProject, .published), (.clusterMember, .published),
        (nil, .draft), (nil, .needsReview), (nil, .changesRequested), (nil, .rejected),
    ]

    init(seed: UInt64, now: Date, reference: ReferenceData) {
        self.seed = seed
        nowSeconds = Int64(now.timeIntervalSince1970.rounded(.down))
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        calendar = utc
        nowYear = utc.component(.year, from: now)

        var placeByRegion: [String: Place] = [:]
        var childrenNames: [String: [String]] = [:]
        for region in reference.regions where region.level == 3 && !region.extraRegio {
            if let parent = region.parent { childrenNames[parent, default: []].append(DemoGenerator.cleanPlace(region.name)) }
        }
        let selectable = reference.countries.filter { $0.euMember || $0.cosmeParticipating }
        var infos: [CountryInfo] = []
        for country in selectable {
            let style =
                DemoWords.countries[country.code]
                ?? DemoWords.CountryStyle(
                    weight: 5, places: [country.name], people: "en", legalForm: "Ltd", language: "en")
            var level2: [Place] = [], level3: [Place] = [], freeText: [Place] = []
            if country.hasRegionCodes {
                for region in reference.selectableRegions(country: country.code) {
                    let own = DemoGenerator.cleanPlace(region.name)
                    let place: Place
                    if region.level == 2 {
                        place = Place(code: region.code, regionName: own, cities: childrenNames[region.code] ?? [own])
                        level2.append(place)
                    } else {
                        let parentName = region.parent.flatMap(reference.region).map { DemoGenerator.cleanPlace($0.name) } ?? own
                        place = Place(code: region.code, regionName: parentName, cities: [own])
                        level3.append(place)
                    }
                    placeByRegion[region.code] = place
                }
            }
            if level2.isEmpty && level3.isEmpty {
                let regions = style.freeRegions.isEmpty ? [(region: country.name, city: country.name)] : style.freeRegions
                freeText = regions.map { Place(code: nil, regionName: $0.region, cities: [$0.city]) }
            }
            infos.append(
                CountryInfo(
                    code: country.code, name: country.name, style: style, hasRegionCodes: country.hasRegionCodes,
                    level2: level2, level3: level3, freeText: freeText))
        }
        countries = infos
        countryCumulative = demoCumulative(infos.map(\.style.weight))
        countryNames = Dictionary(reference.countries.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        partnerCodes = infos.map(\.code)
        farCodes = DemoWords.farCountries.filter { reference.country($0) != nil }
        self.placeByRegion = placeByRegion
        themeCumulative = demoCumulative(DemoTheme.all.map(\.weight))

        var groups: [String: [String]] = [:], classes: [String: [String]] = [:]
        for code in reference.nace where code.level == 3 || code.level == 4 {
            let division = String(code.code.prefix(2))
            if code.level == 3 { groups[division, default: []].append(code.code) } else { classes[division, default: []].append(code.code) }
        }
        naceGroups = groups
        naceClasses = classes
        // Folding is the slowest step of generation; people's names repeat, so fold each once.
        var spelling: [String: String] = [:]
        for (_, names) in DemoWords.people {
            for name in names.first + names.last { spelling[name] = demoASCIIWords(TextFolding.fold(name)).joined() }
        }
        emailSpelling = spelling
    }

    /// A NUTS name as a place word: the first of several language versions, without administrative words.
    static func cleanPlace(_ name: String) -> String {
        var s = name
        for separator in ["/", ",", " ("] {
            if let r = s.range(of: separator) { s = String(s[..<r.lowerBound]) }
        }
        s = s.replacingOccurrences(of: " — ", with: "-")
        for prefix in ["Arr. ", "Prov. ", "Miasto ", "Landkreis ", "Kreisfreie Stadt ", "Région de "] where s.hasPrefix(prefix) {
            s = String(s.dropFirst(prefix.count))
        }
        for suffix in [" Raion", " kraj", " županija", " oblast", " megye", " County"] where s.hasSuffix(suffix) {
            s = String(s.dropLast(suffix.count))
        }
        s = s.trimmingCharacters(in: .whitespaces)
        return s.isEmpty ? name : s
    }

    // MARK: - One organisation

    mutating func organisation(at index: Int) -> Organisation {
        var rng = DemoRandom(seed: seed, stream: UInt64(index))
        let curated = DemoCuratedCluster.french
        if index < curated.count { return curatedOrganisation(curated[index], flagship: index == 0, rng: &rng) }
        let slot = index - curated.count
        let plan: (type: OrganisationType?, status: ProfileStatus?) =
            slot < DemoGenerator.coverage.count ? DemoGenerator.coverage[slot] : (nil, nil)
        let type = plan.type ?? randomType(&rng)
        let status = plan.status ?? randomStatus(&rng)
        let country = countries[rng.weighted(countryCumulative)]
        let place = pickPlace(country, &rng)
        var theme = DemoTheme.all[rng.weighted(themeCumulative)]
        // The story has exactly one drone cluster in Île-de-France; keep it that way at every size.
        if theme.key == "drones", country.code == "FR", place.code?.hasPrefix("FR1") == true {
            theme = DemoTheme.byKey["aerospace"]!
        }
        let city = rng.pick(place.cities)
        let naming = uniqueName(type: type, theme: theme, country: country, place: place, city: city, rng: &rng)
        return build(
            type: type, status: status, name: naming.name, folded: naming.folded,
            memberKind: naming.memberKind, theme: theme, country: country, place: place, city: city,
            rng: &rng, programmeStyle: .random, labels: nil)
    }

    func randomType(_ rng: inout DemoRandom) -> OrganisationType {
        let r = rng.below(100)
        return r < 70 ? .clusterOrganisation : r < 88 ? .clusterMember : r < 97 ? .clusterProject : .nationalClusterOrganisation
    }

    func randomStatus(_ rng: inout DemoRandom) -> ProfileStatus {
        let r = rng.below(100)
        return r < 85 ? .published : r < 90 ? .needsReview : r < 94 ? .draft : r < 98 ? .changesRequested : .rejected
    }

    func pickPlace(_ country: CountryInfo, _ rng: inout DemoRandom) -> Place {
        if !country.freeText.isEmpty { return rng.pick(country.freeText) }
        if country.level3.isEmpty || (!country.level2.isEmpty && rng.chance(0.35)) { return rng.pick(country.level2) }
        return rng.pick(country.level3)
    }

    // MARK: - Names

    /// Draws names until one is new for the country; late fallbacks add the city, then a number, so the
    /// loop always ends even when a small country's name space runs dry.
    mutating func uniqueName(
        type: OrganisationType, theme: DemoTheme, country: CountryInfo, place: Place, city: String,
        rng: inout DemoRandom
    ) -> (name: String, folded: String, memberKind: String) {
        var attempt = 0
        while true {
            var (name, memberKind) = drawName(type: type, theme: theme, country: country, place: place, rng: &rng)
            if attempt >= 12 { name += " " + city }
            if attempt >= 16 { name += " \(attempt - 14)" }
            let folded = demoFold(name)
            if usedNames.insert(folded + "|" + country.code).inserted { return (name, folded, memberKind) }
            attempt += 1
        }
    }

    func drawName(
        type: OrganisationType, theme: DemoTheme, country: CountryInfo, place: Place,
        rng: inout DemoRandom
    ) -> (String, String) {
        let placeWord = rng.chance(0.4) ? place.regionName : rng.pick(country.style.places)
        let themeName = rng.pick(theme.names)
        switch type {
        case .clusterOrganisation:
            let kind = rng.pick(DemoWords.clusterKinds)
            let r = rng.below(100)
            if r < 55 { return ("\(placeWord) \(themeName) \(kind)", "") }
            if r < 72 { return ("\(themeName) \(kind) \(placeWord)", "") }
            if r < 86, let prefix = country.style.localPrefix { return ("\(prefix) \(themeName) \(placeWord)", "") }
            return ("\(placeWord) \(kind) for \(themeName)", "")
        case .clusterMember:
            if rng.chance(0.72) {
                let brand = rng.pick(DemoWords.brandStarts) + rng.pick(DemoWords.brandEnds)
                return ("\(brand) \(themeName) \(country.style.legalForm)", rng.pick(theme.memberKinds))
            }
            return ("\(placeWord) \(rng.pick(DemoWords.researchKinds)) \(themeName)", "research and technology organisation")
        case .clusterProject:
            let kind = rng.pick(DemoWords.projectKinds)
            if rng.chance(0.5) {
                let other = countries[rng.weighted(countryCumulative)]
                return ("\(placeWord)–\(rng.pick(other.style.places)) \(themeName) \(kind)", "")
            }
            return ("\(placeWord) \(themeName) \(kind)", "")
        case .nationalClusterOrganisation:
            let kind = rng.pick(DemoWords.nationalKinds)
            return rng.chance(0.5)
                ? ("\(country.name) \(themeName) \(kind)", "")
                : ("\(kind) of \(country.name) for \(themeName)", "")
        }
    }

    static let acronymStopWords: Set<String> = ["of", "for", "and", "the", "de", "du", "des", "la", "le", "y", "et", "und"]

    /// Initials of the significant words ("Loire Photonics Alliance" → "LPA").
    static func acronym(folded: String) -> String {
        let words = demoASCIIWords(folded).filter { !acronymStopWords.contains($0) }
        var letters = String(words.compactMap(\.first)).uppercased()
        if letters.count < 2, let first = words.first { letters = String(first.prefix(5)).uppercased() }
        return String(letters.prefix(8))
    }

    // MARK: - Fields

    enum ProgrammeStyle { case random, competitivenessPole, none }

    mutating func curatedOrganisation(_ spec: DemoCuratedCluster, flagship: Bool, rng: inout DemoRandom) -> Organisation {
        let country = countries.first { $0.code == "FR" }!
        let place =
            placeByRegion[spec.region].map { Place(code: $0.code, regionName: $0.regionName, cities: [spec.city]) }
            ?? Place(code: nil, regionName: "France", cities: [spec.city])
        let theme = DemoTheme.byKey[spec.theme]!
        let folded = TextFolding.fold(spec.name)
        usedNames.insert(folded + "|FR")
        var org = build(
            type: .clusterOrganisation, status: .published, name: spec.name, folded: folded, memberKind: "",
            theme: theme, country: country, place: place, city: spec.city, rng: &rng,
            programmeStyle: spec.competitivenessPole ? .competitivenessPole : .none, labels: spec.labels)
        org.acronym = spec.acronym
        if flagship { DemoGenerator.applyFlagship(&org) }
        return org
    }

    /// The drone cluster of the acceptance story: its profile is written out so that the partner search,
    /// matching and consortium scenarios always start from the same facts.
    static func applyFlagship(_ org: inout Organisation) {
        org.description =
            "Pôle Drones Île-de-France is the cluster of the drone industry of the Paris region: "
            + "its members design, build and operate drones and unmanned aerial vehicles (UAV) for infrastructure "
            + "inspection, logistics, agriculture and security. The cluster drives industrial modernisation by "
            + "bringing UAV solutions and aerial data to manufacturers and network operators. It runs a flight test "
            + "zone for beyond-visual-line-of-sight drone trials and is looking for European cluster partners for a "
            + "smart specialisation partnership on drones in industry."
        org.founded = 2009
        org.staffFTE = 4.5
        org.members = MemberCounts(total: 142, sme: 98, large: 14, research: 11, university: 6, publicBodies: 5, other: 8)
        org.sectors = [1, 40, 23, 8]
        org.ecosystems = [1, 10, 5, 6]
        org.emergingIndustries = [10, 5]
        org.technologies = ["KET2018-1", "KET2018-5", "KET2018-6", "KET2018-4"]
        org.nace = ["30.31", "26.51", "71.12", "72.10"]
        org.s3Priorities = ["industrial modernisation", "drones and UAV applications", "aeronautics and space"]
        org.tags = ["drones", "UAV", "aerial inspection", "BVLOS", "aerospace", "industrial modernisation"]
        org.countriesOfInterest = ["DE", "ES", "IT", "PL", "BE"]
        org.infrastructures = [
            Infrastructure(kind: .testBed, detail: "outdoor flight test zone for drone and UAV trials"),
            Infrastructure(kind: .coWorking, detail: "co-working space for drone start-ups"),
        ]
        org.website = "https://pdif.example.eu"
        org.contactName = "Camille Lefèvre"
        org.contactEmail = "camille.lefevre@pdif.example.eu"
    }

    mutating func build(
        type: OrganisationType, status: ProfileStatus, name: String, folded: String, memberKind: String,
        theme: DemoTheme, country: CountryInfo, place: Place, city: String, rng: inout DemoRandom,
        programmeStyle: ProgrammeStyle, labels fixedLabels: [ClusterLabel]?
    ) -> Organisation {
        let created = nowSeconds - Int64(rng.below(Int(DemoGenerator.history)))
        let updated = created + Int64(rng.below(Int(nowSeconds - created) + 1))
        let createdYear = calendar.component(.year, from: Date(timeIntervalSince1970: TimeInterval(created)))
        let latest = max(1990, min(nowYear - 1, createdYear))
        let founded: Int
        switch type {
        case .clusterProject: founded = max(1990, latest - rng.below(4))
        case .nationalClusterOrganisation: founded = rng.int(1990...max(1990, min(latest, 2015)))
        default: founded = rng.int(1990...latest)
        }

        let wantsAcronym: Double =
            switch type {
            case .clusterOrganisation: 0.85
            case .clusterMember: 0.6
            case .clusterProject: 0.95
            case .nationalClusterOrganisation: 0.8
            }
        // A company's initials would include its legal form ("S.r.l."): only its brand name stands alone.
        let isCompany = type == .clusterMember && memberKind != "research and technology organisation"
        let acronym = rng.chance(wantsAcronym) && !isCompany ? DemoGenerator.acronym(folded: folded) : nil

        let members = memberCounts(type: type, rng: &rng)
        let staff = staffFTE(type: type, rng: &rng)

        // Sectors and the rest: the theme's first entry always, then a few more, sometimes from a second theme.
        var second = rng.chance(0.3) ? DemoTheme.all[rng.weighted(themeCumulative)] : nil
        if second?.key == "drones", place.code?.hasPrefix("FR1") == true { second = nil }
        var sectors = [theme.sectors[0]] + rng.sample(Array(theme.sectors.dropFirst()), count: rng.int(0...2))
        if let second, rng.chance(0.6) { sectors.append(second.sectors[0]) }
        if rng.chance(0.12) { sectors.append(rng.int(1...51)) }
        var ecosystems = [theme.ecosystems[0]] + rng.sample(Array(theme.ecosystems.dropFirst()), count: rng.int(0...1))
        if let second, rng.chance(0.5) { ecosystems.append(second.ecosystems[0]) }
        if rng.chance(0.05) { ecosystems.append(rng.int(1...14)) }
        let emerging = rng.sample(theme.emergingIndustries, count: rng.int(0...2))
        var technologies = rng.sample(theme.technologies, count: rng.int(1...3))
        if let second, rng.chance(0.4) { technologies.append(rng.pick(second.technologies)) }
        let nace = rng.sample(theme.naceDivisions, count: rng.int(1...3)).map { naceCode(division: $0, rng: &rng) }
        var s3 = rng.sample(theme.s3, count: rng.int(1...2))
        if rng.chance(0.5) { s3.append(rng.pick(DemoWords.s3Generic)) }
        var tags = rng.sample(theme.tags, count: rng.int(2...4))
        if rng.chance(0.6) { tags.append(rng.pick(DemoWords.tagsGeneric)) }
        if let second, rng.chance(0.5) { tags.append(rng.pick(second.tags)) }

        var labels: [ClusterLabel] = []
        if let fixedLabels {
            labels = fixedLabels.map { ClusterLabel(level: $0.level, year: min($0.year, nowYear)) }
        } else if type == .clusterOrganisation || type == .nationalClusterOrganisation {
            labels = randomLabels(&rng)
        }

        var programme: String?
        switch programmeStyle {
        case .competitivenessPole: programme = "Pôles de compétitivité (France)"
        case .none: programme = nil
        case .random:
            let p: Double = type == .clusterOrganisation ? 0.3 : type == .nationalClusterOrganisation ? 0.4 : 0
            if rng.chance(p) { programme = programmeName(country: country, place: place, rng: &rng) }
        }

        var interest: [String] = []
        for _ in 0..<rng.int(0...4) {
            let code = rng.pick(partnerCodes)
            if code != country.code, !interest.contains(code) { interest.append(code) }
        }
        if rng.chance(0.1) { interest.append(rng.pick(farCodes)) }

        var infrastructures: [Infrastructure] = []
        let infraCount = type == .clusterMember ? rng.int(0...1) : rng.int(0...2)
        if infraCount > 0 { infrastructures = rng.sample(theme.infrastructures + DemoGenerator.genericInfrastructures, count: infraCount) }

        // Web and contact on example.eu: the demo must never point at a real site or mailbox.
        let nameWords = demoASCIIWords(folded)
        let host: String
        if let acronym, rng.chance(0.6) {
            host = String(demoASCIIWords(acronym.lowercased()).joined().prefix(30))
        } else {
            var joined = String(nameWords.joined(separator: "-").prefix(40))
            while joined.hasSuffix("-") { joined.removeLast() }
            host = joined
        }
        var website = "https://\(host.isEmpty ? "cluster" : host).example.eu"
        if rng.chance(0.04) { website += "/\(country.style.language)/" }

        var contactName: String?, contactEmail: String?
        if rng.chance(0.92) {
            let people = DemoWords.people[country.style.people] ?? DemoWords.people["en"]!
            let first = rng.pick(people.first), last = rng.pick(people.last)
            contactName = "\(first) \(last)"
            let local = emailSpelling[first, default: "contact"] + "." + emailSpelling[last, default: "person"]
            contactEmail = "\(local)@\(host.isEmpty ? "cluster" : host).example.eu"
        }

        let description = describe(
            type: type, name: name, acronym: acronym, memberKind: memberKind, theme: theme,
            country: country, place: place, city: city, founded: founded, members: members,
            s3: s3, interest: interest, rng: &rng)

        return Organisation(
            // A country with region codes takes no free text, even if the reference lists none to pick.
            name: name, acronym: acronym, type: type, country: country.code,
            region: place.code ?? (country.hasRegionCodes ? nil : place.regionName),
            city: city, website: website, description: description, founded: founded, staffFTE: staff,
            members: members, sectors: unique(sectors), ecosystems: unique(ecosystems), emergingIndustries: emerging,
            technologies: unique(technologies), nace: unique(nace), s3Priorities: unique(s3), tags: unique(tags),
            labels: labels, programmeRecognition: programme, countriesOfInterest: interest,
            infrastructures: infrastructures, contactName: contactName, contactEmail: contactEmail, status: status,
            createdAt: Date(timeIntervalSince1970: TimeInterval(created)),
            updatedAt: Date(timeIntervalSince1970: TimeInterval(updated)))
    }

    static let genericInfrastructures = [
        Infrastructure(kind: .fabLab, detail: "3D printing and rapid prototyping"),
        Infrastructure(kind: .coWorking, detail: "co-working space for start-ups and visiting partners"),
        Infrastructure(kind: .incubator, detail: "incubation programme for young companies of the cluster"),
        Infrastructure(kind: .innovationCentre, detail: "demonstration centre open to members and partners"),
    ]

    func unique<T: Hashable>(_ list: [T]) -> [T] {
        var seen = Set<T>()
        return list.filter { seen.insert($0).inserted }
    }

    /// A division, one of its groups or one of its classes: profiles use all three levels.
    func naceCode(division: String, rng: inout DemoRandom) -> String {
        let r = rng.below(10)
        if r >= 3, r < 6, let groups = naceGroups[division], !groups.isEmpty { return rng.pick(groups) }
        if r >= 6, let classes = naceClasses[division], !classes.isEmpty { return rng.pick(classes) }
        return division
    }

    func memberCounts(type: OrganisationType, rng: inout DemoRandom) -> MemberCounts {
        let total: Int
        switch type {
        case .clusterMember: return MemberCounts()
        case .clusterProject: total = rng.int(4...40)
        case .nationalClusterOrganisation: total = rng.int(12...160)
        case .clusterOrganisation:
            let r = rng.below(100)
            total = r < 10 ? rng.int(3...14) : r < 80 ? rng.int(15...150) : r < 95 ? rng.int(151...499) : rng.int(500...2_500)
        }
        if rng.chance(0.1) { return MemberCounts(total: total) }
        // Shares add up to at most 98%, so the kinds never exceed the total.
        func share(_ low: Int, _ high: Int, _ rng: inout DemoRandom) -> Int { total * rng.int(low...high) / 100 }
        let sme = share(45, 70, &rng), large = share(3, 10, &rng), research = share(2, 8, &rng)
        let university = share(1, 5, &rng), publicBodies = share(1, 5, &rng)
        let rest = total - sme - large - research - university - publicBodies
        let other: Int? = rng.chance(0.6) ? rest : nil
        return MemberCounts(
            total: total, sme: sme, large: large, research: research, university: university,
            publicBodies: publicBodies, other: other)
    }

    func staffFTE(type: OrganisationType, rng: inout DemoRandom) -> Double? {
        let tenths: Int
        switch type {
        case .clusterMember: return nil
        case .clusterProject: tenths = rng.int(2...30)
        case .nationalClusterOrganisation: tenths = rng.int(10...120)
        case .clusterOrganisation:
            // Mostly a few people; a few part-time managers below the checklist's 0.5 FTE.
            if rng.chance(0.08) {
                tenths = rng.int(2...4)
            } else {
                let u = rng.unit()
                tenths = 5 + Int(115 * u * u)
            }
        }
        return Double(tenths) / 10
    }

    func randomLabels(_ rng: inout DemoRandom) -> [ClusterLabel] {
        let first = 2013, last = max(2013, nowYear)
        let r = rng.below(100)
        if r < 55 { return [] }
        let level: ClusterLabel.Level = r < 80 ? .bronze : r < 93 ? .silver : .gold
        let year = rng.int(first...last)
        // Some clusters climbed from Bronze before their current label.
        if level != .bronze, year > first, rng.chance(0.4) {
            return [ClusterLabel(level: .bronze, year: rng.int(first...(year - 1))), ClusterLabel(level: level, year: year)]
        }
        return [ClusterLabel(level: level, year: year)]
    }

    func programmeName(country: CountryInfo, place: Place, rng: inout DemoRandom) -> String {
        let national = rng.chance(0.6)
        switch country.code {
        case "FR" where national: return "Pôles de compétitivité (France)"
        case "DE" where national: return "go-cluster (Germany)"
        default:
            return national ? "National Cluster Programme of \(country.name)" : "Regional cluster programme of \(place.regionName)"
        }
    }

    // MARK: - Descriptions

    /// Two to four sentences from templates: an opening that names the organisation (and, for every cluster
    /// type, the word "cluster"), a sentence of the theme, and sometimes a general, a mid-frequency or a
    /// rare-word sentence, so that search benchmarks find terms at every document frequency.
    func describe(
        type: OrganisationType, name: String, acronym: String?, memberKind: String, theme: DemoTheme,
        country: CountryInfo, place: Place, city: String, founded: Int, members: MemberCounts,
        s3: [String], interest: [String], rng: inout DemoRandom
    ) -> String {
        let focus = rng.pick(theme.focus)
        let total = members.total ?? 0
        let region = place.regionName
        let short = acronym ?? name
        var sentences: [String] = []
        switch type {
        case .clusterOrganisation:
            let opening: String =
                switch rng.below(5) {
                case 0: "\(name) is a cluster of \(total) members in \(region) working on \(focus)."
                case 1:
                    "Founded in \(founded), \(name) is a cluster that brings together SMEs, large companies, research centres and universities around \(focus)."
                case 2: "\(name) is the \(region) cluster for \(focus), with \(total) member organisations."
                case 3: "Based in \(city), \(name) is an industry-led cluster connecting \(total) companies and research organisations active in \(focus)."
                default: "\(name) is a triple-helix cluster organisation that animates the \(focus) community of \(region)."
                }
            sentences.append(opening)
        case .clusterMember:
            sentences.append(
                rng.chance(0.5)
                    ? "\(name) is a \(memberKind) based in \(city), specialised in \(focus)."
                    : "Based in \(city), \(name) develops products and services in \(focus) for customers across Europe.")
            sentences.append(
                rng.chance(0.55)
                    ? "It is an active member of a regional cluster and takes part in joint innovation projects."
                    : "It works with research centres and other companies of \(region) on new products.")
        case .clusterProject:
            sentences.append(
                rng.chance(0.5)
                    ? "\(name) is a cluster-related project in which \(total) partners from \(region) and other regions work on \(focus)."
                    : "Run by a consortium of clusters since \(founded), \(short) develops a shared roadmap for \(focus).")
        case .nationalClusterOrganisation:
            sentences.append(
                rng.chance(0.5)
                    ? "\(name) is the national network of cluster organisations in \(country.name) active in \(focus)."
                    : "Representing \(total) cluster organisations, \(short) speaks for the cluster community of \(country.name) on \(focus).")
        }
        // The theme's sentences speak for a cluster's members; a member organisation speaks for itself.
        if type != .clusterMember { sentences.append(rng.pick(theme.activities)) }

        if sentences.count < 3, rng.chance(0.55) {
            let partner = interest.first.flatMap { countryNames[$0] }
            switch rng.below(5) {
            case 0: sentences.append("The team runs collaborative R&D projects, training and joint trade missions.")
            case 1: sentences.append("It helps SMEs access European funding, skills and new markets.")
            case 2: sentences.append("Partners cooperate on shared test facilities, pilot lines and joint purchasing.")
            case 3 where !s3.isEmpty: sentences.append("Its work follows the regional smart specialisation priority on \(s3[0]).")
            default:
                if let partner {
                    sentences.append("It is looking for partners in \(partner) for joint innovation projects.")
                } else {
                    sentences.append("It welcomes partners from all over Europe for joint innovation projects.")
                }
            }
        }
        if rng.chance(0.22) {
            let topic = rng.pick(DemoWords.midFrequencyTopics)
            sentences.append(type == .clusterMember ? "Its team has expertise in \(topic)." : "Members share expertise in \(topic).")
        }
        if rng.chance(0.012) { sentences.append("A small working group also explores \(rng.pick(DemoWords.rareTopics)).") }
        return sentences.prefix(4).joined(separator: " ")
    }
}

/// `TextFolding.fold`, with a fast path for plain ASCII, where folding is lower-casing: most generated
/// names are ASCII, and Foundation's folding costs microseconds per call.
func demoFold(_ text: String) -> String {
    text.utf8.allSatisfy { $0 < 0x80 } ? text.lowercased() : TextFolding.fold(text)
}

/// Lower-case ASCII words of an already folded text, for host names, e-mail addresses and acronyms.
/// Letters that folding leaves alone (Turkish ı, Icelandic þ and ð, ə) are spelled out; anything else
/// that is not a-z or 0-9 separates words.
func demoASCIIWords(_ folded: String) -> [String] {
    var words: [String] = []
    var current = ""
    for scalar in folded.unicodeScalars {
        switch scalar {
        case "a"..."z", "0"..."9": current.unicodeScalars.append(scalar)
        case "ı": current += "i"
        case "þ": current += "th"
        case "ð": current += "d"
        case "ə": current += "e"
        case "\u{0300}"..."\u{036F}": continue  // combining marks left by folding (İ → i̇)
        default:
            if !current.isEmpty { words.append(current); current = "" }
        }
    }
    if !current.isEmpty { words.append(current) }
    return words
}

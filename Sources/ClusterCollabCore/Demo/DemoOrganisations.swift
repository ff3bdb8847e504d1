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
    public static var midFrequencyTerms: [String] { DemoWords.lists.midFrequencyTopics }

    /// Words that each appear in fewer than 0.1% of descriptions (of a large set), for rare-term searches.
    public static var rareTerms: [String] { DemoWords.lists.rareTopics }

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
        var code, name: String
        var style: DemoWords.CountryStyle
        var hasRegionCodes: Bool
        /// Where its organisations sit: level-2 and level-3 regions, or free-text regions.
        var level2, level3, freeText: [Place]
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
                let listed = style.freeRegions ?? []
                let regions = listed.isEmpty ? [DemoWords.FreeRegion(region: country.name, city: country.name)] : listed
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
        farCodes = DemoWords.lists.farCountries.filter { reference.country($0) != nil }
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
        for prefix in DemoWords.lists.placePrefixes where s.hasPrefix(prefix) {
            s = String(s.dropFirst(prefix.count))
        }
        for suffix in DemoWords.lists.placeSuffixes where s.hasSuffix(suffix) {
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
            let kind = rng.pick(DemoWords.lists.clusterKinds)
            let r = rng.below(100)
            if r < 55 { return ("\(placeWord) \(themeName) \(kind)", "") }
            if r < 72 { return ("\(themeName) \(kind) \(placeWord)", "") }
            if r < 86, let prefix = country.style.localPrefix { return ("\(prefix) \(themeName) \(placeWord)", "") }
            return ("\(placeWord) \(kind) for \(themeName)", "")
        case .clusterMember:
            if rng.chance(0.72) {
                let brand = rng.pick(DemoWords.lists.brandStarts) + rng.pick(DemoWords.lists.brandEnds)
                return ("\(brand) \(themeName) \(country.style.legalForm)", rng.pick(theme.memberKinds))
            }
            return ("\(placeWord) \(rng.pick(DemoWords.lists.researchKinds)) \(themeName)", "research and technology organisation")
        case .clusterProject:
            let kind = rng.pick(DemoWords.lists.projectKinds)
            if rng.chance(0.5) {
                let other = countries[rng.weighted(countryCumulative)]
                return ("\(placeWord)–\(rng.pick(other.style.places)) \(themeName) \(kind)", "")
            }
            return ("\(placeWord) \(themeName) \(kind)", "")
        case .nationalClusterOrganisation:
            let kind = rng.pick(DemoWords.lists.nationalKinds)
            return rng.chance(0.5)
                ? ("\(country.name) \(themeName) \(kind)", "")
                : ("\(kind) of \(country.name) for \(themeName)", "")
        }
    }

    /// Initials of the significant words ("Loire Photonics Alliance" → "LPA").
    static func acronym(folded: String) -> String {
        let words = demoASCIIWords(folded).filter { !DemoWords.lists.acronymStopWords.contains($0) }
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
            programmeStyle: spec.competitivenessPole == true ? .competitivenessPole : .none, labels: spec.labels ?? [])
        org.acronym = spec.acronym
        if flagship { DemoFlagship.shared.apply(to: &org) }
        if let french = spec.frenchDescription {
            org.secondDescription = french
            org.secondDescriptionLanguage = "fr"
        }
        return org
    }
}

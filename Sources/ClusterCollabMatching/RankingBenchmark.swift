import ClusterCollabCore
import Foundation

/// A labelled benchmark of the partner ranking: directories in which, for each partner search, the
/// organisations that together bring what the search lacks are known (planted), hidden among background
/// organisations. Shared by the tests (which keep a floor under its figures) and `clustercollab bench
/// ranking`; see docs/matching.md for the figures.
///
/// A directory, for one seed:
/// - **Background**: `organisations` demo organisations (`DemoOrganisations.generate` with the seed), about
///   85 % published, each with the sectors, ecosystems, technologies, tags and description of its theme.
/// - **Scenarios**: for each, an owner drawn among the published background organisations and a partner
///   search requiring 1-3 *common* competences (sectors, ecosystems or technologies the owner lacks, held by
///   at least 2 % of the published organisations, drawn in proportion to how often organisations of the
///   owner's own field hold them, so that many of the owner's neighbours cover several of them) and 2-4
///   *rare* ones (specialist keywords no background organisation uses).
/// - **True partners**: 2-3 planted organisations (demo organisations of another seed, renumbered) that
///   together cover every required competence: each brings at least one rare keyword (a second partner
///   brings one of them too in a quarter of the scenarios) and some of the common competences; about half
///   come from the owner's field (they share its first sector), the others from a field sharing no sector
///   or ecosystem with the owner or the search, unless a required sector or ecosystem they were given makes
///   them share one. Planted organisations are published and part of the directory, so every scenario's
///   partners are background for the others.
/// - **The search**: a title and text naming what it seeks (the rare keywords in half of the scenarios,
///   only the common competences' names in the others) and the first sentence of the owner's description;
///   target countries in 3 scenarios of 10 (all partners' countries and 5 others), sought types in 2 of 10
///   (the partners' types and cluster organisations); no accepted member yet.
public enum RankingBenchmark {
    public struct Scenario: Sendable {
        public var profile: PartnerSearchProfile
        /// The planted partners, by id.
        public var truePartners: [Int64]
        public var rare: [Competence]
        public var common: [Competence]
    }

    public struct Directory: Sendable {
        public var seed: UInt64
        /// Background and planted organisations, ids 1...n.
        public var organisations: [Organisation]
        public var scenarios: [Scenario]
    }

    /// Where a scenario's true partners ranked among the recommendations (1 = first).
    public struct Outcome: Sendable {
        public var scenario: Scenario
        /// One rank per true partner, in `truePartners` order; `Int.max` when not ranked at all.
        public var ranks: [Int]

        public init(scenario: Scenario, ranks: [Int]) { self.scenario = scenario; self.ranks = ranks }

        /// Every true partner is in the first `k`.
        public func allWithin(_ k: Int) -> Bool { ranks.allSatisfy { $0 <= k } }

        /// The share of true partners in the first `k`, out of as many as fit there: |T ∩ top k| / min(|T|, k).
        public func fraction(within k: Int) -> Double {
            guard !ranks.isEmpty else { return 0 }
            return Double(ranks.filter { $0 <= k }.count) / Double(min(ranks.count, k))
        }

        /// 1 / the rank of the best-placed true partner.
        public var reciprocalRank: Double {
            guard let best = ranks.min(), best != .max else { return 0 }
            return 1 / Double(best)
        }
    }

    /// The benchmark's figures over a set of scenarios.
    public struct Figures: Sendable, Equatable {
        public var scenarios: Int
        /// Share of scenarios with every true partner in the top 10.
        public var recallAt10: Double
        /// Mean share of true partners in the top 10.
        public var meanFractionTop10: Double
        /// Mean |true partners ∩ top 3| / min(true partners, 3).
        public var meanFractionTop3: Double
        /// Mean of 1 / rank of the best-placed true partner.
        public var meanReciprocalRank: Double

        public init(_ outcomes: [Outcome]) {
            let n = Double(max(outcomes.count, 1))
            scenarios = outcomes.count
            recallAt10 = Double(outcomes.filter { $0.allWithin(10) }.count) / n
            meanFractionTop10 = outcomes.map { $0.fraction(within: 10) }.reduce(0, +) / n
            meanFractionTop3 = outcomes.map { $0.fraction(within: 3) }.reduce(0, +) / n
            meanReciprocalRank = outcomes.map(\.reciprocalRank).reduce(0, +) / n
        }
    }

    /// A directory with `scenarios` partner searches (at most 30: each scenario uses up to four rare keywords of
    /// its own).
    public static func directory(
        seed: UInt64, organisations: Int = 2_000, scenarios: Int = 25,
        reference: ReferenceData
    ) -> Directory {
        var generator = RankingBenchmarkGenerator(seed: seed, organisations: organisations, reference: reference)
        for s in 0..<min(max(0, scenarios), 30) { generator.addScenario(s) }
        return Directory(seed: seed, organisations: generator.organisations, scenarios: generator.scenarios)
    }

    /// Loads the directory into a new index and ranks every scenario's candidates.
    public static func run(_ directory: Directory, reference: ReferenceData) -> [Outcome] {
        let index = MatchingIndex(reference: reference)
        index.load(directory.organisations)
        return evaluate(directory, index: index)
    }

    /// Ranks every scenario's candidates with `index` (already holding `directory.organisations`). The order
    /// is the recommendations' order (`scoreAll` and `recommend` share it), members left out.
    public static func evaluate(_ directory: Directory, index: MatchingIndex) -> [Outcome] {
        directory.scenarios.map { scenario in
            let ranked = index.scoreAll(scenario.profile).filter { !$0.isMember }
            var rank: [Int64: Int] = [:]
            for (i, c) in ranked.enumerated() { rank[c.organisationID] = i + 1 }
            return Outcome(scenario: scenario, ranks: scenario.truePartners.map { rank[$0] ?? .max })
        }
    }

    /// Specialist words that no demo organisation uses, one set per scenario.
    public static let rareKeywords = [
        "perovskite", "biochar", "lidar", "exoskeleton", "terahertz", "mycelium", "hyperspectral", "femtosecond",
        "piezoelectric", "digestate", "metamaterial", "graphene", "desalination", "chitosan", "microfluidic",
        "radiopharmaceutical", "electrochromic", "magnetocaloric", "cobalt-free", "organoid", "lignin",
        "biosurfactant", "aerogel", "electrowetting", "triboelectric", "thermoelectric", "optogenetics",
        "bioprinting", "superconducting", "cryocooler", "photocatalysis", "ultracapacitor", "bioleaching",
        "nanocellulose", "hydroponics", "ammonia cracking", "sodium-ion", "vanadium flow", "spectroscopy",
        "ultrasonics", "electrodialysis", "pyrolysis", "torrefaction", "agrivoltaics", "geopolymer",
        "biomethane", "microalgae", "insect protein", "cultured meat", "precision fermentation",
        "haptics", "neuromorphic", "quantum dots", "solid oxide",
        "carbon capture", "direct air", "heat pumps", "tidal turbines",
        "bioplastics", "bamboo composites",
        "hemp construction", "cross-laminated timber", "mass timber", "rammed earth", "biofilm", "phage therapy", "antimicrobial coatings", "wound dressings",
        "hearing implants",
        "retinal implants", "brain-computer", "eye tracking", "gait analysis", "sleep monitoring",
        "vertical farming", "seaweed farming", "oyster farming", "beekeeping sensors", "truffle growing",
        "sonochemistry", "electroporation", "lyophilisation", "chromatography", "nanopore", "photolithography",
        "lithium-sulphur", "zeolite", "hydrothermal", "supercritical", "nanoimprint", "thermoforming",
        "rotomoulding", "hydroforming", "friction stir", "laser cladding", "shot peening", "anodising",
        "vitrification", "desiccant", "ozonation", "phytoremediation", "biofiltration", "struvite", "kelp",
        "spirulina", "duckweed", "mycotoxin", "probiotics", "bacteriophage", "exosome", "proteomics",
        "metabolomics", "brachytherapy", "tokamak", "stellarator", "sonar", "magnetometry", "gravimetry",
        "seismology", "interferometry", "ellipsometry", "calorimetry", "dosimetry", "audiology", "prosthetics",
        "orthotics", "dialysis", "biobanking", "cryostat", "nanowire", "homomorphic", "post-quantum",
        "magnonics", "ionogel", "electrospray", "biomineralisation", "xerogel", "photoacoustics",
        "ferroelectric", "cork processing",
    ]
}

/// Builds one benchmark directory; see `RankingBenchmark`.
struct RankingBenchmarkGenerator {
    let seed: UInt64
    let reference: ReferenceData
    var organisations: [Organisation]
    var scenarios: [RankingBenchmark.Scenario] = []
    /// Published background organisations, by position in `organisations`.
    let published: [Int]
    /// How many published background organisations hold each sector, ecosystem or technology.
    let frequency: [Competence: Int]
    /// Demo organisations of another seed that planted partners are made from.
    let pool: [Organisation]
    var usedPool = Set<Int>()
    var rareWords: [String]

    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    init(seed: UInt64, organisations count: Int, reference: ReferenceData) {
        self.seed = seed
        self.reference = reference
        var background = DemoOrganisations.generate(count: count, seed: seed, now: Self.now, reference: reference)
        for i in background.indices { background[i].id = Int64(i + 1) }
        organisations = background
        published = background.indices.filter { background[$0].status == .published }
        var frequency: [Competence: Int] = [:]
        for i in published {
            for c in Self.items(of: background[i]) { frequency[c, default: 0] += 1 }
        }
        self.frequency = frequency
        pool = DemoOrganisations.generate(count: 600, seed: seed &+ 0x5EED, now: Self.now, reference: reference)
        var random = ConsortiumSplitMix64(seed: seed &* 0x9E37_79B9 &+ 7)
        var words = RankingBenchmark.rareKeywords
        for i in words.indices.reversed() where i > 0 { words.swapAt(i, Int(random.next() % UInt64(i + 1))) }
        rareWords = words
    }

    static func items(of o: Organisation) -> [Competence] {
        o.sectors.map { .sector($0) } + o.ecosystems.map { .ecosystem($0) } + o.technologies.map { .technology($0) }
    }

    static func domain(of o: Organisation) -> Set<Competence> {
        Set(o.sectors.map { .sector($0) } + o.ecosystems.map { .ecosystem($0) })
    }

    mutating func addScenario(_ number: Int) {
        var random = ConsortiumSplitMix64(seed: seed ^ (UInt64(number + 1) &* 0xD1B5_4A32_D192_ED03))
        func below(_ n: Int) -> Int { Int(random.next() % UInt64(max(n, 1))) }
        func chance(_ p: Double) -> Bool { random.nextUnit() < p }

        // The owner, and its field: published organisations sharing its first sector.
        var ownerIndex = published[below(published.count)]
        while organisations[ownerIndex].sectors.isEmpty { ownerIndex = published[below(published.count)] }
        let owner = organisations[ownerIndex]
        let ownerItems = Set(Self.items(of: owner))
        let field = published.filter { organisations[$0].sectors.contains(owner.sectors[0]) && $0 != ownerIndex }

        // Common competences: frequent items the owner lacks, drawn as often as its field holds them.
        let floor = max(1, published.count / 50)
        var fieldCounts: [Competence: Int] = [:]
        for i in field {
            for c in Self.items(of: organisations[i]) where !ownerItems.contains(c) && frequency[c, default: 0] >= floor {
                fieldCounts[c, default: 0] += 1
            }
        }
        var candidates = fieldCounts.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key.description < $1.key.description) }
        if candidates.isEmpty {
            candidates = frequency.filter { !ownerItems.contains($0.key) && $0.value >= floor }
                .sorted { $0.value > $1.value || ($0.value == $1.value && $0.key.description < $1.key.description) }
        }
        var common: [Competence] = []
        let commonCount = 1 + below(3)
        while common.count < commonCount, !candidates.isEmpty {
            let total = candidates.reduce(0) { $0 + $1.value }
            var r = below(total)
            var pick = 0
            while r >= candidates[pick].value { r -= candidates[pick].value; pick += 1 }
            common.append(candidates.remove(at: pick).key)
        }

        // Rare competences: keywords nobody else uses.
        let rareCount = 2 + below(3)
        let rareWordsHere = Array(rareWords.prefix(rareCount))
        rareWords.removeFirst(min(rareCount, rareWords.count))
        let rare = rareWordsHere.map { Competence.keyword($0) }

        // The partners: each brings at least one rare keyword; the common competences are spread among them.
        let partnerCount = 2 + below(min(3, rareCount) - 1)
        var brings = [[Competence]](repeating: [], count: partnerCount)
        for (i, c) in rare.enumerated() { brings[i < partnerCount ? i : below(partnerCount)].append(c) }
        if chance(0.25) {
            let from = below(partnerCount), to = (from + 1 + below(partnerCount - 1)) % partnerCount
            if let shared = brings[from].first(where: { !brings[to].contains($0) }) { brings[to].append(shared) }
        }
        let sameField = (0..<partnerCount).map { _ in chance(0.5) }
        for c in common {
            // A required sector or ecosystem goes to a partner from the owner's field when there is one.
            let isDomain: Bool = if case .technology = c { false } else { true }
            let preferred = (0..<partnerCount).filter { sameField[$0] }
            let to = isDomain && !preferred.isEmpty ? preferred[below(preferred.count)] : below(partnerCount)
            brings[to].append(c)
        }

        let searchDomain = ownerItems.union(common).filter { if case .technology = $0 { false } else { true } }
        var partners: [Organisation] = []
        for p in 0..<partnerCount {
            var base = pickPartnerBase(sameField: sameField[p], ownerSector: owner.sectors[0], avoid: searchDomain, random: &random)
            base.id = Int64(organisations.count + 1)
            base.status = .published
            let words = brings[p].compactMap { if case .keyword(let w) = $0 { w } else { nil } }
            for c in brings[p] {
                switch c {
                case .sector(let id): if !base.sectors.contains(id) { base.sectors.append(id) }
                case .ecosystem(let id): if !base.ecosystems.contains(id) { base.ecosystems.append(id) }
                case .technology(let id): if !base.technologies.contains(id) { base.technologies.append(id) }
                case .keyword: break
                }
            }
            base.tags.append(contentsOf: words)
            base.description = (base.description ?? "") + " Our members are specialists in \(Self.list(words))."
            organisations.append(base)
            partners.append(base)
        }

        // The search.
        let commonLabels = common.map { $0.label(reference) }
        let mentionsRare = chance(0.5)
        let sought = (mentionsRare ? rareWordsHere : []) + commonLabels
        let firstSentence = (owner.description ?? "").split(separator: ".").first.map { String($0) + "." } ?? ""
        let title = "Partners for a project in \(reference.sector(owner.sectors[0])?.name ?? "our field")"
        let text = "\(title). We seek partners who bring \(Self.list(sought.isEmpty ? ["complementary expertise"] : sought)). \(firstSentence)"
        var targets: [String] = []
        if chance(0.3) {
            var set = Set(partners.map(\.country))
            let countries = reference.countries.filter(\.euMember).map(\.code)
            while set.count < partners.count + 5, !countries.isEmpty { set.insert(countries[below(countries.count)]) }
            targets = set.sorted()
        }
        var types: [OrganisationType] = []
        if chance(0.2) {
            types = Array(Set(partners.map(\.type) + [.clusterOrganisation])).sorted { $0.rawValue < $1.rawValue }
        }
        let profile = PartnerSearchProfile(
            id: Int64(number + 1), ownerID: owner.id, required: common + rare, text: text, soughtTypes: types,
            targetCountries: targets)
        scenarios.append(
            RankingBenchmark.Scenario(
                profile: profile, truePartners: partners.map(\.id), rare: rare,
                common: common))
    }

    /// A pool organisation not used yet: from the owner's field (sharing its first sector) or from a field
    /// sharing no sector or ecosystem with the search.
    mutating func pickPartnerBase(
        sameField: Bool, ownerSector: Int, avoid: Set<Competence>,
        random: inout ConsortiumSplitMix64
    ) -> Organisation {
        let order = (0..<pool.count).map { ($0 + Int(random.next() % UInt64(pool.count))) % pool.count }
        let fits: (Organisation) -> Bool =
            sameField
            ? { $0.sectors.contains(ownerSector) }
            : { Self.domain(of: $0).isDisjoint(with: avoid) }
        for i in order where !usedPool.contains(i) && fits(pool[i]) {
            usedPool.insert(i)
            return pool[i]
        }
        for i in order where !usedPool.contains(i) {
            usedPool.insert(i)
            var o = pool[i]
            if sameField, !o.sectors.contains(ownerSector) { o.sectors.insert(ownerSector, at: 0) }
            return o
        }
        var o = pool[order[0]]
        o.name += " \(organisations.count)"
        return o
    }

    /// "a", "a and b", "a, b and c".
    static func list(_ items: [String]) -> String {
        items.count <= 1 ? (items.first ?? "") : items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
}

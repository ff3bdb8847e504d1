/// Word lists of the demo generator, read from `Resources/demo` (`words.json`, `countries.json`,
/// `people.json`). Place words are real rivers, mountains and landscapes (names of places are facts, not
/// anyone's brand); combined with a theme and a kind of organisation they give names in the style of real
/// clusters that belong to no real cluster.
struct DemoWords: Decodable, Sendable {
    /// What the generator needs to know about a country beyond the reference data (`countries.json`).
    struct CountryStyle: Decodable, Sendable {
        /// Relative share of the generated organisations, roughly by economy and cluster activity.
        var weight: Int
        var places: [String]
        /// Key into `people`.
        var people: String
        /// Company legal form for member organisations.
        var legalForm: String
        /// A local word for "cluster" used in some names ("Pôle", "Klaster").
        var localPrefix: String?
        /// The path of a non-English website section, to give the moderators' checklist something to flag.
        var language: String
        /// Free-text regions (and a city in each) for countries without region codes.
        var freeRegions: [FreeRegion]?
    }

    struct FreeRegion: Decodable, Sendable {
        var region: String
        var city: String
    }

    /// First and last names of one language: invented combinations of common names (`people.json`).
    struct Names: Decodable, Sendable {
        var first: [String]
        var last: [String]
    }

    static let countries: [String: CountryStyle] = DemoResource.load("countries.json")
    static let people: [String: Names] = DemoResource.load("people.json")
    /// The lists of `words.json`.
    static let lists: DemoWords = DemoResource.load("words.json")

    /// Kinds of cluster organisation as they appear in names. "Cluster" is listed twice to be the most
    /// common, as it is in real names. Then kinds of projects and of national organisations.
    var clusterKinds, projectKinds, nationalKinds: [String]
    /// Syllables of invented company names ("Lumara", "Corico"): two syllables rarely make a real brand.
    var brandStarts, brandEnds: [String]
    var researchKinds: [String]
    /// Generic S3 priorities and tags added to a theme's own.
    var s3Generic, tagsGeneric: [String]
    /// Countries outside the EU and COSME that clusters often name for international cooperation.
    var farCountries: [String]
    /// Words in 1-5% of descriptions each, for benchmarks of mid-frequency searches; words in fewer than
    /// 0.1% of descriptions each, for benchmarks of rare-term searches.
    var midFrequencyTopics, rareTopics: [String]
    /// Infrastructures of any theme, offered besides the theme's own.
    var genericInfrastructures: [Infrastructure]
    /// Words left out of acronyms ("of", "for", "de").
    var acronymStopWords: Set<String>
    /// Administrative words taken off NUTS names to make place words ("Landkreis ", " County").
    var placePrefixes, placeSuffixes: [String]
}

/// A field of activity of a demo organisation, read from `Resources/demo/themes.json`. Every taxonomy
/// pick, keyword and sentence of an organisation comes from its theme, so that a photonics cluster has
/// photonics sectors, technologies, tags and description, and matching and facets behave on the demo as
/// they would on real profiles.
struct DemoTheme: Decodable, Sendable {
    var key: String
    /// Relative frequency among generated organisations.
    var weight: Int
    /// The theme as it appears in organisation names ("Photonics", "Smart Mobility").
    var names: [String]
    /// Noun phrases for descriptions: "... working on <focus>."
    var focus: [String]
    /// Whole sentences about what members do.
    var activities: [String]
    /// Cluster sectors (1...51); the first is always picked. Then ecosystems (1...14) and emerging
    /// industries, the first ecosystem also always picked.
    var sectors, ecosystems, emergingIndustries: [Int]
    /// Key enabling technologies by code.
    var technologies: [String]
    /// NACE divisions; the generator picks the division or one of its groups or classes.
    var naceDivisions: [String]
    var s3, tags: [String]
    var infrastructures: [Infrastructure]
    /// What a member organisation of this theme is ("optics manufacturer").
    var memberKinds: [String]

    /// In the order of the file: picks are by index, so the order is part of the generated data.
    static let all: [DemoTheme] = DemoResource.load("themes.json")
    static let byKey: [String: DemoTheme] = Dictionary(uniqueKeysWithValues: all.map { ($0.key, $0) })
}

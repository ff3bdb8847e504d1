/// The cohesion-policy category of a NUTS 2 region (2021-2027): less developed (GDP per head below 75% of
/// the EU average), transition (75-100%) or more developed. The platform team loads them; the matching
/// works without them (then no organisation counts as being in a less developed region).
public enum RegionCategory: String, Codable, Sendable, CaseIterable {
    case lessDeveloped = "less-developed"
    case transition
    case moreDeveloped = "more-developed"

    /// The words a person reads.
    public var label: String {
        switch self {
        case .lessDeveloped: "Less developed region"
        case .transition: "Transition region"
        case .moreDeveloped: "More developed region"
        }
    }

    /// Whether the region counts for a search that asks for a partner from a less developed region: less
    /// developed and transition regions do.
    public var countsAsLessDeveloped: Bool { self != .moreDeveloped }

    /// Every code, for error messages that list the allowed values.
    public static let codes = allCases.map(\.rawValue).joined(separator: ", ")
}

extension RegionCategory {
    /// One region's category as the platform team set it (or the demo data made it up).
    public struct Entry: Sendable, Equatable {
        public var nutsCode: String
        public var category: RegionCategory
        /// A made-up value of the demo data.
        public var demo: Bool
        public init(nutsCode: String, category: RegionCategory, demo: Bool) {
            self.nutsCode = nutsCode; self.category = category; self.demo = demo
        }
    }
}

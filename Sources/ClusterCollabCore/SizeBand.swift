/// Member-size bands for the directory's size facet, by total members.
public enum SizeBand: String, CaseIterable, Sendable, Codable {
    case upTo14 = "1-14"
    case from15 = "15-49"
    case from50 = "50-149"
    case from150 = "150-499"
    case from500 = "500-plus"

    public init?(members: Int?) {
        guard let n = members, n > 0 else { return nil }
        switch n {
        case ..<15: self = .upTo14
        case ..<50: self = .from15
        case ..<150: self = .from50
        case ..<500: self = .from150
        default: self = .from500
        }
    }

    public var label: String {
        switch self {
        case .upTo14: "1 to 14 members"
        case .from15: "15 to 49 members"
        case .from50: "50 to 149 members"
        case .from150: "150 to 499 members"
        case .from500: "500 members or more"
        }
    }

    public static let codes = allCases.map(\.rawValue).joined(separator: ", ")
}

/// The four kinds of organisation profile (PRODUCT.md capability 2). The raw value is the code used in the
/// API, the CSV files and the URLs; `label` is the wording the pages show.
public enum OrganisationType: String, CaseIterable, Codable, Sendable, Hashable {
    case clusterOrganisation = "cluster-organisation"
    case clusterMember = "cluster-member"
    case clusterProject = "cluster-project"
    case nationalClusterOrganisation = "national-cluster-organisation"

    /// The words a person reads.
    public var label: String {
        switch self {
        case .clusterOrganisation: "Cluster organisation"
        case .clusterMember: "Cluster member organisation"
        case .clusterProject: "Cluster-related project"
        case .nationalClusterOrganisation: "National cluster organisation"
        }
    }

    /// Every code, for error messages that list the allowed values.
    public static let codes = allCases.map(\.rawValue).joined(separator: ", ")
}

/// Where a profile stands in moderation. Only `published` profiles are visible in the public directory.
public enum ProfileStatus: String, CaseIterable, Codable, Sendable, Hashable {
    case draft
    case needsReview = "needs-review"
    case published
    case changesRequested = "changes-requested"
    case rejected

    /// The words a person reads.
    public var label: String {
        switch self {
        case .draft: "Draft"
        case .needsReview: "Needs review"
        case .published: "Published"
        case .changesRequested: "Changes requested"
        case .rejected: "Rejected"
        }
    }

    /// Every code, for error messages that list the allowed values.
    public static let codes = allCases.map(\.rawValue).joined(separator: ", ")
}

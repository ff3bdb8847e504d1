import ClusterCollabCore
import ClusterCollabSearch
import Foundation

/// The real reference tables: regions such as FR10 (Île-de-France), FR101 (Paris) and DE21 exist.
let reference = ReferenceData.shipped

/// A published organisation with only what a test cares about set.
func organisation(
    _ id: Int64, _ name: String, acronym: String? = nil, type: OrganisationType = .clusterOrganisation,
    country: String = "FR", region: String? = nil, description: String? = nil, members: Int? = nil,
    sectors: [Int] = [], ecosystems: [Int] = [], emerging: [Int] = [], technologies: [String] = [],
    s3: [String] = [], tags: [String] = [], labels: [ClusterLabel] = [], infrastructures: [Infrastructure] = [],
    status: ProfileStatus = .published, created: TimeInterval = 0
) -> Organisation {
    Organisation(
        id: id, slug: "org-\(id)", name: name, acronym: acronym, type: type, country: country, region: region,
        description: description, members: MemberCounts(total: members), sectors: sectors, ecosystems: ecosystems,
        emergingIndustries: emerging, technologies: technologies, s3Priorities: s3, tags: tags, labels: labels,
        infrastructures: infrastructures, status: status, createdAt: Date(timeIntervalSince1970: created),
        updatedAt: Date(timeIntervalSince1970: created))
}

/// An index holding `organisations`.
func index(_ organisations: [Organisation]) -> DirectoryIndex {
    let index = DirectoryIndex(reference: reference)
    index.load(organisations)
    return index
}

extension DirectoryIndex {
    /// Ids of the first page of a search, in order.
    func ids(_ query: DirectoryQuery) -> [Int64] { search(query).items.map(\.id) }

    /// Ids of a text search, in order.
    func ids(_ text: String) -> [Int64] { ids(DirectoryQuery(text: text)) }
}

extension DirectoryResult {
    /// A facet's counts by value code.
    func counts(_ facet: String) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: (self.facet(facet)?.values ?? []).map { ($0.value, $0.count) })
    }
}

import ClusterCollabCore
import ClusterCollabSearch
import Foundation

/// The directory search that the API and the HTML directory both call, so they cannot disagree.
enum DirectorySearch {
    /// Parses the query string (decoded as forms send it) and runs it against the index.
    static func run(_ platform: Platform, queryString: String?) throws(APIError) -> (DirectoryQuery, DirectoryResult) {
        let query: DirectoryQuery
        do { query = try DirectoryQuery.parse(FormDecoding.pairs(queryString), reference: platform.reference) } catch {
            throw APIError.query(error)
        }
        return (query, platform.directory.index.search(query))
    }
}

/// One organisation in a list: what a directory card or a client needs, never the private contact.
struct OrganisationSummary: Encodable {
    var id: Int64
    var slug: String
    var name: String
    var acronym: String?
    var type: String
    var country: String
    var region: String?
    var city: String?
    var members_total: Int?
    var labels: [String]
    var updated_at: Date
    var score: Double?
    /// Only in the operator's search over every status.
    var status: String?
    var url: String

    init(_ hit: DirectoryHit, publicURL: String) {
        id = hit.id
        slug = hit.slug
        name = hit.name
        acronym = hit.acronym
        type = hit.type.rawValue
        country = hit.country
        region = hit.region
        city = hit.city
        members_total = hit.membersTotal
        labels = hit.labels.map(\.description)
        updated_at = hit.updatedAt
        score = hit.score.map { ($0 * 10_000).rounded() / 10_000 }
        url = publicURL + Routes.organisation.path(hit.slug)
    }

    init(_ o: Organisation, publicURL: String) {
        self.init(DirectoryHit(o), publicURL: publicURL)
        status = o.status.rawValue
    }
}

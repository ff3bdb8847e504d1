@testable import ClusterCollabWeb
import ClusterCollabCore
import ClusterCollabSearch
import Foundation
import Testing

@Suite struct OrganisationsSearchJSONTests {
    typealias SearchResponse = OrganisationsAPIController.SearchResponse

    func hit(_ i: Int, score: Double?) -> DirectoryHit {
        DirectoryHit(
            id: Int64(i), slug: "org-\(i)", name: i % 2 == 0 ? "Pôle Île-de-France \(i)" : "Cluster/Łódź \(i)",
            acronym: i % 3 == 0 ? nil : "P\(i)", type: .clusterOrganisation, country: "FR",
            region: i % 4 == 0 ? nil : "FR10", city: i % 5 == 0 ? nil : "Évry", membersTotal: i % 6 == 0 ? nil : i * 7,
            labels: i % 2 == 0 ? [ClusterLabel(level: .gold, year: 2020), ClusterLabel(level: .silver, year: 2018)] : [],
            updatedAt: Date(timeIntervalSince1970: 1_700_000_000 + Double(i) * 86_400.123_456), score: score)
    }

    /// The written bytes are the encoder's bytes, for every shape of item and facet.
    @Test func writesWhatTheEncoderWrites() throws {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<50 {
            var items = (0..<(round % 21)).map { i -> OrganisationSummary in
                let score: Double? =
                    i % 7 == 0 ? nil : [0, 1, 12.5, 3.0001, Double.random(in: 0...40, using: &generator)][i % 5]
                return OrganisationSummary(hit(i + round, score: score), publicURL: "https://clusters.example.eu")
            }
            if round % 5 == 0, !items.isEmpty { items[0].status = "needs-review" }
            let facets = (0..<(round % 10)).map { f in
                DirectoryFacet(
                    name: DirectoryFacet.names[f],
                    values: (0..<(round * f % 40)).map { FacetValue(value: "\(f)-\($0)", label: "Label é \($0)", count: $0 * round) })
            }
            let response = SearchResponse(items: items, total: round * 1_000, page: round % 3 + 1, per_page: 20, facets: .init(facets: facets))
            let written = try #require(OrganisationsSearchJSON.write(response))
            let encoded = try JSONEncoder.sorted.encode(response)
            #expect(String(decoding: written, as: UTF8.self) == String(decoding: encoded, as: UTF8.self))
        }
    }

    /// What needs escaping is left to the encoder.
    @Test func givesUpOnTextThatNeedsEscaping() {
        for name in ["Quote \" cluster", "Back\\slash", "Tab\tcluster"] {
            var item = OrganisationSummary(hit(1, score: 1), publicURL: "https://x.example.eu")
            item.name = name
            #expect(OrganisationsSearchJSON.write(SearchResponse(items: [item], total: 1, page: 1, per_page: 20, facets: .init(facets: []))) == nil)
        }
        #expect(OrganisationsSearchJSON.number(1e-7) == nil)
        #expect(OrganisationsSearchJSON.number(12.0) == "12")
    }
}

import ClusterCollabCore
import ClusterCollabSearch
import Foundation
import Testing

@Suite("The infrastructure facet and the members by kind of a search")
struct InfrastructureAndMembersTests {
    static func withMembers(_ o: Organisation, sme: Int?, large: Int?, research: Int? = nil, university: Int? = nil) -> Organisation {
        var o = o
        o.members = MemberCounts(total: (sme ?? 0) + (large ?? 0), sme: sme, large: large, research: research, university: university)
        return o
    }

    let directory = index([
        withMembers(
            organisation(
                1, "Toulouse Drone Valley", country: "FR",
                infrastructures: [Infrastructure(kind: .testBed, detail: "drone flight zone"), Infrastructure(kind: .fabLab, detail: "")]),
            sme: 40, large: 5, research: 3),
        withMembers(
            organisation(2, "Bordeaux Drone Works", country: "FR", infrastructures: [Infrastructure(kind: .incubator, detail: "")]),
            sme: 10, large: nil, university: 2),
        withMembers(
            organisation(3, "Munich Drone Alliance", country: "DE", infrastructures: [Infrastructure(kind: .testBed, detail: "wind tunnel")]),
            sme: 7, large: 1),
        organisation(4, "Lyon Textiles", country: "FR"),
    ])

    @Test("an infrastructure filter keeps the organisations offering one of the kinds")
    func filter() {
        #expect(Set(directory.ids(DirectoryQuery(infrastructures: [.testBed]))) == [1, 3])
        #expect(Set(directory.ids(DirectoryQuery(infrastructures: [.testBed, .incubator]))) == [1, 2, 3])
        #expect(Set(directory.ids(DirectoryQuery(countries: ["FR"], infrastructures: [.testBed]))) == [1])
        #expect(directory.ids(DirectoryQuery(infrastructures: [.coWorking])).isEmpty)
    }

    @Test("the infrastructure facet counts kinds, ignoring its own filter like every facet")
    func facet() {
        let all = directory.search(DirectoryQuery())
        #expect(all.counts("infrastructure") == ["test-bed": 2, "fab-lab": 1, "incubator": 1])
        #expect(all.facet("infrastructure")?.value("test-bed")?.label == "Test bed")
        let filtered = directory.search(DirectoryQuery(countries: ["FR"], infrastructures: [.testBed]))
        #expect(filtered.total == 1)
        #expect(filtered.counts("infrastructure") == ["test-bed": 1, "fab-lab": 1, "incubator": 1])
        #expect(filtered.counts("country") == ["FR": 1, "DE": 1])
    }

    @Test("members by kind are summed over the matches only")
    func members() {
        let all = directory.search(DirectoryQuery())
        #expect(all.memberTotals == MemberTotals(sme: 57, large: 6, research: 3, university: 2))
        let drones = directory.search(DirectoryQuery(text: "drone", countries: ["FR"]))
        #expect(drones.total == 2)
        #expect(drones.memberTotals == MemberTotals(sme: 50, large: 5, research: 3, university: 2))
        // the broad-search shortcut (counting what does not match and taking it from the whole) agrees
        let broad = directory.search(DirectoryQuery(text: "drone"))
        #expect(broad.total == 3)
        #expect(broad.memberTotals == MemberTotals(sme: 57, large: 6, research: 3, university: 2))
    }

    @Test("an updated or removed profile's members and infrastructures leave the counts")
    func updates() {
        let directory = index([
            Self.withMembers(organisation(1, "Toulouse Drone Valley", infrastructures: [Infrastructure(kind: .testBed, detail: "")]), sme: 40, large: 5),
            Self.withMembers(organisation(2, "Bordeaux Drone Works"), sme: 10, large: 1),
        ])
        var changed = Self.withMembers(
            organisation(1, "Toulouse Drone Valley", infrastructures: [Infrastructure(kind: .coWorking, detail: "")]), sme: 4, large: 0)
        changed.updatedAt = Date(timeIntervalSince1970: 10)
        directory.upsert(changed)
        directory.remove(id: 2)
        let result = directory.search(DirectoryQuery())
        #expect(result.memberTotals == MemberTotals(sme: 4))
        #expect(result.counts("infrastructure") == ["co-working": 1])
    }

    @Test("the infrastructure parameter takes a kind's code or its words, and names the rule for others")
    func parsing() throws {
        let query = try DirectoryQuery.parse([("infrastructure", "test-bed,Fab lab")], reference: reference)
        #expect(query.infrastructures == [.testBed, .fabLab])
        #expect(query.parameters.map(\.1) == ["test-bed", "fab-lab"])
        #expect(throws: DirectoryQueryError.self) { try DirectoryQuery.parse([("infrastructure", "spaceport")], reference: reference) }
        do {
            _ = try DirectoryQuery.parse([("infrastructure", "spaceport")], reference: reference)
        } catch {
            #expect(error.fields["infrastructure"]?.contains("test-bed") == true)
            #expect(!error.malformed)
        }
    }
}

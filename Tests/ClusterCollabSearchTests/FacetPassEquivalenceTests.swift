import ClusterCollabCore
import ClusterCollabSearch
import Foundation
import Testing

/// The index's facet pass (which starts from each filter's value sets, and for a lone filter takes the
/// whole directory's counts) against a plain reading of the profiles: for many random queries over demo
/// organisations, some edited and removed after loading, the total, every facet's counts and the members
/// by kind are the same.
@Suite("Filtered searches agree with a plain reading of the profiles")
struct FacetPassEquivalenceTests {
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// The facets `query` fails for `o`, by name.
    static func failures(_ o: Organisation, _ q: DirectoryQuery) -> Set<String> {
        var out: Set<String> = []
        if !q.countries.isEmpty, !q.countries.contains(o.country) { out.insert("country") }
        if !q.regions.isEmpty {
            let region = o.region ?? ""
            let isCode = reference.region(region) != nil
            if !(q.regions.contains(region) || (isCode && q.regions.contains { region.hasPrefix($0) })) { out.insert("region") }
        }
        if !q.types.isEmpty, !q.types.contains(o.type) { out.insert("type") }
        if !q.sectors.isEmpty, Set(q.sectors).isDisjoint(with: o.sectors) { out.insert("sector") }
        if !q.ecosystems.isEmpty, Set(q.ecosystems).isDisjoint(with: o.ecosystems) { out.insert("ecosystem") }
        if !q.emergingIndustries.isEmpty, Set(q.emergingIndustries).isDisjoint(with: o.emergingIndustries) { out.insert("emerging") }
        if !q.technologies.isEmpty, Set(q.technologies).isDisjoint(with: o.technologies) { out.insert("technology") }
        if !q.labels.isEmpty, Set(q.labels).isDisjoint(with: o.labels.map(\.level)) { out.insert("label") }
        if !q.sizes.isEmpty, !(SizeBand(members: o.members.total).map(q.sizes.contains) ?? false) { out.insert("size") }
        if !q.infrastructures.isEmpty, Set(q.infrastructures).isDisjoint(with: o.infrastructures.map(\.kind)) { out.insert("infrastructure") }
        return out
    }

    /// The facet values of a profile, by facet name.
    static func values(_ o: Organisation) -> [String: Set<String>] {
        [
            "country": [o.country], "region": Set([o.region.flatMap { reference.nuts2(of: $0)?.code }].compactMap { $0 }),
            "type": [o.type.rawValue], "sector": Set(o.sectors.map(String.init)), "ecosystem": Set(o.ecosystems.map(String.init)),
            "emerging": Set(o.emergingIndustries.map(String.init)), "technology": Set(o.technologies),
            "label": Set(o.labels.map(\.level.rawValue)), "size": Set([SizeBand(members: o.members.total)?.rawValue].compactMap { $0 }),
            "infrastructure": Set(o.infrastructures.map(\.kind.code)),
        ]
    }

    @Test func randomQueriesGiveTheSameTotalsFacetsAndMembers() throws {
        var rng = Generator(state: 14)
        var profiles = DemoOrganisations.generate(count: 3_000, now: Date(timeIntervalSince1970: 1_700_000_000), reference: reference)
            .enumerated().map { i, o -> Organisation in
                var o = o
                o.id = Int64(i + 1)
                o.slug = "org-\(i + 1)"
                return o
            }
        let directory = index(profiles)
        // Edits and removals after loading leave dead slots behind in the value sets.
        for i in stride(from: 0, to: profiles.count, by: 7) {
            if i % 2 == 0 {
                directory.remove(id: profiles[i].id)
                profiles[i].status = .draft
            } else {
                profiles[i].country = ["FR", "DE", "MT"][i % 3]
                profiles[i].region = nil
                profiles[i].infrastructures = [Infrastructure(kind: .testBed, detail: "moved")]
                directory.upsert(profiles[i])
            }
        }
        let published = profiles.filter { $0.status == .published }
        let pool: [String: [String]] = [
            "country": ["FR", "DE", "IT", "ES", "MT", "PL"], "region": ["FR1", "DE21", "ITC4", "ES5"], "type": OrganisationType.allCases.map(\.rawValue),
            "sector": ["1", "4", "12", "23", "40"], "ecosystem": ["5", "9", "10"], "emerging": ["2", "5", "9"],
            "technology": ["KET2009-5", "KET2018-3"], "label": ["gold", "silver", "bronze"], "size": SizeBand.allCases.map(\.rawValue),
            "infrastructure": Infrastructure.Kind.allCases.map(\.code),
        ]
        let texts = ["", "", "", "cluster", "drone", "energy"]
        for round in 0..<150 {
            var pairs: [(String, String)] = []
            let text = texts[Int(rng.next() % UInt64(texts.count))]
            if !text.isEmpty { pairs.append(("q", text)) }
            // one to three filters (a lone filter takes the whole-directory path), sometimes two values
            for name in pool.keys.sorted().shuffled(using: &rng).prefix(1 + Int(rng.next() % 3)) {
                let values = pool[name]!.shuffled(using: &rng).prefix(1 + Int(rng.next() % 2))
                for v in values { pairs.append((name, v)) }
            }
            let query = try DirectoryQuery.parse(pairs, reference: reference)
            let result = directory.search(query)
            // the plain reading: the text's matches come from the index without filters
            let textMatches = Set(text.isEmpty ? published.map(\.id) : directory.matchingIDs(DirectoryQuery(text: text)))
            var expectedTotal = 0
            var expectedCounts: [String: [String: Int]] = [:]
            var members = MemberTotals()
            for o in published where textMatches.contains(o.id) {
                let fails = Self.failures(o, query)
                guard fails.count <= 1 else { continue }
                if fails.isEmpty {
                    expectedTotal += 1
                    members.sme += o.members.sme ?? 0
                    members.large += o.members.large ?? 0
                    members.research += o.members.research ?? 0
                    members.university += o.members.university ?? 0
                    members.publicBodies += o.members.publicBodies ?? 0
                    members.other += o.members.other ?? 0
                }
                for (facet, values) in Self.values(o) where fails.isEmpty || fails == [facet] {
                    for v in values { expectedCounts[facet, default: [:]][v, default: 0] += 1 }
                }
            }
            #expect(result.total == expectedTotal, "round \(round): \(pairs)")
            #expect(result.memberTotals == members, "round \(round): \(pairs)")
            for facet in DirectoryFacet.names where facet != "region" {
                #expect(result.counts(facet) == (expectedCounts[facet] ?? [:]), "round \(round), \(facet): \(pairs)")
            }
            // The region facet lists the 100 largest regions only.
            let regions = result.counts("region"), expectedRegions = expectedCounts["region"] ?? [:]
            #expect(regions.count == min(100, expectedRegions.count), "round \(round), region: \(pairs)")
            for (code, count) in regions { #expect(expectedRegions[code] == count, "round \(round), region \(code): \(pairs)") }
        }
    }
}

import ClusterCollabCore
import Foundation

extension MatchingState {
    /// A recommendation for one slot: its parts, the required competences it covers and why, in plain
    /// sentences (one per notable part, most important first).
    func recommendation(
        slot: Int, raw: MatchingRaw, parts: ScoreParts, request: MatchingRequest, team: MatchingTeam,
        reference: ReferenceData
    ) -> Recommendation {
        let covers = request.required.indices.filter { raw.mask & (1 << UInt64($0)) != 0 }.map { request.required[$0] }
        return Recommendation(
            organisationID: ids[slot], score: parts.score, parts: parts, covers: covers,
            reasons: reasons(
                slot: slot, raw: raw, parts: parts, request: request, team: team,
                reference: reference))
    }

    func reasons(
        slot: Int, raw: MatchingRaw, parts: ScoreParts, request: MatchingRequest, team: MatchingTeam,
        reference: ReferenceData
    ) -> [String] {
        var out: [String] = []
        let doc = docs[slot]
        func labels(_ mask: UInt64) -> [String] {
            request.required.indices.filter { mask & (1 << UInt64($0)) != 0 }.map { request.required[$0].label(reference) }
        }

        // Coverage.
        let n = request.required.count
        if n > 0 {
            let mask = raw.mask & request.allMask
            let uncovered = request.allMask & ~team.coveredMask
            if uncovered != 0 {
                let brings = mask & uncovered
                let k = brings.nonzeroBitCount, m = uncovered.nonzeroBitCount
                if k > 0 {
                    let what =
                        m == 1
                        ? "the one competence the consortium still lacks"
                        : k == m
                            ? "all \(m) competences the consortium still lacks"
                            : "\(k) of the \(m) competences the consortium still lacks"
                    out.append("Brings \(what): \(Self.list(labels(brings))).")
                    if let scarce = scarcest(brings, request: request, reference: reference) { out.append(scarce) }
                } else if mask != 0 {
                    out.append("Covers only competences the consortium already has: \(Self.list(labels(mask))).")
                } else {
                    out.append("Covers none of the required competences.")
                }
            } else if mask != 0 {
                let k = mask.nonzeroBitCount
                let what = n == 1 ? "the one required competence" : k == n ? "all \(n) required competences" : "\(k) of the \(n) required competences"
                out.append("Strengthens \(what), which the consortium already covers: \(Self.list(labels(mask))).")
            } else {
                out.append("Covers none of the required competences.")
            }
        }

        // Complementarity.
        let fresh = doc.items.filter { !Self.contains(team.items, $0) }
        let bringsMissing = raw.mask & team.lackingMask != 0
        if !doc.items.isEmpty {
            let names = fresh.map { competence(ofItem: $0).label(reference) }
            let noun = fresh.count == 1 ? "a sector, technology or ecosystem" : "\(fresh.count) sectors, technologies or ecosystems"
            if !raw.domain && !bringsMissing {
                out.append("Shares no sector or ecosystem with the consortium or the search, and brings none of the competences it lacks.")
            } else if !fresh.isEmpty {
                let from = raw.domain ? "" : "Comes from another field and "
                out.append("\(from)\(raw.domain ? "Adds" : "adds") \(noun) new to the consortium: \(Self.list(names, max: 3)).")
            }
        }

        // Geography.
        let countryName = reference.country(doc.country)?.name ?? doc.country
        let country = Int(slotCountry[slot])
        let inTarget = request.anyTarget || (country < request.targetOK.count && request.targetOK[country])
        if !inTarget { out.append("Is in \(countryName), outside the target countries.") }
        if !(country < team.countries.count && team.countries[country]) {
            out.append("Brings a country new to the consortium: \(countryName).")
        }
        let stillNeeded = request.needLessDeveloped && !team.lessDevelopedMet
        if let category = category(ofSlot: slot), category.countsAsLessDeveloped {
            let kind = category == .lessDeveloped ? "a less developed region" : "a transition region"
            let region = doc.nuts2.map { " (\($0))" } ?? ""
            out.append("Is in \(kind)\(region)\(stillNeeded ? ", which the consortium still needs" : "").")
        } else if stillNeeded {
            out.append("Is not in a less developed or transition region, which the consortium still needs.")
        }

        // S3 priorities.
        if raw.s3Shared > 0 {
            let shared = doc.s3Priorities.filter { priority in
                matchingTextStems(priority).contains { stem in
                    stems.find(stem.stem).map { Self.contains(team.s3Stems, $0) } ?? false
                }
            }
            if !shared.isEmpty {
                out.append("Shares smart specialisation priorities with the consortium: \(Self.list(shared.map { "“\($0)”" }, max: 3)).")
            }
        }

        // Text.
        if parts.text >= 0.15 {
            var contributions: [(word: String, value: Float)] = []
            for (t, w) in team.query {
                if let m = doc.meta(of: t), m & MatchingTermMeta.tfMask > 0 {
                    contributions.append((surface[Int(t)], w * Self.logTF[Int(m & MatchingTermMeta.tfMask)]))
                }
            }
            contributions.sort { $0.value > $1.value || ($0.value == $1.value && $0.word < $1.word) }
            let words = contributions.prefix(3).map(\.word)
            out.append("Its description is close to the search's (shared words: \(words.joined(separator: ", "))).")
        }

        // Type.
        if !request.anyType {
            let label = doc.type.label.lowercased()
            out.append(parts.type > 0 ? "Is a \(label), a type the search seeks." : "Is a \(label), not a type the search seeks.")
        }
        return out
    }

    /// "It is one of only 2 organisations that bring X." for the scarcest competence in `mask` when at most
    /// two or at most 2 % of the indexed organisations bring it (nil otherwise).
    func scarcest(_ mask: UInt64, request: MatchingRequest, reference: ReferenceData) -> String? {
        var best: Int?
        var m = mask
        while m != 0 {
            let i = m.trailingZeroBitCount
            if best.map({ request.coverCounts[i] < request.coverCounts[$0] }) ?? true { best = i }
            m &= m - 1
        }
        guard let i = best else { return nil }
        let n = request.coverCounts[i]
        guard n >= 1, n <= 2 || n * 50 <= liveCount else { return nil }
        let label = request.required[i].label(reference)
        return n == 1
            ? "It is the only organisation that brings \(label)."
            : "It is one of only \(n) organisations that bring \(label)."
    }

    /// "A, B and C", or "A, B, C and 2 more" past `max`.
    static func list(_ items: [String], max: Int = 4) -> String {
        if items.count > max {
            return items.prefix(max).joined(separator: ", ") + " and \(items.count - max) more"
        }
        if items.count <= 1 { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
}

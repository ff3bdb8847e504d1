import ClusterCollabCore
import ClusterCollabText
import Foundation

extension MatchingState {
    /// A recommendation for one slot: its parts, the required competences it covers and why, in plain
    /// sentences (one per notable part, most important first).
    func recommendation(
        slot: Int, raw: MatchingRaw, parts: ScoreParts, request: MatchingRequest, team: MatchingTeam,
        reference: ReferenceData, language: Language
    ) -> Recommendation {
        let covers = request.required.indices.filter { raw.mask & (1 << UInt64($0)) != 0 }.map { request.required[$0] }
        return Recommendation(
            organisationID: ids[slot], score: parts.score, parts: parts, covers: covers,
            reasons: reasons(
                slot: slot, raw: raw, parts: parts, request: request, team: team,
                reference: reference, language: language))
    }

    /// The reasons in `language`: each a `Sentence` of the catalogue, names of reference data translated.
    func reasons(
        slot: Int, raw: MatchingRaw, parts: ScoreParts, request: MatchingRequest, team: MatchingTeam,
        reference: ReferenceData, language: Language
    ) -> [String] {
        var out: [String] = []
        let doc = docs[slot]
        func labels(_ mask: UInt64) -> [String] {
            request.required.indices.filter { mask & (1 << UInt64($0)) != 0 }.map { request.required[$0].label(reference, in: language) }
        }
        func say(_ sentence: Sentence, _ values: [String: String] = [:]) { out.append(sentence(in: language, values)) }
        func list(_ items: [String], max: Int = 4) -> String { Self.list(items, max: max, in: language) }

        // Coverage.
        let n = request.required.count
        if n > 0 {
            let mask = raw.mask & request.allMask
            let uncovered = request.allMask & ~team.coveredMask
            if uncovered != 0 {
                let brings = mask & uncovered
                let k = brings.nonzeroBitCount, m = uncovered.nonzeroBitCount
                if k > 0 {
                    let values = ["k": language.number(k), "m": language.number(m), "list": list(labels(brings))]
                    if m == 1 {
                        say(Sentence("Brings the one competence the consortium still lacks: {{list}}."), values)
                    } else if k == m {
                        say(Sentence("Brings all {{m}} competences the consortium still lacks: {{list}}."), values)
                    } else {
                        say(Sentence("Brings {{k}} of the {{m}} competences the consortium still lacks: {{list}}."), values)
                    }
                    if let scarce = scarcest(brings, request: request, reference: reference, language: language) { out.append(scarce) }
                } else if mask != 0 {
                    say(Sentence("Covers only competences the consortium already has: {{list}}."), ["list": list(labels(mask))])
                } else {
                    say(Sentence("Covers none of the required competences."))
                }
            } else if mask != 0 {
                let k = mask.nonzeroBitCount
                let values = ["k": language.number(k), "n": language.number(n), "list": list(labels(mask))]
                if n == 1 {
                    say(Sentence("Strengthens the one required competence, which the consortium already covers: {{list}}."), values)
                } else if k == n {
                    say(Sentence("Strengthens all {{n}} required competences, which the consortium already covers: {{list}}."), values)
                } else {
                    say(Sentence("Strengthens {{k}} of the {{n}} required competences, which the consortium already covers: {{list}}."), values)
                }
            } else {
                say(Sentence("Covers none of the required competences."))
            }
        }

        // Complementarity.
        let fresh = doc.items.filter { !Self.contains(team.items, $0) }
        let bringsMissing = raw.mask & team.lackingMask != 0
        if !doc.items.isEmpty {
            let names = fresh.map { competence(ofItem: $0).label(reference, in: language) }
            if !raw.domain && !bringsMissing {
                say(Sentence("Shares no sector or ecosystem with the consortium or the search, and brings none of the competences it lacks."))
            } else if !fresh.isEmpty {
                let values = ["count": language.number(fresh.count), "list": list(names, max: 3)]
                switch (raw.domain, fresh.count == 1) {
                case (true, true): say(Sentence("Adds a sector, technology or ecosystem new to the consortium: {{list}}."), values)
                case (true, false): say(Sentence("Adds {{count}} sectors, technologies or ecosystems new to the consortium: {{list}}."), values)
                case (false, true):
                    say(Sentence("Comes from another field and adds a sector, technology or ecosystem new to the consortium: {{list}}."), values)
                case (false, false):
                    say(Sentence("Comes from another field and adds {{count}} sectors, technologies or ecosystems new to the consortium: {{list}}."), values)
                }
            }
        }

        // Geography.
        let countryName = reference.country(doc.country).map { language.text($0.name, context: "country") } ?? doc.country
        let country = Int(slotCountry[slot])
        let inTarget = request.anyTarget || (country < request.targetOK.count && request.targetOK[country])
        if !inTarget { say(Sentence("Is in {{country}}, outside the target countries."), ["country": countryName]) }
        if !(country < team.countries.count && team.countries[country]) {
            say(Sentence("Brings a country new to the consortium: {{country}}."), ["country": countryName])
        }
        let stillNeeded = request.needLessDeveloped && !team.lessDevelopedMet
        if let category = category(ofSlot: slot), category.countsAsLessDeveloped {
            let values = ["region": doc.nuts2.map { " (\($0))" } ?? ""]
            switch (category == .lessDeveloped, stillNeeded) {
            case (true, true): say(Sentence("Is in a less developed region{{region}}, which the consortium still needs."), values)
            case (true, false): say(Sentence("Is in a less developed region{{region}}."), values)
            case (false, true): say(Sentence("Is in a transition region{{region}}, which the consortium still needs."), values)
            case (false, false): say(Sentence("Is in a transition region{{region}}."), values)
            }
        } else if stillNeeded {
            say(Sentence("Is not in a less developed or transition region, which the consortium still needs."))
        }

        // S3 priorities.
        if raw.s3Shared > 0 {
            let shared = doc.s3Priorities.filter { priority in
                matchingTextStems(priority).contains { stem in
                    stems.find(stem.stem).map { Self.contains(team.s3Stems, $0) } ?? false
                }
            }
            if !shared.isEmpty {
                say(Sentence("Shares smart specialisation priorities with the consortium: {{list}}."), ["list": list(shared.map { "“\($0)”" }, max: 3)])
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
            say(Sentence("Its description is close to the search's (shared words: {{words}})."), ["words": words.joined(separator: ", ")])
        }

        // Type.
        if !request.anyType {
            let values = ["type": language.text(doc.type.label, context: "type").lowercased()]
            if parts.type > 0 {
                say(Sentence("Is a {{type}}, a type the search seeks."), values)
            } else {
                say(Sentence("Is a {{type}}, not a type the search seeks."), values)
            }
        }
        return out
    }

    /// "It is one of only 2 organisations that bring X." for the scarcest competence in `mask` when at most
    /// two or at most 2 % of the indexed organisations bring it (nil otherwise).
    func scarcest(_ mask: UInt64, request: MatchingRequest, reference: ReferenceData, language: Language) -> String? {
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
        let values = ["competence": request.required[i].label(reference, in: language), "n": language.number(n)]
        return n == 1
            ? Sentence("It is the only organisation that brings {{competence}}.")(in: language, values)
            : Sentence("It is one of only {{n}} organisations that bring {{competence}}.")(in: language, values)
    }

    /// "A, B and C", or "A, B, C and 2 more" past `max`, in `language`.
    static func list(_ items: [String], max: Int = 4, in language: Language = Languages.english) -> String {
        if items.count > max {
            let values = ["items": items.prefix(max).joined(separator: ", "), "count": language.number(items.count - max)]
            return Sentence("{{items}} and {{count}} more")(in: language, values)
        }
        if items.count <= 1 { return items.first ?? "" }
        return Sentence("{{items}} and {{last}}")(in: language, ["items": items.dropLast().joined(separator: ", "), "last": items.last!])
    }
}

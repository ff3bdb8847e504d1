// The normalised, reduced form of a problem that the searches work on.

/// A consortium found by a search, with everything needed to rank it.
struct ConsortiumEntry {
    /// Required competences covered (partial ranking only; the full count for feasible sets).
    var covered: Int
    /// Other constraints met (partial ranking only; all four for feasible sets).
    var met: Int
    var size: Int
    var score: Int
    /// All member ids, ascending: the final tie-break.
    var ids: [Int64]
    /// Non-fixed members as indices into `ConsortiumInstance.members`.
    var picks: [Int32]
}

struct ConsortiumInstance {
    let competenceCount: Int
    /// Bits of the required competences.
    let required: UInt64
    let minMembers: Int
    let maxMembers: Int
    let minCountries: Int
    let needLessDeveloped: Bool
    let objective: ConsortiumObjective
    let k: Int

    /// Every candidate as given (covers masked to the required bits), for the diagnosis.
    let all: [ConsortiumCandidate]
    /// Fixed members by score descending, id ascending.
    let fixed: [ConsortiumCandidate]
    let fixedScore: Int
    let fixedCovers: UInt64
    let fixedLessDeveloped: Bool
    /// Members of the fixed part per dense country.
    let fixedCountryCounts: [Int32]
    let fixedCountryTotal: Int

    /// Non-fixed candidates that survive the dominance reduction, in rank order
    /// (score descending, id ascending). Index = rank; searches rely on that.
    let members: [ConsortiumCandidate]
    /// Dense country of each member.
    let memberCountry: [Int32]
    /// Dense index → country as given.
    let countryValues: [UInt16]
    let countryCount: Int
    /// Non-fixed candidates dropped by the dominance reduction.
    let reducedAway: Int

    /// Largest size any returned set may have: `maxMembers`, or the fixed members alone when they
    /// already exceed it (only partial consortia exist then).
    var sizeCap: Int { max(maxMembers, fixed.count) }

    init(problem: ConsortiumProblem, reduce: Bool) {
        let count = max(0, min(64, problem.competenceCount))
        let required: UInt64 = count == 64 ? .max : (UInt64(1) << UInt64(count)) - 1
        competenceCount = count
        self.required = required
        minMembers = max(0, problem.minMembers)
        maxMembers = problem.maxMembers
        minCountries = max(0, problem.minCountries)
        needLessDeveloped = problem.needLessDeveloped
        objective = problem.objective
        k = max(1, problem.k)

        var all = problem.candidates
        for i in all.indices { all[i].covers &= required }
        self.all = all

        var dense: [UInt16: Int32] = [:]
        var values: [UInt16] = []
        for candidate in all where dense[candidate.country] == nil {
            dense[candidate.country] = Int32(values.count)
            values.append(candidate.country)
        }
        countryValues = values
        countryCount = values.count

        let ranked = all.sorted(by: ConsortiumInstance.ranksBefore)
        let fixed = ranked.filter(\.fixed)
        self.fixed = fixed
        fixedScore = fixed.reduce(0) { $0 + $1.score }
        fixedCovers = fixed.reduce(0) { $0 | $1.covers }
        fixedLessDeveloped = fixed.contains(where: \.lessDeveloped)
        var counts = [Int32](repeating: 0, count: values.count)
        for candidate in fixed { counts[Int(dense[candidate.country] ?? 0)] += 1 }
        fixedCountryCounts = counts
        fixedCountryTotal = counts.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }

        let others = ranked.filter { !$0.fixed }
        let otherCountry = others.map { dense[$0.country] ?? 0 }
        let slots = max(0, max(problem.maxMembers, fixed.count) - fixed.count)
        let keep =
            reduce
            ? ConsortiumInstance.undominated(others, country: otherCountry, countryCount: values.count, keepPerClass: slots + k - 1)
            : Array(others.indices)
        members = keep.map { others[$0] }
        memberCountry = keep.map { otherCountry[$0] }
        reducedAway = others.count - keep.count
    }

    /// The rank order: higher score first, then smaller id. Every exchange argument uses it.
    static func ranksBefore(_ a: ConsortiumCandidate, _ b: ConsortiumCandidate) -> Bool {
        a.score != b.score ? a.score > b.score : a.id < b.id
    }

    /// Indices (into `ranked`, which is in rank order) of candidates that may appear in a top-k set.
    ///
    /// Candidate c is dropped when at least `keepPerClass` = slots + k − 1 candidates d rank before it
    /// with the same country, `covers(d) ⊇ covers(c)` and `lessDeveloped(d) ≥ lessDeveloped(c)`. Any
    /// set S containing c has at most slots − 1 other non-fixed members, so at least k such d lie
    /// outside S; swapping c for each gives k distinct sets that meet every constraint S meets (and
    /// cover at least as much) and rank strictly before S, in the feasible order and in the partial
    /// order alike. So S is not among the k best. Each decision refers to the original candidates
    /// only, so dropping all such c at once is sound.
    static func undominated(
        _ ranked: [ConsortiumCandidate],
        country: [Int32],
        countryCount: Int,
        keepPerClass: Int
    ) -> [Int] {
        guard keepPerClass > 0 else { return [] }
        var byCountry = [[Int]](repeating: [], count: countryCount)
        for index in ranked.indices { byCountry[Int(country[index])].append(index) }

        var keep = [Bool](repeating: false, count: ranked.count)
        for indices in byCountry where !indices.isEmpty {
            // Classes (covers, lessDeveloped) seen so far in this country, with how many candidates
            // (kept or not) fell in each. `withBit[b]` lists the classes whose covers contain bit b,
            // so a candidate only scans classes that can be supersets of its own covers.
            var classCovers: [UInt64] = []
            var classLessDeveloped: [Bool] = []
            var classSize: [Int] = []
            var classIndex: [UInt64: Int] = [:]
            var classIndexLessDeveloped: [UInt64: Int] = [:]
            var withBit = [[Int]](repeating: [], count: 64)

            for index in indices {
                let candidate = ranked[index]
                let covers = candidate.covers
                var dominators = 0
                if covers == 0 {
                    for cls in classCovers.indices where classLessDeveloped[cls] || !candidate.lessDeveloped {
                        dominators += classSize[cls]
                        if dominators >= keepPerClass { break }
                    }
                } else {
                    for cls in withBit[covers.trailingZeroBitCount]
                    where classCovers[cls] & covers == covers && (classLessDeveloped[cls] || !candidate.lessDeveloped) {
                        dominators += classSize[cls]
                        if dominators >= keepPerClass { break }
                    }
                }
                keep[index] = dominators < keepPerClass

                let existing = candidate.lessDeveloped ? classIndexLessDeveloped[covers] : classIndex[covers]
                if let cls = existing {
                    classSize[cls] += 1
                } else {
                    let cls = classCovers.count
                    classCovers.append(covers)
                    classLessDeveloped.append(candidate.lessDeveloped)
                    classSize.append(1)
                    if candidate.lessDeveloped { classIndexLessDeveloped[covers] = cls } else { classIndex[covers] = cls }
                    var bits = covers
                    while bits != 0 {
                        withBit[bits.trailingZeroBitCount].append(cls)
                        bits &= bits - 1
                    }
                }
            }
        }
        return ranked.indices.filter { keep[$0] }
    }

    /// Turns a search entry into the public proposal, naming what a partial one lacks.
    func proposal(for entry: ConsortiumEntry) -> ConsortiumProposal {
        let chosen = entry.picks.map { members[Int($0)] }.sorted(by: ConsortiumInstance.ranksBefore)
        let consortium = fixed + chosen
        let covers = consortium.reduce(UInt64(0)) { $0 | $1.covers }
        let countries = Array(Set(consortium.map(\.country))).sorted()
        var missing: [Int] = []
        var bits = required & ~covers
        while bits != 0 {
            missing.append(bits.trailingZeroBitCount)
            bits &= bits - 1
        }
        var unmet: [ConsortiumConstraint] = []
        if !missing.isEmpty { unmet.append(.coverage) }
        if consortium.count < minMembers { unmet.append(.minMembers) }
        if consortium.count > maxMembers { unmet.append(.maxMembers) }
        if countries.count < minCountries { unmet.append(.minCountries) }
        if needLessDeveloped && !consortium.contains(where: \.lessDeveloped) { unmet.append(.lessDeveloped) }
        return ConsortiumProposal(
            members: consortium.map(\.id),
            totalScore: entry.score,
            countries: countries,
            missingCompetences: missing,
            unmet: unmet
        )
    }
}

// The closest partial consortia of an infeasible problem, found level by level over the exact set
// of competences they miss.

extension ConsortiumInstance {
    /// The k closest partial sets (see `ConsortiumBuilder.build`).
    ///
    /// Sets are split by the exact set G of required competences they miss: the sets missing
    /// exactly G are those that cover everything else and contain no coverer of G. Levels go by
    /// |G| upwards, so the first level that holds k sets decides, and every set on a later level
    /// ranks below every set on an earlier one. Within a level, a depth-first walk over the
    /// competences (each one "must cover" or "give up") enumerates only the G whose complement the
    /// remaining slots can still cover, so hopeless G are cut off by prefix.
    func searchPartial(budget: inout ConsortiumBudget) -> (entries: [ConsortiumEntry], complete: Bool) {
        let slots = sizeCap - fixed.count
        let open = required & ~fixedCovers
        let reachable = members.reduce(UInt64(0)) { $0 | $1.covers } & open
        let unreachable = open & ~reachable
        // Rarest competences first: their decisions prune the most.
        var coverers = [Int](repeating: 0, count: 64)
        for member in members {
            for competence in Self.competences(in: member.covers) { coverers[competence] += 1 }
        }
        let order = Self.competences(in: reachable).sorted { a, b in
            coverers[a] != coverers[b] ? coverers[a] < coverers[b] : a < b
        }
        let masks = ConsortiumCoverBound.widestFirst(members.map { $0.covers & reachable })
        let search = ConsortiumSearch(
            instance: self, partial: true, sizes: fixed.count...sizeCap, capacity: k,
            cover: ConsortiumCoverBound(distinctWidestFirst: masks), budget: budget
        )
        let walk = ConsortiumMissingWalk(order: order, slots: slots, unreachable: unreachable, search: search)
        for level in 0...order.count {
            walk.visit(
                0, must: 0, giveUp: 0, giveUpsLeft: level, masks: masks,
                cover: ConsortiumCoverBound(distinctWidestFirst: masks)
            )
            if search.entries.count >= k || search.budget.exhausted { break }
        }
        budget = search.budget
        return (search.entries, !budget.exhausted)
    }
}

/// Depth-first walk over "cover or give up" decisions for the partial search (see `searchPartial`).
struct ConsortiumMissingWalk {
    let order: [Int]
    let slots: Int
    let unreachable: UInt64
    let search: ConsortiumSearch

    /// `must`: competences decided covered; `giveUp`: decided missed. `cover` knows only the masks
    /// disjoint from `giveUp`, since every coverer of a missed competence is out.
    func visit(
        _ position: Int, must: UInt64, giveUp: UInt64, giveUpsLeft: Int, masks: [UInt64], cover: ConsortiumCoverBound
    ) {
        guard search.spend() else { return }
        if must != 0 && cover.fewest(must, atMost: slots, budget: &search.budget) > slots { return }
        if position == order.count {
            search.run(missing: giveUp | unreachable, cover: cover)
            return
        }
        let bit = UInt64(1) << UInt64(order[position])
        if giveUpsLeft < order.count - position {
            visit(position + 1, must: must | bit, giveUp: giveUp, giveUpsLeft: giveUpsLeft, masks: masks, cover: cover)
        }
        if giveUpsLeft > 0 && !search.budget.exhausted {
            let kept = masks.filter { $0 & bit == 0 }
            visit(
                position + 1, must: must, giveUp: giveUp | bit, giveUpsLeft: giveUpsLeft - 1,
                masks: kept, cover: ConsortiumCoverBound(distinctWidestFirst: kept)
            )
        }
    }
}

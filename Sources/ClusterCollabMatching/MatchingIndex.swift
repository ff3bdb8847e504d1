import ClusterCollabCore
import ClusterCollabText
import Foundation

/// Recommends partners for partner searches, and partner searches for organisations, from an in-memory
/// index of the published organisations.
///
/// The score is `ScoreParts.score`: 0.50 coverage + 0.05 complementarity + 0.15 geography + 0.05 s3 +
/// 0.15 text + 0.10 type (`MatchingWeights`; each part is described on `ScoreParts`). The "consortium" is
/// the owner and the accepted members that are indexed; a member scored by `scoreAll` is scored against
/// the consortium without itself.
///
/// Data structures (`MatchingState`): dense per-slot arrays (id, country index, type, NUTS 2 index, item
/// count, S3 stem count, TF-IDF norm), inverted postings sorted by slot for sectors, technologies and
/// ecosystems (by item code) and for every stem of the keyword fields (slot plus a byte: the term's count
/// in description and tags, and whether it is in an S3 priority). A recommendation walks the postings of
/// the required competences, the consortium's items and S3 stems and the query's terms once, accumulating
/// into dense arrays, scores every slot with the same function the single-organisation path uses, and
/// keeps the best `offset + limit` with a heap (or sorts when that is most of the index).
///
/// The web layer `load`s the published profiles at start-up and calls `upsert`/`remove` after each write,
/// like the directory index. Safe for many concurrent readers and occasional writers: a recommendation
/// holds a read lock and allocates its own scratch arrays; text analysis happens before any lock; writes
/// are serialised among themselves and hold the write lock only to apply their change (a periodic rebuild
/// is done on a copy and swapped in).
public final class MatchingIndex: Sendable {
    public let reference: ReferenceData
    /// The state and its locks; a bulk load is the writer from `bulkLoad()` to `finish()`, so writes apply
    /// in order and neither a rebuild nor a bulk load loses one.
    let store = IndexStore(MatchingState())

    public init(reference: ReferenceData) {
        self.reference = reference
    }

    // MARK: Writes

    /// Replaces everything with these organisations. Those not published are skipped; with duplicate ids the
    /// last one wins. Region categories already set are kept. Recommendations keep running on the previous
    /// contents until the new index is complete.
    public func load(_ organisations: [Organisation]) {
        let bulk = bulkLoad()
        bulk.add(organisations)
        bulk.finish()
    }

    /// Starts replacing the whole index from batches (a caller reading profiles page by page from the
    /// database never holds them all at once). Writes wait until `finish()`; recommendations keep running on
    /// the previous contents until then.
    public func bulkLoad() -> MatchingBulkLoad {
        MatchingBulkLoad(index: self)
    }

    /// Adds an organisation or replaces its earlier version; one that is not published is removed instead,
    /// so the web layer can call this after every write whatever the status.
    public func upsert(_ organisation: Organisation) {
        guard organisation.status == .published else {
            remove(id: organisation.id)
            return
        }
        var analyser = MatchingAnalyser(reference: reference)
        let analysis = analyser.analyse(organisation)
        store.write {
            store.lock.withWriteLock {
                var mapping: [UInt32] = []
                store.state.add(analysis, analyser: analyser, mapping: &mapping, computeNorm: true)
                store.state.writesSinceRebuild += 1
            }
            rebuildIfNeeded()
        }
    }

    /// Removes an organisation; nothing happens if it is not indexed.
    public func remove(id: Int64) {
        store.write {
            let removed = store.lock.withWriteLock {
                let removed = store.state.remove(id: id)
                if removed { store.state.writesSinceRebuild += 1 }
                return removed
            }
            if removed { rebuildIfNeeded() }
        }
    }

    /// NUTS 2 code -> category, replacing all earlier ones (codes are matched upper-cased).
    public func setRegionCategories(_ categories: [String: RegionCategory]) {
        store.write {
            store.lock.withWriteLock { store.state.setCategories(categories) }
        }
    }

    /// Rebuilds a copy while readers go on, then swaps it in. Called as the writer.
    private func rebuildIfNeeded() {
        store.rebuildIfNeeded({ $0.needsRebuild }) { $0.rebuild() }
    }

    // MARK: Reads

    /// How many organisations are indexed.
    public var count: Int { store.lock.withReadLock { store.state.liveCount } }

    /// Whether any region category is loaded (without them nobody counts as being in a less developed
    /// region).
    public var hasRegionCategories: Bool { store.lock.withReadLock { !store.state.categories.isEmpty } }

    /// The cohesion category of an organisation's NUTS 2 region, if the organisation is indexed, its region is
    /// a NUTS code of level 2 or deeper and a category is loaded for it.
    public func regionCategory(of id: Int64) -> RegionCategory? {
        store.lock.withReadLock {
            store.state.slotByID[id].flatMap { store.state.category(ofSlot: Int($0)) }
        }
    }

    /// Which of the given competences an organisation covers, in the given order (none when not indexed).
    public func covers(_ id: Int64, _ competences: [Competence]) -> [Competence] {
        store.lock.withReadLock {
            let state = store.state
            guard let slot = state.slotByID[id] else { return [] }
            return competences.filter { state.covers(slot: Int(slot), state.coverTest($0)) }
        }
    }

    /// Ranked recommendations: every indexed organisation that is not the owner or an accepted member, best
    /// first (ties by id ascending), paged by offset/limit. Scores are computed once per call against the
    /// profile as it stands, so a candidate's score never depends on which other candidates are shown; a page
    /// is exactly the matching slice of the full ranking.
    /// Reasons are written in `language` (English unless told: the API's words).
    public func recommend(_ profile: PartnerSearchProfile, offset: Int, limit: Int, language: Language = Languages.english) -> RecommendationPage {
        let textStems = matchingTextStems(profile.text)
        let offset = max(0, offset), limit = max(0, limit)
        return store.lock.withReadLock {
            let state = store.state
            let (request, teamSlots, _, team, bulk) = state.pass(profile, textStems: textStems)
            var scores = [Double](repeating: -1, count: state.docs.count)
            var total = 0
            for s in 0..<state.docs.count where state.alive[s] {
                scores[s] = state.parts(slot: s, bulk.raw(s), request: request, team: team).score
                total += 1
            }
            for s in teamSlots { scores[s] = -1; total -= 1 }
            let (k, overflow) = offset.addingReportingOverflow(limit)
            let best = state.top(scores, k: overflow ? total : min(k, total))
            guard offset < best.count else { return RecommendationPage(items: [], total: total) }
            let items = best[offset...].map { s in
                let raw = bulk.raw(s)
                return state.recommendation(
                    slot: s, raw: raw, parts: state.parts(slot: s, raw, request: request, team: team),
                    request: request, team: team, reference: reference, language: language)
            }
            return RecommendationPage(items: items, total: total)
        }
    }

    /// Every indexed organisation's score and coverage in one pass, for the consortium builder, best first
    /// (ties by id ascending). The owner and accepted members are included (flagged `isMember`), each scored
    /// against the consortium without itself.
    public func scoreAll(_ profile: PartnerSearchProfile) -> [ScoredCandidate] {
        let textStems = matchingTextStems(profile.text)
        return store.lock.withReadLock {
            let state = store.state
            let (request, teamSlots, ownerSlot, team, bulk) = state.pass(profile, textStems: textStems)
            var scores = [Double](repeating: -1, count: state.docs.count)
            var masks = bulk.mask
            for s in 0..<state.docs.count where state.alive[s] {
                scores[s] = state.parts(slot: s, bulk.raw(s), request: request, team: team).score
            }
            for member in teamSlots {
                let others = team.slots.filter { $0 != member }
                let without = state.team(slots: others, ownerSlot: ownerSlot, request: request)
                let raw = state.raw(slot: member, request: request, team: without)
                scores[member] = state.parts(slot: member, raw, request: request, team: without).score
                masks[member] = raw.mask
            }
            return state.top(scores, k: state.liveCount).map { s in
                ScoredCandidate(
                    organisationID: state.ids[s], score: scores[s], coversMask: masks[s] & request.allMask,
                    country: state.docs[s].country, lessDeveloped: state.isLessDeveloped(slot: s),
                    type: state.docs[s].type, isMember: teamSlots.contains(s))
            }
        }
    }

    /// The open partner searches that fit one organisation best, best first (ties by search id ascending);
    /// searches it owns or is an accepted member of are left out. Each score is the one `recommend` gives
    /// the organisation for that search.
    public func recommendSearches(
        for organisationID: Int64, among searches: [PartnerSearchProfile],
        limit: Int, language: Language = Languages.english
    ) -> [(searchID: Int64, recommendation: Recommendation)] {
        recommendSearches(forEach: [organisationID], among: searches, limit: limit, language: language)[organisationID] ?? []
    }

    /// The same for many organisations at once (a weekly digest's readers): each search's request and team
    /// are built once, not once per organisation.
    public func recommendSearches(
        forEach organisationIDs: [Int64], among searches: [PartnerSearchProfile],
        limit: Int, language: Language = Languages.english
    ) -> [Int64: [(searchID: Int64, recommendation: Recommendation)]] {
        guard limit > 0, !searches.isEmpty, !organisationIDs.isEmpty else { return [:] }
        let stems = searches.map { matchingTextStems($0.text) }
        let consortia = searches.map { Set($0.consortiumIDs) }
        return store.lock.withReadLock {
            let state = store.state
            let prepared = searches.enumerated().map { i, search in
                let request = state.request(search, textStems: stems[i])
                let team = state.team(
                    slots: state.liveSlots(search.consortiumIDs), ownerSlot: state.slotByID[search.ownerID].map(Int.init), request: request)
                return (request: request, team: team)
            }
            var result: [Int64: [(searchID: Int64, recommendation: Recommendation)]] = [:]
            for organisationID in organisationIDs where result[organisationID] == nil {
                guard let found = state.slotByID[organisationID] else {
                    result[organisationID] = []
                    continue
                }
                let slot = Int(found)
                var scored: [(index: Int, score: Double, raw: MatchingRaw, parts: ScoreParts)] = []
                for i in searches.indices where !consortia[i].contains(organisationID) {
                    let raw = state.raw(slot: slot, request: prepared[i].request, team: prepared[i].team)
                    let parts = state.parts(slot: slot, raw, request: prepared[i].request, team: prepared[i].team)
                    scored.append((i, parts.score, raw, parts))
                }
                scored.sort { a, b in
                    a.score > b.score || (a.score == b.score && (searches[a.index].id, a.index) < (searches[b.index].id, b.index))
                }
                result[organisationID] = scored.prefix(limit).map { e in
                    (
                        searches[e.index].id,
                        state.recommendation(
                            slot: slot, raw: e.raw, parts: e.parts, request: prepared[e.index].request,
                            team: prepared[e.index].team, reference: reference, language: language)
                    )
                }
            }
            return result
        }
    }

    /// Approximate bytes the index holds (postings, per-organisation arrays, vocabulary).
    public var approximateMemory: Int { store.lock.withReadLock { store.state.approximateBytes } }
}

/// A bulk load in progress (see `MatchingIndex.bulkLoad()`): used from one task, `add` any number of
/// times, then `finish` once. Holds the index's writer lock from start to finish.
public final class MatchingBulkLoad {
    private let index: MatchingIndex
    private var state = MatchingState()
    private let workers: PerCoreWorkers<MatchingAnalyser, MatchingAnalysis>
    private var mappings: [[UInt32]]
    private var finished = false

    fileprivate init(index: MatchingIndex) {
        self.index = index
        index.store.beginWrite()
        // Only writers change the state, and we now are the writer: reading it without the read lock is safe.
        state.setCategories(index.store.state.categories)
        workers = PerCoreWorkers(MatchingAnalyser(reference: index.reference))
        mappings = [[UInt32]](repeating: [], count: workers.count)
    }

    deinit {
        // Abandoned without `finish()`: the index keeps its previous contents, and writes may go on.
        if !finished { index.store.endWrite() }
    }

    /// Adds a batch; organisations that are not published are skipped, and with duplicate ids (in this
    /// batch or an earlier one) the last one wins.
    public func add(_ organisations: [Organisation]) {
        precondition(!finished, "a finished bulk load takes no more organisations")
        let published = organisations.filter { $0.status == .published }
        let chunkSize = 16_384
        var start = 0
        while start < published.count {
            let chunk = published[start..<min(start + chunkSize, published.count)]
            // A small batch is not worth waking other cores for.
            workers.run(chunk, parallel: chunk.count >= 256) { $0.analyse($1) }
            for w in 0..<workers.count {
                for a in workers.results[w] {
                    state.add(a, analyser: workers.workers[w], mapping: &mappings[w], computeNorm: false)
                }
                workers.results[w] = []
            }
            start += chunk.count
        }
    }

    /// Computes the weights, swaps the new contents in and lets writes continue. A second call does nothing.
    public func finish() {
        guard !finished else { return }
        finished = true
        state.rebuild()
        index.store.replace(with: state)
        state = MatchingState()
        index.store.endWrite()
    }
}

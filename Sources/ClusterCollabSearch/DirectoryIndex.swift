import ClusterCollabCore
import Foundation

/// The public directory's query engine: an in-memory index of the published organisations with text
/// search, facet filters and counts, sorting, paging and type-ahead.
///
/// The database stays the truth; the web layer `load`s the published profiles at start-up and calls
/// `upsert`/`remove` after every write. Database full-text ranking and facet counts are too slow at
/// 100,000 profiles; here a search with facets takes a few milliseconds.
///
/// Safe for many concurrent readers and occasional writers: searches share a read lock and never copy the
/// index; a write holds the lock only to append (text analysis happens before taking it). Writes are also
/// serialised among themselves, so an `upsert` arriving during a `load` is applied after it, not lost.
public final class DirectoryIndex: Sendable {
    /// The reference data the index labels facets with.
    public let reference: ReferenceData
    fileprivate let schema: IndexSchema
    /// The state and its locks, as one object so the index itself can stay immutable and `Sendable`.
    let store: IndexStore<IndexState>

    /// An empty index.
    public init(reference: ReferenceData) {
        self.reference = reference
        schema = IndexSchema(reference: reference)
        store = IndexStore(IndexState(schema: schema))
    }

    /// Replaces the whole index with these organisations (start-up). Organisations that are not published
    /// are skipped; with duplicate ids the last one wins. Searches keep running on the previous contents
    /// until the new index is complete.
    public func load(_ organisations: [Organisation]) {
        let bulk = bulkLoad()
        bulk.add(organisations)
        bulk.finish()
    }

    /// Starts replacing the whole index from batches, so a caller reading profiles page by page from the
    /// database never holds them all at once (at 100,000 profiles that decides the server's memory).
    /// Writes wait until `finish()`; searches keep running on the previous contents until then.
    public func bulkLoad() -> BulkLoad {
        store.beginWrite()
        return BulkLoad(index: self)
    }

    /// A bulk load in progress (see `bulkLoad()`); used from one task, then finished exactly once.
    public final class BulkLoad {
        private let index: DirectoryIndex
        private var state: IndexState
        private let workers: PerCoreWorkers<Analyser, DocumentFeatures>
        private var mappings: [[UInt32]]
        private var finished = false

        fileprivate init(index: DirectoryIndex) {
            self.index = index
            state = IndexState(schema: index.schema)
            state.terms.beginBulk()
            state.words.beginBulk()
            workers = PerCoreWorkers(Analyser(schema: index.schema))
            mappings = [[UInt32]](repeating: [], count: workers.count)
        }

        /// Adds a batch; organisations that are not published are skipped, and with duplicate ids the last
        /// one wins.
        public func add(_ organisations: [Organisation]) {
            precondition(!finished, "a finished bulk load takes no more organisations")
            let published = organisations.filter { $0.status == .published }
            // Chunks bound the memory held by analysed-but-not-yet-indexed documents.
            let chunkSize = 8_192
            var start = 0
            while start < published.count {
                let chunk = published[start..<min(start + chunkSize, published.count)]
                // Folding and stemming dominate a bulk load: every core analyses a part.
                workers.run(chunk) { $0.features($1) }
                // In worker order, which is the input order, so that with duplicate ids the last one wins.
                for w in 0..<workers.count {
                    let stems = workers.workers[w].stems
                    for features in workers.results[w] { state.add(features, stems: stems, mapping: &mappings[w]) }
                    workers.results[w] = []
                }
                start += chunk.count
            }
        }

        /// Swaps the new contents in and lets writes continue.
        public func finish() {
            precondition(!finished, "a bulk load is finished once")
            finished = true
            state.finishBulk()
            state.compact()
            index.store.replace(with: state)
            index.store.endWrite()
        }
    }

    /// Adds an organisation or replaces its earlier version; one that is not published is removed instead,
    /// so the web layer can call this after every write whatever the status.
    public func upsert(_ organisation: Organisation) {
        guard organisation.status == .published else {
            remove(id: organisation.id)
            return
        }
        var analyser = Analyser(schema: schema)
        let features = analyser.features(organisation)
        store.write {
            store.lock.withWriteLock {
                var mapping: [UInt32] = []
                store.state.add(features, stems: analyser.stems, mapping: &mapping)
            }
            compactIfNeeded()
        }
    }

    /// Removes an organisation; nothing happens if it is not in the index.
    public func remove(id: Int64) {
        store.write {
            let removed = store.lock.withWriteLock { store.state.remove(id: id) }
            if removed { compactIfNeeded() }
        }
    }

    /// Compacts a copy while searches go on, then swaps it in: searches wait only for the swap, not for the
    /// 100-200 ms a compaction of 100,000 profiles takes. Called as the writer.
    private func compactIfNeeded() {
        store.rebuildIfNeeded({ $0.needsCompaction }) { $0.compact() }
    }

    /// How many organisations the index holds.
    public var count: Int { store.lock.withReadLock { store.state.liveCount } }

    /// Runs a directory search: the matches' total, the requested page and the facet counts.
    public func search(_ query: DirectoryQuery) -> DirectoryResult {
        store.lock.withReadLock { store.state.search(query) }
    }

    /// A search's total, facets and member totals without its page: what the map and the statistics draw.
    /// Nothing is scored or ranked, so a broad query costs only its facet pass.
    public func counts(_ query: DirectoryQuery) -> DirectoryResult {
        var counting = query
        counting.perPage = 0
        return store.lock.withReadLock { store.state.search(counting) }
    }

    /// The ids of every match of a query, in its order (its page and page size are ignored), for downloads
    /// of a whole result.
    public func matchingIDs(_ query: DirectoryQuery) -> [Int64] {
        store.lock.withReadLock { store.state.matchingIDs(query) }
    }

    /// Type-ahead: organisations with a name or acronym word starting with each word of `prefix` (case and
    /// accents ignored), best static rank first, then by name; at most `limit`, capped at 20.
    public func suggest(_ prefix: String, limit: Int) -> [DirectoryHit] {
        let words = FastFolding.words(prefix)
        let limit = min(limit, 20)
        guard !words.isEmpty, limit > 0 else { return [] }
        return store.lock.withReadLock { store.state.suggest(words, limit: limit) }
    }

    /// The listing of one organisation as the index holds it (no score), or nil when it is not indexed; for
    /// the web layer to check a cached page against the index.
    public func hit(id: Int64) -> DirectoryHit? {
        store.lock.withReadLock {
            store.state.slotByID[id].flatMap { store.state.hits[Int($0)] }
        }
    }

}

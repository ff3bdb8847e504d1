import ClusterCollabCore
import ClusterCollabMatching
import ClusterCollabSearch
import ClusterCollabStorage
import Foundation
#if canImport(Glibc)
    import Glibc
#endif
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle

/// Keeps this instance's in-process directory index in step with the database. The database is the
/// truth; the index is a read model brought forward by the directory revision, after each local write and
/// every second for writes made by other instances sharing the same PostgreSQL.
public final class DirectoryService: Sendable {
    public let index: DirectoryIndex
    /// The partnering tool's read model of the same published profiles, kept in step with `index`.
    public let matching: MatchingIndex
    let repository: OrganisationRepository
    let logger: Logger
    /// Told the ids of organisations that changed, so caches of rendered pages drop them.
    let onChange: @Sendable ([Int64]) -> Void
    private let cursor = Cursor()
    /// Set once the first full load is done; background refreshes wait for it.
    let ready = NIOLockedValueBox(false)

    init(
        index: DirectoryIndex, matching: MatchingIndex, repository: OrganisationRepository, logger: Logger,
        onChange: @escaping @Sendable ([Int64]) -> Void = { _ in }
    ) {
        self.index = index
        self.matching = matching
        self.repository = repository
        self.logger = logger
        self.onChange = onChange
    }

    /// Serialises every write to the two indexes (the first load, refreshes, region categories), so two
    /// refreshes never apply changes out of order and no write ever waits on an index's writer turn while a
    /// bulk load holds it. An actor alone would not do: it is reentrant, so while the first load awaits the
    /// database a refresh could enter and block a cooperative thread on that turn (with two cores, two
    /// such refreshes would leave the load no thread to finish on). Waiting here suspends instead.
    actor Cursor {
        var revision: Int64 = 0
        private var busy = false
        private var waiting: [CheckedContinuation<Void, Never>] = []

        func advance(_ body: (Int64) async throws -> Int64) async rethrows {
            while busy { await withCheckedContinuation { waiting.append($0) } }
            busy = true
            defer {
                busy = false
                if !waiting.isEmpty { waiting.removeFirst().resume() }
            }
            revision = try await body(revision)
        }
    }

    /// Hands region categories to the matching index, in turn with the other writes.
    func setRegionCategories(_ categories: [String: RegionCategory]) async {
        await cursor.advance { revision in
            matching.setRegionCategories(categories)
            return revision
        }
    }

    /// Loads every published organisation.
    func loadAll() async throws {
        try await cursor.advance { _ in
            // The revision is read first: a write that lands during the load is applied again by the next
            // refresh, which is harmless because upserts are idempotent.
            let revision = try await repository.revision()
            // Page by page, so the decoded profiles of a large directory are never all in memory at once.
            let bulk = index.bulkLoad()
            let matchingLoad = matching.bulkLoad()
            var last: Int64 = 0
            do {
                while true {
                    let page = try await repository.page(status: .published, afterID: last, limit: 2_000)
                    guard let tail = page.last else { break }
                    bulk.add(page)
                    matchingLoad.add(page)
                    last = tail.id
                }
            } catch {
                bulk.finish()
                matchingLoad.finish()
                throw error
            }
            bulk.finish()
            matchingLoad.finish()
            // After both indexes are built, so the pages read for them are handed back too.
            MemoryRelease.returnFreedMemory()
            return revision
        }
        ready.withLockedValue { $0 = true }
    }

    /// Applies what changed since the last refresh.
    public func refresh() async throws {
        try await cursor.advance { since in
            let changes = try await repository.changes(since: since)
            for id in changes.removals {
                index.remove(id: id)
                matching.remove(id: id)
            }
            for organisation in changes.upserts {
                index.upsert(organisation)
                if organisation.status == .published { matching.upsert(organisation) } else { matching.remove(id: organisation.id) }
            }
            let changed = changes.removals + changes.upserts.map(\.id)
            if !changed.isEmpty { onChange(changed) }
            return changes.revision
        }
    }
}

/// The background service that refreshes the directory index while the server runs.
struct DirectoryRefreshService: Service {
    let directory: DirectoryService
    let interval: Duration

    func run() async throws {
        // Ends on graceful shutdown (the sleep is cancelled), before the database pool closes.
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                guard directory.ready.withLockedValue({ $0 }) else { continue }
                do { try await directory.refresh() } catch is CancellationError { return } catch {
                    directory.logger.warning("directory refresh failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}

/// Reloads the region categories every half minute, so a `clustercollab import region-categories` or
/// another instance's admin page reaches this instance without a restart. (The table is a few hundred
/// rows; this instance's own admin changes apply at once.)
struct RegionCategoryRefreshService: Service {
    let platform: Platform

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(30))
                do { try await platform.reloadRegionCategories() } catch is CancellationError { return } catch {
                    platform.logger.warning("region category reload failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}

/// Closes the database pool when the application shuts down, after the server has stopped.
struct DatabaseShutdownService: Service {
    let database: Database
    func run() async throws {
        try? await gracefulShutdown()
        await database.shutdown()
    }
}

/// Hands memory freed after start-up back to the operating system. glibc keeps freed heap pages for reuse,
/// so the profiles decoded while loading would otherwise stay in the server's resident size.
enum MemoryRelease {
    static func returnFreedMemory() {
        #if canImport(Glibc)
            _ = glibcMallocTrim(0)
        #endif
    }
}

#if canImport(Glibc)
    // glibc's malloc_trim(3); Swift's Glibc module does not export it.
    @_silgen_name("malloc_trim")
    private func glibcMallocTrim(_ pad: Int) -> Int32
#endif

import Foundation

/// One worker (an analyser with its own caches) and one result list per core, for the bulk loads of the
/// directory and matching indexes: `run` hands each core a contiguous part of the input, so `results[0]`,
/// `results[1]`, … read in order are the input order. Each worker touches only its own entries, and the
/// caller reads them after `run` returns, so unsynchronised storage is safe.
package final class PerCoreWorkers<Worker, Result>: @unchecked Sendable {
    package let count: Int
    package let workers: UnsafeMutablePointer<Worker>
    package let results: UnsafeMutablePointer<[Result]>

    /// One copy of `worker` per active core.
    package init(_ worker: Worker) {
        count = max(1, ProcessInfo.processInfo.activeProcessorCount)
        workers = .allocate(capacity: count)
        workers.initialize(repeating: worker, count: count)
        results = .allocate(capacity: count)
        results.initialize(repeating: [], count: count)
    }

    deinit {
        workers.deinitialize(count: count)
        workers.deallocate()
        results.deinitialize(count: count)
        results.deallocate()
    }

    /// Applies `body` to every item, contiguous parts on every core (or all of them on this thread, in
    /// `results[0]`, when `parallel` is false: a small batch is not worth waking other cores for).
    package func run<Item: Sendable>(_ items: ArraySlice<Item>, parallel: Bool = true, _ body: @Sendable (inout Worker, Item) -> Result) {
        let n = items.count, base = items.startIndex
        guard parallel, count > 1 else {
            results[0] = items.map { body(&workers[0], $0) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: count) { w in
            var out: [Result] = []
            out.reserveCapacity(n / count + 1)
            for i in (w * n / count)..<((w + 1) * n / count) {
                out.append(body(&workers[w], items[base + i]))
            }
            results[w] = out
        }
    }
}

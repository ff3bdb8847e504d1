import Foundation

/// The lock writers take in turn. A semaphore rather than a mutex: a bulk load takes it in `bulkLoad()`
/// and gives it back in `finish()`, and an async caller may be on another thread by then.
final class MatchingWriterLock: @unchecked Sendable {
    private let semaphore = DispatchSemaphore(value: 1)

    func lock() { semaphore.wait() }
    func unlock() { semaphore.signal() }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock()
        defer { unlock() }
        return try body()
    }
}

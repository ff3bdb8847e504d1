import Foundation

/// The state of an in-memory read model (the directory index, the matching index) with its two locks.
///
/// Readers share `lock` and never copy the state. Writers take turns through `write`/`beginWrite`, and
/// hold `lock` only to change the state; heavy rebuilds run on a copy while readers go on, and only the
/// swap takes the write lock. The writers' turn is a semaphore, not a mutex: a bulk load takes it when it
/// starts and gives it back in `finish()`, and an async caller may be on another thread by then.
package final class IndexStore<State>: @unchecked Sendable {
    /// Readers share it; a writer holds it only while changing `state`.
    package let lock = ReadWriteLock()
    private let writer = DispatchSemaphore(value: 1)
    package var state: State

    package init(_ state: State) { self.state = state }

    /// Waits for the writers' turn; `endWrite` gives it back (possibly from another thread).
    package func beginWrite() { writer.wait() }
    package func endWrite() { writer.signal() }

    /// Runs `body` as the only writer.
    package func write<T>(_ body: () throws -> T) rethrows -> T {
        beginWrite()
        defer { endWrite() }
        return try body()
    }

    /// Swaps in a new state; the old one is freed after the lock is released, so that freeing some hundred
    /// thousand buffers does not hold up readers.
    package func replace(with new: State) {
        var old = new
        lock.withWriteLock { swap(&state, &old) }
        _ = consume old
    }

    /// Rebuilds a copy when `needed` says so, then swaps it in. Must be called as the writer, so no write
    /// lands in between and is lost; being the writer, it may read `state` without the read lock.
    package func rebuildIfNeeded(_ needed: (State) -> Bool, _ rebuild: (inout State) -> Void) {
        guard needed(state) else { return }
        var copy = state
        rebuild(&copy)
        replace(with: copy)
    }
}

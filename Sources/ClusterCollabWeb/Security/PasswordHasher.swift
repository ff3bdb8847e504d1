import Foundation
import HummingbirdBcrypt
import NIOPosix

/// bcrypt (cost 11, about 120 ms a hash here) off the event loops, at most one hash per core at a time,
/// so a burst of logins queues instead of starving every other request.
final class PasswordHasher: Sendable {
    let cost: UInt8
    private let pool: NIOThreadPool
    private let slots: Slots

    /// A hash of a password nobody has: unknown e-mails are checked against it so that a login for an
    /// unknown address takes as long as one for a known address.
    let dummyHash: String

    /// Hashing has threads of its own, one per core, shared by the process: it must never hold up the
    /// database's threads or the event loops.
    static let threads: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: ProcessInfo.processInfo.activeProcessorCount)
        pool.start()
        return pool
    }()

    init(cost: UInt8 = 11) {
        self.cost = cost
        pool = Self.threads
        slots = Slots(ProcessInfo.processInfo.activeProcessorCount)
        dummyHash = Bcrypt.hash(Secrets.token(), cost: cost)
    }

    func hash(_ password: String) async throws -> String {
        try await slots.run { [pool, cost] in
            try await pool.runIfActive { Bcrypt.hash(password, cost: cost) }
        }
    }

    func verify(_ password: String, hash: String) async throws -> Bool {
        try await slots.run { [pool] in
            try await pool.runIfActive { Bcrypt.verify(password, hash: hash) }
        }
    }

    /// A counting semaphore for async work.
    actor Slots {
        private var free: Int
        private var waiting: [CheckedContinuation<Void, Never>] = []

        init(_ count: Int) { free = max(1, count) }

        func run<T: Sendable>(_ work: @Sendable () async throws -> T) async throws -> T {
            if free > 0 { free -= 1 } else { await withCheckedContinuation { waiting.append($0) } }
            defer { release() }
            return try await work()
        }

        private func release() {
            if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
        }
    }
}

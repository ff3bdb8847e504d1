@testable import ClusterCollabWeb
import Foundation
import NIOConcurrencyHelpers
import Testing

/// Every write to the in-memory indexes takes its turn through `DirectoryService.Cursor`.
@Suite struct DirectoryCursorTests {
    @Test func aWriteThatArrivesWhileAnotherAwaitsWaitsForItsEndWithoutEnteringAndInOrder() async throws {
        let cursor = DirectoryService.Cursor()
        let log = NIOLockedValueBox<[String]>([])
        let (release, releaser) = AsyncStream<Void>.makeStream()
        // The first writer suspends in the middle of its turn, as the first load does while reading pages.
        let first = Task {
            await cursor.advance { revision in
                log.withLockedValue { $0.append("first in") }
                for await _ in release { break }
                log.withLockedValue { $0.append("first out") }
                return revision + 1
            }
        }
        while log.withLockedValue({ $0 }).isEmpty { await Task.yield() }
        // Meanwhile three more arrive, one after the other.
        var others: [Task<Void, Never>] = []
        for name in ["second", "third", "fourth"] {
            others.append(
                Task {
                    await cursor.advance { revision in
                        log.withLockedValue { $0.append("\(name) at \(revision)") }
                        return revision + 1
                    }
                })
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(log.withLockedValue { $0 } == ["first in"], "nobody entered while the first one was suspended in its turn")
        releaser.yield()
        releaser.finish()
        await first.value
        for task in others { await task.value }
        #expect(
            log.withLockedValue { $0 } == ["first in", "first out", "second at 1", "third at 2", "fourth at 3"],
            "one at a time, in the order they came, each seeing the revision the previous one left")
    }
}

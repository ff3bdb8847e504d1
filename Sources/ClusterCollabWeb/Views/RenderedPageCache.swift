import NIOConcurrencyHelpers

/// Pages rendered once and served again for a while (news articles, feeds), per key and language: a view
/// within `lifetime` of the rendering joins the kept text with the personal header and reads nothing. A
/// write that changes what a page shows calls `clear()`; what a page shows of other records (an
/// organisation's new name) appears when the entry expires. At most `capacity` pages are kept, so a crawler
/// cannot grow it without bound.
final class RenderedPageCache: Sendable {
    private struct Entry {
        var at: ContinuousClock.Instant
        var text: String
    }
    private let entries = NIOLockedValueBox<[String: Entry]>([:])
    let lifetime: Duration
    let capacity: Int

    init(lifetime: Duration = .seconds(30), capacity: Int = 2_048) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The kept text for `key`, or `render`'s, kept when there is room. `nil` from `render` is kept as
    /// nothing (a missing article is not remembered: it may be published a moment later).
    func text(_ key: String, render: () async throws -> String?) async throws -> String? {
        let now = ContinuousClock.now
        if let entry = entries.withLockedValue({ $0[key] }), now - entry.at < lifetime { return entry.text }
        guard let text = try await render() else { return nil }
        entries.withLockedValue { entries in
            if entries.count >= capacity { entries = entries.filter { now - $0.value.at < lifetime } }
            if entries.count < capacity { entries[key] = Entry(at: now, text: text) }
        }
        return text
    }

    func clear() { entries.withLockedValue { $0 = [:] } }
}

import NIOConcurrencyHelpers

/// Records that profile pages show a part of (the open partner searches, the published news), read at
/// most once per `lifetime`: reading them from the database on every page view would cost more than the
/// rest of the (cached) page, and a record written a moment ago appears within that time. Each
/// organisation's rendered section is kept with the records it was computed from, so a hot profile page
/// computes it once per reload rather than on every view.
final class LoadedSectionCache<Record: Sendable>: Sendable {
    struct Loaded {
        var at: ContinuousClock.Instant
        var records: [Record]
        /// Rendered sections by language and organisation.
        var sections: [String: String] = [:]
    }
    private let state = NIOLockedValueBox<Loaded?>(nil)
    let lifetime: Duration
    /// Sections kept per load at most (a crawler walking every profile must not grow it without bound).
    let sectionCapacity = 8_192

    init(lifetime: Duration = .seconds(1)) { self.lifetime = lifetime }

    func get(_ load: () async throws -> [Record]) async throws -> [Record] {
        try await current(load).records
    }

    private func current(_ load: () async throws -> [Record]) async throws -> Loaded {
        let now = ContinuousClock.now
        if let cached = state.withLockedValue({ $0 }), now - cached.at < lifetime { return cached }
        let loaded = Loaded(at: now, records: try await load())
        state.withLockedValue { $0 = loaded }
        return loaded
    }

    /// An organisation's section, rendered from the current records once per load.
    func section(
        for organisationID: Int64, language: String, _ load: () async throws -> [Record],
        render: ([Record]) async throws -> String
    ) async throws -> String {
        let loaded = try await current(load)
        let key = "\(language) \(organisationID)"
        if let html = loaded.sections[key] ?? state.withLockedValue({ $0?.at == loaded.at ? $0?.sections[key] : nil }) {
            return html
        }
        let html = try await render(loaded.records)
        state.withLockedValue { state in
            // Only into the load it was computed from; a newer load computes its own.
            guard state?.at == loaded.at, (state?.sections.count ?? 0) < sectionCapacity else { return }
            state?.sections[key] = html
        }
        return html
    }

    func clear() { state.withLockedValue { $0 = nil } }
}

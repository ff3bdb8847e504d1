import ClusterCollabCore
import Foundation

/// Loads the generated demo organisations (see `DemoOrganisations`) in one transaction, so that no client
/// ever sees a half-loaded platform.
public enum DemoData {
    /// Loads `count` demo organisations when the database holds none; returns how many were loaded.
    public static func loadIfEmpty(
        count: Int, into repository: OrganisationRepository, reference: ReferenceData,
        now: Date = Date(), progress: (@Sendable (Int) -> Void)? = nil
    ) async throws -> Int {
        guard try await repository.count() == 0 else { return 0 }
        let organisations = DemoOrganisations.generate(count: count, now: now, reference: reference)
        try await repository.write(organisations.map { .create($0) }, now: now, progress: progress)
        return organisations.count
    }
}

import ClusterCollabCore
import ClusterCollabStorage
import Foundation

/// The directory's write operations, shared by the API and (later) the forms: validate in the pure core,
/// store in one transaction, then bring this instance's index forward before answering, so a client
/// reads its own write.
extension Platform {
    public func createOrganisation(_ organisation: Organisation, actor: String? = nil) async throws -> Organisation {
        let valid = try organisation.prepared(reference: reference)
        let stored = try await organisations.create(valid, actor: actor)
        try await directory.refresh()
        return stored
    }

    public func updateOrganisation(_ organisation: Organisation, actor: String? = nil) async throws -> Organisation? {
        let valid = try organisation.prepared(reference: reference)
        guard let stored = try await organisations.update(valid, actor: actor) else { return nil }
        try await directory.refresh()
        return stored
    }

    public func deleteOrganisation(id: Int64, actor: String? = nil) async throws -> Bool {
        let deleted = try await organisations.delete(id: id, actor: actor)
        if deleted { try await directory.refresh() }
        return deleted
    }

    /// An organisation by numeric id or slug.
    public func organisation(idOrSlug: String) async throws -> Organisation? {
        if let id = Int64(idOrSlug) { return try await organisations.find(id: id) }
        return try await organisations.find(slug: idOrSlug)
    }
}

import ClusterCollabWeb
import Foundation

/// A platform on a temporary SQLite file, for the benchmarks that go through the platform's own writes
/// (digest, alerts, the calls' board): prepared (migrated, no demo), with the cheapest bcrypt cost.
/// `remove()` deletes the file and its WAL.
struct TemporaryPlatform {
    let platform: Platform
    let path: String

    static func make(_ name: String, publicURL: String = "https://clusters.example.eu") async throws -> TemporaryPlatform {
        let path = NSTemporaryDirectory() + "clustercollab-bench-\(name)-\(UUID().uuidString).sqlite"
        var configuration = AppConfiguration(port: 0, database: .sqlite(path: path), demo: false, publicURL: publicURL, logLevel: .error)
        configuration.bcryptCost = 4
        do {
            let platform = try await Platform(configuration: configuration, logger: CLI.logger)
            try await platform.prepare()
            return TemporaryPlatform(platform: platform, path: path)
        } catch {
            remove(path)
            throw error
        }
    }

    func remove() { Self.remove(path) }

    private static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}

import ClusterCollabStorage
import Foundation
import Logging

/// Everything an operator can set, by flags or environment (see README "Configuration").
public struct AppConfiguration: Sendable {
    public var hostname: String
    public var port: Int
    public var database: DatabaseLocation
    /// Load demo data into an empty database at start.
    public var demo: Bool
    /// The number of demo organisations `--demo` loads.
    public var demoCount: Int
    /// A platform operator's bearer token for API writes (`CLUSTERCOLLAB_ADMIN_TOKEN`); nil refuses writes.
    public var adminToken: String?
    /// The absolute base URL used in links, feeds and JSON-LD (`CLUSTERCOLLAB_PUBLIC_URL`).
    public var publicURL: String
    /// The secret for signing (`CLUSTERCOLLAB_SECRET`).
    public var secret: String
    public var logLevel: Logger.Level
    /// How often an instance looks for directory changes written by other instances.
    public var directoryRefreshInterval: Duration

    public init(hostname: String = "127.0.0.1", port: Int = 8080, database: DatabaseLocation = .defaultSQLite,
                demo: Bool = false, demoCount: Int = 300, adminToken: String? = nil, publicURL: String? = nil,
                secret: String? = nil, logLevel: Logger.Level = .info,
                directoryRefreshInterval: Duration = .seconds(1)) {
        self.hostname = hostname
        self.port = port
        self.database = database
        self.demo = demo
        self.demoCount = demoCount
        self.adminToken = adminToken.flatMap { $0.isEmpty ? nil : $0 }
        let base = publicURL.flatMap { $0.isEmpty ? nil : $0 } ?? "http://\(hostname):\(port)"
        self.publicURL = base.hasSuffix("/") ? String(base.dropLast()) : base
        // Without a configured secret each start gets a random one: signatures then do not survive a
        // restart, which is safe, only less convenient.
        self.secret = secret.flatMap { $0.isEmpty ? nil : $0 } ?? UUID().uuidString + UUID().uuidString
        self.logLevel = logLevel
        self.directoryRefreshInterval = directoryRefreshInterval
    }

    /// Reads the environment variables named in the README, with flags given precedence by the caller.
    public static func environment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> (database: String?, adminToken: String?, publicURL: String?, secret: String?) {
        (env["DATABASE_URL"], env["CLUSTERCOLLAB_ADMIN_TOKEN"], env["CLUSTERCOLLAB_PUBLIC_URL"], env["CLUSTERCOLLAB_SECRET"])
    }
}

import ClusterCollabCore
import ClusterCollabStorage
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

let operatorToken = "test-operator-token-0123456789"

/// Runs `body` against an in-process application on a fresh SQLite file, with demo data when asked.
func withApp(
    demo: Bool = true, adminToken: String? = operatorToken, configure: (inout AppConfiguration) -> Void = { _ in },
    _ body: @Sendable (any TestClientProtocol, Platform) async throws -> Void
) async throws {
    let path = NSTemporaryDirectory() + "clustercollab-web-\(UUID().uuidString).sqlite"
    defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
    var configuration = AppConfiguration(
        port: 0, database: .sqlite(path: path), demo: demo, adminToken: adminToken,
        publicURL: "https://clusters.example.eu", logLevel: .warning)
    // The lowest bcrypt cost keeps the suite fast; the cost does not change what is tested.
    configuration.bcryptCost = 4
    // Tests send digests themselves (`Platform.sendDigests`), for the week they choose, and reminders
    // (`Platform.sendReminders`) at the instant they choose.
    configuration.digestSchedule = nil
    configuration.sendsReminders = false
    configure(&configuration)
    let platform = try await Platform(configuration: configuration, logger: .init(label: "test"))
    let app = try buildApplication(platform: platform)
    try await app.test(.router) { client in try await body(client, platform) }
}

extension TestResponse {
    /// The body decoded as a JSON object.
    var json: [String: Any] {
        get throws {
            let data = Data(buffer: body)
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "not a JSON object: \(text)")
        }
    }

    var text: String { String(buffer: body) }
}

extension TestClientProtocol {
    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await execute(uri: uri, method: .get, headers: headers)
    }

    func send(_ method: HTTPRequest.Method, _ uri: String, json: String, token: String? = operatorToken) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await execute(uri: uri, method: method, headers: headers, body: ByteBuffer(string: json))
    }
}

let htmlAccept: HTTPFields = [.accept: "text/html,application/xhtml+xml"]

import ClusterCollabCalls
import ClusterCollabCore
import ClusterCollabMatching
import ClusterCollabStorage
@testable import ClusterCollabWeb
import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import Testing

/// The server killed with SIGKILL while expressions of interest are being submitted, then restarted:
/// every submission it acknowledged is there, complete with its receipt.
@Suite(.serialized) struct CrashRecoveryTests {
    static let consortia = 30

    @Test func everyAcknowledgedSubmissionSurvivesAKill() async throws {
        let dir = try EndToEndTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("crash.sqlite").path

        // A database with thirty consortia, each with a draft for an open call and a token of its lead team.
        var configuration = AppConfiguration(
            port: 0, database: .sqlite(path: path), demo: false, adminToken: nil,
            publicURL: "http://127.0.0.1", logLevel: .error)
        configuration.bcryptCost = 4
        let platform = try await Platform(configuration: configuration, logger: .init(label: "crash-test"))
        try await platform.prepare()
        let partner = try await platform.organisations.create(
            Organisation(name: "Shared Partner", type: .clusterOrganisation, country: "DE", region: "DE21", status: .published))
        var call = DemoCalls.escpS3(title: "Crash test call", opensAt: Date().addingTimeInterval(-3_600), closesAt: Date().addingTimeInterval(3_600))
        call.rules = [.minMembers(2)]
        let stored = try await platform.calls.create(call, actor: "test").call
        let work = try await ConsortiumDrafts.make(
            Self.consortia, named: "Crash", call: stored.id, partner: partner.id, password: "orbital-lattice-42", platform: platform)
        await platform.database.shutdown()

        // Serve it, submit everything at once, and kill the server while the submissions are in flight.
        let port = try EndToEndTests.freePort()
        let server = Process()
        server.executableURL = EndToEndTests.executable
        server.arguments = ["serve", "--port", String(port), "--database", path]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
        let base = "http://127.0.0.1:\(port)"
        var ready = false
        for _ in 0..<300 where !ready {
            if let (status, _) = try? await EndToEndTests.get("\(base)/health"), status == 200 {
                ready = true
            } else {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        #expect(ready)
        let body =
            #"{"version": 1, "answers": {"summary": "A partnership summary long enough to pass the minimum length of fifty characters.", "thematic_area": "Agri-food", "s3_alignment": "yes"}}"#
        let pid = server.processIdentifier
        let tally = Tally()
        let acknowledged = await withTaskGroup(of: Int64?.self) { group in
            for (i, item) in work.enumerated() {
                group.addTask {
                    // Half go before the kill, half race it.
                    try? await Task.sleep(for: .milliseconds(i * 8))
                    var request = URLRequest(url: URL(string: "\(base)/api/v1/applications/\(item.application)/submit")!)
                    request.httpMethod = "POST"
                    request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                    request.setValue("Bearer \(item.token)", forHTTPHeaderField: "Authorization")
                    request.httpBody = Data(body.utf8)
                    request.timeoutInterval = 10
                    guard let (_, response) = try? await URLSession.shared.data(for: request) else { return nil }
                    guard (response as? HTTPURLResponse)?.statusCode == 200 else { return nil }
                    await tally.add()
                    return item.application
                }
            }
            group.addTask {
                // Killed once a few submissions are acknowledged, while the others are still on their way,
                // however fast or slow the machine is.
                for _ in 0..<2_000 where await tally.count < 5 { try? await Task.sleep(for: .milliseconds(5)) }
                kill(pid, SIGKILL)
                return nil
            }
            var ids: Set<Int64> = []
            for await id in group { if let id { ids.insert(id) } }
            return ids
        }
        await Instance.exited(server)
        #expect(server.terminationReason == .uncaughtSignal, "the server was killed, not stopped")

        // Restart on the same file (a restart replays SQLite's write-ahead log) and look.
        let restarted = try Database(.sqlite(path: path), logger: .init(label: "crash-check"))
        let calls = CallRepository(database: restarted, reference: .shipped, publicURL: "http://127.0.0.1")
        let applications = try await calls.applications(callID: stored.id)
        let submitted = Set(applications.filter { $0.status == .submitted }.map(\.id))
        #expect(acknowledged.isSubset(of: submitted), "acknowledged but missing: \(acknowledged.subtracting(submitted).sorted())")
        for application in applications where application.status == .submitted {
            #expect(application.reference != nil && application.digest?.count == 64 && application.submittedAt != nil, "a submission is whole or absent")
        }
        #expect(!acknowledged.isEmpty, "some submissions were acknowledged before the kill")
        // A kill after every answer proves nothing about recovery: some submissions must have been in flight.
        #expect(acknowledged.count < work.count, "the kill raced submissions in flight (\(acknowledged.count) of \(work.count) acknowledged)")
        print("crash test: \(acknowledged.count) acknowledged, \(submitted.count) stored, \(work.count) sent")
        await restarted.shutdown()
    }
}

actor Tally {
    private(set) var count = 0
    func add() { count += 1 }
}

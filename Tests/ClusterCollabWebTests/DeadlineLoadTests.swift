import ClusterCollabCalls
import ClusterCollabCore
import ClusterCollabMatching
import ClusterCollabStorage
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Many consortia submitting in the last second before a deadline, over real HTTP on loopback: every
/// submission acknowledged is stored and was made before the deadline; every one after it is refused;
/// none is lost or stored twice.
@Suite struct DeadlineLoadTests {
    static let consortia = 40

    @Test func lastSecondSubmissionsAreStoredOrRefusedNeverLost() async throws {
        let path = NSTemporaryDirectory() + "clustercollab-deadline-\(UUID().uuidString).sqlite"
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        var configuration = AppConfiguration(
            port: 0, database: .sqlite(path: path), demo: false, adminToken: operatorToken,
            publicURL: "https://clusters.example.eu", logLevel: .warning)
        configuration.bcryptCost = 4
        // Forty teams post from one address: the posting limit is not what this test is about.
        configuration.postingLimit = .init(count: 100_000, window: 60)
        let platform = try await Platform(configuration: configuration, logger: .init(label: "test"))
        let app = try buildApplication(platform: platform)
        try await app.test(.live) { client in
            let partner = try await platform.organisations.create(
                Organisation(name: "Shared Partner", type: .clusterOrganisation, country: "DE", region: "DE21", status: .published))
            var teams: [(token: String, search: Int64, lead: Int64, user: Int64)] = []
            for i in 0..<Self.consortia {
                let team = try await CallsTests.consortium(platform, "Load\(i)", partners: [partner])
                teams.append((team.token, team.search, team.lead.id, team.user.id))
            }
            let opened = try await CallsTests.call(platform, closesIn: 3_600)
            var drafts: [Int64] = []
            for team in teams {
                drafts.append(try await platform.calls.createDraft(callID: opened.id, searchID: team.search, leadID: team.lead, userID: team.user).id)
            }
            // The deadline is set once everything is ready, so a slow machine still meets the load before it.
            // Submissions start half a second from now, so the deadline is 3.5 s away.
            let deadline = Date().addingTimeInterval(3.5)
            try await platform.database.withConnection { db in
                try await db.raw("UPDATE calls SET closes_at = \(bind: Int64(deadline.timeIntervalSince1970 * 1000)) WHERE id = \(bind: opened.id)").run()
            }
            let call = try #require(try await platform.calls.call(id: opened.id)).call
            // Submissions spread from three seconds before the deadline to one second after it: one every
            // 100 ms, so that when other suites load both cores and an answer takes several hundred
            // milliseconds, enough of them still come back before the deadline to judge it.
            let start = call.closesAt.addingTimeInterval(-3.0)
            let outcomes = try await withThrowingTaskGroup(of: Outcome.self) { group in
                for (i, team) in teams.enumerated() {
                    let at = start.addingTimeInterval(4.0 * Double(i) / Double(Self.consortia))
                    let draft = drafts[i]
                    group.addTask {
                        let wait = at.timeIntervalSinceNow
                        if wait > 0 { try await Task.sleep(for: .milliseconds(Int(wait * 1000))) }
                        let sent = Date()
                        let r = try await client.send(
                            .post, "/api/v1/applications/\(draft)/submit", json: #"{"version": 1, "answers": \#(CallsTests.answers)}"#, token: team.token)
                        return Outcome(draft: draft, status: r.status, body: r.text, sent: sent, answered: Date())
                    }
                }
                var all: [Outcome] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            let acknowledged = outcomes.filter { $0.status == .ok }.map(\.draft)
            let refused = outcomes.filter { $0.status != .ok }
            #expect(!acknowledged.isEmpty && !refused.isEmpty, "the load straddles the deadline (\(acknowledged.count) acknowledged, \(refused.count) refused)")
            for outcome in refused {
                #expect(outcome.status == .unprocessableContent && outcome.body.contains("deadline_passed"), "\(outcome.status): \(outcome.body)")
            }
            // The server decides between sending and answering, on the same clock as this test: an answer
            // that came back before the deadline was decided before it, so it must be an acknowledgement
            // (the margin covers the millisecond the stored deadline is rounded to); a request sent at or
            // after the deadline must be refused. A deadline that fires early or late fails one of these.
            let margin = 0.005
            for outcome in outcomes where outcome.answered < call.closesAt.addingTimeInterval(-margin) {
                #expect(
                    outcome.status == .ok, "answered \(Self.ms(outcome.answered, call.closesAt)) before the deadline but \(outcome.status): \(outcome.body)")
            }
            for outcome in outcomes where outcome.sent >= call.closesAt {
                #expect(outcome.status != .ok, "sent \(Self.ms(outcome.sent, call.closesAt)) after the deadline but acknowledged")
            }
            #expect(
                outcomes.filter { $0.answered < call.closesAt.addingTimeInterval(-margin) }.count >= Self.consortia / 4,
                "enough requests answered before the deadline to judge it")
            #expect(outcomes.filter { $0.sent >= call.closesAt }.count >= Self.consortia / 8, "enough requests sent after the deadline to judge it")
            let stored = try await platform.calls.applications(callID: call.id)
            let submitted = stored.filter { $0.status == .submitted }
            #expect(Set(submitted.map(\.id)) == Set(acknowledged), "exactly the acknowledged submissions are stored")
            for application in submitted {
                let at = try #require(application.submittedAt)
                #expect(at < call.closesAt, "stored only if the server's clock was before the deadline")
                #expect(try await platform.calls.versions(applicationID: application.id).filter { $0.status == .submitted }.count == 1, "never stored twice")
            }
            #expect(stored.filter { $0.status == .draft }.count == refused.count)
        }
    }

    struct Outcome: Sendable {
        let draft: Int64
        let status: HTTPResponse.Status
        let body: String
        let sent: Date
        let answered: Date
    }

    /// How far from the deadline, in milliseconds, for messages.
    static func ms(_ date: Date, _ deadline: Date) -> String {
        let delta = Int((date.timeIntervalSince(deadline) * 1000).rounded())
        return delta < 0 ? "\(-delta) ms" : "\(delta) ms"
    }
}

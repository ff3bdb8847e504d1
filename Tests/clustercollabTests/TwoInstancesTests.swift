import ClusterCollabCalls
import ClusterCollabCore
import ClusterCollabMatching
import ClusterCollabStorage
@testable import ClusterCollabTestSupport
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Two processes of the built executable serving one PostgreSQL database, as a platform behind a load
/// balancer runs: sessions, directory, outbox and the deadline rule must hold across them.
@Suite(.serialized) struct TwoInstancesTests {
    static let postgresURL: String? = ProcessInfo.processInfo.environment["CLUSTERCOLLAB_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let consortia = 40
    static let operatorToken = "two-instances-operator-token"
    static let password = "orbital-lattice-42"

    @Test(
        .enabled(
            if: postgresURL != nil || BrowserEnvironment.isCI,
            "CLUSTERCOLLAB_TEST_POSTGRES_URL is not set: the two-instance test is skipped (scripts/start-test-postgres.sh starts a local server)"))
    func twoInstancesOnOnePostgreSQLShareSessionsDirectoryOutboxAndDeadline() async throws {
        let adminURL = try #require(Self.postgresURL, "CI must set CLUSTERCOLLAB_TEST_POSTGRES_URL (see .ci/run)")
        try await Self.withDatabase(adminURL) { url in
            // given a database with a person, forty consortia each with a draft for an open call and a token
            // of its lead team, and a loopback SMTP server both instances send to
            let prepared = try await Self.prepare(url)
            try await SMTPSink.with { sink in
                let a = try await Instance.start(database: url, sink: sink)
                let b: Instance
                do { b = try await Instance.start(database: url, sink: sink) } catch {
                    await a.stop()
                    throw error
                }
                do {
                    try await Self.aSessionMadeOnOneIsValidOnTheOther(a, b, email: prepared.email)
                    try await Self.anOrganisationPublishedThroughOneIsFoundByTheOther(a, b)
                    try await Self.submissionsSplitAcrossBothKeepTheDeadlineRule(a, b, url: url, prepared: prepared)
                    try await Self.everyOutboxEmailIsSentOnce(url: url, sink: sink)
                } catch {
                    await a.stop()
                    await b.stop()
                    throw error
                }
                await a.stop()
                await b.stop()
            }
        }
    }

    // MARK: - The four behaviours

    static func aSessionMadeOnOneIsValidOnTheOther(_ a: Instance, _ b: Instance, email: String) async throws {
        // when the person logs in on A
        let login = try await a.get("/login", headers: [.accept: "text/html"])
        let csrf = try #require(Self.token(in: login.text), "the login form has a CSRF token")
        let preSession = Self.cookies(login.headers)
        let signedIn = try await a.send(
            .post, "/login", headers: [.contentType: "application/x-www-form-urlencoded", .accept: "text/html", .cookie: preSession],
            body: FormDecoding.query([("email", email), ("password", Self.password), ("csrf_token", csrf)]))
        #expect(signedIn.status == .seeOther, "logged in on A: \(signedIn.status) \(signedIn.text.prefix(300))")
        let session = Self.cookies(signedIn.headers)
        try #require(session.contains("cc_session="), "A set a session cookie")
        // then B knows them by that cookie, and without it sends them to log in
        let account = try await b.get("/account", headers: [.accept: "text/html", .cookie: session])
        #expect(account.status == .ok, "B answered \(account.status) for A's session")
        #expect(account.text.contains(email), "B shows the account of the person who logged in on A")
        let anonymous = try await b.get("/account", headers: [.accept: "text/html"])
        #expect(anonymous.status == .seeOther && anonymous.headers[.location]?.hasPrefix("/login") == true)
    }

    static func anOrganisationPublishedThroughOneIsFoundByTheOther(_ a: Instance, _ b: Instance) async throws {
        // when an organisation with a word nobody else uses is published through A
        let word = "quasarweave" + String(UUID().uuidString.prefix(6)).lowercased().filter(\.isLetter)
        let created = try await a.send(
            .post, "/api/v1/organisations", headers: [.authorization: "Bearer \(operatorToken)", .contentType: "application/json"],
            body:
                #"{"name":"Two Instances \#(word) Cluster","type":"cluster-organisation","country":"FR","region":"FR10","status":"published","description":"Found on the other instance."}"#
        )
        try #require(created.status == .created, "\(created.status): \(created.text)")
        let published = ContinuousClock.now
        // then B's directory finds it within 2 s (each instance applies others' changes every second)
        var found = false
        while !found && ContinuousClock.now - published < .seconds(2) {
            let r = try await b.get("/api/v1/organisations?q=\(word)")
            found = r.status == .ok && r.text.contains("Two Instances \(word) Cluster")
            if !found { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(found, "B's directory did not find the organisation published through A within 2 s")
    }

    static func submissionsSplitAcrossBothKeepTheDeadlineRule(_ a: Instance, _ b: Instance, url: String, prepared: Prepared) async throws {
        // given a deadline set once everything is ready, so a slow machine still meets the load before it
        let database = try Database(.postgres(url: url), maxConnectionsPerEventLoop: 1)
        let deadline = Date().addingTimeInterval(1.5)
        try await database.withConnection { db in
            try await db.raw("UPDATE calls SET closes_at = \(bind: Int64(deadline.timeIntervalSince1970 * 1000)) WHERE id = \(bind: prepared.call)").run()
        }
        let calls = CallRepository(database: database, reference: .shipped, publicURL: "http://127.0.0.1")
        let closesAt = try #require(try await calls.call(id: prepared.call)).call.closesAt
        // when forty submissions, alternately to A and B, spread from one second before it to half a second after
        let start = closesAt.addingTimeInterval(-1.0)
        let body =
            #"{"version": 1, "answers": {"summary": "A partnership summary long enough to pass the minimum length of fifty characters.", "thematic_area": "Agri-food", "s3_alignment": "yes"}}"#
        let outcomes = try await withThrowingTaskGroup(of: Outcome.self) { group in
            for (i, item) in prepared.work.enumerated() {
                let at = start.addingTimeInterval(1.5 * Double(i) / Double(prepared.work.count))
                let instance = i.isMultiple(of: 2) ? a : b
                group.addTask {
                    let wait = at.timeIntervalSinceNow
                    if wait > 0 { try await Task.sleep(for: .milliseconds(Int(wait * 1000))) }
                    let sent = Date()
                    let r = try await instance.send(
                        .post, "/api/v1/applications/\(item.application)/submit",
                        headers: [.authorization: "Bearer \(item.token)", .contentType: "application/json"], body: body)
                    return Outcome(application: item.application, status: r.status, body: r.text, sent: sent, answered: Date())
                }
            }
            var all: [Outcome] = []
            for try await outcome in group { all.append(outcome) }
            return all
        }
        // then every acknowledged submission is stored once and was decided before the deadline, every
        // refusal names it, and every request sent after it is refused
        let acknowledged = Set(outcomes.filter { $0.status == .ok }.map(\.application))
        let refused = outcomes.filter { $0.status != .ok }
        #expect(!acknowledged.isEmpty && !refused.isEmpty, "the load straddles the deadline (\(acknowledged.count) acknowledged, \(refused.count) refused)")
        for outcome in refused {
            #expect(outcome.status == .unprocessableContent && outcome.body.contains("deadline_passed"), "\(outcome.status): \(outcome.body)")
        }
        // Both processes read the same machine's clock; the margin covers the stored deadline's millisecond.
        for outcome in outcomes where outcome.answered < closesAt.addingTimeInterval(-0.005) {
            #expect(outcome.status == .ok, "answered before the deadline but \(outcome.status): \(outcome.body)")
        }
        for outcome in outcomes where outcome.sent >= closesAt {
            #expect(outcome.status != .ok, "sent after the deadline but acknowledged")
        }
        let stored = try await calls.applications(callID: prepared.call)
        let submitted = stored.filter { $0.status == .submitted }
        #expect(Set(submitted.map(\.id)) == acknowledged, "exactly the acknowledged submissions are stored")
        for application in submitted {
            #expect(try #require(application.submittedAt) < closesAt)
            #expect(try await calls.versions(applicationID: application.id).filter { $0.status == .submitted }.count == 1, "never stored twice")
        }
        #expect(stored.filter { $0.status == .draft }.count == refused.count)
        await database.shutdown()
    }

    static func everyOutboxEmailIsSentOnce(url: String, sink: SMTPSink) async throws {
        // given the receipts of the acknowledged submissions, written to the outbox by either instance
        let database = try Database(.postgres(url: url), maxConnectionsPerEventLoop: 1)
        let outbox = OutboxRepository(database: database)
        let rows = try await outbox.list(page: 1, perPage: 1_000).rows
        try #require(!rows.isEmpty, "the submissions wrote receipts to the outbox")
        // when both senders (every 5 s, each) have delivered them
        let started = ContinuousClock.now
        while try await outbox.list(page: 1, perPage: 1_000).rows.contains(where: { $0.status != .sent }) && ContinuousClock.now - started < .seconds(30) {
            try await Task.sleep(for: .milliseconds(200))
        }
        // and a while longer, in which a second copy would arrive
        try await Task.sleep(for: .seconds(2))
        // then the SMTP server received each exactly once
        let sent = try await outbox.list(page: 1, perPage: 1_000).rows
        #expect(sent.allSatisfy { $0.status == .sent }, "every e-mail is sent: \(sent.map(\.state))")
        let received = sink.received.compactMap { $0.headers["message-id"] }
        #expect(received.count == sink.received.count, "every message carries its Message-ID")
        #expect(received.count == Set(received).count, "no e-mail was sent twice: \(received.count) messages, \(Set(received).count) distinct")
        #expect(Set(received) == Set(sent.map(\.messageID)), "exactly the outbox was delivered")
        await database.shutdown()
    }

    // MARK: - Set-up

    struct Prepared: Sendable {
        var email: String
        var call: Int64
        var work: [(application: Int64, token: String)]
    }

    struct Outcome: Sendable {
        let application: Int64
        let status: HTTPResponse.Status
        let body: String
        let sent: Date
        let answered: Date
    }

    /// A migrated database of its own on the test server, dropped afterwards.
    static func withDatabase(_ adminURL: String, _ body: (String) async throws -> Void) async throws {
        let admin = try Database(.postgres(url: adminURL), maxConnectionsPerEventLoop: 1)
        let name = "cc_two_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try await admin.withConnection { db in try await db.raw("CREATE DATABASE \(unsafeRaw: String(name))").run() }
        var components = try #require(URLComponents(string: adminURL))
        components.path = "/" + name
        let url = try #require(components.string)
        do { try await body(url) } catch {
            try? await admin.withConnection { db in try await db.raw("DROP DATABASE IF EXISTS \(unsafeRaw: String(name)) WITH (FORCE)").run() }
            await admin.shutdown()
            throw error
        }
        try? await admin.withConnection { db in try await db.raw("DROP DATABASE IF EXISTS \(unsafeRaw: String(name)) WITH (FORCE)").run() }
        await admin.shutdown()
    }

    static func prepare(_ url: String) async throws -> Prepared {
        var configuration = AppConfiguration(
            port: 0, database: .postgres(url: url), demo: false, adminToken: nil,
            publicURL: "http://127.0.0.1", logLevel: .error)
        configuration.bcryptCost = 4
        let platform = try await Platform(configuration: configuration, logger: .init(label: "two-instances"))
        try await platform.prepare()
        let person = try await AccountAdministration.createVerifiedAccount(
            email: "person@two.example.eu", name: "Two Instances Person", password: password,
            role: .user, database: platform.database, bcryptCost: 4)
        let partner = try await platform.organisations.create(
            Organisation(name: "Shared Partner", type: .clusterOrganisation, country: "DE", region: "DE21", status: .published))
        var call = DemoCalls.escpS3(title: "Two instances call", opensAt: Date().addingTimeInterval(-3_600), closesAt: Date().addingTimeInterval(3_600))
        call.rules = [.minMembers(2)]
        let stored = try await platform.calls.create(call, actor: "test").call
        let work = try await ConsortiumDrafts.make(consortia, named: "Twin", call: stored.id, partner: partner.id, password: password, platform: platform)
        // Only the receipts of this test's submissions are to be counted.
        try await platform.database.withConnection { db in try await db.raw("DELETE FROM outbox").run() }
        await platform.database.shutdown()
        return Prepared(email: person.email, call: stored.id, work: work)
    }

    static func token(in page: String) -> String? {
        guard let range = page.range(of: "name=\"csrf_token\" value=\"") else { return nil }
        let rest = page[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    /// The `Cookie` header that sends back what a response set.
    static func cookies(_ headers: HTTPFields) -> String {
        headers[values: .setCookie].map { String($0.split(separator: ";")[0]) }.filter { !$0.hasSuffix("=") }.joined(separator: "; ")
    }
}

/// One `clustercollab serve` process on the shared database, with the same secret as its peer (as a load
/// balancer's instances have) and SMTP pointed at the test's sink.
final class Instance: @unchecked Sendable {
    let process: Process
    let port: Int

    init(process: Process, port: Int) {
        self.process = process
        self.port = port
    }

    struct Response: Sendable {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var text: String
    }

    static func start(database: String, sink: SMTPSink) async throws -> Instance {
        let port = try EndToEndTests.freePort()
        let process = Process()
        process.executableURL = EndToEndTests.executable
        process.arguments = ["serve", "--port", String(port), "--database", database]
        var environment = ProcessInfo.processInfo.environment
        environment["CLUSTERCOLLAB_SECRET"] = "two-instances-shared-secret-0123456789"
        environment["CLUSTERCOLLAB_ADMIN_TOKEN"] = TwoInstancesTests.operatorToken
        environment["CLUSTERCOLLAB_PUBLIC_URL"] = "http://127.0.0.1"
        // Forty teams submit from one address: the posting limit is not what this test is about.
        environment["CLUSTERCOLLAB_RATE_LIMIT_POSTING"] = "100000/60"
        environment["CLUSTERCOLLAB_SMTP_HOST"] = "127.0.0.1"
        environment["CLUSTERCOLLAB_SMTP_PORT"] = String(sink.port)
        environment["CLUSTERCOLLAB_SMTP_SECURITY"] = "none"
        environment["CLUSTERCOLLAB_SMTP_FROM"] = "ClusterCollab <noreply@two.example.eu>"
        environment["LOG_LEVEL"] = "error"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let instance = Instance(process: process, port: port)
        var ready = false
        for _ in 0..<300 where !ready && process.isRunning {
            if let r = try? await instance.get("/health"), r.status == .ok { ready = true } else { try await Task.sleep(for: .milliseconds(100)) }
        }
        if !ready { await instance.stop() }
        try #require(ready, "an instance did not answer /health")
        return instance
    }

    func stop() async {
        guard process.isRunning else { return }
        process.terminate()
        await Instance.exited(process)
    }

    /// Waits for a process to end without holding a thread: `waitUntilExit()` parks a thread of the
    /// tests' shared concurrency pool (two threads on two cores), and a few such waits at once stall the run.
    static func exited(_ process: Process) async {
        while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
    }

    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> Response {
        try await send(.get, uri, headers: headers, body: nil)
    }

    /// One request on a connection of its own, so concurrent requests do not queue behind each other.
    func send(_ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields = [:], body: String?) async throws -> Response {
        let request = TestClient.Request(uri, method: method, authority: "127.0.0.1:\(port)", headers: headers, body: body.map { ByteBuffer(string: $0) })
        return try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            let r = try await client.execute(request)
            return Response(status: r.status, headers: r.headers, text: r.body.map { String(buffer: $0) } ?? "")
        }
    }
}

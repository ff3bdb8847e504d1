import ClusterCollabMail
import ClusterCollabStorage
@testable import ClusterCollabWeb
import Foundation
import Logging
import ServiceLifecycle
@testable import ClusterCollabTestSupport
import Testing

private let t0 = Date(timeIntervalSince1970: 1_700_000_000)

/// A migrated SQLite file for one test, removed afterwards.
private func withOutbox(_ body: (Database, String) async throws -> Void) async throws {
    let path = NSTemporaryDirectory() + "clustercollab-outbox-\(UUID().uuidString).sqlite"
    defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
    let db = try Database(.sqlite(path: path))
    try await Migrations.run(on: db)
    do { try await body(db, path) } catch {
        await db.shutdown()
        throw error
    }
    await db.shutdown()
}

private func smtp(_ sink: SMTPSink) throws -> SMTPConfiguration {
    SMTPConfiguration(
        host: "127.0.0.1", port: sink.port, security: .none,
        from: try MailAddress(address: "noreply@clusters.example.eu", name: "ClusterCollab"), timeout: .seconds(5))
}

private func sender(_ db: Database, _ sink: SMTPSink, instance: String = "app-1", interval: Duration = .seconds(5)) throws -> OutboxSender {
    OutboxSender(
        repository: OutboxRepository(database: db), smtp: try smtp(sink), instance: instance, interval: interval,
        logger: Logger(label: "test"))
}

@discardableResult
private func enqueue(_ db: Database, to recipient: String = "camille@photonics.example.eu", at now: Date = t0) async throws -> String {
    try await db.transaction { tx in
        try await OutboxRepository.enqueue(
            OutboxMail(
                recipient: recipient, subject: "Bienvenue à ClusterCollab", bodyText: "Bonjour Zoë,\n.\nfin\n",
                kind: "welcome", unsubscribeURL: "https://clusters.example.eu/unsubscribe/tok"),
            on: tx, now: now, domain: "clusters.example.eu")
    }
}

@Suite struct OutboxSenderTests {
    @Test func dueMailIsDeliveredOverSMTPAndMarkedSent() async throws {
        try await withOutbox { db, _ in
            try await SMTPSink.with { sink in
                // given an e-mail committed with its change
                let messageID = try await enqueue(db)
                // when the sender runs once
                let claimed = try await sender(db, sink).deliverDueMail(now: { t0 })
                // then the server has it, with the row's Message-ID, and the row is sent
                #expect(claimed == 1)
                let received = try #require(sink.received.first)
                #expect(received.headers["message-id"] == messageID)
                #expect(received.headers["list-unsubscribe"] == "<https://clusters.example.eu/unsubscribe/tok>")
                let row = try #require(try await OutboxRepository(database: db).list(page: 1, perPage: 1).rows.first)
                #expect(row.status == .sent)
            }
        }
    }

    @Test func aCrashBetweenCommitAndSendLosesNoMailAndTheResendCarriesTheSameMessageID() async throws {
        try await withOutbox { db, path in
            try await SMTPSink.with { sink in
                // given an e-mail committed with its change, claimed and delivered by an instance that dies
                // before it can mark the row sent
                let messageID = try await enqueue(db)
                let crashed = try Database(.sqlite(path: path))
                let row = try #require(
                    try await OutboxRepository(database: crashed)
                        .claim(limit: 1, leaseSeconds: 300, instance: "app-1", now: t0).first)
                try await SMTPClient(configuration: try smtp(sink))
                    .send(try OutboxSender.message(for: row, from: try smtp(sink).from))
                await crashed.shutdown()
                // when the platform restarts and its sender runs after the dead instance's lease
                let restarted = try Database(.sqlite(path: path))
                try await sender(restarted, sink, instance: "app-2").deliverDueMail(now: { t0.addingTimeInterval(301) })
                await restarted.shutdown()
                // then the mail was sent again, byte for byte, with the same Message-ID, and is now marked sent
                #expect(sink.received.count == 2)
                #expect(sink.received.map { $0.headers["message-id"] } == [messageID, messageID])
                #expect(sink.received[0].data == sink.received[1].data)
                #expect(try await OutboxRepository(database: db).find(id: row.id)?.status == .sent)
            }
        }
    }

    @Test func aTransientRefusalIsRetriedAfterTheBackOff() async throws {
        try await withOutbox { db, _ in
            try await SMTPSink.with { sink in
                let messageID = try await enqueue(db)
                let repo = OutboxRepository(database: db)
                // given a greylisting server
                sink.set(.rcptTo, .reply("451 4.7.1 greylisted"))
                let sender = try sender(db, sink)
                await sender.deliverDueMail(now: { t0 })
                let waiting = try #require(try await repo.list(page: 1, perPage: 1).rows.first)
                #expect(waiting.status == .pending)
                #expect(waiting.attempts == 1)
                #expect(waiting.lastError?.contains("451") == true)
                // when the server accepts again and the back-off has passed
                sink.set(.rcptTo, nil)
                #expect(await sender.deliverDueMail(now: { t0.addingTimeInterval(30) }) == 0)
                await sender.deliverDueMail(now: { t0.addingTimeInterval(61) })
                // then
                #expect(sink.received.map { $0.headers["message-id"] } == [messageID])
                #expect(try await repo.find(id: waiting.id)?.status == .sent)
            }
        }
    }

    @Test func aPermanentRefusalIsGivenUpAndAnUnusableAddressToo() async throws {
        try await withOutbox { db, _ in
            try await SMTPSink.with { sink in
                try await enqueue(db, to: "nobody@photonics.example.eu")
                try await enqueue(db, to: "not an address", at: t0.addingTimeInterval(1))
                sink.set(.rcptTo, .reply("550 5.1.1 no such user"))
                // when
                try await sender(db, sink).deliverDueMail(now: { t0.addingTimeInterval(2) })
                // then both are failed for good, with the reason kept
                let rows = try await OutboxRepository(database: db).list(page: 1, perPage: 10).rows
                #expect(rows.map(\.status) == [.failed, .failed])
                #expect(rows[0].lastError?.contains("not a usable e-mail address") == true)
                #expect(rows[1].lastError?.contains("550") == true)
            }
        }
    }

    @Test func withoutSMTPNothingIsSentAndTheMailStaysInTheOutbox() async throws {
        try await withOutbox { db, _ in
            try await enqueue(db)
            let sender = OutboxSender(repository: OutboxRepository(database: db), smtp: nil, logger: Logger(label: "test"))
            #expect(await sender.deliverDueMail(now: { t0 }) == 0)
            #expect(try await OutboxRepository(database: db).list(page: 1, perPage: 1).rows.first?.status == .pending)
        }
    }

    @Test func theServiceDeliversInTheBackgroundAndStopsPromptlyOnShutdown() async throws {
        try await withOutbox { db, _ in
            try await SMTPSink.with { sink in
                try await enqueue(db, at: Date())
                // An interval far longer than the bound below: a sender that waited it out before stopping fails.
                let group = ServiceGroup(
                    services: [try sender(db, sink, interval: .seconds(30))],
                    gracefulShutdownSignals: [], logger: Logger(label: "test"))
                try await withThrowingTaskGroup(of: Void.self) { tasks in
                    tasks.addTask { try await group.run() }
                    // when the service has had time to run (its first round starts at once; the bound is generous
                    // because in the full suite, on two cores, other tests can hold the threads for seconds)
                    let deadline = ContinuousClock.now + .seconds(60)
                    while sink.received.isEmpty && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
                    // then the mail went out, and a graceful shutdown ends the service at once
                    #expect(sink.received.count == 1)
                    let stopping = ContinuousClock.now
                    await group.triggerGracefulShutdown()
                    try await tasks.waitForAll()
                    // At once, while it sleeps between passes: the whole suite on 2 cores stretched this to 3.5 s
                    // (6 s with a 50 ms interval), so 10 s is the slack, a third of the interval it must not wait out.
                    let took = ContinuousClock.now - stopping
                    #expect(took < .seconds(10), "stopped after \(took)")
                }
            }
        }
    }

    @Test func withoutSMTPTheServiceWaitsForShutdownInsteadOfEndingTheApplication() async throws {
        try await withOutbox { db, _ in
            let group = ServiceGroup(
                services: [OutboxSender(repository: OutboxRepository(database: db), smtp: nil, logger: Logger(label: "test"))],
                gracefulShutdownSignals: [], logger: Logger(label: "test"))
            let ended = EndTime()
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask {
                    try await group.run()
                    ended.mark()
                }
                try await Task.sleep(for: .milliseconds(300))
                // then the group is still running: a service that returns would have ended the application
                #expect(ended.time == nil)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            #expect(ended.time != nil)
        }
    }
}

/// When a task ended, for checking from another task.
private final class EndTime: @unchecked Sendable {
    private let lock = NSLock()
    private var _time: ContinuousClock.Instant?
    var time: ContinuousClock.Instant? { lock.withLock { _time } }
    func mark() { lock.withLock { _time = .now } }
}

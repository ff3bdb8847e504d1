import ClusterCollabMail
import ClusterCollabStorage
import Foundation
import Logging
import ServiceLifecycle

/// The background service that delivers the outbox: it claims due rows, sends each over the transport,
/// and marks it sent or failed. Several instances may run it against one database; claims keep them from
/// sending the same row at once. Without a transport it sends nothing, and the mail waits in the outbox for
/// administrators (`/admin/outbox`).
public struct OutboxSender: Service {
    let repository: OutboxRepository
    let transport: (any MailTransport)?
    let from: MailAddress?
    let instance: String
    let interval: Duration
    let batchSize: Int
    let leaseSeconds: Int
    let logger: Logger

    /// A sender. `from` is the author of every e-mail (required when `transport` is set). A claim lasts
    /// `leaseSeconds`: long enough for a batch of `batchSize` slow deliveries, short enough that the mail
    /// of an instance that died is picked up soon by another, or by this one after a restart.
    public init(
        repository: OutboxRepository, transport: (any MailTransport)?, from: MailAddress?,
        instance: String = OutboxSender.defaultInstanceName(), interval: Duration = .seconds(5),
        batchSize: Int = 10, leaseSeconds: Int = 300, logger: Logger
    ) {
        self.repository = repository
        self.transport = transport
        self.from = from
        self.instance = instance
        self.interval = interval
        self.batchSize = batchSize
        self.leaseSeconds = leaseSeconds
        self.logger = logger
    }

    /// A sender delivering over SMTP when `smtp` is set (see `SMTPConfiguration.fromEnvironment`), and
    /// holding mail in the outbox when it is nil.
    public init(
        repository: OutboxRepository, smtp: SMTPConfiguration?, instance: String = OutboxSender.defaultInstanceName(),
        interval: Duration = .seconds(5), logger: Logger
    ) {
        self.init(
            repository: repository, transport: smtp.map { SMTPClient(configuration: $0, logger: logger) },
            from: smtp?.from, instance: instance, interval: interval, logger: logger)
    }

    /// Host, process and a random part: unique per running process, readable in `claimed_by`.
    public static func defaultInstanceName() -> String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// The message for a row: the same headers, Message-ID included, on every attempt.
    public static func message(for row: OutboxRow, from: MailAddress) throws -> MailMessage {
        MailMessage(
            from: from, to: try MailAddress(address: row.recipient), subject: row.subject, textBody: row.bodyText,
            messageID: row.messageID, date: row.createdAt, unsubscribeURL: row.unsubscribeURL)
    }

    /// Runs until graceful shutdown. A batch being sent is finished first, message by message, so shutdown
    /// waits at most for one delivery; rows claimed but not reached are given back.
    public func run() async throws {
        guard let transport, let from else {
            logger.info("no SMTP server configured: e-mail stays in the outbox (/admin/outbox)")
            // Returning would end the whole service group; wait for shutdown like the other services.
            try? await gracefulShutdown()
            return
        }
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let claimed = await deliverDueMail(transport: transport, from: from)
            // A full batch suggests more is due: go on at once instead of sleeping.
            if claimed < batchSize {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            }
        }
    }

    /// Claims one batch of due rows and delivers it; returns how many rows were claimed. Never throws:
    /// a database or delivery error is logged and the rows are tried again later.
    @discardableResult
    public func deliverDueMail(now: @Sendable () -> Date = { Date() }) async -> Int {
        guard let transport, let from else { return 0 }
        return await deliverDueMail(transport: transport, from: from, now: now)
    }

    private func deliverDueMail(transport: any MailTransport, from: MailAddress, now: @Sendable () -> Date = { Date() }) async -> Int {
        let rows: [OutboxRow]
        do {
            rows = try await repository.claim(limit: batchSize, leaseSeconds: leaseSeconds, instance: instance, now: now())
        } catch {
            logger.warning("could not claim outbox rows", metadata: ["error": "\(error)"])
            return 0
        }
        for (index, row) in rows.enumerated() {
            // A row whose lease is about to run out may be claimed by another instance: leave it to them
            // rather than risk two deliveries at once.
            let expiring = (row.claimedUntil ?? .distantPast).timeIntervalSince(now()) < 30
            if Task.isShuttingDownGracefully || Task.isCancelled || expiring {
                let rest = rows[index...].map(\.id)
                do { try await repository.release(ids: rest, instance: instance) } catch {
                    logger.warning("could not release outbox rows; they are due again when their lease ends", metadata: ["error": "\(error)"])
                }
                break
            }
            await deliver(row, transport: transport, from: from, now: now)
        }
        return rows.count
    }

    private func deliver(_ row: OutboxRow, transport: any MailTransport, from: MailAddress, now: @Sendable () -> Date) async {
        let metadata: Logger.Metadata = ["outbox-id": "\(row.id)", "message-id": "\(row.messageID)", "kind": "\(row.kind)"]
        do {
            try await transport.send(try Self.message(for: row, from: from))
        } catch {
            let permanent = error.isPermanentMailFailure
            do {
                let updated = try await repository.markFailed(id: row.id, error: "\(error)", permanent: permanent, now: now())
                if updated?.status == .failed {
                    logger.error("e-mail given up", metadata: metadata.merging(["error": "\(error)"]) { $1 })
                } else {
                    logger.warning("e-mail delivery failed; will retry", metadata: metadata.merging(["error": "\(error)"]) { $1 })
                }
            } catch let storeError {
                logger.error(
                    "could not record a failed delivery; it is retried when the lease ends",
                    metadata: metadata.merging(["error": "\(error)", "store-error": "\(storeError)"]) { $1 })
            }
            return
        }
        do {
            try await repository.markSent(id: row.id, now: now())
            logger.info("e-mail sent", metadata: metadata)
        } catch {
            // Delivered but not recorded: it will be sent again with the same Message-ID (at least once).
            logger.error("e-mail sent but not marked; it may be sent again", metadata: metadata.merging(["error": "\(error)"]) { $1 })
        }
    }
}

import ClusterCollabStorage
import Foundation
import SQLKit
import Testing

private let t0 = Date(timeIntervalSince1970: 1_700_000_000)

private func sampleMail(_ n: Int = 1, unsubscribe: Bool = true) -> OutboxMail {
    OutboxMail(
        recipient: "member\(n)@photonics.example.eu", subject: "Consortium invitation \(n)", bodyText: "Hello,\nyou are invited.\n",
        kind: "consortium-invitation", unsubscribeURL: unsubscribe ? "https://clusters.example.eu/unsubscribe/tok\(n)" : nil)
}

/// Writes mail as a change would: inside a transaction of its own.
@discardableResult
private func enqueue(_ mail: OutboxMail, on db: Database, at now: Date = t0) async throws -> String {
    try await db.transaction { tx in try await OutboxRepository.enqueue(mail, on: tx, now: now, domain: "clusters.example.eu") }
}

private struct ChangeFailed: Error {}

@Suite struct OutboxRepositoryTests {
    @Test(arguments: TestDatabase.dialects)
    func mailEnqueuedInATransactionIsStoredWithAStableMessageID(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            // when
            let messageID = try await enqueue(sampleMail(), on: db)
            // then
            #expect(messageID.wholeMatch(of: /<[0-9a-f-]{36}@clusters\.example\.eu>/) != nil)
            let (total, rows) = try await OutboxRepository(database: db).list(page: 1, perPage: 10)
            #expect(total == 1)
            let row = try #require(rows.first)
            #expect(row.messageID == messageID)
            #expect(row.recipient == "member1@photonics.example.eu")
            #expect(row.subject == "Consortium invitation 1")
            #expect(row.bodyText == "Hello,\nyou are invited.\n")
            #expect(row.kind == "consortium-invitation")
            #expect(row.unsubscribeURL == "https://clusters.example.eu/unsubscribe/tok1")
            #expect(row.createdAt == t0)
            #expect(row.nextAttemptAt == t0)
            #expect(row.attempts == 0)
            #expect(row.status == .pending)
            #expect(row.state == "pending")
            #expect(row.claimedBy == nil && row.sentAt == nil && row.lastError == nil)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func mailOfAChangeThatRollsBackIsNeverStored(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            // given a change that writes its e-mail and then fails
            await #expect(throws: ChangeFailed.self) {
                try await db.transaction { tx in
                    try await OutboxRepository.enqueue(sampleMail(), on: tx, now: t0)
                    throw ChangeFailed()
                }
            }
            // then there is no e-mail to send
            let repo = OutboxRepository(database: db)
            let total = try await repo.list(page: 1, perPage: 10).total
            let due = try await repo.claim(limit: 10, leaseSeconds: 60, instance: "a", now: t0.addingTimeInterval(3600))
            #expect(total == 0)
            #expect(due.isEmpty)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func aClaimTakesDueRowsOldestFirstAndLeasesThem(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = OutboxRepository(database: db)
            // given two due rows and one written later
            let first = try await enqueue(sampleMail(1), on: db, at: t0)
            let second = try await enqueue(sampleMail(2), on: db, at: t0.addingTimeInterval(1))
            try await enqueue(sampleMail(3), on: db, at: t0.addingTimeInterval(100))
            // when an instance claims at t0 + 10 s
            let now = t0.addingTimeInterval(10)
            let claimed = try await repo.claim(limit: 10, leaseSeconds: 60, instance: "app-1", now: now)
            // then it gets the two due rows, oldest first, leased to it
            #expect(claimed.map(\.messageID) == [first, second])
            #expect(claimed.allSatisfy { $0.claimedBy == "app-1" && $0.claimedUntil == now.addingTimeInterval(60) })
            // and a second claim during the lease gets nothing
            #expect(try await repo.claim(limit: 10, leaseSeconds: 60, instance: "app-2", now: now).isEmpty)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func concurrentClaimsByTwoInstancesNeverReturnTheSameRow(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            // given 60 due rows
            for n in 1...60 { try await enqueue(sampleMail(n), on: db) }
            let repo = OutboxRepository(database: db)
            // when two instances claim small batches at the same time until nothing is left
            let claims = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for instance in ["app-1", "app-2"] {
                    group.addTask {
                        var mine: [Int64] = []
                        while true {
                            let batch = try await repo.claim(limit: 4, leaseSeconds: 300, instance: instance, now: t0.addingTimeInterval(1))
                            if batch.isEmpty { return mine }
                            #expect(batch.allSatisfy { $0.claimedBy == instance })
                            mine += batch.map(\.id)
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // then every row was claimed exactly once
            let all = claims.flatMap { $0 }
            #expect(all.count == 60)
            #expect(Set(all).count == 60)
        }
    }

    @Test(.enabled(if: TestDatabase.postgresEnabled, "needs CLUSTERCOLLAB_TEST_POSTGRES_URL"))
    func onPostgreSQLAClaimSkipsRowsAnotherInstanceIsStillClaiming() async throws {
        try #require(TestDatabase.postgresURL != nil, "CI must set CLUSTERCOLLAB_TEST_POSTGRES_URL (see .ci/run)")
        try await TestDatabase.with(.postgres) { db in
            for n in 1...4 { try await enqueue(sampleMail(n), on: db) }
            let repo = OutboxRepository(database: db)
            // given an instance in the middle of claiming the two oldest rows (its transaction holds their locks)
            let others = try await db.transaction { tx in
                let locked = try await tx.raw("SELECT id FROM outbox ORDER BY id LIMIT 2 FOR UPDATE").all()
                    .map { try $0.decode(column: "id", as: Int64.self) }
                // when another instance claims meanwhile
                let claimed = try await repo.claim(limit: 10, leaseSeconds: 60, instance: "app-2", now: t0)
                // then it does not wait for them: it takes the other rows at once
                #expect(Set(claimed.map(\.id)).isDisjoint(with: locked))
                return claimed
            }
            #expect(others.count == 2)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func aCrashBetweenCommitAndSendLosesNoMailAndTheResendKeepsTheMessageID(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            // given an e-mail committed with its change, claimed by an instance that then dies before sending
            let messageID = try await enqueue(sampleMail(), on: db)
            let crashed = try Database(db.location)
            let taken = try await OutboxRepository(database: crashed).claim(limit: 10, leaseSeconds: 120, instance: "app-1", now: t0)
            #expect(taken.map(\.messageID) == [messageID])
            await crashed.shutdown()
            // when the platform restarts (a new pool on the same database)
            let restarted = try Database(db.location)
            let repo = OutboxRepository(database: restarted)
            // then the row waits for the dead instance's lease, and is then claimed again with the same Message-ID
            #expect(try await repo.claim(limit: 10, leaseSeconds: 120, instance: "app-2", now: t0.addingTimeInterval(60)).isEmpty)
            let again = try await repo.claim(limit: 10, leaseSeconds: 120, instance: "app-2", now: t0.addingTimeInterval(121))
            #expect(again.map(\.messageID) == [messageID])
            #expect(again.first?.id == taken.first?.id)
            #expect(again.first?.claimedBy == "app-2")
            // and once sent it is never claimed again
            try await repo.markSent(id: again[0].id, now: t0.addingTimeInterval(122))
            #expect(try await repo.claim(limit: 10, leaseSeconds: 120, instance: "app-2", now: t0.addingTimeInterval(100_000)).isEmpty)
            let sent = try #require(try await repo.find(id: again[0].id))
            #expect(sent.status == .sent)
            #expect(sent.sentAt == t0.addingTimeInterval(122))
            #expect(sent.claimedBy == nil)
            await restarted.shutdown()
        }
    }

    @Test func retriesBackOffExponentiallyUpToSixHours() {
        let minutes = (1...12).map { OutboxRepository.retryDelay(afterAttempts: $0) / 60 }
        #expect(minutes == [1, 2, 4, 8, 16, 32, 64, 128, 256, 360, 360, 360])
        #expect(OutboxRepository.retryDelay(afterAttempts: 1_000) == 6 * 3600)
    }

    @Test(arguments: TestDatabase.dialects)
    func aTransientFailureMakesTheRowDueAgainAfterTheBackOff(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = OutboxRepository(database: db)
            try await enqueue(sampleMail(), on: db)
            var now = t0
            for (attempt, waitMinutes) in [(1, 1.0), (2, 2.0), (3, 4.0)] {
                // given the row is claimed and its delivery fails
                let row = try #require(try await repo.claim(limit: 1, leaseSeconds: 60, instance: "app-1", now: now).first)
                let failed = try #require(try await repo.markFailed(id: row.id, error: "SMTP mail from failed: 451 greylisted", permanent: false, now: now))
                // then it counts the attempt, keeps the error, and is due after the back-off
                #expect(failed.attempts == attempt)
                #expect(failed.lastError == "SMTP mail from failed: 451 greylisted")
                #expect(failed.claimedBy == nil && failed.claimedUntil == nil)
                #expect(failed.nextAttemptAt == now.addingTimeInterval(waitMinutes * 60))
                #expect(failed.state == "retrying after \(attempt) failure\(attempt == 1 ? "" : "s"): SMTP mail from failed: 451 greylisted")
                #expect(try await repo.claim(limit: 1, leaseSeconds: 60, instance: "app-1", now: now.addingTimeInterval(waitMinutes * 60 - 1)).isEmpty)
                now = now.addingTimeInterval(waitMinutes * 60)
            }
            #expect(try await repo.claim(limit: 1, leaseSeconds: 60, instance: "app-1", now: now).count == 1)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func aPermanentFailureStopsRetriesAndKeepsTheError(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = OutboxRepository(database: db)
            try await enqueue(sampleMail(), on: db)
            let row = try #require(try await repo.claim(limit: 1, leaseSeconds: 60, instance: "app-1", now: t0).first)
            // when the server refuses the recipient for good
            let failed = try #require(try await repo.markFailed(id: row.id, error: "SMTP rcpt to failed: 550 no such user", permanent: true, now: t0))
            // then the row is given up: never claimed again, the error kept for administrators
            #expect(failed.status == .failed)
            #expect(failed.nextAttemptAt == nil)
            #expect(failed.attempts == 1)
            #expect(failed.state == "failed: SMTP rcpt to failed: 550 no such user")
            #expect(try await repo.claim(limit: 1, leaseSeconds: 60, instance: "app-1", now: t0.addingTimeInterval(365 * 86_400)).isEmpty)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func aRowIsGivenUpWhenItsAttemptsAreUsedUp(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = OutboxRepository(database: db, maxAttempts: 3)
            try await enqueue(sampleMail(), on: db)
            var now = t0
            for _ in 1...3 {
                let row = try #require(try await repo.claim(limit: 1, leaseSeconds: 60, instance: "app-1", now: now).first)
                try await repo.markFailed(id: row.id, error: "connection refused", permanent: false, now: now)
                now = now.addingTimeInterval(3600)
            }
            let (_, rows) = try await repo.list(page: 1, perPage: 1)
            #expect(rows.first?.status == .failed)
            #expect(rows.first?.attempts == 3)
            #expect(try await repo.claim(limit: 1, leaseSeconds: 60, instance: "app-1", now: now.addingTimeInterval(86_400)).isEmpty)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func aLateFailureReportDoesNotUndoADelivery(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            // given a row that one instance sent after another's lease ran out
            let repo = OutboxRepository(database: db)
            try await enqueue(sampleMail(), on: db)
            let row = try #require(try await repo.claim(limit: 1, leaseSeconds: 60, instance: "app-2", now: t0).first)
            try await repo.markSent(id: row.id, now: t0)
            // when the slow instance reports its failure
            let result = try await repo.markFailed(id: row.id, error: "timeout", permanent: true, now: t0.addingTimeInterval(1))
            // then the row stays sent
            #expect(result == nil)
            #expect(try await repo.find(id: row.id)?.status == .sent)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func releasedRowsAreDueAgainAtOnceAndAFailedRowCanBeRetried(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = OutboxRepository(database: db)
            try await enqueue(sampleMail(1), on: db)
            try await enqueue(sampleMail(2), on: db)
            // given an instance that claimed both rows and shuts down before sending
            let claimed = try await repo.claim(limit: 2, leaseSeconds: 300, instance: "app-1", now: t0)
            // when it gives them back
            try await repo.release(ids: claimed.map(\.id), instance: "app-1")
            // then another instance can take them without waiting for the lease
            let again = try await repo.claim(limit: 2, leaseSeconds: 300, instance: "app-2", now: t0)
            #expect(Set(again.map(\.id)) == Set(claimed.map(\.id)))
            // and a row given up can be retried by an administrator
            try await repo.markFailed(id: again[0].id, error: "550 no such user", permanent: true, now: t0)
            #expect(try await repo.retry(id: again[0].id, now: t0.addingTimeInterval(10)))
            let revived = try #require(try await repo.find(id: again[0].id))
            #expect(revived.status == .pending && revived.attempts == 0)
            #expect(try await repo.claim(limit: 2, leaseSeconds: 300, instance: "app-3", now: t0.addingTimeInterval(10)).map(\.id) == [again[0].id])
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func theAdminListIsNewestFirstByPage(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            for n in 1...5 { try await enqueue(sampleMail(n, unsubscribe: n != 3), on: db, at: t0.addingTimeInterval(Double(n))) }
            let repo = OutboxRepository(database: db)
            let (total, first) = try await repo.list(page: 1, perPage: 2)
            let (_, last) = try await repo.list(page: 3, perPage: 2)
            #expect(total == 5)
            #expect(first.map(\.subject) == ["Consortium invitation 5", "Consortium invitation 4"])
            #expect(last.map(\.subject) == ["Consortium invitation 1"])
            #expect(try await repo.list(page: 2, perPage: 2).rows.first?.unsubscribeURL == nil)
            #expect(try await repo.find(id: 999_999) == nil)
        }
    }
}

import ClusterCollabCore
import ClusterCollabStorage
import Foundation
import Testing

/// The databases every storage test runs on: SQLite always, PostgreSQL when
/// `CLUSTERCOLLAB_TEST_POSTGRES_URL` names a server (CI always does; see `.ci/run`).
enum TestDatabase {
    static let postgresURL: String? = {
        let url = ProcessInfo.processInfo.environment["CLUSTERCOLLAB_TEST_POSTGRES_URL"]
        return (url?.isEmpty ?? true) ? nil : url
    }()

    static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// For `.enabled(if:)` on tests that need PostgreSQL: they show as skipped where no server is named,
    /// and under CI they run (and fail without one) rather than vanish.
    static let postgresEnabled = postgresURL != nil || isCI

    /// The dialects to run on.
    static let dialects: [Dialect] = {
        if postgresURL == nil && !isCI {
            print("notice: CLUSTERCOLLAB_TEST_POSTGRES_URL is not set; storage tests run on SQLite only (scripts/start-test-postgres.sh starts a local server)")
        }
        return postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }()

    /// A new, empty, migrated database of the dialect, removed by `drop`.
    static func make(_ dialect: Dialect) async throws -> (Database, @Sendable () async -> Void) {
        switch dialect {
        case .sqlite:
            let path = NSTemporaryDirectory() + "clustercollab-test-\(UUID().uuidString).sqlite"
            let db = try Database(.sqlite(path: path))
            do { try await Migrations.run(on: db) } catch {
                await db.shutdown()
                throw error
            }
            return (
                db,
                {
                    await db.shutdown()
                    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                }
            )
        case .postgres:
            // Each test gets its own database, so tests run in parallel without seeing each other's rows.
            let admin = try Database(.postgres(url: postgresURL!), maxConnectionsPerEventLoop: 1)
            let name = "cc_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            // CREATE DATABASE copies a template and may find it busy while another test creates its own:
            // try again briefly. Pools are always shut down, also on failure.
            var attempt = 0
            while true {
                do {
                    try await admin.withConnection { db in try await db.raw("CREATE DATABASE \(unsafeRaw: String(name))").run() }
                    break
                } catch {
                    attempt += 1
                    if attempt >= 10 { await admin.shutdown(); throw error }
                    try? await Task.sleep(for: .milliseconds(100 * attempt))
                }
            }
            var components = URLComponents(string: postgresURL!)!
            components.path = "/" + name
            // Tests run in parallel, each with its own database; scripts/start-test-postgres.sh raises the
            // server's connection limit for that.
            let db = try Database(.postgres(url: components.string!))
            do { try await Migrations.run(on: db) } catch {
                await db.shutdown()
                try? await admin.withConnection { c in try await c.raw("DROP DATABASE IF EXISTS \(unsafeRaw: String(name)) WITH (FORCE)").run() }
                await admin.shutdown()
                throw error
            }
            return (
                db,
                {
                    await db.shutdown()
                    try? await admin.withConnection { db in try await db.raw("DROP DATABASE IF EXISTS \(unsafeRaw: String(name)) WITH (FORCE)").run() }
                    await admin.shutdown()
                }
            )
        }
    }

    /// Runs `body` on a fresh database and always cleans up.
    static func with(_ dialect: Dialect, _ body: (Database) async throws -> Void) async throws {
        let (db, drop) = try await make(dialect)
        do { try await body(db) } catch {
            await drop()
            throw error
        }
        await drop()
    }
}

@Suite struct TestEnvironmentTests {
    /// The storage tests' PostgreSQL cases exist only when a server is named; this test stands for them, so
    /// their absence shows as a skipped test instead of passing unseen, and fails the run under CI.
    @Test(
        .enabled(
            if: TestDatabase.postgresEnabled,
            "CLUSTERCOLLAB_TEST_POSTGRES_URL is not set: the storage tests' PostgreSQL cases are skipped (scripts/start-test-postgres.sh starts a local server)"
        ))
    func storageTestsRunOnPostgreSQL() {
        #expect(TestDatabase.postgresURL != nil, "CI must set CLUSTERCOLLAB_TEST_POSTGRES_URL (see .ci/run)")
        #expect(TestDatabase.dialects.contains(.postgres))
    }
}

/// A valid organisation for tests.
func sampleOrganisation(
    _ name: String = "Loire Photonics Alliance", country: String = "FR", region: String? = "FRG0",
    status: ProfileStatus = .published
) -> Organisation {
    Organisation(
        name: name, acronym: "LPA", type: .clusterOrganisation, country: country, region: region,
        city: "Nantes", website: "https://photonics.example.eu", description: "A photonics cluster of the Loire valley.",
        founded: 2008, staffFTE: 3.5, members: MemberCounts(total: 80, sme: 50, large: 10, research: 10, university: 5, publicBodies: 3, other: 2),
        sectors: [1, 12], ecosystems: [5], emergingIndustries: [5], technologies: ["KET2009-5"], nace: ["26.7"],
        s3Priorities: ["industrial modernisation"], tags: ["lasers", "optics"], labels: [ClusterLabel(level: .gold, year: 2019)],
        countriesOfInterest: ["DE", "IT"], infrastructures: [Infrastructure(kind: .testBed, detail: "laser test bench")],
        contactName: "Camille Martin", contactEmail: "camille@photonics.example.eu", status: status)
}

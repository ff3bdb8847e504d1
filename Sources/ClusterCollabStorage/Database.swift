import AsyncKit
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit

/// Which database a `Database` talks to. Dialect-specific SQL (full-text indexes, locking) is chosen on
/// this and nothing else.
public enum Dialect: String, Sendable { case sqlite, postgres }

/// Where the data lives: an SQLite file (the default) or a PostgreSQL server.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    /// The file `./clustercollab.sqlite` unless told otherwise.
    public static let defaultSQLite = DatabaseLocation.sqlite(path: "clustercollab.sqlite")

    /// A `postgres://` or `postgresql://` URL selects PostgreSQL; anything else is an SQLite file path.
    public init(_ text: String) {
        let lower = text.lowercased()
        if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") {
            self = .postgres(url: text)
        } else {
            self = .sqlite(path: text)
        }
    }

    /// For logs: the password of a URL is never printed.
    public var description: String {
        switch self {
        case .sqlite(let path): return "SQLite file \(path)"
        case .postgres(let url):
            guard var c = URLComponents(string: url) else { return "PostgreSQL" }
            if c.password != nil { c.password = "***" }
            return "PostgreSQL \(c.string ?? "")"
        }
    }
}

/// A database configuration problem the operator must fix (bad URL, unreachable server).
public struct DatabaseConfigurationError: Error, CustomStringConvertible {
    public var description: String
}

/// The connection pool behind every repository. SQLiteKit's and PostgresKit's pools are not `Sendable`
/// in Swift 6 mode; this one holder is the only place that vouches for them (the pools lock internally).
public final class Database: @unchecked Sendable {
    public let dialect: Dialect
    public let location: DatabaseLocation
    let logger: Logger
    private let sqlitePool: EventLoopGroupConnectionPool<SQLitePragmaSource>?
    private let postgresPool: EventLoopGroupConnectionPool<PostgresConnectionSource>?
    private let sqliteThreads: NIOThreadPool?

    /// Opens a pool. For SQLite the file is created when missing; for PostgreSQL the server is reached on
    /// first use.
    public init(
        _ location: DatabaseLocation, logger: Logger = Logger(label: "clustercollab.database"),
        maxConnectionsPerEventLoop: Int = 2
    ) throws {
        self.location = location
        self.logger = logger
        switch location {
        case .sqlite(let path):
            dialect = .sqlite
            // Each SQLite statement runs on a thread of this pool, and a writer waiting for the lock sleeps
            // on its thread. With fewer threads than connections, waiting writers could occupy every thread
            // while the lock holder waits for one to commit: a deadlock until the busy timeout. So the pool
            // is the project's own (not the shared singleton that bcrypt also uses), one thread per
            // connection and one spare.
            let connections = maxConnectionsPerEventLoop * System.coreCount
            let threads = NIOThreadPool(numberOfThreads: connections + 1)
            threads.start()
            sqliteThreads = threads
            let source = SQLitePragmaSource(
                base: SQLiteConnectionSource(configuration: .init(storage: .file(path: path), enableForeignKeys: true), threadPool: threads))
            sqlitePool = EventLoopGroupConnectionPool(
                source: source, maxConnectionsPerEventLoop: maxConnectionsPerEventLoop,
                requestTimeout: .seconds(30), logger: logger, on: MultiThreadedEventLoopGroup.singleton)
            postgresPool = nil
        case .postgres(let url):
            dialect = .postgres
            let config: SQLPostgresConfiguration
            do { config = try SQLPostgresConfiguration(url: url) } catch {
                throw DatabaseConfigurationError(
                    description: "the PostgreSQL URL is not valid (\(error)); expected postgres://user:password@host:5432/database")
            }
            sqliteThreads = nil
            postgresPool = EventLoopGroupConnectionPool(
                source: PostgresConnectionSource(sqlConfiguration: config),
                maxConnectionsPerEventLoop: maxConnectionsPerEventLoop, requestTimeout: .seconds(30),
                logger: logger, on: MultiThreadedEventLoopGroup.singleton)
            sqlitePool = nil
        }
    }

    /// Runs `body` on one pooled connection.
    public func withConnection<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        if let pool = sqlitePool {
            let conn = try await pool.requestConnection(logger: logger).get()
            defer { pool.releaseConnection(conn, logger: logger) }
            return try await body(conn.sql(queryLogLevel: .trace))
        } else if let pool = postgresPool {
            let conn = try await pool.requestConnection(logger: logger).get()
            defer { pool.releaseConnection(conn, logger: logger) }
            return try await body(conn.sql(queryLogLevel: .trace))
        }
        preconditionFailure("a Database always has one pool")
    }

    /// Runs `body` in one transaction: it commits whole or, when `body` throws, changes nothing.
    /// On SQLite the write lock is taken at the start (`BEGIN IMMEDIATE`) so two writers wait for each other
    /// instead of failing half-way.
    public func transaction<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await withConnection { db in
            try await db.raw(SQLQueryString(dialect == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN")).run()
            do {
                let result = try await body(db)
                try await db.raw("COMMIT").run()
                return result
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    /// Closes every connection.
    public func shutdown() async {
        try? await sqlitePool?.shutdownAsync()
        try? await postgresPool?.shutdownAsync()
        try? await sqliteThreads?.shutdownGracefully()
    }
}

/// SQLite connections with the settings a server needs: write-ahead logging so readers never wait for a
/// writer, a busy timeout so writers queue instead of failing, and foreign keys on.
struct SQLitePragmaSource: ConnectionPoolSource {
    let base: SQLiteConnectionSource

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        base.makeConnection(logger: logger, on: eventLoop).flatMap { conn in
            conn.query("PRAGMA journal_mode = WAL").flatMap { _ in
                conn.query("PRAGMA busy_timeout = 10000")
            }.flatMap { _ in
                conn.query("PRAGMA synchronous = NORMAL")
            }.map { _ in conn }
        }
    }
}

/// Instants are stored as milliseconds since 1970 (BIGINT) on both databases; every repository converts
/// through here.
enum StoredTime {
    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }
    static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }
}

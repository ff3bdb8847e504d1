import ArgumentParser
import ClusterCollabCore
import ClusterCollabStorage
import ClusterCollabWeb
import Foundation
import Hummingbird
import Logging

/// `clustercollab`: one executable for every operation of the platform.
@main
struct ClusterCollabCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clustercollab",
        abstract: "ClusterCollab: the open-source cluster collaboration platform.",
        discussion: """
            Every subcommand takes --database: an SQLite file path (default ./clustercollab.sqlite) or a
            postgres:// URL. Environment: DATABASE_URL (when --database is not given),
            CLUSTERCOLLAB_ADMIN_TOKEN (operator bearer token for API writes), CLUSTERCOLLAB_PUBLIC_URL (absolute
            base URL for links, feeds and JSON-LD), CLUSTERCOLLAB_SECRET (signing key), LOG_LEVEL.
            """,
        subcommands: [Serve.self, Migrate.self, Demo.self, Import.self, Export.self, Backup.self, CreateAdmin.self, Bench.self])
}

/// `--database`, shared by every subcommand.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long, help: ArgumentHelp("SQLite file path or postgres:// URL (default: $DATABASE_URL, else ./clustercollab.sqlite).", valueName: "path-or-url"))
    var database: String?

    var location: DatabaseLocation {
        if let database, !database.isEmpty { return DatabaseLocation(database) }
        if let env = ProcessInfo.processInfo.environment["DATABASE_URL"], !env.isEmpty { return DatabaseLocation(env) }
        return .defaultSQLite
    }

    /// Opens the database and brings its schema up to date.
    func open(logger: Logger = CLI.logger) async throws -> Database {
        let database = try Database(location, logger: logger)
        do { try await Migrations.run(on: database) } catch {
            await database.shutdown()
            throw ValidationError("cannot use \(location): \(error)")
        }
        return database
    }
}

enum CLI {
    static let logger: Logger = {
        var logger = Logger(label: "clustercollab")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        return logger
    }()

    static func standardError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the web server (pages and JSON API); migrations run at start.",
        discussion: """
            Rate limits, COUNT/SECONDS each (past one: 429 with Retry-After):
              CLUSTERCOLLAB_RATE_LIMIT_LOGIN (10/300), per account and client address
              CLUSTERCOLLAB_RATE_LIMIT_LOGIN_ACCOUNT (50/3600), per account from addresses
                that already failed (the owner still gets in from another address)
              CLUSTERCOLLAB_RATE_LIMIT_REGISTRATION (5/3600), per client address
              CLUSTERCOLLAB_RATE_LIMIT_PASSWORD_RESET (5/3600), per account and client address
              CLUSTERCOLLAB_RATE_LIMIT_PASSWORD_RESET_ACCOUNT (20/3600), per account
              CLUSTERCOLLAB_RATE_LIMIT_POSTING (30/3600), per account and client address:
                new profiles, join requests, partner searches, interest and comments
            CLUSTERCOLLAB_METRICS_TOKEN: the bearer token Prometheus sends to read
              /metrics; without it /metrics answers 404.
            CLUSTERCOLLAB_PSEUDO_LOCALE=1: offers the pseudo-locale in the language
              switcher, to spot text that no catalogue translates.
            The README's Configuration lists the other settings (SMTP, trusted
            proxies, public URL, secret).
            """)

    @Option(help: "Address to listen on.") var hostname = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Load demo data into an empty database at start.") var demo = false
    @Option(help: "How many demo organisations --demo loads.") var demoCount = 300

    func run() async throws {
        let env = AppConfiguration.environment()
        let level = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        var configuration = AppConfiguration(
            hostname: hostname, port: port, database: database.location, demo: demo, demoCount: demoCount,
            adminToken: env.adminToken, publicURL: env.publicURL, secret: env.secret, logLevel: level)
        do { try configuration.applySecurityEnvironment() } catch { throw ValidationError("\(error)") }
        let app = try await buildApplication(configuration)
        try await app.runService()
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations and exit.")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let db = try Database(database.location, logger: CLI.logger)
        let applied = try await Migrations.run(on: db)
        let version = try await Migrations.currentVersion(on: db)
        await db.shutdown()
        print(
            applied.isEmpty
                ? "schema is up to date (version \(version))"
                : "applied migrations \(applied.map(String.init).joined(separator: ", ")); schema version \(version)")
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Generate realistic fictional organisations into an empty database.")
    @OptionGroup var database: DatabaseOptions
    @Option(help: "How many organisations to generate.") var count = 300

    func validate() throws {
        guard count > 0 && count <= 1_000_000 else { throw ValidationError("--count must be between 1 and 1000000") }
    }

    func run() async throws {
        let db = try await database.open()
        let repository = OrganisationRepository(database: db)
        let existing = try await repository.count()
        guard existing == 0 else {
            await db.shutdown()
            throw ValidationError("\(database.location) already holds \(existing) organisations; demo data goes into an empty database")
        }
        let started = Date()
        let total = count
        let loaded = try await DemoData.loadIfEmpty(count: count, into: repository, reference: .shipped) { n in
            if total >= 10_000 && n % 10_000 == 0 { CLI.standardError("written \(n)/\(total)") }
        }
        await db.shutdown()
        print("generated \(loaded) organisations in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
    }
}

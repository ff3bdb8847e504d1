import ArgumentParser
import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabMatching
import ClusterCollabStorage
import ClusterCollabWeb
import Foundation

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import data from a file.", subcommands: [ImportOrganisations.self, ImportRegionCategories.self, ImportFunding.self])
}

struct ImportRegionCategories: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "region-categories",
        abstract: "Load cohesion-policy region categories from CSV (header nuts_code,category).",
        discussion: """
            Each row names a NUTS 2 region and its category under Commission Implementing Decision (EU) 2021/1130:
            less-developed, transition or more-developed. The file replaces every stored category (demo values
            included); a file with any invalid row changes nothing. The project ships no list: load the official one.
            """)

    @Argument(help: "The CSV file.") var file: String
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
        guard let text = String(data: data, encoding: .utf8) else { throw ValidationError("\(file) is not UTF-8 text") }
        let table: [String: RegionCategory]
        do { table = try RegionCategoryTable.parse(text, reference: .shipped) } catch {
            throw ValidationError(
                "\(file): nothing imported:\n"
                    + error.fields.sorted { $0.key.localizedStandardCompare($1.key) == .orderedAscending }
                    .map { "  \($0.key): \($0.value)" }.joined(separator: "\n"))
        }
        let db = try await database.open()
        do {
            try await RegionCategoryRepository(database: db).set(table, replacing: true, actor: "command line")
        } catch {
            await db.shutdown()
            throw error
        }
        await db.shutdown()
        let counts = Dictionary(grouping: table.values, by: { $0 }).mapValues(\.count)
        print("imported \(table.count) region categories: " + RegionCategory.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", "))
    }
}

struct ImportFunding: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "funding",
        abstract: "Import funding opportunities from CSV (the file /funding/import reads; see docs/content.md).",
        discussion: """
            A header row of the API's field names (title, programme, funding_body, link, opens_at, deadline and
            time_zone required; lists separated by ;), then one new opportunity per row. All or nothing: when a
            row breaks a rule or lists an opportunity already stored (same title and link), each problem is
            printed by its line and field, nothing is imported and the exit status is 1.
            """)

    @Argument(help: "The CSV file.") var file: String
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
        guard let text = String(data: data, encoding: .utf8) else { throw ValidationError("\(file) is not UTF-8 text") }
        let now = Date()
        let db = try await database.open()
        do {
            let rows = try FundingImport.parse(text, reference: .shipped, now: now)
            let ids = try await FundingOpportunityRepository(database: db).importAll(rows, actor: "command line", now: now)
            await db.shutdown()
            print("imported \(ids.count) funding opportunities (ids \(ids.map(String.init).joined(separator: ", ")))")
        } catch let errors as ValidationErrors {
            await db.shutdown()
            // The file's own problems first, then by line, as the import page lists them.
            for (field, rule) in errors.fields.sorted(by: { $0.key.localizedStandardCompare($1.key) == .orderedAscending }) {
                print("\(field): \(rule)")
            }
            print("nothing imported: \(errors.fields.count) problems in \(file)")
            throw ExitCode(1)
        } catch {
            await db.shutdown()
            throw error
        }
    }
}

struct ImportOrganisations: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "organisations",
        abstract: "Import organisations from CSV (one row per organisation; see README for the columns).",
        discussion: """
            Rows are matched to stored organisations by name and country: a match is updated (columns missing
            from the file keep their stored values), anything else is created. Every row is validated first;
            a file with any rejected row imports nothing unless --skip-invalid is given. Exit status 1 when
            rows were rejected.
            """)

    @Argument(help: "The CSV file.") var file: String
    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Report what would be created, updated or rejected; write nothing.") var dryRun = false
    @Flag(help: "Import the valid rows even when some rows are rejected.") var skipInvalid = false

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
        guard let text = String(data: data, encoding: .utf8) else { throw ValidationError("\(file) is not UTF-8 text") }
        let db = try await database.open()
        let importer = OrganisationImport(repository: OrganisationRepository(database: db), reference: .shipped)
        let report: ImportReport
        let items: [OrganisationBatchItem]
        do {
            (report, items) = try await importer.plan(csv: text) { done, total in
                CLI.standardError("validated \(done)/\(total) rows")
            }
        } catch let error as ImportFileError {
            await db.shutdown()
            throw ValidationError("\(file): \(error.description)")
        }
        for row in report.rows {
            let who = "\(row.name.isEmpty ? "(no name)" : row.name) (\(row.country.isEmpty ? "no country" : row.country))"
            switch row.outcome {
            case .created: print("line \(row.line): \(dryRun ? "would create" : "created") \(who)")
            case .updated: print("line \(row.line): \(dryRun ? "would update" : "updated") \(who)")
            case .unchanged: print("line \(row.line): unchanged \(who)")
            case .rejected(let errors): print("line \(row.line): rejected \(who): \(errors)")
            }
        }
        let summary = "\(report.created) created, \(report.updated) updated, \(report.unchanged) unchanged, \(report.rejected) rejected"
        if dryRun {
            await db.shutdown()
            print("dry run: \(summary); nothing written")
            if report.rejected > 0 { throw ExitCode(1) }
            return
        }
        if report.rejected > 0 && !skipInvalid {
            await db.shutdown()
            print("nothing imported: \(report.rejected) rejected rows (fix them, or use --skip-invalid to import the \(items.count) valid rows)")
            throw ExitCode(1)
        }
        let total = items.count
        do {
            try await importer.apply(items) { n in if total >= 10_000 { CLI.standardError("written \(n)/\(total)") } }
        } catch {
            await db.shutdown()
            print("nothing imported: \(error)")
            throw ExitCode(1)
        }
        await db.shutdown()
        print("imported: \(summary)")
        if report.rejected > 0 { throw ExitCode(1) }
    }
}

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Export data.", subcommands: [ExportOrganisations.self])
}

struct ExportOrganisations: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "organisations",
        abstract: "Export every organisation (all statuses, with contacts) as CSV or JSON to standard output.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json }

    @OptionGroup var database: DatabaseOptions
    @Option(help: "csv (the import format) or json.") var format: Format = .csv
    @Option(help: "Write to this file instead of standard output.") var output: String?

    func run() async throws {
        let db = try await database.open()
        let organisations = try await OrganisationRepository(database: db).all()
        await db.shutdown()
        var out = Data()
        switch format {
        case .csv:
            out.append(Data(Organisation.csvHeader.utf8))
            for o in organisations { out.append(Data(o.csvLine.utf8)) }
        case .json:
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
            out = try encoder.encode(organisations)
            out.append(0x0A)
        }
        if let output {
            try out.write(to: URL(fileURLWithPath: output), options: .atomic)
            CLI.standardError("exported \(organisations.count) organisations to \(output)")
        } else {
            FileHandle.standardOutput.write(out)
        }
    }
}

struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a consistent copy of a running SQLite database to FILE (PostgreSQL: use pg_dump, see README).")

    @Argument(help: "The backup file to create (must not exist).") var file: String
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        guard case .sqlite = database.location else {
            throw ValidationError("backup copies SQLite databases; for PostgreSQL run: pg_dump --format=custom --file=\(file) \"$DATABASE_URL\"")
        }
        guard !FileManager.default.fileExists(atPath: file) else { throw ValidationError("\(file) already exists; choose a new file") }
        let db = try Database(database.location, logger: CLI.logger)
        let target = file
        do {
            // VACUUM INTO reads one consistent snapshot while the server keeps reading and writing.
            try await db.withConnection { conn in
                try await conn.raw("VACUUM INTO \(bind: target)").run()
            }
        } catch {
            await db.shutdown()
            throw ValidationError("backup failed: \(error)")
        }
        await db.shutdown()
        print("backup written to \(file)")
    }
}

struct CreateAdmin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-admin",
        abstract: "Create a verified platform administrator (no e-mail needed); the password is read from standard input.")

    @Option(help: "The administrator's e-mail address.") var email: String
    @Option(help: "The administrator's name.") var name = "Platform administrator"
    @Flag(help: "Read the password from standard input (required, so it never appears in the shell history).") var passwordStdin = false
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        guard passwordStdin else { throw ValidationError("give --password-stdin and pipe the password in") }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else { throw ValidationError("no password on standard input") }
        let db = try await database.open()
        do {
            let user = try await AccountAdministration.createVerifiedAccount(email: email, name: name, password: line, role: .platformAdmin, database: db)
            await db.shutdown()
            print("created platform administrator \(user.email) (id \(user.id))")
        } catch let errors as ValidationErrors {
            await db.shutdown()
            throw ValidationError(errors.description)
        }
    }
}

import ArgumentParser
import ClusterCollabCore
import ClusterCollabSearch
import ClusterCollabStorage
import Foundation

/// `clustercollab bench`: the performance figures of docs/performance.md, measured on this machine.
/// Build in release mode first (`swift build -c release`); debug figures are meaningless.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the platform at scale; prints figures.",
        subcommands: [
            BenchDirectory.self, BenchPartnering.self, BenchRanking.self, BenchCalls.self, BenchDigest.self, BenchAlerts.self, BenchMatchmaking.self,
            BenchMatchmakingEvent.self,
        ],
        defaultSubcommand: BenchDirectory.self)
}

struct BenchDirectory: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "directory",
        abstract: "Measure demo generation, storage and directory search at scale; prints figures.",
        discussion:
            "Writes COUNT demo organisations to a new database (a temporary SQLite file unless --database names an empty one), loads them into the directory index and times the query kinds of docs/performance.md."
    )

    @Option(help: "How many organisations.") var count = 100_000
    @Option(help: "Timed repetitions per query kind.") var iterations = 300
    @Option(help: "An empty database to use: SQLite path or postgres:// URL (default: a temporary SQLite file).") var database: String?
    @Flag(help: "Measure the organisations already in --database (filled by `demo --count N`) instead of writing new ones.") var reuse = false

    func run() async throws {
        let reference = ReferenceData.shipped
        let location: DatabaseLocation
        var temporary: String?
        if let database {
            location = DatabaseLocation(database)
        } else {
            let path = NSTemporaryDirectory() + "clustercollab-bench-\(UUID().uuidString).sqlite"
            temporary = path
            location = .sqlite(path: path)
        }
        print(
            "ClusterCollab benchmark: \(reuse ? "the stored" : String(count)) organisations, \(location), \(ProcessInfo.processInfo.activeProcessorCount) cores"
        )
        let db = try Database(location, logger: CLI.logger)
        try await Migrations.run(on: db)
        let repository = OrganisationRepository(database: db)
        let stored = try await repository.count()
        var clock = ContinuousClock.now
        if reuse {
            guard stored > 0 else {
                await db.shutdown()
                throw ValidationError("--reuse needs a database that holds organisations")
            }
            print("measuring the \(stored) organisations already stored")
        } else {
            guard stored == 0 else {
                await db.shutdown()
                throw ValidationError("the benchmark needs an empty database (or --reuse)")
            }
            let organisations = DemoOrganisations.generate(count: count, now: Date(), reference: reference)
            let generated = ContinuousClock.now - clock
            clock = .now
            try await repository.write(organisations.map { .create($0) })
            let written = ContinuousClock.now - clock
            print(row("demo generation (in memory)", generated))
            print(row("demo write (one transaction)", written))
            print(row("demo total (the `demo --count \(count)` command)", generated + written))
        }

        let rssBefore = Self.residentMegabytes()
        clock = .now
        let published = try await repository.all(status: .published)
        let read = ContinuousClock.now - clock
        clock = .now
        let index = DirectoryIndex(reference: reference)
        index.load(published)
        let built = ContinuousClock.now - clock
        print(row("read published profiles from the database (\(published.count))", read))
        print(row("build the directory index", built))
        print(
            pad("resident memory: process after loading the index")
                + String(format: "%8.1f MB (%.1f MB before reading the profiles; the profiles read are still held here)", Self.residentMegabytes(), rssBefore))

        let terms = Self.pickTerms(published)
        print(
            "terms: rare \"\(terms.rare.0)\" (\(terms.rare.1) organisations), mid \"\(terms.mid.0)\" (\(terms.mid.1)), common \"\(terms.common.0)\" (\(terms.common.1))"
        )
        func query(_ pairs: [(String, String)]) throws -> DirectoryQuery { try DirectoryQuery.parse(pairs, reference: reference) }
        let kinds: [(String, () -> Int)] = [
            ("rare term", { index.search(try! query([("q", terms.rare.0)])).total }),
            ("mid-frequency term", { index.search(try! query([("q", terms.mid.0)])).total }),
            (
                "mid term + 2 facet filters",
                { index.search(try! query([("q", terms.mid.0), ("country", "FR,DE,IT,ES"), ("type", "cluster-organisation")])).total }
            ),
            ("common term (over half)", { index.search(try! query([("q", terms.common.0)])).total }),
            ("common term, sort by name, page 5", { index.search(try! query([("q", terms.common.0), ("sort", "name"), ("page", "5")])).total }),
            ("no term, all facets (directory home)", { index.search(try! query([])).total }),
            ("3-letter type-ahead prefix \"clu\"", { index.suggest("clu", limit: 8).count }),
            ("3-letter prefix search \"aer\"", { index.search(try! query([("q", "aer")])).total }),
            // The map and the statistics are the facet pass of the same search with a one-hit page.
            ("map: drone clusters", { index.search(try! query([("q", "drone"), ("type", "cluster-organisation"), ("per_page", "1")])).total }),
            ("map: organisations offering a test bed", { index.search(try! query([("infrastructure", "test-bed"), ("per_page", "1")])).total }),
            ("map and statistics of everything", { index.search(try! query([("per_page", "1")])).total }),
            ("statistics of a common term", { index.search(try! query([("q", terms.common.0), ("per_page", "1")])).total }),
        ]
        print("query timings, \(iterations) runs each, facet counts included (p50 / p95 / max, ms):")
        for (name, run) in kinds {
            var samples: [Double] = []
            var matched = 0
            for _ in 0..<10 { matched = run() }
            for _ in 0..<iterations {
                let start = ContinuousClock.now
                matched = run()
                samples.append(Self.ms(ContinuousClock.now - start))
            }
            samples.sort()
            print(
                "  " + pad(name, 40)
                    + String(
                        format: "%7.2f %7.2f %7.2f   (%d results)",
                        samples[samples.count / 2], samples[min(samples.count - 1, Int(Double(samples.count) * 0.95))], samples.last!, matched))
        }
        // The operator's search over every status runs in the database's own full-text index.
        print("database full-text search (operator search over every status, top 20 with total and status counts; p50 / p95 ms):")
        for (name, text) in [("rare term", terms.rare.0), ("mid-frequency term", terms.mid.0), ("common term", terms.common.0)] {
            var samples: [Double] = []
            var total = 0
            for _ in 0..<max(5, iterations / 10) {
                let start = ContinuousClock.now
                total = try await repository.search(ProfileSearch(text: text)).total
                samples.append(Self.ms(ContinuousClock.now - start))
            }
            samples.sort()
            print(
                "  " + pad(name, 40)
                    + String(
                        format: "%7.2f %7.2f   (%d results)", samples[samples.count / 2],
                        samples[min(samples.count - 1, Int(Double(samples.count) * 0.95))], total))
        }
        var upserts: [Double] = []
        for i in 0..<50 {
            var one = published[(published.count / 50) * i]
            one.description = (one.description ?? "") + " Benchmark edit."
            let start = ContinuousClock.now
            index.upsert(one)
            upserts.append(Self.ms(ContinuousClock.now - start))
        }
        print(
            String(
                format: "upsert one organisation into the index: first %.1f ms, then p50 %.2f ms, max %.1f ms (50 upserts)",
                upserts[0], upserts.dropFirst().sorted()[24], upserts.dropFirst().max()!))
        await db.shutdown()
        if let temporary {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: temporary + suffix) }
        }
    }

    func row(_ label: String, _ d: Duration) -> String {
        Self.row(label, d)
    }

    static func row(_ label: String, _ d: Duration) -> String {
        pad(label) + String(format: "%10.1f ms", Self.ms(d))
    }

    func pad(_ text: String, _ width: Int = 62) -> String { Self.pad(text, width) }

    static func pad(_ text: String, _ width: Int = 62) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    static func ms(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }

    /// Resident set size from /proc (Linux).
    static func residentMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kb = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kb / 1024
    }

    /// Terms by how many organisations use them: one rare (about 0.05%), one mid (about 2%), one common (over 50%).
    static func pickTerms(_ organisations: [Organisation]) -> (rare: (String, Int), mid: (String, Int), common: (String, Int)) {
        var df: [String: Int] = [:]
        for o in organisations {
            let text = [o.name, o.acronym ?? "", o.description ?? "", o.tags.joined(separator: " "), o.s3Priorities.joined(separator: " ")].joined(
                separator: " ")
            for w in Set(TextFolding.words(text)) where w.count >= 5 { df[w, default: 0] += 1 }
        }
        let n = Double(organisations.count)
        func closest(_ share: Double) -> (String, Int) {
            df.min {
                abs(Double($0.value) / n - share) < abs(Double($1.value) / n - share)
                    || (abs(Double($0.value) / n - share) == abs(Double($1.value) / n - share) && $0.key < $1.key)
            }.map { ($0.key, $0.value) } ?? ("cluster", 0)
        }
        let common =
            df.filter { Double($0.value) / n > 0.5 }.min { $0.value < $1.value || ($0.value == $1.value && $0.key < $1.key) }.map { ($0.key, $0.value) }
            ?? closest(0.6)
        return (closest(0.0005), closest(0.02), common)
    }
}

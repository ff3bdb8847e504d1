import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import Testing

/// Drives the built `clustercollab` executable the way an operator does: start it on a free port with a
/// temporary database, query it over HTTP, and run the data subcommands.
@Suite(.serialized) struct EndToEndTests {
    /// The executable beside the test bundle in the build folder.
    static var executable: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("clustercollab")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/clustercollab")
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var size = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, size) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &size) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Runs a subcommand to completion; returns its exit status and standard output.
    @discardableResult
    static func run(_ arguments: [String], in directory: URL, stdin: String? = nil) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    static func get(_ url: String) async throws -> (Int, Data) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: url)!)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clustercollab-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func serveWithDemoAnswersTheDirectoryOverHTTPAndStopsGracefully() async throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let port = try Self.freePort()
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["serve", "--port", String(port), "--demo"]
        process.currentDirectoryURL = dir
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let base = "http://127.0.0.1:\(port)"
        var ready = false
        for _ in 0..<300 where !ready {
            if let (status, _) = try? await Self.get("\(base)/health"), status == 200 { ready = true } else { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(ready, "the server did not answer /health")
        // the default SQLite file is created in the working directory
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("clustercollab.sqlite").path))
        let (status, data) = try await Self.get("\(base)/api/v1/organisations?country=FR&type=cluster-organisation&per_page=1")
        #expect(status == 200)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((json["total"] as? Int ?? 0) >= 34)
        let (pageStatus, page) = try await Self.get("\(base)/organisations?q=drone")
        #expect(pageStatus == 200)
        #expect(String(decoding: page, as: UTF8.self).contains("Drone"))
        // the same pages in a real browser: BrowserJourneyTests
        // SIGTERM: a graceful stop exits 0
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func demoExportImportRoundTripAndBackupWorkFromTheCommandLine() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (demoStatus, demoOut, _) = try Self.run(["demo", "--count", "300", "--database", "a.sqlite"], in: dir)
        #expect(demoStatus == 0)
        #expect(demoOut.contains("generated 300 organisations"))
        // export, then import into the same database: every row is unchanged
        let (exportStatus, _, _) = try Self.run(["export", "organisations", "--database", "a.sqlite", "--output", "all.csv"], in: dir)
        #expect(exportStatus == 0)
        let (again, againOut, _) = try Self.run(["import", "organisations", "all.csv", "--database", "a.sqlite"], in: dir)
        #expect(again == 0)
        #expect(againOut.contains("0 created, 0 updated, 300 unchanged, 0 rejected"))
        // into a new database: every row is created, and its export is identical
        let (fresh, freshOut, _) = try Self.run(["import", "organisations", "all.csv", "--database", "b.sqlite"], in: dir)
        #expect(fresh == 0)
        #expect(freshOut.contains("300 created"))
        try Self.run(["export", "organisations", "--database", "b.sqlite", "--output", "b.csv"], in: dir)
        #expect(
            try String(contentsOf: dir.appendingPathComponent("all.csv"), encoding: .utf8)
                == String(contentsOf: dir.appendingPathComponent("b.csv"), encoding: .utf8))
        // a file with a bad row imports nothing, unless told to skip it
        let bad = "name,type,country,status\nGood Cluster,cluster-organisation,FR,published\nBad Cluster,castle,FR,published\n"
        try bad.write(to: dir.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
        let (refused, refusedOut, _) = try Self.run(["import", "organisations", "bad.csv", "--database", "b.sqlite"], in: dir)
        #expect(refused == 1)
        #expect(refusedOut.contains("line 3: rejected Bad Cluster (FR): type: must be one of"))
        #expect(refusedOut.contains("nothing imported"))
        let (dry, dryOut, _) = try Self.run(["import", "organisations", "bad.csv", "--dry-run", "--skip-invalid", "--database", "b.sqlite"], in: dir)
        #expect(dry == 1)
        #expect(dryOut.contains("line 2: would create Good Cluster (FR)"))
        let (skipped, skippedOut, _) = try Self.run(["import", "organisations", "bad.csv", "--skip-invalid", "--database", "b.sqlite"], in: dir)
        #expect(skipped == 1)
        #expect(skippedOut.contains("imported: 1 created"))
        // backup of a database in use
        let (backup, _, _) = try Self.run(["backup", "copy.sqlite", "--database", "b.sqlite"], in: dir)
        #expect(backup == 0)
        let (copyExport, _, _) = try Self.run(["export", "organisations", "--format", "json", "--database", "copy.sqlite", "--output", "copy.json"], in: dir)
        #expect(copyExport == 0)
        let copied = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("copy.json"))) as? [Any]
        #expect(copied?.count == 301)
    }

    @Test func regionCategoriesAreImportedFromTheCommandLineAllOrNothing() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "nuts_code,category\nPL82,less-developed\nES61,transition\n".write(to: dir.appendingPathComponent("good.csv"), atomically: true, encoding: .utf8)
        try "nuts_code,category\nPL82,less-developed\nQQ11,transition\n".write(to: dir.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
        let (good, out, _) = try Self.run(["import", "region-categories", "good.csv", "--database", "r.sqlite"], in: dir)
        #expect(good == 0)
        #expect(out.contains("imported 2 region categories: 1 less-developed, 1 transition, 0 more-developed"))
        let (bad, _, err) = try Self.run(["import", "region-categories", "bad.csv", "--database", "r.sqlite"], in: dir)
        #expect(bad != 0)
        #expect(err.contains("QQ11") && err.contains("nothing imported"))
    }

    @Test func helpDocumentsEverySubcommand() throws {
        let (status, out, _) = try Self.run(["--help"], in: FileManager.default.temporaryDirectory)
        #expect(status == 0)
        for command in ["serve", "migrate", "demo", "import", "export", "backup", "bench"] {
            #expect(out.contains(command), "--help does not mention \(command)")
        }
    }

    @Test func serveHelpNamesEveryRateLimitSetting() throws {
        // when an operator asks how to run the server
        let (status, out, _) = try Self.run(["serve", "--help"], in: FileManager.default.temporaryDirectory)
        // then every rate limit the server applies is named with its default
        #expect(status == 0)
        for setting in [
            "CLUSTERCOLLAB_RATE_LIMIT_LOGIN (10/300)", "CLUSTERCOLLAB_RATE_LIMIT_REGISTRATION (5/3600)",
            "CLUSTERCOLLAB_RATE_LIMIT_PASSWORD_RESET (5/3600)", "CLUSTERCOLLAB_RATE_LIMIT_POSTING (30/3600)",
            "CLUSTERCOLLAB_RATE_LIMIT_LOGIN_ACCOUNT (50/3600)", "CLUSTERCOLLAB_RATE_LIMIT_PASSWORD_RESET_ACCOUNT (20/3600)",
        ] {
            #expect(out.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains(setting), "serve --help does not name \(setting)")
        }
    }
}

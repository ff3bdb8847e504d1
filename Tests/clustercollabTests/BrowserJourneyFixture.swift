import ClusterCollabStorage
import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import Testing

/// Where the browser journeys find Chromium and its driver (Debian's `chromium` and `chromium-driver`).
enum BrowserEnvironment {
    static var chromium: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }
    static var chromedriver: String? {
        ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }
    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }
    static var installed: Bool { chromium != nil && chromedriver != nil }
    /// Outside CI the journeys are skipped, visibly, when the browser is missing; under CI they run and fail.
    static var shouldRun: Bool { installed || isCI }
    static let skipMessage: Comment =
        "chromium and chromedriver are not installed: the browser journeys are skipped (apt-get install -y chromium chromium-driver; see docs/testing.md)"
}

/// A demo server (the built executable, `serve --demo` on a free port with a temporary SQLite database)
/// and a chromedriver, started once for the suite and stopped after it. Unchecked: its processes are only
/// started and stopped by the suite's scope, and the rest is immutable.
final class BrowserJourneyFixture: @unchecked Sendable {
    /// The logins `serve --demo` prints, by role (`admin`, `moderator`, `manager`, `member`, `user`).
    struct Login: Sendable { var email: String; var password: String }

    let base: String
    let driver: WebDriver
    let logins: [String: Login]
    let directory: URL
    private let server: Process
    private let chromedriver: Process

    @TaskLocal static var current: BrowserJourneyFixture?

    /// The fixture of the running suite.
    static var shared: BrowserJourneyFixture {
        get throws { try #require(current, "the suite lacks the .browserJourneys trait") }
    }

    private init(base: String, driver: WebDriver, logins: [String: Login], directory: URL, server: Process, chromedriver: Process) {
        self.base = base; self.driver = driver; self.logins = logins; self.directory = directory
        self.server = server; self.chromedriver = chromedriver
    }

    static func start() async throws -> BrowserJourneyFixture {
        guard BrowserEnvironment.installed, let chromedriverPath = BrowserEnvironment.chromedriver else {
            throw WebDriver.Failure(
                command: "start",
                message: "CI=true and chromium or chromedriver is missing: install both (.ci/run does: apt-get install -y chromium chromium-driver)")
        }
        let directory = try EndToEndTests.temporaryDirectory()
        // The server, with its printed demo logins captured from standard output.
        let port = try EndToEndTests.freePort()
        let server = Process()
        server.executableURL = EndToEndTests.executable
        server.arguments = ["serve", "--port", String(port), "--demo", "--database", directory.appendingPathComponent("journeys.sqlite").path]
        server.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        // Every journey logs in from 127.0.0.1: the per-address limit is not what these tests are about.
        environment["CLUSTERCOLLAB_RATE_LIMIT_LOGIN"] = "1000/300"
        environment["CLUSTERCOLLAB_RATE_LIMIT_REGISTRATION"] = "1000/3600"
        server.environment = environment
        let output = Pipe()
        let printed = Printed()
        output.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            // Empty at end of file: stop reading, or the handler is called again and again.
            if chunk.isEmpty { handle.readabilityHandler = nil } else { printed.append(chunk) }
        }
        server.standardOutput = output
        // The server's log, quoted when it does not start.
        let log = directory.appendingPathComponent("server.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        server.standardError = try FileHandle(forWritingTo: log)
        try server.run()

        let driverPort = try EndToEndTests.freePort()
        let chromedriver = Process()
        chromedriver.executableURL = URL(fileURLWithPath: chromedriverPath)
        chromedriver.arguments = ["--port=\(driverPort)"]
        let driverLog = directory.appendingPathComponent("chromedriver.log")
        _ = FileManager.default.createFile(atPath: driverLog.path, contents: nil)
        chromedriver.standardOutput = try FileHandle(forWritingTo: driverLog)
        chromedriver.standardError = chromedriver.standardOutput
        try chromedriver.run()

        let base = "http://127.0.0.1:\(port)"
        let driver = WebDriver(endpoint: URL(string: "http://127.0.0.1:\(driverPort)")!)
        func stopBoth() { stopProcesses(server: server, chromedriver: chromedriver, driver: driver) }
        do {
            try await waitUntilAnswering("\(base)/health", what: "the demo server")
            try await waitUntilDriverIsReady(driver)
        } catch {
            stopBoth()
            defer { try? FileManager.default.removeItem(at: directory) }
            let tail = (try? String(contentsOf: log, encoding: .utf8))?.split(separator: "\n").suffix(15).joined(separator: "\n") ?? ""
            let driverTail = (try? String(contentsOf: driverLog, encoding: .utf8)) ?? ""
            throw WebDriver.Failure(command: "start", message: "\(error)\nserver log:\n\(tail)\nchromedriver log:\n\(driverTail)")
        }
        let logins = Self.logins(in: printed.text)
        guard logins.count == 5 else {
            stopBoth(); try? FileManager.default.removeItem(at: directory);
            throw WebDriver.Failure(command: "start", message: "serve --demo printed no logins: \(printed.text)")
        }
        return BrowserJourneyFixture(base: base, driver: driver, logins: logins, directory: directory, server: server, chromedriver: chromedriver)
    }

    func stop() {
        Self.stopProcesses(server: server, chromedriver: chromedriver, driver: driver)
        try? FileManager.default.removeItem(at: directory)
    }

    /// The server stops on SIGTERM; chromedriver is asked to shut down (it closes its browsers) and killed
    /// if it has not within five seconds, since it does not always answer SIGTERM.
    static func stopProcesses(server: Process, chromedriver: Process, driver: WebDriver) {
        if server.isRunning { server.terminate(); server.waitUntilExit() }
        if chromedriver.isRunning {
            _ = try? LoopbackHTTP.blockingExchange("GET", driver.endpoint.host ?? "127.0.0.1", driver.endpoint.port ?? 0, "/shutdown", nil)
            for _ in 0..<50 where chromedriver.isRunning { usleep(100_000) }
            if chromedriver.isRunning { kill(chromedriver.processIdentifier, SIGKILL); chromedriver.waitUntilExit() }
        }
    }

    /// `  Moderator: moderator@demo.clustercollab.example.eu / demo-xxxx` -> ["moderator": ...], keyed by the
    /// e-mail's local part.
    static func logins(in text: String) -> [String: Login] {
        var logins: [String: Login] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("  ") && line.contains(" / ") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let parts = line[line.index(after: colon)...].split(separator: " / ").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let local = parts[0].split(separator: "@").first else { continue }
            logins[String(local)] = Login(email: parts[0], password: parts[1])
        }
        return logins
    }

    static func waitUntilAnswering(_ url: String, what: String) async throws {
        for _ in 0..<300 {
            if let (status, _) = try? await EndToEndTests.get(url), status == 200 { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw WebDriver.Failure(command: "start", message: "\(what) did not answer \(url) within 60 s")
    }

    static func waitUntilDriverIsReady(_ driver: WebDriver) async throws {
        for _ in 0..<150 {
            if let status = try? await driver.send("GET", "status") as? [String: Any], status["ready"] as? Bool == true { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw WebDriver.Failure(command: "start", message: "chromedriver was not ready within 30 s at \(driver.endpoint)")
    }

    /// A fresh browser (no cookies) for one journey; afterwards the journey fails if any page logged an
    /// error in the console (a visitor's page must not log a 401 or a 404), and the browser is closed.
    /// Runs a journey in a new browser and checks its console stayed clean. `refusals` are response statuses
    /// the journey provokes on purpose (a form sent incomplete answers 422, which Chromium logs).
    /// `language` is the browser's own (what it asks for in `Accept-Language`).
    func withBrowser(
        width: Int = 1280, height: Int = 900, language: String = "en-GB", refusals: Set<Int> = [],
        sourceLocation: SourceLocation = #_sourceLocation, _ journey: (BrowserSession) async throws -> Void
    ) async throws {
        let browser = try await driver.newSession(width: width, height: height, language: language)
        do {
            try await journey(browser)
            let errors = try await browser.consoleErrors().filter { error in
                !refusals.contains { error.contains("the server responded with a status of \($0) ") }
            }
            #expect(errors.isEmpty, "the browser console logged errors:\n\(errors.joined(separator: "\n"))", sourceLocation: sourceLocation)
        } catch {
            await browser.quit()
            throw error
        }
        await browser.quit()
    }

    /// The newest e-mail to `recipient` in the server's outbox, read from its database file.
    func latestMail(to recipient: String) async throws -> OutboxRow? {
        let database = try Database(.sqlite(path: directory.appendingPathComponent("journeys.sqlite").path))
        let rows: [OutboxRow]
        do { rows = try await OutboxRepository(database: database).list(page: 1, perPage: 200).rows } catch { await database.shutdown(); throw error }
        await database.shutdown()
        return rows.filter { $0.recipient == recipient }.max { $0.id < $1.id }
    }
}

/// Standard output of the server as it arrives (the pipe is read on another thread).
private final class Printed: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func append(_ chunk: Data) { lock.lock(); data.append(chunk); lock.unlock() }
    var text: String { lock.lock(); defer { lock.unlock() }; return String(decoding: data, as: UTF8.self) }
}

/// Starts the fixture once around the whole suite and stops it afterwards.
struct BrowserJourneysTrait: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }
    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let fixture = try await BrowserJourneyFixture.start()
        defer { fixture.stop() }
        try await BrowserJourneyFixture.$current.withValue(fixture) { try await function() }
    }
}

extension Trait where Self == BrowserJourneysTrait {
    static var browserJourneys: Self { Self() }
}

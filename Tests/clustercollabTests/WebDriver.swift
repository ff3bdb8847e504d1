import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A small W3C WebDriver client (https://www.w3.org/TR/webdriver2/) for Debian's `chromedriver`: just what
/// the browser journeys need, so the tests pull in no browser-automation package.
struct WebDriver: Sendable {
    /// The chromedriver's address, e.g. `http://127.0.0.1:9515`.
    let endpoint: URL

    /// A refused or failed command, with the driver's own message (it names the selector, the element, the
    /// script error), so a failing journey says what it could not do.
    struct Failure: Error, CustomStringConvertible {
        var command: String
        var message: String
        var description: String { "WebDriver \(command): \(message)" }
    }

    /// Sends one command; returns the answer's `value`.
    @discardableResult
    func send(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> Any? {
        let payload = try body.map { try JSONSerialization.data(withJSONObject: $0) }
        let (status, data) = try await LoopbackHTTP.exchange(method, endpoint, "/" + path, body: payload)
        let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        guard status == 200 else {
            let value = json?["value"] as? [String: Any]
            let error = value?["error"] as? String ?? "HTTP \(status)"
            let message = (value?["message"] as? String).map { $0.split(separator: "\n").first.map(String.init) ?? $0 } ?? ""
            throw Failure(command: "\(method) \(path)", message: "\(error): \(message)")
        }
        return json?["value"] ?? nil
    }

    /// Starts headless Chromium with a fresh profile (no cookies) and the browser console recorded, its window
    /// `width` x `height`. Scrollbars take no room, as on a phone, so the page is laid out in the whole width.
    /// `language` is the browser's language, which its requests ask for in `Accept-Language` (the interface's
    /// `--lang` and the `intl.accept_languages` preference: headless Chromium sends the latter).
    func newSession(width: Int = 1280, height: Int = 900, language: String = "en-GB") async throws -> BrowserSession {
        let options: [String: Any] = [
            "binary": BrowserEnvironment.chromium ?? "/usr/bin/chromium",
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--hide-scrollbars", "--lang=\(language)",
            ],
            "prefs": ["intl.accept_languages": language],
        ]
        let capabilities: [String: Any] = [
            "alwaysMatch": [
                "browserName": "chrome",
                "goog:chromeOptions": options,
                "goog:loggingPrefs": ["browser": "ALL"],
                "timeouts": ["pageLoad": 30_000, "script": 10_000, "implicit": 0],
            ]
        ]
        let value = try await send("POST", "session", ["capabilities": capabilities]) as? [String: Any]
        guard let id = value?["sessionId"] as? String else { throw Failure(command: "new session", message: "no session id") }
        let session = BrowserSession(driver: self, id: id)
        // Headless Chromium keeps a window at least 500 px wide when started with --window-size; a resize
        // afterwards gives the exact size.
        do { try await session.setWindowSize(width: width, height: height) } catch { await session.quit(); throw error }
        return session
    }
}

/// One element of the page, as the driver names it.
struct Element: Sendable {
    static let key = "element-6066-11e4-a52e-4f735466cecf"
    let session: BrowserSession
    let id: String

    var reference: [String: Any] { [Self.key: id] }

    func click() async throws { try await session.command("POST", "element/\(id)/click", [:]) }
    /// Clicks a link or a submit button and waits until the next page has loaded: the driver may answer the
    /// click before the browser has left the page, and the journey must not read the old one.
    func clickAndLoad() async throws {
        try await session.markPage()
        try await click()
        try await session.waitForNextPage()
    }
    /// Types into the element as a keyboard does (`WebDriver.Key` for Enter, Tab ...).
    func type(_ text: String) async throws { try await session.command("POST", "element/\(id)/value", ["text": text]) }
    var text: String { get async throws { try await session.command("GET", "element/\(id)/text") as? String ?? "" } }
    func property(_ name: String) async throws -> String? {
        let value = try await session.command("GET", "element/\(id)/property/\(name)")
        return value.map { "\($0)" }
    }
    func attribute(_ name: String) async throws -> String? { try await session.command("GET", "element/\(id)/attribute/\(name)") as? String }
    /// Chooses the option of a `<select>` whose visible text contains `label`.
    func select(_ label: String) async throws {
        let done =
            try await session.execute(
                """
                const s = arguments[0]; const o = Array.from(s.options).find(o => o.text.includes(arguments[1]));
                if (!o) return false; s.value = o.value; s.dispatchEvent(new Event('change', {bubbles: true})); return true;
                """, reference, label) as? Bool
        if done != true { throw WebDriver.Failure(command: "select", message: "no option containing \"\(label)\"") }
    }
}

/// Keys of the W3C key table that the journeys press.
enum Key {
    static let tab = "\u{E004}"
    static let enter = "\u{E007}"
}

/// One browser: a WebDriver session with a page in it.
struct BrowserSession: Sendable {
    let driver: WebDriver
    let id: String

    @discardableResult
    func command(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> Any? {
        try await driver.send(method, "session/\(id)/\(path)", body)
    }

    func quit() async { _ = try? await driver.send("DELETE", "session/\(id)") }

    /// Opens a URL and waits until the page has loaded.
    func go(_ url: String) async throws { try await command("POST", "url", ["url": url]) }
    var url: String { get async throws { try await command("GET", "url") as? String ?? "" } }
    var path: String { get async throws { URL(string: try await url)?.path ?? "" } }
    /// The page's visible text.
    var text: String { get async throws { try await execute("return document.body.innerText") as? String ?? "" } }

    @discardableResult
    func execute(_ script: String, _ arguments: Any...) async throws -> Any? {
        try await command("POST", "execute/sync", ["script": script, "args": arguments])
    }

    func find(_ css: String) async throws -> Element {
        let value = try await command("POST", "element", ["using": "css selector", "value": css]) as? [String: Any]
        guard let id = value?[Element.key] as? String else { throw WebDriver.Failure(command: "find \(css)", message: "no element") }
        return Element(session: self, id: id)
    }

    func findAll(_ css: String) async throws -> [Element] {
        let values = try await command("POST", "elements", ["using": "css selector", "value": css]) as? [[String: Any]] ?? []
        return values.compactMap { $0[Element.key] as? String }.map { Element(session: self, id: $0) }
    }

    /// The visible link whose text is `text` (trimmed), if the page has one.
    func visibleLink(_ text: String) async throws -> Element? {
        let value =
            try await execute(
                """
                return Array.from(document.querySelectorAll('a')).find(a => a.innerText.trim() === arguments[0] && a.offsetParent !== null) || null;
                """, text) as? [String: Any]
        return (value?[Element.key] as? String).map { Element(session: self, id: $0) }
    }

    /// The visible button whose text is `text` (trimmed), if the page has one.
    func visibleButton(_ text: String) async throws -> Element? {
        let value =
            try await execute(
                """
                return Array.from(document.querySelectorAll('button')).find(b => b.innerText.trim() === arguments[0] && b.offsetParent !== null) || null;
                """, text) as? [String: Any]
        return (value?[Element.key] as? String).map { Element(session: self, id: $0) }
    }

    /// Marks the page shown now, so that `waitForNextPage` knows when another has replaced it.
    func markPage() async throws { try await execute("window.__journeyPage = true") }

    /// Waits until the marked page has been replaced by another that has finished loading.
    func waitForNextPage(seconds: Double = 30) async throws {
        let loaded = try await wait(seconds) {
            // While the browser changes pages a script may find no document to run in: not loaded yet.
            (try? await execute("return window.__journeyPage === undefined && document.readyState === 'complete'") as? Bool) == true
        }
        if !loaded { throw WebDriver.Failure(command: "click", message: "no new page within \(Int(seconds)) s on \(try await url)") }
    }

    /// Presses keys on the keyboard, whatever has the focus (the W3C actions API: key down, key up).
    func press(_ keys: String) async throws {
        var actions: [[String: Any]] = []
        for key in keys.unicodeScalars.map(String.init) {
            actions.append(["type": "keyDown", "value": key])
            actions.append(["type": "keyUp", "value": key])
        }
        try await command("POST", "actions", ["actions": [["type": "key", "id": "keyboard", "actions": actions]]])
    }

    func setWindowSize(width: Int, height: Int) async throws {
        try await command("POST", "window/rect", ["width": width, "height": height])
    }

    /// Waits until the condition holds (pages with scripts answer a moment later), up to `seconds`.
    func wait(_ seconds: Double = 5, until condition: () async throws -> Bool) async throws -> Bool {
        let end = Date().addingTimeInterval(seconds)
        repeat {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        } while Date() < end
        return try await condition()
    }

    /// The console entries since the last call at level SEVERE: script errors and every failed load
    /// (a 401 or 404 a page's script or link caused). Chromedriver's log endpoint, outside the W3C standard.
    func consoleErrors() async throws -> [String] {
        let entries = try await command("POST", "se/log", ["type": "browser"]) as? [[String: Any]] ?? []
        return entries.filter { ($0["level"] as? String) == "SEVERE" }.compactMap { $0["message"] as? String }
    }
}

/// HTTP/1.1 to a local chromedriver over a plain socket. URLSession cannot be used: chromedriver writes its
/// headers without a space after the colon (`Content-Length:252`), which swift-corelibs-foundation refuses
/// ("Failed writing header"). One request per connection, `Connection: close`, run off the cooperative pool.
enum LoopbackHTTP {
    static func exchange(_ method: String, _ endpoint: URL, _ path: String, body: Data?) async throws -> (Int, Data) {
        let host = endpoint.host ?? "127.0.0.1", port = endpoint.port ?? 80
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try blockingExchange(method, host, port, path, body) })
            }
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func blockingExchange(_ method: String, _ host: String, _ port: Int, _ path: String, _ body: Data?) throws -> (Int, Data) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        defer { close(fd) }
        // A page load or a script may take a while; a driver that hangs longer fails the journey.
        var timeout = timeval(tv_sec: 90, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr(host)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect \(host):\(port): errno \(errno)") }
        var request = Data("\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n".utf8)
        if let body {
            request.append(Data("Content-Type: application/json; charset=utf-8\r\nContent-Length: \(body.count)\r\n\r\n".utf8))
            request.append(body)
        } else {
            request.append(Data("Content-Length: 0\r\n\r\n".utf8))
        }
        try request.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var sent = 0
            while sent < bytes.count {
                let n = write(fd, bytes.baseAddress! + sent, bytes.count - sent)
                guard n > 0 else { throw Failure(description: "write: errno \(errno)") }
                sent += n
            }
        }
        var response = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n < 0 { throw Failure(description: "read: errno \(errno)") }
            if n == 0 { break }
            response.append(contentsOf: buffer[0..<n])
            if let complete = parse(response) { return complete }
        }
        guard let complete = parse(response, atEnd: true) else { throw Failure(description: "incomplete answer from \(host):\(port)\(path)") }
        return complete
    }

    /// (status, body) once the answer is complete: its Content-Length is read, or the connection closed.
    static func parse(_ response: Data, atEnd: Bool = false) -> (Int, Data)? {
        guard let split = response.firstRange(of: Data("\r\n\r\n".utf8)) else { return nil }
        let head = String(decoding: response[..<split.lowerBound], as: UTF8.self).split(separator: "\r\n")
        guard let statusLine = head.first, let status = statusLine.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return nil }
        let body = response[split.upperBound...]
        let length = head.dropFirst().compactMap { line -> Int? in
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
            return Int(parts[1].trimmingCharacters(in: .whitespaces))
        }.first
        if let length { return body.count >= length ? (status, Data(body.prefix(length))) : nil }
        return atEnd ? (status, Data(body)) : nil
    }
}

// A real SMTP server on loopback for the tests of the mail client and the outbox sender (test support only:
// no product depends on this target).
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// A real SMTP server on loopback that speaks just enough SMTP for the client's tests: greeting, EHLO, AUTH
/// PLAIN and LOGIN, optional STARTTLS, MAIL, RCPT, DATA, QUIT. It records every accepted message and can be
/// told to answer a step with another reply or to drop the connection there.
final class SMTPSink: @unchecked Sendable {
    /// A message the sink accepted.
    struct Received: Sendable {
        var mailFrom: String
        var recipients: [String]
        /// The DATA content with dot-stuffing undone, CRLF line endings, without the final "." line.
        var data: String
        /// The `user:password` the client authenticated with, if any.
        var credentials: String?
        var overTLS: Bool

        /// The header block, unfolded, by lowercased name.
        var headers: [String: String] { headerFields(of: data) }

        /// The body as sent (still transfer-encoded).
        var rawBody: String {
            guard let range = data.range(of: "\r\n\r\n") else { return "" }
            return String(data[range.upperBound...])
        }
    }

    /// The points of the dialogue whose answer a test can change.
    enum Step: Hashable, Sendable { case greeting, ehlo, auth, mailFrom, rcptTo, data, message }

    /// What the sink does at a step instead of accepting.
    enum Behaviour: Sendable {
        case reply(String)
        case dropConnection
        /// Say nothing, as a stalled server would.
        case silence
    }

    let port: Int
    private let channel: any Channel
    private let lock = NSLock()
    private var _received: [Received] = []
    private var _commands: [String] = []
    private var _behaviour: [Step: Behaviour] = [:]
    let startTLS: NIOSSLContext?
    let injectAfterStartTLS: Bool
    let authMechanisms: String

    /// Messages accepted so far.
    var received: [Received] { lock.withLock { _received } }
    /// Every command line received, AUTH payloads included (the sink is a test double).
    var commands: [String] { lock.withLock { _commands } }

    /// Makes `step` answer differently from now on; nil restores acceptance.
    func set(_ step: Step, _ behaviour: Behaviour?) { lock.withLock { _behaviour[step] = behaviour } }

    func behaviour(at step: Step) -> Behaviour? { lock.withLock { _behaviour[step] } }
    func record(_ message: Received) { lock.withLock { _received.append(message) } }
    func record(command: String) { lock.withLock { _commands.append(command) } }

    private init(channel: any Channel, startTLS: NIOSSLContext?, injectAfterStartTLS: Bool, authMechanisms: String) {
        self.channel = channel
        self.port = channel.localAddress!.port!
        self.startTLS = startTLS
        self.injectAfterStartTLS = injectAfterStartTLS
        self.authMechanisms = authMechanisms
    }

    /// Starts a sink on 127.0.0.1 on a free port. With `startTLS`, EHLO offers STARTTLS with the test
    /// certificate; `injectAfterStartTLS` makes it send an extra reply in the clear after agreeing, as an
    /// attacker in the middle would. With `implicitTLS` the connection is TLS from the first byte.
    static func start(
        startTLS: Bool = false, injectAfterStartTLS: Bool = false, implicitTLS: Bool = false,
        authMechanisms: String = "PLAIN LOGIN"
    ) async throws -> SMTPSink {
        let tls = startTLS || implicitTLS ? try NIOSSLContext(configuration: TestCertificate.serverConfiguration()) : nil
        let box = SinkBox()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = SMTPSinkHandler(sink: box.sink!)
                    if implicitTLS, let tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls))
                        handler.overTLS = true
                    }
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let sink = SMTPSink(
            channel: channel, startTLS: startTLS ? tls : nil, injectAfterStartTLS: injectAfterStartTLS,
            authMechanisms: authMechanisms)
        box.sink = sink
        return sink
    }

    /// Stops listening.
    func stop() async {
        try? await channel.close().get()
    }

    /// Runs `body` with a started sink and always stops it.
    static func with(
        startTLS: Bool = false, injectAfterStartTLS: Bool = false, implicitTLS: Bool = false,
        authMechanisms: String = "PLAIN LOGIN", _ body: (SMTPSink) async throws -> Void
    ) async throws {
        let sink = try await start(
            startTLS: startTLS, injectAfterStartTLS: injectAfterStartTLS, implicitTLS: implicitTLS,
            authMechanisms: authMechanisms)
        do { try await body(sink) } catch {
            await sink.stop()
            throw error
        }
        await sink.stop()
    }
}

/// Lets connection handlers reach the sink, which exists only once the listening channel is bound.
private final class SinkBox: @unchecked Sendable {
    var sink: SMTPSink?
}

/// One connection's side of the dialogue.
private final class SMTPSinkHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    enum Mode { case command, authLoginUser, authLoginPassword(user: String), data }

    let sink: SMTPSink
    var pending = ByteBuffer()
    var mode = Mode.command
    var mailFrom: String?
    var recipients: [String] = []
    var dataLines: [String] = []
    var credentials: String?
    var overTLS = false

    init(sink: SMTPSink) { self.sink = sink }

    func channelActive(context: ChannelHandlerContext) {
        answer(.greeting, "220 sink.test ESMTP ready", context: context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        pending.writeBuffer(&bytes)
        while let newline = pending.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            var line = pending.readString(length: newline - pending.readerIndex) ?? ""
            pending.moveReaderIndex(forwardBy: 1)
            if line.hasSuffix("\r") { line.removeLast() }
            handle(line, context: context)
            guard context.channel.isActive else { return }
        }
    }

    func handle(_ line: String, context: ChannelHandlerContext) {
        switch mode {
        case .data:
            if line == "." {
                mode = .command
                let message = SMTPSink.Received(
                    mailFrom: mailFrom ?? "", recipients: recipients,
                    data: dataLines.map { $0 + "\r\n" }.joined(), credentials: credentials, overTLS: overTLS)
                if answer(.message, "250 2.0.0 queued", context: context) { sink.record(message) }
                dataLines = []
            } else {
                // Undo dot-stuffing: a leading dot was doubled by the client.
                dataLines.append(line.hasPrefix(".") ? String(line.dropFirst()) : line)
            }
            return
        case .authLoginUser:
            mode = .authLoginPassword(user: decode(line))
            write("334 UGFzc3dvcmQ6", context: context)
            return
        case .authLoginPassword(let user):
            mode = .command
            credentials = "\(user):\(decode(line))"
            answer(.auth, "235 2.7.0 authenticated", context: context)
            return
        case .command:
            break
        }
        sink.record(command: line)
        let verb = line.split(separator: " ").first.map { $0.uppercased() } ?? ""
        switch verb {
        case "EHLO", "HELO":
            var lines = ["sink.test", "8BITMIME", "AUTH \(sink.authMechanisms)"]
            if sink.startTLS != nil && !overTLS { lines.append("STARTTLS") }
            lines.append("SIZE 10000000")
            let reply = lines.enumerated().map { "250\($0.offset == lines.count - 1 ? " " : "-")\($0.element)" }.joined(separator: "\r\n")
            answer(.ehlo, reply, context: context)
        case "STARTTLS":
            guard let tls = sink.startTLS, !overTLS else { return write("502 5.5.1 not offered", context: context) }
            write(sink.injectAfterStartTLS ? "220 2.0.0 go ahead\r\n250 injected" : "220 2.0.0 go ahead", context: context)
            try? context.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls), position: .first)
            overTLS = true
        case "AUTH":
            let parts = line.split(separator: " ").map(String.init)
            if parts.count >= 2, parts[1].uppercased() == "PLAIN", parts.count == 3 {
                let fields = decode(parts[2]).split(separator: "\0", omittingEmptySubsequences: false)
                credentials = fields.count == 3 ? "\(fields[1]):\(fields[2])" : "?"
                answer(.auth, "235 2.7.0 authenticated", context: context)
            } else if parts.count == 2, parts[1].uppercased() == "LOGIN" {
                mode = .authLoginUser
                write("334 VXNlcm5hbWU6", context: context)
            } else {
                write("504 5.5.4 mechanism not supported", context: context)
            }
        case "MAIL":
            if answer(.mailFrom, "250 2.1.0 ok", context: context) { mailFrom = Self.address(in: line) }
        case "RCPT":
            if answer(.rcptTo, "250 2.1.5 ok", context: context) { recipients.append(Self.address(in: line)) }
        case "DATA":
            if answer(.data, "354 end data with <CR><LF>.<CR><LF>", context: context) { mode = .data }
        case "RSET":
            mailFrom = nil
            recipients = []
            write("250 2.0.0 ok", context: context)
        case "QUIT":
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "221 2.0.0 bye\r\n"))).assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
        default:
            write("500 5.5.2 unknown command", context: context)
        }
    }

    /// Sends `accept` unless the test configured something else for `step`; true when it accepted.
    @discardableResult
    func answer(_ step: SMTPSink.Step, _ accept: String, context: ChannelHandlerContext) -> Bool {
        switch sink.behaviour(at: step) {
        case nil:
            write(accept, context: context)
            return true
        case .reply(let reply)?:
            write(reply, context: context)
            return false
        case .dropConnection?:
            context.close(promise: nil)
            return false
        case .silence?:
            return false
        }
    }

    func write(_ reply: String, context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: reply + "\r\n")), promise: nil)
    }

    func decode(_ base64: String) -> String {
        Data(base64Encoded: base64).map { String(decoding: $0, as: UTF8.self) } ?? "?"
    }

    static func address(in line: String) -> String {
        guard let open = line.firstIndex(of: "<"), let close = line.lastIndex(of: ">"), open < close else { return "" }
        return String(line[line.index(after: open)..<close])
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

/// A self-signed certificate for 127.0.0.1 and localhost (valid until 2126), for STARTTLS tests only.
enum TestCertificate {
    static let certificatePEM = """
        -----BEGIN CERTIFICATE-----
        MIIBnDCCAUGgAwIBAgIUdl8C7wR2xg/X0UC4FJv1bn0FUOowCgYIKoZIzj0EAwIw
        FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyNjAwMzEzMloYDzIxMjYxMTAy
        MDAzMTMyWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
        PQMBBwNCAATpdDGuvFJfUtBa84Q8swwHtrBffiSrvU/uN/cDX/vRkBHjj4tfFWqx
        4KF8bHeBTku+qb6z6eCpK7YlfqcDTSiLo28wbTAdBgNVHQ4EFgQURewiD0gZ49mg
        XsxgAL9SKqOWOkMwHwYDVR0jBBgwFoAURewiD0gZ49mgXsxgAL9SKqOWOkMwDwYD
        VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARgglsb2NhbGhvc3SHBH8AAAEwCgYIKoZI
        zj0EAwIDSQAwRgIhAJ8hCvgeQHjtvE7+WcUTs+AQsUbnk6KNGorv+pygr+EMAiEA
        5+bKwv5i6g0o6MHerQpTY4NsrdU7qzFg90TjpxvtXbo=
        -----END CERTIFICATE-----
        """
    static let privateKeyPEM = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgrqaObYIgZZL1V7em
        pubFTzj9KtO0Y+OfrxqYPZSzlpuhRANCAATpdDGuvFJfUtBa84Q8swwHtrBffiSr
        vU/uN/cDX/vRkBHjj4tfFWqx4KF8bHeBTku+qb6z6eCpK7YlfqcDTSiL
        -----END PRIVATE KEY-----
        """

    static var certificate: NIOSSLCertificate {
        try! NIOSSLCertificate(bytes: Array(certificatePEM.utf8), format: .pem)
    }

    static func serverConfiguration() throws -> TLSConfiguration {
        TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(certificate)],
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(privateKeyPEM.utf8), format: .pem)))
    }

    /// A client configuration that trusts only the test certificate.
    static func clientConfiguration() -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .certificates([certificate])
        return configuration
    }
}

/// The header block of a message, unfolded, by lowercased name (for the tests' checks of what was sent).
func headerFields(of rendered: String) -> [String: String] {
    let head = rendered.components(separatedBy: "\r\n\r\n").first ?? ""
    var result: [String: String] = [:]
    var last: String?
    for line in head.components(separatedBy: "\r\n") {
        if line.hasPrefix(" ") || line.hasPrefix("\t"), let name = last {
            result[name, default: ""] += line
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].lowercased()
            result[name] = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            last = name
        }
    }
    return result
}

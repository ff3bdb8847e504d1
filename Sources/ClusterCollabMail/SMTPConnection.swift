import NIOCore
import NIOPosix
import NIOSSL

/// One connection to an SMTP server, spoken in strict command-reply turns (no pipelining): simple to follow,
/// and a reply that arrives when none was asked for is visible, which matters around STARTTLS.
struct SMTPConnection: Sendable {
    let channel: any Channel
    private let replies: NIOLoopBound<SMTPReplyHandler>

    /// Connects, with TLS from the first byte when the configuration says `.tls`.
    static func connect(_ configuration: SMTPConfiguration, group: any EventLoopGroup) async throws -> SMTPConnection {
        let timeout = TimeAmount(configuration.timeout)
        let tls: (NIOSSLContext, String?)? =
            configuration.security == .tls
            ? (try NIOSSLContext(configuration: configuration.tlsConfiguration), serverName(for: configuration.host))
            : nil
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let (context, name) = tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: name))
                    }
                    try channel.pipeline.syncOperations.addHandler(SMTPReplyHandler(timeout: timeout))
                }
            }
            .connect(host: configuration.host, port: configuration.port).get()
        let replies = try await channel.eventLoop.submit {
            NIOLoopBound(try channel.pipeline.syncOperations.handler(type: SMTPReplyHandler.self), eventLoop: channel.eventLoop)
        }.get()
        return SMTPConnection(channel: channel, replies: replies)
    }

    /// The name for SNI and certificate checks; nil for an IP address, which SNI may not carry (the
    /// certificate is then checked against the address connected to).
    static func serverName(for host: String) -> String? {
        (try? SocketAddress(ipAddress: host, port: 0)) == nil ? host : nil
    }

    /// The next reply, waiting at most the configured timeout.
    func reply() async throws -> SMTPReply {
        let channel = self.channel, replies = self.replies
        return try await channel.eventLoop.flatSubmit { replies.value.nextReply(on: channel.eventLoop) }.get()
    }

    /// Sends raw bytes (a command line or the message content).
    func write(_ bytes: ByteBuffer) async throws {
        try await channel.writeAndFlush(bytes).get()
    }

    /// Puts TLS under the dialogue after the server agreed to STARTTLS. Anything already received is
    /// refused: bytes the server sent in the clear after its 220 would otherwise be read as if they had come
    /// over TLS (the STARTTLS command injection weakness, CVE-2011-0411 and kin).
    func startTLS(_ configuration: SMTPConfiguration) async throws {
        let context = try NIOSSLContext(configuration: configuration.tlsConfiguration)
        let name = Self.serverName(for: configuration.host)
        let channel = self.channel, replies = self.replies
        try await channel.eventLoop.submit {
            guard replies.value.isIdle else {
                throw SMTPProtocolError(description: "the server sent data in the clear after agreeing to STARTTLS")
            }
            try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: name), position: .first)
        }.get()
    }

    /// Closes the connection; a failure to close changes nothing for the caller.
    func close() async {
        try? await channel.close().get()
    }
}

/// Splits the server's bytes into lines and lines into replies, and hands each reply to whoever asked for
/// one. Lives on the channel's event loop.
final class SMTPReplyHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let timeout: TimeAmount
    private var pending = ByteBuffer()
    private var lines: [String] = []
    private var ready: [SMTPReply] = []
    private var waiting: (promise: EventLoopPromise<SMTPReply>, timer: Scheduled<Void>)?
    private var failure: (any Error)?
    private var context: ChannelHandlerContext?

    init(timeout: TimeAmount) { self.timeout = timeout }

    /// True when nothing has been received beyond the replies already taken.
    var isIdle: Bool { pending.readableBytes == 0 && lines.isEmpty && ready.isEmpty }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    /// A future for the next reply; it fails when the connection ends or the server stays silent too long.
    func nextReply(on eventLoop: any EventLoop) -> EventLoopFuture<SMTPReply> {
        precondition(waiting == nil, "one SMTP command at a time")
        let promise = eventLoop.makePromise(of: SMTPReply.self)
        let timer = eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            // Milliseconds: a timeout below a second printed in whole seconds read "within 0 s".
            fail(SMTPProtocolError(description: "no reply within \(timeout.nanoseconds / 1_000_000) ms"))
            context?.close(promise: nil)
        }
        waiting = (promise, timer)
        deliver()
        return promise.futureResult
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        pending.writeBuffer(&bytes)
        while let newline = pending.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            let length = newline - pending.readerIndex
            var line = pending.readString(length: length) ?? ""
            pending.moveReaderIndex(forwardBy: 1)
            if line.hasSuffix("\r") { line.removeLast() }
            take(line)
        }
        pending.discardReadBytes()
        // Replies are short; a server that sends endless text without a line break is not an SMTP server.
        if pending.readableBytes > 8192 { fail(SMTPProtocolError(description: "a reply line longer than 8 KiB")) }
        deliver()
    }

    /// `250-first`, `250-more`, `250 last`: continuation lines have a hyphen after the code.
    private func take(_ line: String) {
        let utf8 = Array(line.utf8)
        guard utf8.count >= 3, let code = Int(String(decoding: utf8[0..<3], as: UTF8.self)), (200...599).contains(code),
            utf8.count == 3 || utf8[3] == UInt8(ascii: " ") || utf8[3] == UInt8(ascii: "-")
        else {
            fail(SMTPProtocolError(description: "not an SMTP reply: \(line.prefix(200).debugDescription)"))
            return
        }
        lines.append(utf8.count > 4 ? String(decoding: utf8[4...], as: UTF8.self) : "")
        if utf8.count > 3, utf8[3] == UInt8(ascii: "-") { return }
        ready.append(SMTPReply(code: code, lines: lines))
        lines = []
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(SMTPProtocolError(description: "the server closed the connection"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error)
        context.close(promise: nil)
    }

    private func fail(_ error: any Error) {
        if failure == nil { failure = error }
        deliver()
    }

    /// Replies already received are handed out before a failure: a server may say 421 and then close.
    private func deliver() {
        guard let (promise, timer) = waiting else { return }
        if !ready.isEmpty {
            waiting = nil
            timer.cancel()
            promise.succeed(ready.removeFirst())
        } else if let failure {
            waiting = nil
            timer.cancel()
            promise.fail(failure)
        }
    }
}

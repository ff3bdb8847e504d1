import Foundation
import Logging
import NIOCore
import NIOPosix

/// Delivers messages to one SMTP server, one connection per message: the platform sends little mail, and a
/// fresh connection never inherits a half-finished dialogue after an error.
public struct SMTPClient: MailTransport {
    /// The server and credentials.
    public let configuration: SMTPConfiguration
    let group: any EventLoopGroup
    let logger: Logger

    /// A client; it connects only when sending.
    public init(
        configuration: SMTPConfiguration, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "clustercollab.smtp")
    ) {
        self.configuration = configuration
        self.group = eventLoopGroup
        self.logger = logger
    }

    /// Delivers `message` (envelope sender `message.from`, recipient `message.to`) or throws an `SMTPError`
    /// naming the failed step. Once the server has accepted the content, nothing that follows counts as a
    /// failure, so a lost `QUIT` never causes a duplicate.
    public func send(_ message: MailMessage) async throws {
        let connection: SMTPConnection
        do {
            connection = try await SMTPConnection.connect(configuration, group: group)
        } catch {
            throw SMTPError(step: .connect, code: nil, reply: "\(configuration.host):\(configuration.port): \(error)")
        }
        do {
            try await deliver(message, on: connection)
        } catch {
            await connection.close()
            throw error
        }
        // The message is accepted: QUIT is a courtesy.
        _ = try? await exchange(.message, "QUIT", expecting: [221], on: connection)
        await connection.close()
        logger.debug("mail delivered", metadata: ["message-id": "\(message.messageID)", "to": "\(message.to.address)"])
    }

    private func deliver(_ message: MailMessage, on connection: SMTPConnection) async throws {
        _ = try await exchange(.greeting, nil, expecting: [220], on: connection)
        var capabilities = try await exchange(.ehlo, "EHLO \(configuration.heloName)", expecting: [250], on: connection)
            .lines.dropFirst().map { $0.uppercased() }
        if configuration.security == .startTLS {
            // Required, not opportunistic: a server (or someone in between) that hides STARTTLS must not get
            // the credentials or the message in the clear.
            guard capabilities.contains(where: { $0 == "STARTTLS" || $0.hasPrefix("STARTTLS ") }) else {
                throw SMTPError(step: .startTLS, code: nil, reply: "the server does not offer STARTTLS")
            }
            _ = try await exchange(.startTLS, "STARTTLS", expecting: [220], on: connection)
            do { try await connection.startTLS(configuration) } catch {
                throw SMTPError(step: .startTLS, code: nil, reply: "\(error)")
            }
            // What the server offered in the clear is forgotten (RFC 3207): ask again over TLS. The handshake
            // runs under this first exchange, so a failure without a reply (an untrusted certificate) is
            // reported as the STARTTLS step's.
            do {
                capabilities = try await exchange(.ehlo, "EHLO \(configuration.heloName)", expecting: [250], on: connection)
                    .lines.dropFirst().map { $0.uppercased() }
            } catch let error as SMTPError where error.code == nil {
                throw SMTPError(step: .startTLS, code: nil, reply: error.reply)
            }
        }
        if let username = configuration.username, let password = configuration.password {
            try await authenticate(username: username, password: password, capabilities: capabilities, on: connection)
        }
        _ = try await exchange(.mailFrom, "MAIL FROM:<\(message.from.address)>", expecting: [250], on: connection)
        _ = try await exchange(.rcptTo, "RCPT TO:<\(message.to.address)>", expecting: [250, 251], on: connection)
        _ = try await exchange(.data, "DATA", expecting: [354], on: connection)
        do { try await connection.write(Self.dataPayload(message.rendered())) } catch {
            throw SMTPError(step: .message, code: nil, reply: "\(error)")
        }
        _ = try await exchange(.message, nil, expecting: [250], on: connection)
    }

    /// AUTH PLAIN when offered (one round trip), else AUTH LOGIN.
    private func authenticate(username: String, password: String, capabilities: [String], on connection: SMTPConnection) async throws {
        let mechanisms = Set(
            capabilities
                .filter { $0.hasPrefix("AUTH ") || $0.hasPrefix("AUTH=") }
                .flatMap { $0.dropFirst(5).split(separator: " ").map(String.init) })
        func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
        if mechanisms.contains("PLAIN") {
            _ = try await exchange(.auth, "AUTH PLAIN " + base64("\0\(username)\0\(password)"), expecting: [235], on: connection)
        } else if mechanisms.contains("LOGIN") {
            _ = try await exchange(.auth, "AUTH LOGIN", expecting: [334], on: connection)
            _ = try await exchange(.auth, base64(username), expecting: [334], on: connection)
            _ = try await exchange(.auth, base64(password), expecting: [235], on: connection)
        } else {
            throw SMTPError(
                step: .auth, code: nil, reply: "the server offers neither AUTH PLAIN nor AUTH LOGIN (offered: \(mechanisms.sorted().joined(separator: " ")))")
        }
    }

    /// Sends `line` (if any) and reads one reply, which must have one of the `expecting` codes. Errors carry
    /// the server's reply, never the line sent, which may hold credentials.
    private func exchange(
        _ step: SMTPError.Step, _ line: String?, expecting codes: Set<Int>,
        on connection: SMTPConnection
    ) async throws -> SMTPReply {
        let reply: SMTPReply
        do {
            if let line { try await connection.write(ByteBuffer(string: line + "\r\n")) }
            reply = try await connection.reply()
        } catch {
            throw SMTPError(step: step, code: nil, reply: "\(error)")
        }
        guard codes.contains(reply.code) else { throw SMTPError(step: step, code: reply.code, reply: reply.text) }
        return reply
    }

    /// The message as DATA content: every line ending made CRLF, lines starting with "." doubled
    /// (RFC 5321 4.5.2), and the terminating `.` line. Bare CR or LF are never passed on, because servers
    /// that read them as line ends could be fooled into ending the message early ("SMTP smuggling").
    static func dataPayload(_ rendered: String) -> ByteBuffer {
        var out: [UInt8] = []
        out.reserveCapacity(rendered.utf8.count + 64)
        var atLineStart = true, afterCR = false
        for byte in rendered.utf8 {
            switch byte {
            case UInt8(ascii: "\r"):
                out += [13, 10]
                atLineStart = true
                afterCR = true
            case UInt8(ascii: "\n"):
                if !afterCR { out += [13, 10] }
                atLineStart = true
                afterCR = false
            default:
                if atLineStart && byte == UInt8(ascii: ".") { out.append(byte) }
                out.append(byte)
                atLineStart = false
                afterCR = false
            }
        }
        if !atLineStart { out += [13, 10] }
        out += Array(".\r\n".utf8)
        return ByteBuffer(bytes: out)
    }
}

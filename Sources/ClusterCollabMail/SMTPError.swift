/// A failed SMTP delivery: which step of the dialogue failed and what the server said (or what went wrong
/// with the connection).
public struct SMTPError: MailDeliveryError, CustomStringConvertible, Equatable {
    /// The steps of one delivery, in order.
    public enum Step: String, Sendable {
        case connect, greeting, ehlo, startTLS = "starttls", auth, mailFrom = "mail from", rcptTo = "rcpt to", data
        /// The end of the message's content: the server's verdict on the message itself.
        case message
    }

    /// Where the dialogue stopped.
    public var step: Step
    /// The server's reply code; nil when there was no reply (refused connection, timeout, TLS failure).
    public var code: Int?
    /// The server's reply text, or a description of the connection failure.
    public var reply: String

    /// A failure.
    public init(step: Step, code: Int?, reply: String) {
        self.step = step
        self.code = code
        self.reply = reply
    }

    /// True for a 5xx reply to the message's own envelope or content (sender, recipient, data): the server
    /// will refuse this message again. A 5xx to the greeting, EHLO, STARTTLS or AUTH says the server or
    /// its configuration is wrong, which the operator can fix, so those messages are kept and retried.
    public var isPermanent: Bool {
        guard let code, (500..<600).contains(code) else { return false }
        return [.mailFrom, .rcptTo, .data, .message].contains(step)
    }

    /// For logs and the admin outbox page: `SMTP rcpt to failed: 550 no such user`.
    public var description: String {
        "SMTP \(step.rawValue) failed: " + (code.map { "\($0) " } ?? "") + reply
    }
}

/// A reply the client could not read as SMTP, or a connection that ended or stalled mid-dialogue.
struct SMTPProtocolError: Error, CustomStringConvertible {
    var description: String
}

/// One SMTP reply: a three-digit code and the text of its lines (several for a multi-line reply).
struct SMTPReply: Sendable, Equatable {
    var code: Int
    var lines: [String]

    var text: String { lines.joined(separator: " / ") }
}

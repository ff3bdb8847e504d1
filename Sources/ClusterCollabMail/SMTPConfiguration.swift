import NIOSSL

/// Where and how to deliver mail over SMTP. Read from the environment by `fromEnvironment`; without a host
/// the platform sends nothing and administrators read the outbox instead.
public struct SMTPConfiguration: Sendable {
    /// How the connection is protected.
    public enum Security: String, Sendable, CaseIterable {
        /// Plain text throughout: only for a relay on the same host or a trusted network.
        case none
        /// Plain connect, then `STARTTLS` before anything else is said (submission, port 587). Refused when the
        /// server does not offer it, so a stripped capability cannot downgrade the connection.
        case startTLS = "starttls"
        /// TLS from the first byte (implicit TLS, port 465).
        case tls
    }

    /// The server's host name or IP address.
    public var host: String
    /// The server's port.
    public var port: Int
    /// Plain, STARTTLS or implicit TLS.
    public var security: Security
    /// For `AUTH`; sent only when both username and password are set.
    public var username: String?
    /// For `AUTH`; never logged.
    public var password: String?
    /// The sender of every platform e-mail.
    public var from: MailAddress
    /// The name this client gives in `EHLO`.
    public var heloName: String
    /// How long to wait to connect and for each reply before giving up on the attempt.
    public var timeout: Duration
    /// Certificate checks for STARTTLS and TLS; full verification against the system's roots unless a test
    /// or an operator with a private CA says otherwise.
    public var tlsConfiguration: TLSConfiguration

    /// A configuration; `heloName` defaults to the sender's domain.
    public init(
        host: String, port: Int = 587, security: Security = .startTLS, username: String? = nil,
        password: String? = nil, from: MailAddress, heloName: String? = nil, timeout: Duration = .seconds(30),
        tlsConfiguration: TLSConfiguration = .makeClientConfiguration()
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.from = from
        self.heloName = heloName ?? from.domain
        self.timeout = timeout
        self.tlsConfiguration = tlsConfiguration
    }

    /// Reads `CLUSTERCOLLAB_SMTP_HOST` (absent or empty: nil, no SMTP), `_PORT` (587, or 465 with `tls`),
    /// `_SECURITY` (`starttls`, `tls` or `none`), `_USERNAME`, `_PASSWORD`, `_FROM` (required with a host),
    /// `_HELO` and `_TIMEOUT` (seconds). A half-written configuration is an error rather than silently no
    /// mail.
    public static func fromEnvironment(_ env: [String: String]) throws -> SMTPConfiguration? {
        func value(_ name: String) -> String? {
            guard let text = env["CLUSTERCOLLAB_SMTP_" + name]?.trimmingSpaces, !text.isEmpty else { return nil }
            return text
        }
        guard let host = value("HOST") else { return nil }
        let security: Security
        if let text = value("SECURITY") {
            guard let parsed = Security(rawValue: text.lowercased()) else {
                throw SMTPConfigurationError(description: "CLUSTERCOLLAB_SMTP_SECURITY must be starttls, tls or none, not \(text.debugDescription)")
            }
            security = parsed
        } else {
            security = .startTLS
        }
        var port = security == .tls ? 465 : 587
        if let text = value("PORT") {
            guard let parsed = Int(text), (1...65535).contains(parsed) else {
                throw SMTPConfigurationError(description: "CLUSTERCOLLAB_SMTP_PORT must be a port number (1-65535), not \(text.debugDescription)")
            }
            port = parsed
        }
        guard let fromText = value("FROM") else {
            throw SMTPConfigurationError(
                description: "CLUSTERCOLLAB_SMTP_FROM is required when CLUSTERCOLLAB_SMTP_HOST is set (for example \"ClusterCollab <noreply@example.org>\")")
        }
        let from: MailAddress
        do { from = try MailAddress(parsing: fromText) } catch {
            throw SMTPConfigurationError(description: "CLUSTERCOLLAB_SMTP_FROM is not an e-mail address: \(fromText.debugDescription)")
        }
        let username = value("USERNAME"), password = env["CLUSTERCOLLAB_SMTP_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        if (username == nil) != (password == nil) {
            throw SMTPConfigurationError(description: "set both CLUSTERCOLLAB_SMTP_USERNAME and CLUSTERCOLLAB_SMTP_PASSWORD, or neither")
        }
        var timeout = Duration.seconds(30)
        if let text = value("TIMEOUT") {
            guard let seconds = Int(text), seconds > 0 else {
                throw SMTPConfigurationError(description: "CLUSTERCOLLAB_SMTP_TIMEOUT must be a whole number of seconds, not \(text.debugDescription)")
            }
            timeout = .seconds(seconds)
        }
        return SMTPConfiguration(
            host: host, port: port, security: security, username: username, password: password,
            from: from, heloName: value("HELO"), timeout: timeout)
    }
}

/// An SMTP setting the operator must fix; the message names the variable.
public struct SMTPConfigurationError: Error, Sendable, CustomStringConvertible {
    /// What is wrong and how to fix it.
    public var description: String
}

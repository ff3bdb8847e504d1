import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabMail
import ClusterCollabStorage
import Foundation
import Logging

/// Everything an operator can set, by flags or environment (see README "Configuration").
public struct AppConfiguration: Sendable {
    public var hostname: String
    public var port: Int
    public var database: DatabaseLocation
    /// Load demo data into an empty database at start.
    public var demo: Bool
    /// The number of demo organisations `--demo` loads.
    public var demoCount: Int
    /// A platform operator's bearer token for API writes (`CLUSTERCOLLAB_ADMIN_TOKEN`); nil refuses writes.
    public var adminToken: String?
    /// The absolute base URL used in links, feeds and JSON-LD (`CLUSTERCOLLAB_PUBLIC_URL`).
    public var publicURL: String
    /// The secret for signing (`CLUSTERCOLLAB_SECRET`).
    public var secret: String
    public var logLevel: Logger.Level
    /// How often an instance looks for directory changes written by other instances.
    public var directoryRefreshInterval: Duration
    /// A session unused this long ends (seconds).
    public var sessionIdleTimeout: TimeInterval = 7 * 86_400
    /// A session ends this long after login whatever its use (seconds).
    public var sessionLifetime: TimeInterval = 30 * 86_400
    /// Peers whose `X-Forwarded-For` is believed (`CLUSTERCOLLAB_TRUSTED_PROXIES`, comma-separated).
    public var trustedProxies: Set<String> = []
    /// Attempts per client address and per account (`CLUSTERCOLLAB_RATE_LIMIT_LOGIN` etc., "COUNT/SECONDS").
    /// Logins and password checks count failures per account and client address (`loginLimit`; an address
    /// may try five times as many accounts), and per account from all addresses (`loginAccountLimit`),
    /// which then only slows addresses that have failed: see `AccountAttemptLimits`.
    public var loginLimit = RateLimit(count: 10, window: 300)
    public var loginAccountLimit = RateLimit(count: 50, window: 3_600)
    public var registrationLimit = RateLimit(count: 5, window: 3_600)
    /// Reset links asked for per account and address, and per address; per account from all addresses.
    public var passwordResetLimit = RateLimit(count: 5, window: 3_600)
    public var passwordResetAccountLimit = RateLimit(count: 20, window: 3_600)

    public var loginLimits: AccountAttemptLimits { .init(pair: loginLimit, account: loginAccountLimit) }
    public var passwordResetLimits: AccountAttemptLimits { .init(pair: passwordResetLimit, account: passwordResetAccountLimit) }
    /// Logins from one address, whichever accounts they try.
    public var loginAddressLimit: RateLimit { .init(count: loginLimit.count * 5, window: loginLimit.window) }
    /// New content a person posts (profiles, join requests): per account and per address.
    public var postingLimit = RateLimit(count: 30, window: 3_600)
    /// Where e-mail goes (`CLUSTERCOLLAB_SMTP_*`); nil keeps it in the outbox for `/admin/outbox`.
    public var smtp: SMTPConfiguration?
    /// The bearer token Prometheus sends to read `/metrics` (`CLUSTERCOLLAB_METRICS_TOKEN`); nil answers 404 there.
    public var metricsToken: String?
    /// When the weekly digest of the week just over is sent (`CLUSTERCOLLAB_DIGEST_WEEKDAY`, 1 = Monday to
    /// 7 = Sunday, and `CLUSTERCOLLAB_DIGEST_HOUR`, 0 to 23 UTC; Monday 07:00 unless told); nil sends none
    /// (`CLUSTERCOLLAB_DIGEST=off`, for an instance that should leave it to the others, and for tests).
    public var digestSchedule: DigestSchedule? = DigestSchedule()
    /// How many days before a deadline reminders go (`CLUSTERCOLLAB_REMINDER_DAYS` for the lead teams of
    /// draft expressions of interest, `CLUSTERCOLLAB_SEARCH_REMINDER_DAYS` for a partner search's followers;
    /// 1 to 90, seven unless told).
    public var reminderSchedule = ReminderSchedule()
    /// Whether this instance looks for due reminders every few minutes (`CLUSTERCOLLAB_REMINDERS=off`
    /// leaves it to the others; tests send them themselves with `Platform.sendReminders`).
    public var sendsReminders = true
    /// bcrypt cost; 11 in production (tests may lower it to keep the suite fast).
    public var bcryptCost: UInt8 = 11
    /// Offers the pseudo-locale (`qps`, docs/languages.md) in the language switcher: every catalogue text
    /// accented and bracketed, every value from a page model marked, so that text not from a catalogue
    /// stands out (links then carry the markers too). For tests and translators; `CLUSTERCOLLAB_PSEUDO_LOCALE=1`.
    public var pseudoLocale = false
    /// The largest file the document library takes, in bytes (`CLUSTERCOLLAB_DOCUMENT_MAX_BYTES`, 20 MiB by
    /// default); a larger upload is refused with 413 naming the file and the limit.
    public var documentMaxBytes = DocumentInput.defaultMaxBytes

    /// Cookies get the Secure attribute when the platform is served over https.
    public var secureCookies: Bool { publicURL.lowercased().hasPrefix("https://") }

    /// Reads the security settings from the environment, leaving the defaults where nothing is set.
    public mutating func applySecurityEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws {
        func limit(_ name: String) throws -> RateLimit? {
            guard let text = env[name], !text.isEmpty else { return nil }
            let parts = text.split(separator: "/")
            guard parts.count == 2, let count = Int(parts[0]), let window = Int(parts[1]), count > 0, window > 0 else {
                throw ConfigurationError(description: "\(name) must be COUNT/SECONDS, for example 10/300; it is \(text)")
            }
            return RateLimit(count: count, window: window)
        }
        if let l = try limit("CLUSTERCOLLAB_RATE_LIMIT_LOGIN") { loginLimit = l }
        if let l = try limit("CLUSTERCOLLAB_RATE_LIMIT_LOGIN_ACCOUNT") { loginAccountLimit = l }
        if let l = try limit("CLUSTERCOLLAB_RATE_LIMIT_PASSWORD_RESET_ACCOUNT") { passwordResetAccountLimit = l }
        if let l = try limit("CLUSTERCOLLAB_RATE_LIMIT_REGISTRATION") { registrationLimit = l }
        if let l = try limit("CLUSTERCOLLAB_RATE_LIMIT_PASSWORD_RESET") { passwordResetLimit = l }
        if let l = try limit("CLUSTERCOLLAB_RATE_LIMIT_POSTING") { postingLimit = l }
        smtp = try SMTPConfiguration.fromEnvironment(env)
        func number(_ name: String, _ range: ClosedRange<Int>) throws -> Int? {
            guard let text = env[name], !text.isEmpty else { return nil }
            guard let n = Int(text), range.contains(n) else {
                throw ConfigurationError(description: "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound); it is \(text)")
            }
            return n
        }
        if env["CLUSTERCOLLAB_DIGEST"] == "off" {
            digestSchedule = nil
        } else {
            digestSchedule = DigestSchedule(
                weekday: try number("CLUSTERCOLLAB_DIGEST_WEEKDAY", 1...7) ?? 1, hour: try number("CLUSTERCOLLAB_DIGEST_HOUR", 0...23) ?? 7)
        }
        sendsReminders = env["CLUSTERCOLLAB_REMINDERS"] != "off"
        reminderSchedule = ReminderSchedule(
            expressionOfInterestDays: try number("CLUSTERCOLLAB_REMINDER_DAYS", ReminderSchedule.allowedDays) ?? 7,
            partnerSearchDays: try number("CLUSTERCOLLAB_SEARCH_REMINDER_DAYS", ReminderSchedule.allowedDays) ?? 7)
        if let token = env["CLUSTERCOLLAB_METRICS_TOKEN"], !token.isEmpty { metricsToken = token }
        pseudoLocale = env["CLUSTERCOLLAB_PSEUDO_LOCALE"] == "1"
        if let text = env["CLUSTERCOLLAB_DOCUMENT_MAX_BYTES"], !text.isEmpty {
            guard let bytes = Int(text), bytes > 0, bytes <= 1_073_741_824 else {
                throw ConfigurationError(description: "CLUSTERCOLLAB_DOCUMENT_MAX_BYTES must be a number of bytes from 1 to 1073741824; it is \(text)")
            }
            documentMaxBytes = bytes
        }
        if let proxies = env["CLUSTERCOLLAB_TRUSTED_PROXIES"] {
            trustedProxies = Set(proxies.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        }
    }

    public init(
        hostname: String = "127.0.0.1", port: Int = 8080, database: DatabaseLocation = .defaultSQLite,
        demo: Bool = false, demoCount: Int = 300, adminToken: String? = nil, publicURL: String? = nil,
        secret: String? = nil, logLevel: Logger.Level = .info,
        directoryRefreshInterval: Duration = .seconds(1)
    ) {
        self.hostname = hostname
        self.port = port
        self.database = database
        self.demo = demo
        self.demoCount = demoCount
        self.adminToken = adminToken.flatMap { $0.isEmpty ? nil : $0 }
        let base = publicURL.flatMap { $0.isEmpty ? nil : $0 } ?? "http://\(hostname):\(port)"
        self.publicURL = base.hasSuffix("/") ? String(base.dropLast()) : base
        // Without a configured secret each start gets a random one: signatures then do not survive a
        // restart, which is safe, only less convenient.
        self.secret = secret.flatMap { $0.isEmpty ? nil : $0 } ?? UUID().uuidString + UUID().uuidString
        self.logLevel = logLevel
        self.directoryRefreshInterval = directoryRefreshInterval
    }

    /// Reads the environment variables named in the README, with flags given precedence by the caller.
    public static func environment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> (
        database: String?, adminToken: String?, publicURL: String?, secret: String?
    ) {
        (env["DATABASE_URL"], env["CLUSTERCOLLAB_ADMIN_TOKEN"], env["CLUSTERCOLLAB_PUBLIC_URL"], env["CLUSTERCOLLAB_SECRET"])
    }
}

/// A setting the operator must fix.
public struct ConfigurationError: Error, CustomStringConvertible {
    public var description: String
}

/// Something that delivers a message: `SMTPClient` in production, a fake in tests of the outbox sender.
public protocol MailTransport: Sendable {
    /// Delivers one message or throws; an error that is a `MailDeliveryError` with `isPermanent` tells the
    /// caller not to try again.
    func send(_ message: MailMessage) async throws
}

/// A delivery failure that knows whether retrying can help. Errors that are not `MailDeliveryError`
/// (a lost connection, a timeout) are treated as transient.
public protocol MailDeliveryError: Error, Sendable {
    /// True when the same message will be refused again (a 5xx reply to it, an unusable address).
    var isPermanent: Bool { get }
}

extension Error {
    /// Whether retrying this delivery failure is pointless (see `MailDeliveryError`).
    public var isPermanentMailFailure: Bool { (self as? any MailDeliveryError)?.isPermanent ?? false }
}

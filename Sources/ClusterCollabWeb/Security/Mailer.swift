import ClusterCollabStorage
import Foundation
import SQLKit

/// Writes e-mails into the outbox inside the caller's transaction (see `OutboxRepository.enqueue`), so an
/// e-mail exists exactly when the change that caused it committed. The outbox sender delivers them.
enum Mailer {
    struct Mail {
        var to: String
        var subject: String
        var body: String
        var kind: String
        var unsubscribeURL: String?
    }

    static func enqueue(_ mail: Mail, host: String, now: Date = Date(), on db: any SQLDatabase) async throws {
        try await OutboxRepository.enqueue(OutboxMail(recipient: mail.to, subject: mail.subject, bodyText: mail.body,
                                                      kind: mail.kind, unsubscribeURL: mail.unsubscribeURL),
                                           on: db, now: now, domain: host)
    }
}

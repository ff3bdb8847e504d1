import ClusterCollabCalls
import ClusterCollabCore
import ClusterCollabMatching
import Foundation
import SQLKit

extension CallRepository {
    // MARK: Partnerships

    static func decodePartnership(_ row: any SQLRow) throws -> Partnership {
        var agreement: CooperationAgreement?
        if let title = try row.decode(column: "agreement_title", as: String?.self) {
            agreement = CooperationAgreement(
                date: try row.decode(column: "agreement_date", as: String?.self) ?? "", title: title,
                note: try row.decode(column: "agreement_note", as: String?.self) ?? "")
        }
        return Partnership(
            id: try row.decode(column: "id", as: Int64.self), callID: try row.decode(column: "call_id", as: Int64.self),
            applicationID: try row.decode(column: "application_id", as: Int64?.self), name: try row.decode(column: "name", as: String.self),
            label: try row.decode(column: "label", as: String.self), thematicArea: try row.decode(column: "thematic_area", as: String.self),
            memberIDs: decodeJSON([Int64].self, try row.decode(column: "members", as: String.self)) ?? [], agreement: agreement,
            agreementDocumentID: try row.decode(column: "agreement_document_id", as: Int64?.self),
            createdAt: StoredTime.date(try row.decode(column: "created_at", as: Int64.self)))
    }

    static let partnershipColumns =
        "id, call_id, application_id, name, label, thematic_area, members, agreement_title, agreement_date, agreement_note, agreement_document_id, created_at"

    public func partnerships(page: Int = 1, perPage: Int = 100) async throws -> (total: Int, items: [Partnership]) {
        try await database.withConnection { db in
            let total = try await db.raw("SELECT COUNT(*) AS n FROM partnerships").first()?.decode(column: "n", as: Int.self) ?? 0
            let items = try await db.raw(
                "SELECT \(unsafeRaw: Self.partnershipColumns) FROM partnerships ORDER BY created_at DESC, id DESC LIMIT \(bind: perPage) OFFSET \(bind: PageBounds.offset(page: page, perPage: perPage) ?? PageBounds.maxOffset)"
            )
            .all().map(Self.decodePartnership)
            return (total, items)
        }
    }

    public func partnership(id: Int64) async throws -> Partnership? {
        try await database.withConnection { db in
            try await db.raw("SELECT \(unsafeRaw: Self.partnershipColumns) FROM partnerships WHERE id = \(bind: id)").first().map(Self.decodePartnership)
        }
    }

    public func news(partnershipID: Int64) async throws -> [Partnership.News] {
        try await database.withConnection { db in
            try await db.raw(
                "SELECT id, title, body, author, published_at FROM partnership_news WHERE partnership_id = \(bind: partnershipID) ORDER BY published_at DESC, id DESC"
            ).all().map { row in
                Partnership.News(
                    id: try row.decode(column: "id", as: Int64.self), title: try row.decode(column: "title", as: String.self),
                    body: try row.decode(column: "body", as: String.self),
                    author: try row.decode(column: "author", as: String.self),
                    publishedAt: StoredTime.date(try row.decode(column: "published_at", as: Int64.self)))
            }
        }
    }

    /// Records the agreement, and the library's document that holds it (`documentID`, nil for none; which
    /// document may be linked is decided before: `DocumentRules.mayHoldAgreement`).
    public func recordAgreement(
        partnershipID: Int64, _ agreement: CooperationAgreement, documentID: Int64? = nil, actor: String, now: Date = Date()
    ) async throws {
        try await database.transaction { db in
            guard try await db.raw("SELECT id FROM partnerships WHERE id = \(bind: partnershipID)").first() != nil else {
                throw Refusal(.notFound, "partnership \(partnershipID)")
            }
            try await db.raw(
                """
                UPDATE partnerships SET agreement_title = \(bind: agreement.title), agreement_date = \(bind: agreement.date),
                    agreement_note = \(bind: agreement.note), agreement_document_id = \(bind: documentID)
                WHERE id = \(bind: partnershipID)
                """
            ).run()
            try await AuditLog.append(
                actor: actor, action: "partnership: agreement", subject: "partnership \(partnershipID)", detail: agreement.title, now: now, on: db)
        }
    }

    public func addNews(partnershipID: Int64, title: String, body: String, author: String, now: Date = Date()) async throws {
        try await database.transaction { db in
            guard try await db.raw("SELECT id FROM partnerships WHERE id = \(bind: partnershipID)").first() != nil else {
                throw Refusal(.notFound, "partnership \(partnershipID)")
            }
            try await db.raw(
                "INSERT INTO partnership_news (partnership_id, title, body, author, published_at) VALUES (\(bind: partnershipID), \(bind: title), \(bind: body), \(bind: author), \(bind: Self.ms(now)))"
            ).run()
        }
    }

    // MARK: Notifying

    func notifyTeam(of organisationID: Int64, _ notice: Notice, now: Date, on db: any SQLDatabase) async throws {
        try await NotificationRepository.tellTeam(of: organisationID, notice, publicURL: publicURL, now: now, on: db)
    }
}

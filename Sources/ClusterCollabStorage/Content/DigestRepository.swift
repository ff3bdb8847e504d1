import ClusterCollabContent
import ClusterCollabCore
import Foundation
import SQLKit

/// What the weekly digest reads that no other repository lists (who gets it, the organisations published
/// in a week), and its one write: a person's digest of a week into the outbox, exactly once.
public struct DigestRepository: Sendable {
    public let database: Database
    public let publicURL: String

    public init(database: Database, publicURL: String) {
        self.database = database
        self.publicURL = publicURL
    }

    /// A person who gets the digest: a confirmed address that keeps the `digest` e-mail on, the
    /// organisations whose teams they are in, and the countries those organisations are interested in.
    public struct Subscriber: Sendable, Equatable {
        public var userID: Int64
        public var email: String
        public var name: String
        public var language: String
        public var organisationIDs: [Int64]
        /// Where those organisations are: a funding opportunity is only shown to its eligible countries.
        public var countries: Set<String>
        public var countriesOfInterest: Set<String>
    }

    /// Subscribers with an id above `after`, by id, at most `limit` accounts looked at: a sender walks
    /// them in batches without holding them all.
    public func subscribers(after: Int64, limit: Int) async throws -> (subscribers: [Subscriber], last: Int64?) {
        try await database.withConnection { db in
            let rows = try await db.raw(
                """
                SELECT id, email, name, language, email_settings FROM users
                WHERE id > \(bind: after) AND email_verified_at IS NOT NULL ORDER BY id LIMIT \(bind: limit)
                """
            ).all()
            guard let last = try rows.last?.decode(column: "id", as: Int64.self) else { return ([], nil) }
            var people: [Subscriber] = []
            for row in rows where EmailSettings(json: try row.decode(column: "email_settings", as: String.self)).wants(.digest) {
                people.append(
                    Subscriber(
                        userID: try row.decode(column: "id", as: Int64.self), email: try row.decode(column: "email", as: String.self),
                        name: try row.decode(column: "name", as: String.self), language: try row.decode(column: "language", as: String.self),
                        organisationIDs: [], countries: [], countriesOfInterest: []))
            }
            guard !people.isEmpty else { return ([], last) }
            let index = Dictionary(uniqueKeysWithValues: people.enumerated().map { ($1.userID, $0) })
            let memberships = try await db.select().column(SQLColumn("user_id", table: "m")).column(SQLColumn("organisation_id", table: "m"))
                .column(SQLColumn("profile", table: "o")).from(SQLAlias(SQLIdentifier("memberships"), as: SQLIdentifier("m")))
                .join(
                    SQLAlias(SQLIdentifier("organisations"), as: SQLIdentifier("o")), method: SQLJoinMethod.inner,
                    on: SQLColumn("id", table: "o"), .equal, SQLColumn("organisation_id", table: "m")
                )
                .where(SQLColumn("user_id", table: "m"), .in, SQLGroupExpression(people.map { SQLBind($0.userID) })).all()
            for row in memberships {
                guard let at = index[try row.decode(column: "user_id", as: Int64.self)] else { continue }
                people[at].organisationIDs.append(try row.decode(column: "organisation_id", as: Int64.self))
                let profile = try row.decode(column: "profile", as: String.self)
                if let organisation = try? OrganisationJSON.decoder.decode(Organisation.self, from: Data(profile.utf8)) {
                    people[at].countries.insert(organisation.country)
                    people[at].countriesOfInterest.formUnion(organisation.countriesOfInterest)
                }
            }
            return (people, last)
        }
    }

    /// An organisation first published in a digest's week.
    public struct NewOrganisation: Sendable, Equatable {
        public var id: Int64
        public var slug: String
        public var name: String
        public var country: String
    }

    /// Published organisations created in `range`, newest first, at most `limit`.
    public func newOrganisations(in range: Range<Date>, limit: Int = 5_000) async throws -> [NewOrganisation] {
        try await database.withConnection { db in
            try await db.raw(
                """
                SELECT id, slug, name, country FROM organisations WHERE status = 'published'
                AND created_at >= \(bind: StoredTime.millis(range.lowerBound)) AND created_at < \(bind: StoredTime.millis(range.upperBound))
                ORDER BY created_at DESC, id DESC LIMIT \(bind: limit)
                """
            ).all().map { row in
                NewOrganisation(
                    id: try row.decode(column: "id", as: Int64.self), slug: try row.decode(column: "slug", as: String.self),
                    name: try row.decode(column: "name", as: String.self), country: try row.decode(column: "country", as: String.self))
            }
        }
    }

    /// The people whose digest of `week` has gone already, among `userIDs`.
    public func sent(week: ISOWeek, among userIDs: [Int64]) async throws -> Set<Int64> {
        guard !userIDs.isEmpty else { return [] }
        return try await database.withConnection { db in
            Set(
                try await db.select().column("user_id").from("digest_sends").where("week", .equal, SQLBind(week.description))
                    .where("user_id", .in, userIDs).all().map { try $0.decode(column: "user_id", as: Int64.self) })
        }
    }

    /// Puts people's digests of `week` in the outbox, each screened by its reader's e-mail settings and
    /// with the unsubscribe link, in one transaction with the rows that say they went. A person whose row
    /// exists already (another instance, or this one before a restart, sent it) gets nothing more.
    /// Returns how many were claimed.
    public func send(_ mails: [(userID: Int64, mail: OutboxMail)], week: ISOWeek, now: Date = Date()) async throws -> Int {
        guard !mails.isEmpty else { return 0 }
        return try await database.transaction { db in
            var claimed = 0
            for (userID, mail) in mails {
                let row = try await db.raw(
                    """
                    INSERT INTO digest_sends (user_id, week, sent_at) VALUES (\(bind: userID), \(bind: week.description), \(bind: StoredTime.millis(now)))
                    ON CONFLICT DO NOTHING RETURNING user_id
                    """
                ).first()
                guard row != nil else { continue }
                claimed += 1
                if let screened = try await PrivacyRepository.screened(mail, publicURL: publicURL, on: db) {
                    try await OutboxRepository.enqueue(screened, on: db, now: now, domain: URL(string: publicURL)?.host ?? "clustercollab")
                }
            }
            return claimed
        }
    }
}

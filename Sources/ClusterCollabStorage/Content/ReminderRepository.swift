import ClusterCollabCalls
import ClusterCollabCore
import ClusterCollabMatching
import Foundation
import SQLKit

/// What deadline reminders read (the draft expressions of interest of calls closing soon with their lead
/// teams, the followed partner searches whose deadline comes, and who is told of each), and their one
/// write: a reminder to its people, in the bell and the outbox, exactly once per person.
public struct ReminderRepository: Sendable {
    public let database: Database
    public let reference: ReferenceData
    /// Base URL for links in e-mails.
    public let publicURL: String

    public init(database: Database, reference: ReferenceData, publicURL: String) {
        self.database = database
        self.reference = reference
        self.publicURL = publicURL
    }

    /// A person a reminder goes to: an account with a confirmed address.
    public struct Recipient: Sendable, Equatable {
        public var userID: Int64
        public var email: String
        public var name: String
        public init(userID: Int64, email: String, name: String) {
            self.userID = userID; self.email = email; self.name = name
        }
    }

    /// A draft expression of interest of a published call closing soon, with its consortium's name and
    /// its lead organisation's team.
    public struct Draft: Sendable, Equatable {
        public var application: ExpressionOfInterest
        public var call: Call
        /// The title of the partner search the consortium formed around.
        public var consortium: String
        public var team: [Recipient]
    }

    /// The drafts of published calls closing after `now` and at the latest at `horizon`, by id.
    public func drafts(closingAfter now: Date, through horizon: Date) async throws -> [Draft] {
        try await database.withConnection { db in
            let columns = CallRepository.applicationColumns.split(separator: ",").map { "a." + $0.trimmingCharacters(in: .whitespaces) }
            let rows = try await db.raw(
                """
                SELECT \(unsafeRaw: columns.joined(separator: ", ")), s.title AS consortium FROM applications a
                JOIN calls c ON c.id = a.call_id JOIN partner_searches s ON s.id = a.search_id
                WHERE a.status = 'draft' AND c.state = 'published'
                AND c.closes_at > \(bind: StoredTime.millis(now)) AND c.closes_at <= \(bind: StoredTime.millis(horizon))
                ORDER BY a.id
                """
            ).all()
            guard !rows.isEmpty else { return [] }
            var calls: [Int64: Call] = [:]
            var drafts: [(ExpressionOfInterest, String)] = []
            for row in rows {
                let application = try CallRepository.decodeApplication(row)
                drafts.append((application, try row.decode(column: "consortium", as: String.self)))
                if calls[application.callID] == nil, let call = try await CallRepository.call(application.callID, on: db) {
                    calls[application.callID] = call.call
                }
            }
            let teams = try await Self.people(
                "SELECT m.organisation_id AS owner, u.id, u.email, u.name FROM memberships m JOIN users u ON u.id = m.user_id",
                where: "m.organisation_id", in: Set(drafts.map(\.0.leadID)), on: db)
            return drafts.compactMap { application, consortium in
                calls[application.callID].map { Draft(application: application, call: $0, consortium: consortium, team: teams[application.leadID] ?? []) }
            }
        }
    }

    /// A partner search whose deadline comes, with its followers.
    public struct FollowedSearch: Sendable, Equatable {
        public var search: PartnerSearch
        public var followers: [Recipient]
    }

    /// The open searches with followers whose deadline (the last day they take interest) is from `today`
    /// to `last`, both included, by id.
    public func followedSearches(expiringFrom today: String, through last: String) async throws -> [FollowedSearch] {
        let searches = PartnerSearchRepository(database: database, reference: reference, publicURL: publicURL)
        return try await database.withConnection { db in
            let rows = try await db.raw(
                """
                SELECT \(unsafeRaw: PartnerSearchRepository.columns) FROM partner_searches
                WHERE status = 'open' AND deadline IS NOT NULL AND deadline >= \(bind: today) AND deadline <= \(bind: last)
                AND EXISTS (SELECT 1 FROM partner_search_follows f WHERE f.search_id = partner_searches.id)
                ORDER BY id
                """
            ).all()
            guard !rows.isEmpty else { return [] }
            let found = try rows.map { try searches.decode($0).0 }
            let followers = try await Self.people(
                "SELECT f.search_id AS owner, u.id, u.email, u.name FROM partner_search_follows f JOIN users u ON u.id = f.user_id",
                where: "f.search_id", in: Set(found.map(\.id)), on: db)
            return found.map { FollowedSearch(search: $0, followers: followers[$0.id] ?? []) }
        }
    }

    /// The people with a confirmed address that `select` finds for each of `ids` (in its `owner` column),
    /// by id. Accounts whose address is not confirmed get no reminder, as they get no digest.
    static func people(_ select: String, where column: String, in ids: Set<Int64>, on db: any SQLDatabase) async throws -> [Int64: [Recipient]] {
        guard !ids.isEmpty else { return [:] }
        let list = ids.sorted().map(String.init).joined(separator: ",")
        var found: [Int64: [Recipient]] = [:]
        for row in try await db.raw(
            "\(unsafeRaw: select) WHERE \(unsafeRaw: column) IN (\(unsafeRaw: list)) AND u.email_verified_at IS NOT NULL ORDER BY u.id"
        ).all() {
            found[try row.decode(column: "owner", as: Int64.self), default: []].append(
                Recipient(
                    userID: try row.decode(column: "id", as: Int64.self), email: try row.decode(column: "email", as: String.self),
                    name: try row.decode(column: "name", as: String.self)))
        }
        return found
    }

    /// Tells `recipients` of `reminder`, in the bell and by e-mail in their language (screened by their
    /// e-mail settings: with `reminders` off, the bell only), in one transaction with the rows that say it
    /// went. A person whose row exists already (another instance, or this one before a restart, sent it)
    /// gets nothing more. Returns how many were told.
    @discardableResult
    public func send(_ reminder: Reminder, to recipients: [Recipient], now: Date = Date()) async throws -> Int {
        guard !recipients.isEmpty else { return 0 }
        return try await database.transaction { db in
            var told = 0
            // Always in the same order, so two instances' transactions wait for each other, never deadlock.
            for person in recipients.sorted(by: { $0.userID < $1.userID }) {
                let claimed = try await db.raw(
                    """
                    INSERT INTO reminder_sends (reminder, user_id, sent_at) VALUES (\(bind: reminder.key), \(bind: person.userID), \(bind: StoredTime.millis(now)))
                    ON CONFLICT DO NOTHING RETURNING user_id
                    """
                ).first()
                guard claimed != nil else { continue }
                told += 1
                try await NotificationRepository.tell(
                    userID: person.userID, email: person.email, name: person.name, reminder.notice, publicURL: publicURL, now: now, on: db)
            }
            return told
        }
    }

    /// Who has had each of `keys` already.
    public func sent(_ keys: [String]) async throws -> [String: Set<Int64>] {
        guard !keys.isEmpty else { return [:] }
        return try await database.withConnection { db in
            var found: [String: Set<Int64>] = [:]
            for start in stride(from: 0, to: keys.count, by: 500) {
                let chunk = Array(keys[start..<min(start + 500, keys.count)])
                for row in try await db.select().column("reminder").column("user_id").from("reminder_sends").where("reminder", .in, chunk).all() {
                    found[try row.decode(column: "reminder", as: String.self), default: []].insert(try row.decode(column: "user_id", as: Int64.self))
                }
            }
            return found
        }
    }

    /// Sends every reminder due at `now` under `schedule` that has not gone yet: to the lead team of each
    /// draft expression of interest of a call closing within `expressionOfInterestDays`
    /// (`ExpressionOfInterest.deadlineReminder`), and to the followers of each open partner search whose
    /// last day is within `partnerSearchDays` (`PartnerSearch.expiryReminder`). Returns how many people
    /// were told. Safe to run on several instances at once and again after a restart: each person's
    /// reminder is claimed by its row in `send`.
    @discardableResult
    public func sendDue(now: Date = Date(), schedule: ReminderSchedule = ReminderSchedule()) async throws -> Int {
        var due: [(reminder: Reminder, people: [Recipient])] = []
        let days = schedule.expressionOfInterestDays
        for draft in try await drafts(closingAfter: now, through: ExpressionOfInterest.reminderHorizon(days: days, at: now)) {
            if let reminder = draft.application.deadlineReminder(call: draft.call, consortium: draft.consortium, days: days, at: now) {
                due.append((reminder, draft.team))
            }
        }
        let today = CalendarDay.of(now)
        let last = PartnerSearch.reminderHorizon(days: schedule.partnerSearchDays, today: today)
        for followed in try await followedSearches(expiringFrom: today, through: last) {
            if let reminder = followed.search.expiryReminder(days: schedule.partnerSearchDays, today: today) {
                due.append((reminder, followed.followers))
            }
        }
        // Most runs find the reminders in their window sent by an earlier run: those are passed over with
        // one read instead of a transaction each.
        let done = try await sent(due.map(\.reminder.key))
        var told = 0
        for (reminder, people) in due {
            told += try await send(reminder, to: people.filter { !(done[reminder.key]?.contains($0.userID) ?? false) }, now: now)
        }
        return told
    }
}

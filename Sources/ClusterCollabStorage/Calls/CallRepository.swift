import ClusterCollabCalls
import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabMatching
import Foundation
import SQLKit

/// Calls for interest, expressions of interest (applications), their versions, evaluation and the
/// labelled partnerships. A submission is decided inside its own transaction by the server's clock read
/// there, and acknowledged only once that transaction has committed.
public struct CallRepository: Sendable {
    public let database: Database
    public let reference: ReferenceData
    public let publicURL: String

    public init(database: Database, reference: ReferenceData, publicURL: String) {
        self.database = database
        self.reference = reference
        self.publicURL = publicURL
    }

    static func ms(_ date: Date) -> Int64 { StoredTime.millis(date) }
    var mailDomain: String { URL(string: publicURL)?.host ?? "clustercollab" }

    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }

    static func decodeJSON<T: Decodable>(_ type: T.Type, _ text: String?) -> T? {
        guard let text else { return nil }
        return try? JSONDecoder().decode(T.self, from: Data(text.utf8))
    }

    // MARK: Calls

    static let callColumns =
        "id, title, programme, description, thematic_areas, opens_at, closes_at, time_zone, state, label, fields, rules, criteria, rules_version, created_at, updated_at, version"

    static func decodeCall(_ row: any SQLRow) throws -> StoredCall {
        let call = Call(
            id: try row.decode(column: "id", as: Int64.self), title: try row.decode(column: "title", as: String.self),
            programme: try row.decode(column: "programme", as: String.self), description: try row.decode(column: "description", as: String.self),
            thematicAreas: decodeJSON([String].self, try row.decode(column: "thematic_areas", as: String.self)) ?? [],
            opensAt: StoredTime.date(try row.decode(column: "opens_at", as: Int64.self)),
            closesAt: StoredTime.date(try row.decode(column: "closes_at", as: Int64.self)),
            timeZone: try row.decode(column: "time_zone", as: String.self),
            state: Call.State(rawValue: try row.decode(column: "state", as: String.self)) ?? .draft,
            label: try row.decode(column: "label", as: String.self),
            fields: decodeJSON([ApplicationField].self, try row.decode(column: "fields", as: String.self)) ?? [],
            rules: decodeJSON([EligibilityRule].self, try row.decode(column: "rules", as: String.self)) ?? [],
            criteria: decodeJSON([EvaluationCriterion].self, try row.decode(column: "criteria", as: String.self)) ?? [],
            createdAt: StoredTime.date(try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: StoredTime.date(try row.decode(column: "updated_at", as: Int64.self)),
            version: try row.decode(column: "version", as: Int.self))
        return StoredCall(call: call, rulesVersion: try row.decode(column: "rules_version", as: Int.self))
    }

    static func call(_ id: Int64, on db: any SQLDatabase) async throws -> StoredCall? {
        try await db.raw("SELECT \(unsafeRaw: callColumns) FROM calls WHERE id = \(bind: id)").first().map(decodeCall)
    }

    public func call(id: Int64) async throws -> StoredCall? {
        try await database.withConnection { db in try await Self.call(id, on: db) }
    }

    /// Every call but drafts (all of them with `includeDrafts`), newest opening first.
    public func calls(includeDrafts: Bool = false) async throws -> [StoredCall] {
        try await database.withConnection { db in
            try await db.raw(
                "SELECT \(unsafeRaw: Self.callColumns) FROM calls \(unsafeRaw: includeDrafts ? "" : "WHERE state <> 'draft'") ORDER BY opens_at DESC, id DESC"
            )
            .all().map(Self.decodeCall)
        }
    }

    /// The texts of the calls the public list shows (every call but drafts: title, programme, description,
    /// thematic areas), folded for the site search, newest opening first.
    public func searchTexts() async throws -> [SiteSearchText] {
        try await calls().map { SiteSearchText(id: $0.call.id, texts: [$0.call.title, $0.call.programme, $0.call.description] + $0.call.thematicAreas) }
    }

    /// One page of the calls the public list shows whose texts hold every word of `query` (case and accents
    /// aside), newest opening first, and how many there are: the site search's calls. `texts` are those of
    /// `searchTexts`, read now when not given.
    public func search(_ query: SiteSearchQuery, page: Int, perPage: Int, among texts: [SiteSearchText]? = nil) async throws -> (
        total: Int, items: [StoredCall]
    ) {
        guard !query.isEmpty else { return (0, []) }
        let (total, chosen) = query.page(of: try await texts.asyncOr(searchTexts), page: page, perPage: perPage)
        var items: [StoredCall] = []
        for id in chosen {
            if let stored = try await call(id: id), stored.call.state != .draft { items.append(stored) }
        }
        return (total, items)
    }

    public func create(_ call: Call, actor: String, now: Date = Date()) async throws -> StoredCall {
        let id = try await database.transaction { db in
            guard
                let row = try await db.raw(
                    """
                    INSERT INTO calls (title, programme, description, thematic_areas, opens_at, closes_at, time_zone, state, label, fields, rules, criteria,
                        rules_version, created_at, updated_at, version)
                    VALUES (\(bind: call.title), \(bind: call.programme), \(bind: call.description), \(bind: Self.json(call.thematicAreas)),
                        \(bind: Self.ms(call.opensAt)), \(bind: Self.ms(call.closesAt)), \(bind: call.timeZone), \(bind: call.state.rawValue), \(bind: call.label),
                        \(bind: Self.json(call.fields)), \(bind: Self.json(call.rules)), \(bind: Self.json(call.criteria)), 1, \(bind: Self.ms(now)), \(bind: Self.ms(now)), 1)
                    RETURNING id
                    """
                ).first()
            else { throw Refusal(.conflict, "the call was not stored") }
            let id = try row.decode(column: "id", as: Int64.self)
            try await AuditLog.append(actor: actor, action: "call: created", subject: "call \(id)", detail: call.title, now: now, on: db)
            return id
        }
        guard let stored = try await self.call(id: id) else { throw Refusal(.notFound, "call \(id)") }
        return stored
    }

    /// Saves an edit of a call. Rules that change after the call opened, while applications are
    /// submitted, need `recheck`: every submitted application is then evaluated again under the new rules
    /// and its team told the outcome; without it the edit is refused, so rules never tighten behind
    /// applicants' backs.
    public func update(_ call: Call, expectedVersion: Int?, recheck: Bool, actor: String, now: Date = Date()) async throws -> (StoredCall, rechecked: Int) {
        try await database.transaction { db in
            guard let current = try await Self.call(call.id, on: db) else { throw Refusal(.notFound, "call \(call.id)") }
            let submitted = try await Self.applications(callID: call.id, status: .submitted, on: db)
            let edit = try current.editing(to: call, expectedVersion: expectedVersion, recheck: recheck, submitted: submitted, now: now)
            let edited = edit.edited.call
            try await db.raw(
                """
                UPDATE calls SET title = \(bind: edited.title), programme = \(bind: edited.programme), description = \(bind: edited.description),
                    thematic_areas = \(bind: Self.json(edited.thematicAreas)), opens_at = \(bind: Self.ms(edited.opensAt)), closes_at = \(bind: Self.ms(edited.closesAt)),
                    time_zone = \(bind: edited.timeZone), state = \(bind: edited.state.rawValue), label = \(bind: edited.label), fields = \(bind: Self.json(edited.fields)),
                    rules = \(bind: Self.json(edited.rules)), criteria = \(bind: Self.json(edited.criteria)), rules_version = \(bind: edit.edited.rulesVersion),
                    updated_at = \(bind: Self.ms(now)), version = version + 1
                WHERE id = \(bind: call.id)
                """
            ).run()
            for application in edit.recheck {
                let members = try await Self.eligibilityMembers(application.memberIDs, callID: call.id, applicationID: application.id, on: db)
                let recheck = application.rechecking(under: edit.edited, members: members, reference: reference)
                try await db.raw(
                    """
                    UPDATE applications SET eligibility = \(bind: Self.json(recheck.rechecked.eligibility)), rules_version = \(bind: recheck.rechecked.rulesVersion)
                    WHERE id = \(bind: application.id)
                    """
                ).run()
                try await notifyTeam(of: application.leadID, recheck.notice, now: now, on: db)
            }
            try await AuditLog.append(
                actor: actor, action: edit.rulesChanged ? "call: edited (rules changed, \(edit.recheck.count) re-checked)" : "call: edited",
                subject: "call \(call.id)", detail: call.title, now: now, on: db)
            guard let stored = try await Self.call(call.id, on: db) else { throw Refusal(.notFound, "call \(call.id)") }
            return (stored, edit.recheck.count)
        }
    }

    // MARK: Applications

    static let applicationColumns =
        "id, call_id, search_id, lead_id, status, answers, members, version, reference, digest, submitted_at, rules_version, eligibility, decision, decision_reason, scores, selected, created_at, updated_at"

    static func decodeApplication(_ row: any SQLRow) throws -> ExpressionOfInterest {
        ExpressionOfInterest(
            id: try row.decode(column: "id", as: Int64.self), callID: try row.decode(column: "call_id", as: Int64.self),
            searchID: try row.decode(column: "search_id", as: Int64.self), leadID: try row.decode(column: "lead_id", as: Int64.self),
            status: ExpressionOfInterest.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .draft,
            answers: decodeJSON([String: String].self, try row.decode(column: "answers", as: String.self)) ?? [:],
            memberIDs: decodeJSON([Int64].self, try row.decode(column: "members", as: String.self)) ?? [],
            version: try row.decode(column: "version", as: Int.self), reference: try row.decode(column: "reference", as: String?.self),
            digest: try row.decode(column: "digest", as: String?.self),
            submittedAt: try row.decode(column: "submitted_at", as: Int64?.self).map(StoredTime.date),
            rulesVersion: try row.decode(column: "rules_version", as: Int?.self),
            eligibility: decodeJSON([RuleResult].self, try row.decode(column: "eligibility", as: String?.self)) ?? [],
            decision: try row.decode(column: "decision", as: String?.self).flatMap(ExpressionOfInterest.Decision.init(rawValue:)),
            decisionReason: try row.decode(column: "decision_reason", as: String?.self),
            scores: decodeJSON([String: Int].self, try row.decode(column: "scores", as: String.self)) ?? [:],
            selected: try row.decode(column: "selected", as: Int.self) != 0,
            createdAt: StoredTime.date(try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: StoredTime.date(try row.decode(column: "updated_at", as: Int64.self)))
    }

    static func application(_ id: Int64, on db: any SQLDatabase) async throws -> ExpressionOfInterest? {
        try await db.raw("SELECT \(unsafeRaw: applicationColumns) FROM applications WHERE id = \(bind: id)").first().map(decodeApplication)
    }

    static func applications(callID: Int64, status: ExpressionOfInterest.Status?, on db: any SQLDatabase) async throws -> [ExpressionOfInterest] {
        let filter: SQLQueryString = status.map { "AND status = \(bind: $0.rawValue)" } ?? ""
        return try await db.raw("SELECT \(unsafeRaw: applicationColumns) FROM applications WHERE call_id = \(bind: callID) " + filter + " ORDER BY id").all()
            .map(decodeApplication)
    }

    public func application(id: Int64) async throws -> ExpressionOfInterest? {
        try await database.withConnection { db in try await Self.application(id, on: db) }
    }

    public func applications(callID: Int64, status: ExpressionOfInterest.Status? = nil) async throws -> [ExpressionOfInterest] {
        try await database.withConnection { db in try await Self.applications(callID: callID, status: status, on: db) }
    }

    /// The applications of the consortia an organisation leads.
    public func applications(leadIDs: [Int64]) async throws -> [ExpressionOfInterest] {
        guard !leadIDs.isEmpty else { return [] }
        return try await database.withConnection { db in
            try await db.raw(
                "SELECT \(unsafeRaw: Self.applicationColumns) FROM applications WHERE lead_id IN (\(unsafeRaw: leadIDs.map(String.init).joined(separator: ","))) ORDER BY id DESC"
            )
            .all().map(Self.decodeApplication)
        }
    }

    public func versions(applicationID: Int64) async throws -> [ExpressionOfInterest.Version] {
        try await database.withConnection { db in
            try await db.raw(
                "SELECT version, status, answers, saved_at FROM application_versions WHERE application_id = \(bind: applicationID) ORDER BY version"
            ).all().map { row in
                ExpressionOfInterest.Version(
                    version: try row.decode(column: "version", as: Int.self),
                    status: ExpressionOfInterest.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .draft,
                    answers: Self.decodeJSON([String: String].self, try row.decode(column: "answers", as: String.self)) ?? [:],
                    savedAt: StoredTime.date(try row.decode(column: "saved_at", as: Int64.self)))
            }
        }
    }

    static func recordVersion(
        _ application: Int64, version: Int, status: ExpressionOfInterest.Status, answers: [String: String], by userID: Int64?, now: Date, on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            INSERT INTO application_versions (application_id, version, status, answers, saved_at, saved_by)
            VALUES (\(bind: application), \(bind: version), \(bind: status.rawValue), \(bind: json(answers)), \(bind: ms(now)), \(bind: userID))
            """
        ).run()
    }

    /// Starts a draft for a consortium (the partner search it formed around), once per call.
    public func createDraft(callID: Int64, searchID: Int64, leadID: Int64, userID: Int64, now: Date = Date()) async throws -> ExpressionOfInterest {
        try await database.transaction { db in
            guard let call = try await Self.call(callID, on: db) else { throw Refusal(.notFound, "call \(callID)") }
            let existing = try await db.raw("SELECT id FROM applications WHERE call_id = \(bind: callID) AND search_id = \(bind: searchID)").first()
            try ExpressionOfInterest.mayStartDraft(for: call.call, existing: try existing?.decode(column: "id", as: Int64.self), now: now)
            guard
                let row = try await db.raw(
                    """
                    INSERT INTO applications (call_id, search_id, lead_id, status, answers, members, version, scores, selected, created_by, created_at, updated_at)
                    VALUES (\(bind: callID), \(bind: searchID), \(bind: leadID), 'draft', '{}', '[]', 1, '{}', 0, \(bind: userID), \(bind: Self.ms(now)), \(bind: Self.ms(now)))
                    RETURNING id
                    """
                ).first()
            else { throw Refusal(.conflict, "the draft was not stored") }
            let id = try row.decode(column: "id", as: Int64.self)
            try await Self.recordVersion(id, version: 1, status: .draft, answers: [:], by: userID, now: now, on: db)
            guard let stored = try await Self.application(id, on: db) else { throw Refusal(.notFound, "application \(id)") }
            return stored
        }
    }

    /// Saves a draft's answers (drafts may be incomplete). `expectedVersion` is the version the edit was
    /// based on; a stale one is a conflict, never a silent overwrite.
    public func saveDraft(id: Int64, answers: [String: String], expectedVersion: Int, userID: Int64, now: Date = Date()) async throws -> ExpressionOfInterest {
        try await database.transaction { db in
            guard let application = try await Self.application(id, on: db), let call = try await Self.call(application.callID, on: db) else {
                throw Refusal(.notFound, "application \(id)")
            }
            let saved = try application.savingDraft(answers, expectedVersion: expectedVersion, call: call.call, now: now)
            try await db.raw(
                "UPDATE applications SET answers = \(bind: Self.json(saved.answers)), version = version + 1, updated_at = \(bind: Self.ms(now)) WHERE id = \(bind: id)"
            ).run()
            try await Self.recordVersion(id, version: saved.version, status: .draft, answers: saved.answers, by: userID, now: now, on: db)
            guard let stored = try await Self.application(id, on: db) else { throw Refusal(.notFound, "application \(id)") }
            return stored
        }
    }

    /// Submits (or resubmits with changed answers) an expression of interest. The clock is read inside
    /// the transaction, after the write lock is held, so the deadline is judged at the moment the
    /// submission is serialised; the caller acknowledges only after this returns, that is after commit.
    public func submit(
        id: Int64, answers: [String: String]?, expectedVersion: Int, userID: Int64, userEmail: String?,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) async throws -> ExpressionOfInterest.Receipted {
        try await database.transaction { db in
            if database.dialect == .postgres {
                // Serialises submissions of one application; the call row is not locked, so consortia never wait on each other.
                _ = try await db.raw("SELECT id FROM applications WHERE id = \(bind: id) FOR UPDATE").first()
            }
            guard let application = try await Self.application(id, on: db), let stored = try await Self.call(application.callID, on: db) else {
                throw Refusal(.notFound, "application \(id)")
            }
            let call = stored.call
            let now = clock()
            let memberIDs = try await db.raw(
                "SELECT organisation_id FROM consortium_members WHERE search_id = \(bind: application.searchID) ORDER BY organisation_id"
            ).all()
                .map { try $0.decode(column: "organisation_id", as: Int64.self) }
            let members = try await Self.eligibilityMembers(memberIDs, callID: call.id, applicationID: id, on: db)
            let decided = try application.submitting(
                answers, expectedVersion: expectedVersion, call: stored, memberIDs: memberIDs, members: members, reference: reference, now: now)
            let submitted = decided.submitted
            try await db.raw(
                """
                UPDATE applications SET status = 'submitted', answers = \(bind: Self.json(submitted.answers)), members = \(bind: Self.json(memberIDs)),
                    version = \(bind: submitted.version), reference = \(bind: submitted.reference), digest = \(bind: submitted.digest),
                    submitted_at = \(bind: Self.ms(now)), rules_version = \(bind: stored.rulesVersion),
                    eligibility = \(bind: Self.json(decided.eligibility)), updated_at = \(bind: Self.ms(now))
                WHERE id = \(bind: id)
                """
            ).run()
            try await Self.recordVersion(id, version: submitted.version, status: .submitted, answers: submitted.answers, by: userID, now: now, on: db)
            // The consortium's workspace shows that it has applied.
            try await db.raw("UPDATE partner_searches SET consortium_status = 'submitted' WHERE id = \(bind: application.searchID)").run()
            let receipt = decided.receipt
            if userID > 0 { try await NotificationRepository.notify(userID: userID, receipt, now: now, on: db) }
            if let userEmail {
                // A receipt is always sent: it is the applicant's proof, not an optional e-mail.
                try await NotificationRepository.mail(receipt, to: userEmail, publicURL: publicURL, now: now, on: db)
            }
            guard let saved = try await Self.application(id, on: db) else { throw Refusal(.notFound, "application \(id)") }
            return ExpressionOfInterest.Receipted(application: saved, call: call)
        }
    }

    /// Withdraws a submitted or draft expression of interest while the call is open.
    public func withdraw(id: Int64, userID: Int64, now: Date = Date()) async throws -> ExpressionOfInterest {
        try await database.transaction { db in
            guard let application = try await Self.application(id, on: db), let call = try await Self.call(application.callID, on: db) else {
                throw Refusal(.notFound, "application \(id)")
            }
            let withdrawn = try application.withdrawing(call: call.call, now: now)
            try await db.raw(
                "UPDATE applications SET status = 'withdrawn', version = version + 1, updated_at = \(bind: Self.ms(now)) WHERE id = \(bind: id)"
            ).run()
            try await Self.recordVersion(id, version: withdrawn.version, status: .withdrawn, answers: withdrawn.answers, by: userID, now: now, on: db)
            guard let stored = try await Self.application(id, on: db) else { throw Refusal(.notFound, "application \(id)") }
            return stored
        }
    }

    /// The consortium's organisations as the eligibility rules see them: published or not, the region
    /// category of their NUTS 2 region, and how many other submitted applications to this call each is in.
    static func eligibilityMembers(_ ids: [Int64], callID: Int64, applicationID: Int64?, on db: any SQLDatabase) async throws -> [EligibilityMember] {
        guard !ids.isEmpty else { return [] }
        let list = ids.map(String.init).joined(separator: ",")
        let categories = Dictionary(
            try await db.raw("SELECT nuts_code, category FROM region_categories").all().map {
                (try $0.decode(column: "nuts_code", as: String.self), try $0.decode(column: "category", as: String.self))
            }, uniquingKeysWith: { a, _ in a })
        var others: [Int64: Int] = [:]
        for row in try await db.raw("SELECT id, members FROM applications WHERE call_id = \(bind: callID) AND status = 'submitted'").all() {
            if try row.decode(column: "id", as: Int64.self) == applicationID { continue }
            for member in decodeJSON([Int64].self, try row.decode(column: "members", as: String.self)) ?? [] { others[member, default: 0] += 1 }
        }
        return try await db.raw("SELECT id, name, country, type, status, region FROM organisations WHERE id IN (\(unsafeRaw: list)) ORDER BY id").all().map {
            row in
            let id = try row.decode(column: "id", as: Int64.self)
            let region = try row.decode(column: "region", as: String?.self) ?? ""
            return EligibilityMember(
                organisationID: id, name: try row.decode(column: "name", as: String.self), country: try row.decode(column: "country", as: String.self),
                type: OrganisationType(rawValue: try row.decode(column: "type", as: String.self)) ?? .clusterMember,
                regionCategory: region.count >= 4 ? categories[String(region.prefix(4)).uppercased()].flatMap(RegionCategory.init(rawValue:)) : nil,
                published: try row.decode(column: "status", as: String.self) == ProfileStatus.published.rawValue,
                otherApplications: others[id] ?? 0)
        }
    }

    /// The live eligibility check of a consortium against a call, as a submission now would see it. The
    /// consortium's own application to the call (there is at most one) is never "another application",
    /// whether or not the caller names it.
    public func eligibility(callID: Int64, searchID: Int64, applicationID: Int64?) async throws -> [RuleResult] {
        try await database.withConnection { db in
            guard let call = try await Self.call(callID, on: db) else { throw Refusal(.notFound, "call \(callID)") }
            var own = applicationID
            if own == nil {
                own = try await db.raw("SELECT id FROM applications WHERE call_id = \(bind: callID) AND search_id = \(bind: searchID)").first()?
                    .decode(column: "id", as: Int64.self)
            }
            let ids = try await db.raw("SELECT organisation_id FROM consortium_members WHERE search_id = \(bind: searchID) ORDER BY organisation_id").all()
                .map { try $0.decode(column: "organisation_id", as: Int64.self) }
            return Eligibility.evaluate(
                rules: call.call.rules, members: try await Self.eligibilityMembers(ids, callID: callID, applicationID: own, on: db),
                reference: reference)
        }
    }
}

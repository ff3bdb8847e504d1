import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabStorage
import Foundation
import Hummingbird

/// What the news and event forms and the API's writes share: who may write for whom, the one write of
/// each, and the moderators' decision. A team's writing waits for review; the platform team's is
/// published (`Contribution`).
extension Platform {
    /// Whom `user` may write news and events for: the platform itself (the platform team) and the
    /// published organisations of their teams.
    func contributionOwners(of user: User) async throws -> (platform: Bool, organisations: [Organisation]) {
        try await documentOwners(of: user)
    }

    /// Refuses (403, with the rule) someone who may not write for `organisationID` (nil: the platform), and
    /// (422 naming `field`) an organisation that does not exist.
    func requireMayContribute(for organisationID: Int64?, _ user: User, field: String = "organisation_id") async throws {
        if let organisationID, try await organisations.find(id: organisationID) == nil {
            throw ValidationErrors([field: "must be an organisation of the platform (no organisation \(organisationID))"])
        }
        var teamRole: TeamRole?
        if let organisationID, !user.isModerator { teamRole = try await teams.teamRole(organisationID: organisationID, userID: user.id) }
        try Contribution.checkMayWrite(for: organisationID, platformRole: user.role, teamRole: teamRole)
    }

    /// Whether `user` may write for `organisationID` (nil: the platform).
    func mayContribute(for organisationID: Int64?, _ user: User) async -> Bool {
        (try? await requireMayContribute(for: organisationID, user)) != nil
    }

    /// Reads the owner a form or the API names: `platform` (or empty, or JSON null) for the platform's
    /// own, an organisation's number otherwise.
    static func contributionOwner(_ raw: String?, field: String) throws(ValidationErrors) -> Int64? {
        let value = (raw ?? "").trimmingCharacters(in: .whitespaces)
        if value.isEmpty || value == "platform" { return nil }
        guard let id = Int64(value), id > 0 else {
            throw ValidationErrors([field: "must be an organisation's number, or platform for the platform's own"])
        }
        return id
    }

    /// The history line and status of a save by `user`: the platform team publishes, a team's new item
    /// is submitted, a team's edit is submitted again.
    private func saving(_ status: inout ProfileStatus, publishedAt: inout Date?, isNew: Bool, by user: User, now: Date) -> String {
        status = Contribution.statusAfterSave(byPlatformTeam: user.isModerator)
        if status == .published {
            if publishedAt == nil { publishedAt = now }
            return ContributionHistory.published
        }
        return isNew ? ContributionHistory.submitted : ContributionHistory.edited
    }

    /// Writes a new article or an edit of `existing` for `organisationID`, checking who may write for the
    /// organisation it had and the one it gets.
    func writeNews(
        _ input: NewsInput, organisationID: Int64?, existing: StoredNews?, expectedVersion: Int?, by user: User, actor: String,
        field: String = "organisation_id"
    ) async throws -> StoredNews {
        if let existing { try await requireMayContribute(for: existing.article.organisationID, user) }
        try await requireMayContribute(for: organisationID, user, field: field)
        let now = Date()
        var article = try input.applied(to: existing?.article)
        article.organisationID = organisationID
        // The operator token has no account (id 0): its writing has no byline's author.
        if existing == nil { article.authorID = user.id > 0 ? user.id : nil }
        let history = saving(&article.status, publishedAt: &article.publishedAt, isNew: existing == nil, by: user, now: now)
        let stored =
            existing == nil
            ? try await news.create(article, actor: actor, history: history, now: now)
            : try await news.update(article, expectedVersion: expectedVersion, actor: actor, history: history, now: now)
        newsPages.clear()
        profileNews.clear()
        return stored
    }

    /// Writes a new event or an edit of `existing`, organised by `organisationID`.
    func writeEvent(
        _ input: EventInput, organisationID: Int64?, existing: StoredEvent?, expectedVersion: Int?, by user: User, actor: String,
        field: String = "organiser_id"
    ) async throws -> StoredEvent {
        if let existing { try await requireMayContribute(for: existing.event.organiserID, user) }
        try await requireMayContribute(for: organisationID, user, field: field)
        let now = Date()
        var input = input
        input.organiserID = nil
        var event = try input.applied(to: existing?.event)
        event.organiserID = organisationID
        if existing == nil { event.authorID = user.id > 0 ? user.id : nil }
        let history = saving(&event.status, publishedAt: &event.publishedAt, isNew: existing == nil, by: user, now: now)
        let stored =
            existing == nil
            ? try await events.create(event, actor: actor, history: history, now: now)
            : try await events.update(event, expectedVersion: expectedVersion, actor: actor, history: history, now: now)
        eventPages.clear()
        return stored
    }

    /// A moderator's decision on a contributed article or event; the pages showing it are rendered again.
    func decideContribution(_ kind: ContributionKind, id: Int64, decision: ProfileWorkflow.Decision, message: String, moderator: String) async throws {
        try await contributions.decide(kind, id: id, decision: decision, message: message, moderator: moderator)
        switch kind {
        case .news:
            newsPages.clear()
            profileNews.clear()
        case .event:
            eventPages.clear()
        }
    }
}

/// The body of a moderator's decision through the API: `{"decision": "publish" | "request-changes" |
/// "reject", "message": "..."}`.
enum ContributionDecisionBody {
    static func read(_ request: Request, _ context: AppRequestContext) async throws -> (ProfileWorkflow.Decision, String) {
        var body = try await JSONBody.read(request, context, allowed: ["decision", "message"])
        let raw = body.string("decision")
        let message = body.string("message") ?? ""
        try body.throwIfMalformed()
        guard let decision = raw.flatMap(ProfileWorkflow.Decision.init(rawValue:)) else {
            throw APIError(.unprocessableContent, "validation", fields: ["decision": "must be one of: publish, request-changes, reject"])
        }
        return (decision, message)
    }
}

/// What the news and event API writes share: the token's identity, the JSON body read by each one's
/// fields (a field of the wrong type 400), and the rules a write breaks named in a 422.
enum ContributionAPI {
    /// The person (or operator) behind the bearer token; a session cookie is not enough.
    static func identity(_ context: AppRequestContext) throws -> Identity {
        _ = try context.bearerUser()
        guard let identity = context.identity else { throw APIError(.unauthorized, "writes need a token") }
        return identity
    }

    static func write<Input>(
        _ request: Request, _ context: AppRequestContext, fields: Set<String>, read: (inout JSONBody) -> Input,
        write: (Input) async throws -> Response
    ) async throws -> Response {
        var body = try await JSONBody.read(request, context, allowed: fields)
        let input = read(&body)
        try body.throwIfMalformed()
        do { return try await write(input) } catch let errors as ValidationErrors { throw APIError.validation(errors) }
    }
}

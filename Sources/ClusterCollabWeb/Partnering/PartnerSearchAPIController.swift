import ClusterCollabCore
import ClusterCollabMatching
import ClusterCollabStorage
import Foundation
import Hummingbird

/// `/api/v1/partner-searches`: searches, recommendations, consortium proposals and participation as
/// JSON. Reading is public, like the directory; writing needs a personal API token (or the operator's).
struct PartnerSearchAPIController {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.API.partnerSearches, use: list)
        router.post(Routes.API.partnerSearches, use: create)
        router.get(Routes.API.partnerSearch, use: show)
        router.patch(Routes.API.partnerSearch, use: update)
        router.get(Routes.API.partnerSearchRecommendations, use: recommendations)
        router.post(Routes.API.partnerSearchConsortiumProposals, use: proposals)
        router.get(Routes.API.partnerSearchInterests, use: interests)
        router.post(Routes.API.partnerSearchInterests, use: expressInterest)
        router.post(Routes.API.partnerSearchInterestWithdraw, use: withdraw)
        router.post(Routes.API.partnerSearchInterestAccept, use: accept)
        router.post(Routes.API.partnerSearchInterestDecline, use: decline)
        router.get(Routes.API.partnerSearchComments, use: comments)
        router.post(Routes.API.partnerSearchComments, use: comment)
        router.put(Routes.API.partnerSearchFollow, use: follow)
        router.delete(Routes.API.partnerSearchFollow, use: unfollow)
        router.patch(Routes.API.partnerSearchConsortium, use: consortium)
        router.get(Routes.API.organisationRecommendedSearches, use: recommendedSearches)
    }

    func actor(_ context: AppRequestContext) -> String { context.identity?.actorName ?? "anonymous" }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = try PartnerSearchQuery.parse(FormDecoding.pairs(request.uri.query), reference: platform.reference)
        let (total, items) = try await platform.partnerSearches.list(query.filter, today: platform.today, page: query.page, perPage: query.perPage)
        return try JSONResponse.make(Page(items: items.map { PartneringJSON.search($0, platform) }, total: total, page: query.page, per_page: query.perPage))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(PartneringJSON.search(try await platform.partnerSearch(context), platform))
    }

    static let searchFields: Set<String> = [
        "owner_id", "title", "kind", "description", "call_id", "competences", "sought_types", "target_countries",
        "min_countries", "min_members", "max_members", "need_less_developed", "deadline", "status", "version",
    ]

    func input(_ body: inout JSONBody) throws -> PartnerSearchInput {
        var input = PartnerSearchInput()
        input.title = body.string("title")
        input.kind = body.string("kind")
        input.description = body.string("description")
        input.callID = body.int("call_id").map(Int64.init)
        input.competences = body.strings("competences")
        input.soughtTypes = body.strings("sought_types")
        input.targetCountries = body.strings("target_countries")
        input.minCountries = body.int("min_countries")
        input.minMembers = body.int("min_members")
        input.maxMembers = body.int("max_members")
        input.needLessDeveloped = body.bool("need_less_developed")
        input.deadline = body.isNull("deadline") ? "" : body.string("deadline")
        input.status = body.string("status")
        return input
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.bearerUser()
        var body = try await JSONBody.read(request, context, allowed: Self.searchFields.subtracting(["version", "status"]))
        let owner = body.int("owner_id")
        let input = try input(&body)
        try body.throwIfMalformed()
        guard let owner else { throw APIError(.unprocessableContent, "validation", fields: ["owner_id": "is required: the id of your organisation"]) }
        guard let organisation = try await platform.organisations.find(id: Int64(owner)) else {
            throw APIError(.unprocessableContent, "validation", fields: ["owner_id": "organisation \(owner) does not exist"])
        }
        try await platform.require(.organisationTeamOrPlatformTeam, user, organisationID: organisation.id)
        try await platform.limitPosting(user, request, context)
        let search: PartnerSearch
        do { search = try input.applied(to: nil, ownerID: organisation.id, reference: platform.reference, today: platform.today) } catch {
            throw APIError.validation(error)
        }
        platform.openSearches.clear()
        let record = try await platform.partnerSearches.create(search, createdBy: user.id > 0 ? user.id : nil, actor: actor(context))
        var headers = HTTPFields()
        headers[.location] = Routes.API.partnerSearch.path(record.search.id)
        return try JSONResponse.make(PartneringJSON.search(record, platform), status: .created, headers: headers)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.bearerUser()
        let record = try await platform.partnerSearch(context)
        try await platform.require(.leadTeamOrPlatformTeam, user, organisationID: record.search.ownerID)
        var body = try await JSONBody.read(request, context, allowed: Self.searchFields.subtracting(["owner_id"]))
        let version = body.int("version")
        let input = try input(&body)
        try body.throwIfMalformed()
        let search: PartnerSearch
        do { search = try input.applied(to: record.search, ownerID: record.search.ownerID, reference: platform.reference, today: platform.today) } catch {
            throw APIError.validation(error)
        }
        platform.openSearches.clear()
        let updated = try await platform.partnerSearches.update(search, expectedVersion: version, actor: actor(context))
        return try JSONResponse.make(PartneringJSON.search(updated, platform))
    }

    @Sendable func recommendations(_ request: Request, context: AppRequestContext) async throws -> Response {
        let record = try await platform.partnerSearch(context)
        let paging = try Paging.parse(FormDecoding.pairs(request.uri.query), defaultPerPage: 20, maxPerPage: 1_000)
        let page = platform.recommendations(record, offset: paging.offset, limit: paging.perPage)
        return try JSONResponse.make(
            Page(
                items: page.items.enumerated().map { PartneringJSON.recommendation($1, rank: paging.offset + $0 + 1, platform) }, total: page.total,
                page: paging.page, per_page: paging.perPage))
    }

    static let constraintFields: Set<String> = ["min_members", "max_members", "min_countries", "allowed_countries", "types", "need_less_developed"]

    /// Reads `{objective, k, constraints}`; bad values and contradictory constraints are 4xx, an
    /// infeasible but sensible request is answered with the explanation.
    static func builderRequest(_ body: inout JSONBody, search: PartnerSearch, reference: ReferenceData) throws -> (
        ConsortiumObjective, Int, ConsortiumConstraints
    ) {
        let objectiveText = body.string("objective")
        let k = body.int("k")
        var nested = body.object("constraints", allowed: constraintFields)
        var constraints = ConsortiumConstraints.of(search)
        var invalid: [String: String] = [:]
        if var c = nested {
            if let v = c.int("min_members") { constraints.minMembers = v }
            if let v = c.int("max_members") { constraints.maxMembers = v }
            if let v = c.int("min_countries") { constraints.minCountries = v }
            if let v = c.bool("need_less_developed") { constraints.needLessDeveloped = v }
            if let list = c.strings("allowed_countries") {
                var codes: [String] = []
                for code in list.map({ $0.trimmingCharacters(in: .whitespaces).uppercased() }) where !code.isEmpty {
                    if reference.country(code) == nil {
                        invalid["constraints.allowed_countries"] = "\(code) is not an ISO 3166 alpha-2 country code"
                    } else if !codes.contains(code) {
                        codes.append(code)
                    }
                }
                constraints.allowedCountries = codes.sorted()
            }
            if let list = c.strings("types") {
                var types: [OrganisationType] = []
                for code in list.map({ $0.trimmingCharacters(in: .whitespaces) }) where !code.isEmpty {
                    if let type = OrganisationType(rawValue: code) {
                        if !types.contains(type) { types.append(type) }
                    } else {
                        invalid["constraints.types"] = "\(code) is not an organisation type; use \(OrganisationType.codes)"
                    }
                }
                constraints.types = types
            }
            for (field, rule) in c.errors { body.markMalformed("constraints.\(field)", rule) }
            nested = c
        }
        try body.throwIfMalformed()
        var objective = ConsortiumObjective.best
        if let objectiveText {
            guard let value = ConsortiumObjective(rawValue: objectiveText) else {
                throw APIError(.unprocessableContent, "validation", fields: ["objective": "must be best or fewest"])
            }
            objective = value
        }
        if let k, !(1...20).contains(k) { invalid["k"] = "must be between 1 and 20" }
        for rule in constraints.broken() { invalid["constraints.\(rule.field)"] = rule.message }
        if !invalid.isEmpty { throw APIError(.unprocessableContent, "validation", fields: invalid) }
        return (objective, k ?? 3, constraints)
    }

    @Sendable func proposals(_ request: Request, context: AppRequestContext) async throws -> Response {
        let record = try await platform.partnerSearch(context)
        var body = try await JSONBody.read(request, context, allowed: ["objective", "k", "constraints"])
        let (objective, k, constraints) = try Self.builderRequest(&body, search: record.search, reference: platform.reference)
        let plan = platform.consortiumPlan(record, constraints: constraints, objective: objective, k: k)
        return try JSONResponse.make(PartneringJSON.plan(plan, k: k, constraints: constraints, platform))
    }

    @Sendable func recommendedSearches(_ request: Request, context: AppRequestContext) async throws -> Response {
        let key = try context.parameters.require("id")
        guard let organisation = try await platform.organisation(idOrSlug: key), organisation.status == .published else {
            throw APIError.notFound("organisation \(key)")
        }
        let paging = try Paging.parse(FormDecoding.pairs(request.uri.query), defaultPerPage: 10, maxPerPage: 100)
        let all = try await platform.recommendedSearches(for: organisation.id, limit: paging.offset + paging.perPage)
        let items = all.dropFirst(paging.offset).map { record, recommendation in
            RecommendedSearch(
                search: PartneringJSON.search(record, platform), score: PartneringJSON.shown(recommendation.score),
                parts: PartneringJSON.Parts(recommendation.parts), covers: recommendation.covers.map(\.description),
                reasons: recommendation.reasons)
        }
        let total = try await platform.openSearches.get { try await platform.partnerSearches.openSearches(today: platform.today) }.filter {
            $0.search.ownerID != organisation.id && !$0.consortium.memberIDs.contains(organisation.id)
        }.count
        return try JSONResponse.make(Page(items: Array(items), total: total, page: paging.page, per_page: paging.perPage))
    }

    struct RecommendedSearch: Encodable {
        var search: PartneringJSON.Search
        var score: Double
        var parts: PartneringJSON.Parts
        var covers: [String]
        var reasons: [String]
    }

    // MARK: Participation

    struct InterestDoc: Encodable {
        var id: Int64
        var organisation: PartneringJSON.OrganisationRef
        var status: String
        /// Shown to the owner's team and the interested organisation's team only.
        var message: String?
        var created_at: Date
        var updated_at: Date
    }

    @Sendable func interests(_ request: Request, context: AppRequestContext) async throws -> Response {
        let record = try await platform.partnerSearch(context)
        let manager = try await platform.mayManage(context.identity?.user, record)
        var mine: [Int64] = []
        if let user = context.identity?.user { mine = try await platform.teams.organisations(userID: user.id).map(\.0.id) }
        let items = try await platform.partnerSearches.interests(searchID: record.search.id).map { view in
            InterestDoc(
                id: view.interest.id, organisation: PartneringJSON.ref(view.interest.organisationID, platform), status: view.interest.status.rawValue,
                message: manager || mine.contains(view.interest.organisationID) ? view.interest.message : nil,
                created_at: view.interest.createdAt, updated_at: view.interest.updatedAt)
        }
        return try JSONResponse.make(Page(items: items, total: items.count, page: 1, per_page: max(items.count, 1)))
    }

    @Sendable func expressInterest(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.bearerUser()
        let record = try await platform.partnerSearch(context)
        var body = try await JSONBody.read(request, context, allowed: ["organisation_id", "message"])
        let organisationID = body.int("organisation_id")
        let message = (body.string("message") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        try body.throwIfMalformed()
        guard let organisationID else {
            throw APIError(.unprocessableContent, "validation", fields: ["organisation_id": "is required: the organisation you act for"])
        }
        guard message.count <= 2_000 else { throw APIError(.unprocessableContent, "validation", fields: ["message": "must be at most 2000 characters"]) }
        try await platform.require(.organisationTeam, user, organisationID: Int64(organisationID))
        try await platform.limitPosting(user, request, context)
        let interest = try await platform.partnerSearches.expressInterest(
            searchID: record.search.id, organisationID: Int64(organisationID), userID: user.id,
            message: message, today: platform.today)
        return try JSONResponse.make(
            InterestDoc(
                id: interest.id, organisation: PartneringJSON.ref(interest.organisationID, platform), status: interest.status.rawValue,
                message: interest.message, created_at: interest.createdAt, updated_at: interest.updatedAt), status: .created)
    }

    @Sendable func withdraw(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.bearerUser()
        let record = try await platform.partnerSearch(context)
        let interest = try await platform.interest(context, of: record)
        try await platform.require(.organisationTeamOrPlatformTeam, user, organisationID: interest.organisationID)
        try await platform.partnerSearches.withdrawInterest(id: interest.id)
        return Response(status: .noContent)
    }

    func decide(_ request: Request, _ context: AppRequestContext, accept: Bool) async throws -> Response {
        let user = try context.bearerUser()
        let record = try await platform.partnerSearch(context)
        let interest = try await platform.interest(context, of: record)
        try await platform.require(.leadTeamOrPlatformTeam, user, organisationID: record.search.ownerID)
        try await platform.partnerSearches.decideInterest(id: interest.id, accept: accept, decidedBy: user.id, actor: actor(context))
        return try JSONResponse.make(PartneringJSON.search(try await platform.partnerSearch(context), platform))
    }

    @Sendable func accept(_ request: Request, context: AppRequestContext) async throws -> Response { try await decide(request, context, accept: true) }
    @Sendable func decline(_ request: Request, context: AppRequestContext) async throws -> Response { try await decide(request, context, accept: false) }

    struct CommentDoc: Encodable {
        var id: Int64
        var parent_id: Int64?
        var author: String
        var body: String
        var created_at: Date
    }

    @Sendable func comments(_ request: Request, context: AppRequestContext) async throws -> Response {
        let record = try await platform.partnerSearch(context)
        let items = try await platform.partnerSearches.comments(searchID: record.search.id).map {
            CommentDoc(id: $0.id, parent_id: $0.parentID, author: $0.author, body: $0.body, created_at: $0.createdAt)
        }
        return try JSONResponse.make(Page(items: items, total: items.count, page: 1, per_page: max(items.count, 1)))
    }

    @Sendable func comment(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.bearerUser()
        // A comment is signed by a person; the operator is none (as for follow).
        guard user.id > 0 else { throw APIError(.unprocessableContent, "the operator token has no account to comment with") }
        let record = try await platform.partnerSearch(context)
        var body = try await JSONBody.read(request, context, allowed: ["body", "parent_id"])
        let text = (body.string("body") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let parent = body.int("parent_id").map(Int64.init)
        try body.throwIfMalformed()
        guard (1...4_000).contains(text.count) else { throw APIError(.unprocessableContent, "validation", fields: ["body": "must be 1 to 4000 characters"]) }
        try await platform.limitPosting(user, request, context)
        let id = try await platform.partnerSearches.comment(searchID: record.search.id, parentID: parent, userID: user.id, author: user.name, body: text)
        return try JSONResponse.make(CommentDoc(id: id, parent_id: parent, author: user.name, body: text, created_at: Date()), status: .created)
    }

    func setFollow(_ context: AppRequestContext, _ on: Bool) async throws -> Response {
        let user = try context.bearerUser()
        let record = try await platform.partnerSearch(context)
        guard user.id > 0 else { throw APIError(.unprocessableContent, "the operator token has no account to follow with") }
        try await platform.partnerSearches.follow(searchID: record.search.id, userID: user.id, on)
        return Response(status: .noContent)
    }

    @Sendable func follow(_ request: Request, context: AppRequestContext) async throws -> Response { try await setFollow(context, true) }
    @Sendable func unfollow(_ request: Request, context: AppRequestContext) async throws -> Response { try await setFollow(context, false) }

    @Sendable func consortium(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.bearerUser()
        let record = try await platform.partnerSearch(context)
        try await platform.require(.leadTeamOrPlatformTeam, user, organisationID: record.search.ownerID)
        var body = try await JSONBody.read(request, context, allowed: ["status", "agreement"])
        let statusText = body.string("status")
        var nested = body.object("agreement", allowed: ["date", "title", "note"])
        let date = nested?.string("date"), title = nested?.string("title"), note = nested?.string("note")
        for (field, rule) in nested?.errors ?? [:] { body.markMalformed("agreement.\(field)", rule) }
        nested = nil
        try body.throwIfMalformed()
        var status = record.consortium.status
        if let statusText {
            guard let value = Consortium.Status(rawValue: statusText) else {
                throw APIError(.unprocessableContent, "validation", fields: ["status": "must be one of \(Consortium.Status.codes)"])
            }
            status = value
        }
        var agreement: CooperationAgreement?
        if body.has("agreement") {
            do { agreement = try CooperationAgreement.validated(date: date ?? "", title: title ?? "", note: note ?? "") } catch {
                throw APIError(
                    .unprocessableContent, "validation",
                    fields: Dictionary(
                        uniqueKeysWithValues: error.fields.map { ("agreement." + $0.key.replacingOccurrences(of: "agreement_", with: ""), $0.value) }))
            }
        }
        try await platform.partnerSearches.updateConsortium(searchID: record.search.id, status: status, agreement: agreement, actor: actor(context))
        return try JSONResponse.make(PartneringJSON.search(try await platform.partnerSearch(context), platform))
    }
}

import ClusterCollabCalls
import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabStorage
import Foundation
import Hummingbird

/// `/api/v1/funding-opportunities`: the list in the usual shape with the page's filters, nearest deadline
/// first; one opportunity; and the platform team's writes with a bearer token (moderators and
/// administrators, and the operator token): one opportunity as JSON, or many as a CSV body, all or nothing;
/// an edit of the fields it names; a removal.
struct FundingAPIController {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.API.fundingOpportunities, use: list)
        router.post(Routes.API.fundingOpportunities, use: create)
        router.post(Routes.API.fundingOpportunitiesImport, use: importCSV)
        router.get(Routes.API.fundingOpportunity, use: show)
        router.patch(Routes.API.fundingOpportunity, use: update)
        router.delete(Routes.API.fundingOpportunity, use: delete)
    }

    struct FundingDoc: Encodable {
        var id: Int64
        var url: String
        var title: String
        var programme: String
        var funding_body: String
        var link: String
        /// ISO 8601 with the offset of `time_zone` at that instant.
        var opens_at: String
        var deadline: String
        var time_zone: String
        var phase: String
        var budget: Int64?
        var action_type: String?
        var cascade_funding: Bool
        var countries: [String]
        var sectors: [Int]
        var ecosystems: [Int]
        var technologies: [String]
        var keywords: [String]
        /// Markdown.
        var description: String
        var updated_at: String
        var version: Int

        enum CodingKeys: String, CodingKey {
            case id, url, title, programme, funding_body, link, opens_at, deadline, time_zone, phase, budget, action_type, cascade_funding
            case countries, sectors, ecosystems, technologies, keywords, description, updated_at, version
        }

        /// Every key is written, a missing budget or type of action as null.
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id); try c.encode(url, forKey: .url); try c.encode(title, forKey: .title)
            try c.encode(programme, forKey: .programme); try c.encode(funding_body, forKey: .funding_body); try c.encode(link, forKey: .link)
            try c.encode(opens_at, forKey: .opens_at); try c.encode(deadline, forKey: .deadline); try c.encode(time_zone, forKey: .time_zone)
            try c.encode(phase, forKey: .phase); try c.encode(budget, forKey: .budget); try c.encode(action_type, forKey: .action_type)
            try c.encode(cascade_funding, forKey: .cascade_funding); try c.encode(countries, forKey: .countries)
            try c.encode(sectors, forKey: .sectors); try c.encode(ecosystems, forKey: .ecosystems); try c.encode(technologies, forKey: .technologies)
            try c.encode(keywords, forKey: .keywords); try c.encode(description, forKey: .description)
            try c.encode(updated_at, forKey: .updated_at); try c.encode(version, forKey: .version)
        }
    }

    func doc(_ o: FundingOpportunity, updatedAt: Date, now: Date) -> FundingDoc {
        FundingDoc(
            id: o.id, url: platform.configuration.publicURL + Routes.fundingOpportunity.path(o.id), title: o.title, programme: o.programme,
            funding_body: o.fundingBody, link: o.link, opens_at: ZonedTime.iso8601(o.opensAt, zone: o.timeZone),
            deadline: ZonedTime.iso8601(o.deadline, zone: o.timeZone), time_zone: o.timeZone, phase: o.phase(at: now).rawValue, budget: o.budget,
            action_type: o.actionType, cascade_funding: o.cascadeFunding, countries: o.countries, sectors: o.sectors, ecosystems: o.ecosystems,
            technologies: o.technologies, keywords: o.keywords, description: o.description, updated_at: AtomFeed.time(updatedAt), version: o.version)
    }

    func doc(_ stored: StoredFundingOpportunity, now: Date) -> FundingDoc { doc(stored.opportunity, updatedAt: stored.updatedAt, now: now) }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let pairs = FormDecoding.pairs(request.uri.query)
        let paging = try Paging.parse(pairs, defaultPerPage: 20, maxPerPage: 100, allowed: Set(FundingQuery.parameters + ["page", "per_page"]))
        let query = try FundingQuery.parse(pairs, reference: platform.reference, page: false)
        let now = Date()
        let (total, items) = try await platform.funding.list(query.filter, now: now, page: paging.page, perPage: paging.perPage)
        return try JSONResponse.make(Page(items: items.map { doc($0, now: now) }, total: total, page: paging.page, per_page: paging.perPage))
    }

    static func id(_ context: AppRequestContext) throws -> Int64 {
        let raw = try context.parameters.require("id")
        guard let id = Int64(raw), id > 0 else {
            throw APIError.malformed("malformed path", fields: ["id": "must be a funding opportunity number"])
        }
        return id
    }

    func stored(_ context: AppRequestContext) async throws -> StoredFundingOpportunity {
        let id = try Self.id(context)
        guard let stored = try await platform.funding.find(id: id) else { throw APIError.notFound("funding opportunity \(id)") }
        return stored
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(doc(try await stored(context), now: Date()))
    }

    /// The platform team writes opportunities: moderators and administrators, with their own token.
    func requirePlatformTeam(_ context: AppRequestContext) throws -> Identity {
        let user = try context.bearerUser()
        guard user.isModerator, let identity = context.identity else {
            throw APIError(.forbidden, "funding opportunities are written by the platform team (moderators and administrators)")
        }
        return identity
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try requirePlatformTeam(context)
        var body = try await JSONBody.read(request, context, allowed: Set(FundingOpportunityInput.fieldNames))
        let input = Self.input(&body)
        try body.throwIfMalformed()
        do {
            let now = Date()
            let opportunity = try input.applied(to: nil, reference: platform.reference, now: now)
            let stored = try await platform.funding.create(opportunity, actor: identity.actorName, now: now)
            platform.profileFunding.clear()
            return try JSONResponse.make(
                doc(stored, now: now), status: .created, headers: [.location: Routes.API.fundingOpportunity.path(stored.opportunity.id)])
        } catch let errors as ValidationErrors { throw APIError.validation(errors) }
    }

    /// The fields a body names, each as `FundingOpportunityInput` reads it (a field left out is not given).
    static func input(_ body: inout JSONBody) -> FundingOpportunityInput {
        var input = FundingOpportunityInput()
        input.title = body.string("title"); input.programme = body.string("programme"); input.fundingBody = body.string("funding_body")
        input.link = body.string("link"); input.opensAt = body.string("opens_at"); input.deadline = body.string("deadline")
        input.timeZone = body.string("time_zone")
        input.description = body.isNull("description") ? "" : body.string("description")
        input.actionType = body.isNull("action_type") ? "" : body.string("action_type")
        input.budget = body.isNull("budget") ? "" : body.int("budget").map(String.init)
        input.cascadeFunding = body.bool("cascade_funding").map { $0 ? "yes" : "no" }
        input.countries = body.strings("countries"); input.technologies = body.strings("technologies"); input.keywords = body.strings("keywords")
        input.sectors = body.ints("sectors")?.map(String.init); input.ecosystems = body.ints("ecosystems")?.map(String.init)
        return input
    }

    /// An edit: only the fields named change. With `version`, an edit based on an older version is 409.
    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try requirePlatformTeam(context)
        let stored = try await stored(context)
        var body = try await JSONBody.read(request, context, allowed: Set(FundingOpportunityInput.fieldNames + ["version"]))
        let input = Self.input(&body)
        let version = body.int("version")
        try body.throwIfMalformed()
        if input == FundingOpportunityInput() {
            // Nothing named, nothing written: the opportunity as it is (unless the version given is not its own).
            if let version, version != stored.opportunity.version {
                throw Refusal(
                    .conflict,
                    "the funding opportunity was changed by someone else (version \(stored.opportunity.version), your edit was based on \(version)); reload it and edit again"
                )
            }
            return try JSONResponse.make(doc(stored, now: Date()))
        }
        do {
            let now = Date()
            let opportunity = try input.applied(to: stored.opportunity, reference: platform.reference, now: now)
            // Without a version, the edit is based on the version just read: a write in between is no silent loss.
            let saved = try await platform.funding.update(
                opportunity, expectedVersion: version ?? stored.opportunity.version, actor: identity.actorName, now: now)
            platform.profileFunding.clear()
            return try JSONResponse.make(doc(saved, now: now))
        } catch let errors as ValidationErrors { throw APIError.validation(errors) }
    }

    /// Removes an opportunity (listed by mistake, or twice).
    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try requirePlatformTeam(context)
        let stored = try await stored(context)
        try await platform.funding.delete(id: stored.opportunity.id, actor: identity.actorName)
        platform.profileFunding.clear()
        return Response(status: .noContent)
    }

    struct ImportDoc: Encodable {
        var imported: Int
        var items: [FundingDoc]
    }

    /// A CSV body (`Content-Type: text/csv`) of new opportunities, stored all or none.
    @Sendable func importCSV(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try requirePlatformTeam(context)
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("text/csv") else {
            throw APIError(.unsupportedMediaType, "the body must be CSV, sent with Content-Type: text/csv")
        }
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        do {
            let imported = try await platform.importFunding(String(buffer: body), actor: identity.actorName)
            let now = Date()
            return try JSONResponse.make(
                ImportDoc(imported: imported.count, items: imported.map { doc($0, updatedAt: now, now: now) }), status: .created)
        } catch let errors as ValidationErrors { throw APIError.validation(errors) }
    }
}

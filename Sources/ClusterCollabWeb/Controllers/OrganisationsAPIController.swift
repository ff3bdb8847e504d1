import ClusterCollabCore
import ClusterCollabSearch
import ClusterCollabStorage
import Foundation
import Hummingbird

/// `/api/v1/organisations`: the public directory as JSON, and operator writes guarded by the bearer token.
struct OrganisationsAPIController {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.API.organisations, use: list)
        router.get(Routes.API.organisationSuggest, use: suggest)
        router.get(Routes.API.organisation, use: show)
        router.post(Routes.API.organisations, use: create)
        router.patch(Routes.API.organisation, use: update)
        router.delete(Routes.API.organisation, use: delete)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let pairs = FormDecoding.pairs(request.uri.query)
        // An empty value is the same as the parameter being absent, as for every query parameter.
        if pairs.contains(where: { $0.0 == "status" && !$0.1.trimmingCharacters(in: .whitespaces).isEmpty }) {
            return try await profileSearch(request, context: context, pairs: pairs)
        }
        let (query, result) = try DirectorySearch.run(platform, queryString: request.uri.query)
        let items = result.items.map { OrganisationSummary($0, publicURL: platform.configuration.publicURL) }
        return try SearchResponse(
            items: items, total: result.total, page: query.page,
            per_page: query.perPage, facets: .init(facets: result.facets)
        ).response()
    }

    /// With `status`, the platform team's search over every stored profile (drafts, profiles awaiting
    /// review, rejected ones) in the database's full-text index. Operator only.
    func profileSearch(_ request: Request, context: AppRequestContext, pairs: [(String, String)]) async throws -> Response {
        guard context.identity != nil else { throw APIError(.unauthorized, "status is for the platform team: send a bearer token") }
        guard isPlatformTeam(context) else { throw APIError(.forbidden, "status is for the platform team (moderators and administrators)") }
        var statuses: [ProfileStatus] = []
        var errors: [String: String] = [:]
        for (key, value) in pairs where key == "status" {
            for code in value.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !code.isEmpty {
                if let status = ProfileStatus(rawValue: code) { statuses.append(status) } else { errors["status"] = "must be one of: \(ProfileStatus.codes)" }
            }
        }
        let query: DirectoryQuery
        do { query = try DirectoryQuery.parse(pairs.filter { $0.0 != "status" }, reference: platform.reference) } catch {
            throw APIError.query(error)
        }
        if !query.regions.isEmpty || !query.sectors.isEmpty || !query.ecosystems.isEmpty || !query.emergingIndustries.isEmpty
            || !query.technologies.isEmpty || !query.labels.isEmpty || !query.sizes.isEmpty || query.sort != .relevance
        {
            errors["status"] = "combines with q, country, type, page and per_page only"
        }
        if !errors.isEmpty { throw APIError(.unprocessableContent, "validation", fields: errors) }
        let search = ProfileSearch(
            text: query.text, statuses: statuses, countries: query.countries, types: query.types,
            page: query.page, perPage: query.perPage)
        let result = try await platform.organisations.search(search)
        let items = result.items.map { OrganisationSummary($0, publicURL: platform.configuration.publicURL) }
        let counts = ProfileStatus.allCases.compactMap { status in
            result.byStatus[status].map { FacetValue(value: status.rawValue, label: status.label, count: $0) }
        }
        return try SearchResponse(
            items: items, total: result.total, page: search.page, per_page: search.perPage,
            facets: .init(facets: [DirectoryFacet(name: "status", values: counts)])
        ).response()
    }

    /// `{items, total, page, per_page, facets: {country: [{value, label, count}], ...}}`, encoded in one pass
    /// (building it through `JSONSerialization` dictionaries cost several milliseconds per request).
    struct SearchResponse: Encodable {
        var items: [OrganisationSummary]
        var total: Int
        var page: Int
        var per_page: Int
        var facets: Facets

        /// The JSON answer: written directly when it can be (`OrganisationsSearchJSON`), else encoded.
        func response() throws -> Response {
            if let bytes = OrganisationsSearchJSON.write(self) { return JSONResponse.raw(bytes: bytes) }
            return try JSONResponse.make(self)
        }

        struct Facets: Encodable {
            var facets: [DirectoryFacet]
            struct Key: CodingKey {
                var stringValue: String
                var intValue: Int? { nil }
                init(stringValue: String) { self.stringValue = stringValue }
                init?(intValue: Int) { nil }
            }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Key.self)
                for facet in facets { try container.encode(facet.values, forKey: Key(stringValue: facet.name)) }
            }
        }
    }

    @Sendable func suggest(_ request: Request, context: AppRequestContext) async throws -> Response {
        let pairs = FormDecoding.pairs(request.uri.query)
        let q = pairs.first { $0.0 == "q" }?.1 ?? ""
        if q.count > 100 { throw APIError(.unprocessableContent, "validation", fields: ["q": "must be at most 100 characters"]) }
        var limit = 8
        if let raw = pairs.first(where: { $0.0 == "limit" })?.1 {
            guard let n = Int(raw) else { throw APIError.malformed("malformed query", fields: ["limit": "must be a whole number"]) }
            guard (1...20).contains(n) else { throw APIError(.unprocessableContent, "validation", fields: ["limit": "must be between 1 and 20"]) }
            limit = n
        }
        let hits = q.trimmingCharacters(in: .whitespaces).isEmpty ? [] : platform.directory.index.suggest(q, limit: limit)
        let items = hits.map { OrganisationSummary($0, publicURL: platform.configuration.publicURL) }
        return try JSONResponse.make(Page(items: items, total: items.count, page: 1, per_page: limit))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let key = try context.pathText("id")
        let operator_ = isPlatformTeam(context)
        guard let organisation = try await platform.organisation(idOrSlug: key),
            organisation.status == .published || operator_
        else {
            throw APIError.notFound("organisation \(key)")
        }
        return try Self.document(operator_ ? organisation : organisation.publicView, platform: platform)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        try requireOperator(context)
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let organisation = try Self.read(Data(buffer: body), base: nil)
        let stored: Organisation
        do { stored = try await platform.createOrganisation(organisation, actor: context.identity?.actorName) } catch let errors as ValidationErrors {
            throw Self.jsonFieldNames(errors)
        }
        var response = try Self.document(stored, platform: platform)
        response.status = .created
        response.headers[.location] = Routes.API.organisation.path(String(stored.id))
        return response
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        try requireOperator(context)
        let id = try Self.id(context)
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        guard let existing = try await platform.organisations.find(id: id) else { throw APIError.notFound("organisation \(id)") }
        let organisation = try Self.read(Data(buffer: body), base: existing)
        let updated: Organisation?
        do { updated = try await platform.updateOrganisation(organisation, actor: context.identity?.actorName) } catch let errors as ValidationErrors {
            throw Self.jsonFieldNames(errors)
        }
        guard let stored = updated else { throw APIError.notFound("organisation \(id)") }
        return try Self.document(stored, platform: platform)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try requireOperator(context)
        let id = try Self.id(context)
        guard try await platform.deleteOrganisation(id: id, actor: context.identity?.actorName) else { throw APIError.notFound("organisation \(id)") }
        return Response(status: .noContent)
    }

    // MARK: Helpers

    static func id(_ context: AppRequestContext) throws -> Int64 {
        let raw = try context.parameters.require("id")
        guard let id = Int64(raw) else { throw APIError.malformed("malformed path", fields: ["id": "must be a numeric organisation id"]) }
        return id
    }

    /// The core names member counts as the CSV does (`members_sme`); in JSON they sit under `members`.
    static func jsonFieldNames(_ errors: ValidationErrors) -> APIError {
        var fields: [String: String] = [:]
        for (field, rule) in errors.fields {
            if field.hasPrefix("members_") {
                fields["members." + field.dropFirst("members_".count)] = rule.replacingOccurrences(of: "members_total", with: "members.total")
            } else {
                fields[field] = rule
            }
        }
        return APIError(.unprocessableContent, "validation", fields: fields)
    }

    static func read(_ body: Data, base: Organisation?) throws -> Organisation {
        switch Organisation.fromJSON(body, base: base) {
        case .organisation(let o): return o
        case .malformed(let message): throw APIError.malformed(message)
        case .invalid(let errors): throw APIError.validation(errors)
        }
    }

    /// Whether the caller may see every profile and its private contact: the platform team.
    func isPlatformTeam(_ context: AppRequestContext) -> Bool {
        context.identity?.user.isModerator == true
    }

    /// API writes need a bearer token (the operator's, or a platform administrator's personal token): a
    /// browser's session cookie is not enough, because JSON writes carry no CSRF token.
    func requireOperator(_ context: AppRequestContext) throws {
        guard let identity = context.identity else {
            if platform.configuration.adminToken == nil {
                throw APIError(
                    .unauthorized,
                    "writes need a bearer token: the operator's (CLUSTERCOLLAB_ADMIN_TOKEN, not set on this server) or a platform administrator's personal API token"
                )
            }
            throw APIError(.unauthorized, "writes need the header Authorization: Bearer <token>")
        }
        if case .session = identity.proof {
            throw APIError(.unauthorized, "API writes need the header Authorization: Bearer <token>; a session cookie is not enough")
        }
        guard identity.user.isPlatformAdmin else {
            throw APIError(.forbidden, "only the platform team may write organisations through this endpoint")
        }
    }

    /// The profile document: the stored JSON plus the checklist and names a client would otherwise look up.
    static func document(_ organisation: Organisation, platform: Platform) throws -> Response {
        let data = try OrganisationJSON.encoder.encode(organisation)
        guard var object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return JSONResponse.raw(data)
        }
        let reference = platform.reference
        object["url"] = platform.configuration.publicURL + Routes.organisation.path(organisation.slug)
        object["country_name"] = reference.country(organisation.country)?.name
        object["region_name"] = organisation.region.flatMap { reference.region($0)?.name } ?? organisation.region
        object["type_label"] = organisation.type.label
        if organisation.contactName == nil { object.removeValue(forKey: "contact_name") }
        if organisation.contactEmail == nil { object.removeValue(forKey: "contact_email") }
        let checklist = ValidationChecklist(organisation)
        object["checklist"] = [
            "waived": checklist.waived, "passes": checklist.passes,
            "items": checklist.items.map { ["rule": $0.rule, "met": $0.met] },
        ]
        return try JSONResponse.object(object)
    }
}

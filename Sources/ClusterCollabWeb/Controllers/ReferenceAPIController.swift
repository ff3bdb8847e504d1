import ClusterCollabCore
import Foundation
import Hummingbird

/// `/api/v1/reference/...`: the reference tables the platform validates against. They never change while
/// the server runs, so each is encoded once and served with a long cache lifetime.
struct ReferenceAPIController {
    let platform: Platform
    let encoded: [String: Data]

    init(platform: Platform) throws {
        self.platform = platform
        let r = platform.reference
        func page<T: Encodable>(_ items: [T]) throws -> Data {
            try JSONEncoder.sorted.encode(Page(items: items, total: items.count, page: 1, per_page: items.count))
        }
        encoded = [
            "countries": try page(r.countries),
            "nace": try page(r.nace),
            "sectors": try page(r.sectors),
            "ecosystems": try page(r.ecosystems),
            "emerging-industries": try page(r.emergingIndustries),
            "technologies": try page(r.technologies),
        ]
    }

    static let kinds = ["countries", "regions", "nace", "sectors", "ecosystems", "emerging-industries", "technologies"]

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.API.referenceRegions, use: regions)
        router.get(Routes.API.reference, use: table)
    }

    @Sendable func table(_ request: Request, context: AppRequestContext) async throws -> Response {
        let kind = try context.parameters.require("kind")
        guard let data = encoded[kind] else {
            throw APIError(.notFound, "unknown reference table \(kind); known: \(Self.kinds.joined(separator: ", "))")
        }
        return JSONResponse.raw(data, headers: [.cacheControl: "public, max-age=3600"])
    }

    /// Regions, filterable by `country` (ISO alpha-2) and `level` (0 to 3).
    @Sendable func regions(_ request: Request, context: AppRequestContext) async throws -> Response {
        var country: String?
        var level: Int?
        var errors: [String: String] = [:]
        var malformed = false
        for (key, value) in FormDecoding.pairs(request.uri.query) where !value.isEmpty {
            switch key {
            case "country":
                let code = value.uppercased()
                if platform.reference.country(code) == nil { errors["country"] = "must be an ISO 3166 alpha-2 country code; \(value) is unknown" }
                country = code
            case "level":
                if let n = Int(value) {
                    if !(0...3).contains(n) { errors["level"] = "must be 0, 1, 2 or 3" }
                    level = n
                } else {
                    malformed = true
                    errors["level"] = "must be a whole number (0 to 3)"
                }
            default: break
            }
        }
        if !errors.isEmpty {
            throw malformed ? APIError.malformed("malformed query", fields: errors) : APIError(.unprocessableContent, "validation", fields: errors)
        }
        let items = platform.reference.regions(country: country, level: level)
        return try JSONResponse.make(
            Page(items: items, total: items.count, page: 1, per_page: items.count),
            headers: [.cacheControl: "public, max-age=3600"])
    }
}

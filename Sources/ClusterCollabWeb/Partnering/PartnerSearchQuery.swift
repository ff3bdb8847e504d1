import ClusterCollabCore
import ClusterCollabMatching
import ClusterCollabStorage
import Foundation

/// The list query of `/partner-searches` and `/api/v1/partner-searches`: `q`, `status` (open by default;
/// `closed`, `consortium-formed` or `all`), `kind`, `country` (the owner's), `competence` (a typed id),
/// `owner` (organisation id), `call`, `page`, `per_page`.
struct PartnerSearchQuery {
    var filter = PartnerSearchRepository.Filter()
    var page = 1
    var perPage = 20

    static let keys: Set<String> = ["q", "status", "kind", "country", "competence", "owner", "call", "page", "per_page"]

    static func parse(_ pairs: [(String, String)], reference: ReferenceData) throws -> PartnerSearchQuery {
        var query = PartnerSearchQuery()
        var malformed: [String: String] = [:]
        var invalid: [String: String] = [:]
        // Checked once per_page is known, since the two together say how deep the page starts.
        var page: Int?
        for (key, raw) in pairs {
            let value = raw.trimmingCharacters(in: .whitespaces)
            switch key {
            case "q":
                if value.count > 200 { invalid["q"] = "must be at most 200 characters" } else { query.filter.text = value }
            case "status":
                if value == "all" || value.isEmpty {
                    query.filter.status = value.isEmpty ? .open : nil
                } else if let status = PartnerSearch.Status(rawValue: value) {
                    query.filter.status = status
                } else {
                    invalid["status"] = "must be one of \(PartnerSearch.Status.codes), all"
                }
            case "kind":
                guard !value.isEmpty else { continue }
                if let kind = PartnerSearch.Kind(rawValue: value) {
                    query.filter.kind = kind
                } else {
                    invalid["kind"] = "must be one of \(PartnerSearch.Kind.codes)"
                }
            case "country":
                guard !value.isEmpty else { continue }
                if reference.country(value.uppercased()) != nil {
                    query.filter.country = value.uppercased()
                } else {
                    invalid["country"] = "\(value) is not an ISO 3166 alpha-2 country code"
                }
            case "competence":
                guard !value.isEmpty else { continue }
                do { query.filter.competence = try Competence(parsing: value, reference: reference) } catch {
                    invalid["competence"] = "\(value): \(error.reason)"
                }
            case "owner", "call":
                guard !value.isEmpty else { continue }
                guard let id = Int64(value), id > 0 else { malformed[key] = "must be a number"; continue }
                if key == "owner" { query.filter.ownerID = id } else { query.filter.callID = id }
            case "page", "per_page":
                guard !value.isEmpty else { continue }
                guard let n = Int(value) else { malformed[key] = "must be a whole number"; continue }
                if key == "page" {
                    page = n
                } else {
                    if n < 1 || n > 100 { invalid["per_page"] = "must be between 1 and 100" } else { query.perPage = n }
                }
            default:
                malformed[key] = "is not a parameter here; use \(keys.sorted().joined(separator: ", "))"
            }
        }
        if let page {
            if PageBounds.offset(page: page, perPage: query.perPage) != nil { query.page = page } else { invalid["page"] = PageBounds.rule }
        }
        if !malformed.isEmpty { throw APIError.malformed("malformed query", fields: malformed) }
        if !invalid.isEmpty { throw APIError(.unprocessableContent, "validation", fields: invalid) }
        return query
    }
}

/// `page` and `per_page` of a paged sub-list (recommendations), with the limit of that list.
struct Paging {
    var page = 1
    var perPage: Int

    /// A page's `page` for the HTML lists: absent or empty is the first page, other parameters are the
    /// page's own business; a page past the bounds is 422 naming `page`.
    static func page(_ pairs: [(String, String)], perPage: Int) throws -> Int {
        guard let raw = pairs.last(where: { $0.0 == "page" })?.1, !raw.isEmpty else { return 1 }
        guard let page = Int(raw), page >= 1, PageBounds.offset(page: page, perPage: perPage) != nil else {
            throw APIError(.unprocessableContent, "validation", fields: ["page": PageBounds.rule])
        }
        return page
    }

    static func parse(_ pairs: [(String, String)], defaultPerPage: Int, maxPerPage: Int, allowed: Set<String> = ["page", "per_page"]) throws -> Paging {
        var paging = Paging(perPage: defaultPerPage)
        var page: Int?
        for (key, raw) in pairs {
            guard allowed.contains(key) else {
                throw APIError.malformed("malformed query", fields: [key: "is not a parameter here; use \(allowed.sorted().joined(separator: ", "))"])
            }
            guard key == "page" || key == "per_page" else { continue }
            let value = raw.trimmingCharacters(in: .whitespaces)
            // An empty value is the same as the parameter being absent.
            guard !value.isEmpty else { continue }
            guard let n = Int(value) else { throw APIError.malformed("malformed query", fields: [key: "must be a whole number"]) }
            if key == "page" {
                page = n
            } else {
                guard (1...maxPerPage).contains(n) else {
                    throw APIError(.unprocessableContent, "validation", fields: ["per_page": "must be between 1 and \(maxPerPage)"])
                }
                paging.perPage = n
            }
        }
        if let page {
            guard PageBounds.offset(page: page, perPage: paging.perPage) != nil else {
                throw APIError(.unprocessableContent, "validation", fields: ["page": PageBounds.rule])
            }
            paging.page = page
        }
        return paging
    }

    /// Within `PageBounds.maxOffset` for a parsed paging, so adding `perPage` cannot overflow either.
    var offset: Int { PageBounds.offset(page: page, perPage: perPage) ?? PageBounds.maxOffset }
}

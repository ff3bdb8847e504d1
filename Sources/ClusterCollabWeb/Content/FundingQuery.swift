import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabStorage
import Foundation

/// The filters of the funding opportunities' list, read alike by the page (`/funding`) and the API: a value
/// that cannot be one is 422 naming its parameter. The page reads an empty value as the parameter being
/// absent (forms send every field) and shows the opportunities not closed yet unless told otherwise; the
/// API lists every opportunity unless `status` says which.
struct FundingQuery {
    var filter = FundingOpportunityRepository.Filter()
    /// The chosen values as given (normalised), for the page's form and its links.
    var chosen: [(String, String)] = []

    static let parameters = ["q", "programme", "country", "sector", "ecosystem", "technology", "status", "closing_within"]
    static let statuses = ["open", "upcoming", "current", "closed", "all"]
    static let maxClosingWithin = 365
    static let maxQuery = 200

    static func parse(_ pairs: [(String, String)], reference: ReferenceData, page: Bool) throws -> FundingQuery {
        var query = FundingQuery()
        var errors = ValidationErrors()
        func value(_ name: String) -> String? {
            guard let raw = pairs.last(where: { $0.0 == name })?.1.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }
        if let q = value("q") {
            if q.count > maxQuery { errors.add("q", "must be at most \(maxQuery) characters") } else { query.filter.text = q }
        }
        if let programme = value("programme") {
            if programme.count > FundingOpportunityInput.maxProgramme {
                errors.add("programme", "must be at most \(FundingOpportunityInput.maxProgramme) characters")
            } else {
                query.filter.programme = programme
            }
        }
        if let country = value("country")?.uppercased() {
            if reference.country(country) == nil {
                errors.add("country", "must be an ISO 3166 alpha-2 country code (for example FR, DE, GR); \(country.prefix(20)) is unknown")
            } else {
                query.filter.country = country
            }
        }
        if let sector = value("sector") {
            if let id = Int(sector), reference.sector(id) != nil {
                query.filter.sector = id
            } else {
                errors.add("sector", "must be a cluster sector id (1 to \(reference.sectors.count))")
            }
        }
        if let ecosystem = value("ecosystem") {
            if let id = Int(ecosystem), reference.ecosystem(id) != nil {
                query.filter.ecosystem = id
            } else {
                errors.add("ecosystem", "must be an industrial ecosystem id (1 to \(reference.ecosystems.count))")
            }
        }
        if let technology = value("technology") {
            if let entry = reference.technologies.first(where: { $0.id.caseInsensitiveCompare(technology) == .orderedSame }) {
                query.filter.technology = entry.id
            } else {
                errors.add("technology", "must be a key enabling technology id (like KET2009-5 or KET2018-1)")
            }
        }
        let status = value("status")?.lowercased() ?? (page ? "current" : "all")
        switch status {
        case "open": query.filter.phases = [.open]
        case "upcoming": query.filter.phases = [.upcoming]
        case "current": query.filter.phases = [.open, .upcoming]
        case "closed": query.filter.phases = [.closed]
        case "all": query.filter.phases = nil
        default: errors.add("status", "must be open, upcoming, current, closed or all")
        }
        if let days = value("closing_within") {
            if let n = Int(days), (1...maxClosingWithin).contains(n) {
                query.filter.closingWithinDays = n
            } else {
                errors.add("closing_within", "must be a whole number of days from 1 to \(maxClosingWithin)")
            }
        }
        if !errors.isEmpty { throw APIError.validation(errors) }
        let f = query.filter
        query.chosen = [
            ("q", f.text ?? ""), ("programme", f.programme ?? ""), ("country", f.country ?? ""), ("sector", f.sector.map(String.init) ?? ""),
            ("ecosystem", f.ecosystem.map(String.init) ?? ""), ("technology", f.technology ?? ""),
            ("status", value("status") == nil ? "" : status), ("closing_within", f.closingWithinDays.map(String.init) ?? ""),
        ]
        return query
    }

    func chosen(_ name: String) -> String { chosen.first { $0.0 == name }?.1 ?? "" }
}

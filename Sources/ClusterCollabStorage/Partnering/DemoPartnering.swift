import ClusterCollabCore
import ClusterCollabMatching
import Foundation
import SQLKit

/// The partnering part of the demo: the drone cluster's open partner search for a smart specialisation
/// partnership in industrial modernisation, with two accepted partners, interest from others and a
/// discussion; and a few region categories, marked as demo values (the official list is not shipped).
public enum DemoPartnering {
    public static let droneSlug = "pole-drones-ile-de-france"

    /// Loads the demo partnering data when there is no partner search yet and the drone cluster is
    /// published. Returns the id of the demo search, or nil when nothing was loaded. `matching` is the
    /// platform's matching index, already loaded with the published profiles; `applyRegionCategories` hands
    /// it the demo's region categories (in turn with its other writes) before partners are chosen.
    @discardableResult
    public static func loadIfEmpty(
        database: Database, reference: ReferenceData, publicURL: String, now: Date = Date(), matching index: MatchingIndex,
        applyRegionCategories: @Sendable ([String: RegionCategory]) async -> Void
    ) async throws -> Int64? {
        let searches = PartnerSearchRepository(database: database, reference: reference, publicURL: publicURL)
        let existing = try await database.withConnection { db in
            try await db.raw("SELECT COUNT(*) AS n FROM partner_searches").first()?.decode(column: "n", as: Int.self) ?? 0
        }
        guard existing == 0, let drone = try await OrganisationRepository(database: database).find(slug: droneSlug),
            drone.status == .published
        else { return nil }

        try await loadRegionCategories(database: database, reference: reference, now: now)

        let texts = DemoPartneringTexts.shared
        let day: TimeInterval = 86_400
        let posted = now.addingTimeInterval(-12 * day)
        var input = PartnerSearchInput()
        input.title = texts.title
        input.kind = PartnerSearch.Kind.projectConsortium.rawValue
        input.description = texts.description
        input.competences = texts.competences
        input.soughtTypes = [OrganisationType.clusterOrganisation.rawValue, OrganisationType.nationalClusterOrganisation.rawValue]
        input.targetCountries = []
        input.minCountries = 3
        input.minMembers = 4
        input.maxMembers = 7
        input.needLessDeveloped = true
        input.deadline = CalendarDay.adding(45, to: now)
        let search = try input.applied(to: nil, ownerID: drone.id, reference: reference, today: CalendarDay.of(posted))

        let users = try await database.withConnection { db in
            try await db.raw("SELECT id, email, name FROM users WHERE email LIKE 'manager@demo.%' OR email LIKE 'user@demo.%' ORDER BY id").all().map {
                (
                    id: try $0.decode(column: "id", as: Int64.self), email: try $0.decode(column: "email", as: String.self),
                    name: try $0.decode(column: "name", as: String.self)
                )
            }
        }
        let manager = users.first { $0.email.hasPrefix("manager@") }
        let visitor = users.first { $0.email.hasPrefix("user@") }
        let record = try await searches.create(search, createdBy: manager?.id, actor: "demo data", now: posted)
        let id = record.search.id

        // Partners: what the platform would recommend, from the demo's own (deterministic) profiles, one per
        // country and none from the drone cluster's own. The drone cluster accepts the best recommended
        // organisation of a type it seeks, then the best one once that one is in; with them the consortium
        // meets the demo call's rules (three EU or COSME countries, a less developed or transition region).
        // Three others interested are the next best.
        await applyRegionCategories(try await RegionCategoryRepository(database: database).table())
        var chosen: [(id: Int64, country: String, lessDeveloped: Bool)] = []
        func best(_ count: Int, lessDeveloped: Bool = false) -> [(id: Int64, country: String, lessDeveloped: Bool)] {
            var out: [(id: Int64, country: String, lessDeveloped: Bool)] = []
            // The builder's pass gives the recommendations' order with each one's country, type and region.
            for o in index.scoreAll(search.profile(memberIDs: chosen.map(\.id))) where !o.isMember {
                guard search.soughtTypes.isEmpty || search.soughtTypes.contains(o.type), !lessDeveloped || o.lessDeveloped,
                    let country = reference.country(o.country), country.euMember || country.cosmeParticipating,
                    o.country != drone.country, !(chosen + out).contains(where: { $0.country == o.country })
                else { continue }
                out.append((o.organisationID, o.country, o.lessDeveloped))
                if out.count == count { break }
            }
            return out
        }
        chosen += best(1)
        chosen += best(1, lessDeveloped: !chosen.contains { $0.lessDeveloped })
        chosen += best(3)
        for (offset, (partner, message)) in zip(chosen, texts.interestMessages).enumerated() {
            let interest = try await searches.expressInterest(
                searchID: id, organisationID: partner.id, userID: nil, message: message,
                today: CalendarDay.of(posted), now: posted.addingTimeInterval(Double(offset + 1) * day))
            if offset < 2 {
                try await searches.decideInterest(
                    id: interest.id, accept: true, decidedBy: manager?.id ?? 0, actor: "demo data",
                    now: posted.addingTimeInterval(Double(offset + 3) * day))
            }
        }
        if let visitor, let manager {
            let question = try await searches.comment(
                searchID: id, parentID: nil, userID: visitor.id, author: visitor.name,
                body: texts.question, now: posted.addingTimeInterval(4 * day))
            _ = try await searches.comment(
                searchID: id, parentID: question, userID: manager.id, author: manager.name,
                body: texts.answer,
                now: posted.addingTimeInterval(5 * day))
            _ = try await searches.comment(
                searchID: id, parentID: nil, userID: manager.id, author: manager.name,
                body: texts.followUp,
                now: posted.addingTimeInterval(8 * day))
            try await searches.follow(searchID: id, userID: visitor.id, true, now: posted.addingTimeInterval(4 * day))
        }
        return id
    }

    /// Demo values only: regions where demo organisations sit, in countries whose regions are mostly less
    /// developed or in transition under cohesion policy, get such a category; capital regions are left out.
    static func loadRegionCategories(database: Database, reference: ReferenceData, now: Date) async throws {
        let repository = RegionCategoryRepository(database: database)
        guard try await repository.all().isEmpty else { return }
        let texts = DemoPartneringTexts.shared
        let lessDeveloped = texts.lessDevelopedCountries, transition = texts.transitionCountries, capitals = texts.capitalRegions
        let regions = try await database.withConnection { db in
            try await db.raw("SELECT DISTINCT region FROM organisations WHERE status = 'published' AND region IS NOT NULL").all().compactMap {
                try $0.decode(column: "region", as: String?.self)
            }
        }
        var table: [String: RegionCategory] = [:]
        for region in regions where region.count >= 4 {
            let nuts2 = String(region.prefix(4))
            guard let entry = reference.region(nuts2), entry.level == 2, !capitals.contains(nuts2) else { continue }
            if lessDeveloped.contains(entry.country) { table[nuts2] = .lessDeveloped } else if transition.contains(entry.country) { table[nuts2] = .transition }
        }
        if !table.isEmpty { try await repository.set(table, demo: true, replacing: true, actor: "demo data", now: now) }
    }
}

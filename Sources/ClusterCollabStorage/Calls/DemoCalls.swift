import ClusterCollabCalls
import ClusterCollabCore
import ClusterCollabMatching
import Foundation
import SQLKit

/// The calls part of the demo, with dates relative to today: an ESCP-S3 call for interest that closed some
/// weeks ago and has been evaluated (three consortia submitted, one labelled partnership), and an open one
/// the drone cluster's consortium can apply to.
public enum DemoCalls {
    static let day: TimeInterval = 86_400

    /// 17:00 in Brussels on the day `days` from `now`: calls open and close at a time people expect.
    static func fivePM(_ days: Int, from now: Date) -> Date {
        let date = CalendarDay.adding(days, to: now)
        return CallTime.parse("\(date)T17:00", zone: "Europe/Brussels") ?? now.addingTimeInterval(Double(days) * day)
    }

    /// An ESCP-S3 style call: also the starting point of the administrators' form for a new call.
    public static func escpS3(title: String, opensAt: Date, closesAt: Date) -> Call {
        let areas = ["Industrial modernisation", "Energy transition", "Agri-food", "Health and well-being", "Digital transformation"]
        return Call(
            title: title, programme: "ESCP-S3",
            description: """
                European Strategic Cluster Partnerships for **Smart Specialisation Investment** (ESCP-S3) bring together cluster \
                organisations from several countries to support investment in the thematic areas of their regions' smart \
                specialisation strategies.

                ## Who may apply
                - consortia of at least **three** organisations from three countries eligible under the programme;
                - led by a cluster organisation, with at least one partner from a less developed or transition region.

                ## What to send
                An expression of interest summarising the partnership's aims, its thematic area and how it aligns with the \
                partners' regional smart specialisation priorities. See the [programme page](https://clusters.example.eu/escp-s3) \
                for the selection criteria.
                """,
            thematicAreas: areas, opensAt: opensAt, closesAt: closesAt, timeZone: "Europe/Brussels", state: .published, label: "ESCP-S3",
            fields: [
                ApplicationField(key: "summary", label: "Summary of the partnership's aims", kind: .text(minLength: 50, maxLength: 3_000), required: true),
                ApplicationField(key: "thematic_area", label: "Thematic area", kind: .choice(options: areas), required: true),
                ApplicationField(
                    key: "s3_alignment", label: "Aligned with the partners' regional smart specialisation strategies", kind: .yesNo, required: true),
            ],
            rules: [
                .minMembers(3), .minCountries(3), .allowedCountries(.euCOSME), .requiredType(.clusterOrganisation, atLeast: 1),
                .regionCategory([.lessDeveloped, .transition], atLeast: 1), EligibilityRule(.publishedOnly), .maxApplicationsPerOrganisation(1),
            ],
            criteria: [
                EvaluationCriterion(name: "Relevance", maxPoints: 30), EvaluationCriterion(name: "Quality of the partnership", maxPoints: 30),
                EvaluationCriterion(name: "Expected impact", maxPoints: 40),
            ])
    }

    /// Loads the demo calls when there is none yet. Needs the partnering demo (its region categories and
    /// drone consortium); returns how many calls were loaded.
    @discardableResult
    public static func loadIfEmpty(database: Database, reference: ReferenceData, publicURL: String, now: Date = Date()) async throws -> Int {
        let calls = CallRepository(database: database, reference: reference, publicURL: publicURL)
        guard try await calls.calls(includeDrafts: true).isEmpty else { return 0 }
        let searches = PartnerSearchRepository(database: database, reference: reference, publicURL: publicURL)

        // The evaluated call: open for eight weeks, closed five weeks ago.
        let closed = try await calls.create(
            escpS3(
                title: "ESCP-S3 call for interest 2026", opensAt: fivePM(-91, from: now),
                closesAt: fivePM(-35, from: now)), actor: "demo data", now: now.addingTimeInterval(-95 * day)
        ).call
        // Consortia formed around partner searches of other demo clusters: each a lead with two partners
        // from other countries, one of them in a less developed or transition region.
        let categories = try await RegionCategoryRepository(database: database).table()
        let organisations = try await database.withConnection { db in
            try await db.raw(
                "SELECT id, name, country, region FROM organisations WHERE status = 'published' AND type = 'cluster-organisation' ORDER BY id LIMIT 400"
            ).all().map {
                (
                    id: try $0.decode(column: "id", as: Int64.self), name: try $0.decode(column: "name", as: String.self),
                    country: try $0.decode(column: "country", as: String.self), region: try $0.decode(column: "region", as: String?.self) ?? ""
                )
            }
        }
        let eligibleCountries = Set(reference.countries.filter { $0.euMember || $0.cosmeParticipating }.map(\.code))
        let pool = organisations.filter { eligibleCountries.contains($0.country) && $0.country != "FR" }
        let lessDeveloped = pool.filter { $0.region.count >= 4 && categories[String($0.region.prefix(4))] != nil }
        let themes = [
            ("Green hydrogen valleys for energy-intensive industries", "Energy transition"),
            ("Digital twins for food processing SMEs", "Agri-food"),
            ("Circular textiles for regional value chains", "Industrial modernisation"),
        ]
        var used: Set<Int64> = []
        var applicationIDs: [Int64] = []
        let submittedOn = closed.closesAt.addingTimeInterval(-10 * day)
        for (offset, theme) in themes.enumerated() {
            guard let lead = pool.first(where: { !used.contains($0.id) }),
                let weak = lessDeveloped.first(where: { !used.contains($0.id) && $0.country != lead.country && $0.id != lead.id }),
                let third = pool.first(where: { !used.contains($0.id) && ![lead.country, weak.country].contains($0.country) })
            else { break }
            used.formUnion([lead.id, weak.id, third.id])
            let posted = closed.opensAt.addingTimeInterval(Double(offset + 2) * day)
            var input = PartnerSearchInput()
            input.title = theme.0
            input.kind = PartnerSearch.Kind.projectConsortium.rawValue
            input.description = "A consortium for the ESCP-S3 call for interest 2026: \(theme.0.lowercased()), with partners from three countries."
            input.competences = ["keyword:cluster"]
            input.minCountries = 3
            input.minMembers = 3
            input.maxMembers = 6
            input.callID = closed.id
            let search = try await searches.create(
                try input.applied(to: nil, ownerID: lead.id, reference: reference, today: CalendarDay.of(posted)),
                createdBy: nil, actor: "demo data", now: posted)
            for partner in [weak, third] {
                let interest = try await searches.expressInterest(
                    searchID: search.search.id, organisationID: partner.id, userID: nil,
                    message: "We join the partnership.", today: CalendarDay.of(posted), now: posted.addingTimeInterval(day))
                try await searches.decideInterest(id: interest.id, accept: true, decidedBy: 0, actor: "demo data", now: posted.addingTimeInterval(2 * day))
            }
            var formed = try requireRecord(try await searches.find(id: search.search.id)).search
            formed.status = .consortiumFormed
            _ = try await searches.update(formed, expectedVersion: nil, actor: "demo data", now: posted.addingTimeInterval(3 * day))
            try await searches.updateConsortium(searchID: search.search.id, status: .submitted, agreement: nil, actor: "demo data", now: submittedOn)
            let draft = try await calls.createDraft(
                callID: closed.id, searchID: search.search.id, leadID: lead.id, userID: 0, now: posted.addingTimeInterval(4 * day))
            let answers = [
                "summary":
                    "\(lead.name) leads a partnership on \(theme.0.lowercased()) with \(weak.name) and \(third.name), pooling test facilities, joint investment pipelines and SME support across three regions.",
                "thematic_area": theme.1, "s3_alignment": "yes",
            ]
            let at = submittedOn.addingTimeInterval(Double(offset) * 3_600)
            let receipt = try await calls.submit(id: draft.id, answers: answers, expectedVersion: draft.version, userID: 0, userEmail: nil, clock: { at })
            applicationIDs.append(receipt.application.id)
        }
        // The platform team's evaluation: the first is selected, the second eligible, the third ineligible.
        for (offset, id) in applicationIDs.enumerated() {
            switch offset {
            case 0:
                _ = try await calls.evaluate(
                    id: id, decision: .eligible, reason: "", scores: ["Relevance": 27, "Quality of the partnership": 25, "Expected impact": 34],
                    selected: true, moderator: "demo data", now: now.addingTimeInterval(-20 * day))
            case 1:
                _ = try await calls.evaluate(
                    id: id, decision: .eligible, reason: "", scores: ["Relevance": 21, "Quality of the partnership": 18, "Expected impact": 22],
                    selected: false, moderator: "demo data", now: now.addingTimeInterval(-20 * day))
            default:
                _ = try await calls.evaluate(
                    id: id, decision: .ineligible, reason: "The investment pipeline is not described.", scores: [:],
                    selected: false, moderator: "demo data", now: now.addingTimeInterval(-20 * day))
            }
        }
        if !applicationIDs.isEmpty {
            _ = try await calls.publishResults(callID: closed.id, actor: "demo data", now: now.addingTimeInterval(-14 * day))
        }

        // The open call, which the drone cluster's partner search aims at.
        let open = try await calls.create(
            escpS3(
                title: "ESCP-S3 call for interest 2027", opensAt: fivePM(-5, from: now),
                closesAt: fivePM(40, from: now)), actor: "demo data", now: now.addingTimeInterval(-10 * day)
        ).call
        if let drone = try await OrganisationRepository(database: database).find(slug: DemoPartnering.droneSlug),
            let search = try await searches.list(ownerFilter(drone.id), today: CalendarDay.of(now), page: 1, perPage: 1).items.first
        {
            var linked = search.search
            linked.callID = open.id
            _ = try await searches.update(linked, expectedVersion: nil, actor: "demo data", now: now)
        }
        return 2
    }
}

private func ownerFilter(_ id: Int64) -> PartnerSearchRepository.Filter {
    var filter = PartnerSearchRepository.Filter()
    filter.ownerID = id
    return filter
}

private func requireRecord<T>(_ value: T?) throws -> T {
    guard let value else { throw Refusal(.notFound, "demo record") }
    return value
}

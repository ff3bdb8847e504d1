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
        return ZonedTime.parse("\(date)T17:00", zone: "Europe/Brussels") ?? now.addingTimeInterval(Double(days) * day)
    }

    /// An ESCP-S3 style call: also the starting point of the administrators' form for a new call. Its texts
    /// are `DemoCallTexts` (`Resources/demo/calls.json` of Core).
    public static func escpS3(title: String, opensAt: Date, closesAt: Date) -> Call {
        let texts = DemoCallTexts.shared
        let areas = texts.thematicAreas
        func label(_ key: String) -> String { texts.fieldLabels[key] ?? key }
        return Call(
            title: title, programme: texts.programme, description: texts.description,
            thematicAreas: areas, opensAt: opensAt, closesAt: closesAt, timeZone: "Europe/Brussels", state: .published, label: texts.label,
            fields: [
                ApplicationField(key: "summary", label: label("summary"), kind: .text(minLength: 50, maxLength: 3_000), required: true),
                ApplicationField(key: "thematic_area", label: label("thematic_area"), kind: .choice(options: areas), required: true),
                ApplicationField(key: "s3_alignment", label: label("s3_alignment"), kind: .yesNo, required: true),
            ],
            rules: [
                .minMembers(3), .minCountries(3), .allowedCountries(.euCOSME), .requiredType(.clusterOrganisation, atLeast: 1),
                .regionCategory([.lessDeveloped, .transition], atLeast: 1), EligibilityRule(.publishedOnly), .maxApplicationsPerOrganisation(1),
            ],
            criteria: texts.criteria.map { EvaluationCriterion(name: $0.name, maxPoints: $0.maxPoints) })
    }

    /// Loads the demo calls when there is none yet. Needs the partnering demo (its region categories and
    /// drone consortium); returns how many calls were loaded.
    @discardableResult
    public static func loadIfEmpty(database: Database, reference: ReferenceData, publicURL: String, now: Date = Date()) async throws -> Int {
        let calls = CallRepository(database: database, reference: reference, publicURL: publicURL)
        guard try await calls.calls(includeDrafts: true).isEmpty else { return 0 }
        let searches = PartnerSearchRepository(database: database, reference: reference, publicURL: publicURL)
        let texts = DemoCallTexts.shared

        // The evaluated call: open for eight weeks, closed five weeks ago.
        let closed = try await calls.create(
            escpS3(
                title: texts.closedCallTitle, opensAt: fivePM(-91, from: now),
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
        var used: Set<Int64> = []
        var applicationIDs: [Int64] = []
        let submittedOn = closed.closesAt.addingTimeInterval(-10 * day)
        for (offset, consortium) in texts.consortia.enumerated() {
            guard let lead = pool.first(where: { !used.contains($0.id) }),
                let weak = lessDeveloped.first(where: { !used.contains($0.id) && $0.country != lead.country && $0.id != lead.id }),
                let third = pool.first(where: { !used.contains($0.id) && ![lead.country, weak.country].contains($0.country) })
            else { break }
            used.formUnion([lead.id, weak.id, third.id])
            let posted = closed.opensAt.addingTimeInterval(Double(offset + 2) * day)
            var input = PartnerSearchInput()
            input.title = consortium.title
            input.kind = PartnerSearch.Kind.projectConsortium.rawValue
            input.description = texts.consortiumDescription.render(["call": texts.closedCallTitle, "theme": consortium.title.lowercased()])
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
                    message: texts.joinMessage, today: CalendarDay.of(posted), now: posted.addingTimeInterval(day))
                try await searches.decideInterest(id: interest.id, accept: true, decidedBy: 0, actor: "demo data", now: posted.addingTimeInterval(2 * day))
            }
            var formed = try requireRecord(try await searches.find(id: search.search.id)).search
            formed.status = .consortiumFormed
            _ = try await searches.update(formed, expectedVersion: nil, actor: "demo data", now: posted.addingTimeInterval(3 * day))
            try await searches.updateConsortium(searchID: search.search.id, status: .submitted, agreement: nil, actor: "demo data", now: submittedOn)
            let draft = try await calls.createDraft(
                callID: closed.id, searchID: search.search.id, leadID: lead.id, userID: 0, now: posted.addingTimeInterval(4 * day))
            let summary = texts.summary.render([
                "lead": lead.name, "theme": consortium.title.lowercased(), "partner": weak.name, "third": third.name,
            ])
            let answers = ["summary": summary, "thematic_area": consortium.thematicArea, "s3_alignment": "yes"]
            let at = submittedOn.addingTimeInterval(Double(offset) * 3_600)
            let receipt = try await calls.submit(id: draft.id, answers: answers, expectedVersion: draft.version, userID: 0, userEmail: nil, clock: { at })
            applicationIDs.append(receipt.application.id)
        }
        // The platform team's evaluation: the first is selected, the second eligible, the third ineligible.
        for (id, evaluation) in zip(applicationIDs, texts.evaluations) {
            _ = try await calls.evaluate(
                id: id, decision: evaluation.reason == nil ? .eligible : .ineligible, reason: evaluation.reason ?? "",
                scores: evaluation.scores, selected: evaluation.selected, moderator: "demo data", now: now.addingTimeInterval(-20 * day))
        }
        if !applicationIDs.isEmpty {
            _ = try await calls.publishResults(callID: closed.id, actor: "demo data", now: now.addingTimeInterval(-14 * day))
        }

        // The open call, which the drone cluster's partner search aims at.
        let open = try await calls.create(
            escpS3(
                title: texts.openCallTitle, opensAt: fivePM(-5, from: now),
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

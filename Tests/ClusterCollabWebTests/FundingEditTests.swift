import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabStorage
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The platform team edits funding opportunities (in the form and through the API) and removes them
/// through the API; the list's "closing soon" keeps the list's filters.
@Suite struct FundingEditTests {
    static let zone = "Europe/Brussels"

    /// An opportunity stored as the platform team listed it, closing `closesIn` seconds from now.
    static func listed(_ platform: Platform, title: String = "Smart specialisation pilots for drone services", closesIn: TimeInterval = 40 * 86_400)
        async throws -> FundingOpportunity
    {
        try await platform.funding.create(
            FundingOpportunity(
                title: title, programme: "Interreg", fundingBody: "Interreg North-West Europe", link: "https://funding.example.eu/pilots",
                opensAt: Date().addingTimeInterval(closesIn - 60 * 86_400), deadline: Date().addingTimeInterval(closesIn), timeZone: zone,
                budget: 3_000_000, countries: ["FR", "BE"], sectors: [1], keywords: ["drones"], description: "Pilots."), actor: "test"
        ).opportunity
    }

    /// What the edit form of `o` holds, as a browser sends it back, with `changes`.
    static func shown(_ o: FundingOpportunity, _ changes: [(String, String)] = []) -> [(String, String)] {
        var fields: [(String, String)] = [
            ("version", String(o.version)), ("title", o.title), ("programme", o.programme), ("funding_body", o.fundingBody), ("link", o.link),
            ("opens_at", ZonedTime.localInput(o.opensAt, zone: o.timeZone)), ("deadline", ZonedTime.localInput(o.deadline, zone: o.timeZone)),
            ("time_zone", o.timeZone), ("budget", o.budget.map(String.init) ?? ""), ("action_type", o.actionType ?? ""),
            ("countries", o.countries.joined(separator: ", ")), ("keywords", o.keywords.joined(separator: ", ")), ("description", o.description),
        ]
        fields += o.sectors.map { ("sectors", String($0)) }
        if o.cascadeFunding { fields.append(("cascade_funding", "yes")) }
        for (name, value) in changes {
            fields.removeAll { $0.0 == name }
            fields.append((name, value))
        }
        return fields
    }

    @Test func thePlatformTeamEditsAnOpportunityInItsFormAndAStaleVersionIsAConflict() async throws {
        try await withApp(demo: false) { client, platform in
            let o = try await Self.listed(platform)
            let path = "/funding/\(o.id)/edit"
            // Visitors and people outside the platform team see no edit link, and may not edit.
            let visitorPage = try await client.get("/funding/\(o.id)", headers: htmlAccept)
            #expect(visitorPage.status == .ok && !visitorPage.text.contains(path))
            let member = try await AccountSecurityTests.signedIn(client, platform, "member@funding-edit.example.eu")
            #expect(!(try await member.get("/funding/\(o.id)")).text.contains(path))
            #expect(try await member.get(path).status == .forbidden)
            #expect(try await member.post(path, Self.shown(o, [("title", "Taken over by a member")])).status == .forbidden)
            let anonymous = Browser(client)
            try await anonymous.get("/login")
            let sent = try await anonymous.post(path, Self.shown(o))
            #expect(sent.status == .seeOther && (sent.headers[.location] ?? "").hasPrefix("/login?next="))
            // A moderator sees the link on a page no cache keeps, and the form filled in with the version.
            let moderator = try await AccountSecurityTests.signedIn(client, platform, "moderator@funding-edit.example.eu", .moderator)
            let page = try await moderator.get("/funding/\(o.id)")
            #expect(page.text.contains("href=\"\(path)\""))
            #expect(page.headers[.cacheControl] == "no-store")
            let form = try await moderator.get(path)
            #expect(form.status == .ok)
            #expect(form.text.contains("action=\"\(path)\""))
            #expect(form.text.contains("name=\"version\" value=\"1\""))
            #expect(form.text.contains("value=\"Smart specialisation pilots for drone services\""))
            #expect(form.text.contains("value=\"\(ZonedTime.localInput(o.deadline, zone: Self.zone))\""))
            #expect(form.text.contains("value=\"FR, BE\""))
            #expect(!form.text.contains("href=\"/funding/import\""), "the CSV import is offered beside a new opportunity only")
            // A broken rule is named and nothing changes.
            let invalid = try await moderator.post(path, Self.shown(o, [("link", "javascript:alert(1)")]))
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.text.contains("<strong>Link</strong>: must be an https:// or http:// URL"))
            #expect(try await platform.funding.find(id: o.id)?.opportunity.link == o.link)
            // Saving changes it and shows it.
            let saved = try await moderator.post(
                path, Self.shown(o, [("title", "Smart specialisation pilots for drone services, 2027"), ("budget", "4 500 000")]))
            #expect(saved.status == .seeOther && saved.headers[.location] == "/funding/\(o.id)")
            let stored = try #require(try await platform.funding.find(id: o.id)).opportunity
            #expect(stored.title == "Smart specialisation pilots for drone services, 2027" && stored.budget == 4_500_000 && stored.version == 2)
            #expect(stored.deadline == o.deadline && stored.countries == ["FR", "BE"] && stored.keywords == ["drones"])
            #expect(try await client.get("/funding/\(o.id)", headers: htmlAccept).text.contains("€4,500,000"))
            // A form based on version 1 is refused: the typed values stay, under the rule.
            let stale = try await moderator.post(path, Self.shown(o, [("title", "An edit from an older tab")]))
            #expect(stale.status == .conflict)
            #expect(stale.text.contains("value=\"An edit from an older tab\""))
            #expect(stale.text.contains("the funding opportunity was changed by someone else (version 2, your edit was based on 1)"))
            #expect(try await platform.funding.find(id: o.id)?.opportunity.title == "Smart specialisation pilots for drone services, 2027")
            #expect(try await moderator.get("/funding/999999/edit").status == .notFound)
        }
    }

    @Test func anOpportunityWhoseDeadlinePassedIsCorrectedButGetsNoOtherPastDeadline() async throws {
        try await withApp(demo: false) { client, platform in
            let o = try await Self.listed(platform, title: "Cluster excellence programme, with a typo", closesIn: -3 * 86_400)
            let moderator = try await AccountSecurityTests.signedIn(client, platform, "moderator@funding-edit.example.eu", .moderator)
            let path = "/funding/\(o.id)/edit"
            try await moderator.get(path)
            // The deadline left as the form shows it (to the minute) is not judged against the clock again.
            let fixed = try await moderator.post(path, Self.shown(o, [("title", "Cluster excellence programme")]))
            #expect(fixed.status == .seeOther)
            let stored = try #require(try await platform.funding.find(id: o.id)).opportunity
            #expect(stored.title == "Cluster excellence programme" && stored.deadline == o.deadline)
            // Another past deadline is a typo, as it is for a new opportunity.
            let other = ZonedTime.localInput(Date().addingTimeInterval(-86_400), zone: Self.zone)
            let moved = try await moderator.post(path, Self.shown(stored, [("deadline", other)]))
            #expect(moved.status == .unprocessableContent)
            #expect(moved.text.contains("<strong>Deadline</strong>: must not be in the past"))
            // The same wall-clock time in another zone is another instant: judged too.
            let rezoned = try await moderator.post(path, Self.shown(stored, [("time_zone", "America/New_York")]))
            #expect(rezoned.status == .unprocessableContent)
            #expect(try await platform.funding.find(id: o.id)?.opportunity.deadline == o.deadline)
            // A deadline to come reopens it.
            let reopened = try await moderator.post(
                path, Self.shown(stored, [("deadline", ZonedTime.localInput(Date().addingTimeInterval(10 * 86_400), zone: Self.zone))]))
            #expect(reopened.status == .seeOther)
            #expect(try #require(try await platform.funding.find(id: o.id)).opportunity.phase(at: Date()) == .open)
        }
    }

    @Test func theAPIChangesOnlyTheFieldsAnEditNamesAndRemovesAnOpportunity() async throws {
        try await withApp(demo: false) { client, platform in
            let o = try await Self.listed(platform)
            let organisation = try await platform.organisations.create(
                Organisation(name: "API Funding Edit Cluster", type: .clusterOrganisation, country: "FR", region: "FR10", status: .published))
            let (_, memberToken) = try await PartneringTests.teamMember(of: organisation.id, "api-funding-editor", platform: platform)
            let moderator = try await AccountAdministration.createVerifiedAccount(
                email: "api-editor@funding.example.eu", name: "Moderator", password: AccountsTests.password, role: .moderator,
                database: platform.database, bcryptCost: 4)
            let moderatorToken = "cc_" + Secrets.token()
            _ = try await platform.users.createToken(userID: moderator.id, name: "test", tokenHash: Secrets.hash(moderatorToken), now: Date())
            let path = "/api/v1/funding-opportunities/\(o.id)"
            #expect(try await client.send(.patch, path, json: #"{"title": "Taken over"}"#, token: nil).status == .unauthorized)
            #expect(try await client.send(.patch, path, json: #"{"title": "Taken over"}"#, token: memberToken).status == .forbidden)
            // Only the named fields change; null clears an optional one.
            let patched = try await client.send(.patch, path, json: #"{"title": "Drone service pilots", "budget": null}"#, token: moderatorToken)
            #expect(patched.status == .ok)
            let doc = try patched.json
            #expect(doc["title"] as? String == "Drone service pilots" && doc["budget"] is NSNull && doc["version"] as? Int == 2)
            #expect(doc["countries"] as? [String] == ["FR", "BE"] && doc["keywords"] as? [String] == ["drones"] && doc["description"] as? String == "Pilots.")
            #expect(doc["deadline"] as? String == ZonedTime.iso8601(o.deadline, zone: Self.zone))
            // A stale version is a conflict; broken rules are named; neither changes anything.
            #expect(try await client.send(.patch, path, json: #"{"title": "Old tab", "version": 1}"#, token: moderatorToken).status == .conflict)
            let invalid = try await client.send(.patch, path, json: #"{"deadline": "2020-01-01T17:00:00+01:00", "countries": ["XX"]}"#)
            #expect(invalid.status == .unprocessableContent)
            #expect(try Set((invalid.json["fields"] as? [String: String] ?? [:]).keys) == ["deadline", "countries"])
            #expect(try await client.send(.patch, path, json: #"{"tags": ["x"]}"#).status == .unprocessableContent)
            #expect(try await client.send(.patch, path, json: #"{"version": "two"}"#).status == .badRequest)
            let current = try #require(try await platform.funding.find(id: o.id)).opportunity
            #expect(current.title == "Drone service pilots" && current.version == 2 && current.countries == ["FR", "BE"])
            // The operator's token edits with the current version.
            let operatorEdit = try await client.send(.patch, path, json: #"{"keywords": ["drones", "pilots"], "version": 2}"#)
            #expect(operatorEdit.status == .ok)
            #expect(try operatorEdit.json["version"] as? Int == 3)
            #expect(try await client.send(.patch, "/api/v1/funding-opportunities/999999", json: #"{"title": "Nothing here"}"#).status == .notFound)
            // An edit that names nothing writes nothing.
            let empty = try await client.send(.patch, path, json: "")
            #expect(empty.status == .ok)
            #expect(try empty.json["version"] as? Int == 3)
            #expect(try await client.send(.patch, path, json: #"{"version": 1}"#).status == .conflict)
            // Removing it: the page and the API answer 404 afterwards.
            #expect(try await client.send(.delete, path, json: "", token: memberToken).status == .forbidden)
            #expect(try await client.send(.delete, path, json: "", token: moderatorToken).status == .noContent)
            #expect(try await client.get(path).status == .notFound)
            #expect(try await client.get("/funding/\(o.id)", headers: htmlAccept).status == .notFound)
            #expect(try await client.send(.delete, path, json: "").status == .notFound)
            var filter = FundingOpportunityRepository.Filter()
            filter.text = "drone"
            #expect(try await platform.funding.list(filter, now: Date(), page: 1, perPage: 5).total == 0, "its codes and words went with it")
        }
    }

    @Test func theClosingSoonBoxShowsOnlyOpportunitiesTheListsFiltersKeep() async throws {
        try await withApp { client, _ in
            func closingSoon(_ query: String) async throws -> String {
                let page = try await client.get("/funding\(query)", headers: htmlAccept)
                #expect(page.status == .ok)
                // An empty box is left out.
                return page.text.components(separatedBy: "<section class=\"closing-soon\">").dropFirst().first?.components(separatedBy: "</section>").first
                    ?? ""
            }
            // The Danube call closes soon, but French organisations may not apply to it.
            #expect(try await closingSoon("").contains("Interreg Danube Region: hydrogen valleys"))
            let french = try await closingSoon("?country=FR")
            #expect(!french.contains("Interreg Danube Region"))
            #expect(french.contains("href=\"/funding?country=FR&amp;closing_within=30\""), "its link keeps the filters")
            #expect(!(try await closingSoon("?q=drones")).contains("Interreg Danube Region"))
            #expect(!(try await closingSoon("?programme=Horizon%20Europe")).contains("Interreg Danube Region"))
        }
    }
}

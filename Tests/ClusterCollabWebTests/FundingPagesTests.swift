import ClusterCollabCalls
import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabStorage
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Funding opportunities through the pages and the API: the demo's list with its filters and "closing
/// soon", an opportunity's page, the fit on a profile and a team's page, and the platform team's writes
/// (one in a form or as JSON, many from CSV) refused to everyone else.
@Suite struct FundingPagesTests {
    static let demoDrones = "Pôle Drones Île-de-France"

    static func drones(_ platform: Platform) async throws -> Organisation {
        let hit = try #require(
            platform.directory.index.search(.init(text: "Pôle Drones Île-de-France", perPage: 5)).items.first { $0.name == demoDrones })
        return try #require(try await platform.organisations.find(id: hit.id))
    }

    static func id(of title: String, _ platform: Platform) async throws -> Int64 {
        var filter = FundingOpportunityRepository.Filter()
        filter.text = title
        return try #require(try await platform.funding.list(filter, now: Date(), page: 1, perPage: 1).items.first?.opportunity.id)
    }

    /// The form's fields for a valid new opportunity, with `changes`.
    static func fields(_ changes: [(String, String)] = []) -> [(String, String)] {
        let zone = "Europe/Brussels"
        var fields = [
            ("title", "Digital innovation hubs: vouchers for cluster members"), ("programme", "Digital Europe"),
            ("funding_body", "European Health and Digital Executive Agency"), ("link", "https://funding.example.eu/digital/vouchers"),
            ("opens_at", ZonedTime.localInput(Date().addingTimeInterval(-86_400), zone: zone)),
            ("deadline", ZonedTime.localInput(Date().addingTimeInterval(40 * 86_400), zone: zone)), ("time_zone", zone), ("budget", "2 000 000"),
            ("action_type", "Grant"), ("cascade_funding", "yes"), ("countries", "FR, DE"), ("sectors", "1"), ("sectors", "23"), ("ecosystems", "5"),
            ("technologies", "KET2018-5"), ("keywords", "drones, digital"), ("description", "Vouchers of **EUR 60,000**."),
        ]
        for (name, value) in changes {
            fields.removeAll { $0.0 == name }
            fields.append((name, value))
        }
        return fields
    }

    // MARK: Reading

    @Test func theListShowsTheDemosOpenOpportunitiesAndThoseClosingSoon() async throws {
        try await withApp { client, _ in
            let page = try await client.get("/funding", headers: htmlAccept)
            #expect(page.status == .ok)
            #expect(page.text.contains("<a href=\"/funding\">Funding</a>"), "the header links the list")
            #expect(page.text.contains("Euroclusters for Europe&#39;s recovery") || page.text.contains("Euroclusters for Europe&#x27;s recovery"))
            #expect(!page.text.contains("Cluster excellence: green and digital transition"), "a closed opportunity is not listed by default")
            let soon = try #require(
                page.text.components(separatedBy: "<section class=\"closing-soon\">").dropFirst().first?.components(separatedBy: "</section>").first)
            #expect(soon.contains("Interreg Danube Region: hydrogen valleys"))
            #expect(!soon.contains("Horizon Europe: AI-driven"), "120 days away is not soon")
            #expect(page.text.contains("5 funding opportunities"))
            let closed = try await client.get("/funding?status=closed", headers: htmlAccept)
            #expect(closed.text.contains("Cluster excellence: green and digital transition") && closed.text.contains("1 funding opportunity"))
            // Filters: organisations from France see neither the Spanish nor the Danube call.
            let french = try await client.get("/funding?country=FR&q=&programme=", headers: htmlAccept)
            let results = try #require(french.text.components(separatedBy: "<p class=\"total\">").dropFirst().first)
            #expect(results.contains("3 funding opportunities"))
            #expect(!results.contains("Canary Islands smart specialisation") && !results.contains("Interreg Danube Region"))
            #expect(try await client.get("/funding?programme=Interreg&closing_within=30", headers: htmlAccept).text.contains("1 funding opportunity"))
            // Values no filter can take are refused, naming the parameter.
            for bad in ["country=XX", "sector=999", "status=soon", "closing_within=0", "technology=KET9", "page=0"] {
                #expect(try await client.get("/funding?\(bad)", headers: htmlAccept).status == .unprocessableContent, "\(bad)")
            }
        }
    }

    @Test func anOpportunitysPageShowsTheDeadlineInItsZoneAndInUTC() async throws {
        try await withApp { client, platform in
            let id = try await Self.id(of: "Interreg North-West Europe", platform)
            let stored = try #require(try await platform.funding.find(id: id))
            let page = try await client.get("/funding/\(id)", headers: htmlAccept)
            #expect(page.status == .ok)
            #expect(page.text.contains(Languages.english.dateTime(stored.opportunity.deadline, zone: "Europe/Paris", namingZone: true)))
            #expect(page.text.contains("\(Languages.english.dateTime(stored.opportunity.deadline, zone: "UTC", namingZone: true)) in UTC"))
            #expect(page.text.contains("href=\"https://funding.example.eu/interreg-nwe/call-5\""))
            #expect(page.text.contains("<em>Demo data: this call is made up.</em>"), "the description goes through the Markdown renderer")
            #expect(page.text.contains("Belgium, Germany, France"))
            let french = try await client.get("/funding/\(id)?lang=fr", headers: htmlAccept)
            #expect(french.text.contains("Belgique, Allemagne, France"))
            #expect(french.text.contains("\(Languages.named("fr")!.dateTime(stored.opportunity.deadline, zone: "UTC", namingZone: true)) en UTC"))
            #expect(try await client.get("/funding/999999", headers: htmlAccept).status == .notFound)
            #expect(try await client.get("/funding/abc", headers: htmlAccept).status == .notFound)
        }
    }

    @Test func theDroneClustersProfileListsTheOpportunitiesThatFitItAndWhy() async throws {
        try await withApp { client, platform in
            let drones = try await Self.drones(platform)
            // A call about drones exactly, but for German and Austrian organisations only.
            _ = try await platform.funding.create(
                FundingOpportunity(
                    title: "Bavarian drone corridors", programme: "Interreg", fundingBody: "Interreg Bavaria-Austria",
                    link: "https://funding.example.eu/by-at/drones", opensAt: Date().addingTimeInterval(-86_400),
                    deadline: Date().addingTimeInterval(5 * 86_400), countries: ["DE", "AT"], sectors: [1, 23], ecosystems: [1, 10],
                    technologies: ["KET2018-5"], keywords: ["drones"]), actor: "test")
            let profile = try await client.get("/organisations/\(drones.slug)", headers: htmlAccept)
            let section = try #require(
                profile.text.components(separatedBy: "<section class=\"profile-funding\">").dropFirst().first?.components(separatedBy: "</section>").first)
            #expect(section.contains("Euroclusters for Europe"))
            #expect(section.contains("Interreg North-West Europe: drones"))
            #expect(section.contains("France is among the eligible countries."))
            #expect(section.contains("Matches Aerospace vehicles and defence (sector)"))
            // Never one its country may not apply to, however well it matches; never a closed one.
            #expect(!section.contains("Bavarian drone corridors"))
            #expect(!section.contains("Interreg Danube Region") && !section.contains("Canary Islands"))
            #expect(!section.contains("Cluster excellence"))
            // The cached page keeps the section, in the reader's language.
            #expect(try await client.get("/organisations/\(drones.slug)", headers: htmlAccept).text.contains("profile-funding"))
            let french = try await client.get("/organisations/\(drones.slug)?lang=fr", headers: htmlAccept)
            #expect(french.text.contains("Pays éligible : France."))
        }
    }

    @Test func theTeamsPageShowsTheOpportunitiesThatFitEachOfItsOrganisations() async throws {
        try await withApp { client, platform in
            let drones = try await Self.drones(platform)
            _ = try await PartneringTests.teamMember(of: drones.id, "funding-team", platform: platform)
            let browser = try await TeamsAndModerationTests.login(client, "funding-team@partnering.example.eu")
            let mine = try await browser.get("/my/organisations")
            #expect(mine.status == .ok)
            #expect(mine.text.contains("Funding opportunities that fit it:"))
            #expect(mine.text.contains("Euroclusters for Europe"))
            #expect(!mine.text.contains("Interreg Danube Region"))
        }
    }

    // MARK: Writing through the pages

    @Test func onlyThePlatformTeamWritesAnOpportunityInTheForm() async throws {
        try await withApp(demo: false) { client, platform in
            // A visitor is sent to log in; a person outside the platform team is refused.
            let visitor = Browser(client)
            try await visitor.get("/login")
            let anonymous = try await visitor.post("/funding/new", Self.fields())
            #expect(anonymous.status == .seeOther && (anonymous.headers[.location] ?? "").hasPrefix("/login?next="))
            let member = try await AccountSecurityTests.signedIn(client, platform, "member@funding.example.eu")
            #expect(try await member.get("/funding/new").status == .forbidden)
            try await member.get("/account")
            #expect(try await member.post("/funding/new", Self.fields()).status == .forbidden)
            #expect(try await platform.funding.list(.init(), now: Date(), page: 1, perPage: 1).total == 0)
            // A moderator's form with broken rules comes back with each named, and stores nothing.
            let moderator = try await AccountSecurityTests.signedIn(client, platform, "moderator@funding.example.eu", .moderator)
            #expect(try await moderator.get("/funding/new").status == .ok)
            let invalid = try await moderator.post(
                "/funding/new", Self.fields([("time_zone", "Europe/Atlantis"), ("link", "javascript:alert(1)"), ("countries", "FR, XX")]))
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.text.contains("<strong>Time zone</strong>: must be an IANA time zone such as Europe/Brussels (not Europe/Atlantis)"))
            #expect(invalid.text.contains("<strong>Link</strong>: must be an https:// or http:// URL"))
            #expect(invalid.text.contains("<strong>Eligible countries</strong>: XX is not an ISO 3166 alpha-2 country code"))
            #expect(invalid.text.contains("value=\"Digital innovation hubs: vouchers for cluster members\""), "the form keeps what was typed")
            let past = try await moderator.post(
                "/funding/new", Self.fields([("deadline", ZonedTime.localInput(Date().addingTimeInterval(-3_600), zone: "Europe/Brussels"))]))
            #expect(past.status == .unprocessableContent)
            #expect(past.text.contains("<strong>Deadline</strong>: must not be in the past"))
            #expect(try await platform.funding.list(.init(), now: Date(), page: 1, perPage: 1).total == 0)
            // A valid one is stored and shown.
            let created = try await moderator.post("/funding/new", Self.fields())
            #expect(created.status == .seeOther)
            let location = try #require(created.headers[.location])
            #expect(location.hasPrefix("/funding/"))
            let page = try await client.get(location, headers: htmlAccept)
            #expect(page.text.contains("Digital innovation hubs: vouchers for cluster members"))
            #expect(page.text.contains("<strong>EUR 60,000</strong>"))
            #expect(page.text.contains("€2,000,000"))
        }
    }

    static let csvHeader = "title,programme,funding_body,link,opens_at,deadline,time_zone,countries,keywords\n"
    static func csvRow(_ title: String, deadline: Date = Date().addingTimeInterval(30 * 86_400), link: String? = nil, zone: String = "Europe/Paris")
        -> String
    {
        let opens = ZonedTime.localInput(Date().addingTimeInterval(-86_400), zone: "Europe/Paris")
        return "\(title),Interreg,A joint secretariat,\(link ?? "https://funding.example.eu/\(TextFolding.slug(title))"),\(opens),"
            + "\(ZonedTime.localInput(deadline, zone: "Europe/Paris")),\(zone),FR;DE,drones\n"
    }

    @Test func aCSVImportWithABadRowNamesItsLineAndStoresNothing() async throws {
        try await withApp(demo: false) { client, platform in
            let moderator = try await AccountSecurityTests.signedIn(client, platform, "importer@funding.example.eu", .moderator)
            try await moderator.get("/funding/import")
            let bad =
                Self.csvHeader + Self.csvRow("Good first call") + Self.csvRow("Call with a bad zone", zone: "Europe/Nowhere")
                + Self.csvRow("Call already closed", deadline: Date().addingTimeInterval(-86_400))
            let refused = try await moderator.post("/funding/import", [("csv", bad)])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("<strong>Line 3: Time zone</strong>: must be an IANA time zone such as Europe/Brussels (not Europe/Nowhere)"))
            #expect(refused.text.contains("<strong>Line 4: Deadline</strong>: must not be in the past"))
            #expect(try await platform.funding.list(.init(), now: Date(), page: 1, perPage: 1).total == 0, "nothing of a bad file is stored")
            let good = Self.csvHeader + Self.csvRow("Good first call") + Self.csvRow("Good second call")
            let imported = try await moderator.post("/funding/import", [("csv", good)])
            #expect(imported.status == .ok)
            #expect(imported.text.contains("Imported 2 funding opportunities."))
            #expect(try await platform.funding.list(.init(), now: Date(), page: 1, perPage: 1).total == 2)
            // The same file again lists nothing twice.
            #expect(try await moderator.post("/funding/import", [("csv", good)]).status == .unprocessableContent)
            #expect(try await platform.funding.list(.init(), now: Date(), page: 1, perPage: 1).total == 2)
            // A team member may not import.
            let member = try await AccountSecurityTests.signedIn(client, platform, "member@funding.example.eu")
            #expect(try await member.get("/funding/import").status == .forbidden)
        }
    }

    // MARK: The API

    @Test func theAPIListsFiltersAndShowsOpportunities() async throws {
        try await withApp { client, platform in
            let all = try await client.get("/api/v1/funding-opportunities").json
            #expect(all["total"] as? Int == 6)
            #expect(all["page"] as? Int == 1 && all["per_page"] as? Int == 20)
            let items = try #require(all["items"] as? [[String: Any]])
            let deadlines = items.compactMap { $0["deadline"] as? String }
            #expect(deadlines.count == 6)
            #expect(items.first?["phase"] as? String == "closed", "nearest deadline first: the closed one")
            let current = try await client.get("/api/v1/funding-opportunities?status=current&country=FR&per_page=2").json
            #expect(current["total"] as? Int == 3)
            #expect((current["items"] as? [[String: Any]])?.count == 2)
            let interreg = try await client.get("/api/v1/funding-opportunities?programme=Interreg&technology=ket2018-2").json
            #expect(
                (interreg["items"] as? [[String: Any]])?.first?["title"] as? String == "Interreg Danube Region: hydrogen valleys for energy-intensive industry")
            let bad = try await client.get("/api/v1/funding-opportunities?country=XX&status=soon")
            #expect(bad.status == .unprocessableContent)
            let fields = try #require(try bad.json["fields"] as? [String: String])
            #expect(fields.keys.sorted() == ["country", "status"])
            #expect(try await client.get("/api/v1/funding-opportunities?status=").status == .badRequest)
            let id = try await Self.id(of: "Euroclusters for Europe", platform)
            let one = try await client.get("/api/v1/funding-opportunities/\(id)").json
            #expect(one["time_zone"] as? String == "Europe/Brussels")
            #expect(one["cascade_funding"] as? Bool == true)
            #expect(one["budget"] as? Int == 42_000_000)
            #expect(try await client.get("/api/v1/funding-opportunities/999999").status == .notFound)
            #expect(try await client.get("/api/v1/funding-opportunities/abc").status == .badRequest)
        }
    }

    static func body(_ changes: [String: Any] = [:]) -> String {
        var object: [String: Any] = [
            "title": "Digital innovation hubs: vouchers", "programme": "Digital Europe", "funding_body": "HaDEA",
            "link": "https://funding.example.eu/digital", "opens_at": ZonedTime.iso8601(Date().addingTimeInterval(-86_400), zone: "Europe/Brussels"),
            "deadline": ZonedTime.iso8601(Date().addingTimeInterval(40 * 86_400), zone: "Europe/Brussels"), "time_zone": "Europe/Brussels",
            "budget": 2_000_000, "cascade_funding": true, "countries": ["FR"], "sectors": [1, 23], "ecosystems": [5], "technologies": ["KET2018-5"],
            "keywords": ["drones"], "description": "Vouchers.",
        ]
        for (key, value) in changes { object[key] = value }
        return String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    @Test func onlyThePlatformTeamWritesThroughTheAPI() async throws {
        try await withApp(demo: false) { client, platform in
            let organisation = try await platform.organisations.create(
                Organisation(name: "API Funding Cluster", type: .clusterOrganisation, country: "FR", region: "FR10", status: .published))
            let (_, memberToken) = try await PartneringTests.teamMember(of: organisation.id, "api-funding-member", platform: platform)
            let moderator = try await AccountAdministration.createVerifiedAccount(
                email: "api-moderator@funding.example.eu", name: "Moderator", password: AccountsTests.password, role: .moderator,
                database: platform.database, bcryptCost: 4)
            let moderatorToken = "cc_" + Secrets.token()
            _ = try await platform.users.createToken(userID: moderator.id, name: "test", tokenHash: Secrets.hash(moderatorToken), now: Date())
            let path = "/api/v1/funding-opportunities"
            #expect(try await client.send(.post, path, json: Self.body(), token: nil).status == .unauthorized)
            #expect(try await client.send(.post, path, json: Self.body(), token: memberToken).status == .forbidden)
            // Broken rules are named, all at once, and nothing is stored.
            let invalid = try await client.send(
                .post, path, json: Self.body(["time_zone": "Europe/Atlantis", "link": "ftp://funding.example.eu/x", "deadline": "2020-01-01T17:00:00+01:00"]),
                token: moderatorToken)
            #expect(invalid.status == .unprocessableContent)
            let fields = try #require(try invalid.json["fields"] as? [String: String])
            #expect(fields["link"] == "must be an https:// or http:// URL")
            #expect(fields["time_zone"] == "must be an IANA time zone such as Europe/Brussels (not Europe/Atlantis)")
            #expect(fields["deadline"]?.hasPrefix("must not be in the past") == true)
            #expect(try await client.send(.post, path, json: Self.body(["tags": ["x"]]), token: moderatorToken).status == .unprocessableContent)
            #expect(try await client.send(.post, path, json: Self.body(["budget": "a lot"]), token: moderatorToken).status == .badRequest)
            #expect(try await client.send(.post, path, json: "{not json", token: moderatorToken).status == .badRequest)
            #expect(try await platform.funding.list(.init(), now: Date(), page: 1, perPage: 1).total == 0)
            // The platform team's token writes it.
            let created = try await client.send(.post, path, json: Self.body(), token: moderatorToken)
            #expect(created.status == .created)
            #expect((created.headers[.location] ?? "").hasPrefix("/api/v1/funding-opportunities/"))
            #expect(try created.json["sectors"] as? [Int] == [1, 23])
            #expect(try created.json["action_type"] is NSNull, "a missing type of action is null, not left out")
            let operatorWrite = try await client.send(.post, path, json: Self.body(["title": "Digital innovation hubs: vouchers, second round"]))
            #expect(operatorWrite.status == .created, "the operator's token writes too")
        }
    }

    @Test func aCSVBodyIsImportedWholeOrNotAtAll() async throws {
        try await withApp(demo: false) { client, platform in
            let path = "/api/v1/funding-opportunities/import"
            func post(_ csv: String, type: String = "text/csv", token: String? = operatorToken) async throws -> TestResponse {
                var headers: HTTPFields = [.contentType: type]
                if let token { headers[.authorization] = "Bearer \(token)" }
                return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: csv))
            }
            let bad = Self.csvHeader + Self.csvRow("Good call") + Self.csvRow("Bad link call", link: "not-a-link")
            #expect(try await post(bad, token: nil).status == .unauthorized)
            let refused = try await post(bad)
            #expect(refused.status == .unprocessableContent)
            #expect(try refused.json["fields"] as? [String: String] == ["line 3: link": "must be an https:// or http:// URL"])
            #expect(try await post(Self.csvHeader + Self.csvRow("Good call"), type: "application/json").status == .unsupportedMediaType)
            #expect(try await platform.funding.list(.init(), now: Date(), page: 1, perPage: 1).total == 0)
            let imported = try await post(Self.csvHeader + Self.csvRow("Good call") + Self.csvRow("Second good call"))
            #expect(imported.status == .created)
            #expect(try imported.json["imported"] as? Int == 2)
            #expect(try await platform.funding.list(.init(), now: Date(), page: 1, perPage: 1).total == 2)
        }
    }
}

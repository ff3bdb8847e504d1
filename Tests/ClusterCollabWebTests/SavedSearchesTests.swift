import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabMatching
import ClusterCollabStorage
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Saved searches through the platform (issue 14, item 3): saving the directory's search from its page,
/// "N new since you last looked", the alert e-mail of a period (exactly once, confirmed addresses only),
/// its unsubscribe link without logging in, the API, and what an attacker may not do. The alert's flow runs
/// on SQLite and on PostgreSQL.
@Suite struct SavedSearchesTests {
    static let droneQuery = "q=drone&country=FR"

    static func alerts(_ platform: Platform, to email: String) async throws -> [OutboxRow] {
        try await platform.outbox.list(page: 1, perPage: 500).rows.filter { $0.recipient == email && $0.kind == "saved-search-alert" }
    }

    /// The dialects the alert's flow runs on: SQLite, and PostgreSQL when a server is named.
    static let dialects: [String] = {
        let url = ProcessInfo.processInfo.environment["CLUSTERCOLLAB_TEST_POSTGRES_URL"] ?? ""
        return url.isEmpty ? ["sqlite"] : ["sqlite", "postgres"]
    }()

    /// `withApp` on a fresh PostgreSQL database of its own (dropped afterwards), or on SQLite.
    static func withAppOn(_ dialect: String, _ body: @Sendable (any TestClientProtocol, Platform) async throws -> Void) async throws {
        guard dialect == "postgres", let url = ProcessInfo.processInfo.environment["CLUSTERCOLLAB_TEST_POSTGRES_URL"] else {
            return try await withApp(demo: false, body)
        }
        let admin = try Database(.postgres(url: url), maxConnectionsPerEventLoop: 1)
        let name = "cc_saved_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try await admin.withConnection { db in try await db.raw("CREATE DATABASE \(unsafeRaw: String(name))").run() }
        var components = URLComponents(string: url)!
        components.path = "/" + name
        do {
            try await withApp(demo: false, configure: { $0.database = .postgres(url: components.string!) }, body)
        } catch {
            try? await admin.withConnection { db in try await db.raw("DROP DATABASE IF EXISTS \(unsafeRaw: String(name)) WITH (FORCE)").run() }
            await admin.shutdown()
            throw error
        }
        try? await admin.withConnection { db in try await db.raw("DROP DATABASE IF EXISTS \(unsafeRaw: String(name)) WITH (FORCE)").run() }
        await admin.shutdown()
    }

    /// Saves `query` through the directory's "Save this search" link and the form it opens.
    static func save(_ browser: Browser, name: String, query: String = droneQuery, frequency: String) async throws -> TestResponse {
        let directory = try await browser.get("/organisations?" + query)
        let link = try #require(directory.text.firstMatch(of: /class="save-search"><a href="([^"]+)"/)).1
        let form = try await browser.get(String(link).replacingOccurrences(of: "&amp;", with: "&"))
        #expect(form.status == .ok)
        let kind = try #require(form.text.firstMatch(of: /name="kind" value="([^"]*)"/)).1
        let saved = try #require(form.text.firstMatch(of: /name="query" value="([^"]*)"/)).1
        return try await browser.post(
            "/account/saved-searches",
            [("kind", String(kind)), ("query", String(saved).replacingOccurrences(of: "&amp;", with: "&")), ("name", name), ("frequency", frequency)])
    }

    @Test(arguments: dialects)
    func aNewDroneClusterInFranceBringsExactlyOneAlertListingIt(_ dialect: String) async throws {
        try await Self.withAppOn(dialect) { client, platform in
            // given a confirmed reader who saves "drone clusters in France" from the directory, daily
            try await TeamsAndModerationTests.account(platform, "reader@clusters.example.eu")
            let reader = try await TeamsAndModerationTests.login(client, "reader@clusters.example.eu")
            #expect(try await Self.save(reader, name: "Drone clusters in France", frequency: "daily").status == .seeOther)
            // and someone whose address is not confirmed, who saved the same search
            let unconfirmed = try await platform.database.transaction { db in
                try await UserRepository.create(
                    email: "unconfirmed@clusters.example.eu", name: "Unconfirmed", passwordHash: "$2b$04$x", role: .user, verified: false,
                    unsubscribeToken: "unsub-unconfirmed", now: Date(), on: db)
            }
            _ = try await platform.savedSearchRepository.create(
                userID: unconfirmed.id,
                try platform.checkedSavedSearch(.init(name: "Drones", kind: "directory", query: Self.droneQuery, frequency: "daily"), existing: nil))
            let page = try await reader.get("/account/saved-searches")
            #expect(page.text.contains("Drone clusters in France"))
            #expect(!page.text.contains("new since you last looked"))

            // when a drone cluster is published in France, one in Germany and a hydrogen cluster in France
            try await Task.sleep(for: .milliseconds(5))
            let occitanie = try await platform.organisations.create(
                Organisation(name: "Occitanie Drone Valley", type: .clusterOrganisation, country: "FR", region: "FRJ2", status: .published))
            _ = try await platform.organisations.create(
                Organisation(name: "Bavaria Drone Cluster", type: .clusterOrganisation, country: "DE", region: "DE21", status: .published))
            _ = try await platform.organisations.create(
                Organisation(name: "Lorraine Hydrogen Cluster", type: .clusterOrganisation, country: "FR", region: "FRF3", status: .published))

            // then the list says one is new
            #expect(try await reader.get("/account/saved-searches").text.contains("1 new since you last looked"))

            // when two instances send the day's alerts at once, and one sends them again
            let period = try #require(AlertPeriod.day(CalendarDay.of(Date())))
            let second = try await Platform(configuration: platform.configuration, logger: .init(label: "second instance"))
            let sent: (Int, Int)
            do {
                async let a = platform.sendAlerts(period)
                async let b = second.sendAlerts(period)
                sent = try await (a, b)
                await second.database.shutdown()
            } catch {
                await second.database.shutdown()
                throw error
            }
            #expect(try await platform.sendAlerts(period) == 0)

            // then exactly one alert went, listing the French drone cluster only, with its own unsubscribe link
            #expect(sent.0 + sent.1 == 1)
            let mails = try await Self.alerts(platform, to: "reader@clusters.example.eu")
            #expect(mails.count == 1)
            let mail = try #require(mails.first)
            #expect(mail.subject == "“Drone clusters in France”: 1 new (\(period.key))")
            #expect(
                mail.bodyText.contains(
                    "Newly published organisations:\n- Occitanie Drone Valley (FR)\n  https://clusters.example.eu/organisations/\(occitanie.slug)"))
            #expect(!mail.bodyText.contains("Bavaria"))
            #expect(!mail.bodyText.contains("Lorraine"))
            let unsubscribe = try #require(mail.unsubscribeURL)
            #expect(unsubscribe.hasPrefix("https://clusters.example.eu/unsubscribe/saved-search/"))
            #expect(mail.bodyText.contains(unsubscribe))
            #expect(try await Self.alerts(platform, to: "unconfirmed@clusters.example.eu").isEmpty, "only confirmed addresses")

            // when the reader opens the search from the list (in a later second than the publication: times
            // are kept to the second), nothing is new any more
            try await Task.sleep(for: .milliseconds(1_100))
            let readerAccount = try #require(try await platform.users.find(email: "reader@clusters.example.eu"))
            let searchID = try #require(try await platform.savedSearchRepository.list(userID: readerAccount.id).first?.id)
            let opened = try await reader.get("/account/saved-searches/\(searchID)")
            #expect(opened.status == .seeOther)
            #expect(opened.headers[.location] == "/organisations?" + Self.droneQuery)
            #expect(!(try await reader.get("/account/saved-searches").text.contains("new since you last looked")))

            // when a mail client unsubscribes with one click (RFC 8058), no login, no CSRF token
            let path = String(unsubscribe.dropFirst("https://clusters.example.eu".count))
            let confirm = try await client.get(path)
            #expect(confirm.status == .ok)
            #expect(confirm.text.contains("Drone clusters in France"))
            let oneClick = try await client.execute(
                uri: path, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: "List-Unsubscribe=One-Click"))
            #expect(oneClick.status == .ok)
            // then the search stays, without e-mail
            let kept = try #require(try await platform.savedSearchRepository.find(id: searchID, userID: readerAccount.id))
            #expect(kept.frequency == SavedSearch.Frequency.none)
            #expect(try await client.get("/unsubscribe/saved-search/not-a-token").status == .notFound)
            // and the page's own form (with its CSRF token) says so, in words, as often as it is used
            let visitor = Browser(client)
            _ = try await visitor.get(path)
            let confirmed = try await visitor.post(path, [])
            #expect(confirmed.status == .ok)
            #expect(confirmed.text.contains("You will no longer get e-mails about the saved search “Drone clusters in France”"))
        }
    }

    @Test func aQuietPeriodSendsNothingAndANewPartnerSearchIsListed() async throws {
        try await withApp(demo: false) { client, platform in
            try await TeamsAndModerationTests.account(platform, "reader@clusters.example.eu")
            let reader = try #require(try await platform.users.find(email: "reader@clusters.example.eu"))
            let store = platform.savedSearchRepository
            _ = try await store.create(
                userID: reader.id,
                try platform.checkedSavedSearch(.init(name: "Drone searches", kind: "partner-searches", query: "q=drone", frequency: "weekly"), existing: nil))
            let week = AlertPeriod.week(ISOWeek.containing(Date()))
            // a week with nothing new for the search sends nothing
            #expect(try await platform.sendAlerts(week) == 0)
            // a partner search about drones opened in the week is listed (a run under another key: the first marked the week quiet)
            let owner = try await platform.organisations.create(
                Organisation(name: "Vineyard Robotics Cluster", type: .clusterOrganisation, country: "FR", region: "FRI1", status: .published))
            var input = PartnerSearchInput()
            input.title = "Drone partners for vineyards"; input.kind = "research-cooperation"
            input.description = "Partners for drone surveys of vineyards."; input.competences = ["keyword:drone"]
            _ = try await platform.partnerSearches.create(
                try input.applied(to: nil, ownerID: owner.id, reference: platform.reference, today: platform.today), createdBy: nil, actor: "test")
            var next = week
            next.key = "test-" + week.key
            // in the reader's language
            try await platform.database.withConnection { db in try await db.raw("UPDATE users SET language = 'fr' WHERE id = \(bind: reader.id)").run() }
            #expect(try await platform.sendAlerts(next) == 1)
            let mail = try #require(try await Self.alerts(platform, to: reader.email).first)
            #expect(mail.subject == "« Drone searches » : 1 nouveauté(s) (\(next.key))")
            #expect(
                mail.bodyText.contains(
                    "Recherches de partenaires nouvellement ouvertes :\n- Drone partners for vineyards\n  https://clusters.example.eu/partner-searches/"))
        }
    }

    @Test func anAlertListsTheFirstFiftyAndLinksToTheRest() async throws {
        try await withApp(demo: false) { client, platform in
            // given a search saved before 52 drone clusters are published in France, and one published before it
            _ = try await platform.organisations.create(
                Organisation(name: "Early Drone Cluster", type: .clusterOrganisation, country: "FR", region: "FR10", status: .published))
            try await Task.sleep(for: .milliseconds(1_100))
            try await TeamsAndModerationTests.account(platform, "reader@clusters.example.eu")
            let reader = try #require(try await platform.users.find(email: "reader@clusters.example.eu"))
            let search = try await platform.savedSearchRepository.create(
                userID: reader.id,
                try platform.checkedSavedSearch(.init(name: "Drones", kind: "directory", query: Self.droneQuery, frequency: "daily"), existing: nil))
            try await Task.sleep(for: .milliseconds(1_100))
            for i in 1...52 {
                _ = try await platform.organisations.create(
                    Organisation(name: "Drone Cluster \(i)", type: .clusterOrganisation, country: "FR", region: "FR10", status: .published))
            }
            // when the day's alert goes
            #expect(try await platform.sendAlerts(try #require(AlertPeriod.day(CalendarDay.of(Date())))) == 1)
            // then it lists fifty, says how many more and links to the search, and not what came before it was saved
            let mail = try #require(try await Self.alerts(platform, to: reader.email).first)
            #expect(mail.subject.contains(": 52 new"), "\(mail.subject)")
            #expect(mail.bodyText.components(separatedBy: "\n- Drone Cluster ").count - 1 == 50)
            #expect(mail.bodyText.contains("And 2 more: https://clusters.example.eu/account/saved-searches/\(search.id)"))
            #expect(!mail.bodyText.contains("Early Drone Cluster"))
        }
    }

    @Test func thePartnerSearchesListSavesItsFilter() async throws {
        try await withApp { client, platform in
            try await TeamsAndModerationTests.account(platform, "reader@clusters.example.eu")
            let reader = try await TeamsAndModerationTests.login(client, "reader@clusters.example.eu")
            // a visitor is not offered the link; a signed-in person is, with the list's filter
            #expect(!(try await client.get("/partner-searches?q=drone&kind=research-cooperation").text.contains("class=\"save-search\"")))
            let list = try await reader.get("/partner-searches?q=drone&kind=research-cooperation&page=1")
            let link = try #require(list.text.firstMatch(of: /class="save-search"><a href="([^"]+)"/)).1
            let form = try await reader.get(String(link).replacingOccurrences(of: "&amp;", with: "&"))
            #expect(form.text.contains(#"name="kind" value="partner-searches""#))
            let query = try #require(form.text.firstMatch(of: /name="query" value="([^"]*)"/)).1
            let saved = try await reader.post(
                "/account/saved-searches",
                [
                    ("kind", "partner-searches"), ("query", String(query).replacingOccurrences(of: "&amp;", with: "&")), ("name", "Drone research"),
                    ("frequency", "weekly"),
                ])
            #expect(saved.status == .seeOther)
            let user = try #require(try await platform.users.find(email: "reader@clusters.example.eu"))
            let stored = try await platform.savedSearchRepository.list(userID: user.id)
            #expect(stored.map(\.query) == ["q=drone&kind=research-cooperation"])
            #expect(stored.first?.path == "/partner-searches?q=drone&kind=research-cooperation")
        }
    }

    @Test func theAPIKeepsEachPersonsSearchesToThemselves() async throws {
        try await withApp { client, platform in
            let (_, token) = try await PartneringTests.teamMember(of: 1, "saver", platform: platform)
            let (_, stranger) = try await PartneringTests.teamMember(of: 1, "stranger", platform: platform)
            // a saved search through the API, written back canonically
            let created = try await client.send(
                .post, "/api/v1/saved-searches", json: #"{"name": "Drones", "kind": "directory", "query": "country=FR&q=drone&page=3", "frequency": "daily"}"#,
                token: token)
            #expect(created.status == .created)
            let id = try #require((try created.json["id"] as? NSNumber)?.int64Value)
            #expect(try created.json["query"] as? String == "q=drone&country=FR")
            let listed = try await client.send(.get, "/api/v1/saved-searches", json: "", token: token)
            #expect(try listed.json["total"] as? Int == 1)
            #expect(try (try await client.send(.get, "/api/v1/saved-searches", json: "", token: stranger)).json["total"] as? Int == 0)
            // another person's id is not there
            #expect(try await client.send(.patch, "/api/v1/saved-searches/\(id)", json: #"{"frequency": "none"}"#, token: stranger).status == .notFound)
            #expect(try await client.send(.delete, "/api/v1/saved-searches/\(id)", json: "", token: stranger).status == .notFound)
            // the owner changes and deletes it
            let changed = try await client.send(.patch, "/api/v1/saved-searches/\(id)", json: #"{"frequency": "none"}"#, token: token)
            #expect(try changed.json["frequency"] as? String == "none")
            #expect(try await client.send(.delete, "/api/v1/saved-searches/\(id)", json: "", token: token).status == .noContent)
            #expect(try await client.send(.get, "/api/v1/saved-searches", json: "", token: nil).status == .unauthorized)
            // a browser's session is not enough for the API
            try await TeamsAndModerationTests.account(platform, "browser@clusters.example.eu")
            let browser = try await TeamsAndModerationTests.login(client, "browser@clusters.example.eu")
            var headers = browser.cookieHeader
            headers[.contentType] = "application/json"
            let withCookie = try await client.execute(
                uri: "/api/v1/saved-searches", method: .post, headers: headers, body: ByteBuffer(string: #"{"name": "Drones", "kind": "directory"}"#))
            #expect(withCookie.status == .unauthorized)
        }
    }

    @Test func badInputIsNamedAndNothingIsStored() async throws {
        try await withApp { client, platform in
            let (user, token) = try await PartneringTests.teamMember(of: 1, "saver", platform: platform)
            for (body, field) in [
                (#"{"name": "\#(String(repeating: "n", count: 5_000))", "kind": "directory"}"#, "name"),
                (#"{"name": "x", "kind": "directory", "frequency": "hourly"}"#, "frequency"),
                (#"{"name": "x", "kind": "directory", "query": "country=XX"}"#, "query"),
                (#"{"name": "x", "kind": "partner-searches", "query": "status=sleeping"}"#, "query"),
                (#"{"name": "x", "kind": "maps"}"#, "kind"),
            ] {
                let refused = try await client.send(.post, "/api/v1/saved-searches", json: body, token: token)
                #expect(refused.status == .unprocessableContent, "\(field)")
                #expect((try refused.json["fields"] as? [String: String])?[field] != nil, "\(field): \(refused.text)")
            }
            #expect(try await platform.savedSearchRepository.list(userID: user.id).isEmpty)
            // through the form, the same rules, shown on the page
            try await TeamsAndModerationTests.account(platform, "former@clusters.example.eu")
            let browser = try await TeamsAndModerationTests.login(client, "former@clusters.example.eu")
            _ = try await browser.get("/account/saved-searches/new?kind=directory&query=q%3Ddrone")
            let page = try await browser.post(
                "/account/saved-searches",
                [("kind", "directory"), ("query", "country=XX"), ("name", String(repeating: "n", count: 101)), ("frequency", "weekly")])
            #expect(page.status == .unprocessableContent)
            #expect(page.text.contains("must be at most 100 characters"))
            // another person's search cannot be opened, changed or deleted from the pages
            let theirs = try await platform.savedSearchRepository.create(
                userID: user.id, try platform.checkedSavedSearch(.init(name: "Mine", kind: "directory", query: "q=drone"), existing: nil))
            #expect(try await browser.get("/account/saved-searches/\(theirs.id)").status == .notFound)
            #expect(try await browser.post("/account/saved-searches/\(theirs.id)/delete", []).status == .notFound)
            #expect(try await platform.savedSearchRepository.find(id: theirs.id, userID: user.id) != nil)
            // a visitor is sent to log in
            #expect(try await client.get("/account/saved-searches").status == .seeOther)
        }
    }
}

import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabStorage
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// News and events that organisations' teams contribute (issue 13, item 3): a team's writing waits for a
/// moderator, who publishes it, asks for changes with a message or rejects it, with the same notifications
/// and history as profiles; the platform team publishes directly; the API writes by the same rules.
@Suite struct ContributedContentTests {
    static var anyEvent: EventRepository.Filter {
        var filter = EventRepository.Filter()
        filter.status = nil
        return filter
    }

    static var anyNews: NewsRepository.Filter {
        var filter = NewsRepository.Filter()
        filter.status = nil
        return filter
    }

    static func eventForm(_ organisation: Int64, title: String = "Drone corridors: partner day in Toulouse") -> [(String, String)] {
        [
            ("organisation", String(organisation)), ("title", title), ("kind", "matchmaking"),
            ("description", "One-to-one meetings between drone clusters.\r\nBring your test-zone offers."), ("time_zone", "Europe/Paris"),
            ("starts_at", "2027-03-30T09:30"), ("ends_at", "2027-03-30T17:00"), ("venue", "Cité de l'espace, Toulouse"),
            ("online_link", ""), ("registration_link", "https://drones.example.eu/register"), ("tags", "drones, matchmaking"),
        ]
    }

    static func newsForm(_ organisation: String, title: String = "Our test zone opens to partner clusters") -> [(String, String)] {
        [
            ("organisation", organisation), ("title", title),
            ("summary", "Partner clusters can now book the flight test zone ten days ahead."),
            ("body", "The zone opens on Mondays.\r\n\r\nBook it through the **document library**."), ("tags", "drones, infrastructures"),
            ("image_document_id", ""), ("image_alt", ""), ("image_caption", ""), ("image_credit", ""),
        ]
    }

    @Test func aTeamSubmitsAnEventThatAModeratorPublishes() async throws {
        try await withApp(demo: false) { client, platform in
            let (organisation, team, _) = try await DocumentsTests.team(platform, client, "skyways")
            let moderator = try await AccountSecurityTests.signedIn(client, platform, "moderator@content.example.eu", .moderator)

            // The team's form, sent as a browser sends it (CRLF in the textarea), waits for review.
            #expect(try await team.get("/events/new?organisation=\(organisation.id)").status == .ok)
            #expect(team.lastPage.contains("Skyways Cluster"))
            let sent = try await team.post("/events", Self.eventForm(organisation.id))
            #expect(sent.status == .seeOther)
            #expect(sent.headers[.location] == "/my/content?saved=event")
            let stored = try #require(try await platform.events.list(Self.anyEvent, page: 1, perPage: 5).items.first)
            #expect(stored.event.status == .needsReview)
            #expect(stored.event.description == "One-to-one meetings between drone clusters.\nBring your test-zone offers.")
            #expect(stored.event.organiserID == organisation.id)
            #expect(try await client.get("/events/\(stored.event.slug)", headers: htmlAccept).status == .notFound, "not public before review")
            let mine = try await team.get("/my/content")
            #expect(mine.status == .ok)
            #expect(team.lastPage.contains("Drone corridors: partner day in Toulouse") && team.lastPage.contains("Needs review"))

            // The moderators hear of it and read it in the queue.
            let moderatorUser = try #require(try await platform.users.find(email: "moderator@content.example.eu"))
            let bell = try await platform.notifications.list(userID: moderatorUser.id)
            #expect(bell.contains { $0.kind == "content-waiting" && $0.message.contains("Drone corridors") })
            try await moderator.get("/admin/moderation")
            #expect(moderator.lastPage.contains("Drone corridors: partner day in Toulouse"))
            #expect(moderator.lastPage.contains("Bring your test-zone offers."))

            // Changes requested need a message; with one, the team reads it.
            let silent = try await moderator.post("/admin/moderation/events/\(stored.event.id)/decision", [("decision", "request-changes"), ("message", " ")])
            #expect(silent.status == .unprocessableContent)
            #expect(moderator.lastPage.contains("tell the team what to change"))
            let sentBack = try await moderator.post(
                "/admin/moderation/events/\(stored.event.id)/decision", [("decision", "request-changes"), ("message", "Add the room number.")])
            #expect(sentBack.status == .seeOther)
            try await team.get("/my/content")
            #expect(team.lastPage.contains("Changes requested") && team.lastPage.contains("Add the room number."))
            var mails = try await platform.outbox.list(page: 1, perPage: 20).rows
            #expect(
                mails.contains {
                    $0.kind == "moderation-content" && $0.recipient == "skyways@partnering.example.eu" && $0.bodyText.contains("Add the room number.")
                })

            // A decision on what is not there is 404.
            #expect(try await moderator.post("/admin/moderation/events/999999/decision", [("decision", "publish")]).status == .notFound)
            try await moderator.get("/admin/moderation")
            // Deciding again is refused while it is not waiting; the team's edit sends it back.
            let notWaiting = try await moderator.post("/admin/moderation/events/\(stored.event.id)/decision", [("decision", "publish")])
            #expect(notWaiting.status == .conflict)
            try await team.get("/events/\(stored.event.slug)/edit")
            #expect(team.lastPage.contains("Add the room number."), "the history shows the moderator's message")
            var edit = Self.eventForm(organisation.id)
            edit[7] = ("venue", "Cité de l'espace, Toulouse, room B2")
            edit.append(("version", String(stored.event.version + 1)))
            #expect(try await team.post("/events/\(stored.event.slug)/edit", edit).status == .seeOther)

            // Published: public, in the feeds, and the team is told.
            let published = try await moderator.post("/admin/moderation/events/\(stored.event.id)/decision", [("decision", "publish"), ("message", "")])
            #expect(published.status == .seeOther)
            try await moderator.get(published.headers[.location] ?? "")
            #expect(moderator.lastPage.contains("is published"))
            let page = try await client.get("/events/\(stored.event.slug)", headers: htmlAccept)
            #expect(page.status == .ok)
            #expect(page.text.contains("room B2"))
            #expect(try await client.get("/events.ics").text.contains("Drone corridors: partner day in Toulouse"))
            mails = try await platform.outbox.list(page: 1, perPage: 20).rows
            #expect(mails.contains { $0.kind == "moderation-content" && $0.subject.contains("is published") })
            let history = try await platform.contributions.history(.event, id: stored.event.id).map(\.action)
            #expect(history == ["publish", "edited (pending review)", "request changes: Add the room number.", "submitted for review"])
        }
    }

    @Test func theTeamWritesOnlyForItsOwnOrganisationAndOthersSeeNothingUnpublished() async throws {
        try await withApp(demo: false) { client, platform in
            let (organisation, team, _) = try await DocumentsTests.team(platform, client, "skyways")
            let (other, outsider, _) = try await DocumentsTests.team(platform, client, "hydrogen")
            // For another organisation, or for the platform itself: refused, nothing stored.
            try await team.get("/events/new")
            let foreign = try await team.post("/events", Self.eventForm(other.id))
            #expect(foreign.status == .forbidden)
            #expect(team.lastPage.contains("(or the platform team) writes news and events for it"))
            #expect(try await team.post("/news", Self.newsForm("platform")).status == .forbidden)
            // Bad input names its fields and stores nothing.
            var bad = Self.eventForm(organisation.id)
            bad[6] = ("ends_at", "2027-03-30T08:00")
            bad[4] = ("time_zone", "Europe/Paris")
            bad[10] = ("tags", "drone corridors")
            let refused = try await team.post("/events", bad)
            #expect(refused.status == .unprocessableContent)
            #expect(team.lastPage.contains("ends_at") && team.lastPage.contains("must be after starts_at"))
            #expect(team.lastPage.contains("drone corridors: must be one word"))
            #expect(try await platform.events.list(Self.anyEvent, page: 1, perPage: 5).total == 0)
            // Another team cannot open the waiting article's form: it is not there for them.
            #expect(try await team.post("/news", Self.newsForm(String(organisation.id))).status == .seeOther)
            let article = try #require(try await platform.news.list(Self.anyNews, page: 1, perPage: 5).items.first)
            #expect(article.article.status == .needsReview)
            try await outsider.get("/news/new")
            #expect(try await outsider.get("/news/\(article.article.slug)/edit").status == .notFound)
            #expect(try await outsider.post("/news/\(article.article.slug)/edit", Self.newsForm(String(other.id))).status == .notFound)
            #expect(try await client.get("/news/\(article.article.slug)", headers: htmlAccept).status == .notFound)
            // A visitor is sent to log in.
            let visitor = try await client.get("/news/new", headers: htmlAccept)
            #expect(visitor.status == .seeOther || visitor.status == .found)
        }
    }

    @Test func theNewsPhotoNeedsAnAlternativeTextAndAnImageOfTheLibrary() async throws {
        try await withApp(demo: false) { client, platform in
            let moderator = try await AccountSecurityTests.signedIn(client, platform, "moderator@content.example.eu", .moderator)
            let photo = try await platform.documents.create(
                Document(
                    title: "Assembly round table", kind: .photo, date: "2016-05-27", language: "en", tags: [], owner: .platform, fileName: "round-table.png",
                    fileType: .png, byteSize: DocumentsTests.png.count), data: Data(DocumentsTests.png), actor: "test")
            let pdf = try await platform.documents.create(
                Document(
                    title: "Rules", kind: .guide, date: "2016-05-27", language: "en", tags: [], owner: .platform, fileName: "rules.pdf", fileType: .pdf,
                    byteSize: DocumentsTests.pdf.count), data: Data(DocumentsTests.pdf), actor: "test")
            try await moderator.get("/news/new")
            #expect(moderator.lastPage.contains("Assembly round table"), "the form offers the library's images")
            #expect(!moderator.lastPage.contains(">Rules<"), "and only images")
            var form = Self.newsForm("platform")
            form[5] = ("image_document_id", String(photo.document.id))
            let noAlt = try await moderator.post("/news", form)
            #expect(noAlt.status == .unprocessableContent)
            #expect(moderator.lastPage.contains("image_alt"))
            form[5] = ("image_document_id", String(pdf.document.id))
            form[6] = ("image_alt", "Ten people around a table")
            #expect(try await moderator.post("/news", form).status == .unprocessableContent)
            #expect(moderator.lastPage.contains("must be an image"))
            #expect(try await platform.news.list(Self.anyNews, page: 1, perPage: 5).total == 0)
            form[5] = ("image_document_id", String(photo.document.id))
            form[7] = ("image_caption", "The round table of the general assembly")
            form[8] = ("image_credit", "Pôle Drones")
            let published = try await moderator.post("/news", form)
            #expect(published.status == .seeOther, "the platform team publishes directly")
            let page = try await client.get(published.headers[.location] ?? "", headers: htmlAccept)
            #expect(page.status == .ok)
            #expect(page.text.contains("<img src=\"/documents/\(photo.document.id)/download\" alt=\"Ten people around a table\">"))
            #expect(page.text.contains("The round table of the general assembly") && page.text.contains("Pôle Drones"))
            #expect(page.text.contains("og:image"))
        }
    }

    @Test func theAPIWritesByTheSameRules() async throws {
        try await withApp(demo: false) { client, platform in
            let (organisation, team, token) = try await DocumentsTests.team(platform, client, "skyways")
            let (other, _, _) = try await DocumentsTests.team(platform, client, "hydrogen")
            let moderator = try await AccountSecurityTests.signedIn(client, platform, "moderator@content.example.eu", .moderator)
            let moderatorToken = try await AccountSecurityTests.token(moderator)
            let event = """
                {"title": "Hydrogen valleys webinar", "kind": "webinar", "description": "Line one.\\nLine two.", "time_zone": "Europe/Berlin",
                 "starts_at": "2027-02-10T10:00", "ends_at": "2027-02-10T11:30", "online_link": "https://meet.example.eu/h2",
                 "organiser_id": \(organisation.id), "tags": ["hydrogen"]}
                """
            // No token, a session cookie, another organisation: refused.
            #expect(try await client.send(.post, "/api/v1/events", json: event, token: nil).status == .unauthorized)
            var cookieHeaders = team.cookieHeader
            cookieHeaders[.contentType] = "application/json"
            let withCookie = try await client.execute(uri: "/api/v1/events", method: .post, headers: cookieHeaders, body: ByteBuffer(string: event))
            #expect(withCookie.status == .unauthorized || withCookie.status == .forbidden)
            let foreign = event.replacingOccurrences(of: "\"organiser_id\": \(organisation.id)", with: "\"organiser_id\": \(other.id)")
            #expect(try await client.send(.post, "/api/v1/events", json: foreign, token: token).status == .forbidden)
            let badZone = event.replacingOccurrences(of: "Europe/Berlin", with: "Mars/Olympus")
            let refused = try await client.send(.post, "/api/v1/events", json: badZone, token: token)
            #expect(refused.status == .unprocessableContent)
            #expect((try refused.json["fields"] as? [String: String])?["time_zone"] != nil)

            // The team's event waits; its id answers 404 to the public, the writer sees it.
            let created = try await client.send(.post, "/api/v1/events", json: event, token: token)
            #expect(created.status == .created)
            #expect(try created.json["status"] as? String == "needs-review")
            let id = try #require(try created.json["id"] as? Int)
            #expect(try await client.get("/api/v1/events/\(id)").status == .notFound)
            let patched = try await client.send(.patch, "/api/v1/events/\(id)", json: #"{"title": "Hydrogen valleys: webinar", "version": 1}"#, token: token)
            #expect(patched.status == .ok)
            #expect(try patched.json["title"] as? String == "Hydrogen valleys: webinar")
            let stale = try await client.send(.patch, "/api/v1/events/\(id)", json: #"{"title": "Hydrogen valleys again", "version": 1}"#, token: token)
            #expect(stale.status == .conflict)

            // Only the platform team decides.
            let decision = #"{"decision": "publish"}"#
            #expect(try await client.send(.post, "/api/v1/events/\(id)/decision", json: decision, token: token).status == .forbidden)
            let bad = try await client.send(.post, "/api/v1/events/\(id)/decision", json: #"{"decision": "maybe"}"#, token: moderatorToken)
            #expect(bad.status == .unprocessableContent)
            let decided = try await client.send(.post, "/api/v1/events/\(id)/decision", json: decision, token: moderatorToken)
            #expect(decided.status == .ok)
            #expect(try decided.json["status"] as? String == "published")
            #expect(try await client.get("/api/v1/events/\(id)").status == .ok)

            // News: the moderator's own is published at once, for the platform.
            let news = """
                {"title": "Platform news: the digest is weekly", "summary": "Every Monday, one e-mail with what changed in the community.",
                 "body": "Turn it off in your e-mail settings.", "organisation_id": null, "tags": ["platform"]}
                """
            let article = try await client.send(.post, "/api/v1/news", json: news, token: moderatorToken)
            #expect(article.status == .created)
            #expect(try article.json["status"] as? String == "published")
            let slug = try #require(try article.json["slug"] as? String)
            #expect(try await client.get("/api/v1/news/\(slug)").status == .ok)
            #expect(try await client.send(.post, "/api/v1/news/\(slug)/decision", json: decision, token: moderatorToken).status == .conflict)
            let teamNews = news.replacingOccurrences(of: "\"organisation_id\": null", with: "\"organisation_id\": \(organisation.id)")
                .replacingOccurrences(of: "Platform news", with: "Skyways news")
            let waiting = try await client.send(.post, "/api/v1/news", json: teamNews, token: token)
            #expect(try waiting.json["status"] as? String == "needs-review")
            let noAlt = try await client.send(
                .patch, "/api/v1/news/\(try #require(try waiting.json["slug"] as? String))", json: #"{"image_document_id": 999999}"#, token: token)
            #expect(noAlt.status == .unprocessableContent)
            #expect((try noAlt.json["fields"] as? [String: String])?["image_alt"] != nil)
        }
    }
}

import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabStorage
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// An event's matchmaking over the API, as two teams and the organiser drive it with their personal
/// tokens: setup, registration, requests and their named refusals, the schedule, agendas (JSON and
/// iCalendar), the follow-up and the public outcomes; every JSON answer is checked against the OpenAPI
/// document. The phases follow the real clock: the organiser moves the booking's close, and the test
/// moves the event's end into the past for the follow-up.
@Suite struct MatchmakingAPITests {
    /// Calls the API and checks each JSON answer against the document's schema for its path.
    struct API {
        let client: any TestClientProtocol
        let checker: SchemaChecker
        let event: Int64

        @discardableResult
        func call(
            _ method: HTTPRequest.Method, _ path: String, _ json: String? = nil, token: String?, _ status: HTTPResponse.Status,
            sourceLocation: SourceLocation = #_sourceLocation
        ) async throws -> [String: Any] {
            var headers: HTTPFields = [:]
            if json != nil { headers[.contentType] = "application/json" }
            if let token { headers[.authorization] = "Bearer \(token)" }
            let uri = "/api/v1/events/\(event)/matchmaking" + path
            let r = try await client.execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
            #expect(r.status == status, "\(method) \(uri): \(r.text.prefix(400))", sourceLocation: sourceLocation)
            let template = "/api/v1/events/{id}/matchmaking" + Self.template(String(path.prefix { $0 != "?" }))
            let schema = checker.responseSchema(path: template, method: method.rawValue.lowercased(), status: Int(r.status.code))
            #expect(schema != nil, "\(method) \(template) \(r.status.code) is not in the document", sourceLocation: sourceLocation)
            let value = try JSONSerialization.jsonObject(with: Data(buffer: r.body))
            if let schema {
                let problems = checker.check(value, against: schema)
                #expect(problems.isEmpty, "\(method) \(uri): \(problems.prefix(5))", sourceLocation: sourceLocation)
            }
            return value as? [String: Any] ?? [:]
        }

        /// "/requests/12/accept" as the document names it.
        static func template(_ path: String) -> String {
            let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            var result: [String] = []
            for (i, part) in parts.enumerated() {
                if i > 0, part != "me", ["participants", "requests", "meetings"].contains(parts[i - 1]) {
                    switch parts[i - 1] {
                    case "participants": result.append("{participant}")
                    case "requests": result.append("{request}")
                    case "meetings": result.append("{meeting}")
                    default: result.append(part)
                    }
                } else {
                    result.append(part)
                }
            }
            return result.joined(separator: "/")
        }
    }

    static func organisation(_ platform: Platform, _ name: String, country: String) async throws -> Organisation {
        try await platform.organisations.create(
            Organisation(
                name: name, type: .clusterOrganisation, country: country, region: nil,
                description: "A cluster of drone makers and precision farming pilots.", tags: ["drones", "agriculture"], status: .published))
    }

    static func local(_ date: Date) -> String { ZonedTime.localInput(date, zone: "UTC") }

    static func id(_ object: [String: Any], _ key: String = "id") -> Int64 { (object[key] as? NSNumber)?.int64Value ?? -1 }

    @Test func twoTeamsMeetThroughTheAPIFromRegistrationToOutcomes() async throws {
        try await withApp(demo: false, configure: { $0.postingLimit = .init(count: 100_000, window: 60) }) { client, platform in
            // given an organiser's published event the day after tomorrow, 08:00-17:00 UTC
            let host = try await Self.organisation(platform, "Host Cluster", country: "BE")
            let alpha = try await Self.organisation(platform, "Alpha Drones", country: "FR")
            let beta = try await Self.organisation(platform, "Beta Farming", country: "DE")
            let gamma = try await Self.organisation(platform, "Gamma Robotics", country: "IT")
            let (_, organiser) = try await PartneringTests.teamMember(of: host.id, "mmorganiser", platform: platform)
            let (alice, aliceToken) = try await PartneringTests.teamMember(of: alpha.id, "mmalice", platform: platform)
            let (_, bobToken) = try await PartneringTests.teamMember(of: beta.id, "mmbob", platform: platform)
            let (_, carolToken) = try await PartneringTests.teamMember(of: gamma.id, "mmcarol", platform: platform)
            let (_, aliasToken) = try await PartneringTests.teamMember(of: alpha.id, "mmalias", platform: platform)
            let delta = try await Self.organisation(platform, "Delta Watching", country: "ES")
            let (_, outsiderToken) = try await PartneringTests.teamMember(of: delta.id, "mmoutsider", platform: platform)
            try await platform.directory.refresh()
            let now = Date()
            let day = CalendarDay.of(now.addingTimeInterval(2 * 86_400))
            let starts = try #require(ZonedTime.parse("\(day)T08:00", zone: "UTC"))
            let event = try await platform.events.create(
                Event(
                    title: "Drone matchmaking day", description: "Meetings.", kind: .conference, startsAt: starts, endsAt: starts.addingTimeInterval(9 * 3600),
                    timeZone: "UTC", venue: "Lyon", organiserID: host.id
                ).published(at: now), actor: "test"
            ).event
            let checker = SchemaChecker(document: try await client.get("/api/v1/openapi.json").json)
            let api = API(client: client, checker: checker, event: event.id)

            // no matchmaking yet: not found
            try await api.call(.get, "", token: nil, .notFound)
            // a participant-to-be may not set it up; bad input names its fields and stores nothing
            let setup = """
                {"sessions": ["\(day) 09:00-11:00 break 10:00-10:20"], "slot_minutes": 20, "tables": 5, "online_rooms": false,
                 "registration_opens": "\(Self.local(now.addingTimeInterval(-7200)))", "booking_opens": "\(Self.local(now.addingTimeInterval(-3600)))",
                 "booking_closes": "\(Self.local(starts.addingTimeInterval(-3600)))", "follow_up_closes": "\(Self.local(starts.addingTimeInterval(30 * 86_400)))",
                 "validates_participants": false, "request_limit": 1}
                """
            try await api.call(.put, "", setup, token: aliceToken, .forbidden)
            let bad = try await api.call(.put, "", #"{"sessions": ["every morning"], "slot_minutes": 0}"#, token: organiser, .unprocessableContent)
            let badFields = try #require(bad["fields"] as? [String: String])
            #expect(badFields["sessions"] != nil && badFields["slot_minutes"] != nil && badFields["registration_opens"] != nil)
            try await api.call(.put, "", #"{"tables": "five"}"#, token: organiser, .badRequest)
            try await api.call(.get, "", token: nil, .notFound)
            // the organiser sets it up: 09:00-11:00 with a break, five slots
            let created = try await api.call(.put, "", setup, token: organiser, .created)
            #expect(created["phase"] as? String == "booking")
            #expect((created["slots"] as? [[String: Any]])?.count == 5)
            let shown = try await api.call(.get, "", token: nil, .ok)
            let shownSetup = try #require(shown["setup"] as? [String: Any])
            #expect(shownSetup["sessions"] as? [String] == ["\(day) 09:00-11:00 break 10:00-10:20"])
            #expect(shownSetup["request_limit"] as? Int == 1)
            #expect((shownSetup["booking_opens"] as? String)?.hasSuffix("+00:00") == true)
            #expect((shown["slots"] as? [[String: Any]])?.last?["starts_at"] as? String == "\(day)T10:40:00+00:00")

            // both teams register; a team's colleague too; someone registering for another's organisation is refused
            let entry = #""offer": "Drone testing ranges and certified pilots.", "seek": "Farms for precision agriculture pilots.""#
            try await api.call(.post, "/participants", "{\"organisation_id\": \(beta.id), \(entry)}", token: aliceToken, .forbidden)
            try await api.call(.post, "/participants", "{\(entry)}", token: aliceToken, .unprocessableContent)
            let a = Self.id(
                try await api.call(.post, "/participants", "{\"organisation_id\": \(alpha.id), \(entry)}", token: aliceToken, .created), "participant_id")
            try await api.call(.post, "/participants", "{\"organisation_id\": \(alpha.id), \(entry)}", token: aliceToken, .conflict)
            let b = Self.id(
                try await api.call(.post, "/participants", "{\"organisation_id\": \(beta.id), \(entry)}", token: bobToken, .created), "participant_id")
            let c = Self.id(
                try await api.call(
                    .post, "/participants", "{\"organisation_id\": \(gamma.id), \(entry), \"available\": [0, 1, 2]}", token: carolToken, .created),
                "participant_id")
            let alias = Self.id(
                try await api.call(.post, "/participants", "{\"organisation_id\": \(alpha.id), \(entry)}", token: aliasToken, .created), "participant_id")
            let mine = try await api.call(.get, "/participants/me", token: carolToken, .ok)
            #expect(mine["available"] as? [Int] == [0, 1, 2] && mine["status"] as? String == "validated")

            // a participant sees the others of other organisations, best fit first, with reasons both ways
            let seen = try await api.call(.get, "/participants", token: aliceToken, .ok)
            let others = try #require(seen["items"] as? [[String: Any]])
            #expect(Set(others.map { Self.id($0, "participant_id") }) == [b, c])
            #expect(others.allSatisfy { $0["score"] is NSNumber && $0["they_bring"] is [String] && $0["you_bring"] is [String] })
            #expect((others.first { Self.id($0, "participant_id") == b }?["organisation"] as? [String: Any])?["slug"] as? String == beta.slug)
            #expect(
                (try await api.call(.get, "/participants?country=IT", token: aliceToken, .ok)["items"] as? [[String: Any]])?.map {
                    Self.id($0, "participant_id")
                } == [c])
            try await api.call(.get, "/participants?country=ZZ", token: aliceToken, .unprocessableContent)
            try await api.call(.get, "/participants?type=castle", token: aliceToken, .unprocessableContent)
            // the organiser sees everyone in order of registration, with their address; others nothing
            let all = try await api.call(.get, "/participants", token: organiser, .ok)
            #expect((all["items"] as? [[String: Any]])?.map { Self.id($0, "participant_id") } == [a, b, c, alias])
            #expect((all["items"] as? [[String: Any]])?.first?["email"] as? String == alice.email)
            try await api.call(.get, "/participants", token: outsiderToken, .forbidden)
            try await api.call(.get, "/participants", token: nil, .unauthorized)

            // requests: the named refusals of the rules
            #expect(
                try await api.call(.post, "/requests", "{\"participant_id\": \(a)}", token: aliceToken, .unprocessableContent)["error"] as? String
                    == "request_to_self")
            #expect(
                try await api.call(.post, "/requests", "{\"participant_id\": \(alias)}", token: aliceToken, .unprocessableContent)["error"] as? String
                    == "same_organisation")
            try await api.call(.post, "/requests", "{\"participant_id\": 999999}", token: aliceToken, .notFound)
            try await api.call(.post, "/requests", "{\"participant_id\": \(b)}", token: outsiderToken, .forbidden)
            let ab = try await api.call(.post, "/requests", "{\"participant_id\": \(b), \"message\": \"Shall we meet?\"}", token: aliceToken, .created)
            #expect(ab["status"] as? String == "pending" && ab["direction"] as? String == "outgoing" && ab["merged"] as? Bool == false)
            // beyond the organiser's limit of one waiting request
            #expect(
                try await api.call(.post, "/requests", "{\"participant_id\": \(c)}", token: aliceToken, .unprocessableContent)["error"] as? String
                    == "request_limit_reached")
            // Bob asks Alice back: her request is accepted, one meeting
            let merged = try await api.call(.post, "/requests", "{\"participant_id\": \(a)}", token: bobToken, .ok)
            #expect(merged["merged"] as? Bool == true && Self.id(merged) == Self.id(ab) && merged["status"] as? String == "accepted")
            // Carol asks Bob, who accepts; Carol asks Alice's colleague and withdraws; the colleague asks Carol, who declines
            let cb = Self.id(try await api.call(.post, "/requests", "{\"participant_id\": \(b)}", token: carolToken, .created))
            // another participant's request is not found to them
            try await api.call(.post, "/requests/\(cb)/accept", token: aliasToken, .notFound)
            try await api.call(.post, "/requests/\(cb)/accept", token: carolToken, .forbidden)
            #expect(try await api.call(.post, "/requests/\(cb)/accept", token: bobToken, .ok)["status"] as? String == "accepted")
            try await api.call(.post, "/requests/\(cb)/decline", token: bobToken, .conflict)
            let cAlias = Self.id(try await api.call(.post, "/requests", "{\"participant_id\": \(alias)}", token: carolToken, .created))
            #expect(try await api.call(.post, "/requests/\(cAlias)/withdraw", token: carolToken, .ok)["status"] as? String == "withdrawn")
            let aliasC = Self.id(try await api.call(.post, "/requests", "{\"participant_id\": \(c)}", token: aliasToken, .created))
            #expect(try await api.call(.post, "/requests/\(aliasC)/decline", token: carolToken, .ok)["status"] as? String == "declined")
            try await api.call(.post, "/requests/abc/accept", token: carolToken, .badRequest)
            let bobs = try await api.call(.get, "/requests", token: bobToken, .ok)
            #expect(bobs["total"] as? Int == 2)
            #expect((bobs["items"] as? [[String: Any]])?.allSatisfy { $0["status"] as? String == "accepted" && $0["slot"] is NSNull } == true)

            // the schedule: the organiser only
            try await api.call(.post, "/schedule/run", "{}", token: aliceToken, .forbidden)
            try await api.call(.get, "/schedule", token: bobToken, .forbidden)
            let run = try await api.call(.post, "/schedule/run", #"{"reschedule": false}"#, token: organiser, .ok)
            let placed = try #require(run["meetings"] as? [[String: Any]])
            #expect(placed.count == 2 && placed.allSatisfy { $0["slot"] is [String: Any] && $0["table"] is NSNumber })
            #expect((run["unscheduled"] as? [Any])?.isEmpty == true)
            let figures = try #require(run["last_run"] as? [String: Any])
            #expect(figures["scheduled"] as? Int == 2 && figures["accepted"] as? Int == 2 && figures["bound"] as? Int == 2)
            let meetingAB = Self.id(ab)
            let fixed = try await api.call(.put, "/meetings/\(meetingAB)/fixed-slot", #"{"slot": 4}"#, token: organiser, .ok)
            #expect(fixed["fixed"] as? Bool == true && (fixed["slot"] as? [String: Any])?["index"] as? Int == 4)
            try await api.call(.put, "/meetings/\(meetingAB)/fixed-slot", #"{"slot": 99}"#, token: organiser, .unprocessableContent)
            try await api.call(.put, "/meetings/\(meetingAB)/fixed-slot", #"{}"#, token: organiser, .unprocessableContent)
            try await api.call(.put, "/meetings/\(meetingAB)/fixed-slot", #"{"slot": 4}"#, token: aliceToken, .forbidden)
            let schedule = try await api.call(.get, "/schedule", token: organiser, .ok)
            #expect((schedule["meetings"] as? [[String: Any]])?.count == 2 && schedule["schedule_published_at"] is NSNull)
            // before publication, agendas are empty
            #expect(try await api.call(.get, "/agenda", token: aliceToken, .ok)["total"] as? Int == 0)
            let published = try await api.call(.post, "/schedule/publish", token: organiser, .ok)
            #expect(published["schedule_version"] as? Int == 1)
            let told = try await platform.outbox.list(page: 1, perPage: 100).rows.filter { $0.kind == "matchmaking-schedule" }.map(\.recipient)
            #expect(Set(told) == ["mmalice@partnering.example.eu", "mmbob@partnering.example.eu", "mmcarol@partnering.example.eu"] && told.count == 3)

            // both agendas show the meeting, in JSON and as iCalendar
            let aliceAgenda = try await api.call(.get, "/agenda", token: aliceToken, .ok)
            let item = try #require((aliceAgenda["items"] as? [[String: Any]])?.first)
            #expect(aliceAgenda["total"] as? Int == 1)
            #expect((item["other"] as? [String: Any])?["name"] as? String == "Mmbob")
            #expect((item["slot"] as? [String: Any])?["starts_at"] as? String == "\(day)T10:40:00+00:00")
            #expect((item["place"] as? String)?.hasPrefix("Table ") == true)
            #expect(try await api.call(.get, "/agenda", token: bobToken, .ok)["total"] as? Int == 2)
            let ics = try await client.execute(
                uri: "/api/v1/events/\(event.id)/matchmaking/agenda.ics", method: .get, headers: [.authorization: "Bearer \(aliceToken)"])
            #expect(ics.status == .ok && ics.headers[.contentType]?.hasPrefix("text/calendar") == true)
            #expect(ics.text.contains("BEGIN:VEVENT") && ics.text.contains("UID:meeting-\(meetingAB)@") && ics.text.contains("Mmbob (Beta Farming)"))
            let bobICS = try await client.execute(
                uri: "/api/v1/events/\(event.id)/matchmaking/agenda.ics", method: .get, headers: [.authorization: "Bearer \(bobToken)"])
            #expect(bobICS.text.components(separatedBy: "BEGIN:VEVENT").count == 3)
            #expect((try await api.call(.get, "/requests", token: aliceToken, .ok)["items"] as? [[String: Any]])?.first?["slot"] is [String: Any])

            // withdrawing the slot of a meeting needs confirmation; confirmed, the meeting leaves the schedule
            let held = try await api.call(.patch, "/participants/me", #"{"available": [0, 1, 2, 3]}"#, token: aliceToken, .conflict)
            #expect(held["error"] as? String == "availability_holds_meetings")
            let freed = try await api.call(.patch, "/participants/me", #"{"available": [0, 1, 2, 3], "confirm": true}"#, token: aliceToken, .ok)
            #expect((freed["freed_meetings"] as? [NSNumber])?.map(\.int64Value) == [meetingAB])
            let rerun = try await api.call(.post, "/schedule/run", "{}", token: organiser, .ok)
            #expect((rerun["unscheduled"] as? [[String: Any]])?.isEmpty == true)

            // after booking closes, no more requests
            try await api.call(.put, "", "{\"booking_closes\": \"\(Self.local(Date().addingTimeInterval(-60)))\"}", token: organiser, .ok)
            #expect(
                try await api.call(.post, "/requests", "{\"participant_id\": \(b)}", token: aliasToken, .unprocessableContent)["error"] as? String
                    == "booking_closed")
            try await api.call(.put, "/meetings/\(meetingAB)/follow-up", #"{"took_place": true}"#, token: aliceToken, .unprocessableContent)

            // the event is over: the meeting is followed up, and the outcomes count it
            try await platform.database.withConnection { db in
                try await db.raw(
                    "UPDATE events SET starts_at = \(bind: Int64(Date().addingTimeInterval(-7200).timeIntervalSince1970 * 1000)), ends_at = \(bind: Int64(Date().addingTimeInterval(-30).timeIntervalSince1970 * 1000)) WHERE id = \(bind: event.id)"
                ).run()
            }
            #expect(try await api.call(.get, "", token: nil, .ok)["phase"] as? String == "follow-up")
            try await api.call(
                .put, "/meetings/\(meetingAB)/follow-up", #"{"took_place": true, "outcome": "a-handshake"}"#, token: aliceToken, .unprocessableContent)
            try await api.call(.put, "/meetings/\(meetingAB)/follow-up", #"{"took_place": true}"#, token: carolToken, .notFound)
            let report = try await api.call(
                .put, "/meetings/\(meetingAB)/follow-up", #"{"took_place": true, "outcome": "memorandum-of-understanding", "note": "Signed."}"#,
                token: aliceToken, .ok)
            #expect(report["outcome"] as? String == "memorandum-of-understanding" && report["note"] as? String == "Signed.")
            try await api.call(.put, "/meetings/\(meetingAB)/follow-up", #"{"took_place": true, "outcome": "letter-of-interest"}"#, token: bobToken, .ok)
            let outcomes = try await api.call(.get, "/outcomes", token: nil, .ok)
            #expect(outcomes["meetings_held"] as? Int == 1 && outcomes["agreements"] as? Int == 1)
            #expect((outcomes["by_outcome"] as? [String: Int])?["memorandum-of-understanding"] == 1)
            #expect((outcomes["by_outcome"] as? [String: Int])?["letter-of-interest"] == 0)
        }
    }

    @Test func theAPIRefusesCookiesUnknownEventsAndOtherTeamsRequests() async throws {
        try await withApp(demo: false) { client, platform in
            let alpha = try await Self.organisation(platform, "Alpha Cookie", country: "FR")
            let (alice, aliceToken) = try await PartneringTests.teamMember(of: alpha.id, "mmcookie", platform: platform)
            let now = Date()
            // a whole hour three days on
            let starts = Date(timeIntervalSince1970: ((now.timeIntervalSince1970 + 3 * 86_400) / 3600).rounded(.down) * 3600)
            let event = try await platform.events.create(
                Event(
                    title: "Cookie matchmaking", description: "Meetings.", kind: .workshop, startsAt: starts, endsAt: starts.addingTimeInterval(3600),
                    timeZone: "UTC", venue: "Lyon", organiserID: alpha.id
                ).published(at: now), actor: "test"
            ).event
            let checker = SchemaChecker(document: try await client.get("/api/v1/openapi.json").json)
            let api = API(client: client, checker: checker, event: event.id)
            let day = CalendarDay.of(starts)
            let from = ZonedTime.localInput(starts, zone: "UTC").suffix(5)
            let to = ZonedTime.localInput(starts.addingTimeInterval(3600), zone: "UTC").suffix(5)
            // a session within the event's hour (unless the hour straddles midnight, which the clock may give)
            if from < to {
                let setup = """
                    {"sessions": ["\(day) \(from)-\(to)"], "slot_minutes": 15, "tables": 2,
                     "registration_opens": "\(Self.local(now.addingTimeInterval(-60)))", "booking_opens": "\(Self.local(now))",
                     "booking_closes": "\(Self.local(starts))", "follow_up_closes": "\(Self.local(starts.addingTimeInterval(86_400)))"}
                    """
                try await api.call(.put, "", setup, token: aliceToken, .created)
                try await api.call(.put, "", "{\"tables\": 3}", token: aliceToken, .ok)
                // a session cookie is not a token, even of the organiser
                let browser = try await PartneringTests.browser(client, alice)
                let withCookie = try await client.execute(
                    uri: "/api/v1/events/\(event.id)/matchmaking/schedule/run", method: .post,
                    headers: browser.cookieHeader.merging([.contentType: "application/json"]), body: ByteBuffer(string: "{}"))
                #expect(withCookie.status == .unauthorized)
                let me = try await client.execute(uri: "/api/v1/events/\(event.id)/matchmaking/participants/me", method: .get, headers: browser.cookieHeader)
                #expect(me.status == .unauthorized)
                try await api.call(.get, "/participants/me", token: aliceToken, .forbidden)
                try await api.call(.post, "/schedule/run", "{}", token: aliceToken, .ok)
                try await api.call(.post, "/schedule/run", "{\"reschedule\": \"yes\"}", token: aliceToken, .badRequest)
                try await api.call(.post, "/schedule/run", "{\"colour\": 1}", token: aliceToken, .unprocessableContent)
            }
            // unknown and malformed events
            let unknown = API(client: client, checker: checker, event: 999_999)
            try await unknown.call(.get, "", token: nil, .notFound)
            try await unknown.call(.get, "/outcomes", token: nil, .notFound)
            try await unknown.call(.put, "", "{}", token: aliceToken, .notFound)
            let malformed = try await client.get("/api/v1/events/first/matchmaking")
            #expect(malformed.status == .badRequest)
        }
    }
}

extension HTTPFields {
    func merging(_ other: HTTPFields) -> HTTPFields {
        var result = self
        for field in other { result[field.name] = field.value }
        return result
    }
}

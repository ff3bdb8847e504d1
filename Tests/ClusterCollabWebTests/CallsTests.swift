import ClusterCollabCalls
import ClusterCollabCore
import ClusterCollabMatching
import ClusterCollabStorage
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Calls for interest over HTTP: the server decides the deadline, refuses outsiders and ineligible
/// consortia naming each failed rule, and never overwrites an edit silently.
@Suite struct CallsTests {
    /// A published organisation with a team member (and token) and a partner search whose consortium
    /// has the organisation and `partners` more, from other countries.
    static func consortium(_ platform: Platform, _ name: String, partners: [Organisation]) async throws -> (
        lead: Organisation, user: User, token: String, search: Int64
    ) {
        let lead = try await platform.organisations.create(
            Organisation(name: "\(name) Cluster", type: .clusterOrganisation, country: "FR", region: "FR10", status: .published))
        let (user, token) = try await PartneringTests.teamMember(of: lead.id, name.lowercased(), platform: platform)
        var input = PartnerSearchInput()
        input.title = "\(name) consortium"; input.kind = "project-consortium"
        input.description = "A consortium that applies to calls in the tests."; input.competences = ["ecosystem:1"]
        let search = try await platform.partnerSearches.create(
            try input.applied(to: nil, ownerID: lead.id, reference: platform.reference, today: platform.today),
            createdBy: user.id, actor: "test")
        for partner in partners {
            let interest = try await platform.partnerSearches.expressInterest(
                searchID: search.search.id, organisationID: partner.id, userID: nil, message: "", today: platform.today)
            try await platform.partnerSearches.decideInterest(id: interest.id, accept: true, decidedBy: user.id, actor: "test")
        }
        return (lead, user, token, search.search.id)
    }

    static func call(_ platform: Platform, closesIn seconds: TimeInterval, rules: [EligibilityRule] = [.minMembers(2)]) async throws -> Call {
        var call = DemoCalls.escpS3(
            title: "Test call \(UUID().uuidString.prefix(6))", opensAt: Date().addingTimeInterval(-3_600), closesAt: Date().addingTimeInterval(seconds))
        call.rules = rules
        return try await platform.calls.create(call, actor: "test").call
    }

    static let answers =
        #"{"summary": "A partnership summary long enough to pass the minimum length of fifty characters.", "thematic_area": "Agri-food", "s3_alignment": "yes"}"#

    @Test func aConsortiumSubmitsWithAReceiptAndOnlyItsLeadTeamMay() async throws {
        try await withApp(demo: false) { client, platform in
            let partner = try await platform.organisations.create(
                Organisation(name: "Partner Hub", type: .clusterOrganisation, country: "DE", region: "DE21", status: .published))
            let team = try await Self.consortium(platform, "Alpha", partners: [partner])
            let call = try await Self.call(platform, closesIn: 3_600, rules: [.minMembers(2), .minCountries(3)])
            let created = try await client.send(.post, "/api/v1/calls/\(call.id)/applications", json: #"{"search_id": \#(team.search)}"#, token: team.token)
            #expect(created.status == .created)
            let id = try #require((try created.json["id"] as? NSNumber)?.int64Value)

            // Someone outside the lead organisation's team may not submit.
            let (_, strangerToken) = try await PartneringTests.teamMember(of: partner.id, "stranger", platform: platform)
            let outsider = try await client.send(
                .post, "/api/v1/applications/\(id)/submit", json: #"{"version": 1, "answers": \#(Self.answers)}"#, token: strangerToken)
            #expect(outsider.status == .forbidden)

            // Ineligible: 422 naming the failed rule; nothing is submitted.
            let ineligible = try await client.send(
                .post, "/api/v1/applications/\(id)/submit", json: #"{"version": 1, "answers": \#(Self.answers)}"#, token: team.token)
            #expect(ineligible.status == .unprocessableContent)
            let failed = try #require(try ineligible.json["fields"] as? [String: String])
            #expect(failed.values.contains { $0.contains("2 countries") && $0.contains("at least 3") })
            #expect(try await platform.calls.application(id: id)?.status == .draft)

            // Incomplete answers: each field named.
            let incomplete = try await client.send(
                .post, "/api/v1/applications/\(id)/submit", json: #"{"version": 1, "answers": {"summary": "too short"}}"#, token: team.token)
            #expect(incomplete.status == .unprocessableContent)
            #expect((try incomplete.json["fields"] as? [String: String])?["answers.thematic_area"] != nil)

            // A third country makes it eligible; the receipt comes back after the commit.
            let third = try await platform.organisations.create(
                Organisation(name: "Third Hub", type: .clusterMember, country: "PL", region: "PL82", status: .published))
            let interest = try await platform.partnerSearches.expressInterest(
                searchID: team.search, organisationID: third.id, userID: nil, message: "", today: platform.today)
            try await platform.partnerSearches.decideInterest(id: interest.id, accept: true, decidedBy: team.user.id, actor: "test")
            let live = try await client.get("/api/v1/calls/\(call.id)/eligibility?search=\(team.search)").json
            #expect(live["eligible"] as? Bool == true)
            let submitted = try await client.send(
                .post, "/api/v1/applications/\(id)/submit", json: #"{"version": 1, "answers": \#(Self.answers)}"#, token: team.token)
            #expect(submitted.status == .ok)
            let receipt = try submitted.json
            #expect((receipt["reference"] as? String)?.hasPrefix("ESCP-S3-") == true)
            #expect((receipt["digest"] as? String)?.count == 64)
            #expect(receipt["status"] as? String == "submitted")
            #expect(try await platform.partnerSearches.find(id: team.search)?.consortium.status == .submitted, "the workspace shows the consortium applied")
            let mails = try await platform.outbox.list(page: 1, perPage: 50).rows
            #expect(
                mails.contains { $0.recipient == team.user.email && $0.kind == "call-receipt" && $0.bodyText.contains(receipt["digest"] as? String ?? "-") })

            // An edit based on the old version is a conflict, not an overwrite.
            let stale = try await client.send(
                .post, "/api/v1/applications/\(id)/submit", json: #"{"version": 1, "answers": \#(Self.answers)}"#, token: team.token)
            #expect(stale.status == .conflict)
            let versions = try await platform.calls.versions(applicationID: id)
            #expect(versions.map(\.version) == [1, 2])
        }
    }

    @Test func aLateSubmissionIsRefusedWithTheDeadlineInThePersonsZone() async throws {
        try await withApp(demo: false) { client, platform in
            let partner = try await platform.organisations.create(
                Organisation(name: "Partner Hub", type: .clusterOrganisation, country: "DE", region: "DE21", status: .published))
            let team = try await Self.consortium(platform, "Beta", partners: [partner])
            try await platform.database.withConnection { db in
                try await db.raw("UPDATE users SET time_zone = 'America/New_York' WHERE id = \(bind: team.user.id)").run()
            }
            let call = try await Self.call(platform, closesIn: 3_600)
            let draft = try await platform.calls.createDraft(callID: call.id, searchID: team.search, leadID: team.lead.id, userID: team.user.id)
            // The call has closed since (moved back rather than waited for, so a busy machine cannot miss it).
            let closedAt = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 - 1).rounded(.down))
            try await platform.database.withConnection { db in
                try await db.raw("UPDATE calls SET closes_at = \(bind: Int64(closedAt.timeIntervalSince1970 * 1000)) WHERE id = \(bind: call.id)").run()
            }
            let late = try await client.send(
                .post, "/api/v1/applications/\(draft.id)/submit", json: #"{"version": 1, "answers": \#(Self.answers)}"#, token: team.token)
            #expect(late.status == .unprocessableContent)
            let body = try late.json
            #expect(body["error"] as? String == "deadline_passed")
            let fields = try #require(body["fields"] as? [String: String])
            #expect(fields["deadline"] == ZonedTime.display(closedAt, zone: "America/New_York"))
            #expect(fields["deadline_call_zone"] == ZonedTime.display(closedAt, zone: "Europe/Brussels"))
            #expect(try await platform.calls.application(id: draft.id)?.status == .draft)
        }
    }

    @Test func rulesChangedAfterOpeningNeedAReCheckThatTellsTheApplicants() async throws {
        try await withApp(demo: false) { client, platform in
            let partner = try await platform.organisations.create(
                Organisation(name: "Partner Hub", type: .clusterOrganisation, country: "DE", region: "DE21", status: .published))
            let team = try await Self.consortium(platform, "Gamma", partners: [partner])
            let call = try await Self.call(platform, closesIn: 3_600)
            let draft = try await platform.calls.createDraft(callID: call.id, searchID: team.search, leadID: team.lead.id, userID: team.user.id)
            _ = try await platform.calls.submit(
                id: draft.id, answers: ["summary": String(repeating: "x", count: 60), "thematic_area": "Agri-food", "s3_alignment": "yes"],
                expectedVersion: 1, userID: team.user.id, userEmail: team.user.email)
            let tighter = #"{"rules": [{"rule": "min_members", "value": 3}]}"#
            let refused = try await client.send(.patch, "/api/v1/calls/\(call.id)", json: tighter)
            #expect(refused.status == .conflict)
            #expect((try refused.json["error"] as? String)?.contains("re-check") == true)
            #expect(try await platform.calls.call(id: call.id)?.call.rules == [.minMembers(2)], "nothing changed")
            let rechecked = try await client.send(.patch, "/api/v1/calls/\(call.id)?recheck=true", json: tighter)
            #expect(rechecked.status == .ok)
            let application = try #require(try await platform.calls.application(id: draft.id))
            #expect(application.status == .submitted, "a re-check never withdraws a submission")
            #expect(!Eligibility.isEligible(application.eligibility))
            #expect(
                try await platform.notifications.list(userID: team.user.id).contains { $0.kind == "call-recheck" && $0.message.contains("no longer eligible") })
        }
    }

    @Test func callsAndPartnershipsArePublicAndDraftsAreNot() async throws {
        try await withApp { client, platform in
            let calls = try await client.get("/api/v1/calls").json
            #expect(calls["total"] as? Int == 2)
            #expect(try await client.get("/api/v1/calls?status=open").json["total"] as? Int == 1)
            #expect(try await client.get("/api/v1/calls?status=closed").json["total"] as? Int == 1)
            #expect(try await client.get("/api/v1/calls?status=later").status == .unprocessableContent)
            #expect(try await client.send(.post, "/api/v1/calls", json: "garbage").status == .badRequest)
            let invalid = try await client.send(.post, "/api/v1/calls", json: #"{"title": "A call", "rules": [{"rule": "min_members"}]}"#)
            #expect(invalid.status == .unprocessableContent)
            #expect((try invalid.json["fields"] as? [String: String])?["rules[0].value"] != nil)
            let partnerships = try await client.get("/api/v1/partnerships").json
            let first = try #require((partnerships["items"] as? [[String: Any]])?.first)
            #expect(first["label"] as? String == "ESCP-S3")
            #expect((first["countries"] as? [String])?.count == 3)
            #expect((first["smes"] as? Int ?? 0) > 0)
            var unpublished = DemoCalls.escpS3(title: "Not yet", opensAt: Date().addingTimeInterval(86_400), closesAt: Date().addingTimeInterval(9 * 86_400))
            unpublished.state = .draft
            let draft = try await platform.calls.create(unpublished, actor: "test")
            #expect(try await client.get("/api/v1/calls/\(draft.call.id)").status == .notFound)
            #expect(try await client.get("/api/v1/calls").json["total"] as? Int == 2)
            let page = try await client.get("/calls/1")
            #expect(page.text.contains("<h3>Who may apply</h3>"), "the description's Markdown is rendered")
            #expect(page.text.contains("At least 3 members"))
            let board = try await client.get("/partnerships")
            #expect(board.text.contains("SMEs among the members"))
        }
    }

    @Test func moderatorsEvaluateOnTheBoardAndPublishResults() async throws {
        try await withApp { client, platform in
            let moderator = try await AccountAdministration.createVerifiedAccount(
                email: "mod@calls.example.eu", name: "Mod", password: AccountsTests.password,
                role: .moderator, database: platform.database, bcryptCost: 4)
            let browser = try await PartneringTests.browser(client, moderator)
            let board = try await browser.get("/calls/1/evaluation")
            #expect(board.status == .ok)
            let references = try await platform.calls.applications(callID: 1, status: .submitted).compactMap(\.reference)
            #expect(references.count == 3)
            for reference in references { #expect(board.text.contains(reference)) }
            let token = try #require(Browser.token(in: board.text))
            // Counted in the page's main part: the header's "Log out" form carries the token too.
            let main = board.text.components(separatedBy: "</header>").last ?? ""
            #expect(main.components(separatedBy: "name=\"csrf_token\" value=\"\(token)\"").count - 1 == 3, "every row's form carries the token")
            // Scores beyond a criterion's maximum are refused; a valid evaluation is saved.
            let application = try #require(try await platform.calls.applications(callID: 1, status: .submitted).last)
            let refused = try await browser.post("/applications/\(application.id)/evaluation", [("decision", "eligible"), ("score.Relevance", "31")])
            #expect(refused.status == .unprocessableContent)
            let saved = try await browser.post(
                "/applications/\(application.id)/evaluation", [("decision", "eligible"), ("score.Relevance", "12"), ("reason", "")])
            #expect(saved.status == .seeOther)
            #expect(try await platform.calls.application(id: application.id)?.scores == ["Relevance": 12])
            // The demo call's results are published already: once is enough.
            #expect(try await browser.post("/calls/1/results", []).status == .conflict)
            // Visitors do not see the board.
            #expect(try await client.get("/calls/1/evaluation").status == .seeOther)
        }
    }

    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

    @Test func theEvaluationStaysWithThePlatformTeamUntilResultsArePublished() async throws {
        try await withApp(demo: false) { client, platform in
            // given a submitted expression of interest, evaluated by a moderator once the call closed
            let partner = try await platform.organisations.create(
                Organisation(name: "Partner Hub", type: .clusterOrganisation, country: "DE", region: "DE21", status: .published))
            let team = try await Self.consortium(platform, "Epsilon", partners: [partner])
            let call = try await Self.call(platform, closesIn: 3_600)
            let draft = try await platform.calls.createDraft(callID: call.id, searchID: team.search, leadID: team.lead.id, userID: team.user.id)
            _ = try await platform.calls.submit(
                id: draft.id, answers: ["summary": String(repeating: "x", count: 60), "thematic_area": "Agri-food", "s3_alignment": "yes"],
                expectedVersion: 1, userID: team.user.id, userEmail: team.user.email)
            // The call has closed since (moved back rather than waited for, so a busy machine cannot miss it).
            try await platform.database.withConnection { db in
                try await db.raw(
                    "UPDATE calls SET closes_at = \(bind: Int64(Date().addingTimeInterval(-1).timeIntervalSince1970 * 1000)) WHERE id = \(bind: call.id)"
                ).run()
            }
            _ = try await platform.calls.evaluate(
                id: draft.id, decision: .eligible, reason: "A confidential remark of the panel", scores: ["Relevance": 27],
                selected: true, moderator: "test")
            let evaluationKeys: Set<String> = ["decision", "decision_reason", "scores", "selected"]

            // when the lead team reads it before the results are published, then nothing of the evaluation shows
            let early = try await client.get("/api/v1/applications/\(draft.id)", headers: Self.bearer(team.token))
            #expect(early.status == .ok)
            #expect(evaluationKeys.isDisjoint(with: try early.json.keys), "the lead team reads no decision, reason, score or selection")
            #expect(!early.text.contains("confidential remark"))
            let page = try await PartneringTests.browser(client, team.user).get("/applications/\(draft.id)")
            #expect(page.status == .ok)
            #expect(!page.text.contains("confidential remark") && !page.text.contains("Relevance"))
            func tells(_ text: String) -> Bool { text.contains("selected") || text.contains("confidential") || text.contains("Relevance") }
            #expect(!(try await platform.notifications.list(userID: team.user.id).contains { tells($0.message) }))
            #expect(
                !(try await platform.outbox.list(page: 1, perPage: 50).rows.contains { $0.recipient == team.user.email && tells($0.subject + $0.bodyText) }))
            // while the platform team reads all of it
            let moderatorView = try await client.get("/api/v1/applications/\(draft.id)", headers: Self.bearer(operatorToken)).json
            #expect(moderatorView["decision_reason"] as? String == "A confidential remark of the panel")
            #expect(moderatorView["selected"] as? Bool == true)

            // when the results are published, then the lead team reads the evaluation
            _ = try await platform.calls.publishResults(callID: call.id, actor: "test")
            let late = try await client.get("/api/v1/applications/\(draft.id)", headers: Self.bearer(team.token)).json
            #expect(late["decision"] as? String == "eligible")
            #expect(late["selected"] as? Bool == true)
            #expect((late["scores"] as? [String: Int])?["Relevance"] == 27)
        }
    }

    @Test func theLiveCheckDoesNotCountTheConsortiumsOwnSubmission() async throws {
        try await withApp(demo: false) { client, platform in
            // given a consortium that has submitted to a call allowing one application per organisation
            let partner = try await platform.organisations.create(
                Organisation(name: "Partner Hub", type: .clusterOrganisation, country: "DE", region: "DE21", status: .published))
            let team = try await Self.consortium(platform, "Zeta", partners: [partner])
            let call = try await Self.call(platform, closesIn: 3_600, rules: [.minMembers(2), .maxApplicationsPerOrganisation(1)])
            let draft = try await platform.calls.createDraft(callID: call.id, searchID: team.search, leadID: team.lead.id, userID: team.user.id)
            _ = try await platform.calls.submit(
                id: draft.id, answers: ["summary": String(repeating: "x", count: 60), "thematic_area": "Agri-food", "s3_alignment": "yes"],
                expectedVersion: 1, userID: team.user.id, userEmail: team.user.email)
            // when its team checks it live, then its own submission is no other application
            let live = try await client.get("/api/v1/calls/\(call.id)/eligibility?search=\(team.search)", headers: Self.bearer(team.token))
            #expect(live.status == .ok)
            #expect(try live.json["eligible"] as? Bool == true)
            #expect(live.text.contains("No member is in another application to this call."))
        }
    }

    @Test func onlyTheConsortiumsTeamLearnsThatAMemberIsInAnotherApplication() async throws {
        try await withApp(demo: false) { client, platform in
            // given two consortia sharing a partner, one of which has submitted
            let partner = try await platform.organisations.create(
                Organisation(name: "Shared Partner Hub", type: .clusterOrganisation, country: "DE", region: "DE21", status: .published))
            let submitted = try await Self.consortium(platform, "Eta", partners: [partner])
            let other = try await Self.consortium(platform, "Theta", partners: [partner])
            let call = try await Self.call(platform, closesIn: 3_600, rules: [.minMembers(2), .maxApplicationsPerOrganisation(1)])
            let draft = try await platform.calls.createDraft(callID: call.id, searchID: submitted.search, leadID: submitted.lead.id, userID: submitted.user.id)
            _ = try await platform.calls.submit(
                id: draft.id, answers: ["summary": String(repeating: "x", count: 60), "thematic_area": "Agri-food", "s3_alignment": "yes"],
                expectedVersion: 1, userID: submitted.user.id, userEmail: submitted.user.email)
            let (_, strangerToken) = try await PartneringTests.teamMember(of: partner.id, "eligibilitystranger", platform: platform)

            // when a visitor, or the team of a partner that does not lead it, checks the other consortium
            for headers in [HTTPFields(), Self.bearer(strangerToken)] {
                let outside = try await client.get("/api/v1/calls/\(call.id)/eligibility?search=\(other.search)", headers: headers)
                // then nothing says that the partner is in another application
                #expect(outside.status == .ok)
                #expect(!outside.text.contains("Shared Partner Hub"))
                #expect(!outside.text.contains("already in"))
                #expect(outside.text.contains(Eligibility.otherApplicationsWithheld))
            }
            // nor, for the consortium that submitted, that it has
            let submittedOutside = try await client.get("/api/v1/calls/\(call.id)/eligibility?search=\(submitted.search)")
            #expect(!submittedOutside.text.contains("1 other application") && !submittedOutside.text.contains("already in"))

            // when the other consortium's own team checks it, then it learns why it could not submit
            let inside = try await client.get("/api/v1/calls/\(call.id)/eligibility?search=\(other.search)", headers: Self.bearer(other.token)).json
            #expect(inside["eligible"] as? Bool == false)
            let sentences = (inside["rules"] as? [[String: Any]] ?? []).compactMap { $0["sentence"] as? String }
            #expect(sentences.contains("Shared Partner Hub is already in 1 other application to this call; at most 1 is allowed."))
        }
    }

    @Test func theLeadTeamAppliesThroughThePagesWithTheLiveCheck() async throws {
        try await withApp(demo: false) { client, platform in
            let partner = try await platform.organisations.create(
                Organisation(name: "Partner Hub", type: .clusterOrganisation, country: "DE", region: "DE21", status: .published))
            let team = try await Self.consortium(platform, "Delta", partners: [partner])
            let call = try await Self.call(platform, closesIn: 3_600, rules: [.minMembers(2), .minCountries(2)])
            let browser = try await PartneringTests.browser(client, team.user)
            let page = try await browser.get("/calls/\(call.id)")
            #expect(page.text.contains("Start an expression of interest"))
            #expect(page.text.contains("Members from at least 2 different countries"))
            let started = try await browser.post("/calls/\(call.id)/applications", [("search_id", String(team.search))])
            #expect(started.status == .seeOther)
            let location = try #require(started.headers[.location])
            let form = try await browser.get(location)
            #expect(form.text.contains("The consortium meets every rule."))
            // A draft may be incomplete; a submission may not.
            #expect(try await browser.post(location, [("version", "1"), ("action", "save"), ("answers.summary", "A start.")]).status == .seeOther)
            let incomplete = try await browser.post(location, [("version", "2"), ("action", "submit"), ("answers.summary", "A start.")])
            #expect(incomplete.status == .unprocessableContent)
            #expect(incomplete.text.contains("answers.thematic_area"))
            let done = try await browser.post(
                location,
                [
                    ("version", "2"), ("action", "submit"), ("answers.summary", String(repeating: "A real summary. ", count: 5)),
                    ("answers.thematic_area", "Energy transition"), ("answers.s3_alignment", "yes"),
                ])
            #expect(done.status == .seeOther)
            let receipt = try await browser.get(location)
            #expect(receipt.text.contains("Receipt: <strong>ESCP-S3-"))
            #expect(receipt.text.contains("Content digest (SHA-256)"))
            // Another person's browser cannot open it.
            let (stranger, _) = try await PartneringTests.teamMember(of: partner.id, "pagestranger", platform: platform)
            let other = try await PartneringTests.browser(client, stranger)
            #expect(try await other.get(location).status == .forbidden)
        }
    }

    @Test func administratorsWriteCallsThroughTheForm() async throws {
        try await withApp(demo: false) { client, platform in
            let admin = try await AccountAdministration.createVerifiedAccount(
                email: "admin@calls.example.eu", name: "Admin", password: AccountsTests.password,
                role: .platformAdmin, database: platform.database, bcryptCost: 4)
            let browser = try await PartneringTests.browser(client, admin)
            let form = try await browser.get("/admin/calls/new")
            #expect(form.status == .ok)
            #expect(form.text.contains("min_members"), "the form starts from an ESCP-S3 style call")
            let opens = ZonedTime.localInput(Date().addingTimeInterval(86_400), zone: "Europe/Brussels")
            let closes = ZonedTime.localInput(Date().addingTimeInterval(30 * 86_400), zone: "Europe/Brussels")
            var fields: [(String, String)] = [
                ("title", "Cluster partnerships for the blue economy"), ("programme", "COSME"), ("label", "Blue partnership"),
                ("state", "published"), ("description", "Calls **blue economy** clusters. <script>alert(1)</script>"),
                ("thematic_areas", "Maritime\nFisheries"), ("time_zone", "Europe/Lisbon"), ("opens_at", opens), ("closes_at", closes),
                ("fields", "[]"), ("rules", #"[{"rule": "min_members"}]"#), ("criteria", "[]"),
            ]
            let refused = try await browser.post("/admin/calls", fields)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("rules[0].value"))
            #expect(try await platform.calls.calls(includeDrafts: true).isEmpty, "nothing was stored")
            fields[10] = ("rules", #"[{"rule": "min_members", "value": 3}, {"rule": "allowed_countries", "set": "EU"}]"#)
            let created = try await browser.post("/admin/calls", fields)
            #expect(created.status == .seeOther)
            let location = try #require(created.headers[.location])
            let page = try await browser.get(location)
            #expect(page.text.contains("Only organisations from EU member states"))
            #expect(page.text.contains("<strong>blue economy</strong>"))
            #expect(!page.text.contains("<script>alert(1)"), "raw HTML never reaches the page")
            #expect(page.text.contains("(Europe/Lisbon)"))
        }
    }
}

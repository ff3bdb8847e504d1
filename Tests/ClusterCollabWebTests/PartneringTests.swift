import ClusterCollabCore
import ClusterCollabMatching
import ClusterCollabStorage
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The partnering tool over HTTP: partner searches, participation, recommendations and consortium
/// proposals, on the demo data (whose drone cluster posts an open search).
@Suite struct PartneringTests {
    /// A person in the team of `organisation`, with a personal API token.
    static func teamMember(of organisation: Int64, _ name: String, platform: Platform) async throws -> (User, String) {
        let user = try await AccountAdministration.createVerifiedAccount(
            email: "\(name)@partnering.example.eu", name: name.capitalized,
            password: AccountsTests.password, role: .user,
            database: platform.database, bcryptCost: 4)
        try await platform.database.transaction { db in
            try await TeamRepository.addMembership(organisationID: organisation, userID: user.id, role: .administrator, on: db)
        }
        let token = "cc_" + Secrets.token()
        _ = try await platform.users.createToken(userID: user.id, name: "test", tokenHash: Secrets.hash(token), now: Date())
        return (user, token)
    }

    /// The demo search and a published organisation that is not in its consortium.
    static func demo(_ client: any TestClientProtocol, _ platform: Platform) async throws -> (search: Int64, outsider: Organisation) {
        let list = try await client.get("/api/v1/partner-searches?status=open").json
        let first = try #require((list["items"] as? [[String: Any]])?.first)
        let id = try #require((first["id"] as? NSNumber)?.int64Value)
        let record = try #require(try await platform.partnerSearches.find(id: id))
        let interested = Set(try await platform.partnerSearches.interests(searchID: id).map(\.interest.organisationID))
        let outsider = try #require(
            try await platform.organisations.page(status: .published, afterID: 0, limit: 50).first {
                !record.consortium.memberIDs.contains($0.id) && !interested.contains($0.id)
            })
        return (id, outsider)
    }

    static let newSearch = #"""
        {"owner_id": OWNER, "title": "Textile recycling pilots", "kind": "technology-cooperation",
         "description": "Pilot lines for recycling mixed textile waste into new fibres, with three countries.",
         "competences": ["ecosystem:13", "keyword:recycling"], "min_countries": 2, "min_members": 2, "max_members": 5,
         "deadline": "DEADLINE"}
        """#

    @Test func theDemoSearchIsListedWithItsPage() async throws {
        try await withApp { client, platform in
            let list = try await client.get("/api/v1/partner-searches").json
            let items = try #require(list["items"] as? [[String: Any]])
            #expect(list["total"] as? Int == items.count && items.count >= 1)
            let demo = try #require(items.first)
            #expect((demo["owner"] as? [String: Any])?["slug"] as? String == "pole-drones-ile-de-france")
            #expect(demo["status"] as? String == "open")
            let members = try #require((demo["consortium"] as? [String: Any])?["members"] as? [[String: Any]])
            #expect(members.count == 3, "the lead and two accepted partners")
            #expect(Set(members.compactMap { ($0["organisation"] as? [String: Any])?["country"] as? String }).count == 3)

            let html = try await client.get("/partner-searches")
            #expect(html.status == .ok)
            #expect(html.text.contains("Smart specialisation partnership on drones"))
            let id = try #require((demo["id"] as? NSNumber)?.int64Value)
            let page = try await client.get("/partner-searches/\(id)")
            #expect(page.status == .ok)
            for part in ["Consortium builder", "Recommended partners", "Expressions of interest", "flight test zone", "Partners&#39; pilots are welcome"] {
                #expect(page.text.contains(part), "the page lacks \(part)")
            }
            #expect(try await client.get("/partner-searches/999999").status == .notFound)
            #expect(try await client.get("/partner-searches/abc").status == .badRequest)
            #expect(try await client.get("/partner-searches/\(id)?objective=cheapest").status == .unprocessableContent)
            #expect(try await client.get("/partner-searches/\(id)?k=50").status == .unprocessableContent)
            #expect(try await client.get("/api/v1/partner-searches?status=gone").status == .unprocessableContent)
            #expect(try await client.get("/api/v1/partner-searches?competence=sector:999").status == .unprocessableContent)
            #expect(try await client.get("/api/v1/partner-searches?colour=red").status == .badRequest)
        }
    }

    @Test func listFiltersByCompetenceTextAndStatus() async throws {
        try await withApp { client, _ in
            let drone = try await client.get("/api/v1/partner-searches?competence=keyword:drone").json
            #expect(drone["total"] as? Int == 1)
            #expect(try await client.get("/api/v1/partner-searches?competence=ecosystem:13").json["total"] as? Int == 0)
            #expect(try await client.get("/api/v1/partner-searches?q=specialisation+drones").json["total"] as? Int == 1)
            #expect(try await client.get("/api/v1/partner-searches?q=bakery").json["total"] as? Int == 0)
            #expect(try await client.get("/api/v1/partner-searches?status=closed").json["total"] as? Int == 0)
            #expect(try await client.get("/api/v1/partner-searches?status=all&country=FR").json["total"] as? Int == 1)
        }
    }

    @Test func aTeamPostsASearchAndEveryBadValueIsNamed() async throws {
        try await withApp { client, platform in
            let (_, outsider) = try await Self.demo(client, platform)
            let (_, token) = try await Self.teamMember(of: outsider.id, "poster", platform: platform)
            let deadline = CalendarDay.adding(30, to: Date())
            let body = Self.newSearch.replacingOccurrences(of: "OWNER", with: String(outsider.id)).replacingOccurrences(of: "DEADLINE", with: deadline)
            let before = try await client.get("/api/v1/partner-searches?status=all").json["total"] as? Int

            let bad = body.replacingOccurrences(of: #""ecosystem:13""#, with: #""ecosystem:99""#)
                .replacingOccurrences(of: #""min_members": 2"#, with: #""min_members": 7"#)
                .replacingOccurrences(of: deadline, with: "2001-01-01")
            let refused = try await client.send(.post, "/api/v1/partner-searches", json: bad, token: token)
            #expect(refused.status == .unprocessableContent)
            let fields = try #require(try refused.json["fields"] as? [String: String])
            #expect(fields["competences"]?.contains("ecosystem:99") == true)
            #expect(fields["min_members"]?.contains("max_members") == true)
            #expect(fields["deadline"]?.contains("past") == true)
            let typed = try await client.send(
                .post, "/api/v1/partner-searches", json: body.replacingOccurrences(of: #""min_members": 2"#, with: #""min_members": "two""#), token: token)
            #expect(typed.status == .badRequest)
            #expect((try typed.json["fields"] as? [String: String])?["min_members"] == "must be a whole number")
            #expect(try await client.get("/api/v1/partner-searches?status=all").json["total"] as? Int == before, "nothing was stored")

            #expect(try await client.send(.post, "/api/v1/partner-searches", json: body, token: nil).status == .unauthorized)
            let (_, strangerToken) = try await Self.teamMember(
                of: try await platform.organisations.find(slug: "pole-drones-ile-de-france")!.id, "stranger", platform: platform)
            #expect(try await client.send(.post, "/api/v1/partner-searches", json: body, token: strangerToken).status == .forbidden)

            let created = try await client.send(.post, "/api/v1/partner-searches", json: body, token: token)
            #expect(created.status == .created)
            let doc = try created.json
            let id = try #require((doc["id"] as? NSNumber)?.int64Value)
            #expect(created.headers[.location] == "/api/v1/partner-searches/\(id)")
            #expect((doc["consortium"] as? [String: Any])?["status"] as? String == "forming")
            #expect(try await client.get("/api/v1/partner-searches?competence=ecosystem:13").json["total"] as? Int == 1)

            // Edits carry the version they were based on; a stale one is a conflict.
            let edited = try await client.send(.patch, "/api/v1/partner-searches/\(id)", json: #"{"max_members": 6, "version": 1}"#, token: token)
            #expect(edited.status == .ok)
            #expect(try edited.json["version"] as? Int == 2)
            let stale = try await client.send(.patch, "/api/v1/partner-searches/\(id)", json: #"{"max_members": 4, "version": 1}"#, token: token)
            #expect(stale.status == .conflict)
            #expect(try await client.get("/api/v1/partner-searches/\(id)").json["max_members"] as? Int == 6)
        }
    }

    @Test func interestIsOncePerOrganisationWithdrawableAndDecidedByTheOwner() async throws {
        try await withApp { client, platform in
            let (search, outsider) = try await Self.demo(client, platform)
            let (applicant, token) = try await Self.teamMember(of: outsider.id, "applicant", platform: platform)
            let drone = try #require(try await platform.organisations.find(slug: "pole-drones-ile-de-france"))
            let (owner, ownerToken) = try await Self.teamMember(of: drone.id, "owner", platform: platform)
            let unreadBefore = try await platform.notifications.unreadCount(userID: owner.id)

            let body = #"{"organisation_id": \#(outsider.id), "message": "We bring robotics."}"#
            let first = try await client.send(.post, "/api/v1/partner-searches/\(search)/interests", json: body, token: token)
            #expect(first.status == .created)
            let interest = try #require((try first.json["id"] as? NSNumber)?.int64Value)
            let again = try await client.send(.post, "/api/v1/partner-searches/\(search)/interests", json: body, token: token)
            #expect(again.status == .conflict)
            #expect((try again.json["error"] as? String)?.contains("already expressed interest") == true)
            #expect(try await platform.notifications.unreadCount(userID: owner.id) == unreadBefore + 1, "the owner's team is told")

            // The applicant may not decide on its own interest; the owner may.
            #expect(
                try await client.send(.post, "/api/v1/partner-searches/\(search)/interests/\(interest)/accept", json: "", token: token).status == .forbidden)
            #expect(
                try await client.send(.post, "/api/v1/partner-searches/\(search)/interests/\(interest)/withdraw", json: "", token: token).status == .noContent)
            let late = try await client.send(.post, "/api/v1/partner-searches/\(search)/interests/\(interest)/accept", json: "", token: ownerToken)
            #expect(late.status == .conflict)
            #expect((try late.json["error"] as? String)?.contains("withdrew") == true)
            let members = try #require(try await platform.partnerSearches.find(id: search)).consortium.memberIDs
            #expect(!members.contains(outsider.id))

            // After withdrawing, the organisation may express interest again; accepted, it joins.
            #expect(try await client.send(.post, "/api/v1/partner-searches/\(search)/interests", json: body, token: token).status == .created)
            let accepted = try await client.send(.post, "/api/v1/partner-searches/\(search)/interests/\(interest)/accept", json: "", token: ownerToken)
            #expect(accepted.status == .ok)
            #expect(try await platform.partnerSearches.find(id: search)!.consortium.partnerIDs.contains(outsider.id))
            #expect(try await platform.notifications.unreadCount(userID: applicant.id) == 1, "the applicant's team hears the decision")
            let interests = try await client.get("/api/v1/partner-searches/\(search)/interests").json["items"] as? [[String: Any]]
            #expect(interests?.contains { $0["status"] as? String == "accepted" && $0["message"] == nil } == true, "messages stay with the two teams")

            // A closed search takes no more interest.
            #expect(try await client.send(.patch, "/api/v1/partner-searches/\(search)", json: #"{"status": "closed"}"#, token: ownerToken).status == .ok)
            let (_, otherToken) = try await Self.teamMember(
                of: try await platform.organisations.page(status: .published, afterID: outsider.id, limit: 1).first!.id, "late", platform: platform)
            let other = try await platform.organisations.page(status: .published, afterID: outsider.id, limit: 1).first!
            let closed = try await client.send(
                .post, "/api/v1/partner-searches/\(search)/interests", json: #"{"organisation_id": \#(other.id)}"#, token: otherToken)
            #expect(closed.status == .conflict)
            #expect((try closed.json["error"] as? String)?.contains("closed") == true)
        }
    }

    @Test func followersHearOfCommentsAndRepliesAreOneLevelDeep() async throws {
        try await withApp { client, platform in
            let (search, outsider) = try await Self.demo(client, platform)
            let (follower, followerToken) = try await Self.teamMember(of: outsider.id, "follower", platform: platform)
            let (_, writerToken) = try await Self.teamMember(of: outsider.id, "writer", platform: platform)
            #expect(try await client.send(.put, "/api/v1/partner-searches/\(search)/follow", json: "", token: followerToken).status == .noContent)
            let comment = try await client.send(
                .post, "/api/v1/partner-searches/\(search)/comments", json: #"{"body": "Which drones do you fly?"}"#, token: writerToken)
            #expect(comment.status == .created)
            let commentID = try #require((try comment.json["id"] as? NSNumber)?.int64Value)
            #expect(
                try await platform.notifications.list(userID: follower.id).contains {
                    $0.kind == "partnering-comment" && $0.link == "/partner-searches/\(search)"
                })
            let outbox = try await platform.outbox.list(page: 1, perPage: 200).rows
            #expect(outbox.contains { $0.recipient == follower.email && $0.kind == "partnering-comment" })

            let reply = try await client.send(
                .post, "/api/v1/partner-searches/\(search)/comments", json: #"{"body": "Fixed wing.", "parent_id": \#(commentID)}"#, token: followerToken)
            #expect(reply.status == .created)
            let replyID = try #require((try reply.json["id"] as? NSNumber)?.int64Value)
            let deeper = try await client.send(
                .post, "/api/v1/partner-searches/\(search)/comments", json: #"{"body": "And?", "parent_id": \#(replyID)}"#, token: writerToken)
            #expect(deeper.status == .unprocessableContent)
            #expect(
                try await client.send(.post, "/api/v1/partner-searches/\(search)/comments", json: #"{"body": ""}"#, token: writerToken).status
                    == .unprocessableContent)
            let thread = try await client.get("/api/v1/partner-searches/\(search)/comments").json["items"] as? [[String: Any]]
            #expect(thread?.filter { ($0["parent_id"] as? NSNumber)?.int64Value == commentID }.count == 1)
        }
    }

    @Test func consortiumBuilderValidatesItsRequestAndExplainsInfeasibility() async throws {
        try await withApp { client, _ in
            let id = try #require(((try await client.get("/api/v1/partner-searches").json["items"] as? [[String: Any]])?.first?["id"] as? NSNumber)?.int64Value)
            let path = "/api/v1/partner-searches/\(id)/consortium-proposals"
            let contradictory = try await client.send(.post, path, json: #"{"constraints": {"min_members": 6, "max_members": 3}}"#, token: nil)
            #expect(contradictory.status == .unprocessableContent)
            #expect((try contradictory.json["fields"] as? [String: String])?["constraints.min_members"] != nil)
            let tooFewCountries = try await client.send(
                .post, path, json: #"{"constraints": {"allowed_countries": ["FR", "DE"], "min_countries": 3}}"#, token: nil)
            #expect((try tooFewCountries.json["fields"] as? [String: String])?["constraints.min_countries"]?.contains("only 2 are allowed") == true)
            #expect(try await client.send(.post, path, json: #"{"objective": "cheapest"}"#, token: nil).status == .unprocessableContent)
            #expect(try await client.send(.post, path, json: #"{"k": 0}"#, token: nil).status == .unprocessableContent)
            #expect(try await client.send(.post, path, json: #"{"colour": 1}"#, token: nil).status == .unprocessableContent)
            #expect(try await client.send(.post, path, json: #"{"k": "3"}"#, token: nil).status == .badRequest)
            #expect(try await client.send(.post, path, json: "{nope", token: nil).status == .badRequest)

            // The accepted partners come from outside these countries: not an error, an explanation.
            let infeasible = try await client.send(.post, path, json: #"{"constraints": {"allowed_countries": ["FR", "DE", "IT", "ES"]}}"#, token: nil)
            #expect(infeasible.status == .ok)
            let doc = try infeasible.json
            #expect(doc["feasible"] as? Bool == false)
            #expect((doc["reasons"] as? [String])?.contains { $0.contains("not among the allowed countries") } == true)
        }
    }

    @Test func regionCategoriesAreLoadedByAdministratorsAllOrNothing() async throws {
        try await withApp(demo: false) { client, platform in
            let admin = try await AccountAdministration.createVerifiedAccount(
                email: "admin@partnering.example.eu", name: "Admin", password: AccountsTests.password,
                role: .platformAdmin, database: platform.database, bcryptCost: 4)
            let browser = Browser(client)
            try await browser.get("/login")
            _ = try await browser.post("/login", [("email", admin.email), ("password", AccountsTests.password)])
            try await browser.get("/admin/region-categories")
            let imported = try await browser.post("/admin/region-categories/import", [("csv", "nuts_code,category\nPL82,less-developed\nES61,transition\n")])
            #expect(imported.status == .ok)
            #expect(try await platform.regionCategories.table() == ["PL82": .lessDeveloped, "ES61": .transition])
            let bad = try await browser.post("/admin/region-categories/import", [("csv", "nuts_code,category\nPL82,transition\nZZ99,transition\n")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("ZZ99"))
            #expect(try await platform.regionCategories.table() == ["PL82": .lessDeveloped, "ES61": .transition], "nothing changed")
            _ = try await browser.post("/admin/region-categories", [("nuts_code", "RO11"), ("category", "less-developed")])
            _ = try await browser.post("/admin/region-categories/ES61/delete", [])
            #expect(try await platform.regionCategories.table() == ["PL82": .lessDeveloped, "RO11": .lessDeveloped])
            let page = try await browser.get("/admin/region-categories")
            #expect(page.text.contains("Podkarpackie"))
        }
    }

    @Test func recommendationsRankEveryPublishedOrganisationOutsideTheConsortium() async throws {
        try await withApp { client, platform in
            let (search, _) = try await Self.demo(client, platform)
            let record = try #require(try await platform.partnerSearches.find(id: search))
            let first = try await client.get("/api/v1/partner-searches/\(search)/recommendations?per_page=1000").json
            let items = try #require(first["items"] as? [[String: Any]])
            #expect(first["total"] as? Int == platform.directory.matching.count - record.consortium.members.count)
            #expect(items.count == first["total"] as? Int)
            let scores = items.compactMap { ($0["score"] as? NSNumber)?.doubleValue }
            #expect(scores.count == items.count && scores == scores.sorted(by: >), "best first")
            #expect(scores.allSatisfy { (0...1).contains($0) })
            let ids = items.compactMap { (($0["organisation"] as? [String: Any])?["id"] as? NSNumber)?.int64Value }
            #expect(Set(ids).isDisjoint(with: record.consortium.memberIDs))
            // Scores carry six exact decimals and a rank, so a client can reproduce the order: score
            // descending, then organisation id ascending.
            #expect(items.compactMap { ($0["rank"] as? NSNumber)?.intValue } == Array(1...items.count))
            #expect(scores.allSatisfy { abs(($0 * 1_000_000).rounded() - $0 * 1_000_000) < 1e-6 })
            let reordered = zip(scores, ids).sorted { $0.0 > $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }.map(\.1)
            #expect(reordered == ids)
            #expect(scores.contains { ($0 * 10_000).rounded() != $0 * 10_000 }, "more than four decimals are shown")
            let top = try #require(items.first)
            #expect(Set((top["parts"] as? [String: Any])?.keys.map { $0 } ?? []) == ["coverage", "complementarity", "geography", "s3", "text", "type"])
            #expect(!(top["covers"] as? [String] ?? []).isEmpty, "the best candidate brings a required competence")
            #expect(!(top["reasons"] as? [String] ?? []).isEmpty)

            // A page is the slice of the full ranking.
            let page3 = try await client.get("/api/v1/partner-searches/\(search)/recommendations?page=3&per_page=7").json
            let page3IDs = (page3["items"] as? [[String: Any]])?.compactMap { (($0["organisation"] as? [String: Any])?["id"] as? NSNumber)?.int64Value }
            #expect(page3IDs == Array(ids[14..<21]))
            #expect((page3["items"] as? [[String: Any]])?.compactMap { ($0["rank"] as? NSNumber)?.intValue } == Array(15...21))
            #expect(try await client.get("/api/v1/partner-searches/\(search)/recommendations?per_page=1001").status == .unprocessableContent)
            #expect(try await client.get("/api/v1/partner-searches/\(search)/recommendations?page=x").status == .badRequest)

            // The other way round: the search is recommended to its best candidate, not to its members.
            let slug = try #require((top["organisation"] as? [String: Any])?["slug"] as? String)
            let forCandidate = try await client.get("/api/v1/organisations/\(slug)/recommended-partner-searches").json
            #expect(
                ((forCandidate["items"] as? [[String: Any]])?.first?["search"] as? [String: Any])?["id"] as? Int64 == search
                    || (((forCandidate["items"] as? [[String: Any]])?.first?["search"] as? [String: Any])?["id"] as? NSNumber)?.int64Value == search)
            let profile = try await client.get("/organisations/\(slug)")
            #expect(profile.text.contains("Partner searches recommended for this organisation"))
            let owner = try await client.get("/api/v1/organisations/pole-drones-ile-de-france/recommended-partner-searches").json
            #expect(owner["total"] as? Int == 0)
        }
    }

    @Test func theDemoSearchWouldHaveRecommendedEachOfItsAcceptedPartners() async throws {
        try await withApp { client, platform in
            let (search, _) = try await Self.demo(client, platform)
            let record = try #require(try await platform.partnerSearches.find(id: search))
            let accepted = platform.profile(record).memberIDs
            #expect(accepted.count == 2)
            func country(_ id: Int64) -> String { platform.hit(id)?.country ?? "" }
            for member in accepted {
                // As if this partner had not been accepted yet: the partnership must span three countries, so
                // what counts is its place among the candidates of a sought type from a country the consortium lacks.
                var profile = platform.profile(record)
                profile.memberIDs.removeAll { $0 == member }
                let present = Set(profile.consortiumIDs.map(country))
                let all = platform.directory.matching.recommend(profile, offset: 0, limit: 100_000).items
                let sought = Set(record.search.soughtTypes)
                let newCountries = all.filter {
                    !present.contains(country($0.organisationID))
                        && (sought.isEmpty || platform.hit($0.organisationID).map { sought.contains($0.type) } == true)
                }
                let rank = (newCountries.firstIndex { $0.organisationID == member } ?? -2) + 1
                #expect((1...10).contains(rank), "\(platform.hit(member)?.name ?? "") ranks \(rank) among candidates from new countries")
                #expect(all.prefix(10).allSatisfy { !$0.covers.isEmpty }, "each of the first ten brings a required competence")
            }
            // The first one accepted is among the first ten of all.
            var profile = platform.profile(record)
            profile.memberIDs = []
            let top = platform.directory.matching.recommend(profile, offset: 0, limit: 10).items.map(\.organisationID)
            #expect(top.contains(accepted[0]))
        }
    }

    @Test func theDemoConsortiumCanBeCompletedExactly() async throws {
        try await withApp { client, platform in
            let (search, _) = try await Self.demo(client, platform)
            let record = try #require(try await platform.partnerSearches.find(id: search))
            let ranking = try await client.get("/api/v1/partner-searches/\(search)/recommendations?per_page=1000").json
            var shownScore: [Int64: Double] = [:]
            for item in ranking["items"] as? [[String: Any]] ?? [] {
                if let id = ((item["organisation"] as? [String: Any])?["id"] as? NSNumber)?.int64Value {
                    shownScore[id] = (item["score"] as? NSNumber)?.doubleValue
                }
            }
            func micro(_ x: Double) -> Int { Int((x * 1_000_000).rounded()) }
            for objective in ["best", "fewest"] {
                let response = try await client.send(
                    .post, "/api/v1/partner-searches/\(search)/consortium-proposals", json: #"{"objective": "\#(objective)", "k": 3}"#, token: nil)
                #expect(response.status == .ok)
                let doc = try response.json
                #expect(doc["feasible"] as? Bool == true, "\(objective): \(doc["reasons"] ?? "")")
                #expect(doc["optimal"] as? Bool == true)
                let proposals = try #require(doc["proposals"] as? [[String: Any]])
                #expect(proposals.count == 3)
                let totals = proposals.compactMap { ($0["total_score"] as? NSNumber)?.doubleValue }
                for proposal in proposals {
                    let members = try #require(proposal["members"] as? [[String: Any]])
                    let ids = Set(members.compactMap { (($0["organisation"] as? [String: Any])?["id"] as? NSNumber)?.int64Value })
                    #expect(ids.isSuperset(of: record.consortium.memberIDs), "every proposal keeps the owner and the accepted partners")
                    #expect((4...7).contains(members.count))
                    #expect((proposal["countries"] as? [String])?.count ?? 0 >= 3)
                    // The builder adds the very scores the ranking shows: its total is their exact sum.
                    let memberScores = members.compactMap { ($0["score"] as? NSNumber)?.doubleValue }
                    #expect(micro((proposal["total_score"] as? NSNumber)?.doubleValue ?? -1) == memberScores.map(micro).reduce(0, +))
                    for member in members where member["role"] as? String == "proposed" {
                        let id = (((member["organisation"] as? [String: Any])?["id"]) as? NSNumber)?.int64Value ?? 0
                        #expect((member["score"] as? NSNumber)?.doubleValue == shownScore[id], "a proposed member's score is its recommendation's")
                    }
                    let covered = Set(members.flatMap { $0["covers"] as? [String] ?? [] })
                    #expect(covered == Set(record.search.competences.map(\.description)), "every required competence is covered")
                }
                if objective == "best" {
                    #expect(totals == totals.sorted(by: >))
                } else {
                    let sizes = proposals.compactMap { $0["size"] as? Int }
                    #expect(sizes == sizes.sorted())
                }
            }
        }
    }

    /// Signs `user` in with a browser.
    static func browser(_ client: any TestClientProtocol, _ user: User) async throws -> Browser {
        let browser = Browser(client)
        try await browser.get("/login")
        _ = try await browser.post("/login", [("email", user.email), ("password", AccountsTests.password)])
        return browser
    }

    @Test func aTeamWorksThroughThePages() async throws {
        try await withApp { client, platform in
            let (_, outsider) = try await Self.demo(client, platform)
            let (poster, _) = try await Self.teamMember(of: outsider.id, "pageposter", platform: platform)
            let owner = try await Self.browser(client, poster)
            let form = try await owner.get("/partner-searches/new")
            #expect(form.status == .ok)
            #expect(form.text.contains(outsider.name))
            var fields: [(String, String)] = [
                ("owner_id", String(outsider.id)), ("title", "Hydrogen valleys for ports"), ("kind", "research-cooperation"),
                ("description", "Ports that want to run hydrogen pilots with research partners."),
                ("competences", "ecosystem:8\nkeyword:hydrogen\nsector:999"), ("sought_types", "cluster-organisation"),
                ("target_countries", ""), ("min_countries", "2"), ("min_members", "2"), ("max_members", "6"), ("deadline", ""),
            ]
            let refused = try await owner.post("/partner-searches", fields)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("sector:999"))
            #expect(refused.text.contains("Hydrogen valleys for ports"), "the form comes back as it was sent")
            fields[4] = ("competences", "ecosystem:8\nkeyword:hydrogen")
            let created = try await owner.post("/partner-searches", fields)
            #expect(created.status == .seeOther)
            let location = try #require(created.headers[.location])
            let id = try #require(Int64(location.split(separator: "/").last ?? ""))
            let page = try await owner.get(location)
            #expect(page.text.contains("Hydrogen valleys for ports"))
            #expect(page.text.contains("Consortium workspace"), "the owner's team manages the consortium")
            #expect(page.text.contains("Invite to express interest"))

            // Another team expresses interest through the form; the owner accepts it.
            let other = try #require(try await platform.organisations.page(status: .published, afterID: outsider.id, limit: 1).first)
            let (applicant, _) = try await Self.teamMember(of: other.id, "pageapplicant", platform: platform)
            let guest = try await Self.browser(client, applicant)
            let guestPage = try await guest.get(location)
            #expect(guestPage.text.contains("Express interest"))
            #expect(!guestPage.text.contains("Consortium workspace"))
            #expect(try await guest.post("\(location)/interests", [("organisation_id", String(other.id)), ("message", "Our port joins.")]).status == .seeOther)
            #expect(try await guest.post("\(location)/interests", [("organisation_id", String(other.id)), ("message", "Again.")]).status == .conflict)
            let interest = try #require(try await platform.partnerSearches.interests(searchID: id).first)
            #expect(try await guest.post("\(location)/interests/\(interest.interest.id)/accept", []).status == .forbidden)
            _ = try await owner.get(location)
            #expect(try await owner.post("\(location)/interests/\(interest.interest.id)/accept", []).status == .seeOther)
            #expect(try await platform.partnerSearches.find(id: id)!.consortium.partnerIDs == [other.id])

            // The workspace: status and the cooperation agreement; a bad date changes nothing.
            #expect(
                try await owner.post("\(location)/consortium", [("status", "formed"), ("agreement_title", "MoU"), ("agreement_date", "someday")]).status
                    == .unprocessableContent)
            #expect(try await platform.partnerSearches.find(id: id)!.consortium.status == .forming)
            #expect(
                try await owner.post(
                    "\(location)/consortium",
                    [
                        ("status", "formed"), ("agreement_title", "Memorandum of understanding"),
                        ("agreement_date", "2026-11-20"), ("agreement_note", "Signed in Rotterdam"),
                    ]
                ).status == .seeOther)
            let consortium = try #require(try await platform.partnerSearches.find(id: id)).consortium
            #expect(consortium.status == .formed && consortium.agreement?.title == "Memorandum of understanding")

            // Inviting a recommended organisation tells its team, once.
            let third = try #require(try await platform.organisations.page(status: .published, afterID: other.id, limit: 1).first)
            let (thirdMember, _) = try await Self.teamMember(of: third.id, "pageinvitee", platform: platform)
            _ = try await owner.get(location)
            #expect(try await owner.post("\(location)/invitations", [("organisation_id", String(third.id))]).status == .seeOther)
            #expect(try await platform.notifications.list(userID: thirdMember.id).contains { $0.kind == "partnering-invitation" })
            #expect(try await owner.post("\(location)/invitations", [("organisation_id", String(third.id))]).status == .conflict)

            // Editing through the form, with the version it was based on.
            let edit = try await owner.get("\(location)/edit")
            #expect(edit.status == .ok)
            var editFields = fields.filter { $0.0 != "owner_id" }
            editFields.append(("status", "open"))
            editFields.append(("version", "1"))
            editFields[0] = ("title", "Hydrogen valleys for European ports")
            #expect(try await owner.post(location, editFields).status == .seeOther)
            #expect(try await platform.partnerSearches.find(id: id)!.search.title == "Hydrogen valleys for European ports")
            #expect(try await owner.post(location, editFields).status == .conflict, "the second edit from version 1 is stale")
        }
    }

    /// Browsers send a textarea's line breaks as "\r\n"; Swift reads that as one Character.
    @Test func competencesOnSeparateBrowserLinesAreSavedEditedAndClosed() async throws {
        try await withApp { client, platform in
            // given a team member on the form
            let (_, outsider) = try await Self.demo(client, platform)
            let (poster, _) = try await Self.teamMember(of: outsider.id, "crlfposter", platform: platform)
            let owner = try await Self.browser(client, poster)
            try await owner.get("/partner-searches/new")
            let fields: [(String, String)] = [
                ("owner_id", String(outsider.id)), ("title", "Drone inspection of wind farms"), ("kind", "project-consortium"),
                ("description", "Inspection flights over offshore wind farms with research partners."),
                ("competences", "keyword:drone\r\ntechnology:KET2018-5"), ("sought_types", "cluster-organisation"),
                ("target_countries", ""), ("min_countries", "2"), ("min_members", "2"), ("max_members", "6"), ("deadline", ""),
            ]
            // when the competences come one per line, as a browser sends them
            let created = try await owner.post("/partner-searches", fields)
            // then the search is saved with both
            #expect(created.status == .seeOther, "\(Self.errors(in: created.text))")
            let location = try #require(created.headers[.location])
            let id = try #require(Int64(location.split(separator: "/").last ?? ""))
            #expect(try await platform.partnerSearches.find(id: id)?.search.competences.map(\.description) == ["keyword:drone", "technology:KET2018-5"])

            // when edited with three lines and a comma
            try await owner.get("\(location)/edit")
            var edit = fields.filter { $0.0 != "owner_id" }
            edit[3] = ("competences", "keyword:drone\r\ntechnology:KET2018-5, keyword:wind\r\n")
            let edited = try await owner.post(location, edit + [("status", "open"), ("version", "1")])
            #expect(edited.status == .seeOther, "\(Self.errors(in: edited.text))")
            #expect(
                try await platform.partnerSearches.find(id: id)?.search.competences.map(\.description) == [
                    "keyword:drone", "technology:KET2018-5", "keyword:wind",
                ])

            // when closed, the form sends the same textarea again
            try await owner.get("\(location)/edit")
            let closed = try await owner.post(location, edit + [("status", "closed"), ("version", "2")])
            #expect(closed.status == .seeOther, "\(Self.errors(in: closed.text))")
            #expect(try await platform.partnerSearches.find(id: id)?.search.status == .closed)
        }
    }

    @Test func aMalformedCompetenceSaysHowToSeparateThem() async throws {
        try await withApp { client, platform in
            // given a team member on the form
            let (_, outsider) = try await Self.demo(client, platform)
            let (poster, _) = try await Self.teamMember(of: outsider.id, "separator", platform: platform)
            let owner = try await Self.browser(client, poster)
            try await owner.get("/partner-searches/new")
            // when two competences are run together on one line
            let refused = try await owner.post(
                "/partner-searches",
                [
                    ("owner_id", String(outsider.id)), ("title", "Drone inspection of wind farms"), ("kind", "project-consortium"),
                    ("description", "Inspection flights over offshore wind farms with research partners."),
                    ("competences", "keyword:drone technology:KET2018-5"), ("min_countries", "2"), ("min_members", "2"), ("max_members", "6"),
                ])
            // then the error names the field and says how to separate them
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("one competence per line or separate them with commas"))
        }
    }

    /// The field errors listed on a refused form, for failure messages.
    static func errors(in page: String) -> String {
        page.components(separatedBy: "<strong>").dropFirst().map { $0.prefix(200) }.joined(separator: " | ")
    }
}

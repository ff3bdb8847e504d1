import ClusterCollabCalls
import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabMatching
import ClusterCollabStorage
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Every write route (HTML and API) against every role. The rules are listed here once; a write route
/// without a rule fails `everyWriteRouteHasARule`, so no new route escapes the matrix.
@Suite struct AuthorizationMatrixTests {
    enum Rule: String, CaseIterable {
        case anyone, signedIn, teamMember, teamAdministrator, moderator, platformAdministrator, bearerPlatformAdmin
        /// Only people in the organisation's own team: acting on its behalf is not the platform team's job.
        case teamOnly
        /// Any bearer token: every person may, with their own token (the operator where it acts for no one).
        case bearerAny
        /// A bearer token of the owner organisation's team, or of the platform team.
        case bearerTeamMember
        /// A bearer token of the lead organisation's team only.
        case bearerTeamOnly
        /// A bearer token of a moderator or administrator.
        case bearerModerator
    }
    enum Role: String, CaseIterable { case visitor, user, teamMember, teamAdministrator, moderator, platformAdmin, operatorToken }

    static let rules: [String: Rule] = [
        "POST /register": .anyone, "POST /login": .anyone, "POST /password-reset": .anyone, "POST /password-reset/{token}": .anyone,
        "POST /unsubscribe/{token}": .anyone,
        // Logging out without a session changes nothing, so anyone may.
        "POST /logout": .anyone, "POST /account/profile": .signedIn, "POST /account/password": .signedIn, "POST /account/email": .signedIn,
        "POST /account/tokens": .signedIn, "POST /account/tokens/{id}/revoke": .signedIn, "POST /account/logout-everywhere": .signedIn,
        "POST /account/emails": .signedIn, "POST /account/delete": .signedIn, "POST /organisations/new": .signedIn,
        "POST /notifications/read": .signedIn,
        "POST /my/organisations/{id}": .teamMember, "POST /my/organisations/{id}/submit": .teamMember, "POST /my/organisations/{id}/logo": .teamMember,
        "POST /my/organisations/{id}/members": .teamAdministrator, "POST /my/organisations/{id}/members/{user}/remove": .teamAdministrator,
        "POST /admin/moderation/{id}/decision": .moderator,
        "POST /admin/users/{id}/role": .platformAdministrator,
        "POST /organisations/{slug}/join": .signedIn,
        // A request to join an organisation that has a team: its administrators decide.
        "POST /join-requests/{id}/accept": .teamAdministrator, "POST /join-requests/{id}/decline": .teamAdministrator,
        "POST /api/v1/organisations": .bearerPlatformAdmin, "PATCH /api/v1/organisations/{id}": .bearerPlatformAdmin,
        "DELETE /api/v1/organisations/{id}": .bearerPlatformAdmin,
        // Partnering: {id} is a search owned by the matrix organisation, except for expressing and
        // withdrawing interest, where it is another organisation's search the matrix organisation joins.
        "POST /partner-searches": .signedIn, "POST /partner-searches/{id}": .teamMember,
        "POST /partner-searches/{id}/interests": .teamOnly, "POST /partner-searches/{id}/interests/{interest}/withdraw": .teamMember,
        "POST /partner-searches/{id}/interests/{interest}/accept": .teamMember, "POST /partner-searches/{id}/interests/{interest}/decline": .teamMember,
        "POST /partner-searches/{id}/comments": .signedIn, "POST /partner-searches/{id}/follow": .signedIn,
        "POST /partner-searches/{id}/invitations": .teamMember, "POST /partner-searches/{id}/consortium": .teamMember,
        "POST /api/v1/partner-searches": .bearerTeamMember, "PATCH /api/v1/partner-searches/{id}": .bearerTeamMember,
        "POST /api/v1/partner-searches/{id}/consortium-proposals": .anyone,
        "POST /api/v1/partner-searches/{id}/interests": .bearerTeamOnly, "POST /api/v1/partner-searches/{id}/interests/{interest}/withdraw": .bearerTeamMember,
        "POST /api/v1/partner-searches/{id}/interests/{interest}/accept": .bearerTeamMember,
        "POST /api/v1/partner-searches/{id}/interests/{interest}/decline": .bearerTeamMember,
        "POST /api/v1/partner-searches/{id}/comments": .bearerAny, "PUT /api/v1/partner-searches/{id}/follow": .bearerAny,
        "DELETE /api/v1/partner-searches/{id}/follow": .bearerAny, "PATCH /api/v1/partner-searches/{id}/consortium": .bearerTeamMember,
        "POST /admin/region-categories": .platformAdministrator, "POST /admin/region-categories/import": .platformAdministrator,
        "POST /admin/region-categories/{id}/delete": .platformAdministrator,
        // Calls: {id} is the matrix's open call, or for /applications the matrix organisation's draft.
        "POST /api/v1/calls": .bearerPlatformAdmin, "PATCH /api/v1/calls/{id}": .bearerPlatformAdmin,
        "POST /api/v1/calls/{id}/applications": .bearerTeamOnly, "POST /api/v1/calls/{id}/results": .bearerModerator,
        "PATCH /api/v1/applications/{id}": .bearerTeamOnly, "POST /api/v1/applications/{id}/submit": .bearerTeamOnly,
        "POST /api/v1/applications/{id}/withdraw": .bearerTeamOnly, "POST /api/v1/applications/{id}/evaluation": .bearerModerator,
        "POST /calls/{id}/applications": .teamOnly, "POST /applications/{id}": .teamOnly, "POST /applications/{id}/withdraw": .teamOnly,
        "POST /applications/{id}/evaluation": .moderator, "POST /calls/{id}/results": .moderator,
        "POST /admin/calls": .platformAdministrator, "POST /admin/calls/{id}": .platformAdministrator,
        // A partnership selected from the matrix organisation's consortium.
        "POST /partnerships/{id}/agreement": .teamMember, "POST /partnerships/{id}/news": .teamMember,
        // Funding opportunities are listed by the platform team only.
        "POST /funding/new": .moderator, "POST /funding/import": .moderator,
        "POST /api/v1/funding-opportunities": .bearerModerator, "POST /api/v1/funding-opportunities/import": .bearerModerator,
        // {id} is an opportunity listed for the attempt.
        "POST /funding/{id}/edit": .moderator, "PATCH /api/v1/funding-opportunities/{id}": .bearerModerator,
        "DELETE /api/v1/funding-opportunities/{id}": .bearerModerator,
        // Documents: uploaded for the matrix's published organisation; {id} is one of its documents.
        "POST /documents": .teamMember, "POST /documents/{id}/delete": .teamMember,
        "POST /api/v1/documents": .bearerTeamMember, "DELETE /api/v1/documents/{id}": .bearerTeamMember,
        // News and events: written for the matrix's published organisation (a team's wait for review, the
        // platform team's are published); {slug} and {id} of an edit are a published one of it, of a
        // decision one waiting for review.
        "POST /news": .teamMember, "POST /news/{slug}/edit": .teamMember, "POST /events": .teamMember, "POST /events/{slug}/edit": .teamMember,
        "POST /admin/moderation/news/{id}/decision": .moderator, "POST /admin/moderation/events/{id}/decision": .moderator,
        "POST /api/v1/news": .bearerTeamMember, "PATCH /api/v1/news/{slug}": .bearerTeamMember, "POST /api/v1/news/{slug}/decision": .bearerModerator,
        "POST /api/v1/events": .bearerTeamMember, "PATCH /api/v1/events/{id}": .bearerTeamMember,
        "POST /api/v1/events/{id}/decision": .bearerModerator,
        // Saved searches: a person's own; {id} here is nobody's search of theirs (another's is a 404).
        "POST /account/saved-searches": .signedIn, "POST /account/saved-searches/{id}/update": .signedIn,
        "POST /account/saved-searches/{id}/delete": .signedIn, "POST /unsubscribe/saved-search/{token}": .anyone,
        "POST /api/v1/saved-searches": .bearerAny, "PATCH /api/v1/saved-searches/{id}": .bearerAny, "DELETE /api/v1/saved-searches/{id}": .bearerAny,
        // Matchmaking: the event's organisers (its organisation's team, the platform team) set it up and
        // schedule; participants (who take part for their own team) register, request, answer, follow up.
        "POST /events/{slug}/matchmaking/setup": .teamMember, "POST /events/{slug}/matchmaking/schedule/run": .teamMember,
        "POST /events/{slug}/matchmaking/schedule/publish": .teamMember, "POST /events/{slug}/matchmaking/meetings/{id}/fix": .teamMember,
        "POST /events/{slug}/matchmaking/participants/{id}/status": .teamMember,
        "POST /events/{slug}/matchmaking/register": .teamOnly, "POST /events/{slug}/matchmaking/entry": .teamOnly,
        "POST /events/{slug}/matchmaking/requests": .teamOnly, "POST /events/{slug}/matchmaking/requests/{id}/answer": .teamOnly,
        "POST /events/{slug}/matchmaking/requests/{id}/withdraw": .teamOnly, "POST /events/{slug}/matchmaking/follow-up": .teamOnly,
        // Matchmaking (API): {id} is an event of the matrix's published organisation with matchmaking; its organisers are
        // the organisation's team and the platform team, its participants the matrix team's member and administrator.
        "PUT /api/v1/events/{id}/matchmaking": .bearerTeamMember, "POST /api/v1/events/{id}/matchmaking/participants": .bearerTeamOnly,
        "PATCH /api/v1/events/{id}/matchmaking/participants/me": .bearerTeamOnly,
        "POST /api/v1/events/{id}/matchmaking/participants/{participant}/status": .bearerTeamMember,
        "POST /api/v1/events/{id}/matchmaking/requests": .bearerTeamOnly,
        "POST /api/v1/events/{id}/matchmaking/requests/{request}/accept": .bearerTeamOnly,
        "POST /api/v1/events/{id}/matchmaking/requests/{request}/decline": .bearerTeamOnly,
        "POST /api/v1/events/{id}/matchmaking/requests/{request}/withdraw": .bearerTeamOnly,
        "POST /api/v1/events/{id}/matchmaking/schedule/run": .bearerTeamMember, "POST /api/v1/events/{id}/matchmaking/schedule/publish": .bearerTeamMember,
        "PUT /api/v1/events/{id}/matchmaking/meetings/{meeting}/fixed-slot": .bearerTeamMember,
        "PUT /api/v1/events/{id}/matchmaking/meetings/{meeting}/follow-up": .bearerTeamOnly,
    ]

    static func allowed(_ rule: Rule, _ role: Role) -> Bool {
        switch rule {
        case .anyone: true
        case .signedIn: role != .visitor && role != .operatorToken
        case .teamMember: [.teamMember, .teamAdministrator, .moderator, .platformAdmin].contains(role)
        case .teamAdministrator: [.teamAdministrator, .platformAdmin].contains(role)
        case .moderator: [.moderator, .platformAdmin].contains(role)
        case .platformAdministrator: role == .platformAdmin
        // API writes: every role but the visitor calls with a bearer token (its own personal token).
        case .bearerPlatformAdmin: role == .operatorToken || role == .platformAdmin
        case .teamOnly: role == .teamMember || role == .teamAdministrator
        case .bearerAny: role != .visitor
        case .bearerTeamMember: [.teamMember, .teamAdministrator, .moderator, .platformAdmin, .operatorToken].contains(role)
        case .bearerTeamOnly: role == .teamMember || role == .teamAdministrator
        case .bearerModerator: [.moderator, .platformAdmin, .operatorToken].contains(role)
        }
    }

    static func writeRoutes(_ platform: Platform) throws -> [String] {
        let writes: Set<HTTPRequest.Method> = [.post, .put, .patch, .delete]
        return try buildRouter(platform: platform).routes.filter { writes.contains($0.method) }
            .map { "\($0.method) \($0.path)".replacingOccurrences(of: "{:", with: "{") }
            .map { route in
                // RouterPath prints captures as {name}; normalise ":name" too.
                route.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
            }
    }

    @Test func everyWriteRouteHasARule() async throws {
        try await withApp(demo: false) { _, platform in
            let routes = try Self.writeRoutes(platform)
            #expect(!routes.isEmpty)
            for route in routes { #expect(Self.rules[route] != nil, "write route \(route) has no authorization rule") }
        }
    }

    @Test func everyWriteRouteAgainstEveryRole() async throws {
        // Many logins and posts from one address: the rate limits are raised so that they do not answer instead.
        try await withApp(
            demo: false,
            configure: {
                $0.loginLimit = .init(count: 100_000, window: 60)
                $0.postingLimit = .init(count: 100_000, window: 60)
            }
        ) { client, platform in
            for route in try Self.writeRoutes(platform).sorted() {
                guard let rule = Self.rules[route], rule != .anyone else { continue }
                for role in Role.allCases {
                    let status = try await Self.attempt(route, as: role, client: client, platform: platform)
                    let refused = status == .unauthorized || status == .forbidden || status == .seeOther && Self.lastLocation.hasPrefix("/login?next=")
                    if Self.allowed(rule, role) {
                        // Allowed means the write happened: the route's own success status, or the business
                        // rule's answer where one is listed; a 500, a 404 or a refused body is no pass.
                        let expected = Self.businessAnswers[route]?[role] ?? Self.success(route)
                        let errors =
                            Self.lastBody.range(of: "class=\"errors").map { String(Self.lastBody[$0.lowerBound...].prefix(400)) }
                            ?? String(Self.lastBody.prefix(300))
                        #expect(
                            status == expected && !refused,
                            "\(route) should answer \(expected.code) to \(role.rawValue), got \(status) \(Self.lastLocation) \(errors)")
                    } else {
                        #expect(refused, "\(route) should be refused to \(role.rawValue), got \(status)")
                    }
                }
            }
        }
    }

    /// What a successful write answers: HTML forms redirect (303) unless they show a result page, API
    /// writes answer 200, 201 for what they create, 204 when there is nothing to show.
    static func success(_ route: String) -> HTTPResponse.Status {
        if let status = successes[route] { return status }
        return route.contains(" /api/") ? .ok : .seeOther
    }

    static let successes: [String: HTTPResponse.Status] = [
        "POST /account/tokens": .ok, "POST /account/delete": .ok, "POST /admin/region-categories/import": .ok,
        // A page saying what happens next: a confirmation link was sent, the request waits for a decision.
        "POST /account/email": .ok, "POST /organisations/{slug}/join": .ok,
        "POST /api/v1/organisations": .created, "DELETE /api/v1/organisations/{id}": .noContent,
        "POST /api/v1/partner-searches": .created, "POST /api/v1/partner-searches/{id}/interests": .created,
        "POST /api/v1/partner-searches/{id}/interests/{interest}/withdraw": .noContent,
        "POST /api/v1/partner-searches/{id}/comments": .created,
        "PUT /api/v1/partner-searches/{id}/follow": .noContent, "DELETE /api/v1/partner-searches/{id}/follow": .noContent,
        "POST /api/v1/calls": .created, "POST /api/v1/calls/{id}/applications": .created,
        // The import page shows what it listed.
        "POST /funding/import": .ok, "POST /api/v1/funding-opportunities": .created, "POST /api/v1/funding-opportunities/import": .created,
        "POST /api/v1/documents": .created, "DELETE /api/v1/documents/{id}": .noContent,
        "POST /api/v1/news": .created, "POST /api/v1/events": .created,
        "DELETE /api/v1/funding-opportunities/{id}": .noContent,
        "POST /api/v1/saved-searches": .created,
        "POST /api/v1/events/{id}/matchmaking/participants": .created, "POST /api/v1/events/{id}/matchmaking/requests": .created,
    ]

    /// Allowed roles whose request a business rule answers instead of the write, each with its reason.
    static let businessAnswers: [String: [Role: HTTPResponse.Status]] = [
        // The only administrator of a team with other members must hand over first.
        "POST /account/delete": [.teamAdministrator: .conflict],
        // A partner search is posted for one of the person's own team's organisations; the platform team
        // belongs to none, so the form names the field.
        "POST /partner-searches": [.user: .unprocessableContent, .moderator: .unprocessableContent, .platformAdmin: .unprocessableContent],
        // The operator token is no person: it cannot follow or comment.
        "PUT /api/v1/partner-searches/{id}/follow": [.operatorToken: .unprocessableContent],
        "DELETE /api/v1/partner-searches/{id}/follow": [.operatorToken: .unprocessableContent],
        // (issue 9, item 11: it answered 500)
        "POST /api/v1/partner-searches/{id}/comments": [.operatorToken: .unprocessableContent],
        // A saved search is a person's own: the id of none of theirs is not there, and the operator token
        // has no account to keep searches in.
        "POST /account/saved-searches/{id}/update": Self.notTheirs, "POST /account/saved-searches/{id}/delete": Self.notTheirs,
        "POST /api/v1/saved-searches": [.operatorToken: .unprocessableContent],
        "PATCH /api/v1/saved-searches/{id}": Self.notTheirs.merging([.operatorToken: .unprocessableContent]) { $1 },
        "DELETE /api/v1/saved-searches/{id}": Self.notTheirs.merging([.operatorToken: .unprocessableContent]) { $1 },
        // Both members of the matrix team already take part; a meeting is followed up only after the event.
        "POST /events/{slug}/matchmaking/register": [.teamMember: .conflict, .teamAdministrator: .conflict],
        "POST /events/{slug}/matchmaking/follow-up": [.teamMember: .unprocessableContent, .teamAdministrator: .unprocessableContent],
    ]

    static let notTheirs: [Role: HTTPResponse.Status] = [
        .user: .notFound, .teamMember: .notFound, .teamAdministrator: .notFound, .moderator: .notFound, .platformAdmin: .notFound,
    ]

    nonisolated(unsafe) static var lastLocation = ""
    nonisolated(unsafe) static var lastBody = ""
    nonisolated(unsafe) static var counter = 0

    /// Sets up fresh people and a fresh organisation for one attempt, then makes the request as `role`.
    static func attempt(_ route: String, as role: Role, client: any TestClientProtocol, platform: Platform) async throws -> HTTPResponse.Status {
        counter += 1
        let n = counter
        let password = AccountsTests.password
        func account(_ name: String, _ platformRole: PlatformRole = .user) async throws -> User {
            try await AccountAdministration.createVerifiedAccount(
                email: "\(name)\(n)@matrix.example.eu", name: "Matrix \(name.capitalized)", password: password,
                role: platformRole, database: platform.database, bcryptCost: 4)
        }
        let administrator = try await account("administrator")
        let member = try await account("member")
        let organisation = try await platform.teams.createProfile(
            Organisation(name: "Matrix Cluster \(n)", type: .clusterOrganisation, country: "FR", region: "FR10"),
            creatorID: administrator.id, actor: "test")
        _ = try await platform.teams.addMember(organisationID: organisation.id, email: member.email, role: .member, invitedBy: administrator.id, actor: "test")
        // Submitted for review (what moderators decide), except where submitting is the write under test.
        if route != "POST /my/organisations/{id}/submit" { try await platform.teams.submit(organisationID: organisation.id, actor: "test") }
        let applicant = try await account("applicant")
        try await platform.teams.requestToJoin(organisationID: organisation.id, userID: applicant.id, message: "Let me in.")
        let joinRequest = try #require(try await platform.teams.openRequests(organisationID: organisation.id).first)
        // Partnering: a published organisation of the same team, a search it owns (with another
        // organisation's pending interest), and another organisation's search it is interested in.
        let published = try await platform.organisations.create(
            Organisation(name: "Matrix Partner \(n)", type: .clusterOrganisation, country: "DE", region: "DE21", status: .published))
        let other = try await platform.organisations.create(
            Organisation(name: "Matrix Other \(n)", type: .clusterOrganisation, country: "IT", region: "ITC4", status: .published))
        try await platform.database.transaction { db in
            try await TeamRepository.addMembership(organisationID: published.id, userID: administrator.id, role: .administrator, on: db)
            try await TeamRepository.addMembership(organisationID: published.id, userID: member.id, role: .member, on: db)
        }
        func search(_ owner: Int64) async throws -> Int64 {
            var input = PartnerSearchInput()
            input.title = "Matrix search \(n)"; input.kind = "project-consortium"
            input.description = "A consortium for the authorization matrix, long enough."; input.competences = ["ecosystem:1"]
            return try await platform.partnerSearches.create(
                try input.applied(to: nil, ownerID: owner, reference: platform.reference, today: platform.today),
                createdBy: nil, actor: "test"
            ).search.id
        }
        let ownSearch = try await search(published.id)
        let otherSearch = try await search(other.id)
        // A search of the matrix organisation without an expression of interest yet, another
        // organisation's search it has not joined, and an organisation it may invite.
        let spareSearch = try await search(published.id)
        let joinableSearch = try await search(other.id)
        let invitee = try await platform.organisations.create(
            Organisation(name: "Matrix Invitee \(n)", type: .clusterOrganisation, country: "ES", region: "ES30", status: .published))
        try await platform.directory.refresh()
        let incoming = try await platform.partnerSearches.expressInterest(
            searchID: ownSearch, organisationID: other.id, userID: nil, message: "", today: platform.today)
        let outgoing = try await platform.partnerSearches.expressInterest(
            searchID: otherSearch, organisationID: published.id, userID: nil, message: "", today: platform.today)
        // Calls: an open call, and a draft expression of interest of the matrix organisation's consortium.
        // No eligibility rules: the matrix consortium (its lead alone) may submit.
        var open = DemoCalls.escpS3(title: "Matrix call \(n)", opensAt: Date().addingTimeInterval(-86_400), closesAt: Date().addingTimeInterval(30 * 86_400))
        open.rules = []
        let call = try await platform.calls.create(open, actor: "test").call
        let draft = try await platform.calls.createDraft(callID: call.id, searchID: ownSearch, leadID: published.id, userID: administrator.id)
        // A call that has closed with a submitted expression of interest: what moderators evaluate and publish.
        var closing = DemoCalls.escpS3(
            title: "Matrix closed call \(n)", opensAt: Date().addingTimeInterval(-86_400), closesAt: Date().addingTimeInterval(3_600))
        closing.rules = []
        let closed = try await platform.calls.create(closing, actor: "test").call
        let submitted = try await platform.calls.createDraft(callID: closed.id, searchID: ownSearch, leadID: published.id, userID: administrator.id)
        _ = try await platform.calls.submit(
            id: submitted.id, answers: answers, expectedVersion: submitted.version, userID: administrator.id, userEmail: administrator.email)
        try await platform.database.withConnection { db in
            try await db.raw(
                "UPDATE calls SET closes_at = \(bind: Int64(Date().addingTimeInterval(-1).timeIntervalSince1970 * 1000)) WHERE id = \(bind: closed.id)"
            ).run()
        }
        try await platform.regionCategories.set(["PL84": .lessDeveloped], replacing: false, actor: "test")
        // A partnership labelled from the matrix organisation's consortium, without a real evaluation.
        let partnership = try await platform.database.withConnection { db in
            try await db.raw(
                """
                INSERT INTO partnerships (call_id, application_id, name, label, thematic_area, members, created_at)
                VALUES (\(bind: call.id), \(bind: draft.id), 'Matrix partnership', 'ESCP-S3', 'Agri-food', '[]', 0) RETURNING id
                """
            ).first()!.decode(column: "id", as: Int64.self)
        }
        let pdf = SimplePDF.make(title: "Matrix document \(n)", paragraphs: ["For the authorization matrix."])
        let document = try await platform.documents.create(
            Document(
                title: "Matrix document \(n)", kind: .report, date: "2026-01-15", language: "en", owner: .organisation(published.id),
                fileName: "matrix.pdf", fileType: .pdf, byteSize: pdf.count), data: Data(pdf), actor: "test"
        ).document.id
        // News and events of the matrix's published organisation: one published (what edits change), one
        // waiting for review (what decisions decide).
        func article(_ status: ProfileStatus) async throws -> NewsArticle {
            var article = NewsArticle(
                title: "Matrix news \(status.rawValue) \(n)", summary: "An article of the authorization matrix.", body: "Text.",
                organisationID: published.id, status: status)
            if status == .published { article = article.published(at: Date()) }
            return try await platform.news.create(article, actor: "test").article
        }
        func event(_ status: ProfileStatus) async throws -> Event {
            var event = Event(
                title: "Matrix event \(status.rawValue) \(n)", description: "An event of the authorization matrix.", kind: .workshop,
                startsAt: Date().addingTimeInterval(86_400), endsAt: Date().addingTimeInterval(90_000), timeZone: "Europe/Paris", venue: "Paris",
                organiserID: published.id, status: status)
            if status == .published { event = event.published(at: Date()) }
            return try await platform.events.create(event, actor: "test").event
        }
        let publishedNews = try await article(.published), waitingNews = try await article(.needsReview)
        let publishedEvent = try await event(.published), waitingEvent = try await event(.needsReview)
        // A funding opportunity listed by the platform team: what its edits and removal act on.
        let funding = try await platform.funding.create(
            FundingOpportunity(
                title: "Matrix funding opportunity \(n)", programme: "Interreg", fundingBody: "Matrix funder",
                link: "https://funding.example.eu/listed-\(n)", opensAt: Date().addingTimeInterval(-86_400),
                deadline: Date().addingTimeInterval(30 * 86_400)), actor: "test"
        ).opportunity.id
        // Matchmaking: a day of meetings of the matrix organisation in its booking phase, where both of its
        // team take part with two people of other organisations: requests each way, and a meeting each.
        let pages =
            route.contains(" /events/{slug}/matchmaking")
            ? try await Self.matchmakingFixture(
                n: n, organiserID: published.id, team: [administrator, member], others: [other.id, invitee.id], account: account, platform: platform)
            : nil
        let mine = role == .teamMember ? pages?.member : pages?.administrator
        let joinsOther = route.hasSuffix("/withdraw") && route.contains("partner-searches")
        let expresses = route.hasSuffix("/partner-searches/{id}/interests")
        // Evaluation and results act on the closed call; the rest on the open one.
        let judged = route.hasSuffix("/evaluation") || route.hasSuffix("/results")
        let token = "cc_" + Secrets.token()
        let decides = route.hasSuffix("/decision")
        let matchmaking =
            route.contains("/api/v1/events/{id}/matchmaking")
            ? try await Self.matchmakingAttempt(
                route, as: role, n: n, platform: platform, organiser: published.id, other: other.id, administrator: administrator, member: member,
                account: account) : nil
        var path = String(route.split(separator: " ")[1])
        if let pages, let mine {
            path =
                path
                .replacingOccurrences(
                    of: "/events/{slug}/matchmaking/requests/{id}/answer", with: "/events/\(pages.slug)/matchmaking/requests/\(mine.incoming)/answer"
                )
                .replacingOccurrences(
                    of: "/events/{slug}/matchmaking/requests/{id}/withdraw", with: "/events/\(pages.slug)/matchmaking/requests/\(mine.outgoing)/withdraw"
                )
                .replacingOccurrences(of: "/events/{slug}/matchmaking/meetings/{id}", with: "/events/\(pages.slug)/matchmaking/meetings/\(mine.meeting)")
                .replacingOccurrences(of: "/events/{slug}/matchmaking/participants/{id}", with: "/events/\(pages.slug)/matchmaking/participants/\(pages.third)")
                .replacingOccurrences(of: "/events/{slug}/matchmaking", with: "/events/\(pages.slug)/matchmaking")
        }
        path =
            path
            .replacingOccurrences(of: "/news/{slug}", with: "/news/\(decides ? waitingNews.slug : publishedNews.slug)")
            .replacingOccurrences(of: "/admin/moderation/news/{id}", with: "/admin/moderation/news/\(waitingNews.id)")
            .replacingOccurrences(of: "/admin/moderation/events/{id}", with: "/admin/moderation/events/\(waitingEvent.id)")
            .replacingOccurrences(of: "/events/{slug}", with: "/events/\(publishedEvent.slug)")
            .replacingOccurrences(of: "/api/v1/events/{id}", with: "/api/v1/events/\(decides ? waitingEvent.id : publishedEvent.id)")
        path =
            path
            .replacingOccurrences(
                of: "/partner-searches/{id}/interests/{interest}",
                with: joinsOther ? "/partner-searches/\(otherSearch)/interests/\(outgoing.id)" : "/partner-searches/\(ownSearch)/interests/\(incoming.id)"
            )
            .replacingOccurrences(of: "/partner-searches/{id}", with: "/partner-searches/\(expresses ? joinableSearch : ownSearch)")
            .replacingOccurrences(of: "/admin/region-categories/{id}", with: "/admin/region-categories/PL84")
            .replacingOccurrences(of: "/calls/{id}", with: "/calls/\(judged ? closed.id : call.id)")
            .replacingOccurrences(of: "/applications/{id}/evaluation", with: "/applications/\(submitted.id)/evaluation")
            .replacingOccurrences(of: "/organisations/{slug}/join", with: "/organisations/\(other.slug)/join")
            .replacingOccurrences(of: "/partnerships/{id}", with: "/partnerships/\(partnership)")
        // (In two chains: one grew too long for the type checker.)
        path = path.replacingOccurrences(of: "/documents/{id}", with: "/documents/\(document)")
            .replacingOccurrences(of: "/funding/{id}", with: "/funding/\(funding)")
            .replacingOccurrences(of: "/funding-opportunities/{id}", with: "/funding-opportunities/\(funding)")
            .replacingOccurrences(of: "/applications/{id}", with: "/applications/\(draft.id)")
            .replacingOccurrences(of: "/join-requests/{id}", with: "/join-requests/\(joinRequest.id)")
            .replacingOccurrences(of: "/admin/users/{id}", with: "/admin/users/\(applicant.id)")
            .replacingOccurrences(of: "{slug}", with: organisation.slug)
            .replacingOccurrences(of: "{id}", with: String(organisation.id))
            .replacingOccurrences(of: "{user}", with: String(member.id))
            .replacingOccurrences(of: "{token}", with: Secrets.token())
        if let matchmaking { path = matchmaking.path }
        let method = HTTPRequest.Method(String(route.split(separator: " ")[0]))!
        let opens = ZonedTime.localInput(Date().addingTimeInterval(86_400), zone: "Europe/Brussels")
        let closes = ZonedTime.localInput(Date().addingTimeInterval(30 * 86_400), zone: "Europe/Brussels")
        var fields: [(String, String)] = [
            ("name", "Renamed \(n)"), ("email", "new\(n)@matrix.example.eu"), ("decision", "request-changes"),
            ("message", "Please add a website."), ("role", "moderator"), ("time_zone", "Europe/Paris"), ("country", "FR"),
            ("type", "cluster-organisation"), ("current_password", password), ("new_password", "rotated-secret-\(n)x"),
            ("password", password), ("organisation_id", String(published.id)), ("body", "A comment."),
            ("status", "forming"), ("title", "Matrix search renamed \(n)"), ("kind", "project-consortium"),
            ("description", "A consortium for the authorization matrix, edited."), ("competences", "ecosystem:1"),
            ("min_countries", "1"), ("min_members", "2"), ("max_members", "8"), ("nuts_code", "PL82"),
            ("category", "less-developed"), ("csv", "nuts_code,category\nPL82,less-developed"),
            ("new_email", "moved\(n)@matrix.example.eu"), ("owner_id", String(published.id)), ("search_id", String(spareSearch)),
            ("version", "1"), ("action", "save"), ("score.Relevance", "12"), ("reason", ""),
            ("confirm", "yes"), ("agreement_title", "Matrix agreement"), ("agreement_date", "2026-01-15"), ("agreement_note", "Signed."),
            ("programme", "ESCP-S3"), ("label", "Matrix label"), ("state", "published"), ("thematic_areas", "Agri-food"),
            ("opens_at", opens), ("closes_at", closes), ("fields", "[]"), ("rules", "[]"), ("criteria", "[]"),
        ]
        for (key, value) in answers { fields.append(("answers.\(key)", value)) }
        func set(_ name: String, _ value: String) {
            fields.removeAll { $0.0 == name }
            fields.append((name, value))
        }
        if route.hasSuffix("/evaluation") { set("decision", "eligible") }
        if route == "POST /funding/new" || route == "POST /funding/{id}/edit" {
            set("title", "Matrix funding \(n)"); set("funding_body", "Matrix funder"); set("link", "https://funding.example.eu/matrix-\(n)")
            set("deadline", closes)
        }
        if let pages, let mine {
            set("sessions", "\(pages.day) 09:00-12:00\r\n"); set("slot_minutes", "20"); set("tables", "5"); set("request_limit", "20")
            set("registration_opens", pages.local(-2 * 86_400)); set("booking_opens", pages.local(-86_400))
            set("booking_closes", pages.local(86_400)); set("follow_up_closes", pages.local(30 * 86_400))
            set("offer", "Drone inspection of power lines."); set("seek", "Energy operators for a pilot project.")
            set("participant_id", String(pages.third)); set("meeting_id", String(mine.meeting)); set("outcome", "memorandum-of-understanding")
            set("status", "validated"); set("available", "0")
        }
        if route == "POST /account/saved-searches" { set("kind", "directory"); set("query", "q=drone&country=FR"); set("frequency", "weekly") }
        if route == "POST /funding/import" { set("csv", Self.fundingCSV(n: n, opens: opens, closes: closes)) }
        if route == "POST /partner-searches" || route == "POST /partner-searches/{id}" { set("status", "open") }
        if route.hasPrefix("POST /news") || route.hasPrefix("POST /events") {
            set("organisation", String(published.id)); set("summary", "An article of the authorization matrix, edited."); set("kind", "workshop")
            set("starts_at", opens); set("ends_at", ZonedTime.localInput(Date().addingTimeInterval(2 * 86_400), zone: "Europe/Paris"))
            set("venue", "Paris")
        }
        if route.hasSuffix("/invitations") {
            fields.removeAll { $0.0 == "organisation_id" }
            fields.append(("organisation_id", String(invitee.id)))
        }
        if path.hasPrefix("/api/") {
            var headers: HTTPFields = [.contentType: route.hasSuffix("/funding-opportunities/import") ? "text/csv" : "application/json"]
            if role == .operatorToken {
                headers[.authorization] = "Bearer \(operatorToken)"
            } else if role != .visitor {
                let user = try await platformUser(role, administrator: administrator, member: member, account: account)
                _ = try await platform.users.createToken(userID: user.id, name: "matrix", tokenHash: Secrets.hash(token), now: Date())
                // On the API each person calls with a personal token of their own.
                headers[.authorization] = "Bearer \(token)"
            }
            var body = ByteBuffer(
                string: matchmaking?.body ?? Self.apiBody(route, n: n, published: published.id, spareSearch: spareSearch, opens: opens, closes: closes))
            if route == "POST /api/v1/documents" {
                // An upload, as a script sends it: multipart with the file.
                body = Self.documentUpload(csrf: nil, owner: published.id, pdf: pdf)
                headers[.contentType] = "multipart/form-data; boundary=matrix"
            }
            let r = try await client.execute(uri: path, method: method, headers: headers, body: body)
            lastLocation = r.headers[.location] ?? ""
            lastBody = String(buffer: r.body)
            return r.status
        }
        let browser = Browser(client)
        switch role {
        case .visitor:
            try await browser.get("/login")
        case .operatorToken:
            let r = try await client.execute(
                uri: path, method: method, headers: [.authorization: "Bearer \(operatorToken)", .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: FormDecoding.query(fields)))
            lastLocation = r.headers[.location] ?? ""
            lastBody = String(buffer: r.body)
            return r.status
        default:
            let user = try await platformUser(role, administrator: administrator, member: member, account: account)
            try await browser.get("/login")
            _ = try await browser.post("/login", [("email", user.email), ("password", password)])
            try await browser.get("/account")
            if route == "POST /account/tokens/{id}/revoke" {
                let own = try await platform.users.createToken(userID: user.id, name: "matrix", tokenHash: Secrets.hash(token), now: Date())
                path = "/account/tokens/\(own.id)/revoke"
            }
        }
        if route == "POST /my/organisations/{id}/logo" {
            // An upload, as the edit page's file field sends it: a 1x1 PNG.
            let png = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")!
            var body = ByteBuffer(
                string: "--matrix\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n\(browser.csrfToken ?? "")\r\n"
                    + "--matrix\r\nContent-Disposition: form-data; name=\"logo\"; filename=\"logo.png\"\r\nContent-Type: image/png\r\n\r\n")
            body.writeBytes(png)
            body.writeString("\r\n--matrix--\r\n")
            var headers = browser.cookieHeader
            headers[.contentType] = "multipart/form-data; boundary=matrix"
            headers[.accept] = "text/html"
            let r = try await client.execute(uri: path, method: .post, headers: headers, body: body)
            lastLocation = r.headers[.location] ?? ""
            lastBody = String(buffer: r.body)
            return r.status
        }
        if route == "POST /documents" {
            // An upload, as the form sends it.
            try await browser.get("/documents/new")
            var headers = browser.cookieHeader
            headers[.contentType] = "multipart/form-data; boundary=matrix"
            headers[.accept] = "text/html"
            let r = try await client.execute(
                uri: path, method: .post, headers: headers, body: Self.documentUpload(csrf: browser.csrfToken ?? "", owner: published.id, pdf: pdf))
            lastLocation = r.headers[.location] ?? ""
            lastBody = String(buffer: r.body)
            return r.status
        }
        let r = try await browser.post(path, fields)
        lastLocation = r.headers[.location] ?? ""
        lastBody = String(buffer: r.body)
        return r.status
    }

    /// A document upload's multipart body (boundary `matrix`): a small PDF for `owner`.
    static func documentUpload(csrf: String?, owner: Int64, pdf: [UInt8]) -> ByteBuffer {
        var body = ByteBuffer()
        var fields = [("title", "Matrix upload"), ("kind", "report"), ("date", "2026-01-15"), ("language", "en"), ("owner", String(owner))]
        if let csrf { fields.insert(("csrf_token", csrf), at: 0) }
        for (name, value) in fields { body.writeString("--matrix\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n") }
        body.writeString("--matrix\r\nContent-Disposition: form-data; name=\"file\"; filename=\"matrix.pdf\"\r\n\r\n")
        body.writeBytes(pdf)
        body.writeString("\r\n--matrix--\r\n")
        return body
    }

    static let answers = [
        "summary": "A partnership summary long enough to pass the minimum length of fifty characters.",
        "thematic_area": "Agri-food", "s3_alignment": "yes",
    ]

    /// A body each API write accepts from an allowed role.
    static func apiBody(_ route: String, n: Int, published: Int64, spareSearch: Int64, opens: String, closes: String) -> String {
        let answers =
            #"{"summary": "A partnership summary long enough to pass the minimum length of fifty characters.", "thematic_area": "Agri-food", "s3_alignment": "yes"}"#
        switch route {
        case "POST /api/v1/organisations", "PATCH /api/v1/organisations/{id}":
            return #"{"name":"Matrix API \#(n)","type":"cluster-organisation","country":"FR"}"#
        case "POST /api/v1/partner-searches":
            return
                #"{"owner_id": \#(published), "title": "Matrix API search \#(n)", "kind": "project-consortium", "description": "A consortium for the authorization matrix, long enough.", "competences": ["ecosystem:1"]}"#
        case "PATCH /api/v1/partner-searches/{id}": return #"{"title": "Matrix API search renamed \#(n)"}"#
        case "POST /api/v1/partner-searches/{id}/interests": return #"{"organisation_id": \#(published), "message": "We would like to join."}"#
        case "POST /api/v1/partner-searches/{id}/comments": return #"{"body": "A comment."}"#
        case "POST /api/v1/saved-searches": return #"{"name": "Matrix saved search \#(n)", "kind": "directory", "query": "q=drone"}"#
        case "PATCH /api/v1/saved-searches/{id}": return #"{"frequency": "none"}"#
        case "PATCH /api/v1/partner-searches/{id}/consortium": return #"{"status": "forming"}"#
        case "POST /api/v1/calls":
            return
                #"{"title": "Matrix API call \#(n)", "programme": "ESCP-S3", "label": "Matrix label", "state": "published", "description": "A call.", "thematic_areas": ["Agri-food"], "time_zone": "Europe/Brussels", "opens_at": "\#(opens)", "closes_at": "\#(closes)"}"#
        case "PATCH /api/v1/calls/{id}": return #"{"title": "Matrix call renamed \#(n)"}"#
        case "POST /api/v1/funding-opportunities":
            return
                #"{"title": "Matrix API funding \#(n)", "programme": "Interreg", "funding_body": "Matrix funder", "link": "https://funding.example.eu/api-\#(n)", "time_zone": "Europe/Brussels", "opens_at": "\#(opens)", "deadline": "\#(closes)"}"#
        case "POST /api/v1/funding-opportunities/import": return fundingCSV(n: n, opens: opens, closes: closes)
        case "PATCH /api/v1/funding-opportunities/{id}": return #"{"title": "Matrix funding renamed \#(n)", "version": 1}"#
        case "POST /api/v1/calls/{id}/applications": return #"{"search_id": \#(spareSearch)}"#
        case "PATCH /api/v1/applications/{id}", "POST /api/v1/applications/{id}/submit": return #"{"version": 1, "answers": \#(answers)}"#
        case "POST /api/v1/applications/{id}/evaluation": return #"{"decision": "eligible", "reason": "", "scores": {"Relevance": 12}, "selected": false}"#
        case "POST /api/v1/news":
            return
                #"{"organisation_id": \#(published), "title": "Matrix API news \#(n)", "summary": "An article of the authorization matrix.", "body": "Text."}"#
        case "PATCH /api/v1/news/{slug}", "PATCH /api/v1/events/{id}": return #"{"title": "Matrix renamed \#(n)"}"#
        case "POST /api/v1/events":
            return
                #"{"organiser_id": \#(published), "title": "Matrix API event \#(n)", "kind": "webinar", "description": "An event.", "time_zone": "Europe/Brussels", "starts_at": "\#(opens)", "ends_at": "\#(closes)", "online_link": "https://meet.example.eu/matrix"}"#
        case "POST /api/v1/news/{slug}/decision", "POST /api/v1/events/{id}/decision":
            return #"{"decision": "request-changes", "message": "Please add a photo."}"#
        default: return "{}"
        }
    }

    /// A funding opportunities file the import accepts, new on each attempt.
    static func fundingCSV(n: Int, opens: String, closes: String) -> String {
        "title,programme,funding_body,link,opens_at,deadline,time_zone\nMatrix import \(n),Interreg,Matrix funder,https://funding.example.eu/import-\(n),\(opens),\(closes),Europe/Brussels\n"
    }

    static func platformUser(_ role: Role, administrator: User, member: User, account: (String, PlatformRole) async throws -> User) async throws -> User {
        switch role {
        case .teamAdministrator: administrator
        case .teamMember: member
        case .moderator: try await account("moderator", .moderator)
        case .platformAdmin: try await account("admin", .platformAdmin)
        default: try await account("user", .user)
        }
    }
}

extension AuthorizationMatrixTests {
    struct MatchmakingFixture {
        struct Mine { var incoming: Int64; var outgoing: Int64; var meeting: Int64 }
        var slug: String
        var day: String
        var zone: String
        var administrator: Mine
        var member: Mine
        /// A participant of another organisation whom nobody has asked yet.
        var third: Int64
        var starts: Date
        /// A local time in the event's zone, `seconds` from now.
        func local(_ seconds: Double) -> String { ZonedTime.localInput(Date().addingTimeInterval(seconds), zone: zone) }
    }

    /// A matchmaking event of `organiserID` two days ahead, in its booking phase, written directly: the team
    /// (administrator, member) take part, as do two people of `others`; each of the team has a request from
    /// the first other to answer, one of their own to withdraw, and an accepted meeting.
    static func matchmakingFixture(
        n: Int, organiserID: Int64, team: [User], others: [Int64], account: (String, PlatformRole) async throws -> User, platform: Platform
    ) async throws -> MatchmakingFixture {
        let zone = "Europe/Paris"
        let day = CalendarDay.adding(3, to: Date())
        let starts = try #require(ZonedTime.parse("\(day)T08:00", zone: zone)), ends = try #require(ZonedTime.parse("\(day)T18:00", zone: zone))
        let event = try await platform.events.create(
            Event(
                title: "Matrix matchmaking \(n)", description: "Meetings of the authorization matrix.", kind: .matchmaking, startsAt: starts,
                endsAt: ends, timeZone: zone, venue: "Paris", organiserID: organiserID
            ).published(at: Date()), actor: "test"
        ).event
        try await platform.matchmaking.saveSetup(
            MatchmakingSetup(
                eventID: event.id, sessions: [MatchmakingSession(day: day, starts: 9 * 60, ends: 12 * 60)], slotMinutes: 20, tables: 5,
                registrationOpens: Date().addingTimeInterval(-2 * 86_400), bookingOpens: Date().addingTimeInterval(-86_400),
                bookingCloses: Date().addingTimeInterval(86_400), followUpCloses: ends.addingTimeInterval(30 * 86_400)), event: event)
        var people: [(User, Int64)] = team.map { ($0, organiserID) }
        for (i, organisation) in others.enumerated() {
            let person = try await account("participant\(i)", .user)
            try await platform.database.transaction { db in
                try await TeamRepository.addMembership(organisationID: organisation, userID: person.id, role: .member, on: db)
            }
            people.append((person, organisation))
        }
        var ids: [Int64] = []
        for (person, organisation) in people {
            ids.append(
                try await platform.matchmaking.register(
                    eventID: event.id, userID: person.id,
                    input: MatchmakingParticipantInput(organisationID: organisation, offer: "An offer of the matrix.", seek: "What the matrix seeks.")
                ).id)
        }
        let other = ids[2]
        func row(_ from: Int64, _ to: Int64, _ status: String) async throws -> Int64 {
            try await platform.database.withConnection { db in
                try await db.raw(
                    """
                    INSERT INTO matchmaking_requests (event_id, from_id, to_id, message, status, match_score, created_at)
                    VALUES (\(bind: event.id), \(bind: from), \(bind: to), '', \(bind: status), 50, 0) RETURNING id
                    """
                ).first()!.decode(column: "id", as: Int64.self)
            }
        }
        func mine(_ participant: Int64) async throws -> MatchmakingFixture.Mine {
            .init(
                incoming: try await row(other, participant, "pending"), outgoing: try await row(participant, other, "pending"),
                meeting: try await row(participant, other, "accepted"))
        }
        return MatchmakingFixture(
            slug: event.slug, day: day, zone: zone, administrator: try await mine(ids[0]), member: try await mine(ids[1]), third: ids[3], starts: starts)
    }
}

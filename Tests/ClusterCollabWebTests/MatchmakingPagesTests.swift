import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabStorage
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The matchmaking pages on the demo's events, as a visitor, a person not taking part, a team member who
/// registers badly, and an organiser exporting the schedule.
@Suite struct MatchmakingPagesTests {
    static let past = "/events/aerospace-and-drones-b2b-meetings-in-toulouse"
    static let upcoming = "/events/cluster-matchmaking-days-for-the-energy-transition"

    @Test func thePastEventCountsTheMeetingsHeldAndTheAgreementsTheyStarted() async throws {
        try await withApp { client, platform in
            let overview = try await client.get(Self.past + "/matchmaking")
            #expect(overview.status == .ok)
            // Eight meetings were said to take place (one said not), six of them started an agreement.
            #expect(overview.text.contains("id=\"meetings-held\">8<"), "\(overview.text.prefix(3000))")
            #expect(overview.text.contains("id=\"agreements\">6<"))
            #expect(overview.text.contains("Memorandum of understanding · 2"))
            let event = try await client.get(Self.past)
            #expect(event.text.contains("8 meetings held, 6 cooperation agreements initiated"))
            // The drone cluster's profile lists what its participant reported.
            let profile = try await client.get("/organisations/pole-drones-ile-de-france")
            #expect(profile.text.contains("Cooperation agreements from matchmaking") && profile.text.contains("Memorandum of understanding"))
            // An event without matchmaking has no such page.
            #expect(try await client.get("/events/cluster-management-workshop-in-lisbon/matchmaking").status == .notFound)
        }
    }

    @Test func aVisitorIsSentToLogInAndSomeoneNotTakingPartToRegister() async throws {
        try await withApp { client, platform in
            let visitor = try await client.get(Self.upcoming + "/matchmaking/participants")
            #expect(visitor.status == .seeOther && visitor.headers[.location]?.hasPrefix("/login?next=") == true)
            try await TeamsAndModerationTests.account(platform, "newcomer@clusters.example.eu")
            let newcomer = try await TeamsAndModerationTests.login(client, "newcomer@clusters.example.eu")
            let page = try await newcomer.get(Self.upcoming + "/matchmaking/participants")
            #expect(page.status == .seeOther && page.headers[.location] == Self.upcoming + "/matchmaking/register")
            // A write of someone not taking part is refused, whoever they name.
            let request = try await newcomer.post(Self.upcoming + "/matchmaking/requests", [("participant_id", "1"), ("message", "Hello")])
            #expect(request.status == .forbidden)
        }
    }

    @Test func registeringNamesEachBrokenRuleKeepsWhatWasTypedAndStoresNothing() async throws {
        try await withApp { client, platform in
            try await TeamsAndModerationTests.account(platform, "hydrogen@clusters.example.eu")
            let user = try #require(try await platform.users.find(email: "hydrogen@clusters.example.eu"))
            let hydrogen = try #require(try await platform.organisations.find(slug: "alpes-hydrogen-alliance"))
            try await TeamRepository.addMembership(organisationID: hydrogen.id, userID: user.id, role: .administrator, database: platform.database)
            let browser = try await TeamsAndModerationTests.login(client, "hydrogen@clusters.example.eu")
            let event = try #require(try await platform.events.find(slug: String(Self.upcoming.dropFirst("/events/".count))))
            let before = try await platform.matchmaking.participants(eventID: event.event.id).count
            _ = try await browser.get(Self.upcoming + "/matchmaking/register")
            let refused = try await browser.post(
                Self.upcoming + "/matchmaking/register",
                [
                    ("organisation_id", String(hydrogen.id)), ("offer", "Short"), ("seek", "Partners for a hydrogen valley,\r\nin the Alps."),
                    ("available", "99"),
                ])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("must be at least 10 characters"))
            #expect(refused.text.contains("must list slots of this event"))
            #expect(refused.text.contains("Partners for a hydrogen valley,"), "what was typed is kept")
            #expect(try await platform.matchmaking.participants(eventID: event.event.id).count == before)
            // Someone of no team is refused outright, not asked to correct a field.
            try await TeamsAndModerationTests.account(platform, "loner@clusters.example.eu")
            let loner = try await TeamsAndModerationTests.login(client, "loner@clusters.example.eu")
            _ = try await loner.get(Self.upcoming + "/matchmaking/register")
            let notInTeam = try await loner.post(
                Self.upcoming + "/matchmaking/register",
                [("organisation_id", String(hydrogen.id)), ("offer", "Hydrogen know-how."), ("seek", "Drone inspection partners.")])
            #expect(notInTeam.status == .forbidden)
            #expect(try await platform.matchmaking.participants(eventID: event.event.id).count == before)
        }
    }

    @Test func onlyOrganisersSeeTheGridAndExportAndTheScheduleListsEveryMeeting() async throws {
        try await withApp { client, platform in
            try await TeamsAndModerationTests.account(platform, "someone@clusters.example.eu")
            let someone = try await TeamsAndModerationTests.login(client, "someone@clusters.example.eu")
            #expect(try await someone.get(Self.past + "/matchmaking/schedule.csv").status == .forbidden)
            #expect(try await someone.get(Self.past + "/matchmaking/schedule").status == .forbidden)
            try await TeamsAndModerationTests.account(platform, "operator@clusters.example.eu", .platformAdmin)
            let organiser = try await TeamsAndModerationTests.login(client, "operator@clusters.example.eu")
            let csv = try await organiser.get(Self.past + "/matchmaking/schedule.csv")
            #expect(csv.status == .ok && csv.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = csv.text.split(separator: "\r\n")
            #expect(lines.first?.hasPrefix("meeting_id,slot,starts_at") == true)
            #expect(lines.count == 13, "a header and the twelve meetings: \(lines.count)")
            #expect(csv.text.contains("Pôle Drones Île-de-France"))
            let grid = try await organiser.get(Self.past + "/matchmaking/schedule")
            #expect(grid.status == .ok && grid.text.contains("class=\"admin grid\"") && grid.text.contains("12 / 12"))
            let people = try await organiser.get(Self.past + "/matchmaking/participants.csv")
            #expect(people.text.split(separator: "\r\n").count == 9)
        }
    }
}

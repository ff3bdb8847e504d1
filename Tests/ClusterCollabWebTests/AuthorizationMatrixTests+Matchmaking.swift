import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabStorage
@testable import ClusterCollabWeb
import Foundation
import Testing

/// The matchmaking part of the authorization matrix: an event of the matrix's published organisation with
/// matchmaking in its booking phase (or, for the follow-up, one that is over), the matrix team's member
/// and administrator registered for it (except where registering is the write under test), a participant
/// of another organisation, and the request or meeting each write acts on.
extension AuthorizationMatrixTests {
    struct MatchmakingAttempt {
        var path: String
        var body: String
    }

    static func matchmakingAttempt(
        _ route: String, as role: Role, n: Int, platform: Platform, organiser: Int64, other: Int64, administrator: User, member: User,
        account: (String, PlatformRole) async throws -> User
    ) async throws -> MatchmakingAttempt {
        let store = platform.matchmaking
        let now = Date()
        let over = route.hasSuffix("/follow-up")
        // Booking now; or, for the follow-up, an event three days ago whose booking the dates below replay.
        let day = CalendarDay.of(now.addingTimeInterval(over ? -3 * 86_400 : 2 * 86_400))
        let starts = try #require(ZonedTime.parse("\(day)T08:00", zone: "UTC"))
        let event = try await platform.events.create(
            Event(
                title: "Matrix matchmaking \(n)", description: "Meetings of the authorization matrix.", kind: .conference, startsAt: starts,
                endsAt: starts.addingTimeInterval(9 * 3600), timeZone: "UTC", venue: "Paris", organiserID: organiser
            ).published(at: now), actor: "test"
        ).event
        let booking = over ? starts.addingTimeInterval(-5 * 86_400) : now
        try await store.saveSetup(
            MatchmakingSetup(
                eventID: event.id, sessions: [MatchmakingSession(day: day, starts: 540, ends: 720)], slotMinutes: 20, tables: 4,
                registrationOpens: booking.addingTimeInterval(-2 * 86_400), bookingOpens: booking.addingTimeInterval(-86_400),
                bookingCloses: starts.addingTimeInterval(-3600),
                followUpCloses: now.addingTimeInterval(30 * 86_400)), event: event, now: booking)
        func register(_ user: User, _ organisation: Int64) async throws -> Int64 {
            try await store.register(
                eventID: event.id, userID: user.id,
                input: MatchmakingParticipantInput(
                    organisationID: organisation, offer: "Test ranges for the matrix.", seek: "Partners for the matrix's pilots."),
                now: booking
            ).id
        }
        let otherUser = try await account("mmother", .user)
        try await platform.database.transaction { db in
            try await TeamRepository.addMembership(organisationID: other, userID: otherUser.id, role: .member, on: db)
        }
        let otherParticipant = try await register(otherUser, other)
        let registers = route.hasSuffix("/matchmaking/participants")
        let administratorParticipant = registers ? 0 : try await register(administrator, organiser)
        let memberParticipant = registers ? 0 : try await register(member, organiser)
        let mine = role == .teamAdministrator ? administratorParticipant : memberParticipant
        let mineUser = role == .teamAdministrator ? administrator : member
        func ask(_ from: User, _ to: Int64) async throws -> Int64 {
            try await store.request(eventID: event.id, fromUserID: from.id, toParticipantID: to, message: "", match: 10, now: booking).request.id
        }
        let base = "/api/v1/events/\(event.id)/matchmaking"
        switch route.split(separator: " ")[1] {
        case "/api/v1/events/{id}/matchmaking": return .init(path: base, body: #"{"tables": 3}"#)
        case "/api/v1/events/{id}/matchmaking/participants":
            return .init(
                path: base + "/participants",
                body: #"{"organisation_id": \#(organiser), "offer": "Test ranges for the matrix.", "seek": "Partners for the matrix's pilots."}"#)
        case "/api/v1/events/{id}/matchmaking/participants/me":
            return .init(path: base + "/participants/me", body: #"{"offer": "Test ranges and pilots for the matrix."}"#)
        case "/api/v1/events/{id}/matchmaking/participants/{participant}/status":
            return .init(path: base + "/participants/\(otherParticipant)/status", body: #"{"status": "validated"}"#)
        case "/api/v1/events/{id}/matchmaking/requests": return .init(path: base + "/requests", body: #"{"participant_id": \#(otherParticipant)}"#)
        case "/api/v1/events/{id}/matchmaking/requests/{request}/accept", "/api/v1/events/{id}/matchmaking/requests/{request}/decline":
            let action = route.hasSuffix("/accept") ? "accept" : "decline"
            return .init(path: base + "/requests/\(try await ask(otherUser, mine))/\(action)", body: "{}")
        case "/api/v1/events/{id}/matchmaking/requests/{request}/withdraw":
            return .init(path: base + "/requests/\(try await ask(mineUser, otherParticipant))/withdraw", body: "{}")
        case "/api/v1/events/{id}/matchmaking/meetings/{meeting}/fixed-slot", "/api/v1/events/{id}/matchmaking/meetings/{meeting}/follow-up":
            let meeting = try await ask(otherUser, mine)
            _ = try await store.answer(eventID: event.id, requestID: meeting, userID: mineUser.id, accept: true, now: booking)
            if over {
                return .init(path: base + "/meetings/\(meeting)/follow-up", body: #"{"took_place": true, "outcome": "letter-of-interest"}"#)
            }
            return .init(path: base + "/meetings/\(meeting)/fixed-slot", body: #"{"slot": null}"#)
        default:
            // schedule/run, schedule/publish
            return .init(path: base + String(route.split(separator: " ")[1].dropFirst("/api/v1/events/{id}/matchmaking".count)), body: "{}")
        }
    }
}

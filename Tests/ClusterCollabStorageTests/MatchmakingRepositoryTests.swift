import ClusterCollabContent
import ClusterCollabCore
@testable import ClusterCollabStorage
import Foundation
import Testing

/// A matchmaking event as stored on both databases, moved through its phases by explicit `now:` dates:
/// registration by team members, requests (mutual ones merge into one meeting), the request limit,
/// answers and withdrawals, availability that holds meetings, runs of the scheduler that keep what was
/// placed, publication (one e-mail per participant with meetings), fixed slots, and the follow-up.
@Suite struct MatchmakingRepositoryTests {
    static let publicURL = "https://clusters.example.eu"

    static func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    /// The event runs on 10 March 2027, 09:00-17:00 in Paris; meetings 09:00-12:00 in slots of 20 minutes
    /// (9 slots, 0 = 09:00), two tables.
    static let registration = at("2027-02-05T10:00:00Z")
    static let booking = at("2027-02-20T10:00:00Z")
    static let meetings = at("2027-03-09T12:00:00Z")
    static let followUp = at("2027-03-12T10:00:00Z")

    /// One person per organisation (plus a colleague of the first), each a team member.
    struct World {
        var db: Database
        var store: MatchmakingRepository
        var event: Event
        var organisations: [Organisation]
        var users: [User]
        var colleague: User
        var outsider: User
    }

    static func world(_ db: Database, people: Int = 4, requestLimit: Int = 20, tables: Int = 2) async throws -> World {
        let orgs = OrganisationRepository(database: db)
        var organisations: [Organisation] = []
        var users: [User] = []
        for i in 0..<people {
            let organisation = try await orgs.create(sampleOrganisation("Matchmaking Cluster \(i)", country: ["FR", "DE", "IT", "ES", "PL", "PT"][i % 6]))
            let user = try await person("person\(i)@matchmaking.example.eu", name: "Person \(i)", on: db)
            try await TeamRepository.addMembership(organisationID: organisation.id, userID: user.id, role: .member, database: db)
            organisations.append(organisation)
            users.append(user)
        }
        let colleague = try await person("colleague@matchmaking.example.eu", name: "Colleague", on: db)
        try await TeamRepository.addMembership(organisationID: organisations[0].id, userID: colleague.id, role: .member, database: db)
        let outsider = try await person("outsider@matchmaking.example.eu", name: "Outsider", on: db)
        let event = try await EventRepository(database: db).create(
            Event(
                title: "Matchmaking day", description: "Meetings.", kind: .conference, startsAt: at("2027-03-10T08:00:00Z"),
                endsAt: at("2027-03-10T16:00:00Z"), timeZone: "Europe/Paris", venue: "Lyon", organiserID: organisations[0].id
            ).published(at: at("2027-01-10T10:00:00Z")), actor: "test"
        ).event
        let store = MatchmakingRepository(database: db, publicURL: publicURL)
        let setup = MatchmakingSetup(
            eventID: event.id, sessions: [MatchmakingSession(day: "2027-03-10", starts: 540, ends: 720)], slotMinutes: 20, tables: tables,
            registrationOpens: at("2027-02-01T08:00:00Z"), bookingOpens: at("2027-02-15T08:00:00Z"), bookingCloses: at("2027-03-09T08:00:00Z"),
            followUpCloses: at("2027-04-10T08:00:00Z"), requestLimit: requestLimit)
        try await store.saveSetup(setup, event: event, now: at("2027-01-20T10:00:00Z"))
        return World(db: db, store: store, event: event, organisations: organisations, users: users, colleague: colleague, outsider: outsider)
    }

    static func person(_ email: String, name: String, on db: Database) async throws -> User {
        try await db.transaction { tx in
            try await UserRepository.create(
                email: email, name: name, passwordHash: "$2b$04$hash", role: .user, verified: true, unsubscribeToken: "unsub-" + email, now: registration,
                on: tx)
        }
    }

    static let entry = MatchmakingParticipantInput(offer: "Drone testing ranges and pilots.", seek: "Partners for precision farming pilots.")

    /// Registers everyone of `w` for their organisation: their participants in order.
    static func registerAll(_ w: World, available: [Int]? = nil) async throws -> [MatchmakingParticipant] {
        var result: [MatchmakingParticipant] = []
        for (user, organisation) in zip(w.users, w.organisations) {
            var input = entry
            input.organisationID = organisation.id
            input.available = available
            result.append(try await w.store.register(eventID: w.event.id, userID: user.id, input: input, now: registration))
        }
        return result
    }

    /// The refusal's name (or nil when nothing was refused).
    static func refusal(_ body: () async throws -> Void) async -> String? {
        do {
            try await body()
            return nil
        } catch let refusal as Refusal {
            return refusal.description
        } catch { return "\(error)" }
    }

    /// A meeting between participants `a` and `b` (a asks, b accepts).
    static func meeting(_ w: World, _ a: Int, _ b: Int, _ people: [MatchmakingParticipant], now: Date = booking) async throws -> MatchmakingRequest {
        let asked = try await w.store.request(
            eventID: w.event.id, fromUserID: w.users[a].id, toParticipantID: people[b].id, message: "Shall we meet?", match: 50, now: now)
        return try await w.store.answer(eventID: w.event.id, requestID: asked.request.id, userID: w.users[b].id, accept: true, now: now)
    }

    @Test(arguments: TestDatabase.dialects)
    func aTeamMemberRegistersOnceForTheirOrganisation(_ dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let w = try await Self.world(db, people: 2)
            var input = Self.entry
            input.organisationID = w.organisations[0].id
            // before registration opens, nobody registers
            #expect(
                await Self.refusal {
                    _ = try await w.store.register(eventID: w.event.id, userID: w.users[0].id, input: input, now: Self.at("2027-01-25T10:00:00Z"))
                } == "registration_closed")
            // a member of the organisation's team registers, validated at once, free in every slot
            let p = try await w.store.register(eventID: w.event.id, userID: w.users[0].id, input: input, now: Self.registration)
            #expect(p.status == .validated && p.available == Set(0..<9) && p.organisationID == w.organisations[0].id)
            let stored = try #require(try await w.store.participant(eventID: w.event.id, userID: w.users[0].id))
            #expect(stored.participant.offer == "Drone testing ranges and pilots." && stored.organisationName == "Matchmaking Cluster 0")
            #expect(stored.email == "person0@matchmaking.example.eu")
            // twice is refused
            #expect(
                await Self.refusal { _ = try await w.store.register(eventID: w.event.id, userID: w.users[0].id, input: input, now: Self.booking) }
                    == "already_registered")
            // someone outside the organisation's team is refused, and nothing is stored
            #expect(
                await Self.refusal { _ = try await w.store.register(eventID: w.event.id, userID: w.outsider.id, input: input, now: Self.booking) }
                    == "not_in_team")
            // bad entries name their fields
            var short = input
            short.offer = "Drones"
            short.available = [99]
            do {
                _ = try await w.store.register(eventID: w.event.id, userID: w.colleague.id, input: short, now: Self.booking)
                Issue.record("a short offer was stored")
            } catch let errors as ValidationErrors {
                #expect(Set(errors.fields.keys) == ["offer", "available"])
            }
            #expect(try await w.store.participants(eventID: w.event.id).map(\.participant.userID) == [w.users[0].id])
            // an organiser who validates participants: new ones wait
            var setup = try #require(try await w.store.setup(eventID: w.event.id))
            setup.validatesParticipants = true
            try await w.store.saveSetup(setup, event: w.event, now: Self.registration)
            var second = Self.entry
            second.organisationID = w.organisations[1].id
            #expect(try await w.store.register(eventID: w.event.id, userID: w.users[1].id, input: second, now: Self.booking).status == .pending)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func mutualRequestsMakeOneMeetingAndTheLimitCountsPendingRequests(_ dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let w = try await Self.world(db, people: 5, requestLimit: 2)
            let p = try await Self.registerAll(w)
            var input = Self.entry
            input.organisationID = w.organisations[0].id
            let colleague = try await w.store.register(eventID: w.event.id, userID: w.colleague.id, input: input, now: Self.booking)
            func ask(_ from: User, _ to: MatchmakingParticipant, now: Date = Self.booking) async throws -> (request: MatchmakingRequest, merged: Bool) {
                try await w.store.request(eventID: w.event.id, fromUserID: from.id, toParticipantID: to.id, message: "Let us meet.", match: 40, now: now)
            }
            // requests are made in the booking phase only
            #expect(await Self.refusal { _ = try await ask(w.users[0], p[1], now: Self.registration) } == "booking_closed")
            #expect(await Self.refusal { _ = try await ask(w.users[0], p[1], now: Self.meetings) } == "booking_closed")
            // not to oneself, nor to a colleague of one's organisation
            #expect(await Self.refusal { _ = try await ask(w.users[0], p[0]) } == "request_to_self")
            #expect(await Self.refusal { _ = try await ask(w.users[0], colleague) } == "same_organisation")
            // 0 asks 1; when 1 asks 0 too, 0's request is accepted: one meeting
            let first = try await ask(w.users[0], p[1])
            #expect(first.merged == false && first.request.status == .pending && first.request.match == 40)
            let second = try await ask(w.users[1], p[0])
            #expect(second.merged && second.request.id == first.request.id && second.request.status == .accepted)
            let all = try await w.store.requests(eventID: w.event.id)
            #expect(all.count == 1 && all[0].isMeeting)
            #expect(await Self.refusal { _ = try await ask(w.users[0], p[1]) } == "already_meeting")
            // the limit counts requests waiting for an answer: two pending, the third is refused
            _ = try await ask(w.users[0], p[2])
            _ = try await ask(w.users[0], p[3])
            #expect(await Self.refusal { _ = try await ask(w.users[0], p[4]) } == "request_limit_reached")
            #expect(try await w.store.requests(eventID: w.event.id).count == 3)
            // the one asked is told (in the app and by e-mail)
            let mails = try await OutboxRepository(database: db).list(page: 1, perPage: 50).rows
            #expect(
                mails.filter { $0.kind == "matchmaking-request" }.map(\.recipient).sorted() == [
                    "person1@matchmaking.example.eu", "person2@matchmaking.example.eu", "person3@matchmaking.example.eu",
                ])
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func theOneAskedAnswersAndTheRequesterWithdraws(_ dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let w = try await Self.world(db, people: 4)
            let p = try await Self.registerAll(w)
            let toOne = try await w.store.request(
                eventID: w.event.id, fromUserID: w.users[0].id, toParticipantID: p[1].id, message: "", match: 10, now: Self.booking)
            let toTwo = try await w.store.request(
                eventID: w.event.id, fromUserID: w.users[0].id, toParticipantID: p[2].id, message: "", match: 10, now: Self.booking)
            // only the one asked answers; someone else's request is not found
            #expect(
                await Self.refusal {
                    _ = try await w.store.answer(eventID: w.event.id, requestID: toOne.request.id, userID: w.users[0].id, accept: true, now: Self.booking)
                }
                    == "not_requested")
            #expect(
                await Self.refusal {
                    _ = try await w.store.answer(eventID: w.event.id, requestID: toOne.request.id, userID: w.users[3].id, accept: true, now: Self.booking)
                }
                    == "request \(toOne.request.id)")
            let declined = try await w.store.answer(eventID: w.event.id, requestID: toOne.request.id, userID: w.users[1].id, accept: false, now: Self.booking)
            #expect(declined.status == .declined && declined.decidedAt == Self.booking)
            // a declined request is not asked again
            #expect(
                await Self.refusal {
                    _ = try await w.store.request(
                        eventID: w.event.id, fromUserID: w.users[0].id, toParticipantID: p[1].id, message: "", match: 10, now: Self.booking)
                } == "declined")
            // the requester withdraws; it can no longer be accepted
            #expect(try await w.store.withdraw(eventID: w.event.id, requestID: toTwo.request.id, userID: w.users[0].id, now: Self.booking).status == .withdrawn)
            #expect(
                await Self.refusal {
                    _ = try await w.store.answer(eventID: w.event.id, requestID: toTwo.request.id, userID: w.users[2].id, accept: true, now: Self.booking)
                }
                    == "already_answered")
            #expect(try await w.store.requests(eventID: w.event.id).map(\.status) == [.declined, .withdrawn])
            // the requester was told of the answer
            let mails = try await OutboxRepository(database: db).list(page: 1, perPage: 50).rows
            #expect(mails.filter { $0.kind == "matchmaking-answer" }.map(\.recipient) == ["person0@matchmaking.example.eu"])
            #expect(mails.filter { $0.kind == "matchmaking-cancelled" }.isEmpty, "a request taken back before an answer tells nobody")
            // either side cancels an accepted meeting, and the other side is told
            let toThree = try await w.store.request(
                eventID: w.event.id, fromUserID: w.users[0].id, toParticipantID: p[3].id, message: "", match: 10, now: Self.booking)
            _ = try await w.store.answer(eventID: w.event.id, requestID: toThree.request.id, userID: w.users[3].id, accept: true, now: Self.booking)
            let cancelled = try await w.store.withdraw(eventID: w.event.id, requestID: toThree.request.id, userID: w.users[3].id, now: Self.booking)
            #expect(cancelled.status == .withdrawn && cancelled.slot == nil)
            let after = try await OutboxRepository(database: db).list(page: 1, perPage: 50).rows
            #expect(after.filter { $0.kind == "matchmaking-cancelled" }.map(\.recipient) == ["person0@matchmaking.example.eu"])
            // the requester's personal data holds their entry and their own requests, nobody else's name
            let data = try #require(try await PrivacyRepository(database: db, publicURL: "https://clusters.example.eu").export(userID: w.users[0].id))
            #expect(data.matchmaking.count == 1 && data.matchmaking[0].eventID == w.event.id)
            #expect(data.matchmaking[0].requests.map(\.status) == ["declined", "withdrawn", "withdrawn"])
            let json = String(decoding: try data.json(), as: UTF8.self)
            #expect(json.contains("\"matchmaking\"") && !json.contains("person3@matchmaking.example.eu"))
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func runsPlaceMeetingsAndKeepPlacedOnesAndAvailabilityFreesThemOnlyWhenConfirmed(_ dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let w = try await Self.world(db, people: 6, tables: 1)
            let p = try await Self.registerAll(w)
            let ab = try await Self.meeting(w, 0, 1, p)
            let cd = try await Self.meeting(w, 2, 3, p)
            // the first run places both, one table per slot: two slots
            let first = try await w.store.runSchedule(eventID: w.event.id, reschedule: false, now: Self.booking)
            #expect(first.run.accepted == 2 && first.run.scheduled == 2 && first.unscheduled.isEmpty)
            let stored = try await w.store.requests(eventID: w.event.id)
            let placed = Dictionary(uniqueKeysWithValues: stored.map { ($0.id, $0) })
            #expect(stored.allSatisfy { $0.slot != nil && $0.table == 1 })
            #expect(placed[ab.id]?.slot != placed[cd.id]?.slot)
            #expect(try await w.store.setup(eventID: w.event.id)?.lastRun?.scheduled == 2)
            // a late meeting: the second run keeps the placed ones where they were and places it
            let ef = try await Self.meeting(w, 4, 5, p)
            let second = try await w.store.runSchedule(eventID: w.event.id, reschedule: false, now: Self.booking)
            #expect(second.run.scheduled == 3)
            let after = Dictionary(uniqueKeysWithValues: try await w.store.requests(eventID: w.event.id).map { ($0.id, $0) })
            #expect(after[ab.id]?.slot == placed[ab.id]?.slot && after[cd.id]?.slot == placed[cd.id]?.slot)
            #expect(after[ef.id]?.slot != nil && after[ef.id]?.table == 1)
            // withdrawing the slot of a meeting is refused, naming the slot, unless confirmed
            let slot = try #require(after[ab.id]?.slot)
            var input = MatchmakingParticipantInput()
            input.available = (0..<9).filter { $0 != slot }
            do {
                _ = try await w.store.updateEntry(eventID: w.event.id, userID: w.users[0].id, input: input, confirmed: false, now: Self.booking)
                Issue.record("availability holding a meeting was withdrawn unconfirmed")
            } catch let refusal as Refusal {
                #expect(refusal.description == "availability_holds_meetings" && refusal.kind == .conflict)
                #expect(refusal.fields["available"]?.contains("2027-03-10 ") == true)
            }
            #expect(try await w.store.participant(eventID: w.event.id, userID: w.users[0].id)?.participant.available == Set(0..<9))
            #expect(try await w.store.requests(eventID: w.event.id).first { $0.id == ab.id }?.slot == slot)
            let (entry, freed) = try await w.store.updateEntry(eventID: w.event.id, userID: w.users[0].id, input: input, confirmed: true, now: Self.booking)
            #expect(freed.map(\.id) == [ab.id] && !entry.available.contains(slot))
            let freedMeeting = try #require(try await w.store.requests(eventID: w.event.id).first { $0.id == ab.id })
            #expect(freedMeeting.slot == nil && freedMeeting.table == nil && freedMeeting.isMeeting)
            // the next run places it again, elsewhere
            _ = try await w.store.runSchedule(eventID: w.event.id, reschedule: false, now: Self.booking)
            let again = try #require(try await w.store.requests(eventID: w.event.id).first { $0.id == ab.id })
            #expect(again.slot != nil && again.slot != slot)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func publishingTellsEachParticipantWithMeetingsOnceAndTheOrganiserFixesSlots(_ dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let w = try await Self.world(db, people: 5)
            let p = try await Self.registerAll(w)
            let ab = try await Self.meeting(w, 0, 1, p)
            _ = try await Self.meeting(w, 2, 3, p)
            _ = try await w.store.runSchedule(eventID: w.event.id, reschedule: false, now: Self.meetings)
            let outbox = OutboxRepository(database: db)
            let before = try await outbox.list(page: 1, perPage: 100).rows.filter { $0.kind == "matchmaking-schedule" }
            #expect(before.isEmpty)
            // publishing: one mail to each of the four with a meeting, none to the fifth
            #expect(try await w.store.publishSchedule(eventID: w.event.id, now: Self.meetings) == 1)
            let mails = try await outbox.list(page: 1, perPage: 100).rows.filter { $0.kind == "matchmaking-schedule" }
            #expect(mails.map(\.recipient).sorted() == (0..<4).map { "person\($0)@matchmaking.example.eu" })
            let setup = try #require(try await w.store.setup(eventID: w.event.id))
            #expect(setup.schedulePublishedAt == Self.meetings && setup.scheduleVersion == 1)
            // the organiser fixes a meeting in a slot both are free in; it stays there on a rescheduling run
            let fixed = try await w.store.fix(eventID: w.event.id, meetingID: ab.id, slot: 8, now: Self.meetings)
            #expect(fixed.fixedSlot == 8 && fixed.slot == 8 && fixed.table != nil)
            _ = try await w.store.runSchedule(eventID: w.event.id, reschedule: true, now: Self.meetings)
            #expect(try await w.store.requests(eventID: w.event.id).first { $0.id == ab.id }?.slot == 8)
            // not outside the slots, not where one of the two has another meeting
            #expect(await Self.refusal { _ = try await w.store.fix(eventID: w.event.id, meetingID: ab.id, slot: 9, now: Self.meetings) } == "validation")
            let cd = try #require(try await w.store.requests(eventID: w.event.id).first { $0.id != ab.id })
            let other = try await Self.meeting(w, 0, 2, p, now: Self.booking)
            let cdSlot = try #require(cd.slot)
            #expect(
                await Self.refusal { _ = try await w.store.fix(eventID: w.event.id, meetingID: other.id, slot: cdSlot, now: Self.meetings) } == "slot_taken")
            // freed again
            #expect(try await w.store.fix(eventID: w.event.id, meetingID: ab.id, slot: nil, now: Self.meetings).fixedSlot == nil)
            // a second publication tells again (the agenda changed)
            #expect(try await w.store.publishSchedule(eventID: w.event.id, now: Self.meetings.addingTimeInterval(60)) == 2)
            #expect(try await outbox.list(page: 1, perPage: 100).rows.filter { $0.kind == "matchmaking-schedule" }.count == 8)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func meetingsAreFollowedUpAfterTheEventAndCountAsOutcomesAndAgreements(_ dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let w = try await Self.world(db, people: 4)
            let p = try await Self.registerAll(w)
            let ab = try await Self.meeting(w, 0, 1, p)
            let cd = try await Self.meeting(w, 2, 3, p)
            _ = try await w.store.runSchedule(eventID: w.event.id, reschedule: false, now: Self.meetings)
            // not before the event is over
            #expect(
                await Self.refusal {
                    _ = try await w.store.followUp(
                        eventID: w.event.id, meetingID: ab.id, userID: w.users[0].id, tookPlace: true, outcome: .memorandum, note: "", now: Self.meetings)
                } == "not_follow_up")
            // not by someone who was not in the meeting
            #expect(
                await Self.refusal {
                    _ = try await w.store.followUp(
                        eventID: w.event.id, meetingID: ab.id, userID: w.users[2].id, tookPlace: true, outcome: .memorandum, note: "", now: Self.followUp)
                } == "request \(ab.id)")
            // both sides of one meeting report an agreement (the stronger one counts), the other did not take place
            let report = try await w.store.followUp(
                eventID: w.event.id, meetingID: ab.id, userID: w.users[0].id, tookPlace: true, outcome: .memorandum, note: "  Signed in April.  ",
                now: Self.followUp)
            #expect(report.note == "Signed in April." && report.outcome == .memorandum)
            _ = try await w.store.followUp(
                eventID: w.event.id, meetingID: ab.id, userID: w.users[1].id, tookPlace: true, outcome: .letterOfInterest, note: "", now: Self.followUp)
            _ = try await w.store.followUp(
                eventID: w.event.id, meetingID: cd.id, userID: w.users[2].id, tookPlace: false, outcome: .partnershipAgreement, note: "", now: Self.followUp)
            // a second report replaces the first
            _ = try await w.store.followUp(
                eventID: w.event.id, meetingID: ab.id, userID: w.users[0].id, tookPlace: true, outcome: .memorandum, note: "Signed.", now: Self.followUp)
            #expect(try await w.store.followUps(eventID: w.event.id).count == 3)
            let outcomes = try await w.store.outcomes(eventID: w.event.id)
            #expect(outcomes.held == 1 && outcomes.agreements == 1 && outcomes.byOutcome == [.memorandum: 1])
            // each organisation's agreements name the partner
            let first = try await w.store.agreements(organisationID: w.organisations[0].id)
            #expect(first.map(\.partnerName) == ["Matchmaking Cluster 1"] && first.map(\.outcome) == [.memorandum])
            #expect(first.first?.eventTitle == "Matchmaking day")
            #expect(try await w.store.agreements(organisationID: w.organisations[1].id).map(\.outcome) == [.letterOfInterest])
            #expect(try await w.store.agreements(organisationID: w.organisations[2].id).isEmpty)
            // after follow-up closes, nothing more
            #expect(
                await Self.refusal {
                    _ = try await w.store.followUp(
                        eventID: w.event.id, meetingID: cd.id, userID: w.users[3].id, tookPlace: true, outcome: .memorandum, note: "",
                        now: Self.at("2027-05-01T10:00:00Z"))
                } == "not_follow_up")
        }
    }
}

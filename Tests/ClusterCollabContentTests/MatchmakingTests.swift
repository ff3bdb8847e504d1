@testable import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabMatching
import Foundation
import Testing

/// A matchmaking event's rules without a database: its slots and phases, the organiser's setup, requests
/// (one meeting for two who asked each other; named refusals), availability that holds a meeting, the
/// follow-up, and the schedule written back with stable tables.
@Suite struct MatchmakingTests {
    /// 10-11 March 2027 in Brussels (CET, UTC+1).
    let event = Event(
        id: 7, slug: "b2b", title: "Drone B2B days", description: "Meet.", kind: .matchmaking,
        startsAt: ZonedTime.parse("2027-03-10T08:00", zone: "Europe/Brussels")!, endsAt: ZonedTime.parse("2027-03-11T18:00", zone: "Europe/Brussels")!,
        timeZone: "Europe/Brussels", venue: "Brussels")

    func input(_ change: (inout MatchmakingSetupInput) -> Void = { _ in }) -> MatchmakingSetupInput {
        var input = MatchmakingSetupInput()
        input.sessions = ["2027-03-10 09:00-12:00 break 10:20-10:40\r\n2027-03-11 14:00-16:00"]
        input.slotMinutes = "20"
        input.tables = "2"
        input.registrationOpens = "2027-01-10T09:00"
        input.bookingOpens = "2027-02-01T09:00"
        input.bookingCloses = "2027-03-08T18:00"
        input.followUpCloses = "2027-04-30T18:00"
        change(&input)
        return input
    }

    func errors(_ input: MatchmakingSetupInput) -> [String: String] {
        do {
            _ = try input.applied(to: nil, event: event)
            return [:]
        } catch { return error.fields }
    }

    @Test func slotsFollowTheSessionsAndSkipBreaks() throws {
        let setup = try input().applied(to: nil, event: event)
        let slots = setup.slots(timeZone: event.timeZone)
        // 09:00-10:20 gives 4 slots, the break to 10:40, then 10:40-12:00 gives 4; the second day 6.
        #expect(slots.count == 14)
        #expect(slots.map(\.index) == Array(0..<14))
        #expect(ZonedTime.localInput(slots[3].startsAt, zone: "Europe/Brussels") == "2027-03-10T10:00")
        #expect(ZonedTime.localInput(slots[4].startsAt, zone: "Europe/Brussels") == "2027-03-10T10:40")
        #expect(slots[8].session == 1)
        #expect(ZonedTime.localInput(slots[13].endsAt, zone: "Europe/Brussels") == "2027-03-11T16:00")
    }

    @Test func theSetupNamesEachBrokenRule() {
        #expect(errors(input()).isEmpty)
        #expect(errors(input { $0.sessions = ["10 March 9-5"] })["sessions"]?.contains("line 1") == true)
        #expect(errors(input { $0.sessions = [""] })["sessions"]?.hasPrefix("is required") == true)
        #expect(errors(input { $0.sessions = ["2027-03-12 09:00-12:00"] })["sessions"]?.contains("within the event's dates") == true)
        #expect(errors(input { $0.sessions = ["2027-03-10 09:00-12:00 break 08:00-09:30"] })["sessions"]?.contains("within the day's hours") == true)
        #expect(
            errors(
                input {
                    $0.slotMinutes = "5"; $0.sessions = ["2027-03-10 08:00-18:00"]
                })["sessions"]?.contains("at most 64 slots") == true)
        #expect(errors(input { $0.tables = "0" })["tables"] == "must be a whole number from 1 to 1000")
        #expect(errors(input { $0.requestLimit = "many" })["request_limit"] != nil)
        #expect(errors(input { $0.bookingCloses = "2027-01-20T09:00" })["booking_closes"] == "must be after booking_opens")
        #expect(errors(input { $0.followUpCloses = "2027-03-11T12:00" })["follow_up_closes"] == "must be after the event ends")
        #expect(errors(input { $0.onlineRooms = true })["online_rooms"] != nil)
        #expect(errors(input { $0.bookingOpens = "soon" })["booking_opens"]?.hasPrefix("must be a date and time") == true)
    }

    @Test func sessionLinesReadBack() throws {
        let session = try #require(MatchmakingSetupInput.session("2027-03-10 09:00-17:00 break 12:30-13:30, 15:00-15:15"))
        #expect(session.breaks.count == 2)
        #expect(MatchmakingSetupInput.line(session) == "2027-03-10 09:00-17:00 break 12:30-13:30, 15:00-15:15")
        #expect(MatchmakingSetupInput.session("2027-03-10 17:00-09:00") == nil)
        #expect(MatchmakingSetupInput.session("2027-02-30 09:00-10:00") == nil)
    }

    @Test func phasesFollowTheClock() throws {
        let setup = try input().applied(to: nil, event: event)
        func at(_ text: String) -> MatchmakingPhase { setup.phase(of: event, at: ZonedTime.parse(text, zone: "Europe/Brussels")!) }
        #expect(at("2027-01-01T00:00") == .announced)
        #expect(at("2027-01-15T00:00") == .registration)
        #expect(at("2027-02-15T00:00") == .booking)
        #expect(at("2027-03-09T00:00") == .meetings)
        #expect(at("2027-03-20T00:00") == .followUp)
        #expect(at("2027-05-01T00:00") == .closed)
    }

    // MARK: Requests

    let now = Date(timeIntervalSince1970: 1_800_000_000)
    func participant(_ id: Int64, organisation: Int64, status: MatchmakingParticipant.Status = .validated) -> MatchmakingParticipant {
        MatchmakingParticipant(
            id: id, eventID: 7, userID: id * 10, organisationID: organisation, name: "P\(id)", offer: "Drone testing", seek: "Partners",
            available: Set(0..<14), status: status, registeredAt: now)
    }

    func refusal(_ body: () throws(Refusal) -> Void) -> Refusal? {
        do {
            try body()
            return nil
        } catch { return error }
    }

    @Test func requestsAreRefusedByName() {
        let a = participant(1, organisation: 100), b = participant(2, organisation: 200), colleague = participant(3, organisation: 100)
        func ask(
            _ from: MatchmakingParticipant, _ to: MatchmakingParticipant, between: [MatchmakingRequest] = [], pending: Int = 0,
            phase: MatchmakingPhase = .booking
        )
            -> Refusal?
        {
            refusal { () throws(Refusal) in
                _ = try Matchmaking.requesting(from: from, to: to, between: between, pendingOfSender: pending, limit: 20, phase: phase)
            }
        }
        #expect(ask(a, a)?.description == "request_to_self")
        #expect(ask(a, colleague)?.description == "same_organisation")
        #expect(ask(a, b, phase: .meetings)?.description == "booking_closed")
        #expect(ask(a, b, phase: .registration)?.description == "booking_closed")
        #expect(ask(a, b, pending: 20)?.description == "request_limit_reached")
        #expect(ask(a, b, pending: 20)?.kind == .invalid)
        #expect(ask(a, b, pending: 19) == nil)
        #expect(ask(participant(4, organisation: 300, status: .pending), b)?.description == "not_validated")
        let mine = MatchmakingRequest(id: 9, eventID: 7, fromID: 1, toID: 2, message: "", createdAt: now)
        #expect(ask(a, b, between: [mine])?.description == "already_requested")
        var declined = mine
        declined.status = .declined
        #expect(ask(a, b, between: [declined])?.description == "declined")
        var withdrawn = mine
        withdrawn.status = .withdrawn
        #expect(ask(a, b, between: [withdrawn]) == nil)
    }

    @Test func twoWhoAskEachOtherMakeOneMeeting() throws {
        let a = participant(1, organisation: 100), b = participant(2, organisation: 200)
        let theirs = MatchmakingRequest(id: 9, eventID: 7, fromID: 2, toID: 1, message: "", createdAt: now)
        // Even at the limit: accepting theirs adds no pending request.
        let decision = try Matchmaking.requesting(from: a, to: b, between: [theirs], pendingOfSender: 20, limit: 20, phase: .booking)
        #expect(decision == .acceptTheirs(theirs))
    }

    @Test func onlyTheOneAskedAnswersOnce() throws {
        let a = participant(1, organisation: 100), b = participant(2, organisation: 200)
        let request = MatchmakingRequest(id: 9, eventID: 7, fromID: 1, toID: 2, message: "", createdAt: now)
        #expect(refusal { () throws(Refusal) in _ = try Matchmaking.answering(request, by: a, accept: true, phase: .booking, now: now) }?.kind == .forbidden)
        let accepted = try Matchmaking.answering(request, by: b, accept: true, phase: .booking, now: now)
        #expect(accepted.status == .accepted && accepted.decidedAt == now)
        #expect(refusal { () throws(Refusal) in _ = try Matchmaking.answering(accepted, by: b, accept: false, phase: .booking, now: now) }?.kind == .conflict)
        #expect(
            refusal { () throws(Refusal) in _ = try Matchmaking.answering(request, by: b, accept: true, phase: .meetings, now: now) }?.description
                == "booking_closed")
        #expect(refusal { () throws(Refusal) in _ = try Matchmaking.withdrawing(request, by: b, phase: .booking, now: now) }?.kind == .forbidden)
        var placed = accepted
        placed.slot = 3
        placed.table = 1
        let cancelled = try Matchmaking.withdrawing(placed, by: b, phase: .meetings, now: now)
        #expect(cancelled.status == .withdrawn && cancelled.slot == nil && cancelled.table == nil)
    }

    @Test func withdrawingAvailabilityThatHoldsAMeetingAsksFirst() throws {
        let a = participant(1, organisation: 100)
        var meeting = MatchmakingRequest(id: 9, eventID: 7, fromID: 1, toID: 2, message: "", status: .accepted, createdAt: now, slot: 3, table: 2)
        meeting.fixedSlot = 3
        var without3 = a.available
        without3.remove(3)
        let asked = refusal { () throws(Refusal) in
            _ = try Matchmaking.changingAvailability(a, to: without3, meetings: [meeting], confirmed: false, phase: .booking, slotNames: { "slot \($0)" })
        }
        #expect(asked?.description == "availability_holds_meetings")
        #expect(asked?.fields["available"]?.contains("slot 3") == true)
        let freed = try Matchmaking.changingAvailability(a, to: without3, meetings: [meeting], confirmed: true, phase: .booking, slotNames: { "\($0)" })
        #expect(freed.map(\.id) == [9] && freed[0].slot == nil && freed[0].fixedSlot == nil)
        // A change that keeps the meeting's slot frees nothing and asks nothing.
        var without5 = a.available
        without5.remove(5)
        #expect(try Matchmaking.changingAvailability(a, to: without5, meetings: [meeting], confirmed: false, phase: .booking, slotNames: { "\($0)" }).isEmpty)
    }

    @Test func followUpIsForTheTwoAfterTheEvent() throws {
        let a = participant(1, organisation: 100), c = participant(3, organisation: 300)
        let meeting = MatchmakingRequest(id: 9, eventID: 7, fromID: 1, toID: 2, message: "", status: .accepted, createdAt: now, slot: 3, table: 2)
        let report = try Matchmaking.followingUp(meeting, by: a, tookPlace: true, outcome: .memorandum, note: "Signed.\r\n", phase: .followUp, now: now)
        #expect(report.outcome == .memorandum && report.note == "Signed.")
        let missed = try Matchmaking.followingUp(meeting, by: a, tookPlace: false, outcome: .memorandum, note: "", phase: .followUp, now: now)
        #expect(missed.outcome == .nothingYet)
        #expect(
            refusal { () throws(Refusal) in
                _ = try Matchmaking.followingUp(meeting, by: c, tookPlace: true, outcome: .nothingYet, note: "", phase: .followUp, now: now)
            }?.kind == .notFound)
        #expect(
            refusal { () throws(Refusal) in
                _ = try Matchmaking.followingUp(meeting, by: a, tookPlace: true, outcome: .nothingYet, note: "", phase: .booking, now: now)
            }?.description == "not_follow_up")
    }

    // MARK: The schedule written back

    @Test func aRunKeepsPlacedMeetingsAndFillsFreeTables() throws {
        let setup = try input { $0.tables = "1" }.applied(to: nil, event: event)
        var people = (1...4).map { participant(Int64($0), organisation: Int64($0) * 100) }
        people[0].available = [0, 1]
        people[1].available = [0, 1]
        people[2].available = [0, 1]
        people[3].available = [0, 1]
        let early = MatchmakingRequest(id: 1, eventID: 7, fromID: 1, toID: 2, message: "", status: .accepted, createdAt: now, slot: 1, table: 1)
        let late = MatchmakingRequest(id: 2, eventID: 7, fromID: 3, toID: 4, message: "", status: .accepted, createdAt: now)
        let pending = MatchmakingRequest(id: 3, eventID: 7, fromID: 1, toID: 3, message: "", createdAt: now)
        let outcome = try MatchmakingScheduling.run(
            setup: setup, slotCount: 14, participants: people, requests: [early, late, pending], reschedule: false, now: now)
        let byID = Dictionary(uniqueKeysWithValues: outcome.meetings.map { ($0.id, $0) })
        #expect(byID[1]?.slot == 1 && byID[1]?.table == 1)  // confirmed: not moved
        #expect(byID[2]?.slot == 0 && byID[2]?.table == 1)  // the late one takes the free slot
        #expect(byID[3] == nil)  // a pending request is no meeting
        #expect(outcome.run.scheduled == 2 && outcome.run.accepted == 2 && outcome.run.bound == 2)
    }

    @Test func unscheduledMeetingsSayWhy() throws {
        let setup = try input { $0.tables = "1" }.applied(to: nil, event: event)
        var people = (1...6).map { participant(Int64($0), organisation: Int64($0) * 100) }
        for i in 0..<4 { people[i].available = [0] }
        people[4].available = [1]
        let meetings = [
            MatchmakingRequest(id: 1, eventID: 7, fromID: 1, toID: 2, message: "", status: .accepted, match: 50, createdAt: now),
            MatchmakingRequest(id: 2, eventID: 7, fromID: 3, toID: 4, message: "", status: .accepted, createdAt: now),
            MatchmakingRequest(id: 3, eventID: 7, fromID: 1, toID: 5, message: "", status: .accepted, createdAt: now),
        ]
        let outcome = try MatchmakingScheduling.run(setup: setup, slotCount: 14, participants: people, requests: meetings, reschedule: false, now: now)
        #expect(outcome.run.scheduled == 1)
        // One table in slot 0: the better match wins it; 1 and 5 share no free slot at all.
        #expect(outcome.meetings.first { $0.id == 1 }?.slot == 0)
        #expect(outcome.unscheduled[2] == .slotsTaken)
        #expect(outcome.unscheduled[3] == .noCommonSlot)
    }

    @Test func aMeetingWithoutASlotSaysWhyFromTheStoredSchedule() {
        var people = Dictionary(uniqueKeysWithValues: (1...5).map { (Int64($0), participant(Int64($0), organisation: Int64($0) * 100)) })
        for id in [1, 2, 3, 4] as [Int64] { people[id]?.available = [0, 1] }
        people[5]?.available = [7]
        let placed = MatchmakingRequest(id: 1, eventID: 7, fromID: 1, toID: 2, message: "", status: .accepted, createdAt: now, slot: 0, table: 1)
        let other = MatchmakingRequest(id: 2, eventID: 7, fromID: 3, toID: 4, message: "", status: .accepted, createdAt: now)
        let lonely = MatchmakingRequest(id: 3, eventID: 7, fromID: 1, toID: 5, message: "", status: .accepted, createdAt: now)
        let gone = MatchmakingRequest(id: 4, eventID: 7, fromID: 1, toID: 9, message: "", status: .accepted, createdAt: now)
        let bySlot = [0: [placed]]
        // One table: slot 0 is full, slot 1 is free for 3 and 4.
        #expect(MatchmakingScheduling.standing(of: other, placedBySlot: bySlot, people: people, tables: 1) == .placeable)
        #expect(MatchmakingScheduling.standing(of: lonely, placedBySlot: bySlot, people: people, tables: 1) == .unscheduled(.noCommonSlot))
        #expect(MatchmakingScheduling.standing(of: gone, placedBySlot: bySlot, people: people, tables: 1) == .notTakingPart)
        let busy = [0: [placed], 1: [MatchmakingRequest(id: 5, eventID: 7, fromID: 3, toID: 1, message: "", status: .accepted, createdAt: now, slot: 1)]]
        #expect(MatchmakingScheduling.standing(of: other, placedBySlot: busy, people: people, tables: 1) == .unscheduled(.slotsTaken))
    }

    @Test func tablesStayWithMeetingsThatStay() {
        let a = MatchmakingRequest(id: 1, eventID: 7, fromID: 1, toID: 2, message: "", status: .accepted, createdAt: now, slot: 0, table: 3)
        let b = MatchmakingRequest(id: 2, eventID: 7, fromID: 3, toID: 4, message: "", status: .accepted, createdAt: now, slot: 1, table: 3)
        let c = MatchmakingRequest(id: 3, eventID: 7, fromID: 5, toID: 6, message: "", status: .accepted, createdAt: now)
        let result = MatchmakingScheduling.assignTables([c, b, a], placements: [1: 0, 2: 0, 3: 0], tables: 3)
        #expect(result.map(\.table) == [3, 1, 2])  // 1 keeps table 3; 2 moved slots, so it takes the lowest free
    }
}

import ClusterCollabCore
import Foundation

/// The rules of a matchmaking event, as functions of what was read and the phase at the clock's `now`: each
/// returns what to write or throws a `Refusal` whose error is a stable name (`request_to_self`,
/// `same_organisation`, `booking_closed`, `request_limit_reached`, ...) and whose field says the rule.
public enum Matchmaking {
    /// Registration is open in the registration and booking phases, for a member of the organisation's team.
    public static func registering(
        userID: Int64, organisationID: Int64, isTeamMember: Bool, existing: MatchmakingParticipant?, phase: MatchmakingPhase
    ) throws(Refusal) {
        guard phase == .registration || phase == .booking else {
            throw Refusal(
                .invalid, "registration_closed",
                fields: ["phase": "registration is open in the registration and booking phases; the event is in its \(phase.rawValue) phase"])
        }
        guard isTeamMember else {
            throw Refusal(.forbidden, "not_in_team", fields: ["organisation_id": "must be an organisation whose team you belong to"])
        }
        if existing != nil {
            throw Refusal(.conflict, "already_registered", fields: ["event": "you are already a participant of this event"])
        }
    }

    /// What a new request does.
    public enum RequestDecision: Sendable, Equatable {
        /// A new pending request.
        case create
        /// The other already asked: their request is accepted instead, one meeting for the two.
        case acceptTheirs(MatchmakingRequest)
    }

    /// A request from `from` to `to`, given every request between the two (either way), how many of
    /// `from`'s own requests wait for an answer, and the organiser's limit.
    public static func requesting(
        from: MatchmakingParticipant, to: MatchmakingParticipant, between: [MatchmakingRequest], pendingOfSender: Int, limit: Int,
        phase: MatchmakingPhase
    ) throws(Refusal) -> RequestDecision {
        if from.id == to.id {
            throw Refusal(.invalid, "request_to_self", fields: ["participant_id": "must be another participant, not yourself"])
        }
        if from.organisationID == to.organisationID {
            throw Refusal(.invalid, "same_organisation", fields: ["participant_id": "must be a participant of another organisation than yours"])
        }
        guard phase == .booking else {
            throw Refusal(
                .invalid, "booking_closed", fields: ["phase": "meetings are requested in the booking phase; the event is in its \(phase.rawValue) phase"])
        }
        guard from.takesPart else {
            throw Refusal(.forbidden, "not_validated", fields: ["participant": "your participation waits for the organiser's validation"])
        }
        guard to.takesPart else { throw Refusal(.notFound, "participant \(to.id)") }
        if between.contains(where: { $0.status == .accepted }) {
            throw Refusal(.conflict, "already_meeting", fields: ["participant_id": "you already have a meeting with this participant"])
        }
        if between.contains(where: { $0.status == .declined }) {
            throw Refusal(.conflict, "declined", fields: ["participant_id": "a request between you was declined; it cannot be asked again"])
        }
        if let theirs = between.first(where: { $0.status == .pending && $0.fromID == to.id }) {
            return .acceptTheirs(theirs)
        }
        if between.contains(where: { $0.status == .pending && $0.fromID == from.id }) {
            throw Refusal(.conflict, "already_requested", fields: ["participant_id": "your request to this participant waits for an answer"])
        }
        if pendingOfSender >= limit {
            throw Refusal(
                .invalid, "request_limit_reached",
                fields: ["participant_id": "you may have at most \(limit) requests waiting for an answer; withdraw one or wait for answers"])
        }
        return .create
    }

    /// The answer of the requested participant: the request accepted (a meeting) or declined.
    public static func answering(
        _ request: MatchmakingRequest, by participant: MatchmakingParticipant, accept: Bool, phase: MatchmakingPhase, now: Date
    ) throws(Refusal) -> MatchmakingRequest {
        guard request.toID == participant.id else {
            throw Refusal(.forbidden, "not_requested", fields: ["request": "only the participant asked may answer this request"])
        }
        guard request.status == .pending else {
            throw Refusal(.conflict, "already_answered", fields: ["request": "is \(request.status.rawValue), not waiting for an answer"])
        }
        guard phase == .booking else {
            throw Refusal(
                .invalid, "booking_closed", fields: ["phase": "requests are answered in the booking phase; the event is in its \(phase.rawValue) phase"])
        }
        var answered = request
        answered.status = accept ? .accepted : .declined
        answered.decidedAt = now
        return answered
    }

    /// The requester takes back a request waiting for an answer, or either side cancels a meeting before
    /// the event ends; a cancelled meeting leaves its slot.
    public static func withdrawing(_ request: MatchmakingRequest, by participant: MatchmakingParticipant, phase: MatchmakingPhase, now: Date) throws(Refusal)
        -> MatchmakingRequest
    {
        switch request.status {
        case .pending where request.fromID == participant.id: break
        case .accepted where request.involves(participant.id): break
        case .pending, .accepted: throw Refusal(.forbidden, "not_yours", fields: ["request": "only the requester may withdraw a request"])
        case .declined, .withdrawn: throw Refusal(.conflict, "already_answered", fields: ["request": "is \(request.status.rawValue) already"])
        }
        guard phase == .booking || phase == .meetings || phase == .registration else {
            throw Refusal(.invalid, "event_over", fields: ["phase": "the event is over"])
        }
        var withdrawn = request
        withdrawn.status = .withdrawn
        withdrawn.decidedAt = now
        withdrawn.slot = nil
        withdrawn.table = nil
        withdrawn.fixedSlot = nil
        return withdrawn
    }

    /// New availability for a participant. A scheduled meeting in a slot they withdraw is only freed (for
    /// the organiser's next run) when they confirm; otherwise the refusal names each such meeting's slot.
    /// Returns the meetings to take out of the schedule.
    public static func changingAvailability(
        _ participant: MatchmakingParticipant, to available: Set<Int>, meetings: [MatchmakingRequest], confirmed: Bool, phase: MatchmakingPhase,
        slotNames: (Int) -> String
    ) throws(Refusal) -> [MatchmakingRequest] {
        guard phase != .followUp, phase != .closed else {
            throw Refusal(.invalid, "event_over", fields: ["available": "the event is over; availability no longer changes"])
        }
        let held = meetings.filter { $0.isMeeting && $0.involves(participant.id) && $0.slot.map { !available.contains($0) } == true }
        if !held.isEmpty, !confirmed {
            let slots = held.compactMap(\.slot).sorted().map(slotNames).joined(separator: ", ")
            throw Refusal(
                .conflict, "availability_holds_meetings",
                fields: ["available": "you have meetings at \(slots); confirm to free them for rescheduling (confirm=true)"])
        }
        return held.map { meeting in
            var freed = meeting
            freed.slot = nil
            freed.table = nil
            freed.fixedSlot = nil
            return freed
        }
    }

    /// A participant's follow-up of one of their meetings, after the event and before follow-up closes.
    public static func followingUp(
        _ meeting: MatchmakingRequest, by participant: MatchmakingParticipant, tookPlace: Bool, outcome: MeetingOutcome, note: String,
        phase: MatchmakingPhase, now: Date
    ) throws(Refusal) -> MeetingFollowUp {
        guard meeting.isMeeting, meeting.involves(participant.id) else { throw Refusal(.notFound, "meeting \(meeting.id)") }
        guard phase == .followUp else {
            throw Refusal(
                .invalid, "not_follow_up",
                fields: ["phase": "meetings are followed up after the event, in the follow-up phase; the event is in its \(phase.rawValue) phase"])
        }
        let trimmed = note.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count <= MatchmakingParticipant.maxText else {
            throw Refusal(.invalid, "validation", fields: ["note": "must be at most \(MatchmakingParticipant.maxText) characters"])
        }
        return MeetingFollowUp(
            meetingID: meeting.id, participantID: participant.id, tookPlace: tookPlace, outcome: tookPlace ? outcome : .nothingYet, note: trimmed,
            updatedAt: now)
    }

    /// The request's message, checked.
    public static func message(_ text: String?) throws(Refusal) -> String {
        let trimmed = (text ?? "").replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count <= MatchmakingRequest.maxMessage else {
            throw Refusal(.invalid, "validation", fields: ["message": "must be at most \(MatchmakingRequest.maxMessage) characters"])
        }
        return trimmed
    }
}

import ClusterCollabCore
import Foundation

/// A person taking part in a matchmaking event for an organisation whose team they belong to: what they
/// offer and seek, optionally one of the organisation's partner searches, and the slots they are free in.
public struct MatchmakingParticipant: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable, Codable {
        /// Waiting for an organiser's validation (events that validate participants).
        case pending
        case validated
        /// An organiser refused them; they cannot request or be requested.
        case refused
    }

    public var id: Int64
    public var eventID: Int64
    public var userID: Int64
    public var organisationID: Int64
    /// The person's name as others see it.
    public var name: String
    public var offer: String
    public var seek: String
    public var partnerSearchID: Int64?
    /// Slot indexes (`MeetingSlot.index`) they are free in.
    public var available: Set<Int>
    public var status: Status
    public var registeredAt: Date

    public init(
        id: Int64 = 0, eventID: Int64, userID: Int64, organisationID: Int64, name: String, offer: String, seek: String,
        partnerSearchID: Int64? = nil, available: Set<Int>, status: Status = .validated, registeredAt: Date
    ) {
        self.id = id; self.eventID = eventID; self.userID = userID; self.organisationID = organisationID; self.name = name
        self.offer = offer; self.seek = seek; self.partnerSearchID = partnerSearchID; self.available = available
        self.status = status; self.registeredAt = registeredAt
    }

    /// Whether others can find them and they can request meetings.
    public var takesPart: Bool { status == .validated }

    public static let maxText = 1_000
}

/// A participant's entry as written: raw values, each optional so that an edit changes only what it names.
public struct MatchmakingParticipantInput: Sendable, Equatable {
    public var organisationID: Int64?
    public var offer: String?
    public var seek: String?
    /// 0 or absent clears it.
    public var partnerSearchID: Int64?
    /// Slot indexes; absent on a new entry means every slot.
    public var available: [Int]?

    public init(organisationID: Int64? = nil, offer: String? = nil, seek: String? = nil, partnerSearchID: Int64? = nil, available: [Int]? = nil) {
        self.organisationID = organisationID; self.offer = offer; self.seek = seek; self.partnerSearchID = partnerSearchID; self.available = available
    }

    /// The entry applied to `base` (or a new one), checked against the event's slots; every broken rule.
    public func applied(to base: MatchmakingParticipant?, slotCount: Int, new: MatchmakingParticipant) throws(ValidationErrors) -> MatchmakingParticipant {
        var errors = ValidationErrors()
        var entry = base ?? new
        FieldText.read(offer, "offer", checked: base == nil || offer != nil, min: 10, max: MatchmakingParticipant.maxText, keep: &entry.offer, errors: &errors)
        FieldText.read(seek, "seek", checked: base == nil || seek != nil, min: 10, max: MatchmakingParticipant.maxText, keep: &entry.seek, errors: &errors)
        if let partnerSearchID { entry.partnerSearchID = partnerSearchID > 0 ? partnerSearchID : nil }
        if let available {
            if let wrong = available.first(where: { !(0..<slotCount).contains($0) }) {
                errors.add("available", "must list slots of this event, numbers from 0 to \(max(0, slotCount - 1)) (not \(wrong))")
            } else if available.isEmpty {
                errors.add("available", "must hold at least one slot")
            }
            entry.available = Set(available)
        } else if base == nil {
            entry.available = Set(0..<slotCount)
        }
        try errors.throwIfAny()
        return entry
    }
}

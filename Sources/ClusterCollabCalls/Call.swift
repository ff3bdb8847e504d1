import ClusterCollabCore
import ClusterCollabText
import Foundation

/// A call for interest published by the platform's administrators (PRODUCT.md capability 6), such as the
/// EU's ESCP-S3 call. Consortium leads submit expressions of interest while it is open; eligibility rules
/// and the fields applicants fill in are data of the call.
public struct Call: Sendable, Equatable {
    /// The stored state, set by administrators. Whether a published call takes expressions of interest
    /// also depends on the clock: see `phase(at:)`, which is never stored, so no job has to flip it.
    public enum State: String, CaseIterable, Codable, Sendable {
        case draft
        case published
        case evaluated

        /// The words a person reads.
        public var label: String {
            switch self {
            case .draft: "Draft"
            case .published: "Published"
            case .evaluated: "Evaluated"
            }
        }

        /// Every code, for error messages that list the allowed values.
        public static let codes = allCases.map(\.rawValue).joined(separator: ", ")
    }

    /// Where a call stands at an instant: the stored state and the clock together.
    public enum Phase: String, CaseIterable, Codable, Sendable {
        case draft
        case upcoming
        case open
        case closed
        case evaluated

        /// The words a person reads.
        public var label: String {
            switch self {
            case .draft: "Draft"
            case .upcoming: "Upcoming"
            case .open: "Open"
            case .closed: "Closed"
            case .evaluated: "Evaluated"
            }
        }
    }

    public var id: Int64
    public var title: String
    /// The funding programme, e.g. "ESCP-S3" or "COSME"; also starts the receipt reference.
    public var programme: String
    /// Markdown, stored as written (trailing spaces are line breaks in Markdown) and escaped when rendered.
    public var description: String
    public var thematicAreas: [String]
    /// Expressions of interest are taken from `opensAt` (included) to `closesAt` (excluded).
    public var opensAt: Date
    public var closesAt: Date
    /// IANA time zone id (`Europe/Brussels`) in which the call's instants are shown and local times typed.
    public var timeZone: String
    public var state: State
    /// The label selected consortia carry as labelled partnerships, e.g. "ESCP-S3".
    public var label: String
    /// What applicants fill in.
    public var fields: [ApplicationField]
    public var rules: [EligibilityRule]
    /// How moderators score expressions of interest.
    public var criteria: [EvaluationCriterion]
    public var createdAt: Date
    public var updatedAt: Date
    /// Raised by every edit, so that two administrators editing at once cannot overwrite each other.
    public var version: Int

    public init(
        id: Int64 = 0, title: String, programme: String, description: String = "", thematicAreas: [String],
        opensAt: Date, closesAt: Date, timeZone: String, state: State = .draft, label: String? = nil,
        fields: [ApplicationField] = [], rules: [EligibilityRule] = [], criteria: [EvaluationCriterion] = [],
        createdAt: Date = Date(timeIntervalSince1970: 0), updatedAt: Date = Date(timeIntervalSince1970: 0),
        version: Int = 1
    ) {
        self.id = id; self.title = title; self.programme = programme; self.description = description
        self.thematicAreas = thematicAreas; self.opensAt = opensAt; self.closesAt = closesAt
        self.timeZone = timeZone; self.state = state; self.label = label ?? programme; self.fields = fields
        self.rules = rules; self.criteria = criteria; self.createdAt = createdAt; self.updatedAt = updatedAt
        self.version = version
    }

    /// The phase at `now`. A published call is upcoming before `opensAt`, open from `opensAt` up to but not
    /// including `closesAt`, and closed from `closesAt` on: a submission at exactly the deadline is late.
    public func phase(at now: Date) -> Phase {
        switch state {
        case .draft: return .draft
        case .evaluated: return .evaluated
        case .published:
            if now < opensAt { return .upcoming }
            return now < closesAt ? .open : .closed
        }
    }

    /// Whether expressions of interest may be submitted, edited or withdrawn at `now`.
    public func acceptsExpressionsOfInterest(at now: Date) -> Bool { phase(at: now) == .open }

    /// Why a submission at `now` is refused for timing, in words for the applicant; nil while the call is open.
    public func timingRefusal(at now: Date) -> String? {
        switch phase(at: now) {
        case .open: nil
        case .draft: "This call is not published."
        case .upcoming: "This call opens on \(ZonedTime.display(opensAt, zone: timeZone)); expressions of interest are not accepted yet."
        case .closed: "This call closed on \(ZonedTime.display(closesAt, zone: timeZone)); expressions of interest are no longer accepted."
        case .evaluated: "This call has been evaluated; expressions of interest are no longer accepted."
        }
    }

    /// The call's rules in words, for the call page, in `language`.
    public func ruleDescriptions(reference: ReferenceData, in language: Language = Languages.english) -> [String] {
        rules.map { $0.description(reference: reference, in: language) }
    }
}

/// A criterion moderators score an expression of interest on, e.g. "Relevance" out of 30 points.
public struct EvaluationCriterion: Sendable, Equatable, Codable {
    public var name: String
    public var maxPoints: Int

    public init(name: String, maxPoints: Int) { self.name = name; self.maxPoints = maxPoints }

    /// The most points a criterion may carry.
    public static let maxPointsLimit = 100

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: JSONKey.self)
        try c.refuseUnknownKeys(["name", "max_points"], in: "a criterion (it takes name and max_points)")
        guard let name = try c.optional(String.self, "name") else { throw c.problem("name", "is required") }
        guard let points = try c.optional(Int.self, "max_points") else {
            throw c.problem("max_points", "is required: a whole number from 1 to \(Self.maxPointsLimit)")
        }
        self.init(name: name, maxPoints: points)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: JSONKey.self)
        try c.encode(name, forKey: JSONKey("name"))
        try c.encode(maxPoints, forKey: JSONKey("max_points"))
    }
}

import ClusterCollabCore
import Foundation

/// What kind of gathering an event is; the list and calendar pages filter by it.
public enum EventKind: String, Sendable, CaseIterable, Codable {
    case generalAssembly = "general-assembly"
    case conference
    case matchmaking
    case webinar
    case workshop
    case mission

    /// The rule a value that is no kind breaks.
    public static let rule = "must be one of \(allCases.map(\.rawValue).joined(separator: ", "))"
}

/// An event of the community (issue 13, item 2): a general assembly, a conference, a matchmaking day, a
/// webinar, a workshop or a mission. Its start and end are instants, and its IANA zone says how people at
/// the venue read them ("27 May 2016, 10:00 CEST"), so an event across a change of summer time keeps its
/// local hours. Moderated as news and profiles are; its date never moves when it is published again.
public struct Event: Sendable, Equatable {
    public var id: Int64
    /// The event's address, `/events/{slug}`: its title folded, unique among events.
    public var slug: String
    public var title: String
    /// Markdown, shown through the platform's safe renderer.
    public var description: String
    public var kind: EventKind
    public var startsAt: Date
    public var endsAt: Date
    /// An IANA zone (`Europe/Paris`): the venue's clock.
    public var timeZone: String
    /// The venue's address, for an event people travel to.
    public var venue: String
    /// The meeting link, for an online (or hybrid) event.
    public var onlineLink: String
    /// The organisation that organises it; nil for the platform team's own events.
    public var organiserID: Int64?
    public var registrationLink: String
    public var tags: [String]
    /// The account that submitted it; nil once that account is deleted.
    public var authorID: Int64?
    public var status: ProfileStatus
    public var publishedAt: Date?
    public var version: Int

    public init(
        id: Int64 = 0, slug: String = "", title: String, description: String, kind: EventKind, startsAt: Date, endsAt: Date,
        timeZone: String, venue: String = "", onlineLink: String = "", organiserID: Int64? = nil, registrationLink: String = "",
        tags: [String] = [], authorID: Int64? = nil, status: ProfileStatus = .draft, publishedAt: Date? = nil, version: Int = 1
    ) {
        self.id = id; self.slug = slug; self.title = title; self.description = description; self.kind = kind
        self.startsAt = startsAt; self.endsAt = endsAt; self.timeZone = timeZone; self.venue = venue; self.onlineLink = onlineLink
        self.organiserID = organiserID; self.registrationLink = registrationLink; self.tags = tags; self.authorID = authorID
        self.status = status; self.publishedAt = publishedAt; self.version = version
    }

    /// The slug a title asks for: its folded words ("event" for a title of no letters).
    public static func slug(for title: String) -> String {
        TextFolding.words(title).isEmpty ? "event" : TextFolding.slug(title)
    }

    /// Whether the event is over at `now` (it then appears among past events).
    public func isPast(at now: Date) -> Bool { endsAt <= now }

    /// The event as published at `now`; the first publication keeps its date.
    public func published(at now: Date) -> Event {
        var copy = self
        copy.status = .published
        if copy.publishedAt == nil { copy.publishedAt = now }
        return copy
    }
}

import ClusterCollabCore
import Foundation

/// A search a signed-in person keeps under a name (issue 14, item 3): a directory query (text and facets)
/// or a partner-search filter, written as its canonical query string, and how often they hear by e-mail of
/// what newly matches it.
public struct SavedSearch: Sendable, Equatable {
    /// What is searched: the organisations' directory (`/organisations`) or the partner searches.
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case directory
        case partnerSearches = "partner-searches"

        /// Every value, for error messages.
        public static let codes = allCases.map(\.rawValue).joined(separator: ", ")

        /// The page the query string belongs to.
        public var page: Route {
            switch self {
            case .directory: Routes.organisations
            case .partnerSearches: Routes.partnerSearches
            }
        }
    }

    /// How often the alert e-mail goes: each day (covering the day before), each week (covering the ISO
    /// week before) or never (the search is kept for its "new since you last looked" count only).
    public enum Frequency: String, Sendable, CaseIterable, Codable {
        case daily, weekly, none

        /// Every value, for error messages.
        public static let codes = allCases.map(\.rawValue).joined(separator: ", ")
    }

    public var id: Int64
    public var userID: Int64
    /// 1 to `maxNameLength` characters.
    public var name: String
    public var kind: Kind
    /// The canonical query string without `?` (`q=drone&country=FR`), with no paging: the same search
    /// saved twice reads the same.
    public var query: String
    public var frequency: Frequency
    /// When the person last opened the search from their list; matches published since are "new".
    public var lastLookedAt: Date
    public var createdAt: Date

    /// Longest accepted name, in characters.
    public static let maxNameLength = 100
    /// Longest accepted query string: a directory query holds at most 200 characters of text and a few
    /// dozen facet values.
    public static let maxQueryLength = 2_000
    /// Most searches one person keeps.
    public static let maxPerPerson = 50

    public init(
        id: Int64, userID: Int64, name: String, kind: Kind, query: String, frequency: Frequency, lastLookedAt: Date, createdAt: Date
    ) {
        self.id = id; self.userID = userID; self.name = name; self.kind = kind; self.query = query
        self.frequency = frequency; self.lastLookedAt = lastLookedAt; self.createdAt = createdAt
    }

    /// The search's page with its query: `/organisations?q=drone&country=FR`.
    public var path: String { kind.page.path + (query.isEmpty ? "" : "?" + query) }
}

/// A saved search as a form or the API sends it; absent fields keep their value in an edit.
public struct SavedSearchInput: Sendable, Equatable {
    public var name: String?
    public var kind: String?
    public var query: String?
    public var frequency: String?

    public init(name: String? = nil, kind: String? = nil, query: String? = nil, frequency: String? = nil) {
        self.name = name; self.kind = kind; self.query = query; self.frequency = frequency
    }

    /// What a saved search is once checked.
    public struct Checked: Sendable, Equatable {
        public var name: String
        public var kind: SavedSearch.Kind
        public var query: String
        public var frequency: SavedSearch.Frequency

        public init(name: String, kind: SavedSearch.Kind, query: String, frequency: SavedSearch.Frequency) {
            self.name = name; self.kind = kind; self.query = query; self.frequency = frequency
        }
    }

    /// Checks every rule at once, naming each broken field; `existing` is the search being edited (nil
    /// for a new one, which needs a name and a kind; the query defaults to everything, the frequency to
    /// weekly). `canonical` writes a query of a kind back canonically, or says why it is no search of that
    /// kind: the directory's and partner searches' own parsers, which live beside their pages.
    public func applied(
        to existing: SavedSearch?, canonical: (SavedSearch.Kind, String) -> Result<String, SavedSearchQueryRefusal>
    ) throws(ValidationErrors) -> Checked {
        var errors = ValidationErrors()
        let name = (self.name ?? existing?.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty {
            errors.add("name", "is required")
        } else if name.count > SavedSearch.maxNameLength {
            errors.add("name", "must be at most \(SavedSearch.maxNameLength) characters")
        } else if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            errors.add("name", "must be one line of text")
        }
        var kind = existing?.kind
        if let raw = self.kind {
            if let k = SavedSearch.Kind(rawValue: raw) {
                if let existing, existing.kind != k { errors.add("kind", "cannot change; save a new search instead") } else { kind = k }
            } else {
                errors.add("kind", "must be one of \(SavedSearch.Kind.codes)")
            }
        } else if kind == nil {
            errors.add("kind", "is required (one of \(SavedSearch.Kind.codes))")
        }
        var frequency = existing?.frequency ?? .weekly
        if let raw = self.frequency {
            if let f = SavedSearch.Frequency(rawValue: raw) { frequency = f } else { errors.add("frequency", "must be one of \(SavedSearch.Frequency.codes)") }
        }
        var query = existing?.query ?? ""
        if let raw = self.query {
            let text = raw.hasPrefix("?") ? String(raw.dropFirst()) : raw
            if text.count > SavedSearch.maxQueryLength {
                errors.add("query", "must be at most \(SavedSearch.maxQueryLength) characters")
            } else if let kind {
                switch canonical(kind, text) {
                case .success(let written): query = written
                case .failure(let refusal): errors.add("query", refusal.rule)
                }
            }
        }
        try errors.throwIfAny()
        return Checked(name: name, kind: kind ?? .directory, query: query, frequency: frequency)
    }
}

/// Why a query string is no search of its kind, in words a person can read (`country: XX is not ...`).
public struct SavedSearchQueryRefusal: Error, Sendable, Equatable {
    public var rule: String
    public init(_ rule: String) { self.rule = rule }
}

/// The period one alert e-mail covers, and its key: `2026-12-03` for a day, `2026-W49` for an ISO week.
/// A saved search gets at most one e-mail per key (`saved_search_sends`), whatever instance sends it.
public struct AlertPeriod: Sendable, Hashable, CustomStringConvertible {
    public var frequency: SavedSearch.Frequency
    /// From the start (included) to the end (excluded), UTC.
    public var range: Range<Date>
    /// What makes an e-mail go exactly once.
    public var key: String

    /// The UTC day `day` (`2026-12-03`).
    public static func day(_ day: String) -> AlertPeriod? {
        guard let start = CalendarDay.date(day) else { return nil }
        return AlertPeriod(frequency: .daily, range: start..<start.addingTimeInterval(86_400), key: day)
    }

    /// The ISO week.
    public static func week(_ week: ISOWeek) -> AlertPeriod {
        AlertPeriod(frequency: .weekly, range: week.start..<week.end, key: week.description)
    }

    public var description: String { key }
}

/// When alerts are due. Daily alerts go from the set hour (UTC) and cover the day before; weekly ones go
/// from the set weekday and hour and cover the ISO week before, as the weekly digest does. A period whose
/// sending day passed while every instance was down is not sent late: the alert says what is new, and a
/// late one would repeat what the next one lists.
public struct AlertSchedule: Sendable, Equatable {
    /// 1 = Monday ... 7 = Sunday: the day weekly alerts go.
    public var weekday: Int
    /// 0 to 23, UTC.
    public var hour: Int

    public init(weekday: Int = 1, hour: Int = 7) {
        self.weekday = min(max(weekday, 1), 7)
        self.hour = min(max(hour, 0), 23)
    }

    /// The period whose `frequency` alerts are due at `now`, or nil (not yet today or this week; never for
    /// `none`).
    public func due(_ frequency: SavedSearch.Frequency, at now: Date) -> AlertPeriod? {
        switch frequency {
        case .none:
            return nil
        case .daily:
            let today = CalendarDay.of(now)
            guard let start = CalendarDay.date(today), now >= start.addingTimeInterval(Double(hour) * 3600) else { return nil }
            return AlertPeriod.day(CalendarDay.of(start.addingTimeInterval(-86_400)))
        case .weekly:
            return DigestSchedule(weekday: weekday, hour: hour).due(at: now).map(AlertPeriod.week)
        }
    }
}

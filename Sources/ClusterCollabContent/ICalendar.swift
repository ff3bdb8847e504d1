import ClusterCollabCore
import Foundation

/// An iCalendar object (RFC 5545) of events, written as text: an event's `.ics` file and the calendar feeds
/// that calendar programs subscribe to.
///
/// Each event is written in its own zone (`DTSTART;TZID=Europe/Paris:20160527T100000`), and the file carries
/// a `VTIMEZONE` for every zone it names, with each change of offset between a year before the first event
/// and a year after the last as its own observance (read from the system's zone database). So an event of
/// 24 to 26 October in Paris, across the night the clocks go back, keeps its local hours in any program,
/// and nothing depends on the program knowing the zone's rules. An event in UTC is written with `Z`.
///
/// UIDs are stable (`event-12@host`): importing a file again updates the event instead of adding a copy,
/// and `SEQUENCE` grows with every edit. Lines end in CRLF and are folded at 75 octets without splitting
/// a character; texts are escaped (`\\`, `\;`, `\,`, `\n`) and control characters left out.
public struct ICalendar: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var uid: String
        public var title: String
        public var description: String
        public var start: Date
        public var end: Date
        public var timeZone: String
        public var location: String
        public var url: String
        public var categories: [String]
        /// When the event was last changed (`DTSTAMP`, `LAST-MODIFIED`): a file written twice is the same file.
        public var stamp: Date
        /// Edits since the first publication (`SEQUENCE`).
        public var sequence: Int

        public init(
            uid: String, title: String, description: String, start: Date, end: Date, timeZone: String, location: String,
            url: String, categories: [String], stamp: Date, sequence: Int
        ) {
            self.uid = uid; self.title = title; self.description = description; self.start = start; self.end = end
            self.timeZone = timeZone; self.location = location; self.url = url; self.categories = categories
            self.stamp = stamp; self.sequence = sequence
        }
    }

    /// The calendar's name as programs show it (`X-WR-CALNAME`).
    public var name: String
    public var entries: [Entry]

    public init(name: String, entries: [Entry]) {
        self.name = name
        self.entries = entries
    }

    public static let productID = "-//ClusterCollab//Events//EN"

    public func text() -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:\(Self.productID)", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "X-WR-CALNAME:\(Self.escape(name))",
        ]
        var zones: [String: (from: Date, to: Date)] = [:]
        for entry in entries where !Self.isUTC(entry.timeZone) && TimeZone(identifier: entry.timeZone) != nil {
            let span = zones[entry.timeZone] ?? (entry.start, entry.end)
            zones[entry.timeZone] = (min(span.from, entry.start), max(span.to, entry.end))
        }
        for zone in zones.keys.sorted() {
            if let span = zones[zone] { lines += Self.timeZoneLines(zone, from: span.from, to: span.to) }
        }
        for entry in entries {
            lines += [
                "BEGIN:VEVENT",
                "UID:\(Self.escape(entry.uid))",
                "DTSTAMP:\(Self.utc(entry.stamp))",
                "LAST-MODIFIED:\(Self.utc(entry.stamp))",
                "SEQUENCE:\(max(0, entry.sequence))",
                Self.time("DTSTART", entry.start, zone: entry.timeZone),
                Self.time("DTEND", entry.end, zone: entry.timeZone),
                "SUMMARY:\(Self.escape(entry.title))",
            ]
            if !entry.description.isEmpty { lines.append("DESCRIPTION:\(Self.escape(entry.description))") }
            if !entry.location.isEmpty { lines.append("LOCATION:\(Self.escape(entry.location))") }
            if !entry.url.isEmpty { lines.append("URL:\(Self.clean(entry.url))") }
            if !entry.categories.isEmpty { lines.append("CATEGORIES:\(entry.categories.map(Self.escape).joined(separator: ","))") }
            lines += ["STATUS:CONFIRMED", "TRANSP:OPAQUE", "END:VEVENT"]
        }
        lines.append("END:VCALENDAR")
        return lines.map(Self.fold).joined()
    }

    // MARK: Times

    static func isUTC(_ zone: String) -> Bool { zone == "UTC" || zone == "Etc/UTC" }

    /// `DTSTART;TZID=Europe/Paris:20160527T100000`, or `DTSTART:20160527T080000Z` in UTC or an unknown zone.
    static func time(_ property: String, _ date: Date, zone: String) -> String {
        guard !isUTC(zone), let tz = TimeZone(identifier: zone) else { return "\(property):\(utc(date))" }
        return "\(property);TZID=\(zone):\(local(date, offset: tz.secondsFromGMT(for: date)))"
    }

    static func utc(_ date: Date) -> String { local(date, offset: 0) + "Z" }

    static func local(_ date: Date, offset: Int) -> String {
        let t = ZonedTime.wallClock(date, offset: offset)
        return pad(t.year, 4) + pad(t.month) + pad(t.day) + "T" + pad(t.hour) + pad(t.minute) + pad(t.second)
    }

    static func pad(_ n: Int, _ width: Int = 2) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    static func offset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let a = abs(seconds)
        return sign + pad(a / 3600) + pad(a % 3600 / 60) + (a % 60 == 0 ? "" : pad(a % 60))
    }

    /// The zone's offsets from a year before `from` to a year after `to`: the offset in force then, and one
    /// observance per change, each starting at the local time (in the offset before it) the change happens.
    static func timeZoneLines(_ zone: String, from: Date, to: Date) -> [String] {
        guard let tz = TimeZone(identifier: zone) else { return [] }
        let year = 366.0 * 86_400
        let first = from.addingTimeInterval(-year)
        let last = to.addingTimeInterval(year)
        func observance(at instant: Date, before: Int, after: Int) -> [String] {
            let kind = tz.isDaylightSavingTime(for: instant) ? "DAYLIGHT" : "STANDARD"
            var lines = [
                "BEGIN:\(kind)", "DTSTART:\(local(instant, offset: before))", "TZOFFSETFROM:\(offset(before))", "TZOFFSETTO:\(offset(after))",
            ]
            if let name = tz.abbreviation(for: instant), !name.hasPrefix("GMT") { lines.append("TZNAME:\(escape(name))") }
            return lines + ["END:\(kind)"]
        }
        var lines = ["BEGIN:VTIMEZONE", "TZID:\(zone)"]
        let initial = tz.secondsFromGMT(for: first)
        lines += observance(at: first, before: initial, after: initial)
        var cursor = first
        while let change = tz.nextDaylightSavingTimeTransition(after: cursor), change <= last {
            let before = tz.secondsFromGMT(for: change.addingTimeInterval(-1))
            let after = tz.secondsFromGMT(for: change)
            if before != after { lines += observance(at: change, before: before, after: after) }
            cursor = change
        }
        return lines + ["END:VTIMEZONE"]
    }

    // MARK: Text

    /// A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks escaped; other control
    /// characters left out.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r": out += "\\n"
            case "\n": if !previousWasCR { out += "\\n" }
            case "\t": out += " "
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A URI value: no escaping, control characters and spaces left out.
    static func clean(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }))
    }

    /// A content line folded at 75 octets (a continuation starts with a space), ended by CRLF.
    static func fold(_ line: String) -> String {
        var out = ""
        var width = 0
        for character in line {
            let octets = character.utf8.count
            if width + octets > 75 {
                out += "\r\n "
                width = 1
            }
            out.append(character)
            width += octets
        }
        return out + "\r\n"
    }
}

import ClusterCollabText
import Foundation

/// Instants in an IANA time zone for people and from forms: a call's deadline, an event's start and end.
///
/// Input (`parse`), in either form:
/// - an ISO 8601 instant with an offset: `2026-12-15T17:00:00+01:00`, `2026-12-15T16:00:00Z`
///   (seconds and fractions optional, offset `+01:00`, `+0100` or `+01`);
/// - a local date-time without offset, as an HTML `datetime-local` input sends it: `2026-12-15T17:00` or
///   `2026-12-15T17:00:00`, read in the call's time zone (the zone's rules on that day, so summer time is
///   applied). A local time that falls twice (the night clocks go back) means the first of the two; one
///   that does not exist (the night clocks go forward) is refused, since guessing would move a deadline.
///
/// Output (`display`): "15 December 2026, 17:00 CET (Europe/Brussels)", English in the en_GB style with the
/// zone's abbreviation at that instant (CEST in summer). Safe to call from any thread.
public enum ZonedTime {
    /// Whether `id` is an IANA time zone name this system knows (`Europe/Brussels`, `UTC`). Abbreviations
    /// such as `CET` or `EST` and offsets such as `GMT+1` are refused although Foundation accepts some of
    /// them: they do not say which country's summer-time rules apply.
    public static func isValidZone(_ id: String) -> Bool {
        guard TimeZone(identifier: id) != nil else { return false }
        return id == "UTC" || id == "Etc/UTC" || knownZones.contains(id)
    }

    private static let knownZones = Set(TimeZone.knownTimeZoneIdentifiers)

    /// The instant written in `text` (either input form), reading local times in `zone`; nil when the text
    /// is malformed, the local time does not exist in the zone, or a local time comes with an invalid zone.
    public static func parse(_ text: String, zone: String) -> Date? {
        if case .instant(let date) = read(text, zone: zone) { return date }
        return nil
    }

    /// The outcome of reading an instant, so forms can say exactly what is wrong.
    public enum Reading: Equatable, Sendable {
        case instant(Date)
        case malformed
        /// A local time that the zone skips (clocks go forward).
        case nonexistent
        /// A local time, and no valid zone to read it in.
        case needsZone
    }

    public static func read(_ text: String, zone: String) -> Reading {
        guard let fields = Fields(text.trimmingCharacters(in: .whitespaces)) else { return .malformed }
        let naive = fields.naiveSeconds
        if let offset = fields.offset {
            return .instant(Date(timeIntervalSince1970: Double(naive - offset) + fields.fraction))
        }
        guard isValidZone(zone), let tz = TimeZone(identifier: zone) else { return .needsZone }
        // The offsets in force a day either side cover any transition; keep those that give back
        // themselves, i.e. the local time really occurs with that offset.
        func offset(at seconds: Int64) -> Int64 { Int64(tz.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds)))) }
        var candidates: [Int64] = []
        for probe in [naive - 86_400, naive, naive + 86_400] {
            let utc = naive - offset(at: probe)
            if offset(at: utc) == naive - utc, !candidates.contains(utc) { candidates.append(utc) }
        }
        guard let first = candidates.min() else { return .nonexistent }
        return .instant(Date(timeIntervalSince1970: Double(first) + fields.fraction))
    }

    /// "15 December 2026, 17:00 CET (Europe/Brussels)", in `language` (English unless told: the API's
    /// texts). An invalid zone shows the time in UTC, named so.
    public static func display(_ date: Date, zone: String, in language: Language? = nil) -> String {
        (language ?? Languages.english).dateTime(date, zone: isValidZone(zone) ? zone : "UTC", namingZone: true)
    }

    /// The instant as ISO 8601 with the zone's offset at that instant (`2026-12-15T17:00:00+01:00`), to
    /// prefill forms and for the API; whole seconds. An invalid zone writes UTC.
    public static func iso8601(_ date: Date, zone: String) -> String {
        let tz = (isValidZone(zone) ? TimeZone(identifier: zone) : nil) ?? TimeZone(secondsFromGMT: 0)!
        let seconds = Int64((date.timeIntervalSince1970).rounded(.down))
        let offset = Int64(tz.secondsFromGMT(for: date))
        let (y, m, d, hh, mm, ss) = civil(seconds + offset)
        let sign = offset < 0 ? "-" : "+"
        let off = abs(offset)
        return "\(pad(y, 4))-\(pad(m))-\(pad(d))T\(pad(hh)):\(pad(mm)):\(pad(ss))\(sign)\(pad(Int(off / 3600))):\(pad(Int(off % 3600 / 60)))"
    }

    /// The local date-time in `zone` as a `datetime-local` input wants it: `2026-12-15T17:00`.
    public static func localInput(_ date: Date, zone: String) -> String {
        String(iso8601(date, zone: zone).prefix(16))
    }

    /// The wall-clock reading of `date` at `offset` seconds east of UTC: what a calendar file writes as a
    /// local time (`20160527T100000`).
    public static func wallClock(_ date: Date, offset: Int) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let (y, m, d, hh, mm, ss) = civil(Int64(date.timeIntervalSince1970.rounded(.down)) + Int64(offset))
        return (y, m, d, hh, mm, ss)
    }

    private static func pad(_ n: Int, _ width: Int = 2) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    // MARK: Calendar arithmetic (proleptic Gregorian, as ISO 8601)

    /// Days from 1970-01-01 to a civil date (H. Hinnant's algorithm), so reading needs no Calendar.
    static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64((month + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(_ seconds: Int64) -> (Int, Int, Int, Int, Int, Int) {
        let daysSince = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - daysSince * 86_400
        let z = daysSince + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (Int(y), Int(m), Int(d), Int(secondOfDay / 3600), Int(secondOfDay % 3600 / 60), Int(secondOfDay % 60))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The parts of `YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH[:MM]]`.
    struct Fields {
        var naiveSeconds: Int64
        var fraction: Double
        /// Seconds east of UTC; nil for a local time.
        var offset: Int64?

        init?(_ text: String) {
            let b = Array(text.utf8)
            var i = 0
            func number(_ width: Int) -> Int? {
                guard i + width <= b.count else { return nil }
                var n = 0
                for k in i..<(i + width) {
                    guard (0x30...0x39).contains(b[k]) else { return nil }
                    n = n * 10 + Int(b[k] - 0x30)
                }
                i += width
                return n
            }
            func expect(_ byte: UInt8) -> Bool {
                guard i < b.count, b[i] == byte else { return false }
                i += 1
                return true
            }
            guard let year = number(4), expect(0x2D), let month = number(2), expect(0x2D), let day = number(2) else { return nil }
            guard i < b.count, b[i] == 0x54 || b[i] == 0x74 || b[i] == 0x20 else { return nil }  // T, t or a space
            i += 1
            guard let hour = number(2), expect(0x3A), let minute = number(2) else { return nil }
            var second = 0
            var fraction = 0.0
            if expect(0x3A) {
                guard let s = number(2) else { return nil }
                second = s
                if expect(0x2E) {
                    var scale = 0.1
                    let start = i
                    while i < b.count, (0x30...0x39).contains(b[i]) {
                        fraction += Double(b[i] - 0x30) * scale
                        scale /= 10
                        i += 1
                    }
                    guard i > start, i - start <= 9 else { return nil }
                }
            }
            guard (1...12).contains(month), (1...ZonedTime.daysIn(month: month, year: year)).contains(day),
                hour < 24, minute < 60, second < 60
            else { return nil }
            var offset: Int64?
            if i < b.count {
                if b[i] == 0x5A || b[i] == 0x7A {  // Z or z
                    i += 1
                    offset = 0
                } else if b[i] == 0x2B || b[i] == 0x2D {  // + or -
                    let sign: Int64 = b[i] == 0x2D ? -1 : 1
                    i += 1
                    guard let hh = number(2) else { return nil }
                    var mm = 0
                    if i < b.count {
                        _ = expect(0x3A)
                        guard let m = number(2) else { return nil }
                        mm = m
                    }
                    guard hh <= 18, mm < 60 else { return nil }
                    offset = sign * Int64(hh * 3600 + mm * 60)
                } else {
                    return nil
                }
            }
            guard i == b.count else { return nil }
            naiveSeconds =
                ZonedTime.days(year: year, month: month, day: day) * 86_400
                + Int64(hour * 3600 + minute * 60 + second)
            self.fraction = fraction
            self.offset = offset
        }
    }
}

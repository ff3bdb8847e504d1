import Foundation

/// Dates, times and numbers as a language writes them: one formatter for each kind, used by every page,
/// e-mail and notice, so the same day never reads "2 December 2026" on one page and "2026-12-02" on
/// another. (The API and CSV keep ISO 8601 and plain digits: they are for programs.)
///
///     date         2 December 2026            2 décembre 2026
///     dateTime     2 December 2026, 15:00 CET  2 décembre 2026 à 15:00 UTC+1
///     number       1,234,567                  1 234 567
///     percent      46%                        46 %
///     relative     in 3 days, 5 hours ago     dans 3 jours, il y a 5 heures
extension Language {
    /// The locale whose conventions the language's formats follow: the platform writes British English.
    public var localeIdentifier: String { code == "en" ? "en_GB" : code }

    /// A calendar day in `zone` (UTC unless told): "2 December 2026".
    public func date(_ date: Date, zone: String = "UTC") -> String {
        Formats.string(date, pattern: Formats.datePattern, locale: localeIdentifier, zone: zone)
    }

    /// An instant in `zone`, the zone named: "2 December 2026, 15:00 CET", and with `namingZone` its
    /// identifier too: "... CET (Europe/Brussels)". An unknown zone shows UTC, named so.
    public func dateTime(_ date: Date, zone: String, namingZone: Bool = false) -> String {
        let id = TimeZone(identifier: zone) == nil ? "UTC" : zone
        let text = Formats.string(date, pattern: Formats.dateTimePattern(self), locale: localeIdentifier, zone: id)
        return namingZone ? text + " (\(id))" : text
    }

    /// The time of day in `zone`, the zone named: "17:30 CEST" (the end of an event that started that day).
    public func time(_ date: Date, zone: String) -> String {
        Formats.string(date, pattern: .fixed("HH:mm zzz"), locale: localeIdentifier, zone: TimeZone(identifier: zone) == nil ? "UTC" : zone)
    }

    /// A month and its year as a calendar's title: "May 2016", "mai 2016".
    public func monthYear(_ date: Date, zone: String = "UTC") -> String {
        Formats.string(date, pattern: .fixed("LLLL y"), locale: localeIdentifier, zone: zone)
    }

    /// A weekday's short name as a calendar's column heads it: "Mon", "lun.".
    public func weekdayShort(_ date: Date, zone: String = "UTC") -> String {
        Formats.string(date, pattern: .fixed("EEE"), locale: localeIdentifier, zone: zone)
    }

    /// A whole number with the language's grouping: "1,234,567", "1 234 567".
    public func number(_ n: Int) -> String {
        n.formatted(IntegerFormatStyle<Int>(locale: Locale(identifier: localeIdentifier)))
    }

    /// A fraction as a percentage, whole by default: 0.456 → "46%", "46 %".
    public func percent(_ fraction: Double, digits: Int = 0) -> String {
        fraction.formatted(
            FloatingPointFormatStyle<Double>.Percent(locale: Locale(identifier: localeIdentifier)).precision(.fractionLength(digits)))
    }

    /// How far `date` is from `now`, in words: "today", "tomorrow", "in 3 days", "5 hours ago"... Days
    /// are counted in `zone` so that "tomorrow" means the next calendar day there.
    public func relative(_ date: Date, now: Date, zone: String = "UTC") -> String {
        let seconds = date.timeIntervalSince(now)
        let future = seconds >= 0
        let minutes = Int((abs(seconds) / 60).rounded(.down))
        if minutes < 1 { return text("just now") }
        if minutes < 60 {
            return future
                ? counted("in {{count}} minute", "in {{count}} minutes", minutes)
                : counted("{{count}} minute ago", "{{count}} minutes ago", minutes)
        }
        let days = Formats.calendarDays(from: now, to: date, zone: zone)
        if days == 0 {
            let hours = minutes / 60
            return future ? counted("in {{count}} hour", "in {{count}} hours", hours) : counted("{{count}} hour ago", "{{count}} hours ago", hours)
        }
        if days == 1 { return text("tomorrow") }
        if days == -1 { return text("yesterday") }
        return days > 0 ? counted("in {{count}} day", "in {{count}} days", days) : counted("{{count}} day ago", "{{count}} days ago", -days)
    }

    /// The English texts `relative` shows, for the catalogues' check: (singular, plural) or (text, nil).
    public static let relativeTexts: [(String, String?)] = [
        ("just now", nil), ("tomorrow", nil), ("yesterday", nil),
        ("in {{count}} minute", "in {{count}} minutes"), ("{{count}} minute ago", "{{count}} minutes ago"),
        ("in {{count}} hour", "in {{count}} hours"), ("{{count}} hour ago", "{{count}} hours ago"),
        ("in {{count}} day", "in {{count}} days"), ("{{count}} day ago", "{{count}} days ago"),
    ]

    private func counted(_ singular: String, _ plural: String, _ n: Int) -> String {
        text(singular, plural: plural, count: n).replacingOccurrences(of: "{{count}}", with: number(n))
    }
}

enum Formats {
    /// A day: "2 December 2026" reads right in every language the platform speaks.
    static let datePattern = Pattern.fixed("d MMMM y")

    /// Patterns where a language's own words matter; other languages get ICU's pattern for their locale.
    static func dateTimePattern(_ language: Language) -> Pattern {
        switch language.code {
        // `zzz` gives CET/CEST in en_GB where an abbreviation is in common use, GMT+3 elsewhere.
        case "en": .fixed("d MMMM y, HH:mm zzz")
        case "fr": .fixed("d MMMM y 'à' HH:mm zzz")
        default: .template("dMMMMyHHmmzzz")
        }
    }

    enum Pattern: Hashable {
        case fixed(String)
        case template(String)
    }

    struct Key: Hashable {
        var pattern: Pattern
        var locale: String
        var zone: String
    }

    // DateFormatter is not safe to share between threads; one per pattern, locale and zone behind a lock
    // costs less than a new formatter per call (tens of microseconds each).
    private static let lock = NSLock()
    nonisolated(unsafe) private static var formatters: [Key: DateFormatter] = [:]

    static func string(_ date: Date, pattern: Pattern, locale: String, zone: String) -> String {
        let key = Key(pattern: pattern, locale: locale, zone: zone)
        return lock.withLock {
            if let formatter = formatters[key] { return formatter.string(from: date) }
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: locale)
            formatter.calendar = Calendar(identifier: .gregorian)
            formatter.timeZone = TimeZone(identifier: zone) ?? TimeZone(secondsFromGMT: 0)!
            switch pattern {
            case .fixed(let format): formatter.dateFormat = format
            case .template(let template): formatter.setLocalizedDateFormatFromTemplate(template)
            }
            formatters[key] = formatter
            return formatter.string(from: date)
        }
    }

    /// Calendar days from `start`'s day to `end`'s day in `zone` (negative when `end` is earlier).
    static func calendarDays(from start: Date, to end: Date, zone: String) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone) ?? TimeZone(secondsFromGMT: 0)!
        let a = calendar.startOfDay(for: start), b = calendar.startOfDay(for: end)
        return calendar.dateComponents([.day], from: a, to: b).day ?? 0
    }
}

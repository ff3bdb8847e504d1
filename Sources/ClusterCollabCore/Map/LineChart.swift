import Foundation

/// A calendar month (UTC), as the statistics over time count: "2024-03".
public struct Month: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    /// 1...12.
    public var month: Int

    public init(year: Int, month: Int) {
        self.year = year; self.month = month
    }

    /// "2024-03" (as the databases write it); nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]), let month = Int(parts[1]),
            (1...12).contains(month)
        else { return nil }
        self.init(year: year, month: month)
    }

    /// The month (UTC) of a day counted from 1 January 1970 (day 0), by the proleptic Gregorian calendar
    /// (Howard Hinnant's `civil_from_days`): the databases count days, the cheapest thing they can group by.
    public init(daysSince1970 days: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        self.init(year: Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0)), month: Int(month))
    }

    /// "2024-03".
    public var description: String { String(format: "%04d-%02d", year, month) }

    public var next: Month { month == 12 ? Month(year: year + 1, month: 1) : Month(year: year, month: month + 1) }

    public static func < (a: Month, b: Month) -> Bool { (a.year, a.month) < (b.year, b.month) }

    /// Every month from `first` to `last`, both included (empty when `last` is before `first`).
    public static func range(_ first: Month, _ last: Month) -> [Month] {
        var months: [Month] = []
        var month = first
        while month <= last {
            months.append(month)
            month = month.next
        }
        return months
    }
}

/// Counts per month from several sources (one `GROUP BY` each) on one calendar: every month from the
/// earliest to the latest any of them counts, a month none counted being 0 in each.
public struct MonthlySeries: Sendable, Equatable {
    public var months: [Month]
    /// One list of counts per source, in the order given, each as long as `months`.
    public var values: [[Int]]

    public init(_ sources: [[Month: Int]]) {
        let counted = sources.flatMap(\.keys)
        guard let first = counted.min(), let last = counted.max() else {
            months = []
            values = sources.map { _ in [] }
            return
        }
        let months = Month.range(first, last)
        self.months = months
        values = sources.map { source in months.map { source[$0] ?? 0 } }
    }

    /// Running totals of `values`: the cumulative line of growth.
    public static func cumulative(_ values: [Int]) -> [Int] {
        var total = 0
        return values.map {
            total += $0
            return total
        }
    }
}

/// A line chart over months drawn as SVG by the server (growth and activity on the statistics page): a
/// value axis from 0 with ticks at nice numbers, month labels thinned to fit, one line per series and a
/// dot per month, each dot with a `<title>` ("2024-03: 12") for hover and screen readers. No words of its
/// own: `Words` brings the month labels, the dots' titles and the numbers, so pages translate them. Colours
/// and sizes are SVG attributes, never `style`, which the pages' CSP forbids.
public struct LineChart: Sendable, Equatable {
    public struct Series: Sendable, Equatable {
        public var name: String
        public var values: [Int]
        public init(name: String, values: [Int]) {
            self.name = name; self.values = values
        }
    }

    public struct Words {
        /// A month's axis label ("Mar 2024").
        public var month: (Month) -> String
        /// A dot's title: the series' name, the month and its value ("Published, March 2024: 12").
        public var point: (_ series: String, Month, Int) -> String
        /// A number on the axis.
        public var number: (Int) -> String

        public init(
            month: @escaping (Month) -> String = { $0.description },
            point: @escaping (_ series: String, Month, Int) -> String = { "\($1): \($2)" },
            number: @escaping (Int) -> String = { String($0) }
        ) {
            self.month = month; self.point = point; self.number = number
        }
    }

    public var title: String
    public var months: [Month]
    public var series: [Series]

    public init(title: String, months: [Month], series: [Series]) {
        self.title = title; self.months = months; self.series = series
    }

    public static let width = 640
    public static let height = 260
    public static let left = 56
    public static let right = 16
    static let top = 12
    static let bottom = 40
    /// At least this many units between two month labels.
    static let labelSpacing = 56
    /// Colour-blind-safe, distinct in grey: blue, orange, green (Okabe-Ito).
    public static let colours = ["#0072b2", "#e69f00", "#009e73", "#cc79a7"]

    /// Ticks of the value axis: from 0 in steps of 1, 2 or 5 times a power of ten, about `count` of them,
    /// the last at or above `largest`.
    public static func ticks(largest: Int, count: Int = 5) -> [Int] {
        guard largest > 0 else { return [0, 1] }
        let rough = Double(largest) / Double(max(1, count))
        var magnitude = 1
        while Double(magnitude) * 10 <= rough { magnitude *= 10 }
        let step = [1, 2, 5, 10].map { $0 * magnitude }.first { Double($0) >= rough } ?? magnitude * 10
        var ticks = [0]
        while ticks.last! < largest { ticks.append(ticks.last! + step) }
        return ticks
    }

    /// Every how many months a label is written so that labels keep `labelSpacing` apart: 1, 2, 3, 6, 12,
    /// 24… A month is labelled when its number is 1 more than a multiple of that (January, March… for 2),
    /// or from 12 on, it is a January every so many years from the first.
    public static func labelEvery(months: Int, room: Int = width - left - right) -> Int {
        guard months > 1 else { return 1 }
        let fit = max(1, room / labelSpacing)
        for every in [1, 2, 3, 6, 12] where (months + every - 1) / every <= fit { return every }
        var every = 24
        while (months + every - 1) / every > fit { every += 12 }
        return every
    }

    /// The x of the `index`th month: months are spread over the plot, one month alone in its middle.
    func x(_ index: Int) -> Double {
        let room = Double(Self.width - Self.left - Self.right)
        guard months.count > 1 else { return Double(Self.left) + room / 2 }
        return Double(Self.left) + room * Double(index) / Double(months.count - 1)
    }

    /// The y of `value` on a scale up to `top`.
    func y(_ value: Int, top: Int) -> Double {
        let room = Double(Self.height - Self.top - Self.bottom)
        return Double(Self.top) + room * (1 - Double(value) / Double(max(1, top)))
    }

    static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// The chart's SVG (`viewBox` 640 × 260), `role="img"` labelled by its title; an empty series draws
    /// only the axes.
    public func svg(id: String = "line", words: Words = Words()) -> String {
        let e = Choropleth.escape
        let largest = series.flatMap(\.values).max() ?? 0
        let ticks = Self.ticks(largest: largest)
        let top = ticks.last ?? 1
        let bottomY = Self.height - Self.bottom
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Self.width) \(Self.height)\" role=\"img\" "
        out += "aria-labelledby=\"\(e(id))-title\" class=\"line-chart\"><title id=\"\(e(id))-title\">\(e(title))</title>"
        // The value axis: a light rule and a number at each tick.
        out += "<g class=\"axis\" font-size=\"12\" fill=\"#333\">"
        for tick in ticks {
            let y = Self.number(y(tick, top: top))
            out += "<line x1=\"\(Self.left)\" y1=\"\(y)\" x2=\"\(Self.width - Self.right)\" y2=\"\(y)\" stroke=\"#ddd\" stroke-width=\"1\"/>"
            out += "<text x=\"\(Self.left - 6)\" y=\"\(y)\" dy=\"4\" text-anchor=\"end\">\(e(words.number(tick)))</text>"
        }
        // The month axis: a tick for every month, a label every few.
        out += "<line x1=\"\(Self.left)\" y1=\"\(bottomY)\" x2=\"\(Self.width - Self.right)\" y2=\"\(bottomY)\" stroke=\"#333\" stroke-width=\"1\"/>"
        let every = Self.labelEvery(months: months.count)
        // The months' ticks, longer under a label, are one path: years of months stay a few bytes each.
        var monthTicks = ""
        for (index, month) in months.enumerated() {
            let x = Self.number(x(index))
            let labelled =
                every < 12 ? (month.month - 1) % every == 0 : month.month == 1 && (month.year - months[0].year) % (every / 12) == 0
            monthTicks += "M\(x) \(bottomY)v\(labelled ? 6 : 3)"
            if labelled || months.count == 1 {
                // A label centred on the last months would run past the edge: it ends at the edge instead.
                let atEdge = self.x(index) + 24 > Double(Self.width)
                let anchor =
                    atEdge ? "x=\"\(Self.width - 1)\" y=\"\(bottomY + 20)\" text-anchor=\"end\"" : "x=\"\(x)\" y=\"\(bottomY + 20)\" text-anchor=\"middle\""
                out += "<text \(anchor)>\(e(words.month(month)))</text>"
            }
        }
        if !monthTicks.isEmpty { out += "<path d=\"\(monthTicks)\" fill=\"none\" stroke=\"#333\" stroke-width=\"1\"/>" }
        // Several lines: a key under the month labels, each line's colour and name.
        if series.count > 1 {
            for (number, line) in series.enumerated() {
                let x = Self.left + number * 190
                out += "<rect x=\"\(x)\" y=\"\(Self.height - 11)\" width=\"14\" height=\"4\" fill=\"\(Self.colours[number % Self.colours.count])\"/>"
                out += "<text x=\"\(x + 18)\" y=\"\(Self.height - 6)\" font-size=\"11\">\(e(line.name))</text>"
            }
        }
        out += "</g>"
        // The lines and their dots.
        for (number, line) in series.enumerated() {
            let colour = Self.colours[number % Self.colours.count]
            let points = line.values.prefix(months.count).enumerated().map { "\(Self.number(x($0.offset))),\(Self.number(y($0.element, top: top)))" }
            out += "<g class=\"series\" data-series=\"\(e(line.name))\" fill=\"\(colour)\">"
            if points.count > 1 {
                out += "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"/>"
            }
            for (index, value) in line.values.prefix(months.count).enumerated() {
                out += "<circle cx=\"\(Self.number(x(index)))\" cy=\"\(Self.number(y(value, top: top)))\" r=\"3\" "
                out += "data-month=\"\(months[index])\" data-value=\"\(value)\"><title>\(e(words.point(line.name, months[index], value)))</title></circle>"
            }
            out += "</g>"
        }
        return out + "</svg>"
    }
}

import ClusterCollabCore
import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
import Testing

@Suite struct LineChartTests {
    static func m(_ text: String) -> Month { Month(text)! }

    @Test func monthsAreReadWrittenAndCounted() {
        #expect(Month("2024-03") == Month(year: 2024, month: 3))
        #expect(Month("2024-13") == nil && Month("24-03") == nil && Month("2024-3") == nil && Month("") == nil)
        #expect(Month(year: 2024, month: 12).next == Month(year: 2025, month: 1))
        #expect(Month.range(Self.m("2023-11"), Self.m("2024-02")).map(\.description) == ["2023-11", "2023-12", "2024-01", "2024-02"])
        #expect(Month.range(Self.m("2024-02"), Self.m("2024-01")).isEmpty)
        // days since 1970 (UTC) to their month, at the edges of months, leap days and centuries
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        for (y, mo, d) in [(1970, 1, 1), (1999, 12, 31), (2000, 2, 29), (2000, 3, 1), (2024, 1, 31), (2024, 2, 1), (2100, 2, 28), (2100, 3, 1)] {
            let date = utc.date(from: DateComponents(year: y, month: mo, day: d))!
            let days = Int64(date.timeIntervalSince1970 / 86_400)
            #expect(Month(daysSince1970: days) == Month(year: y, month: mo), "\(y)-\(mo)-\(d)")
        }
        // every day of four years, against Foundation's calendar
        for days in Int64(19_000)...Int64(20_461) {
            let parts = utc.dateComponents([.year, .month], from: Date(timeIntervalSince1970: Double(days) * 86_400))
            #expect(Month(daysSince1970: days) == Month(year: parts.year!, month: parts.month!))
        }
    }

    @Test func seriesShareOneCalendarWithEmptyMonthsAtZero() {
        let series = MonthlySeries([[Self.m("2024-01"): 3, Self.m("2024-04"): 1], [Self.m("2024-02"): 2], [:]])
        #expect(series.months.map(\.description) == ["2024-01", "2024-02", "2024-03", "2024-04"])
        #expect(series.values == [[3, 0, 0, 1], [0, 2, 0, 0], [0, 0, 0, 0]])
        #expect(MonthlySeries.cumulative([3, 0, 0, 1]) == [3, 3, 3, 4])
        let none = MonthlySeries([[:], [:]])
        #expect(none.months.isEmpty && none.values == [[], []])
    }

    @Test func ticksAreNiceNumbersFromZeroToTheLargestOrAbove() {
        #expect(LineChart.ticks(largest: 0) == [0, 1])
        #expect(LineChart.ticks(largest: 1) == [0, 1])
        #expect(LineChart.ticks(largest: 4) == [0, 1, 2, 3, 4])
        #expect(LineChart.ticks(largest: 7) == [0, 2, 4, 6, 8])
        #expect(LineChart.ticks(largest: 100) == [0, 20, 40, 60, 80, 100])
        #expect(LineChart.ticks(largest: 1_234) == [0, 500, 1_000, 1_500])
        for largest in [3, 9, 11, 47, 999, 12_345] {
            let ticks = LineChart.ticks(largest: largest)
            #expect(ticks.first == 0 && ticks.last! >= largest && ticks.count <= 7, "\(largest): \(ticks)")
        }
    }

    @Test func monthLabelsAreThinnedToFit() {
        #expect(LineChart.labelEvery(months: 1) == 1)
        #expect(LineChart.labelEvery(months: 10) == 1)
        #expect(LineChart.labelEvery(months: 12) == 2)
        #expect(LineChart.labelEvery(months: 36) == 6)
        #expect(LineChart.labelEvery(months: 120) == 12)
        #expect(LineChart.labelEvery(months: 360) == 36)
        // Six years of months: one label a year, each a January.
        let months = Month.range(Self.m("2020-06"), Self.m("2026-05"))
        let svg = LineChart(title: "t", months: months, series: [.init(name: "s", values: months.map { _ in 1 })]).svg()
        let labels = svg.matches(of: /<text [^>]*text-anchor="middle">([^<]*)<\/text>/).map { String($0.output.1) }
        #expect(labels == ["2021-01", "2022-01", "2023-01", "2024-01", "2025-01", "2026-01"])
    }

    @Test func valuesBecomeCoordinatesWithTitledPoints() throws {
        let months = Month.range(Self.m("2024-01"), Self.m("2024-03"))
        let chart = LineChart(title: "Published", months: months, series: [.init(name: "Published", values: [4, 0, 2])])
        let svg = chart.svg(
            id: "growth", words: .init(month: { "M\($0.month)" }, point: { "\($0) in \($1): \($2)" }, number: { "n\($0)" }))
        #expect(XMLParser(data: Data(svg.utf8)).parse(), "not well-formed: \(svg)")
        #expect(svg.contains("role=\"img\"") && svg.contains("aria-labelledby=\"growth-title\""))
        #expect(svg.contains("<title id=\"growth-title\">Published</title>"))
        #expect(!svg.contains("style="), "the CSP forbids style attributes")
        // x from the left margin to the right one; y from the plot's bottom (0) to its top (the last tick, 4).
        let points = svg.matches(of: /<circle cx="([\d.]+)" cy="([\d.]+)"/).map { (Double($0.output.1)!, Double($0.output.2)!) }
        #expect(points.count == 3)
        #expect(points.map(\.0) == [56, 340, 624])
        #expect(points.map(\.1) == [12, 220, 116])
        #expect(svg.contains("<polyline points=\"56,12 340,220 624,116\""))
        #expect(svg.contains("<title>Published in 2024-01: 4</title>") && svg.contains("<title>Published in 2024-02: 0</title>"))
        #expect(svg.contains("data-month=\"2024-03\" data-value=\"2\""))
        // a tick under each month, all in one path
        #expect(svg.contains("<path d=\"M56 220v6M340 220v6M624 220v6\""))
        #expect(svg.contains(">n4</text>") && svg.contains(">n0</text>") && svg.contains(">M2</text>"))
        // the last month's label ends at the chart's edge rather than running past it
        #expect(svg.contains("<text x=\"639\" y=\"240\" text-anchor=\"end\">M3</text>"))
    }

    @Test func anEmptySeriesDrawsAxesOnlyAndOneMonthADot() throws {
        let empty = LineChart(title: "Nothing", months: [], series: [.init(name: "none", values: [])]).svg()
        #expect(XMLParser(data: Data(empty.utf8)).parse())
        #expect(!empty.contains("<circle") && !empty.contains("<polyline"))
        let one = LineChart(title: "One", months: [Self.m("2025-07")], series: [.init(name: "s", values: [5])]).svg()
        #expect(XMLParser(data: Data(one.utf8)).parse())
        #expect(one.contains("<circle cx=\"340\"") && !one.contains("<polyline"))
        #expect(one.contains(">2025-07</text>"))
    }

    @Test func textIsEscaped() throws {
        let svg = LineChart(title: "A & <B>", months: [Self.m("2025-01")], series: [.init(name: "\"s\" & 'q'", values: [1])])
            .svg(words: .init(month: { _ in "<Jan>" }, point: { name, _, _ in name + " <x>" }))
        #expect(XMLParser(data: Data(svg.utf8)).parse(), "not well-formed: \(svg)")
        #expect(svg.contains("A &amp; &lt;B&gt;") && svg.contains("&lt;Jan&gt;"))
        #expect(svg.contains("data-series=\"&quot;s&quot; &amp; &#39;q&#39;\"") || svg.contains("data-series=\"&quot;s&quot; &amp; &apos;q&apos;\""))
    }
}

import Foundation

/// A ranked horizontal bar chart drawn as SVG by the server (a country's regions on the map's country
/// page): one bar per item, longest first as given, each with its label, its value written at its end and
/// a `<title>` for hover and screen readers; an item with a link is an `<a>`. Every text is escaped as the
/// map's are; the words come from the caller, so pages translate them.
public struct BarChart: Sendable, Equatable {
    public struct Bar: Sendable, Equatable {
        public var label: String
        public var value: Int
        /// Shown on hover and read by screen readers ("Île-de-France: 12 organisations").
        public var title: String
        public var href: String?
        /// Drawn lighter and indented: a part of the bar above it (a NUTS 3 region under its NUTS 2).
        public var isPart: Bool

        public init(label: String, value: Int, title: String, href: String? = nil, isPart: Bool = false) {
            self.label = label; self.value = value; self.title = title; self.href = href; self.isPart = isPart
        }
    }

    public var bars: [Bar]
    public var title: String

    public init(title: String, bars: [Bar]) {
        self.title = title
        self.bars = bars
    }

    public static let width = 640
    static let rowHeight = 22
    static let labelWidth = 240
    static let barColour = "#2c7fb8"
    static let partColour = "#7fcdbb"

    /// The chart's SVG: `viewBox` 640 wide and 22 units a bar; bars scaled to the largest value.
    public func svg(id: String = "bars", value format: (Int) -> String = { String($0) }) -> String {
        let largest = max(1, bars.map(\.value).max() ?? 1)
        let height = max(1, bars.count) * Self.rowHeight
        let room = Double(Self.width - Self.labelWidth - 60)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Self.width) \(height)\" role=\"group\" "
        out += "aria-labelledby=\"\(id)-title\" class=\"bar-chart\"><title id=\"\(id)-title\">\(Choropleth.escape(title))</title>"
        for (i, bar) in bars.enumerated() {
            let y = i * Self.rowHeight
            let indent = bar.isPart ? 16 : 0
            let length = max(bar.value > 0 ? 1.0 : 0, (Double(bar.value) / Double(largest) * room).rounded())
            var shape = "<g><title>\(Choropleth.escape(bar.title))</title>"
            shape += "<text x=\"\(indent)\" y=\"\(y + 15)\" font-size=\"13\">\(Choropleth.escape(bar.label))</text>"
            shape += "<rect x=\"\(Self.labelWidth)\" y=\"\(y + 4)\" width=\"\(Int(length))\" height=\"\(Self.rowHeight - 8)\" "
            shape += "fill=\"\(bar.isPart ? Self.partColour : Self.barColour)\"/>"
            shape += "<text x=\"\(Self.labelWidth + Int(length) + 6)\" y=\"\(y + 15)\" font-size=\"13\">\(Choropleth.escape(format(bar.value)))</text></g>"
            if let href = bar.href { shape = "<a href=\"\(Choropleth.escape(href))\">\(shape)</a>" }
            out += shape
        }
        return out + "</svg>"
    }
}

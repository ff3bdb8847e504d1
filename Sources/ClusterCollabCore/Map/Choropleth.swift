import ClusterCollabText
import Foundation

/// Counts per country turned into colour classes and drawn on a `EuropeMap` as SVG. Holds no words: the
/// map's title, the countries' names, each shape's title and each link come from the caller, so pages
/// translate them.
public struct Choropleth: Sendable, Equatable {
    /// A class of counts from `lower` to `upper` (both included) and its colour.
    public struct ColourClass: Sendable, Equatable {
        public var lower: Int
        public var upper: Int
        /// `#rrggbb`.
        public var colour: String

        public func contains(_ count: Int) -> Bool { (lower...upper).contains(count) }

        /// "1–9", "10–49", or "7" for a class of one value; numbers written by `format` (the page's language).
        public func label(format: (Int) -> String) -> String {
            lower == upper ? format(lower) : "\(format(lower))–\(format(upper))"
        }
    }

    /// A sequential, colour-blind-safe palette (ColorBrewer's YlGnBu, its palest step left out so the
    /// lowest class stands apart from the grey of no organisations), light for few, dark for many.
    public static let palette = ["#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"]
    /// Countries without organisations.
    public static let zeroColour = "#e0e0e0"
    /// Land without a country code (Northern Cyprus), which the directory never counts.
    public static let uncodedColour = "#f2f2f2"
    /// The most classes besides zero: one per colour of the palette.
    public static let maximumClasses = palette.count

    /// Organisations per ISO alpha-2 code, as given (zeros and unknown codes kept).
    public let counts: [String: Int]
    /// The classes of the non-zero counts, ascending and contiguous from 1 to the largest count; empty when
    /// every count is 0.
    public let classes: [ColourClass]

    /// Classes of "nice" bounds (1, 2 or 5 times a power of ten) near the quantiles of the non-zero counts,
    /// at most `maximumClasses` of them (and never more than the palette's five), none empty. Counts of countries the map does not draw weigh on the
    /// classes too; give only the map's countries when that matters.
    public init(counts: [String: Int], maximumClasses: Int = Choropleth.maximumClasses) {
        self.counts = counts
        let limit = min(max(maximumClasses, 1), Self.palette.count)
        let lowers = Self.lowerBounds(counts.values.filter { $0 > 0 }.sorted(), maximumClasses: limit)
        let colours = Self.colours(count: lowers.count)
        let largest = counts.values.max() ?? 0
        classes = lowers.enumerated().map { index, lower in
            let upper = index + 1 < lowers.count ? lowers[index + 1] - 1 : largest
            return ColourClass(lower: lower, upper: upper, colour: colours[index])
        }
    }

    /// The lower bound of each class. The first is 1; each further one is the quantile it stands for,
    /// rounded down to a nice number, kept only when above the smallest count and the bound before it, so
    /// that every class holds at least one count (the quantile itself).
    static func lowerBounds(_ sorted: [Int], maximumClasses: Int) -> [Int] {
        guard let smallest = sorted.first else { return [] }
        var lowers = [1]
        for step in stride(from: 1, to: maximumClasses, by: 1) {
            let quantile = sorted[step * sorted.count / maximumClasses]
            let bound = niceFloor(quantile)
            if bound > smallest, bound > lowers[lowers.count - 1] { lowers.append(bound) }
        }
        return lowers
    }

    /// The largest of 1, 2, 5, 10, 20, 50, … not above `value` (at least 1).
    static func niceFloor(_ value: Int) -> Int {
        var power = 1
        while power <= value / 10 { power *= 10 }
        for factor in [5, 2, 1] where factor * power <= value { return factor * power }
        return 1
    }

    /// Colours spread over the palette for fewer classes, so two classes are far apart.
    static func colours(count: Int) -> [String] {
        let picks: [[Int]] = [[], [3], [1, 3], [0, 2, 4], [0, 1, 3, 4], [0, 1, 2, 3, 4]]
        return picks[min(count, picks.count - 1)].map { palette[$0] }
    }

    /// The class of a count; nil for 0 (and below).
    public func colourClass(of count: Int) -> ColourClass? {
        count > 0 ? classes.first { $0.contains(count) } : nil
    }

    /// The fill of a count.
    public func colour(of count: Int) -> String {
        colourClass(of: count)?.colour ?? Self.zeroColour
    }

    /// The legend: the zero class first (0, grey), then each class.
    public var legend: [ColourClass] {
        [ColourClass(lower: 0, upper: 0, colour: Self.zeroColour)] + classes
    }

    /// What the caller says in the drawing: the map's title (and a description), each country's name, the
    /// title of its shape ("France: 12 organisations") and the link of a country with organisations.
    public struct Words {
        public var title: String
        public var description: String?
        /// The name of a country by its code, with the outlines file's English name as a fallback.
        public var name: (_ iso2: String, _ fileName: String) -> String
        /// The `<title>` of a country's shape: its name and count, formatted in the page's language.
        public var shapeTitle: (_ name: String, _ count: Int) -> String
        /// The link of a country with organisations (the directory filtered to it); nil for none.
        public var link: (_ iso2: String) -> String?

        public init(
            title: String, description: String? = nil, name: @escaping (String, String) -> String,
            shapeTitle: @escaping (String, Int) -> String, link: @escaping (String) -> String?
        ) {
            self.title = title
            self.description = description
            self.name = name
            self.shapeTitle = shapeTitle
            self.link = link
        }
    }

    /// The map as an SVG document, to inline in a page or serve as `image/svg+xml`. Each country with
    /// organisations is a link (`<a href>`) wrapping its shape and titled with its name and count; a
    /// country without any is a grey shape with its title and no link. Small countries are dots on top.
    /// `id` prefixes the ids of the title and description, which must be unique in a page. An SVG with
    /// links is a `group` (an `img` hides its links from assistive technology); without any it is an
    /// `img`.
    public func svg(on map: EuropeMap, words: Words, id: String = "map") -> String {
        var links: [String: String] = [:]
        for shape in map.shapes {
            guard let code = shape.iso2, (counts[code] ?? 0) > 0, let link = words.link(code) else { continue }
            links[code] = link
        }
        let titleID = "\(id)-title"
        let descriptionID = "\(id)-description"
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(EuropeMap.number(map.width)) \(EuropeMap.number(map.height))\""
        out += " role=\"\(links.isEmpty ? "img" : "group")\" aria-labelledby=\"\(Self.escape(titleID))\""
        if words.description != nil { out += " aria-describedby=\"\(Self.escape(descriptionID))\"" }
        out += " class=\"choropleth\">"
        out += "<title id=\"\(Self.escape(titleID))\">\(Self.escape(words.title))</title>"
        if let description = words.description {
            out += "<desc id=\"\(Self.escape(descriptionID))\">\(Self.escape(description))</desc>"
        }
        out += "<g stroke=\"#ffffff\" stroke-width=\"0.6\" stroke-linejoin=\"round\" fill-rule=\"evenodd\">"
        for shape in map.shapes where !shape.path.isEmpty {
            guard let code = shape.iso2 else {
                out += "<path d=\"\(shape.path)\" fill=\"\(Self.uncodedColour)\"/>"
                continue
            }
            let count = counts[code] ?? 0
            let fill = colour(of: count)
            if shape.dot != nil {
                // The dot on top carries the title and the link; the speck of outline only fills its hole.
                out += "<path d=\"\(shape.path)\" fill=\"\(fill)\"/>"
                continue
            }
            let title = "<title>\(Self.escape(words.shapeTitle(words.name(code, shape.name), count)))</title>"
            let element = "<path d=\"\(shape.path)\" fill=\"\(fill)\" data-country=\"\(Self.escape(code))\">"
            if let link = links[code] {
                out += "<a href=\"\(Self.escape(link))\">\(title)\(element)</path></a>"
            } else {
                out += "\(element)\(title)</path>"
            }
        }
        out += "</g><g stroke=\"#333333\" stroke-width=\"0.8\">"
        for shape in map.shapes {
            guard let code = shape.iso2, let dot = shape.dot else { continue }
            let count = counts[code] ?? 0
            let title = "<title>\(Self.escape(words.shapeTitle(words.name(code, shape.name), count)))</title>"
            let element =
                "<circle cx=\"\(EuropeMap.number(dot.x))\" cy=\"\(EuropeMap.number(dot.y))\" r=\"\(EuropeMap.number(EuropeMap.dotRadius))\""
                + " fill=\"\(colour(of: count))\" data-country=\"\(Self.escape(code))\">"
            if let link = links[code] {
                out += "<a href=\"\(Self.escape(link))\">\(title)\(element)</circle></a>"
            } else {
                out += "\(element)\(title)</circle>"
            }
        }
        out += "</g></svg>"
        return out
    }

    /// Text for XML content or a double-quoted attribute: the five markup characters as entities, and the
    /// characters XML 1.0 cannot carry (control characters but tab, LF and CR; lone surrogates cannot occur
    /// in a Swift string) left out.
    static func escape(_ text: String) -> String {
        func forbidden(_ scalar: Unicode.Scalar) -> Bool {
            (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r") || scalar.value == 0xFFFE || scalar.value == 0xFFFF
        }
        guard text.unicodeScalars.contains(where: forbidden) else { return HTMLEscaping.escape(text) }
        return HTMLEscaping.escape(String(String.UnicodeScalarView(text.unicodeScalars.filter { !forbidden($0) })))
    }
}

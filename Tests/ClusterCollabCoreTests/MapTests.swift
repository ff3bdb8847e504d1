import Foundation
import Testing

@testable import ClusterCollabCore

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("Map of Europe: projection, outlines, choropleth")
struct MapTests {
    let projection = LambertAzimuthalEqualArea.europe
    let map = EuropeMap.shipped

    // MARK: - Projection

    @Test func theProjectionIsETRS89LAEAAsInTheEPSGGuidanceExample() {
        // given the worked example of IOGP Guidance Note 7-2 for EPSG:3035
        let point = projection.project(GeoCoordinate(longitude: 5, latitude: 50))
        // then
        #expect(abs(point.easting - 3_962_799.45) < 0.01)
        #expect(abs(point.northing - 2_999_718.85) < 0.01)
    }

    @Test func theCentreOfTheProjectionIsAtItsFalseOrigin() {
        let centre = projection.project(GeoCoordinate(longitude: 10, latitude: 52))
        #expect(abs(centre.easting - 4_321_000) < 0.001)
        #expect(abs(centre.northing - 3_210_000) < 0.001)
    }

    @Test func parisIsWestOfBerlinAndNorthOfMadrid() {
        let paris = map.frame.point(projection.project(GeoCoordinate(longitude: 2.35, latitude: 48.86)))
        let berlin = map.frame.point(projection.project(GeoCoordinate(longitude: 13.40, latitude: 52.52)))
        let madrid = map.frame.point(projection.project(GeoCoordinate(longitude: -3.70, latitude: 40.42)))
        #expect(paris.x < berlin.x)
        // SVG's y grows downwards: north is smaller.
        #expect(paris.y < madrid.y)
        #expect(map.frame.contains(paris) && map.frame.contains(berlin) && map.frame.contains(madrid))
    }

    @Test func twoCellsAtTheSameLatitudeHaveTheSameArea() {
        let west = cellArea(longitude: -20, latitude: 50)
        let east = cellArea(longitude: 40, latitude: 50)
        #expect(abs(west / east - 1) < 0.005)
    }

    @Test func aCellAt60NorthHasTheCosineRatioOfTheAreaOfACellAt40North() {
        let ratio = cellArea(longitude: 10, latitude: 60) / cellArea(longitude: 10, latitude: 40)
        let cosineRatio = cos(60.5 * .pi / 180) / cos(40.5 * .pi / 180)
        // The sphere's ratio; the ellipsoid differs from it by under half a percent.
        #expect(abs(ratio / cosineRatio - 1) < 0.01)
    }

    @Test func aCellHasItsAreaOnTheEllipsoid() {
        // given the area of a 1° x 1° cell on GRS80: a² Δλ (q(φ2) - q(φ1)) / 2
        let a = 6_378_137.0
        let e2 = projection.e2
        func q(_ latitude: Double) -> Double {
            LambertAzimuthalEqualArea.q(sinPhi: sin(latitude * .pi / 180), e: e2.squareRoot(), e2: e2)
        }
        for latitude in [35.0, 52, 70] {
            let exact = a * a * (.pi / 180) * (q(latitude + 1) - q(latitude)) / 2
            // then the projected cell has the same area
            #expect(abs(cellArea(longitude: 25, latitude: latitude) / exact - 1) < 0.001, "\(latitude)")
        }
    }

    // MARK: - Outlines

    @Test func franceKeepsItsMainlandAndCorsicaAndLosesFrenchGuiana() throws {
        // given the file's France: three polygons, one of them in South America
        let file = try GeoJSON.countries(from: try Data(contentsOf: outlinesURL))
        let france = try #require(file.first { $0.iso2 == "FR" })
        guard case .polygons(let polygons) = france.geometry else {
            Issue.record("France is not a polygon")
            return
        }
        #expect(polygons.count == 3)
        // when drawn
        let shape = try #require(map.shape("FR"))
        // then two rings remain, and neither the rings nor the path data have a point outside the frame
        #expect(shape.rings.count == 2)
        #expect(shape.rings.joined().allSatisfy(map.frame.contains))
        let numbers = pathNumbers(shape.path)
        #expect(numbers.count >= 2 * 20)
        for pair in stride(from: 0, to: numbers.count - 1, by: 2) {
            #expect(map.frame.contains(MapPoint(x: numbers[pair], y: numbers[pair + 1])))
        }
    }

    @Test func partsFarOutsideTheFrameAreClippedToItsEdge() throws {
        // Russia reaches the Pacific; what is drawn stops at the frame's eastern and northern edges.
        let russia = try #require(map.shape("RU"))
        let points = Array(russia.rings.joined())
        #expect(points.allSatisfy(map.frame.contains))
        #expect(points.contains { $0.x == map.width })
        #expect(points.contains { $0.y == 0 })
    }

    @Test func everyCountryOfTheFileWithACodeGetsAShapeOrIsEntirelyOutsideTheFrame() throws {
        let file = try GeoJSON.countries(from: try Data(contentsOf: outlinesURL))
        let coded = file.compactMap(\.iso2)
        #expect(coded.count == 57)
        let missing = coded.filter { map.shape($0) == nil }
        // Greenland lies north-west of Iceland's corner, Libya's coast south of Malta and Crete.
        #expect(missing == ["GL", "LY"], "\(missing)")
        for code in ["IS", "PT", "CY", "FI", "MT", "GR", "IE", "NO", "TR", "UA"] {
            #expect(map.shape(code) != nil, "\(code)")
        }
        for shape in map.shapes {
            #expect(!shape.path.isEmpty || shape.dot != nil, "\(shape.name)")
        }
    }

    @Test func maltaAndLiechtensteinAreDotsWithoutOutline() throws {
        for code in ["MT", "LI"] {
            let shape = try #require(map.shape(code))
            #expect(shape.dot != nil, "\(code)")
            #expect(shape.path.isEmpty, "\(code)")
        }
    }

    @Test func luxembourgIsADotOverItsOutlineAndLargerCountriesAreNot() throws {
        let luxembourg = try #require(map.shape("LU"))
        let dot = try #require(luxembourg.dot)
        #expect(!luxembourg.path.isEmpty)
        // the dot sits on Luxembourg: within a few units of its outline's points
        #expect(luxembourg.rings.joined().allSatisfy { abs($0.x - dot.x) < 10 && abs($0.y - dot.y) < 10 })
        for code in ["CY", "ME", "XK", "SI", "BE", "FR", "DE"] {
            #expect(map.shape(code)?.dot == nil, "\(code)")
        }
        #expect(abs(luxembourg.area - 2_442) < 50)
    }

    @Test func pathDataIsRoundedToATenthWithoutRepeatedPoints() {
        for shape in map.shapes where !shape.path.isEmpty {
            for token in shape.path.split(whereSeparator: { "MLZ ".contains($0) }) {
                let decimals = token.split(separator: ".").dropFirst().first?.count ?? 0
                #expect(decimals <= 1, "\(shape.name): \(token)")
            }
            for ring in shape.rings {
                #expect(ring.count >= 3)
                #expect(zip(ring, ring.dropFirst() + [ring[0]]).allSatisfy { $0 != $1 }, "\(shape.name)")
            }
        }
    }

    @Test func aFileWithAnotherGeometryIsRefused() {
        let line =
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"X"},"geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]}}]}"#
        #expect(throws: GeoJSON.FormatError.self) { try GeoJSON.countries(from: Data(line.utf8)) }
    }

    // MARK: - Classes

    @Test func classesCoverEveryCountAreContiguousAndMonotone() {
        let samples: [[Int]] = [
            [1], [7, 7, 7], [1, 2], [1, 3, 12, 45, 80, 150, 600, 2_000], [50, 60, 70, 80, 200],
            Array(1...57), (1...57).map { $0 * $0 * 31 }, [0, 0, 3], [1, 1, 1, 1, 1, 1, 1_000_000],
        ]
        for sample in samples {
            // given
            let counts = Dictionary(uniqueKeysWithValues: sample.enumerated().map { ("C\($0.offset)", $0.element) })
            // when
            let choropleth = Choropleth(counts: counts)
            let classes = choropleth.classes
            // then
            #expect(!classes.isEmpty && classes.count <= 5, "\(sample)")
            #expect(classes.first?.lower == 1)
            #expect(classes.last?.upper == sample.max())
            for (lower, upper) in zip(classes, classes.dropFirst()) {
                #expect(lower.upper + 1 == upper.lower, "\(sample)")
                #expect(lower.lower <= lower.upper)
            }
            for count in sample where count > 0 {
                #expect(choropleth.colourClass(of: count) != nil, "\(count) in \(sample)")
            }
            for colourClass in classes {
                #expect(sample.contains(where: colourClass.contains), "empty class \(colourClass) in \(sample)")
            }
            #expect(Set(classes.map(\.colour)).count == classes.count)
        }
    }

    @Test func boundsAreNiceNumbersNearTheQuantiles() {
        let counts = Dictionary(
            uniqueKeysWithValues: [1, 3, 12, 45, 80, 150, 600, 2_000, 4, 9].enumerated().map { ("C\($0.offset)", $0.element) })
        let classes = Choropleth(counts: counts).classes
        // the quantiles 4, 12, 80 and 600, rounded down to 2, 10, 50 and 500
        #expect(classes.map(\.lower) == [1, 2, 10, 50, 500])
        #expect(classes.map { $0.label(format: { "\($0)" }) } == ["1", "2–9", "10–49", "50–499", "500–2000"])
    }

    @Test func fewerClassesTakeColoursFarApartAndMoreThanThePaletteAreNotAsked() {
        let counts = Dictionary(uniqueKeysWithValues: (1...100).map { ("C\($0)", $0 * $0) })
        // given a wish for two classes, then for more classes than colours
        let two = Choropleth(counts: counts, maximumClasses: 2).classes
        let many = Choropleth(counts: counts, maximumClasses: 9).classes
        // then
        #expect(two.map(\.colour) == [Choropleth.palette[1], Choropleth.palette[3]])
        #expect(many.count == Choropleth.palette.count)
        #expect(many.map(\.colour) == Choropleth.palette)
        #expect(Choropleth(counts: counts, maximumClasses: 0).classes == [.init(lower: 1, upper: 10_000, colour: Choropleth.palette[3])])
    }

    @Test func zeroHasItsOwnGreyClassAndNoColourOfTheScale() {
        let choropleth = Choropleth(counts: ["FR": 10, "DE": 0])
        #expect(choropleth.colourClass(of: 0) == nil)
        #expect(choropleth.colour(of: 0) == Choropleth.zeroColour)
        #expect(!Choropleth.palette.contains(Choropleth.zeroColour))
        #expect(choropleth.legend.first == .init(lower: 0, upper: 0, colour: Choropleth.zeroColour))
        #expect(choropleth.legend.count == choropleth.classes.count + 1)
        #expect(Choropleth(counts: ["FR": 0]).classes.isEmpty)
        #expect(Choropleth(counts: [:]).legend.count == 1)
    }

    @Test func legendLabelsUseTheCallersNumberFormat() {
        let wide = Choropleth.ColourClass(lower: 1_000, upper: 12_345, colour: "#000000")
        #expect(wide.label(format: { "<\($0)>" }) == "<1000>–<12345>")
        #expect(Choropleth.ColourClass(lower: 7, upper: 7, colour: "#000000").label(format: String.init) == "7")
    }

    // MARK: - SVG

    @Test func theSVGIsXMLWithATitledShapePerCountryAndLinksOnlyWhereThereAreOrganisations() throws {
        // given
        let counts = ["FR": 120, "DE": 80, "MT": 3, "LU": 12, "IT": 0, "PL": 1]
        // when
        let svg = Choropleth(counts: counts).svg(on: map, words: words())
        let root = try #require(SVGTree.parse(svg))
        // then
        #expect(root.name == "svg")
        #expect(root.attributes["viewBox"] == "0 0 1000 820")
        #expect(root.attributes["role"] == "group")
        let titleID = try #require(root.attributes["aria-labelledby"])
        #expect(root.all("title").contains { $0.attributes["id"] == titleID && $0.text == "Organisations per country" })

        let drawn = map.shapes.compactMap(\.iso2)
        let shapes = root.all("path") + root.all("circle")
        for code in drawn {
            // one titled shape per country, the dot for a small one
            let titled = shapes.filter { $0.attributes["data-country"] == code }
            #expect(titled.count == 1, "\(code)")
            let count = counts[code] ?? 0
            let shape = try #require(titled.first)
            let title = shape.parent?.name == "a" ? shape.parent?.child("title") : shape.child("title")
            #expect(title?.text == "\(code): \(count) organisations", "\(code)")
            // a link where there are organisations, none where there are none
            if count > 0 {
                #expect(shape.parent?.name == "a", "\(code)")
                #expect(shape.parent?.attributes["href"] == "/organisations?country=\(code)&q=drone", "\(code)")
            } else {
                #expect(shape.parent?.name != "a", "\(code)")
            }
        }
        #expect(root.all("a").count == 5)
        #expect(root.all("circle").compactMap { $0.attributes["data-country"] }.sorted() == ["LI", "LU", "MT"])
    }

    @Test func aCountryWithoutOrganisationsIsGreyAndNotALink() throws {
        let svg = Choropleth(counts: ["IT": 0, "FR": 5]).svg(on: map, words: words())
        let root = try #require(SVGTree.parse(svg))
        let italy = try #require(root.all("path").first { $0.attributes["data-country"] == "IT" })
        #expect(italy.attributes["fill"] == Choropleth.zeroColour)
        #expect(italy.parent?.name == "g")
        #expect(root.all("a").compactMap { $0.attributes["href"] }.allSatisfy { !$0.contains("IT") })
        let france = try #require(root.all("path").first { $0.attributes["data-country"] == "FR" })
        #expect(france.attributes["fill"] != Choropleth.zeroColour)
    }

    @Test func aMapWithoutAnyLinkIsAnImage() throws {
        let svg = Choropleth(counts: [:]).svg(on: map, words: words())
        let root = try #require(SVGTree.parse(svg))
        #expect(root.attributes["role"] == "img")
        #expect(root.all("a").isEmpty)
    }

    @Test func namesTitlesAndLinksAreEscaped() throws {
        // given a name and a link with the characters XML reserves
        let words = Choropleth.Words(
            title: "Clusters <drones> & \"labels\"", description: "Tom's map",
            name: { code, _ in code == "BA" ? "Bosnia & <Herzegovina>" : code },
            shapeTitle: { name, count in "\(name): \(count)" },
            link: { "/organisations?country=\($0)&q=a<b\"" })
        // when
        let svg = Choropleth(counts: ["BA": 4]).svg(on: map, words: words)
        // then
        #expect(svg.contains("Bosnia &amp; &lt;Herzegovina&gt;: 4"))
        #expect(svg.contains("href=\"/organisations?country=BA&amp;q=a&lt;b&quot;\""))
        let root = try #require(SVGTree.parse(svg))
        #expect(root.all("title").contains { $0.text == "Bosnia & <Herzegovina>: 4" })
        #expect(root.all("a").first?.attributes["href"] == "/organisations?country=BA&q=a<b\"")
        #expect(root.all("title").first?.text == "Clusters <drones> & \"labels\"")
        #expect(root.all("desc").first?.text == "Tom's map")
    }

    @Test func controlCharactersAreLeftOutOfTheXML() throws {
        #expect(Choropleth.escape("a\u{1}b\tc") == "ab\tc")
    }

    // MARK: - Helpers

    var outlinesURL: URL {
        ReferenceData.resourceDirectory.appendingPathComponent("europe_countries_110m.geojson")
    }

    func words() -> Choropleth.Words {
        Choropleth.Words(
            title: "Organisations per country", name: { code, _ in code },
            shapeTitle: { name, count in "\(name): \(count) organisations" },
            link: { "/organisations?country=\($0)&q=drone" })
    }

    /// The area in m² of the projected 1° x 1° cell whose south-west corner is given, its edges followed in
    /// 50 steps each (they are curves on the plane).
    func cellArea(longitude: Double, latitude: Double) -> Double {
        let steps = 50
        var corners: [GeoCoordinate] = []
        for i in 0..<steps { corners.append(GeoCoordinate(longitude: longitude + Double(i) / Double(steps), latitude: latitude)) }
        for i in 0..<steps { corners.append(GeoCoordinate(longitude: longitude + 1, latitude: latitude + Double(i) / Double(steps))) }
        for i in 0..<steps { corners.append(GeoCoordinate(longitude: longitude + 1 - Double(i) / Double(steps), latitude: latitude + 1)) }
        for i in 0..<steps { corners.append(GeoCoordinate(longitude: longitude, latitude: latitude + 1 - Double(i) / Double(steps))) }
        return abs(EuropeMap.signedArea(corners.map(projection.project)))
    }

    func pathNumbers(_ path: String) -> [Double] {
        path.split(whereSeparator: { "MLZ ".contains($0) }).compactMap { Double($0) }
    }
}

/// An SVG document read back by Foundation's XML parser: elements with their attributes, parent and text.
final class SVGTree: NSObject, XMLParserDelegate {
    final class Element {
        let name: String
        let attributes: [String: String]
        weak var parent: Element?
        var children: [Element] = []
        var text = ""

        init(name: String, attributes: [String: String], parent: Element?) {
            self.name = name
            self.attributes = attributes
            self.parent = parent
        }

        func child(_ name: String) -> Element? { children.first { $0.name == name } }

        func all(_ name: String) -> [Element] {
            children.flatMap { ($0.name == name ? [$0] : []) + $0.all(name) }
        }
    }

    private var root: Element?
    private var stack: [Element] = []

    /// The root element, or nil when the text is not well-formed XML.
    static func parse(_ text: String) -> Element? {
        let tree = SVGTree()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = tree
        guard parser.parse() else { return nil }
        return tree.root
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        let element = Element(name: elementName, attributes: attributes, parent: stack.last)
        stack.last?.children.append(element)
        if root == nil { root = element }
        stack.append(element)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.text += string
    }
}

/// The bar chart of a country's regions: XML, one titled bar per item in the order given, links where given,
/// escaped text.
@Suite struct BarChartTests {
    @Test func barsAreScaledTitledLinkedAndEscaped() throws {
        let chart = BarChart(
            title: "Regions & <more>",
            bars: [
                .init(label: "Île-de-France", value: 6, title: "Île-de-France: 6", href: "/organisations?country=FR&region=FR10"),
                .init(label: "Essonne", value: 3, title: "Essonne: 3", isPart: true),
                .init(label: "\"Quoted\" <place>", value: 0, title: "none"),
            ])
        let svg = chart.svg(value: { "\($0) orgs" })
        #expect(XMLParser(data: Data(svg.utf8)).parse(), "not well-formed: \(svg)")
        #expect(svg.contains("<title id=\"bars-title\">Regions &amp; &lt;more&gt;</title>"))
        #expect(svg.contains("<a href=\"/organisations?country=FR&amp;region=FR10\"><g><title>Île-de-France: 6</title>"))
        #expect(svg.contains("&quot;Quoted&quot; &lt;place&gt;"))
        // the largest bar takes the whole room, a half-size one half of it, a zero one nothing
        let widths = svg.matches(of: /<rect [^>]*width="(\d+)"/).map { Int($0.output.1)! }
        #expect(widths.count == 3)
        #expect(widths[1] * 2 == widths[0] && widths[2] == 0, "\(widths)")
        #expect(svg.contains(">6 orgs</text>") && svg.contains(">0 orgs</text>"))
    }
}

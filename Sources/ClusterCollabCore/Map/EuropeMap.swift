import Foundation

/// The outlines of Europe's countries, projected, clipped to the frame and written as SVG path data once
/// (at start, from `Resources/reference/europe_countries_110m.geojson`, Natural Earth 1:110m), so that a
/// choropleth only colours them. See docs/map.md.
public struct EuropeMap: Sendable {
    /// The rectangle of ETRS89-LAEA (EPSG:3035) the map shows, in metres, and its size in SVG units.
    public struct Frame: Sendable, Equatable {
        public var minEasting: Double
        public var maxEasting: Double
        public var minNorthing: Double
        public var maxNorthing: Double
        /// Metres per SVG unit.
        public var metresPerUnit: Double

        public var width: Double { (maxEasting - minEasting) / metresPerUnit }
        public var height: Double { (maxNorthing - minNorthing) / metresPerUnit }

        /// From Iceland and Portugal's Cape St Vincent in the west to Cyprus and the Caucasus in the east, from
        /// Malta and Crete in the south to the North Cape: 5,000 by 4,100 km, 5 km per unit, so
        /// 1000 x 820 units. The Azores, the Canaries, Svalbard and most of Russia fall outside.
        public static let europe = Frame(
            minEasting: 2_550_000, maxEasting: 7_550_000, minNorthing: 1_350_000, maxNorthing: 5_450_000,
            metresPerUnit: 5_000)

        /// The point in SVG units: x from the western edge, y from the northern edge downwards.
        public func point(_ projected: ProjectedPoint) -> MapPoint {
            MapPoint(
                x: (projected.easting - minEasting) / metresPerUnit, y: (maxNorthing - projected.northing) / metresPerUnit)
        }

        public func contains(_ point: MapPoint) -> Bool {
            (0...width).contains(point.x) && (0...height).contains(point.y)
        }
    }

    /// One country as drawn: its outline inside the frame, and a dot when it is too small to see or click.
    public struct Shape: Sendable, Equatable {
        public let iso2: String?
        public let iso3: String?
        /// The outlines file's English name; pages show their own translated name.
        public let name: String
        /// The rings inside the frame, rounded to 0.1 unit; empty for a country the file has as a point.
        public let rings: [[MapPoint]]
        /// SVG path data of `rings` (`M`, `L`, `Z`), empty when there are none.
        public let path: String
        /// The centre of the dot that stands for a small country (its point, or the centroid of its outline).
        public let dot: MapPoint?
        /// The country's area in km² on the ellipsoid (all of it, also what the frame clips), 0 for a point.
        public let area: Double
    }

    /// A country smaller than this (km²) is drawn as a dot as well: at 5 km per unit Luxembourg (2,600 km²)
    /// would be a 10-unit speck, too small to find or to tap. Cyprus (6,200 km² without the north) is not.
    public static let defaultSmallArea = 3_000.0
    /// The radius of a small country's dot, in SVG units.
    public static let dotRadius = 6.0

    public let frame: Frame
    /// The countries with something inside the frame, in the file's order.
    public let shapes: [Shape]
    private let shapeByCode: [String: Shape]

    public var width: Double { frame.width }
    public var height: Double { frame.height }

    /// The map of the shipped outlines, built on first use.
    public static let shipped: EuropeMap = {
        let url = ReferenceData.resourceDirectory.appendingPathComponent("europe_countries_110m.geojson")
        do { return try EuropeMap(geoJSON: try Data(contentsOf: url)) } catch {
            // The file is part of the build; a failure here is a broken installation, not bad input.
            fatalError("map outlines could not be loaded: \(error)")
        }
    }()

    /// Reads a GeoJSON file of countries and draws it.
    public init(geoJSON: Data) throws {
        self.init(countries: try GeoJSON.countries(from: geoJSON))
    }

    /// Projects, clips and writes every country; the ones entirely outside the frame are left out.
    public init(
        countries: [GeoCountry], projection: LambertAzimuthalEqualArea = .europe, frame: Frame = .europe,
        smallArea: Double = EuropeMap.defaultSmallArea
    ) {
        self.frame = frame
        var shapes: [Shape] = []
        for country in countries {
            switch country.geometry {
            case .point(let coordinate):
                let point = Self.rounded(frame.point(projection.project(coordinate)))
                guard frame.contains(point) else { continue }
                shapes.append(
                    Shape(iso2: country.iso2, iso3: country.iso3, name: country.name, rings: [], path: "", dot: point, area: 0))
            case .polygons(let polygons):
                var area = 0.0
                var rings: [[MapPoint]] = []
                for polygon in polygons {
                    for (index, ring) in polygon.enumerated() {
                        var projected = ring.map { projection.project($0) }
                        if projected.count > 1, projected.first == projected.last { projected.removeLast() }
                        // Metres on an equal-area plane are true areas: the outer ring counts, holes subtract.
                        let ringArea = abs(Self.signedArea(projected)) / 1_000_000
                        area += index == 0 ? ringArea : -ringArea
                        let clipped = MapGeometry.clip(
                            projected.map(frame.point), minX: 0, minY: 0, maxX: frame.width, maxY: frame.height)
                        let drawn = Self.roundedRing(clipped)
                        if drawn.count >= 3, abs(MapGeometry.signedArea(drawn)) >= 0.01 { rings.append(drawn) }
                    }
                }
                guard !rings.isEmpty else { continue }
                let dot = area < smallArea ? MapGeometry.centroid(rings).map(Self.rounded) : nil
                shapes.append(
                    Shape(
                        iso2: country.iso2, iso3: country.iso3, name: country.name, rings: rings,
                        path: Self.pathData(rings), dot: dot, area: area))
            }
        }
        self.shapes = shapes
        shapeByCode = Dictionary(
            shapes.compactMap { shape in shape.iso2.map { ($0, shape) } }, uniquingKeysWith: { first, _ in first })
    }

    /// The country's shape, if the map draws it.
    public func shape(_ iso2: String) -> Shape? { shapeByCode[iso2] }

    static func signedArea(_ ring: [ProjectedPoint]) -> Double {
        MapGeometry.signedArea(ring.map { MapPoint(x: $0.easting, y: $0.northing) })
    }

    static func rounded(_ point: MapPoint) -> MapPoint {
        MapPoint(x: (point.x * 10).rounded() / 10, y: (point.y * 10).rounded() / 10)
    }

    /// The ring rounded to 0.1 unit (500 m, below what 1:110m outlines know) without points repeated by
    /// the rounding, also where the ring closes.
    static func roundedRing(_ ring: [MapPoint]) -> [MapPoint] {
        var out: [MapPoint] = []
        out.reserveCapacity(ring.count)
        for point in ring.map(rounded) where point != out.last { out.append(point) }
        while out.count > 1, out.first == out.last { out.removeLast() }
        return out
    }

    /// `M x y L x y x y … Z` for each ring, numbers with at most one decimal.
    static func pathData(_ rings: [[MapPoint]]) -> String {
        var out = ""
        for ring in rings {
            for (index, point) in ring.enumerated() {
                out += index == 0 ? "M" : index == 1 ? "L" : " "
                out += number(point.x)
                out += " "
                out += number(point.y)
            }
            out += "Z"
        }
        return out
    }

    /// A coordinate already rounded to tenths, written without a trailing `.0` and never as `-0`.
    static func number(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let whole = abs(tenths) / 10
        let fraction = abs(tenths) % 10
        let sign = tenths < 0 ? "-" : ""
        return fraction == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
    }
}

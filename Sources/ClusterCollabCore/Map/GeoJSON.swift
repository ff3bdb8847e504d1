import Foundation

/// A longitude and latitude in degrees (WGS 84 / ETRS89; at the map's scale the two are the same).
public struct GeoCoordinate: Sendable, Equatable {
    public var longitude: Double
    public var latitude: Double

    public init(longitude: Double, latitude: Double) {
        self.longitude = longitude
        self.latitude = latitude
    }
}

/// One country of the outlines file: its codes, its English name and its geometry.
public struct GeoCountry: Sendable, Equatable {
    /// A country's outline: polygons (each an outer ring and its holes), or one point for a country too
    /// small for the outlines' scale.
    public enum Geometry: Sendable, Equatable {
        case polygons([[[GeoCoordinate]]])
        case point(GeoCoordinate)
    }

    /// ISO 3166 alpha-2; nil for a territory without a code (Northern Cyprus in Natural Earth).
    public var iso2: String?
    public var iso3: String?
    /// The English short name the file gives (Natural Earth's, e.g. "Bosnia and Herz."); pages show their
    /// own translated names.
    public var name: String
    /// The file gives only an approximate point (Liechtenstein, Malta at 1:110m).
    public var pointOnly: Bool
    public var geometry: Geometry

    public init(iso2: String?, iso3: String?, name: String, pointOnly: Bool, geometry: Geometry) {
        self.iso2 = iso2
        self.iso3 = iso3
        self.name = name
        self.pointOnly = pointOnly
        self.geometry = geometry
    }
}

/// The reader of a GeoJSON feature collection of countries (RFC 7946): Polygon, MultiPolygon and Point
/// geometries, and the properties `iso2`, `iso3`, `name` and `point_only`. Only what the map of Europe
/// needs; other geometry types are refused, not skipped, so a changed file is noticed.
public enum GeoJSON {
    /// What is wrong with a file, with the feature's position.
    public struct FormatError: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// The countries of a feature collection, in the file's order.
    public static func countries(from data: Data) throws -> [GeoCountry] {
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            root["type"] as? String == "FeatureCollection", let features = root["features"] as? [Any]
        else { throw FormatError(description: "not a GeoJSON FeatureCollection") }
        return try features.enumerated().map { index, value in
            guard let feature = value as? [String: Any], let geometry = feature["geometry"] as? [String: Any] else {
                throw FormatError(description: "feature \(index): no geometry")
            }
            let properties = feature["properties"] as? [String: Any] ?? [:]
            guard let name = properties["name"] as? String else {
                throw FormatError(description: "feature \(index): no name")
            }
            do {
                return GeoCountry(
                    iso2: properties["iso2"] as? String, iso3: properties["iso3"] as? String, name: name,
                    pointOnly: properties["point_only"] as? Bool ?? false, geometry: try readGeometry(geometry))
            } catch let error as FormatError {
                throw FormatError(description: "feature \(index) (\(name)): \(error.description)")
            }
        }
    }

    static func readGeometry(_ geometry: [String: Any]) throws -> GeoCountry.Geometry {
        let coordinates = geometry["coordinates"]
        switch geometry["type"] as? String {
        case "Point":
            return .point(try position(coordinates))
        case "Polygon":
            return .polygons([try polygon(coordinates)])
        case "MultiPolygon":
            guard let parts = coordinates as? [Any] else { throw FormatError(description: "MultiPolygon without polygons") }
            return .polygons(try parts.map(polygon))
        case let other:
            throw FormatError(description: "unsupported geometry \(other ?? "none")")
        }
    }

    static func polygon(_ value: Any?) throws -> [[GeoCoordinate]] {
        guard let rings = value as? [Any], !rings.isEmpty else { throw FormatError(description: "polygon without rings") }
        return try rings.map { ring in
            guard let positions = ring as? [Any], positions.count >= 4 else {
                throw FormatError(description: "a ring needs at least four positions")
            }
            return try positions.map(position)
        }
    }

    static func position(_ value: Any?) throws -> GeoCoordinate {
        // JSONSerialization gives NSNumber, which bridges to Double whether the text was 5 or 5.0.
        guard let pair = value as? [Any], pair.count >= 2, let longitude = (pair[0] as? NSNumber)?.doubleValue,
            let latitude = (pair[1] as? NSNumber)?.doubleValue, (-180...180).contains(longitude), (-90...90).contains(latitude)
        else { throw FormatError(description: "a position must be [longitude, latitude] in degrees") }
        return GeoCoordinate(longitude: longitude, latitude: latitude)
    }
}

import Foundation

/// A point on the projected plane, in metres (easting, northing).
public struct ProjectedPoint: Sendable, Equatable {
    public var easting: Double
    public var northing: Double

    public init(easting: Double, northing: Double) {
        self.easting = easting
        self.northing = northing
    }
}

/// The Lambert azimuthal equal-area projection on an ellipsoid, oblique aspect, with the formulas of IOGP
/// Guidance Note 7-2 (method EPSG:9820, through the authalic latitude). `europe` is ETRS89-LAEA
/// (EPSG:3035), the projection of Eurostat's and the EEA's maps: GRS80, centred at 52°N 10°E, false
/// easting 4,321,000 m and northing 3,210,000 m. Equal-area means a shape's area on the plane is its area on
/// the ellipsoid, so a large country does not look larger than it is (as it would in Web Mercator).
public struct LambertAzimuthalEqualArea: Sendable {
    /// ETRS89-LAEA Europe, EPSG:3035.
    public static let europe = LambertAzimuthalEqualArea(
        latitudeOfOrigin: 52, longitudeOfOrigin: 10, falseEasting: 4_321_000, falseNorthing: 3_210_000)

    let e: Double
    let e2: Double
    let qP: Double
    let sinBeta0: Double
    let cosBeta0: Double
    let rq: Double
    let d: Double
    let lambda0: Double
    let falseEasting: Double
    let falseNorthing: Double

    /// A projection centred at the origin, on GRS80 unless another ellipsoid is named.
    public init(
        latitudeOfOrigin: Double, longitudeOfOrigin: Double, falseEasting: Double, falseNorthing: Double,
        semiMajorAxis a: Double = 6_378_137, inverseFlattening: Double = 298.257222101
    ) {
        let f = 1 / inverseFlattening
        e2 = 2 * f - f * f
        e = e2.squareRoot()
        let phi0 = latitudeOfOrigin * .pi / 180
        qP = Self.q(sinPhi: 1, e: e, e2: e2)
        let beta0 = asin(Self.q(sinPhi: sin(phi0), e: e, e2: e2) / qP)
        sinBeta0 = sin(beta0)
        cosBeta0 = cos(beta0)
        rq = a * (qP / 2).squareRoot()
        d = a * (cos(phi0) / (1 - e2 * sin(phi0) * sin(phi0)).squareRoot()) / (rq * cosBeta0)
        lambda0 = longitudeOfOrigin * .pi / 180
        self.falseEasting = falseEasting
        self.falseNorthing = falseNorthing
    }

    static func q(sinPhi s: Double, e: Double, e2: Double) -> Double {
        (1 - e2) * (s / (1 - e2 * s * s) - (1 / (2 * e)) * log((1 - e * s) / (1 + e * s)))
    }

    /// The point's easting and northing in metres. Defined everywhere but at the antipode of the centre
    /// (52°S 170°W), far from any outline the map reads.
    public func project(_ coordinate: GeoCoordinate) -> ProjectedPoint {
        let phi = coordinate.latitude * .pi / 180
        let lambda = coordinate.longitude * .pi / 180
        let beta = asin(max(-1, min(1, Self.q(sinPhi: sin(phi), e: e, e2: e2) / qP)))
        let sinBeta = sin(beta)
        let cosBeta = cos(beta)
        let cosDelta = cos(lambda - lambda0)
        let b = rq * (2 / (1 + sinBeta0 * sinBeta + cosBeta0 * cosBeta * cosDelta)).squareRoot()
        return ProjectedPoint(
            easting: falseEasting + b * d * cosBeta * sin(lambda - lambda0),
            northing: falseNorthing + (b / d) * (cosBeta0 * sinBeta - sinBeta0 * cosBeta * cosDelta))
    }
}

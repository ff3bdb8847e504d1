import Foundation

/// A point of the drawing, in SVG user units (x to the right, y down).
public struct MapPoint: Sendable, Equatable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// Plane geometry of the map's rings: clipping to the frame, areas, centroids. A ring is a list of points
/// without the closing repetition of the first.
public enum MapGeometry {
    /// The part of a ring inside the rectangle (Sutherland-Hodgman, one edge of the rectangle at a time).
    /// A ring entirely outside gives an empty list. A concave ring that leaves and re-enters may keep
    /// zero-width edges along the rectangle's border; they draw nothing.
    public static func clip(_ ring: [MapPoint], minX: Double, minY: Double, maxX: Double, maxY: Double) -> [MapPoint] {
        var points = ring
        points = clip(points, inside: { $0.x >= minX }, crossing: { a, b in at(a, b, x: minX) })
        points = clip(points, inside: { $0.x <= maxX }, crossing: { a, b in at(a, b, x: maxX) })
        points = clip(points, inside: { $0.y >= minY }, crossing: { a, b in at(a, b, y: minY) })
        points = clip(points, inside: { $0.y <= maxY }, crossing: { a, b in at(a, b, y: maxY) })
        return points
    }

    private static func clip(
        _ points: [MapPoint], inside: (MapPoint) -> Bool, crossing: (MapPoint, MapPoint) -> MapPoint
    ) -> [MapPoint] {
        guard var previous = points.last else { return [] }
        var out: [MapPoint] = []
        out.reserveCapacity(points.count + 4)
        for point in points {
            switch (inside(previous), inside(point)) {
            case (true, true): out.append(point)
            case (true, false): out.append(crossing(previous, point))
            case (false, true):
                out.append(crossing(previous, point))
                out.append(point)
            case (false, false): break
            }
            previous = point
        }
        return out
    }

    private static func at(_ a: MapPoint, _ b: MapPoint, x: Double) -> MapPoint {
        MapPoint(x: x, y: a.y + (b.y - a.y) * (x - a.x) / (b.x - a.x))
    }

    private static func at(_ a: MapPoint, _ b: MapPoint, y: Double) -> MapPoint {
        MapPoint(x: a.x + (b.x - a.x) * (y - a.y) / (b.y - a.y), y: y)
    }

    /// The ring's area with its sign (shoelace formula); positive when the ring turns clockwise on screen.
    public static func signedArea(_ ring: [MapPoint]) -> Double {
        guard var previous = ring.last else { return 0 }
        var twice = 0.0
        for point in ring {
            twice += previous.x * point.y - point.x * previous.y
            previous = point
        }
        return twice / 2
    }

    /// The centre of gravity of several rings taken together (holes count negatively when they turn the
    /// other way); the mean of the points when the area is nil.
    public static func centroid(_ rings: [[MapPoint]]) -> MapPoint? {
        var area = 0.0
        var cx = 0.0
        var cy = 0.0
        for ring in rings {
            guard var previous = ring.last else { continue }
            for point in ring {
                let cross = previous.x * point.y - point.x * previous.y
                area += cross
                cx += (previous.x + point.x) * cross
                cy += (previous.y + point.y) * cross
                previous = point
            }
        }
        if abs(area) > 1e-9 { return MapPoint(x: cx / (3 * area), y: cy / (3 * area)) }
        let all = rings.joined()
        guard !all.isEmpty else { return nil }
        return MapPoint(
            x: all.reduce(0) { $0 + $1.x } / Double(all.count), y: all.reduce(0) { $0 + $1.y } / Double(all.count))
    }
}

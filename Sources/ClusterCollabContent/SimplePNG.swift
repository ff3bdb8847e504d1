import Foundation

/// A PNG image written by hand (8-bit palette, zlib "stored" blocks, no compression library): the demo's
/// photos and images for tests, which any browser and image viewer opens.
public enum SimplePNG {
    /// A colour of the palette.
    public struct Colour: Sendable, Equatable {
        public var r: UInt8, g: UInt8, b: UInt8
        public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) { self.r = r; self.g = g; self.b = b }
    }

    /// The file of a `width` × `height` image whose pixel at (x, y) is `palette[pixel(x, y)]` (at most 256
    /// colours; an index past the palette is its last colour).
    public static func make(width: Int, height: Int, palette: [Colour], pixel: (Int, Int) -> Int) -> [UInt8] {
        precondition(width > 0 && height > 0 && !palette.isEmpty && palette.count <= 256)
        var raw: [UInt8] = []
        raw.reserveCapacity((width + 1) * height)
        for y in 0..<height {
            raw.append(0)  // filter: none
            for x in 0..<width { raw.append(UInt8(min(max(pixel(x, y), 0), palette.count - 1))) }
        }
        var header: [UInt8] = []
        header += bigEndian(UInt32(width)) + bigEndian(UInt32(height))
        header += [8, 3, 0, 0, 0]  // 8 bits, palette, deflate, adaptive filtering, no interlace
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        out += chunk("IHDR", header)
        out += chunk("PLTE", palette.flatMap { [$0.r, $0.g, $0.b] })
        out += chunk("IDAT", zlibStored(raw))
        out += chunk("IEND", [])
        return out
    }

    /// The demo's picture of the general assembly's round table: a table seen from above, people around
    /// it, on a room's floor; an illustration, not a photograph of anyone.
    public static func roundTable(width: Int = 480, height: Int = 270) -> [UInt8] {
        let palette = [
            Colour(233, 228, 218),  // floor
            Colour(120, 84, 52),  // table
            Colour(31, 78, 121),  // people
            Colour(214, 120, 40),  // speaker
            Colour(250, 250, 250),  // papers
        ]
        let cx = Double(width) / 2, cy = Double(height) / 2
        let rx = Double(width) * 0.28, ry = Double(height) * 0.26
        let seats = 12
        return make(width: width, height: height, palette: palette) { x, y in
            let dx = (Double(x) - cx) / rx, dy = (Double(y) - cy) / ry
            let onTable = dx * dx + dy * dy <= 1
            for seat in 0..<seats {
                let angle = Double(seat) / Double(seats) * 2 * Double.pi
                let px = cx + cos(angle) * rx * 1.25, py = cy + sin(angle) * ry * 1.3
                let ddx = Double(x) - px, ddy = Double(y) - py
                if ddx * ddx + ddy * ddy <= 14 * 14 { return seat == 0 ? 3 : 2 }
                // A sheet of paper in front of each seat.
                let sx = cx + cos(angle) * rx * 0.8, sy = cy + sin(angle) * ry * 0.8
                if onTable, abs(Double(x) - sx) < 7, abs(Double(y) - sy) < 5 { return 4 }
            }
            return onTable ? 1 : 0
        }
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        return bigEndian(UInt32(data.count)) + typeBytes + data + bigEndian(crc32(typeBytes + data))
    }

    /// A zlib stream of uncompressed ("stored") deflate blocks of at most 65,535 bytes, with its Adler-32.
    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let length = min(65_535, data.count - offset)
            let last: UInt8 = offset + length == data.count ? 1 : 0
            out += [last, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            out += data[offset..<offset + length]
            offset += length
        } while offset < data.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return out + bigEndian(b << 16 | a)
    }

    static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes { c = crcTable[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}

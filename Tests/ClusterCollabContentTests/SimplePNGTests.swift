import ClusterCollabContent
import Foundation
import Testing

/// The hand-written PNG of the demo's photo: its signature, its chunks with their CRC-32, and its zlib stream
/// with its Adler-32, checked against values any PNG reader computes.
@Suite struct SimplePNGTests {
    @Test func checksumsAreTheStandardOnes() {
        // The values every implementation gives: CRC-32 of "IEND" is AE 42 60 82; Adler-32 of "Wikipedia" is 11E60398.
        #expect(SimplePNGProbe.crc32("IEND") == 0xAE42_6082)
        #expect(SimplePNGProbe.adler32("Wikipedia") == 0x11E6_0398)
    }

    @Test func anImageHasItsSizeItsPaletteAndItsPixels() throws {
        let bytes = SimplePNG.make(width: 3, height: 2, palette: [.init(255, 0, 0), .init(0, 0, 255)]) { x, y in (x + y) % 2 }
        #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(FileType.sniff(bytes) == .known(.png))
        let chunks = SimplePNGProbe.chunks(bytes)
        #expect(chunks.map(\.type) == ["IHDR", "PLTE", "IDAT", "IEND"])
        #expect(chunks.allSatisfy { $0.crcMatches })
        let header = try #require(chunks.first).data
        #expect(Array(header.prefix(8)) == [0, 0, 0, 3, 0, 0, 0, 2])
        #expect(chunks[1].data == [255, 0, 0, 0, 0, 255])
        // The stored zlib stream holds each row behind its filter byte, then the Adler-32 of the rows.
        let idat = chunks[2].data
        let rows = Array(idat[7..<(idat.count - 4)])
        #expect(rows == [0, 0, 1, 0, 0, 1, 0, 1])
        #expect(Array(idat.suffix(4)) == SimplePNGProbe.bigEndian(SimplePNGProbe.adler32(rows)))
    }

    @Test func theDemoPhotoIsLargerThanOneStoredBlock() {
        let bytes = SimplePNG.roundTable()
        let chunks = SimplePNGProbe.chunks(bytes)
        #expect(chunks.allSatisfy { $0.crcMatches })
        #expect(chunks[2].data.count > 65_535 + 10, "several stored blocks")
        #expect(bytes.count < 200_000)
    }
}

/// Reads a PNG back with independent code: chunk boundaries and CRC-32 (bitwise, without a table), Adler-32.
enum SimplePNGProbe {
    struct Chunk { var type: String; var data: [UInt8]; var crcMatches: Bool }

    static func crc32(_ text: String) -> UInt32 { crc32(Array(text.utf8)) }
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            c ^= UInt32(byte)
            for _ in 0..<8 { c = (c >> 1) ^ (c & 1 == 1 ? 0xEDB8_8320 : 0) }
        }
        return ~c
    }
    static func adler32(_ text: String) -> UInt32 { adler32(Array(text.utf8)) }
    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in bytes { a = (a + UInt32(byte)) % 65_521; b = (b + a) % 65_521 }
        return b << 16 | a
    }
    static func bigEndian(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    static func chunks(_ bytes: [UInt8]) -> [Chunk] {
        var out: [Chunk] = []
        var i = 8
        while i + 12 <= bytes.count {
            let length = Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            let type = String(decoding: bytes[(i + 4)..<(i + 8)], as: UTF8.self)
            let data = Array(bytes[(i + 8)..<(i + 8 + length)])
            let crc = Array(bytes[(i + 8 + length)..<(i + 12 + length)])
            out.append(Chunk(type: type, data: data, crcMatches: crc == bigEndian(crc32(Array(type.utf8) + data))))
            i += 12 + length
        }
        return out
    }
}

import Foundation

/// The rules for an organisation's logo: a PNG, JPEG or WebP image of at most 512 KiB, recognised by its
/// first bytes (what the file is, not what it is called). SVG is refused: it can carry scripts.
public enum LogoRules {
    public static let maximumBytes = 512 * 1024

    /// The image's content type, or the broken rule.
    public static func check(_ bytes: [UInt8]) -> Result<String, ValidationErrors> {
        if bytes.isEmpty { return .failure(ValidationErrors(["logo": "choose a PNG, JPEG or WebP image"])) }
        if bytes.count > maximumBytes {
            return .failure(ValidationErrors(["logo": "must be at most 512 KiB (this file has \(bytes.count / 1024) KiB)"]))
        }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .success("image/png") }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .success("image/jpeg") }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) {
            return .success("image/webp")
        }
        return .failure(ValidationErrors(["logo": "must be a PNG, JPEG or WebP image"]))
    }
}

/// An organisation's logo as stored: the image and its type.
public struct StoredLogo: Sendable {
    public var contentType: String
    public var data: Data
    public var updatedAt: Date
    public init(contentType: String, data: Data, updatedAt: Date) {
        self.contentType = contentType; self.data = data; self.updatedAt = updatedAt
    }
}

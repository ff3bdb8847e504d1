import Foundation

/// The kinds of file the document library takes, recognised from the file's bytes (its magic numbers and,
/// for the zip- and OLE-based office formats, the names inside it), never from its name alone: a file whose
/// bytes say one type and whose name says another is refused, so a download is always what its name and
/// its Content-Type promise.
public enum FileType: String, CaseIterable, Sendable {
    case pdf, png, jpeg, gif, webp
    /// Office Open XML: a zip with `[Content_Types].xml` and a `word/`, `xl/` or `ppt/` part.
    case docx, xlsx, pptx
    /// OpenDocument: a zip whose first entry is `mimetype`, stored, naming the kind.
    case odt, ods, odp
    /// Office 97-2003: an OLE compound file whose directory names the main stream.
    case doc, xls, ppt
    /// UTF-8 text without control characters; a name ending in `.csv` makes it a CSV table.
    case csv, txt

    /// What a download answers in `Content-Type`.
    public var contentType: String {
        switch self {
        case .pdf: "application/pdf"
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        case .gif: "image/gif"
        case .webp: "image/webp"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        case .odt: "application/vnd.oasis.opendocument.text"
        case .ods: "application/vnd.oasis.opendocument.spreadsheet"
        case .odp: "application/vnd.oasis.opendocument.presentation"
        case .doc: "application/msword"
        case .xls: "application/vnd.ms-excel"
        case .ppt: "application/vnd.ms-powerpoint"
        case .csv: "text/csv; charset=utf-8"
        case .txt: "text/plain; charset=utf-8"
        }
    }

    /// The extensions a file of this type may be named with, the usual one first.
    public var extensions: [String] {
        switch self {
        case .jpeg: ["jpg", "jpeg"]
        default: [rawValue]
        }
    }

    /// Whether a page may show it as a picture (a news article's photo).
    public var isImage: Bool { [.png, .jpeg, .gif, .webp].contains(self) }

    /// Its name in a rule or on a page: the same in every language.
    public var name: String {
        switch self {
        case .webp: "WebP"
        default: rawValue.uppercased()
        }
    }

    /// The type a file's name says, from its extension (case-insensitive); nil for none or an unknown one.
    public static func named(_ fileName: String) -> FileType? {
        guard let ext = fileExtension(fileName) else { return nil }
        return allCases.first { $0.extensions.contains(ext) }
    }

    /// The lower-cased text after the name's last dot, if any.
    public static func fileExtension(_ fileName: String) -> String? {
        guard let dot = fileName.lastIndex(of: "."), dot != fileName.startIndex else { return nil }
        let ext = fileName[fileName.index(after: dot)...].lowercased()
        return ext.isEmpty ? nil : ext
    }

    /// What the bytes are.
    public enum Sniffed: Sendable, Equatable {
        case empty
        case known(FileType)
        /// UTF-8 text: a CSV table or plain text, as the name says.
        case text
        /// It starts like `family` (a name such as "PDF" or "ZIP") but is cut short or damaged.
        case damaged(family: String)
        case unknown
    }

    /// The type of `bytes`, read from their content alone.
    public static func sniff(_ bytes: [UInt8]) -> Sniffed {
        if bytes.isEmpty { return .empty }
        if bytes.starts(with: Array("%PDF-".utf8)) {
            // A PDF ends with `%%EOF` (some writers add a line break or padding after it).
            return contains(Array("%%EOF".utf8), in: bytes[max(0, bytes.count - 1_024)...]) ? .known(.pdf) : .damaged(family: "PDF")
        }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            // The IHDR chunk comes first and the IEND chunk (with its CRC) last.
            let complete =
                bytes.count >= 8 + 25 + 12 && Array(bytes[12..<16]) == Array("IHDR".utf8)
                && Array(bytes[(bytes.count - 8)..<(bytes.count - 4)]) == Array("IEND".utf8)
            return complete ? .known(.png) : .damaged(family: "PNG")
        }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            // The end-of-image marker, near the end (cameras may append a little after it).
            return contains([0xFF, 0xD9], in: bytes[max(3, bytes.count - 4_096)...]) ? .known(.jpeg) : .damaged(family: "JPEG")
        }
        if bytes.starts(with: Array("GIF87a".utf8)) || bytes.starts(with: Array("GIF89a".utf8)) {
            return bytes.count >= 14 && bytes.last == 0x3B ? .known(.gif) : .damaged(family: "GIF")
        }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) {
            // The RIFF header counts the bytes after its first eight.
            return bytes.count >= Int(le32(bytes, 4)) + 8 ? .known(.webp) : .damaged(family: "WebP")
        }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return Zip.sniff(bytes) }
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return CompoundFile.sniff(bytes) }
        return isText(bytes) ? .text : .unknown
    }

    /// Valid UTF-8 with no control characters but tab, line breaks and form feed (an optional byte order
    /// mark first).
    static func isText(_ bytes: [UInt8]) -> Bool {
        guard !bytes.contains(where: { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D && $0 != 0x0C) || $0 == 0x7F }) else { return false }
        return String(bytes: bytes, encoding: .utf8) != nil
    }

    static func contains(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Bool {
        guard haystack.count >= needle.count, let first = needle.first else { return false }
        var i = haystack.startIndex
        while i <= haystack.endIndex - needle.count {
            if haystack[i] == first && haystack[i..<(i + needle.count)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }

    static func le16(_ b: [UInt8], _ at: Int) -> UInt16 { UInt16(b[at]) | UInt16(b[at + 1]) << 8 }
    static func le32(_ b: [UInt8], _ at: Int) -> UInt32 {
        UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24
    }
}

/// Zip archives as far as the office formats need them: the entry names of the central directory, and the
/// first entry's stored content (OpenDocument's `mimetype`). Every offset is checked against the bytes, so a
/// cut or forged archive is "damaged", never a crash.
enum Zip {
    static func sniff(_ bytes: [UInt8]) -> FileType.Sniffed {
        guard let names = entryNames(bytes) else { return .damaged(family: "ZIP") }
        if let first = firstStoredEntry(bytes), first.name == "mimetype" {
            switch String(decoding: first.content, as: UTF8.self) {
            case "application/vnd.oasis.opendocument.text": return .known(.odt)
            case "application/vnd.oasis.opendocument.spreadsheet": return .known(.ods)
            case "application/vnd.oasis.opendocument.presentation": return .known(.odp)
            default: return .unknown
            }
        }
        guard names.contains("[Content_Types].xml") else { return .unknown }
        // The main part names the kind; its folder is the fallback for writers that name it otherwise.
        for (main, folder, type) in [("word/document.xml", "word/", FileType.docx), ("xl/workbook.xml", "xl/", .xlsx), ("ppt/presentation.xml", "ppt/", .pptx)]
        where names.contains(main) || names.contains(where: { $0.hasPrefix(folder) }) {
            return .known(type)
        }
        return .unknown
    }

    /// The names in the central directory, or nil when the archive cannot be read.
    static func entryNames(_ b: [UInt8]) -> [String]? {
        // The end-of-central-directory record: 22 bytes and a comment of at most 65,535, at the very end.
        guard b.count >= 22 else { return nil }
        var end: Int?
        var i = b.count - 22
        while i >= max(0, b.count - 22 - 65_535) {
            if b[i] == 0x50 && b[i + 1] == 0x4B && b[i + 2] == 0x05 && b[i + 3] == 0x06 {
                end = i
                break
            }
            i -= 1
        }
        guard let end else { return nil }
        let count = Int(FileType.le16(b, end + 10))
        let size = Int(FileType.le32(b, end + 12))
        let offset = Int(FileType.le32(b, end + 16))
        guard offset + size <= end else { return nil }
        var names: [String] = []
        var p = offset
        for _ in 0..<count {
            guard p + 46 <= end, FileType.le32(b, p) == 0x0201_4B50 else { return nil }
            let nameLength = Int(FileType.le16(b, p + 28))
            let extra = Int(FileType.le16(b, p + 30))
            let comment = Int(FileType.le16(b, p + 32))
            guard p + 46 + nameLength <= end else { return nil }
            names.append(String(decoding: b[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self))
            p += 46 + nameLength + extra + comment
        }
        return names
    }

    /// The first local entry when it is stored uncompressed: its name and content.
    static func firstStoredEntry(_ b: [UInt8]) -> (name: String, content: ArraySlice<UInt8>)? {
        guard b.count >= 30, FileType.le16(b, 8) == 0 else { return nil }
        let size = Int(FileType.le32(b, 18))
        let nameLength = Int(FileType.le16(b, 26))
        let extra = Int(FileType.le16(b, 28))
        let start = 30 + nameLength + extra
        guard start + size <= b.count else { return nil }
        return (String(decoding: b[30..<(30 + nameLength)], as: UTF8.self), b[start..<(start + size)])
    }
}

/// OLE compound files (MS-CFB), the container of Office 97-2003 documents, read far enough to list the
/// names in their directory: `WordDocument` makes a .doc, `Workbook` (or `Book`) an .xls, `PowerPoint
/// Document` a .ppt.
enum CompoundFile {
    static let endOfChain: UInt32 = 0xFFFF_FFFE

    static func sniff(_ bytes: [UInt8]) -> FileType.Sniffed {
        guard let names = directoryNames(bytes) else { return .damaged(family: "DOC/XLS/PPT") }
        if names.contains("WordDocument") { return .known(.doc) }
        if names.contains("PowerPoint Document") { return .known(.ppt) }
        if names.contains("Workbook") || names.contains("Book") { return .known(.xls) }
        return .unknown
    }

    /// The names of the directory's entries, following the directory's chain of sectors through the
    /// allocation table the header lists; nil when a sector lies outside the file.
    static func directoryNames(_ b: [UInt8]) -> [String]? {
        guard b.count >= 512, FileType.le16(b, 28) == 0xFFFE else { return nil }
        let shift = Int(FileType.le16(b, 30))
        guard shift == 9 || shift == 12 else { return nil }
        let sectorSize = 1 << shift
        func sector(_ n: UInt32) -> Range<Int>? {
            let start = (Int(n) + 1) * sectorSize
            return n < 0xFFFF_FFFA && start + sectorSize <= b.count ? start..<(start + sectorSize) : nil
        }
        // The header lists the first 109 sectors of the allocation table; enough for the directory of any
        // file within the library's size limit.
        var table: [UInt32] = []
        for i in 0..<109 {
            let n = FileType.le32(b, 76 + i * 4)
            guard let range = sector(n) else { break }
            for at in stride(from: range.lowerBound, to: range.upperBound, by: 4) { table.append(FileType.le32(b, at)) }
        }
        var names: [String] = []
        var next = FileType.le32(b, 48)
        var seen = 0
        while next != endOfChain {
            // A chain longer than the file has sectors loops.
            guard let range = sector(next), seen < b.count / sectorSize else { return nil }
            seen += 1
            for entry in stride(from: range.lowerBound, to: range.upperBound, by: 128) {
                let length = Int(FileType.le16(b, entry + 64))
                guard length >= 2, length <= 64 else { continue }
                var units: [UInt16] = []
                for at in stride(from: entry, to: entry + length - 2, by: 2) { units.append(FileType.le16(b, at)) }
                names.append(String(decoding: units, as: UTF16.self))
            }
            guard Int(next) < table.count else { return names.isEmpty ? nil : names }
            next = table[Int(next)]
        }
        return names
    }
}

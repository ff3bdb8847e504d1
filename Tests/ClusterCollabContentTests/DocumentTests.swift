import ClusterCollabContent
import ClusterCollabCore
import Foundation
import Testing

/// Files as small as each format allows, written here byte by byte: what the sniffing must recognise.
enum SampleFiles {
    static let pdf = SimplePDF.make(title: "Cluster partnership guide", paragraphs: ["Answering a call together.", "Été 2016: «partenaires»."])
    /// A 1×1 PNG.
    static let png = Array(
        Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")!)
    static let jpeg: [UInt8] =
        [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xD9]
    /// A 1×1 GIF.
    static let gif: [UInt8] =
        Array("GIF89a".utf8) + [
            0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B,
        ]
    static let webp: [UInt8] = {
        let chunk = Array("VP8L".utf8) + u32(5) + [0x2F, 0x00, 0x00, 0x00, 0x00, 0x00]
        return Array("RIFF".utf8) + u32(4 + chunk.count) + Array("WEBP".utf8) + chunk
    }()
    static func office(_ folder: String, _ main: String) -> [UInt8] {
        zip([("[Content_Types].xml", Array("<Types/>".utf8)), ("_rels/.rels", Array("<Relationships/>".utf8)), ("\(folder)/\(main)", Array("<x/>".utf8))])
    }
    static let docx = office("word", "document.xml")
    static let xlsx = office("xl", "workbook.xml")
    static let pptx = office("ppt", "presentation.xml")
    static func openDocument(_ kind: String) -> [UInt8] {
        zip([("mimetype", Array("application/vnd.oasis.opendocument.\(kind)".utf8)), ("content.xml", Array("<office:document-content/>".utf8))])
    }
    static let odt = openDocument("text")
    static let ods = openDocument("spreadsheet")
    static let odp = openDocument("presentation")
    static let doc = ole(["WordDocument", "1Table"])
    static let xls = ole(["Workbook"])
    static let ppt = ole(["PowerPoint Document", "Current User"])
    static let csv = Array("name,country\nPôle Drones,FR\n".utf8)
    static let txt = Array("Minutes of the general assembly.\r\n\tSeventy clusters met.\n".utf8)

    static func u16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
    static func u32(_ v: Int) -> [UInt8] { u16(v & 0xFFFF) + u16((v >> 16) & 0xFFFF) }

    /// A zip of stored (uncompressed) entries, with its central directory.
    static func zip(_ entries: [(String, [UInt8])]) -> [UInt8] {
        var out: [UInt8] = [], central: [UInt8] = []
        for (name, data) in entries {
            let offset = out.count, n = Array(name.utf8)
            out +=
                u32(0x0403_4B50) + u16(20) + u16(0) + u16(0) + u16(0) + u16(0) + u32(0) + u32(data.count) + u32(data.count) + u16(n.count) + u16(0) + n + data
            central += u32(0x0201_4B50) + u16(20) + u16(20) + u16(0) + u16(0) + u16(0) + u16(0) + u32(0) + u32(data.count) + u32(data.count)
            central += u16(n.count) + u16(0) + u16(0) + u16(0) + u16(0) + u32(0) + u32(offset) + n
        }
        let directory = out.count
        out += central
        return out + u32(0x0605_4B50) + u16(0) + u16(0) + u16(entries.count) + u16(entries.count) + u32(central.count) + u32(directory) + u16(0)
    }

    /// An OLE compound file of 512-byte sectors: the header, one allocation-table sector and one directory
    /// sector naming the root and up to three streams.
    static func ole(_ streams: [String]) -> [UInt8] {
        var header = [UInt8](repeating: 0, count: 512)
        func put(_ bytes: [UInt8], at: Int, in target: inout [UInt8]) { for (i, b) in bytes.enumerated() { target[at + i] = b } }
        put([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], at: 0, in: &header)
        put(u16(0x3E) + u16(3) + [0xFE, 0xFF] + u16(9) + u16(6), at: 24, in: &header)
        put(u32(1) + u32(1), at: 44, in: &header)  // one allocation-table sector; the directory starts at sector 1
        put(u32(4_096) + u32(0xFFFF_FFFE) + u32(0) + u32(0xFFFF_FFFE) + u32(0), at: 56, in: &header)
        put(u32(0), at: 76, in: &header)
        for i in 1..<109 { put(u32(0xFFFF_FFFF), at: 76 + i * 4, in: &header) }
        var table = u32(0xFFFF_FFFD) + u32(0xFFFF_FFFE)
        while table.count < 512 { table += u32(0xFFFF_FFFF) }
        var directory: [UInt8] = []
        for (name, type) in [("Root Entry", 5)] + streams.prefix(3).map({ ($0, 2) }) {
            var entry = [UInt8](repeating: 0, count: 128)
            let units = Array(name.utf16)
            put(units.flatMap { u16(Int($0)) }, at: 0, in: &entry)
            put(u16((units.count + 1) * 2) + [UInt8(type)], at: 64, in: &entry)
            directory += entry
        }
        while directory.count < 512 { directory += [UInt8](repeating: 0, count: 128) }
        return header + table + directory
    }
}

/// The type of a file is read from its bytes, and a name that says another type is refused.
@Suite struct FileTypeTests {
    @Test func everyTakenTypeIsRecognisedFromItsBytes() {
        let samples: [(FileType, [UInt8])] = [
            (.pdf, SampleFiles.pdf), (.png, SampleFiles.png), (.jpeg, SampleFiles.jpeg), (.gif, SampleFiles.gif), (.webp, SampleFiles.webp),
            (.docx, SampleFiles.docx), (.xlsx, SampleFiles.xlsx), (.pptx, SampleFiles.pptx), (.odt, SampleFiles.odt), (.ods, SampleFiles.ods),
            (.odp, SampleFiles.odp), (.doc, SampleFiles.doc), (.xls, SampleFiles.xls), (.ppt, SampleFiles.ppt),
        ]
        for (type, bytes) in samples { #expect(FileType.sniff(bytes) == .known(type), "\(type)") }
        #expect(FileType.sniff(SampleFiles.csv) == .text)
        #expect(FileType.sniff(SampleFiles.txt) == .text)
        #expect(Set(samples.map(\.0)).union([.csv, .txt]) == Set(FileType.allCases), "every type has a sample")
    }

    @Test func filesCutShortAreDamagedAndNeverReadPastTheirEnd() {
        // given each sample cut at every length up to 80 bytes, and to half its length
        let samples = [
            SampleFiles.pdf, SampleFiles.png, SampleFiles.jpeg, SampleFiles.gif, SampleFiles.webp, SampleFiles.docx, SampleFiles.odt, SampleFiles.doc,
        ]
        for bytes in samples {
            for length in Array(1..<min(80, bytes.count)) + [bytes.count / 2] {
                // then none is taken for a whole file of its type (and reading them does not crash)
                switch FileType.sniff(Array(bytes.prefix(length))) {
                case .known(let type): Issue.record("\(length) bytes of a sample read as a whole \(type)")
                default: break
                }
            }
        }
        #expect(FileType.sniff(Array(SampleFiles.pdf.dropLast(40))) == .damaged(family: "PDF"))
        #expect(FileType.sniff(Array(SampleFiles.png.prefix(40))) == .damaged(family: "PNG"))
        #expect(FileType.sniff(Array(SampleFiles.docx.dropLast(10))) == .damaged(family: "ZIP"))
        #expect(FileType.sniff(Array(SampleFiles.doc.prefix(700))) == .damaged(family: "DOC/XLS/PPT"))
        #expect(FileType.sniff(Array(SampleFiles.webp.dropLast(2))) == .damaged(family: "WebP"))
    }

    @Test func anEmptyFileAndBytesOfNoTakenTypeAreSaidSo() {
        #expect(FileType.sniff([]) == .empty)
        #expect(FileType.sniff([0x00, 0x01, 0x02, 0xFF]) == .unknown)
        #expect(FileType.sniff(Array("<svg xmlns=\"http://www.w3.org/2000/svg\"/>\u{0}".utf8)) == .unknown)
        // A zip that is no office document, and an OLE file that is no Office 97-2003 one.
        #expect(FileType.sniff(SampleFiles.zip([("photo.txt", Array("x".utf8))])) == .unknown)
        #expect(FileType.sniff(SampleFiles.ole(["__substg1.0_0037001F"])) == .unknown)
        // Invalid UTF-8 is no text.
        #expect(FileType.sniff([0x41, 0xC3, 0x28, 0x42]) == .unknown)
    }

    @Test func theNameSaysATypeByItsExtension() {
        #expect(FileType.named("Report 2025.PDF") == .pdf)
        #expect(FileType.named("photo.jpeg") == .jpeg && FileType.named("photo.JPG") == .jpeg)
        #expect(FileType.named("archive.tar.gz") == nil)
        #expect(FileType.named("README") == nil)
        #expect(FileType.named(".pdf") == nil, "a name that is only an extension says nothing")
    }

    @Test func aDownloadIsAnAttachmentNamedSafelyInASCIIAndInUTF8() {
        #expect(ContentDisposition.attachment("report.pdf") == "attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf")
        #expect(
            ContentDisposition.attachment("Règles \"zone\" d'essais.pdf")
                == "attachment; filename=\"R_gles _zone_ d'essais.pdf\"; filename*=UTF-8''R%C3%A8gles%20%22zone%22%20d%27essais.pdf")
        #expect(ContentDisposition.attachment("a\\b;c\r\n.pdf") == "attachment; filename=\"a_b;c__.pdf\"; filename*=UTF-8''a%5Cb%3Bc%0D%0A.pdf")
    }

    @Test func theWrittenPDFIsWholeWithACrossReferenceTableThatPointsAtItsObjects() throws {
        let pdf = SampleFiles.pdf
        let text = String(decoding: pdf, as: UTF8.self)
        let start = try #require(text.range(of: "startxref\n")).upperBound
        let xref = try #require(Int(text[start...].prefix { $0.isNumber }))
        #expect(Array(pdf[xref..<(xref + 4)]) == Array("xref".utf8))
        // the offset of object 3 in the table is where "3 0 obj" is
        let lines = String(decoding: pdf[xref...], as: UTF8.self).split(separator: "\n")
        let third = try #require(Int(lines[5].prefix(10)))
        #expect(Array(pdf[third..<(third + 7)]) == Array("3 0 obj".utf8))
        #expect(text.contains("(\\311t\\351 2016: \\253partenaires\\273.) Tj"), "Latin-1 text is written in octal")
    }
}

/// A document's rules, named all at once before anything is stored.
@Suite struct DocumentInputTests {
    func input(fileName: String? = "guide.pdf", bytes: [UInt8]? = SampleFiles.pdf) -> DocumentInput {
        var input = DocumentInput()
        input.title = "  Answering a call together  "
        input.kind = "guide"
        input.date = "2016-06-06"
        input.language = "EN"
        input.tags = "escp-s3, Partnering escp-s3"
        input.owner = "platform"
        input.description = "How clusters prepare.\r\nTogether."
        input.fileName = fileName
        input.bytes = bytes
        return input
    }

    func fileRule(_ input: DocumentInput, maxBytes: Int = DocumentInput.defaultMaxBytes) -> String? {
        do {
            _ = try input.validated(maxBytes: maxBytes)
            return nil
        } catch { return error.fields["file"] }
    }

    @Test func aDocumentKeepsItsValuesTrimmedWithItsTypeFromTheBytes() throws {
        let document = try input(fileName: "C:\\fakepath\\guide.pdf").validated(uploadedBy: 7)
        #expect(document.title == "Answering a call together")
        #expect(document.kind == .guide && document.date == "2016-06-06" && document.language == "en")
        #expect(document.tags == ["escp-s3", "partnering"])
        #expect(document.owner == .platform)
        #expect(document.description == "How clusters prepare.\nTogether.")
        #expect(document.fileName == "guide.pdf", "the folder an old browser sends is dropped")
        #expect(document.fileType == .pdf && document.fileType.contentType == "application/pdf")
        #expect(document.byteSize == SampleFiles.pdf.count && document.uploadedBy == 7)
        var forOrganisation = input(fileName: "sheet.XLSX", bytes: SampleFiles.xlsx)
        forOrganisation.owner = "42"
        let sheet = try forOrganisation.validated()
        #expect(sheet.owner == .organisation(42) && sheet.fileType == .xlsx)
        #expect(try input(fileName: "members.csv", bytes: SampleFiles.csv).validated().fileType == .csv)
        #expect(try input(fileName: "minutes.txt", bytes: SampleFiles.txt).validated().fileType.contentType == "text/plain; charset=utf-8")
    }

    @Test func everyBrokenRuleIsNamedAtOnce() {
        var bad = input(fileName: nil, bytes: nil)
        bad.title = "A"; bad.kind = "memo"; bad.date = "2026-02-30"; bad.language = "xx"; bad.tags = "two words!"; bad.owner = "-3"
        bad.description = String(repeating: "d", count: 2_001)
        #expect(throws: ValidationErrors.self) { try bad.validated() }
        do { _ = try bad.validated() } catch {
            #expect(error.fields["title"] == "must be at least 3 characters")
            #expect(error.fields["kind"] == "must be one of: report, guide, presentation, template, agreement, photo")
            #expect(error.fields["date"] == "must be a date written YYYY-MM-DD")
            #expect(error.fields["language"]?.hasPrefix("must be an ISO 639-1 language code among: bg, bs,") == true)
            #expect(error.fields["tags"] == "words!: must be letters a-z, digits and inner hyphens only")
            #expect(error.fields["owner"] == "must be platform or the number of an organisation")
            #expect(error.fields["description"] == "must be at most 2000 characters")
            #expect(error.fields["file"] == "choose a file: a PDF, an office document, an image or a text file")
            #expect(error.fields.count == 8)
        }
        var many = input()
        many.tags = (1...11).map { "tag\($0)" }.joined(separator: ",")
        #expect(throws: ValidationErrors(["tags": "must be at most 10 tags"])) { try many.validated() }
    }

    @Test func aFileWhoseBytesAreNotWhatItsNameSaysIsRefusedNamingBoth() {
        #expect(fileRule(input(fileName: "report.pdf", bytes: SampleFiles.png)) == "is a file of type PNG, but its name says .pdf")
        #expect(fileRule(input(fileName: "slides.pptx", bytes: SampleFiles.docx)) == "is a file of type DOCX, but its name says .pptx")
        #expect(fileRule(input(fileName: "notes.odt", bytes: SampleFiles.ods)) == "is a file of type ODS, but its name says .odt")
        #expect(fileRule(input(fileName: "old.xls", bytes: SampleFiles.doc)) == "is a file of type DOC, but its name says .xls")
        #expect(fileRule(input(fileName: "report", bytes: SampleFiles.pdf)) == "is a file of type PDF, but its name has no extension (.pdf)")
        #expect(fileRule(input(fileName: "photo.webp.exe", bytes: SampleFiles.webp)) == "is a file of type WebP, but its name says .exe")
        #expect(fileRule(input(fileName: "table.pdf", bytes: SampleFiles.csv)) == "is a text file, but its name says .pdf")
        #expect(fileRule(input(fileName: "table", bytes: SampleFiles.csv)) == "is a text file, but its name has no extension (.txt or .csv)")
        // and a PDF named as one passes, whatever the case of its extension
        #expect(fileRule(input(fileName: "REPORT.Pdf", bytes: SampleFiles.pdf)) == nil)
    }

    @Test func anEmptyACutOrAnUnknownFileIsRefused() {
        #expect(fileRule(input(bytes: [])) == "is empty")
        #expect(fileRule(input(bytes: Array(SampleFiles.pdf.prefix(100)))) == "looks like a file of type PDF but is cut short or damaged")
        #expect(
            fileRule(input(fileName: "page.html", bytes: Array("<html>\u{1}</html>".utf8)))
                == "must be a PDF, an office document (DOCX, XLSX, PPTX, ODT, ODS, ODP, DOC, XLS, PPT), an image (PNG, JPEG, GIF, WebP) or a text file (TXT, CSV)"
        )
        #expect(fileRule(input(fileName: "   ")) == "choose a file: a PDF, an office document, an image or a text file")
        #expect(fileRule(input(fileName: "a\u{7}.pdf")) == "its name must not contain control characters")
        #expect(fileRule(input(fileName: String(repeating: "n", count: 201) + ".pdf")) == "its name must be at most 200 characters")
    }

    @Test func aFileOverTheLimitIsRefusedNamingTheLimit() {
        let limit = SampleFiles.pdf.count - 1
        #expect(fileRule(input(), maxBytes: limit) == DocumentInput.sizeRule(limit))
        #expect(fileRule(input(), maxBytes: SampleFiles.pdf.count) == nil, "a file of exactly the limit passes")
        #expect(DocumentInput.sizeRule(20 * 1_048_576) == "must not be larger than 20 MiB")
        #expect(DocumentRules.size(1_024) == "1 KiB" && DocumentRules.size(1_536) == "1.5 KiB" && DocumentRules.size(900) == "900 bytes")
    }

    @Test func theOwnersTeamOrThePlatformTeamManageADocument() {
        // an organisation's documents: its team and the platform team
        #expect(DocumentRules.mayManage(.organisation(7), platformRole: .user, teamRole: .member))
        #expect(DocumentRules.mayManage(.organisation(7), platformRole: .moderator, teamRole: nil))
        #expect(!DocumentRules.mayManage(.organisation(7), platformRole: .user, teamRole: nil))
        // the platform's own: the platform team only
        #expect(DocumentRules.mayManage(.platform, platformRole: .platformAdmin, teamRole: nil))
        #expect(!DocumentRules.mayManage(.platform, platformRole: .user, teamRole: .administrator))
        #expect(throws: Refusal(.forbidden, "only the platform team uploads and removes the platform's documents")) {
            try DocumentRules.checkMayManage(.platform, platformRole: .user, teamRole: nil)
        }
    }
}

import Foundation

/// A one-page PDF of a title and paragraphs in Helvetica, written by hand (PDF 1.4, with its cross-reference
/// table): the demo's documents, and files for tests that any PDF reader opens.
public enum SimplePDF {
    /// The file's bytes. Latin-1 text is kept (WinAnsi encoding); other characters become `?`. Lines are
    /// wrapped at about 85 characters; what does not fit on the page is left out.
    public static func make(title: String, paragraphs: [String]) -> [UInt8] {
        var content = "BT\n/F1 18 Tf\n72 770 Td\n(\(text(title))) Tj\n/F1 11 Tf\n0 -14 Td\n"
        var lines = 0
        for paragraph in paragraphs {
            for line in wrap(paragraph, width: 85) + [""] where lines < 48 {
                content += "0 -15 Td\n(\(text(line))) Tj\n"
                lines += 1
            }
        }
        content += "ET\n"
        let contentBytes = latin1(content)
        let objects: [[UInt8]] = [
            latin1("<< /Type /Catalog /Pages 2 0 R >>"),
            latin1("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            latin1("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"),
            latin1("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"),
            latin1("<< /Length \(contentBytes.count) >>\nstream\n") + contentBytes + latin1("endstream"),
            latin1("<< /Title (\(text(title))) /Producer (ClusterCollab) >>"),
        ]
        // The second line's bytes above 127 tell transfer programs that the file is binary.
        var out = latin1("%PDF-1.4\n") + [0x25, 0xE2, 0xE3, 0xCF, 0xD3, 0x0A]
        var offsets: [Int] = []
        for (i, object) in objects.enumerated() {
            offsets.append(out.count)
            out += latin1("\(i + 1) 0 obj\n") + object + latin1("\nendobj\n")
        }
        let xref = out.count
        // Every entry of the table is exactly 20 bytes.
        var table = "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { table += String(repeating: "0", count: 10 - String(offset).count) + "\(offset) 00000 n \n" }
        table += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R /Info 6 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return out + latin1(table)
    }

    /// A PDF string's content: backslashes and parentheses escaped, bytes beyond ASCII written in octal.
    static func text(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\", "(", ")": out += "\\" + String(scalar)
            case " "..."~": out.unicodeScalars.append(scalar)
            case "\u{A0}"..."\u{FF}": out += "\\" + String(scalar.value, radix: 8)
            case "’": out += "'"
            default: out += "?"
            }
        }
        return out
    }

    static func latin1(_ s: String) -> [UInt8] { s.unicodeScalars.map { $0.value < 256 ? UInt8($0.value) : 0x3F } }

    static func wrap(_ paragraph: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in paragraph.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}

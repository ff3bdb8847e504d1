import Foundation

// MARK: - Rendering

extension Markdown {
    static func renderHTML(_ blocks: [Block]) -> String {
        blocks.map(renderHTML).joined(separator: "\n")
    }

    static func renderHTML(_ block: Block) -> String {
        switch block {
        case .paragraph(let text):
            return "<p>" + inlineHTML(text) + "</p>"
        case .heading(let level, let text):
            let tag = "h\(min(level + 1, 6))"
            return "<\(tag)>" + inlineHTML(text) + "</\(tag)>"
        case .code(let language, let lines):
            var html = "<pre><code"
            if let language { html += " class=\"language-" + escape(language) + "\"" }
            html += ">"
            for line in lines {
                html += escape(String(String.UnicodeScalarView(line))) + "\n"
            }
            return html + "</code></pre>"
        case .rule:
            return "<hr>"
        case .quote(let blocks):
            return blocks.isEmpty ? "<blockquote>\n</blockquote>" : "<blockquote>\n" + renderHTML(blocks) + "\n</blockquote>"
        case .list(let ordered, let start, let tight, let items):
            var html = ordered ? (start == 1 ? "<ol>" : "<ol start=\"\(start)\">") : "<ul>"
            for item in items {
                html += "\n<li>"
                for block in item {
                    if tight, case .paragraph(let text) = block {
                        if !html.hasSuffix("<li>") && !html.hasSuffix("\n") { html += "\n" }
                        html += inlineHTML(text)
                    } else {
                        if !html.hasSuffix("\n") { html += "\n" }
                        html += renderHTML(block) + "\n"
                    }
                }
                html += "</li>"
            }
            return html + (ordered ? "\n</ol>" : "\n</ul>")
        }
    }

    static func renderPlain(_ blocks: [Block]) -> String {
        blocks.compactMap(renderPlain).joined(separator: "\n\n")
    }

    static func renderPlain(_ block: Block) -> String? {
        switch block {
        case .paragraph(let text), .heading(_, let text):
            return inlinePlain(text)
        case .code(_, let lines):
            return lines.map { String(String.UnicodeScalarView($0)) }.joined(separator: "\n")
        case .rule:
            return nil
        case .quote(let blocks):
            return renderPlain(blocks)
        case .list(let ordered, let start, _, let items):
            var lines: [String] = []
            for (offset, item) in items.enumerated() {
                let marker = ordered ? "\(start + offset). " : "- "
                let padding = String(repeating: " ", count: marker.count)
                let body = item.compactMap(renderPlain).joined(separator: "\n")
                let bodyLines = body.split(separator: "\n", omittingEmptySubsequences: false)
                for (number, line) in bodyLines.enumerated() {
                    lines.append(number == 0 ? marker + line : (line.isEmpty ? "" : padding + line))
                }
                if bodyLines.isEmpty { lines.append(marker.trimmingCharacters(in: .whitespaces)) }
            }
            return lines.joined(separator: "\n")
        }
    }

    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by character references: safe in text and in
    /// double- or single-quoted attribute values.
    static func escape(_ text: String) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return text
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count + utf8.count / 4)
        for byte in utf8 {
            switch byte {
            case 0x26: bytes.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])  // &amp;
            case 0x3C: bytes.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])  // &lt;
            case 0x3E: bytes.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])  // &gt;
            case 0x22: bytes.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B])  // &quot;
            case 0x27: bytes.append(contentsOf: [0x26, 0x23, 0x33, 0x39, 0x3B])  // &#39;
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        default: return false
        }
    }

    static func asciiDigitValue(_ scalar: Unicode.Scalar) -> Int? {
        (0x30...0x39).contains(scalar.value) ? Int(scalar.value - 0x30) : nil
    }
}

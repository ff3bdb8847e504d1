import Foundation

// MARK: - Inline rendering

extension Markdown {
    static func renderInlineHTML(_ tokens: [InlineToken]) -> String {
        var html = ""
        var insideImage = 0  // inside an image's alt text, only text is rendered
        for token in tokens {
            switch token.kind {
            case .text:
                html += escape(token.text)
            case .code:
                html += insideImage > 0 ? escape(token.text) : "<code>" + escape(token.text) + "</code>"
            case .delimiter:
                if insideImage == 0 { for tag in token.closes { html += tag.close } }
                html += String(repeating: token.text, count: token.count)
                if insideImage == 0 { for tag in token.opens.reversed() { html += tag.open } }
            case .linkOpen:
                if insideImage == 0, let destination = token.destination {
                    html += anchorOpening(destination, title: token.title)
                }
            case .linkClose:
                if insideImage == 0, token.destination != nil { html += "</a>" }
            case .imageOpen:
                insideImage += 1
            case .imageClose:
                insideImage -= 1
            case .autolink:
                if insideImage == 0, let destination = token.destination {
                    html += anchorOpening(destination, title: nil) + escape(token.text) + "</a>"
                } else {
                    html += escape(token.text)
                }
            }
        }
        return html
    }

    static func anchorOpening(_ destination: String, title: String?) -> String {
        var html = "<a href=\"" + escape(percentEncoded(destination)) + "\""
        if let title { html += " title=\"" + escape(title) + "\"" }
        if !isInternal(destination) { html += " rel=\"nofollow noopener\"" }
        return html + ">"
    }

    static func renderInlinePlain(_ tokens: [InlineToken]) -> String {
        var parts = [""]  // one part per open link: its label
        for token in tokens {
            switch token.kind {
            case .text, .code, .autolink:
                parts[parts.count - 1] += token.text
            case .delimiter:
                parts[parts.count - 1] += String(repeating: token.text, count: token.count)
            case .linkOpen:
                parts.append("")
            case .linkClose:
                let label = parts.removeLast()
                var text = label
                if let destination = token.destination, label != destination, "mailto:" + label != destination {
                    text = label.isEmpty ? destination : label + " (" + destination + ")"
                }
                parts[parts.count - 1] += text
            case .imageOpen, .imageClose:
                break
            }
        }
        return parts.joined()
    }
}

// MARK: - URLs, references and character classes

extension Markdown {
    /// `destination` ready for an `href` when it is `http:`, `https:`, `mailto:`, `/…` or `#…`, else nil.
    /// Like a browser, tabs and line breaks are removed and leading and trailing spaces and control
    /// characters are trimmed before the scheme is read (ASCII case-insensitively).
    static func allowedDestination(_ destination: String) -> String? {
        var scalars = destination.unicodeScalars.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }
        while let first = scalars.first, first.value <= 0x20 { scalars.removeFirst() }
        while let last = scalars.last, last.value <= 0x20 { scalars.removeLast() }
        let lowered = scalars.prefix(8).map { scalar -> Unicode.Scalar in
            (0x41...0x5A).contains(scalar.value) ? Unicode.Scalar(scalar.value + 0x20)! : scalar
        }
        let allowedPrefixes = ["http:", "https:", "mailto:", "/", "#"]
        for prefix in allowedPrefixes where lowered.starts(with: prefix.unicodeScalars) {
            return String(String.UnicodeScalarView(scalars))
        }
        return nil
    }

    /// Same-site links (`/path`, `#fragment`; not `//host`) get no `rel`.
    static func isInternal(_ destination: String) -> Bool {
        destination.hasPrefix("#") || (destination.hasPrefix("/") && !destination.hasPrefix("//"))
    }

    /// The URL with every byte outside CommonMark's safe set percent-encoded (existing `%XX` kept).
    static func percentEncoded(_ url: String) -> String {
        let bytes = Array(url.utf8)
        let safe = Set(";/?:@&=+$,-_.!~*'()#".utf8)
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count, isHexDigit(bytes[index + 1]), isHexDigit(bytes[index + 2]) {
                output.append(byte)
            } else if isASCIIAlphanumeric(Unicode.Scalar(byte)) && byte < 0x80 || safe.contains(byte) {
                output.append(byte)
            } else {
                output.append(contentsOf: [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            }
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
            UInt8(ascii: "A")...UInt8(ascii: "F"):
            return true
        default:
            return false
        }
    }

    static let namedCharacterReferences: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}",
        "copy": "©", "reg": "®", "trade": "™", "hellip": "…", "mdash": "—", "ndash": "–",
        "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”", "laquo": "«", "raquo": "»",
        "euro": "€", "pound": "£", "middot": "·", "bull": "•", "times": "×", "deg": "°",
        "sect": "§", "para": "¶",
    ]

    /// The character reference (`&name;`, `&#123;`, `&#x7B;`) starting at `start`, and where it ends.
    static func characterReference(in source: [Unicode.Scalar], at start: Int) -> ([Unicode.Scalar], Int)? {
        var index = start + 1
        guard index < source.count else { return nil }
        if source[index] == "#" {
            index += 1
            let hexadecimal = index < source.count && (source[index] == "x" || source[index] == "X")
            if hexadecimal { index += 1 }
            let digitsStart = index
            var value: UInt32 = 0
            while index < source.count, index - digitsStart < (hexadecimal ? 6 : 7) {
                let scalar = source[index]
                if let digit = asciiDigitValue(scalar) {
                    value = value * (hexadecimal ? 16 : 10) + UInt32(digit)
                } else if hexadecimal, isHexDigit(UInt8(truncatingIfNeeded: scalar.value)), scalar.isASCII {
                    value = value * 16 + (scalar.value | 0x20) - 0x61 + 10
                } else {
                    break
                }
                index += 1
            }
            guard index > digitsStart, index < source.count, source[index] == ";" else { return nil }
            let decoded = value == 0 ? nil : Unicode.Scalar(value)
            return ([decoded ?? "\u{FFFD}"], index + 1)
        }
        while index < source.count, index - start <= 32, isASCIIAlphanumeric(source[index]) { index += 1 }
        guard index > start + 1, index < source.count, source[index] == ";" else { return nil }
        let name = String(String.UnicodeScalarView(source[(start + 1)..<index]))
        guard let decoded = namedCharacterReferences[name] else { return nil }
        return (Array(decoded.unicodeScalars), index + 1)
    }

    static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A: return true
        default: return false
        }
    }

    static func isSchemeCharacter(_ scalar: Unicode.Scalar) -> Bool {
        isASCIIAlphanumeric(scalar) || scalar == "+" || scalar == "." || scalar == "-"
    }

    static func isEmailLocalCharacter(_ scalar: Unicode.Scalar) -> Bool {
        isASCIIAlphanumeric(scalar) || (scalar.isASCII && ".!#$%&'*+/=?^_`{|}~-".unicodeScalars.contains(scalar))
    }

    static func isASCIIPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: return true
        default: return false
        }
    }

    static func isUnicodeWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", "\t", "\n", "\r", "\u{0C}": return true
        default: return scalar.properties.generalCategory == .spaceSeparator
        }
    }

    static func isUnicodePunctuation(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return isASCIIPunctuation(scalar) }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation,
            .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }
}

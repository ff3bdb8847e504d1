import Foundation

/// One plain-text e-mail, ready to be rendered as an RFC 5322 message. Everything the outbox stores is here,
/// so a message rebuilt from the same row renders the same headers, Message-ID included.
public struct MailMessage: Sendable, Equatable {
    /// The author (`From:`), also used as the SMTP envelope sender.
    public var from: MailAddress
    /// The single recipient (`To:` and `RCPT TO`).
    public var to: MailAddress
    /// The subject, in any script; line breaks become spaces.
    public var subject: String
    /// The body as plain text; any line-ending convention is accepted.
    public var textBody: String
    /// The Message-ID with its angle brackets (`<id@domain>`): stable per outbox row, so that a resend after
    /// a crash can be recognised as the same message by the recipient's server and mail reader.
    public var messageID: String
    /// When the message was written (`Date:`).
    public var date: Date
    /// A link that unsubscribes without logging in; adds `List-Unsubscribe` and one-click
    /// `List-Unsubscribe-Post` (RFC 8058), which large mailbox providers expect of bulk senders.
    public var unsubscribeURL: String?

    /// A message; `messageID` gets angle brackets when it has none.
    public init(
        from: MailAddress, to: MailAddress, subject: String, textBody: String, messageID: String,
        date: Date, unsubscribeURL: String? = nil
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.textBody = textBody
        let id = messageID.filter { !$0.isWhitespace }
        self.messageID = id.hasPrefix("<") && id.hasSuffix(">") ? id : "<\(id)>"
        self.date = date
        self.unsubscribeURL = unsubscribeURL
    }

    /// The whole message: headers and a quoted-printable UTF-8 body, CRLF line endings, ending with CRLF.
    /// Dot-stuffing is not applied here; it belongs to the SMTP transport.
    public func rendered() -> String {
        var headers: [(String, String)] = [
            ("Date", MailEncoding.rfc5322Date(date)),
            ("From", MailEncoding.header(address: from)),
            ("To", MailEncoding.header(address: to)),
            ("Subject", MailEncoding.headerText(subject)),
            ("Message-ID", messageID),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Transfer-Encoding", "quoted-printable"),
            // Asks vacation responders and the like not to answer (RFC 3834).
            ("Auto-Submitted", "auto-generated"),
        ]
        if let url = unsubscribeURL {
            headers.append(("List-Unsubscribe", "<\(MailEncoding.headerSafeURL(url))>"))
            headers.append(("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
        }
        var out = ""
        for (name, value) in headers { out += "\(name): \(value)\r\n" }
        out += "\r\n"
        out += MailEncoding.quotedPrintable(textBody)
        return out
    }
}

/// The encodings a UTF-8 plain-text message needs: RFC 2047 encoded-words for headers, quoted-printable
/// (RFC 2045) for the body.
enum MailEncoding {
    /// `Tue, 14 Nov 2023 22:13:20 +0000`, always in UTC and English whatever the server's locale.
    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }

    static func header(address: MailAddress) -> String {
        guard let name = address.name else { return address.address }
        return "\(displayName(name)) <\(address.address)>"
    }

    /// A display name as an atom sequence, a quoted string, or encoded-words when it is not ASCII.
    static func displayName(_ name: String) -> String {
        if needsEncoding(name) { return encodedWords(name) }
        let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~ ")
        if name.allSatisfy(atext.contains) { return name }
        return "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Unstructured header text (the subject): kept as it is when it is short printable ASCII, otherwise
    /// folded or encoded so that no line breaks the 78-character guideline by much.
    static func headerText(_ text: String) -> String {
        // By scalar: "\r\n" is a single Character, which a comparison with "\r" or "\n" would miss.
        let flat = String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\r" || $0 == "\n" || $0 == "\t" ? " " : $0 }))
        if needsEncoding(flat) { return encodedWords(flat) }
        return fold(flat)
    }

    /// Non-ASCII needs encoding; so does ASCII text that looks like an encoded-word, which a reader would
    /// otherwise decode.
    static func needsEncoding(_ text: String) -> Bool {
        text.utf8.contains { $0 < 0x20 || $0 > 0x7E } || text.contains("=?")
    }

    /// `=?utf-8?B?...?=` words of at most 39 bytes each (64 characters, under the limit of 75), cut between
    /// Unicode scalars because RFC 2047 forbids splitting a character across words; the folding whitespace
    /// between words is dropped by decoders.
    static func encodedWords(_ text: String) -> String {
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > 39 {
                words.append(chunk.base64Word)
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(chunk.base64Word) }
        return words.joined(separator: "\r\n ")
    }

    /// Folds long ASCII text at spaces (a folded line starts with the space it was cut at).
    static func fold(_ text: String) -> String {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !line.isEmpty, line.count + 1 + word.count > 68 {
                lines.append(line)
                line = String(word)
            } else {
                line += (line.isEmpty && lines.isEmpty ? "" : " ") + word
            }
        }
        lines.append(line)
        // The space the text was cut at starts the continuation line, so unfolding restores it.
        return lines.joined(separator: "\r\n ")
    }

    /// A URL that cannot end the header or the angle brackets around it: spaces, controls and brackets are
    /// percent-encoded.
    static func headerSafeURL(_ url: String) -> String {
        var out = ""
        for byte in url.utf8 {
            if byte <= 0x20 || byte >= 0x7F || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") {
                out += String(format: "%%%02X", byte)
            } else {
                out.append(Character(Unicode.Scalar(byte)))
            }
        }
        return out
    }

    /// Quoted-printable with soft breaks keeping lines within 76 characters, CRLF line endings, and a final
    /// CRLF. Trailing spaces are encoded because relays may strip them.
    static func quotedPrintable(_ text: String) -> String {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var lines = normalized.split(separator: "\n", omittingEmptySubsequences: false)
        // A final line break is the message's own last CRLF, not an empty line after it.
        if lines.count > 1, lines.last?.isEmpty == true { lines.removeLast() }
        var out = ""
        for line in lines {
            let bytes = Array(line.utf8)
            var width = 0
            for (i, byte) in bytes.enumerated() {
                let isLast = i == bytes.count - 1
                let literal =
                    (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                    || ((byte == 0x20 || byte == 0x09) && !isLast)
                let token = literal ? String(Character(Unicode.Scalar(byte))) : String(format: "=%02X", byte)
                // 75 leaves room for the "=" of a soft break; an escape is never cut in two.
                if width + token.count > 75 {
                    out += "=\r\n"
                    width = 0
                }
                out += token
                width += token.count
            }
            out += "\r\n"
        }
        return out
    }
}

private extension Array where Element == UInt8 {
    var base64Word: String { "=?utf-8?B?" + Data(self).base64EncodedString() + "?=" }
}

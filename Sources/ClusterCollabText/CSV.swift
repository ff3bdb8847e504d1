/// RFC 4180 CSV: comma-separated, fields with commas, quotes or line breaks in double quotes, a quote
/// inside quotes doubled. Lines end with CRLF on write; LF or CRLF are read.
public enum CSV {
    /// A malformed file: the 1-based line where parsing stopped and why.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    /// Parses the text into rows of fields. Empty trailing lines are dropped.
    public static func rows(_ text: String) throws(ParseError) -> [[String]] {
        try numberedRows(text).map(\.fields)
    }

    /// The rows with the line each starts on (1-based), which differs from its position when a quoted
    /// field holds line breaks: what an import names when it refuses a row. Empty lines are dropped.
    public static func numberedRows(_ text: String) throws(ParseError) -> [(line: Int, fields: [String])] {
        var rows: [(line: Int, fields: [String])] = []
        var row: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var afterQuote = false
        var line = 1
        var rowLine = 1
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }  // byte-order mark
        var i = 0
        func endField() { row.append(unguarded(String(decoding: field, as: UTF8.self))); field.removeAll(keepingCapacity: true) }
        while i < bytes.count {
            let b = bytes[i]
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") { field.append(b); i += 1 } else { inQuotes = false; afterQuote = true }
                } else {
                    if b == UInt8(ascii: "\n") { line += 1 }
                    field.append(b)
                }
            } else if b == UInt8(ascii: ",") {
                endField(); afterQuote = false
            } else if b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") {
                if b == UInt8(ascii: "\r"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }
                endField(); rows.append((rowLine, row)); row = []; afterQuote = false; line += 1; rowLine = line
            } else if b == UInt8(ascii: "\"") {
                guard field.isEmpty, !afterQuote else {
                    throw ParseError(line: line, reason: "a quote inside an unquoted field (quote the field and double the quote)")
                }
                inQuotes = true
            } else {
                if afterQuote { throw ParseError(line: line, reason: "text after a closing quote") }
                field.append(b)
            }
            i += 1
        }
        if inQuotes { throw ParseError(line: line, reason: "a quoted field is not closed") }
        if !field.isEmpty || !row.isEmpty || afterQuote { endField(); rows.append((rowLine, row)) }
        return rows.filter { !($0.fields.count == 1 && $0.fields[0].isEmpty) }
    }

    /// Parses a file with a header row into dictionaries keyed by column name.
    public static func records(_ text: String) throws(ParseError) -> [[String: String]] {
        let all = try rows(text)
        guard let header = all.first else { return [] }
        return all.dropFirst().map { row in
            var record: [String: String] = [:]
            for (i, name) in header.enumerated() where i < row.count { record[name] = row[i] }
            return record
        }
    }

    /// Whether a spreadsheet would read the cell as a formula: it begins, after any `'`, with `=`, `+`, `-`, `@`,
    /// tab or CR. (The `'` are counted so that a cell that already begins with `'=` survives a round trip.)
    static func looksLikeFormula(_ field: String) -> Bool {
        guard let first = field.utf8.first(where: { $0 != UInt8(ascii: "'") }) else { return false }
        return [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D].contains(first)
    }

    /// A cell as written: a leading `'` added where a spreadsheet would run it as a formula, so it shows as text.
    public static func guarded(_ field: String) -> String { looksLikeFormula(field) ? "'" + field : field }

    /// A cell as read: the `'` that `guarded` added taken off again, so a round trip changes nothing.
    public static func unguarded(_ field: String) -> String {
        field.hasPrefix("'") && looksLikeFormula(field) ? String(field.dropFirst()) : field
    }

    /// Guards a formula-like cell (`guarded`) and quotes a field when it needs it.
    public static func escape(_ field: String) -> String {
        let field = guarded(field)
        // Bytes, not Characters: Swift treats "\r\n" as one Character that equals neither "\r" nor "\n".
        if field.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return field
    }

    /// One CSV line with its CRLF.
    public static func line(_ fields: [String]) -> String {
        fields.map(escape).joined(separator: ",") + "\r\n"
    }

    /// Splits a list cell on `;`; `\;` is a literal semicolon and `\\` a backslash. Items are trimmed;
    /// empty items are dropped.
    public static func listItems(_ cell: String) -> [String] {
        var items: [String] = []
        var current = ""
        var escaped = false
        for ch in cell {
            if escaped {
                current.append(ch); escaped = false
            } else if ch == "\\" {
                escaped = true
            } else if ch == ";" {
                items.append(current); current = ""
            } else {
                current.append(ch)
            }
        }
        if escaped { current.append("\\") }
        items.append(current)
        return items.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Joins list items into one cell, escaping `;` and `\` inside items.
    public static func listCell(_ items: [String]) -> String {
        items.map { $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ";", with: "\\;") }
            .joined(separator: ";")
    }
}

import Foundation

import Foundation

/// A Mustache template, parsed once: text, `{{name}}` (HTML-escaped), `{{{name}}}` and `{{&name}}`
/// (as they are), sections `{{#name}}...{{/name}}` and inverted sections `{{^name}}...{{/name}}`, the
/// `empty(name)` transform, partials `{{> name}}`, comments `{{! ...}}`, dotted names and `{{.}}`.
///
/// Lines holding only a section tag, a partial or a comment leave nothing behind, as the Mustache
/// specification says (and as swift-mustache, which rendered these templates before, does). Set
/// delimiters, lambdas, inheritance and other transforms are not supported: a template using them does
/// not load, so nothing renders differently from what its author expects.
public struct Template: Sendable {
    indirect enum Node: Sendable {
        case text([UInt8])
        case variable(Name, escaped: Bool)
        case section(Name, inverted: Bool, body: [Node])
        case partial(String, indentation: [UInt8]?)
        case translated(Translation)
    }

    /// `{{#t}}English text{{/t}}`, or a counted one, `{{#t(count)}}{{count}} member||{{count}} members{{/t(count)}}`:
    /// its English source (the catalogue's key, `msgid` and `msgid_plural`), parsed, so that with no
    /// translation it renders as written. Inside are only text and `{{names}}`.
    struct Translation: Sendable {
        var id: String
        var plural: String?
        var count: Name?
        var english: [Node]
        var englishPlural: [Node]?
    }

    /// A name as the template writes it: the path of a dotted name (empty for `.`), and whether it is
    /// asked through `empty(...)`.
    struct Name: Sendable, Equatable {
        var path: [String]
        var empty: Bool
    }

    let nodes: [Node]

    public init(_ text: String) throws(TemplateError) {
        nodes = try Self.nodes(text)
    }

    static func nodes(_ text: String) throws(TemplateError) -> [Node] {
        var parser = Parser(bytes: Array(text.utf8))
        return try parser.block(section: nil, newLine: true)
    }

    /// The texts this template translates, with their English plurals.
    public var messages: [(id: String, plural: String?)] {
        var found: [(String, String?)] = []
        func walk(_ nodes: [Node]) {
            for node in nodes {
                switch node {
                case .translated(let t): found.append((t.id, t.plural))
                case .section(_, _, let body): walk(body)
                default: continue
                }
            }
        }
        walk(nodes)
        return found
    }
}

/// Why a template does not load: what is wrong and the line it is on.
public struct TemplateError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var line: Int
    public var description: String { "line \(line): \(message)" }
}

extension Template {
    struct Parser {
        let bytes: [UInt8]
        var position = 0

        static let brace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}"), newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

        var atEnd: Bool { position == bytes.count }

        func failure(_ message: String) -> TemplateError {
            TemplateError(message: message, line: bytes[..<min(position, bytes.count)].count { $0 == Self.newline } + 1)
        }

        /// The length of the line break at `index` (`\n` or `\r\n`), or 0.
        func lineBreak(at index: Int) -> Int {
            guard index < bytes.count else { return 0 }
            if bytes[index] == Self.newline { return 1 }
            if bytes[index] == Self.cr, index + 1 < bytes.count, bytes[index + 1] == Self.newline { return 2 }
            return 0
        }

        mutating func spaces() -> ArraySlice<UInt8> {
            let start = position
            while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 { position += 1 }
            return bytes[start..<position]
        }

        /// Text up to the next tag (whose `{{` is read) or line break (not read).
        mutating func textUntilTagOrLineBreak() -> (text: ArraySlice<UInt8>, tag: Bool) {
            let start = position
            while position < bytes.count {
                if lineBreak(at: position) > 0 { return (bytes[start..<position], false) }
                if bytes[position] == Self.brace, position + 1 < bytes.count, bytes[position + 1] == Self.brace {
                    let text = bytes[start..<position]
                    position += 2
                    return (text, true)
                }
                position += 1
            }
            return (bytes[start..<position], false)
        }

        /// A tag standing alone on its line: the line began with it (after spaces) and only spaces follow
        /// it. The rest of the line, with its break, is then read.
        mutating func standalone(_ newLine: Bool) -> Bool {
            guard newLine else { return false }
            if atEnd { return true }
            var index = position
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
            let n = lineBreak(at: index)
            guard n > 0 else { return false }
            position = index + n
            return true
        }

        mutating func closing(_ extra: Int = 0) throws(TemplateError) {
            _ = spaces()
            for _ in 0..<(2 + extra) {
                guard position < bytes.count, bytes[position] == Self.closeBrace else { throw failure("a tag is not closed with }}") }
                position += 1
            }
        }

        static func isNameByte(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2E || b == 0x2D || b == 0x5F
                || b == 0x3F || b == 0x28 || b == 0x29 || b == 0x2A || b == 0x2F
        }

        mutating func word() -> String {
            _ = spaces()
            let start = position
            while position < bytes.count, Self.isNameByte(bytes[position]) { position += 1 }
            return String(decoding: bytes[start..<position], as: UTF8.self)
        }

        mutating func name(unescaped: Bool = false) throws(TemplateError) -> Name {
            let text = word()
            try closing(unescaped ? 1 : 0)
            var inner = Substring(text)
            var empty = false
            if inner.hasPrefix("empty("), inner.hasSuffix(")") {
                inner = inner.dropFirst(6).dropLast()
                empty = true
            }
            guard !inner.isEmpty, !inner.contains(where: { "()*/".contains($0) }) else { throw failure("\"\(text)\" is not a name this renderer reads") }
            if inner == "." { return Name(path: [], empty: empty) }
            return Name(path: inner.split(separator: ".", omittingEmptySubsequences: false).map(String.init), empty: empty)
        }

        /// At `#` of a tag: a translated text (`{{#t}}` or `{{#t(count)}}`) read up to its closing tag, or
        /// nil (nothing read) for any other section.
        mutating func translation() throws(TemplateError) -> Translation? {
            let start = position
            position += 1
            let word = word()
            guard word == "t" || (word.hasPrefix("t(") && word.hasSuffix(")")) else {
                position = start
                return nil
            }
            try closing()
            let close = Array("{{/\(word)}}".utf8)
            var end = position
            while end + close.count <= bytes.count, !bytes[end..<end + close.count].elementsEqual(close) { end += 1 }
            guard end + close.count <= bytes.count else { throw failure("{{#\(word)}} is not closed with {{/\(word)}}") }
            let source = String(decoding: bytes[position..<end], as: UTF8.self)
            position = end + close.count
            let count: Name? = word == "t" ? nil : Name(path: word.dropFirst(2).dropLast().split(separator: ".").map(String.init), empty: false)
            let parts = source.components(separatedBy: "||")
            guard count == nil ? parts.count == 1 : parts.count == 2 else {
                throw failure(
                    count == nil ? "\"||\" separates the forms of a counted text: use {{#t(count)}}" : "a counted text has two forms separated by \"||\"")
            }
            func parsed(_ text: String) throws(TemplateError) -> [Node] {
                let nodes = try Template.nodes(text)
                for node in nodes {
                    switch node {
                    case .text, .variable: continue
                    default: throw failure("a translated text holds only text and {{names}}: \"\(text)\"")
                    }
                }
                return nodes
            }
            return Translation(
                id: parts[0], plural: count == nil ? nil : parts[1], count: count, english: try parsed(parts[0]),
                englishPlural: count == nil ? nil : try parsed(parts[1]))
        }

        /// The nodes up to the end of the text, or up to the closing tag of `section`.
        mutating func block(section: Name?, newLine initial: Bool) throws(TemplateError) -> [Node] {
            var nodes: [Node] = []
            var newLine = initial
            var spacesBefore: ArraySlice<UInt8> = []
            func flushSpaces() {
                if !spacesBefore.isEmpty { nodes.append(.text(Array(spacesBefore))) }
                spacesBefore = []
            }
            while !atEnd {
                if newLine { spacesBefore = spaces() }
                let (text, tag) = textUntilTagOrLineBreak()
                if !tag, case let n = lineBreak(at: position), n > 0 {
                    nodes.append(.text(Array(spacesBefore) + Array(text) + Array(bytes[position..<position + n])))
                    position += n
                    newLine = true
                    continue
                }
                if !text.isEmpty {
                    nodes.append(.text(Array(spacesBefore) + Array(text)))
                    spacesBefore = []
                    newLine = false
                }
                guard tag, !atEnd else { break }
                var nextNewLine = false
                if bytes[position] == UInt8(ascii: "#"), let translation = try translation() {
                    flushSpaces()
                    nodes.append(.translated(translation))
                    newLine = false
                    continue
                }
                switch bytes[position] {
                case UInt8(ascii: "#"), UInt8(ascii: "^"):
                    let inverted = bytes[position] == UInt8(ascii: "^")
                    position += 1
                    let name = try name()
                    if standalone(newLine) { nextNewLine = true } else { flushSpaces() }
                    let body = try block(section: name, newLine: nextNewLine)
                    nodes.append(.section(name, inverted: inverted, body: body))
                case UInt8(ascii: "/"):
                    position += 1
                    let name = try name()
                    guard name == section else { throw failure("{{/...}} closes a section that is not open") }
                    if !standalone(newLine) { flushSpaces() }
                    return nodes
                case UInt8(ascii: "!"):
                    while position + 1 < bytes.count, !(bytes[position] == Self.closeBrace && bytes[position + 1] == Self.closeBrace) { position += 1 }
                    guard position + 1 < bytes.count else { throw failure("a comment is not closed with }}") }
                    position += 2
                    nextNewLine = standalone(newLine)
                case UInt8(ascii: "{"), UInt8(ascii: "&"):
                    flushSpaces()
                    let triple = bytes[position] == UInt8(ascii: "{")
                    position += 1
                    nodes.append(.variable(try name(unescaped: triple), escaped: false))
                case UInt8(ascii: ">"):
                    position += 1
                    let partial = word()
                    try closing()
                    guard !partial.isEmpty else { throw failure("a partial needs a name") }
                    let indentation = spacesBefore
                    flushSpaces()
                    if standalone(newLine) {
                        nextNewLine = true
                        nodes.append(.partial(partial, indentation: indentation.isEmpty ? nil : Array(indentation)))
                    } else {
                        nodes.append(.partial(partial, indentation: nil))
                    }
                case UInt8(ascii: "="), UInt8(ascii: "<"), UInt8(ascii: "$"), UInt8(ascii: "%"):
                    throw failure("{{\(Character(UnicodeScalar(bytes[position])))...}} tags are not supported")
                default:
                    flushSpaces()
                    nodes.append(.variable(try name(), escaped: true))
                }
                newLine = nextNewLine
            }
            if section != nil { throw failure("a section is not closed") }
            return nodes
        }
    }
}

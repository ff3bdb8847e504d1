import Foundation

/// A small, safe Markdown renderer for texts written by platform administrators and shown to everyone
/// (call-for-interest descriptions, news articles).
///
/// Safety first: the output never contains markup that did not come from the renderer itself. Raw HTML in
/// the input is shown as text (`<b>` becomes `&lt;b&gt;`), every attribute value is escaped, and links only
/// keep their `href` when it is `http:`, `https:`, `mailto:` or a relative path starting with `/` or `#`
/// (checked after removing tabs and line breaks, trimming spaces and control characters and folding ASCII
/// case, the way browsers read an URL). Any other link (`javascript:`, `data:`, `vbscript:`, `page.html`…)
/// is rendered as its label text only. The output is always well-formed: every opened tag is closed and
/// tags nest properly, whatever the input. Parsing is linear in practice (no backtracking), with nesting
/// of block quotes and lists capped at 12 levels (deeper markers are text).
///
/// Supported syntax (a pragmatic subset of CommonMark):
/// - Paragraphs, separated by blank lines; the line breaks inside a paragraph become spaces.
/// - ATX headings `#` to `######`. The page already has its own `<h1>`, so levels are shifted down by one:
///   `#` renders as `<h2>`, `##` as `<h3>`, `###` as `<h4>`, `####` as `<h5>`; `#####` and `######` both
///   render as `<h6>`. An optional closing sequence (`## Title ##`) is removed.
/// - Bullet lists (`-`, `*`, `+`) and ordered lists (`1.` or `1)`, with `start` when the first number is not 1),
///   tight or loose as in CommonMark, nested by indenting the sub-list to the item's content column
///   (`- a` then `  - b`). A list item may contain any block.
/// - Block quotes `>` (nestable, with lazy continuation lines).
/// - Fenced code blocks with ```` ``` ```` or `~~~`; the content is escaped, the first word of the info
///   string becomes `class="language-…"` when it is made of letters, digits and `_+#.-` only.
/// - Horizontal rules: three or more `-`, `*` or `_` alone on a line (optionally spaced), rendered `<hr>`.
/// - Inline: `**strong**`/`__strong__`, `*emphasis*`/`_emphasis_` (CommonMark delimiter rules),
///   `` `code` ``, links `[label](url "optional title")`, autolinks `<https://…>` and `<name@example.eu>`,
///   backslash escapes of ASCII punctuation and character references (`&amp;`, `&#233;`, `&#xE9;` and a
///   short list of common names such as `&nbsp;`, `&mdash;`, `&euro;`; other `&` are literal).
/// - Images `![alt](src)` are not supported: they render as their alt text.
///
/// Not supported (rendered as text): raw HTML, reference links `[label][ref]`, setext headings (`---` under
/// a line is a rule), indented code blocks (indented lines are paragraph text), tables, strikethrough, hard
/// line breaks, bare URLs, link destinations over 2,048 characters and titles over 1,024.
/// External links (anything but `/path` and `#fragment`) get `rel="nofollow noopener"`.
public enum Markdown {
    /// How deeply block quotes and lists may nest; deeper markers are plain text.
    static let maximumNesting = 12

    /// HTML for `text`: every character of the input that is not Markdown syntax is HTML-escaped; raw HTML
    /// tags in the input appear as text (escaped), never as markup. Blocks are separated by a line break.
    public static func html(_ text: String) -> String {
        let blocks = BlockParser.parse(lines(of: text), depth: 0).blocks
        return renderHTML(blocks)
    }

    /// The text without markup, for summaries, e-mails and meta descriptions: links as "label (url)",
    /// list items as "- item" or "1. item", blocks separated by a blank line, rules dropped. The result is
    /// not HTML-escaped: it is plain text (templates escape it).
    public static func plainText(_ text: String) -> String {
        let blocks = BlockParser.parse(lines(of: text), depth: 0).blocks
        return renderPlain(blocks).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

// MARK: - Blocks

extension Markdown {
    typealias Line = [Unicode.Scalar]

    indirect enum Block: Equatable {
        case paragraph(Line)
        case heading(level: Int, Line)
        case code(language: String?, lines: [Line])
        case rule
        case quote([Block])
        case list(ordered: Bool, start: Int, tight: Bool, items: [[Block]])
    }

    /// The input split into lines on `\n`, `\r\n` and `\r`, with NUL replaced by U+FFFD.
    static func lines(of text: String) -> [Line] {
        var result: [Line] = []
        var current: Line = []
        var afterCarriageReturn = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" && afterCarriageReturn {
                afterCarriageReturn = false
                continue
            }
            afterCarriageReturn = scalar == "\r"
            switch scalar {
            case "\n", "\r":
                result.append(current)
                current = []
            case "\u{0}":
                current.append("\u{FFFD}")
            default:
                current.append(scalar)
            }
        }
        result.append(current)
        return result
    }

    struct ListMarker: Equatable {
        var ordered: Bool
        /// The bullet (`-`, `*`, `+`) or, for ordered lists, the delimiter (`.` or `)`).
        var symbol: Unicode.Scalar
        var start: Int
    }

    struct ListItemStart {
        var marker: ListMarker
        var contentColumn: Int
        var content: Line
        var isEmpty: Bool
    }

    enum BlockParser {
        static func isBlank(_ line: Line) -> Bool {
            line.allSatisfy { $0 == " " || $0 == "\t" }
        }

        /// Width in columns of the leading spaces and tabs (tab stops every 4 columns from `column`).
        static func indentColumns(_ line: some Collection<Unicode.Scalar>, from column: Int = 0) -> Int {
            var col = column
            for scalar in line {
                if scalar == " " {
                    col += 1
                } else if scalar == "\t" {
                    col += 4 - col % 4
                } else {
                    break
                }
            }
            return col - column
        }

        /// `line` without up to `columns` columns of leading white space; a tab only partly removed leaves spaces.
        static func strip(_ line: Line, columns: Int, from column: Int = 0) -> Line {
            var col = column
            var index = 0
            while index < line.count && col - column < columns {
                let scalar = line[index]
                if scalar == " " {
                    col += 1
                    index += 1
                } else if scalar == "\t" {
                    let width = 4 - col % 4
                    if col + width - column <= columns {
                        col += width
                        index += 1
                    } else {
                        let remaining = col + width - column - columns
                        return Line(repeating: " ", count: remaining) + line[(index + 1)...]
                    }
                } else {
                    break
                }
            }
            return Array(line[index...])
        }

        static func trimmed(_ line: Line) -> Line {
            var start = 0
            var end = line.count
            while start < end && (line[start] == " " || line[start] == "\t") { start += 1 }
            while end > start && (line[end - 1] == " " || line[end - 1] == "\t") { end -= 1 }
            return Array(line[start..<end])
        }

        // MARK: Block starts

        struct Fence {
            var symbol: Unicode.Scalar
            var length: Int
            var indent: Int
            var language: String?
        }

        static func fenceOpening(_ line: Line) -> Fence? {
            let indent = indentColumns(line)
            guard indent <= 3 else { return nil }
            let rest = strip(line, columns: indent)
            guard let symbol = rest.first, symbol == "`" || symbol == "~" else { return nil }
            var length = 0
            while length < rest.count && rest[length] == symbol { length += 1 }
            guard length >= 3 else { return nil }
            let info = trimmed(Array(rest[length...]))
            if symbol == "`" && info.contains("`") { return nil }
            let word = info.prefix { $0 != " " && $0 != "\t" }
            var language: String?
            let allowed = word.allSatisfy { $0.isASCII && (isASCIIAlphanumeric($0) || "_+#.-".unicodeScalars.contains($0)) }
            if !word.isEmpty && word.count <= 40 && allowed {
                language = String(String.UnicodeScalarView(word))
            }
            return Fence(symbol: symbol, length: length, indent: indent, language: language)
        }

        /// Follows the fences of a container's lines, so that a lazy line never lands inside a code block.
        struct FenceTracker {
            var open: Fence?
            var isOpen: Bool { open != nil }

            mutating func track(_ line: Line) {
                if let fence = open {
                    if isFenceClosing(line, for: fence) { open = nil }
                } else {
                    open = fenceOpening(line)
                }
            }
        }

        static func isFenceClosing(_ line: Line, for fence: Fence) -> Bool {
            let indent = indentColumns(line)
            guard indent <= 3 else { return false }
            let rest = strip(line, columns: indent)
            var length = 0
            while length < rest.count && rest[length] == fence.symbol { length += 1 }
            return length >= fence.length && isBlank(Array(rest[length...]))
        }

        static func heading(_ line: Line) -> Block? {
            let indent = indentColumns(line)
            guard indent <= 3 else { return nil }
            let rest = strip(line, columns: indent)
            var level = 0
            while level < rest.count && rest[level] == "#" { level += 1 }
            guard (1...6).contains(level) else { return nil }
            guard level == rest.count || rest[level] == " " || rest[level] == "\t" else { return nil }
            var content = trimmed(Array(rest[level...]))
            // An optional closing sequence of `#`, preceded by a space (or alone).
            var end = content.count
            while end > 0 && content[end - 1] == "#" { end -= 1 }
            if end < content.count && (end == 0 || content[end - 1] == " " || content[end - 1] == "\t") {
                content = trimmed(Array(content[..<end]))
            }
            return .heading(level: level, content)
        }

        static func isRule(_ line: Line) -> Bool {
            let indent = indentColumns(line)
            guard indent <= 3 else { return false }
            let rest = strip(line, columns: indent)
            guard let symbol = rest.first, symbol == "-" || symbol == "*" || symbol == "_" else { return false }
            var count = 0
            for scalar in rest {
                if scalar == symbol {
                    count += 1
                } else if scalar != " " && scalar != "\t" {
                    return false
                }
            }
            return count >= 3
        }

        /// The content of a block quote line (after `>` and one optional space), or nil.
        static func quoteContent(_ line: Line) -> Line? {
            let indent = indentColumns(line)
            guard indent <= 3 else { return nil }
            let rest = strip(line, columns: indent)
            guard rest.first == ">" else { return nil }
            return strip(Array(rest.dropFirst()), columns: 1, from: indent + 1)
        }

        static func listItemStart(_ line: Line) -> ListItemStart? {
            let indent = indentColumns(line)
            guard indent <= 3 else { return nil }
            let rest = strip(line, columns: indent)
            guard let first = rest.first else { return nil }
            var markerWidth: Int
            var marker: ListMarker
            if first == "-" || first == "*" || first == "+" {
                markerWidth = 1
                marker = ListMarker(ordered: false, symbol: first, start: 1)
            } else {
                var digits = 0
                var number = 0
                while digits < rest.count && digits < 9, let value = asciiDigitValue(rest[digits]) {
                    number = number * 10 + value
                    digits += 1
                }
                guard digits > 0, digits < rest.count, rest[digits] == "." || rest[digits] == ")" else { return nil }
                markerWidth = digits + 1
                marker = ListMarker(ordered: true, symbol: rest[digits], start: number)
            }
            let after = Array(rest[markerWidth...])
            let markerEnd = indent + markerWidth
            if isBlank(after) {
                return ListItemStart(marker: marker, contentColumn: markerEnd + 1, content: [], isEmpty: true)
            }
            guard after.first == " " || after.first == "\t" else { return nil }
            let spaces = indentColumns(after, from: markerEnd)
            if spaces >= 5 {
                // Content indented like code: the item content starts one column after the marker.
                return ListItemStart(
                    marker: marker, contentColumn: markerEnd + 1,
                    content: strip(after, columns: 1, from: markerEnd), isEmpty: false)
            }
            return ListItemStart(
                marker: marker, contentColumn: markerEnd + spaces,
                content: strip(after, columns: spaces, from: markerEnd), isEmpty: false)
        }

        /// Whether `line` starts a block that ends a paragraph (so it cannot be a paragraph's continuation).
        static func interruptsParagraph(_ line: Line, depth: Int) -> Bool {
            if fenceOpening(line) != nil || heading(line) != nil || isRule(line) { return true }
            guard depth < Markdown.maximumNesting else { return false }
            if quoteContent(line) != nil { return true }
            if let item = listItemStart(line), !item.isEmpty, !item.marker.ordered || item.marker.start == 1 {
                return true
            }
            return false
        }

        // MARK: Parsing

        /// The blocks of `lines`, and whether a blank line separates two of them (which makes a list loose).
        static func parse(_ lines: [Line], depth: Int) -> (blocks: [Block], blankBetweenBlocks: Bool) {
            var blocks: [Block] = []
            var blankBetweenBlocks = false
            var blankSinceLastBlock = false
            var index = 0
            while index < lines.count {
                let line = lines[index]
                if isBlank(line) {
                    blankSinceLastBlock = !blocks.isEmpty
                    index += 1
                    continue
                }
                if blankSinceLastBlock {
                    blankBetweenBlocks = true
                    blankSinceLastBlock = false
                }
                if let fence = fenceOpening(line) {
                    var content: [Line] = []
                    index += 1
                    while index < lines.count {
                        let codeLine = lines[index]
                        index += 1
                        if isFenceClosing(codeLine, for: fence) { break }
                        content.append(strip(codeLine, columns: fence.indent))
                    }
                    blocks.append(.code(language: fence.language, lines: content))
                    continue
                }
                if let heading = heading(line) {
                    blocks.append(heading)
                    index += 1
                    continue
                }
                if isRule(line) {
                    blocks.append(.rule)
                    index += 1
                    continue
                }
                if depth < Markdown.maximumNesting, quoteContent(line) != nil {
                    var content: [Line] = []
                    var fences = FenceTracker()
                    while index < lines.count {
                        let quoted = lines[index]
                        if let inner = quoteContent(quoted) {
                            content.append(inner)
                        } else if !isBlank(quoted), let last = content.last, !isBlank(last), !fences.isOpen,
                            !interruptsParagraph(quoted, depth: depth)
                        {
                            content.append(quoted)  // lazy continuation
                        } else {
                            break
                        }
                        fences.track(content[content.count - 1])
                        index += 1
                    }
                    blocks.append(.quote(parse(content, depth: depth + 1).blocks))
                    continue
                }
                if depth < Markdown.maximumNesting, let first = listItemStart(line) {
                    let (list, next) = parseList(lines, from: index, first: first, depth: depth)
                    blocks.append(list)
                    index = next
                    continue
                }
                var text = trimmed(line)
                index += 1
                while index < lines.count, !isBlank(lines[index]), !interruptsParagraph(lines[index], depth: depth) {
                    text.append(" ")
                    text.append(contentsOf: trimmed(lines[index]))
                    index += 1
                }
                blocks.append(.paragraph(text))
            }
            return (blocks, blankBetweenBlocks)
        }

        static func parseList(_ lines: [Line], from start: Int, first: ListItemStart, depth: Int) -> (Block, Int) {
            let marker = first.marker
            var items: [[Line]] = [[first.content]]
            var contentColumn = first.contentColumn
            var itemIsEmpty = first.isEmpty
            var loose = false
            var pendingBlanks = 0
            var fences = FenceTracker()
            fences.track(first.content)
            var index = start + 1
            while index < lines.count {
                let line = lines[index]
                if isBlank(line) {
                    pendingBlanks += 1
                    index += 1
                    continue
                }
                let indent = indentColumns(line)
                if indent >= contentColumn && !(itemIsEmpty && pendingBlanks > 0) {
                    items[items.count - 1].append(contentsOf: Array(repeating: [], count: pendingBlanks))
                    items[items.count - 1].append(strip(line, columns: contentColumn))
                    fences.track(items[items.count - 1][items[items.count - 1].count - 1])
                    itemIsEmpty = false
                    pendingBlanks = 0
                    index += 1
                    continue
                }
                if !isRule(line), let item = listItemStart(line), item.marker.ordered == marker.ordered,
                    item.marker.symbol == marker.symbol
                {
                    if pendingBlanks > 0 { loose = true }
                    pendingBlanks = 0
                    items.append([item.content])
                    fences = FenceTracker()
                    fences.track(item.content)
                    contentColumn = item.contentColumn
                    itemIsEmpty = item.isEmpty
                    index += 1
                    continue
                }
                if pendingBlanks == 0, let last = items[items.count - 1].last, !isBlank(last), !fences.isOpen,
                    !interruptsParagraph(line, depth: depth)
                {
                    items[items.count - 1].append(line)  // lazy continuation
                    fences.track(line)
                    index += 1
                    continue
                }
                break
            }
            var parsedItems: [[Block]] = []
            for item in items {
                let parsed = parse(item, depth: depth + 1)
                if parsed.blankBetweenBlocks { loose = true }
                parsedItems.append(parsed.blocks)
            }
            let list = Block.list(ordered: marker.ordered, start: marker.start, tight: !loose, items: parsedItems)
            return (list, index - pendingBlanks)
        }
    }
}

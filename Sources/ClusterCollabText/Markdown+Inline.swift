import Foundation

// Inline syntax: emphasis, code spans, links, autolinks, escapes and character references.
//
// The parser follows CommonMark's delimiter-stack algorithm: it cuts the text into tokens in one pass,
// matches `*`/`_` runs with `openersBottom` (so a closer never rescans openers already known not to match)
// and resolves `[`…`](…)` with a bracket stack. Matched pairs never cross each other nor a link boundary,
// so the rendered tags always nest properly. Scans that look ahead (link destinations, titles, autolinks,
// character references) are bounded, which keeps the whole pass linear in practice.

extension Markdown {
    /// Longest link destination and title accepted, in Unicode scalars (longer ones are not links).
    static let maximumDestinationLength = 2048
    static let maximumTitleLength = 1024

    static func inlineHTML(_ text: Line) -> String {
        var parser = InlineParser(text)
        return renderInlineHTML(parser.parse())
    }

    static func inlinePlain(_ text: Line) -> String {
        var parser = InlineParser(text)
        return renderInlinePlain(parser.parse())
    }

    enum InlineTag {
        case emphasis, strong

        var open: String { self == .strong ? "<strong>" : "<em>" }
        var close: String { self == .strong ? "</strong>" : "</em>" }
    }

    struct InlineToken {
        enum Kind {
            case text, code, delimiter, linkOpen, linkClose, imageOpen, imageClose, autolink
        }

        var kind: Kind
        /// The literal text, the code span's content, the delimiter character or the autolink as written.
        var text: String
        /// Delimiters: how many characters are left as literal text.
        var count = 0
        /// Delimiters: the tags this run opens (innermost first) and closes (innermost first).
        var opens: [InlineTag] = []
        var closes: [InlineTag] = []
        /// Links: the destination when its scheme is allowed, nil when the link renders as its label only.
        var destination: String?
        var title: String?
    }

    struct InlineParser {
        struct Delimiter {
            var token: Int
            var symbol: Unicode.Scalar
            var originalCount: Int
            var canOpen: Bool
            var canClose: Bool
            var previous: Int
            var next: Int
        }

        struct Bracket {
            var token: Int
            var isImage: Bool
            /// The last delimiter when the bracket was met (-1: none): the bottom for the label's emphasis.
            var delimiterBottom: Int
        }

        let source: [Unicode.Scalar]
        var tokens: [InlineToken] = []
        var pending = String.UnicodeScalarView()
        var delimiters: [Delimiter] = []
        var head = -1
        var tail = -1
        var brackets: [Bracket] = []
        /// Link openers (not image openers) below this index in `brackets` may no longer form links.
        var inactiveBelow = 0
        /// Start positions of the backtick runs, by run length, and how far each list has been consumed.
        var backtickRuns: [Int: [Int]] = [:]
        var backtickCursor: [Int: Int] = [:]

        init(_ source: Line) {
            self.source = source
        }

        mutating func parse() -> [InlineToken] {
            indexBacktickRuns()
            let count = source.count
            var index = 0
            while index < count {
                let scalar = source[index]
                switch scalar {
                case "\\":
                    if index + 1 < count, Markdown.isASCIIPunctuation(source[index + 1]) {
                        pending.append(source[index + 1])
                        index += 2
                    } else {
                        pending.append(scalar)
                        index += 1
                    }
                case "`":
                    index = parseCodeSpan(at: index)
                case "<":
                    index = parseAutolink(at: index)
                case "&":
                    if let (decoded, end) = Markdown.characterReference(in: source, at: index) {
                        pending.append(contentsOf: decoded)
                        index = end
                    } else {
                        pending.append(scalar)
                        index += 1
                    }
                case "*", "_":
                    index = parseDelimiterRun(at: index)
                case "[":
                    appendToken(InlineToken(kind: .text, text: "["))
                    brackets.append(Bracket(token: tokens.count - 1, isImage: false, delimiterBottom: tail))
                    index += 1
                case "!" where index + 1 < count && source[index + 1] == "[":
                    appendToken(InlineToken(kind: .text, text: "!["))
                    brackets.append(Bracket(token: tokens.count - 1, isImage: true, delimiterBottom: tail))
                    index += 2
                case "]":
                    index = parseClosingBracket(at: index)
                default:
                    pending.append(scalar)
                    index += 1
                }
            }
            flushText()
            processEmphasis(bottom: -1)
            return tokens
        }

        mutating func flushText() {
            guard !pending.isEmpty else { return }
            tokens.append(InlineToken(kind: .text, text: String(pending)))
            pending = String.UnicodeScalarView()
        }

        mutating func appendToken(_ token: InlineToken) {
            flushText()
            tokens.append(token)
        }

        // MARK: Code spans

        mutating func indexBacktickRuns() {
            var index = 0
            while index < source.count {
                guard source[index] == "`" else {
                    index += 1
                    continue
                }
                var end = index
                while end < source.count && source[end] == "`" { end += 1 }
                backtickRuns[end - index, default: []].append(index)
                index = end
            }
        }

        /// The start of the first backtick run of exactly `length` characters starting at or after `position`.
        mutating func backtickRun(length: Int, from position: Int) -> Int? {
            guard let starts = backtickRuns[length] else { return nil }
            var cursor = backtickCursor[length] ?? 0
            while cursor < starts.count && starts[cursor] < position { cursor += 1 }
            backtickCursor[length] = cursor
            return cursor < starts.count ? starts[cursor] : nil
        }

        mutating func parseCodeSpan(at start: Int) -> Int {
            var end = start
            while end < source.count && source[end] == "`" { end += 1 }
            let length = end - start
            guard let closer = backtickRun(length: length, from: end) else {
                pending.append(contentsOf: String(repeating: "`", count: length).unicodeScalars)
                return end
            }
            var content = Array(source[end..<closer])
            if content.count >= 2, content.first == " ", content.last == " ", content.contains(where: { $0 != " " }) {
                content = Array(content.dropFirst().dropLast())
            }
            appendToken(InlineToken(kind: .code, text: String(String.UnicodeScalarView(content))))
            return closer + length
        }

        // MARK: Autolinks

        mutating func parseAutolink(at start: Int) -> Int {
            let count = source.count
            // <scheme:anything-but-spaces-and-angle-brackets>
            if start + 1 < count, Markdown.isASCIILetter(source[start + 1]) {
                var index = start + 2
                while index < count, index - start - 1 < 32, Markdown.isSchemeCharacter(source[index]) { index += 1 }
                if index < count, source[index] == ":", index - start - 1 >= 2 {
                    var end = index + 1
                    while end < count, source[end] != ">", source[end] != "<", source[end].value > 0x20,
                        source[end].value != 0x7F
                    {
                        end += 1
                    }
                    if end < count, source[end] == ">" {
                        let written = String(String.UnicodeScalarView(source[(start + 1)..<end]))
                        if let destination = Markdown.allowedDestination(written) {
                            appendToken(InlineToken(kind: .autolink, text: written, destination: destination))
                            inactiveBelow = brackets.count  // no link around a link
                        } else {
                            pending.append(contentsOf: source[start...end])
                        }
                        return end + 1
                    }
                }
            }
            // <local@domain>
            var index = start + 1
            while index < count, Markdown.isEmailLocalCharacter(source[index]) { index += 1 }
            if index > start + 1, index < count, source[index] == "@" {
                let domainStart = index + 1
                var end = domainStart
                while end < count, Markdown.isASCIIAlphanumeric(source[end]) || source[end] == "-" || source[end] == "." {
                    end += 1
                }
                if end > domainStart, end < count, source[end] == ">",
                    Markdown.isASCIIAlphanumeric(source[domainStart]), Markdown.isASCIIAlphanumeric(source[end - 1])
                {
                    let address = String(String.UnicodeScalarView(source[(start + 1)..<end]))
                    appendToken(InlineToken(kind: .autolink, text: address, destination: "mailto:" + address))
                    inactiveBelow = brackets.count
                    return end + 1
                }
            }
            pending.append("<")
            return start + 1
        }

        // MARK: Emphasis

        mutating func parseDelimiterRun(at start: Int) -> Int {
            let symbol = source[start]
            var end = start
            while end < source.count && source[end] == symbol { end += 1 }
            let before: Unicode.Scalar = start > 0 ? source[start - 1] : " "
            let after: Unicode.Scalar = end < source.count ? source[end] : " "
            let beforeSpace = Markdown.isUnicodeWhitespace(before), afterSpace = Markdown.isUnicodeWhitespace(after)
            let beforePunctuation = Markdown.isUnicodePunctuation(before)
            let afterPunctuation = Markdown.isUnicodePunctuation(after)
            let leftFlanking = !afterSpace && (!afterPunctuation || beforeSpace || beforePunctuation)
            let rightFlanking = !beforeSpace && (!beforePunctuation || afterSpace || afterPunctuation)
            let canOpen: Bool
            let canClose: Bool
            if symbol == "*" {
                canOpen = leftFlanking
                canClose = rightFlanking
            } else {
                canOpen = leftFlanking && (!rightFlanking || beforePunctuation)
                canClose = rightFlanking && (!leftFlanking || afterPunctuation)
            }
            appendToken(InlineToken(kind: .delimiter, text: String(symbol), count: end - start))
            if canOpen || canClose {
                let index = delimiters.count
                delimiters.append(
                    Delimiter(
                        token: tokens.count - 1, symbol: symbol, originalCount: end - start,
                        canOpen: canOpen, canClose: canClose, previous: tail, next: -1))
                if tail >= 0 { delimiters[tail].next = index } else { head = index }
                tail = index
            }
            return end
        }

        mutating func removeDelimiter(_ index: Int) {
            let previous = delimiters[index].previous
            let next = delimiters[index].next
            if previous >= 0 { delimiters[previous].next = next } else { head = next }
            if next >= 0 { delimiters[next].previous = previous } else { tail = previous }
        }

        /// Matches the emphasis delimiters above `bottom` (-1: all), as in CommonMark's "process emphasis".
        /// Delimiters are numbered in text order, so "at or below" is a comparison of indices.
        mutating func processEmphasis(bottom: Int) {
            var openersBottom = [Int](repeating: bottom, count: 12)
            var closer = bottom >= 0 ? delimiters[bottom].next : head
            while closer >= 0 {
                let current = delimiters[closer]
                guard current.canClose else {
                    closer = current.next
                    continue
                }
                let key = (current.symbol == "*" ? 0 : 6) + (current.canOpen ? 3 : 0) + current.originalCount % 3
                let limit = max(bottom, openersBottom[key])
                var opener = current.previous
                var found = false
                while opener > limit {
                    let candidate = delimiters[opener]
                    if candidate.symbol == current.symbol && candidate.canOpen {
                        let sum = candidate.originalCount + current.originalCount
                        let ruleOfThree =
                            (candidate.canClose || current.canOpen) && sum % 3 == 0
                            && !(candidate.originalCount % 3 == 0 && current.originalCount % 3 == 0)
                        if !ruleOfThree {
                            found = true
                            break
                        }
                    }
                    opener = candidate.previous
                }
                if found {
                    let openerToken = delimiters[opener].token
                    let closerToken = current.token
                    let used = tokens[openerToken].count >= 2 && tokens[closerToken].count >= 2 ? 2 : 1
                    let tag: InlineTag = used == 2 ? .strong : .emphasis
                    tokens[openerToken].count -= used
                    tokens[closerToken].count -= used
                    tokens[openerToken].opens.append(tag)
                    tokens[closerToken].closes.append(tag)
                    // The delimiters between the pair can no longer match anything.
                    delimiters[opener].next = closer
                    delimiters[closer].previous = opener
                    if tokens[openerToken].count == 0 { removeDelimiter(opener) }
                    if tokens[closerToken].count == 0 {
                        let next = delimiters[closer].next
                        removeDelimiter(closer)
                        closer = next
                    }
                } else {
                    openersBottom[key] = current.previous
                    if !current.canOpen { removeDelimiter(closer) }
                    closer = current.next
                }
            }
        }

        // MARK: Links

        mutating func popBracket() {
            brackets.removeLast()
            inactiveBelow = min(inactiveBelow, brackets.count)
        }

        mutating func parseClosingBracket(at index: Int) -> Int {
            guard let opener = brackets.last else {
                pending.append("]")
                return index + 1
            }
            if !opener.isImage && brackets.count - 1 < inactiveBelow {
                popBracket()
                pending.append("]")
                return index + 1
            }
            guard let link = parseLinkTail(at: index + 1) else {
                popBracket()
                pending.append("]")
                return index + 1
            }
            flushText()
            processEmphasis(bottom: opener.delimiterBottom)
            // Delimiters inside the label that found no partner stay literal text.
            if opener.delimiterBottom >= 0 {
                delimiters[opener.delimiterBottom].next = -1
                tail = opener.delimiterBottom
            } else {
                head = -1
                tail = -1
            }
            let destination = Markdown.allowedDestination(link.destination)
            tokens[opener.token].kind = opener.isImage ? .imageOpen : .linkOpen
            tokens[opener.token].destination = destination
            tokens[opener.token].title = link.title
            tokens.append(InlineToken(kind: opener.isImage ? .imageClose : .linkClose, text: "", destination: destination))
            popBracket()
            if !opener.isImage { inactiveBelow = brackets.count }
            return link.end
        }

        func skipSpaces(_ index: inout Int) {
            while index < source.count && (source[index] == " " || source[index] == "\t") { index += 1 }
        }

        /// Reads an escape or a character reference at `index` into `output`; false if there is none.
        func readEscapeOrReference(_ index: inout Int, into output: inout String.UnicodeScalarView) -> Bool {
            if source[index] == "\\", index + 1 < source.count, Markdown.isASCIIPunctuation(source[index + 1]) {
                output.append(source[index + 1])
                index += 2
                return true
            }
            if source[index] == "&", let (decoded, end) = Markdown.characterReference(in: source, at: index) {
                output.append(contentsOf: decoded)
                index = end
                return true
            }
            return false
        }

        /// `(destination "title")` after a closing bracket, as CommonMark's inline links.
        func parseLinkTail(at start: Int) -> (destination: String, title: String?, end: Int)? {
            let count = source.count
            guard start < count, source[start] == "(" else { return nil }
            var index = start + 1
            skipSpaces(&index)
            var destination = String.UnicodeScalarView()
            let destinationStart = index
            if index < count, source[index] == "<" {
                index += 1
                while true {
                    guard index < count, index - destinationStart <= Markdown.maximumDestinationLength else { return nil }
                    let scalar = source[index]
                    if scalar == ">" {
                        index += 1
                        break
                    }
                    if scalar == "<" { return nil }
                    if readEscapeOrReference(&index, into: &destination) { continue }
                    destination.append(scalar)
                    index += 1
                }
            } else {
                // Find the end first (cheap), decode escapes and references only once it is a link.
                var depth = 0
                while index < count {
                    guard index - destinationStart <= Markdown.maximumDestinationLength else { return nil }
                    let scalar = source[index]
                    if scalar.value <= 0x20 || scalar.value == 0x7F { break }
                    if scalar == "\\", index + 1 < count, Markdown.isASCIIPunctuation(source[index + 1]) {
                        index += 2
                        continue
                    }
                    if scalar == "(" {
                        depth += 1
                        if depth > 32 { return nil }
                    } else if scalar == ")" {
                        if depth == 0 { break }
                        depth -= 1
                    }
                    index += 1
                }
                if depth != 0 { return nil }
                var position = destinationStart
                while position < index {
                    if readEscapeOrReference(&position, into: &destination) { continue }
                    destination.append(source[position])
                    position += 1
                }
            }
            let destinationEnd = index
            skipSpaces(&index)
            var title: String?
            if index > destinationEnd, index < count, source[index] == "\"" || source[index] == "'" || source[index] == "(" {
                let closing: Unicode.Scalar = source[index] == "(" ? ")" : source[index]
                index += 1
                let titleStart = index
                var text = String.UnicodeScalarView()
                while true {
                    guard index < count, index - titleStart <= Markdown.maximumTitleLength else { return nil }
                    let scalar = source[index]
                    if scalar == closing {
                        index += 1
                        break
                    }
                    if closing == ")" && scalar == "(" { return nil }
                    if readEscapeOrReference(&index, into: &text) { continue }
                    text.append(scalar)
                    index += 1
                }
                title = String(text)
                skipSpaces(&index)
            }
            guard index < count, source[index] == ")" else { return nil }
            return (String(destination), title, index + 1)
        }
    }
}

import Foundation

/// The templates of a folder (`name.mustache`), each a partial of the others, rendered into UTF-8 bytes.
public struct TemplateLibrary: Sendable {
    let templates: [String: Template]
    /// Each language's translations of `{{#t}}` texts, parsed once: by language code, then by English
    /// text, one node list per plural form.
    let translations: [String: [String: [[Template.Node]]]]

    public init(templates: [String: Template]) {
        self.templates = templates
        translations = [:]
    }

    /// The templates with the translations of `languages`. A translation that is not a valid template
    /// text (or holds more than text and `{{names}}`) does not load, naming the language and the text.
    public init(templates: [String: Template], languages: [Language]) throws(TemplateError) {
        self.templates = templates
        var translations: [String: [String: [[Template.Node]]]] = [:]
        for language in languages {
            guard let catalogue = language.catalogue else { continue }
            var parsed: [String: [[Template.Node]]] = [:]
            for (key, entry) in catalogue.entries where entry.isTranslated && entry.context == nil {
                var forms: [[Template.Node]] = []
                for translation in entry.translations {
                    do throws(TemplateError) {
                        let nodes = try Template.nodes(translation)
                        guard nodes.allSatisfy({ if case .text = $0 { true } else if case .variable = $0 { true } else { false } }) else {
                            throw TemplateError(message: "holds more than text and {{names}}", line: 1)
                        }
                        forms.append(nodes)
                    } catch {
                        throw TemplateError(message: "\(language.code) translation of \"\(entry.id)\": \(error.message)", line: error.line)
                    }
                }
                parsed[key] = forms
            }
            translations[language.code] = parsed
        }
        self.translations = translations
    }

    /// Every `*.mustache` file of `directory`, by its name without the extension, with the translations
    /// of `languages`.
    public init(directory: String, languages: [Language] = []) throws {
        var templates: [String: Template] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: directory) where file.hasSuffix(".mustache") {
            let text = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
            do { templates[String(file.dropLast(".mustache".count))] = try Template(text) } catch {
                throw TemplateError(message: "\(file): \(error.message)", line: error.line)
            }
        }
        try self.init(templates: templates, languages: languages)
    }

    /// The English texts the templates translate (`{{#t}}`), each once, with their plurals, sorted.
    public var messages: [(id: String, plural: String?)] {
        var seen: [String: String?] = [:]
        for template in templates.values { for m in template.messages { seen[m.id] = m.plural } }
        return seen.keys.sorted().map { ($0, seen[$0]!) }
    }

    public func has(_ name: String) -> Bool { templates[name] != nil }

    /// The template `name` filled from `value`, or nil if there is no such template.
    /// In `language` (English, as written, when it is nil or has no translation of a text). With
    /// `markingValues`, every value written from the model is enclosed in U+E000 and U+E001, so that a test
    /// can tell the model's data from the template's own words.
    /// `around` is read for names the value does not have (the page's language, for every page).
    public func render(
        _ value: TemplateValue, with name: String, language: Language? = nil, around: TemplateValue? = nil, markingValues: Bool = false
    ) -> String? {
        renderBytes(value, with: name, language: language, around: around, markingValues: markingValues).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The same, as UTF-8 bytes (what a response sends, with no text made on the way).
    public func renderBytes(
        _ value: TemplateValue, with name: String, language: Language? = nil, around: TemplateValue? = nil, markingValues: Bool = false
    ) -> [UInt8]? {
        guard let template = templates[name] else { return nil }
        var renderer = Renderer(library: self)
        if let language {
            renderer.translations = translations[language.code]
            renderer.plural = language.plural
        }
        renderer.marking = markingValues
        renderer.out.reserveCapacity(32_768)
        if let around { renderer.stack.append(around) }
        renderer.stack.append(value)
        renderer.render(template.nodes, indentation: nil)
        return renderer.out
    }
}

extension TemplateLibrary {
    struct Renderer {
        let library: TemplateLibrary
        var out: [UInt8] = []
        /// The context: the value being rendered at the bottom, each open section's value above it.
        var stack: [TemplateValue] = []
        var translations: [String: [[Template.Node]]]?
        var plural = PluralRule.oneOther
        var marking = false

        mutating func render(_ nodes: [Template.Node], indentation: [UInt8]?) {
            guard let indentation else {
                for node in nodes { render(node, indentation: nil) }
                return
            }
            // Inside an indented partial, output that starts after a line break is indented (per node, as
            // swift-mustache did, so pages read the same).
            let start = out.count
            for node in nodes {
                let afterBreak = out.count > start && out.last == 0x0A
                let before = out.count
                render(node, indentation: indentation)
                if afterBreak, out.count > before { out.insert(contentsOf: indentation, at: before) }
            }
        }

        mutating func render(_ node: Template.Node, indentation: [UInt8]?) {
            switch node {
            case .text(let bytes):
                out.append(contentsOf: bytes)
            case .variable(let name, let escaped):
                guard let value = lookup(name) else { return }
                write(value, escaped: escaped)
            case .section(let name, let inverted, let body):
                let value = lookup(name)
                if inverted {
                    switch value {
                    case .none, .bool(false): render(body, indentation: indentation)
                    case .list(let items) where items.isEmpty:
                        stack.append(.list(items))
                        render(body, indentation: indentation)
                        stack.removeLast()
                    default: break
                    }
                    return
                }
                switch value {
                case .none, .bool(false): break
                case .bool(true): render(body, indentation: indentation)
                case .list(let items):
                    for item in items {
                        stack.append(item)
                        render(body, indentation: indentation)
                        stack.removeLast()
                    }
                case .some(let value):
                    stack.append(value)
                    render(body, indentation: indentation)
                    stack.removeLast()
                }
            case .translated(let text):
                var count = 1
                if let name = text.count {
                    switch lookup(name) {
                    case .number(let n)?: count = n
                    case .text(let t)?: count = Int(t) ?? 1
                    default: break
                    }
                }
                if let forms = translations?[text.id], !forms.isEmpty {
                    render(forms[min(text.count == nil ? 0 : plural.form(count), forms.count - 1)], indentation: indentation)
                } else {
                    render(count == 1 || text.englishPlural == nil ? text.english : text.englishPlural!, indentation: indentation)
                }
            case .partial(let name, let own):
                guard let template = library.templates[name] else { return }
                let combined: [UInt8]? =
                    switch (indentation, own) {
                    case (nil, nil): nil
                    case (let outer?, nil): outer
                    case (nil, let own?): own
                    case (let outer?, let own?): outer + own
                    }
                render(template.nodes, indentation: combined)
            }
        }

        /// A dotted name's value: its first part from the innermost section that has it, the rest within.
        func lookup(_ name: Template.Name) -> TemplateValue? {
            var value: TemplateValue?
            if let first = name.path.first {
                var index = stack.count - 1
                while index >= 0 {
                    if case .object(let data) = stack[index], let found = data.value(named: first) {
                        value = found
                        break
                    }
                    index -= 1
                }
                for part in name.path.dropFirst() {
                    guard case .object(let data)? = value else { return nil }
                    value = data.value(named: part)
                }
            } else {
                value = stack.last
            }
            guard name.empty, let value else { return value }
            switch value {
            case .list(let items): return .bool(items.isEmpty)
            case .text(let text): return .bool(text.isEmpty)
            default: return nil
            }
        }

        mutating func write(_ value: TemplateValue, escaped: Bool) {
            let text: String
            switch value {
            case .text(let t): text = t
            case .number(let n): text = String(n)
            case .bool(let b): text = b ? "true" : "false"
            case .list(let items): text = "[" + items.map { "\($0)" }.joined(separator: ", ") + "]"
            case .object(let data): text = String(describing: data)
            }
            if marking { out.append(contentsOf: [0xEE, 0x80, 0x80]) }  // U+E000
            if escaped { HTMLEscaping.append(text, to: &out) } else { out.append(contentsOf: text.utf8) }
            if marking { out.append(contentsOf: [0xEE, 0x80, 0x81]) }  // U+E001
        }
    }
}

/// The HTML escaping of `{{ }}`: `<`, `>`, `&`, `"` and `'` become entities, so a value can stand in text
/// and in a quoted attribute. Every such byte is escaped, also one that a combining mark follows (escaping
/// by Swift characters, as swift-mustache did, leaves `"` + U+0301 as it is, which ends an attribute).
public enum HTMLEscaping {
    public static func append(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for i in 0..<bytes.count {
                let entity: StaticString
                switch bytes[i] {
                case UInt8(ascii: "<"): entity = "&lt;"
                case UInt8(ascii: ">"): entity = "&gt;"
                case UInt8(ascii: "&"): entity = "&amp;"
                case UInt8(ascii: "\""): entity = "&quot;"
                case UInt8(ascii: "'"): entity = "&#39;"
                default: continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                out.append(contentsOf: UnsafeBufferPointer(start: entity.utf8Start, count: entity.utf8CodeUnitCount))
                start = i + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
    }

    public static func escape(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        append(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

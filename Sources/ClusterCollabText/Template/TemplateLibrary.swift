import Foundation

/// The templates of a folder (`name.mustache`), each a partial of the others, rendered into UTF-8 bytes.
public struct TemplateLibrary: Sendable {
    let templates: [String: Template]

    public init(templates: [String: Template]) {
        self.templates = templates
    }

    /// Every `*.mustache` file of `directory`, by its name without the extension.
    public init(directory: String) throws {
        var templates: [String: Template] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: directory) where file.hasSuffix(".mustache") {
            let text = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
            do { templates[String(file.dropLast(".mustache".count))] = try Template(text) } catch {
                throw TemplateError(message: "\(file): \(error.message)", line: error.line)
            }
        }
        self.init(templates: templates)
    }

    public func has(_ name: String) -> Bool { templates[name] != nil }

    /// The template `name` filled from `value`, or nil if there is no such template.
    public func render(_ value: TemplateValue, with name: String) -> String? {
        guard let template = templates[name] else { return nil }
        var renderer = Renderer(library: self)
        renderer.out.reserveCapacity(32_768)
        renderer.stack.append(value)
        renderer.render(template.nodes, indentation: nil)
        return String(decoding: renderer.out, as: UTF8.self)
    }
}

extension TemplateLibrary {
    struct Renderer {
        let library: TemplateLibrary
        var out: [UInt8] = []
        /// The context: the value being rendered at the bottom, each open section's value above it.
        var stack: [TemplateValue] = []

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
                for context in stack.reversed() {
                    if case .object(let data) = context, let found = data.value(named: first) {
                        value = found
                        break
                    }
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
            if escaped { HTMLEscaping.append(text, to: &out) } else { out.append(contentsOf: text.utf8) }
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

import ClusterCollabText
import Foundation

/// Every text the platform sends a person (in-app notifications and e-mails), one file per kind under
/// `Resources/messages/<kind>.txt`:
///
///     message: the line shown in the app, e.g. Submitted: {{reference}} for {{call}}  (none: e-mail only)
///     subject: the e-mail's subject  (none: in the app only)
///
///     The e-mail's plain-text body, to the end of the file.
///
/// `{{name}}` is replaced by a value; `{{#name}}…{{/name}}` is kept only when the value is not empty, and
/// `{{^name}}…{{/name}}` only when it is. No escaping: these are plain texts, never HTML. A value whose
/// name ends in `_time` is an instant (`Notice.instant`), written in the recipient's language. A value
/// that depends on the language is given once per language besides English, as `name@code`
/// (`failures@fr`), and the recipient's language picks it.
///
/// The files are English. Each other language translates the line, the subject and the body in its
/// catalogue under the context `message` (docs/languages.md), keeping the same `{{names}}`.
public struct MessageTemplates: Sendable {
    public struct Template: Sendable, Equatable {
        public var message: String
        public var subject: String
        public var body: String
    }

    public let templates: [String: Template]

    /// The templates shipped with the platform.
    public static let shared: MessageTemplates = {
        let directory = Bundle.module.resourceURL!.appendingPathComponent("messages")
        do { return try MessageTemplates(directory: directory) } catch {
            preconditionFailure("the message templates cannot be read: \(error)")
        }
    }()

    public init(directory: URL) throws {
        var templates: [String: Template] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) where file.hasSuffix(".txt") {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            templates[String(file.dropLast(4))] = try Self.parse(text, name: file)
        }
        self.templates = templates
    }

    public init(templates: [String: Template]) { self.templates = templates }

    struct FormatError: Error, CustomStringConvertible { var description: String }

    public static func parse(_ text: String, name: String) throws -> Template {
        guard let split = text.range(of: "\n\n") else { throw FormatError(description: "\(name): no blank line between the headers and the body") }
        var headers: [String: String] = [:]
        for line in text[..<split.lowerBound].split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { throw FormatError(description: "\(name): header line without a colon: \(line)") }
            headers[String(line[..<colon])] = String(line[line.index(after: colon)...].drop { $0 == " " })
        }
        // An in-app notice has no e-mail (no subject); an e-mail only notice has no line in the app.
        guard headers["message"] != nil || headers["subject"] != nil else {
            throw FormatError(description: "\(name): needs a message: line, a subject: line or both")
        }
        return Template(message: headers["message"] ?? "", subject: headers["subject"] ?? "", body: String(text[split.upperBound...]))
    }

    /// The template `kind` in `language`, filled with `values`. An unknown kind is a programming error.
    public func render(_ kind: String, _ values: [String: String], in language: Language = Languages.english) -> RenderedMessage {
        guard let template = templates[kind] else { preconditionFailure("no message template \(kind)") }
        let values = Self.written(values, in: language)
        func text(_ english: String) -> String { english.isEmpty ? "" : Self.fill(language.text(english, context: Self.context), values) }
        return RenderedMessage(message: text(template.message), subject: text(template.subject), body: text(template.body))
    }

    /// Only the in-app line of the template `kind`, in `language`.
    public func line(_ kind: String, _ values: [String: String], in language: Language = Languages.english) -> String {
        guard let template = templates[kind] else { preconditionFailure("no message template \(kind)") }
        return template.message.isEmpty ? "" : Self.fill(language.text(template.message, context: Self.context), Self.written(values, in: language))
    }

    /// The catalogue context of the message templates' texts.
    public static let context = "message"

    /// Every English text of the templates (lines, subjects and bodies), for the catalogues' check.
    public var texts: [String] {
        templates.keys.sorted().flatMap { kind in
            let t = templates[kind]!
            return [t.message, t.subject, t.body].filter { !$0.isEmpty }
        }
    }

    /// `values` with every instant (`name_time`) written as `language` writes a date and time, and every
    /// value given in this language too (`failures@fr`) in place of its English one (`failures`).
    static func written(_ values: [String: String], in language: Language) -> [String: String] {
        var out = values.filter { !$0.key.contains("@") }
        let suffix = "@" + language.code
        for (name, value) in values where name.hasSuffix(suffix) { out[String(name.dropLast(suffix.count))] = value }
        for (name, value) in values where name.hasSuffix("_time") {
            let parts = value.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, let seconds = Double(parts[0]) else { continue }
            out[name] = language.dateTime(Date(timeIntervalSince1970: seconds), zone: String(parts[1]), namingZone: true)
        }
        return out
    }

    /// Replaces `{{name}}`, and keeps or drops `{{#name}}…{{/name}}` and `{{^name}}…{{/name}}` sections.
    public static func fill(_ text: String, _ values: [String: String]) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            guard let close = rest.range(of: "}}", range: open.upperBound..<rest.endIndex) else {
                out += rest[open.lowerBound...]
                return out
            }
            let tag = rest[open.upperBound..<close.lowerBound]
            rest = rest[close.upperBound...]
            if let first = tag.first, first == "#" || first == "^" {
                let name = String(tag.dropFirst())
                let end = "{{/\(name)}}"
                guard let closing = rest.range(of: end) else { continue }
                let inner = String(rest[..<closing.lowerBound])
                rest = rest[closing.upperBound...]
                let present = !(values[name] ?? "").isEmpty
                if present == (first == "#") { out += fill(inner, values) }
            } else {
                out += values[String(tag)] ?? ""
            }
        }
        out += rest
        return out
    }
}

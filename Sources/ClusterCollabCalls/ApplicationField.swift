import ClusterCollabCore
import Foundation

/// A question of a call's expression-of-interest form. JSON shapes:
///
///     {"key": "summary", "label": "Summary", "kind": "text", "min_length": 100, "max_length": 3000, "required": true}
///     {"key": "theme", "label": "Main theme", "kind": "choice", "options": ["Drones", "Agri-food"]}
///     {"key": "sme_led", "label": "Is the lead an SME?", "kind": "yes-no", "required": true}
///
/// `required` defaults to false; a text field's `min_length` to 0 and `max_length` to 2000; a choice field
/// without `options` offers the call's thematic areas.
public struct ApplicationField: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Free text of `minLength` to `maxLength` characters.
        case text(minLength: Int, maxLength: Int)
        /// One of `options`, exactly as written.
        case choice(options: [String])
        /// "yes" or "no".
        case yesNo

        /// The kind's name in the JSON.
        public var code: String {
            switch self {
            case .text: "text"
            case .choice: "choice"
            case .yesNo: "yes-no"
            }
        }

        public static let codes = "text, choice, yes-no"
    }

    /// The answer's name in the API (`answers.summary`), unique within a call.
    public var key: String
    /// The question as applicants read it.
    public var label: String
    public var kind: Kind
    /// Whether a submission needs an answer (drafts never do).
    public var required: Bool

    public init(key: String, label: String, kind: Kind, required: Bool = false) {
        self.key = key; self.label = label; self.kind = kind; self.required = required
    }

    /// The longest text a field may ask for; also the default range's ceiling.
    public static let maxTextLength = 20_000
    public static let defaultMaxLength = 2_000
    public static let maxLabelLength = 200
    public static let maxOptions = 100

    /// A broken rule of the field itself: the JSON field (`key`, `max_length`) and the message.
    public typealias Problem = EligibilityRule.Problem

    /// Problems of the field on its own (keys are checked for repeats by the call).
    public func problems() -> [Problem] {
        var problems: [Problem] = []
        if !Self.isValidKey(key) {
            problems.append(.init(field: "key", message: "must start with a lower-case letter and hold only a-z, 0-9 and _ (at most 40 characters)"))
        }
        let trimmedLabel = label.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmedLabel.isEmpty {
            problems.append(.init(field: "label", message: "is required: the question applicants read"))
        } else if trimmedLabel.count > Self.maxLabelLength {
            problems.append(.init(field: "label", message: "must be at most \(Self.maxLabelLength) characters"))
        }
        switch kind {
        case .text(let minLength, let maxLength):
            if !(1...Self.maxTextLength).contains(maxLength) {
                problems.append(.init(field: "max_length", message: "must be between 1 and \(Self.maxTextLength)"))
            } else if minLength < 0 || minLength > maxLength {
                problems.append(.init(field: "min_length", message: "must be between 0 and max_length (\(maxLength))"))
            }
        case .choice(let options):
            if options.isEmpty {
                problems.append(.init(field: "options", message: "must list at least one option"))
            } else if options.count > Self.maxOptions {
                problems.append(.init(field: "options", message: "must list at most \(Self.maxOptions) options"))
            } else if options.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                problems.append(.init(field: "options", message: "must not hold empty options"))
            } else if Set(options).count != options.count {
                problems.append(.init(field: "options", message: "must not repeat an option"))
            }
        case .yesNo:
            break
        }
        return problems
    }

    /// `^[a-z][a-z0-9_]{0,39}$`: safe in URLs, form names and JSON without escaping.
    public static func isValidKey(_ key: String) -> Bool {
        let bytes = Array(key.utf8)
        guard let first = bytes.first, (0x61...0x7A).contains(first), bytes.count <= 40 else { return false }
        return bytes.dropFirst().allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
    }
}

extension ApplicationField: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: JSONKey.self)
        guard let key = try c.optional(String.self, "key") else { throw c.problem("key", "is required") }
        guard let label = try c.optional(String.self, "label") else { throw c.problem("label", "is required") }
        guard let kind = try c.optional(String.self, "kind") else {
            throw c.problem("kind", "is required: one of \(Kind.codes)")
        }
        let required = try c.optional(Bool.self, "required") ?? false
        switch kind {
        case "text":
            try c.refuseUnknownKeys(
                ["key", "label", "kind", "required", "min_length", "max_length"],
                in: "a text field (it takes min_length and max_length)")
            let minLength = try c.optional(Int.self, "min_length") ?? 0
            let maxLength = try c.optional(Int.self, "max_length") ?? Self.defaultMaxLength
            self.init(key: key, label: label, kind: .text(minLength: minLength, maxLength: maxLength), required: required)
        case "choice":
            try c.refuseUnknownKeys(["key", "label", "kind", "required", "options"], in: "a choice field (it takes options)")
            let options = try c.optional([String].self, "options") ?? []
            self.init(key: key, label: label, kind: .choice(options: options), required: required)
        case "yes-no":
            try c.refuseUnknownKeys(["key", "label", "kind", "required"], in: "a yes-no field")
            self.init(key: key, label: label, kind: .yesNo, required: required)
        default:
            throw c.problem("kind", "must be one of \(Kind.codes) (not \(kind))")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: JSONKey.self)
        try c.encode(key, forKey: JSONKey("key"))
        try c.encode(label, forKey: JSONKey("label"))
        try c.encode(kind.code, forKey: JSONKey("kind"))
        switch kind {
        case .text(let minLength, let maxLength):
            try c.encode(minLength, forKey: JSONKey("min_length"))
            try c.encode(maxLength, forKey: JSONKey("max_length"))
        case .choice(let options):
            try c.encode(options, forKey: JSONKey("options"))
        case .yesNo:
            break
        }
        try c.encode(required, forKey: JSONKey("required"))
    }
}

/// The answers of an expression of interest, by field key. Answers are text; a yes/no answer is "yes" or "no".
public enum ApplicationAnswers {
    /// Every broken rule, as `answers.<key>`. A draft may be incomplete: only answers given are checked,
    /// against their maximum length, choices and yes/no; a minimum length is not held against text still
    /// being written. A submission also needs every required field and every minimum length. Keys that
    /// are not fields of the call are refused by name either way, so a renamed field cannot drop an
    /// answer silently. Surrounding white space does not count.
    public static func validate(_ answers: [String: String], fields: [ApplicationField], forSubmission: Bool) -> ValidationErrors {
        var errors = ValidationErrors()
        let known = Set(fields.map(\.key))
        for key in answers.keys.sorted() where !known.contains(key) {
            errors.add("answers.\(key)", "is not a field of this call")
        }
        for field in fields {
            let name = "answers.\(field.key)"
            let answer = (answers[field.key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if answer.isEmpty {
                if forSubmission && field.required { errors.add(name, "is required: \(field.label)") }
                continue
            }
            switch field.kind {
            case .text(let minLength, let maxLength):
                let count = answer.count
                if count > maxLength {
                    errors.add(name, "must be at most \(maxLength) characters (it has \(count))")
                } else if forSubmission && count < minLength {
                    errors.add(name, "must be at least \(minLength) characters (it has \(count))")
                }
            case .choice(let options):
                if !options.contains(answer) { errors.add(name, "must be one of: \(options.joined(separator: ", "))") }
            case .yesNo:
                if answer != "yes" && answer != "no" { errors.add(name, "must be yes or no") }
            }
        }
        return errors
    }
}

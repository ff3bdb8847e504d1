import ClusterCollabCore
import Foundation

/// Reading calls, rules and fields from JSON with every problem named by its API path: `rules[2].value`,
/// `fields[0].kind`, `criteria[1].max_points`. The decoders of this target throw `DecodingError`s whose
/// coding path points at the field and whose text, when it starts with "must" or "is", is the message a
/// person reads; everything else is translated here.
public enum CallJSON {
    /// Decodes `T` from a JSON body, or a refusal naming the field (`body` when the whole body is wrong).
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(ValidationErrors) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw ValidationErrors(fields(error))
        } catch {
            throw ValidationErrors(["body": "could not be read"])
        }
    }

    /// The API path of a coding path: keys joined by dots, array positions as `[n]`.
    static func path(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return text
    }

    static func fields(_ error: DecodingError) -> [String: String] {
        func named(_ keys: [any CodingKey]) -> String {
            let field = path(keys)
            return field.isEmpty ? "body" : field
        }
        switch error {
        case .keyNotFound(let key, let context):
            return [named(context.codingPath + [key]): "is required"]
        case .valueNotFound(_, let context):
            return [named(context.codingPath): "is required (it may not be null)"]
        case .typeMismatch(let type, let context):
            return [named(context.codingPath): "must be \(kind(type))"]
        case .dataCorrupted(let context):
            let text = context.debugDescription
            // Our own decoders write messages for people; Foundation's own (invalid JSON) do not.
            if text.hasPrefix("must") || text.hasPrefix("is ") {
                return [named(context.codingPath): text]
            }
            return context.codingPath.isEmpty ? ["body": "is not valid JSON"] : [named(context.codingPath): "is not valid"]
        @unknown default:
            return ["body": "could not be read"]
        }
    }

    private static func kind(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "text"
        case is Int.Type, is Int64.Type: return "a whole number"
        case is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") || name.hasPrefix("[") { return "a list" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "a valid value"
        }
    }
}

/// A coding key for objects whose keys are checked one by one (unknown keys are refused by name).
struct JSONKey: CodingKey, Hashable {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension KeyedDecodingContainer where Key == JSONKey {
    /// A refusal pointing at `key`, with a message for people.
    func problem(_ key: String, _ message: String) -> DecodingError {
        DecodingError.dataCorrupted(.init(codingPath: codingPath + [JSONKey(key)], debugDescription: message))
    }

    /// Refuses the first key that is not in `known`, naming what the object is.
    func refuseUnknownKeys(_ known: Set<String>, in what: String) throws {
        for key in allKeys.sorted(by: { $0.stringValue < $1.stringValue }) where !known.contains(key.stringValue) {
            throw problem(key.stringValue, "is not part of \(what)")
        }
    }

    func optional<T: Decodable>(_ type: T.Type, _ key: String) throws -> T? {
        try decodeIfPresent(T.self, forKey: JSONKey(key))
    }
}

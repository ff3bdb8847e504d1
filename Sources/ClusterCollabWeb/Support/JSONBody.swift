import Foundation
import Hummingbird

/// A JSON object body read field by field, so that a wrong type is named (`min_members: must be a whole
/// number`) instead of failing the whole document, and unknown fields are refused rather than ignored.
struct JSONBody {
    private let object: [String: Any]
    private(set) var errors: [String: String] = [:]

    /// Reads `request`'s body; an empty body is an empty object. Malformed JSON is 400.
    static func read(_ request: Request, _ context: AppRequestContext, allowed: Set<String>) async throws -> JSONBody {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        let data = Data(buffer: buffer)
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return JSONBody(object: [:]) }
        guard let parsed = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            throw APIError.malformed("the body is not valid JSON")
        }
        guard let object = parsed as? [String: Any] else { throw APIError.malformed("the body must be a JSON object") }
        let unknown = Set(object.keys).subtracting(allowed)
        if !unknown.isEmpty {
            throw APIError(
                .unprocessableContent, "validation",
                fields: Dictionary(uniqueKeysWithValues: unknown.map { ($0, "is not a field here; known fields: \(allowed.sorted().joined(separator: ", "))") })
            )
        }
        return JSONBody(object: object)
    }

    init(object: [String: Any]) { self.object = object }

    func has(_ key: String) -> Bool { object[key] != nil }

    func isNull(_ key: String) -> Bool { object[key] is NSNull }

    mutating func string(_ key: String) -> String? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let text = value as? String else { errors[key] = "must be a string"; return nil }
        return text
    }

    mutating func int(_ key: String) -> Int? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        // JSONSerialization gives NSNumber for numbers and booleans; a boolean is not a count.
        guard let number = value as? NSNumber, !Self.isBoolean(number),
            number.doubleValue == number.doubleValue.rounded(), abs(number.doubleValue) < 1e15
        else {
            errors[key] = "must be a whole number"; return nil
        }
        return number.intValue
    }

    mutating func bool(_ key: String) -> Bool? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let number = value as? NSNumber, Self.isBoolean(number) else {
            errors[key] = "must be true or false"; return nil
        }
        return number.boolValue
    }

    mutating func strings(_ key: String) -> [String]? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let list = value as? [Any], list.allSatisfy({ $0 is String }) else { errors[key] = "must be a list of strings"; return nil }
        return list.compactMap { $0 as? String }
    }

    /// A list of whole numbers (`[1, 40]`: sector or ecosystem ids).
    mutating func ints(_ key: String) -> [Int]? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let list = value as? [Any],
            list.allSatisfy({ item in
                guard let number = item as? NSNumber, !Self.isBoolean(number) else { return false }
                return number.doubleValue == number.doubleValue.rounded() && abs(number.doubleValue) < 1e15
            })
        else { errors[key] = "must be a list of whole numbers"; return nil }
        return list.compactMap { ($0 as? NSNumber)?.intValue }
    }

    /// An object of strings (`{"summary": "..."}`), for answers keyed by the call's own field names.
    mutating func stringMap(_ key: String) -> [String: String]? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let map = value as? [String: Any], map.values.allSatisfy({ $0 is String }) else {
            errors[key] = "must be an object of strings"; return nil
        }
        return map.compactMapValues { $0 as? String }
    }

    /// An object of whole numbers (`{"Relevance": 27}`).
    mutating func intMap(_ key: String) -> [String: Int]? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let map = value as? [String: Any] else { errors[key] = "must be an object of whole numbers"; return nil }
        var result: [String: Int] = [:]
        for (name, raw) in map {
            guard let number = raw as? NSNumber, !Self.isBoolean(number), number.doubleValue == number.doubleValue.rounded() else {
                errors["\(key).\(name)"] = "must be a whole number"; continue
            }
            result[name] = number.intValue
        }
        return result
    }

    mutating func object(_ key: String, allowed: Set<String>) -> JSONBody? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let nested = value as? [String: Any] else { errors[key] = "must be an object"; return nil }
        for unknown in Set(nested.keys).subtracting(allowed) {
            errors["\(key).\(unknown)"] = "is not a field here; known fields: \(allowed.sorted().joined(separator: ", "))"
        }
        return JSONBody(object: nested)
    }

    /// Records a type error found in a nested object, under its dotted name.
    mutating func markMalformed(_ field: String, _ rule: String) { errors[field] = rule }

    /// JSON `true`/`false` arrive as a distinct boolean class of NSNumber (numbers 0 and 1 also cast to
    /// Bool, so a cast cannot tell them apart).
    static func isBoolean(_ number: NSNumber) -> Bool {
        String(describing: type(of: number)).contains("Boolean")
    }

    /// Throws 400 naming every field of the wrong type.
    func throwIfMalformed() throws {
        if !errors.isEmpty { throw APIError.malformed("malformed body", fields: errors) }
    }
}

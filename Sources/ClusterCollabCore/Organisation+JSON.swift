import Foundation

/// Reading a profile from an API body: the body's keys are checked, merged over the stored profile (for
/// PATCH), and every problem is reported by field in words a person can read.
extension Organisation {
    /// Keys the server sets; a client may send them back unchanged (as from a GET) and they are ignored.
    public static let readOnlyJSONKeys: Set<String> = [
        "id", "slug", "created_at", "updated_at", "checklist", "url",
        "country_name", "region_name", "type_label",
    ]

    /// Outcome of reading a body: a profile, a body that cannot be parsed, or broken rules by field.
    public enum JSONInput: Sendable {
        case organisation(Organisation)
        case malformed(String)
        case invalid(ValidationErrors)
    }

    /// Reads a JSON object body. With `base`, keys absent from the body keep the base's values (PATCH);
    /// `null` clears an optional field.
    public static func fromJSON(_ body: Data, base: Organisation? = nil) -> JSONInput {
        let parsed: Any
        do { parsed = try JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) } catch {
            return .malformed("the body is not valid JSON")
        }
        guard let object = parsed as? [String: Any] else { return .malformed("the body must be a JSON object") }
        var errors = ValidationErrors()
        let known = Set(CodingKeys.allCases.map(\.rawValue))
        for key in object.keys where !known.contains(key) && !readOnlyJSONKeys.contains(key) {
            errors.add(key, "is not a profile field")
        }
        if !errors.isEmpty { return .invalid(errors) }

        var merged: [String: Any] = [:]
        if let base, let data = try? OrganisationJSON.encoder.encode(base),
            let dict = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        {
            merged = dict
        }
        for (key, value) in object where !readOnlyJSONKeys.contains(key) {
            if key == "members", let patch = value as? [String: Any], var current = merged["members"] as? [String: Any] {
                for (k, v) in patch { current[k] = v }
                merged[key] = current
            } else {
                merged[key] = value
            }
        }
        if let base {
            merged["id"] = base.id
            merged["slug"] = base.slug
        }
        do {
            let data = try JSONSerialization.data(withJSONObject: merged)
            var organisation = try OrganisationJSON.decoder.decode(Organisation.self, from: data)
            if let base {
                organisation.createdAt = base.createdAt
                organisation.updatedAt = base.updatedAt
            }
            return .organisation(organisation)
        } catch let error as DecodingError {
            return .invalid(ValidationErrors(describe(error)))
        } catch {
            return .malformed("the body could not be read")
        }
    }

    static func describe(_ error: DecodingError) -> [String: String] {
        func path(_ keys: [any CodingKey], _ last: (any CodingKey)? = nil) -> String {
            let all = keys + (last.map { [$0] } ?? [])
            return all.filter { $0.intValue == nil }.map(\.stringValue).joined(separator: ".")
        }
        func kind(_ type: Any.Type) -> String {
            switch type {
            case is String.Type: "text"
            case is Int.Type, is Int64.Type: "a whole number"
            case is Double.Type: "a number"
            case is [Any].Type: "a list"
            default: String(describing: type).hasPrefix("Array") ? "a list" : (String(describing: type).hasPrefix("Dictionary") ? "an object" : "a valid value")
            }
        }
        switch error {
        case .keyNotFound(let key, let context):
            return [path(context.codingPath, key): "is required"]
        case .valueNotFound(_, let context):
            return [path(context.codingPath): "is required (it may not be null)"]
        case .typeMismatch(let type, let context):
            return [path(context.codingPath): "must be \(kind(type))"]
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            switch field {
            case "type": return [field: "must be one of: \(OrganisationType.codes)"]
            case "status": return [field: "must be one of: \(ProfileStatus.codes)"]
            default:
                let message = context.debugDescription.hasPrefix("must") ? context.debugDescription : "is not valid"
                return [field.isEmpty ? "body" : field: message]
            }
        @unknown default:
            return ["body": "is not valid"]
        }
    }

    /// Normalises and validates in one step: the profile as it will be stored, or every broken rule.
    public func prepared(reference: ReferenceData) throws(ValidationErrors) -> Organisation {
        var copy = self
        copy.normalise()
        try copy.validate(reference: reference).throwIfAny()
        return copy
    }
}

/// A refusal that names each field and the rule it breaks, e.g. `website: must be an https:// or http://
/// URL`. The same messages appear in the API's `{"error": "validation", "fields": {...}}` and on the forms.
public struct ValidationErrors: Error, Sendable, Equatable, CustomStringConvertible {
    public private(set) var fields: [String: String]

    public init(_ fields: [String: String] = [:]) { self.fields = fields }

    /// Records the first broken rule of a field (later ones for the same field are dropped: one clear
    /// message per field).
    public mutating func add(_ field: String, _ rule: String) {
        if fields[field] == nil { fields[field] = rule }
    }

    public var isEmpty: Bool { fields.isEmpty }

    /// Throws self when any rule was broken.
    public func throwIfAny() throws(ValidationErrors) { if !isEmpty { throw self } }

    public var description: String {
        fields.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
    }
}

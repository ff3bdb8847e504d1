import ClusterCollabCore
import Foundation

/// A text field of the content's forms and JSON, read one way: a browser's `\r\n` becomes `\n`, the ends
/// are trimmed, and the length is checked when the field is `checked` (a new item's every field, an
/// edit's named ones).
enum FieldText {
    static func read(
        _ value: String?, _ field: String, checked: Bool, min: Int, max: Int, keep: inout String, errors: inout ValidationErrors
    ) {
        if let value { keep = value.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines) }
        guard checked else { return }
        if keep.count < min {
            errors.add(field, min == 1 ? "is required" : "must be at least \(min) characters")
        } else if keep.count > max {
            errors.add(field, "must be at most \(max) characters")
        }
    }
}

import ClusterCollabCalls
import ClusterCollabCore
import Foundation
import Hummingbird

extension APIError {
    /// The one place a `Refusal` becomes HTTP: its status and `{"error", "fields"}` (the error middleware
    /// turns it into an HTML page for browsers). A late submission names the deadline in `zone` (the
    /// person's own, else the call's), in UTC, and in `callZone` when given.
    public init(_ refusal: Refusal, zone: String? = nil, callZone: String? = nil) {
        switch refusal.kind {
        case .notFound: self.init(.notFound, refusal.description, fields: refusal.fields)
        case .forbidden: self.init(.forbidden, refusal.description, fields: refusal.fields)
        case .conflict: self.init(.conflict, refusal.description, fields: refusal.fields)
        case .invalid: self.init(.unprocessableContent, refusal.description, fields: refusal.fields)
        case .deadlinePassed:
            var fields = ["message": refusal.description]
            if let deadline = refusal.deadline {
                fields["deadline"] = ZonedTime.display(deadline, zone: zone ?? callZone ?? "UTC")
                fields["deadline_utc"] = ISO8601DateFormatter().string(from: deadline)
                if let callZone { fields["deadline_call_zone"] = ZonedTime.display(deadline, zone: callZone) }
            }
            self.init(.unprocessableContent, "deadline_passed", fields: fields)
            page = (refusal.description, fields.filter { $0.key != "message" })
        case .ineligible:
            var fields: [String: String] = [:]
            for (i, sentence) in refusal.failures.enumerated() { fields["rule \(i + 1)"] = sentence }
            self.init(.unprocessableContent, "ineligible: " + refusal.failures.joined(separator: " "), fields: fields)
            var shown: [String: String] = [:]
            for (i, sentence) in refusal.failures(in: RequestLanguage.current.code).enumerated() { shown["rule \(i + 1)"] = sentence }
            page = (refusal.description, shown)
        }
    }
}

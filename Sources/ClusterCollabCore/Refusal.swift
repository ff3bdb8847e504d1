import Foundation

/// The one refusal of the platform: an action a person asked for that the rules or the current state do not
/// allow, with a sentence they can read. Decisions and repositories throw it; the web target turns it into
/// HTTP in one place (`APIError(refusal:zone:)`): a status, `{"error", "fields"}` or an HTML page.
public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The thing named does not exist (404).
        case notFound
        /// The person may not do this (403).
        case forbidden
        /// The current state or version does not allow it (409).
        case conflict
        /// The input makes no sense here (422), with the fields it names, if any.
        case invalid
        /// The deadline has passed (422, `deadline_passed`).
        case deadlinePassed
        /// The consortium breaks the call's eligibility rules (422), with each failed rule's sentence.
        case ineligible
    }

    public var kind: Kind
    public var description: String
    /// The fields and rules an invalid input breaks.
    public var fields: [String: String]
    /// The failed rules' sentences, for an ineligible submission (English: the API's words).
    public var failures: [String]
    /// The same sentences in each language the platform speaks, by language code, for pages.
    public var failuresByLanguage: [String: [String]]
    /// The deadline, for a late one.
    public var deadline: Date?

    public init(
        _ kind: Kind, _ description: String, fields: [String: String] = [:], failures: [String] = [],
        failuresByLanguage: [String: [String]] = [:], deadline: Date? = nil
    ) {
        self.kind = kind
        self.description = description
        self.fields = fields
        self.failures = failures
        self.failuresByLanguage = failuresByLanguage
        self.deadline = deadline
    }

    /// The failed rules' sentences in the language with `code` (English when it has none).
    public func failures(in code: String) -> [String] { failuresByLanguage[code] ?? failures }
}

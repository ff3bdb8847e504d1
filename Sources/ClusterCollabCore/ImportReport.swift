/// What a bulk import of organisations does (or would do) row by row.
public struct ImportReport: Sendable {
    /// What happens (or would happen) to one row.
    public enum Outcome: Sendable, Equatable {
        case created
        case updated
        /// The row equals the stored profile: nothing to write (an export imported again changes nothing).
        case unchanged
        case rejected(ValidationErrors)
    }

    /// One row of the file and what happens to it.
    public struct Row: Sendable {
        /// The row's line in the file (the header is line 1).
        public var line: Int
        public var name: String
        public var country: String
        public var outcome: Outcome
        public init(line: Int, name: String, country: String, outcome: Outcome) {
            self.line = line; self.name = name; self.country = country; self.outcome = outcome
        }
    }

    public var rows: [Row]
    public init(rows: [Row]) { self.rows = rows }
    public var created: Int { rows.filter { $0.outcome == .created }.count }
    public var updated: Int { rows.filter { $0.outcome == .updated }.count }
    public var unchanged: Int { rows.filter { $0.outcome == .unchanged }.count }
    public var rejected: Int { rows.count - created - updated - unchanged }
}

/// A file that cannot be read at all (not CSV, required columns missing).
public struct ImportFileError: Error, CustomStringConvertible {
    public var description: String
    public init(description: String) { self.description = description }
}

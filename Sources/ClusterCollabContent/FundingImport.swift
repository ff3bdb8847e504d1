import ClusterCollabCore
import ClusterCollabText
import Foundation

/// Funding opportunities as the platform team imports them: an RFC 4180 CSV file with a header row of the
/// API's field names (`FundingOpportunityInput.fieldNames`), one new opportunity per row, lists separated
/// by `;`. An import is all or nothing: every broken row is named by the line it starts on and its field
/// (`line 3: deadline`), and nothing is stored unless every row is valid, so that fixing the file and
/// importing it again never leaves half of it listed twice.
public enum FundingImport {
    /// Rows one import takes at most: a programme's calls, not a mirror of a funding portal.
    public static let maxRows = 1_000
    /// The columns a file must have (the others may be left out).
    public static let requiredColumns = ["title", "programme", "funding_body", "link", "opens_at", "deadline", "time_zone"]

    /// A valid row: the line it starts on and the opportunity it writes.
    public struct Row: Sendable, Equatable {
        public var line: Int
        public var opportunity: FundingOpportunity
        public init(line: Int, opportunity: FundingOpportunity) { self.line = line; self.opportunity = opportunity }
    }

    /// The field name of a row's problem: `line 3: deadline`.
    public static func field(line: Int, _ field: String) -> String { "line \(line): \(field)" }

    /// Every row of `text` as a new opportunity checked at `now`, or every problem: the file's (`file`) or
    /// each broken row's.
    public static func parse(_ text: String, reference: ReferenceData, now: Date) throws(ValidationErrors) -> [Row] {
        let numbered: [(line: Int, fields: [String])]
        do { numbered = try CSV.numberedRows(text) } catch {
            throw ValidationErrors(["file": "is not valid CSV: line \(error.line): \(error.reason)"])
        }
        guard let header = numbered.first?.fields.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) else {
            throw ValidationErrors(["file": "is empty: it needs a header row and one row per opportunity"])
        }
        var errors = ValidationErrors()
        let missing = requiredColumns.filter { !header.contains($0) }
        if !missing.isEmpty { errors.add("file", "must have the columns \(missing.joined(separator: ", ")) in its header row") }
        if let unknown = header.first(where: { !FundingOpportunityInput.fieldNames.contains($0) }) {
            errors.add("file", "has a column no opportunity has: \(unknown.isEmpty ? "(empty)" : unknown)")
        }
        if let repeated = header.enumerated().first(where: { header.firstIndex(of: $0.element) != $0.offset })?.element {
            errors.add("file", "has the column \(repeated) twice")
        }
        let records = numbered.dropFirst().filter { !$0.fields.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
        if records.isEmpty { errors.add("file", "holds no opportunity: add one row per opportunity under the header") }
        if records.count > maxRows { errors.add("file", "holds \(records.count) rows; an import takes at most \(maxRows)") }
        try errors.throwIfAny()

        var rows: [Row] = []
        var seen: [String: Int] = [:]
        for record in records {
            if record.fields.count != header.count {
                errors.add(field(line: record.line, "file"), "has \(record.fields.count) values where the header names \(header.count) columns")
                continue
            }
            var values: [String: String] = [:]
            var controlled = false
            for (name, value) in zip(header, record.fields) {
                values[name] = value
                // A file is no form: the rule every text input follows is checked here, cell by cell.
                if TextInput.hasControlCharacters(value) {
                    errors.add(field(line: record.line, name), TextInput.controlCharacterRule)
                    controlled = true
                }
            }
            if controlled { continue }
            do throws(ValidationErrors) {
                let opportunity = try FundingOpportunityInput(record: values).applied(to: nil, reference: reference, now: now)
                // The same call twice in one file is a copy-and-paste slip, not two opportunities.
                let key = TextFolding.fold(opportunity.title) + "\n" + opportunity.link
                if let first = seen[key] {
                    errors.add(field(line: record.line, "title"), "repeats the opportunity on line \(first) (same title and link)")
                } else {
                    seen[key] = record.line
                }
                rows.append(Row(line: record.line, opportunity: opportunity))
            } catch {
                for (name, rule) in error.fields.sorted(by: { $0.key < $1.key }) { errors.add(field(line: record.line, name), rule) }
            }
        }
        try errors.throwIfAny()
        return rows
    }

    /// The header line of a file the import reads, for the form's example and the documentation.
    public static var header: String { CSV.line(FundingOpportunityInput.fieldNames) }
}

import ClusterCollabCore
import ClusterCollabText
import Foundation

/// Bulk import of organisations from the CSV format: every row is validated first; the file is written in
/// one transaction, and a file with any rejected row writes nothing unless the caller skips invalid rows.
public struct OrganisationImport: Sendable {
    public let repository: OrganisationRepository
    public let reference: ReferenceData

    public init(repository: OrganisationRepository, reference: ReferenceData) {
        self.repository = repository
        self.reference = reference
    }

    /// Validates every row against the rules and the stored profiles. Returns the report and the writes
    /// the valid rows would make.
    public func plan(csv text: String, progress: ((Int, Int) -> Void)? = nil) async throws -> (ImportReport, [OrganisationBatchItem]) {
        let rows: [[String]]
        do { rows = try CSV.rows(text) } catch { throw ImportFileError(description: "the file is not valid CSV: \(error)") }
        guard let header = rows.first else { throw ImportFileError(description: "the file is empty") }
        let columns = header.map { $0.trimmingCharacters(in: .whitespaces) }
        let missing = Organisation.csvRequiredColumns.filter { !columns.contains($0) }
        if !missing.isEmpty {
            throw ImportFileError(
                description:
                    "required columns missing: \(missing.joined(separator: ", ")) (the header must name at least \(Organisation.csvRequiredColumns.joined(separator: ", ")))"
            )
        }
        let unknown = columns.filter { !Organisation.csvColumns.contains($0) }
        if !unknown.isEmpty {
            throw ImportFileError(
                description: "unknown columns: \(unknown.joined(separator: ", ")); the columns are \(Organisation.csvColumns.joined(separator: ","))")
        }
        // The stored profiles by (country, folded name): the key that decides create or update.
        var stored: [String: Organisation] = [:]
        for organisation in try await repository.all() {
            stored[organisation.country + "|" + TextFolding.fold(organisation.name)] = organisation
        }
        var seen: [String: Int] = [:]
        var report: [ImportReport.Row] = []
        var items: [OrganisationBatchItem] = []
        let total = rows.count - 1
        for (offset, fields) in rows.dropFirst().enumerated() {
            let line = offset + 2
            if offset > 0 && offset % 10_000 == 0 { progress?(offset, total) }
            var record: [String: String] = [:]
            for (i, column) in columns.enumerated() where i < fields.count { record[column] = fields[i] }
            let name = (record["name"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let country = (record["country"] ?? "").trimmingCharacters(in: .whitespaces).uppercased()
            if fields.count != columns.count {
                report.append(
                    ImportReport.Row(
                        line: line, name: name, country: country,
                        outcome: .rejected(
                            ValidationErrors(
                                ["row": "has \(fields.count) fields but the header has \(columns.count) columns"]))))
                continue
            }
            let key = country + "|" + TextFolding.fold(name)
            if let first = seen[key] {
                report.append(
                    ImportReport.Row(
                        line: line, name: name, country: country,
                        outcome: .rejected(
                            ValidationErrors(
                                ["name": "the same name and country already appear on line \(first)"]))))
                continue
            }
            seen[key] = line
            let base = stored[key]
            switch Organisation.fromCSV(record, base: base) {
            case .failure(let errors):
                report.append(ImportReport.Row(line: line, name: name, country: country, outcome: .rejected(errors)))
            case .success(let organisation):
                do {
                    let valid = try organisation.prepared(reference: reference)
                    if let base, base == valid {
                        report.append(ImportReport.Row(line: line, name: name, country: country, outcome: .unchanged))
                    } else if base != nil {
                        items.append(.update(valid))
                        report.append(ImportReport.Row(line: line, name: name, country: country, outcome: .updated))
                    } else {
                        items.append(.create(valid))
                        report.append(ImportReport.Row(line: line, name: name, country: country, outcome: .created))
                    }
                } catch {
                    report.append(ImportReport.Row(line: line, name: name, country: country, outcome: .rejected(error)))
                }
            }
        }
        progress?(total, total)
        return (ImportReport(rows: report), items)
    }

    /// Writes the planned items in one transaction.
    public func apply(_ items: [OrganisationBatchItem], progress: (@Sendable (Int) -> Void)? = nil) async throws {
        try await repository.write(items, progress: progress)
    }
}

import ClusterCollabCore
import ClusterCollabText
import Foundation

/// Region categories as administrators load them: a CSV file with the header `nuts_code,category`, one NUTS 2
/// code per row and a category written `less-developed`, `transition` or `more-developed`.
public enum RegionCategoryTable {
    /// The rows of `text`, or every broken row named by its line number. Nothing is returned unless every
    /// row is valid, so an import changes all or nothing.
    public static func parse(_ text: String, reference: ReferenceData) throws(ValidationErrors) -> [String: RegionCategory] {
        var errors = ValidationErrors()
        let records: [[String]]
        do { records = try CSV.rows(text) } catch {
            throw ValidationErrors(["file": "is not valid CSV: \(error)"])
        }
        guard let header = records.first?.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }),
            header.count >= 2, header[0] == "nuts_code", header[1] == "category"
        else {
            throw ValidationErrors(["file": "must start with the header nuts_code,category"])
        }
        var table: [String: RegionCategory] = [:]
        for (offset, record) in records.dropFirst().enumerated() {
            let line = offset + 2
            if record.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            guard record.count >= 2 else { errors.add("line \(line)", "needs two values: nuts_code,category"); continue }
            do throws(ValidationErrors) {
                let (code, category) = try row(code: record[0], category: record[1], reference: reference)
                if table[code] != nil { errors.add("line \(line)", "\(code) is listed twice") }
                table[code] = category
            } catch {
                for (field, rule) in error.fields { errors.add("line \(line)", "\(field) \(rule)") }
            }
        }
        try errors.throwIfAny()
        return table
    }

    /// One checked row: the code must be a NUTS 2 region of the shipped reference data.
    public static func row(code: String, category: String, reference: ReferenceData) throws(ValidationErrors) -> (String, RegionCategory) {
        let nuts = code.trimmingCharacters(in: .whitespaces).uppercased()
        var errors = ValidationErrors()
        if let region = reference.region(nuts) {
            if region.level != 2 { errors.add("nuts_code", "\(nuts) is a level \(region.level) region; categories are set for NUTS 2 regions") }
        } else {
            errors.add("nuts_code", "\(nuts.isEmpty ? "(empty)" : nuts) is not a NUTS 2024 region code")
        }
        let value = RegionCategory(rawValue: category.trimmingCharacters(in: .whitespaces).lowercased())
        if value == nil {
            errors.add("category", "must be one of \(RegionCategory.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        try errors.throwIfAny()
        return (nuts, value ?? .moreDeveloped)
    }
}

import ClusterCollabText
import Foundation

/// The organisation CSV format: one row per organisation, the same columns for import and export, so an
/// export imported again changes nothing.
extension Organisation {
    /// Every column, in export order.
    public static let csvColumns = [
        "name", "acronym", "type", "country", "region", "city", "website", "description", "second_description",
        "second_description_language", "founded",
        "staff_fte", "members_total", "members_sme", "members_large", "members_research",
        "members_university", "members_public", "members_other", "sectors", "ecosystems",
        "emerging_industries", "technologies", "nace", "s3_priorities", "tags", "labels",
        "programme_recognition", "countries_of_interest", "infrastructures", "contact_name",
        "contact_email", "status",
    ]

    /// Columns an import file must have.
    public static let csvRequiredColumns = ["name", "type", "country", "status"]

    /// The profile as a CSV record keyed by column.
    public var csvRecord: [String: String] {
        func n(_ v: Int?) -> String { v.map(String.init) ?? "" }
        func fte(_ v: Double?) -> String {
            guard let v else { return "" }
            return v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
        }
        return [
            "name": name, "acronym": acronym ?? "", "type": type.rawValue, "country": country,
            "region": region ?? "", "city": city ?? "", "website": website ?? "",
            "description": description ?? "", "second_description": secondDescription ?? "",
            "second_description_language": secondDescriptionLanguage ?? "", "founded": n(founded), "staff_fte": fte(staffFTE),
            "members_total": n(members.total), "members_sme": n(members.sme), "members_large": n(members.large),
            "members_research": n(members.research), "members_university": n(members.university),
            "members_public": n(members.publicBodies), "members_other": n(members.other),
            "sectors": CSV.listCell(sectors.map(String.init)),
            "ecosystems": CSV.listCell(ecosystems.map(String.init)),
            "emerging_industries": CSV.listCell(emergingIndustries.map(String.init)),
            "technologies": CSV.listCell(technologies), "nace": CSV.listCell(nace),
            "s3_priorities": CSV.listCell(s3Priorities), "tags": CSV.listCell(tags),
            "labels": CSV.listCell(labels.map(\.description)),
            "programme_recognition": programmeRecognition ?? "",
            "countries_of_interest": CSV.listCell(countriesOfInterest),
            "infrastructures": CSV.listCell(infrastructures.map(\.description)),
            "contact_name": contactName ?? "", "contact_email": contactEmail ?? "", "status": status.rawValue,
        ]
    }

    /// The profile as one CSV line in `csvColumns` order.
    public var csvLine: String { let r = csvRecord; return CSV.line(Organisation.csvColumns.map { r[$0] ?? "" }) }

    /// The header line of an export.
    public static var csvHeader: String { CSV.line(csvColumns) }

    /// Reads a profile from a CSV record. Columns missing from `record` are taken from `base` (the stored
    /// profile on update) so that an import leaves them unchanged. Parse errors name the column; the rules
    /// of `validate(reference:)` are checked separately.
    public static func fromCSV(_ record: [String: String], base: Organisation? = nil) -> Result<Organisation, ValidationErrors> {
        var r = base?.csvRecord ?? [:]
        for (k, v) in record { r[k] = v }
        var errors = ValidationErrors()
        func text(_ c: String) -> String? {
            let t = (r[c] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            return t.isEmpty ? nil : t
        }
        func int(_ c: String) -> Int? {
            guard let t = text(c) else { return nil }
            guard let v = Int(t) else { errors.add(c, "must be a whole number"); return nil }
            return v
        }
        func ints(_ c: String) -> [Int] {
            CSV.listItems(r[c] ?? "").compactMap { item in
                guard let v = Int(item) else { errors.add(c, "\(item) is not a numeric id"); return nil }
                return v
            }
        }
        let type = text("type").flatMap(OrganisationType.init(rawValue:))
        if type == nil { errors.add("type", "must be one of: \(OrganisationType.codes)") }
        let status = text("status").flatMap(ProfileStatus.init(rawValue:))
        if status == nil { errors.add("status", "must be one of: \(ProfileStatus.codes)") }
        var fte: Double?
        if let t = text("staff_fte") {
            if let v = Double(t.replacingOccurrences(of: ",", with: ".")), v.isFinite, abs(v) < 1e9 {
                fte = v
            } else {
                errors.add("staff_fte", "must be a number")
            }
        }
        let labels: [ClusterLabel] = CSV.listItems(r["labels"] ?? "").compactMap { item in
            guard let l = ClusterLabel(parsing: item) else {
                errors.add("labels", "\(item) is not a label like \"ESCA Gold 2019\""); return nil
            }
            return l
        }
        let infrastructures: [Infrastructure] = CSV.listItems(r["infrastructures"] ?? "").compactMap { item in
            guard let i = Infrastructure(parsing: item) else {
                errors.add("infrastructures", "\(item) must start with one of: \(Infrastructure.kinds)"); return nil
            }
            return i
        }
        var org = Organisation(
            id: base?.id ?? 0, slug: base?.slug ?? "", name: text("name") ?? "", acronym: text("acronym"),
            type: type ?? .clusterOrganisation, country: text("country") ?? "", region: text("region"),
            city: text("city"), website: text("website"), description: text("description"),
            secondDescription: text("second_description"), secondDescriptionLanguage: text("second_description_language"),
            founded: int("founded"), staffFTE: fte,
            members: MemberCounts(
                total: int("members_total"), sme: int("members_sme"),
                large: int("members_large"), research: int("members_research"),
                university: int("members_university"), publicBodies: int("members_public"),
                other: int("members_other")),
            sectors: ints("sectors"), ecosystems: ints("ecosystems"),
            emergingIndustries: ints("emerging_industries"), technologies: CSV.listItems(r["technologies"] ?? ""),
            nace: CSV.listItems(r["nace"] ?? ""), s3Priorities: CSV.listItems(r["s3_priorities"] ?? ""),
            tags: CSV.listItems(r["tags"] ?? ""), labels: labels,
            programmeRecognition: text("programme_recognition"),
            countriesOfInterest: CSV.listItems(r["countries_of_interest"] ?? ""),
            infrastructures: infrastructures, contactName: text("contact_name"),
            contactEmail: text("contact_email"), status: status ?? .draft,
            createdAt: base?.createdAt ?? Date(timeIntervalSince1970: 0),
            updatedAt: base?.updatedAt ?? Date(timeIntervalSince1970: 0))
        // Not a CSV column (the format is fixed): an update keeps the stored choice.
        org.contactVisibleToMembers = base?.contactVisibleToMembers ?? false
        org.normalise()
        return errors.isEmpty ? .success(org) : .failure(errors)
    }
}

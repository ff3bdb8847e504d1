import ClusterCollabCore
import ClusterCollabText
import Foundation

/// The profile form's two pages: a new profile, and the edit page of an existing one with its team,
/// history and logo.
enum ProfileFormKind {
    enum New: PageKind { static let template = "organisation-form" }
    enum Edit: PageKind { static let template = "organisation-edit" }
}

/// What both profile pages share: the options, and the form read back as a CSV record.
enum ProfileForm {
    struct Option { var value: String; var label: String; var selected: Bool }

    /// Fields typed as `;`-separated lists on the form.
    static let typedLists = ["nace", "s3_priorities", "tags", "labels", "countries_of_interest"]
    /// Fields chosen with checkboxes (several values under one name).
    static let checkedLists = ["sectors", "ecosystems", "emerging_industries", "technologies"]

    /// The submitted form as a CSV record; `status` comes from the server, never from the form.
    static func record(_ form: Form, status: ProfileStatus) -> [String: String] {
        var record: [String: String] = [:]
        let scalar = Organisation.csvColumns.filter { !checkedLists.contains($0) && $0 != "infrastructures" && $0 != "status" }
        for column in scalar { record[column] = form[column] }
        for column in checkedLists {
            record[column] = CSV.listCell(form.pairs.filter { $0.0 == column }.map(\.1))
        }
        // One infrastructure per line.
        let lines = form["infrastructures"].split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        record["infrastructures"] = CSV.listCell(lines)
        record["status"] = status.rawValue
        record["contact_visible_to_members"] = form["contact_visible_to_members"] == "yes" ? "yes" : ""
        return record
    }

    /// Countries for step one: EU and COSME countries first, then the rest; named in the request's
    /// language, and in another language than English in the order of those names.
    static func countryOptions(_ r: ReferenceData, selected: String) -> [Option] {
        let (first, rest) = (r.countries.filter { $0.euMember || $0.cosmeParticipating }, r.countries.filter { !$0.euMember && !$0.cosmeParticipating })
        let english = RequestLanguage.current.code == Languages.english.code
        func options(_ countries: [Country]) -> [Option] {
            let named = countries.map { Option(value: $0.code, label: ReferenceText.country($0.name), selected: $0.code == selected) }
            return english ? named : named.sorted { $0.label.compare($1.label, options: [.caseInsensitive, .diacriticInsensitive]) == .orderedAscending }
        }
        return options(first) + options(rest)
    }
}

/// The organisation profile form. Its field names are the CSV columns, so a submitted form is read by the
/// same `Organisation.fromCSV` as an import and validated by the same core rules.
struct OrganisationForm<Kind: PageKind>: PageModel {
    static var template: String { Kind.template }
    var site = SiteLinks()
    typealias Option = ProfileForm.Option
    struct Member { var removeAction: String; var name: String; var email: String; var role: String }
    struct Change { var when: String; var actor: String; var action: String; var fields: String }

    var title: String
    var action: String
    var csrf: String
    /// Field values by CSV column.
    var v: [String: String]
    var countryCode: String
    var countryName: String
    var hasRegionCodes: Bool
    var regions: [Option]
    var types: [Option]
    var sectors: [Option]
    var ecosystems: [Option]
    var emerging: [Option]
    var technologies: [Option]
    /// The languages a second description may be in, each named in itself.
    var secondLanguages: [Option]
    var infrastructuresText: String
    /// The contact is shown to signed-in users.
    var contactVisible: Bool
    var errors: [FieldRule]

    // The edit page's extras.
    var id: Int64?
    var logoAction: String?
    var submitAction: String?
    var membersAction: String?
    var statusLabel: String?
    var pendingStatus: String?
    var moderatorMessage: String?
    var canSubmit = false
    var canManageTeam = false
    var members: [Member] = []
    var history: [Change] = []
    var publicHref: String?
    var logoHref: String?
    struct Request { var acceptAction: String; var declineAction: String; var person: String; var message: String }
    var requests: [Request] = []

    init(title: String, action: String, csrf: String, record: [String: String], reference r: ReferenceData, errors: [FieldRule]) {
        self.title = title
        self.action = action
        self.csrf = csrf
        v = record
        countryCode = record["country"] ?? ""
        let country = r.country(countryCode)
        countryName = country.map { ReferenceText.country($0.name) } ?? countryCode
        hasRegionCodes = country?.hasRegionCodes ?? false
        let region = record["region"] ?? ""
        regions = r.selectableRegions(country: countryCode).map {
            Option(value: $0.code, label: ($0.level == 3 ? "  – " : "") + $0.name + " (\($0.code))", selected: $0.code == region)
        }
        types = OrganisationType.allCases.map {
            Option(value: $0.rawValue, label: ReferenceText.name($0.label, facet: "type"), selected: $0.rawValue == record["type"])
        }
        func checked(_ column: String, _ entries: [TaxonomyEntry], facet: String) -> [Option] {
            let chosen = Set(CSV.listItems(record[column] ?? ""))
            return entries.map { Option(value: $0.id, label: ReferenceText.name($0.name, facet: facet), selected: chosen.contains($0.id)) }
        }
        sectors = checked("sectors", r.sectors, facet: "sector")
        ecosystems = checked("ecosystems", r.ecosystems, facet: "ecosystem")
        emerging = checked("emerging_industries", r.emergingIndustries, facet: "emerging")
        technologies = checked("technologies", r.technologies, facet: "technology")
        let language = record["second_description_language"] ?? ""
        secondLanguages = Organisation.secondDescriptionLanguages.map {
            Option(value: $0, label: Languages.named($0)?.name ?? $0, selected: $0 == language)
        }
        infrastructuresText = CSV.listItems(record["infrastructures"] ?? "").joined(separator: "\n")
        contactVisible = record["contact_visible_to_members"] == "yes"
        self.errors = errors
    }
}

struct CountryStep: PageModel {
    static let template = "organisation-country"
    var site = SiteLinks()
    var title = t("New organisation profile")
    var countries: [ProfileForm.Option]
    var unknown: Bool
}

import Foundation

/// Field limits, shared by validation, forms (maxlength) and the OpenAPI document.
public enum OrganisationLimits {
    public static let name = 200
    public static let acronym = 40
    public static let city = 100
    public static let region = 100
    public static let website = 300
    public static let description = 5_000
    public static let keyword = 80
    public static let listItems = 60
    public static let programme = 200
    public static let infrastructureDetail = 300
    public static let contactName = 120
    public static let email = 254
    public static let memberCount = 1_000_000
}

extension Organisation {
    /// Normalises free text the way every write path should: trims, turns blank optionals into nil, drops
    /// duplicate keywords (case kept, first one wins) and upper-cases codes.
    public mutating func normalise() {
        func clean(_ s: String?) -> String? {
            guard let t = s?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { return nil }
            return t
        }
        func unique<T: Hashable>(_ list: [T]) -> [T] {
            var seen = Set<T>()
            return list.filter { seen.insert($0).inserted }
        }
        func keywords(_ list: [String]) -> [String] {
            // "Drones" and "drones" are one keyword; the first spelling is kept.
            var seen = Set<String>()
            return list.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                .filter { !$0.isEmpty && seen.insert(TextFolding.fold($0)).inserted }
        }
        name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        acronym = clean(acronym)
        country = country.trimmingCharacters(in: .whitespaces).uppercased()
        region = clean(region)
        city = clean(city)
        website = clean(website)
        description = clean(description)
        secondDescription = clean(secondDescription)
        // The form always sends a language; without a text it says nothing.
        secondDescriptionLanguage = secondDescription == nil ? nil : clean(secondDescriptionLanguage)?.lowercased()
        programmeRecognition = clean(programmeRecognition)
        contactName = clean(contactName)
        contactEmail = clean(contactEmail)
        sectors = unique(sectors)
        ecosystems = unique(ecosystems)
        emergingIndustries = unique(emergingIndustries)
        technologies = unique(technologies.map { $0.trimmingCharacters(in: .whitespaces) })
        nace = unique(nace.map { $0.trimmingCharacters(in: .whitespaces).uppercased() })
        s3Priorities = keywords(s3Priorities)
        tags = keywords(tags)
        labels = unique(labels)
        countriesOfInterest = unique(countriesOfInterest.map { $0.trimmingCharacters(in: .whitespaces).uppercased() })
        infrastructures = unique(infrastructures)
    }

    /// Checks every rule of capability 2 against the reference data. Returns the broken rules by field
    /// (empty when the profile is valid). Field names are the API's and the CSV's.
    public func validate(reference: ReferenceData) -> ValidationErrors {
        var errors = ValidationErrors()
        func length(_ field: String, _ value: String?, _ max: Int) {
            if let v = value, v.count > max { errors.add(field, "must be at most \(max) characters") }
        }
        if name.isEmpty { errors.add("name", "is required") }
        length("name", name, OrganisationLimits.name)
        length("acronym", acronym, OrganisationLimits.acronym)
        length("city", city, OrganisationLimits.city)
        length("description", description, OrganisationLimits.description)
        if secondDescription != nil {
            length("second_description", secondDescription, OrganisationLimits.description)
            if let language = secondDescriptionLanguage {
                if language == "en" {
                    errors.add("second_description_language", "must be a language other than English (description is the English one)")
                } else if !Organisation.secondDescriptionLanguages.contains(language) {
                    errors.add(
                        "second_description_language",
                        "must be one of: \(Organisation.secondDescriptionLanguages.joined(separator: ", ")); \(language) is unknown")
                }
            } else {
                errors.add("second_description_language", "is required with second_description")
            }
        }
        length("programme_recognition", programmeRecognition, OrganisationLimits.programme)
        length("contact_name", contactName, OrganisationLimits.contactName)

        if let c = reference.country(country) {
            if let region {
                if c.hasRegionCodes {
                    if let r = reference.region(region) {
                        if r.country != country {
                            errors.add("region", "\(region) is a region of \(r.country), not of \(country)")
                        } else if (r.level != 2 && r.level != 3) || r.extraRegio {
                            errors.add("region", "must be a NUTS level 2 or 3 region of \(c.name)")
                        }
                    } else {
                        errors.add(
                            "region",
                            "must be a NUTS 2024 code of a level 2 or 3 region of \(c.name) (for example \(reference.selectableRegions(country: country).first?.code ?? "a region code"))"
                        )
                    }
                } else {
                    length("region", region, OrganisationLimits.region)
                }
            }
        } else if country.isEmpty {
            errors.add("country", "is required")
        } else {
            errors.add("country", "must be an ISO 3166 alpha-2 country code (for example FR, DE, GR); \(country) is unknown")
        }

        if let website {
            if website.count > OrganisationLimits.website {
                errors.add("website", "must be at most \(OrganisationLimits.website) characters")
            } else if !Organisation.isWebURL(website) {
                errors.add("website", "must be an https:// or http:// URL")
            }
        }
        if let founded {
            let year = Calendar(identifier: .gregorian).component(.year, from: Date())
            if founded < 1800 || founded > year { errors.add("founded", "must be a year between 1800 and \(year)") }
        }
        if let staffFTE, !(staffFTE >= 0 && staffFTE <= 10_000) {
            errors.add("staff_fte", "must be a number of full-time equivalents between 0 and 10000")
        }
        if let total = members.total, total < 0 || total > OrganisationLimits.memberCount {
            errors.add("members_total", "must be a whole number between 0 and \(OrganisationLimits.memberCount)")
        }
        var byKind = 0
        for kind in members.kinds {
            guard let n = kind.count else { continue }
            if n < 0 || n > OrganisationLimits.memberCount {
                errors.add(kind.field, "must be a whole number between 0 and \(OrganisationLimits.memberCount)")
            } else {
                if let total = members.total, n > total { errors.add(kind.field, "must not exceed members_total (\(total))") }
                // Only counts within the limit are added, so six of them cannot overflow.
                byKind += n
            }
        }
        if let total = members.total, total >= 0, byKind > total {
            errors.add("members_total", "must be at least the sum of the members by kind (\(byKind))")
        }
        func list<T>(_ field: String, _ items: [T], known: (T) -> Bool, rule: String) {
            if items.count > OrganisationLimits.listItems {
                errors.add(field, "must list at most \(OrganisationLimits.listItems) items")
            } else if let bad = items.first(where: { !known($0) }) {
                errors.add(field, "\(bad) is not \(rule)")
            }
        }
        list("sectors", sectors, known: { reference.sector($0) != nil }, rule: "a cluster sector id (1 to \(reference.sectors.count))")
        list("ecosystems", ecosystems, known: { reference.ecosystem($0) != nil }, rule: "an industrial ecosystem id (1 to \(reference.ecosystems.count))")
        list(
            "emerging_industries", emergingIndustries, known: { reference.emergingIndustry($0) != nil },
            rule: "an emerging industry id (1 to \(reference.emergingIndustries.count))")
        list("technologies", technologies, known: { reference.technology($0) != nil }, rule: "a key enabling technology id (like KET2009-5 or KET2018-1)")
        list("nace", nace, known: { reference.naceCode($0) != nil }, rule: "a NACE Rev. 2.1 code (like C or 26.51)")
        list("countries_of_interest", countriesOfInterest, known: { reference.country($0) != nil }, rule: "an ISO 3166 alpha-2 country code")
        list(
            "s3_priorities", s3Priorities, known: { $0.count <= OrganisationLimits.keyword },
            rule: "a keyword of at most \(OrganisationLimits.keyword) characters")
        list("tags", tags, known: { $0.count <= OrganisationLimits.keyword }, rule: "a keyword of at most \(OrganisationLimits.keyword) characters")
        list("labels", labels, known: { $0.year >= 2000 && $0.year <= 2100 }, rule: "an ESCA label with a year between 2000 and 2100")
        list(
            "infrastructures", infrastructures, known: { $0.detail.count <= OrganisationLimits.infrastructureDetail },
            rule: "an infrastructure with a description of at most \(OrganisationLimits.infrastructureDetail) characters")
        if let contactEmail {
            if contactEmail.count > OrganisationLimits.email || !Organisation.isEmail(contactEmail) {
                errors.add("contact_email", "must be an e-mail address like name@example.eu")
            }
        }
        return errors
    }

    /// The languages a second description may be written in: those the platform speaks, but English.
    public static var secondDescriptionLanguages: [String] { Languages.codes.filter { $0 != "en" } }

    /// An absolute http(s) URL with a host.
    public static func isWebURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "https" || scheme == "http", let host = url.host,
            host.split(separator: ".", omittingEmptySubsequences: false).count >= 2,
            !host.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty),
            !text.contains(where: { $0 == " " || $0 == "<" || $0 == ">" || $0 == "\"" })
        else { return false }
        return true
    }

    /// A plausible e-mail address: one @, a dot in the domain, no spaces.
    public static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
            !parts[1].hasSuffix("."), !text.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" })
        else { return false }
        return true
    }
}

/// The moderators' validation checklist of capability 2, computed from the profile.
public struct ValidationChecklist: Sendable, Equatable, Codable {
    public struct Item: Sendable, Equatable, Codable {
        public var rule: String
        public var met: Bool
    }
    public var items: [Item]
    /// Programme-recognised clusters are exempt from the checklist.
    public var waived: Bool
    /// Every item met, or waived.
    public var passes: Bool { waived || items.allSatisfy(\.met) }

    public init(_ organisation: Organisation) {
        let english = organisation.website.map(ValidationChecklist.looksEnglish) ?? false
        items = [
            Item(rule: "At least 0.5 FTE of cluster management staff", met: (organisation.staffFTE ?? 0) >= 0.5),
            Item(rule: "At least 15 committed members", met: (organisation.members.total ?? 0) >= 15),
            Item(rule: "At least two kinds of members", met: organisation.members.kindsPresent >= 2),
            Item(rule: "An English website", met: english),
        ]
        waived = organisation.programmeRecognition != nil
    }

    /// A website counts as English unless its address points into another language's section
    /// (`/fr/`, `/de`, ...). A moderator still looks; this only flags the obvious cases.
    static func looksEnglish(_ website: String) -> Bool {
        let others: Set<String> = [
            "bg", "cs", "da", "de", "el", "es", "et", "fi", "fr", "ga", "hr", "hu", "it",
            "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv", "tr", "no", "is",
        ]
        guard let url = URL(string: website) else { return false }
        return !url.pathComponents.contains { others.contains($0.lowercased()) }
    }
}

import Foundation

/// An organisation profile: every field of PRODUCT.md capability 2.
///
/// Codes, not names, are stored: `country` is ISO 3166 alpha-2, `region` a NUTS 2024 code for countries
/// with NUTS or statistical regions (free text elsewhere), sectors/ecosystems/emerging industries are
/// reference ids, technologies KET ids, `nace` NACE Rev. 2.1 codes.
public struct Organisation: Codable, Sendable, Equatable {
    /// Database id; 0 until stored.
    public var id: Int64
    /// URL name, unique, derived from the name and country when first stored.
    public var slug: String
    public var name: String
    public var acronym: String?
    public var type: OrganisationType
    public var country: String
    public var region: String?
    public var city: String?
    public var website: String?
    /// The English description.
    public var description: String?
    /// A description in a second language, beside the English one (the language is
    /// `secondDescriptionLanguage`).
    public var secondDescription: String?
    /// The language of `secondDescription`: the code of a language the platform speaks other than English
    /// (`Languages.codes`), such as "fr".
    public var secondDescriptionLanguage: String?
    public var founded: Int?
    /// Cluster-management staff in full-time equivalents.
    public var staffFTE: Double?
    public var members: MemberCounts
    public var sectors: [Int]
    public var ecosystems: [Int]
    public var emergingIndustries: [Int]
    public var technologies: [String]
    public var nace: [String]
    public var s3Priorities: [String]
    public var tags: [String]
    public var labels: [ClusterLabel]
    /// The regional or national cluster programme that recognises this cluster, if any.
    public var programmeRecognition: String?
    public var countriesOfInterest: [String]
    public var infrastructures: [Infrastructure]
    /// The contact person: private, shown only to the team and the platform team.
    public var contactName: String?
    public var contactEmail: String?
    /// Whether signed-in users may see the contact person (private to the team and the platform team by
    /// default).
    public var contactVisibleToMembers: Bool = false
    public var status: ProfileStatus
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64 = 0, slug: String = "", name: String, acronym: String? = nil,
        type: OrganisationType, country: String, region: String? = nil, city: String? = nil,
        website: String? = nil, description: String? = nil, secondDescription: String? = nil,
        secondDescriptionLanguage: String? = nil, founded: Int? = nil, staffFTE: Double? = nil,
        members: MemberCounts = MemberCounts(), sectors: [Int] = [], ecosystems: [Int] = [],
        emergingIndustries: [Int] = [], technologies: [String] = [], nace: [String] = [],
        s3Priorities: [String] = [], tags: [String] = [], labels: [ClusterLabel] = [],
        programmeRecognition: String? = nil, countriesOfInterest: [String] = [],
        infrastructures: [Infrastructure] = [], contactName: String? = nil, contactEmail: String? = nil,
        status: ProfileStatus = .draft, createdAt: Date = Date(timeIntervalSince1970: 0),
        updatedAt: Date = Date(timeIntervalSince1970: 0)
    ) {
        self.id = id; self.slug = slug; self.name = name; self.acronym = acronym; self.type = type
        self.country = country; self.region = region; self.city = city; self.website = website
        self.description = description; self.secondDescription = secondDescription
        self.secondDescriptionLanguage = secondDescriptionLanguage; self.founded = founded; self.staffFTE = staffFTE
        self.members = members; self.sectors = sectors; self.ecosystems = ecosystems
        self.emergingIndustries = emergingIndustries; self.technologies = technologies; self.nace = nace
        self.s3Priorities = s3Priorities; self.tags = tags; self.labels = labels
        self.programmeRecognition = programmeRecognition; self.countriesOfInterest = countriesOfInterest
        self.infrastructures = infrastructures; self.contactName = contactName
        self.contactEmail = contactEmail; self.status = status; self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// JSON keys are the CSV column names, so the API, the CSV and the docs use one vocabulary.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case id, slug, name, acronym, type, country, region, city, website, description
        case secondDescription = "second_description"
        case secondDescriptionLanguage = "second_description_language"
        case founded
        case staffFTE = "staff_fte"
        case members, sectors, ecosystems
        case emergingIndustries = "emerging_industries"
        case technologies, nace
        case s3Priorities = "s3_priorities"
        case tags, labels
        case programmeRecognition = "programme_recognition"
        case countriesOfInterest = "countries_of_interest"
        case infrastructures
        case contactName = "contact_name"
        case contactEmail = "contact_email"
        case contactVisibleToMembers = "contact_visible_to_members"
        case status
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    /// Lenient decoding for writes: only `name`, `type` and `country` are required; lists default to empty,
    /// timestamps and ids are set by the server.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(Int64.self, forKey: .id) ?? 0
        slug = try c.decodeIfPresent(String.self, forKey: .slug) ?? ""
        name = try c.decode(String.self, forKey: .name)
        acronym = try c.decodeIfPresent(String.self, forKey: .acronym)
        type = try c.decode(OrganisationType.self, forKey: .type)
        country = try c.decode(String.self, forKey: .country)
        region = try c.decodeIfPresent(String.self, forKey: .region)
        city = try c.decodeIfPresent(String.self, forKey: .city)
        website = try c.decodeIfPresent(String.self, forKey: .website)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        secondDescription = try c.decodeIfPresent(String.self, forKey: .secondDescription)
        secondDescriptionLanguage = try c.decodeIfPresent(String.self, forKey: .secondDescriptionLanguage)
        founded = try c.decodeIfPresent(Int.self, forKey: .founded)
        staffFTE = try c.decodeIfPresent(Double.self, forKey: .staffFTE)
        members = try c.decodeIfPresent(MemberCounts.self, forKey: .members) ?? MemberCounts()
        sectors = try c.decodeIfPresent([Int].self, forKey: .sectors) ?? []
        ecosystems = try c.decodeIfPresent([Int].self, forKey: .ecosystems) ?? []
        emergingIndustries = try c.decodeIfPresent([Int].self, forKey: .emergingIndustries) ?? []
        technologies = try c.decodeIfPresent([String].self, forKey: .technologies) ?? []
        nace = try c.decodeIfPresent([String].self, forKey: .nace) ?? []
        s3Priorities = try c.decodeIfPresent([String].self, forKey: .s3Priorities) ?? []
        tags = try c.decodeIfPresent([String].self, forKey: .tags) ?? []
        labels = try c.decodeIfPresent([ClusterLabel].self, forKey: .labels) ?? []
        programmeRecognition = try c.decodeIfPresent(String.self, forKey: .programmeRecognition)
        countriesOfInterest = try c.decodeIfPresent([String].self, forKey: .countriesOfInterest) ?? []
        infrastructures = try c.decodeIfPresent([Infrastructure].self, forKey: .infrastructures) ?? []
        contactName = try c.decodeIfPresent(String.self, forKey: .contactName)
        contactEmail = try c.decodeIfPresent(String.self, forKey: .contactEmail)
        contactVisibleToMembers = try c.decodeIfPresent(Bool.self, forKey: .contactVisibleToMembers) ?? false
        status = try c.decodeIfPresent(ProfileStatus.self, forKey: .status) ?? .draft
        createdAt = try c.decodeIfPresent(Date.self, forKey: .createdAt) ?? Date(timeIntervalSince1970: 0)
        updatedAt = try c.decodeIfPresent(Date.self, forKey: .updatedAt) ?? Date(timeIntervalSince1970: 0)
    }

    /// The same profile with the private contact removed, for anyone outside the team and platform team.
    public var publicView: Organisation {
        var copy = self
        copy.contactName = nil
        copy.contactEmail = nil
        return copy
    }
}

/// Members of a cluster, in total and by kind. A kind's count never exceeds the total.
public struct MemberCounts: Codable, Sendable, Equatable {
    public var total: Int?
    public var sme: Int?
    public var large: Int?
    public var research: Int?
    public var university: Int?
    public var publicBodies: Int?
    public var other: Int?

    public init(
        total: Int? = nil, sme: Int? = nil, large: Int? = nil, research: Int? = nil,
        university: Int? = nil, publicBodies: Int? = nil, other: Int? = nil
    ) {
        self.total = total; self.sme = sme; self.large = large; self.research = research
        self.university = university; self.publicBodies = publicBodies; self.other = other
    }

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case total, sme, large, research, university
        case publicBodies = "public"
        case other
    }

    /// The counts by kind, with the field name used in CSV (`members_sme`) and the words on the page.
    public var kinds: [(field: String, label: String, count: Int?)] {
        [
            ("members_sme", "SMEs", sme), ("members_large", "Large companies", large),
            ("members_research", "Research and technology organisations", research),
            ("members_university", "Universities", university), ("members_public", "Public bodies", publicBodies),
            ("members_other", "Other", other),
        ]
    }

    /// How many kinds of members have at least one member.
    public var kindsPresent: Int { kinds.filter { ($0.count ?? 0) > 0 }.count }
}

/// A cluster-management excellence label such as "ESCA Gold 2019".
public struct ClusterLabel: Codable, Sendable, Equatable, Hashable, CustomStringConvertible {
    public enum Level: String, Codable, Sendable, CaseIterable { case bronze, silver, gold }
    public var level: Level
    public var year: Int

    public init(level: Level, year: Int) { self.level = level; self.year = year }

    /// Parses "ESCA Gold 2019" (case-insensitive; "ESCA" optional).
    public init?(parsing text: String) {
        let words = text.split(whereSeparator: { $0 == " " }).map { $0.lowercased() }
        let rest = words.first == "esca" ? Array(words.dropFirst()) : words
        guard rest.count == 2, let level = Level(rawValue: rest[0]), let year = Int(rest[1]) else { return nil }
        self.level = level; self.year = year
    }

    public var description: String { "ESCA \(level.rawValue.capitalized) \(year)" }

    /// Encoded as the text "ESCA Gold 2019", the same as in CSV.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let label = ClusterLabel(parsing: text) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "must be like \"ESCA Gold 2019\" (Bronze, Silver or Gold and a year)"))
        }
        self = label
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// An innovation infrastructure or service the organisation offers to share, e.g.
/// "fab lab: 3D printing and rapid prototyping".
public struct Infrastructure: Codable, Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The kinds PRODUCT.md names.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case fabLab = "fab lab"
        case testBed = "test bed"
        case incubator
        case sharedEquipment = "shared equipment"
        case coWorking = "co-working"
        case innovationCentre = "innovation centre"

        /// The kind in a URL: the words joined by hyphens (`test-bed`), as the directory's `infrastructure`
        /// filter writes it.
        public var code: String { rawValue.replacingOccurrences(of: " ", with: "-") }

        /// The kind written in a URL (`test-bed`) or in words (`test bed`), in any case.
        public init?(code: String) {
            let words = code.lowercased().replacingOccurrences(of: "_", with: " ")
            guard let kind = Kind.allCases.first(where: { $0.rawValue == words || $0.code == words }) else { return nil }
            self = kind
        }

        /// The kind as a heading reads it: "Test bed".
        public var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }

        /// Every code, for error messages that list the allowed values.
        public static let codes = allCases.map(\.code).joined(separator: ", ")
    }
    public var kind: Kind
    public var detail: String

    public init(kind: Kind, detail: String) { self.kind = kind; self.detail = detail }

    /// Parses "kind: short description" (the description may be empty).
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", maxSplits: 1)
        guard let head = parts.first,
            let kind = Kind(rawValue: head.trimmingCharacters(in: .whitespaces).lowercased())
        else { return nil }
        self.kind = kind
        self.detail = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
    }

    public var description: String { detail.isEmpty ? kind.rawValue : "\(kind.rawValue): \(detail)" }

    public static let kinds = Kind.allCases.map(\.rawValue).joined(separator: ", ")

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Infrastructure(parsing: text) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "must start with one of: \(Infrastructure.kinds), then \": \" and a short description"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

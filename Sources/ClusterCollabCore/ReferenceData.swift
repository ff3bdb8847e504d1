import ClusterCollabText
import Foundation

/// A country from ISO 3166 (with Kosovo), as shipped in `countries.csv`.
public struct Country: Codable, Sendable, Equatable {
    /// ISO 3166 alpha-2, the code used everywhere in the platform.
    public var code: String
    public var name: String
    /// Eurostat's code, which NUTS uses (EL for Greece, UK for the United Kingdom).
    public var eurostatCode: String
    public var euMember: Bool
    public var cosmeParticipating: Bool
    /// "NUTS", "SR" (statistical regions) or nil: whether a profile picks a region code or types a region.
    public var regionClassification: String?
    public var flag: String

    /// Countries with NUTS or statistical regions pick a region code; others type a free region.
    public var hasRegionCodes: Bool { regionClassification != nil }

    enum CodingKeys: String, CodingKey {
        case code, name, flag
        case eurostatCode = "eurostat_code"
        case euMember = "eu_member"
        case cosmeParticipating = "cosme_participating"
        case regionClassification = "region_classification"
    }
}

/// A NUTS 2024 region (or statistical region) at levels 0 to 3.
public struct Region: Codable, Sendable, Equatable {
    public var code: String
    public var level: Int
    /// ISO alpha-2 country code (the file's Eurostat code mapped back: EL becomes GR).
    public var country: String
    public var parent: String?
    public var name: String
    public var extraRegio: Bool

    enum CodingKeys: String, CodingKey {
        case code, level, country, parent, name
        case extraRegio = "extra_regio"
    }
}

/// A NACE Rev. 2.1 section, division, group or class.
public struct NaceCode: Codable, Sendable, Equatable {
    public var code: String
    public var level: Int
    public var parent: String?
    public var section: String
    public var label: String
}

/// An entry of a small taxonomy: cluster sectors, industrial ecosystems, emerging industries (integer ids)
/// and key enabling technologies (string ids like `KET2009-5`).
public struct TaxonomyEntry: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
}

/// All reference tables, loaded once from the project's resource files and then read-only.
public final class ReferenceData: Sendable {
    public let countries: [Country]
    public let regions: [Region]
    public let nace: [NaceCode]
    public let sectors: [TaxonomyEntry]
    public let ecosystems: [TaxonomyEntry]
    public let emergingIndustries: [TaxonomyEntry]
    public let technologies: [TaxonomyEntry]

    private let countryByCode: [String: Country]
    private let regionByCode: [String: Region]
    private let naceByCode: [String: NaceCode]
    private let sectorByID: [Int: TaxonomyEntry]
    private let ecosystemByID: [Int: TaxonomyEntry]
    private let emergingByID: [Int: TaxonomyEntry]
    private let technologyByID: [String: TaxonomyEntry]

    /// The tables shipped in the package's resources; loaded on first use.
    public static let shipped: ReferenceData = {
        do { return try ReferenceData(directory: resourceDirectory) } catch {
            // The files are part of the build; a failure here is a broken installation, not bad input.
            fatalError("reference data could not be loaded: \(error)")
        }
    }()

    static var resourceDirectory: URL {
        Bundle.module.resourceURL!.appendingPathComponent("reference")
    }

    /// Loads every table from a directory holding the files of `../shared/data/reference`.
    public init(directory: URL) throws {
        func table(_ name: String) throws -> [[String: String]] {
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            return try CSV.records(text)
        }
        let countryRows = try table("countries.csv")
        let eurostatToISO = Dictionary(
            countryRows.map { ($0["eurostat_code"] ?? "", $0["iso2"] ?? "") },
            uniquingKeysWith: { a, _ in a })
        countries = countryRows.map { r in
            let nuts = r["nuts_2024"] ?? ""
            return Country(
                code: r["iso2"]!, name: r["name"]!, eurostatCode: r["eurostat_code"] ?? r["iso2"]!,
                euMember: r["eu_member"] == "1", cosmeParticipating: r["cosme_participating"] == "1",
                regionClassification: nuts.isEmpty ? nil : nuts, flag: r["flag"] ?? "")
        }
        regions = try table("nuts_2024.csv").map { r in
            let parent = r["parent_code"] ?? ""
            return Region(
                code: r["code"]!, level: Int(r["level"]!) ?? 0,
                country: eurostatToISO[r["country_code"]!] ?? r["country_code"]!,
                parent: parent.isEmpty ? nil : parent, name: r["name_latn"] ?? r["name"]!,
                extraRegio: r["is_extra_regio"] == "1")
        }
        nace = try table("nace_rev2_1.csv").map { r in
            let parent = r["parent_code"] ?? ""
            return NaceCode(
                code: r["code"]!, level: Int(r["level"]!) ?? 0,
                parent: parent.isEmpty ? nil : parent, section: r["section"]!, label: r["label"]!)
        }
        func entries(_ name: String) throws -> [TaxonomyEntry] {
            try table(name).map { TaxonomyEntry(id: $0["id"]!, name: $0["name"]!) }
        }
        sectors = try entries("cluster_sectors_51.csv")
        ecosystems = try entries("industrial_ecosystems.csv")
        emergingIndustries = try entries("emerging_industries.csv")
        technologies = try entries("key_enabling_technologies.csv")

        countryByCode = Dictionary(countries.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        regionByCode = Dictionary(regions.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        naceByCode = Dictionary(nace.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        func byInt(_ list: [TaxonomyEntry]) -> [Int: TaxonomyEntry] {
            Dictionary(list.compactMap { e in Int(e.id).map { ($0, e) } }, uniquingKeysWith: { a, _ in a })
        }
        sectorByID = byInt(sectors)
        ecosystemByID = byInt(ecosystems)
        emergingByID = byInt(emergingIndustries)
        technologyByID = Dictionary(technologies.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public func country(_ code: String) -> Country? { countryByCode[code] }
    public func region(_ code: String) -> Region? { regionByCode[code] }
    public func naceCode(_ code: String) -> NaceCode? { naceByCode[code] }
    public func sector(_ id: Int) -> TaxonomyEntry? { sectorByID[id] }
    public func ecosystem(_ id: Int) -> TaxonomyEntry? { ecosystemByID[id] }
    public func emergingIndustry(_ id: Int) -> TaxonomyEntry? { emergingByID[id] }
    public func technology(_ id: String) -> TaxonomyEntry? { technologyByID[id] }

    /// Regions of a country, optionally at one level.
    public func regions(country: String? = nil, level: Int? = nil) -> [Region] {
        regions.filter { (country == nil || $0.country == country) && (level == nil || $0.level == level) }
    }

    /// The regions a profile of `country` may pick: levels 2 and 3, no Extra-Regio.
    public func selectableRegions(country: String) -> [Region] {
        regions.filter { $0.country == country && ($0.level == 2 || $0.level == 3) && !$0.extraRegio }
    }

    /// The region's ancestors and itself, from level 1 down (for facets that count a level-3 profile in
    /// its level-2 region).
    public func regionPath(_ code: String) -> [Region] {
        var path: [Region] = []
        var current = regionByCode[code]
        while let r = current, r.level > 0 {
            path.insert(r, at: 0)
            current = r.parent.flatMap { regionByCode[$0] }
        }
        return path
    }

    /// The NUTS 2 region a region code lies in (itself when it is level 2), if any.
    public func nuts2(of code: String) -> Region? {
        regionPath(code).first { $0.level == 2 }
    }
}

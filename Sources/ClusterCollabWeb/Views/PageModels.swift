import ClusterCollabCore
import ClusterCollabSearch
import Foundation
import ClusterCollabText

/// A page's model names the template it is rendered with, so a page is chosen by its type
/// (`Views.page(_:)`), never by a string a caller could mistype.
protocol PageModel {
    static var template: String { get }
}

/// A directory card (`card.mustache`). Read by the template through `child(named:)`: explicit lookups,
/// no reflection, on the pages every visitor opens.
struct Card: TemplateData {
    var name: String
    var acronym: String?
    var href: String
    var typeLabel: String
    var countryName: String
    var flag: String
    var regionName: String?
    var city: String?
    var members: Int?
    var labels: [String]

    /// The city, unless it is named like the region: a place is said once.
    static func city(_ city: String?, in region: String?) -> String? {
        // (Most cities differ from their region in length: no lower-casing for them, on the directory's hot path.)
        guard let city, let region, region.utf8.count == city.utf8.count, region.lowercased() == city.lowercased() else { return city }
        return nil
    }

    init(_ hit: DirectoryHit, reference: ReferenceData) {
        name = hit.name
        acronym = hit.acronym
        href = Routes.organisation.path(hit.slug)
        typeLabel = ReferenceText.name(hit.type.label, facet: "type")
        let country = reference.country(hit.country)
        countryName = country.map { ReferenceText.country($0.name) } ?? hit.country
        flag = country?.flag ?? ""
        regionName = hit.region.map { reference.region($0)?.name ?? $0 }
        // A city named like its region ("Bruxelles" in the Brussels region, "Île-de-France") is said once.
        city = Self.city(hit.city, in: regionName)
        members = hit.membersTotal
        labels = hit.labels.map(\.description)
    }

    /// A missing value (nil) lets Mustache look further up, as reflection did for an empty optional.
    func value(named key: String) -> TemplateValue? {
        switch key {
        case "name": .text(name)
        case "acronym": acronym.map(TemplateValue.text)
        case "href": .text(href)
        case "typeLabel": .text(typeLabel)
        case "countryName": .text(countryName)
        case "flag": .text(flag)
        case "regionName": regionName.map(TemplateValue.text)
        case "city": city.map(TemplateValue.text)
        case "members": members.map(TemplateValue.number)
        case "labels": .texts(labels)
        default: nil
        }
    }
}

struct HomePage: PageModel, TemplateData {
    static let template = "home"
    struct TypeCount: TemplateData {
        var label: String
        var count: Int
        var href: String

        func value(named key: String) -> TemplateValue? {
            switch key {
            case "label": .text(label)
            case "count": .number(count)
            case "href": .text(href)
            default: nil
            }
        }
    }
    var title = t("Cluster collaboration platform")
    var canonical: String?
    var organisations: Int
    var countries: Int
    var types: [TypeCount]
    var recent: [Card]

    func value(named key: String) -> TemplateValue? {
        switch key {
        case "title": .text(title)
        case "canonical": canonical.map(TemplateValue.text)
        case "organisations": .number(organisations)
        case "countries": .number(countries)
        case "types": .objects(types)
        case "recent": .objects(recent)
        case "site": .object(SiteLinks())
        default: nil
        }
    }
}

/// `/organisations` (`directory.mustache`): some 300 facet links and 20 cards per page, every one read
/// through `child(named:)`.
struct DirectoryPage: PageModel, TemplateData {
    static let template = "directory"

    struct Option: TemplateData {
        var value: String
        var label: String
        var selected: Bool

        func value(named key: String) -> TemplateValue? {
            switch key {
            case "value": .text(value)
            case "label": .text(label)
            case "selected": .bool(selected)
            default: nil
            }
        }
    }
    struct Hidden: TemplateData {
        var name: String
        var value: String

        func value(named key: String) -> TemplateValue? {
            switch key {
            case "name": .text(name)
            case "value": .text(value)
            default: nil
            }
        }
    }
    struct FacetLink: TemplateData {
        var label: String
        var count: Int
        var href: String
        var selected: Bool

        func value(named key: String) -> TemplateValue? {
            switch key {
            case "label": .text(label)
            case "count": .number(count)
            case "href": .text(href)
            case "selected": .bool(selected)
            default: nil
            }
        }
    }
    struct Facet: TemplateData {
        var title: String
        var values: [FacetLink]
        var open: Bool

        func value(named key: String) -> TemplateValue? {
            switch key {
            case "title": .text(title)
            case "values": .objects(values)
            case "open": .bool(open)
            default: nil
            }
        }
    }
    struct Active: TemplateData {
        var label: String
        var removeHref: String

        func value(named key: String) -> TemplateValue? {
            switch key {
            case "label": .text(label)
            case "removeHref": .text(removeHref)
            default: nil
            }
        }
    }
    struct Errors: TemplateData {
        var message: String
        var fields: [FieldRule]

        func value(named key: String) -> TemplateValue? {
            switch key {
            case "message": .text(message)
            case "fields": .objects(fields)
            default: nil
            }
        }
    }

    var title = t("Directory")
    var canonical: String?
    var q: String
    var hidden: [Hidden]
    var sorts: [Option]
    var facets: [Facet]
    var active: [Active]
    var items: [Card]
    var total: Int
    var page: Int
    var pages: Int
    var previous: String?
    var next: String?
    var errors: Errors?
    /// This page's address as the directory writes it (known filters, each once), for "Log in" to come back to.
    var here = Routes.organisations.path
    /// This search's every match as open data (text, filters and order; not the page).
    var csvHref = Routes.API.directoryCSV.path
    var jsonHref = Routes.API.directoryJSON.path

    func value(named key: String) -> TemplateValue? {
        switch key {
        case "title": .text(title)
        case "canonical": canonical.map(TemplateValue.text)
        case "q": .text(q)
        case "hidden": .objects(hidden)
        case "sorts": .objects(sorts)
        case "facets": .objects(facets)
        case "active": .objects(active)
        case "items": .objects(items)
        case "total": .number(total)
        case "one": .bool(total == 1)
        case "page": .number(page)
        case "pages": .number(pages)
        case "previous": previous.map(TemplateValue.text)
        case "next": next.map(TemplateValue.text)
        case "errors": errors.map { .object($0) }
        case "here": .text(here)
        case "csvHref": .text(csvHref)
        case "jsonHref": .text(jsonHref)
        case "clearHref": .text(Routes.organisations.path(query: [("q", q)]))
        // "Save this search" takes the search as the directory writes it (saved-search form, issue 14).
        case "saveHref":
            .text(
                Routes.accountSavedSearchNew.path(query: [
                    ("kind", "directory"), ("query", here.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init) ?? ""),
                ]))
        case "site": .object(SiteLinks())
        default: nil
        }
    }
}

struct ProfilePage: PageModel {
    static let template = "profile"
    var site = SiteLinks()
    struct Kind { var label: String; var count: Int; var last: Bool }
    struct Check { var rule: String; var met: Bool }
    struct Infra { var kind: String; var detail: String? }

    var title: String
    var canonical: String
    var jsonLD: String
    var name: String
    var acronym: String?
    var slug: String
    var country: String
    var countryName: String
    var flag: String
    var regionName: String?
    var city: String?
    var founded: Int?
    var typeLabel: String
    var statusLabel: String?
    var website: String?
    var description: String?
    var secondDescription: String?
    var secondDescriptionLanguage: String?
    var staffFTE: String?
    var membersTotal: Int?
    var memberKinds: [Kind]
    var labels: [String]
    var programmeRecognition: String?
    var sectors: [Named]
    var ecosystems: [Named]
    var emerging: [Named]
    var technologies: [Named]
    var nace: [Named]
    var s3Priorities: [Named]
    var tags: [Named]
    var countriesOfInterest: [Named]
    var infrastructures: [Infra]
    var checklist: [Check]
    var checklistWaived: Bool
    var updated: String
    var contactVisible: Bool
    var logoHref: String?
    var countryHref: String
    var contactHref: String
    var joinHref: String
    var jsonHref: String

    init(_ o: Organisation, reference r: ReferenceData, publicURL: String) {
        let country = r.country(o.country)
        title = o.name
        canonical = publicURL + Routes.organisation.path(o.slug)
        name = o.name
        acronym = o.acronym
        slug = o.slug
        self.country = o.country
        countryName = country.map { ReferenceText.country($0.name) } ?? o.country
        flag = country?.flag ?? ""
        regionName = o.region.map { r.region($0)?.name ?? $0 }
        city = Card.city(o.city, in: regionName)
        founded = o.founded
        typeLabel = ReferenceText.name(o.type.label, facet: "type")
        statusLabel = o.status == .published ? nil : word(o.status.label)
        website = o.website
        description = o.description
        secondDescription = o.secondDescription
        secondDescriptionLanguage = o.secondDescriptionLanguage
        staffFTE = o.staffFTE.map { $0 == $0.rounded() ? String(Int($0)) : String(format: "%.1f", $0) }
        membersTotal = o.members.total
        let kinds = o.members.kinds.compactMap { k in k.count.flatMap { $0 > 0 ? ($0, word(k.label)) : nil } }
        memberKinds = kinds.enumerated().map { Kind(label: $1.1, count: $1.0, last: $0 == kinds.count - 1) }
        labels = o.labels.map(\.description)
        programmeRecognition = o.programmeRecognition
        let named = ReferenceText.name
        sectors = Named.list(o.sectors.map { (String($0), r.sector($0).map { named($0.name, "sector") } ?? String($0)) }, href: Named.directory("sector"))
        ecosystems = Named.list(
            o.ecosystems.map { (String($0), r.ecosystem($0).map { named($0.name, "ecosystem") } ?? String($0)) }, href: Named.directory("ecosystem"))
        emerging = Named.list(
            o.emergingIndustries.map { (String($0), r.emergingIndustry($0).map { named($0.name, "emerging") } ?? String($0)) },
            href: Named.directory("emerging"))
        technologies = Named.list(o.technologies.map { ($0, r.technology($0).map { named($0.name, "technology") } ?? $0) }, href: Named.directory("technology"))
        nace = Named.list(o.nace.map { ($0, r.naceCode($0)?.label ?? "") })
        s3Priorities = Named.list(o.s3Priorities.map { ($0, $0) })
        tags = Named.list(o.tags.map { ($0, $0) })
        countriesOfInterest = Named.list(o.countriesOfInterest.map { ($0, r.country($0).map { ReferenceText.country($0.name) } ?? $0) })
        infrastructures = o.infrastructures.map { Infra(kind: $0.kind.rawValue, detail: $0.detail.isEmpty ? nil : $0.detail) }
        let list = ValidationChecklist(o)
        checklist = list.items.map { Check(rule: RequestLanguage.current.rule($0.rule), met: $0.met) }
        checklistWaived = list.waived
        contactVisible = false
        countryHref = Routes.organisations.path(query: [("country", o.country)])
        contactHref = Routes.organisationContact.path(o.slug)
        joinHref = Routes.organisationJoin.path(o.slug)
        jsonHref = Routes.API.organisation.path(o.slug)
        updated = Shown.date(o.updatedAt)
        jsonLD = Self.jsonLD(o, country: country, regionName: regionName, canonical: canonical, reference: r)
    }

    /// schema.org Organization data for search engines. Emitted unescaped inside `<script>`, so every `<`
    /// is written `\u003c`: no profile text can close the tag.
    static func jsonLD(_ o: Organisation, country: Country?, regionName: String?, canonical: String, reference r: ReferenceData) -> String {
        var object: [String: Any] = ["@context": "https://schema.org", "@type": "Organization", "name": o.name, "url": canonical]
        if let acronym = o.acronym { object["alternateName"] = acronym }
        if let description = o.description { object["description"] = description }
        if let website = o.website { object["sameAs"] = [website] }
        if let founded = o.founded { object["foundingDate"] = String(founded) }
        var address: [String: Any] = ["@type": "PostalAddress", "addressCountry": o.country]
        if let regionName { address["addressRegion"] = regionName }
        if let city = o.city { address["addressLocality"] = city }
        object["address"] = address
        let keywords = o.tags + o.s3Priorities + o.sectors.compactMap { r.sector($0)?.name }
        if !keywords.isEmpty { object["keywords"] = keywords.joined(separator: ", ") }
        if !o.labels.isEmpty { object["award"] = o.labels.map(\.description) }
        return jsonLDText(object)
    }

    /// A JSON-LD object as the text of a `<script type="application/ld+json">`: `<`, `>` and `&` written as
    /// JSON escapes, so no value can end the script element.
    static func jsonLDText(_ object: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
            .replacingOccurrences(of: "<", with: "\\u003c")
            .replacingOccurrences(of: ">", with: "\\u003e")
            .replacingOccurrences(of: "&", with: "\\u0026")
    }
}

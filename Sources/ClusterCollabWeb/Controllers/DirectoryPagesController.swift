import ClusterCollabCore
import ClusterCollabSearch
import Foundation
import Hummingbird
import NIOConcurrencyHelpers

/// The public HTML pages of the directory: `/`, `/organisations`, `/organisations/{slug}`.
struct DirectoryPagesController {
    let platform: Platform
    var profiles: ProfileCache { platform.profilePages }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.home, use: home)
        router.get(Routes.organisations, use: directory)
        router.get(Routes.organisation, use: profile)
        router.get(Routes.organisationContact, use: contact)
        router.get(Routes.organisationLogo, use: logo)
    }

    @Sendable func home(_ request: Request, context: AppRequestContext) async throws -> Response {
        let index = platform.directory.index
        let all = index.search(DirectoryQuery(sort: .newest, perPage: 6))
        let countries = all.facets.first { $0.name == "country" }?.values.count ?? 0
        let types = (all.facets.first { $0.name == "type" }?.values ?? []).map {
            HomePage.TypeCount(
                label: ReferenceText.name($0.label, facet: "type"), count: $0.count, href: Routes.organisations.path(query: [("type", $0.value)]))
        }
        let model = HomePage(
            canonical: platform.configuration.publicURL + Routes.home.path, organisations: all.total, countries: countries,
            types: types, recent: all.items.map { Card($0, reference: platform.reference) })
        return platform.views.page(model)
    }

    @Sendable func directory(_ request: Request, context: AppRequestContext) async throws -> Response {
        let pairs = FormDecoding.pairs(request.uri.query)
        do {
            let (query, result) = try DirectorySearch.run(platform, queryString: request.uri.query)
            let model = Self.directoryModel(query: query, pairs: pairs, result: result, platform: platform)
            // "Log in" comes back to the search as the directory writes it, not to whatever the URL carried.
            PersonalHeader.current?.comeBack(to: model.here)
            return platform.views.page(model)
        } catch {
            // Bad parameters still get the page (empty), with the same messages as the API.
            let q = pairs.first { $0.0 == "q" }?.1 ?? ""
            PersonalHeader.current?.comeBack(to: Routes.organisations.path)
            var model = Self.directoryModel(
                query: DirectoryQuery(text: ""), pairs: [("q", q)], result: DirectoryResult(total: 0, items: [], facets: []), platform: platform)
            model.errors = .init(
                message: error.error == "validation" ? t("Some filters are not valid:") : t("Some filters cannot be read:"),
                fields: error.fields.sorted { $0.key < $1.key }.map { FieldRule(field: $0.key, rule: $0.value) })
            return platform.views.page(model, status: error.status)
        }
    }

    /// The sorts a visitor can choose, with their English names (shown through `t`).
    static let sortLabels: [(DirectorySort, String)] = [(.relevance, "Relevance"), (.name, "Name"), (.members, "Members"), (.newest, "Newest")]

    /// Each facet's English title (shown through `t`).
    static let facetTitles = [
        "country": "Country", "region": "Region", "type": "Type", "sector": "Sector",
        "ecosystem": "Industrial ecosystem", "emerging": "Emerging industry",
        "technology": "Key enabling technology", "label": "Cluster label", "size": "Members",
        "infrastructure": "Innovation infrastructure",
    ]

    static func directoryModel(query: DirectoryQuery, pairs: [(String, String)], result: DirectoryResult, platform: Platform) -> DirectoryPage {
        // Filters as the user gave them, split on commas, without paging: known facets only and each value once
        // (the query parser caps the values per facet), since every filter is repeated in every facet link.
        var filters: [(String, String)] = []
        var seen: Set<String> = []
        for (key, value) in pairs where facetTitles[key] != nil {
            for part in value.split(separator: ",") {
                let item = part.trimmingCharacters(in: .whitespaces)
                if !item.isEmpty, seen.insert(key + "=" + item).inserted { filters.append((key, item)) }
            }
        }
        let base: [(String, String)] = [("q", query.text)] + (query.sort == .relevance ? [] : [("sort", query.sort.rawValue)])
        func href(_ f: [(String, String)], page: Int = 1) -> String {
            Routes.organisations.path(query: base + f + (page > 1 ? [("page", String(page))] : []))
        }
        // Most links add one value to the current filters: their address is this page's (encoded once)
        // plus that value, the same text `href(filters + [(facet, value)])` writes.
        let current = Routes.organisations.path(query: base + filters)
        let prefix = current + (current == Routes.organisations.path ? "?" : "&")
        func adding(_ name: String, _ value: String) -> String {
            value.isEmpty ? href(filters) : prefix + FormDecoding.encode(name) + "=" + FormDecoding.encode(value)
        }
        let facets = result.facets.map { facet in
            let chosen = filters.filter { $0.0 == facet.name }
            let values = facet.values.map { v -> DirectoryPage.FacetLink in
                let selected = chosen.contains { $0.1 == v.value }
                let next = selected ? href(filters.filter { !($0.0 == facet.name && $0.1 == v.value) }) : adding(facet.name, v.value)
                return .init(label: ReferenceText.name(v.label, facet: facet.name), count: v.count, href: next, selected: selected)
            }
            return DirectoryPage.Facet(
                title: facetTitles[facet.name].map(t) ?? facet.name, values: values,
                open: ["country", "type", "sector"].contains(facet.name) || values.contains(where: \.selected))
        }
        let active = filters.map { f in
            DirectoryPage.Active(
                label: result.facet(f.0)?.value(f.1).map { ReferenceText.name($0.label, facet: f.0) } ?? "\(f.0): \(f.1)",
                removeHref: href(filters.filter { !($0.0 == f.0 && $0.1 == f.1) }))
        }
        let pages = max(1, (result.total + query.perPage - 1) / query.perPage)
        return DirectoryPage(
            canonical: platform.configuration.publicURL + Routes.organisations.path,
            q: query.text,
            hidden: filters.map { .init(name: $0.0, value: $0.1) },
            sorts: Self.sortLabels.map { .init(value: $0.0.rawValue, label: t($0.1), selected: $0.0 == query.sort) },
            facets: facets, active: active,
            items: result.items.map { Card($0, reference: platform.reference) },
            total: result.total, page: query.page, pages: pages,
            previous: query.page > 1 ? href(filters, page: query.page - 1) : nil,
            next: query.page < pages ? href(filters, page: query.page + 1) : nil,
            here: href(filters, page: query.page),
            csvHref: Routes.API.directoryCSV.path(query: base.filter { !$0.1.isEmpty } + filters),
            jsonHref: Routes.API.directoryJSON.path(query: base.filter { !$0.1.isEmpty } + filters))
    }

    @Sendable func profile(_ request: Request, context: AppRequestContext) async throws -> Response {
        let slug = try context.pathText("slug")
        let language = RequestLanguage.current.code
        // A rendered page is kept until the directory sees its profile change (`DirectoryService.onChange`);
        // the index must still list it as published, so an unpublished profile is never served from cache.
        if let cached = profiles.get(slug, language: language), platform.directory.index.hit(id: cached.id) != nil {
            return Views.html(try await withPartnerSearches(cached, organisationID: cached.id))
        }
        guard let organisation = try await platform.organisations.find(slug: slug), organisation.status == .published else {
            throw APIError.notFound("organisation \(slug)")
        }
        var model = ProfilePage(organisation.publicView, reference: platform.reference, publicURL: platform.configuration.publicURL)
        model.logoHref = try await platform.logos.exists(organisationID: organisation.id) ? Routes.organisationLogo.path(organisation.slug) : nil
        // The page shows only that a contact exists for signed-in users, never the contact itself.
        model.contactVisible = organisation.contactVisibleToMembers && (organisation.contactName != nil || organisation.contactEmail != nil)
        let html = platform.views.render(model)
        let entry = ProfileCache.Entry(id: organisation.id, updatedAt: organisation.updatedAt, html: html)
        profiles.put(slug, language: language, entry)
        return Views.html(try await withPartnerSearches(entry, organisationID: organisation.id))
    }

    /// The cached page with the open partner searches recommended for the organisation, its news and the
    /// funding opportunities that fit it, which change without the profile changing, filled in at the
    /// page's marker.
    func withPartnerSearches(_ page: ProfileCache.Entry, organisationID: Int64) async throws -> String {
        let section = try await platform.recommendedSearchesSection(for: organisationID)
        let news = try await platform.newsSection(for: organisationID)
        let funding = try await platform.fundingSection(for: organisationID)
        let agreements = try await platform.agreementsSection(for: organisationID)
        return page.before + section + news + funding + agreements + page.after
    }
}

extension DirectoryPagesController {
    struct ContactPage: PageModel {
        static let template = "contact"
        var title: String; var name: String; var profileHref: String; var contactName: String?; var contactEmail: String?
    }

    /// The contact person, for signed-in users when the organisation shows it to them, and always for its
    /// team and the platform team. (Kept off the profile page, which is the same for everyone and cached.)
    @Sendable func contact(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        let slug = try context.pathText("slug")
        guard let organisation = try await platform.organisations.find(slug: slug), organisation.status == .published else {
            throw APIError.notFound("organisation \(slug)")
        }
        let teamRole = try await platform.teams.teamRole(organisationID: organisation.id, userID: user.id)
        guard organisation.contactVisibleToMembers || teamRole != nil || user.isModerator else {
            throw APIError(.forbidden, "\(organisation.name) keeps its contact person private")
        }
        var response = platform.views.page(
            ContactPage(
                title: t("Contact: {{name}}").filling(["name": organisation.name]), name: organisation.name, profileHref: Routes.organisation.path(slug),
                contactName: organisation.contactName, contactEmail: organisation.contactEmail))
        response.headers[.cacheControl] = "private, no-store"
        return response
    }
}

extension DirectoryPagesController {
    /// An organisation's logo. A published profile's logo is public and may be cached anywhere. A draft's
    /// logo, and a new logo waiting for review (`?version=pending`), are only for those who may see the
    /// draft (its team and the platform team), never stored by a shared cache; anyone else gets 404, as
    /// for the draft itself.
    @Sendable func logo(_ request: Request, context: AppRequestContext) async throws -> Response {
        let slug = try context.pathText("slug")
        let pending = FormDecoding.pairs(request.uri.query).last { $0.0 == "version" }?.1 == "pending"
        guard let organisation = try await platform.organisations.find(slug: slug) else { throw APIError.notFound("logo of \(slug)") }
        let isPublic = organisation.status == .published && !pending
        if !isPublic {
            guard let user = context.identity?.user else { throw APIError.notFound("logo of \(slug)") }
            var mayRead = user.isModerator
            if !mayRead { mayRead = try await platform.teams.teamRole(organisationID: organisation.id, userID: user.id) != nil }
            guard mayRead else { throw APIError.notFound("logo of \(slug)") }
        }
        guard let logo = try await platform.logos.find(organisationID: organisation.id, pending: pending) else { throw APIError.notFound("logo of \(slug)") }
        return Response(
            status: .ok, headers: [.contentType: logo.contentType, .cacheControl: isPublic ? "public, max-age=300" : "private, no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: logo.data)))
    }
}

/// Rendered profile pages by slug, bounded; validated against the directory index on every hit.
final class ProfileCache: Sendable {
    /// A rendered page, split once at its partner-search marker so a view only joins three strings.
    struct Entry: Sendable {
        var id: Int64
        var updatedAt: Date
        var before: String
        var after: String

        init(id: Int64, updatedAt: Date, html: String) {
            self.id = id
            self.updatedAt = updatedAt
            if let marker = html.range(of: "<!--partner-searches-->") {
                before = String(html[..<marker.lowerBound])
                after = String(html[marker.upperBound...])
            } else {
                before = html
                after = ""
            }
        }
    }
    private let entries = NIOLockedValueBox<[String: Entry]>([:])
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Kept per language: the page's own words are in the visitor's language.
    func get(_ slug: String, language: String) -> Entry? { entries.withLockedValue { $0[language + "/" + slug] } }

    func remove(ids: [Int64]) {
        let gone = Set(ids)
        entries.withLockedValue { dict in
            for (slug, entry) in dict where gone.contains(entry.id) { dict.removeValue(forKey: slug) }
        }
    }

    func put(_ slug: String, language: String, _ entry: Entry) {
        entries.withLockedValue { dict in
            // Crude but bounded: when full, start again. Hot pages come back on their next request.
            if dict.count >= capacity { dict.removeAll(keepingCapacity: true) }
            dict[language + "/" + slug] = entry
        }
    }
}

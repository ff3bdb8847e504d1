import ClusterCollabCore
import ClusterCollabSearch
import ClusterCollabText
@testable import ClusterCollabWeb
import Testing

@Suite struct PageModelTests {
    /// Explicit lookups give what the template needs: values, nil for an absent optional (so the template
    /// looks further out), and nothing for a name the model does not have.
    @Test func modelsAnswerTheNamesTheirTemplatesUse() {
        let link = DirectoryPage.FacetLink(label: "France", count: 3, href: "/organisations?country=FR", selected: true)
        #expect(Self.text(link.value(named: "label")) == "France")
        #expect(Self.number(link.value(named: "count")) == 3)
        #expect(Self.flag(link.value(named: "selected")) == true)
        #expect(link.value(named: "other") == nil)
        let page = DirectoryPage(
            q: "drone", hidden: [], sorts: [], facets: [], active: [], items: [], total: 1, page: 1, pages: 1)
        #expect(Self.flag(page.value(named: "one")) == true)
        if case .list(let items)? = page.value(named: "active") { #expect(items.isEmpty) } else { Issue.record("active is a list") }
        #expect(page.value(named: "previous") == nil)
        #expect(page.value(named: "errors") == nil)
        #expect(Self.text(page.value(named: "title")) == "Directory")
        #expect(DirectoryPage.template == "directory")
    }

    /// A card says a place once: a city named like its region is not repeated.
    @Test func aCardDoesNotRepeatTheRegionAsTheCity() {
        let reference = ReferenceData.shipped
        let region = reference.regions.first { $0.country == "BE" && $0.level == 2 }!
        var organisation = Organisation(id: 1, slug: "x", name: "X", type: .clusterOrganisation, country: "BE")
        organisation.region = region.code
        organisation.city = region.name.uppercased()
        #expect(Card(DirectoryHit(organisation), reference: reference).city == nil)
        organisation.city = "Leuven"
        #expect(Card(DirectoryHit(organisation), reference: reference).city == "Leuven")
    }

    /// Every page renders from its template: the library loads all of them and a model without explicit
    /// lookups is read by reflection.
    @Test func aModelWithoutLookupsRendersByReflection() throws {
        let library = try TemplateLibrary(directory: Views.templateDirectory)
        let model = ErrorPage(title: "Not found", heading: "Page <not> found", message: "organisation x", fields: [FieldRule(field: "q", rule: "too long")])
        let value = try #require(TemplateValue(reflecting: model))
        let html = try #require(library.render(value, with: ErrorPage.template))
        #expect(html.contains("Page &lt;not&gt; found"))
        #expect(html.contains("too long"), "the field rules are a list read by reflection")
    }

    static func text(_ value: TemplateValue?) -> String? {
        if case .text(let text)? = value { text } else { nil }
    }
    static func number(_ value: TemplateValue?) -> Int? {
        if case .number(let number)? = value { number } else { nil }
    }
    static func flag(_ value: TemplateValue?) -> Bool? {
        if case .bool(let flag)? = value { flag } else { nil }
    }
}

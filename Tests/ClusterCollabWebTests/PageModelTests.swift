@testable import ClusterCollabWeb
import Mustache
import Testing

@Suite struct PageModelTests {
    /// The directory page's escaping writes exactly what swift-mustache's HTML escaping writes, including
    /// where a special character is part of a larger character (then neither escapes it).
    @Test func fastEscapingMatchesTheLibrarysEscaping() throws {
        MustacheContentTypes.register(FastHTML(), named: FastHTML.name)
        let library = try MustacheTemplate(string: "{{x}}")
        let fast = try MustacheTemplate(string: "{{% CONTENT_TYPE: FAST_HTML}}{{x}}")
        let texts = [
            "", "plain", "/organisations?q=drone&country=FR", "<script>\"x\" & 'y'</script>", "R&D — développement",
            "é&é", "🚁<>&", "a\r\n<b>", "<\u{0338}", "&\u{0301}x", "x\u{0600}<", "'", "&&&", "Pôle <Île-de-France>",
        ]
        for text in texts {
            #expect(fast.render(["x": text]) == library.render(["x": text]), "\(text)")
        }
    }

    /// Explicit lookups give what reflection gave: values, nil for an absent optional (so the template looks
    /// further up), and nothing for a name the model does not have.
    @Test func modelsAnswerTheNamesTheirTemplatesUse() {
        let link = DirectoryPage.FacetLink(label: "France", count: 3, href: "/organisations?country=FR", selected: true)
        #expect(link.child(named: "label") as? String == "France")
        #expect(link.child(named: "count") as? Int == 3)
        #expect(link.child(named: "selected") as? Bool == true)
        #expect(link.child(named: "other") == nil)
        let page = DirectoryPage(
            q: "drone", hidden: [], sorts: [], facets: [], active: [], items: [], total: 1, page: 1, pages: 1)
        #expect(page.child(named: "one") as? Bool == true)
        #expect((page.child(named: "active") as? [DirectoryPage.Active])?.isEmpty == true)
        #expect(page.child(named: "previous") == nil)
        #expect(page.child(named: "errors") == nil)
        #expect(page.child(named: "title") as? String == "Directory")
        #expect(DirectoryPage.template == "directory")
    }
}

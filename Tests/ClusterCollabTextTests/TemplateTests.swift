import ClusterCollabText
import Testing

/// The templates' renderer: the Mustache the platform's templates use, read through explicit lookups.
@Suite struct TemplateTests {
    struct Page: TemplateData {
        var title: String
        var items: [Item]
        var note: String?
        var count = 0

        func value(named name: String) -> TemplateValue? {
            switch name {
            case "title": .text(title)
            case "items": .objects(items)
            case "note": note.map(TemplateValue.text)
            case "count": .number(count)
            case "one": .bool(items.count == 1)
            default: nil
            }
        }
    }

    struct Item: TemplateData {
        var name: String
        var tags: [String] = []
        var href: String?

        func value(named name: String) -> TemplateValue? {
            switch name {
            case "name": .text(self.name)
            case "tags": .texts(tags)
            case "href": href.map(TemplateValue.text)
            default: nil
            }
        }
    }

    func render(_ text: String, _ page: Page, partials: [String: String] = [:]) throws -> String {
        var templates = ["page": try Template(text)]
        for (name, partial) in partials { templates[name] = try Template(partial) }
        return try #require(TemplateLibrary(templates: templates).render(.object(page), with: "page"))
    }

    let page = Page(title: "Drones & <robots>", items: [Item(name: "Aero", tags: ["a", "b"]), Item(name: "Nord\"s", href: "/x?a=1&b=2")])

    @Test func variablesAreEscapedUnlessTripled() throws {
        #expect(try render("<h1>{{title}}</h1>", page) == "<h1>Drones &amp; &lt;robots&gt;</h1>")
        #expect(try render("{{{title}}}|{{& title}}", page) == "Drones & <robots>|Drones & <robots>")
        #expect(try render("{{#items}}{{name}}'{{/items}}", page) == "Aero'Nord&quot;s'")
        #expect(HTMLEscaping.escape("l'été <b>\"x\"</b> & ñ") == "l&#39;été &lt;b&gt;&quot;x&quot;&lt;/b&gt; &amp; ñ")
    }

    @Test func sectionsRepeatListsAndTestFlagsAndOptionals() throws {
        #expect(try render("{{#items}}[{{name}}:{{#tags}}{{.}}{{/tags}}]{{/items}}", page) == "[Aero:ab][Nord&quot;s:]")
        #expect(try render("{{#one}}one{{/one}}{{^one}}many{{/one}}", page) == "many")
        #expect(try render("{{#note}}({{note}}){{/note}}{{^note}}none{{/note}}", page) == "none")
        var noted = page
        noted.note = ""
        #expect(try render("{{#note}}shown{{/note}}", noted) == "shown", "an empty text is still a value")
        #expect(try render("{{#count}}n={{count}}{{/count}}", page) == "n=0", "zero is still a value")
        #expect(try render("{{^empty(items)}}{{#items}}-{{/items}}{{/empty(items)}}{{#empty(tags)}}no tags{{/empty(tags)}}", page) == "--")
        #expect(try render("{{#items}}{{#empty(tags)}}no tags for {{name}}{{/empty(tags)}}{{/items}}", page) == "no tags for Nord&quot;s")
    }

    @Test func aNameMissingInASectionIsLookedUpInTheSectionsAroundIt() throws {
        #expect(
            try render("{{#items}}{{name}} in {{title}}; {{/items}}", page)
                == "Aero in Drones &amp; &lt;robots&gt;; Nord&quot;s in Drones &amp; &lt;robots&gt;; ")
        // An absent optional is looked up further out, like a name the item does not have.
        #expect(try render("{{#items}}<{{href}}>{{/items}}", page) == "<></x?a=1&amp;b=2>")
        var noted = page
        noted.note = "outer"
        #expect(try render("{{#items}}{{note}};{{/items}}", noted) == "outer;outer;")
        #expect(try render("{{unknown}}{{#unknown}}x{{/unknown}}{{^unknown}}y{{/unknown}}", page) == "y")
    }

    @Test func dottedNamesReachIntoObjects() throws {
        struct Outer: TemplateData {
            func value(named name: String) -> TemplateValue? {
                name == "site" ? .object(Site()) : nil
            }
        }
        struct Site: TemplateData {
            func value(named name: String) -> TemplateValue? { name == "home" ? .text("/") : nil }
        }
        let library = TemplateLibrary(templates: ["t": try Template("<a href=\"{{site.home}}\">{{site.nowhere}}</a>")])
        #expect(library.render(.object(Outer()), with: "t") == "<a href=\"/\"></a>")
        #expect(library.render(.object(Outer()), with: "missing") == nil)
    }

    @Test func linesHoldingOnlyATagLeaveNothingBehind() throws {
        let text = "<ul>\n  {{#items}}\n  <li>{{name}}</li>\n  {{/items}}\n  {{! a comment }}\n</ul>\n"
        #expect(try render(text, page) == "<ul>\n  <li>Aero</li>\n  <li>Nord&quot;s</li>\n</ul>\n")
        // A tag sharing its line with text keeps the line.
        #expect(try render("<p>{{#one}}x{{/one}}</p>\n", page) == "<p></p>\n")
        #expect(try render("a\r\n{{#items}}\r\n{{name}}\r\n{{/items}}\r\nb", page) == "a\r\nAero\r\nNord&quot;s\r\nb")
    }

    @Test func partialsRenderWithTheSameContextAndIndentation() throws {
        let partials = ["item": "<li>{{name}}</li>\n<li>{{title}}</li>\n"]
        #expect(try render("{{#items}}{{> item}}{{/items}}", page, partials: partials).hasPrefix("<li>Aero</li>\n<li>Drones"))
        let indented = try render("<ul>\n  {{> item}}\n</ul>\n", Page(title: "T", items: [], note: nil), partials: ["item": "<li>{{title}}</li>\n<li>2</li>\n"])
        #expect(indented == "<ul>\n  <li>T</li>\n  <li>2</li>\n</ul>\n")
    }

    @Test func templatesThisRendererCannotReadDoNotLoad() {
        for (text, line) in [
            ("a\n{{#items}}\nb", 3), ("{{#a}}{{/b}}", 1), ("{{=<% %>=}}", 1), ("{{% CONTENT_TYPE: TEXT}}", 1), ("{{upper(title)}}", 1), ("{{title", 1),
            ("{{! never closed", 1),
        ] {
            #expect(throws: TemplateError.self, "\(text)") { try Template(text) }
            do { _ = try Template(text) } catch { #expect(error.line == line, "\(text): \(error)") }
        }
    }

    @Test func valuesWithoutLookupsAreReadByReflection() throws {
        struct Plain {
            var name: String
            var labels: [String]
            var members: Int?
            var city: String?
            var open: Bool
        }
        let library = TemplateLibrary(templates: [
            "t": try Template("{{name}}:{{#labels}}<{{.}}>{{/labels}}{{#members}} {{members}} members{{/members}}{{#city}}!{{/city}}{{#open}} open{{/open}}")
        ])
        let value = try #require(TemplateValue(reflecting: Plain(name: "A&B", labels: ["x"], members: 12, city: nil, open: true)))
        #expect(library.render(value, with: "t") == "A&amp;B:<x> 12 members open")
    }
}

import ClusterCollabContent
import ClusterCollabCore
import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A news article's rules, checked before anything is stored, and the Atom feed a feed reader reads.
@Suite struct NewsInputTests {
    func input(
        title: String? = "Cluster association general assembly", summary: String? = "Some 70 clusters met in Paris on 27 May 2016.",
        body: String? = "The assembly met.\r\nA round table followed.", tags: [String]? = ["escp-s3", "General-Assembly"]
    ) -> NewsInput {
        var input = NewsInput()
        input.title = title; input.summary = summary; input.body = body; input.tags = tags
        return input
    }

    @Test func aNewArticleKeepsItsTextsWithBrowserLineBreaksAndLowerCaseTags() throws {
        let article = try input().applied(to: nil)
        #expect(article.body == "The assembly met.\nA round table followed.")
        #expect(article.tags == ["escp-s3", "general-assembly"])
        #expect(article.status == .draft)
        #expect(NewsArticle.slug(for: article.title) == "cluster-association-general-assembly")
        #expect(NewsArticle.slug(for: "!!!") == "news")
    }

    @Test func everyBrokenRuleIsNamedAtOnce() {
        #expect(throws: ValidationErrors.self) { try input(title: "Hi", summary: "", body: "  ").applied(to: nil) }
        do {
            _ = try input(title: "Hi", summary: "", body: "  ", tags: ["two words"]).applied(to: nil)
        } catch {
            #expect(error.fields["title"] == "must be at least 5 characters")
            #expect(error.fields["summary"] == "must be at least 20 characters")
            #expect(error.fields["body"] == "is required")
            #expect(error.fields["tags"] == "two words: must be one word: letters, digits and hyphens, no spaces")
        }
    }

    @Test func tagsAreOneShortWordOfLettersDigitsAndHyphens() throws {
        #expect(try Tag.checked(" ESCP-S3 ").get() == "escp-s3")
        #expect((try? Tag.checked("two words").get()) == nil)
        #expect((try? Tag.checked(String(repeating: "a", count: 41)).get()) == nil)
        #expect((try? Tag.checked(String(repeating: "a", count: 40)).get()) != nil)
        #expect((try? Tag.checked("drones!").get()) == nil)
        #expect((try? Tag.checked("-drones").get()) == nil)
        #expect((try? Tag.checked("numérique").get()) == nil, "accents would make two tags of one word")
        var many = NewsInput()
        many.tags = (1...11).map { "tag\($0)" }
        #expect(throws: ValidationErrors.self) { try many.applied(to: NewsArticle(title: "A title", summary: "", body: "")) }
    }

    @Test func anEditChangesOnlyWhatItNamesAndChecksOnlyThat() throws {
        let base = NewsArticle(title: "An article of old", summary: "short", body: "Text.")
        var edit = NewsInput()
        edit.tags = ["drones"]
        let edited = try edit.applied(to: base)
        #expect(edited.title == base.title && edited.summary == "short" && edited.tags == ["drones"])
    }

    @Test func relatedIdsArePositiveAndUnique() throws {
        var related = input()
        related.relatedOrganisations = [3, 3, 7]
        #expect(try related.applied(to: nil).relatedOrganisations == [3, 7])
        related.relatedCalls = [0]
        #expect(throws: ValidationErrors.self) { try related.applied(to: nil) }
    }

    @Test func publishingKeepsTheFirstPublicationDate() {
        let first = Date(timeIntervalSince1970: 1_465_200_000)
        let article = NewsArticle(title: "t", summary: "s", body: "b").published(at: first)
        #expect(article.status == .published && article.publishedAt == first)
        #expect(article.published(at: first.addingTimeInterval(86_400)).publishedAt == first)
    }
}

@Suite struct AtomFeedTests {
    @Test func aFeedReaderParsesTheFeedEvenWithMarkupAndControlCharactersInTheTexts() throws {
        let published = Date(timeIntervalSince1970: 1_465_200_000)  // 2016-06-06T08:00:00Z
        let feed = AtomFeed(
            id: "https://clusters.example.eu/news", title: "News & events", selfLink: "https://clusters.example.eu/news.atom",
            pageLink: "https://clusters.example.eu/news",
            entries: [
                AtomFeed.Entry(
                    id: "https://clusters.example.eu/news/assembly", title: "<b>Assembly</b> of \"70\" clusters \u{1}",
                    link: "https://clusters.example.eu/news/assembly?a=1&b=2", published: published, updated: published,
                    author: "Élise O'Brien", summary: "Summary </summary><script>", categories: ["escp-s3"])
            ])
        let xml = feed.xml()
        #expect(xml.contains("<updated>2016-06-06T08:00:00Z</updated>"))
        #expect(!xml.contains("\u{1}"))
        // A standard XML parser reads it back, with the texts as they were written.
        final class Reader: NSObject, XMLParserDelegate {
            var texts: [String: String] = [:]
            var path: [String] = []
            var current = ""
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                path.append(name); current = ""
                if name == "link", let href = attributes["href"] { texts[path.joined(separator: "/") + "@" + (attributes["rel"] ?? "")] = href }
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                texts[path.joined(separator: "/"), default: ""] += current; current = ""; path.removeLast()
            }
        }
        let parser = XMLParser(data: Data(xml.utf8))
        let reader = Reader()
        parser.delegate = reader
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        #expect(reader.texts["feed/entry/title"] == "<b>Assembly</b> of \"70\" clusters ")
        #expect(reader.texts["feed/entry/summary"] == "Summary </summary><script>")
        #expect(reader.texts["feed/entry/author/name"] == "Élise O'Brien")
        #expect(reader.texts["feed/entry/link@alternate"] == "https://clusters.example.eu/news/assembly?a=1&b=2")
    }

    @Test func anEmptyFeedIsStillAFeed() {
        let xml = AtomFeed(id: "x", title: "t", selfLink: "s", pageLink: "p", entries: []).xml(empty: Date(timeIntervalSince1970: 0))
        #expect(xml.contains("<updated>1970-01-01T00:00:00Z</updated>"))
        #expect(!xml.contains("<entry>"))
    }
}

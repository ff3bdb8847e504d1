import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabStorage
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// News as a visitor reads it: the demo's founding story with its byline, share links, Open Graph and
/// schema.org data, tag pages, and Atom feeds a feed reader parses.
@Suite struct NewsPagesTests {
    @Test func aVisitorReadsTheFoundingStoryWithItsBylineAndShareLinks() async throws {
        try await withApp { client, platform in
            let list = try await client.get("/news", headers: htmlAccept)
            #expect(list.status == .ok)
            #expect(list.text.contains("<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/news.atom\">"))
            #expect(
                list.text.contains("Seventy clusters at the association&#39;s general assembly")
                    || list.text.contains("Seventy clusters at the association&#x27;s general assembly"))
            let stored = try #require(try await platform.news.find(slug: "seventy-clusters-at-the-association-s-general-assembly"))
            let name = try #require(stored.authorName, "the demo's profile administrator wrote it")
            let page = try await client.get("/news/seventy-clusters-at-the-association-s-general-assembly", headers: htmlAccept)
            #expect(page.status == .ok)
            #expect(page.text.contains("Submitted by \(name) on 6 June 2016"))
            #expect(
                page.text.contains(
                    "href=\"https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fclusters.example.eu%2Fnews%2Fseventy-clusters-at-the-association-s-general-assembly\""
                ))
            #expect(page.text.contains("href=\"mailto:?subject="))
            #expect(page.text.contains("href=\"https://x.com/intent/post?url="))
            #expect(page.text.contains("<meta property=\"og:type\" content=\"article\">"))
            #expect(page.text.contains("<meta property=\"article:published_time\" content=\"2016-06-06T10:00:00Z\">"))
            #expect(page.text.contains("\"@type\":\"NewsArticle\""))
            #expect(page.text.contains("\"datePublished\":\"2016-06-06T10:00:00Z\""))
            #expect(page.text.contains(">Pôle Drones Île-de-France</a>"), "the article links the organisation it is about")
            #expect(!page.text.contains("<script src="), "sharing needs no third-party script")
            // with its photo, the photo's caption and credit, and the text that stands for it
            let photo = try #require(stored.article.image, "the founding story has its photo")
            #expect(page.text.contains("<img src=\"/documents/\(photo.documentID)/download\" alt=\"Cluster managers seated around"))
            #expect(page.text.contains("<figcaption>The round table on European strategic cluster partnerships, 27 May 2016"))
            let image = try await client.get("/documents/\(photo.documentID)/download")
            #expect(image.headers[.contentType] == "image/png")
            #expect(FileType.sniff(Array(image.body.readableBytesView)) == .known(.png))
            // and in French the byline is French
            let french = try await client.get("/news/seventy-clusters-at-the-association-s-general-assembly?lang=fr", headers: htmlAccept)
            #expect(french.text.contains("Publié par \(name) le 6 juin 2016"))
        }
    }

    @Test func tagPagesListTheirArticlesAndRefuseWhatNoTagCanBe() async throws {
        try await withApp { client, _ in
            let escp = try await client.get("/news/tags/escp-s3", headers: htmlAccept)
            #expect(escp.status == .ok)
            #expect(escp.text.contains("1 article"))
            let drones = try await client.get("/news/tags/drones", headers: htmlAccept)
            #expect(drones.text.contains("2 articles"))
            #expect(try await client.get("/news/tags/two%20words", headers: htmlAccept).status == .notFound)
            #expect(try await client.get("/news/tags/" + String(repeating: "a", count: 5_000), headers: htmlAccept).status == .notFound)
            #expect(try await client.get("/news?page=0", headers: htmlAccept).status == .unprocessableContent)
            #expect(try await client.get("/news?page=abc", headers: htmlAccept).status == .unprocessableContent)
            #expect(try await client.get("/news?page=99", headers: htmlAccept).status == .ok)
        }
    }

    @Test func unpublishedArticlesAreNotFoundAndAnAuthorlessOneSaysFormerMember() async throws {
        try await withApp(demo: false) { client, platform in
            _ = try await platform.news.create(NewsArticle(title: "A draft article", summary: "Not for visitors yet.", body: "x"), actor: "test")
            #expect(try await client.get("/news/a-draft-article", headers: htmlAccept).status == .notFound)
            let orphan = NewsArticle(title: "An orphan article", summary: "Its author left.", body: "x").published(
                at: Date(timeIntervalSince1970: 1_465_207_200))
            _ = try await platform.news.create(orphan, actor: "test")
            #expect(try await client.get("/news/an-orphan-article", headers: htmlAccept).text.contains("Submitted by former member on 6 June 2016"))
        }
    }

    @Test func feedReadersParseTheAtomFeedsOfAllNewsAndOfATag() async throws {
        try await withApp { client, _ in
            let all = try await client.get("/news.atom")
            #expect(all.status == .ok)
            #expect(all.headers[.contentType] == "application/atom+xml; charset=utf-8")
            final class Titles: NSObject, XMLParserDelegate {
                var titles: [String] = []
                var inEntryTitle = false
                var depth: [String] = []
                func parser(
                    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]
                ) {
                    depth.append(name)
                    if depth.suffix(2) == ["entry", "title"] { inEntryTitle = true; titles.append("") }
                }
                func parser(_ parser: XMLParser, foundCharacters string: String) { if inEntryTitle { titles[titles.count - 1] += string } }
                func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                    depth.removeLast(); inEntryTitle = false
                }
            }
            func titles(_ text: String) -> [String] {
                let parser = XMLParser(data: Data(text.utf8))
                let reader = Titles()
                parser.delegate = reader
                #expect(parser.parse())
                return reader.titles
            }
            #expect(titles(all.text).count == 3)
            #expect(titles(all.text).contains("Seventy clusters at the association's general assembly"))
            let tagged = try await client.get("/news/tags/escp-s3/feed.atom")
            #expect(titles(tagged.text) == ["Seventy clusters at the association's general assembly"])
        }
    }

    @Test func anOrganisationsProfileListsTheNewsAboutIt() async throws {
        try await withApp { client, platform in
            let story = try #require(try await platform.news.find(slug: "seventy-clusters-at-the-association-s-general-assembly"))
            let dronesID = try #require(story.article.relatedOrganisations.first)
            let drones = try #require(try await platform.organisations.find(id: dronesID))
            let profile = try await client.get("/organisations/\(drones.slug)", headers: htmlAccept)
            #expect(profile.text.contains("<section class=\"profile-news\">"))
            #expect(profile.text.contains("href=\"/news/seventy-clusters-at-the-association-s-general-assembly\""))
            #expect(profile.text.contains("href=\"/news/drone-clusters-compare-their-test-zones\""))
            // A second view comes from the cached page and still has it.
            #expect(try await client.get("/organisations/\(drones.slug)", headers: htmlAccept).text.contains("<section class=\"profile-news\">"))
            let other = try #require(platform.directory.index.search(.init(sort: .newest, perPage: 1)).items.first { $0.slug != drones.slug })
            #expect(!(try await client.get("/organisations/\(other.slug)", headers: htmlAccept).text.contains("profile-news")))
        }
    }
}

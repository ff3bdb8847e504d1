import ClusterCollabCore
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The directory as open data (issue 14, item 4): the current result and the whole public directory as
/// CSV and JSON, public fields only, with validators so harvesters fetch only what changed.
@Suite struct OpenDataTests {
    /// The records of a CSV body (quoted cells may hold commas and line breaks).
    static func records(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], cell = "", quoted = false
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { cell.append("\""); chars.removeFirst() } else { quoted = false }
                } else {
                    cell.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                row.append(cell); cell = ""
            } else if c == "\r\n" || c == "\n" {
                row.append(cell); rows.append(row); row = []; cell = ""
            } else {
                cell.append(c)
            }
        }
        if !cell.isEmpty || !row.isEmpty { row.append(cell); rows.append(row) }
        return rows
    }

    @Test func theWholeDirectoryIsEveryPublishedProfileWithoutItsContactPerson() async throws {
        try await withApp { client, platform in
            let published = try await platform.organisations.all(status: .published)
            #expect(published.contains { $0.contactEmail != nil }, "the demo has contact people to keep private")
            let csv = try await client.get("/api/v1/directory.csv")
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let rows = Self.records(csv.text)
            let header = try #require(rows.first)
            #expect(header == Organisation.openDataColumns)
            #expect(!header.contains("contact_email") && !header.contains("contact_name"))
            #expect(rows.count - 1 == published.count)
            #expect(rows.dropFirst().compactMap { Int64($0[0]) } == published.map(\.id).sorted())
            for contact in published.compactMap(\.contactEmail) { #expect(!csv.text.contains(contact), "\(contact)") }
            let slug = try #require(header.firstIndex(of: "slug")), url = try #require(header.firstIndex(of: "url"))
            #expect(rows[1][url] == "https://clusters.example.eu/organisations/" + rows[1][slug])

            let json = try await client.get("/api/v1/directory.json")
            #expect(json.status == .ok)
            let items = try #require(try JSONSerialization.jsonObject(with: Data(json.text.utf8)) as? [[String: Any]])
            #expect(items.count == published.count)
            #expect(items.allSatisfy { $0["contact_email"] == nil && $0["contact_name"] == nil && $0["status"] == nil && $0["url"] is String })
            for contact in published.compactMap(\.contactEmail) { #expect(!json.text.contains(contact), "\(contact)") }
        }
    }

    @Test func aSearchDownloadsEveryMatchInTheDirectorysOrderNotOnePage() async throws {
        try await withApp { client, _ in
            // given the directory's matches for drones, all pages of them
            var expected: [Int64] = []
            var page = 1
            while true {
                let api = try await client.get("/api/v1/organisations?q=drone&sort=name&per_page=5&page=\(page)").json
                let ids = try #require(api["items"] as? [[String: Any]]).compactMap { ($0["id"] as? NSNumber)?.int64Value }
                if ids.isEmpty { break }
                expected += ids
                page += 1
            }
            #expect(expected.count > 5, "more than one page")
            // when the same search is downloaded (its page parameters are ignored)
            let csv = try await client.get("/api/v1/directory.csv?q=drone&sort=name&per_page=5&page=2")
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentDisposition]?.contains("clustercollab-directory-search.csv") == true)
            #expect(Self.records(csv.text).dropFirst().compactMap { Int64($0[0]) } == expected)
            let json = try await client.get("/api/v1/directory.json?q=drone&sort=name")
            let items = try #require(try JSONSerialization.jsonObject(with: Data(json.text.utf8)) as? [[String: Any]])
            #expect(items.compactMap { ($0["id"] as? NSNumber)?.int64Value } == expected)
            // and the directory page links to both downloads of what it shows
            let directory = try await client.get("/organisations?q=drone&sort=name", headers: htmlAccept)
            #expect(directory.text.contains("href=\"/api/v1/directory.csv?q=drone&amp;sort=name\""))
            #expect(directory.text.contains("href=\"/api/v1/directory.json?q=drone&amp;sort=name\""))
            // and a bad filter is named, as everywhere else
            let bad = try await client.get("/api/v1/directory.csv?country=ZZ")
            #expect(bad.status == .unprocessableContent)
            let fields = try bad.json["fields"] as? [String: String]
            #expect(fields?["country"] != nil)
        }
    }

    @Test func aHarvesterFetchesTheDirectoryAgainOnlyWhenItChanged() async throws {
        try await withApp { client, platform in
            let first = try await client.get("/api/v1/directory.csv")
            let etag = try #require(first.headers[.eTag])
            let lastModified = try #require(first.headers[.lastModified])
            #expect(OpenDataController.parseHTTPDate(lastModified) != nil)
            // the same request with its validators gets 304 and no body
            let again = try await client.get("/api/v1/directory.csv", headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified)
            #expect(again.text.isEmpty)
            #expect(try await client.get("/api/v1/directory.csv", headers: [.ifModifiedSince: lastModified]).status == .notModified)
            // each format and each search has its own tag
            let json = try await client.get("/api/v1/directory.json", headers: [.ifNoneMatch: etag])
            #expect(json.status == .ok && json.headers[.eTag] != etag)
            let search = try await client.get("/api/v1/directory.csv?q=drone", headers: [.ifNoneMatch: etag])
            #expect(search.status == .ok)
            // when an organisation is published (a second later, as HTTP dates have whole seconds)
            try await Task.sleep(for: .milliseconds(1_100))
            _ = try await platform.createOrganisation(
                Organisation(name: "Baltic Drone Harbour", type: .clusterOrganisation, country: "EE", region: "EE00", status: .published))
            // then the old validators no longer match and the new row is there
            let changed = try await client.get("/api/v1/directory.csv", headers: [.ifNoneMatch: etag])
            #expect(changed.status == .ok)
            #expect(changed.headers[.eTag] != etag)
            #expect(changed.text.contains("Baltic Drone Harbour"))
            #expect(try await client.get("/api/v1/directory.csv", headers: [.ifModifiedSince: lastModified]).status == .ok)
            let newer = try #require(changed.headers[.lastModified].flatMap(OpenDataController.parseHTTPDate))
            #expect(newer > OpenDataController.parseHTTPDate(lastModified)!)
        }
    }
}

import ClusterCollabCore
import ClusterCollabStorage
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The header knows who you are: visitors are offered "Log in" and "Register", signed-in people see their
/// name and "Log out", on every page, the cached profile page included.
@Suite struct PersonalHeaderTests {
    typealias Teams = TeamsAndModerationTests

    /// The page's `<header>` element.
    static func header(_ page: TestResponse) throws -> String {
        let text = page.text
        let start = try #require(text.range(of: "<header class=\"site\">"), "no header")
        let end = try #require(text.range(of: "</header>", range: start.upperBound..<text.endIndex))
        return String(text[start.lowerBound..<end.upperBound])
    }

    @Test func visitorsAreOfferedLogInAndRegisterAndNoBell() async throws {
        try await withApp { client, _ in
            for path in ["/", "/organisations", "/partner-searches", "/calls"] {
                // when a visitor opens a page
                let page = try await Browser(client).get(path)
                let header = try Self.header(page)
                // then the header offers logging in (back to this page) and registering
                #expect(header.contains(#">Log in</a>"#) && header.contains(#"<a href="/register">Register</a>"#), "\(path)")
                #expect(!header.contains("Log out") && !header.contains("Your organisations"), "\(path)")
                // and no script asks for notifications, which would answer a visitor 401
                #expect(!page.text.contains("bell.js"), "\(path)")
            }
            // "Log in" comes back to the page, search included
            #expect(
                try Self.header(try await Browser(client).get("/organisations?q=drone")).contains(
                    #"<a href="/login?next=\#(FormDecoding.encode("/organisations?q=drone"))">Log in</a>"#))
        }
    }

    @Test func logInComesBackToTheSearchAsTheDirectoryWritesItNotToWhatTheURLCarried() async throws {
        try await withApp { client, _ in
            // when a visitor's URL repeats a filter and carries a parameter no facet knows
            let page = try await Browser(client).get("/organisations?q=drone&country=FR&country=FR,FR&tag=" + String(repeating: "x,", count: 600))
            // then "Log in" comes back to the search with its known filters, each once
            #expect(try Self.header(page).contains(#"<a href="/login?next=\#(FormDecoding.encode("/organisations?q=drone&country=FR"))">Log in</a>"#))
            // and on other pages an address too long to carry back returns to the bare path
            let long = try await Browser(client).get("/partner-searches?q=" + String(repeating: "y", count: 2_000))
            #expect(try Self.header(long).contains(#"<a href="/login?next=\#(FormDecoding.encode("/partner-searches"))">Log in</a>"#))
        }
    }

    @Test func signedInPeopleSeeTheirNameAndALogOutButtonThatWorks() async throws {
        try await withApp(demo: false) { client, _ in
            // given a signed-in person
            let anna = try await AccountsTests.registered(client)
            // when they open a public page
            let page = try await anna.get("/organisations")
            let header = try Self.header(page)
            // then the header names them, links their account, has the bell and a log-out form, and no "Log in"
            #expect(header.contains(#"<a class="name" href="/account">Anna Lindqvist</a>"#))
            #expect(header.contains(#"<form class="logout" method="post" action="/logout"><input type="hidden" name="csrf_token" value=""#))
            #expect(header.contains(#"<button type="submit">Log out</button>"#))
            #expect(header.contains(#"<script src="/static/bell.js" defer></script>"#))
            #expect(!header.contains("Log in") && !header.contains("Register"))
            #expect(page.headers[.cacheControl] == "no-store", "a page with a person's name is not for any cache")
            // when they press "Log out" in the header, with the header's token
            let token = try #require(Browser.token(in: header))
            let out = try await anna.post("/logout", [], csrf: token)
            // then they are logged out and the header offers "Log in" again
            #expect(out.status == .seeOther)
            #expect(try Self.header(try await anna.get("/organisations")).contains(">Log in</a>"))
            #expect(try await anna.get("/account").status == .seeOther)
        }
    }

    @Test func theCachedProfilePageShowsEachPersonTheirOwnHeader() async throws {
        try await withApp { client, platform in
            let slug = "pole-drones-ile-de-france"
            // given the profile page, rendered once for a visitor and kept
            let visitor = try await Browser(client).get("/organisations/\(slug)")
            #expect(visitor.status == .ok)
            #expect(platform.profilePages.get(slug, language: "en") != nil, "the page is cached")
            // when two people open it in turn
            let anna = try await AccountsTests.registered(client, email: "anna@clusters.example.eu", name: "Anna Lindqvist")
            let bruno = try await AccountsTests.registered(client, email: "bruno@clusters.example.eu", name: "Bruno Carvalho")
            let annasHeader = try Self.header(try await anna.get("/organisations/\(slug)"))
            let brunosHeader = try Self.header(try await bruno.get("/organisations/\(slug)"))
            let visitorsHeader = try Self.header(try await Browser(client).get("/organisations/\(slug)"))
            // then each sees their own name, and a visitor sees nobody's
            #expect(annasHeader.contains("Anna Lindqvist") && !annasHeader.contains("Bruno Carvalho"))
            #expect(brunosHeader.contains("Bruno Carvalho") && !brunosHeader.contains("Anna Lindqvist"))
            #expect(visitorsHeader.contains(">Log in</a>") && !visitorsHeader.contains("Anna") && !visitorsHeader.contains("Bruno"))
            // and the kept page holds no one's name
            let kept = try #require(platform.profilePages.get(slug, language: "en"))
            #expect(!(kept.before + kept.after).contains("Lindqvist") && !(kept.before + kept.after).contains("Carvalho"))
            // each person's log-out token is their own
            #expect(Browser.token(in: annasHeader) != Browser.token(in: brunosHeader))
        }
    }

    @Test func errorPagesGreetThePersonToo() async throws {
        try await withApp(demo: false) { client, _ in
            let anna = try await AccountsTests.registered(client)
            let missing = try await anna.get("/organisations/no-such-organisation")
            #expect(missing.status == .notFound)
            #expect(try Self.header(missing).contains("Anna Lindqvist"))
        }
    }

    @Test func theFaviconIsServed() async throws {
        try await withApp(demo: false) { client, _ in
            let icon = try await client.get("/favicon.ico")
            #expect(icon.status == .ok)
            #expect(icon.headers[.contentType] == "image/x-icon")
            #expect(Array(icon.body.readableBytesView.prefix(4)) == [0, 0, 1, 0], "an ICO file")
            #expect(try await Browser(client).get("/").text.contains(#"<link rel="icon" href="/favicon.ico">"#))
        }
    }
}

import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabStorage
import Foundation
import SQLKit
import Testing

private let assembly = Date(timeIntervalSince1970: 1_465_200_000)  // 6 June 2016

/// News as stored on both databases: slugs, tags, an organisation's news, versions and the byline's name.
@Suite struct NewsRepositoryTests {
    func author(_ email: String, name: String, on db: Database) async throws -> User {
        try await db.transaction { tx in
            try await UserRepository.create(
                email: email, name: name, passwordHash: "$2b$04$hash", role: .user, verified: true, unsubscribeToken: "u-" + email, now: assembly, on: tx)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func anArticleIsStoredFoundByItsSlugAndListedByTagAndOrganisation(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = NewsRepository(database: db)
            let pole = try await OrganisationRepository(database: db).create(sampleOrganisation("Pôle Drones"))
            let writer = try await author("marie@clusters.example.fr", name: "Marie Dupont", on: db)
            // given a published article about the drone cluster, tagged escp-s3, and a draft
            let article = NewsArticle(
                title: "General assembly of the association", summary: "Some 70 clusters met on 27 May 2016.", body: "Text.",
                tags: ["escp-s3", "assembly"], relatedOrganisations: [pole.id, 999_999], authorID: writer.id
            ).published(at: assembly)
            let stored = try await repo.create(article, actor: "test", now: assembly)
            _ = try await repo.create(NewsArticle(title: "A draft of another article", summary: "Not published yet, not listed.", body: "x"), actor: "test")
            // then it is found by its slug with its author's name and publication date
            let found = try #require(try await repo.find(slug: "general-assembly-of-the-association"))
            #expect(found.article.id == stored.article.id)
            #expect(found.authorName == "Marie Dupont")
            #expect(found.article.publishedAt == assembly)
            #expect(found.article.tags == ["escp-s3", "assembly"])
            // and listed (published only by default), by tag and by the organisation it is about
            #expect(try await repo.list(.init(), page: 1, perPage: 10).total == 1)
            var byTag = NewsRepository.Filter()
            byTag.tag = "escp-s3"
            #expect(try await repo.list(byTag, page: 1, perPage: 10).items.map(\.article.id) == [stored.article.id])
            byTag.tag = "drones"
            #expect(try await repo.list(byTag, page: 1, perPage: 10).total == 0)
            var byOrganisation = NewsRepository.Filter()
            byOrganisation.organisationID = pole.id
            #expect(try await repo.list(byOrganisation, page: 1, perPage: 10).total == 1)
            var everything = NewsRepository.Filter()
            everything.status = nil
            #expect(try await repo.list(everything, page: 1, perPage: 10).total == 2)
            #expect(try await repo.tags().map(\.tag) == ["assembly", "escp-s3"])
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func aSecondArticleOfTheSameTitleGetsItsOwnSlug(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = NewsRepository(database: db)
            let first = try await repo.create(NewsArticle(title: "Cluster news", summary: "The first of two.", body: "x"), actor: "test")
            let second = try await repo.create(NewsArticle(title: "Cluster news!", summary: "The second of two.", body: "x"), actor: "test")
            #expect(first.article.slug == "cluster-news")
            #expect(second.article.slug == "cluster-news-2")
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func anEditBasedOnAnOldVersionIsRefusedAndChangesNothing(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = NewsRepository(database: db)
            var article = try await repo.create(NewsArticle(title: "Versioned article", summary: "Edited twice.", body: "x", tags: ["a"]), actor: "test")
                .article
            article.tags = ["b"]
            let edited = try await repo.update(article, expectedVersion: 1, actor: "test")
            #expect(edited.article.version == 2)
            article.title = "Overwritten"
            await #expect(throws: Refusal.self) { try await repo.update(article, expectedVersion: 1, actor: "test") }
            let kept = try #require(try await repo.find(id: article.id))
            #expect(kept.article.title == "Versioned article" && kept.article.tags == ["b"])
            #expect(kept.article.slug == "versioned-article")
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func theBylineLosesTheNameWhenTheAccountIsDeleted(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = NewsRepository(database: db)
            let writer = try await author("gone@clusters.example.fr", name: "Gone Person", on: db)
            let stored = try await repo.create(
                NewsArticle(title: "An article by someone", summary: "Whose account goes.", body: "x", authorID: writer.id).published(at: assembly),
                actor: "test")
            #expect(try await PrivacyRepository(database: db, publicURL: "https://clusters.example.eu").deleteAccount(userID: writer.id))
            let read = try #require(try await repo.find(id: stored.article.id))
            #expect(read.authorName == nil)
            #expect(read.article.authorID == nil)
        }
    }
}

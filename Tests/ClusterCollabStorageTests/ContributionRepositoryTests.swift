import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabStorage
import Foundation
import SQLKit
import Testing

private let monday = Date(timeIntervalSince1970: 1_796_000_000)

/// Contributed news and events on both databases: the moderators hear of what waits, a decision changes
/// the status and dates a first publication, the team and the author are told, and the history keeps it all.
@Suite struct ContributionRepositoryTests {
    func person(_ email: String, role: PlatformRole = .user, on db: Database) async throws -> User {
        try await db.transaction { tx in
            try await UserRepository.create(
                email: email, name: email.components(separatedBy: "@")[0].capitalized, passwordHash: "$2b$04$hash", role: role, verified: true,
                unsubscribeToken: "u-" + email, now: monday, on: tx)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func aDecisionIsWrittenWholeWithItsHistoryAndNotices(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let organisation = try await OrganisationRepository(database: db).create(sampleOrganisation("Skyways Cluster"))
            let author = try await person("author@skyways.example.eu", on: db)
            let colleague = try await person("colleague@skyways.example.eu", on: db)
            let moderator = try await person("moderator@platform.example.eu", role: .moderator, on: db)
            try await db.transaction { tx in
                try await TeamRepository.addMembership(organisationID: organisation.id, userID: colleague.id, role: .member, on: tx)
            }
            let events = EventRepository(database: db)
            let repo = ContributionRepository(database: db, publicURL: "https://clusters.example.eu")
            let event = Event(
                title: "Drone corridors partner day", description: "Meetings.", kind: .matchmaking, startsAt: monday.addingTimeInterval(86_400 * 30),
                endsAt: monday.addingTimeInterval(86_400 * 30 + 3_600), timeZone: "Europe/Paris", venue: "Toulouse", organiserID: organisation.id,
                authorID: author.id, status: .needsReview)
            let stored = try await events.create(event, actor: "Author", history: ContributionHistory.submitted, now: monday)
            // The moderators' bell rings; the team's does not.
            let bell = NotificationRepository(database: db)
            #expect(try await bell.list(userID: moderator.id).map(\.kind) == ["content-waiting"])
            #expect(try await bell.list(userID: colleague.id).isEmpty)

            // Changes without a message: refused, nothing changed.
            await #expect(throws: Refusal.self) {
                try await repo.decide(.event, id: stored.event.id, decision: .requestChanges, message: "", moderator: "Moderator", now: monday)
            }
            #expect(try await events.find(id: stored.event.id)?.event.status == .needsReview)
            #expect(try await OutboxRepository(database: db).list(page: 1, perPage: 10).total == 0)

            // Published: dated now, the organisation's team and the author each told once.
            let later = monday.addingTimeInterval(3_600)
            try await repo.decide(.event, id: stored.event.id, decision: .publish, message: "Welcome", moderator: "Moderator", now: later)
            let published = try #require(try await events.find(id: stored.event.id))
            #expect(published.event.status == .published)
            #expect(published.event.publishedAt == later)
            #expect(published.event.version == stored.event.version + 1)
            let mails = try await OutboxRepository(database: db).list(page: 1, perPage: 10).rows
            #expect(Set(mails.map(\.recipient)) == ["author@skyways.example.eu", "colleague@skyways.example.eu"])
            #expect(mails.allSatisfy { $0.kind == "moderation-content" && $0.bodyText.contains("Welcome") })
            #expect(try await repo.history(.event, id: stored.event.id).map(\.action) == ["publish: Welcome", "submitted for review"])

            // Deciding again is a conflict; a missing item is not found.
            do {
                try await repo.decide(.event, id: stored.event.id, decision: .reject, message: "", moderator: "Moderator", now: later)
                Issue.record("a published event was decided again")
            } catch let refusal as Refusal { #expect(refusal.kind == .conflict) }
            do {
                try await repo.decide(.news, id: 999_999, decision: .publish, message: "", moderator: "Moderator", now: later)
                Issue.record("a missing article was decided")
            } catch let refusal as Refusal { #expect(refusal.kind == .notFound) }
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func anArticlesPhotoMustBeAnImageOfTheLibraryAndIsKept(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let news = NewsRepository(database: db)
            let documents = DocumentRepository(database: db)
            let png = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")!
            let photo = try await documents.create(
                Document(
                    title: "Round table", kind: .photo, date: "2016-05-27", language: "en", owner: .platform, fileName: "round-table.png", fileType: .png,
                    byteSize: png.count), data: png, actor: "test")
            let text = try await documents.create(
                Document(
                    title: "Notes", kind: .report, date: "2016-05-27", language: "en", owner: .platform, fileName: "notes.txt", fileType: .txt,
                    byteSize: 5), data: Data("notes".utf8), actor: "test")
            var article = NewsArticle(title: "General assembly", summary: "Some 70 clusters met on 27 May 2016.", body: "Text.")
            article.image = NewsImage(documentID: text.document.id, alt: "Notes")
            do {
                _ = try await news.create(article, actor: "test")
                Issue.record("a text file was taken as a photo")
            } catch let errors as ValidationErrors { #expect(errors.fields["image_document_id"]?.contains("no image") == true) }
            #expect(
                try await news.list(
                    {
                        var f = NewsRepository.Filter(); f.status = nil; return f
                    }(), page: 1, perPage: 5
                ).total == 0)
            article.image = NewsImage(documentID: photo.document.id, alt: "Ten people around a table", caption: "The round table", credit: "Pôle")
            let stored = try await news.create(article, actor: "test")
            #expect(try await news.find(id: stored.article.id)?.article.image == article.image)
            // An edit is checked as a new article is: no text file, no document that is not there.
            for documentID in [text.document.id, 999_999] {
                var edit = try #require(try await news.find(id: stored.article.id)).article
                edit.image = NewsImage(documentID: documentID, alt: "Notes")
                do {
                    _ = try await news.update(edit, expectedVersion: nil, actor: "test")
                    Issue.record("document \(documentID) was taken as a photo")
                } catch let errors as ValidationErrors { #expect(errors.fields["image_document_id"] != nil) }
            }
            #expect(try await news.find(id: stored.article.id)?.article.image == article.image)
            // Removing the document removes the photo from the article, not the article.
            try await db.withConnection { conn in try await conn.raw("DELETE FROM documents WHERE id = \(bind: photo.document.id)").run() }
            #expect(try await news.find(id: stored.article.id)?.article.image == nil)
        }
    }
}

import ClusterCollabCore
import ClusterCollabStorage
import Foundation
import Testing

@Suite struct OrganisationRepositoryTests {
    @Test(arguments: TestDatabase.dialects)
    func migrationsAreRecordedAndRunOnce(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            // given a migrated database, when migrations run again
            let again = try await Migrations.run(on: db)
            // then nothing is applied twice and the version is the latest
            #expect(again.isEmpty)
            #expect(try await Migrations.currentVersion(on: db) == Migrations.all.last!.version)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func createdOrganisationIsFoundByIdSlugAndNameWithEveryField(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = OrganisationRepository(database: db)
            // when
            let stored = try await repo.create(sampleOrganisation(), now: Date(timeIntervalSince1970: 1_700_000_000.7))
            // then
            #expect(stored.id > 0)
            #expect(stored.slug == "loire-photonics-alliance")
            #expect(stored.createdAt == Date(timeIntervalSince1970: 1_700_000_000))
            let byID = try await repo.find(id: stored.id)
            #expect(byID == stored)
            #expect(try await repo.find(slug: stored.slug) == stored)
            #expect(try await repo.find(name: "LOIRE photonics alliance", country: "FR") == stored)
            #expect(byID?.labels == [ClusterLabel(level: .gold, year: 2019)])
            #expect(byID?.members.publicBodies == 3)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func aDescriptionInASecondLanguageIsStoredChangedAndSearched(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = OrganisationRepository(database: db)
            // given a profile with a French description beside the English one
            var organisation = sampleOrganisation(status: .draft)
            organisation.secondDescription = "Le réseau régional de la photonique et des lasers industriels."
            organisation.secondDescriptionLanguage = "fr"
            // when it is stored and read back
            let stored = try await repo.create(organisation)
            let read = try #require(try await repo.find(id: stored.id))
            // then both descriptions come back
            #expect(read.secondDescription == organisation.secondDescription)
            #expect(read.secondDescriptionLanguage == "fr")
            // and the platform team's search finds it by a word only the French description has
            #expect(try await repo.search(ProfileSearch(text: "réseau régional")).items.map(\.id) == [stored.id])
            // in other forms too: plurals, elision and stop words as the directory reads them
            #expect(try await repo.search(ProfileSearch(text: "réseaux régionaux")).items.map(\.id) == [stored.id])
            #expect(try await repo.search(ProfileSearch(text: "de la photoniques")).items.map(\.id) == [stored.id])
            #expect(try await repo.search(ProfileSearch(text: "l'industriel")).items.map(\.id) == [stored.id])
            #expect(try await repo.search(ProfileSearch(text: "réseaux maritimes")).total == 0)

            // when the French description changes
            var changed = read
            changed.secondDescription = "Le pôle de l'optique."
            _ = try await repo.update(changed)
            // then the new text is stored and searched, the old one no longer
            #expect(try await repo.find(id: stored.id)?.secondDescription == "Le pôle de l'optique.")
            #expect(try await repo.search(ProfileSearch(text: "optique")).total == 1)
            #expect(try await repo.search(ProfileSearch(text: "réseau régional")).total == 0)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func sameNameInAnotherCountryGetsItsOwnSlug(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = OrganisationRepository(database: db)
            _ = try await repo.create(sampleOrganisation())
            let other = try await repo.create(sampleOrganisation(country: "DE", region: "DE21"))
            #expect(other.slug == "loire-photonics-alliance-de")
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func sameNameInTheSameCountryIsRefusedAndNothingIsWritten(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = OrganisationRepository(database: db)
            _ = try await repo.create(sampleOrganisation())
            let revision = try await repo.revision()
            // when the same name (other case and accents) is created again in FR
            await #expect(throws: ValidationErrors.self) {
                _ = try await repo.create(sampleOrganisation("Loire PHOTONICS Alliance"))
            }
            // then nothing changed
            #expect(try await repo.count() == 1)
            #expect(try await repo.revision() == revision)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func updateKeepsSlugAndCreationTimeAndMovesTheRevision(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = OrganisationRepository(database: db)
            let stored = try await repo.create(sampleOrganisation(), now: Date(timeIntervalSince1970: 1_600_000_000))
            let before = try await repo.revision()
            var changed = stored
            changed.name = "Loire Photonics and Lasers Alliance"
            changed.tags = ["lasers"]
            let updated = try #require(try await repo.update(changed, now: Date(timeIntervalSince1970: 1_700_000_000)))
            #expect(updated.slug == stored.slug)
            #expect(updated.createdAt == stored.createdAt)
            #expect(updated.updatedAt == Date(timeIntervalSince1970: 1_700_000_000))
            #expect(try await repo.find(id: stored.id)?.tags == ["lasers"])
            let changes = try await repo.changes(since: before)
            #expect(changes.upserts.map(\.id) == [stored.id])
            #expect(changes.revision == before + 1)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func anOrganisationCountsAsNewWhenFirstPublishedNotWhenCreatedOrEditedLater(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = OrganisationRepository(database: db)
            func at(_ day: Double) -> Date { Date(timeIntervalSince1970: 1_700_000_000 + day * 86_400) }
            // a draft created on day 0, published on day 3, edited on day 5
            var draft = sampleOrganisation()
            draft.status = .draft
            var stored = try await repo.create(draft, now: at(0))
            #expect(try await repo.publishedIDs(from: at(-1), until: at(10)).isEmpty)
            stored.status = .published
            stored = try #require(try await repo.update(stored, now: at(3)))
            stored.tags = ["edited"]
            _ = try await repo.update(stored, now: at(5))
            // and a profile created published on day 4
            var other = sampleOrganisation()
            other.name = "Baltic Drone Valley"
            other.status = .published
            let imported = try await repo.create(other, now: at(4))
            #expect(try await repo.publishedIDs(from: at(0), until: at(10)) == [stored.id, imported.id])
            #expect(try await repo.publishedIDs(from: at(3), until: at(4)) == [stored.id])
            #expect(try await repo.publishedIDs(from: at(4), until: at(10)) == [imported.id])
            #expect(try await repo.publishedIDs(from: at(5), until: at(10)).isEmpty)
            // a withdrawn profile is no longer new
            stored.status = .draft
            _ = try await repo.update(stored, now: at(6))
            #expect(try await repo.publishedIDs(from: at(0), until: at(10)) == [imported.id])
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func theDirectorysVersionMovesWithEveryWriteDeletionsIncluded(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = OrganisationRepository(database: db)
            let start = try await repo.version()
            let stored = try await repo.create(sampleOrganisation())
            let created = try await repo.version()
            #expect(created.revision == start.revision + 1)
            #expect(created.changedAt >= start.changedAt)
            #expect(abs(created.changedAt.timeIntervalSinceNow) < 60)
            try await Task.sleep(for: .milliseconds(20))
            #expect(try await repo.delete(id: stored.id))
            let deleted = try await repo.version()
            #expect(deleted.revision == created.revision + 1)
            #expect(deleted.changedAt > created.changedAt)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func updateOfAMissingOrganisationReturnsNil(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            var ghost = sampleOrganisation()
            ghost.id = 999
            let result = try await OrganisationRepository(database: db).update(ghost)
            #expect(result == nil)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func deletionIsReportedAsARemoval(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = OrganisationRepository(database: db)
            let stored = try await repo.create(sampleOrganisation())
            let before = try await repo.revision()
            #expect(try await repo.delete(id: stored.id))
            #expect(try await repo.delete(id: stored.id) == false)
            let changes = try await repo.changes(since: before)
            #expect(changes.removals == [stored.id])
            #expect(changes.upserts.isEmpty)
            #expect(try await repo.find(id: stored.id) == nil)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func aBatchWithOneBadItemWritesNothing(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = OrganisationRepository(database: db)
            // given a batch whose last item repeats the first one's name and country
            let items: [OrganisationBatchItem] = [
                .create(sampleOrganisation("Alpha Cluster")), .create(sampleOrganisation("Beta Cluster")),
                .create(sampleOrganisation("ALPHA cluster")),
            ]
            // when it is written, then it fails whole
            await #expect(throws: (any Error).self) { try await repo.write(items) }
            let count = try await repo.count()
            #expect(count == 0)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func aBatchAssignsIdsAndUniqueSlugs(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = OrganisationRepository(database: db)
            let written = try await repo.write(
                (0..<1200).map { .create(sampleOrganisation("Cluster \($0 % 600)", country: $0 < 600 ? "FR" : "DE", region: $0 < 600 ? "FRG0" : "DE21")) })
            #expect(written.count == 1200)
            #expect(Set(written.map(\.id)).count == 1200)
            #expect(Set(written.map(\.slug)).count == 1200)
            #expect(try await repo.count(status: .published) == 1200)
            // a later single create continues the ids
            let next = try await repo.create(sampleOrganisation("Gamma Cluster"))
            #expect(next.id > written.map(\.id).max()!)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func demoDataLoadsOnlyIntoAnEmptyDatabase(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = OrganisationRepository(database: db)
            let first = try await DemoData.loadIfEmpty(count: 300, into: repo, reference: .shipped)
            let second = try await DemoData.loadIfEmpty(count: 300, into: repo, reference: .shipped)
            #expect(first == 300)
            #expect(second == 0)
            #expect(try await repo.count() == 300)
        }
    }
}

@Suite struct ProfileSearchTests {
    @Test(arguments: TestDatabase.dialects)
    func findsProfilesOfEveryStatusAccentAndCaseInsensitively(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = OrganisationRepository(database: db)
            var draft = sampleOrganisation("Pôle Céramique Vosgien", status: .draft)
            draft.description = "Ceramics and glass."
            _ = try await repo.create(draft)
            _ = try await repo.create(sampleOrganisation("Loire Photonics Alliance", status: .published))
            _ = try await repo.create(sampleOrganisation("Photonics Review Cluster", status: .needsReview))
            // when
            let pole = try await repo.search(ProfileSearch(text: "POLE ceram"))
            // then: prefix, accent- and case-insensitive, drafts included
            #expect(pole.items.map(\.name) == ["Pôle Céramique Vosgien"])
            #expect(pole.byStatus == [.draft: 1])
            let photonics = try await repo.search(ProfileSearch(text: "photonics", statuses: [.needsReview]))
            #expect(photonics.total == 1)
            #expect(photonics.items.map(\.name) == ["Photonics Review Cluster"])
            #expect(photonics.byStatus == [.published: 1, .needsReview: 1])
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func theIndexFollowsEditsAndDeletions(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = OrganisationRepository(database: db)
            var stored = try await repo.create(sampleOrganisation("Alpha Cluster"))
            stored.tags = ["hydrogen"]
            _ = try await repo.update(stored)
            #expect(try await repo.search(ProfileSearch(text: "hydrogen")).total == 1)
            #expect(try await repo.search(ProfileSearch(text: "optics")).total == 0, "a tag taken away is no longer found")
            _ = try await repo.delete(id: stored.id)
            #expect(try await repo.search(ProfileSearch(text: "hydrogen")).total == 0)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func filtersAndPagesWithoutText(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = OrganisationRepository(database: db)
            try await repo.write(
                (0..<25).map { .create(sampleOrganisation("Cluster \($0)", country: $0 % 2 == 0 ? "FR" : "DE", region: $0 % 2 == 0 ? "FRG0" : "DE21")) })
            let page2 = try await repo.search(ProfileSearch(countries: ["FR"], page: 2, perPage: 10))
            #expect(page2.total == 13)
            #expect(page2.items.count == 3)
            #expect(page2.items.allSatisfy { $0.country == "FR" })
        }
    }
}

@Suite struct OneTimeLinkTests {
    @Test(arguments: TestDatabase.dialects)
    func anExpiredOrReusedLinkIsRefused(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let user = try await db.transaction { conn in
                try await UserRepository.create(
                    email: "link@example.eu", name: "Lin K", passwordHash: "x", role: .user, verified: false,
                    unsubscribeToken: UUID().uuidString, now: now, on: conn)
            }
            try await db.transaction { conn in
                try await UserRepository.createLink(
                    tokenHash: "fresh", userID: user.id, purpose: .passwordReset, expiresAt: now.addingTimeInterval(3_600), on: conn)
                try await UserRepository.createLink(
                    tokenHash: "stale", userID: user.id, purpose: .passwordReset, expiresAt: now.addingTimeInterval(-1), on: conn)
            }
            let expired = try await db.transaction { conn in
                try await UserRepository.consumeLink(tokenHash: "stale", purpose: .passwordReset, now: now, on: conn)
            }
            #expect(expired == nil)
            // a link of another purpose does not work here either
            let wrongPurpose = try await db.transaction { conn in
                try await UserRepository.consumeLink(tokenHash: "fresh", purpose: .verifyEmail, now: now, on: conn)
            }
            #expect(wrongPurpose == nil)
            let first = try await db.transaction { conn in try await UserRepository.consumeLink(tokenHash: "fresh", purpose: .passwordReset, now: now, on: conn)
            }
            let second = try await db.transaction { conn in
                try await UserRepository.consumeLink(tokenHash: "fresh", purpose: .passwordReset, now: now, on: conn)
            }
            #expect(first == user.id)
            #expect(second == nil)
        }
    }
}

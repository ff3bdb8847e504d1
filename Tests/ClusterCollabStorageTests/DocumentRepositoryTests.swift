import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabStorage
import Foundation
import SQLKit
import Testing

/// The document library on both databases: a document and its file in one write, lists that never read
/// the bytes, search by title and tags, filters, the download's bytes as uploaded, and removal.
@Suite struct DocumentRepositoryTests {
    static let pdf = SimplePDF.make(title: "Flight test zone", paragraphs: ["Booking rules."])

    func document(
        _ title: String, kind: DocumentKind = .report, date: String = "2025-09-01", language: String = "en", tags: [String] = [],
        owner: DocumentOwner = .platform
    ) -> Document {
        Document(
            title: title, kind: kind, date: date, language: language, tags: tags, owner: owner, description: "A description.",
            fileName: "\(title.lowercased().replacingOccurrences(of: " ", with: "-")).pdf", fileType: .pdf, byteSize: Self.pdf.count)
    }

    @Test(arguments: TestDatabase.dialects)
    func aDocumentIsStoredWithItsFileAndFoundAgain(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = DocumentRepository(database: db)
            let pole = try await OrganisationRepository(database: db).create(sampleOrganisation("Pôle Drones"))
            // given a guide of the drone cluster, uploaded with its bytes
            let stored = try await repo.create(
                document("Zone d'essais en vol", kind: .guide, language: "fr", tags: ["drones", "infrastructures"], owner: .organisation(pole.id)),
                data: Data(Self.pdf), actor: "test")
            // then it is found with its owner's name, and its file is the bytes uploaded
            let found = try #require(try await repo.find(id: stored.document.id))
            #expect(found.document.title == "Zone d'essais en vol" && found.document.kind == .guide && found.document.language == "fr")
            #expect(found.document.tags == ["drones", "infrastructures"] && found.document.owner == .organisation(pole.id))
            #expect(found.organisation?.name == "Pôle Drones" && found.organisation?.isPublished == true)
            #expect(found.document.byteSize == Self.pdf.count && found.document.fileType == .pdf)
            let file = try #require(try await repo.file(id: stored.document.id))
            #expect(Array(file.data) == Self.pdf && file.fileName == "zone-d'essais-en-vol.pdf" && file.fileType == .pdf)
            #expect(try await repo.find(id: 999_999) == nil)
            #expect(try await repo.file(id: 999_999) == nil)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func listsSearchTitlesAndTagsAndFilterByKindTagOwnerAndLanguage(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = DocumentRepository(database: db)
            let pole = try await OrganisationRepository(database: db).create(sampleOrganisation("Pôle Drones"))
            // given four documents of two owners, kinds, languages and tags
            let guide = try await repo.create(
                document("Règles de la zone d'essais", kind: .guide, date: "2025-09-01", language: "fr", tags: ["drones"], owner: .organisation(pole.id)),
                data: Data(Self.pdf), actor: "test")
            let report = try await repo.create(
                document("Yearly report 2025", date: "2026-02-10", tags: ["network", "drones"]), data: Data(Self.pdf), actor: "test")
            let template = try await repo.create(
                document("Cooperation agreement template", kind: .template, date: "2024-01-15", tags: ["agreement"]), data: Data(Self.pdf), actor: "test")
            let old = try await repo.create(document("Old 100% report_draft", date: "2010-01-01"), data: Data(Self.pdf), actor: "test")
            func ids(_ configure: (inout DocumentRepository.Filter) -> Void) async throws -> [Int64] {
                var filter = DocumentRepository.Filter()
                configure(&filter)
                return try await repo.list(filter, page: 1, perPage: 10).items.map(\.document.id)
            }
            // then the newest date comes first, and each filter narrows the list
            #expect(try await ids { _ in } == [report, guide, template, old].map(\.document.id))
            #expect(try await ids { $0.text = "REGLES essais" } == [guide.document.id], "case and accents do not matter")
            #expect(try await ids { $0.text = "drones" } == [report, guide].map(\.document.id), "tags are searched too")
            #expect(try await ids { $0.text = "100%" } == [old.document.id])
            #expect(try await ids { $0.kind = .template } == [template.document.id])
            #expect(try await ids { $0.tag = "drones" } == [report, guide].map(\.document.id))
            #expect(try await ids { $0.organisationID = pole.id } == [guide.document.id])
            #expect(try await ids { $0.platformOnly = true } == [report, template, old].map(\.document.id))
            #expect(try await ids { $0.language = "fr" } == [guide.document.id])
            #expect(
                try await ids {
                    $0.text = "report"; $0.tag = "network"
                } == [report.document.id])
            let second = try await repo.list(.init(), page: 2, perPage: 3)
            #expect(second.total == 4 && second.items.map(\.document.id) == [old.document.id])
            #expect(try await repo.tags().first.map { [$0.tag: $0.count] } == ["drones": 2])
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func aDocumentOfAnOrganisationThatDoesNotExistIsRefusedAndNothingIsStored(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = DocumentRepository(database: db)
            await #expect(throws: Refusal.self) {
                try await repo.create(self.document("Orphan report", owner: .organisation(424_242)), data: Data(Self.pdf), actor: "test")
            }
            #expect(try await repo.list(.init(), page: 1, perPage: 10).total == 0)
            let files = try await db.withConnection { try await $0.raw("SELECT COUNT(*) AS n FROM document_files").first()?.decode(column: "n", as: Int.self) }
            #expect(files == 0)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func removingADocumentRemovesItsFileAndTagsAndAnOrganisationTakesItsDocumentsAlong(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = DocumentRepository(database: db)
            let organisations = OrganisationRepository(database: db)
            let pole = try await organisations.create(sampleOrganisation("Pôle Drones"))
            let kept = try await repo.create(document("Kept report", tags: ["kept"]), data: Data(Self.pdf), actor: "test")
            let removed = try await repo.create(document("Removed report", tags: ["gone"]), data: Data(Self.pdf), actor: "test")
            try await repo.delete(id: removed.document.id, actor: "test")
            #expect(try await repo.find(id: removed.document.id) == nil)
            #expect(try await repo.file(id: removed.document.id) == nil)
            #expect(try await repo.tags().map(\.tag) == ["kept"])
            await #expect(throws: Refusal(.notFound, "document \(removed.document.id)")) { try await repo.delete(id: removed.document.id, actor: "test") }
            // and an organisation's documents go when it does
            let theirs = try await repo.create(document("Their guide", owner: .organisation(pole.id)), data: Data(Self.pdf), actor: "test")
            _ = try await organisations.delete(id: pole.id)
            #expect(try await repo.find(id: theirs.document.id) == nil)
            #expect(try await repo.find(id: kept.document.id) != nil)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func theDemoLibraryLoadsOnceWithPDFsOfThePlatformAndOfTheDroneCluster(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            _ = try await OrganisationRepository(database: db).create(sampleOrganisation("Pôle Drones Île-de-France"))
            #expect(try await DemoDocuments.loadIfEmpty(database: db) == 5)
            #expect(try await DemoDocuments.loadIfEmpty(database: db) == 0, "a second start loads nothing")
            let repo = DocumentRepository(database: db)
            let all = try await repo.list(.init(), page: 1, perPage: 10).items
            #expect(all.count == 5)
            #expect(all.contains { $0.document.owner == .platform } && all.contains { $0.organisation?.name == "Pôle Drones Île-de-France" })
            for stored in all {
                let file = try #require(try await repo.file(id: stored.document.id))
                // Four PDFs and the founding article's picture, each what its bytes say.
                let expected: FileType = stored.document.kind == .photo ? .png : .pdf
                #expect(FileType.sniff(Array(file.data)) == .known(expected), "\(stored.document.title)")
            }
            #expect(all.filter { $0.document.kind == .photo }.count == 1)
        }
    }
}

import ClusterCollabCore
import ClusterCollabStorage
import Foundation
import Testing

@Suite struct OrganisationImportTests {
    static let header = "name,type,country,region,status,members_total,tags\r\n"

    @Test(arguments: TestDatabase.dialects)
    func rowsAreReportedAsCreatedUpdatedOrRejectedWithTheFieldAndReason(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = OrganisationRepository(database: db)
            _ = try await repo.create(sampleOrganisation())
            let importer = OrganisationImport(repository: repo, reference: .shipped)
            let csv =
                Self.header
                + "Loire Photonics Alliance,cluster-organisation,FR,FRG0,published,90,lasers\r\n"
                + "Danube Mobility Cluster,cluster-organisation,AT,AT13,published,40,\"e-mobility;batteries\"\r\n"
                + "Nowhere Cluster,cluster-organisation,XX,,published,10,\r\n"
            let (report, items) = try await importer.plan(csv: csv)
            #expect(report.rows.map(\.line) == [2, 3, 4])
            #expect(report.rows[0].outcome == .updated)
            #expect(report.rows[1].outcome == .created)
            guard case .rejected(let errors) = report.rows[2].outcome else { Issue.record("row 4 should be rejected"); return }
            #expect(errors.fields["country"]?.contains("XX") == true)
            #expect(items.count == 2)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func anUpdateLeavesFieldsOfMissingColumnsUnchanged(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = OrganisationRepository(database: db)
            let stored = try await repo.create(sampleOrganisation())
            let importer = OrganisationImport(repository: repo, reference: .shipped)
            let (_, items) = try await importer.plan(
                csv: "name,type,country,status,members_total\nLoire Photonics Alliance,cluster-organisation,FR,published,95\n")
            try await importer.apply(items)
            let after = try #require(try await repo.find(id: stored.id))
            #expect(after.members.total == 95)
            #expect(after.description == stored.description)
            #expect(after.tags == stored.tags)
            #expect(after.contactEmail == stored.contactEmail)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func anExportImportedAgainChangesNothing(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let repo = OrganisationRepository(database: db)
            _ = try await DemoData.loadIfEmpty(count: 300, into: repo, reference: .shipped)
            let before = try await repo.all()
            let revision = try await repo.revision()
            let csv = Organisation.csvHeader + before.map(\.csvLine).joined()
            let importer = OrganisationImport(repository: repo, reference: .shipped)
            let (report, items) = try await importer.plan(csv: csv)
            #expect(report.rejected == 0)
            #expect(report.unchanged == before.count)
            #expect(items.isEmpty)
            #expect(try await repo.all() == before)
            #expect(try await repo.revision() == revision)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func aRepeatedRowInOneFileIsRejected(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let importer = OrganisationImport(repository: OrganisationRepository(database: db), reference: .shipped)
            let csv = Self.header + "Alpha Cluster,cluster-organisation,FR,FR10,published,20,\r\nalpha cluster,cluster-organisation,FR,FR10,published,20,\r\n"
            let (report, _) = try await importer.plan(csv: csv)
            guard case .rejected(let errors) = report.rows[1].outcome else { Issue.record("the repeat should be rejected"); return }
            #expect(errors.fields["name"]?.contains("line 2") == true)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func aFileWithoutTheRequiredColumnsIsRefusedWhole(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            let importer = OrganisationImport(repository: OrganisationRepository(database: db), reference: .shipped)
            await #expect(throws: ImportFileError.self) {
                _ = try await importer.plan(csv: "name,country\nAlpha,FR\n")
            }
        }
    }
}

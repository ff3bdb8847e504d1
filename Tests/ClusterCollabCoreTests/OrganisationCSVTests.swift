import ClusterCollabText
import Foundation
import Testing
@testable import ClusterCollabCore

@Suite("Organisation CSV import and export")
struct OrganisationCSVTests {
    /// Parses an export of one organisation the way the importer reads a file.
    func reimport(_ org: Organisation, base: Organisation? = nil) throws -> Result<Organisation, ValidationErrors> {
        let records = try CSV.records(Organisation.csvHeader + org.csvLine)
        try #require(records.count == 1)
        return Organisation.fromCSV(records[0], base: base)
    }

    func errors(_ record: [String: String]) -> [String: String] {
        guard case .failure(let errors) = Organisation.fromCSV(record) else { return [:] }
        return errors.fields
    }

    let minimal = ["name": "Loire Photonics Alliance", "type": "cluster-organisation", "country": "FR", "status": "published"]

    @Test func anExportedOrganisationImportsAsTheSameOrganisation() throws {
        // given
        let org = Fixtures.completeOrganisation()
        // when
        let back = try reimport(org).get()
        // then
        #expect(back == org)
    }

    @Test func labelsAndInfrastructuresAreWrittenAsReadableText() {
        // given
        let record = Fixtures.completeOrganisation().csvRecord
        // then
        #expect(record["labels"] == "ESCA Gold 2019;ESCA Bronze 2015")
        #expect(record["infrastructures"] == "fab lab: 3D printing and rapid prototyping;test bed: laser bench\\; clean room")
    }

    @Test func wholeNumberedStaffIsWrittenWithoutADecimalPoint() {
        // given
        var org = Fixtures.completeOrganisation()
        org.staffFTE = 12
        // then
        #expect(org.csvRecord["staff_fte"] == "12")
    }

    @Test func theHeaderAndEveryLineFollowTheColumnOrder() throws {
        // given
        let org = Fixtures.completeOrganisation()
        // when
        let rows = try CSV.rows(Organisation.csvHeader + org.csvLine)
        // then
        #expect(rows[0] == Organisation.csvColumns)
        #expect(rows[1].count == Organisation.csvColumns.count)
        #expect(rows[1][0] == "Loire Photonics Alliance")
        #expect(org.csvLine.hasSuffix("\r\n"))
    }

    @Test func demoOrganisationsRoundTripThroughCSV() throws {
        // given: varied real-looking profiles, with accents and every field kind
        let orgs = DemoOrganisations.generate(
            count: 120, now: Date(timeIntervalSince1970: 1_748_736_000),
            reference: Fixtures.reference)
        for org in orgs {
            // when: storage fills id, slug and timestamps, which the CSV does not carry
            var expected = org
            expected.createdAt = Date(timeIntervalSince1970: 0)
            expected.updatedAt = Date(timeIntervalSince1970: 0)
            // then
            #expect(try reimport(org).get() == expected, "\(org.name)")
        }
    }

    @Test func columnsMissingOnUpdateKeepTheStoredValues() throws {
        // given
        var stored = Fixtures.completeOrganisation()
        stored.id = 42
        stored.slug = "loire-photonics-alliance"
        stored.createdAt = Date(timeIntervalSince1970: 1_500_000_000)
        stored.updatedAt = Date(timeIntervalSince1970: 1_600_000_000)
        let record = ["name": "Loire Photonics Alliance", "city": "Saint-Nazaire", "members_total": "130"]
        // when
        let updated = try Organisation.fromCSV(record, base: stored).get()
        // then
        var expected = stored
        expected.city = "Saint-Nazaire"
        expected.members.total = 130
        #expect(updated == expected)
    }

    @Test func anEmptyCellOnUpdateClearsTheValue() throws {
        // given
        let stored = Fixtures.completeOrganisation()
        // when
        let updated = try Organisation.fromCSV(["acronym": "", "tags": ""], base: stored).get()
        // then
        #expect(updated.acronym == nil)
        #expect(updated.tags == [])
        #expect(updated.name == stored.name)
    }

    @Test func importedValuesAreNormalised() throws {
        // given
        var record = minimal
        record["country"] = " fr "
        record["tags"] = "drones; drones ;UAV"
        record["nace"] = "c;26.70"
        // when
        let org = try Organisation.fromCSV(record).get()
        // then
        #expect(org.country == "FR")
        #expect(org.tags == ["drones", "UAV"])
        #expect(org.nace == ["C", "26.70"])
    }

    @Test func aDecimalCommaIsAcceptedForStaff() throws {
        var record = minimal
        record["staff_fte"] = "2,5"
        #expect(try Organisation.fromCSV(record).get().staffFTE == 2.5)
    }

    @Test func anUnknownTypeNamesTheTypeColumn() {
        var record = minimal
        record["type"] = "cluster"
        #expect(errors(record)["type"]?.contains("cluster-organisation") == true)
    }

    @Test func aMissingTypeWithoutAStoredProfileIsAnError() {
        var record = minimal
        record["type"] = nil
        #expect(errors(record).keys.contains("type"))
    }

    @Test func anUnknownStatusNamesTheStatusColumn() {
        var record = minimal
        record["status"] = "live"
        #expect(errors(record)["status"]?.contains("published") == true)
    }

    @Test(arguments: [
        ("founded", "nineteen ninety"), ("members_total", "12.5"), ("members_sme", "many"),
        ("members_public", "-"), ("staff_fte", "lots"), ("staff_fte", "nan"),
    ])
    func aBadNumberNamesItsColumn(column: String, value: String) {
        // given
        var record = minimal
        record[column] = value
        // when
        let errors = errors(record)
        // then
        #expect(Array(errors.keys) == [column])
    }

    @Test func aBadIdInAListNamesTheColumnAndTheItem() {
        var record = minimal
        record["sectors"] = "4;x"
        #expect(errors(record)["sectors"] == "x is not a numeric id")
    }

    @Test func aBadLabelNamesTheLabelsColumn() {
        var record = minimal
        record["labels"] = "ESCA Gold 2019;ESCA Platinum 2020"
        #expect(errors(record)["labels"]?.hasPrefix("ESCA Platinum 2020 is not a label") == true)
    }

    @Test func labelsParseCaseInsensitivelyWithOrWithoutESCA() throws {
        var record = minimal
        record["labels"] = "esca gold 2019;Silver 2021"
        let org = try Organisation.fromCSV(record).get()
        #expect(org.labels == [ClusterLabel(level: .gold, year: 2019), ClusterLabel(level: .silver, year: 2021)])
    }

    @Test func anUnknownInfrastructureKindNamesTheInfrastructuresColumn() {
        var record = minimal
        record["infrastructures"] = "laboratory: clean room"
        #expect(errors(record)["infrastructures"]?.contains("fab lab") == true)
    }
}

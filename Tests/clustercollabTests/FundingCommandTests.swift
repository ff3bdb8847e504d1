import ClusterCollabCore
import ClusterCollabStorage
import Foundation
import Testing

/// `clustercollab import funding FILE.csv`: the file `/funding/import` reads, imported from the command line
/// all or nothing, by the built executable.
@Suite(.serialized) struct FundingCommandTests {
    static let zone = "Europe/Brussels"
    static let header = "title,programme,funding_body,link,opens_at,deadline,time_zone,countries,keywords\n"

    static func row(_ title: String, closesIn days: Double = 30, zone: String = zone) -> String {
        let opens = ZonedTime.localInput(Date().addingTimeInterval(-86_400), zone: Self.zone)
        let closes = ZonedTime.localInput(Date().addingTimeInterval(days * 86_400), zone: Self.zone)
        return "\(title),Interreg,Interreg North-West Europe,https://funding.example.eu/\(TextFolding.slug(title)),\(opens),\(closes),\(zone),FR;BE,drones\n"
    }

    static func stored(_ file: URL) async throws -> [String] {
        let database = try Database(.sqlite(path: file.path))
        let listed = try await FundingOpportunityRepository(database: database).list(.init(), now: Date(), page: 1, perPage: 50)
        await database.shutdown()
        return listed.items.map(\.opportunity.title)
    }

    @Test func aFileIsImportedWholeOrEachBadLineIsNamedAndNothingIsStored() async throws {
        let dir = try EndToEndTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let database = dir.appendingPathComponent("funding.sqlite")
        // given a file with a good row, a row in no time zone and a row closed already
        let bad =
            Self.header + Self.row("Drone corridors: regional pilots") + Self.row("Drone corridors: test zones", zone: "Europe/Nowhere")
            + Self.row("Drone corridors: closed already", closesIn: -1)
        try bad.write(to: dir.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
        // when it is imported, then each broken line is named, nothing is imported and the exit status is 1
        let (refused, refusedOut, _) = try EndToEndTests.run(["import", "funding", "bad.csv", "--database", database.path], in: dir)
        #expect(refused == 1)
        #expect(refusedOut.contains("line 3: time_zone: must be an IANA time zone such as Europe/Brussels (not Europe/Nowhere)"), "\(refusedOut)")
        #expect(refusedOut.contains("line 4: deadline: must not be in the past"), "\(refusedOut)")
        #expect(refusedOut.contains("nothing imported: 4 problems in bad.csv"))
        #expect(try await Self.stored(database).isEmpty)
        // a good file is imported whole, and says how many
        let good = Self.header + Self.row("Drone corridors: regional pilots") + Self.row("Drone corridors: test zones")
        try good.write(to: dir.appendingPathComponent("good.csv"), atomically: true, encoding: .utf8)
        let (imported, importedOut, _) = try EndToEndTests.run(["import", "funding", "good.csv", "--database", database.path], in: dir)
        #expect(imported == 0)
        #expect(importedOut.contains("imported 2 funding opportunities"), "\(importedOut)")
        #expect(Set(try await Self.stored(database)) == ["Drone corridors: regional pilots", "Drone corridors: test zones"])
        // the same file again lists nothing twice
        let (again, againOut, _) = try EndToEndTests.run(["import", "funding", "good.csv", "--database", database.path], in: dir)
        #expect(again == 1)
        #expect(againOut.contains("line 2: title: is already listed as funding opportunity"), "\(againOut)")
        #expect(try await Self.stored(database).count == 2)
        // a file that is no import says why; a missing one is an error
        try "name,country\nA cluster,FR\n".write(to: dir.appendingPathComponent("organisations.csv"), atomically: true, encoding: .utf8)
        let (wrong, wrongOut, _) = try EndToEndTests.run(["import", "funding", "organisations.csv", "--database", database.path], in: dir)
        #expect(wrong == 1 && wrongOut.contains("file: must have the columns"), "\(wrongOut)")
        let (missing, _, missingErr) = try EndToEndTests.run(["import", "funding", "nowhere.csv", "--database", database.path], in: dir)
        #expect(missing != 0 && missingErr.contains("cannot read nowhere.csv"))
        // and the command is documented
        let (_, help, _) = try EndToEndTests.run(["import", "--help"], in: dir)
        #expect(help.contains("funding"))
    }
}

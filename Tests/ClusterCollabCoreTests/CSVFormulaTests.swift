import ClusterCollabCore
import ClusterCollabText
import Testing

/// Cells a spreadsheet would run as formulas are written with a leading `'`, and read back without it.
@Suite struct CSVFormulaTests {
    static let formulaLike = ["=HYPERLINK(\"http://evil.example\")", "+1+2", "-2+3", "@SUM(A1)", "\tTab", "\rCR", "'=already quoted", "''+two"]

    @Test func formulaLikeCellsAreWrittenWithALeadingApostrophe() {
        for cell in Self.formulaLike {
            let line = CSV.line([cell, "plain"])
            #expect(line.hasPrefix("'") || line.hasPrefix("\"'"), "\(cell) was written as \(line)")
        }
        #expect(CSV.line(["Pôle Céramique", "ok-ish", "a=b", "'quoted"]) == "Pôle Céramique,ok-ish,a=b,'quoted\r\n")
    }

    @Test func aRoundTripChangesNothing() throws {
        let cells = Self.formulaLike + ["plain", "'apostrophe", "", "a,b", "x\r\ny"]
        let rows = try CSV.rows(CSV.line(cells) + CSV.line(cells.reversed()))
        #expect(rows == [cells, cells.reversed()])
    }

    @Test func anOrganisationsFormulaLikeDescriptionSurvivesExportAndImport() throws {
        let organisation = Organisation(
            name: "Drone Cluster", type: .clusterOrganisation, country: "FR",
            description: "=HYPERLINK(\"http://evil.example\",\"more\")", programmeRecognition: "-2+3 members")
        let text = Organisation.csvHeader + organisation.csvLine
        #expect(text.contains("\"'=HYPERLINK") && text.contains(",'-2+3"))
        let record = try #require(try CSV.records(text).first)
        let read = try Organisation.fromCSV(record).get()
        #expect(read.description == organisation.description)
        #expect(read.programmeRecognition == organisation.programmeRecognition)
    }
}

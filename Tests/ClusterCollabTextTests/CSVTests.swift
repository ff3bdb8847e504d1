import Testing
@testable import ClusterCollabText

@Suite("CSV (RFC 4180)")
struct CSVTests {
    @Test func fieldsWithCommasQuotesAndLineBreaksRoundTrip() throws {
        // given
        let fields = ["plain", "a, b", "say \"hi\"", "two\nlines", "carriage\rreturn", "", "Pôle Île-de-France"]
        // when
        let rows = try CSV.rows(CSV.line(fields))
        // then
        #expect(rows == [fields])
    }

    @Test func aFieldWithAWindowsLineBreakRoundTrips() throws {
        // given: browsers submit textarea line breaks as CRLF, so descriptions carry them
        let fields = ["Loire Photonics Alliance", "First paragraph.\r\nSecond paragraph."]
        // when
        let rows = try? CSV.rows(CSV.line(fields))
        // then
        #expect(rows == [fields])
    }

    @Test func onlyFieldsThatNeedItAreQuoted() {
        // given / when
        let line = CSV.line(["plain", "a,b", "x\"y", "multi\nline", " spaced "])
        // then
        #expect(line == "plain,\"a,b\",\"x\"\"y\",\"multi\nline\", spaced \r\n")
    }

    @Test func crlfAndLfLineEndsReadTheSame() throws {
        // given
        let crlf = "name,city\r\nA,Nantes\r\nB,Brest\r\n"
        let lf = "name,city\nA,Nantes\nB,Brest\n"
        // when / then
        #expect(try CSV.rows(crlf) == CSV.rows(lf))
        #expect(try CSV.rows(lf) == [["name", "city"], ["A", "Nantes"], ["B", "Brest"]])
    }

    @Test func aByteOrderMarkIsNotPartOfTheFirstColumnName() throws {
        // given: spreadsheet programs write UTF-8 files with a BOM
        let text = "\u{FEFF}name,country\r\nLoire Photonics Alliance,FR\r\n"
        // when
        let records = try CSV.records(text)
        // then
        #expect(records == [["name": "Loire Photonics Alliance", "country": "FR"]])
    }

    @Test func emptyFieldsAreKeptAndBlankLinesDropped() throws {
        // given
        let text = "a,,c\r\n\r\n,,\r\n\r\n"
        // when
        let rows = try CSV.rows(text)
        // then
        #expect(rows == [["a", "", "c"], ["", "", ""]])
    }

    @Test func lastLineWithoutLineBreakIsRead() throws {
        #expect(try CSV.rows("a,b\r\n1,\"2\"") == [["a", "b"], ["1", "2"]])
    }

    @Test func recordsAreKeyedByHeaderAndShortRowsLackTheMissingColumns() throws {
        // given
        let text = "name,type,country\r\nA,cluster-organisation,FR\r\nB,cluster-member\r\n"
        // when
        let records = try CSV.records(text)
        // then
        #expect(
            records == [
                ["name": "A", "type": "cluster-organisation", "country": "FR"],
                ["name": "B", "type": "cluster-member"],
            ])
    }

    @Test func aQuoteInsideAnUnquotedFieldIsAnErrorOnItsLine() {
        // given
        let text = "name,city\r\nA,Nantes\r\nB,Saint \"Malo\"\r\n"
        // when / then
        #expect(throws: CSV.ParseError(line: 3, reason: "a quote inside an unquoted field (quote the field and double the quote)")) {
            try CSV.rows(text)
        }
    }

    @Test func textAfterAClosingQuoteIsAnErrorOnItsLine() {
        // given
        let text = "name,city\r\n\"A\"x,Nantes\r\n"
        // when / then
        let error = #expect(throws: CSV.ParseError.self) { try CSV.rows(text) }
        #expect(error?.line == 2)
        #expect(error?.reason == "text after a closing quote")
    }

    @Test func anUnclosedQuoteIsAnError() {
        // given
        let text = "name,city\r\nA,\"Nantes"
        // when / then
        let error = #expect(throws: CSV.ParseError.self) { try CSV.rows(text) }
        #expect(error?.line == 2)
        #expect(error?.reason == "a quoted field is not closed")
    }

    @Test func errorLinesCountLineBreaksInsideQuotedFields() {
        // given: the quoted description spans lines 2 and 3, the bad quote is on line 4
        let text = "name,description\r\nA,\"first\r\nsecond\"\r\nB,bad\"quote\r\n"
        // when / then
        let error = #expect(throws: CSV.ParseError.self) { try CSV.rows(text) }
        #expect(error?.line == 4)
        #expect(error?.description.hasPrefix("line 4: ") == true)
    }

    @Test func listCellsEscapeSemicolonsAndBackslashesAndRoundTrip() {
        // given
        let items = ["health; well-being", "C:\\path", "plain", "ends with \\"]
        // when
        let cell = CSV.listCell(items)
        // then
        #expect(cell == "health\\; well-being;C:\\\\path;plain;ends with \\\\")
        #expect(CSV.listItems(cell) == items)
    }

    @Test func listItemsAreSplitOnUnescapedSemicolonsTrimmedAndEmptyOnesDropped() {
        #expect(CSV.listItems(" drones ; UAV;;a\\;b ; ") == ["drones", "UAV", "a;b"])
        #expect(CSV.listItems("") == [])
    }

    @Test func aListCellSurvivesTheCSVRoundTrip() throws {
        // given: a list cell that also needs CSV quoting
        let cell = CSV.listCell(["fab lab: 3D printing, rapid prototyping", "test bed: a \"quiet\" room; shared"])
        // when
        let rows = try CSV.rows(CSV.line(["x", cell]))
        // then
        #expect(CSV.listItems(rows[0][1]) == ["fab lab: 3D printing, rapid prototyping", "test bed: a \"quiet\" room; shared"])
    }
}

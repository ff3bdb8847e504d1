import ClusterCollabCore
import ClusterCollabMatching
import Foundation
import Testing

@Suite("Competence parsing")
struct CompetenceTests {
    let reference = MatchingFixtures.reference

    func parse(_ text: String) throws(CompetenceError) -> Competence { try Competence(parsing: text, reference: reference) }

    func reason(_ text: String) -> String? {
        do { _ = try parse(text); return nil } catch { return error.reason }
    }

    @Test("valid typed ids parse to their case, trimmed and case-insensitive in the kind")
    func valid() throws {
        #expect(try parse("sector:12") == .sector(12))
        #expect(try parse("  Sector : 12 ") == .sector(12))
        #expect(try parse("technology:KET2009-5") == .technology("KET2009-5"))
        #expect(try parse("technology:ket2009-5") == .technology("KET2009-5"))
        #expect(try parse("ecosystem:3") == .ecosystem(3))
        #expect(try parse("keyword:drone") == .keyword("drone"))
    }

    @Test("keywords are folded: lower case, no accents, single spaces")
    func keywordFolding() throws {
        #expect(try parse("keyword:Drône") == .keyword("drone"))
        #expect(try parse("keyword:  Additive   Manufacturing ") == .keyword("additive manufacturing"))
        #expect(try parse("KEYWORD:Île-de-France") == .keyword("ile-de-france"))
        #expect(try parse("keyword:3D printing") == .keyword("3d printing"))
        #expect(try parse("keyword:Œnologie") == .keyword("oenologie"))
    }

    @Test("unknown ids are refused with a readable reason")
    func unknownIDs() {
        #expect(reason("sector:99") == "there is no cluster sector with id 99")
        #expect(reason("ecosystem:15") == "there is no industrial ecosystem with id 15")
        #expect(reason("technology:KET1999-1") == "there is no key enabling technology with id KET1999-1")
        #expect(reason("sector:0") == "there is no cluster sector with id 0")
    }

    @Test("bad forms are refused: unknown kind, no colon, non-numeric ids, bad keywords")
    func badForms() {
        #expect(reason("skill:welding")?.contains("\"skill\" is not a kind of competence") == true)
        #expect(reason("drone")?.contains("kind:value") == true)
        #expect(reason("") != nil)
        #expect(reason("   ") != nil)
        #expect(reason(":12")?.contains("is not a kind") == true)
        #expect(reason("sector:abc") == "a sector id is a number, such as sector:12")
        #expect(reason("sector:-3") == "a sector id is a number, such as sector:12")
        #expect(reason("sector:") == "the sector id is missing")
        #expect(reason("technology:KET 1") != nil)
        #expect(reason("keyword:") == "the keyword is missing")
        #expect(reason("keyword:a") == "a keyword is 2 to 60 characters long")
        #expect(reason("keyword:" + String(repeating: "x", count: 61)) == "a keyword is 2 to 60 characters long")
        #expect(reason("keyword:" + String(repeating: "x", count: 60)) == nil)
        #expect(reason("keyword:drone!") == "a keyword may hold only letters, digits, spaces and hyphens")
        #expect(reason("keyword:drone/uav") == "a keyword may hold only letters, digits, spaces and hyphens")
        #expect(reason("keyword:---") == "a keyword needs at least one letter or digit")
    }

    @Test("the error keeps the text as given")
    func errorText() {
        #expect(throws: CompetenceError(text: " sector:99", reason: "there is no cluster sector with id 99")) {
            try Competence(parsing: " sector:99", reference: reference)
        }
    }

    @Test("description is canonical and parses back")
    func description() throws {
        let all: [Competence] = [.sector(12), .technology("KET2009-5"), .ecosystem(3), .keyword("additive manufacturing")]
        #expect(all.map(\.description) == ["sector:12", "technology:KET2009-5", "ecosystem:3", "keyword:additive manufacturing"])
        for c in all { #expect(try parse(c.description) == c) }
    }

    @Test("labels name the entry and the kind")
    func labels() {
        #expect(Competence.sector(1).label(reference) == "Aerospace vehicles and defence (sector)")
        #expect(Competence.technology("KET2009-5").label(reference) == "Photonics (technology)")
        #expect(Competence.ecosystem(5).label(reference) == "Digital (ecosystem)")
        #expect(Competence.keyword("drone").label(reference) == "“drone” (keyword)")
    }

    @Test("Codable as the canonical string; decoding checks the form")
    func codable() throws {
        let list: [Competence] = [.sector(12), .keyword("drone")]
        let data = try JSONEncoder().encode(list)
        #expect(String(decoding: data, as: UTF8.self) == #"["sector:12","keyword:drone"]"#)
        #expect(try JSONDecoder().decode([Competence].self, from: data) == list)
        #expect(try JSONDecoder().decode([Competence].self, from: Data(#"["keyword:Drône"]"#.utf8)) == [.keyword("drone")])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Competence].self, from: Data(#"["skill:x"]"#.utf8)) }
    }

    @Test("ordered by kind, then id or word")
    func ordering() {
        let shuffled: [Competence] = [.keyword("b"), .ecosystem(2), .sector(10), .technology("KET2018-1"), .sector(2), .keyword("a")]
        #expect(shuffled.sorted() == [.sector(2), .sector(10), .technology("KET2018-1"), .ecosystem(2), .keyword("a"), .keyword("b")])
    }
}

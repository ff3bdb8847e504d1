import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabMatching
import ClusterCollabText
import Foundation
import Testing

private let reference = ReferenceData.shipped
/// 1 March 2026, 12:00 UTC: the clock of these tests.
private let now = Date(timeIntervalSince1970: 1_772_366_400)

/// What the platform team writes: every rule named by its field, before anything is stored.
@Suite struct FundingOpportunityInputTests {
    func record(_ changes: [String: String] = [:]) -> [String: String] {
        var record = [
            "title": "Euroclusters: cascade funding for SMEs", "programme": "Single Market Programme",
            "funding_body": "European Innovation Council and SMEs Executive Agency", "link": "https://funding.example.eu/smp/euroclusters",
            "opens_at": "2026-02-15T09:00", "deadline": "2026-04-15T17:00", "time_zone": "Europe/Brussels", "budget": "42 000 000",
            "action_type": "Grant", "cascade_funding": "yes", "countries": "fr; de, it", "sectors": "1;23", "ecosystems": "1",
            "technologies": "ket2018-5", "keywords": "Drones, internationalisation", "description": "Vouchers for SMEs.\r\nSecond line.",
        ]
        for (key, value) in changes { record[key] = value }
        return record
    }

    func applied(_ changes: [String: String] = [:]) throws(ValidationErrors) -> FundingOpportunity {
        try FundingOpportunityInput(record: record(changes)).applied(to: nil, reference: reference, now: now)
    }

    func errors(_ changes: [String: String]) -> [String: String] {
        do {
            _ = try applied(changes)
            return [:]
        } catch { return error.fields }
    }

    @Test func aNewOpportunityIsReadInItsZoneWithItsListsNormalised() throws {
        let o = try applied()
        // 17:00 in Brussels on 15 April 2026 is summer time: 15:00 UTC.
        #expect(ZonedTime.iso8601(o.deadline, zone: "UTC") == "2026-04-15T15:00:00+00:00")
        #expect(ZonedTime.iso8601(o.opensAt, zone: "Europe/Brussels") == "2026-02-15T09:00:00+01:00")
        #expect(o.budget == 42_000_000)
        #expect(o.cascadeFunding)
        #expect(o.countries == ["FR", "DE", "IT"])
        #expect(o.sectors == [1, 23] && o.ecosystems == [1])
        #expect(o.technologies == ["KET2018-5"], "written as the reference writes it")
        #expect(o.keywords == ["drones", "internationalisation"])
        #expect(o.description == "Vouchers for SMEs.\nSecond line.")
        #expect(o.version == 1)
        #expect(o.phase(at: now) == .open)
    }

    @Test func everyBrokenRuleIsNamedAtOnceByItsField() {
        let fields = errors([
            "title": "Hi", "link": "ftp://funding.example.eu/call", "countries": "FR;XX", "sectors": "1;99", "ecosystems": "abc",
            "technologies": "KET1999-1", "keywords": "two words", "budget": "1.5", "cascade_funding": "maybe", "funding_body": "",
        ])
        #expect(fields["title"] == "must be at least 5 characters")
        #expect(fields["link"] == "must be an https:// or http:// URL")
        #expect(fields["countries"] == "XX is not an ISO 3166 alpha-2 country code")
        #expect(fields["sectors"] == "99 is not a cluster sector id (1 to 51)")
        #expect(fields["ecosystems"] == "abc is not an industrial ecosystem id (1 to 14)")
        #expect(fields["technologies"] == "KET1999-1 is not a key enabling technology id (like KET2009-5 or KET2018-1)")
        #expect(fields["keywords"] == "two words: must be one word: letters, digits and hyphens, no spaces")
        #expect(fields["budget"] == "must be a whole number of euros between 1 and 100000000000, such as 1500000")
        #expect(fields["cascade_funding"] == "must be yes or no")
        #expect(fields["funding_body"] == "is required")
        #expect(fields.count == 10)
    }

    @Test func anUnknownZoneIsAFieldErrorAndItsLocalTimesCannotBeRead() {
        let fields = errors(["time_zone": "Europe/Atlantis"])
        #expect(fields["time_zone"] == "must be an IANA time zone such as Europe/Brussels (not Europe/Atlantis)")
        #expect(fields["deadline"] == "is a local time, which needs a valid time_zone (or write an offset: 2026-12-15T17:00:00+01:00)")
        // An abbreviation names no country's summer-time rules.
        #expect(errors(["time_zone": "CET"])["time_zone"] == "must be an IANA time zone such as Europe/Brussels (not CET)")
        #expect(errors(["time_zone": ""])["time_zone"] == "is required: an IANA time zone such as Europe/Brussels")
        // With offsets the instants need no zone, but the zone is still refused.
        let offsets = errors(["time_zone": "Mars/Olympus", "opens_at": "2026-02-15T09:00:00+01:00", "deadline": "2026-04-15T17:00:00+02:00"])
        #expect(offsets.keys.sorted() == ["time_zone"])
    }

    @Test func aDeadlineInThePastIsRefusedForANewOpportunity() {
        #expect(
            errors(["opens_at": "2026-01-01T09:00", "deadline": "2026-02-28T17:00"])["deadline"]
                == "must not be in the past (now is 1 March 2026, 13:00 CET (Europe/Brussels))")
        #expect(errors(["deadline": "2026-03-01T13:00"])["deadline"]?.hasPrefix("must not be in the past") == true, "the deadline at now itself is past")
    }

    @Test func anEditThatKeepsAPastDeadlineIsAllowedAndRaisesTheVersion() throws {
        var closed = try applied()
        closed.deadline = now.addingTimeInterval(-86_400)
        closed.opensAt = now.addingTimeInterval(-10 * 86_400)
        var edit = FundingOpportunityInput()
        edit.title = "Euroclusters: cascade funding (corrected)"
        let edited = try edit.applied(to: closed, reference: reference, now: now)
        #expect(edited.title == "Euroclusters: cascade funding (corrected)")
        #expect(edited.deadline == closed.deadline && edited.version == 2)
        #expect(edited.budget == 42_000_000, "what the edit does not name stays")
    }

    @Test func anEditThatMovesAPastDeadlineToAnotherPastTimeIsRefused() throws {
        var closed = try applied()
        closed.deadline = ZonedTime.parse("2026-02-20T17:00", zone: "Europe/Brussels")!
        closed.opensAt = now.addingTimeInterval(-30 * 86_400)
        // The same instant, written again (as an edit form sends it back), is no change.
        var same = FundingOpportunityInput()
        same.deadline = "2026-02-20T17:00"
        #expect(try same.applied(to: closed, reference: reference, now: now).deadline == closed.deadline)
        // Another past instant is refused as it is for a new opportunity; one to come reopens it.
        var moved = FundingOpportunityInput()
        moved.deadline = "2026-02-21T17:00"
        #expect(throws: ValidationErrors.self) { try moved.applied(to: closed, reference: reference, now: now) }
        do { _ = try moved.applied(to: closed, reference: reference, now: now) } catch {
            #expect(error.fields["deadline"]?.hasPrefix("must not be in the past") == true)
        }
        moved.deadline = "2026-05-01T17:00"
        #expect(try moved.applied(to: closed, reference: reference, now: now).phase(at: now) == .open)
    }

    @Test func aDeadlineBeforeTheOpeningIsRefused() {
        #expect(errors(["opens_at": "2026-05-01T09:00"])["deadline"] == "must be after opens_at (1 May 2026, 09:00 CEST (Europe/Brussels))")
    }

    @Test func malformedAndNonexistentTimesSayWhichTheyAre() {
        #expect(
            errors(["deadline": "15/04/2026"])["deadline"]
                == "must be a date and time: 2026-12-15T17:00 in the opportunity's time zone, or 2026-12-15T17:00:00+01:00")
        // 29 March 2026, 02:30 does not exist in Brussels: the clocks go from 02:00 to 03:00.
        #expect(
            errors(["deadline": "2026-03-29T02:30"])["deadline"]
                == "2026-03-29T02:30 does not exist in Europe/Brussels (the clocks go forward then); choose another time")
        #expect(errors(["opens_at": ""])["opens_at"] == "is required: a date and time such as 2026-12-15T17:00")
    }

    @Test func aBudgetIsWholeEurosWithThousandsSeparatorsOrNothing() throws {
        #expect(try applied(["budget": "1,500,000"]).budget == 1_500_000)
        #expect(try applied(["budget": ""]).budget == nil)
        #expect(errors(["budget": "0"])["budget"] != nil)
        #expect(errors(["budget": "EUR 5"])["budget"] != nil)
    }
}

/// Funding opportunities imported from CSV: all or nothing, every broken row named by its line.
@Suite struct FundingImportTests {
    static let header = "title,programme,funding_body,link,opens_at,deadline,time_zone,countries,sectors,keywords,description\n"

    @Test func everyRowOfAValidFileIsReadWithTheLineItStartsOn() throws {
        let csv =
            Self.header
            + "Drones for inspection,Interreg,Interreg NWE,https://funding.example.eu/a,2026-02-01T09:00,2026-06-01T17:00,Europe/Paris,FR;DE,1,drones,\"Two\nlines\"\n"
            + "Hydrogen valleys,Interreg,Interreg Danube,https://funding.example.eu/b,2026-02-01T09:00,2026-05-01T17:00,Europe/Vienna,,,hydrogen,One line\n"
        let rows = try FundingImport.parse(csv, reference: reference, now: now)
        #expect(rows.map(\.line) == [2, 4], "the second row starts on line 4: the first one's description holds a line break")
        #expect(rows[0].opportunity.countries == ["FR", "DE"] && rows[0].opportunity.description == "Two\nlines")
        #expect(rows[1].opportunity.countries == [], "an empty list means every country")
    }

    @Test func aBadRowIsNamedByItsLineAndFieldAndNothingIsReturned() {
        let csv =
            Self.header
            + "Drones for inspection,Interreg,Interreg NWE,https://funding.example.eu/a,2026-02-01T09:00,2026-06-01T17:00,Europe/Paris,FR,1,drones,ok\n"
            + "Hydrogen valleys,Interreg,Interreg Danube,not a link,2026-02-01T09:00,2026-02-20T17:00,Europe/Vienna,XX,,hydrogen,ok\n"
            + "Zone,Interreg,Interreg Danube,https://funding.example.eu/c,2026-02-01T09:00,2026-06-01T17:00,Danube/Delta,,,,ok\n"
        #expect(throws: ValidationErrors.self) { try FundingImport.parse(csv, reference: reference, now: now) }
        do {
            _ = try FundingImport.parse(csv, reference: reference, now: now)
        } catch {
            #expect(error.fields["line 3: link"] == "must be an https:// or http:// URL")
            #expect(error.fields["line 3: deadline"]?.hasPrefix("must not be in the past") == true)
            #expect(error.fields["line 3: countries"] == "XX is not an ISO 3166 alpha-2 country code")
            #expect(error.fields["line 4: time_zone"] == "must be an IANA time zone such as Europe/Brussels (not Danube/Delta)")
            #expect(error.fields.keys.allSatisfy { !$0.hasPrefix("line 2") }, "the good row has no problem")
        }
    }

    @Test func aFileThatIsNoImportSaysWhy() {
        func fileError(_ csv: String) -> String? {
            do {
                _ = try FundingImport.parse(csv, reference: reference, now: now)
                return nil
            } catch { return error.fields["file"] }
        }
        #expect(fileError("") == "is empty: it needs a header row and one row per opportunity")
        #expect(fileError("title,programme\nA call,Interreg\n") == "must have the columns funding_body, link, opens_at, deadline, time_zone in its header row")
        #expect(fileError(Self.header.replacingOccurrences(of: "keywords", with: "tags")) == "has a column no opportunity has: tags")
        #expect(fileError(Self.header) == "holds no opportunity: add one row per opportunity under the header")
        #expect(fileError(Self.header + "\"unclosed") == "is not valid CSV: line 2: a quoted field is not closed")
    }

    @Test func aRowRepeatedOrHoldingControlCharactersIsRefused() {
        let row = "Drones for inspection,Interreg,Interreg NWE,https://funding.example.eu/a,2026-02-01T09:00,2026-06-01T17:00,Europe/Paris,FR,1,drones,ok\n"
        do {
            _ = try FundingImport.parse(Self.header + row + row + row.replacingOccurrences(of: "ok", with: "o\u{07}k"), reference: reference, now: now)
            Issue.record("the file was accepted")
        } catch {
            #expect(error.fields["line 3: title"] == "repeats the opportunity on line 2 (same title and link)")
            #expect(error.fields["line 4: description"] == TextInput.controlCharacterRule)
        }
    }
}

/// Which opportunities fit an organisation, and why, in English and in French.
@Suite struct FundingFitTests {
    /// A drone cluster of the Paris region, like the demo's.
    static let drones = Organisation(
        id: 7, name: "Pôle Drones Test", type: .clusterOrganisation, country: "FR",
        description: "Drones and UAV for aerial inspection of infrastructure.", sectors: [1, 23], ecosystems: [1, 10], technologies: ["KET2018-5"],
        tags: ["drones", "BVLOS"], status: .published)

    func opportunity(
        _ id: Int64, _ title: String, countries: [String] = [], sectors: [Int] = [], ecosystems: [Int] = [], technologies: [String] = [],
        keywords: [String] = [], deadline: Double = 30
    ) -> FundingOpportunity {
        FundingOpportunity(
            id: id, title: title, programme: "Interreg", fundingBody: "A joint secretariat", link: "https://funding.example.eu/\(id)",
            opensAt: now.addingTimeInterval(-10 * 86_400), deadline: now.addingTimeInterval(deadline * 86_400), countries: countries, sectors: sectors,
            ecosystems: ecosystems, technologies: technologies, keywords: keywords)
    }

    func rank(_ open: [FundingOpportunity], language: Language = Languages.english) -> [FundingFit] {
        FundingFit.rank(open, for: Self.drones, now: now, limit: 10, reference: reference, language: language)
    }

    @Test func theBestFitComesFirstAndWhatFitsNothingIsLeftOut() {
        let fits = rank([
            opportunity(1, "Keyword only", keywords: ["drones"]),
            opportunity(2, "Sector and technology", sectors: [1], technologies: ["KET2018-5"]),
            opportunity(3, "Agri-food only", sectors: [18], ecosystems: [2]),
            opportunity(4, "Any topic"),
        ])
        #expect(fits.map(\.opportunity.id) == [2, 1, 4])
        #expect(fits[0].covers == [.sector(1), .technology("KET2018-5")])
        #expect(fits[0].score == 5)
    }

    @Test func anOpportunityIsNeverShownToAnOrganisationFromACountryItDoesNotList() {
        // Even the perfect match: every competence, but German and Austrian organisations only.
        let perfect = opportunity(1, "Perfect but German", countries: ["DE", "AT"], sectors: [1, 23], ecosystems: [1, 10], keywords: ["drones"])
        #expect(rank([perfect]).isEmpty)
        let french = opportunity(2, "French too", countries: ["DE", "FR"], keywords: ["drones"])
        #expect(rank([perfect, french]).map(\.opportunity.id) == [2])
        // And by country alone, whatever covers says.
        #expect(FundingFit.rank([perfect], country: "fr", now: now, reference: reference, covers: { $0 }).isEmpty)
        #expect(FundingFit.rank([perfect], country: "de", now: now, reference: reference, covers: { $0 }).count == 1)
    }

    @Test func aClosedOpportunityFitsNobodyAndTiesGoToTheNearestDeadline() {
        let closed = opportunity(1, "Closed", keywords: ["drones"], deadline: -1)
        let later = opportunity(2, "Later", keywords: ["drones"], deadline: 60)
        let sooner = opportunity(3, "Sooner", keywords: ["drones"], deadline: 10)
        #expect(rank([closed, later, sooner]).map(\.opportunity.id) == [3, 2])
        #expect(FundingFit.rank([later, sooner], for: Self.drones, now: now, limit: 1, reference: reference).map(\.opportunity.id) == [3])
    }

    @Test func aDraftIsFittedAsItIsWritten() {
        var draft = Self.drones
        draft.status = .draft
        let fits = FundingFit.rank([opportunity(1, "Keyword", keywords: ["inspection"])], for: draft, now: now, reference: reference)
        #expect(fits.count == 1, "“inspection” is in the draft's description")
    }

    @Test func theSentenceSaysWhyInEnglishAndInFrench() throws {
        let open = [
            opportunity(1, "Targeted", countries: ["FR", "DE"], sectors: [1], keywords: ["drones"]),
            opportunity(2, "Open to all", ecosystems: [1]),
            opportunity(3, "Any topic"),
        ]
        let english = rank(open)
        #expect(english[0].why == "Matches Aerospace vehicles and defence (sector) and “drones” (keyword). France is among the eligible countries.")
        #expect(english[1].why == "Matches Aerospace & defence (ecosystem). Organisations from every country may apply.")
        #expect(english[2].why == "Open to every sector and technology. Organisations from every country may apply.")
        let french = rank(open, language: try #require(Languages.named("fr")))
        #expect(french[0].why == "Correspond à : Véhicules aérospatiaux et défense (secteur) et «\u{00A0}drones\u{00A0}» (mot-clé). Pays éligible : France.")
        #expect(french[2].why == "Ouvert à tous les secteurs et à toutes les technologies. Les organisations de tous les pays peuvent candidater.")
    }

    @Test func aLongListIsCutWithACount() {
        let many = opportunity(1, "Many", sectors: [1, 23], ecosystems: [1, 10], technologies: ["KET2018-5"], keywords: ["drones"])
        let why = rank([many])[0].why
        #expect(why.hasPrefix("Matches Aerospace vehicles and defence (sector), Information technology and analytical instruments (sector), "))
        #expect(why.contains(" and 3 more."))
    }
}

import ClusterCollabCore
@testable import ClusterCollabMatching
import Testing

/// The rules a partner search must meet, whether written in the form or as JSON.
@Suite struct PartnerSearchInputTests {
    let reference = ReferenceData.shipped
    let today = "2026-11-26"

    func valid() -> PartnerSearchInput {
        var input = PartnerSearchInput()
        input.title = "Drones for industrial modernisation"
        input.kind = "project-consortium"
        input.description = "A smart specialisation partnership on drones in industry."
        input.competences = ["keyword:drone", "sector:1", "ecosystem:1", "technology:KET2018-5"]
        input.minCountries = 3
        input.minMembers = 3
        input.maxMembers = 8
        input.deadline = "2026-12-31"
        return input
    }

    func errors(_ input: PartnerSearchInput, base: PartnerSearch? = nil) -> [String: String] {
        do {
            _ = try input.applied(to: base, ownerID: 7, reference: reference, today: today)
            return [:]
        } catch { return error.fields }
    }

    @Test func aCompleteSearchIsAccepted() throws {
        let search = try valid().applied(to: nil, ownerID: 7, reference: reference, today: today)
        #expect(search.ownerID == 7)
        #expect(search.competences == [.keyword("drone"), .sector(1), .ecosystem(1), .technology("KET2018-5")])
        #expect(search.status == .open)
        #expect(search.deadline == "2026-12-31")
    }

    @Test func unknownCompetenceIdsAreNamed() {
        var input = valid()
        input.competences = ["sector:999", "colour:blue", "keyword:drone"]
        let message = errors(input)["competences"] ?? ""
        #expect(message.contains("sector:999"))
        #expect(message.contains("colour:blue"))
        #expect(!message.contains("keyword:drone"))
    }

    @Test func atLeastOneCompetenceIsRequired() {
        var input = valid()
        input.competences = []
        #expect(errors(input)["competences"]?.contains("at least one") == true)
    }

    @Test func contradictoryConstraintsAreRefused() {
        var input = valid()
        input.minMembers = 9
        input.maxMembers = 4
        #expect(errors(input)["min_members"]?.contains("must not exceed max_members") == true)

        input = valid()
        input.targetCountries = ["DE", "FR"]
        input.minCountries = 3
        #expect(errors(input)["min_countries"]?.contains("only 2 are allowed") == true)

        input = valid()
        input.minCountries = 9
        input.maxMembers = 5
        #expect(errors(input)["min_countries"]?.contains("cannot exceed max_members") == true)
    }

    @Test func deadlinesInThePastAreRefusedButAnOldOneMayStay() throws {
        var input = valid()
        input.deadline = "2026-11-25"
        #expect(errors(input)["deadline"]?.contains("must not be in the past") == true)
        input.deadline = "2026-02-30"
        #expect(errors(input)["deadline"]?.contains("YYYY-MM-DD") == true)
        input.deadline = today
        #expect(errors(input).isEmpty)

        // An edit of a search whose deadline has passed keeps that deadline without complaint.
        var old = try valid().applied(to: nil, ownerID: 7, reference: reference, today: "2026-01-01")
        old.deadline = "2026-02-01"
        var edit = PartnerSearchInput()
        edit.title = "A new title for the old search"
        edit.deadline = "2026-02-01"
        #expect(errors(edit, base: old).isEmpty)
    }

    @Test func typesAndCountriesAreChecked() {
        var input = valid()
        input.soughtTypes = ["cluster-organisation", "university"]
        input.targetCountries = ["de", "XX"]
        let e = errors(input)
        #expect(e["sought_types"]?.contains("university") == true)
        #expect(e["target_countries"]?.contains("XX") == true)
    }

    @Test func anEditChangesOnlyWhatItNames() throws {
        let base = try valid().applied(to: nil, ownerID: 7, reference: reference, today: today)
        var edit = PartnerSearchInput()
        edit.maxMembers = 6
        let changed = try edit.applied(to: base, ownerID: 7, reference: reference, today: today)
        #expect(changed.maxMembers == 6)
        #expect(changed.title == base.title)
        #expect(changed.competences == base.competences)
    }

    @Test func openDependsOnTheDeadlineNotOnAStoredFlag() throws {
        let search = try valid().applied(to: nil, ownerID: 7, reference: reference, today: today)
        #expect(search.isOpen(today: "2026-12-31"))
        #expect(!search.isOpen(today: "2027-01-01"))
        #expect(search.effectiveStatus(today: "2027-01-01") == .closed)
        #expect(search.status == .open)
    }

    @Test func agreementsNeedADateAndATitle() {
        #expect(throws: ValidationErrors.self) { try CooperationAgreement.validated(date: "yesterday", title: "MoU", note: "") }
        #expect(
            (try? CooperationAgreement.validated(date: "2026-11-20", title: "Memorandum of understanding", note: "Signed in Lyon"))?.title
                == "Memorandum of understanding")
    }

    @Test func anAgreementsNoteKeepsItsLinesWithoutTheBrowsersCarriageReturns() throws {
        let agreement = try CooperationAgreement.validated(
            date: "2026-11-20", title: "Memorandum of understanding", note: "Signed in Lyon.\r\nTest zones open to every member.\r\n")
        #expect(agreement.note == "Signed in Lyon.\nTest zones open to every member.")
    }
}

@Suite struct RegionCategoryTableTests {
    let reference = ReferenceData.shipped

    @Test func aValidFileIsRead() throws {
        let table = try RegionCategoryTable.parse("nuts_code,category\nPL82,less-developed\nes61,transition\n\nDE21,more-developed\n", reference: reference)
        #expect(table == ["PL82": .lessDeveloped, "ES61": .transition, "DE21": .moreDeveloped])
    }

    @Test func everyBadRowIsNamedAndNothingIsReturned() {
        do {
            _ = try RegionCategoryTable.parse(
                "nuts_code,category\nPL82,less-developed\nPL8,transition\nXX99,transition\nDE21,rich\nPL82,transition\n", reference: reference)
            Issue.record("a file with bad rows was accepted")
        } catch {
            #expect(error.fields["line 3"]?.contains("level 1") == true)
            #expect(error.fields["line 4"]?.contains("not a NUTS 2024 region code") == true)
            #expect(error.fields["line 5"]?.contains("must be one of") == true)
            #expect(error.fields["line 6"]?.contains("listed twice") == true)
        }
    }

    @Test func theHeaderIsRequired() {
        #expect(throws: ValidationErrors.self) { try RegionCategoryTable.parse("PL82,less-developed\n", reference: reference) }
    }
}

import ClusterCollabCalls
import ClusterCollabCore
import Foundation
import Testing

/// The rules a call must meet, whether written in the form or as JSON; each refusal names its field.
@Suite struct CallInputTests {
    let reference = ReferenceData.shipped
    /// 2026-06-01T00:00:00Z
    let now = Date(timeIntervalSince1970: 1_780_272_000)

    func valid() -> CallInput {
        var input = CallInput()
        input.title = "European Strategic Cluster Partnerships for Smart Specialisation Investment"
        input.programme = "ESCP-S3"
        input.description = "## Aim\nPartnerships that invest together.  \nSee the call text."
        input.thematicAreas = ["Drones", "Agri-food", "Digital"]
        input.opensAt = "2026-09-01T09:00"
        input.closesAt = "2026-12-15T17:00:00+01:00"
        input.timeZone = "Europe/Brussels"
        input.state = "published"
        input.fields = [
            ApplicationField(key: "summary", label: "Summary", kind: .text(minLength: 10, maxLength: 3000), required: true),
            ApplicationField(key: "theme", label: "Main theme", kind: .choice(options: [])),
            ApplicationField(key: "sme_led", label: "Is the lead an SME?", kind: .yesNo),
        ]
        input.rules = [.minMembers(3), .minCountries(3), .allowedCountries(.euCOSME)]
        input.criteria = [EvaluationCriterion(name: "Relevance", maxPoints: 30), EvaluationCriterion(name: "Impact", maxPoints: 40)]
        return input
    }

    func errors(_ input: CallInput, base: Call? = nil) -> [String: String] {
        do {
            _ = try input.applied(to: base, reference: reference, now: now)
            return [:]
        } catch { return error.fields }
    }

    func stored() throws -> Call { try valid().applied(to: nil, reference: reference, now: now) }

    @Test func aCompleteCallIsAccepted() throws {
        let call = try stored()
        #expect(call.title == "European Strategic Cluster Partnerships for Smart Specialisation Investment")
        #expect(call.state == .published)
        #expect(call.label == "ESCP-S3")
        #expect(call.timeZone == "Europe/Brussels")
        // local 09:00 in Brussels summer time is 07:00 UTC
        #expect(call.opensAt == Date(timeIntervalSince1970: 1_788_246_000))
        #expect(call.closesAt == Date(timeIntervalSince1970: 1_797_350_400))
        #expect(call.version == 1)
        #expect(call.createdAt == now && call.updatedAt == now)
        #expect(call.rules == [.minMembers(3), .minCountries(3), .allowedCountries(.euCOSME)])
    }

    @Test func theDescriptionIsStoredAsWritten() throws {
        #expect(try stored().description == "## Aim\nPartnerships that invest together.  \nSee the call text.")
    }

    @Test func aChoiceWithoutOptionsOffersTheThematicAreas() throws {
        #expect(try stored().fields[1].kind == .choice(options: ["Drones", "Agri-food", "Digital"]))
    }

    @Test func aNewCallNeedsItsEssentials() {
        let e = errors(CallInput())
        for field in ["title", "programme", "thematic_areas", "opens_at", "closes_at", "time_zone"] {
            #expect(e[field] != nil, "\(field)")
        }
    }

    @Test func titleLengthIsChecked() {
        var input = valid()
        input.title = "ESCP"
        #expect(errors(input)["title"] == "must be at least 5 characters")
        input.title = String(repeating: "a", count: 201)
        #expect(errors(input)["title"] == "must be at most 200 characters")
    }

    @Test func programmeLengthIsChecked() {
        var input = valid()
        input.programme = "E"
        #expect(errors(input)["programme"]?.hasPrefix("must be at least 2 characters") == true)
        input.programme = String(repeating: "P", count: 41)
        #expect(errors(input)["programme"] == "must be at most 40 characters")
    }

    @Test func descriptionLengthIsChecked() {
        var input = valid()
        input.description = String(repeating: "x", count: 20_000)
        #expect(errors(input).isEmpty)
        input.description = String(repeating: "x", count: 20_001)
        #expect(errors(input)["description"] == "must be at most 20000 characters (it has 20001)")
    }

    @Test func thematicAreasAreOneToTwentyDistinctShortNames() {
        var input = valid()
        input.thematicAreas = []
        #expect(errors(input)["thematic_areas"] == "must list at least one thematic area")
        input.thematicAreas = (1...21).map { "Area \($0)" }
        #expect(errors(input)["thematic_areas"]?.hasPrefix("must list at most 20") == true)
        input.thematicAreas = ["Drones", "  "]
        #expect(errors(input)["thematic_areas"] == "must not hold an empty area (entry 2)")
        input.thematicAreas = ["Drones", "drones"]
        #expect(errors(input)["thematic_areas"] == "must not repeat an area (drones)")
        input.thematicAreas = [String(repeating: "a", count: 81)]
        #expect(errors(input)["thematic_areas"]?.hasPrefix("must hold areas of at most 80 characters") == true)
    }

    @Test func theCallMustOpenBeforeItCloses() {
        var input = valid()
        input.opensAt = "2026-12-15T17:00"
        let e = errors(input)
        #expect(e["closes_at"] == "must be after opens_at (15 December 2026, 17:00 CET (Europe/Brussels))")
    }

    @Test func aNewDeadlineMustNotBeInThePast() {
        var input = valid()
        input.opensAt = "2026-01-01T09:00"
        input.closesAt = "2026-05-31T17:00"
        #expect(errors(input)["closes_at"]?.hasPrefix("must not be in the past") == true)
    }

    @Test func anUnchangedPastDeadlineDoesNotBlockAnEdit() throws {
        var old = try stored()
        old.opensAt = Date(timeIntervalSince1970: 1_700_000_000)
        old.closesAt = Date(timeIntervalSince1970: 1_750_000_000)
        var edit = CallInput()
        edit.state = "evaluated"
        let call = try edit.applied(to: old, reference: reference, now: now)
        #expect(call.state == .evaluated)
        #expect(call.closesAt == old.closesAt)
    }

    @Test func theTimeZoneMustBeAnIANAName() {
        var input = valid()
        input.timeZone = "Mars/Olympus_Mons"
        #expect(errors(input)["time_zone"] == "must be an IANA time zone such as Europe/Brussels (not Mars/Olympus_Mons)")
        input.timeZone = "CET"
        #expect(errors(input)["time_zone"] != nil)
        input.timeZone = "UTC"
        #expect(errors(input).isEmpty)
    }

    @Test func aLocalTimeWithoutAValidZoneIsNamed() {
        var input = valid()
        input.timeZone = "Nowhere"
        let e = errors(input)
        #expect(e["opens_at"]?.hasPrefix("is a local time, which needs a valid time_zone") == true)
        // an instant with an offset needs no zone
        #expect(e["closes_at"] == nil)
    }

    @Test func malformedAndNonexistentTimesAreRefused() {
        var input = valid()
        input.opensAt = "1 September 2026"
        #expect(errors(input)["opens_at"]?.hasPrefix("must be a date and time") == true)
        input.opensAt = "2026-02-30T09:00"
        #expect(errors(input)["opens_at"]?.hasPrefix("must be a date and time") == true)
        // Brussels clocks go from 02:00 to 03:00 on 2027-03-28
        input.opensAt = "2026-09-01T09:00"
        input.closesAt = "2027-03-28T02:30"
        #expect(errors(input)["closes_at"] == "2027-03-28T02:30 does not exist in Europe/Brussels (the clocks go forward then); choose another time")
    }

    @Test func theStateMustBeOneOfTheCodes() {
        var input = valid()
        input.state = "open"
        #expect(errors(input)["state"] == "must be one of draft, published, evaluated")
    }

    @Test func fieldKeysAreUniqueAndWellFormed() {
        var input = valid()
        input.fields = [
            ApplicationField(key: "summary", label: "Summary", kind: .yesNo),
            ApplicationField(key: "summary", label: "Again", kind: .yesNo),
        ]
        #expect(errors(input)["fields[1].key"] == "must be unique: summary is also the key of fields[0]")
        for bad in ["Summary", "1st", "with-hyphen", "", String(repeating: "a", count: 41)] {
            input.fields = [ApplicationField(key: bad, label: "Summary", kind: .yesNo)]
            #expect(errors(input)["fields[0].key"] != nil, "\(bad)")
        }
        input.fields = [ApplicationField(key: String(repeating: "a", count: 40), label: "Summary", kind: .yesNo)]
        #expect(errors(input).isEmpty)
    }

    @Test func textLengthsAreChecked() {
        var input = valid()
        input.fields = [ApplicationField(key: "summary", label: "Summary", kind: .text(minLength: 0, maxLength: 0))]
        #expect(errors(input)["fields[0].max_length"] == "must be between 1 and 20000")
        input.fields = [ApplicationField(key: "summary", label: "Summary", kind: .text(minLength: 0, maxLength: 20_001))]
        #expect(errors(input)["fields[0].max_length"] == "must be between 1 and 20000")
        input.fields = [ApplicationField(key: "summary", label: "Summary", kind: .text(minLength: 501, maxLength: 500))]
        #expect(errors(input)["fields[0].min_length"] == "must be between 0 and max_length (500)")
        input.fields = [ApplicationField(key: "summary", label: " ", kind: .yesNo)]
        #expect(errors(input)["fields[0].label"] != nil)
    }

    @Test func ruleProblemsNameTheirIndexAndField() {
        var input = valid()
        input.rules = [.minMembers(3), .publishedOnly, .minCountries(0)]
        #expect(errors(input)["rules[2].value"] == "must be between 1 and 50")
        input.rules = [.allowedCountries(["FR", "ZZ"])]
        #expect(errors(input)["rules[0].countries"] == "ZZ is not an ISO 3166 alpha-2 country code")
        input.rules = [.minMembers(3), .minMembers(4)]
        #expect(errors(input)["rules[1].rule"] == "repeats rules[0]: a call has one min_members rule")
        input.rules = [.minCountries(3), .allowedCountries(["FR", "DE"])]
        #expect(errors(input)["rules[0].value"] == "requires 3 countries but only 2 are allowed (FR, DE)")
        input.rules = [.requiredType(.clusterOrganisation), .requiredType(.clusterMember, atLeast: 2)]
        #expect(errors(input).isEmpty)
    }

    @Test func criteriaAreUniqueAndWorthOneToAHundredPoints() {
        var input = valid()
        input.criteria = [EvaluationCriterion(name: "Impact", maxPoints: 30), EvaluationCriterion(name: "impact", maxPoints: 10)]
        #expect(errors(input)["criteria[1].name"] == "must be unique: impact is also the name of criteria[0]")
        input.criteria = [EvaluationCriterion(name: "Impact", maxPoints: 0)]
        #expect(errors(input)["criteria[0].max_points"] == "must be between 1 and 100")
        input.criteria = [EvaluationCriterion(name: "Impact", maxPoints: 101)]
        #expect(errors(input)["criteria[0].max_points"] == "must be between 1 and 100")
        input.criteria = [EvaluationCriterion(name: "Impact", maxPoints: 100)]
        #expect(errors(input).isEmpty)
    }

    @Test func anEditChangesOnlyWhatItNamesAndRaisesTheVersion() throws {
        let old = try stored()
        var edit = CallInput()
        edit.title = "ESCP-S3 2026 second round"
        let later = now.addingTimeInterval(3600)
        let call = try edit.applied(to: old, reference: reference, now: later)
        #expect(call.title == "ESCP-S3 2026 second round")
        #expect(call.programme == old.programme && call.rules == old.rules && call.closesAt == old.closesAt)
        #expect(call.version == old.version + 1)
        #expect(call.createdAt == old.createdAt && call.updatedAt == later)
    }

    @Test func changingTheTimeZoneKeepsTheInstants() throws {
        let old = try stored()
        var edit = CallInput()
        edit.timeZone = "Europe/Lisbon"
        let call = try edit.applied(to: old, reference: reference, now: now)
        #expect(call.closesAt == old.closesAt)
        #expect(ZonedTime.display(call.closesAt, zone: call.timeZone) == "15 December 2026, 16:00 WET (Europe/Lisbon)")
    }

    @Test func aLocalTimeInAnEditIsReadInTheNewZone() throws {
        let old = try stored()
        var edit = CallInput()
        edit.timeZone = "Europe/Lisbon"
        edit.closesAt = "2026-12-15T17:00"
        #expect(try edit.applied(to: old, reference: reference, now: now).closesAt == Date(timeIntervalSince1970: 1_797_354_000))
    }

    @Test func aChoiceOfThematicAreasFollowsThemWhenTheyChange() throws {
        let old = try stored()
        var edit = CallInput()
        edit.thematicAreas = ["Drones", "Space"]
        let call = try edit.applied(to: old, reference: reference, now: now)
        #expect(call.fields[1].kind == .choice(options: ["Drones", "Space"]))
        #expect(call.fields[0] == old.fields[0])
    }

    @Test func aJSONBodyIsReadWithTheAPIsNames() throws {
        let body = """
            {"title": "ESCP-S3 2026 call", "programme": "ESCP-S3", "thematic_areas": ["Drones"],
             "opens_at": "2026-09-01T09:00", "closes_at": "2026-12-15T17:00", "time_zone": "Europe/Brussels",
             "id": 12, "version": 3,
             "fields": [{"key": "theme", "label": "Main theme", "kind": "choice"}],
             "rules": [{"rule": "min_members", "value": 3}],
             "criteria": [{"name": "Relevance", "max_points": 30}]}
            """
        let input = try CallInput(json: Data(body.utf8))
        let call = try input.applied(to: nil, reference: reference, now: now)
        #expect(call.closesAt == Date(timeIntervalSince1970: 1_797_350_400))
        #expect(call.fields[0].kind == .choice(options: ["Drones"]))
        #expect(call.criteria == [EvaluationCriterion(name: "Relevance", maxPoints: 30)])
        #expect(call.state == .draft)
    }

    @Test func unknownJSONKeysAndWrongTypesAreNamed() {
        func refusal(_ body: String) -> [String: String] {
            do { _ = try CallInput(json: Data(body.utf8)); return [:] } catch { return error.fields }
        }
        #expect(refusal(#"{"title": "A call", "deadline": "2026-12-15"}"#) == ["deadline": "is not part of a call"])
        #expect(refusal(#"{"thematic_areas": "Drones"}"#) == ["thematic_areas": "must be a list"])
        #expect(
            refusal(#"{"fields": [{"key": "a", "label": "A", "kind": "essay"}]}"#)["fields[0].kind"]?.hasPrefix("must be one of text, choice, yes-no") == true)
        #expect(refusal(#"{"criteria": [{"name": "Impact", "max_points": "ten"}]}"#) == ["criteria[0].max_points": "must be a whole number"])
        #expect(refusal("[1, 2]") == ["body": "must be a JSON object"])
        #expect(refusal("{nope") == ["body": "is not valid JSON"])
    }
}

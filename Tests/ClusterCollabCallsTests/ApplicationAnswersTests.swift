import ClusterCollabCalls
import ClusterCollabCore
import Foundation
import Testing

/// Answers to a call's questions: drafts may be incomplete, submissions may not.
@Suite struct ApplicationAnswersTests {
    let fields = [
        ApplicationField(key: "summary", label: "Summary", kind: .text(minLength: 20, maxLength: 100), required: true),
        ApplicationField(key: "theme", label: "Main theme", kind: .choice(options: ["Drones", "Agri-food"]), required: true),
        ApplicationField(key: "sme_led", label: "Is the lead an SME?", kind: .yesNo),
    ]
    let complete = ["summary": "Drones for precision farming in three regions.", "theme": "Drones", "sme_led": "yes"]

    func errors(_ answers: [String: String], submission: Bool) -> [String: String] {
        ApplicationAnswers.validate(answers, fields: fields, forSubmission: submission).fields
    }

    @Test func completeAnswersCanBeSubmitted() {
        #expect(errors(complete, submission: true).isEmpty)
    }

    @Test func anEmptyDraftIsFine() {
        #expect(errors([:], submission: false).isEmpty)
    }

    @Test func aSubmissionNeedsEveryRequiredField() {
        #expect(
            errors(["sme_led": "no"], submission: true)
                == ["answers.summary": "is required: Summary", "answers.theme": "is required: Main theme"])
        // white space is no answer
        var answers = complete
        answers["summary"] = "   "
        #expect(errors(answers, submission: true)["answers.summary"] == "is required: Summary")
    }

    @Test func aShortTextIsHeldAgainstASubmissionOnly() {
        var answers = complete
        answers["summary"] = "Too short."
        #expect(errors(answers, submission: false).isEmpty)
        #expect(errors(answers, submission: true)["answers.summary"] == "must be at least 20 characters (it has 10)")
    }

    @Test func aLongTextIsRefusedEvenInADraft() {
        let answers = ["summary": String(repeating: "é", count: 101)]
        #expect(errors(answers, submission: false)["answers.summary"] == "must be at most 100 characters (it has 101)")
    }

    @Test func aChoiceMustBeOneOfTheOptionsEvenInADraft() {
        #expect(errors(["theme": "Space"], submission: false)["answers.theme"] == "must be one of: Drones, Agri-food")
    }

    @Test func yesNoAnswersAreYesOrNo() {
        #expect(errors(["sme_led": "true"], submission: false)["answers.sme_led"] == "must be yes or no")
        #expect(errors(["sme_led": "no"], submission: false).isEmpty)
    }

    @Test func unknownKeysAreRefusedByName() {
        var answers = complete
        answers["budget"] = "1000000"
        #expect(errors(answers, submission: false) == ["answers.budget": "is not a field of this call"])
        #expect(errors(answers, submission: true) == ["answers.budget": "is not a field of this call"])
    }
}

/// Fields as JSON.
@Suite struct ApplicationFieldJSONTests {
    @Test func fieldsSurviveAJSONRoundTrip() throws {
        let fields = [
            ApplicationField(key: "summary", label: "Summary", kind: .text(minLength: 100, maxLength: 3000), required: true),
            ApplicationField(key: "theme", label: "Main theme", kind: .choice(options: ["Drones", "Agri-food"])),
            ApplicationField(key: "sme_led", label: "Is the lead an SME?", kind: .yesNo, required: true),
        ]
        let data = try JSONEncoder().encode(fields)
        #expect(try CallJSON.decode([ApplicationField].self, from: data) == fields)
    }

    @Test func theDocumentedShapesAreRead() throws {
        let json = """
            [{"key": "summary", "label": "Summary", "kind": "text", "min_length": 10, "max_length": 500, "required": true},
             {"key": "notes", "label": "Notes", "kind": "text"},
             {"key": "theme", "label": "Main theme", "kind": "choice", "options": ["Drones"]},
             {"key": "sme_led", "label": "SME?", "kind": "yes-no"}]
            """
        let fields = try CallJSON.decode([ApplicationField].self, from: Data(json.utf8))
        #expect(
            fields.map(\.kind) == [
                .text(minLength: 10, maxLength: 500), .text(minLength: 0, maxLength: 2000),
                .choice(options: ["Drones"]), .yesNo,
            ])
        #expect(fields.map(\.required) == [true, false, false, false])
    }

    @Test func encodingUsesTheDocumentedShape() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(ApplicationField(key: "sme_led", label: "SME?", kind: .yesNo)), as: UTF8.self)
        #expect(text == #"{"key":"sme_led","kind":"yes-no","label":"SME?","required":false}"#)
    }

    @Test func optionsOnATextFieldAreRefusedByName() {
        let json = #"[{"key": "a", "label": "A", "kind": "text", "options": ["x"]}]"#
        do {
            _ = try CallJSON.decode([ApplicationField].self, from: Data(json.utf8))
            Issue.record("expected a refusal")
        } catch {
            #expect(error.fields["[0].options"]?.hasPrefix("is not part of a text field") == true)
        }
    }
}

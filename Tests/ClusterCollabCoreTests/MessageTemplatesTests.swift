import ClusterCollabCore
import ClusterCollabText
import Foundation
import Testing

@Suite struct MessageTemplatesTests {
    let templates = MessageTemplates.shared

    @Test func everyNoticeKindTheCodeSendsHasATemplateAndEveryTemplateIsSent() throws {
        // The kinds named in `Notice("kind", ...)` anywhere in the sources.
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources")
        var used: Set<String> = []
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
        for case let file as URL in files where file.pathExtension == "swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: /Notice\(\s*"([a-z-]+)"/) { used.insert(String(match.1)) }
        }
        #expect(!used.isEmpty)
        #expect(used == Set(templates.templates.keys))
    }

    @Test func sectionsAreKeptOrDroppedByWhetherTheValueIsEmpty() {
        let text = "a{{#x}} with {{x}}{{/x}}{{^x}} without{{/x}}."
        #expect(MessageTemplates.fill(text, ["x": "1"]) == "a with 1.")
        #expect(MessageTemplates.fill(text, ["x": ""]) == "a without.")
        #expect(MessageTemplates.fill(text, [:]) == "a without.")
        #expect(MessageTemplates.fill("{{unknown}}|{{", [:]) == "|{{")
    }

    @Test func aModerationDecisionCarriesTheModeratorsMessageOnlyWhenThereIsOne() {
        let notice = Notice(
            "moderation-decision", link: "/my/organisations/4",
            ["changes": "yes", "organisation": "Aero Cluster", "message": "Add a website."])
        let with = notice.rendered(name: "Ana", publicURL: "https://cc.example")
        #expect(with.message == "Changes requested for Aero Cluster: Add a website.")
        #expect(notice.line() == with.message)
        #expect(with.subject == "Changes requested for Aero Cluster")
        #expect(
            with.body
                == "Hello Ana,\n\nChanges requested for Aero Cluster: the platform team's decision on the profile of Aero Cluster.\n\nTheir message:\nAdd a website.\n\nhttps://cc.example/my/organisations/4\n"
        )
        var without = notice
        without.values["message"] = ""
        without.values["edits"] = "yes"
        let plain = without.rendered(name: "Ana", publicURL: "https://cc.example")
        #expect(plain.message == "Changes requested for the edits of Aero Cluster")
        #expect(
            plain.body
                == "Hello Ana,\n\nChanges requested for the edits of Aero Cluster: the platform team's decision on the edits of Aero Cluster.\n\nhttps://cc.example/my/organisations/4\n"
        )
    }

    @Test func aReceiptNamesTheReferenceTheCallTheTimeAndTheDigest() {
        let receipt = Notice(
            "call-receipt", link: "/applications/9",
            [
                "reference": "EOI-2026-0009", "call": "ESCP-S3", "digest": "ab12",
                "submitted_time": Notice.instant(Date(timeIntervalSince1970: 1_796_202_000), zone: "Europe/Brussels"),
            ])
        let words = receipt.rendered(publicURL: "https://cc.example")
        #expect(words.message == "Submitted: EOI-2026-0009 for ESCP-S3")
        #expect(words.subject == "Receipt EOI-2026-0009: ESCP-S3")
        #expect(
            words.body
                == "Hello,\n\nExpression of interest EOI-2026-0009 for “ESCP-S3” submitted on 2 December 2026, 10:00 CET (Europe/Brussels). Content digest (SHA-256): ab12.\n\nhttps://cc.example/applications/9\n"
        )
    }

    @Test func aNoticeIsWrittenInTheRecipientsLanguageItsDatesToo() throws {
        let french = try #require(Languages.named("fr"))
        let receipt = Notice(
            "call-receipt", link: "/applications/9",
            [
                "reference": "EOI-2026-0009", "call": "ESCP-S3", "digest": "ab12",
                "submitted_time": Notice.instant(Date(timeIntervalSince1970: 1_796_202_000), zone: "Europe/Brussels"),
            ])
        let words = receipt.rendered(publicURL: "https://cc.example", in: french)
        #expect(words.message == "Déposée\u{A0}: EOI-2026-0009 pour ESCP-S3")
        #expect(words.subject == "Accusé de réception EOI-2026-0009\u{A0}: ESCP-S3")
        #expect(words.body.contains("déposée le 2 décembre 2026 à 10:00 UTC+1 (Europe/Brussels)"), "\(words.body)")
        #expect(words.body.hasSuffix("https://cc.example/applications/9\n"))
        let added = Notice("team-added", link: "/my/organisations/4", ["organisation": "Aero Cluster", "administrator": "yes"])
        #expect(added.line(in: french) == "Vous avez été ajouté à l’équipe de Aero Cluster en tant qu’administrateur du profil")
        #expect(added.line() == "You were added to the team of Aero Cluster as profile administrator")
        // Every template is translated, and a translation uses the values its English text uses.
        for text in templates.texts {
            let translated = french.text(text, context: MessageTemplates.context)
            #expect(translated != text, "not translated: \(text)")
            let names = { (t: String) in Set(t.matches(of: /\{\{[#^\/]?([a-z_]+)\}\}/).map { String($0.output.1) }) }
            #expect(names(translated) == names(text), "\(text)")
        }
    }

    @Test func inAppOnlyNoticesHaveNoEmailAndEmailOnlyNoticesNoLine() {
        #expect(templates.templates["team-removed"]?.subject == "")
        #expect(templates.templates["team-removed"]?.body == "")
        #expect(templates.templates["verify-email"]?.message == "")
        #expect(templates.templates["verify-email"]?.subject == "Confirm your e-mail address for ClusterCollab")
    }

    @Test func aTemplateWithoutHeadersIsRefused() {
        #expect(throws: (any Error).self) { _ = try MessageTemplates.parse("just a body", name: "x.txt") }
        #expect(throws: (any Error).self) { _ = try MessageTemplates.parse("to: someone\n\nbody", name: "x.txt") }
    }
}

@testable import ClusterCollabMail
import Foundation
import NIOCore
@testable import ClusterCollabTestSupport
import Testing

/// A message for tests; fields can be overridden.
func sampleMessage(
    subject: String = "Your ClusterCollab account", body: String = "Hello Camille,\nwelcome.\n",
    messageID: String = "<6f1c2d3e@clusters.example.eu>", unsubscribeURL: String? = nil
) throws -> MailMessage {
    MailMessage(
        from: try MailAddress(address: "noreply@clusters.example.eu", name: "ClusterCollab"),
        to: try MailAddress(address: "camille@photonics.example.eu"), subject: subject, textBody: body,
        messageID: messageID, date: Date(timeIntervalSince1970: 1_700_000_000), unsubscribeURL: unsubscribeURL)
}

/// The header block of a rendered message, unfolded, by lowercased name.
func headers(of rendered: String) -> [String: String] { headerFields(of: rendered) }

func body(of rendered: String) -> String {
    guard let range = rendered.range(of: "\r\n\r\n") else { return "" }
    return String(rendered[range.upperBound...])
}

@Suite struct MailMessageTests {
    @Test func rendersTheStandardHeadersWithCRLFLineEndings() throws {
        // given
        let message = try sampleMessage()
        // when
        let rendered = message.rendered()
        // then
        let h = headers(of: rendered)
        #expect(h["date"] == "Tue, 14 Nov 2023 22:13:20 +0000")
        #expect(h["from"] == "ClusterCollab <noreply@clusters.example.eu>")
        #expect(h["to"] == "camille@photonics.example.eu")
        #expect(h["subject"] == "Your ClusterCollab account")
        #expect(h["message-id"] == "<6f1c2d3e@clusters.example.eu>")
        #expect(h["mime-version"] == "1.0")
        #expect(h["content-type"] == "text/plain; charset=utf-8")
        #expect(h["content-transfer-encoding"] == "quoted-printable")
        #expect(h["list-unsubscribe"] == nil)
        #expect(rendered.hasSuffix("\r\n"))
        #expect(!rendered.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(!rendered.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
    }

    @Test func anUnsubscribeLinkAddsOneClickHeaders() throws {
        // given a message with an unsubscribe link
        let message = try sampleMessage(unsubscribeURL: "https://clusters.example.eu/unsubscribe/tok123")
        // when
        let h = headers(of: message.rendered())
        // then
        #expect(h["list-unsubscribe"] == "<https://clusters.example.eu/unsubscribe/tok123>")
        #expect(h["list-unsubscribe-post"] == "List-Unsubscribe=One-Click")
    }

    @Test func aMessageIDWithoutAngleBracketsGetsThem() throws {
        let message = try sampleMessage(messageID: "abc@clustercollab")
        #expect(message.messageID == "<abc@clustercollab>")
    }

    @Test func aNonASCIISubjectIsEncodedInShortEncodedWordsThatDecodeBack() throws {
        // given a long subject in several scripts
        let subject = "Réunion du cluster « Photonique » à Nantes — Ελληνικά και 日本語のテキスト 🚀 vérifiée"
        // when
        let rendered = try sampleMessage(subject: subject).rendered()
        // then it is ASCII on the wire, words stay within 75 characters, and it decodes to the original
        let raw = try #require(headers(of: rendered)["subject"])
        #expect(raw.utf8.allSatisfy { $0 < 0x80 })
        let words = raw.split(separator: " ")
        #expect(words.count > 1)
        #expect(words.allSatisfy { $0.count <= 75 && $0.hasPrefix("=?utf-8?B?") })
        #expect(MailDecoding.headerText(raw) == subject)
    }

    @Test func aLineBreakInTheSubjectCannotAddAHeader() throws {
        // given a subject that tries to inject a header
        let rendered = try sampleMessage(subject: "Hello\r\nBcc: everyone@example.org").rendered()
        // then it stays one subject and no Bcc header exists
        let h = headers(of: rendered)
        #expect(h["bcc"] == nil)
        #expect(h["subject"] == "Hello  Bcc: everyone@example.org")
    }

    @Test func aLongASCIISubjectIsFoldedAtSpacesAndUnfoldsToTheOriginal() throws {
        let subject = Array(repeating: "cluster", count: 20).joined(separator: " ")
        let rendered = try sampleMessage(subject: subject).rendered()
        let head = rendered.components(separatedBy: "\r\n\r\n")[0]
        #expect(head.components(separatedBy: "\r\n").allSatisfy { $0.count <= 78 })
        #expect(headers(of: rendered)["subject"] == subject)
    }

    @Test func theBodyIsQuotedPrintableWithShortLinesAndDecodesBack() throws {
        // given a body with long lines, non-ASCII, '=' signs, trailing spaces and mixed line endings
        let text = "Bonjour Zoë,\r\n" + String(repeating: "é=ß ", count: 40) + "\n\nline with trailing spaces   \rlast line"
        // when
        let encoded = body(of: try sampleMessage(body: text).rendered())
        // then every line fits in 76 characters, is ASCII, and the whole decodes to the text (with "\n")
        let lines = encoded.components(separatedBy: "\r\n").dropLast()
        #expect(lines.allSatisfy { $0.count <= 76 })
        #expect(encoded.utf8.allSatisfy { $0 < 0x80 })
        #expect(lines.allSatisfy { !$0.hasSuffix(" ") })
        let expected = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") + "\n"
        #expect(MailDecoding.quotedPrintable(encoded) == expected)
    }

    @Test func aNonASCIIDisplayNameIsEncoded() throws {
        // given a sender whose name is not ASCII
        var message = try sampleMessage()
        message.from = try MailAddress(address: "noreply@clusters.example.eu", name: "Clústers Europa")
        // when
        let from = try #require(headers(of: message.rendered())["from"])
        // then
        #expect(from.hasSuffix(" <noreply@clusters.example.eu>"))
        #expect(from.utf8.allSatisfy { $0 < 0x80 })
        #expect(MailDecoding.headerText(String(from.dropLast(" <noreply@clusters.example.eu>".count))) == "Clústers Europa")
    }

    @Test func dataPayloadDoublesLeadingDotsNormalisesLineEndsAndTerminates() {
        // given content with dot lines and bare line feeds (which could otherwise smuggle an end of data)
        let payload = SMTPClient.dataPayload("a\r\n.\r\n..b\n.\nc")
        // then
        #expect(String(buffer: payload) == "a\r\n..\r\n...b\r\n..\r\nc\r\n.\r\n")
    }
}

@Suite struct MailAddressTests {
    @Test func parsesABareAddressAndANamedOne() throws {
        #expect(try MailAddress(parsing: "noreply@example.org") == MailAddress(address: "noreply@example.org"))
        let named = try MailAddress(parsing: "\"ClusterCollab Team\" <noreply@example.org>")
        #expect(named.name == "ClusterCollab Team")
        #expect(named.address == "noreply@example.org")
        #expect(named.domain == "example.org")
    }

    @Test(arguments: ["", "no-at-sign", "@example.org", "someone@", "a@b\r\nRCPT TO:<c@d>", "a b@example.org", "<a@example.org>x", "zoë@example.org"])
    func refusesTextThatIsNotAUsableAddress(text: String) {
        #expect(throws: MailAddressError.self) { try MailAddress(address: text) }
    }

    @Test func anUnusableAddressIsAPermanentFailure() {
        let error: any Error = MailAddressError(text: "x")
        #expect(error.isPermanentMailFailure)
    }
}

@testable import ClusterCollabCalls
import Foundation
import Testing

/// Receipt references and digests.
@Suite struct ReceiptTests {
    let submittedAt = Date(timeIntervalSince1970: 1_797_000_000.123)
    let answers = ["summary": "Drones for precision farming.", "theme": "Drones", "sme_led": "yes"]

    func digest(
        callID: Int64 = 7, applicationID: Int64 = 42, version: Int = 3, answers: [String: String]? = nil,
        memberIDs: [Int64] = [11, 12, 13], submittedAt: Date? = nil
    ) -> String {
        Receipt.digest(
            callID: callID, applicationID: applicationID, version: version, answers: answers ?? self.answers,
            memberIDs: memberIDs, submittedAt: submittedAt ?? self.submittedAt)
    }

    @Test func theReferenceNamesProgrammeYearAndApplication() {
        #expect(Receipt.reference(programme: "ESCP-S3", year: 2026, applicationID: 42) == "ESCP-S3-2026-000042")
        #expect(Receipt.reference(programme: "escp s3", year: 2026, applicationID: 42) == "ESCP-S3-2026-000042")
        #expect(Receipt.reference(programme: "EU+COSME / pilot", year: 2027, applicationID: 1_234_567) == "EU-COSME-PILOT-2027-1234567")
        #expect(Receipt.reference(programme: "Énergie", year: 2026, applicationID: 5) == "ENERGIE-2026-000005")
    }

    @Test func theSameSubmissionGivesTheSameDigest() {
        let first = digest()
        #expect(first.count == 64)
        #expect(first.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(digest() == first)
        // member order and dictionary order do not matter
        #expect(digest(memberIDs: [13, 11, 12]) == first)
        #expect(digest(answers: Dictionary(uniqueKeysWithValues: answers.reversed())) == first)
    }

    @Test func anyChangeChangesTheDigest() {
        let base = digest()
        var changed = [
            digest(callID: 8), digest(applicationID: 43), digest(version: 4), digest(memberIDs: [11, 12, 14]),
            digest(memberIDs: [11, 12]), digest(submittedAt: submittedAt.addingTimeInterval(0.001)),
        ]
        var edited = answers
        edited["theme"] = "Drones "
        changed.append(digest(answers: edited))
        edited = answers
        edited["notes"] = ""
        changed.append(digest(answers: edited))
        // text that imitates the next answer line cannot give the same bytes (lengths come first)
        #expect(digest(answers: ["a": "b", "c": "d"]) != digest(answers: ["a": "b\n1:c=1:d", "c": "d"]))
        for other in changed { #expect(other != base) }
        #expect(Set(changed).count == changed.count)
    }

    @Test func canonicallyEqualTextGivesTheSameDigest() {
        // "é" precomposed and as e + combining accent are the same String in Swift
        #expect(digest(answers: ["summary": "Caf\u{e9}"]) == digest(answers: ["summary": "Cafe\u{301}"]))
    }

    @Test func theSerialisationIsTheDocumentedOne() {
        let bytes = Receipt.canonicalBytes(
            callID: 7, applicationID: 42, version: 3, answers: ["theme": "Drones", "sme_led": "yes"],
            memberIDs: [13, 11], submittedAt: Date(timeIntervalSince1970: 1_797_000_000.1239))
        #expect(
            String(decoding: bytes, as: UTF8.self) == """
                clustercollab-receipt-v1
                call_id:7
                application_id:42
                version:3
                submitted_at_ms:1797000000123
                member_ids:11,13
                answers:2
                7:sme_led=3:yes
                5:theme=6:Drones

                """)
    }
}

/// Digests are SHA-256 (swift-crypto) of the canonical bytes; this one was issued by the plain-Swift SHA-256
/// the platform used before, so receipts already handed out keep verifying.
@Suite struct ReceiptDigestStabilityTests {
    @Test func aReceiptIssuedBeforeStillVerifies() {
        let digest = Receipt.digest(
            callID: 7, applicationID: 42, version: 3,
            answers: ["summary": "Drones for precision farming.", "theme": "Drones", "sme_led": "yes", "note": "Énergie\r\nligne"],
            memberIDs: [11, 12, 13], submittedAt: Date(timeIntervalSince1970: 1_797_000_000.123))
        #expect(digest == "29f5ef4b3007dad4b7392ff60c435d1f8efb3418af72c9196d21e1a41c909b75")
    }
}

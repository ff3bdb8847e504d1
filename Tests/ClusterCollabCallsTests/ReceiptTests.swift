@testable import ClusterCollabCalls
import Foundation
import Testing

/// Receipt references and digests.
@Suite struct ReceiptTests {
    let submittedAt = Date(timeIntervalSince1970: 1_797_000_000.123)
    let answers = ["summary": "Drones for precision farming.", "theme": "Drones", "sme_led": "yes"]

    func digest(callID: Int64 = 7, applicationID: Int64 = 42, version: Int = 3, answers: [String: String]? = nil,
                memberIDs: [Int64] = [11, 12, 13], submittedAt: Date? = nil) -> String {
        Receipt.digest(callID: callID, applicationID: applicationID, version: version, answers: answers ?? self.answers,
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
        var changed = [digest(callID: 8), digest(applicationID: 43), digest(version: 4), digest(memberIDs: [11, 12, 14]),
                       digest(memberIDs: [11, 12]), digest(submittedAt: submittedAt.addingTimeInterval(0.001))]
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
        let bytes = Receipt.canonicalBytes(callID: 7, applicationID: 42, version: 3, answers: ["theme": "Drones", "sme_led": "yes"],
                                           memberIDs: [13, 11], submittedAt: Date(timeIntervalSince1970: 1_797_000_000.1239))
        #expect(String(decoding: bytes, as: UTF8.self) == """
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

/// The hand-written SHA-256 against the FIPS 180-4 test vectors.
@Suite struct ReceiptSHA256Tests {
    @Test func emptyInput() {
        #expect(ReceiptSHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func abc() {
        #expect(ReceiptSHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func twoBlockMessage() {
        #expect(ReceiptSHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func aMillionAs() {
        #expect(ReceiptSHA256.hex([UInt8](repeating: 0x61, count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func paddingBoundaries() {
        // 55, 56 and 64 bytes straddle the length field; checked against sha256sum
        #expect(ReceiptSHA256.hex([UInt8](repeating: 0x61, count: 55)) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
        #expect(ReceiptSHA256.hex([UInt8](repeating: 0x61, count: 56)) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
        #expect(ReceiptSHA256.hex([UInt8](repeating: 0x61, count: 64)) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
    }
}

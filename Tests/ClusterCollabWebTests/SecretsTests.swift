@testable import ClusterCollabWeb
import Foundation
import Testing

/// Signatures and secret comparisons go through swift-crypto's constant-time checks.
@Suite struct SecretsTests {
    @Test func aSignatureVerifiesOnlyForItsMessageAndSecret() {
        let signature = Secrets.sign("session:abc", secret: "s3cret")
        #expect(Secrets.verify(signature, of: "session:abc", secret: "s3cret"))
        #expect(!Secrets.verify(signature, of: "session:abd", secret: "s3cret"))
        #expect(!Secrets.verify(signature, of: "session:abc", secret: "other"))
        let last = signature.last == "A" ? "B" : "A"
        #expect(!Secrets.verify(String(signature.dropLast()) + last, of: "session:abc", secret: "s3cret"))
        #expect(!Secrets.verify(String(signature.dropLast()), of: "session:abc", secret: "s3cret"))
        #expect(!Secrets.verify("not base64 at all!", of: "session:abc", secret: "s3cret"))
        #expect(!Secrets.verify("", of: "session:abc", secret: "s3cret"))
    }

    @Test func secretsAreEqualOnlyWhenEqual() {
        #expect(Secrets.equal("operator-token", "operator-token"))
        #expect(!Secrets.equal("operator-token", "operator-tokem"))
        #expect(!Secrets.equal("operator-token", "operator-token "))
        #expect(!Secrets.equal("", "operator-token"))
        #expect(Secrets.equal("", ""))
    }
}

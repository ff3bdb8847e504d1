import Crypto
import Foundation

/// Random tokens, their stored hashes, and signatures with `CLUSTERCOLLAB_SECRET`.
enum Secrets {
    /// 32 random bytes, URL-safe base64 (cookie- and URL-safe).
    static func token() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return base64URL(Data(bytes))
    }

    /// What the database keeps instead of a token: its SHA-256, hex.
    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func sign(_ message: String, secret: String) -> String {
        let key = SymmetricKey(data: Data(secret.utf8))
        return base64URL(Data(HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: key)))
    }

    /// Whether `signature` is the HMAC of `message`, compared in constant time by swift-crypto.
    static func verify(_ signature: String, of message: String, secret: String) -> Bool {
        guard let code = fromBase64URL(signature) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(
            code, authenticating: Data(message.utf8),
            using: SymmetricKey(data: Data(secret.utf8)))
    }

    /// Compares two secrets (tokens) without revealing, by the time it takes, how much of a guess was right:
    /// their SHA-256 digests are compared, which swift-crypto does in constant time, and hashing first hides
    /// their lengths too.
    static func equal(_ a: String, _ b: String) -> Bool {
        SHA256.hash(data: Data(a.utf8)) == SHA256.hash(data: Data(b.utf8))
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func fromBase64URL(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}

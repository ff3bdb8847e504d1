import Crypto
import Foundation

/// The receipt of a submitted expression of interest: a reference people can quote and a digest that shows
/// later exactly what was submitted.
public enum Receipt {
    /// "ESCP-S3-2026-000042": the programme upper-cased with accents dropped and every run of other
    /// characters than A-Z and 0-9 turned into one hyphen, the year, and the application id on at least
    /// six digits.
    public static func reference(programme: String, year: Int, applicationID: Int64) -> String {
        var code = ""
        var pendingHyphen = false
        for scalar in programmeLetters(programme).unicodeScalars {
            let v = scalar.value
            if (0x30...0x39).contains(v) || (0x41...0x5A).contains(v) {
                if pendingHyphen && !code.isEmpty { code += "-" }
                pendingHyphen = false
                code.unicodeScalars.append(scalar)
            } else {
                pendingHyphen = true
            }
        }
        if code.isEmpty { code = "CALL" }
        let digits = String(applicationID)
        let padded = digits.count >= 6 ? digits : String(repeating: "0", count: 6 - digits.count) + digits
        return "\(code)-\(year)-\(padded)"
    }

    private static func programmeLetters(_ text: String) -> String {
        // ASCII needs no folding; Foundation's folding is only for the rare programme with accents.
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.uppercased() }
        return text.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil).uppercased()
    }

    /// Version of the serialisation below; written first, so a future format can never collide with it.
    public static let formatVersion = "clustercollab-receipt-v1"

    /// The bytes the digest is taken of (UTF-8, every line ending in "\n"):
    ///
    ///     clustercollab-receipt-v1
    ///     call_id:<decimal>
    ///     application_id:<decimal>
    ///     version:<decimal>
    ///     submitted_at_ms:<milliseconds since 1970-01-01T00:00:00Z, rounded down>
    ///     member_ids:<ids in ascending order, comma-separated, repeats kept>
    ///     answers:<count>
    ///     <key bytes>:<key>=<value bytes>:<value>       (one line per answer, keys in UTF-8 byte order)
    ///
    /// Keys and values are NFC-normalised first (Swift treats "é" and "e + ◌́" as equal; their bytes differ)
    /// and prefixed with their UTF-8 byte counts, so a value holding ":", "=" or a line break cannot be
    /// mistaken for the next answer. The time is in milliseconds rounded down because that is what storage
    /// keeps, so the digest can be recomputed from a stored application; member order does not matter.
    public static func canonicalBytes(
        callID: Int64, applicationID: Int64, version: Int, answers: [String: String],
        memberIDs: [Int64], submittedAt: Date
    ) -> [UInt8] {
        let millis = Int64((submittedAt.timeIntervalSince1970 * 1000).rounded(.down))
        var out: [UInt8] = []
        func line(_ text: String) { out.append(contentsOf: text.utf8); out.append(0x0A) }
        line(formatVersion)
        line("call_id:\(callID)")
        line("application_id:\(applicationID)")
        line("version:\(version)")
        line("submitted_at_ms:\(millis)")
        line("member_ids:" + memberIDs.sorted().map(String.init).joined(separator: ","))
        line("answers:\(answers.count)")
        let pairs = answers.map { (Array(nfc($0.key).utf8), Array(nfc($0.value).utf8)) }
            .sorted { $0.0.lexicographicallyPrecedes($1.0) }
        for (key, value) in pairs {
            out.append(contentsOf: "\(key.count):".utf8)
            out.append(contentsOf: key)
            out.append(contentsOf: "=\(value.count):".utf8)
            out.append(contentsOf: value)
            out.append(0x0A)
        }
        return out
    }

    /// Lower-case hex SHA-256 of `canonicalBytes`: the same submission always gives the same digest and any
    /// change to it gives another.
    public static func digest(
        callID: Int64, applicationID: Int64, version: Int, answers: [String: String],
        memberIDs: [Int64], submittedAt: Date
    ) -> String {
        SHA256.hash(
            data: canonicalBytes(
                callID: callID, applicationID: applicationID, version: version,
                answers: answers, memberIDs: memberIDs, submittedAt: submittedAt)
        )
        .map { String(format: "%02x", $0) }.joined()
    }

    private static func nfc(_ text: String) -> String {
        // Most answers are ASCII, which is already in NFC.
        text.utf8.allSatisfy { $0 < 0x80 } ? text : text.precomposedStringWithCanonicalMapping
    }
}

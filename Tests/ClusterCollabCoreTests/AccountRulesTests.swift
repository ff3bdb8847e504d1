import Testing
@testable import ClusterCollabCore

@Suite("Account rules: e-mail addresses")
struct AccountRulesTests {
    @Test func anAddressIsOneAccountWhateverItsCaseOrUnicodeForm() {
        // given the same address typed in upper case, and with "ë" precomposed (NFC) or decomposed (NFD)
        let precomposed = "Zo\u{00EB}@Example.EU", decomposed = " zoe\u{0308}@example.eu\n"
        // when both are normalised, then they are the same bytes, as SQL compares them
        #expect(AccountRules.normaliseEmail(precomposed) == "zo\u{00EB}@example.eu")
        #expect(Array(AccountRules.normaliseEmail(decomposed).utf8) == Array(AccountRules.normaliseEmail(precomposed).utf8))
    }

    @Test(arguments: [
        "anna@clusters.example.eu", "zoë.müller@pôle-drones.fr", "łukasz@przykład.pl", "иван@пример.рф", "иван@пример.com",
        "γιώργος@παράδειγμα.gr", "anna+calls@clusters.example.eu", "名前@例え.jp", "a1-b_2@x9.example.eu",
    ])
    func addressesInOneAlphabetPerPartAreAccepted(address: String) {
        #expect(AccountRules.emailProblem(AccountRules.normaliseEmail(address)) == nil)
    }

    @Test(arguments: [
        // Cyrillic "а" (U+0430) in a Latin local part, Greek "ο" (U+03BF) in a Latin domain label
        ("\u{0430}nna@clusters.example.eu", "mixes alphabets before the @"),
        ("anna@clusters.examp\u{03BF}le.eu", "mixes alphabets within a part of the domain"),
        ("ann\u{0430}@clusters.example.eu", "mixes alphabets before the @"),
        ("\u{03B1}nna@clusters.example.eu", "mixes alphabets before the @"),
        // full-width letters and ligatures look like ordinary ones
        ("\u{FF41}nna@clusters.example.eu", "not full-width or other stylised forms"),
        ("anna@clusters.example.\u{FF45}u", "not full-width or other stylised forms"),
        ("o\u{FB03}ce@clusters.example.eu", "not full-width or other stylised forms"),
        // invisible characters
        ("an\u{200B}na@clusters.example.eu", "invisible"),
        ("anna", "must be an e-mail address"),
        ("", "is required"),
    ])
    func lookAlikeAndMalformedAddressesAreRefusedWithAReadableRule(address: String, rule: String) {
        let problem = AccountRules.emailProblem(AccountRules.normaliseEmail(address))
        #expect(problem?.contains(rule) == true, "\(address.debugDescription): \(problem ?? "accepted")")
    }

    @Test func registrationNamesTheEmailFieldForALookAlikeAddress() {
        let errors = AccountRules.registrationErrors(email: "\u{0430}nna@clusters.example.eu", name: "Anna", password: "orbital-lattice-42")
        #expect(errors.fields["email"]?.contains("mixes alphabets") == true)
    }
}

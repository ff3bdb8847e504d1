@testable import ClusterCollabWeb
import Testing

@Suite struct FormDecodingTests {
    @Test func plusIsASpaceAndPercentEscapesAreDecoded() {
        let pairs = FormDecoding.pairs("q=drone+cluster&country=FR%2CDE&empty=&flag")
        #expect(pairs.map(\.0) == ["q", "country", "empty", "flag"])
        #expect(pairs.map(\.1) == ["drone cluster", "FR,DE", "", ""])
    }

    @Test func encodingRoundTripsAccentsSpacesAndReservedCharacters() {
        for text in ["Pôle Île-de-France", "a+b&c=d", "50%", "naïve ünïcödé 🚁", "plain-text_1.0~"] {
            let query = FormDecoding.query([("q", text)])
            #expect(FormDecoding.pairs(query).first?.1 == text, "\(text) -> \(query)")
        }
        #expect(FormDecoding.encode("Pôle x") == "P%C3%B4le%20x")
    }
}

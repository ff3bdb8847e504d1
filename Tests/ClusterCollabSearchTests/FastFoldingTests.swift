import ClusterCollabCore
@testable import ClusterCollabSearch
import Testing

@Suite("The index's fast folding agrees with TextFolding")
struct FastFoldingTests {
    static let samples = [
        "", "Cluster", "Pôle Véhicule du Futur", "Île-de-France", "ÎLE-DE-FRANCE", "Straße & Œuvre", "Łódź Klaster",
        "Ørsted, Đakovo", "Αττική Βόρειος Τομέας", "Москва кластер", "e\u{301}cole", "A\u{301}B", "café—bar", "100% B2B",
        "AI/ML; R&D (2024)", "  leading   spaces  ", "emoji 🚀 rocket", "ﬁnance ﬂow", "Ｆｕｌｌｗｉｄｔｈ", "tab\tnew\r\nline",
        "snake_case and dash-case", "Ärger über Öl", "Smart-Grid_Hub2030",
    ]

    @Test("words are the same as TextFolding.words", arguments: samples)
    func words(text: String) {
        #expect(FastFolding.words(text) == TextFolding.words(text))
    }

    @Test("fold is the same as TextFolding.fold", arguments: samples)
    func fold(text: String) {
        #expect(FastFolding.fold(text) == TextFolding.fold(text))
    }
}

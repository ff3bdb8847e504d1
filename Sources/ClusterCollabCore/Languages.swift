import ClusterCollabText
import Foundation

/// The languages the platform speaks. English is the source: its texts are the catalogues' keys, so it
/// needs no catalogue. Every other language is one PO file in `Resources/locales/<code>.po` and one line
/// below (its code, its name in itself, and how it counts); see docs/languages.md.
public enum Languages {
    static let registered: [(code: String, name: String, plural: PluralRule)] = [
        ("en", "English", .oneOther),
        ("fr", "Français", .zeroOneOther),
    ]

    /// The registered languages with their catalogues, read once. A catalogue that does not read stops
    /// the platform at start, naming the file and line.
    public static let all: [Language] = {
        do { return try load() } catch { preconditionFailure("\(error)") }
    }()

    public static var english: Language { all[0] }

    /// The registered languages' codes, for choosing among them on every request.
    public static let codes = registered.map(\.code)

    public static func named(_ code: String) -> Language? { all.first { $0.code == code } }

    static func load() throws -> [Language] {
        let directory = Bundle.module.resourceURL!.appendingPathComponent("locales")
        return try registered.map { entry in
            let file = directory.appendingPathComponent("\(entry.code).po")
            guard entry.code != "en" || FileManager.default.fileExists(atPath: file.path) else {
                return Language(code: entry.code, name: entry.name, plural: entry.plural)
            }
            let text = try String(contentsOf: file, encoding: .utf8)
            do throws(CatalogueError) {
                return Language(code: entry.code, name: entry.name, plural: entry.plural, catalogue: try Catalogue(po: text))
            } catch {
                throw CatalogueError(line: error.line, message: "locales/\(entry.code).po: \(error.message)")
            }
        }
    }
}

import ClusterCollabText
import ClusterCollabCore
import Foundation
import Testing

@testable import ClusterCollabWeb

/// Every link the server writes comes from `Routes`: the templates take theirs from their page model, and
/// the controllers register their handlers from the same values.
@Suite struct TemplateLinksTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/ClusterCollabWeb")
    /// The fixed links of the header, the same on every page.
    static let fixedHeader: Set<String> = ["header.mustache", "header-person.mustache"]

    static func templates() throws -> [(name: String, text: String)] {
        let folder = sources.appendingPathComponent("Resources/templates")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }.sorted().map {
            ($0, try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8))
        }
    }

    @Test func noTemplateButTheHeaderWritesAPathByHand() throws {
        let handWritten = try Regex(#"(href|action|src|data-[a-z-]+)="/"#)
        var found: [String] = []
        for (name, text) in try Self.templates() where !Self.fixedHeader.contains(name) {
            for match in text.matches(of: handWritten) { found.append("\(name): \(text[match.range])") }
        }
        #expect(found.isEmpty, "\(found)")
    }

    @Test func everySiteLinkATemplateNamesExists() throws {
        let used = try Regex(#"\{\{\s*site\.([A-Za-z]+)\s*\}\}"#)
        var unknown: [String] = []
        var count = 0
        for (name, text) in try Self.templates() {
            for match in text.matches(of: used) {
                count += 1
                let key = String(text[match.range].dropFirst(2).dropLast(2)).trimmingCharacters(in: .whitespaces).dropFirst("site.".count)
                if SiteLinks().value(named: String(key)) == nil { unknown.append("\(name): \(key)") }
            }
        }
        #expect(count > 20)
        #expect(unknown.isEmpty, "\(unknown)")
    }

    @Test func handlersAreRegisteredFromRoutesOnly() throws {
        let byString = try Regex(#"\.(get|post|put|patch|delete|head|on|group)\(\s*""#)
        var found: [String] = []
        let files = FileManager.default.enumerator(atPath: Self.sources.path)!.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        for file in files {
            let text = try String(contentsOf: Self.sources.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") where line.contains("router") && line.contains(byString) { found.append("\(file): \(line)") }
        }
        #expect(files.count > 20)
        #expect(found.isEmpty, "\(found)")
    }
}

import Foundation

/// The files of `Resources/demo`: the demo generator's word lists, themes, French clusters and sentence
/// templates, and the texts of the partnering and calls demo. Each file is read once, on first use.
enum DemoResource {
    static func load<T: Decodable>(_ name: String, as type: T.Type = T.self) -> T {
        let url = Bundle.module.resourceURL!.appendingPathComponent("demo").appendingPathComponent(name)
        do { return try JSONDecoder().decode(T.self, from: Data(contentsOf: url)) } catch {
            // The files are part of the build; a failure here is a broken installation, not bad input.
            fatalError("demo data \(name) could not be loaded: \(error)")
        }
    }
}

/// A sentence with named slots ("{name} is a cluster in {region}."), parsed once when its file is read.
public struct DemoTemplate: Decodable, Sendable {
    enum Part: Sendable {
        case text(String)
        case slot(String)
    }
    let parts: [Part]

    public init(_ text: String) {
        var parts: [Part] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            if open > rest.startIndex { parts.append(.text(String(rest[..<open]))) }
            parts.append(.slot(String(rest[rest.index(after: open)..<close])))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(.text(String(rest))) }
        self.parts = parts
    }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    /// The sentence with every slot replaced by `value(slot name)`.
    public func render(_ value: (String) -> String) -> String {
        var out = ""
        for part in parts {
            switch part {
            case .text(let text): out += text
            case .slot(let name): out += value(name)
            }
        }
        return out
    }

    /// The sentence with its slots taken from `values`; a slot missing from them stays as written.
    public func render(_ values: [String: String]) -> String {
        render { values[$0] ?? "{\($0)}" }
    }
}

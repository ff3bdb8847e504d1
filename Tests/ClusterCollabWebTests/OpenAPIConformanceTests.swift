@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Checks a JSON value against the subset of JSON Schema the OpenAPI document uses (type, required,
/// properties, items, enum, minimum, $ref, allOf). Returns every mismatch with its path.
struct SchemaChecker {
    let document: [String: Any]

    func check(_ value: Any, against schema: [String: Any], path: String = "$") -> [String] {
        if let ref = schema["$ref"] as? String {
            let name = String(ref.split(separator: "/").last!)
            let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any]
            guard let target = schemas?[name] as? [String: Any] else { return ["\(path): unknown $ref \(ref)"] }
            return check(value, against: target, path: path)
        }
        if let all = schema["allOf"] as? [[String: Any]] {
            return all.flatMap { check(value, against: $0, path: path) }
        }
        var problems: [String] = []
        if let type = schema["type"] as? String {
            // JSONSerialization gives booleans a class of their own; numbers are plain NSNumbers.
            let isBoolean = String(describing: Swift.type(of: value)).contains("Boolean") || Swift.type(of: value) == Bool.self
            let ok: Bool = switch type {
            case "object": value is [String: Any]
            case "array": value is [Any]
            case "string": value is String
            case "integer": !isBoolean && (value as? NSNumber).map { $0.doubleValue == $0.doubleValue.rounded() } == true && !(value is String)
            case "number": !isBoolean && value is NSNumber && !(value is String)
            case "boolean": isBoolean
            default: true
            }
            if !ok { return ["\(path): expected \(type), got \(value)"] }
        }
        if let options = schema["enum"] as? [String], let s = value as? String, !options.contains(s) {
            problems.append("\(path): \(s) is not one of \(options)")
        }
        if let minimum = schema["minimum"] as? Double, let n = value as? NSNumber, n.doubleValue < minimum {
            problems.append("\(path): \(n) is below \(minimum)")
        }
        if let object = value as? [String: Any] {
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                problems.append("\(path): required property \(key) is missing")
            }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for (key, sub) in object {
                if let subschema = properties[key] as? [String: Any] {
                    problems += check(sub, against: subschema, path: "\(path).\(key)")
                } else if let additional = schema["additionalProperties"] as? [String: Any] {
                    problems += check(sub, against: additional, path: "\(path).\(key)")
                }
            }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            for (i, element) in array.enumerated() { problems += check(element, against: items, path: "\(path)[\(i)]") }
        }
        return problems
    }

    /// The schema of a documented response, or nil when the document does not describe it.
    func responseSchema(path: String, method: String, status: Int) -> [String: Any]? {
        let paths = document["paths"] as? [String: Any]
        let operation = (paths?[path] as? [String: Any])?[method] as? [String: Any]
        let response = (operation?["responses"] as? [String: Any])?[String(status)] as? [String: Any]
        return ((response?["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any]
    }
}

@Suite struct OpenAPIConformanceTests {
    @Test func theDocumentNamesEveryPathInFull() async throws {
        try await withApp(demo: false) { client, _ in
            let d = try await client.get("/api/v1/openapi.json").json
            #expect(d["openapi"] as? String == "3.1.0")
            let paths = try #require(d["paths"] as? [String: Any])
            for p in ["/api/v1/organisations", "/api/v1/organisations/suggest", "/api/v1/organisations/{id}", "/api/v1/reference/regions", "/health"] {
                #expect(paths[p] != nil, "missing \(p)")
            }
            #expect(paths.keys.allSatisfy { $0.hasPrefix("/") })
            #expect((d["servers"] as? [[String: Any]])?.first?["url"] as? String == "https://clusters.example.eu")
        }
    }

    @Test func realResponsesMatchTheDocument() async throws {
        try await withApp { client, _ in
            let checker = SchemaChecker(document: try await client.get("/api/v1/openapi.json").json)
            let first = try #require((try await client.get("/api/v1/organisations?per_page=1").json["items"] as? [[String: Any]])?.first)
            let slug = try #require(first["slug"] as? String)
            let cases: [(String, String, String, Int)] = [
                ("/api/v1/organisations?q=cluster&country=FR,DE", "/api/v1/organisations", "get", 200),
                ("/api/v1/organisations?page=abc", "/api/v1/organisations", "get", 400),
                ("/api/v1/organisations?country=XX", "/api/v1/organisations", "get", 422),
                ("/api/v1/organisations/suggest?q=clu", "/api/v1/organisations/suggest", "get", 200),
                ("/api/v1/organisations/\(slug)", "/api/v1/organisations/{id}", "get", 200),
                ("/api/v1/organisations/nothing-here", "/api/v1/organisations/{id}", "get", 404),
                ("/api/v1/reference/countries", "/api/v1/reference/countries", "get", 200),
                ("/api/v1/reference/regions?country=GR&level=2", "/api/v1/reference/regions", "get", 200),
                ("/api/v1/reference/nace", "/api/v1/reference/nace", "get", 200),
                ("/api/v1/reference/sectors", "/api/v1/reference/sectors", "get", 200),
                ("/api/v1/reference/ecosystems", "/api/v1/reference/ecosystems", "get", 200),
                ("/api/v1/reference/emerging-industries", "/api/v1/reference/emerging-industries", "get", 200),
                ("/api/v1/reference/technologies", "/api/v1/reference/technologies", "get", 200),
                ("/health", "/health", "get", 200),
                ("/api/v1/partner-searches", "/api/v1/partner-searches", "get", 200),
                ("/api/v1/partner-searches?status=nope", "/api/v1/partner-searches", "get", 422),
                ("/api/v1/partner-searches/1", "/api/v1/partner-searches/{id}", "get", 200),
                ("/api/v1/partner-searches/99999", "/api/v1/partner-searches/{id}", "get", 404),
                ("/api/v1/partner-searches/1/recommendations?per_page=50", "/api/v1/partner-searches/{id}/recommendations", "get", 200),
                ("/api/v1/partner-searches/1/interests", "/api/v1/partner-searches/{id}/interests", "get", 200),
                ("/api/v1/partner-searches/1/comments", "/api/v1/partner-searches/{id}/comments", "get", 200),
                ("/api/v1/organisations/\(slug)/recommended-partner-searches", "/api/v1/organisations/{id}/recommended-partner-searches", "get", 200),
                ("/api/v1/calls", "/api/v1/calls", "get", 200),
                ("/api/v1/calls?status=soon", "/api/v1/calls", "get", 422),
                ("/api/v1/calls/1", "/api/v1/calls/{id}", "get", 200),
                ("/api/v1/calls/2/eligibility?search=1", "/api/v1/calls/{id}/eligibility", "get", 200),
                ("/api/v1/partnerships", "/api/v1/partnerships", "get", 200),
                ("/api/v1/partnerships/1", "/api/v1/partnerships/{id}", "get", 200),
            ]
            for (uri, path, method, status) in cases {
                let r = try await client.get(uri)
                #expect(Int(r.status.code) == status, "\(uri)")
                let schema = try #require(checker.responseSchema(path: path, method: method, status: status), "\(path) \(status) undocumented")
                let value = try JSONSerialization.jsonObject(with: Data(buffer: r.body))
                let problems = checker.check(value, against: schema)
                #expect(problems.isEmpty, "\(uri): \(problems.prefix(5))")
            }
        }
    }

    @Test func writeResponsesMatchTheDocument() async throws {
        try await withApp(demo: false) { client, _ in
            let checker = SchemaChecker(document: try await client.get("/api/v1/openapi.json").json)
            let created = try await client.send(.post, "/api/v1/organisations", json: #"{"name":"Schema Cluster","type":"cluster-member","country":"NO","status":"published","labels":["ESCA Silver 2021"]}"#)
            #expect(created.status == .created)
            let schema = try #require(checker.responseSchema(path: "/api/v1/organisations", method: "post", status: 201))
            #expect(checker.check(try JSONSerialization.jsonObject(with: Data(buffer: created.body)), against: schema).isEmpty)
            let invalid = try await client.send(.post, "/api/v1/organisations", json: #"{"name":"","type":"cluster-member","country":"NO"}"#)
            let errorSchema = try #require(checker.responseSchema(path: "/api/v1/organisations", method: "post", status: 422))
            #expect(checker.check(try JSONSerialization.jsonObject(with: Data(buffer: invalid.body)), against: errorSchema).isEmpty)
        }
    }

    @Test func consortiumProposalsMatchTheDocument() async throws {
        try await withApp { client, _ in
            let checker = SchemaChecker(document: try await client.get("/api/v1/openapi.json").json)
            let path = "/api/v1/partner-searches/{id}/consortium-proposals"
            for (body, status) in [(#"{"objective":"fewest","k":2}"#, 200), (#"{"constraints":{"allowed_countries":["FR","DE","IT"]}}"#, 200),
                                   (#"{"constraints":{"min_members":9,"max_members":2}}"#, 422)] {
                let r = try await client.send(.post, "/api/v1/partner-searches/1/consortium-proposals", json: body, token: nil)
                #expect(Int(r.status.code) == status, "\(body)")
                let schema = try #require(checker.responseSchema(path: path, method: "post", status: status))
                let problems = checker.check(try JSONSerialization.jsonObject(with: Data(buffer: r.body)), against: schema)
                #expect(problems.isEmpty, "\(body): \(problems.prefix(5))")
            }
        }
    }
}

import ClusterCollabContent
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Checks a JSON value against the subset of JSON Schema the OpenAPI document uses (type or a list of
/// types, required, properties, additionalProperties, items, enum, const, minimum, maximum, minLength,
/// maxLength, minItems, maxItems, $ref, allOf, oneOf, anyOf). Returns every mismatch with its path.
/// Objects are closed: a property the schema does not name is a mismatch unless the schema says
/// `additionalProperties` (a schema, or true), so a response cannot grow an undocumented field unseen.
struct SchemaChecker {
    let document: [String: Any]

    func resolve(_ schema: [String: Any]) -> [String: Any]? {
        guard let ref = schema["$ref"] as? String else { return schema }
        let name = String(ref.split(separator: "/").last!)
        let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any]
        return (schemas?[name] as? [String: Any]).flatMap(resolve)
    }

    /// The properties an object may have under `schema`, gathered through allOf (whose parts describe one
    /// object together, so each part alone must not call the others' properties undocumented).
    func documentedProperties(_ schema: [String: Any]) -> (properties: [String: Any], open: Bool) {
        var properties = schema["properties"] as? [String: Any] ?? [:]
        var open = schema["additionalProperties"] is [String: Any] || schema["additionalProperties"] as? Bool == true
        for part in schema["allOf"] as? [[String: Any]] ?? [] {
            guard let resolved = resolve(part) else { continue }
            let inner = documentedProperties(resolved)
            properties.merge(inner.properties) { a, _ in a }
            open = open || inner.open
        }
        return (properties, open)
    }

    static func isBoolean(_ value: Any) -> Bool {
        // JSONSerialization gives booleans a class of their own; numbers are plain NSNumbers.
        String(describing: Swift.type(of: value)).contains("Boolean") || Swift.type(of: value) == Bool.self
    }

    /// A number of the schema, whether JSONSerialization (NSNumber) or a Swift literal (Int, Double) wrote it.
    static func number(_ value: Any?) -> Double? {
        switch value {
        case let n as Int: Double(n)
        case let n as Double: n
        case let n as NSNumber: n.doubleValue
        default: nil
        }
    }

    static func matches(_ value: Any, type: String) -> Bool {
        let isBoolean = isBoolean(value)
        switch type {
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        case "string": return value is String
        case "null": return value is NSNull
        case "integer": return !isBoolean && !(value is String) && (value as? NSNumber).map { $0.doubleValue == $0.doubleValue.rounded() } == true
        case "number": return !isBoolean && !(value is String) && value is NSNumber
        case "boolean": return isBoolean
        default: return false
        }
    }

    func check(_ value: Any, against schema: [String: Any], path: String = "$", inAllOf: Bool = false) -> [String] {
        guard let schema = resolve(schema) else { return ["\(path): unknown $ref \(schema["$ref"] ?? "")"] }
        var problems: [String] = []
        if let all = schema["allOf"] as? [[String: Any]] {
            problems += all.flatMap { check(value, against: $0, path: path, inAllOf: true) }
        }
        for keyword in ["oneOf", "anyOf"] {
            guard let options = schema[keyword] as? [[String: Any]] else { continue }
            let passing = options.filter { check(value, against: $0, path: path).isEmpty }.count
            if passing == 0 || (keyword == "oneOf" && passing > 1) {
                problems.append("\(path): matches \(passing) of the \(keyword) schemas")
            }
        }
        let types: [String]? = (schema["type"] as? String).map { [$0] } ?? schema["type"] as? [String]
        if let types, !types.contains(where: { Self.matches(value, type: $0) }) {
            return problems + ["\(path): expected \(types.joined(separator: " or ")), got \(value)"]
        }
        if let options = schema["enum"] as? [Any], !options.contains(where: { "\($0)" == "\(value)" && Self.isBoolean($0) == Self.isBoolean(value) }) {
            problems.append("\(path): \(value) is not one of \(options)")
        }
        if let number = value as? NSNumber, !Self.isBoolean(value) {
            if let minimum = Self.number(schema["minimum"]), number.doubleValue < minimum { problems.append("\(path): \(number) is below \(minimum)") }
            if let maximum = Self.number(schema["maximum"]), number.doubleValue > maximum { problems.append("\(path): \(number) is above \(maximum)") }
        }
        if let text = value as? String {
            if let min = Self.number(schema["minLength"]), Double(text.count) < min { problems.append("\(path): shorter than \(Int(min)) characters") }
            if let max = Self.number(schema["maxLength"]), Double(text.count) > max { problems.append("\(path): longer than \(Int(max)) characters") }
        }
        if let object = value as? [String: Any] {
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                problems.append("\(path): required property \(key) is missing")
            }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            let documented = documentedProperties(schema)
            for (key, sub) in object.sorted(by: { $0.key < $1.key }) {
                if let subschema = properties[key] as? [String: Any] {
                    problems += check(sub, against: subschema, path: "\(path).\(key)")
                } else if let additional = schema["additionalProperties"] as? [String: Any] {
                    problems += check(sub, against: additional, path: "\(path).\(key)")
                } else if schema["additionalProperties"] as? Bool == false
                    || (!inAllOf && !documented.open && documented.properties[key] == nil
                        && (schema["type"] as? String == "object" || schema["allOf"] != nil || !properties.isEmpty))
                {
                    problems.append("\(path): property \(key) is not in the document")
                }
            }
        }
        if let array = value as? [Any] {
            if let min = Self.number(schema["minItems"]), Double(array.count) < min { problems.append("\(path): fewer than \(Int(min)) items") }
            if let max = Self.number(schema["maxItems"]), Double(array.count) > max { problems.append("\(path): more than \(Int(max)) items") }
            if let items = schema["items"] as? [String: Any] {
                for (i, element) in array.enumerated() { problems += check(element, against: items, path: "\(path)[\(i)]") }
            }
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

    /// Every route the router serves under /api/, as "METHOD /path/{capture}".
    static func apiRoutes(_ platform: Platform) throws -> [String] {
        try buildRouter(platform: platform).routes.map { route in
            let path = "\(route.path)".split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
            return "\(route.method) /" + path.drop { $0 == "/" }
        }
        .filter { $0.split(separator: " ")[1].hasPrefix("/api/") }
        // The reference tables share one route; the document names each table, so a client sees them all.
        .flatMap { route in
            route.hasSuffix("/reference/{kind}") ? ReferenceAPIController.kinds.map { route.replacingOccurrences(of: "{kind}", with: $0) } : [route]
        }
    }

    static func documentedOperations(_ document: [String: Any]) -> Set<String> {
        let paths = document["paths"] as? [String: Any] ?? [:]
        return Set(
            paths.flatMap { path, item in
                ((item as? [String: Any]) ?? [:]).keys.filter { $0 != "parameters" }.map { "\($0.uppercased()) \(path)" }
            })
    }

    @Test func everyRouteUnderAPIIsInTheDocument() async throws {
        try await withApp(demo: false) { client, platform in
            // given the router's routes and the served document
            let routes = try Self.apiRoutes(platform)
            let documented = Self.documentedOperations(try await client.get("/api/v1/openapi.json").json)
            // then every route under /api/ is documented, and every documented /api/ operation is served
            #expect(routes.count >= 40, "\(routes)")
            #expect(routes.filter { !documented.contains($0) } == [], "routes missing from the document")
            let served = Set(routes)
            #expect(documented.filter { $0.contains(" /api/") && !served.contains($0) }.sorted() == [], "documented operations the router does not serve")
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
                ("/api/v1/news", "/api/v1/news", "get", 200),
                ("/api/v1/news?tag=escp-s3&per_page=1", "/api/v1/news", "get", 200),
                ("/api/v1/news?tag=two%20words", "/api/v1/news", "get", 422),
                ("/api/v1/news?color=red", "/api/v1/news", "get", 400),
                ("/api/v1/news/seventy-clusters-at-the-association-s-general-assembly", "/api/v1/news/{slug}", "get", 200),
                ("/api/v1/news/no-such-article", "/api/v1/news/{slug}", "get", 404),
                ("/api/v1/events", "/api/v1/events", "get", 200),
                ("/api/v1/events?when=past&kind=general-assembly&tag=escp-s3", "/api/v1/events", "get", 200),
                ("/api/v1/events?when=all&per_page=1&page=2", "/api/v1/events", "get", 200),
                ("/api/v1/events?when=soon", "/api/v1/events", "get", 422),
                ("/api/v1/events?organisation=-1", "/api/v1/events", "get", 422),
                ("/api/v1/events?when=", "/api/v1/events", "get", 400),
                ("/api/v1/events/1", "/api/v1/events/{id}", "get", 200),
                ("/api/v1/events/99999", "/api/v1/events/{id}", "get", 404),
                ("/api/v1/events/first", "/api/v1/events/{id}", "get", 400),
                ("/api/v1/funding-opportunities", "/api/v1/funding-opportunities", "get", 200),
                ("/api/v1/funding-opportunities?status=current&country=FR&sector=1&per_page=2", "/api/v1/funding-opportunities", "get", 200),
                ("/api/v1/funding-opportunities?q=drones&closing_within=90", "/api/v1/funding-opportunities", "get", 200),
                ("/api/v1/funding-opportunities?country=XX", "/api/v1/funding-opportunities", "get", 422),
                ("/api/v1/funding-opportunities?color=red", "/api/v1/funding-opportunities", "get", 400),
                ("/api/v1/funding-opportunities/1", "/api/v1/funding-opportunities/{id}", "get", 200),
                ("/api/v1/funding-opportunities/999999", "/api/v1/funding-opportunities/{id}", "get", 404),
                ("/api/v1/funding-opportunities/abc", "/api/v1/funding-opportunities/{id}", "get", 400),
                ("/api/v1/documents", "/api/v1/documents", "get", 200),
                ("/api/v1/documents?q=zone&kind=guide&tag=drones&language=fr&per_page=1", "/api/v1/documents", "get", 200),
                ("/api/v1/documents?organisation=platform", "/api/v1/documents", "get", 200),
                ("/api/v1/documents?kind=memo", "/api/v1/documents", "get", 422),
                ("/api/v1/documents?color=red", "/api/v1/documents", "get", 400),
                ("/api/v1/documents/1", "/api/v1/documents/{id}", "get", 200),
                ("/api/v1/documents/0", "/api/v1/documents/{id}", "get", 400),
                ("/api/v1/documents/999999", "/api/v1/documents/{id}", "get", 404),
                ("/api/v1/search?q=drone", "/api/v1/search", "get", 200),
                ("/api/v1/search?q=drone&kind=news&page=1&per_page=1", "/api/v1/search", "get", 200),
                ("/api/v1/search", "/api/v1/search", "get", 200),
                ("/api/v1/search?q=drone&kind=memo", "/api/v1/search", "get", 422),
                ("/api/v1/search?q=drone&kind=", "/api/v1/search", "get", 400),
                ("/api/v1/search?color=red", "/api/v1/search", "get", 400),
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
            let created = try await client.send(
                .post, "/api/v1/organisations",
                json: #"{"name":"Schema Cluster","type":"cluster-member","country":"NO","status":"published","labels":["ESCA Silver 2021"]}"#)
            #expect(created.status == .created)
            let schema = try #require(checker.responseSchema(path: "/api/v1/organisations", method: "post", status: 201))
            #expect(checker.check(try JSONSerialization.jsonObject(with: Data(buffer: created.body)), against: schema).isEmpty)
            let invalid = try await client.send(.post, "/api/v1/organisations", json: #"{"name":"","type":"cluster-member","country":"NO"}"#)
            let errorSchema = try #require(checker.responseSchema(path: "/api/v1/organisations", method: "post", status: 422))
            #expect(checker.check(try JSONSerialization.jsonObject(with: Data(buffer: invalid.body)), against: errorSchema).isEmpty)
            // Funding opportunities: one as JSON, many as CSV, and their refusals.
            let funding = "/api/v1/funding-opportunities"
            let csv = FundingPagesTests.csvHeader + FundingPagesTests.csvRow("Schema import call")
            func csvPost(_ body: String, type: String = "text/csv") async throws -> TestResponse {
                try await client.execute(
                    uri: funding + "/import", method: .post, headers: [.contentType: type, .authorization: "Bearer \(operatorToken)"],
                    body: ByteBuffer(string: body))
            }
            for (response, path, status) in [
                (try await client.send(.post, funding, json: FundingPagesTests.body()), funding, 201),
                (try await client.send(.post, funding, json: FundingPagesTests.body(["time_zone": "Nowhere/Else"])), funding, 422),
                (try await client.send(.post, funding, json: FundingPagesTests.body(), token: nil), funding, 401),
                (try await csvPost(csv), funding + "/import", 201),
                (try await csvPost(csv), funding + "/import", 422),
                (try await csvPost(csv, type: "text/plain"), funding + "/import", 415),
            ] {
                #expect(Int(response.status.code) == status, "\(path) \(status): \(response.text.prefix(300))")
                let schema = try #require(checker.responseSchema(path: path, method: "post", status: status), "\(path) \(status) undocumented")
                #expect(checker.check(try JSONSerialization.jsonObject(with: Data(buffer: response.body)), against: schema).isEmpty, "\(path) \(status)")
            }
        }
    }

    @Test func documentUploadsAndRefusalsMatchTheDocument() async throws {
        try await withApp(demo: false, configure: { $0.documentMaxBytes = 2_048 }) { client, platform in
            let checker = SchemaChecker(document: try await client.get("/api/v1/openapi.json").json)
            let pdf = SimplePDF.make(title: "Schema guide", paragraphs: ["A page."])
            let large = SimplePDF.make(title: "A long report", paragraphs: (1...60).map { "Paragraph \($0) of a report longer than the limit." })
            let (_, _, token) = try await DocumentsTests.team(platform, client, "schema")
            var created: Int64?
            for (owner, file, token, status) in [
                ("platform", ("guide.pdf", pdf), operatorToken, 201), ("platform", ("guide.pdf", DocumentsTests.png), operatorToken, 422),
                ("platform", ("guide.pdf", large), operatorToken, 413), ("platform", ("guide.pdf", pdf), token, 403),
                ("platform", ("guide.pdf", pdf), nil, 401),
            ] as [(String, (String, [UInt8]), String?, Int)] {
                let r = try await DocumentsTests.apiUpload(client, token: token, owner: owner, file: file)
                #expect(Int(r.status.code) == status, "\(status): \(r.text)")
                let schema = try #require(checker.responseSchema(path: "/api/v1/documents", method: "post", status: status), "\(status) undocumented")
                let value = try JSONSerialization.jsonObject(with: Data(buffer: r.body))
                #expect(checker.check(value, against: schema).isEmpty, "\(status): \(checker.check(value, against: schema).prefix(5))")
                if status == 201 { created = ((value as? [String: Any])?["id"] as? NSNumber)?.int64Value }
            }
            let json = try await client.send(.post, "/api/v1/documents", json: "{}")
            #expect(json.status == .unsupportedMediaType)
            let schema = try #require(checker.responseSchema(path: "/api/v1/documents", method: "post", status: 415))
            #expect(checker.check(try JSONSerialization.jsonObject(with: Data(buffer: json.body)), against: schema).isEmpty)
            let id = try #require(created)
            let refused = try await client.execute(uri: "/api/v1/documents/\(id)", method: .delete, headers: [.authorization: "Bearer \(token)"])
            #expect(refused.status == .forbidden)
            let deleteSchema = try #require(checker.responseSchema(path: "/api/v1/documents/{id}", method: "delete", status: 403))
            #expect(checker.check(try JSONSerialization.jsonObject(with: Data(buffer: refused.body)), against: deleteSchema).isEmpty)
        }
    }

    @Test func consortiumProposalsMatchTheDocument() async throws {
        try await withApp { client, _ in
            let checker = SchemaChecker(document: try await client.get("/api/v1/openapi.json").json)
            let path = "/api/v1/partner-searches/{id}/consortium-proposals"
            for (body, status) in [
                (#"{"objective":"fewest","k":2}"#, 200), (#"{"constraints":{"allowed_countries":["FR","DE","IT"]}}"#, 200),
                (#"{"constraints":{"min_members":9,"max_members":2}}"#, 422),
            ] {
                let r = try await client.send(.post, "/api/v1/partner-searches/1/consortium-proposals", json: body, token: nil)
                #expect(Int(r.status.code) == status, "\(body)")
                let schema = try #require(checker.responseSchema(path: path, method: "post", status: status))
                let problems = checker.check(try JSONSerialization.jsonObject(with: Data(buffer: r.body)), against: schema)
                #expect(problems.isEmpty, "\(body): \(problems.prefix(5))")
            }
        }
    }
}

/// What schema fuzzing found the server accepting although the document refuses it.
@Suite struct DocumentedRefusalsTests {
    @Test func aCallEditWithAVersionThatIsNoWholeNumberIsRefusedAndChangesNothing() async throws {
        try await withApp { client, _ in
            // given a call and its current version
            let before = try await client.get("/api/v1/calls/1", headers: [.authorization: "Bearer \(operatorToken)"]).json
            // when an edit names a version that is not a whole number
            for version in ["1.5", "abc", ""] {
                let r = try await client.send(.patch, "/api/v1/calls/1?version=\(version)", json: #"{"title":"A title that would change"}"#)
                // then it is refused as malformed, naming the parameter
                #expect(r.status == .badRequest, "version=\(version)")
                #expect((try r.json["fields"] as? [String: String])?["version"] != nil)
            }
            // and the call is as it was
            let after = try await client.get("/api/v1/calls/1", headers: [.authorization: "Bearer \(operatorToken)"]).json
            #expect(after["title"] as? String == before["title"] as? String)
            #expect(after["version"] as? Int == before["version"] as? Int)
        }
    }
}

/// The checker itself: each rule it claims to check must refuse a response that breaks it, or the
/// conformance tests above could pass on a wrong response.
@Suite struct SchemaCheckerTests {
    let checker = SchemaChecker(document: [
        "components": [
            "schemas": [
                "Item": [
                    "type": "object", "required": ["id", "name"],
                    "properties": [
                        "id": ["type": "integer", "minimum": 1], "name": ["type": "string", "maxLength": 5],
                        "note": ["type": ["string", "null"]], "kind": ["type": "string", "enum": ["a", "b"]],
                    ],
                ],
                "Page": [
                    "allOf": [
                        ["type": "object", "required": ["items"], "properties": ["items": ["type": "array", "items": ["$ref": "#/components/schemas/Item"]]]],
                        ["type": "object", "properties": ["total": ["type": "integer"]]],
                    ]
                ],
                "Map": ["type": "object", "additionalProperties": ["type": "integer"]],
            ]
        ]
    ])
    let item = ["$ref": "#/components/schemas/Item"]

    func problems(_ json: String, _ schema: [String: Any]) throws -> [String] {
        checker.check(try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed]), against: schema)
    }

    @Test func aResponseAsDocumentedPasses() throws {
        #expect(try problems(#"{"id":1,"name":"ab","note":null,"kind":"a"}"#, item) == [])
        #expect(try problems(#"{"id":1,"name":"ab","note":"text"}"#, item) == [])
        #expect(try problems(#"{"items":[{"id":2,"name":"x"}],"total":1}"#, ["$ref": "#/components/schemas/Page"]) == [])
        #expect(try problems(#"{"x":1,"y":2}"#, ["$ref": "#/components/schemas/Map"]) == [])
    }

    @Test func aFieldOfAListTypeWithAValueOfNoListedTypeFails() throws {
        #expect(try problems(#"{"id":1,"name":"ab","note":5}"#, item) == ["$.note: expected string or null, got 5"])
        #expect(try problems(#"{"id":1,"name":"ab","note":false}"#, item).count == 1)
    }

    @Test func anUndocumentedPropertyFails() throws {
        #expect(try problems(#"{"id":1,"name":"ab","secret":"x"}"#, item) == ["$: property secret is not in the document"])
        // allOf parts describe one object together: a property of neither part is undocumented.
        #expect(try problems(#"{"items":[],"total":0,"extra":true}"#, ["$ref": "#/components/schemas/Page"]) == ["$: property extra is not in the document"])
        #expect(
            try problems(#"{"items":[{"id":1,"name":"a","hidden":1}]}"#, ["$ref": "#/components/schemas/Page"]) == [
                "$.items[0]: property hidden is not in the document"
            ])
    }

    @Test func aWrongTypeAMissingFieldOrABrokenLimitFails() throws {
        #expect(try problems(#"{"id":"1","name":"ab"}"#, item) == [#"$.id: expected integer, got 1"#])
        #expect(try problems(#"{"id":true,"name":"ab"}"#, item).count == 1)
        #expect(try problems(#"{"name":"ab"}"#, item) == ["$: required property id is missing"])
        #expect(try problems(#"{"id":0,"name":"ab"}"#, item).map { $0.hasPrefix("$.id: 0 is below 1") } == [true])
        #expect(try problems(#"{"id":1,"name":"abcdef"}"#, item) == ["$.name: longer than 5 characters"])
        #expect(try problems(#"{"id":1,"name":"ab","kind":"c"}"#, item).count == 1)
        #expect(try problems(#"{"x":"1"}"#, ["$ref": "#/components/schemas/Map"]).count == 1)
        #expect(try problems(#"[1]"#, item).count == 1)
    }
}

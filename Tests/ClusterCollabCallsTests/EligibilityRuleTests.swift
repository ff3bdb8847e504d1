import ClusterCollabCalls
import ClusterCollabCore
import Foundation
import Testing

/// Rules as JSON and in words.
@Suite struct EligibilityRuleTests {
    let reference = ReferenceData.shipped

    func decodeRules(_ json: String) throws(ValidationErrors) -> [EligibilityRule] {
        try CallJSON.decode([EligibilityRule].self, from: Data(json.utf8))
    }

    func decodingErrors(_ json: String) -> [String: String] {
        do { _ = try decodeRules(json); return [:] } catch { return error.fields }
    }

    @Test func everyRuleShapeIsRead() throws {
        let rules = try decodeRules(
            """
            [{"rule": "min_members", "value": 3},
             {"rule": "min_countries", "value": 3},
             {"rule": "allowed_countries", "countries": ["fr", " DE "]},
             {"rule": "allowed_countries", "set": "EU"},
             {"rule": "allowed_countries", "set": "EU+COSME"},
             {"rule": "required_type", "type": "cluster-organisation", "at_least": 1},
             {"rule": "region_category", "categories": ["less-developed", "transition"], "at_least": 2},
             {"rule": "published_only"},
             {"rule": "max_applications_per_organisation", "value": 1}]
            """)
        #expect(
            rules == [
                .minMembers(3), .minCountries(3), .allowedCountries(["FR", "DE"]), .allowedCountries(.eu),
                .allowedCountries(.euCOSME), .requiredType(.clusterOrganisation, atLeast: 1),
                .regionCategory([.lessDeveloped, .transition], atLeast: 2), .publishedOnly,
                .maxApplicationsPerOrganisation(1),
            ])
    }

    @Test func atLeastDefaultsToOne() throws {
        let rules = try decodeRules(#"[{"rule": "required_type", "type": "cluster-project"}]"#)
        #expect(rules == [.requiredType(.clusterProject, atLeast: 1)])
    }

    @Test func rulesSurviveAJSONRoundTrip() throws {
        let rules: [EligibilityRule] = [
            .minMembers(4), .minCountries(2), .allowedCountries(["FR", "SK"]),
            .allowedCountries(.euCOSME), .requiredType(.nationalClusterOrganisation, atLeast: 2),
            .regionCategory([.transition]), .publishedOnly, .maxApplicationsPerOrganisation(3),
        ]
        let data = try JSONEncoder().encode(rules)
        #expect(try decodeRules(String(decoding: data, as: UTF8.self)) == rules)
    }

    @Test func encodingUsesTheDocumentedShape() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        func json(_ rule: EligibilityRule) throws -> String { String(decoding: try encoder.encode(rule), as: UTF8.self) }
        #expect(try json(.minMembers(3)) == #"{"rule":"min_members","value":3}"#)
        #expect(try json(.allowedCountries(.euCOSME)) == #"{"rule":"allowed_countries","set":"EU+COSME"}"#)
        #expect(try json(.requiredType(.clusterOrganisation)) == #"{"at_least":1,"rule":"required_type","type":"cluster-organisation"}"#)
        #expect(try json(.publishedOnly) == #"{"rule":"published_only"}"#)
    }

    @Test func decodingErrorsNameTheRuleIndexAndField() {
        let prefix = #"[{"rule": "min_members", "value": 3}, {"rule": "published_only"}, "#
        #expect(decodingErrors(prefix + #"{"rule": "min_members"}]"#) == ["[2].value": "is required: a whole number"])
        #expect(decodingErrors(prefix + #"{"rule": "min_members", "value": "three"}]"#) == ["[2].value": "must be a whole number"])
        #expect(decodingErrors(prefix + #"{"rule": "min_member", "value": 3}]"#)["[2].rule"]?.contains("not min_member") == true)
        #expect(decodingErrors(prefix + #"{"value": 3}]"#)["[2].rule"]?.hasPrefix("is required") == true)
        #expect(decodingErrors(prefix + #"{"rule": "allowed_countries", "set": "EEA"}]"#) == ["[2].set": "must be one of EU, EU+COSME"])
        #expect(decodingErrors(prefix + #"{"rule": "allowed_countries", "set": "EU", "countries": ["FR"]}]"#)["[2].set"] != nil)
        #expect(decodingErrors(prefix + #"{"rule": "allowed_countries"}]"#)["[2].countries"] != nil)
        #expect(decodingErrors(prefix + #"{"rule": "required_type", "type": "university"}]"#)["[2].type"]?.contains("cluster-organisation") == true)
        #expect(decodingErrors(prefix + #"{"rule": "region_category", "categories": ["rural"]}]"#)["[2].categories"]?.contains("not rural") == true)
        #expect(decodingErrors(prefix + #"{"rule": "published_only", "value": 1}]"#)["[2].value"]?.hasPrefix("is not part of a published_only rule") == true)
    }

    @Test func decodingErrorsInsideACallNameTheRulesField() {
        let body = #"{"title": "ESCP-S3 call", "rules": [{"rule": "min_members", "value": 3}, {"rule": "min_countries", "value": null}]}"#
        do {
            _ = try CallInput(json: Data(body.utf8))
            Issue.record("expected a refusal")
        } catch {
            #expect(error.fields == ["rules[1].value": "is required: a whole number"])
        }
    }

    @Test func rulesInPlainWords() {
        func words(_ rule: EligibilityRule) -> String { rule.description(reference: reference) }
        #expect(words(.minMembers(3)) == "At least 3 members")
        #expect(words(.minCountries(3)) == "Members from at least 3 different countries")
        #expect(words(.allowedCountries(.eu)) == "Only organisations from EU member states")
        #expect(words(.allowedCountries(.euCOSME)) == "Only organisations from EU member states or COSME-participating countries")
        #expect(words(.allowedCountries(["FR", "DE"])) == "Only organisations from France or Germany")
        #expect(words(.requiredType(.clusterOrganisation)) == "At least one cluster organisation")
        #expect(words(.requiredType(.clusterOrganisation, atLeast: 2)) == "At least 2 cluster organisations")
        #expect(words(.regionCategory([.lessDeveloped, .transition])) == "At least one member from a less developed or transition region")
        #expect(words(.publishedOnly) == "Only published profiles")
        #expect(words(.maxApplicationsPerOrganisation(1)) == "An organisation may be in at most 1 application to this call")
    }

    @Test func impossibleValuesAreProblems() {
        #expect(EligibilityRule.minMembers(0).problems(reference: reference) == [.init(field: "value", message: "must be between 1 and 50")])
        #expect(EligibilityRule.requiredType(.clusterMember, atLeast: 0).problems(reference: reference).map(\.field) == ["at_least"])
        #expect(
            EligibilityRule.allowedCountries(["FR", "XX"]).problems(reference: reference)
                == [.init(field: "countries", message: "XX is not an ISO 3166 alpha-2 country code")])
        #expect(EligibilityRule.regionCategory([]).problems(reference: reference).map(\.field) == ["categories"])
        #expect(EligibilityRule.maxApplicationsPerOrganisation(1).problems(reference: reference).isEmpty)
    }
}

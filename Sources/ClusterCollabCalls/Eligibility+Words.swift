import ClusterCollabCore
import ClusterCollabText
import Foundation

/// The eligibility rules and their results in words, in any language the platform speaks. Every sentence
/// is a `Sentence` under the catalogue context `eligibility`, so a translation sees whole sentences; the
/// words that change with a count are counted sentences, and the words that change with an organisation
/// type or a region category (articles, genders, plurals) are sentences of their own.
enum EligibilityWords {
    // MARK: Results

    /// The sentence of one result: what a rule found, passed or not.
    static func sentence(
        _ rule: EligibilityRule, passed: Bool, _ finding: Finding, in language: Language, reference: ReferenceData
    ) -> String {
        let named = finding.named
        let names = list(named.map(\.name), in: language)
        let size = finding.size
        if finding.withheld { return otherApplicationsWithheld(in: language) }
        switch rule.condition {
        case .minMembers(let n):
            let needed = required(in: language, count: n)
            if passed { return membersCounted(in: language, count: size, ["required": needed]) }
            if size == 0 { return noMembers(in: language, ["required": needed]) }
            return onlyMembers(in: language, count: size, ["required": needed])

        case .minCountries(let n):
            if size == 0 { return noMembersCountries(in: language, count: n) }
            let countries = finding.countries.map { countryName($0, in: language, reference) }.sorted(by: Self.ordered)
            let values = ["countries": countries.joined(separator: ", "), "required": required(in: language, count: n)]
            return (passed ? membersComeFrom : membersComeFromTooFew)(in: language, count: countries.count, values)

        case .allowedCountries(let set):
            if size == 0 { return noMembersToCheck(in: language) }
            let allowed: String
            switch set {
            case .named(.eu):
                if passed { return allInEU(in: language) }
                allowed = ""
            case .named(.euCOSME):
                if passed { return allInEUCOSME(in: language) }
                allowed = ""
            case .countries(let codes):
                allowed = codes.map { countryName($0, in: language, reference) }.sorted(by: Self.ordered).joined(separator: ", ")
                if passed { return allInAllowed(in: language, ["countries": allowed]) }
            }
            let who = list(
                named.map { memberInCountry(in: language, ["name": $0.name, "country": countryName($0.country, in: language, reference)]) }, in: language)
            let outside: Sentence
            switch set {
            case .named(.eu): outside = outsideEU
            case .named(.euCOSME): outside = outsideEUCOSME
            case .countries: outside = outsideAllowed
            }
            return outside(in: language, count: named.count, ["who": who, "countries": allowed])

        case .requiredType(let type, let n):
            let values = [
                "a_type": aType(type)(in: language), "types": types(type)(in: language), "names": names, "required": required(in: language, count: n),
            ]
            if named.isEmpty { return noMemberOfType(in: language, values) }
            if passed { return membersOfType(in: language, count: named.count, values.merging(["names": sample(named, in: language)]) { $1 }) }
            return onlyMembersOfType(in: language, count: named.count, values)

        case .regionCategory(let categories, let n):
            let values = ["kinds": kinds(categories, count: max(1, named.count), in: language), "names": names, "required": required(in: language, count: n)]
            if !finding.categoriesKnown { return noRegionCategories(in: language, values) }
            if named.isEmpty { return noMemberInRegion(in: language, values) }
            if passed { return membersInRegions(in: language, count: named.count, values.merging(["names": sample(named, in: language)]) { $1 }) }
            return onlyMembersInRegions(in: language, count: named.count, values)

        case .publishedOnly:
            if size == 0 { return noMembersToCheck(in: language) }
            if passed { return allPublished(in: language) }
            return notPublished(in: language, count: named.count, ["names": names])

        case .maxApplicationsPerOrganisation(let n):
            if passed { return n == 1 ? noOtherApplication(in: language) : notInMoreThan(in: language, count: n) }
            let allowed = atMostAllowed(in: language, count: n)
            if named.count == 1 {
                let member = named[0]
                return alreadyIn(
                    in: language,
                    ["name": member.name, "applications": otherApplications(in: language, count: member.otherApplications), "allowed": allowed])
            }
            let who = list(
                named.map {
                    memberWithApplications(in: language, ["name": $0.name, "applications": otherApplications(in: language, count: $0.otherApplications)])
                },
                in: language)
            return alreadyInOthers(in: language, ["who": who, "allowed": allowed])
        }
    }

    static let otherApplicationsWithheld = Sentence(
        "Checked when the consortium submits; only its team sees whether its members are in other applications to this call.",
        context: "eligibility")
    static let required = Sentence("at least {{count}} is required", plural: "at least {{count}} are required", context: "eligibility")
    static let membersCounted = Sentence("{{count}} member ({{required}}).", plural: "{{count}} members ({{required}}).", context: "eligibility")
    static let noMembers = Sentence("No members; {{required}}.", context: "eligibility")
    static let onlyMembers = Sentence("Only {{count}} member; {{required}}.", plural: "Only {{count}} members; {{required}}.", context: "eligibility")
    static let noMembersCountries = Sentence(
        "No members; at least {{count}} country is required.", plural: "No members; at least {{count}} countries are required.", context: "eligibility")
    static let membersComeFrom = Sentence(
        "Members come from {{count}} country ({{countries}}).", plural: "Members come from {{count}} countries ({{countries}}).", context: "eligibility")
    static let membersComeFromTooFew = Sentence(
        "Members come from {{count}} country ({{countries}}); {{required}}.", plural: "Members come from {{count}} countries ({{countries}}); {{required}}.",
        context: "eligibility")
    static let noMembersToCheck = Sentence("No members to check.", context: "eligibility")
    static let allInEU = Sentence("All members are in EU member states.", context: "eligibility")
    static let allInEUCOSME = Sentence("All members are in EU member states or COSME-participating countries.", context: "eligibility")
    static let allInAllowed = Sentence("All members are in the allowed countries ({{countries}}).", context: "eligibility")
    static let memberInCountry = Sentence("{{name}} ({{country}})", context: "eligibility")
    static let outsideEU = Sentence("{{who}} is outside the EU member states.", plural: "{{who}} are outside the EU member states.", context: "eligibility")
    static let outsideEUCOSME = Sentence(
        "{{who}} is outside the EU member states and COSME-participating countries.",
        plural: "{{who}} are outside the EU member states and COSME-participating countries.", context: "eligibility")
    static let outsideAllowed = Sentence(
        "{{who}} is outside the allowed countries ({{countries}}).", plural: "{{who}} are outside the allowed countries ({{countries}}).",
        context: "eligibility")
    static let noMemberOfType = Sentence("No member is {{a_type}}; {{required}}.", context: "eligibility")
    static let membersOfType = Sentence(
        "{{count}} member is {{a_type}} ({{names}}).", plural: "{{count}} members are {{types}} ({{names}}).", context: "eligibility")
    static let onlyMembersOfType = Sentence(
        "Only {{count}} member is {{a_type}} ({{names}}); {{required}}.", plural: "Only {{count}} members are {{types}} ({{names}}); {{required}}.",
        context: "eligibility")
    static let noRegionCategories = Sentence("No member is in a {{kinds}} region (no region categories are loaded).", context: "eligibility")
    static let noMemberInRegion = Sentence("No member is in a {{kinds}} region; {{required}}.", context: "eligibility")
    static let membersInRegions = Sentence(
        "{{count}} member is in a {{kinds}} region ({{names}}).", plural: "{{count}} members are in {{kinds}} regions ({{names}}).", context: "eligibility")
    static let onlyMembersInRegions = Sentence(
        "Only {{count}} member is in a {{kinds}} region ({{names}}); {{required}}.",
        plural: "Only {{count}} members are in {{kinds}} regions ({{names}}); {{required}}.", context: "eligibility")
    static let allPublished = Sentence("All members have published their profiles.", context: "eligibility")
    static let notPublished = Sentence(
        "{{names}} has not published its profile.", plural: "{{names}} have not published their profiles.", context: "eligibility")
    static let noOtherApplication = Sentence("No member is in another application to this call.", context: "eligibility")
    static let notInMoreThan = Sentence(
        "No member is in more than {{count}} application to this call.", plural: "No member is in more than {{count}} applications to this call.",
        context: "eligibility")
    static let atMostAllowed = Sentence("at most {{count}} is allowed", plural: "at most {{count}} are allowed", context: "eligibility")
    static let otherApplications = Sentence("{{count}} other application", plural: "{{count}} other applications", context: "eligibility")
    static let alreadyIn = Sentence("{{name}} is already in {{applications}} to this call; {{allowed}}.", context: "eligibility")
    static let memberWithApplications = Sentence("{{name}} ({{applications}})", context: "eligibility")
    static let alreadyInOthers = Sentence("{{who}} are already in other applications to this call; {{allowed}}.", context: "eligibility")

    // MARK: Rules

    /// The rule in plain words for the call page: "At least 3 members", "Only organisations from EU member
    /// states".
    static func description(_ rule: EligibilityRule, in language: Language, reference: ReferenceData) -> String {
        switch rule.condition {
        case .minMembers(let n):
            return atLeastMembers(in: language, count: n)
        case .minCountries(let n):
            return fromCountries(in: language, count: n)
        case .allowedCountries(.named(.eu)):
            return onlyEU(in: language)
        case .allowedCountries(.named(.euCOSME)):
            return onlyEUCOSME(in: language)
        case .allowedCountries(.countries(let codes)):
            let names = codes.map { countryName($0, in: language, reference) }.sorted(by: Self.ordered)
            return onlyFrom(in: language, ["countries": list(names, or: true, in: language)])
        case .requiredType(let type, let n):
            return atLeastOfType(type)(in: language, count: n)
        case .regionCategory(let categories, let n):
            return atLeastInRegions(in: language, count: n, ["kinds": kinds(categories, count: n, in: language)])
        case .publishedOnly:
            return onlyPublished(in: language)
        case .maxApplicationsPerOrganisation(let n):
            return atMostApplications(in: language, count: n)
        }
    }

    static let atLeastMembers = Sentence("At least {{count}} member", plural: "At least {{count}} members", context: "eligibility")
    static let fromCountries = Sentence(
        "Members from at least {{count}} country", plural: "Members from at least {{count}} different countries", context: "eligibility")
    static let onlyEU = Sentence("Only organisations from EU member states", context: "eligibility")
    static let onlyEUCOSME = Sentence("Only organisations from EU member states or COSME-participating countries", context: "eligibility")
    static let onlyFrom = Sentence("Only organisations from {{countries}}", context: "eligibility")
    static let atLeastInRegions = Sentence(
        "At least one member from a {{kinds}} region", plural: "At least {{count}} members from {{kinds}} regions", context: "eligibility")
    static let onlyPublished = Sentence("Only published profiles", context: "eligibility")
    static let atMostApplications = Sentence(
        "An organisation may be in at most {{count}} application to this call",
        plural: "An organisation may be in at most {{count}} applications to this call", context: "eligibility")

    /// "At least one cluster organisation", "At least 2 cluster organisations".
    static func atLeastOfType(_ type: OrganisationType) -> Sentence {
        switch type {
        case .clusterOrganisation:
            Sentence("At least one cluster organisation", plural: "At least {{count}} cluster organisations", context: "eligibility")
        case .clusterMember:
            Sentence("At least one cluster member organisation", plural: "At least {{count}} cluster member organisations", context: "eligibility")
        case .clusterProject:
            Sentence("At least one cluster-related project", plural: "At least {{count}} cluster-related projects", context: "eligibility")
        case .nationalClusterOrganisation:
            Sentence("At least one national cluster organisation", plural: "At least {{count}} national cluster organisations", context: "eligibility")
        }
    }

    // MARK: Words inside the sentences

    /// "a cluster organisation": the type with its article, after "is".
    static func aType(_ type: OrganisationType) -> Sentence {
        switch type {
        case .clusterOrganisation: Sentence("a cluster organisation", context: "eligibility")
        case .clusterMember: Sentence("a cluster member organisation", context: "eligibility")
        case .clusterProject: Sentence("a cluster-related project", context: "eligibility")
        case .nationalClusterOrganisation: Sentence("a national cluster organisation", context: "eligibility")
        }
    }

    /// "cluster organisations": the type in the plural, after "members are".
    static func types(_ type: OrganisationType) -> Sentence {
        switch type {
        case .clusterOrganisation: Sentence("cluster organisations", context: "eligibility")
        case .clusterMember: Sentence("cluster member organisations", context: "eligibility")
        case .clusterProject: Sentence("cluster-related projects", context: "eligibility")
        case .nationalClusterOrganisation: Sentence("national cluster organisations", context: "eligibility")
        }
    }

    /// "less developed or transition", in the order of `RegionCategory.allCases`, agreeing with `count`
    /// regions.
    static func kinds(_ categories: [RegionCategory], count: Int, in language: Language) -> String {
        let words = RegionCategory.allCases.filter(categories.contains).map { category -> String in
            let word: Sentence =
                switch category {
                case .lessDeveloped: Sentence("less developed", plural: "less developed", context: "eligibility")
                case .transition: Sentence("transition", plural: "transition", context: "eligibility")
                case .moreDeveloped: Sentence("more developed", plural: "more developed", context: "eligibility")
                }
            return word(in: language, count: count)
        }
        return list(words, or: true, in: language)
    }

    static let and = Sentence("{{items}} and {{last}}", context: "eligibility")
    static let or = Sentence("{{items}} or {{last}}", context: "eligibility")
    static let andMore = Sentence("{{names}} and {{count}} more", plural: "{{names}} and {{count}} more", context: "eligibility")

    /// "A", "A and B", "A, B and C" (no serial comma, as the platform's British English).
    static func list(_ items: [String], or: Bool = false, in language: Language) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        let values = ["items": items.dropLast().joined(separator: ", "), "last": items[items.count - 1]]
        return (or ? Self.or : Self.and)(in: language, values)
    }

    /// A passed rule stays short: a few names show what counted, the count says the rest.
    static func sample(_ members: [Finding.Member], in language: Language) -> String {
        guard members.count > 3 else { return list(members.map(\.name), in: language) }
        return andMore(in: language, count: members.count - 3, ["names": members.prefix(3).map(\.name).joined(separator: ", ")])
    }

    static func countryName(_ code: String, in language: Language, _ reference: ReferenceData) -> String {
        guard let name = reference.country(code.uppercased())?.name else { return code }
        return language.text(name, context: "country")
    }

    /// Names in alphabetical order, accents and case aside.
    static func ordered(_ a: String, _ b: String) -> Bool {
        a.compare(b, options: [.caseInsensitive, .diacriticInsensitive]) == .orderedAscending
    }
}

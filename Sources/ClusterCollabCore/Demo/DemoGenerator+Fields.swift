import Foundation

/// The fields of a demo organisation besides its name and description.
extension DemoGenerator {
    mutating func build(
        type: OrganisationType, status: ProfileStatus, name: String, folded: String, memberKind: String,
        theme: DemoTheme, country: CountryInfo, place: Place, city: String, rng: inout DemoRandom,
        programmeStyle: ProgrammeStyle, labels fixedLabels: [ClusterLabel]?
    ) -> Organisation {
        let created = nowSeconds - Int64(rng.below(Int(DemoGenerator.history)))
        let updated = created + Int64(rng.below(Int(nowSeconds - created) + 1))
        let createdYear = calendar.component(.year, from: Date(timeIntervalSince1970: TimeInterval(created)))
        let latest = max(1990, min(nowYear - 1, createdYear))
        let founded: Int
        switch type {
        case .clusterProject: founded = max(1990, latest - rng.below(4))
        case .nationalClusterOrganisation: founded = rng.int(1990...max(1990, min(latest, 2015)))
        default: founded = rng.int(1990...latest)
        }

        let wantsAcronym: Double =
            switch type {
            case .clusterOrganisation: 0.85
            case .clusterMember: 0.6
            case .clusterProject: 0.95
            case .nationalClusterOrganisation: 0.8
            }
        // A company's initials would include its legal form ("S.r.l."): only its brand name stands alone.
        let isCompany = type == .clusterMember && memberKind != "research and technology organisation"
        let acronym = rng.chance(wantsAcronym) && !isCompany ? DemoGenerator.acronym(folded: folded) : nil

        let members = memberCounts(type: type, rng: &rng)
        let staff = staffFTE(type: type, rng: &rng)

        // Sectors and the rest: the theme's first entry always, then a few more, sometimes from a second theme.
        var second = rng.chance(0.3) ? DemoTheme.all[rng.weighted(themeCumulative)] : nil
        if second?.key == "drones", place.code?.hasPrefix("FR1") == true { second = nil }
        var sectors = [theme.sectors[0]] + rng.sample(Array(theme.sectors.dropFirst()), count: rng.int(0...2))
        if let second, rng.chance(0.6) { sectors.append(second.sectors[0]) }
        if rng.chance(0.12) { sectors.append(rng.int(1...51)) }
        var ecosystems = [theme.ecosystems[0]] + rng.sample(Array(theme.ecosystems.dropFirst()), count: rng.int(0...1))
        if let second, rng.chance(0.5) { ecosystems.append(second.ecosystems[0]) }
        if rng.chance(0.05) { ecosystems.append(rng.int(1...14)) }
        let emerging = rng.sample(theme.emergingIndustries, count: rng.int(0...2))
        var technologies = rng.sample(theme.technologies, count: rng.int(1...3))
        if let second, rng.chance(0.4) { technologies.append(rng.pick(second.technologies)) }
        let nace = rng.sample(theme.naceDivisions, count: rng.int(1...3)).map { naceCode(division: $0, rng: &rng) }
        var s3 = rng.sample(theme.s3, count: rng.int(1...2))
        if rng.chance(0.5) { s3.append(rng.pick(DemoWords.lists.s3Generic)) }
        var tags = rng.sample(theme.tags, count: rng.int(2...4))
        if rng.chance(0.6) { tags.append(rng.pick(DemoWords.lists.tagsGeneric)) }
        if let second, rng.chance(0.5) { tags.append(rng.pick(second.tags)) }

        var labels: [ClusterLabel] = []
        if let fixedLabels {
            labels = fixedLabels.map { ClusterLabel(level: $0.level, year: min($0.year, nowYear)) }
        } else if type == .clusterOrganisation || type == .nationalClusterOrganisation {
            labels = randomLabels(&rng)
        }

        var programme: String?
        switch programmeStyle {
        case .competitivenessPole: programme = DemoTexts.shared.nationalProgrammes["FR"]
        case .none: programme = nil
        case .random:
            let p: Double = type == .clusterOrganisation ? 0.3 : type == .nationalClusterOrganisation ? 0.4 : 0
            if rng.chance(p) { programme = programmeName(country: country, place: place, rng: &rng) }
        }

        var interest: [String] = []
        for _ in 0..<rng.int(0...4) {
            let code = rng.pick(partnerCodes)
            if code != country.code, !interest.contains(code) { interest.append(code) }
        }
        if rng.chance(0.1) { interest.append(rng.pick(farCodes)) }

        var infrastructures: [Infrastructure] = []
        let infraCount = type == .clusterMember ? rng.int(0...1) : rng.int(0...2)
        if infraCount > 0 { infrastructures = rng.sample(theme.infrastructures + DemoWords.lists.genericInfrastructures, count: infraCount) }

        // Web and contact on example.eu: the demo must never point at a real site or mailbox.
        let nameWords = demoASCIIWords(folded)
        let host: String
        if let acronym, rng.chance(0.6) {
            host = String(demoASCIIWords(acronym.lowercased()).joined().prefix(30))
        } else {
            var joined = String(nameWords.joined(separator: "-").prefix(40))
            while joined.hasSuffix("-") { joined.removeLast() }
            host = joined
        }
        var website = "https://\(host.isEmpty ? "cluster" : host).example.eu"
        if rng.chance(0.04) { website += "/\(country.style.language)/" }

        var contactName: String?, contactEmail: String?
        if rng.chance(0.92) {
            let people = DemoWords.people[country.style.people] ?? DemoWords.people["en"]!
            let first = rng.pick(people.first), last = rng.pick(people.last)
            contactName = "\(first) \(last)"
            let local = emailSpelling[first, default: "contact"] + "." + emailSpelling[last, default: "person"]
            contactEmail = "\(local)@\(host.isEmpty ? "cluster" : host).example.eu"
        }

        let description = describe(
            type: type, name: name, acronym: acronym, memberKind: memberKind, theme: theme,
            country: country, place: place, city: city, founded: founded, members: members,
            s3: s3, interest: interest, rng: &rng)

        return Organisation(
            // A country with region codes takes no free text, even if the reference lists none to pick.
            name: name, acronym: acronym, type: type, country: country.code,
            region: place.code ?? (country.hasRegionCodes ? nil : place.regionName),
            city: city, website: website, description: description, founded: founded, staffFTE: staff,
            members: members, sectors: unique(sectors), ecosystems: unique(ecosystems), emergingIndustries: emerging,
            technologies: unique(technologies), nace: unique(nace), s3Priorities: unique(s3), tags: unique(tags),
            labels: labels, programmeRecognition: programme, countriesOfInterest: interest,
            infrastructures: infrastructures, contactName: contactName, contactEmail: contactEmail, status: status,
            createdAt: Date(timeIntervalSince1970: TimeInterval(created)),
            updatedAt: Date(timeIntervalSince1970: TimeInterval(updated)))
    }

    func unique<T: Hashable>(_ list: [T]) -> [T] {
        var seen = Set<T>()
        return list.filter { seen.insert($0).inserted }
    }

    /// A division, one of its groups or one of its classes: profiles use all three levels.
    func naceCode(division: String, rng: inout DemoRandom) -> String {
        let r = rng.below(10)
        if r >= 3, r < 6, let groups = naceGroups[division], !groups.isEmpty { return rng.pick(groups) }
        if r >= 6, let classes = naceClasses[division], !classes.isEmpty { return rng.pick(classes) }
        return division
    }

    func memberCounts(type: OrganisationType, rng: inout DemoRandom) -> MemberCounts {
        let total: Int
        switch type {
        case .clusterMember: return MemberCounts()
        case .clusterProject: total = rng.int(4...40)
        case .nationalClusterOrganisation: total = rng.int(12...160)
        case .clusterOrganisation:
            let r = rng.below(100)
            total = r < 10 ? rng.int(3...14) : r < 80 ? rng.int(15...150) : r < 95 ? rng.int(151...499) : rng.int(500...2_500)
        }
        if rng.chance(0.1) { return MemberCounts(total: total) }
        // Shares add up to at most 98%, so the kinds never exceed the total.
        func share(_ low: Int, _ high: Int, _ rng: inout DemoRandom) -> Int { total * rng.int(low...high) / 100 }
        let sme = share(45, 70, &rng), large = share(3, 10, &rng), research = share(2, 8, &rng)
        let university = share(1, 5, &rng), publicBodies = share(1, 5, &rng)
        let rest = total - sme - large - research - university - publicBodies
        let other: Int? = rng.chance(0.6) ? rest : nil
        return MemberCounts(
            total: total, sme: sme, large: large, research: research, university: university,
            publicBodies: publicBodies, other: other)
    }

    func staffFTE(type: OrganisationType, rng: inout DemoRandom) -> Double? {
        let tenths: Int
        switch type {
        case .clusterMember: return nil
        case .clusterProject: tenths = rng.int(2...30)
        case .nationalClusterOrganisation: tenths = rng.int(10...120)
        case .clusterOrganisation:
            // Mostly a few people; a few part-time managers below the checklist's 0.5 FTE.
            if rng.chance(0.08) {
                tenths = rng.int(2...4)
            } else {
                let u = rng.unit()
                tenths = 5 + Int(115 * u * u)
            }
        }
        return Double(tenths) / 10
    }

    func randomLabels(_ rng: inout DemoRandom) -> [ClusterLabel] {
        let first = 2013, last = max(2013, nowYear)
        let r = rng.below(100)
        if r < 55 { return [] }
        let level: ClusterLabel.Level = r < 80 ? .bronze : r < 93 ? .silver : .gold
        let year = rng.int(first...last)
        // Some clusters climbed from Bronze before their current label.
        if level != .bronze, year > first, rng.chance(0.4) {
            return [ClusterLabel(level: .bronze, year: rng.int(first...(year - 1))), ClusterLabel(level: level, year: year)]
        }
        return [ClusterLabel(level: level, year: year)]
    }
}

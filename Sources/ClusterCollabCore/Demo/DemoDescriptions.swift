/// The sentences of generated descriptions and the names of cluster programmes (`Resources/demo/texts.json`).
/// Slots: {name}, {short} (the acronym, else the name), {total} (members), {founded}, {focus}, {region},
/// {city}, {country}, {memberKind}; and {s3}, {partner}, {topic} in the sentences that name them.
struct DemoTexts: Decodable, Sendable {
    /// Openings by type, drawn alike; for a member organisation, then a sentence on how it cooperates.
    var clusterOrganisation, clusterMember, clusterMemberCooperation: [DemoTemplate]
    var clusterProject, nationalClusterOrganisation: [DemoTemplate]
    /// General sentences, drawn alike with two more draws: the smart specialisation sentence (when the
    /// organisation has a priority) and the partners sentence.
    var general: [DemoTemplate]
    var smartSpecialisation, partnersSought, partnersWelcome: DemoTemplate
    /// The mid-frequency sentences (of a member organisation, of the others) and the rare-word one.
    var memberExpertise, clusterExpertise, rareTopic: DemoTemplate
    /// Programmes that recognise clusters: a country's own national programme where one is known, else a
    /// generic national or regional one.
    var nationalProgrammes: [String: String]
    var nationalProgramme, regionalProgramme: DemoTemplate

    static let shared: DemoTexts = DemoResource.load("texts.json")
}

extension DemoGenerator {
    func programmeName(country: CountryInfo, place: Place, rng: inout DemoRandom) -> String {
        let texts = DemoTexts.shared
        let national = rng.chance(0.6)
        if national, let own = texts.nationalProgrammes[country.code] { return own }
        return national
            ? texts.nationalProgramme.render(["country": country.name]) : texts.regionalProgramme.render(["region": place.regionName])
    }

    /// Two to four sentences from templates: an opening that names the organisation (and, for every cluster
    /// type, the word "cluster"), a sentence of the theme, and sometimes a general, a mid-frequency or a
    /// rare-word sentence, so that search benchmarks find terms at every document frequency.
    func describe(
        type: OrganisationType, name: String, acronym: String?, memberKind: String, theme: DemoTheme,
        country: CountryInfo, place: Place, city: String, founded: Int, members: MemberCounts,
        s3: [String], interest: [String], rng: inout DemoRandom
    ) -> String {
        let texts = DemoTexts.shared
        let focus = rng.pick(theme.focus)
        let total = members.total ?? 0
        func slot(_ slot: String) -> String {
            switch slot {
            case "name": name
            case "short": acronym ?? name
            case "total": String(total)
            case "founded": String(founded)
            case "focus": focus
            case "region": place.regionName
            case "city": city
            case "country": country.name
            case "memberKind": memberKind
            default: "{\(slot)}"
            }
        }
        var sentences: [String] = []
        switch type {
        case .clusterOrganisation:
            sentences.append(texts.clusterOrganisation[rng.below(texts.clusterOrganisation.count)].render(slot))
        case .clusterMember:
            sentences.append(texts.clusterMember[rng.chance(0.5) ? 0 : 1].render(slot))
            sentences.append(texts.clusterMemberCooperation[rng.chance(0.55) ? 0 : 1].render(slot))
        case .clusterProject:
            sentences.append(texts.clusterProject[rng.chance(0.5) ? 0 : 1].render(slot))
        case .nationalClusterOrganisation:
            sentences.append(texts.nationalClusterOrganisation[rng.chance(0.5) ? 0 : 1].render(slot))
        }
        // The theme's sentences speak for a cluster's members; a member organisation speaks for itself.
        if type != .clusterMember { sentences.append(rng.pick(theme.activities)) }

        if sentences.count < 3, rng.chance(0.55) {
            let partner = interest.first.flatMap { countryNames[$0] }
            let general = texts.general.count
            let draw = rng.below(general + 2)
            if draw < general {
                sentences.append(texts.general[draw].render(slot))
            } else if draw == general, !s3.isEmpty {
                sentences.append(texts.smartSpecialisation.render(["s3": s3[0]]))
            } else if let partner {
                sentences.append(texts.partnersSought.render(["partner": partner]))
            } else {
                sentences.append(texts.partnersWelcome.render(slot))
            }
        }
        if rng.chance(0.22) {
            let topic = rng.pick(DemoWords.lists.midFrequencyTopics)
            sentences.append((type == .clusterMember ? texts.memberExpertise : texts.clusterExpertise).render(["topic": topic]))
        }
        if rng.chance(0.012) { sentences.append(texts.rareTopic.render(["topic": rng.pick(DemoWords.lists.rareTopics)])) }
        return sentences.prefix(4).joined(separator: " ")
    }
}

/// `TextFolding.fold`, with a fast path for plain ASCII, where folding is lower-casing: most generated
/// names are ASCII, and Foundation's folding costs microseconds per call.
func demoFold(_ text: String) -> String {
    text.utf8.allSatisfy { $0 < 0x80 } ? text.lowercased() : TextFolding.fold(text)
}

/// Lower-case ASCII words of an already folded text, for host names, e-mail addresses and acronyms.
/// Letters that folding leaves alone (Turkish ı, Icelandic þ and ð, ə) are spelled out; anything else
/// that is not a-z or 0-9 separates words.
func demoASCIIWords(_ folded: String) -> [String] {
    var words: [String] = []
    var current = ""
    for scalar in folded.unicodeScalars {
        switch scalar {
        case "a"..."z", "0"..."9": current.unicodeScalars.append(scalar)
        case "ı": current += "i"
        case "þ": current += "th"
        case "ð": current += "d"
        case "ə": current += "e"
        case "\u{0300}"..."\u{036F}": continue  // combining marks left by folding (İ → i̇)
        default:
            if !current.isEmpty { words.append(current); current = "" }
        }
    }
    if !current.isEmpty { words.append(current) }
    return words
}

import ClusterCollabCore
import ClusterCollabMatching
import ClusterCollabText
import Foundation

/// Which funding opportunities fit an organisation, best first, each with a sentence saying why (issue 13,
/// item 5). An opportunity fits when it is not closed, the organisation's country is among its eligible
/// countries (every country when it lists none), and the organisation covers at least one of the
/// competences it is about, by the matching engine's rule (`Competence`: the same sector, technology or
/// ecosystem, or every word of a keyword found in the profile). One that names no competence at all is
/// open to any topic and fits every eligible organisation, after those that match.
///
/// An opportunity is never offered to an organisation from a country it does not list: that rule comes
/// before any score.
public struct FundingFit: Sendable, Equatable {
    public var opportunity: FundingOpportunity
    /// What ranks it: each covered sector counts 3, technology and ecosystem 2, keyword 1, and half a point
    /// more when the opportunity names the organisation's country rather than every country.
    public var score: Double
    /// The competences of the opportunity the organisation covers, in the opportunity's order.
    public var covers: [Competence]
    /// Why it fits, in the language asked for: "Matches Aerospace vehicles and defence (sector) and
    /// “drones” (keyword). France is among the eligible countries."
    public var why: String

    /// The opportunities of `open` that fit an organisation of `country`, best first (then the nearest
    /// deadline, then the lowest id), at most `limit`. `covers` answers which of the given competences the
    /// organisation covers: the matching index's `covers(_:_:)` for a published profile.
    public static func rank(
        _ open: [FundingOpportunity], country: String, now: Date, limit: Int = 5, reference: ReferenceData,
        language: Language = Languages.english, covers: ([Competence]) -> [Competence]
    ) -> [FundingFit] {
        let country = country.uppercased()
        var fits: [FundingFit] = []
        for opportunity in open where opportunity.phase(at: now) != .closed && opportunity.isOpen(toCountry: country) {
            let wanted = opportunity.competences
            let covered = wanted.isEmpty ? [] : covers(wanted)
            if !wanted.isEmpty && covered.isEmpty { continue }
            var score = covered.reduce(0.0) { $0 + weight($1) }
            if !opportunity.countries.isEmpty { score += 0.5 }
            fits.append(
                FundingFit(
                    opportunity: opportunity, score: score, covers: covered,
                    why: why(covered, country: country, namesCountries: !opportunity.countries.isEmpty, reference: reference, language: language)))
        }
        fits.sort {
            if $0.score != $1.score { return $0.score > $1.score }
            if $0.opportunity.deadline != $1.opportunity.deadline { return $0.opportunity.deadline < $1.opportunity.deadline }
            return $0.opportunity.id < $1.opportunity.id
        }
        return Array(fits.prefix(max(0, limit)))
    }

    /// The same ranking for an organisation as it is written (a draft the directory does not list yet):
    /// its competences are read by a matching index of that one organisation.
    public static func rank(
        _ open: [FundingOpportunity], for organisation: Organisation, now: Date, limit: Int = 5, reference: ReferenceData,
        language: Language = Languages.english
    ) -> [FundingFit] {
        let index = MatchingIndex(reference: reference)
        // The index reads published profiles only; a draft is read as it would be once published.
        var profile = organisation
        profile.status = .published
        index.load([profile])
        return rank(open, country: organisation.country, now: now, limit: limit, reference: reference, language: language) {
            index.covers(organisation.id, $0)
        }
    }

    static func weight(_ competence: Competence) -> Double {
        switch competence {
        case .sector: 3
        case .technology, .ecosystem: 2
        case .keyword: 1
        }
    }

    // MARK: Words

    /// Two whole sentences: what matches, and who may apply.
    static func why(_ covered: [Competence], country: String, namesCountries: Bool, reference: ReferenceData, language: Language) -> String {
        let topic =
            covered.isEmpty
            ? Words.anyTopic(in: language)
            : Words.matches(in: language, ["list": list(covered.map { $0.label(reference, in: language) }, in: language)])
        let who: String
        if namesCountries {
            let name = reference.country(country).map { language.text($0.name, context: "country") } ?? country
            who = Words.countryEligible(in: language, ["country": name])
        } else {
            who = Words.everyCountry(in: language)
        }
        return topic + " " + who
    }

    /// "A", "A and B", "A, B and C"; past four, "A, B, C and 2 more".
    static func list(_ items: [String], in language: Language) -> String {
        if items.count > 4 { return Words.andMore(in: language, count: items.count - 3, ["names": items.prefix(3).joined(separator: ", ")]) }
        guard items.count > 1 else { return items.first ?? "" }
        return Words.and(in: language, ["items": items.dropLast().joined(separator: ", "), "last": items[items.count - 1]])
    }

    /// The sentences of a fit, under the catalogue context `funding`.
    enum Words {
        static let matches = Sentence("Matches {{list}}.", context: "funding")
        static let anyTopic = Sentence("Open to every sector and technology.", context: "funding")
        static let countryEligible = Sentence("{{country}} is among the eligible countries.", context: "funding")
        static let everyCountry = Sentence("Organisations from every country may apply.", context: "funding")
        static let and = Sentence("{{items}} and {{last}}", context: "funding")
        static let andMore = Sentence("{{names}} and {{count}} more", plural: "{{names}} and {{count}} more", context: "funding")
    }
}

import ClusterCollabCore
import ClusterCollabMatching
import Foundation

/// An external call for proposals that the platform team lists (issue 13, item 5): a programme's call
/// (Single Market Programme, Horizon Europe, Interreg, a region's funds under its smart specialisation
/// strategy), who funds it, where to apply, when it opens and closes in its own time zone, and what it is
/// about in the directory's codes, so that each organisation sees the opportunities that fit it.
public struct FundingOpportunity: Sendable, Equatable {
    public var id: Int64
    public var title: String
    /// The programme it belongs to, as people name it ("Horizon Europe", "Interreg North-West Europe").
    public var programme: String
    /// Who funds it and answers questions ("European Innovation Council and SMEs Executive Agency").
    public var fundingBody: String
    /// Where to read the call and apply: an http(s) URL on the funder's site.
    public var link: String
    public var opensAt: Date
    /// The instant applications close, judged by the server's clock.
    public var deadline: Date
    /// The IANA zone the funder states its dates in (`Europe/Brussels`): pages show the deadline there and
    /// in UTC.
    public var timeZone: String
    /// The call's total budget in whole euros, when the funder states one.
    public var budget: Int64?
    /// The funder's words for the kind of action ("Innovation action", "Coordination and support action").
    public var actionType: String?
    /// Whether the money is passed on to third parties (SMEs) by the funded consortium: what clusters run
    /// for their members.
    public var cascadeFunding: Bool
    /// ISO 3166 alpha-2 codes of the countries whose organisations may apply; empty means every country.
    public var countries: [String]
    public var sectors: [Int]
    public var ecosystems: [Int]
    public var technologies: [String]
    /// One lower-case word each, as tags are (`drones`, `hydrogen`).
    public var keywords: [String]
    /// Markdown, shown through the platform's safe renderer.
    public var description: String
    public var version: Int

    public init(
        id: Int64 = 0, title: String, programme: String, fundingBody: String, link: String, opensAt: Date, deadline: Date,
        timeZone: String = "Europe/Brussels", budget: Int64? = nil, actionType: String? = nil, cascadeFunding: Bool = false,
        countries: [String] = [], sectors: [Int] = [], ecosystems: [Int] = [], technologies: [String] = [], keywords: [String] = [],
        description: String = "", version: Int = 1
    ) {
        self.id = id; self.title = title; self.programme = programme; self.fundingBody = fundingBody; self.link = link
        self.opensAt = opensAt; self.deadline = deadline; self.timeZone = timeZone; self.budget = budget; self.actionType = actionType
        self.cascadeFunding = cascadeFunding; self.countries = countries; self.sectors = sectors; self.ecosystems = ecosystems
        self.technologies = technologies; self.keywords = keywords; self.description = description; self.version = version
    }

    /// Where an opportunity stands at an instant: not open yet, open, or closed (from its deadline on).
    public enum Phase: String, Sendable, CaseIterable {
        case upcoming, open, closed
    }

    /// The phase at `now`: closed from the deadline itself, as a call's submissions are.
    public func phase(at now: Date) -> Phase {
        if now >= deadline { return .closed }
        return now < opensAt ? .upcoming : .open
    }

    /// Whether organisations from `country` may apply (every country may when none is listed).
    public func isOpen(toCountry country: String) -> Bool {
        countries.isEmpty || countries.contains(country.uppercased())
    }

    /// What the opportunity is about, as the matching engine's competences: its sectors, technologies,
    /// ecosystems, then its keywords (a keyword the engine cannot read, such as one letter, is left out).
    public var competences: [Competence] {
        sectors.map(Competence.sector) + technologies.map(Competence.technology) + ecosystems.map(Competence.ecosystem)
            + keywords.compactMap { try? Competence(syntax: "keyword:\($0)") }
    }
}

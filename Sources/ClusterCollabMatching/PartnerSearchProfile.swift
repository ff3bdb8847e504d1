import ClusterCollabCore

/// What the matching needs to know about a partner search: who is already in the consortium, what it
/// requires and what it prefers. The web layer builds it from the stored search and its accepted members.
public struct PartnerSearchProfile: Sendable, Equatable {
    /// The partner search's id (0 if not saved yet).
    public var id: Int64
    /// The organisation whose team posted the search.
    public var ownerID: Int64
    /// Accepted consortium members, the owner excluded.
    public var memberIDs: [Int64]
    /// Required competences, in the search's order. Only the first 64 count in scores and masks.
    public var required: [Competence]
    /// Title and description of the search, for text similarity.
    public var text: String
    /// Organisation types sought; empty means any.
    public var soughtTypes: [OrganisationType]
    /// ISO alpha-2 codes of the countries partners should come from; empty means any.
    public var targetCountries: [String]
    /// The fewest countries the consortium should span (used by the consortium builder).
    public var minCountries: Int
    /// Whether the consortium needs a partner from a less developed or transition region.
    public var needLessDeveloped: Bool

    public init(
        id: Int64 = 0, ownerID: Int64, memberIDs: [Int64] = [], required: [Competence] = [], text: String = "",
        soughtTypes: [OrganisationType] = [], targetCountries: [String] = [], minCountries: Int = 1,
        needLessDeveloped: Bool = false
    ) {
        self.id = id; self.ownerID = ownerID; self.memberIDs = memberIDs; self.required = required
        self.text = text; self.soughtTypes = soughtTypes; self.targetCountries = targetCountries
        self.minCountries = minCountries; self.needLessDeveloped = needLessDeveloped
    }

    /// The owner and the accepted members, without repeats.
    public var consortiumIDs: [Int64] {
        var seen = Set<Int64>()
        return ([ownerID] + memberIDs).filter { seen.insert($0).inserted }
    }

    /// The most required competences that scores and `ScoredCandidate.coversMask` take into account.
    public static let maxRequired = 64
}

import ClusterCollabCore

/// The six parts of a match score, each in 0...1; `score` weighs them with `MatchingWeights`.
///
/// "The consortium" is the search's owner and accepted members (those in the index). Only the first 64
/// required competences count.
public struct ScoreParts: Sendable, Equatable, Codable {
    /// Of the required competences the consortium does not cover yet, the share the candidate covers, each
    /// competence weighted by its scarcity: ln(1 + N / n), N the published organisations and n those that
    /// bring it (at least 1), so bringing a competence two organisations have counts for more than bringing
    /// one a hundred have. When the consortium already covers all of them, the weighted share of all required
    /// competences the candidate covers (it strengthens them). Competences no published organisation brings
    /// are left out (they would only dilute everyone's share). 0 when nothing is required: the other parts
    /// then decide the order.
    public var coverage: Double
    /// The share of the candidate's own sectors, technologies and ecosystems that the consortium does not
    /// have, halved only when it neither shares a sector or ecosystem with the consortium or the required
    /// competences nor brings a required competence the consortium lacks (another field, and nothing the
    /// search needs); 0 when it lists none.
    public var complementarity: Double
    /// 0.5 when the candidate's country is a target country (or no target is set), + 0.3 when its country
    /// is not yet in the consortium, + 0.2 when no less developed partner is needed, the consortium already
    /// has one, or the candidate is in a less developed or transition region.
    public var geography: Double
    /// Jaccard overlap |A ∩ B| / |A ∪ B| of the distinct stemmed words (stop words left out) of the
    /// candidate's S3 priorities (A) and the consortium's (B); 0 when either has none. Words rather than
    /// whole priorities, so "drones and UAV applications" meets "UAV applications".
    public var s3: Double
    /// Cosine similarity of TF-IDF vectors (weights (1 + ln tf) · ln(1 + N / df), stemmed folded words, stop
    /// words left out) of the candidate's description and tags and of the search text plus the owner's
    /// description and tags. A cosine does not depend on the other candidates, so an organisation's score
    /// for different searches can be compared.
    public var text: Double
    /// 1 when the search seeks any type or the candidate's type, else 0.
    public var type: Double

    public init(
        coverage: Double = 0, complementarity: Double = 0, geography: Double = 0, s3: Double = 0,
        text: Double = 0, type: Double = 0
    ) {
        self.coverage = coverage; self.complementarity = complementarity; self.geography = geography
        self.s3 = s3; self.text = text; self.type = type
    }

    /// JSON keys in snake_case (every key is a single word).
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case coverage, complementarity, geography, s3, text, type
    }

    /// The weighted sum, clamped to 0...1 and rounded to millionths: the API shows it with all six decimals,
    /// the ranking orders by it (then by organisation id) and the consortium builder adds exactly these
    /// values, so a client can reproduce both the order and a proposal's total.
    public var score: Double {
        let w = MatchingWeights.self
        let sum =
            w.coverage * coverage + w.complementarity * complementarity + w.geography * geography
            + w.s3 * s3 + w.text * text + w.type * type
        return (min(1, max(0, sum)) * Self.scale).rounded() / Self.scale
    }

    /// Scores are multiples of 1 / scale.
    public static let scale = 1_000_000.0
}

/// The weights of the score's parts; they add up to 1, so the score is in 0...1.
///
/// Coverage is half the score because a partner search exists to fill competence gaps; geography and text
/// similarity come next (EU calls reward spread consortia, and the search's own words are the best hint
/// of its topic); the sought type, complementarity and S3 alignment refine the order among candidates that
/// cover as much. Until the labelled ranking benchmark (docs/matching.md) coverage weighed 0.40 and
/// complementarity and S3 0.10 each; the benchmark showed organisations that bring nothing required
/// outranking the only one that brings a required competence, on the breadth of their unrelated sectors
/// and on generic shared S3 words ("green transition"), so those two, the noisiest parts, went to 0.05.
public enum MatchingWeights {
    public static let coverage = 0.50
    public static let complementarity = 0.05
    public static let geography = 0.15
    public static let s3 = 0.05
    public static let text = 0.15
    public static let type = 0.10
}

/// One recommended organisation for a partner search, with why.
public struct Recommendation: Sendable, Equatable {
    public var organisationID: Int64
    /// In 0...1.
    public var score: Double
    public var parts: ScoreParts
    /// The required competences it covers, in the search's order.
    public var covers: [Competence]
    /// Plain English sentences, most important first.
    public var reasons: [String]

    public init(organisationID: Int64, score: Double, parts: ScoreParts, covers: [Competence], reasons: [String]) {
        self.organisationID = organisationID; self.score = score; self.parts = parts
        self.covers = covers; self.reasons = reasons
    }
}

/// A page of recommendations and how many candidates there are in all.
public struct RecommendationPage: Sendable, Equatable {
    public var items: [Recommendation]
    public var total: Int

    public init(items: [Recommendation], total: Int) { self.items = items; self.total = total }
}

/// One organisation's score for the consortium builder.
public struct ScoredCandidate: Sendable, Equatable {
    public var organisationID: Int64
    public var score: Double
    /// Bit i set when the organisation covers `profile.required[i]` (the first 64 only).
    public var coversMask: UInt64
    /// ISO alpha-2.
    public var country: String
    /// In a less developed or a transition region.
    public var lessDeveloped: Bool
    public var type: OrganisationType
    /// The owner or an accepted member (scored against the consortium without itself).
    public var isMember: Bool

    public init(
        organisationID: Int64, score: Double, coversMask: UInt64, country: String, lessDeveloped: Bool,
        type: OrganisationType, isMember: Bool
    ) {
        self.organisationID = organisationID; self.score = score; self.coversMask = coversMask
        self.country = country; self.lessDeveloped = lessDeveloped; self.type = type; self.isMember = isMember
    }
}

import ClusterCollabCore
import ClusterCollabMatching
import ClusterCollabSearch
import ClusterCollabStorage
import Foundation

/// The JSON shapes of the partnering API (snake_case, as in the OpenAPI document).
enum PartneringJSON {
    struct OrganisationRef: Encodable {
        var id: Int64
        var slug: String
        var name: String
        var type: String
        var country: String
        var region: String?

        init(_ hit: DirectoryHit) {
            id = hit.id; slug = hit.slug; name = hit.name; type = hit.type.rawValue; country = hit.country; region = hit.region
        }
        init(id: Int64) { self.id = id; slug = ""; name = "organisation \(id)"; type = ""; country = "" }
    }

    struct CompetenceRef: Encodable {
        var id: String
        var label: String
    }

    struct Member: Encodable {
        var organisation: OrganisationRef
        var role: String
        var joined_at: Date
    }

    struct Agreement: Encodable {
        var date: String
        var title: String
        var note: String
    }

    struct ConsortiumDoc: Encodable {
        var status: String
        var members: [Member]
        var agreement: Agreement?
    }

    struct Search: Encodable {
        var id: Int64
        var url: String
        var owner: OrganisationRef
        var title: String
        var kind: String
        var description: String
        var call_id: Int64?
        var competences: [CompetenceRef]
        var sought_types: [String]
        var target_countries: [String]
        var min_countries: Int
        var min_members: Int
        var max_members: Int
        var need_less_developed: Bool
        var deadline: String?
        /// What a visitor sees: an open search past its deadline is closed.
        var status: String
        var consortium: ConsortiumDoc
        var version: Int
        var created_at: Date
        var updated_at: Date
    }

    static func ref(_ id: Int64, _ platform: Platform) -> OrganisationRef {
        platform.hit(id).map(OrganisationRef.init) ?? OrganisationRef(id: id)
    }

    static func search(_ record: StoredPartnerSearch, _ platform: Platform) -> Search {
        let s = record.search
        return Search(
            id: s.id, url: platform.configuration.publicURL + Routes.partnerSearch.path(s.id), owner: ref(s.ownerID, platform),
            title: s.title, kind: s.kind.rawValue, description: s.description, call_id: s.callID,
            competences: s.competences.map { CompetenceRef(id: $0.description, label: $0.label(platform.reference)) },
            sought_types: s.soughtTypes.map(\.rawValue), target_countries: s.targetCountries, min_countries: s.minCountries,
            min_members: s.minMembers, max_members: s.maxMembers, need_less_developed: s.needLessDeveloped, deadline: s.deadline,
            status: s.effectiveStatus(today: platform.today).rawValue,
            consortium: ConsortiumDoc(
                status: record.consortium.status.rawValue,
                members: record.consortium.members.map {
                    Member(organisation: ref($0.organisationID, platform), role: $0.role.rawValue, joined_at: $0.joinedAt)
                },
                agreement: record.consortium.agreement.map { Agreement(date: $0.date, title: $0.title, note: $0.note) }),
            version: record.version, created_at: s.createdAt, updated_at: s.updatedAt)
    }

    struct Parts: Encodable {
        var coverage: Double
        var complementarity: Double
        var geography: Double
        var s3: Double
        var text: Double
        var type: Double
        init(_ p: ScoreParts) {
            coverage = shown(p.coverage); complementarity = shown(p.complementarity); geography = shown(p.geography)
            s3 = shown(p.s3); text = shown(p.text); type = shown(p.type)
        }
    }

    struct RecommendationDoc: Encodable {
        var organisation: OrganisationRef
        /// Position in the full ranking, 1 = best.
        var rank: Int
        var score: Double
        var parts: Parts
        var covers: [String]
        var reasons: [String]
    }

    /// Six decimals: scores are already multiples of a millionth (`ScoreParts.score`), so they pass
    /// unchanged; parts are rounded the same way.
    static func shown(_ x: Double) -> Double { (x * ScoreParts.scale).rounded() / ScoreParts.scale }

    static func recommendation(_ r: Recommendation, rank: Int, _ platform: Platform) -> RecommendationDoc {
        RecommendationDoc(
            organisation: ref(r.organisationID, platform), rank: rank, score: shown(r.score), parts: Parts(r.parts),
            covers: r.covers.map(\.description), reasons: r.reasons)
    }

    struct ProposalMember: Encodable {
        var organisation: OrganisationRef
        var score: Double
        var covers: [String]
        var accepted: Bool
        var role: String
    }

    struct ProposalDoc: Encodable {
        var rank: Int
        var size: Int
        var members: [ProposalMember]
        var countries: [String]
        var total_score: Double
        var missing_competences: [String]
        var unmet: [String]
    }

    struct ConstraintsDoc: Encodable {
        var min_members: Int
        var max_members: Int
        var min_countries: Int
        var allowed_countries: [String]
        var types: [String]
        var need_less_developed: Bool
        init(_ c: ConsortiumConstraints) {
            min_members = c.minMembers; max_members = c.maxMembers; min_countries = c.minCountries
            allowed_countries = c.allowedCountries; types = c.types.map(\.rawValue); need_less_developed = c.needLessDeveloped
        }
    }

    struct PlanDoc: Encodable {
        var feasible: Bool
        var optimal: Bool
        var objective: String
        var k: Int
        var constraints: ConstraintsDoc
        var candidates: Int
        var proposals: [ProposalDoc]
        /// Why no consortium meets the rules; empty when feasible.
        var reasons: [String]
    }

    static func plan(_ plan: ConsortiumPlanner.Plan, k: Int, constraints: ConsortiumConstraints, _ platform: Platform) -> PlanDoc {
        PlanDoc(
            feasible: plan.feasible, optimal: plan.optimal, objective: plan.objective.rawValue, k: k,
            constraints: ConstraintsDoc(constraints), candidates: plan.candidates,
            proposals: plan.proposals.enumerated().map { offset, p in
                ProposalDoc(
                    rank: offset + 1, size: p.members.count,
                    members: p.members.map { m in
                        ProposalMember(
                            organisation: ref(m.organisationID, platform), score: shown(m.score), covers: m.covers.map(\.description),
                            accepted: m.accepted, role: m.lead ? "lead" : (m.accepted ? "partner" : "proposed"))
                    },
                    countries: p.countries, total_score: shown(p.totalScore),
                    missing_competences: p.missingCompetences.map(\.description), unmet: p.unmet)
            },
            reasons: plan.reasons)
    }
}

import ClusterCollabCalls
import ClusterCollabCore
import ClusterCollabText
import ClusterCollabMatching
import ClusterCollabStorage
import Foundation

/// The JSON shapes of the calls API (snake_case, as in the OpenAPI document).
enum CallsJSON {
    struct CallDoc: Encodable {
        var id: Int64
        var url: String
        var title: String
        var programme: String
        var description: String
        var description_html: String
        var thematic_areas: [String]
        var opens_at: Date
        var closes_at: Date
        var time_zone: String
        /// The instants in the call's zone, as people read them.
        var opens: String
        var closes: String
        var state: String
        /// upcoming, open, closed or evaluated (draft for drafts): from the clock, never stored.
        var phase: String
        var label: String
        var fields: [ApplicationField]
        var rules: [EligibilityRule]
        var rules_in_words: [String]
        var criteria: [EvaluationCriterion]
        var version: Int
    }

    static func call(_ stored: StoredCall, _ platform: Platform, now: Date = Date()) -> CallDoc {
        let c = stored.call
        return CallDoc(
            id: c.id, url: platform.configuration.publicURL + Routes.call.path(c.id), title: c.title, programme: c.programme,
            description: c.description, description_html: Markdown.html(c.description), thematic_areas: c.thematicAreas,
            opens_at: c.opensAt, closes_at: c.closesAt, time_zone: c.timeZone,
            opens: ZonedTime.display(c.opensAt, zone: c.timeZone), closes: ZonedTime.display(c.closesAt, zone: c.timeZone),
            state: c.state.rawValue, phase: c.phase(at: now).rawValue, label: c.label, fields: c.fields, rules: c.rules,
            rules_in_words: c.ruleDescriptions(reference: platform.reference), criteria: c.criteria, version: c.version)
    }

    struct RuleDoc: Encodable {
        var rule: String
        var passed: Bool
        var sentence: String
    }

    static func rules(_ results: [RuleResult], _ reference: ReferenceData) -> [RuleDoc] {
        results.map { RuleDoc(rule: $0.rule.description(reference: reference), passed: $0.passed, sentence: $0.sentence) }
    }

    struct EligibilityDoc: Encodable {
        var eligible: Bool
        var rules: [RuleDoc]
    }

    struct ApplicationDoc: Encodable {
        var id: Int64
        var url: String
        var call_id: Int64
        var search_id: Int64
        var lead: PartneringJSON.OrganisationRef
        var status: String
        var answers: [String: String]
        var members: [PartneringJSON.OrganisationRef]
        var version: Int
        var reference: String?
        var digest: String?
        var submitted_at: Date?
        /// The submission instant in the call's zone.
        var submitted: String?
        var eligibility: [RuleDoc]
        /// The moderators' evaluation: left out (nil) for everyone but the platform team until the call's
        /// results are published (`CallsJSON.showsEvaluation`).
        var decision: String?
        var decision_reason: String?
        var scores: [String: Int]?
        var selected: Bool?
    }

    /// Whether `user` may read the moderators' evaluation of an application to `call`: the platform team
    /// always, anyone else (the lead team) only once the call's results are published. Before that a
    /// decision, a score or "selected" would tell the team the outcome ahead of the other applicants.
    static func showsEvaluation(to user: User?, call: Call?) -> Bool {
        user?.isModerator == true || call?.state == .evaluated
    }

    static func application(_ a: ExpressionOfInterest, call: Call?, _ platform: Platform, for user: User?) -> ApplicationDoc {
        let shown = showsEvaluation(to: user, call: call)
        return ApplicationDoc(
            id: a.id, url: platform.configuration.publicURL + Routes.expressionOfInterest.path(a.id), call_id: a.callID, search_id: a.searchID,
            lead: PartneringJSON.ref(a.leadID, platform), status: a.status.rawValue, answers: a.answers,
            members: a.memberIDs.map { PartneringJSON.ref($0, platform) }, version: a.version, reference: a.reference, digest: a.digest,
            submitted_at: a.submittedAt, submitted: a.submittedAt.map { ZonedTime.display($0, zone: call?.timeZone ?? "UTC") },
            eligibility: rules(a.eligibility, platform.reference), decision: shown ? a.decision?.rawValue : nil,
            decision_reason: shown ? a.decisionReason : nil, scores: shown ? a.scores : nil, selected: shown ? a.selected : nil)
    }

    struct PartnershipDoc: Encodable {
        var id: Int64
        var url: String
        var name: String
        var label: String
        var thematic_area: String
        var call_id: Int64
        var members: [PartneringJSON.OrganisationRef]
        /// SMEs among the members' own members, summed over the member organisations that report it.
        var smes: Int
        var countries: [String]
        var agreement: PartneringJSON.Agreement?
        /// The signed agreement in the document library, when the team linked it.
        var agreement_document_id: Int64?
        var created_at: Date
    }

    static func partnership(_ p: Partnership, _ platform: Platform, smes: Int) -> PartnershipDoc {
        let members = p.memberIDs.map { PartneringJSON.ref($0, platform) }
        return PartnershipDoc(
            id: p.id, url: platform.configuration.publicURL + Routes.partnership.path(p.id), name: p.name, label: p.label,
            thematic_area: p.thematicArea, call_id: p.callID, members: members, smes: smes,
            countries: Array(Set(members.map(\.country).filter { !$0.isEmpty })).sorted(),
            agreement: p.agreement.map { PartneringJSON.Agreement(date: $0.date, title: $0.title, note: $0.note) },
            agreement_document_id: p.agreementDocumentID, created_at: p.createdAt)
    }
}

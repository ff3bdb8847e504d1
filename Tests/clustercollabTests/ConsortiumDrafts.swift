import ClusterCollabCalls
import ClusterCollabCore
import ClusterCollabMatching
import ClusterCollabStorage
@testable import ClusterCollabWeb
import Foundation

/// Consortia ready to submit to one call, for the tests that race submissions against a server process
/// (the crash and the two-instance tests): each lead organisation has a verified team administrator with an
/// API token, a partner search whose interest from `partner` is accepted, and a draft expression of interest.
enum ConsortiumDrafts {
    static func make(
        _ count: Int, named prefix: String, call: Int64, partner: Int64, password: String,
        platform: Platform
    ) async throws -> [(application: Int64, token: String)] {
        var work: [(application: Int64, token: String)] = []
        let key = prefix.lowercased()
        for i in 0..<count {
            let lead = try await platform.organisations.create(
                Organisation(name: "\(prefix) \(i) Cluster", type: .clusterOrganisation, country: "FR", region: "FR10", status: .published))
            let user = try await AccountAdministration.createVerifiedAccount(
                email: "\(key)\(i)@\(key).example.eu", name: "\(prefix) \(i)", password: password,
                role: .user, database: platform.database, bcryptCost: 4)
            try await platform.database.transaction { db in
                try await TeamRepository.addMembership(organisationID: lead.id, userID: user.id, role: .administrator, on: db)
            }
            let token = "cc_" + Secrets.token()
            _ = try await platform.users.createToken(userID: user.id, name: key, tokenHash: Secrets.hash(token), now: Date())
            var input = PartnerSearchInput()
            input.title = "\(prefix) consortium \(i)"; input.kind = "project-consortium"
            input.description = "A consortium that races its submission against a server process."; input.competences = ["ecosystem:1"]
            let search = try await platform.partnerSearches.create(
                try input.applied(to: nil, ownerID: lead.id, reference: .shipped, today: CalendarDay.of(Date())),
                createdBy: user.id, actor: "test")
            let interest = try await platform.partnerSearches.expressInterest(
                searchID: search.search.id, organisationID: partner, userID: nil, message: "", today: CalendarDay.of(Date()))
            try await platform.partnerSearches.decideInterest(id: interest.id, accept: true, decidedBy: user.id, actor: "test")
            let draft = try await platform.calls.createDraft(callID: call, searchID: search.search.id, leadID: lead.id, userID: user.id)
            work.append((draft.id, token))
        }
        return work
    }
}

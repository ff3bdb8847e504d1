import ClusterCollabCore
import ClusterCollabMatching
import Foundation
import Testing

/// The owner team's decisions on an expression of interest in a partner search, without a database.
@Suite struct InterestDecisionTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)
    func interest(_ status: Interest.Status) -> Interest {
        Interest(
            id: 5, searchID: 2, organisationID: 9, userID: 4, message: "", status: status, createdAt: Date(timeIntervalSince1970: 0),
            updatedAt: Date(timeIntervalSince1970: 0))
    }

    @Test func aPendingInterestIsAcceptedOrDeclinedOnce() throws {
        let accepted = try interest(.pending).deciding(accept: true, members: 2, maxMembers: 5, now: now)
        #expect(accepted.status == .accepted)
        #expect(accepted.updatedAt == now)
        #expect(try interest(.pending).deciding(accept: false, members: 2, maxMembers: 5, now: now).status == .declined)
        #expect(throws: Refusal(.conflict, "this interest was already accepted")) {
            _ = try accepted.deciding(accept: false, members: 3, maxMembers: 5, now: now)
        }
        #expect(throws: Refusal(.conflict, "the organisation withdrew its interest; it cannot be accepted")) {
            _ = try interest(.withdrawn).deciding(accept: true, members: 2, maxMembers: 5, now: now)
        }
    }

    @Test func aFullConsortiumAcceptsNoOneButMayStillDecline() throws {
        #expect(throws: Refusal(.conflict, "the consortium already has 5 members, the search's maximum; raise max_members first")) {
            _ = try interest(.pending).deciding(accept: true, members: 5, maxMembers: 5, now: now)
        }
        #expect(try interest(.pending).deciding(accept: false, members: 5, maxMembers: 5, now: now).status == .declined)
    }

    @Test func onlyAPendingOrAcceptedInterestIsWithdrawn() throws {
        #expect(try interest(.accepted).withdrawing(now: now).status == .withdrawn)
        #expect(try interest(.pending).withdrawing(now: now).status == .withdrawn)
        #expect(throws: Refusal(.conflict, "this interest is already declined")) { _ = try interest(.declined).withdrawing(now: now) }
    }
}

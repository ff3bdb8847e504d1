import Foundation
import Testing
@testable import ClusterCollabCore

/// Member counts come from requests; adding them up must not overflow, however large they are.
@Suite struct MemberCountOverflowTests {
    @Test func countsNearIntMaxAreRefusedByNameWithoutOverflowing() {
        // given every kind at the largest 64-bit number
        var organisation = Fixtures.completeOrganisation()
        organisation.members = MemberCounts(total: 40, sme: .max, large: .max, research: .max, university: .max, publicBodies: .max, other: .max)
        // when it is validated, then each kind is named (the sum once trapped)
        let fields = organisation.validate(reference: Fixtures.reference).fields
        for field in ["members_sme", "members_large", "members_research", "members_university", "members_public", "members_other"] {
            #expect(fields[field] == "must be a whole number between 0 and \(OrganisationLimits.memberCount)", "\(field)")
        }
    }
}

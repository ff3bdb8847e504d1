import Testing
@testable import ClusterCollabCore

@Suite("Moderators' validation checklist")
struct ValidationChecklistTests {
    static let staffRule = "At least 0.5 FTE of cluster management staff"
    static let membersRule = "At least 15 committed members"
    static let kindsRule = "At least two kinds of members"
    static let websiteRule = "An English website"

    /// A cluster that meets every rule and is not recognised by a programme, so nothing is waived.
    func cluster(_ change: (inout Organisation) -> Void = { _ in }) -> ValidationChecklist {
        var org = Fixtures.completeOrganisation()
        org.programmeRecognition = nil
        change(&org)
        return ValidationChecklist(org)
    }

    func met(_ checklist: ValidationChecklist, _ rule: String) -> Bool? {
        checklist.items.first { $0.rule == rule }?.met
    }

    @Test func aClusterMeetingEveryRulePasses() {
        // given / when
        let checklist = cluster()
        // then
        #expect(checklist.items.map(\.rule) == [Self.staffRule, Self.membersRule, Self.kindsRule, Self.websiteRule])
        #expect(checklist.items.allSatisfy { $0.met })
        #expect(!checklist.waived)
        #expect(checklist.passes)
    }

    @Test func halfAnFTEOfStaffIsEnough() {
        #expect(met(cluster { $0.staffFTE = 0.5 }, Self.staffRule) == true)
        #expect(met(cluster { $0.staffFTE = 0.4 }, Self.staffRule) == false)
        #expect(met(cluster { $0.staffFTE = nil }, Self.staffRule) == false)
    }

    @Test func fifteenMembersAreEnough() {
        #expect(met(cluster { $0.members = MemberCounts(total: 15, sme: 10, large: 5) }, Self.membersRule) == true)
        #expect(met(cluster { $0.members = MemberCounts(total: 14, sme: 10, large: 4) }, Self.membersRule) == false)
        #expect(met(cluster { $0.members = MemberCounts() }, Self.membersRule) == false)
    }

    @Test func membersOfOnlyOneKindDoNotCount() {
        #expect(met(cluster { $0.members = MemberCounts(total: 40, sme: 40) }, Self.kindsRule) == false)
        #expect(met(cluster { $0.members = MemberCounts(total: 40, sme: 39, large: 0, research: 1) }, Self.kindsRule) == true)
    }

    @Test func aWebsiteInAnotherLanguagesSectionIsNotEnglish() {
        #expect(met(cluster { $0.website = "https://lpa.example.eu/fr/accueil" }, Self.websiteRule) == false)
        #expect(met(cluster { $0.website = "https://lpa.example.eu/DE" }, Self.websiteRule) == false)
        #expect(met(cluster { $0.website = "https://lpa.example.eu/en/" }, Self.websiteRule) == true)
        #expect(met(cluster { $0.website = "https://lpa.example.eu/" }, Self.websiteRule) == true)
    }

    @Test func noWebsiteIsNoEnglishWebsite() {
        #expect(met(cluster { $0.website = nil }, Self.websiteRule) == false)
    }

    @Test func oneUnmetRuleFailsTheChecklist() {
        #expect(!cluster { $0.staffFTE = 0.2 }.passes)
    }

    @Test func programmeRecognitionWaivesTheChecklist() {
        // given: a recognised cluster that meets none of the rules
        let checklist = cluster {
            $0.programmeRecognition = "go-cluster (Germany)"
            $0.staffFTE = 0.1
            $0.members = MemberCounts(total: 3, sme: 3)
            $0.website = "https://lpa.example.eu/de/"
        }
        // then: the items still tell the moderator what is missing
        #expect(checklist.items.allSatisfy { !$0.met })
        #expect(checklist.waived)
        #expect(checklist.passes)
    }
}

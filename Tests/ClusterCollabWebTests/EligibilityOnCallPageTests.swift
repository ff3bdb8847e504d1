import ClusterCollabCalls
import ClusterCollabCore
import ClusterCollabMatching
import ClusterCollabStorage
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The call page's apply form checks each of the person's consortia against the call's rules now, preselects
/// an eligible one and carries every consortium's results; the expression of interest names its consortium.
@Suite struct EligibilityOnCallPageTests {
    /// A team with two consortia: "Kappa consortium" (the lead and a partner: eligible for a call asking for
    /// two members) and "Kappa solo" (the lead alone: not), posted in that order; and a call asking for two.
    struct Setting {
        var team: (lead: Organisation, user: User, token: String, search: Int64)
        var partner: Organisation
        var solo: Int64
        var call: Call
    }

    static func setting(_ platform: Platform) async throws -> Setting {
        let partner = try await platform.organisations.create(
            Organisation(name: "Kappa Partner Hub", type: .clusterOrganisation, country: "DE", region: "DE21", status: .published))
        let team = try await CallsTests.consortium(platform, "Kappa", partners: [partner])
        var input = PartnerSearchInput()
        input.title = "Kappa solo"; input.kind = "project-consortium"
        input.description = "A consortium of one that does not meet the call's rules."; input.competences = ["ecosystem:1"]
        let solo = try await platform.partnerSearches.create(
            try input.applied(to: nil, ownerID: team.lead.id, reference: platform.reference, today: platform.today),
            createdBy: team.user.id, actor: "test")
        let call = try await CallsTests.call(platform, closesIn: 3_600, rules: [.minMembers(2)])
        return Setting(team: team, partner: partner, solo: solo.search.id, call: call)
    }

    /// The apply form's options: (search, selected, label).
    static func options(_ page: String) -> [(search: String, selected: Bool, label: String)] {
        page.matches(of: /<option value="(\d+)"( selected)?>([^<]*)<\/option>/).map { (String($0.output.1), $0.output.2 != nil, String($0.output.3)) }
    }

    /// The eligibility panels: (search, hidden, its HTML).
    static func panels(_ page: String) -> [(search: String, hidden: Bool, html: String)] {
        page.matches(of: /<div class="eligibility" data-search="(\d+)"( hidden)?>([\s\S]*?)<\/div>/).map {
            (String($0.output.1), $0.output.2 != nil, String($0.output.3))
        }
    }

    @Test func theFirstEligibleConsortiumIsPreselectedAndEachSaysWhetherItMeetsEveryRule() async throws {
        try await withApp(demo: false) { client, platform in
            let s = try await Self.setting(platform)
            let browser = try await PartneringTests.browser(client, s.team.user)
            let page = try await browser.get("/calls/\(s.call.id)")
            #expect(page.status == .ok)
            let options = Self.options(page.text)
            // The solo consortium comes first in the list: preselecting the first would choose it.
            #expect(options.map(\.search) == [String(s.solo), String(s.team.search)], "\(options)")
            #expect(options.filter(\.selected).map(\.search) == [String(s.team.search)], "the eligible consortium is not the one preselected: \(options)")
            let labels = Dictionary(uniqueKeysWithValues: options.map { ($0.search, $0.label) })
            #expect(labels[String(s.team.search)] == "Kappa consortium (2 members) · meets every rule")
            #expect(labels[String(s.solo)] == "Kappa solo (1 member) · 1 rule not met")

            // When none is eligible, the first is chosen.
            let strict = try await CallsTests.call(platform, closesIn: 3_600, rules: [.minMembers(5)])
            let none = Self.options(try await browser.get("/calls/\(strict.id)").text)
            #expect(none.map(\.selected) == [true, false], "\(none)")
            #expect(none.map(\.label).allSatisfy { $0.hasSuffix("· 1 rule not met") }, "\(none)")

            // In French, counted as French counts.
            browser.cookies["lang"] = "fr"
            let french = Self.options(try await browser.get("/calls/\(s.call.id)").text)
            #expect(french.map(\.label) == ["Kappa solo (1 membre) · 1 règle non respectée", "Kappa consortium (2 membres) · respecte toutes les règles"])
        }
    }

    @Test func everyConsortiumHasItsPanelAndOnlyTheChosenOneShows() async throws {
        try await withApp(demo: false) { client, platform in
            let s = try await Self.setting(platform)
            let browser = try await PartneringTests.browser(client, s.team.user)
            let page = try await browser.get("/calls/\(s.call.id)").text
            let panels = Self.panels(page)
            #expect(panels.map(\.search) == [String(s.solo), String(s.team.search)], "one panel per consortium: \(panels.map(\.search))")
            #expect(panels.map(\.hidden) == [true, false], "only the chosen consortium's panel shows")
            let eligible = try #require(panels.last?.html), solo = try #require(panels.first?.html)
            #expect(eligible.contains("The consortium meets every rule."))
            #expect(eligible.contains(#"<li class="met">✓ <strong>At least 2 members</strong>: 2 members"#), "\(eligible)")
            #expect(eligible.contains(#"href="/partner-searches/\#(s.team.search)""#))
            #expect(solo.contains("The consortium does not meet every rule yet"))
            #expect(solo.contains(#"<li class="unmet">✗ <strong>At least 2 members</strong>: Only 1 member"#), "\(solo)")
            // The script that switches panels as the select changes, from this site (the policy allows no inline script).
            #expect(page.contains(#"<select id="search_id" name="search_id" data-eligibility>"#))
            #expect(page.contains(#"<script src="/static/eligibility.js" defer></script>"#))
            let script = try await client.get("/static/eligibility.js")
            #expect(script.status == .ok && script.text.contains("data-search"))
            // Without scripts: a link per consortium reloads the page with it chosen.
            #expect(page.contains(#"<a href="/calls/\#(s.call.id)?search=\#(s.solo)">Kappa solo</a>"#))
            let chosen = try await browser.get("/calls/\(s.call.id)?search=\(s.solo)").text
            #expect(Self.options(chosen).filter(\.selected).map(\.search) == [String(s.solo)])
            #expect(Self.panels(chosen).map(\.hidden) == [false, true])
            // The apply form still posts the chosen consortium.
            let started = try await browser.post("/calls/\(s.call.id)/applications", [("search_id", String(s.solo))])
            #expect(started.status == .seeOther)
        }
    }

    @Test func anotherTeamsConsortiumAskedForIsIgnoredAndNeverShown() async throws {
        try await withApp(demo: false) { client, platform in
            let s = try await Self.setting(platform)
            let other = try await CallsTests.consortium(platform, "Lambda", partners: [])
            let browser = try await PartneringTests.browser(client, s.team.user)
            for query in ["?search=\(other.search)", "?search=abc", "?search=-1", "?search=", "?search=99999999999999999999"] {
                let page = try await browser.get("/calls/\(s.call.id)\(query)")
                #expect(page.status == .ok, "\(query): \(page.status)")
                #expect(Self.options(page.text).filter(\.selected).map(\.search) == [String(s.team.search)], "\(query) changed the choice")
                #expect(!page.text.contains("Lambda consortium"), "\(query) shows another team's consortium")
                #expect(!page.text.contains(#"data-search="\#(other.search)""#), "\(query) shows another team's results")
            }
            // A visitor sees no form and no panel, whatever they ask for.
            let visitor = try await client.get("/calls/\(s.call.id)?search=\(s.team.search)", headers: [.accept: "text/html"])
            #expect(visitor.status == .ok)
            #expect(!visitor.text.contains("data-search"))
        }
    }

    @Test func theExpressionOfInterestNamesItsConsortiumAsItIsNow() async throws {
        try await withApp(demo: false) { client, platform in
            let s = try await Self.setting(platform)
            let draft = try await platform.calls.createDraft(callID: s.call.id, searchID: s.team.search, leadID: s.team.lead.id, userID: s.team.user.id)
            let browser = try await PartneringTests.browser(client, s.team.user)
            let page = try await browser.get("/applications/\(draft.id)")
            #expect(page.status == .ok)
            let section = try #require(page.text.firstMatch(of: /<section class="consortium">([\s\S]*?)<\/section>/).map { String($0.output.1) })
            #expect(section.contains(#"<a href="/partner-searches/\#(s.team.search)">Kappa consortium</a>, led by Kappa Cluster."#), "\(section)")
            #expect(section.contains("2 members today:"))
            #expect(section.contains("Kappa Cluster</a> · Lead"), "\(section)")
            #expect(section.contains("Kappa Partner Hub</a> · Partner"), "\(section)")
            #expect(page.text.contains("The eligibility is checked each time this page loads, against the consortium as it is now."))
            // A partner who joins later is named at the next load.
            let late = try await platform.organisations.create(
                Organisation(name: "Kappa Late Hub", type: .clusterMember, country: "PL", region: "PL82", status: .published))
            let interest = try await platform.partnerSearches.expressInterest(
                searchID: s.team.search, organisationID: late.id, userID: nil, message: "", today: platform.today)
            try await platform.partnerSearches.decideInterest(id: interest.id, accept: true, decidedBy: s.team.user.id, actor: "test")
            let again = try await browser.get("/applications/\(draft.id)").text
            #expect(again.contains("Kappa Late Hub") && again.contains("3 members today:"))
        }
    }
}

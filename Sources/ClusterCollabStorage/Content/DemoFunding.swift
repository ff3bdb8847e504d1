import ClusterCollabCalls
import ClusterCollabContent
import ClusterCollabCore
import Foundation

/// The funding opportunities of the demo: made-up calls of real kinds of programmes (the Single Market
/// Programme's Euroclusters, Interreg, Horizon Europe, regional funds under smart specialisation), with
/// dates relative to the demo's start so that most stay open whenever it starts, one closing within days and
/// one closed. The Euroclusters and Interreg ones fit the Île-de-France drone cluster; the Danube one is
/// closed to French organisations. Every name, amount and text in them is made up.
public enum DemoFunding {
    /// Loads the opportunities into a platform that has none; returns how many.
    public static func loadIfEmpty(database: Database, now: Date = Date()) async throws -> Int {
        let repository = FundingOpportunityRepository(database: database)
        guard try await repository.list(.init(), now: now, page: 1, perPage: 1).total == 0 else { return 0 }
        let all = opportunities(now: now)
        for opportunity in all { _ = try await repository.create(opportunity, actor: "demo data", now: now) }
        return all.count
    }

    /// The opportunities at `now`: each opens at 09:00 and closes at 17:00 in its own zone, so many days
    /// before or after `now`, as funders write their dates.
    public static func opportunities(now: Date) -> [FundingOpportunity] {
        func day(_ days: Double, _ zone: String, at time: String) -> Date {
            let date = String(ZonedTime.localInput(now.addingTimeInterval(days * 86_400), zone: zone).prefix(10))
            return ZonedTime.parse("\(date)T\(time)", zone: zone) ?? now.addingTimeInterval(days * 86_400)
        }
        func opens(_ days: Double, _ zone: String) -> Date { day(days, zone, at: "09:00") }
        func closes(_ days: Double, _ zone: String) -> Date { day(days, zone, at: "17:00") }
        return [
            FundingOpportunity(
                title: "Euroclusters for Europe's recovery: cascade funding for SMEs going international",
                programme: "Single Market Programme", fundingBody: "European Innovation Council and SMEs Executive Agency (EISMEA)",
                link: "https://funding.example.eu/smp/euroclusters-2", opensAt: opens(-10, "Europe/Brussels"), deadline: closes(20, "Europe/Brussels"),
                timeZone: "Europe/Brussels",
                budget: 42_000_000, actionType: "Grant to cluster consortia (financial support to third parties)", cascadeFunding: true,
                sectors: [1, 23], ecosystems: [1, 5, 10], technologies: ["KET2018-5"], keywords: ["drones", "internationalisation", "resilience"],
                description: """
                    Consortia of at least three cluster organisations from three countries run a two-year programme for SMEs of their
                    ecosystems: **vouchers** for internationalisation, upskilling and the uptake of digital and green technologies.

                    - At least 75% of the budget goes to SMEs as financial support to third parties (cascade funding).
                    - Each SME receives up to EUR 60,000.
                    - Clusters of the aerospace and defence, digital and mobility ecosystems are especially welcome.

                    *Demo data: this call is made up.*
                    """),
            FundingOpportunity(
                title: "Interreg North-West Europe: drones for the inspection of cross-border infrastructure",
                programme: "Interreg", fundingBody: "Interreg North-West Europe Joint Secretariat",
                link: "https://funding.example.eu/interreg-nwe/call-5", opensAt: opens(-30, "Europe/Paris"), deadline: closes(75, "Europe/Paris"),
                timeZone: "Europe/Paris",
                budget: 18_500_000, actionType: "Transnational cooperation project", cascadeFunding: false,
                countries: ["BE", "DE", "FR", "IE", "LU", "NL", "CH"], sectors: [1, 45], ecosystems: [1, 10],
                keywords: ["drones", "inspection", "infrastructure"],
                description: """
                    Partners from at least three countries of the programme area test drone services for inspecting bridges, power lines
                    and waterways that cross borders, and write common procedures for the authorities.

                    *Demo data: this call is made up.*
                    """),
            FundingOpportunity(
                title: "Horizon Europe: AI-driven process control for energy-intensive industries",
                programme: "Horizon Europe", fundingBody: "European Health and Digital Executive Agency (HaDEA)",
                link: "https://funding.example.eu/horizon/cl4-twin-transition", opensAt: opens(15, "Europe/Brussels"), deadline: closes(120, "Europe/Brussels"),
                timeZone: "Europe/Brussels",
                budget: 24_000_000, actionType: "Innovation action", cascadeFunding: false,
                ecosystems: [5, 7], technologies: ["KET2018-1", "KET2018-5"], keywords: ["artificial-intelligence", "process-control"],
                description: """
                    Demonstrate artificial intelligence that cuts the energy use of steel, cement, chemicals or paper plants by at least 15%,
                    in two pilot plants in two member states.

                    *Demo data: this call is made up.*
                    """),
            FundingOpportunity(
                title: "Canary Islands smart specialisation: blue economy innovation vouchers",
                programme: "Regional funds (smart specialisation)", fundingBody: "Canary Islands Agency for Research, Innovation and Information Society",
                link: "https://funding.example.eu/canarias/ris3-blue-vouchers", opensAt: opens(-5, "Atlantic/Canary"), deadline: closes(45, "Atlantic/Canary"),
                timeZone: "Atlantic/Canary",
                budget: 1_500_000, actionType: "Innovation voucher", cascadeFunding: true, countries: ["ES"], sectors: [17, 50],
                ecosystems: [14], keywords: ["blue-economy", "aquaculture", "ports"],
                description: """
                    Vouchers of up to EUR 30,000 for SMEs of the islands that buy innovation services in the priorities of the regional
                    smart specialisation strategy: aquaculture, ports and marine energy.

                    *Demo data: this call is made up.*
                    """),
            FundingOpportunity(
                title: "Interreg Danube Region: hydrogen valleys for energy-intensive industry",
                programme: "Interreg", fundingBody: "Interreg Danube Region Joint Secretariat",
                link: "https://funding.example.eu/interreg-danube/hydrogen", opensAt: opens(-60, "Europe/Vienna"), deadline: closes(9, "Europe/Vienna"),
                timeZone: "Europe/Vienna",
                budget: 9_000_000, actionType: "Transnational cooperation project", cascadeFunding: false,
                countries: ["AT", "BG", "CZ", "DE", "HR", "HU", "RO", "SI", "SK"], ecosystems: [7, 8], technologies: ["KET2018-2"],
                keywords: ["hydrogen", "energy"],
                description: """
                    Regions of the Danube basin plan hydrogen valleys around their steel, glass and chemical plants.

                    *Demo data: this call is made up.*
                    """),
            FundingOpportunity(
                title: "Cluster excellence: green and digital transition of industrial ecosystems",
                programme: "Single Market Programme", fundingBody: "European Innovation Council and SMEs Executive Agency (EISMEA)",
                link: "https://funding.example.eu/smp/cluster-excellence-2", opensAt: opens(-150, "Europe/Brussels"), deadline: closes(-30, "Europe/Brussels"),
                timeZone: "Europe/Brussels",
                budget: 6_000_000, actionType: "Grant to cluster consortia", cascadeFunding: true, ecosystems: [1, 5, 8],
                keywords: ["cluster-excellence", "green-transition"],
                description: """
                    Closed. Cluster partnerships trained their members in the green and digital transition.

                    *Demo data: this call is made up.*
                    """),
        ]
    }
}

import ArgumentParser
import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabStorage
import ClusterCollabWeb
import Foundation
import SQLKit

/// `clustercollab bench alerts`: SEARCHES saved searches (varied directory queries and partner-search
/// filters, daily) against a day on which NEW of COUNT organisations were first published, evaluated and
/// written to the outbox, on a temporary SQLite database. Goal (issue 14): under a minute.
struct BenchAlerts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "Time a day's saved-search alerts: SEARCHES searches against NEW organisations published that day among COUNT; prints figures.")

    @Option(help: "How many organisations.") var count = 100_000
    @Option(help: "How many of them were first published on the day.") var new = 300
    @Option(help: "How many saved searches (one person each).") var searches = 10_000

    func run() async throws {
        let reference = ReferenceData.shipped
        print("ClusterCollab saved-search alerts benchmark, \(ProcessInfo.processInfo.activeProcessorCount) cores")
        let temporary = try await TemporaryPlatform.make("alerts")
        defer { temporary.remove() }
        let platform = temporary.platform

        var clock = ContinuousClock.now
        let now = Date()
        let period = AlertPeriod.day(CalendarDay.of(now.addingTimeInterval(-86_400)))!
        // The last `new` organisations were first published during the day; the others long before.
        let organisations = DemoOrganisations.generate(count: count, now: now, reference: reference).enumerated().map { offset, o -> Organisation in
            var p = o
            p.status = .published
            p.createdAt =
                offset >= count - new
                ? period.range.lowerBound.addingTimeInterval(Double(offset % 86_000))
                : period.range.lowerBound.addingTimeInterval(-Double(2 + offset % 300) * 86_400)
            return p
        }
        try await platform.organisations.write(organisations.map { .create($0) })
        print(
            BenchDirectory.pad("set-up: \(count) organisations, \(new) published on \(period.key)")
                + String(format: "%10.1f s", BenchDirectory.ms(ContinuousClock.now - clock) / 1000))

        // Queries as people write them: a word or two, a country, a sector or ecosystem, a type, a label;
        // one in ten is a partner-search filter.
        clock = ContinuousClock.now
        let words = ["drone", "hydrogen", "photonics", "agri food", "textile", "aero", "battery", "health", "digital", "wood", "maritime", "robot"]
        let countries = reference.countries.map(\.code)
        try await platform.database.transaction { db in
            for i in 0..<searches {
                let user = try await UserRepository.create(
                    email: "saver\(i)@clusters.example.eu", name: "Saver \(i)", passwordHash: "$2b$04$bench", role: .user, verified: true,
                    unsubscribeToken: "bench-\(i)", now: now, on: db)
                var parts: [(String, String)] = []
                if i % 10 == 9 {
                    parts.append(("q", words[i % words.count]))
                } else {
                    if i % 3 != 0 { parts.append(("q", words[i % words.count])) }
                    if i % 2 == 0 { parts.append(("country", countries[i % countries.count])) }
                    if i % 5 == 1 { parts.append(("sector", String(i % 51 + 1))) }
                    if i % 7 == 2 { parts.append(("ecosystem", String(i % 14 + 1))) }
                    if i % 4 == 3 { parts.append(("type", "cluster-organisation")) }
                    if i % 11 == 4 { parts.append(("label", "gold")) }
                }
                let kind: SavedSearch.Kind = i % 10 == 9 ? .partnerSearches : .directory
                let checked = SavedSearchInput.Checked(
                    name: "Search \(i)", kind: kind, query: String(Route.queryString(parts).dropFirst()), frequency: .daily)
                try await db.raw(
                    """
                    INSERT INTO saved_searches (user_id, name, kind, query, frequency, unsubscribe_token, last_looked_at, created_at, updated_at)
                    VALUES (\(bind: user.id), \(bind: checked.name), \(bind: checked.kind.rawValue), \(bind: checked.query), 'daily',
                            \(bind: "bench-search-\(i)"), 0, 0, 0)
                    """
                ).run()
            }
        }
        print(
            BenchDirectory.pad("set-up: \(searches) saved searches") + String(format: "%10.1f s", BenchDirectory.ms(ContinuousClock.now - clock) / 1000))

        clock = ContinuousClock.now
        let changes = try await platform.alertChanges(in: period.range)
        let read = BenchDirectory.ms(ContinuousClock.now - clock)
        print(BenchDirectory.pad("the day's changes read and indexed (\(changes.organisations.count) organisations)") + String(format: "%10.0f ms", read))

        clock = ContinuousClock.now
        let sent = try await platform.sendAlerts(period, now: now)
        let seconds = BenchDirectory.ms(ContinuousClock.now - clock) / 1000
        print(
            BenchDirectory.pad("alerts of \(period.key) for \(searches) searches (\(sent) e-mails in the outbox)")
                + String(format: "%10.1f s  (goal: under 60 s)", seconds))
        clock = ContinuousClock.now
        let again = try await platform.sendAlerts(period, now: now)
        print(
            BenchDirectory.pad("the same day again (\(again) e-mails: each search's went once)")
                + String(format: "%10.1f s", BenchDirectory.ms(ContinuousClock.now - clock) / 1000))
        print(BenchDirectory.pad("resident memory") + String(format: "%8.1f MB", BenchDirectory.residentMegabytes()))
        await platform.database.shutdown()
    }
}

import ArgumentParser
import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabMatching
import ClusterCollabStorage
import ClusterCollabWeb
import Foundation
import SQLKit

/// `clustercollab bench digest`: a week's digest for SUBSCRIBERS people over COUNT organisations, written to
/// the outbox (each e-mail with the partner searches that fit the person's organisation and the new
/// organisations in its countries of interest), on a temporary SQLite database.
struct BenchDigest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "Time a week's digest for SUBSCRIBERS people over COUNT organisations; prints figures.")

    @Option(help: "How many organisations.") var count = 100_000
    @Option(help: "How many people get the digest.") var subscribers = 10_000
    @Option(help: "Open partner searches posted this week.") var searches = 200

    func run() async throws {
        let reference = ReferenceData.shipped
        print("ClusterCollab digest benchmark, \(ProcessInfo.processInfo.activeProcessorCount) cores")
        let temporary = try await TemporaryPlatform.make("digest")
        defer { temporary.remove() }
        let platform = temporary.platform

        var clock = ContinuousClock.now
        let now = Date()
        // Half the organisations were published this week: the digest then has many new ones to sort by country.
        let organisations = DemoOrganisations.generate(count: count, now: now, reference: reference).enumerated().map { offset, o -> Organisation in
            var p = o
            p.status = .published
            if offset % 2 == 0 { p.createdAt = now.addingTimeInterval(-Double(offset % 5) * 3600) }
            return p
        }
        try await platform.organisations.write(organisations.map { .create($0) })
        try await platform.directory.refresh()
        print(
            BenchDirectory.pad("set-up: \(count) organisations stored and indexed")
                + String(format: "%10.1f s", BenchDirectory.ms(ContinuousClock.now - clock) / 1000))

        clock = ContinuousClock.now
        let stored = try await platform.organisations.page(status: .published, afterID: 0, limit: count)
        try await platform.database.transaction { db in
            for i in 0..<subscribers {
                let user = try await UserRepository.create(
                    email: "subscriber\(i)@clusters.example.eu", name: "Subscriber \(i)", passwordHash: "$2b$04$bench", role: .user, verified: true,
                    unsubscribeToken: "bench-\(i)", now: now, on: db)
                let organisation = stored[(i * 7) % stored.count]
                try await db.raw(
                    "INSERT INTO memberships (organisation_id, user_id, role, created_at) VALUES (\(bind: organisation.id), \(bind: user.id), 'editor', 0)"
                ).run()
            }
        }
        for i in 0..<searches {
            var input = PartnerSearchInput()
            input.title = "Partners for a benchmark project \(i)"
            input.kind = "project-consortium"
            input.description = "A search posted this week, to be matched against every subscriber's organisation."
            input.competences = ["ecosystem:\(i % 14 + 1)", "sector:\(i % 51 + 1)"]
            _ = try await platform.partnerSearches.create(
                try input.applied(to: nil, ownerID: stored[(i * 131) % stored.count].id, reference: reference, today: CalendarDay.of(now)),
                createdBy: nil, actor: "bench")
        }
        _ = try await DemoNews.loadIfEmpty(database: platform.database, now: now)
        _ = try await DemoEvents.loadIfEmpty(database: platform.database, now: now)
        print(
            BenchDirectory.pad("set-up: \(subscribers) subscribers, \(searches) partner searches")
                + String(format: "%10.1f s", BenchDirectory.ms(ContinuousClock.now - clock) / 1000))

        let week = ISOWeek.containing(now)
        clock = ContinuousClock.now
        let sent = try await platform.sendDigests(week, now: now)
        let seconds = BenchDirectory.ms(ContinuousClock.now - clock) / 1000
        print(
            BenchDirectory.pad("digest of \(week) to \(subscribers) subscribers (\(sent) e-mails in the outbox)")
                + String(format: "%10.1f s  (%.0f e-mails/s)", seconds, Double(sent) / max(seconds, 0.001)))
        clock = ContinuousClock.now
        let again = try await platform.sendDigests(week, now: now)
        print(
            BenchDirectory.pad("the same week again (\(again) e-mails: each person's went once)")
                + String(format: "%10.1f s", BenchDirectory.ms(ContinuousClock.now - clock) / 1000))
        print(BenchDirectory.pad("resident memory") + String(format: "%8.1f MB", BenchDirectory.residentMegabytes()))
        await platform.database.shutdown()
    }
}

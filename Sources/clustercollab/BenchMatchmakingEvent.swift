import ArgumentParser
import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabMatching
import ClusterCollabStorage
import ClusterCollabWeb
import Foundation
import SQLKit

/// `clustercollab bench matchmaking-event`: a whole matchmaking event through the platform, on a temporary
/// SQLite database: PARTICIPANTS people of as many published organisations, MEETINGS accepted meetings of a
/// generated event (`MeetingScheduler.syntheticProblem`: 2 days of 16 slots, TABLES tables), then the
/// organiser's run (scheduler, slots and tables written), publishing (an e-mail per participant with a
/// meeting, through the outbox), a participant's whom-to-meet ranking and the reads the organiser's page makes.
struct BenchMatchmakingEvent: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matchmaking-event",
        abstract: "Time a matchmaking event of PARTICIPANTS and MEETINGS through the platform's storage and matching; prints figures.")

    @Option(help: "How many participants (one organisation each).") var participants = 300
    @Option(help: "How many accepted meetings.") var meetings = 2_200
    @Option(help: "Tables per slot.") var tables = 80
    @Option(help: "The generated event's seed.") var seed: UInt64 = 1

    func run() async throws {
        let reference = ReferenceData.shipped
        print("ClusterCollab matchmaking event benchmark, \(ProcessInfo.processInfo.activeProcessorCount) cores")
        let temporary = try await TemporaryPlatform.make("matchmaking")
        defer { temporary.remove() }
        do {
            try await measure(temporary.platform, reference: reference)
        } catch {
            await temporary.platform.database.shutdown()
            throw error
        }
        await temporary.platform.database.shutdown()
    }

    func measure(_ platform: Platform, reference: ReferenceData) async throws {
        func line(_ label: String, _ clock: ContinuousClock.Instant) {
            print(BenchDirectory.pad(label) + String(format: "%10.1f ms", BenchDirectory.ms(ContinuousClock.now - clock)))
        }

        var clock = ContinuousClock.now
        let now = Date()
        let organisations = DemoOrganisations.generate(count: participants, now: now, reference: reference).map { o -> Organisation in
            var p = o
            p.status = .published
            return p
        }
        try await platform.organisations.write(organisations.map { .create($0) })
        try await platform.directory.refresh()
        let problem = MeetingScheduler.syntheticProblem(participants: participants, meetings: meetings, tables: tables, seed: seed)
        // The event: two days of sixteen 30-minute slots, booking closed yesterday.
        let zone = "Europe/Brussels"
        let first = CalendarDay.adding(10, to: now), second = CalendarDay.adding(11, to: now)
        guard let starts = ZonedTime.parse("\(first)T08:00", zone: zone), let ends = ZonedTime.parse("\(second)T18:00", zone: zone) else { return }
        let event = try await platform.events.create(
            Event(
                title: "Benchmark matchmaking days", description: "Generated.", kind: .matchmaking, startsAt: starts, endsAt: ends, timeZone: zone,
                venue: "Brussels"
            ).published(at: now), actor: "bench")
        let setup = MatchmakingSetup(
            eventID: event.event.id,
            sessions: [MatchmakingSession(day: first, starts: 9 * 60, ends: 17 * 60), MatchmakingSession(day: second, starts: 9 * 60, ends: 17 * 60)],
            slotMinutes: 30, tables: tables, registrationOpens: now.addingTimeInterval(-30 * 86_400), bookingOpens: now.addingTimeInterval(-20 * 86_400),
            bookingCloses: now.addingTimeInterval(-86_400), followUpCloses: ends.addingTimeInterval(30 * 86_400))
        try await platform.matchmaking.saveSetup(setup, event: event.event, now: now)
        let stored = try await platform.organisations.all(status: .published)
        // The generated event numbers its slots by day (`d * 100 + k`); the event's slots are numbered in time order.
        let ordinal = Dictionary(uniqueKeysWithValues: problem.slots.enumerated().map { ($1.index, $0) })
        try await platform.database.transaction { db in
            var participantIDs: [Int64: Int64] = [:]
            for (i, p) in problem.participants.enumerated() {
                let organisation = stored[i % stored.count].id
                let user = try await UserRepository.create(
                    email: "participant\(i)@clusters.example.eu", name: "Participant \(i)", passwordHash: "$2b$04$bench", role: .user, verified: true,
                    unsubscribeToken: "bench-\(i)", now: now, on: db)
                try await TeamRepository.addMembership(organisationID: organisation, userID: user.id, role: .member, on: db)
                let id = try await db.raw(
                    """
                    INSERT INTO matchmaking_participants (event_id, user_id, organisation_id, offer, seek, partner_search_id, available, status, registered_at)
                    VALUES (\(bind: event.event.id), \(bind: user.id), \(bind: organisation), 'Drone inspection and test zones.',
                        'Hydrogen and energy partners.', NULL, \(bind: MatchmakingRepository.slotsJSON(Set(p.available.compactMap { ordinal[$0] }))), 'validated', 0)
                    RETURNING id
                    """
                ).first()!.decode(column: "id", as: Int64.self)
                participantIDs[p.id] = id
            }
            for m in problem.meetings {
                try await db.raw(
                    """
                    INSERT INTO matchmaking_requests (event_id, from_id, to_id, message, status, match_score, created_at)
                    VALUES (\(bind: event.event.id), \(bind: participantIDs[m.first]!), \(bind: participantIDs[m.second]!), '', 'accepted',
                        \(bind: min(100, m.priority)), 0)
                    """
                ).run()
            }
        }
        line("set-up: \(participants) participants, \(problem.meetings.count) accepted meetings", clock)

        clock = ContinuousClock.now
        let outcome = try await platform.matchmaking.runSchedule(eventID: event.event.id, reschedule: false)
        line("organiser's run (scheduler, slots and tables written)", clock)
        let run = outcome.run
        print(
            "  scheduled \(run.scheduled) of \(run.accepted), greedy \(run.greedy), bound \(run.bound) (\(run.boundKind)), gap "
                + String(format: "%.2f %%", run.gap * 100) + ", scheduler \(run.milliseconds) ms")

        clock = ContinuousClock.now
        let again = try await platform.matchmaking.runSchedule(eventID: event.event.id, reschedule: false)
        line("a second run (every meeting placed is kept)", clock)
        print("  scheduled \(again.run.scheduled), moved \(zip(outcome.meetings, again.meetings).filter { $0.slot != $1.slot }.count)")

        clock = ContinuousClock.now
        _ = try await platform.matchmaking.publishSchedule(eventID: event.event.id)
        line("publishing (one e-mail per participant with a meeting)", clock)

        clock = ContinuousClock.now
        let all = try await platform.matchmaking.participants(eventID: event.event.id)
        let requests = try await platform.matchmaking.requests(eventID: event.event.id)
        line("the organiser's page reads (\(all.count) participants, \(requests.count) requests)", clock)

        var times: [Double] = []
        for i in 0..<20 {
            let start = ContinuousClock.now
            _ = try await platform.ranked(for: all[i * 7 % all.count], among: all, filter: .init(), language: Languages.english)
            times.append(BenchDirectory.ms(ContinuousClock.now - start))
        }
        times.sort()
        print(BenchDirectory.pad("whom to meet: \(all.count - 1) others ranked both ways, median") + String(format: "%10.1f ms", times[times.count / 2]))
        print(BenchDirectory.pad("whom to meet, slowest of 20") + String(format: "%10.1f ms", times.last ?? 0))
    }
}

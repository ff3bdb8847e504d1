import ClusterCollabContent
import ClusterCollabCore
import Foundation
import SQLKit

/// The matchmaking part of the demo: a past morning of meetings (its schedule published, its meetings
/// followed up with the agreements they started) and the upcoming energy matchmaking days in their
/// booking phase, where the drone cluster's team has requests waiting. The people other than the demo's
/// manager are made up and cannot log in. Rows are written directly (the demo sends no e-mail).
public enum DemoMatchmaking {
    /// Loads the matchmaking demo into a platform that has none; returns how many events it set up.
    public static func loadIfEmpty(database: Database, now: Date = Date()) async throws -> Int {
        let texts = DemoMatchmakingTexts.shared
        let events = EventRepository(database: database)
        let store = MatchmakingRepository(database: database, publicURL: "")
        let ready = try await database.withConnection { db in
            try await db.raw("SELECT COUNT(*) AS n FROM matchmaking_setups").first()?.decode(column: "n", as: Int.self) == 0
        }
        guard ready, let upcoming = try await events.list(EventRepository.Filter(), page: 1, perPage: 100).items.first(where: { $0.event.kind == .matchmaking })
        else { return 0 }
        guard
            let manager = try await database.withConnection({ db in
                try await db.raw("SELECT id FROM users WHERE email LIKE 'manager@%' ORDER BY id LIMIT 1").first()?.decode(column: "id", as: Int64.self)
            })
        else { return 0 }

        // The past event: a morning in Toulouse 45 days ago, in its follow-up phase.
        let zone = "Europe/Paris"
        let day = CalendarDay.adding(-45, to: now)
        guard let starts = ZonedTime.parse("\(day)T09:00", zone: zone), let ends = ZonedTime.parse("\(day)T13:00", zone: zone) else { return 0 }
        let past = try await events.create(
            Event(
                title: texts.pastEvent.title, description: texts.pastEvent.description, kind: .matchmaking, startsAt: starts, endsAt: ends,
                timeZone: zone, venue: texts.pastEvent.venue, tags: texts.pastEvent.tags, authorID: manager
            ).published(at: starts.addingTimeInterval(-40 * 86_400)), actor: "demo data", now: starts.addingTimeInterval(-40 * 86_400))
        let pastSetup = MatchmakingSetup(
            eventID: past.event.id,
            sessions: [MatchmakingSession(day: day, starts: 9 * 60, ends: 12 * 60 + 40, breaks: [.init(starts: 10 * 60 + 40, ends: 11 * 60)])],
            slotMinutes: 20, tables: 4, registrationOpens: starts.addingTimeInterval(-40 * 86_400), bookingOpens: starts.addingTimeInterval(-30 * 86_400),
            bookingCloses: starts.addingTimeInterval(-3 * 86_400), followUpCloses: now.addingTimeInterval(30 * 86_400))
        try await store.saveSetup(pastSetup, event: past.event, now: starts.addingTimeInterval(-40 * 86_400))
        let pastSlots = pastSetup.slots(timeZone: zone).count
        let pastPeople = try await participants(
            texts.participants, event: past.event.id, slots: pastSlots, manager: manager, at: pastSetup.registrationOpens, database: database)
        // Who met whom (indexes into the participants), the last one declined.
        let pairs: [(Int, Int)] = [(0, 1), (0, 2), (0, 3), (0, 4), (1, 2), (2, 5), (3, 4), (4, 7), (6, 0), (5, 7), (1, 7), (3, 6)]
        var meetingIDs: [Int64] = []
        for (i, pair) in pairs.enumerated() {
            meetingIDs.append(
                try await request(
                    from: pastPeople[pair.0], to: pastPeople[pair.1], message: texts.messages[i % texts.messages.count], status: .accepted, match: 80 - i * 3,
                    at: pastSetup.bookingOpens.addingTimeInterval(Double(i) * 3_600), database: database))
        }
        _ = try await request(from: pastPeople[2], to: pastPeople[6], message: "", status: .declined, match: 20, at: pastSetup.bookingOpens, database: database)
        _ = try await store.runSchedule(eventID: past.event.id, reschedule: false, now: pastSetup.bookingCloses)
        try await database.withConnection { db in
            try await db.raw(
                "UPDATE matchmaking_setups SET schedule_published_at = \(bind: StoredTime.millis(pastSetup.bookingCloses)), schedule_version = 1 WHERE event_id = \(bind: past.event.id)"
            ).run()
        }
        // What came of them, as each side reported it.
        let reports: [(meeting: Int, by: Int, outcome: MeetingOutcome, tookPlace: Bool)] = [
            (0, 0, .memorandum, true), (0, 1, .memorandum, true), (1, 0, .jointProposal, true), (2, 3, .letterOfInterest, true),
            (3, 4, .nothingYet, true), (4, 1, .partnershipAgreement, true), (5, 2, .nothingYet, true), (6, 3, .memorandum, true),
            (7, 4, .letterOfInterest, true), (8, 6, .nothingYet, false),
        ]
        let meetings = meetingIDs
        try await database.withConnection { db in
            for r in reports {
                let participant = pastPeople[r.by]
                try await db.raw(
                    """
                    INSERT INTO matchmaking_follow_ups (meeting_id, participant_id, took_place, outcome, note, updated_at)
                    VALUES (\(bind: meetings[r.meeting]), \(bind: participant), \(bind: r.tookPlace ? 1 : 0), \(bind: r.outcome.rawValue), '',
                        \(bind: StoredTime.millis(ends.addingTimeInterval(Double(r.meeting + 1) * 86_400))))
                    """
                ).run()
            }
        }

        // The upcoming energy days: two days of 30-minute meetings, booking open now.
        let event = upcoming.event
        let first = CalendarDay.of(event.startsAt.addingTimeInterval(Double(TimeZone(identifier: event.timeZone)?.secondsFromGMT(for: event.startsAt) ?? 0)))
        let second = CalendarDay.adding(1, to: CalendarDay.date(first) ?? event.startsAt)
        let setup = MatchmakingSetup(
            eventID: event.id,
            sessions: [
                MatchmakingSession(day: first, starts: 9 * 60, ends: 17 * 60, breaks: [.init(starts: 12 * 60 + 30, ends: 13 * 60 + 30)]),
                MatchmakingSession(day: second, starts: 9 * 60, ends: 13 * 60),
            ],
            slotMinutes: 30, tables: 20, registrationOpens: now.addingTimeInterval(-10 * 86_400), bookingOpens: now.addingTimeInterval(-2 * 86_400),
            bookingCloses: event.startsAt.addingTimeInterval(-2 * 86_400), followUpCloses: event.endsAt.addingTimeInterval(30 * 86_400))
        try await store.saveSetup(setup, event: event, now: now)
        let slots = setup.slots(timeZone: event.timeZone).count
        let people = try await participants(
            texts.upcomingParticipants, event: event.id, slots: slots, manager: manager, at: setup.registrationOpens, database: database)
        // The drone cluster asked two and was asked by one; the others among themselves.
        let asks: [(Int, Int, MatchmakingRequest.Status)] = [(0, 2, .pending), (0, 4, .pending), (1, 0, .pending), (3, 1, .accepted), (5, 2, .pending)]
        for (i, ask) in asks.enumerated() {
            _ = try await request(
                from: people[ask.0], to: people[ask.1], message: texts.messages[i % texts.messages.count], status: ask.2, match: 70 - i * 5,
                at: setup.bookingOpens.addingTimeInterval(Double(i) * 1_800), database: database)
        }
        return 2
    }

    /// The participants' ids, in the order given: the drone cluster's is the demo manager; the others are
    /// made-up people added to their cluster's team (they cannot log in: no password opens their account).
    static func participants(
        _ list: [DemoMatchmakingTexts.Participant], event: Int64, slots: Int, manager: Int64, at: Date, database: Database
    ) async throws -> [Int64] {
        try await database.transaction { db in
            var ids: [Int64] = []
            for (i, p) in list.enumerated() {
                guard
                    let organisation = try await db.raw("SELECT id FROM organisations WHERE name = \(bind: p.organisation) ORDER BY id LIMIT 1").first()?
                        .decode(column: "id", as: Int64.self)
                else { continue }
                var user = manager
                if p.organisation != "Pôle Drones Île-de-France" {
                    let email = "matchmaking-\(TextFolding.slug(p.person))@demo.invalid"
                    if let found = try await db.raw("SELECT id FROM users WHERE email = \(bind: email)").first()?.decode(column: "id", as: Int64.self) {
                        user = found
                    } else {
                        user =
                            try await db.raw(
                                """
                                INSERT INTO users (email, name, password_hash, role, email_verified_at, time_zone, email_settings, unsubscribe_token, created_at, updated_at)
                                VALUES (\(bind: email), \(bind: p.person), '!', 'user', \(bind: StoredTime.millis(at)), 'Europe/Paris', '{}',
                                    \(bind: "demo-matchmaking-\(email)"), \(bind: StoredTime.millis(at)), \(bind: StoredTime.millis(at)))
                                RETURNING id
                                """
                            ).first()?.decode(column: "id", as: Int64.self) ?? 0
                    }
                    if try await db.raw("SELECT 1 AS one FROM memberships WHERE organisation_id = \(bind: organisation) AND user_id = \(bind: user)").first()
                        == nil
                    {
                        try await db.raw(
                            "INSERT INTO memberships (organisation_id, user_id, role, created_at) VALUES (\(bind: organisation), \(bind: user), 'member', \(bind: StoredTime.millis(at)))"
                        ).run()
                    }
                }
                // Most are free all along; every third one misses the first slots.
                let available = Set((i % 3 == 2 ? 2 : 0)..<slots)
                let id =
                    try await db.raw(
                        """
                        INSERT INTO matchmaking_participants (event_id, user_id, organisation_id, offer, seek, partner_search_id, available, status, registered_at)
                        VALUES (\(bind: event), \(bind: user), \(bind: organisation), \(bind: p.offer), \(bind: p.seek), NULL,
                            \(bind: MatchmakingRepository.slotsJSON(available)), 'validated', \(bind: StoredTime.millis(at.addingTimeInterval(Double(i) * 3_600))))
                        RETURNING id
                        """
                    ).first()?.decode(column: "id", as: Int64.self) ?? 0
                ids.append(id)
            }
            return ids
        }
    }

    static func request(
        from: Int64, to: Int64, message: String, status: MatchmakingRequest.Status, match: Int, at: Date, database: Database
    ) async throws -> Int64 {
        try await database.withConnection { db in
            try await db.raw(
                """
                INSERT INTO matchmaking_requests (event_id, from_id, to_id, message, status, match_score, created_at, decided_at)
                SELECT event_id, \(bind: from), \(bind: to), \(bind: message), \(bind: status.rawValue), \(bind: match), \(bind: StoredTime.millis(at)),
                    \(bind: status == .pending ? nil : StoredTime.millis(at.addingTimeInterval(86_400)))
                FROM matchmaking_participants WHERE id = \(bind: from)
                RETURNING id
                """
            ).first()?.decode(column: "id", as: Int64.self) ?? 0
        }
    }
}

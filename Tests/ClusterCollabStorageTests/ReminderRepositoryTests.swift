import ClusterCollabCalls
import ClusterCollabCore
import ClusterCollabMatching
@testable import ClusterCollabStorage
import Foundation
import Testing

/// Deadline reminders on both databases: who is told (the lead team of a draft, a search's followers,
/// confirmed addresses only), in which language, and that each person's reminder goes exactly once
/// whatever the runs and instances.
@Suite struct ReminderRepositoryTests {
    /// 2026-11-18T07:46:40Z.
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let publicURL = "https://clusters.example.eu"

    static func person(_ email: String, verified: Bool = true, language: String = "en", on db: Database) async throws -> User {
        try await db.transaction { tx in
            try await UserRepository.create(
                email: email, name: String(email.prefix { $0 != "@" }).capitalized, passwordHash: "$2b$04$hash", role: .user, verified: verified,
                unsubscribeToken: "unsub-" + email, language: language, now: now, on: tx)
        }
    }

    static func team(_ organisation: Int64, _ people: [User], on db: Database) async throws {
        for person in people { try await TeamRepository.addMembership(organisationID: organisation, userID: person.id, role: .member, database: db) }
    }

    static func search(_ title: String, owner: Int64, deadline: String?, createdBy: Int64?, on db: Database) async throws -> StoredPartnerSearch {
        var input = PartnerSearchInput()
        input.title = title; input.kind = "project-consortium"
        input.description = "A consortium for drones in industrial modernisation."; input.competences = ["keyword:drone"]
        input.deadline = deadline
        return try await PartnerSearchRepository(database: db, reference: .shipped, publicURL: publicURL)
            .create(try input.applied(to: nil, ownerID: owner, reference: .shipped, today: "2026-11-01"), createdBy: createdBy, actor: "test", now: now)
    }

    static func mails(_ db: Database, to email: String) async throws -> [OutboxRow] {
        try await OutboxRepository(database: db).list(page: 1, perPage: 500).rows.filter { $0.recipient == email && $0.kind.hasSuffix("-reminder") }
    }

    static func bell(_ db: Database, _ user: User) async throws -> [UserNotification] {
        try await NotificationRepository(database: db).list(userID: user.id).filter { $0.kind.hasSuffix("-reminder") }
    }

    @Test(arguments: TestDatabase.dialects)
    func aDraftsLeadTeamIsRemindedOnceWhateverTheRunsAndInstances(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            // given a lead team of four: confirmed in English and in French, unconfirmed, and one with
            // reminders turned off
            let calls = CallRepository(database: db, reference: .shipped, publicURL: Self.publicURL)
            let lead = try await PartneringAndCallsRepositoryTests.organisation("Drone Cluster", "FR", "FR10", on: db)
            let ana = try await Self.person("ana@clusters.example.eu", on: db)
            let bruno = try await Self.person("bruno@clusters.example.eu", language: "fr", on: db)
            let carla = try await Self.person("carla@clusters.example.eu", verified: false, on: db)
            let dora = try await Self.person("dora@clusters.example.eu", on: db)
            try await PrivacyRepository(database: db, publicURL: Self.publicURL).setEmailSettings(userID: dora.id, EmailSettings(off: [.reminders]))
            try await Self.team(lead.id, [ana, bruno, carla, dora], on: db)
            // and another team whose expression of interest is submitted
            let other = try await PartneringAndCallsRepositoryTests.organisation("Sea Cluster", "PT", "PT17", on: db)
            let eve = try await Self.person("eve@clusters.example.eu", on: db)
            try await Self.team(other.id, [eve], on: db)
            // and a call in Brussels closing in three days, with a draft of each
            var call = DemoCalls.escpS3(title: "ESCP-S3 2026", opensAt: Self.now.addingTimeInterval(-86_400), closesAt: Self.now.addingTimeInterval(3 * 86_400))
            call.rules = []
            let stored = try await calls.create(call, actor: "test", now: Self.now).call
            let drones = try await Self.search("Drones for farms", owner: lead.id, deadline: nil, createdBy: nil, on: db)
            let sea = try await Self.search("Sea drones", owner: other.id, deadline: nil, createdBy: nil, on: db)
            let draft = try await calls.createDraft(callID: stored.id, searchID: drones.search.id, leadID: lead.id, userID: ana.id, now: Self.now)
            let done = try await calls.createDraft(callID: stored.id, searchID: sea.search.id, leadID: other.id, userID: eve.id, now: Self.now)
            let answers = ["summary": String(repeating: "a summary ", count: 6), "thematic_area": "Agri-food", "s3_alignment": "yes"]
            _ = try await calls.submit(id: done.id, answers: answers, expectedVersion: 1, userID: eve.id, userEmail: eve.email, clock: { Self.now })

            // when the reminders are sent eight days before the deadline: nothing is due yet
            let reminders = ReminderRepository(database: db, reference: .shipped, publicURL: Self.publicURL)
            #expect(try await reminders.sendDue(now: Self.now.addingTimeInterval(-5 * 86_400)) == 0)
            // when two instances send them at once, and one again later
            async let first = reminders.sendDue(now: Self.now)
            async let second = reminders.sendDue(now: Self.now.addingTimeInterval(1))
            let told = try await first + second
            #expect(try await reminders.sendDue(now: Self.now.addingTimeInterval(600)) == 0)

            // then the confirmed members were told once each, and nobody else
            #expect(told == 3)
            let key = "eoi-deadline:\(draft.id):\(ZonedTime.iso8601(stored.closesAt, zone: "UTC"))"
            #expect(try await reminders.sent([key]) == [key: [ana.id, bruno.id, dora.id]])
            let toAna = try await Self.mails(db, to: ana.email)
            #expect(toAna.count == 1)
            #expect(toAna.first?.subject.hasPrefix("Reminder: “ESCP-S3 2026” closes on ") == true)
            #expect(toAna.first?.subject.hasSuffix("(Europe/Brussels)") == true)
            #expect(toAna.first?.bodyText.contains("\(Self.publicURL)/applications/\(draft.id)") == true)
            #expect(toAna.first?.unsubscribeURL == "\(Self.publicURL)/unsubscribe/unsub-ana@clusters.example.eu", "an optional e-mail")
            // in their own language
            #expect(try await Self.mails(db, to: bruno.email).map(\.subject).first?.hasPrefix("Rappel : « ESCP-S3 2026 » se clôt le ") == true)
            // with reminders off: the bell, no e-mail
            #expect(try await Self.mails(db, to: dora.email).isEmpty)
            #expect(try await Self.bell(db, dora).count == 1)
            #expect(try await Self.bell(db, ana).map(\.link) == ["/applications/\(draft.id)"])
            // an unconfirmed address and a submitted expression of interest: nothing
            #expect(try await Self.mails(db, to: carla.email).isEmpty)
            #expect(try await Self.bell(db, carla).isEmpty)
            #expect(try await Self.mails(db, to: eve.email).isEmpty)
            #expect(try await Self.bell(db, eve).isEmpty)

            // Once the call has closed nothing more is due.
            #expect(try await reminders.sendDue(now: stored.closesAt) == 0)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func aSearchsFollowersAreRemindedOnceBeforeItsLastDay(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            // given a search taking interest until 21 November, followed by its author (who follows what
            // they post), a French reader and an unconfirmed address
            let searches = PartnerSearchRepository(database: db, reference: .shipped, publicURL: Self.publicURL)
            let owner = try await PartneringAndCallsRepositoryTests.organisation("Drone Cluster", "FR", "FR10", on: db)
            let ana = try await Self.person("ana@clusters.example.eu", on: db)
            let bruno = try await Self.person("bruno@clusters.example.eu", language: "fr", on: db)
            let carla = try await Self.person("carla@clusters.example.eu", verified: false, on: db)
            try await Self.team(owner.id, [ana], on: db)
            let expiring = try await Self.search("Drones for industry", owner: owner.id, deadline: "2026-11-21", createdBy: ana.id, on: db)
            for person in [bruno, carla] { try await searches.follow(searchID: expiring.search.id, userID: person.id, true, now: Self.now) }
            // and followed searches without a deadline, further away, and closed
            let open = try await Self.search("Open-ended", owner: owner.id, deadline: nil, createdBy: ana.id, on: db)
            let later = try await Self.search("Later", owner: owner.id, deadline: "2026-12-31", createdBy: ana.id, on: db)
            let closed = try await Self.search("Closed early", owner: owner.id, deadline: "2026-11-20", createdBy: ana.id, on: db)
            try await db.withConnection { c in try await c.raw("UPDATE partner_searches SET status = 'closed' WHERE id = \(bind: closed.search.id)").run() }
            let reminders = ReminderRepository(database: db, reference: .shipped, publicURL: Self.publicURL)
            let found = try await reminders.followedSearches(expiringFrom: "2026-11-18", through: "2026-11-25")
            #expect(found.map(\.search.id) == [expiring.search.id])
            #expect(found.first?.followers.map(\.userID) == [ana.id, bruno.id], "confirmed addresses only")
            _ = (open, later)

            // when the reminders are sent on 13 November (eight days before), then on the 18th twice at once, and again
            #expect(try await reminders.sendDue(now: Self.now.addingTimeInterval(-5 * 86_400)) == 0)
            async let first = reminders.sendDue(now: Self.now)
            async let second = reminders.sendDue(now: Self.now)
            #expect(try await first + second == 2)
            #expect(try await reminders.sendDue(now: Self.now.addingTimeInterval(86_400)) == 0)

            // then each confirmed follower had one, in their language, with the search's link
            let toAna = try await Self.mails(db, to: ana.email)
            #expect(toAna.map(\.subject) == ["Reminder: “Drones for industry” closes after 21 November 2026"])
            #expect(toAna.first?.bodyText.contains("\(Self.publicURL)/partner-searches/\(expiring.search.id)") == true)
            #expect(try await Self.mails(db, to: bruno.email).map(\.subject) == ["Rappel : « Drones for industry » se clôt après le 21 novembre 2026"])
            #expect(try await Self.bell(db, bruno).count == 1)
            #expect(try await Self.mails(db, to: carla.email).isEmpty)
            #expect(try await Self.bell(db, carla).isEmpty)
            // and the later search's reminder comes in its own time
            #expect(try await reminders.sendDue(now: Self.now.addingTimeInterval(37 * 86_400)) == 1)
            #expect(try await Self.mails(db, to: ana.email).count == 2)
        }
    }
}

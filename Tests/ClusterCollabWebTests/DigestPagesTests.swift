import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabStorage
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing

/// The weekly digest: its page per ISO week, and its e-mail, sent once per person and week.
@Suite struct DigestPagesTests {
    @Test func theFoundingStorysWeekHasItsDigestPage() async throws {
        try await withApp { client, _ in
            let page = try await client.get("/digest/2016-W23", headers: htmlAccept)
            #expect(page.status == .ok)
            #expect(page.text.contains("href=\"/news/seventy-clusters-at-the-association-s-general-assembly\""))
            #expect(page.text.contains("6 June 2016 to 12 June 2016"))
            let now = try await client.get("/digest", headers: htmlAccept)
            #expect(now.status == .seeOther)
            let thisWeek = ISOWeek.containing(Date()).description
            #expect(now.headers[.location] == "/digest/\(thisWeek)")
            let current = try await client.get("/digest/\(thisWeek)", headers: htmlAccept)
            #expect(current.status == .ok)
            #expect(current.text.contains("href=\"/events/drone-test-zones-a-webinar-for-partner-clusters\""), "the weeks ahead's events")
            #expect(current.text.contains("href=\"/funding/"), "funding opportunities closing in the weeks ahead")
            for week in [ISOWeek.containing(Date()).next.description, "2016-W53", "2016-W00", "2016-23", String(repeating: "9", count: 300)] {
                #expect(try await client.get("/digest/\(week)", headers: htmlAccept).status == .notFound, "\(week)")
            }
            #expect(try await client.get("/digest/2016-W23?lang=fr", headers: htmlAccept).text.contains("du 6 juin 2016 au 12 juin 2016"))
        }
    }

    func digests(_ platform: Platform, _ email: String) async throws -> [OutboxRow] {
        try await platform.outbox.list(page: 1, perPage: 500).rows.filter { $0.kind == "digest" && $0.recipient == email }
    }

    @Test func eachSubscriberGetsTheWeeksDigestOnceWhateverTheInstancesAndRuns() async throws {
        try await withApp { _, platform in
            try await TeamsAndModerationTests.account(platform, "reader@clusters.example.eu")
            try await TeamsAndModerationTests.account(platform, "quiet@clusters.example.eu")
            let quiet = try #require(try await platform.users.find(email: "quiet@clusters.example.eu"))
            try await PrivacyRepository(database: platform.database, publicURL: platform.configuration.publicURL).setEmailSettings(
                userID: quiet.id, EmailSettings(off: [.digest]))
            // The reader is in the drone cluster's team: its countries of interest are the reader's.
            let drones = try #require(try await platform.organisations.find(slug: "pole-drones-ile-de-france"))
            let reader = try #require(try await platform.users.find(email: "reader@clusters.example.eu"))
            try await platform.database.withConnection { db in
                try await db.raw(
                    "INSERT INTO memberships (organisation_id, user_id, role, created_at) VALUES (\(bind: drones.id), \(bind: reader.id), 'editor', 0)"
                ).run()
            }
            // A cluster published this week in a country the drone cluster follows, and one elsewhere.
            var followed = drones
            followed.countriesOfInterest = ["CZ"]
            _ = try await platform.organisations.update(followed, actor: "test")
            _ = try await platform.organisations.create(
                Organisation(name: "Moravian Drone Cluster", type: .clusterOrganisation, country: "CZ", region: "CZ06", status: .published))
            _ = try await platform.organisations.create(
                Organisation(name: "Lisbon Sea Cluster", type: .clusterOrganisation, country: "PT", region: "PT17", status: .published))
            // Two instances on the same database send the same week at once, and one sends it again.
            let week = ISOWeek.containing(Date())
            let second = try await Platform(configuration: platform.configuration, logger: .init(label: "second instance"))
            let sent: (Int, Int)
            do {
                async let a = platform.sendDigests(week)
                async let b = second.sendDigests(week)
                sent = try await (a, b)
                await second.database.shutdown()
            } catch {
                await second.database.shutdown()
                throw error
            }
            #expect(try await platform.sendDigests(week) == 0)

            let mails = try await digests(platform, "reader@clusters.example.eu")
            #expect(mails.count == 1)
            #expect(sent.0 + sent.1 >= 1)
            let mail = try #require(mails.first)
            #expect(mail.subject == "Weekly digest \(week)")
            #expect(mail.bodyText.contains("Coming events:\n- Drone test zones: a webinar for partner clusters\n  https://clusters.example.eu/events/"))
            #expect(mail.bodyText.contains("https://clusters.example.eu/digest/\(week)"))
            #expect(
                mail.bodyText.contains(
                    "New organisations in the countries you follow:\n- Moravian Drone Cluster (CZ)\n  https://clusters.example.eu/organisations/"))
            #expect(!mail.bodyText.contains("Lisbon Sea Cluster"))
            #expect(mail.unsubscribeURL?.hasPrefix("https://clusters.example.eu/unsubscribe/") == true)
            #expect(try await digests(platform, "quiet@clusters.example.eu").isEmpty, "the digest e-mail turned off")
        }
    }
}

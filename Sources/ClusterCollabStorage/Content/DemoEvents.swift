import ClusterCollabContent
import ClusterCollabCore
import Foundation
import SQLKit

/// The events part of the demo: the national cluster association's general assembly of 27 May 2016 in
/// Paris (the event the founding news story reports), and events to come, placed relative to the day the
/// demo is loaded so that the upcoming list is never empty. Every name in them is made up.
public enum DemoEvents {
    /// Loads the events into a platform that has none; returns how many.
    public static func loadIfEmpty(database: Database, now: Date = Date()) async throws -> Int {
        let events = EventRepository(database: database)
        guard try await events.list(EventRepository.Filter(), page: 1, perPage: 1).total == 0 else { return 0 }
        let (author, drones) = try await database.withConnection { db in
            (
                try await db.raw("SELECT id FROM users WHERE email LIKE 'manager@%' ORDER BY id LIMIT 1").first()?.decode(column: "id", as: Int64.self),
                try await db.raw("SELECT id FROM organisations WHERE name = 'Pôle Drones Île-de-France' ORDER BY id LIMIT 1").first()?
                    .decode(column: "id", as: Int64.self)
            )
        }
        // Whole days ahead at a given local hour, so the demo's times read naturally in their zone.
        func ahead(_ days: Int, _ hour: Int, zone: String) -> Date {
            let day = CalendarDay.adding(days, to: now)
            return ZonedTime.parse("\(day)T\(hour < 10 ? "0" : "")\(hour):00", zone: zone) ?? now.addingTimeInterval(Double(days) * 86_400)
        }
        let assemblyStart = Date(timeIntervalSince1970: 1_464_336_000)  // 27 May 2016, 10:00 in Paris
        let list = [
            Event(
                title: "General assembly of the national cluster association",
                description: """
                    The national cluster association's yearly general assembly: the members' report, the accounts, and a round table on **European Strategic Cluster Partnerships for smart specialisation (ESCP-S3)**.

                    - 10:00 welcome and the president's report
                    - 11:30 round table: answering the ESCP-S3 call together
                    - 14:30 opening our innovation infrastructures to the network
                    """,
                kind: .generalAssembly, startsAt: assemblyStart, endsAt: assemblyStart.addingTimeInterval(7.5 * 3600), timeZone: "Europe/Paris",
                venue: "Maison des Clusters (demo), 12 rue de l'Exemple, 75007 Paris, France",
                registrationLink: "https://clusters.example.eu/assembly-2016", tags: ["general-assembly", "escp-s3"], authorID: author
            ).published(at: assemblyStart.addingTimeInterval(-30 * 86_400)),
            Event(
                title: "Drone test zones: a webinar for partner clusters",
                description: "How partner clusters' members book the flight test zone, with its rules and insurance.",
                kind: .webinar, startsAt: ahead(9, 14, zone: "Europe/Paris"), endsAt: ahead(9, 15, zone: "Europe/Paris").addingTimeInterval(1800),
                timeZone: "Europe/Paris", onlineLink: "https://meet.example.eu/drone-test-zones", organiserID: drones,
                tags: ["drones", "infrastructures"], authorID: author
            ).published(at: now.addingTimeInterval(-5 * 86_400)),
            Event(
                title: "Cluster matchmaking days for the energy transition",
                description: "Two days of one-to-one meetings between clusters looking for partners on hydrogen and local energy communities.",
                kind: .matchmaking, startsAt: ahead(40, 9, zone: "Europe/Brussels"), endsAt: ahead(41, 17, zone: "Europe/Brussels"),
                timeZone: "Europe/Brussels", venue: "Square Conference Centre (demo), Brussels, Belgium",
                registrationLink: "https://clusters.example.eu/matchmaking-energy", tags: ["energy", "matchmaking"], authorID: author
            ).published(at: now.addingTimeInterval(-2 * 86_400)),
            Event(
                title: "Cluster management workshop in Lisbon",
                description: "A workshop for cluster managers on services to members, internationalisation and the ESCA labels.",
                kind: .workshop, startsAt: ahead(70, 10, zone: "Europe/Lisbon"), endsAt: ahead(70, 16, zone: "Europe/Lisbon"),
                timeZone: "Europe/Lisbon", venue: "Centro de Congressos (demo), Lisbon, Portugal", tags: ["cluster-management"], authorID: author
            ).published(at: now.addingTimeInterval(-1 * 86_400)),
        ]
        for event in list { _ = try await events.create(event, actor: "demo data", now: event.publishedAt ?? now) }
        return list.count
    }
}

import ClusterCollabContent
import ClusterCollabCore
import Foundation
import SQLKit

/// The news part of the demo: the founding story (the association's general assembly of 27 May 2016,
/// reported on 6 June 2016 by the demo's profile administrator, tagged `escp-s3`, about the ESCP-S3 call
/// and the Île-de-France drone cluster) and a few more articles. Every name in them is made up.
public enum DemoNews {
    /// Loads the articles into a platform that has none; returns how many.
    public static func loadIfEmpty(database: Database, now: Date = Date()) async throws -> Int {
        let news = NewsRepository(database: database)
        guard try await news.list(NewsRepository.Filter(), page: 1, perPage: 1).total == 0 else { return 0 }
        let (author, drones, call, photo) = try await database.withConnection { db in
            (
                try await db.raw("SELECT id FROM users WHERE email LIKE 'manager@%' ORDER BY id LIMIT 1").first()?.decode(column: "id", as: Int64.self),
                try await db.raw("SELECT id FROM organisations WHERE name = 'Pôle Drones Île-de-France' ORDER BY id LIMIT 1").first()?
                    .decode(column: "id", as: Int64.self),
                try await db.raw("SELECT id FROM calls ORDER BY id LIMIT 1").first()?.decode(column: "id", as: Int64.self),
                try await db.raw("SELECT id FROM documents WHERE file_name = \(bind: DemoDocuments.photoFileName) ORDER BY id LIMIT 1").first()?
                    .decode(column: "id", as: Int64.self)
            )
        }
        let reported = Date(timeIntervalSince1970: 1_465_207_200)  // 6 June 2016, 10:00 UTC
        let articles = [
            NewsArticle(
                title: "Seventy clusters at the association's general assembly",
                summary:
                    "On 27 May 2016 some 70 cluster organisations met in Paris for the general assembly of the national cluster association, and a round table on European strategic cluster partnerships.",
                body: """
                    The general assembly of the national cluster association brought together some 70 cluster organisations on 27 May 2016.

                    ## A round table on European partnerships

                    Cluster managers discussed how to answer the **European Strategic Cluster Partnerships for smart specialisation (ESCP-S3)** call together: which partners to look for, which regions, and how to open their innovation infrastructures (test beds, fab labs, shared equipment) to the whole network.

                    - Pôle Drones Île-de-France presented its flight test zone and its search for partners in industrial modernisation.
                    - The members agreed to share their infrastructures on the platform.
                    """,
                tags: ["escp-s3", "general-assembly", "drones"], relatedOrganisations: drones.map { [$0] } ?? [],
                relatedCalls: call.map { [$0] } ?? [], authorID: author,
                image: photo.map {
                    NewsImage(
                        documentID: $0,
                        alt: "Cluster managers seated around a large round table, seen from above, with papers in front of each seat",
                        caption: "The round table on European strategic cluster partnerships, 27 May 2016", credit: "Demo data (illustration)")
                }
            ).published(at: reported),
            NewsArticle(
                title: "Drone clusters compare their test zones",
                summary: "Three drone clusters from France, Czechia and Italy exchanged on beyond-visual-line-of-sight trials and their rules.",
                body: "The clusters compared how their test zones are booked, insured and opened to members of partner clusters.",
                tags: ["drones", "infrastructures"], relatedOrganisations: drones.map { [$0] } ?? [], authorID: author
            ).published(at: now.addingTimeInterval(-12 * 86_400)),
            NewsArticle(
                title: "New partner searches for the energy transition",
                summary: "Clusters from six countries look for partners on hydrogen valleys and local energy communities.",
                body: "Browse the open partner searches and express your interest from your organisation's page.",
                tags: ["energy", "partnering"], authorID: author
            ).published(at: now.addingTimeInterval(-3 * 86_400)),
        ]
        for article in articles { _ = try await news.create(article, actor: "demo data", now: article.publishedAt ?? now) }
        return articles.count
    }
}

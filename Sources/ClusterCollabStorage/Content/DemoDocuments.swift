import ClusterCollabContent
import ClusterCollabCore
import Foundation
import SQLKit

/// The document library of the demo: a guide and a template of the platform, the network's yearly report,
/// the Île-de-France drone cluster's rules for its flight test zone (in French), each a small PDF written
/// here, and the picture of the founding story's round table; every name in them is made up.
public enum DemoDocuments {
    /// The file name of the founding article's picture.
    public static let photoFileName = "general-assembly-round-table-2016.png"

    /// Loads the documents into a platform that has none; returns how many.
    public static func loadIfEmpty(database: Database, now: Date = Date()) async throws -> Int {
        let documents = DocumentRepository(database: database)
        guard try await documents.list(DocumentRepository.Filter(), page: 1, perPage: 1).total == 0 else { return 0 }
        let drones = try await database.withConnection { db in
            try await db.raw("SELECT id FROM organisations WHERE name = 'Pôle Drones Île-de-France' ORDER BY id LIMIT 1").first()?
                .decode(column: "id", as: Int64.self)
        }
        struct Item {
            var title: String
            var kind: DocumentKind
            var date: String
            var language: String
            var tags: [String]
            var owner: DocumentOwner
            var description: String
            var fileName: String
            var paragraphs: [String]
        }
        var items = [
            Item(
                title: "Answering a European strategic cluster partnership call together", kind: .guide, date: "2016-06-06", language: "en",
                tags: ["escp-s3", "partnering"], owner: .platform,
                description:
                    "How cluster organisations from several regions prepare a joint expression of interest: partners, regions, shared infrastructures.",
                fileName: "escp-s3-partnering-guide.pdf",
                paragraphs: [
                    "This guide follows the round table of the national cluster association's general assembly of 27 May 2016.",
                    "1. Look for partners whose competences complete yours, in regions with a matching smart specialisation strategy.",
                    "2. Agree early on who leads the consortium and who answers for each work package.",
                    "3. Open your innovation infrastructures (test beds, fab labs, shared equipment) to the members of partner clusters.",
                    "Demo data: every name in this document is made up.",
                ]),
            Item(
                title: "Template of a cooperation agreement between clusters", kind: .template, date: "2024-01-15", language: "en",
                tags: ["agreement", "partnering"], owner: .platform,
                description: "A starting point for the agreement a labelled partnership signs: parties, aims, governance, confidentiality, duration.",
                fileName: "cooperation-agreement-template.pdf",
                paragraphs: [
                    "Between the undersigned cluster organisations (the Parties).",
                    "Article 1. Aims: the Parties cooperate to help their member companies innovate across borders.",
                    "Article 2. Governance: a steering committee of one representative per Party meets at least twice a year.",
                    "Article 3. Confidentiality, Article 4. Duration and termination, Article 5. Signatures.",
                    "Demo data: every name in this document is made up.",
                ]),
            Item(
                title: "The cluster network in 2025: yearly report", kind: .report, date: "2026-02-10", language: "en",
                tags: ["report", "network"], owner: .platform,
                description: "Members, partner searches, calls and partnerships of the year, with the figures of the directory.",
                fileName: "cluster-network-report-2025.pdf",
                paragraphs: [
                    "The directory lists cluster organisations from every EU country and from the countries associated with its programmes.",
                    "Partner searches, expressions of interest and labelled partnerships grew through the year.",
                    "Demo data: every figure and name in this document is made up.",
                ]),
        ]
        if let drones {
            items.append(
                Item(
                    title: "Zone d'essais en vol : règles de réservation", kind: .guide, date: "2025-09-01", language: "fr",
                    tags: ["drones", "infrastructures"], owner: .organisation(drones),
                    description: "How members and partner clusters book the flight test zone, with its insurance and safety rules (in French).",
                    fileName: "zone-essais-reservation.pdf",
                    paragraphs: [
                        "La zone d'essais en vol est ouverte aux membres du pôle et aux membres des clusters partenaires.",
                        "Réservation : au moins dix jours à l'avance, avec le plan de vol et l'attestation d'assurance.",
                        "Sécurité : un télépilote qualifié et un observateur sont présents pendant chaque essai.",
                        "Données de démonstration : tous les noms de ce document sont inventés.",
                    ]))
        }
        for item in items {
            let bytes = SimplePDF.make(title: item.title, paragraphs: item.paragraphs)
            let document = Document(
                title: item.title, kind: item.kind, date: item.date, language: item.language, tags: item.tags, owner: item.owner,
                description: item.description, fileName: item.fileName, fileType: .pdf, byteSize: bytes.count, createdAt: now)
            _ = try await documents.create(document, data: Data(bytes), actor: "demo data", now: now)
        }
        // The picture of the founding article (`DemoNews`), found there by its file name.
        let photo = SimplePNG.roundTable()
        _ = try await documents.create(
            Document(
                title: "Round table of the general assembly, 27 May 2016", kind: .photo, date: "2016-05-27", language: "en",
                tags: ["escp-s3", "general-assembly"], owner: .platform,
                description: "An illustration of the round table on European strategic cluster partnerships (demo data).",
                fileName: photoFileName, fileType: .png, byteSize: photo.count, createdAt: now), data: Data(photo), actor: "demo data", now: now)
        return items.count + 1
    }
}

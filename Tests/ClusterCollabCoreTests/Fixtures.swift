import Foundation
@testable import ClusterCollabCore

/// Shared inputs of the core tests.
enum Fixtures {
    /// The reference tables shipped with the package: the tests check the rules against the real codes.
    static let reference = ReferenceData.shipped

    /// A valid profile with every field set, including the characters CSV and list cells must escape.
    static func completeOrganisation() -> Organisation {
        Organisation(
            name: "Loire Photonics Alliance", acronym: "LPA", type: .clusterOrganisation, country: "FR",
            region: "FRG01", city: "Nantes", website: "https://lpa.example.eu",
            description: "A photonics cluster with \"quotes\", commas, and\nline breaks.",
            secondDescription: "Le pôle de la photonique ; des « lasers », l'optique.", secondDescriptionLanguage: "fr",
            founded: 2008, staffFTE: 3.5,
            members: MemberCounts(total: 120, sme: 80, large: 10, research: 8, university: 4, publicBodies: 3, other: 15),
            sectors: [23, 27], ecosystems: [6, 9], emergingIndustries: [9],
            technologies: ["KET2009-5", "KET2018-4"], nace: ["26", "26.7", "26.70"],
            s3Priorities: ["industrial modernisation", "health; well-being"], tags: ["lasers", "optics\\imaging"],
            labels: [ClusterLabel(level: .gold, year: 2019), ClusterLabel(level: .bronze, year: 2015)],
            programmeRecognition: "Pôles de compétitivité (France)", countriesOfInterest: ["DE", "ES"],
            infrastructures: [
                Infrastructure(kind: .fabLab, detail: "3D printing and rapid prototyping"),
                Infrastructure(kind: .testBed, detail: "laser bench; clean room"),
            ],
            contactName: "Léa Marchand", contactEmail: "lea.marchand@lpa.example.eu", status: .published)
    }
}

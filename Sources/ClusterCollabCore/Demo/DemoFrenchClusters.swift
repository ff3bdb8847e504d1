/// The hand-written French cluster organisations that open every demo data set
/// (`Resources/demo/french-clusters.json`).
///
/// The acceptance story has 34 French clusters registered and a drone cluster in Île-de-France posting a
/// partner search; these come first so that the demo shows them whatever `count` is, and so that their
/// names stay the same when the random part of the generator changes.
struct DemoCuratedCluster: Decodable, Sendable {
    var name, acronym, theme, region, city: String
    /// Left out in the file when the cluster has no label, or is not a competitiveness pole.
    var labels: [ClusterLabel]?
    var competitivenessPole: Bool?
    /// The profile's description in French, beside the generated English one, for some of them: the
    /// directory finds them by French words ("drones", "réseaux", "l'aéronautique").
    var frenchDescription: String?

    /// Index 0 is the flagship drone cluster; `DemoGenerator` gives it its hand-written profile.
    static let french: [DemoCuratedCluster] = DemoResource.load("french-clusters.json")
}

/// The written-out profile of the drone cluster of the acceptance story (`Resources/demo/flagship.json`),
/// so that the partner search, matching and consortium scenarios always start from the same facts.
struct DemoFlagship: Decodable, Sendable {
    var description: String
    var founded: Int
    var staffFTE: Double
    var members: MemberCounts
    var sectors, ecosystems, emergingIndustries: [Int]
    var technologies, nace, s3Priorities, tags, countriesOfInterest: [String]
    var infrastructures: [Infrastructure]
    var website, contactName, contactEmail: String

    static let shared: DemoFlagship = DemoResource.load("flagship.json")

    func apply(to org: inout Organisation) {
        org.description = description
        org.founded = founded
        org.staffFTE = staffFTE
        org.members = members
        org.sectors = sectors
        org.ecosystems = ecosystems
        org.emergingIndustries = emergingIndustries
        org.technologies = technologies
        org.nace = nace
        org.s3Priorities = s3Priorities
        org.tags = tags
        org.countriesOfInterest = countriesOfInterest
        org.infrastructures = infrastructures
        org.website = website
        org.contactName = contactName
        org.contactEmail = contactEmail
    }
}

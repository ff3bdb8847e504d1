/// The hand-written French cluster organisations that open every demo data set.
///
/// The acceptance story has 34 French clusters registered and a drone cluster in Île-de-France posting a
/// partner search; these come first so that the demo shows them whatever `count` is, and so that their
/// names stay the same when the random part of the generator changes.
struct DemoCuratedCluster: Sendable {
    var name: String
    var acronym: String
    var theme: String
    var region: String
    var city: String
    var labels: [ClusterLabel] = []
    var competitivenessPole = false
}

extension DemoCuratedCluster {
    /// Index 0 is the flagship drone cluster; `DemoGenerator` gives it its hand-written profile.
    static let french: [DemoCuratedCluster] = [
        .init(
            name: "Pôle Drones Île-de-France", acronym: "PDIF", theme: "drones", region: "FR104", city: "Évry-Courcouronnes",
            labels: [.init(level: .bronze, year: 2014), .init(level: .silver, year: 2016)], competitivenessPole: true),
        .init(
            name: "Loire Photonics Alliance", acronym: "LPA", theme: "photonics", region: "FRG01", city: "Nantes",
            labels: [.init(level: .bronze, year: 2015)]),
        .init(
            name: "Armor Marine Technologies Cluster", acronym: "AMTC", theme: "marine", region: "FRH02", city: "Brest",
            labels: [.init(level: .gold, year: 2017)], competitivenessPole: true),
        .init(name: "Garonne Composites Network", acronym: "GaCoN", theme: "materials", region: "FRI12", city: "Bordeaux"),
        .init(
            name: "Cévennes Agri-Food Innovation Cluster", acronym: "CAFIC", theme: "agrifood", region: "FRJ12", city: "Alès",
            labels: [.init(level: .bronze, year: 2013)]),
        .init(
            name: "Alpes Hydrogen Alliance", acronym: "AHA", theme: "hydrogen", region: "FRK24", city: "Grenoble",
            labels: [.init(level: .silver, year: 2019)]),
        .init(name: "Pôle Mécatronique Jura", acronym: "PMJ", theme: "robotics", region: "FRC22", city: "Lons-le-Saunier"),
        .init(
            name: "Seine Digital Health Cluster", acronym: "SDHC", theme: "health", region: "FR101", city: "Paris",
            labels: [.init(level: .gold, year: 2015)], competitivenessPole: true),
        .init(name: "Vosges Wood & Timber Network", acronym: "VWTN", theme: "wood", region: "FRF34", city: "Épinal"),
        .init(
            name: "Rhône Green Chemistry Cluster", acronym: "RGCC", theme: "chemistry", region: "FRK26", city: "Lyon",
            labels: [.init(level: .bronze, year: 2016), .init(level: .gold, year: 2020)], competitivenessPole: true),
        .init(
            name: "Méditerranée Smart Energy Cluster", acronym: "MSEC", theme: "energy", region: "FRL0", city: "Marseille",
            labels: [.init(level: .silver, year: 2018)]),
        .init(
            name: "Gascogne Aeronautics Cluster", acronym: "GAC", theme: "aerospace", region: "FRJ23", city: "Toulouse",
            labels: [.init(level: .gold, year: 2014)], competitivenessPole: true),
        .init(name: "Champagne Bioeconomy Alliance", acronym: "CBA", theme: "chemistry", region: "FRF23", city: "Reims"),
        .init(
            name: "Morvan Precision Engineering Network", acronym: "MPEN", theme: "metal", region: "FRC13", city: "Le Creusot",
            labels: [.init(level: .bronze, year: 2017)]),
        .init(name: "Atlantique Blue Economy Cluster", acronym: "ABEC", theme: "marine", region: "FRI32", city: "La Rochelle"),
        .init(
            name: "Pôle Textiles Techniques Nord", acronym: "PTTN", theme: "textile", region: "FRE11", city: "Roubaix",
            labels: [.init(level: .silver, year: 2015)], competitivenessPole: true),
        .init(name: "Sologne Cosmetics & Fragrance Network", acronym: "SCFN", theme: "cosmetics", region: "FRB06", city: "Orléans"),
        .init(
            name: "Vexin Smart Mobility Cluster", acronym: "VSMC", theme: "mobility", region: "FR108", city: "Cergy",
            labels: [.init(level: .bronze, year: 2018)]),
        .init(name: "Beauce Cereal Innovation Network", acronym: "BCIN", theme: "agrifood", region: "FRB02", city: "Chartres"),
        .init(
            name: "Camargue Water Technologies Cluster", acronym: "CWTC", theme: "environment", region: "FRJ13", city: "Montpellier",
            labels: [.init(level: .silver, year: 2016)], competitivenessPole: true),
        .init(name: "Ardennes Foundry & Metal Forming Cluster", acronym: "AFMFC", theme: "metal", region: "FRF21", city: "Charleville-Mézières"),
        .init(name: "Lubéron Outdoor Tourism Cluster", acronym: "LOTC", theme: "tourism", region: "FRL06", city: "Avignon"),
        .init(
            name: "Pôle Robotique Bourgogne", acronym: "PRB", theme: "robotics", region: "FRC11", city: "Dijon",
            labels: [.init(level: .bronze, year: 2019)]),
        .init(name: "Anjou Plastics & Packaging Network", acronym: "APPN", theme: "plastics", region: "FRG02", city: "Angers"),
        .init(
            name: "Picardie Agro-Materials Cluster", acronym: "PAMC", theme: "chemistry", region: "FRE23", city: "Amiens",
            competitivenessPole: true),
        .init(
            name: "Cotentin Energy Engineering Cluster", acronym: "CEEC", theme: "energy", region: "FRD12", city: "Cherbourg-en-Cotentin",
            labels: [.init(level: .bronze, year: 2016)]),
        .init(
            name: "Alsace Medical Devices Alliance", acronym: "AMDA", theme: "medtech", region: "FRF11", city: "Strasbourg",
            labels: [.init(level: .gold, year: 2019)], competitivenessPole: true),
        .init(name: "Moselle Steel & Materials Network", acronym: "MSMN", theme: "materials", region: "FRF33", city: "Metz"),
        .init(
            name: "Auvergne Rubber & Polymers Cluster", acronym: "ARPC", theme: "plastics", region: "FRK14", city: "Clermont-Ferrand",
            labels: [.init(level: .silver, year: 2017)]),
        .init(name: "Vienne Porcelain & Advanced Ceramics Network", acronym: "VPACN", theme: "materials", region: "FRI23", city: "Limoges"),
        .init(name: "Corse Digital & Tourism Hub", acronym: "CDTH", theme: "digital", region: "FRM01", city: "Ajaccio"),
        .init(
            name: "Armorique Cybersecurity Cluster", acronym: "ACC", theme: "cyber", region: "FRH0", city: "Rennes",
            labels: [.init(level: .bronze, year: 2020)], competitivenessPole: true),
        .init(
            name: "Seine Creative Industries Cluster", acronym: "SCIC", theme: "creative", region: "FR106", city: "Saint-Denis",
            labels: [.init(level: .bronze, year: 2015)]),
        .init(name: "Savoie Mountain Sports Network", acronym: "SMSN", theme: "tourism", region: "FRK27", city: "Chambéry"),
        .init(name: "Libournais Wine & Viticulture Cluster", acronym: "LWVC", theme: "wine", region: "FRI12", city: "Libourne"),
        .init(
            name: "Escaut Rail Innovation Cluster", acronym: "ERIC", theme: "rail", region: "FRE11", city: "Valenciennes",
            labels: [.init(level: .silver, year: 2014)], competitivenessPole: true),
        .init(name: "Poitou Smart Agriculture Network", acronym: "PSAN", theme: "agrifood", region: "FRI34", city: "Poitiers"),
        .init(
            name: "Doubs Microtechnics Network", acronym: "DMN", theme: "microelectronics", region: "FRC21", city: "Besançon",
            labels: [.init(level: .bronze, year: 2018)]),
        .init(
            name: "Azur Space Systems Cluster", acronym: "ASSC", theme: "aerospace", region: "FRL03", city: "Cannes",
            labels: [.init(level: .silver, year: 2020)], competitivenessPole: true),
        .init(name: "Adour Advanced Manufacturing Cluster", acronym: "AAMC", theme: "robotics", region: "FRI15", city: "Pau"),
        .init(name: "Tarn Leather & Textile Network", acronym: "TLTN", theme: "textile", region: "FRJ27", city: "Castres"),
        .init(
            name: "Estuaire Logistics Cluster", acronym: "ELC", theme: "mobility", region: "FRD22", city: "Le Havre",
            labels: [.init(level: .gold, year: 2021)]),
        .init(name: "Réunion Tropical Bioeconomy Cluster", acronym: "RTBC", theme: "chemistry", region: "FRY40", city: "Saint-Pierre"),
        .init(
            name: "Touraine Electronics & Embedded Systems Cluster", acronym: "TEESC", theme: "microelectronics", region: "FRB04", city: "Tours",
            labels: [.init(level: .bronze, year: 2017)]),
        .init(name: "Calvados Food Processing Cluster", acronym: "CFPC", theme: "agrifood", region: "FRD11", city: "Caen"),
        .init(
            name: "Yvelines Automotive Engineering Cluster", acronym: "YAEC", theme: "automotive", region: "FR103", city: "Versailles",
            labels: [.init(level: .silver, year: 2019)], competitivenessPole: true),
    ]
}

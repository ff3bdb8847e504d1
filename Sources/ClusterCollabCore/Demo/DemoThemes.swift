/// A field of activity of a demo organisation. Every taxonomy pick, keyword and sentence of an
/// organisation comes from its theme, so that a photonics cluster has photonics sectors, technologies,
/// tags and description, and matching and facets behave on the demo as they would on real profiles.
struct DemoTheme: Sendable {
    var key: String
    /// Relative frequency among generated organisations.
    var weight: Int
    /// The theme as it appears in organisation names ("Photonics", "Smart Mobility").
    var names: [String]
    /// Noun phrases for descriptions: "... working on <focus>."
    var focus: [String]
    /// Whole sentences about what members do.
    var activities: [String]
    /// Cluster sectors (1...51); the first is always picked.
    var sectors: [Int]
    var ecosystems: [Int]
    var emergingIndustries: [Int]
    var technologies: [String]
    /// NACE divisions; the generator picks the division or one of its groups or classes.
    var naceDivisions: [String]
    var s3: [String]
    var tags: [String]
    var infrastructures: [Infrastructure]
    /// What a member organisation of this theme is ("optics manufacturer").
    var memberKinds: [String]
}

extension DemoTheme {
    static let all: [DemoTheme] = [
        DemoTheme(
            key: "drones", weight: 2, names: ["Drones", "Drone Systems", "UAV", "Unmanned Aerial Systems"],
            focus: ["drones and unmanned aerial vehicles (UAV)", "drone systems, UAV services and aerial robotics"],
            activities: [
                "Members design, test and certify drones and UAV systems for inspection, agriculture and security.",
                "The drone community works on beyond-visual-line-of-sight operations, UAV traffic management and sensor payloads.",
            ],
            sectors: [1, 23, 40, 8], ecosystems: [1, 10, 5, 6], emergingIndustries: [10, 5, 8],
            technologies: ["KET2018-1", "KET2018-5", "KET2018-6", "KET2018-4"], naceDivisions: ["30", "26", "71", "72"],
            s3: ["industrial modernisation", "drones and UAV applications", "aeronautics and space"],
            tags: ["drones", "UAV", "aerial inspection", "autonomous flight", "BVLOS", "remote sensing"],
            infrastructures: [
                Infrastructure(kind: .testBed, detail: "outdoor flight test zone for drone and UAV trials"),
                Infrastructure(kind: .sharedEquipment, detail: "anechoic chamber for UAV radio testing"),
            ],
            memberKinds: ["drone manufacturer", "UAV services company", "aerial robotics start-up"]),
        DemoTheme(
            key: "aerospace", weight: 4, names: ["Aerospace", "Aeronautics", "Space Systems", "Aero Engineering"],
            focus: ["aeronautics, space and defence systems", "aircraft structures, avionics and space applications"],
            activities: [
                "Members supply aircraft structures, avionics, engines parts and satellite components to prime contractors.",
                "The network helps suppliers move up the aerospace value chain with certification, lean production and digital twins.",
            ],
            sectors: [1, 32, 40, 23], ecosystems: [1, 6, 10], emergingIndustries: [10, 5],
            technologies: ["KET2018-1", "KET2018-2", "KET2009-6", "KET2018-4"], naceDivisions: ["30", "25", "33", "71"],
            s3: ["aeronautics and space", "industrial modernisation", "advanced manufacturing"],
            tags: ["aerospace", "aeronautics", "space", "avionics", "supply chain", "certification"],
            infrastructures: [
                Infrastructure(kind: .testBed, detail: "structural test rig for aircraft components"),
                Infrastructure(kind: .fabLab, detail: "3D printing and rapid prototyping"),
            ],
            memberKinds: ["aerospace supplier", "avionics company", "space engineering firm"]),
        DemoTheme(
            key: "automotive", weight: 5, names: ["Automotive", "Vehicle Engineering", "Automotive Suppliers", "E-Mobility"],
            focus: ["automotive supply and electric vehicles", "vehicle engineering, batteries and e-mobility"],
            activities: [
                "Members produce components, electronics and software for carmakers and are moving to electric drivetrains.",
                "The cluster supports automotive suppliers through the transition to electric and connected vehicles.",
            ],
            sectors: [4, 44, 12, 38, 27], ecosystems: [10, 6, 7], emergingIndustries: [10, 5],
            technologies: ["KET2018-1", "KET2018-2", "KET2009-1", "KET2018-5"], naceDivisions: ["29", "27", "22", "28"],
            s3: ["smart mobility", "industrial modernisation", "electrification of transport"],
            tags: ["automotive", "electric vehicles", "batteries", "suppliers", "connected cars"],
            infrastructures: [
                Infrastructure(kind: .testBed, detail: "battery test laboratory for electric vehicles"),
                Infrastructure(kind: .sharedEquipment, detail: "climatic chamber and vibration bench"),
            ],
            memberKinds: ["automotive supplier", "e-mobility start-up", "engineering company"]),
        DemoTheme(
            key: "mobility", weight: 4, names: ["Smart Mobility", "Logistics", "Transport & Logistics", "Mobility"],
            focus: ["smart mobility and logistics", "logistics, ports and sustainable transport"],
            activities: [
                "Members run freight, warehousing and urban delivery services and test new mobility solutions.",
                "The cluster connects logistics operators, ports and software companies to make freight greener.",
            ],
            sectors: [45, 10, 50, 8], ecosystems: [10, 5, 12], emergingIndustries: [8, 10],
            technologies: ["KET2018-5", "KET2018-6", "KET2018-1"], naceDivisions: ["49", "52", "53", "50"],
            s3: ["smart mobility", "sustainable logistics", "digital transformation"],
            tags: ["logistics", "smart mobility", "urban delivery", "ports", "multimodal transport"],
            infrastructures: [
                Infrastructure(kind: .testBed, detail: "living lab for urban logistics"),
                Infrastructure(kind: .coWorking, detail: "co-working space next to the freight terminal"),
            ],
            memberKinds: ["logistics company", "transport operator", "mobility software company"]),
        DemoTheme(
            key: "rail", weight: 1, names: ["Rail", "Railway Industry", "Rail Innovation"],
            focus: ["railway equipment and rail services", "rolling stock, signalling and rail infrastructure"],
            activities: [
                "Members build rolling stock, signalling systems and track equipment for operators across Europe.",
                "The cluster prepares its suppliers for digital signalling and predictive maintenance of trains.",
            ],
            sectors: [45, 40, 12, 27], ecosystems: [10, 6], emergingIndustries: [10, 8],
            technologies: ["KET2018-1", "KET2018-6", "KET2018-2"], naceDivisions: ["30", "42", "33"],
            s3: ["smart mobility", "industrial modernisation"],
            tags: ["rail", "rolling stock", "signalling", "predictive maintenance"],
            infrastructures: [Infrastructure(kind: .testBed, detail: "test track for railway equipment")],
            memberKinds: ["rail equipment maker", "signalling company"]),
        DemoTheme(
            key: "photonics", weight: 3, names: ["Photonics", "Optics & Lasers", "Light Technologies", "Photonics & Imaging"],
            focus: ["photonics, lasers and optical sensors", "optics, lasers and imaging"],
            activities: [
                "Members develop lasers, optical fibres, sensors and imaging systems for industry and health.",
                "The cluster brings photonics into manufacturing, agriculture and medicine through joint demonstrators.",
            ],
            sectors: [23, 27, 30, 8], ecosystems: [6, 9, 5], emergingIndustries: [9, 5],
            technologies: ["KET2009-5", "KET2018-4", "KET2009-2", "KET2018-1"], naceDivisions: ["26", "27", "72"],
            s3: ["key enabling technologies", "industrial modernisation", "health and well-being"],
            tags: ["photonics", "lasers", "optics", "imaging", "sensors"],
            infrastructures: [
                Infrastructure(kind: .sharedEquipment, detail: "clean room and laser characterisation bench"),
                Infrastructure(kind: .innovationCentre, detail: "photonics application centre"),
            ],
            memberKinds: ["optics manufacturer", "laser company", "imaging start-up"]),
        DemoTheme(
            key: "microelectronics", weight: 3, names: ["Microelectronics", "Embedded Systems", "Electronics", "Semiconductors"],
            focus: ["microelectronics and embedded systems", "semiconductors, sensors and embedded software"],
            activities: [
                "Members design chips, sensors, printed circuit boards and embedded software.",
                "The cluster works on secure European supply chains for semiconductors and electronic components.",
            ],
            sectors: [23, 8, 27, 41], ecosystems: [6, 5, 10], emergingIndustries: [5, 10],
            technologies: ["KET2009-1", "KET2018-4", "KET2009-2", "KET2018-6"], naceDivisions: ["26", "27", "62"],
            s3: ["key enabling technologies", "digital transformation", "internet of things"],
            tags: ["microelectronics", "semiconductors", "embedded systems", "IoT", "sensors"],
            infrastructures: [
                Infrastructure(kind: .sharedEquipment, detail: "electronics test and measurement laboratory"),
                Infrastructure(kind: .fabLab, detail: "prototyping of printed circuit boards"),
            ],
            memberKinds: ["electronics manufacturer", "chip design company", "embedded software company"]),
        DemoTheme(
            key: "digital", weight: 6, names: ["Digital", "Software", "AI & Data", "ICT", "Digital Innovation"],
            focus: ["software, data and artificial intelligence", "digital services, cloud and AI"],
            activities: [
                "Members build software, cloud services and artificial intelligence for industry and public services.",
                "The cluster helps manufacturers adopt data, AI and cloud tools through demonstrations and training.",
            ],
            sectors: [23, 8, 6, 13], ecosystems: [5, 6, 12], emergingIndustries: [5, 4],
            technologies: ["KET2018-5", "KET2018-6", "KET2018-4"], naceDivisions: ["62", "63", "61", "58"],
            s3: ["digital transformation", "artificial intelligence", "industrial modernisation"],
            tags: ["software", "artificial intelligence", "data", "cloud", "digital transformation"],
            infrastructures: [
                Infrastructure(kind: .coWorking, detail: "co-working space for start-ups and visiting partners"),
                Infrastructure(kind: .innovationCentre, detail: "AI experience centre for SMEs"),
            ],
            memberKinds: ["software company", "AI start-up", "IT services company"]),
        DemoTheme(
            key: "cyber", weight: 2, names: ["Cybersecurity", "Trusted Digital", "Cyber Security"],
            focus: ["cybersecurity and trusted digital systems", "cyber security, identity and secure networks"],
            activities: [
                "Members protect networks, industrial systems and data, and train security specialists.",
                "The cluster runs a joint response team and awareness programmes for SMEs.",
            ],
            sectors: [23, 8, 6, 16], ecosystems: [5, 6, 1], emergingIndustries: [5],
            technologies: ["KET2018-6", "KET2018-5"], naceDivisions: ["62", "63", "80"],
            s3: ["digital transformation", "security", "resilient supply chains"],
            tags: ["cybersecurity", "security", "identity", "trusted data"],
            infrastructures: [Infrastructure(kind: .testBed, detail: "cyber range for training and attack simulation")],
            memberKinds: ["security software company", "IT security consultancy"]),
        DemoTheme(
            key: "fintech", weight: 1, names: ["Fintech", "Financial Technology", "Insurtech"],
            focus: ["financial technology and insurance services", "fintech, payments and insurtech"],
            activities: [
                "Members develop payment, lending and insurance services on digital platforms.",
                "The cluster connects banks, insurers and start-ups to test new financial services.",
            ],
            sectors: [16, 24, 6, 23], ecosystems: [5, 11], emergingIndustries: [5],
            technologies: ["KET2018-5", "KET2018-6"], naceDivisions: ["64", "65", "66", "62"],
            s3: ["digital transformation", "financial innovation"],
            tags: ["fintech", "payments", "insurtech", "regtech"],
            infrastructures: [Infrastructure(kind: .incubator, detail: "incubation programme for fintech start-ups")],
            memberKinds: ["fintech start-up", "insurance company"]),
        DemoTheme(
            key: "health", weight: 4, names: ["Life Sciences", "Biotech", "Health", "Digital Health"],
            focus: ["life sciences, biotech and digital health", "health innovation and biotechnology"],
            activities: [
                "Members develop medicines, diagnostics and digital health services with hospitals and laboratories.",
                "The cluster helps biotech start-ups with clinical trials, regulation and investors.",
            ],
            sectors: [5, 30, 13, 46], ecosystems: [9, 5], emergingIndustries: [2, 9],
            technologies: ["KET2018-3", "KET2009-3", "KET2018-5"], naceDivisions: ["21", "72", "86"],
            s3: ["health and well-being", "personalised medicine", "digital transformation"],
            tags: ["biotech", "life sciences", "diagnostics", "digital health", "clinical trials"],
            infrastructures: [
                Infrastructure(kind: .incubator, detail: "biotech incubator with wet laboratories"),
                Infrastructure(kind: .sharedEquipment, detail: "shared laboratory for cell culture"),
            ],
            memberKinds: ["biotech company", "diagnostics company", "digital health start-up"]),
        DemoTheme(
            key: "medtech", weight: 2, names: ["Medical Technologies", "MedTech", "Health Technologies"],
            focus: ["medical devices and health technologies", "medical technologies and assistive devices"],
            activities: [
                "Members make implants, surgical instruments, imaging equipment and assistive devices.",
                "The cluster helps companies through the medical device regulation and into hospital procurement.",
            ],
            sectors: [30, 23, 38, 32], ecosystems: [9, 6], emergingIndustries: [9, 2],
            technologies: ["KET2018-3", "KET2018-2", "KET2009-6"], naceDivisions: ["32", "26", "72"],
            s3: ["health and well-being", "active and healthy ageing", "industrial modernisation"],
            tags: ["medical devices", "medtech", "implants", "regulation"],
            infrastructures: [Infrastructure(kind: .testBed, detail: "usability lab for medical devices")],
            memberKinds: ["medical device maker", "medtech start-up"]),
        DemoTheme(
            key: "agrifood", weight: 6, names: ["Agri-Food", "Food Innovation", "Food Processing", "AgriTech"],
            focus: ["agriculture and food processing", "agri-food, food safety and sustainable farming"],
            activities: [
                "Members grow, process and package food and develop precision farming tools.",
                "The cluster supports food processors on food safety, shorter supply chains and healthy products.",
            ],
            sectors: [18, 2, 28, 36, 43], ecosystems: [2, 12, 14], emergingIndustries: [1, 6],
            technologies: ["KET2009-3", "KET2018-3", "KET2018-5"], naceDivisions: ["10", "01", "11", "46"],
            s3: ["sustainable agri-food", "circular economy", "bioeconomy"],
            tags: ["agri-food", "food processing", "precision farming", "food safety", "short supply chains"],
            infrastructures: [
                Infrastructure(kind: .sharedEquipment, detail: "pilot plant for food processing"),
                Infrastructure(kind: .testBed, detail: "experimental farm for precision agriculture"),
            ],
            memberKinds: ["food processor", "farming cooperative", "agritech start-up"]),
        DemoTheme(
            key: "wine", weight: 1, names: ["Wine", "Viticulture", "Wine & Spirits"],
            focus: ["wine growing and wine tourism", "viticulture and wine making"],
            activities: [
                "Members grow grapes, make wine and welcome visitors to their estates.",
                "The cluster works on climate adaptation of vineyards and on wine exports.",
            ],
            sectors: [18, 2, 22, 36], ecosystems: [2, 14], emergingIndustries: [7],
            technologies: ["KET2009-3", "KET2018-5"], naceDivisions: ["11", "01", "55"],
            s3: ["sustainable agri-food", "tourism and culture"],
            tags: ["wine", "vineyards", "wine tourism", "exports"],
            infrastructures: [Infrastructure(kind: .sharedEquipment, detail: "oenological laboratory")],
            memberKinds: ["wine estate", "wine cooperative"]),
        DemoTheme(
            key: "marine", weight: 3, names: ["Marine Technologies", "Maritime", "Blue Economy", "Ocean"],
            focus: ["maritime industries and the blue economy", "shipbuilding, offshore and marine resources"],
            activities: [
                "Members build ships, offshore equipment and marine sensors and work in fisheries and aquaculture.",
                "The cluster develops the blue economy: greener ships, marine renewables and sustainable fisheries.",
            ],
            sectors: [50, 17, 35, 45], ecosystems: [10, 8, 2], emergingIndustries: [3, 8],
            technologies: ["KET2018-1", "KET2018-2", "KET2018-6"], naceDivisions: ["30", "03", "50", "52"],
            s3: ["blue growth", "green transition", "sustainable fisheries"],
            tags: ["maritime", "shipbuilding", "offshore", "aquaculture", "blue economy"],
            infrastructures: [
                Infrastructure(kind: .testBed, detail: "sea test site for marine equipment"),
                Infrastructure(kind: .sharedEquipment, detail: "wave tank"),
            ],
            memberKinds: ["shipyard", "marine equipment supplier", "aquaculture company"]),
        DemoTheme(
            key: "energy", weight: 5, names: ["Renewable Energy", "Clean Energy", "Smart Energy", "Wind & Solar"],
            focus: ["renewable energy and smart grids", "solar, wind and energy efficiency"],
            activities: [
                "Members install solar and wind power, build smart grids and improve energy efficiency in industry.",
                "The cluster helps companies and municipalities plan local energy communities and storage.",
            ],
            sectors: [14, 27, 9, 15], ecosystems: [8, 3, 7], emergingIndustries: [6],
            technologies: ["KET2018-2", "KET2018-1", "KET2009-4"], naceDivisions: ["35", "27", "43", "71"],
            s3: ["energy transition", "green transition", "energy efficiency"],
            tags: ["renewable energy", "solar", "wind power", "smart grids", "energy efficiency"],
            infrastructures: [
                Infrastructure(kind: .testBed, detail: "smart grid demonstration site"),
                Infrastructure(kind: .innovationCentre, detail: "energy transition centre"),
            ],
            memberKinds: ["solar installer", "energy services company", "grid technology company"]),
        DemoTheme(
            key: "hydrogen", weight: 2, names: ["Hydrogen", "Hydrogen Valley", "Hydrogen & Fuel Cells"],
            focus: ["hydrogen and fuel cells", "green hydrogen production and use"],
            activities: [
                "Members produce electrolysers, fuel cells and tanks and run hydrogen refuelling stations.",
                "The cluster plans regional hydrogen corridors with industry, transport operators and ports.",
            ],
            sectors: [14, 46, 40, 35], ecosystems: [8, 7, 10], emergingIndustries: [6, 10],
            technologies: ["KET2018-2", "KET2018-1", "KET2009-4"], naceDivisions: ["20", "27", "35"],
            s3: ["energy transition", "green transition", "smart mobility"],
            tags: ["hydrogen", "fuel cells", "electrolysers", "decarbonisation"],
            infrastructures: [Infrastructure(kind: .testBed, detail: "hydrogen test platform for fuel cells")],
            memberKinds: ["fuel cell maker", "hydrogen producer"]),
        DemoTheme(
            key: "environment", weight: 4, names: ["Circular Economy", "Cleantech", "Environmental Technologies", "Water Technologies"],
            focus: ["circular economy and environmental technologies", "water, waste and recycling technologies"],
            activities: [
                "Members treat water, recycle waste and design products for reuse and repair.",
                "The cluster helps industry close material loops and cut emissions.",
            ],
            sectors: [15, 36, 11, 9], ecosystems: [7, 3, 11], emergingIndustries: [6, 1],
            technologies: ["KET2009-3", "KET2018-2", "KET2018-5"], naceDivisions: ["38", "36", "39", "37"],
            s3: ["circular economy", "green transition", "resource efficiency"],
            tags: ["circular economy", "recycling", "water", "waste", "cleantech"],
            infrastructures: [
                Infrastructure(kind: .sharedEquipment, detail: "pilot line for plastic recycling"),
                Infrastructure(kind: .testBed, detail: "water treatment test site"),
            ],
            memberKinds: ["recycling company", "water technology company", "environmental consultancy"]),
        DemoTheme(
            key: "construction", weight: 3, names: ["Smart Building", "Construction", "Eco-Construction", "Sustainable Building"],
            focus: ["sustainable construction and smart buildings", "eco-construction and renovation"],
            activities: [
                "Members build, renovate and equip buildings with low-carbon materials and digital tools.",
                "The cluster promotes building information modelling and deep renovation among small builders.",
            ],
            sectors: [9, 49, 51, 27], ecosystems: [3, 8, 7], emergingIndustries: [6],
            technologies: ["KET2018-2", "KET2018-5", "KET2018-1"], naceDivisions: ["41", "43", "23", "71"],
            s3: ["energy efficiency", "green transition", "sustainable construction"],
            tags: ["construction", "renovation", "BIM", "smart buildings", "low-carbon materials"],
            infrastructures: [Infrastructure(kind: .innovationCentre, detail: "demonstration house for renovation techniques")],
            memberKinds: ["construction company", "architecture firm", "building materials producer"]),
        DemoTheme(
            key: "wood", weight: 2, names: ["Wood", "Forest-Based Industries", "Timber"],
            focus: ["forestry, wood and timber construction", "forest-based industries"],
            activities: [
                "Members manage forests, saw timber and build wooden houses and furniture.",
                "The cluster promotes timber construction and the use of local wood.",
            ],
            sectors: [51, 20, 21, 36], ecosystems: [3, 7], emergingIndustries: [6],
            technologies: ["KET2018-2", "KET2009-3"], naceDivisions: ["16", "02", "31"],
            s3: ["bioeconomy", "sustainable construction", "circular economy"],
            tags: ["wood", "timber", "forestry", "timber construction"],
            infrastructures: [Infrastructure(kind: .sharedEquipment, detail: "CNC machining centre for timber")],
            memberKinds: ["sawmill", "timber construction company", "forestry company"]),
        DemoTheme(
            key: "furniture", weight: 1, names: ["Furniture", "Interior Design", "Home & Living"],
            focus: ["furniture and interior design", "furniture making and home products"],
            activities: [
                "Members design and produce furniture, kitchens and interior fittings.",
                "The cluster helps furniture makers export and adopt sustainable design.",
            ],
            sectors: [21, 51, 29, 44], ecosystems: [4, 12, 3], emergingIndustries: [4],
            technologies: ["KET2018-1", "KET2018-2"], naceDivisions: ["31", "16", "74"],
            s3: ["creative economy", "circular economy"],
            tags: ["furniture", "interior design", "home products"],
            infrastructures: [Infrastructure(kind: .fabLab, detail: "design workshop with laser cutting")],
            memberKinds: ["furniture maker", "design studio"]),
        DemoTheme(
            key: "textile", weight: 2, names: ["Technical Textiles", "Textile", "Fashion & Textiles"],
            focus: ["textiles, fashion and technical fabrics", "technical textiles and clothing"],
            activities: [
                "Members weave, knit and finish fabrics for clothing, medicine, cars and buildings.",
                "The cluster works on textile recycling, smart fabrics and local production of clothing.",
            ],
            sectors: [42, 3, 19, 26, 25], ecosystems: [13, 4, 12], emergingIndustries: [4, 6],
            technologies: ["KET2018-2", "KET2009-4", "KET2009-2"], naceDivisions: ["13", "14", "15"],
            s3: ["creative economy", "circular economy", "industrial modernisation"],
            tags: ["textiles", "fashion", "technical textiles", "smart fabrics"],
            infrastructures: [
                Infrastructure(kind: .sharedEquipment, detail: "textile testing laboratory"),
                Infrastructure(kind: .fabLab, detail: "digital knitting and textile printing"),
            ],
            memberKinds: ["textile mill", "fashion brand", "technical fabrics maker"]),
        DemoTheme(
            key: "materials", weight: 3, names: ["Advanced Materials", "Composites", "Materials", "Ceramics"],
            focus: ["advanced materials and composites", "composites, ceramics and surface treatments"],
            activities: [
                "Members develop composites, ceramics, coatings and lightweight structures.",
                "The cluster helps industry replace critical raw materials and lighten products.",
            ],
            sectors: [49, 38, 46, 47], ecosystems: [7, 1, 10], emergingIndustries: [1, 6],
            technologies: ["KET2009-4", "KET2018-2", "KET2009-2"], naceDivisions: ["23", "22", "20", "24"],
            s3: ["advanced materials", "industrial modernisation", "resource efficiency"],
            tags: ["composites", "advanced materials", "ceramics", "coatings", "lightweight"],
            infrastructures: [Infrastructure(kind: .sharedEquipment, detail: "materials characterisation laboratory")],
            memberKinds: ["composites manufacturer", "materials laboratory"]),
        DemoTheme(
            key: "plastics", weight: 2, names: ["Plastics", "Polymers", "Plastics & Packaging"],
            focus: ["plastics, polymers and packaging", "polymer processing and recyclable packaging"],
            activities: [
                "Members mould, extrude and recycle plastics and design recyclable packaging.",
                "The cluster works on bio-based polymers and packaging that can be recycled.",
            ],
            sectors: [38, 36, 46, 11], ecosystems: [7, 12, 2], emergingIndustries: [1, 6],
            technologies: ["KET2018-2", "KET2009-4", "KET2009-3"], naceDivisions: ["22", "20", "17"],
            s3: ["circular economy", "advanced materials"],
            tags: ["plastics", "polymers", "packaging", "recycling"],
            infrastructures: [Infrastructure(kind: .sharedEquipment, detail: "injection moulding pilot line")],
            memberKinds: ["plastics processor", "packaging company"]),
        DemoTheme(
            key: "metal", weight: 4, names: ["Metalworking", "Precision Engineering", "Mechanical Engineering", "Foundry"],
            focus: ["metalworking and precision engineering", "mechanical engineering and metal processing"],
            activities: [
                "Members machine, forge, cast and weld metal parts for machinery and vehicles.",
                "The cluster helps mechanical engineering SMEs automate and find skilled workers.",
            ],
            sectors: [32, 12, 47, 40, 31, 7], ecosystems: [7, 10, 1], emergingIndustries: [10],
            technologies: ["KET2009-6", "KET2018-1", "KET2018-2"], naceDivisions: ["25", "24", "28", "33"],
            s3: ["industrial modernisation", "advanced manufacturing", "resource efficiency"],
            tags: ["metalworking", "machining", "precision engineering", "welding"],
            infrastructures: [
                Infrastructure(kind: .sharedEquipment, detail: "five-axis machining centre"),
                Infrastructure(kind: .fabLab, detail: "metal 3D printing"),
            ],
            memberKinds: ["machining company", "foundry", "machine builder"]),
        DemoTheme(
            key: "robotics", weight: 3, names: ["Robotics", "Industry 4.0", "Smart Manufacturing", "Mechatronics"],
            focus: ["robotics, automation and Industry 4.0", "smart manufacturing and mechatronics"],
            activities: [
                "Members build robots, automation systems and industrial software for factories.",
                "The cluster helps SMEs modernise production with robots, sensors and digital twins.",
            ],
            sectors: [40, 23, 32, 27], ecosystems: [7, 5, 6], emergingIndustries: [5, 10],
            technologies: ["KET2018-1", "KET2009-6", "KET2018-5", "KET2018-4"], naceDivisions: ["28", "26", "33", "62"],
            s3: ["industrial modernisation", "advanced manufacturing", "digital transformation"],
            tags: ["robotics", "automation", "Industry 4.0", "digital twins", "mechatronics"],
            infrastructures: [
                Infrastructure(kind: .testBed, detail: "factory of the future demonstration line"),
                Infrastructure(kind: .fabLab, detail: "3D printing and rapid prototyping"),
            ],
            memberKinds: ["robotics company", "automation integrator", "machine builder"]),
        DemoTheme(
            key: "chemistry", weight: 3, names: ["Green Chemistry", "Chemistry", "Bioeconomy", "Bio-Based Industries"],
            focus: ["chemistry and the bioeconomy", "green chemistry and bio-based products"],
            activities: [
                "Members produce chemicals, bio-based materials and ingredients from renewable resources.",
                "The cluster connects chemical plants, farmers and laboratories around bio-refineries.",
            ],
            sectors: [46, 11, 2, 15], ecosystems: [7, 2, 9], emergingIndustries: [2, 6],
            technologies: ["KET2009-3", "KET2018-3", "KET2018-2"], naceDivisions: ["20", "21", "19"],
            s3: ["bioeconomy", "circular economy", "green transition"],
            tags: ["chemistry", "bioeconomy", "bio-based products", "biorefinery"],
            infrastructures: [
                Infrastructure(kind: .sharedEquipment, detail: "pilot biorefinery"),
                Infrastructure(kind: .incubator, detail: "incubator for green chemistry start-ups"),
            ],
            memberKinds: ["chemical company", "bio-based materials producer"]),
        DemoTheme(
            key: "rawMaterials", weight: 1, names: ["Raw Materials", "Mining & Minerals", "Just Transition"],
            focus: ["raw materials, mining and the transition of mining regions", "minerals and mining technologies"],
            activities: [
                "Members extract and process minerals and develop safer, cleaner mining technologies.",
                "The cluster helps a former coal region build new industries and skills.",
            ],
            sectors: [31, 34, 7, 47, 35], ecosystems: [7, 8], emergingIndustries: [6],
            technologies: ["KET2018-2", "KET2018-1"], naceDivisions: ["07", "08", "05", "09"],
            s3: ["resource efficiency", "just transition", "green transition"],
            tags: ["raw materials", "mining", "minerals", "just transition"],
            infrastructures: [Infrastructure(kind: .testBed, detail: "underground test mine")],
            memberKinds: ["mining company", "mineral processing company"]),
        DemoTheme(
            key: "cosmetics", weight: 1, names: ["Cosmetics", "Beauty & Fragrance", "Cosmetics & Well-being"],
            focus: ["cosmetics, fragrance and well-being products", "cosmetics and natural ingredients"],
            activities: [
                "Members formulate cosmetics and fragrances and grow natural ingredients.",
                "The cluster supports brands on safety assessment, eco-design and export.",
            ],
            sectors: [11, 25, 36, 29], ecosystems: [9, 12, 2], emergingIndustries: [2, 4],
            technologies: ["KET2009-3", "KET2018-3"], naceDivisions: ["20", "46", "96"],
            s3: ["health and well-being", "bioeconomy"],
            tags: ["cosmetics", "fragrance", "natural ingredients", "well-being"],
            infrastructures: [Infrastructure(kind: .sharedEquipment, detail: "formulation laboratory")],
            memberKinds: ["cosmetics brand", "ingredients supplier"]),
        DemoTheme(
            key: "tourism", weight: 3, names: ["Tourism", "Outdoor & Tourism", "Sustainable Tourism", "Mountain Sports"],
            focus: ["sustainable tourism and outdoor activities", "tourism, hospitality and outdoor sports"],
            activities: [
                "Members run hotels, outdoor activities and visitor services and make sports equipment.",
                "The cluster develops year-round, low-carbon tourism offers with local businesses.",
            ],
            sectors: [22, 41, 37, 10], ecosystems: [14, 11, 4], emergingIndustries: [7, 4],
            technologies: ["KET2018-5", "KET2018-2"], naceDivisions: ["55", "79", "93", "56"],
            s3: ["tourism and culture", "green transition", "digital transformation"],
            tags: ["tourism", "outdoor", "hospitality", "sports equipment"],
            infrastructures: [
                Infrastructure(kind: .testBed, detail: "outdoor equipment test site"),
                Infrastructure(kind: .coWorking, detail: "co-working space for tourism start-ups"),
            ],
            memberKinds: ["hotel group", "outdoor equipment maker", "tour operator"]),
        DemoTheme(
            key: "creative", weight: 3, names: ["Creative Industries", "Media & Games", "Design", "Music & Media"],
            focus: ["creative industries, media and games", "design, audiovisual and music"],
            activities: [
                "Members produce films, games, music and design for clients across Europe.",
                "The cluster brings creative companies together with industry for design-driven innovation.",
            ],
            sectors: [29, 48, 33, 37, 39], ecosystems: [4, 5, 14], emergingIndustries: [4, 7],
            technologies: ["KET2018-5", "KET2018-6"], naceDivisions: ["59", "58", "90", "73"],
            s3: ["creative economy", "digital transformation", "tourism and culture"],
            tags: ["creative industries", "games", "audiovisual", "design", "music"],
            infrastructures: [
                Infrastructure(kind: .sharedEquipment, detail: "film and sound studio"),
                Infrastructure(kind: .coWorking, detail: "co-working space for creative freelancers"),
            ],
            memberKinds: ["game studio", "design agency", "film production company"]),
        DemoTheme(
            key: "retail", weight: 1, names: ["Retail & E-commerce", "Commerce", "E-commerce"],
            focus: ["retail and e-commerce", "commerce, distribution and online retail"],
            activities: [
                "Members run shops, online stores and distribution centres.",
                "The cluster helps small retailers go online and share delivery services.",
            ],
            sectors: [10, 6, 45, 29], ecosystems: [12, 5, 10], emergingIndustries: [8, 5],
            technologies: ["KET2018-5", "KET2018-6"], naceDivisions: ["47", "46", "52"],
            s3: ["digital transformation", "sustainable logistics"],
            tags: ["retail", "e-commerce", "distribution"],
            infrastructures: [Infrastructure(kind: .innovationCentre, detail: "retail innovation showroom")],
            memberKinds: ["retailer", "online shop"]),
        DemoTheme(
            key: "social", weight: 1, names: ["Social Economy", "Social Innovation", "Proximity Economy"],
            focus: ["the social economy and local services", "social innovation and inclusive business"],
            activities: [
                "Members are cooperatives, social enterprises and associations serving local communities.",
                "The cluster helps social enterprises grow and work with industry.",
            ],
            sectors: [6, 13, 10, 22], ecosystems: [11, 12, 14], emergingIndustries: [7],
            technologies: ["KET2018-5"], naceDivisions: ["88", "94", "85"],
            s3: ["social innovation", "inclusive growth"],
            tags: ["social economy", "cooperatives", "inclusion"],
            infrastructures: [
                Infrastructure(kind: .incubator, detail: "incubator for social enterprises"),
                Infrastructure(kind: .coWorking, detail: "shared offices for associations"),
            ],
            memberKinds: ["social enterprise", "cooperative"]),
    ]

    static let byKey: [String: DemoTheme] = Dictionary(uniqueKeysWithValues: all.map { ($0.key, $0) })
}

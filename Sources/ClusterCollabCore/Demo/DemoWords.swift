/// Word lists of the demo generator. Place words are real rivers, mountains and landscapes (names of
/// places are facts, not anyone's brand); combined with a theme and a kind of organisation they give
/// names in the style of real clusters that belong to no real cluster.
enum DemoWords {
    /// What the generator needs to know about a country beyond the reference data.
    struct CountryStyle: Sendable {
        /// Relative share of the generated organisations, roughly by economy and cluster activity.
        var weight: Int
        var places: [String]
        /// Key into `people`.
        var people: String
        /// Company legal form for member organisations.
        var legalForm: String
        /// A local word for "cluster" used in some names ("Pôle", "Klaster").
        var localPrefix: String?
        /// The path of a non-English website section, to give the moderators' checklist something to flag.
        var language: String
        /// Free-text regions (and a city in each) for countries without region codes.
        var freeRegions: [(region: String, city: String)] = []
    }

    static let countries: [String: CountryStyle] = [
        "FR": CountryStyle(
            weight: 120,
            places: [
                "Loire", "Rhône", "Seine", "Garonne", "Armor", "Jura", "Vosges", "Cévennes", "Morvan", "Gascogne", "Atlantique", "Méditerranée", "Alpes",
                "Ardennes", "Sologne", "Vexin", "Beauce", "Camargue", "Lubéron", "Vercors",
            ], people: "fr", legalForm: "SAS", localPrefix: "Pôle", language: "fr"),
        "DE": CountryStyle(
            weight: 120,
            places: [
                "Elbe", "Weser", "Neckar", "Spree", "Oder", "Donau", "Saar", "Mosel", "Harz", "Allgäu", "Eifel", "Nordsee", "Ostsee", "Rhön", "Lausitz",
                "Erzgebirge", "Taunus", "Bodensee", "Havel", "Altmark",
            ], people: "de", legalForm: "GmbH", localPrefix: "Kompetenznetz", language: "de"),
        "IT": CountryStyle(
            weight: 100,
            places: [
                "Adriatica", "Tirrenica", "Padana", "Appennino", "Dolomiti", "Etna", "Tevere", "Arno", "Brenta", "Ticino", "Lario", "Garda", "Langhe", "Murgia",
                "Sila", "Maremma", "Salento", "Carnia",
            ], people: "it", legalForm: "S.r.l.", localPrefix: "Distretto", language: "it"),
        "ES": CountryStyle(
            weight: 90,
            places: [
                "Ebro", "Tajo", "Duero", "Guadalquivir", "Cantábrico", "Pirineos", "Mediterráneo", "Meseta", "Atlántico", "Miño", "Segura", "Sierra Nevada",
                "Costa Brava", "Ribera", "Bierzo", "Tierra de Campos",
            ], people: "es", legalForm: "S.L.", localPrefix: "Clúster", language: "es"),
        "PL": CountryStyle(
            weight: 70,
            places: [
                "Wisła", "Odra", "Warta", "Bałtyk", "Tatry", "Mazury", "Karkonosze", "Narew", "Pomorze", "Kujawy", "Podhale", "Roztocze", "Beskidy", "Śląsk",
                "Łódź", "Bug",
            ], people: "pl", legalForm: "sp. z o.o.", localPrefix: "Klaster", language: "pl"),
        "NL": CountryStyle(
            weight: 40, places: ["Maas", "IJssel", "Waal", "Veluwe", "Delta", "Noordzee", "Wadden", "Twente", "Peel", "Achterhoek"], people: "nl",
            legalForm: "B.V.", language: "nl"),
        "BE": CountryStyle(
            weight: 30, places: ["Schelde", "Meuse", "Kempen", "Ardenne", "Leie", "Sambre", "Dijle", "Famenne", "Westhoek", "Hesbaye"], people: "nl",
            legalForm: "NV", localPrefix: "Pôle", language: "nl"),
        "AT": CountryStyle(
            weight: 30, places: ["Donau", "Inn", "Mur", "Drau", "Wachau", "Salzkammergut", "Mühlviertel", "Waldviertel", "Tauern", "Traun"], people: "de",
            legalForm: "GmbH", localPrefix: "Kompetenznetz", language: "de"),
        "CZ": CountryStyle(
            weight: 30, places: ["Vltava", "Labe", "Morava", "Šumava", "Krkonoše", "Vysočina", "Beskydy", "Jizera", "Ohře", "Haná"], people: "cs",
            legalForm: "s.r.o.", localPrefix: "Klastr", language: "cs"),
        "PT": CountryStyle(
            weight: 30, places: ["Tejo", "Douro", "Mondego", "Minho", "Atlântico", "Alentejo", "Algarve", "Estrela", "Sado", "Guadiana"], people: "pt",
            legalForm: "Lda.", language: "pt"),
        "RO": CountryStyle(
            weight: 30, places: ["Carpați", "Dunărea", "Mureș", "Olt", "Siret", "Someș", "Banat", "Crișana", "Bucovina", "Maramureș"], people: "ro",
            legalForm: "S.R.L.", language: "ro"),
        "SE": CountryStyle(
            weight: 30, places: ["Norrland", "Mälardalen", "Vänern", "Göta", "Dalälven", "Småland", "Öresund", "Bergslagen", "Kattegatt", "Gotland"],
            people: "nordic", legalForm: "AB", language: "sv"),
        "HU": CountryStyle(
            weight: 25, places: ["Duna", "Tisza", "Balaton", "Mátra", "Bakony", "Alföld", "Rába", "Dráva", "Zemplén", "Pannónia"], people: "hu",
            legalForm: "Kft.", language: "hu"),
        "GR": CountryStyle(
            weight: 25, places: ["Aegean", "Ionian", "Olympus", "Pindus", "Attica", "Thessaly", "Epirus", "Axios", "Pelion", "Cyclades"], people: "gr",
            legalForm: "S.A.", language: "el"),
        "DK": CountryStyle(
            weight: 20, places: ["Jylland", "Limfjord", "Fyn", "Øresund", "Kattegat", "Vadehavet", "Gudenå", "Bornholm"], people: "nordic", legalForm: "ApS",
            language: "da"),
        "FI": CountryStyle(
            weight: 20, places: ["Saimaa", "Lapland", "Botnia", "Karelia", "Kymi", "Päijänne", "Häme", "Oulujoki"], people: "fi", legalForm: "Oy",
            language: "fi"),
        "SK": CountryStyle(
            weight: 20, places: ["Váh", "Hron", "Tatry", "Orava", "Žilina", "Nitra", "Poprad", "Spiš", "Liptov", "Dunaj"], people: "cs", legalForm: "s.r.o.",
            localPrefix: "Klaster", language: "sk"),
        "BG": CountryStyle(
            weight: 20, places: ["Danube", "Balkan", "Rhodope", "Rila", "Pirin", "Struma", "Maritsa", "Thracia", "Black Sea", "Yantra"], people: "bg",
            legalForm: "EOOD", language: "bg"),
        "IE": CountryStyle(
            weight: 15, places: ["Shannon", "Liffey", "Atlantic", "Wicklow", "Burren", "Barrow", "Suir", "Midlands"], people: "en", legalForm: "Ltd",
            language: "ga"),
        "HR": CountryStyle(
            weight: 15, places: ["Sava", "Drava", "Jadran", "Dalmacija", "Istra", "Kvarner", "Slavonija", "Velebit", "Zagorje"], people: "slav",
            legalForm: "d.o.o.", localPrefix: "Klaster", language: "hr"),
        "LT": CountryStyle(
            weight: 15, places: ["Nemunas", "Neris", "Baltic", "Aukštaitija", "Žemaitija", "Dzūkija", "Curonian"], people: "baltic", legalForm: "UAB",
            language: "lt"),
        "SI": CountryStyle(
            weight: 15, places: ["Sava", "Soča", "Drava", "Triglav", "Pohorje", "Kras", "Krka", "Posavje"], people: "slav", legalForm: "d.o.o.", language: "sl"),
        "LV": CountryStyle(
            weight: 10, places: ["Daugava", "Gauja", "Kurzeme", "Vidzeme", "Latgale", "Zemgale", "Venta"], people: "baltic", legalForm: "SIA", language: "lv"),
        "EE": CountryStyle(
            weight: 10, places: ["Peipsi", "Saaremaa", "Emajõgi", "Virumaa", "Pärnu", "Hiiumaa"], people: "baltic", legalForm: "OÜ", language: "et"),
        "LU": CountryStyle(
            weight: 7, places: ["Moselle", "Alzette", "Sûre", "Éislek", "Minett", "Gutland"], people: "fr", legalForm: "S.à r.l.", language: "fr"),
        "CY": CountryStyle(weight: 5, places: ["Troodos", "Akamas", "Mesaoria", "Levant", "Larnaca Bay"], people: "gr", legalForm: "Ltd", language: "el"),
        "MT": CountryStyle(weight: 5, places: ["Gozo", "Valletta", "Marsaxlokk", "Comino", "Mdina"], people: "en", legalForm: "Ltd", language: "mt"),
        "TR": CountryStyle(
            weight: 30, places: ["Anatolia", "Marmara", "Ege", "Toros", "Kapadokya", "Karadeniz", "Çukurova", "Trakya", "Fırat", "Kızılırmak"], people: "tr",
            legalForm: "A.Ş.", language: "tr"),
        "UA": CountryStyle(
            weight: 20, places: ["Dnipro", "Karpaty", "Podillia", "Polissia", "Bukovyna", "Tavria", "Volyn", "Slobozhanshchyna"], people: "ua",
            legalForm: "LLC", language: "uk"),
        "RS": CountryStyle(
            weight: 10, places: ["Morava", "Šumadija", "Vojvodina", "Drina", "Tisa", "Zlatibor", "Pomoravlje"], people: "slav", legalForm: "d.o.o.",
            localPrefix: "Klaster", language: "sr"),
        "AL": CountryStyle(
            weight: 5, places: ["Adriatic", "Drin", "Vjosa", "Shkumbin", "Myzeqe", "Korab"], people: "al", legalForm: "Sh.p.k.", language: "sq"),
        "BA": CountryStyle(
            weight: 5, places: ["Neretva", "Una", "Bosna", "Vrbas", "Krajina", "Posavina"], people: "slav", legalForm: "d.o.o.", language: "bs"),
        "MK": CountryStyle(
            weight: 5, places: ["Vardar", "Ohrid", "Pelagonia", "Šar", "Prespa", "Crna Reka"], people: "slav", legalForm: "DOOEL", language: "mk"),
        "ME": CountryStyle(
            weight: 3, places: ["Boka", "Durmitor", "Tara", "Lovćen", "Zeta", "Bjelasica"], people: "slav", legalForm: "d.o.o.", language: "me"),
        "IS": CountryStyle(
            weight: 3, places: ["Hekla", "Vatnajökull", "Reykjanes", "Eyjafjörður", "Snæfellsnes", "Borgarfjörður"], people: "is", legalForm: "ehf.",
            language: "is"),
        "AM": CountryStyle(
            weight: 4, places: ["Ararat", "Sevan", "Aragats", "Debed", "Syunik", "Shirak"], people: "am", legalForm: "LLC", language: "hy",
            freeRegions: [("Yerevan", "Yerevan"), ("Shirak", "Gyumri"), ("Lori", "Vanadzor"), ("Kotayk", "Abovyan"), ("Syunik", "Kapan")]),
        "MD": CountryStyle(
            weight: 4, places: ["Nistru", "Prut", "Codru", "Bugeac", "Răut"], people: "ro", legalForm: "S.R.L.", language: "ro",
            freeRegions: [("Chișinău", "Chișinău"), ("Bălți", "Bălți"), ("Găgăuzia", "Comrat"), ("Cahul", "Cahul"), ("Ungheni", "Ungheni")]),
        "XK": CountryStyle(weight: 3, places: ["Dukagjin", "Sharr", "Drenica", "Ibar", "Llap", "Rugova"], people: "al", legalForm: "Sh.p.k.", language: "sq"),
    ]

    /// First and last names by language, invented combinations of common names.
    static let people: [String: (first: [String], last: [String])] = [
        "fr": (
            ["Léa", "Camille", "Hélène", "Julien", "Étienne", "Manon", "Thomas", "Sophie", "Benoît", "Chloé"],
            ["Marchand", "Lefèvre", "Girard", "Dubois", "Moreau", "Fournier", "Rousseau", "Lemaître", "Chevalier", "Faure"]
        ),
        "de": (
            ["Jürgen", "Anna", "Lukas", "Katrin", "Stefan", "Miriam", "Jonas", "Sabine", "Matthias", "Lena"],
            ["Vogt", "Schäfer", "Hoffmann", "Krüger", "Neumann", "Brandt", "Zimmermann", "Lorenz", "Wagner", "Böhm"]
        ),
        "it": (
            ["Giulia", "Marco", "Francesca", "Luca", "Chiara", "Davide", "Elena", "Matteo", "Silvia", "Paolo"],
            ["Bianchi", "Ferrara", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti", "Esposito"]
        ),
        "es": (
            ["Lucía", "Javier", "María", "Álvaro", "Carmen", "Sergio", "Elena", "Andrés", "Nuria", "Íñigo"],
            ["García", "Martínez", "López", "Sánchez", "Romero", "Navarro", "Ortega", "Delgado", "Castro", "Núñez"]
        ),
        "pl": (
            ["Zofia", "Piotr", "Agnieszka", "Tomasz", "Małgorzata", "Paweł", "Katarzyna", "Łukasz", "Ewa", "Michał"],
            ["Kowalczyk", "Nowak", "Wiśniewska", "Zieliński", "Wójcik", "Kamińska", "Lewandowski", "Dąbrowska", "Mazur", "Krawczyk"]
        ),
        "nl": (
            ["Sanne", "Pieter", "Lotte", "Bram", "Eva", "Joost", "Femke", "Thijs", "Anouk", "Wouter"],
            ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Mertens", "Peeters", "Claes", "Willems", "Maes"]
        ),
        "cs": (
            ["Jana", "Petr", "Lucie", "Tomáš", "Tereza", "Martin", "Zuzana", "Jiří", "Kateřina", "Ondřej"],
            ["Novák", "Svoboda", "Dvořák", "Černý", "Procházka", "Kučera", "Horváth", "Veselý", "Marek", "Pokorný"]
        ),
        "pt": (
            ["Inês", "João", "Beatriz", "Tiago", "Mariana", "Rui", "Catarina", "Gonçalo", "Sofia", "André"],
            ["Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins", "Sousa", "Gonçalves"]
        ),
        "ro": (
            ["Ioana", "Andrei", "Elena", "Mihai", "Ana", "Radu", "Cristina", "Bogdan", "Irina", "Ștefan"],
            ["Popescu", "Ionescu", "Constantin", "Dumitru", "Stan", "Munteanu", "Ciobanu", "Rusu", "Moldovan", "Lungu"]
        ),
        "nordic": (
            ["Astrid", "Erik", "Ingrid", "Lars", "Sofie", "Mikkel", "Karin", "Anders", "Freja", "Johan"],
            ["Lindqvist", "Andersen", "Nilsson", "Holm", "Berg", "Sørensen", "Lund", "Ekström", "Dahl", "Nyberg"]
        ),
        "fi": (
            ["Aino", "Mikko", "Helmi", "Juha", "Laura", "Antti", "Sanna", "Ville", "Riikka", "Pekka"],
            ["Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Hämäläinen", "Laine", "Heikkinen", "Koskinen", "Järvinen", "Lehtonen"]
        ),
        "hu": (
            ["Eszter", "Bence", "Zsófia", "Gábor", "Réka", "Péter", "Anna", "Máté", "Krisztina", "László"],
            ["Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Varga", "Kiss", "Molnár", "Németh", "Farkas"]
        ),
        "gr": (
            ["Eleni", "Giorgos", "Maria", "Nikos", "Katerina", "Dimitris", "Sofia", "Kostas", "Anna", "Yannis"],
            ["Papadopoulou", "Georgiou", "Nikolaidis", "Christodoulou", "Karagianni", "Vlachos", "Economou", "Stavrou", "Pappas", "Alexiou"]
        ),
        "bg": (
            ["Maria", "Ivan", "Elena", "Georgi", "Desislava", "Nikolay", "Vesela", "Dimitar", "Ralitsa", "Stoyan"],
            ["Ivanova", "Petrov", "Georgieva", "Dimitrov", "Stoyanova", "Kolev", "Todorova", "Marinov", "Angelova", "Popov"]
        ),
        "en": (
            ["Aoife", "Conor", "Niamh", "Liam", "Siobhán", "Ciarán", "Emma", "David", "Clare", "Mark"],
            ["Byrne", "O'Brien", "Murphy", "Walsh", "Kelly", "Borg", "Camilleri", "Farrugia", "Doyle", "Ryan"]
        ),
        "slav": (
            ["Ana", "Marko", "Maja", "Luka", "Ivana", "Nikola", "Petra", "Stefan", "Jelena", "Tomislav"],
            ["Horvat", "Kovačević", "Novak", "Petrović", "Jovanović", "Babić", "Marić", "Krajnc", "Popović", "Đorđević"]
        ),
        "baltic": (
            ["Rūta", "Tomas", "Ieva", "Mantas", "Kadri", "Andris", "Laura", "Jānis", "Kristiina", "Marius"],
            ["Kazlauskas", "Jankauskaitė", "Bērziņš", "Ozola", "Tamm", "Saar", "Petrauskas", "Kalniņa", "Mägi", "Vaitkus"]
        ),
        "tr": (
            ["Elif", "Mehmet", "Zeynep", "Emre", "Ayşe", "Burak", "Selin", "Mustafa", "Deniz", "Can"],
            ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Aydın", "Öztürk", "Arslan", "Doğan", "Koç"]
        ),
        "ua": (
            ["Olena", "Andriy", "Iryna", "Taras", "Oksana", "Dmytro", "Nataliya", "Serhiy", "Yuliya", "Bohdan"],
            ["Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko", "Kravchenko", "Melnyk", "Boyko", "Moroz", "Lysenko", "Savchuk"]
        ),
        "al": (
            ["Elira", "Arben", "Jonida", "Besnik", "Drita", "Ilir", "Mirela", "Genti", "Arta", "Fatos"],
            ["Hoxha", "Krasniqi", "Berisha", "Gashi", "Shehu", "Leka", "Dervishi", "Kelmendi", "Hasani", "Morina"]
        ),
        "is": (
            ["Guðrún", "Jón", "Sigríður", "Einar", "Katrín", "Ólafur", "Helga", "Gunnar", "Anna", "Þórður"],
            [
                "Jónsdóttir", "Sigurðsson", "Guðmundsdóttir", "Einarsson", "Magnúsdóttir", "Ólafsson", "Stefánsdóttir", "Björnsson", "Kristjánsdóttir",
                "Halldórsson",
            ]
        ),
        "am": (
            ["Anahit", "Armen", "Lilit", "Hayk", "Mariam", "Tigran", "Nare", "Davit", "Ani", "Gor"],
            ["Hakobyan", "Sargsyan", "Petrosyan", "Grigoryan", "Harutyunyan", "Khachatryan", "Avetisyan", "Mkrtchyan", "Vardanyan", "Gevorgyan"]
        ),
    ]

    /// Kinds of cluster organisation as they appear in names. "Cluster" is listed twice to be the most
    /// common, as it is in real names.
    static let clusterKinds = [
        "Cluster", "Cluster", "Alliance", "Network", "Hub", "Innovation Cluster",
        "Cluster Initiative", "Competence Network", "Partnership", "Platform", "Forum",
        "Consortium", "Association",
    ]

    static let projectKinds = [
        "Project", "Pilot Project", "Partnership", "Value Chain Initiative", "Demonstrator",
        "Cross-Cluster Project", "Interregional Project",
    ]

    static let nationalKinds = [
        "Cluster Association", "Cluster Network", "Cluster Forum", "Cluster Platform",
        "Cluster Council",
    ]

    /// Syllables of invented company names ("Lumara", "Corico"): two syllables rarely make a real brand.
    static let brandStarts = [
        "Ar", "Bel", "Cor", "Dex", "El", "Fen", "Gal", "Hel", "Ir", "Jun", "Kal", "Lum",
        "Mar", "Nor", "Or", "Pra", "Quen", "Ral", "Sol", "Tor", "Ul", "Ver", "Wen", "Xan",
        "Yor", "Zen", "Ast", "Bri", "Cal", "Dor", "Ev", "Fal",
    ]
    static let brandEnds = [
        "ion", "ara", "ex", "is", "ova", "tec", "ia", "on", "ium", "ys", "ant", "ero", "ix",
        "ona", "ado", "ent", "ula", "ico",
    ]

    static let researchKinds = ["Institute for", "Research Centre for", "Technology Centre for", "Laboratory for"]

    /// Generic S3 priorities added to a theme's own.
    static let s3Generic = [
        "industrial modernisation", "circular economy", "smart mobility", "digital transformation",
        "green transition", "skills for smart specialisation", "internationalisation of SMEs",
        "resilient supply chains",
    ]

    /// Generic tags added to a theme's own.
    static let tagsGeneric = [
        "SMEs", "innovation", "internationalisation", "skills", "export", "open innovation",
        "European projects", "start-ups",
    ]

    /// Countries outside the EU and COSME that clusters often name for international cooperation.
    static let farCountries = ["US", "CA", "JP", "KR", "CN", "IN", "BR", "MA", "TN", "SG", "CH", "NO", "GB", "CL", "MX", "ZA"]

    /// Words in 1-5% of descriptions each, for benchmarks of mid-frequency searches.
    static let midFrequencyTopics = [
        "metrology", "ergonomics", "cryogenics", "electroplating", "geothermal",
        "aquaponics", "biocomposites", "thermography",
    ]

    /// Words in fewer than 0.1% of descriptions each, for benchmarks of rare-term searches.
    static let rareTopics = [
        "tribology", "rheology", "dendrochronology", "bioacoustics", "cryopreservation",
        "magnetostriction", "electrospinning", "phycology", "mycoremediation", "glassblowing",
        "horology", "lutherie", "cartography", "vermicomposting", "aeroponics", "nanofluidics",
        "spintronics", "thermoacoustics", "ferrofluids", "holography", "gemmology",
        "bookbinding", "marquetry", "filigree", "enamelling", "cooperage", "saddlery",
        "apiculture", "sericulture", "perfumery", "mycology", "speleology",
    ]
}

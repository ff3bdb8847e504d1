/// The texts of the calls part of the demo (`Resources/demo/calls.json`), for Storage's `DemoCalls`: the
/// ESCP-S3 call, the consortia that applied to the evaluated one and how the platform team evaluated them.
public struct DemoCallTexts: Decodable, Sendable {
    public struct Criterion: Decodable, Sendable {
        public var name: String
        public var maxPoints: Int
    }

    public struct Consortium: Decodable, Sendable {
        public var title: String
        public var thematicArea: String
    }

    /// An evaluation of the consortia's applications, in the order they applied; a reason makes it ineligible.
    public struct Evaluation: Decodable, Sendable {
        public var scores: [String: Int]
        public var selected: Bool
        public var reason: String?
    }

    public var programme, label, description: String
    public var thematicAreas: [String]
    /// The labels of the application fields, by field key.
    public var fieldLabels: [String: String]
    public var criteria: [Criterion]
    public var closedCallTitle, openCallTitle: String
    public var consortia: [Consortium]
    /// Slots {call} and {theme}.
    public var consortiumDescription: DemoTemplate
    public var joinMessage: String
    /// Slots {lead}, {theme}, {partner} and {third}.
    public var summary: DemoTemplate
    public var evaluations: [Evaluation]

    public static let shared: DemoCallTexts = DemoResource.load("calls.json")
}

/// The texts of the partnering part of the demo (`Resources/demo/partnering.json`), for Storage's
/// `DemoPartnering`: the drone cluster's partner search, the interest and discussion around it, and the
/// demo's region categories.
public struct DemoPartneringTexts: Decodable, Sendable {
    public var title, description: String
    public var competences: [String]
    /// What the interested organisations write, best recommended first.
    public var interestMessages: [String]
    /// A visitor's question, the drone cluster's answer and its later comment.
    public var question, answer, followUp: String
    /// Countries whose regions the demo marks less developed or in transition; capital regions left out.
    public var lessDevelopedCountries, transitionCountries, capitalRegions: Set<String>

    public static let shared: DemoPartneringTexts = DemoResource.load("partnering.json")
}

/// The texts of the matchmaking part of the demo (`Resources/demo/matchmaking.json`), for Storage's
/// `DemoMatchmaking`: a past morning of meetings and who took part in it and in the upcoming one.
public struct DemoMatchmakingTexts: Decodable, Sendable {
    public struct PastEvent: Decodable, Sendable {
        public var title, description, venue: String
        public var tags: [String]
    }
    /// A participant: their organisation (a demo French cluster's name), the made-up person (the drone
    /// cluster's is the demo's manager login) and their entry.
    public struct Participant: Decodable, Sendable {
        public var organisation, person, offer, seek: String
    }
    public var pastEvent: PastEvent
    public var participants: [Participant]
    public var upcomingParticipants: [Participant]
    public var messages: [String]

    public static let shared: DemoMatchmakingTexts = DemoResource.load("matchmaking.json")
}

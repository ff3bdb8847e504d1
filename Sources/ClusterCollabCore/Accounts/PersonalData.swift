import Foundation

/// One consent: what for, when given, when withdrawn.
public struct Consent: Codable, Sendable, Equatable {
    public var purpose: String
    public var givenAt: Date
    public var withdrawnAt: Date?

    /// A consent given at `givenAt`, withdrawn at `withdrawnAt` when it was.
    public init(purpose: String, givenAt: Date, withdrawnAt: Date? = nil) {
        self.purpose = purpose
        self.givenAt = givenAt
        self.withdrawnAt = withdrawnAt
    }

    enum CodingKeys: String, CodingKey {
        case purpose, givenAt = "given_at", withdrawnAt = "withdrawn_at"
    }
}

/// Everything the platform holds about one person, for the download on the account page. Only their
/// own rows: no other person's address, name or token appears.
public struct PersonalData: Codable, Sendable {
    /// The account row, without the password hash.
    public struct Account: Codable, Sendable, Equatable {
        public var email: String
        public var name: String
        public var role: String
        public var timeZone: String
        public var language: String
        public var createdAt: Date
        public var emailVerified: Bool
        public var emailVerifiedAt: Date?
        public init(
            email: String, name: String, role: String, timeZone: String, language: String = "en", createdAt: Date, emailVerified: Bool,
            emailVerifiedAt: Date? = nil
        ) {
            self.email = email; self.name = name; self.role = role; self.timeZone = timeZone; self.language = language; self.createdAt = createdAt;
            self.emailVerified = emailVerified; self.emailVerifiedAt = emailVerifiedAt
        }

        enum CodingKeys: String, CodingKey {
            case email, name, role, timeZone = "time_zone", language, createdAt = "created_at", emailVerified = "email_verified",
                emailVerifiedAt = "email_verified_at"
        }
    }

    /// A team the person belongs to.
    public struct Membership: Codable, Sendable, Equatable {
        public var organisationID: Int64
        public var organisationName: String
        public var role: String
        public var since: Date
        public init(organisationID: Int64, organisationName: String, role: String, since: Date) {
            self.organisationID = organisationID; self.organisationName = organisationName; self.role = role; self.since = since
        }

        enum CodingKeys: String, CodingKey {
            case organisationID = "organisation_id", organisationName = "organisation_name", role, since
        }
    }

    /// A personal API token: its name and dates, never its hash.
    public struct Token: Codable, Sendable, Equatable {
        public var name: String
        public var createdAt: Date
        public var lastUsedAt: Date?
        public var revokedAt: Date?
        public init(name: String, createdAt: Date, lastUsedAt: Date? = nil, revokedAt: Date? = nil) {
            self.name = name; self.createdAt = createdAt; self.lastUsedAt = lastUsedAt; self.revokedAt = revokedAt
        }

        enum CodingKeys: String, CodingKey {
            case name, createdAt = "created_at", lastUsedAt = "last_used_at", revokedAt = "revoked_at"
        }
    }

    /// A change of a profile the person made. Only the names of the changed fields: the values are the
    /// organisation's content and can hold other people's details (a contact person).
    public struct HistoryEntry: Codable, Sendable, Equatable {
        public var organisationID: Int64
        public var organisationName: String?
        public var at: Date
        public var action: String
        public var fields: [String]
        public init(organisationID: Int64, organisationName: String? = nil, at: Date, action: String, fields: [String]) {
            self.organisationID = organisationID; self.organisationName = organisationName; self.at = at; self.action = action; self.fields = fields
        }

        enum CodingKeys: String, CodingKey {
            case organisationID = "organisation_id", organisationName = "organisation_name", at, action, fields
        }
    }

    /// The person's entry at a matchmaking event: what they wrote, the requests they sent (their own
    /// messages, not who received them) and what they reported of their meetings.
    public struct MatchmakingEntry: Codable, Sendable, Equatable {
        public struct SentRequest: Codable, Sendable, Equatable {
            public var message: String
            public var status: String
            public var createdAt: Date
            public init(message: String, status: String, createdAt: Date) { self.message = message; self.status = status; self.createdAt = createdAt }
            enum CodingKeys: String, CodingKey { case message, status, createdAt = "created_at" }
        }
        public struct Report: Codable, Sendable, Equatable {
            public var meetingID: Int64
            public var tookPlace: Bool
            public var outcome: String
            public var note: String
            public init(meetingID: Int64, tookPlace: Bool, outcome: String, note: String) {
                self.meetingID = meetingID; self.tookPlace = tookPlace; self.outcome = outcome; self.note = note
            }
            enum CodingKeys: String, CodingKey { case meetingID = "meeting_id", tookPlace = "took_place", outcome, note }
        }
        public var eventID: Int64
        public var eventTitle: String
        public var organisationID: Int64
        public var offer: String
        public var seek: String
        public var availableSlots: [Int]
        public var status: String
        public var registeredAt: Date
        public var requests: [SentRequest]
        public var followUps: [Report]
        public init(
            eventID: Int64, eventTitle: String, organisationID: Int64, offer: String, seek: String, availableSlots: [Int], status: String,
            registeredAt: Date, requests: [SentRequest], followUps: [Report]
        ) {
            self.eventID = eventID; self.eventTitle = eventTitle; self.organisationID = organisationID; self.offer = offer; self.seek = seek
            self.availableSlots = availableSlots; self.status = status; self.registeredAt = registeredAt; self.requests = requests
            self.followUps = followUps
        }
        enum CodingKeys: String, CodingKey {
            case eventID = "event_id", eventTitle = "event_title", organisationID = "organisation_id", offer, seek,
                availableSlots = "available_slots", status, registeredAt = "registered_at", requests, followUps = "follow_ups"
        }
    }

    /// When the document was made.
    public var exportedAt: Date
    /// The account row.
    public var account: Account
    /// Each optional e-mail kind, on or off.
    public var emailSettings: [String: Bool]
    /// Consents, withdrawn ones included.
    public var consents: [Consent]
    /// The profile teams the person is in.
    public var memberships: [Membership]
    /// Personal API tokens, revoked ones included.
    public var apiTokens: [Token]
    /// Sessions still open (signed-in browsers).
    public var sessions: Int
    /// The profile changes the person made.
    public var history: [HistoryEntry]
    /// Their entries at matchmaking events.
    public var matchmaking: [MatchmakingEntry]

    public init(
        exportedAt: Date, account: Account, emailSettings: [String: Bool], consents: [Consent], memberships: [Membership], apiTokens: [Token], sessions: Int,
        history: [HistoryEntry], matchmaking: [MatchmakingEntry] = []
    ) {
        self.exportedAt = exportedAt; self.account = account; self.emailSettings = emailSettings; self.consents = consents; self.memberships = memberships;
        self.apiTokens = apiTokens; self.sessions = sessions; self.history = history; self.matchmaking = matchmaking
    }

    enum CodingKeys: String, CodingKey {
        case exportedAt = "exported_at", account, emailSettings = "email_settings", consents, memberships,
            apiTokens = "api_tokens", sessions, history, matchmaking
    }

    /// The document as it is downloaded: sorted keys, ISO 8601 dates, indented for reading.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }
}

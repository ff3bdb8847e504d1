import Foundation

/// A person's role on the whole platform. Team roles (member, administrator of one organisation's
/// profile) are separate: see `TeamRole`.
public enum PlatformRole: String, CaseIterable, Codable, Sendable, Comparable {
    case user
    case moderator
    case platformAdmin = "platform-admin"

    public var label: String {
        switch self {
        case .user: "User"
        case .moderator: "Moderator"
        case .platformAdmin: "Platform administrator"
        }
    }

    /// Moderators can do what users can; administrators what moderators can.
    public static func < (a: PlatformRole, b: PlatformRole) -> Bool {
        let order: [PlatformRole] = [.user, .moderator, .platformAdmin]
        return order.firstIndex(of: a)! < order.firstIndex(of: b)!
    }
}

/// A person's role in one organisation's profile team.
public enum TeamRole: String, CaseIterable, Codable, Sendable {
    /// Edits the profile and acts for the organisation.
    case member
    /// A member who also adds and removes colleagues.
    case administrator

    public var label: String { self == .member ? "Profile team member" : "Profile administrator" }
}

/// A registered person.
public struct User: Codable, Sendable, Equatable {
    public var id: Int64
    public var email: String
    public var name: String
    public var role: PlatformRole
    public var emailVerified: Bool
    public var timeZone: String
    /// The code of the language their e-mails and notices are written in (`Languages`).
    public var language: String
    public var createdAt: Date

    public init(
        id: Int64, email: String, name: String, role: PlatformRole = .user, emailVerified: Bool = false,
        timeZone: String = "Europe/Brussels", language: String = "en", createdAt: Date = Date(timeIntervalSince1970: 0)
    ) {
        self.id = id
        self.email = email
        self.name = name
        self.role = role
        self.emailVerified = emailVerified
        self.timeZone = timeZone
        self.language = language
        self.createdAt = createdAt
    }

    public var isModerator: Bool { role >= .moderator }
    public var isPlatformAdmin: Bool { role == .platformAdmin }
}

/// The rules for what a person types when registering or changing their details.
public enum AccountRules {
    public static let minimumPasswordLength = 10
    public static let maximumPasswordLength = 200
    public static let maximumNameLength = 120

    /// An e-mail address as stored and compared: trimmed, lower-cased and in Unicode NFC, so "Anna@Example.eu"
    /// is one account, and so is "zoë@example.eu" whether the ë came as one character or as e and a
    /// combining diaeresis (SQL compares bytes, not canonical equivalence).
    public static func normaliseEmail(_ email: String) -> String {
        email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased().precomposedStringWithCanonicalMapping
    }

    /// The alphabets an address may not mix within its local part or within one label of its domain.
    enum Script: Equatable {
        case latin, greek, cyrillic
        /// Any other letter. The look-alikes of Latin letters are Greek and Cyrillic; other writing systems
        /// are one group, so that Japanese (Han with kana) is not taken for a mixture.
        case other

        /// The script of a letter, or nil for what every script shares (digits, punctuation, marks).
        init?(_ scalar: Unicode.Scalar) {
            let marks: [Unicode.GeneralCategory] = [.nonspacingMark, .spacingMark, .enclosingMark]
            guard scalar.properties.isAlphabetic, !marks.contains(scalar.properties.generalCategory) else { return nil }
            switch scalar.value {
            case 0x41...0x5A, 0x61...0x7A, 0xAA, 0xBA, 0xC0...0x24F, 0x1E00...0x1EFF, 0x2C60...0x2C7F, 0xA720...0xA7FF: self = .latin
            case 0x370...0x3FF, 0x1F00...0x1FFF: self = .greek
            case 0x400...0x52F, 0x1C80...0x1C8F, 0x2DE0...0x2DFF, 0xA640...0xA69F: self = .cyrillic
            default: self = .other
            }
        }
    }

    /// Whether a part of an address uses letters of more than one alphabet.
    static func mixesScripts(_ part: Substring) -> Bool {
        var seen: Script?
        for scalar in part.unicodeScalars {
            guard let script = Script(scalar) else { continue }
            if let seen, seen != script { return true }
            seen = script
        }
        return false
    }

    /// The broken rule of an e-mail address (given as `normaliseEmail` returns it), or nil when it may be
    /// used. Look-alike addresses are refused: letters of two alphabets in one part ("аnna" with a Cyrillic
    /// "а"), full-width or other compatibility forms ("ａnna"), and invisible characters, so an address
    /// cannot pass for another one registered, invited or shown to a moderator.
    public static func emailProblem(_ normalised: String) -> String? {
        if normalised.isEmpty { return "is required" }
        guard normalised.count <= OrganisationLimits.email, Organisation.isEmail(normalised) else {
            return "must be an e-mail address like name@example.eu"
        }
        if normalised.unicodeScalars.contains(where: { [.format, .control, .unassigned, .privateUse].contains($0.properties.generalCategory) }) {
            return "must not contain invisible or unassigned characters"
        }
        if normalised.precomposedStringWithCompatibilityMapping != normalised {
            return "must be typed with ordinary letters, not full-width or other stylised forms"
        }
        let parts = normalised.split(separator: "@", omittingEmptySubsequences: false)
        if mixesScripts(parts[0]) {
            return "mixes alphabets before the @ (for example Latin with Cyrillic or Greek letters); use one alphabet"
        }
        if parts[1].split(separator: ".").contains(where: mixesScripts) {
            return "mixes alphabets within a part of the domain (for example Latin with Cyrillic or Greek letters); use one alphabet"
        }
        return nil
    }

    /// Passwords people pick first and attackers try first.
    static let common: Set<String> = [
        "password", "password1", "password12", "password123", "1234567890", "12345678910", "qwertyuiop",
        "1q2w3e4r5t", "iloveyou12", "letmein123", "welcome123", "administrator", "azertyuiop", "passwort123",
        "motdepasse", "clustercollab", "qwerty1234", "abcdefghij", "0123456789", "1111111111",
    ]

    /// The broken rule of a new password, or nil when it is strong enough.
    public static func passwordProblem(_ password: String, email: String, name: String) -> String? {
        if password.count < minimumPasswordLength { return "must be at least \(minimumPasswordLength) characters" }
        if password.count > maximumPasswordLength { return "must be at most \(maximumPasswordLength) characters" }
        let lower = password.lowercased()
        if common.contains(lower) { return "is one of the most common passwords; choose another" }
        if Set(lower).count < 4 { return "must use at least 4 different characters" }
        let local = normaliseEmail(email).split(separator: "@").first.map(String.init) ?? ""
        if local.count >= 4 && lower.contains(local) { return "must not contain your e-mail address" }
        let nameWords = TextFolding.words(name).filter { $0.count >= 4 }
        if nameWords.contains(where: { TextFolding.fold(lower).contains($0) }) { return "must not contain your name" }
        return nil
    }

    /// Field errors of a registration form.
    public static func registrationErrors(email: String, name: String, password: String) -> ValidationErrors {
        var errors = ValidationErrors()
        let normalised = normaliseEmail(email)
        if let problem = emailProblem(normalised) { errors.add("email", problem) }
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            errors.add("name", "is required")
        } else if trimmed.count > maximumNameLength {
            errors.add("name", "must be at most \(maximumNameLength) characters")
        }
        if let problem = passwordProblem(password, email: normalised, name: trimmed) { errors.add("password", problem) }
        return errors
    }

    /// Whether a time zone identifier is one the system knows.
    public static func isTimeZone(_ identifier: String) -> Bool { TimeZone(identifier: identifier) != nil }
}

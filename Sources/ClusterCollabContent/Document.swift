import ClusterCollabCore
import Foundation

/// A file of the community's library (issue 13, item 4): a report, a guide, a presentation, a template or
/// an agreement, owned by the platform or by an organisation, with its date, language and tags. The file's
/// bytes are kept apart from this description (lists never read them), and its type was read from the
/// bytes when it was uploaded (`FileType`).
public struct Document: Sendable, Equatable {
    public var id: Int64
    public var title: String
    public var kind: DocumentKind
    /// The document's own date (`YYYY-MM-DD`): when it was published or signed, not when it was uploaded.
    public var date: String
    /// The language it is written in: a code of `DocumentLanguages.codes`.
    public var language: String
    public var tags: [String]
    public var owner: DocumentOwner
    public var description: String
    /// The name the download carries: the uploaded file's own name, without any folder.
    public var fileName: String
    public var fileType: FileType
    public var byteSize: Int
    /// The account that uploaded it; nil for the operator, or once the account is deleted.
    public var uploadedBy: Int64?
    public var createdAt: Date

    public init(
        id: Int64 = 0, title: String, kind: DocumentKind, date: String, language: String, tags: [String] = [], owner: DocumentOwner,
        description: String = "", fileName: String, fileType: FileType, byteSize: Int, uploadedBy: Int64? = nil, createdAt: Date = Date()
    ) {
        self.id = id; self.title = title; self.kind = kind; self.date = date; self.language = language; self.tags = tags; self.owner = owner
        self.description = description; self.fileName = fileName; self.fileType = fileType; self.byteSize = byteSize
        self.uploadedBy = uploadedBy; self.createdAt = createdAt
    }
}

/// What a document is.
public enum DocumentKind: String, CaseIterable, Sendable {
    case report, guide, presentation, template, agreement
    /// A picture: a news article's photo, an event's poster.
    case photo

    public var label: String {
        switch self {
        case .report: "Report"
        case .guide: "Guide"
        case .presentation: "Presentation"
        case .template: "Template"
        case .agreement: "Agreement"
        case .photo: "Photo"
        }
    }
}

/// Whose document it is: the platform's own, or an organisation's (whose team looks after it).
public enum DocumentOwner: Sendable, Equatable, Hashable {
    case platform
    case organisation(Int64)

    /// The organisation's id, or nil for the platform.
    public var organisationID: Int64? {
        if case .organisation(let id) = self { return id }
        return nil
    }

    /// As a form or the API writes it: `platform`, or an organisation's number.
    public init?(_ text: String) {
        let value = text.trimmingCharacters(in: .whitespaces).lowercased()
        if value == "platform" {
            self = .platform
        } else if let id = Int64(value), id > 0 {
            self = .organisation(id)
        } else {
            return nil
        }
    }

    public var text: String { organisationID.map(String.init) ?? "platform" }
}

/// The languages a document may be written in: the European Union's 24 official languages and those of
/// the other countries its programmes are open to (ISO 639-1 codes).
public enum DocumentLanguages {
    public static let codes: [String] = [
        "bg", "bs", "ca", "cs", "da", "de", "el", "en", "es", "et", "eu", "fi", "fr", "ga", "gl", "hr", "hu", "is", "it", "lt", "lv", "mk", "mt", "nl",
        "no", "pl", "pt", "ro", "sk", "sl", "sq", "sr", "sv", "tr", "uk",
    ]
}

/// Who may upload or delete a document: the platform team for the platform or any organisation, an
/// organisation's team for that organisation. Visitors only read.
public enum DocumentRules {
    /// Refuses (403, with the rule's sentence) someone who may not act for `owner`; `teamRole` is their
    /// role in the owner organisation's team (nil: not in it, or the owner is the platform).
    public static func checkMayManage(_ owner: DocumentOwner, platformRole: PlatformRole, teamRole: TeamRole?) throws(Refusal) {
        switch owner {
        case .platform:
            guard platformRole >= .moderator else { throw Refusal(.forbidden, "only the platform team uploads and removes the platform's documents") }
        case .organisation:
            try Acting.organisationTeamOrPlatformTeam.check(platformRole: platformRole, teamRole: teamRole)
        }
    }

    public static func mayManage(_ owner: DocumentOwner, platformRole: PlatformRole, teamRole: TeamRole?) -> Bool {
        (try? checkMayManage(owner, platformRole: platformRole, teamRole: teamRole)) != nil
    }

    /// Whether `document` may stand for a partnership's signed cooperation agreement: an `agreement` owned
    /// by one of the partnership's member organisations.
    public static func mayHoldAgreement(_ document: Document, memberIDs: [Int64]) -> Bool {
        document.kind == .agreement && document.owner.organisationID.map(memberIDs.contains) == true
    }

    /// The size limit's words: "20 MiB", "512 KiB", "900 bytes".
    public static func size(_ bytes: Int) -> String {
        let kib = 1_024, mib = 1_048_576
        func decimal(_ n: Int, _ unit: Int) -> String {
            let tenths = (n * 10 + unit / 2) / unit
            return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
        }
        if bytes >= mib { return "\(decimal(bytes, mib)) MiB" }
        if bytes >= kib { return "\(decimal(bytes, kib)) KiB" }
        return bytes == 1 ? "1 byte" : "\(bytes) bytes"
    }
}

/// The `Content-Disposition` of a download (RFC 6266): always an attachment, so a browser saves the file
/// rather than showing it on the platform's origin, named twice: `filename` in ASCII for old clients
/// (anything else, quotes and backslashes become `_`), and `filename*` with the name as it was, in UTF-8
/// percent-encoded (RFC 8187), which current browsers prefer.
public enum ContentDisposition {
    public static func attachment(_ fileName: String) -> String {
        var ascii = ""
        for scalar in fileName.unicodeScalars {
            ascii += scalar.value >= 0x20 && scalar.value < 0x7F && scalar != "\"" && scalar != "\\" ? String(scalar) : "_"
        }
        // RFC 8187's attr-char: letters, digits and !#$&+-.^_`|~ stay; every other byte is escaped.
        let kept = Set("!#$&+-.^_`|~".utf8)
        var encoded = ""
        for byte in fileName.utf8 {
            let isAlphanumeric = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            if isAlphanumeric || kept.contains(byte) {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded += String(format: "%%%02X", byte)
            }
        }
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }
}

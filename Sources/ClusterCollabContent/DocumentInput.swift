import ClusterCollabCore
import Foundation

/// A document as an upload form or the API sends it: raw texts and the file. `validated(maxBytes:)` checks
/// every rule, naming each broken one at once; nothing is stored when one breaks.
public struct DocumentInput: Sendable, Equatable {
    public var title: String = ""
    public var kind: String = ""
    public var date: String = ""
    public var language: String = ""
    /// Tags as typed: separated by commas or spaces.
    public var tags: String = ""
    /// `platform`, or an organisation's number.
    public var owner: String = ""
    public var description: String = ""
    /// The uploaded file's name as the browser sent it (some send a whole path) and its bytes; nil when no
    /// file was sent.
    public var fileName: String?
    public var bytes: [UInt8]?

    public init() {}

    public static let minTitle = 3
    public static let maxTitle = 200
    public static let maxDescription = 2_000
    public static let maxFileName = 200
    /// The default size limit: 20 MiB (`CLUSTERCOLLAB_DOCUMENT_MAX_BYTES`).
    public static let defaultMaxBytes = 20 * 1_048_576

    /// The rule of a file over the limit (the web answers it with 413).
    public static func sizeRule(_ maxBytes: Int) -> String {
        // Written as a `rule`, so that the catalogues' test finds it and asks each language for it.
        let rule = "must not be larger than \(DocumentRules.size(maxBytes))"
        return rule
    }

    /// The document these values describe (its type read from the bytes), or every broken rule.
    public func validated(maxBytes: Int = defaultMaxBytes, uploadedBy: Int64? = nil, now: Date = Date()) throws(ValidationErrors) -> Document {
        var errors = ValidationErrors()
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty {
            errors.add("title", "is required")
        } else if title.count < Self.minTitle {
            errors.add("title", "must be at least \(Self.minTitle) characters")
        } else if title.count > Self.maxTitle {
            errors.add("title", "must be at most \(Self.maxTitle) characters")
        }
        let kind = DocumentKind(rawValue: kind.trimmingCharacters(in: .whitespaces).lowercased())
        if kind == nil { errors.add("kind", "must be one of: \(DocumentKind.allCases.map(\.rawValue).joined(separator: ", "))") }
        let date = date.trimmingCharacters(in: .whitespaces)
        if !CalendarDay.isValid(date) { errors.add("date", "must be a date written YYYY-MM-DD") }
        let language = language.trimmingCharacters(in: .whitespaces).lowercased()
        if !DocumentLanguages.codes.contains(language) {
            errors.add("language", "must be an ISO 639-1 language code among: \(DocumentLanguages.codes.joined(separator: ", "))")
        }
        var tags: [String] = []
        for raw in self.tags.split(whereSeparator: { $0 == "," || $0 == ";" || $0.isWhitespace }).map(String.init) {
            switch Tag.checked(raw) {
            case .success(let tag): if !tags.contains(tag) { tags.append(tag) }
            case .failure(let problem): errors.add("tags", "\(raw): \(problem.rule)")
            }
        }
        if tags.count > Tag.maxPerItem { errors.add("tags", "must be at most \(Tag.maxPerItem) tags") }
        let owner = DocumentOwner(self.owner)
        if owner == nil { errors.add("owner", "must be platform or the number of an organisation") }
        let description = description.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        if description.count > Self.maxDescription { errors.add("description", "must be at most \(Self.maxDescription) characters") }
        let file = checkedFile(maxBytes: maxBytes, errors: &errors)
        try errors.throwIfAny()
        guard let kind, let owner, let file else { throw errors }
        return Document(
            title: title, kind: kind, date: date, language: language, tags: tags, owner: owner, description: description, fileName: file.name,
            fileType: file.type, byteSize: bytes?.count ?? 0, uploadedBy: uploadedBy, createdAt: now)
    }

    /// The file's name (without any folder a browser sent) and its type, or the rule it breaks: over the
    /// limit, empty, of no type the library takes, cut short, or of another type than its name says.
    func checkedFile(maxBytes: Int, errors: inout ValidationErrors) -> (name: String, type: FileType)? {
        let name = Self.baseName(fileName ?? "")
        guard let bytes, !name.isEmpty else {
            errors.add("file", "choose a file: a PDF, an office document, an image or a text file")
            return nil
        }
        if bytes.count > maxBytes {
            errors.add("file", Self.sizeRule(maxBytes))
            return nil
        }
        if TextInput.hasControlCharacters(name) {
            errors.add("file", "its name must not contain control characters")
            return nil
        }
        if name.count > Self.maxFileName {
            errors.add("file", "its name must be at most \(Self.maxFileName) characters")
            return nil
        }
        let said = FileType.named(name)
        let ext = FileType.fileExtension(name)
        switch FileType.sniff(bytes) {
        case .empty:
            errors.add("file", "is empty")
        case .unknown:
            errors.add(
                "file",
                "must be a PDF, an office document (DOCX, XLSX, PPTX, ODT, ODS, ODP, DOC, XLS, PPT), an image (PNG, JPEG, GIF, WebP) or a text file (TXT, CSV)")
        case .damaged(let family):
            errors.add("file", "looks like a file of type \(family) but is cut short or damaged")
        case .text:
            // Text has no magic number: its name says whether it is a table or plain text.
            if let said, said == .csv || said == .txt { return (name, said) }
            if let ext {
                errors.add("file", "is a text file, but its name says .\(ext)")
            } else {
                errors.add("file", "is a text file, but its name has no extension (.txt or .csv)")
            }
        case .known(let type):
            if said == type { return (name, type) }
            if let ext {
                errors.add("file", "is a file of type \(type.name), but its name says .\(ext)")
            } else {
                errors.add("file", "is a file of type \(type.name), but its name has no extension (.\(type.extensions[0]))")
            }
        }
        return nil
    }

    /// The file's own name: what follows the last `/` or `\` (old browsers send `C:\fakepath\report.pdf`),
    /// trimmed.
    public static func baseName(_ sent: String) -> String {
        let last = sent.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        return last.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

import ClusterCollabText
import Foundation

/// Something a person is told of: in the app (the bell) and, for most kinds, by e-mail. A notice names its
/// message template (`kind`, also the outbox kind that e-mail preferences screen), the platform path it
/// points to, and the values the template fills. Its words live in the template, not in code.
public struct Notice: Sendable, Equatable {
    public var kind: String
    /// A path on the platform (`/applications/7`), made absolute for e-mails.
    public var link: String
    public var values: [String: String]

    public init(_ kind: String, link: String, _ values: [String: String] = [:]) {
        self.kind = kind
        self.link = link
        self.values = values
    }

    /// The value of an instant, for a name ending in `_time`: written in the recipient's language and
    /// `zone` when the notice is put in words.
    public static func instant(_ date: Date, zone: String) -> String {
        "\(Int64(date.timeIntervalSince1970.rounded(.down))) \(zone)"
    }

    /// The line shown in the app, in `language`: only the template's `message:` is filled (no name, no link).
    public func line(in language: Language = Languages.english, templates: MessageTemplates = .shared) -> String {
        templates.line(kind, values, in: language)
    }

    /// The notice in words, in `language`, for a person named `name` (empty when the address has no
    /// account yet) on the platform at `publicURL`.
    public func rendered(
        name: String = "", publicURL: String, in language: Language = Languages.english, templates: MessageTemplates = .shared
    ) -> RenderedMessage {
        var all = values
        all["name"] = name
        all["url"] = publicURL + link
        all["site"] = publicURL
        return templates.render(kind, all, in: language)
    }
}

/// A message template filled in: the line in the app, the e-mail's subject and its plain-text body.
public struct RenderedMessage: Sendable, Equatable {
    public var message: String
    public var subject: String
    public var body: String
}

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

    /// The line shown in the app: only the template's `message:` is filled (no name, no link).
    public func line(templates: MessageTemplates = .shared) -> String {
        templates.line(kind, values)
    }

    /// The notice in words, for a person named `name` (empty when the address has no account yet) on the
    /// platform at `publicURL`.
    public func rendered(name: String = "", publicURL: String, templates: MessageTemplates = .shared) -> RenderedMessage {
        var all = values
        all["name"] = name
        all["url"] = publicURL + link
        all["site"] = publicURL
        return templates.render(kind, all)
    }
}

/// A message template filled in: the line in the app, the e-mail's subject and its plain-text body.
public struct RenderedMessage: Sendable, Equatable {
    public var message: String
    public var subject: String
    public var body: String
}

import Foundation

/// An Atom 1.0 feed (RFC 4287) of news, written as text: what feed readers subscribe to at `/news.atom`
/// and `/news/tags/{tag}.atom`. Every text is escaped for XML, and characters XML cannot carry (control
/// characters other than tab and line breaks) are left out, so no article can break the feed.
public struct AtomFeed: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        /// A permanent id: the article's URL at publication.
        public var id: String
        public var title: String
        public var link: String
        public var published: Date
        public var updated: Date
        public var author: String
        public var summary: String
        public var categories: [String]

        public init(id: String, title: String, link: String, published: Date, updated: Date, author: String, summary: String, categories: [String]) {
            self.id = id; self.title = title; self.link = link; self.published = published; self.updated = updated
            self.author = author; self.summary = summary; self.categories = categories
        }
    }

    public var id: String
    public var title: String
    /// The feed's own URL (`rel="self"`).
    public var selfLink: String
    /// The page the feed follows (`rel="alternate"`).
    public var pageLink: String
    public var entries: [Entry]

    public init(id: String, title: String, selfLink: String, pageLink: String, entries: [Entry]) {
        self.id = id; self.title = title; self.selfLink = selfLink; self.pageLink = pageLink; self.entries = entries
    }

    /// The feed's `updated`: its newest entry's, or `empty` when it has none.
    public func updated(empty: Date) -> Date { entries.map(\.updated).max() ?? empty }

    public func xml(empty: Date = Date(timeIntervalSince1970: 0)) -> String {
        var out = #"<?xml version="1.0" encoding="utf-8"?>"# + "\n"
        out += #"<feed xmlns="http://www.w3.org/2005/Atom">"# + "\n"
        out += "  <id>\(Self.escape(id))</id>\n"
        out += "  <title>\(Self.escape(title))</title>\n"
        out += "  <updated>\(Self.time(updated(empty: empty)))</updated>\n"
        out += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"\(Self.escape(selfLink))\"/>\n"
        out += "  <link rel=\"alternate\" type=\"text/html\" href=\"\(Self.escape(pageLink))\"/>\n"
        for entry in entries {
            out += "  <entry>\n"
            out += "    <id>\(Self.escape(entry.id))</id>\n"
            out += "    <title>\(Self.escape(entry.title))</title>\n"
            out += "    <link rel=\"alternate\" type=\"text/html\" href=\"\(Self.escape(entry.link))\"/>\n"
            out += "    <published>\(Self.time(entry.published))</published>\n"
            out += "    <updated>\(Self.time(entry.updated))</updated>\n"
            out += "    <author><name>\(Self.escape(entry.author))</name></author>\n"
            out += "    <summary>\(Self.escape(entry.summary))</summary>\n"
            for category in entry.categories { out += "    <category term=\"\(Self.escape(category))\"/>\n" }
            out += "  </entry>\n"
        }
        return out + "</feed>\n"
    }

    /// RFC 3339 in UTC, to the second: the feed's times, and the news pages' and API's.
    public static func time(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// Text for an XML element or a double-quoted attribute.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                // XML 1.0 carries no other control character, nor U+FFFE and U+FFFF.
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

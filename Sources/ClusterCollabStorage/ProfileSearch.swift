import ClusterCollabCore
import Foundation
import SQLKit

/// Full-text search over every stored profile, whatever its status, in the database's own index (SQLite
/// FTS5, PostgreSQL tsvector). The platform team uses it to find drafts, profiles awaiting review and
/// rejected ones; the public directory is served by the in-process `DirectoryIndex` instead, which only
/// holds published profiles.
public struct ProfileSearch: Sendable, Equatable {
    public var text: String
    public var statuses: [ProfileStatus]
    public var countries: [String]
    public var types: [OrganisationType]
    public var page: Int
    public var perPage: Int

    public init(
        text: String = "", statuses: [ProfileStatus] = [], countries: [String] = [],
        types: [OrganisationType] = [], page: Int = 1, perPage: Int = 20
    ) {
        self.text = text
        self.statuses = statuses
        self.countries = countries
        self.types = types
        self.page = max(1, page)
        self.perPage = min(max(1, perPage), 100)
    }

    /// The first row's position; a page past `PageBounds` (callers refuse it) reads from the bound, so nothing.
    var offset: Int { PageBounds.offset(page: page, perPage: perPage) ?? PageBounds.maxOffset }

    /// Folded words of the text without elided and stop words (as the directory reads a query), at most
    /// ten; each matches as a word prefix.
    var terms: [String] { Array(TextFolding.searchedWords(TextFolding.words(text)).prefix(10)) }

    /// What each term matches as word prefixes: its stem, which also finds the word's other forms
    /// ("drones" finds "drone", "réseaux" finds "réseau", "numériques" finds "numérique"), and the word as
    /// typed too when the stem is not a prefix of it ("technologie" stems to "technology").
    var prefixes: [[String]] {
        terms.map { word in
            let stem = TextFolding.term(word)
            return word.hasPrefix(stem) ? [stem] : [word, stem]
        }
    }
}

extension OrganisationRepository {
    /// A page of matching profiles, best first (by rank with text, most recently updated without), the
    /// total, and how many matches each status has (the other filters applied).
    public func search(_ query: ProfileSearch) async throws -> (total: Int, items: [Organisation], byStatus: [ProfileStatus: Int]) {
        let dialect = database.dialect
        return try await database.withConnection { db in
            let terms = query.terms
            // The match expression: every term as a word prefix, any of its forms. Terms are folded letters
            // and digits only, and are bound as a parameter, so user text cannot change the query's syntax.
            let match =
                dialect == .sqlite
                ? query.prefixes.map { "(" + $0.map { "\"\($0)\"*" }.joined(separator: " OR ") + ")" }.joined(separator: " AND ")
                : query.prefixes.map { "(" + $0.map { "\($0):*" }.joined(separator: " | ") + ")" }.joined(separator: " & ")
            func conditions(includeStatus: Bool, includeText: Bool = true) -> SQLQueryString {
                var where_ = SQLQueryString("1 = 1")
                if includeText && !terms.isEmpty {
                    if dialect == .sqlite {
                        where_.appendLiteral(" AND o.id IN (SELECT rowid FROM organisations_fts WHERE organisations_fts MATCH ")
                        where_.appendInterpolation(bind: match)
                        where_.appendLiteral(")")
                    } else {
                        where_.appendLiteral(" AND o.search_vector @@ to_tsquery('simple', ")
                        where_.appendInterpolation(bind: match)
                        where_.appendLiteral(")")
                    }
                }
                if includeStatus && !query.statuses.isEmpty {
                    where_.appendLiteral(" AND o.status IN (")
                    where_.appendInterpolation(binds: query.statuses.map(\.rawValue))
                    where_.appendLiteral(")")
                }
                if !query.countries.isEmpty {
                    where_.appendLiteral(" AND o.country IN (")
                    where_.appendInterpolation(binds: query.countries)
                    where_.appendLiteral(")")
                }
                if !query.types.isEmpty {
                    where_.appendLiteral(" AND o.type IN (")
                    where_.appendInterpolation(binds: query.types.map(\.rawValue))
                    where_.appendLiteral(")")
                }
                return where_
            }

            var counts: [ProfileStatus: Int] = [:]
            var byStatus = SQLQueryString("SELECT o.status AS status, COUNT(*) AS n FROM organisations o WHERE ")
            byStatus.appendInterpolation(conditions(includeStatus: false))
            byStatus.appendLiteral(" GROUP BY o.status")
            for row in try await db.raw(byStatus).all() {
                if let status = ProfileStatus(rawValue: try row.decode(column: "status", as: String.self)) {
                    counts[status] = try row.decode(column: "n", as: Int.self)
                }
            }
            let total = query.statuses.isEmpty ? counts.values.reduce(0, +) : query.statuses.reduce(0) { $0 + (counts[$1] ?? 0) }

            var select = SQLQueryString("SELECT o.profile AS profile FROM organisations o WHERE ")
            select.appendInterpolation(conditions(includeStatus: true))
            if terms.isEmpty {
                select.appendLiteral(" ORDER BY o.updated_at DESC, o.id DESC")
            } else if dialect == .sqlite {
                // bm25 over the FTS table, joined back by rowid.
                select = SQLQueryString(
                    "SELECT o.profile AS profile FROM organisations_fts JOIN organisations o ON o.id = organisations_fts.rowid WHERE organisations_fts MATCH ")
                select.appendInterpolation(bind: match)
                select.appendLiteral(" AND ")
                select.appendInterpolation(conditions(includeStatus: true, includeText: false))
                select.appendLiteral(" ORDER BY bm25(organisations_fts), o.id")
            } else {
                select.appendLiteral(" ORDER BY ts_rank(o.search_vector, to_tsquery('simple', ")
                select.appendInterpolation(bind: match)
                select.appendLiteral(")) DESC, o.id")
            }
            select.appendLiteral(" LIMIT ")
            select.appendInterpolation(bind: query.perPage)
            select.appendLiteral(" OFFSET ")
            select.appendInterpolation(bind: query.offset)
            let items = try await db.raw(select).all().map(Self.decode)
            return (total, items, counts)
        }
    }
}

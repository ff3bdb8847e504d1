import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabSearch
import Foundation
import Hummingbird
import NIOCore

/// The published directory as open data: `/api/v1/directory.csv` and `/api/v1/directory.json`.
///
/// Without parameters they are the whole public directory at a stable address; with the directory's
/// parameters (text and facets, `sort`) the current result of that search, every match rather than one
/// page. Public fields only (`Organisation.openDataColumns`): contact people stay private. Each answer
/// carries an `ETag` (the directory revision, the format and the query) and `Last-Modified` (when the
/// directory last changed, kept in the database so every instance says the same), and a harvester that
/// sends them back gets 304 until something changed. The rows are streamed in batches, so a download of a
/// large directory never holds all its profiles in memory.
struct OpenDataController {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.API.directoryCSV, use: csv)
        router.get(Routes.API.directoryJSON, use: json)
    }

    enum Format: String {
        case csv, json
    }

    /// Profiles read from the database per step of the stream.
    static let batch = 500

    @Sendable func csv(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await download(request, format: .csv)
    }

    @Sendable func json(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await download(request, format: .json)
    }

    func download(_ request: Request, format: Format) async throws -> Response {
        // Paging is the listing's business: a download is every match.
        let pairs = FormDecoding.pairs(request.uri.query).filter { $0.0 != "page" && $0.0 != "per_page" }
        let query: DirectoryQuery
        do { query = try DirectoryQuery.parse(pairs, reference: platform.reference) } catch { throw APIError.query(error) }
        let version = try await platform.organisations.version()
        let canonical = query.parameters.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
        let etag = "\"\(version.revision)-\(format.rawValue)-\(Self.hash(canonical))\""
        let lastModified = Self.httpDate(version.changedAt)
        var headers: HTTPFields = [
            .eTag: etag, .lastModified: lastModified,
            // Anyone may keep a copy, and must ask again (cheaply, with the validators) before using it.
            .cacheControl: "public, no-cache",
        ]
        if Self.unchanged(request.headers, etag: etag, changedAt: version.changedAt) {
            return Response(status: .notModified, headers: headers)
        }
        let name = canonical.isEmpty ? "clustercollab-directory" : "clustercollab-directory-search"
        headers[.contentType] = format == .csv ? "text/csv; charset=utf-8" : "application/json"
        headers[.contentDisposition] = ContentDisposition.attachment("\(name).\(format.rawValue)")

        let everything = query.text.isEmpty && !query.hasFilters
        let ids = everything ? [] : platform.directory.index.matchingIDs(query)
        let repository = platform.organisations
        let publicURL = platform.configuration.publicURL
        let body = ResponseBody { writer in
            var first = true
            func write(_ organisations: [Organisation]) async throws {
                var text = ""
                for organisation in organisations {
                    switch format {
                    case .csv:
                        text += organisation.openDataLine(publicURL: publicURL)
                    case .json:
                        text += (first ? "\n" : ",\n") + String(decoding: try organisation.openDataJSON(publicURL: publicURL), as: UTF8.self)
                    }
                    first = false
                }
                if !text.isEmpty { try await writer.write(ByteBuffer(string: text)) }
            }
            try await writer.write(ByteBuffer(string: format == .csv ? Organisation.openDataHeader : "["))
            if everything {
                // The whole directory in id order, page by page.
                var last: Int64 = 0
                while true {
                    let page = try await repository.page(status: .published, afterID: last, limit: Self.batch)
                    guard let tail = page.last else { break }
                    try await write(page)
                    last = tail.id
                }
            } else {
                // The search's matches in its order; a profile withdrawn since the search is left out.
                var start = 0
                while start < ids.count {
                    let slice = Array(ids[start..<min(ids.count, start + Self.batch)])
                    let found = try await repository.find(ids: slice)
                    try await write(slice.compactMap { found[$0] }.filter { $0.status == .published })
                    start += Self.batch
                }
            }
            if format == .json { try await writer.write(ByteBuffer(string: "\n]\n")) }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// Whether the client's copy is current: its `If-None-Match` names this ETag (or `*`), or, when it sent
    /// none, its `If-Modified-Since` is no earlier than the last change (HTTP dates have whole seconds).
    static func unchanged(_ headers: HTTPFields, etag: String, changedAt: Date) -> Bool {
        if let match = headers[.ifNoneMatch] {
            let tags = match.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            return tags.contains("*") || tags.contains(etag) || tags.contains("W/" + etag)
        }
        if let since = headers[.ifModifiedSince], let date = parseHTTPDate(since) {
            return changedAt.timeIntervalSince1970.rounded(.down) <= date.timeIntervalSince1970
        }
        return false
    }

    /// FNV-1a over the query's canonical parameters, in hex: part of the ETag, so each search has its own.
    static func hash(_ text: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return String(h, radix: 16)
    }

    /// RFC 9110's IMF-fixdate, always in GMT.
    static func httpDate(_ date: Date) -> String {
        formatter().string(from: date)
    }

    static func parseHTTPDate(_ text: String) -> Date? {
        formatter().date(from: text.trimmingCharacters(in: .whitespaces))
    }

    private static func formatter() -> DateFormatter {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return f
    }
}

import ClusterCollabText
import Foundation

/// The published directory as open data: every public field of a profile, never its contact person.
///
/// The CSV keeps the import format's columns (so a download opens in the same tools and reads back with
/// `clustercollab import`), without `contact_name`, `contact_email` and `status` (every row is published),
/// and with the identity columns a harvester needs first: `id`, `slug`, `url`, `updated_at`. The JSON is the
/// profile's own document without the same private keys.
extension Organisation {
    /// Columns that never leave the platform in open data.
    public static let privateColumns: Set<String> = ["contact_name", "contact_email", "contact_visible_to_members", "status"]

    /// The open-data CSV's columns, in order.
    public static let openDataColumns = ["id", "slug", "url", "updated_at"] + csvColumns.filter { !privateColumns.contains($0) }

    /// The open-data CSV's header line.
    public static var openDataHeader: String { CSV.line(openDataColumns) }

    /// The profile as one open-data CSV line; `url` is its public page under `publicURL`.
    public func openDataLine(publicURL: String) -> String {
        var record = csvRecord
        record["id"] = String(id)
        record["slug"] = slug
        record["url"] = publicURL + Routes.organisation.path(slug)
        record["updated_at"] = Self.timestamp(updatedAt)
        return CSV.line(Organisation.openDataColumns.map { record[$0] ?? "" })
    }

    /// The profile as one open-data JSON object (keys sorted, no spaces), with its `url`.
    public func openDataJSON(publicURL: String) throws -> Data {
        let data = try OrganisationJSON.encoder.encode(self)
        guard var object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { return data }
        for key in Organisation.privateColumns { object.removeValue(forKey: key) }
        object["url"] = publicURL + Routes.organisation.path(slug)
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    private static func timestamp(_ date: Date) -> String {
        ISO8601DateFormatter.string(from: date, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withInternetDateTime])
    }
}

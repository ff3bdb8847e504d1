import ClusterCollabCore
import Foundation
import Testing

@Suite struct OrganisationOpenDataTests {
    let organisation = Organisation(
        id: 42, slug: "loire-photonics", name: "Loire Photonics, \"Lasers\" & Co", type: .clusterOrganisation, country: "FR",
        region: "FRG0", description: "Line one\nline two", contactName: "Anne Privée", contactEmail: "anne@private.example",
        status: .published, updatedAt: Date(timeIntervalSince1970: 1_700_000_000))

    @Test func theOpenDataRowHasEveryPublicColumnAndNoContactPerson() throws {
        #expect(Organisation.openDataColumns.prefix(4) == ["id", "slug", "url", "updated_at"])
        for column in ["contact_name", "contact_email", "status"] { #expect(!Organisation.openDataColumns.contains(column)) }
        let line = organisation.openDataLine(publicURL: "https://clusters.example.eu")
        #expect(line.hasPrefix("42,loire-photonics,https://clusters.example.eu/organisations/loire-photonics,2023-11-14T22:13:20Z,"))
        #expect(line.contains("\"Loire Photonics, \"\"Lasers\"\" & Co\""))
        #expect(line.contains("\"Line one\nline two\""))
        #expect(!line.contains("Anne") && !line.contains("private.example"))
        #expect(line.hasSuffix("\r\n"))
    }

    @Test func theOpenDataDocumentIsTheProfilesWithoutItsPrivateKeys() throws {
        let data = try organisation.openDataJSON(publicURL: "https://clusters.example.eu")
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["name"] as? String == organisation.name)
        #expect(object["url"] as? String == "https://clusters.example.eu/organisations/loire-photonics")
        for key in ["contact_name", "contact_email", "contact_visible_to_members", "status"] { #expect(object[key] == nil, "\(key)") }
    }
}

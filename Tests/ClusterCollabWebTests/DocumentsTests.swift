import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabStorage
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The document library through its pages and its API: a visitor searches and downloads, a team uploads
/// for its organisation with a real multipart form, and every refused upload stores nothing.
@Suite struct DocumentsTests {
    static let pdf = SimplePDF.make(title: "Flight test zone: booking rules", paragraphs: ["Book ten days ahead."])
    static let png = Array(
        Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")!)

    /// A multipart/form-data body as a browser sends it: the fields, then the file in the part `file`.
    static func multipart(_ fields: [(String, String)], file: (name: String, bytes: [UInt8])?) -> (HTTPFields, ByteBuffer) {
        let boundary = "----ClusterCollabDocument\(UUID().uuidString.prefix(8))"
        var body = ByteBuffer()
        for (name, value) in fields {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        if let file {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.name)\"\r\n")
            body.writeString("Content-Type: application/octet-stream\r\n\r\n")
            body.writeBytes(file.bytes)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        return ([.contentType: "multipart/form-data; boundary=\(boundary)"], body)
    }

    static func fields(owner: String, title: String = "Flight test zone: booking rules") -> [(String, String)] {
        [
            ("title", title), ("kind", "guide"), ("date", "2025-09-01"), ("language", "fr"), ("tags", "drones, infrastructures"),
            ("owner", owner), ("description", "How partner clusters book the zone."),
        ]
    }

    /// Posts the upload form as `browser` (with its page's CSRF token unless told otherwise).
    static func upload(
        _ browser: Browser, owner: String, file: (name: String, bytes: [UInt8])?, title: String = "Flight test zone: booking rules", csrf: Bool = true
    ) async throws -> TestResponse {
        var fields = Self.fields(owner: owner, title: title)
        if csrf, let token = browser.csrfToken { fields.insert(("csrf_token", token), at: 0) }
        var (headers, body) = multipart(fields, file: file)
        headers.append(contentsOf: browser.cookieHeader)
        headers[.accept] = "text/html"
        let r = try await browser.client.execute(uri: "/documents", method: .post, headers: headers, body: body)
        browser.lastPage = String(buffer: r.body)
        return r
    }

    /// Posts to the API with a bearer token (or none).
    static func apiUpload(
        _ client: any TestClientProtocol, token: String?, owner: String, file: (name: String, bytes: [UInt8])?
    ) async throws -> TestResponse {
        var (headers, body) = multipart(fields(owner: owner), file: file)
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: "/api/v1/documents", method: .post, headers: headers, body: body)
    }

    /// A published organisation with a team member who has a browser session and an API token.
    static func team(_ platform: Platform, _ client: any TestClientProtocol, _ name: String) async throws -> (Organisation, Browser, String) {
        let organisation = try await platform.organisations.create(
            Organisation(name: "\(name.capitalized) Cluster", type: .clusterOrganisation, country: "FR", region: "FR10", status: .published))
        let (user, token) = try await PartneringTests.teamMember(of: organisation.id, name, platform: platform)
        return (organisation, try await PartneringTests.browser(client, user), token)
    }

    static func count(_ platform: Platform) async throws -> Int { try await platform.documents.list(.init(), page: 1, perPage: 1).total }

    // MARK: Reading

    @Test func aVisitorSearchesTheDemoLibraryAndDownloadsAPDFWithSafeHeaders() async throws {
        try await withApp { client, platform in
            // given the demo's library
            let list = try await client.get("/documents", headers: htmlAccept)
            #expect(list.status == .ok)
            #expect(list.text.contains("Template of a cooperation agreement between clusters"))
            #expect(list.text.contains("5 documents"), "four PDFs and the founding story's picture")
            let found = try await client.get("/documents?q=zone+essais&kind=&language=", headers: htmlAccept)
            #expect(found.text.contains("1 document<"))
            #expect(found.text.contains("essais en vol"))
            #expect(try await client.get("/documents?tag=partnering", headers: htmlAccept).text.contains("2 documents"))
            #expect(try await client.get("/documents?kind=memo", headers: htmlAccept).status == .unprocessableContent)
            // when a visitor opens one and downloads it
            let stored = try #require(try await platform.documents.list(.init(), page: 1, perPage: 10).items.first { $0.document.owner != .platform })
            let page = try await client.get("/documents/\(stored.document.id)", headers: htmlAccept)
            #expect(page.text.contains("href=\"/documents/\(stored.document.id)/download\""))
            #expect(page.text.contains(">Pôle Drones Île-de-France</a>"), "the owner organisation is linked")
            #expect(!page.text.contains("Remove this document"), "a visitor removes nothing")
            let download = try await client.get("/documents/\(stored.document.id)/download")
            // then the bytes come as an attachment of the type read at upload, under a safely quoted name
            #expect(download.status == .ok)
            #expect(download.headers[.contentType] == "application/pdf")
            #expect(
                download.headers[.contentDisposition] == "attachment; filename=\"zone-essais-reservation.pdf\"; filename*=UTF-8''zone-essais-reservation.pdf")
            #expect(download.headers[.xContentTypeOptions] == "nosniff")
            #expect(download.headers[.contentLength] == String(download.body.readableBytes))
            #expect(FileType.sniff(Array(buffer: download.body)) == .known(.pdf))
            #expect(try await client.get("/documents/999999/download").status == .notFound)
            #expect(try await client.get("/documents/abc", headers: htmlAccept).status == .notFound)
        }
    }

    @Test func theAPIListsFiltersAndNamesABadParameter() async throws {
        try await withApp { client, _ in
            let all = try await client.get("/api/v1/documents").json
            #expect(all["total"] as? Int == 5 && all["page"] as? Int == 1 && all["per_page"] as? Int == 20)
            let french = try await client.get("/api/v1/documents?language=fr&kind=guide").json
            let item = try #require((french["items"] as? [[String: Any]])?.first)
            #expect(french["total"] as? Int == 1)
            #expect(item["owner"] as? String == "organisation" && item["organisation_name"] as? String == "Pôle Drones Île-de-France")
            #expect(item["content_type"] as? String == "application/pdf")
            #expect((item["download_url"] as? String)?.hasPrefix("https://clusters.example.eu/documents/") == true)
            #expect(try await client.get("/api/v1/documents?organisation=platform").json["total"] as? Int == 4)
            #expect(try await client.get("/api/v1/documents?q=agreement+template").json["total"] as? Int == 1)
            for (query, field) in [("kind=memo", "kind"), ("language=xx", "language"), ("tag=two%20words", "tag"), ("organisation=-1", "organisation")] {
                let r = try await client.get("/api/v1/documents?\(query)")
                #expect(r.status == .unprocessableContent, "\(query)")
                #expect((try r.json["fields"] as? [String: String])?[field] != nil, "\(query)")
            }
            #expect(try await client.get("/api/v1/documents?color=red").status == .badRequest)
            #expect(try await client.get("/api/v1/documents?kind=").status == .badRequest)
            #expect(try await client.get("/api/v1/documents/999999").status == .notFound)
        }
    }

    // MARK: Uploading through the form

    @Test func aTeamUploadsADocumentForItsOrganisationThroughTheForm() async throws {
        try await withApp(demo: false) { client, platform in
            // given a member of a published organisation's team on the upload form
            let (organisation, member, _) = try await Self.team(platform, client, "uploader")
            let form = try await member.get("/documents/new")
            #expect(form.status == .ok)
            #expect(form.text.contains("enctype=\"multipart/form-data\""))
            #expect(form.text.contains("<option value=\"\(organisation.id)\""))
            #expect(!form.text.contains("value=\"platform\""), "only the platform team uploads the platform's documents")
            // when they send a PDF with its description
            let r = try await Self.upload(member, owner: String(organisation.id), file: ("Règles de réservation.pdf", Self.pdf))
            // then they land on the document's page, and the download is the file as sent, under its name
            #expect(r.status == .seeOther)
            let location = try #require(r.headers[.location])
            let page = try await member.get(location)
            #expect(page.text.contains("<h1>Flight test zone: booking rules</h1>"))
            #expect(page.text.contains("Remove this document"), "its team may remove it")
            let download = try await client.get(location + "/download")
            #expect(Array(buffer: download.body) == Self.pdf)
            #expect(
                download.headers[.contentDisposition]
                    == "attachment; filename=\"R_gles de r_servation.pdf\"; filename*=UTF-8''R%C3%A8gles%20de%20r%C3%A9servation.pdf")
            let stored = try #require(try await platform.documents.list(.init(), page: 1, perPage: 1).items.first)
            #expect(stored.document.owner == .organisation(organisation.id) && stored.document.tags == ["drones", "infrastructures"])
            #expect(stored.document.language == "fr" && stored.document.kind == .guide)
            // and its team removes it
            #expect(try await member.post(location + "/delete", []).status == .seeOther)
            #expect(try await Self.count(platform) == 0)
        }
    }

    @Test func aFileWhoseBytesAreNotWhatItsNameSaysComesBackWithTheFileNamed() async throws {
        try await withApp(demo: false) { client, platform in
            let (organisation, member, token) = try await Self.team(platform, client, "mismatch")
            try await member.get("/documents/new")
            // when a PNG image is sent under a PDF's name
            let r = try await Self.upload(member, owner: String(organisation.id), file: ("report.pdf", Self.png), title: "A kept title")
            // then the form comes back with the rule beside the file, as it was filled in
            #expect(r.status == .unprocessableContent)
            #expect(r.text.contains("is a file of type PNG, but its name says .pdf"))
            #expect(r.text.contains("value=\"A kept title\""))
            #expect(r.text.contains("name=\"csrf_token\""))
            // and through the API the same rule names the field
            let api = try await Self.apiUpload(client, token: token, owner: String(organisation.id), file: ("report.pdf", Self.png))
            #expect(api.status == .unprocessableContent)
            #expect((try api.json["fields"] as? [String: String])?["file"] == "is a file of type PNG, but its name says .pdf")
            // and nothing is stored
            #expect(try await Self.count(platform) == 0)
        }
    }

    @Test func anUploadOverTheLimitIs413NamingTheFileAndTheLimit() async throws {
        try await withApp(demo: false, configure: { $0.documentMaxBytes = 1_024 }) { client, platform in
            let (organisation, member, token) = try await Self.team(platform, client, "large")
            let large = SimplePDF.make(title: "A long report", paragraphs: (1...40).map { "Paragraph \($0) of a report longer than the limit." })
            #expect(large.count > 1_024)
            // when a file a little over the limit is sent through the form
            try await member.get("/documents/new")
            let r = try await Self.upload(member, owner: String(organisation.id), file: ("report.pdf", large))
            // then the form comes back with 413 and the limit beside the file
            #expect(r.status == .contentTooLarge)
            #expect(r.text.contains("must not be larger than 1 KiB"))
            // when a body far over the limit is sent, it is refused before it is read whole, naming the file
            try await member.get("/documents/new")
            let huge = (1...2_000).flatMap { _ in large }
            let refused = try await Self.upload(member, owner: String(organisation.id), file: ("report.pdf", huge))
            #expect(refused.status == .contentTooLarge)
            #expect(refused.text.contains("must not be larger than 1 KiB"))
            // and the API says the same in its shape
            for bytes in [large, huge] {
                let api = try await Self.apiUpload(client, token: token, owner: String(organisation.id), file: ("report.pdf", bytes))
                #expect(api.status == .contentTooLarge)
                #expect((try api.json["fields"] as? [String: String])?["file"] == "must not be larger than 1 KiB")
            }
            #expect(try await Self.count(platform) == 0)
        }
    }

    // MARK: Who may upload

    @Test func aVisitorIsSentToLogInAndCannotUpload() async throws {
        try await withApp(demo: false) { client, platform in
            let (organisation, _, _) = try await Self.team(platform, client, "owner")
            let form = try await client.get("/documents/new", headers: htmlAccept)
            #expect(form.status == .seeOther)
            #expect(form.headers[.location] == "/login?next=%2Fdocuments%2Fnew")
            let visitor = Browser(client)
            try await visitor.get("/login")
            #expect(try await Self.upload(visitor, owner: String(organisation.id), file: ("guide.pdf", Self.pdf)).status == .forbidden)
            let api = try await Self.apiUpload(client, token: nil, owner: String(organisation.id), file: ("guide.pdf", Self.pdf))
            #expect(api.status == .unauthorized)
            #expect(try await Self.count(platform) == 0)
        }
    }

    @Test func anotherOrganisationsTeamCannotUploadForAnOrganisationItIsNotIn() async throws {
        try await withApp(demo: false) { client, platform in
            let (target, _, _) = try await Self.team(platform, client, "target")
            let (_, outsider, outsiderToken) = try await Self.team(platform, client, "outsider")
            try await outsider.get("/documents/new")
            // when a member of another team uploads for the target organisation, or for the platform
            let r = try await Self.upload(outsider, owner: String(target.id), file: ("guide.pdf", Self.pdf))
            #expect(r.status == .forbidden)
            #expect(r.text.contains("only the organisation"))
            try await outsider.get("/documents/new")
            #expect(try await Self.upload(outsider, owner: "platform", file: ("guide.pdf", Self.pdf)).status == .forbidden)
            let api = try await Self.apiUpload(client, token: outsiderToken, owner: String(target.id), file: ("guide.pdf", Self.pdf))
            #expect(api.status == .forbidden)
            // then nothing is stored
            #expect(try await Self.count(platform) == 0)
            // and someone in no team is not offered the form
            let loner = try await AccountSecurityTests.signedIn(client, platform, "loner@clusters.example.eu")
            #expect(try await loner.get("/documents/new").status == .forbidden)
        }
    }

    @Test func thePlatformTeamUploadsThePlatformsDocumentsThroughTheAPIAndRemovesThem() async throws {
        try await withApp(demo: false) { client, platform in
            // given the operator's token
            let r = try await Self.apiUpload(client, token: operatorToken, owner: "platform", file: ("minutes.csv", Array("item,votes\nbudget,70\n".utf8)))
            #expect(r.status == .created, "\(r.text)")
            let created = try r.json
            let id = try #require((created["id"] as? NSNumber)?.int64Value)
            #expect(r.headers[.location] == "https://clusters.example.eu/api/v1/documents/\(id)")
            #expect(created["owner"] as? String == "platform" && created["file_type"] as? String == "csv")
            #expect(created["content_type"] as? String == "text/csv; charset=utf-8")
            let download = try await client.get("/documents/\(id)/download")
            #expect(download.headers[.contentType] == "text/csv; charset=utf-8")
            // a team member cannot remove the platform's document; the operator can
            let (_, _, token) = try await Self.team(platform, client, "member")
            let refused = try await client.execute(uri: "/api/v1/documents/\(id)", method: .delete, headers: [.authorization: "Bearer \(token)"])
            #expect(refused.status == .forbidden)
            let removed = try await client.execute(uri: "/api/v1/documents/\(id)", method: .delete, headers: [.authorization: "Bearer \(operatorToken)"])
            #expect(removed.status == .noContent)
            #expect(try await Self.count(platform) == 0)
            // a JSON body is no upload
            let json = try await client.send(.post, "/api/v1/documents", json: #"{"title":"x"}"#)
            #expect(json.status == .unsupportedMediaType)
        }
    }

    @Test func aTextFieldWithControlCharactersIsRefusedNamingIt() async throws {
        try await withApp(demo: false) { client, platform in
            let (organisation, _, token) = try await Self.team(platform, client, "control")
            var (headers, body) = Self.multipart(
                Self.fields(owner: String(organisation.id), title: "Bell\u{7} report"), file: ("guide.pdf", Self.pdf))
            headers[.authorization] = "Bearer \(token)"
            let r = try await client.execute(uri: "/api/v1/documents", method: .post, headers: headers, body: body)
            #expect(r.status == .unprocessableContent)
            #expect((try r.json["fields"] as? [String: String])?["title"] == TextInput.controlCharacterRule)
            #expect(try await Self.count(platform) == 0)
        }
    }

    // MARK: A partnership's agreement

    @Test func aPartnershipsCooperationAgreementLinksAnAgreementOfAMemberOrganisation() async throws {
        try await withApp(demo: false) { client, platform in
            // given a partnership of one member organisation, its agreement in the library, and another's
            let (member, _, _) = try await Self.team(platform, client, "partner")
            let (stranger, _, _) = try await Self.team(platform, client, "stranger")
            func agreement(_ owner: Organisation) async throws -> Int64 {
                try await platform.documents.create(
                    Document(
                        title: "Agreement signed by \(owner.name)", kind: .agreement, date: "2026-01-15", language: "en", owner: .organisation(owner.id),
                        fileName: "agreement.pdf", fileType: .pdf, byteSize: Self.pdf.count), data: Data(Self.pdf), actor: "test"
                ).document.id
            }
            let signed = try await agreement(member)
            let foreign = try await agreement(stranger)
            let call = try await CallsTests.call(platform, closesIn: 3_600)
            let partnership = try await platform.database.withConnection { db in
                try await db.raw(
                    """
                    INSERT INTO partnerships (call_id, application_id, name, label, thematic_area, members, created_at)
                    VALUES (\(bind: call.id), NULL, 'Drone corridors', 'ESCP-S3', 'Mobility', \(bind: "[\(member.id)]"), 0) RETURNING id
                    """
                ).first()!.decode(column: "id", as: Int64.self)
            }
            let moderator = try await AccountSecurityTests.signedIn(client, platform, "moderator@clusters.example.eu", .moderator)
            // when the platform team opens its page, the member's agreement is offered and the other's is not
            let page = try await moderator.get("/partnerships/\(partnership)")
            #expect(page.text.contains("<option value=\"\(signed)\">"))
            #expect(!page.text.contains("<option value=\"\(foreign)\">"))
            let fields = [("agreement_title", "Cooperation agreement"), ("agreement_date", "2026-01-15"), ("agreement_note", "")]
            // then another organisation's document is refused, naming the field
            let refused = try await moderator.post("/partnerships/\(partnership)/agreement", fields + [("agreement_document", String(foreign))])
            #expect(refused.status == .unprocessableContent)
            #expect(try await platform.calls.partnership(id: partnership)?.agreementDocumentID == nil)
            // and the member's is linked from the partnership's page and its JSON
            try await moderator.get("/partnerships/\(partnership)")
            let saved = try await moderator.post("/partnerships/\(partnership)/agreement", fields + [("agreement_document", String(signed))])
            #expect(saved.status == .seeOther)
            let shown = try await client.get("/partnerships/\(partnership)", headers: htmlAccept)
            #expect(shown.text.contains("<a href=\"/documents/\(signed)\">Agreement signed by Partner Cluster</a>"))
            let json = try await client.get("/api/v1/partnerships/\(partnership)").json
            #expect((json["agreement_document_id"] as? NSNumber)?.int64Value == signed)
        }
    }
}

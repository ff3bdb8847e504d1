import ClusterCollabCore
import Foundation
import Hummingbird

/// `/static/...` (the stylesheet and the scripts), `/favicon.ico` and `/api/v1/openapi.json`, read once from the
/// bundle and served from memory.
struct StaticController {
    struct Asset: Sendable { var data: Data; var contentType: String }
    let assets: [String: Asset]
    let openAPI: Data

    init(publicURL: String) throws {
        let root = Bundle.module.resourceURL!
        var assets: [String: Asset] = [:]
        let folder = root.appendingPathComponent("public")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let type =
                name.hasSuffix(".css")
                ? "text/css; charset=utf-8"
                : name.hasSuffix(".js")
                    ? "text/javascript; charset=utf-8"
                    : name.hasSuffix(".ico") ? "image/x-icon" : "application/octet-stream"
            assets[name] = Asset(data: try Data(contentsOf: folder.appendingPathComponent(name)), contentType: type)
        }
        self.assets = assets
        // The document names the server it is served from, so client generators point at the right base URL.
        let raw = try Data(contentsOf: root.appendingPathComponent("openapi/openapi.json"))
        var document = try JSONSerialization.jsonObject(with: raw) as? [String: Any] ?? [:]
        document["servers"] = [["url": publicURL]]
        openAPI = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.staticFile) { _, context in
            let name = try context.parameters.require("file")
            guard let asset = assets[name] else { throw APIError.notFound("file \(name)") }
            return Response(
                status: .ok, headers: [.contentType: asset.contentType, .cacheControl: "public, max-age=300"],
                body: .init(byteBuffer: ByteBuffer(bytes: asset.data)))
        }
        // Browsers ask for /favicon.ico on every site; without it each visit logs a 404.
        router.get(Routes.favicon) { _, _ in
            let icon = assets["favicon.ico"]!
            return Response(
                status: .ok, headers: [.contentType: icon.contentType, .cacheControl: "public, max-age=86400"],
                body: .init(byteBuffer: ByteBuffer(bytes: icon.data)))
        }
        router.get(Routes.API.openAPI) { _, _ in JSONResponse.raw(openAPI) }
    }
}

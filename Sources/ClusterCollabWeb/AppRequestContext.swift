import Foundation
import Hummingbird
import Logging
import NIOCore

/// The request context of every route. Accounts (a later issue) add the signed-in user here.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The signed-in user (session cookie) or token holder; set by `AuthenticationMiddleware`.
    var identity: Identity?
    /// An HTML form's fields, as `CSRFMiddleware` read them to check the token (nil elsewhere).
    var form: [(String, String)]?
    /// The files of a multipart form, parsed once by `CSRFMiddleware` (nil when the form was not multipart).
    var uploads: [Multipart.Part]?
    /// The peer's address as the server saw it (before any trusted-proxy header is applied).
    let peerAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Bodies larger than this are refused with 413 before they are read.
    public var maxUploadSize: Int { 1_048_576 }
}

extension AppRequestContext {
    /// A path parameter as text. Browsers percent-encode what is not ASCII (a slug `kızılırmak-...` arrives as
    /// `k%C4%B1z...`), and the router hands the segment over as it came.
    func pathText(_ name: String) throws -> String {
        let raw = try parameters.require(name)
        return raw.removingPercentEncoding ?? raw
    }
}

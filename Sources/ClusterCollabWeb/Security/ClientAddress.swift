import Foundation
import Hummingbird

/// The client's address for rate limits. `X-Forwarded-For` is believed only when the direct peer is one of
/// the configured trusted proxies (`CLUSTERCOLLAB_TRUSTED_PROXIES`); then the right-most address that is not
/// itself a trusted proxy is the client.
enum ClientAddress {
    static func of(_ request: Request, context: AppRequestContext, trustedProxies: Set<String>) -> String {
        let peer = context.peerAddress ?? "unknown"
        guard trustedProxies.contains(peer), let header = request.headers[.xForwardedFor] else { return peer }
        let hops = header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return hops.reversed().first { !trustedProxies.contains($0) } ?? peer
    }
}

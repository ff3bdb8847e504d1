import Hummingbird
import Logging
import NIOCore

/// The request context of every route. Accounts (a later issue) add the signed-in user here.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// Bodies larger than this are refused with 413 before they are read.
    public var maxUploadSize: Int { 1_048_576 }
}

/// A rate limit: at most `count` events per `window` seconds.
public struct RateLimit: Sendable, Equatable {
    public var count: Int
    public var window: Int
    public init(count: Int, window: Int) { self.count = count; self.window = window }
}

/// The limits on guessing one account's secret (a password, or asking for its reset links).
public struct AccountAttemptLimits: Sendable, Equatable {
    /// Attempts per account and client address: what stops one address guessing.
    public var pair: RateLimit
    /// Attempts per account from all addresses together. Once reached, only addresses that have not
    /// yet failed for the account are let through (one attempt each per window), so a guesser with many
    /// addresses slows down while the owner, from an address of their own, still gets in.
    public var account: RateLimit
    public init(pair: RateLimit, account: RateLimit) { self.pair = pair; self.account = account }
}

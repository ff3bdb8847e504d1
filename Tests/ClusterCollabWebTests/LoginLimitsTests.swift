import ClusterCollabCore
import ClusterCollabStorage
@testable import ClusterCollabWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Guessing limits that stop a guesser without letting anyone lock the owner out: failures count per
/// account and client address, with a slower back-off per account for addresses that have failed.
@Suite struct LoginLimitsTests {
    static let password = AccountsTests.password
    static let owner = "anna@clusters.example.eu"

    /// Requests arrive through a trusted proxy (the test client has no peer address of its own), so each
    /// browser can say where it comes from.
    static func configure(_ c: inout AppConfiguration) {
        c.trustedProxies = ["unknown"]
        c.loginLimit = .init(count: 3, window: 300)
        c.loginAccountLimit = .init(count: 6, window: 3_600)
        c.passwordResetLimit = .init(count: 2, window: 3_600)
        c.passwordResetAccountLimit = .init(count: 4, window: 3_600)
    }

    static func logIn(_ client: any TestClientProtocol, from address: String, password: String) async throws -> TestResponse {
        let browser = Browser(client, from: address)
        try await browser.get("/login")
        return try await browser.post("/login", [("email", owner), ("password", password)])
    }

    @Test func anAttackersFailuresFromOtherAddressesDoNotStopTheOwnerLoggingIn() async throws {
        try await withApp(demo: false, configure: Self.configure) { client, platform in
            try await TeamsAndModerationTests.account(platform, Self.owner)
            // given guesses from many addresses, more than the account's own back-off allows
            for n in 1...4 {
                for _ in 0..<2 { _ = try await Self.logIn(client, from: "198.51.100.\(n)", password: "guess-guess-guess") }
            }
            // then an address that has failed is slowed down while the account is under attack
            #expect(try await Self.logIn(client, from: "198.51.100.1", password: "guess-guess-guess").status == .tooManyRequests)
            // and the owner, from an address with no failures, logs in with the right password
            let r = try await Self.logIn(client, from: "203.0.113.7", password: Self.password)
            #expect(r.status == .seeOther)
            #expect(r.headers[.location] == "/account")
        }
    }

    @Test func thePerAddressLimitStillStopsGuessing() async throws {
        try await withApp(demo: false, configure: Self.configure) { client, platform in
            try await TeamsAndModerationTests.account(platform, Self.owner)
            // given three wrong passwords from one address
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<4 { statuses.append(try await Self.logIn(client, from: "198.51.100.1", password: "guess-guess-guess").status) }
            // then the fourth is refused, and so is even the right password from that address
            #expect(statuses == [.unauthorized, .unauthorized, .unauthorized, .tooManyRequests])
            #expect(try await Self.logIn(client, from: "198.51.100.1", password: Self.password).status == .tooManyRequests)
        }
    }

    @Test func anOwnersSuccessfulLoginsDoNotCountAsFailures() async throws {
        try await withApp(demo: false, configure: Self.configure) { client, platform in
            try await TeamsAndModerationTests.account(platform, Self.owner)
            // given the owner who mistypes twice, then logs in, more often than the limit of three
            for _ in 0..<3 {
                #expect(try await Self.logIn(client, from: "203.0.113.7", password: "mistyped-once").status == .unauthorized)
                #expect(try await Self.logIn(client, from: "203.0.113.7", password: "mistyped-twice").status == .unauthorized)
                #expect(try await Self.logIn(client, from: "203.0.113.7", password: Self.password).status == .seeOther)
            }
        }
    }

    @Test func oneAddressAskingForResetLinksCannotBlockTheOwnersReset() async throws {
        try await withApp(demo: false, configure: Self.configure) { client, platform in
            try await TeamsAndModerationTests.account(platform, Self.owner)
            func ask(from address: String) async throws -> HTTPResponse.Status {
                let browser = Browser(client, from: address)
                try await browser.get("/password-reset")
                return try await browser.post("/password-reset", [("email", Self.owner)]).status
            }
            // given someone asking for the owner's reset links until refused
            #expect(try await ask(from: "198.51.100.1") == .ok)
            #expect(try await ask(from: "198.51.100.1") == .ok)
            #expect(try await ask(from: "198.51.100.1") == .tooManyRequests)
            // when the owner asks from their own address, then a link is sent
            #expect(try await ask(from: "203.0.113.7") == .ok)
            #expect(try await platform.outbox.list(page: 1, perPage: 20).rows.filter { $0.kind == "password-reset" }.count == 3)
        }
    }

    @Test func failedLoginsByOthersDoNotBlockTheOwnersPasswordAndAddressChangesOrDeletion() async throws {
        try await withApp(demo: false, configure: Self.configure) { client, platform in
            try await TeamsAndModerationTests.account(platform, Self.owner)
            let owner = Browser(client, from: "203.0.113.7")
            try await owner.get("/login")
            #expect(try await owner.post("/login", [("email", Self.owner), ("password", Self.password)]).status == .seeOther)
            // given an attacker who used up the login attempts from several addresses
            for n in 1...4 {
                for _ in 0..<3 { _ = try await Self.logIn(client, from: "198.51.100.\(n)", password: "guess-guess-guess") }
            }
            // when the owner changes the address, the password and opens deletion, each checked by password
            try await owner.get("/account")
            #expect(try await owner.post("/account/email", [("new_email", "anna@new.example.eu"), ("password", Self.password)]).status == .ok)
            try await owner.get("/account")
            #expect(
                try await owner.post("/account/password", [("current_password", Self.password), ("new_password", "rotated-secret-2026")]).status == .seeOther)
            try await owner.get("/account/delete")
            let deleted = try await owner.post("/account/delete", [("password", "rotated-secret-2026")])
            // then none of them is refused for too many attempts
            #expect(deleted.status == .ok)
            #expect(try await platform.users.find(email: Self.owner) == nil)
        }
    }

    @Test func passwordChecksOnTheAccountPageAreLimitedToo() async throws {
        try await withApp(demo: false, configure: Self.configure) { client, platform in
            try await TeamsAndModerationTests.account(platform, Self.owner)
            // given someone at a signed-in browser who does not know the password
            let browser = Browser(client, from: "203.0.113.7")
            try await browser.get("/login")
            _ = try await browser.post("/login", [("email", Self.owner), ("password", Self.password)])
            var statuses: [HTTPResponse.Status] = []
            for n in 0..<4 {
                try await browser.get("/account/delete")
                statuses.append(try await browser.post("/account/delete", [("password", "guess-\(n)-guess-guess")]).status)
            }
            // then the guesses stop at the limit
            #expect(statuses == [.unprocessableContent, .unprocessableContent, .unprocessableContent, .tooManyRequests])
        }
    }
}

import ClusterCollabCore
import ClusterCollabStorage
import Foundation
import SQLKit
import Testing

private let t0 = Date(timeIntervalSince1970: 1_700_000_000)
private let publicURL = "https://clusters.example.eu"

/// An account as registration writes it, with a known unsubscribe token.
private func user(_ email: String, name: String = "Test Person", on db: Database) async throws -> User {
    try await db.transaction { tx in
        try await UserRepository.create(
            email: email, name: name, passwordHash: "$2b$04$hash-of-\(email)", role: .user, verified: true,
            unsubscribeToken: "unsub-" + email, now: t0, on: tx)
    }
}

private func repository(_ db: Database) -> PrivacyRepository { PrivacyRepository(database: db, publicURL: publicURL) }

private func wants(_ kind: String, _ recipient: String, on db: Database) async throws -> Bool {
    try await db.withConnection { conn in try await PrivacyRepository.wants(kind: kind, recipient: recipient, on: conn) }
}

@Suite struct PrivacyRepositoryTests {
    @Test(arguments: TestDatabase.dialects)
    func everyOptionalEmailIsWantedUntilTurnedOff(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            // given a new account (settings '{}')
            let anna = try await user("anna@clusters.example.eu", on: db)
            // then every kind is wanted
            for kind in ["team-added", "team-invitation", "moderation-decision", "digest", "partnering"] {
                #expect(try await wants(kind, "anna@clusters.example.eu", on: db), "\(kind)")
            }
            // when team e-mails are turned off
            try await repository(db).setEmailSettings(userID: anna.id, EmailSettings(off: [.team]), now: t0)
            // then team e-mails are not wanted, the others still are, and the address matches in any case
            #expect(try await wants("team-added", "Anna@Clusters.example.eu", on: db) == false)
            #expect(try await wants("team-invitation", "anna@clusters.example.eu", on: db) == false)
            #expect(try await wants("moderation-decision", "anna@clusters.example.eu", on: db))
            #expect(try await repository(db).emailSettings(userID: anna.id) == EmailSettings(off: [.team]))
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func accountEmailsAndAddressesWithoutAnAccountAreAlwaysWanted(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            // given an account that unsubscribed from everything
            _ = try await user("anna@clusters.example.eu", on: db)
            #expect(try await repository(db).unsubscribeAll(token: "unsub-anna@clusters.example.eu", now: t0) == "anna@clusters.example.eu")
            // then account e-mails still go out, optional ones do not
            #expect(try await wants("verify-email", "anna@clusters.example.eu", on: db))
            #expect(try await wants("password-reset", "anna@clusters.example.eu", on: db))
            #expect(try await wants("digest", "anna@clusters.example.eu", on: db) == false)
            // and an invitation to an address with no account is wanted (no choice was made)
            #expect(try await wants("team-invitation", "newcomer@clusters.example.eu", on: db))
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func screenedMailCarriesTheUnsubscribeLinkOrIsDropped(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            // given two accounts, one without moderation e-mails
            _ = try await user("anna@clusters.example.eu", on: db)
            let bo = try await user("bo@clusters.example.eu", on: db)
            try await repository(db).setEmailSettings(userID: bo.id, EmailSettings(off: [.moderation]), now: t0)
            let decisions = ["anna@clusters.example.eu", "bo@clusters.example.eu"].map {
                OutboxMail(recipient: $0, subject: "Decision", bodyText: "Published.", kind: "moderation-decision")
            }
            // when the mails are screened on the writer's connection
            let (toAnna, toBo, reset) = try await db.withConnection { conn in
                (
                    try await PrivacyRepository.screened(decisions[0], publicURL: publicURL, on: conn),
                    try await PrivacyRepository.screened(decisions[1], publicURL: publicURL, on: conn),
                    try await PrivacyRepository.screened(
                        OutboxMail(recipient: "bo@clusters.example.eu", subject: "Reset", bodyText: "Link", kind: "password-reset"),
                        publicURL: publicURL, on: conn)
                )
            }
            // then Anna's has her link, Bo's is dropped, and an account e-mail has no unsubscribe link
            #expect(toAnna?.unsubscribeURL == "https://clusters.example.eu/unsubscribe/unsub-anna@clusters.example.eu")
            #expect(toBo == nil)
            #expect(reset != nil && reset?.unsubscribeURL == nil)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func aConsentIsRecordedOnceWithItsTimesAndWithdrawn(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            // given
            let anna = try await user("anna@clusters.example.eu", on: db)
            // when terms are agreed to twice, then withdrawn
            try await db.transaction { tx in
                try await PrivacyRepository.recordConsent(userID: anna.id, purpose: "terms", now: t0, on: tx)
                try await PrivacyRepository.recordConsent(userID: anna.id, purpose: "terms", now: t0.addingTimeInterval(60), on: tx)
            }
            let withdrawn = try await db.transaction { tx in
                try await PrivacyRepository.withdrawConsent(userID: anna.id, purpose: "terms", now: t0.addingTimeInterval(120), on: tx)
            }
            // then one row keeps the first time and the withdrawal
            #expect(withdrawn)
            #expect(
                try await repository(db).consents(userID: anna.id)
                    == [Consent(purpose: "terms", givenAt: t0, withdrawnAt: t0.addingTimeInterval(120))])
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func deletingAnAccountRenamesItsActorsAndLeavesOthersAlone(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            // given Anna's profile (history by her), an audit row by her, and a colleague's edit
            let anna = try await user("anna_l@clusters.example.eu", name: "Anna Lindqvist", on: db)
            let bo = try await user("bo@clusters.example.eu", name: "Bo Berg", on: db)
            let teams = TeamRepository(database: db, publicURL: publicURL)
            let org = try await teams.createProfile(sampleOrganisation(), creatorID: anna.id, actor: "Anna Lindqvist <anna_l@clusters.example.eu>", now: t0)
            try await teams.saveEdit(org, actor: "Bo Berg <bo@clusters.example.eu>", actorID: bo.id, now: t0.addingTimeInterval(10))
            // a look-alike: "_" in Anna's address must not match any character
            try await teams.saveEdit(org, actor: "Eve <annaxl@clusters.example.eu>", actorID: nil, now: t0.addingTimeInterval(20))
            try await db.transaction { tx in
                try await AuditLog.append(actor: "user \(anna.id)", action: "password reset", subject: "user \(anna.id)", now: t0, on: tx)
                try await PrivacyRepository.recordConsent(userID: anna.id, purpose: "terms", now: t0, on: tx)
            }
            // when
            #expect(try await repository(db).deleteAccount(userID: anna.id, now: t0.addingTimeInterval(30)))
            // then her entries name a former member, the others are unchanged, and the profile stays
            let actors = try await teams.history(organisationID: org.id).map(\.actor)
            #expect(actors.sorted() == ["Bo Berg <bo@clusters.example.eu>", "Eve <annaxl@clusters.example.eu>", "former member"])
            let auditActors = try await db.withConnection { conn in
                try await conn.raw("SELECT actor FROM audit_log ORDER BY id").all().map { try $0.decode(column: "actor", as: String.self) }
            }
            #expect(auditActors == ["former member", "former member"])
            #expect(try await OrganisationRepository(database: db).find(id: org.id) != nil)
            #expect(try await UserRepository(database: db).find(id: anna.id) == nil)
            #expect(try await repository(db).consents(userID: anna.id).isEmpty)
            #expect(try await teams.members(organisationID: org.id).isEmpty)
            #expect(try await UserRepository(database: db).find(id: bo.id) != nil)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func theLastAdministratorOfATeamWithOthersCannotDeleteTheAccount(dialect: Dialect) async throws {
        try await TestDatabase.with(dialect) { db in
            // given Anna administers a profile whose team also has Bo
            let anna = try await user("anna@clusters.example.eu", on: db)
            _ = try await user("bo@clusters.example.eu", on: db)
            let teams = TeamRepository(database: db, publicURL: publicURL)
            let org = try await teams.createProfile(sampleOrganisation(), creatorID: anna.id, actor: "Anna <anna@clusters.example.eu>", now: t0)
            _ = try await teams.addMember(
                organisationID: org.id, email: "bo@clusters.example.eu", role: .member, invitedBy: anna.id, actor: "Anna <anna@clusters.example.eu>", now: t0)
            // when she deletes her account
            await #expect(throws: Refusal.self) {
                try await repository(db).deleteAccount(userID: anna.id, now: t0)
            }
            // then nothing changed
            #expect(try await repository(db).blockingOrganisations(userID: anna.id) == ["Loire Photonics Alliance"])
            #expect(try await UserRepository(database: db).find(id: anna.id) != nil)
            #expect(try await teams.history(organisationID: org.id).map(\.actor) == ["Anna <anna@clusters.example.eu>"])
        }
    }

    @Test func settingsJSONNamesEveryKindAndReadsAbsentKindsAsOn() {
        // given a document from before a kind existed, and a malformed one
        let old = EmailSettings(json: #"{"team":false}"#)
        let broken = EmailSettings(json: "not json")
        // then
        #expect(old == EmailSettings(off: [.team]))
        #expect(broken == EmailSettings())
        #expect(EmailSettings(off: [.digest]).json == #"{"digest":false,"moderation":true,"partnering":true,"reminders":true,"team":true}"#)
        #expect(OptionalEmail.of(mailKind: "verify-email") == nil)
        #expect(OptionalEmail.of(mailKind: "team-added") == .team)
        #expect(OptionalEmail.of(mailKind: "eoi-deadline-reminder") == .reminders)
        #expect(OptionalEmail.of(mailKind: "search-expiry-reminder") == .reminders)
    }
}

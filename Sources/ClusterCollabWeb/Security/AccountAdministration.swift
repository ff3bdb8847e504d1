import ClusterCollabCore
import ClusterCollabStorage
import Foundation

/// Account operations outside HTTP: `clustercollab create-admin` and the demo logins of `serve --demo`.
public enum AccountAdministration {
    /// Creates a verified account with the role, or raises an existing account of that e-mail to it.
    /// The password must meet the same rules as on the registration form.
    public static func createVerifiedAccount(
        email: String, name: String, password: String, role: PlatformRole,
        database: Database, bcryptCost: UInt8 = 11
    ) async throws -> User {
        let errors = AccountRules.registrationErrors(email: email, name: name, password: password)
        try errors.throwIfAny()
        let hash = try await PasswordHasher(cost: bcryptCost).hash(password)
        let normalised = AccountRules.normaliseEmail(email)
        return try await UserRepository(database: database).createVerified(
            email: normalised, name: name, passwordHash: hash, role: role, unsubscribeToken: Secrets.token())
    }

    /// One verified login per platform role for the demo, created once; returns (role, e-mail, password)
    /// for printing, or nothing when the database already has accounts.
    public static func createDemoLogins(database: Database, host: String, bcryptCost: UInt8 = 11) async throws -> [(String, String, String)] {
        guard try await UserRepository(database: database).count() == 0 else { return [] }
        let people: [(PlatformRole, String, String)] = [
            (.platformAdmin, "admin", "Alex Admin"),
            (.moderator, "moderator", "Morgan Moderator"),
            (.user, "manager", "Camille Manager"),
            (.user, "member", "Sam Member"),
            (.user, "user", "Robin User"),
        ]
        // The manager and the member form the team of the demo's drone cluster; the user is the hydrogen
        // cluster's administrator, a second team (the matchmaking demo books meetings between the two).
        let drone = try await OrganisationRepository(database: database).find(slug: "pole-drones-ile-de-france")
        let hydrogen = try await OrganisationRepository(database: database).find(slug: "alpes-hydrogen-alliance")
        let teamRoles: [String: TeamRole] = ["manager": .administrator, "member": .member]
        var logins: [(String, String, String)] = []
        for (role, local, name) in people {
            // Random per demo database: the printout is the only place the passwords exist.
            let password = "demo-" + Secrets.token().prefix(12)
            let email = "\(local)@demo.\(host)"
            let user = try await createVerifiedAccount(
                email: email, name: name, password: password, role: role,
                database: database, bcryptCost: bcryptCost)
            var label = role.label
            if let drone, let teamRole = teamRoles[local] {
                try await TeamRepository.addMembership(organisationID: drone.id, userID: user.id, role: teamRole, database: database)
                label = "\(teamRole.label) of \(drone.name)"
            }
            if local == "user", let hydrogen {
                try await TeamRepository.addMembership(organisationID: hydrogen.id, userID: user.id, role: .administrator, database: database)
                label = "\(TeamRole.administrator.label) of \(hydrogen.name)"
            }
            logins.append((label, email, password))
        }
        return logins
    }
}

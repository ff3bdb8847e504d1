import ClusterCollabMail
import Testing

@Suite struct SMTPConfigurationTests {
    @Test func withoutAHostThereIsNoSMTP() throws {
        #expect(try SMTPConfiguration.fromEnvironment([:]) == nil)
        #expect(try SMTPConfiguration.fromEnvironment(["CLUSTERCOLLAB_SMTP_HOST": "", "CLUSTERCOLLAB_SMTP_FROM": "a@b.eu"]) == nil)
    }

    @Test func aHostAndSenderGiveSubmissionWithSTARTTLSByDefault() throws {
        // given
        let env = ["CLUSTERCOLLAB_SMTP_HOST": "smtp.example.eu", "CLUSTERCOLLAB_SMTP_FROM": "ClusterCollab <noreply@clusters.example.eu>"]
        // when
        let configuration = try #require(try SMTPConfiguration.fromEnvironment(env))
        // then
        #expect(configuration.host == "smtp.example.eu")
        #expect(configuration.port == 587)
        #expect(configuration.security == .startTLS)
        #expect(configuration.username == nil && configuration.password == nil)
        #expect(configuration.from == (try MailAddress(address: "noreply@clusters.example.eu", name: "ClusterCollab")))
        #expect(configuration.heloName == "clusters.example.eu")
        #expect(configuration.timeout == .seconds(30))
    }

    @Test func everySettingIsRead() throws {
        let env = [
            "CLUSTERCOLLAB_SMTP_HOST": "mail.example.eu", "CLUSTERCOLLAB_SMTP_PORT": "2525", "CLUSTERCOLLAB_SMTP_SECURITY": "NONE",
            "CLUSTERCOLLAB_SMTP_USERNAME": "robot", "CLUSTERCOLLAB_SMTP_PASSWORD": " secret with spaces ",
            "CLUSTERCOLLAB_SMTP_FROM": "noreply@example.eu", "CLUSTERCOLLAB_SMTP_HELO": "app1.example.eu",
            "CLUSTERCOLLAB_SMTP_TIMEOUT": "5",
        ]
        let configuration = try #require(try SMTPConfiguration.fromEnvironment(env))
        #expect(configuration.port == 2525)
        #expect(configuration.security == SMTPConfiguration.Security.none)
        #expect(configuration.username == "robot")
        // A password is taken exactly as written.
        #expect(configuration.password == " secret with spaces ")
        #expect(configuration.heloName == "app1.example.eu")
        #expect(configuration.timeout == .seconds(5))
    }

    @Test func implicitTLSDefaultsToPort465() throws {
        let env = ["CLUSTERCOLLAB_SMTP_HOST": "smtp.example.eu", "CLUSTERCOLLAB_SMTP_SECURITY": "tls", "CLUSTERCOLLAB_SMTP_FROM": "a@example.eu"]
        #expect(try SMTPConfiguration.fromEnvironment(env)?.port == 465)
    }

    @Test(arguments: [
        (["CLUSTERCOLLAB_SMTP_HOST": "smtp.example.eu"], "CLUSTERCOLLAB_SMTP_FROM is required"),
        (["CLUSTERCOLLAB_SMTP_HOST": "smtp.example.eu", "CLUSTERCOLLAB_SMTP_FROM": "not an address"], "CLUSTERCOLLAB_SMTP_FROM is not an e-mail address"),
        (
            ["CLUSTERCOLLAB_SMTP_HOST": "smtp.example.eu", "CLUSTERCOLLAB_SMTP_FROM": "a@example.eu", "CLUSTERCOLLAB_SMTP_PORT": "99999"],
            "CLUSTERCOLLAB_SMTP_PORT"
        ),
        (
            ["CLUSTERCOLLAB_SMTP_HOST": "smtp.example.eu", "CLUSTERCOLLAB_SMTP_FROM": "a@example.eu", "CLUSTERCOLLAB_SMTP_SECURITY": "ssl"],
            "starttls, tls or none"
        ),
        (
            ["CLUSTERCOLLAB_SMTP_HOST": "smtp.example.eu", "CLUSTERCOLLAB_SMTP_FROM": "a@example.eu", "CLUSTERCOLLAB_SMTP_USERNAME": "robot"],
            "CLUSTERCOLLAB_SMTP_PASSWORD"
        ),
    ])
    func aHalfWrittenConfigurationIsAClearError(env: [String: String], naming expected: String) {
        // when / then the error says which variable to fix
        #expect {
            _ = try SMTPConfiguration.fromEnvironment(env)
        } throws: { error in
            "\(error)".contains(expected)
        }
    }
}

import ArgumentParser
import ClusterCollabCalls
import ClusterCollabCore
import ClusterCollabMatching
import ClusterCollabStorage
import ClusterCollabWeb
import Foundation

/// `clustercollab bench calls`: the eligibility check of a 30-member consortium against 10 rules, and the
/// evaluation board with 500 submissions, read from a database and rendered.
struct BenchCalls: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calls",
        abstract: "Time the eligibility check and the evaluation board; prints figures.")

    @Option(help: "Submissions on the evaluation board.") var submissions = 500
    @Option(help: "Timed repetitions per measurement.") var iterations = 200

    func run() async throws {
        let reference = ReferenceData.shipped
        print("ClusterCollab calls benchmark, \(ProcessInfo.processInfo.activeProcessorCount) cores")

        // Eligibility: 30 members from 10 countries, 10 rules (two of them repeated kinds).
        let countries = ["FR", "DE", "IT", "ES", "PL", "RO", "BG", "PT", "NL", "TR"]
        let members = (0..<30).map { i in
            EligibilityMember(
                organisationID: Int64(i + 1), name: "Member \(i + 1)", country: countries[i % countries.count],
                type: i % 3 == 0 ? .clusterOrganisation : .clusterMember, regionCategory: i % 4 == 0 ? .lessDeveloped : nil,
                published: true, otherApplications: i % 7 == 0 ? 1 : 0)
        }
        let rules: [EligibilityRule] = [
            .minMembers(3), .minCountries(3), .allowedCountries(.euCOSME), .requiredType(.clusterOrganisation, atLeast: 1),
            .requiredType(.clusterMember, atLeast: 2), .regionCategory([.lessDeveloped, .transition], atLeast: 1),
            EligibilityRule(.publishedOnly), .maxApplicationsPerOrganisation(2), .allowedCountries(countries), .minMembers(5),
        ]
        var samples: [Double] = []
        var passed = 0
        for _ in 0..<1_000 { passed = Eligibility.evaluate(rules: rules, members: members, reference: reference).filter(\.passed).count }
        for _ in 0..<20_000 {
            let start = ContinuousClock.now
            passed = Eligibility.evaluate(rules: rules, members: members, reference: reference).filter(\.passed).count
            samples.append(BenchDirectory.ms(ContinuousClock.now - start))
        }
        samples.sort()
        print(
            String(
                format: "eligibility, 30 members x 10 rules: p50 %.4f ms, p95 %.4f ms, p99 %.4f ms (%d rules passed)",
                samples[samples.count / 2], samples[samples.count * 95 / 100], samples[samples.count * 99 / 100], passed))

        // The board: a temporary database with `submissions` consortia that submitted to one call.
        let temporary = try await TemporaryPlatform.make("calls", publicURL: "http://127.0.0.1")
        defer { temporary.remove() }
        let platform = temporary.platform
        let organisations = DemoOrganisations.generate(count: submissions * 3, now: Date(), reference: reference).map { o -> Organisation in
            var p = o
            p.status = .published
            return p
        }
        try await platform.organisations.write(organisations.map { .create($0) })
        try await platform.directory.refresh()
        let stored = try await platform.organisations.page(status: .published, afterID: 0, limit: submissions * 3)
        var call = DemoCalls.escpS3(title: "Benchmark call", opensAt: Date().addingTimeInterval(-7_200), closesAt: Date().addingTimeInterval(3_600))
        call.rules = [.minMembers(3)]
        let created = try await platform.calls.create(call, actor: "bench").call
        let clock = ContinuousClock.now
        for i in 0..<submissions {
            let lead = stored[i * 3]
            var input = PartnerSearchInput()
            input.title = "Benchmark consortium \(i)"; input.kind = "project-consortium"
            input.description = "A consortium on the benchmark's evaluation board."; input.competences = ["ecosystem:1"]
            let search = try await platform.partnerSearches.create(
                try input.applied(to: nil, ownerID: lead.id, reference: reference, today: CalendarDay.of(Date())),
                createdBy: nil, actor: "bench")
            for partner in [stored[i * 3 + 1], stored[i * 3 + 2]] {
                let interest = try await platform.partnerSearches.expressInterest(
                    searchID: search.search.id, organisationID: partner.id, userID: nil, message: "",
                    today: CalendarDay.of(Date()))
                try await platform.partnerSearches.decideInterest(id: interest.id, accept: true, decidedBy: 0, actor: "bench")
            }
            let draft = try await platform.calls.createDraft(callID: created.id, searchID: search.search.id, leadID: lead.id, userID: 0)
            _ = try await platform.calls.submit(
                id: draft.id, answers: ["summary": String(repeating: "A benchmark summary. ", count: 5), "thematic_area": "Agri-food", "s3_alignment": "yes"],
                expectedVersion: draft.version, userID: 0, userEmail: nil)
        }
        print(String(format: "prepared %d submissions in %.1f s", submissions, BenchDirectory.ms(ContinuousClock.now - clock) / 1000))
        var board: [Double] = []
        var size = 0
        for _ in 0..<5 { size = try await platform.renderEvaluationBoard(callID: created.id, zone: "Europe/Brussels").utf8.count }
        for _ in 0..<iterations {
            let start = ContinuousClock.now
            size = try await platform.renderEvaluationBoard(callID: created.id, zone: "Europe/Brussels").utf8.count
            board.append(BenchDirectory.ms(ContinuousClock.now - start))
        }
        board.sort()
        let html = size
        print(
            String(
                format: "evaluation board, %d submissions (read from the database and rendered): p50 %.1f ms, p95 %.1f ms, max %.1f ms (%d KB of HTML)",
                submissions, board[board.count / 2], board[board.count * 95 / 100], board.last!, html / 1024))
        var reads: [Double] = []
        for _ in 0..<max(5, iterations / 4) {
            let start = ContinuousClock.now
            size = try await platform.calls.applications(callID: created.id, status: .submitted).count
            reads.append(BenchDirectory.ms(ContinuousClock.now - start))
        }
        reads.sort()
        print(String(format: "  of which reading the %d submissions from the database: p50 %.1f ms", submissions, reads[reads.count / 2]))
        await platform.database.shutdown()
    }
}

import ArgumentParser
import ClusterCollabMatching
import Foundation

/// `clustercollab bench matchmaking`: the meeting scheduler of docs/performance.md on generated
/// events (`MeetingScheduler.syntheticProblem`): 300 participants and 80 tables per 2,200 meetings,
/// 2 days of 16 slots, uneven popularity and availability, each participant's meetings capped by the
/// organiser's limit. Columns: greedy, scheduled, the smallest proven bound and its kind, gap, greedy's
/// gap, and each bound (lp = the linear relaxation, "-" when not needed: a simpler bound was met).
struct BenchMatchmaking: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matchmaking",
        abstract: "Schedule generated matchmaking events of several sizes; prints greedy, scheduled, proven bound, gap and time.")

    @Option(help: "Seed of the generated events.") var seed: UInt64 = 1
    @Option(help: "Accepted meetings per event, comma-separated.") var meetings = "100,300,1000,2200,3000"
    @Option(help: "Improvement time budget in milliseconds.") var budget = 1_500
    @Option(help: "Seeds per size (seed, seed+1, ...).") var runs = 1
    @Option(help: "Organiser limit: accepted meetings per participant at most this share of their available slots.") var cap = 0.9
    @Option(help: "Share of participants available throughout.") var throughout = 0.35
    @Option(help: "Share of participants available one day (the rest: two half-days).") var oneDay = 0.5
    @Option(help: "Share of the one-day participants who come on the first day.") var firstDay = 0.85
    @Option(help: "Tables per 2,200 meetings.") var tablesPer = 80.0
    @Option(help: "Also write each generated event as JSON into this directory (to check with an ILP solver).") var dump: String?

    private func padded(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }

    func run() async throws {
        let sizes = meetings.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !sizes.isEmpty, sizes.allSatisfy({ $0 > 0 }) else { throw ValidationError("--meetings: positive numbers, comma-separated") }
        print("ClusterCollab matchmaking scheduler benchmark, \(ProcessInfo.processInfo.activeProcessorCount) cores, budget \(budget) ms")
        print(
            "seed  participants meetings slots tables   greedy scheduled    bound (kind)                        gap %   greedy gap %   capacity availability flow     lp     ms"
        )
        for size in sizes {
            for run in 0..<max(1, runs) {
                let s = seed &+ UInt64(run)
                let participants = max(20, size * 300 / 2_200)
                let tables = max(2, Int((Double(size) * tablesPer / 2_200).rounded()))
                var problem = MeetingScheduler.syntheticProblem(
                    participants: participants, meetings: size, tables: tables, cap: cap, throughout: throughout, oneDay: oneDay, firstDay: firstDay, seed: s)
                problem.timeBudget = .milliseconds(budget)
                if let dump {
                    let event: [String: Any] = [
                        "slots": problem.slots.map { [$0.index, $0.tables] },
                        "participants": problem.participants.map { ["id": $0.id, "available": $0.available.sorted()] as [String: Any] },
                        "meetings": problem.meetings.map { [$0.id, $0.first, $0.second] },
                    ]
                    let data = try JSONSerialization.data(withJSONObject: event)
                    try data.write(to: URL(fileURLWithPath: dump).appendingPathComponent("event-\(size)-\(s).json"))
                }
                let result = try MeetingScheduler.schedule(problem)
                if let broken = MeetingScheduler.violation(of: result.placements, in: problem) { throw ValidationError("invalid schedule: \(broken)") }
                let greedyGap = result.bound == 0 ? 0 : Double(result.bound - result.greedy) / Double(result.bound)
                print(
                    String(
                        format: "%4llu  %12d %8d %5d %6d   %6d %9d   %6d (%@) %7.2f   %12.2f   %8d %12d %4d %@ %6.0f", s, participants, problem.meetings.count,
                        problem.slots.count, tables, result.greedy, result.scheduled, result.bound,
                        (result.boundKind.rawValue as NSString).padding(toLength: 28, withPad: " ", startingAt: 0), result.gap * 100, greedyGap * 100,
                        result.bounds[.tableCapacity] ?? 0, result.bounds[.participantAvailability] ?? 0, result.bounds[.flowRelaxation] ?? 0,
                        padded(result.bounds[.linearRelaxation].map { String($0) } ?? "-", 6),
                        BenchDirectory.ms(result.elapsed)))
            }
        }
    }
}

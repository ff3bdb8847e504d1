import Foundation

extension MeetingScheduler {
    /// A reproducible event shaped like real matchmaking days, for the benchmark and the tests.
    ///
    /// Shape: `days` days of `slotsPerDay` slots (slot index day * 100 + k), every slot with
    /// `tables` tables except the middle slot of each day when `lunchBreak` (0 tables). Participants:
    /// a share `throughout` available throughout, `oneDay` one day only (the first day for a share
    /// `firstDay` of them, so the first day is crowded), the rest two of the half-days. Meetings join
    /// a requester drawn evenly with a target drawn with Zipf-like popularity (weight 1 / rank^0.9),
    /// no pair twice, nobody with themselves, only people who share an available slot, and nobody
    /// above the organiser's limit of `cap` x their available slots; priority falls with request
    /// order (earlier = higher).
    public static func syntheticProblem(
        participants: Int, meetings: Int, days: Int = 2, slotsPerDay: Int = 16, tables: Int, lunchBreak: Bool = false, cap: Double = 0.9,
        throughout: Double = 0.35, oneDay: Double = 0.5, firstDay: Double = 0.85, seed: UInt64
    ) -> SchedulingProblem {
        var random = SchedulerSplitMix64(seed: seed)
        let n = max(2, participants)
        var slots: [SchedulingSlot] = []
        var day: [[Int]] = []
        for d in 0..<days {
            var indices: [Int] = []
            for k in 0..<slotsPerDay {
                let index = d * 100 + k
                slots.append(SchedulingSlot(index: index, tables: lunchBreak && k == slotsPerDay / 2 ? 0 : tables))
                indices.append(index)
            }
            day.append(indices)
        }
        let halves = day.flatMap { [Array($0.prefix(slotsPerDay / 2)), Array($0.dropFirst(slotsPerDay / 2))] }
        var people: [SchedulingParticipant] = []
        for p in 0..<n {
            let roll = random.nextUnit()
            var available: Set<Int>
            if roll < throughout || days == 0 {
                available = Set(day.joined())
            } else if roll < throughout + oneDay {
                available = Set(days == 1 || random.nextUnit() < firstDay ? day[0] : day[1 + Int(random.next() % UInt64(days - 1))])
            } else {
                let first = Int(random.next() % UInt64(halves.count))
                var second = Int(random.next() % UInt64(halves.count))
                if second == first { second = (first + 1) % halves.count }
                available = Set(halves[first] + halves[second])
            }
            people.append(SchedulingParticipant(id: Int64(p + 1), available: available))
        }
        // Popularity: a random permutation of ranks, weight 1 / rank^0.9, sampled by cumulative sums.
        var ranks = Array(1...n)
        ranks.shuffle(using: &random)
        var cumulative: [Double] = []
        var total = 0.0
        for p in 0..<n {
            total += 1 / pow(Double(ranks[p]), 0.9)
            cumulative.append(total)
        }
        func popular() -> Int {
            let x = random.nextUnit() * total
            var lo = 0
            var hi = n - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if cumulative[mid] < x { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        // The organiser's limit: nobody has more accepted meetings than `cap` of their available slots.
        let limit = people.map { Int((Double($0.available.count) * cap).rounded(.down)) }
        var degree = [Int](repeating: 0, count: n)
        var pairs = Set<Int>()
        var list: [MeetingRequest] = []
        var attempts = 0
        while list.count < meetings && attempts < meetings * 400 {
            attempts += 1
            let a = Int(random.next() % UInt64(n))
            let b = popular()
            guard a != b, degree[a] < limit[a], degree[b] < limit[b] else { continue }
            // Requests only go to people who share an available slot (the tool shows only those).
            guard !people[a].available.isDisjoint(with: people[b].available) else { continue }
            guard pairs.insert(min(a, b) * n + max(a, b)).inserted else { continue }
            degree[a] += 1
            degree[b] += 1
            let priority = 3 - (3 * list.count) / max(1, meetings)
            list.append(MeetingRequest(id: Int64(list.count + 1), first: Int64(a + 1), second: Int64(b + 1), priority: max(1, priority)))
        }
        return SchedulingProblem(slots: slots, participants: people, meetings: list, seed: seed)
    }
}

import Foundation

extension MeetingScheduler {
    /// A reproducible event shaped like real matchmaking days, for the benchmark and the tests.
    ///
    /// Shape: `days` days of `slotsPerDay` slots (slot index day * 100 + k), every slot with
    /// `tables` tables except the middle slot of each day when `lunchBreak` (0 tables). Participants:
    /// 60 % available throughout, 25 % one day only, 15 % two of the four half-days. Meetings join
    /// a requester drawn evenly with a target drawn with Zipf-like popularity (weight 1 / rank^0.9),
    /// no pair twice, nobody with themselves; priority falls with request order (earlier = higher).
    public static func syntheticProblem(
        participants: Int, meetings: Int, days: Int = 2, slotsPerDay: Int = 16, tables: Int, lunchBreak: Bool = false, seed: UInt64
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
            if roll < 0.6 || days == 0 {
                available = Set(day.joined())
            } else if roll < 0.85 {
                available = Set(day[Int(random.next() % UInt64(days))])
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
        let maxPairs = n * (n - 1) / 2
        var pairs = Set<Int>()
        var list: [MeetingRequest] = []
        var attempts = 0
        while list.count < min(meetings, maxPairs) && attempts < meetings * 200 {
            attempts += 1
            let a = Int(random.next() % UInt64(n))
            let b = popular()
            guard a != b, pairs.insert(min(a, b) * n + max(a, b)).inserted else { continue }
            let priority = 3 - (3 * list.count) / max(1, meetings)
            list.append(MeetingRequest(id: Int64(list.count + 1), first: Int64(a + 1), second: Int64(b + 1), priority: max(1, priority)))
        }
        return SchedulingProblem(slots: slots, participants: people, meetings: list, seed: seed)
    }
}

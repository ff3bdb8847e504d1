import ClusterCollabCore

/// For every facet value (except regions, which filter by prefix), the slots that hold it, as bitsets: a
/// filtered search starts from the union of its chosen values instead of reading every slot's columns, which
/// is what keeps a selective filter fast at a million organisations. Slots are added, never removed: dead
/// ones are dropped by intersecting with `alive`, and compaction rebuilds the sets.
struct FacetSlots: Sendable {
    /// By interned country index.
    var country: [Bitset] = []
    /// By `OrganisationType.allCases` index.
    var type: [Bitset]
    /// By taxonomy bit position (`TaxonomyLayout.offset * 64 + bit`).
    var taxonomy: [Bitset]
    /// By label level bit.
    var label: [Bitset]
    /// By `SizeBand.allCases` index.
    var size: [Bitset]
    /// By `Infrastructure.Kind.allCases` index.
    var infrastructure: [Bitset]

    init(schema: IndexSchema) {
        type = Array(repeating: Bitset(capacity: 0), count: OrganisationType.allCases.count)
        taxonomy = Array(repeating: Bitset(capacity: 0), count: schema.taxonomyStride * 64)
        label = Array(repeating: Bitset(capacity: 0), count: 8)
        size = Array(repeating: Bitset(capacity: 0), count: SizeBand.allCases.count)
        infrastructure = Array(repeating: Bitset(capacity: 0), count: Infrastructure.Kind.allCases.count)
    }

    /// Records the values of one slot.
    mutating func add(
        _ slot: UInt32, country c: UInt16, type t: UInt8, taxonomyBits: ArraySlice<UInt64>, labelMask: UInt8, sizeBand: UInt8,
        infrastructureMask: UInt8
    ) {
        if Int(c) >= country.count { country.append(contentsOf: repeatElement(Bitset(capacity: 0), count: Int(c) + 1 - country.count)) }
        country[Int(c)].insert(slot)
        type[Int(t)].insert(slot)
        for (w, word) in zip(0..., taxonomyBits) {
            var bits = word
            while bits != 0 {
                taxonomy[w << 6 | bits.trailingZeroBitCount].insert(slot)
                bits &= bits &- 1
            }
        }
        Self.insert(slot, mask: labelMask, into: &label)
        if sizeBand != IndexSchema.noSize { size[Int(sizeBand)].insert(slot) }
        Self.insert(slot, mask: infrastructureMask, into: &infrastructure)
    }

    private static func insert(_ slot: UInt32, mask: UInt8, into sets: inout [Bitset]) {
        var m = mask
        while m != 0 {
            sets[m.trailingZeroBitCount].insert(slot)
            m &= m &- 1
        }
    }

    /// The slots holding any of `values` (indexes into `sets`), as a bitset of `capacity` slots.
    static func union(_ sets: [Bitset], _ values: some Sequence<Int>, capacity: Int) -> Bitset {
        var out = Bitset(capacity: capacity)
        out.words.withUnsafeMutableBufferPointer { o in
            for v in values where v < sets.count {
                sets[v].words.withUnsafeBufferPointer { s in
                    for i in 0..<min(o.count, s.count) { o[i] |= s[i] }
                }
            }
        }
        return out
    }
}

extension IndexState {
    /// The sets rebuilt from the slot columns (after compaction renumbers the slots).
    func rebuiltFacetSlots() -> FacetSlots {
        var sets = FacetSlots(schema: schema)
        let stride = schema.taxonomyStride
        for slot in 0..<slotCount {
            sets.add(
                UInt32(slot), country: countries[slot], type: types[slot], taxonomyBits: taxonomyBits[slot * stride..<(slot + 1) * stride],
                labelMask: labelMasks[slot], sizeBand: sizeBands[slot], infrastructureMask: infrastructureMasks[slot])
        }
        return sets
    }
}

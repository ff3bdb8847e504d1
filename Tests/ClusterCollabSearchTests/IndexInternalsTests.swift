import ClusterCollabCore
@testable import ClusterCollabSearch
import Testing

@Suite("Index building blocks")
struct IndexInternalsTests {
    @Test("the term dictionary finds every term with a prefix, in byte order, also after single inserts")
    func prefixRanges() {
        // given
        var dictionary = TermDictionary()
        dictionary.beginBulk()
        for term in ["aerospac", "aero", "aeronaut", "agri", "ae", "b", "aer"] { _ = dictionary.intern(term) }
        dictionary.finishBulk()
        _ = dictionary.intern("aerial")
        _ = dictionary.intern("aaa")
        // when
        func terms(_ prefix: String) -> [String] {
            dictionary.ids(withPrefix: prefix).map { id in
                ["aerospac", "aero", "aeronaut", "agri", "ae", "b", "aer", "aerial", "aaa"][Int(id)]
            }
        }
        // then
        #expect(terms("aer") == ["aer", "aerial", "aero", "aeronaut", "aerospac"])
        #expect(terms("aero") == ["aero", "aeronaut", "aerospac"])
        #expect(terms("a").count == 8)
        #expect(terms("c").isEmpty)
        #expect(terms("aerospace").isEmpty)
        #expect(dictionary.id("agri") == 3)
        #expect(dictionary.id("agr") == nil)
    }

    @Test("the byte-string table gives stable dense ids through growth")
    func byteStringTable() {
        // given
        var table = ByteStringTable()
        // when
        let ids = (0..<5_000).map { table.intern("term\($0)").id }
        // then
        #expect(ids == (0..<5_000).map(UInt32.init))
        #expect(table.intern("term42") == (42, false))
        #expect(table.find("term4999") == 4_999)
        #expect(table.find("term5000") == nil)
    }

    @Test("postings keep slot order and per-field counts through compaction, in about two bytes each")
    func postings() {
        // given
        var store = PostingStore()
        store.addTerm()
        let name = TermFrequencies.adding(.name, to: 0)
        let both = TermFrequencies.adding(.description, to: TermFrequencies.adding(.name, to: name))
        var many: UInt32 = 0
        for _ in 0..<300 { many = TermFrequencies.adding(.description, to: many) }
        // Mostly once in one field, as in real text; the rest takes the longer encoding.
        func frequency(_ slot: UInt32) -> UInt32 { slot % 30 == 0 ? both : slot % 45 == 0 ? many : name }
        for slot in stride(from: UInt32(0), to: 30_000, by: 3) {
            store.append(term: 0, slot: slot, frequencies: frequency(slot))
        }
        // when
        var seen: [(UInt32, UInt32)] = []
        store.forEach(0) { seen.append(($0, $1)) }
        let remap = (0..<UInt32(30_000)).map { $0 % 6 == 0 ? UInt32.max : $0 / 2 }
        store.compact(remap: remap)
        var compacted: [(UInt32, UInt32)] = []
        store.forEach(0) { compacted.append(($0, $1)) }
        // then
        #expect(seen.count == 10_000)
        #expect(seen.map(\.0) == Array(stride(from: UInt32(0), to: 30_000, by: 3)))
        #expect(TermFrequencies.count(Field.description.rawValue, in: many) == 255)
        #expect(TermFrequencies.count(Field.name.rawValue, in: both) == 2)
        #expect(seen.allSatisfy { $0.1 == frequency($0.0) })
        #expect(compacted.map(\.0) == seen.filter { $0.0 % 6 != 0 }.map { $0.0 / 2 })
        #expect(compacted.map(\.1) == seen.filter { $0.0 % 6 != 0 }.map(\.1))
        #expect(store.counts[0] == 5_000)
        #expect(store.byteCount < 5_000 * 5 / 2)
    }
}

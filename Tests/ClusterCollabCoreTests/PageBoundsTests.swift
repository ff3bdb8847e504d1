import ClusterCollabCore
import Testing

@Suite struct PageBoundsTests {
    @Test func aPageStartsAtItsOffsetUpToTheMaximum() {
        #expect(PageBounds.offset(page: 1, perPage: 20) == 0)
        #expect(PageBounds.offset(page: 3, perPage: 20) == 40)
        #expect(PageBounds.offset(page: PageBounds.maxOffset / 100 + 1, perPage: 100) == PageBounds.maxOffset)
    }

    @Test func aPageBelowOnePastTheMaximumOrOverflowingHasNoOffset() {
        #expect(PageBounds.offset(page: 0, perPage: 20) == nil)
        #expect(PageBounds.offset(page: -1, perPage: 20) == nil)
        #expect(PageBounds.offset(page: PageBounds.maxOffset / 100 + 2, perPage: 100) == nil)
        #expect(PageBounds.offset(page: Int.max, perPage: 100) == nil)
        #expect(PageBounds.offset(page: Int.max, perPage: 1) == nil)
    }
}

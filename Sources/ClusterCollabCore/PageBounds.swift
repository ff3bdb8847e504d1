import Foundation

/// How deep any list of the platform may be paged, HTML and API alike.
///
/// A page is read from the request, so `(page - 1) × per_page` is computed with checked arithmetic: a page
/// number near `Int.max` once trapped the process. No list comes near a million rows (the directory is
/// benchmarked at 100,000 profiles), so a page whose first item lies deeper than `maxOffset` cannot hold a
/// result and is refused with 422 naming `page`, rather than answered empty.
public enum PageBounds {
    /// The deepest position a page may start at (0-based).
    public static let maxOffset = 1_000_000

    /// The rule a refused `page` breaks, in the words of the error message.
    public static let rule = "must be a whole number of 1 or more, and (page - 1) × per_page at most \(maxOffset)"

    /// The 0-based position of the page's first item, or nil when `page` is below 1 or starts deeper than
    /// `maxOffset` (overflow included). `perPage` below 1 counts as 1.
    public static func offset(page: Int, perPage: Int) -> Int? {
        guard page >= 1 else { return nil }
        let (offset, overflow) = (page - 1).multipliedReportingOverflow(by: max(perPage, 1))
        return overflow || offset > maxOffset ? nil : offset
    }
}

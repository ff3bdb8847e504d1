import ClusterCollabCore
import Foundation

/// A partner search as stored: the search, its consortium, its version for edits, and who created it.
public struct StoredPartnerSearch: Sendable, Equatable {
    public var search: PartnerSearch
    public var consortium: Consortium
    public var version: Int
    public var createdBy: Int64?
    public init(search: PartnerSearch, consortium: Consortium, version: Int, createdBy: Int64?) {
        self.search = search; self.consortium = consortium; self.version = version; self.createdBy = createdBy
    }
}

extension PartnerSearch {
    /// A comment in a search's discussion (a reply names its parent).
    public struct Comment: Sendable, Equatable {
        public var id: Int64
        public var parentID: Int64?
        public var userID: Int64?
        public var author: String
        public var body: String
        public var createdAt: Date
        public init(id: Int64, parentID: Int64?, userID: Int64?, author: String, body: String, createdAt: Date) {
            self.id = id; self.parentID = parentID; self.userID = userID; self.author = author; self.body = body; self.createdAt = createdAt
        }
    }
}

/// An expression of interest as the search's team sees it: with the organisation's name and page, and
/// the person who sent it.
public struct InterestView: Sendable, Equatable {
    public var interest: Interest
    public var organisationName: String
    public var organisationSlug: String
    public var personName: String?
    public init(interest: Interest, organisationName: String, organisationSlug: String, personName: String?) {
        self.interest = interest; self.organisationName = organisationName; self.organisationSlug = organisationSlug; self.personName = personName
    }
}

import ClusterCollabCore
import Foundation

/// A labelled partnership: the consortium a call selected, under the call's label and one of its thematic
/// areas, with its cooperation agreement once signed.
public struct Partnership: Sendable, Equatable {
    /// A news item the partnership's team posts on its page.
    public struct News: Sendable, Equatable {
        public var id: Int64
        public var title: String
        public var body: String
        public var author: String
        public var publishedAt: Date
        public init(id: Int64, title: String, body: String, author: String, publishedAt: Date) {
            self.id = id; self.title = title; self.body = body; self.author = author; self.publishedAt = publishedAt
        }
    }

    public var id: Int64
    public var callID: Int64
    public var applicationID: Int64?
    public var name: String
    public var label: String
    public var thematicArea: String
    public var memberIDs: [Int64]
    public var agreement: CooperationAgreement?
    /// The signed agreement as a document of the library (an `agreement` of a member organisation), if
    /// the team linked it.
    public var agreementDocumentID: Int64?
    public var createdAt: Date

    public init(
        id: Int64, callID: Int64, applicationID: Int64?, name: String, label: String, thematicArea: String, memberIDs: [Int64],
        agreement: CooperationAgreement?, agreementDocumentID: Int64? = nil, createdAt: Date
    ) {
        self.id = id; self.callID = callID; self.applicationID = applicationID; self.name = name; self.label = label
        self.thematicArea = thematicArea; self.memberIDs = memberIDs; self.agreement = agreement; self.agreementDocumentID = agreementDocumentID
        self.createdAt = createdAt
    }
}

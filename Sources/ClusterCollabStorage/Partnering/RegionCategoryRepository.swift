import ClusterCollabCore
import ClusterCollabMatching
import Foundation
import SQLKit

/// Cohesion-policy region categories by NUTS 2 code (Commission Implementing Decision (EU) 2021/1130), as
/// administrators load them. The project ships none: the official list is not bundled.
public struct RegionCategoryRepository: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    public func all() async throws -> [RegionCategory.Entry] {
        try await database.withConnection { db in
            try await db.raw("SELECT nuts_code, category, demo FROM region_categories ORDER BY nuts_code").all().compactMap { row in
                guard let category = RegionCategory(rawValue: try row.decode(column: "category", as: String.self)) else { return nil }
                return RegionCategory.Entry(
                    nutsCode: try row.decode(column: "nuts_code", as: String.self), category: category,
                    demo: try row.decode(column: "demo", as: Int.self) != 0)
            }
        }
    }

    public func table() async throws -> [String: RegionCategory] {
        Dictionary(try await all().map { ($0.nutsCode, $0.category) }, uniquingKeysWith: { _, last in last })
    }

    /// Sets categories, in one transaction; `replacing` first removes every other row (an import of the
    /// full list), otherwise the given rows are added or changed.
    public func set(_ categories: [String: RegionCategory], demo: Bool = false, replacing: Bool, actor: String, now: Date = Date()) async throws {
        try await database.transaction { db in
            if replacing { try await db.raw("DELETE FROM region_categories").run() }
            for (code, category) in categories.sorted(by: { $0.key < $1.key }) {
                try await db.raw("DELETE FROM region_categories WHERE nuts_code = \(bind: code)").run()
                try await db.raw(
                    """
                    INSERT INTO region_categories (nuts_code, category, demo, updated_at) VALUES (\(bind: code), \(bind: category.rawValue), \(bind: demo ? 1 : 0), \(bind: StoredTime.millis(now)))
                    """
                ).run()
            }
            try await AuditLog.append(
                actor: actor, action: replacing ? "region categories: imported" : "region categories: set",
                subject: "region categories", detail: "\(categories.count) regions", now: now, on: db)
        }
    }

    public func remove(_ code: String, actor: String, now: Date = Date()) async throws -> Bool {
        try await database.transaction { db in
            guard try await db.raw("SELECT nuts_code FROM region_categories WHERE nuts_code = \(bind: code)").first() != nil else { return false }
            try await db.raw("DELETE FROM region_categories WHERE nuts_code = \(bind: code)").run()
            try await AuditLog.append(actor: actor, action: "region categories: removed", subject: "region categories", detail: code, now: now, on: db)
            return true
        }
    }
}

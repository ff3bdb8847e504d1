import ClusterCollabCore
import ClusterCollabMatching
import ClusterCollabStorage
import Foundation
import Hummingbird

/// `/admin/region-categories`: platform administrators load and edit the cohesion-policy region
/// categories that the partnering rules ("a partner from a less developed or transition region") use.
struct RegionCategoriesController {
    let platform: Platform

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.adminRegionCategories, use: page)
        router.post(Routes.adminRegionCategories, use: set)
        router.post(Routes.adminRegionCategoriesImport, use: importCSV)
        router.post(Routes.adminRegionCategoryDelete, use: remove)
    }

    struct Row { var code: String; var deleteAction: String; var name: String; var country: String; var category: String; var demo: Bool }
    struct Option { var value: String; var label: String }
    struct Page: PageModel {
        static let template = "admin-region-categories"
        var site = SiteLinks()
        var title = t("Region categories")
        var csrf: String
        var rows: [Row]
        var hasDemo: Bool
        var categories: [Option]
        var errors: [FieldRule]
        var notice: String?
    }

    func render(
        _ request: Request, _ context: AppRequestContext, errors: [String: String] = [:], notice: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let entries = try await platform.regionCategories.all()
        let rows = entries.map { e in
            Row(
                code: e.nutsCode, deleteAction: Routes.adminRegionCategoryDelete.path(e.nutsCode), name: platform.reference.region(e.nutsCode)?.name ?? "",
                country: platform.reference.region(e.nutsCode).flatMap { platform.reference.country($0.country).map { ReferenceText.country($0.name) } } ?? "",
                category: word(e.category.label), demo: e.demo)
        }
        return platform.formPage(request, context, status: status) { csrf in
            Page(
                csrf: csrf, rows: rows, hasDemo: entries.contains(where: \.demo),
                categories: RegionCategory.allCases.map { Option(value: $0.rawValue, label: word($0.label)) },
                errors: errors.sorted { $0.key.localizedStandardCompare($1.key) == .orderedAscending }.map { FieldRule(field: $0.key, rule: $0.value) },
                notice: notice)
        }
    }

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try AdminPagesController.require(.platformAdmin, request, context)
        return try await render(request, context)
    }

    @Sendable func set(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try AdminPagesController.require(.platformAdmin, request, context)
        let form = try await Form(request, context: context)
        do {
            let (code, category) = try RegionCategoryTable.row(code: form["nuts_code"], category: form["category"], reference: platform.reference)
            try await platform.regionCategories.set([code: category], replacing: false, actor: "\(user.name) <\(user.email)>")
            try await platform.reloadRegionCategories()
            return AccountPagesController.redirect(Routes.adminRegionCategories.path)
        } catch let errors as ValidationErrors {
            return try await render(request, context, errors: errors.fields, status: .unprocessableContent)
        }
    }

    @Sendable func importCSV(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try AdminPagesController.require(.platformAdmin, request, context)
        let form = try await Form(request, context: context)
        do {
            let table = try RegionCategoryTable.parse(form["csv"], reference: platform.reference)
            try await platform.regionCategories.set(table, replacing: true, actor: "\(user.name) <\(user.email)>")
            try await platform.reloadRegionCategories()
            return try await render(
                request, context, notice: t("Imported {{count}} region categories; the previous list was replaced.").filling(["count": String(table.count)]))
        } catch let errors as ValidationErrors {
            return try await render(request, context, errors: errors.fields, status: .unprocessableContent)
        }
    }

    @Sendable func remove(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try AdminPagesController.require(.platformAdmin, request, context)
        let code = try context.parameters.require("id")
        guard try await platform.regionCategories.remove(code, actor: "\(user.name) <\(user.email)>") else {
            throw APIError.notFound("region category of \(code)")
        }
        try await platform.reloadRegionCategories()
        return AccountPagesController.redirect(Routes.adminRegionCategories.path)
    }
}

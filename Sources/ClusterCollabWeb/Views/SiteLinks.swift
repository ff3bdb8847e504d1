import ClusterCollabCore
import ClusterCollabText

/// The platform's fixed links (no parameters) for the templates, as `{{site.register}}`: a page model that
/// shows any of them carries a `site`. Read through explicit lookups; `TemplateLinksTests` checks that every
/// `site.` name a template uses is one of these.
struct SiteLinks: TemplateData {
    static let names: [String: String] = [
        "home": Routes.home.path,
        "organisations": Routes.organisations.path,
        "newOrganisation": Routes.newOrganisation.path,
        "register": Routes.register.path,
        "login": Routes.login.path,
        "logout": Routes.logout.path,
        "passwordReset": Routes.passwordReset.path,
        "account": Routes.account.path,
        "accountProfile": Routes.accountProfile.path,
        "accountEmail": Routes.accountEmail.path,
        "accountPassword": Routes.accountPassword.path,
        "accountTokens": Routes.accountTokens.path,
        "accountLogoutEverywhere": Routes.accountLogoutEverywhere.path,
        "accountEmails": Routes.accountEmails.path,
        "accountSavedSearches": Routes.accountSavedSearches.path,
        "accountExport": Routes.accountExport.path,
        "accountDelete": Routes.accountDelete.path,
        "notificationsRead": Routes.notificationsRead.path,
        "adminRegionCategories": Routes.adminRegionCategories.path,
        "adminRegionCategoriesImport": Routes.adminRegionCategoriesImport.path,
        "suggestScript": Routes.staticFile.path("suggest.js"),
        "eligibilityScript": Routes.staticFile.path("eligibility.js"),
        "chartHoverScript": Routes.staticFile.path("chart-hover.js"),
        "suggestAPI": Routes.API.organisationSuggest.path,
    ]

    func value(named name: String) -> TemplateValue? { Self.names[name].map(TemplateValue.text) }
}

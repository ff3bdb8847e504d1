import ClusterCollabStorage
import Foundation
import Hummingbird
import Logging
import Metrics
import NIOConcurrencyHelpers
import Prometheus
import ServiceLifecycle

/// The composition root: the only place where the platform is wired. `clustercollab serve` and every
/// in-process HTTP test call it.
public func buildApplication(_ configuration: AppConfiguration) async throws -> some ApplicationProtocol {
    var logger = Logger(label: "clustercollab")
    logger.logLevel = configuration.logLevel
    let platform = try await Platform(configuration: configuration, logger: logger)
    return try buildApplication(platform: platform)
}

/// Wires an application around an existing platform (tests use it to reach the platform's parts).
public func buildApplication(platform: Platform) throws -> some ApplicationProtocol {
    let configuration = platform.configuration
    let router = try buildRouter(platform: platform)
    var app = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.hostname, port: configuration.port), serverName: "ClusterCollab"),
        // Services stop in reverse order after the server: the refresher first, the database pool last.
        services: [
            DatabaseShutdownService(database: platform.database),
            DirectoryRefreshService(directory: platform.directory, interval: configuration.directoryRefreshInterval),
            RegionCategoryRefreshService(platform: platform),
            OutboxSender(repository: platform.outbox, smtp: configuration.smtp, logger: platform.logger),
        ] + (configuration.digestSchedule.map { [DigestService(platform: platform, schedule: $0)] } ?? [])
            + (configuration.sendsReminders ? [ReminderService(platform: platform), SavedSearchAlertService(platform: platform)] : []),
        logger: platform.logger)
    app.beforeServerStarts { try await platform.prepare() }
    return app
}

/// Every route and middleware of the platform. Tests enumerate its routes (the authorization matrix).
public func buildRouter(platform: Platform) throws -> Router<AppRequestContext> {
    let configuration = platform.configuration
    let registry = MetricsBootstrap.registry
    // HEAD is answered wherever GET is, with the same status and headers and no body (RFC 9110, 9.3.2).
    let router = Router(context: AppRequestContext.self, options: .autoGenerateHeadEndpoints)
    router.middlewares.add(SecurityHeadersMiddleware(strictTransportSecurity: configuration.secureCookies))
    // Outside the error middleware, so error pages greet the person too.
    router.middlewares.add(LanguageMiddleware(languages: platform.views.languages, publicURL: platform.configuration.publicURL))
    router.middlewares.add(PersonalHeaderMiddleware(views: platform.views))
    // Outside the error middleware, so that refusals (401, 403, 422, 429) are counted with their own status.
    router.middlewares.add(MetricsMiddleware())
    router.middlewares.add(ErrorMiddleware(views: platform.views))
    router.middlewares.add(LogRequestsMiddleware(.debug))
    // A known path asked with a method it does not take is 405 with Allow, before sign-in and CSRF checks.
    let methods = MethodsMiddleware()
    router.middlewares.add(methods)
    // Who is asking is settled before any handler runs, and forms are checked for their CSRF token
    // before they can change anything.
    router.middlewares.add(AuthenticationMiddleware(platform: platform))
    router.middlewares.add(PersonalHeaderIdentityMiddleware(csrf: platform.csrf))
    router.middlewares.add(CSRFMiddleware(csrf: platform.csrf, documentMaxBytes: configuration.documentMaxBytes))
    router.middlewares.add(TextInputMiddleware())
    router.middlewares.add(EmptyQueryValueMiddleware())

    SystemController(platform: platform, registry: registry).addRoutes(to: router)
    try StaticController(publicURL: configuration.publicURL).addRoutes(to: router)
    try ReferenceAPIController(platform: platform).addRoutes(to: router)
    OrganisationsAPIController(platform: platform).addRoutes(to: router)
    DirectoryPagesController(platform: platform).addRoutes(to: router)
    LanguageController(platform: platform).addRoutes(to: router)
    AccountPagesController(platform: platform).addRoutes(to: router)
    AdminPagesController(platform: platform).addRoutes(to: router)
    TeamPagesController(platform: platform).addRoutes(to: router)
    NotificationsController(platform: platform).addRoutes(to: router)
    JoinRequestsController(platform: platform).addRoutes(to: router)
    PrivacyPagesController(platform: platform).addRoutes(to: router)
    PartnerSearchAPIController(platform: platform).addRoutes(to: router)
    PartnerSearchPagesController(platform: platform).addRoutes(to: router)
    RegionCategoriesController(platform: platform).addRoutes(to: router)
    CallsAPIController(platform: platform).addRoutes(to: router)
    CallPagesController(platform: platform).addRoutes(to: router)
    NewsPagesController(platform: platform).addRoutes(to: router)
    NewsAPIController(platform: platform).addRoutes(to: router)
    EventPagesController(platform: platform).addRoutes(to: router)
    MatchmakingPagesController(platform: platform).addRoutes(to: router)
    EventAPIController(platform: platform).addRoutes(to: router)
    MatchmakingAPIController(platform: platform).addRoutes(to: router)
    DigestController(platform: platform).addRoutes(to: router)
    FundingPagesController(platform: platform).addRoutes(to: router)
    FundingAPIController(platform: platform).addRoutes(to: router)
    DocumentPagesController(platform: platform).addRoutes(to: router)
    DocumentsAPIController(platform: platform).addRoutes(to: router)
    ContributionPagesController(platform: platform).addRoutes(to: router)
    MapPagesController(platform: platform).addRoutes(to: router)
    StatisticsController(platform: platform).addRoutes(to: router)
    InfrastructuresController(platform: platform).addRoutes(to: router)
    OpenDataController(platform: platform).addRoutes(to: router)
    SiteSearchController(platform: platform).addRoutes(to: router)
    SavedSearchPagesController(platform: platform).addRoutes(to: router)
    SavedSearchAPIController(platform: platform).addRoutes(to: router)
    methods.table.set(router.routes.map { (String(describing: $0.path), $0.method) })
    return router
}

/// The process-wide metrics system: swift-metrics can be bootstrapped once per process, and tests build
/// many applications.
enum MetricsBootstrap {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}

import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabMatching
import ClusterCollabSearch
import ClusterCollabStorage
import Foundation
import Logging

/// The platform's parts, built once by `buildApplication` and shared by every controller and service.
public final class Platform: Sendable {
    public let configuration: AppConfiguration
    public let reference: ReferenceData
    public let database: Database
    public let organisations: OrganisationRepository
    public let directory: DirectoryService
    public let users: UserRepository
    public let rateLimiter: RateLimiter
    public let outbox: OutboxRepository
    public let teams: TeamRepository
    public let notifications: NotificationRepository
    public let logos: LogoRepository
    public let partnerSearches: PartnerSearchRepository
    public let regionCategories: RegionCategoryRepository
    public let calls: CallRepository
    public let news: NewsRepository
    public let events: EventRepository
    public let digest: DigestRepository
    public let reminders: ReminderRepository
    public let funding: FundingOpportunityRepository
    public let documents: DocumentRepository
    public let contributions: ContributionRepository
    public let matchmaking: MatchmakingRepository
    let passwords: PasswordHasher
    let csrf: CSRF
    let views: Views
    let logger: Logger
    /// Rendered profile pages; dropped as soon as the directory sees the profile change.
    let profilePages = ProfileCache(capacity: 4_096)
    /// Open partner searches for the profile pages' recommendations.
    let openSearches = OpenSearchCache()
    /// Rendered news articles and news feeds.
    let newsPages = RenderedPageCache()
    /// Rendered event pages, `.ics` files and calendar feeds.
    let eventPages = RenderedPageCache()
    /// Rendered map and statistics pages, per query and language; emptied whenever the directory changes.
    /// At most 256 of them (some 56 KB each): any query string is a key, so a crawler of queries must not
    /// grow it without bound.
    let mapPages = RenderedPageCache(lifetime: .seconds(300), capacity: 256)
    /// Rendered digest pages, per week and language.
    let digestPages = RenderedPageCache()
    /// Published news for the profile pages' "News" section.
    let profileNews = LoadedSectionCache<NewsRepository.Summary>(lifetime: .seconds(5))
    /// Funding opportunities not closed yet, for the profile pages' "Funding opportunities" section.
    let profileFunding = LoadedSectionCache<FundingOpportunity>(lifetime: .seconds(5))
    /// Cooperation agreements reported after matchmaking meetings, for the profile pages' section.
    let profileAgreements = LoadedSectionCache<ReportedAgreement>(lifetime: .seconds(5))
    /// The site search's texts of news, events and calls (`SiteSearchTexts`).
    let siteSearchTexts = SiteSearchTexts()

    public init(configuration: AppConfiguration, logger: Logger) async throws {
        self.configuration = configuration
        self.logger = logger
        reference = ReferenceData.shipped
        database = try Database(configuration.database, logger: logger)
        organisations = OrganisationRepository(database: database)
        users = UserRepository(database: database)
        rateLimiter = RateLimiter(database: database)
        outbox = OutboxRepository(database: database)
        teams = TeamRepository(database: database, publicURL: configuration.publicURL)
        notifications = NotificationRepository(database: database)
        logos = LogoRepository(database: database)
        partnerSearches = PartnerSearchRepository(database: database, reference: reference, publicURL: configuration.publicURL)
        regionCategories = RegionCategoryRepository(database: database)
        calls = CallRepository(database: database, reference: reference, publicURL: configuration.publicURL)
        news = NewsRepository(database: database)
        events = EventRepository(database: database)
        digest = DigestRepository(database: database, publicURL: configuration.publicURL)
        reminders = ReminderRepository(database: database, reference: reference, publicURL: configuration.publicURL)
        funding = FundingOpportunityRepository(database: database)
        documents = DocumentRepository(database: database)
        contributions = ContributionRepository(database: database, publicURL: configuration.publicURL)
        matchmaking = MatchmakingRepository(database: database, publicURL: configuration.publicURL)
        passwords = PasswordHasher(cost: configuration.bcryptCost)
        csrf = CSRF(secret: configuration.secret, secureCookies: configuration.secureCookies)
        let pages = profilePages
        let maps = mapPages
        directory = DirectoryService(
            index: DirectoryIndex(reference: reference), matching: MatchingIndex(reference: reference),
            repository: organisations, logger: logger,
            onChange: { ids in
                pages.remove(ids: ids)
                maps.clear()
            })
        views = try await Views(reference: reference, publicURL: configuration.publicURL, pseudoLocale: configuration.pseudoLocale)
    }

    /// Brings the database up to date and loads the directory. Runs before the server accepts a request,
    /// so `/health` answers only once migrations and demo loading are done.
    public func prepare() async throws {
        let applied = try await Migrations.run(on: database)
        if !applied.isEmpty { logger.info("migrations applied", metadata: ["versions": "\(applied)"]) }
        if configuration.demo {
            let loaded = try await DemoData.loadIfEmpty(count: configuration.demoCount, into: organisations, reference: reference)
            if loaded > 0 {
                logger.info("demo data loaded", metadata: ["organisations": "\(loaded)"])
            } else {
                logger.info("demo data skipped: the database already holds organisations")
            }
        }
        if configuration.demo {
            // A real domain from the public URL, or an example one for localhost and bare addresses.
            let host = URL(string: configuration.publicURL)?.host ?? "localhost"
            let isName = host.contains(".") && host.contains(where: \.isLetter)
            let logins = try await AccountAdministration.createDemoLogins(
                database: database, host: isName ? host : "clustercollab.example.eu",
                bcryptCost: configuration.bcryptCost)
            if !logins.isEmpty {
                // Demo only: the passwords are printed once, here, and stored hashed. Written straight to the
                // file descriptor: print() is block-buffered when standard output is a file.
                var text = "Demo logins (demo data only; shown once):\n"
                for (role, email, password) in logins { text += "  \(role): \(email) / \(password)\n" }
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
        try await directory.loadAll()
        if configuration.demo {
            if let id = try await DemoPartnering.loadIfEmpty(
                database: database, reference: reference, publicURL: configuration.publicURL, matching: directory.matching,
                applyRegionCategories: { [directory] in await directory.setRegionCategories($0) })
            {
                logger.info("demo partner search loaded", metadata: ["id": "\(id)"])
            }
            if try await DemoCalls.loadIfEmpty(database: database, reference: reference, publicURL: configuration.publicURL) > 0 {
                logger.info("demo calls loaded")
            }
            // Documents first: the founding article's picture is one of them.
            if try await DemoDocuments.loadIfEmpty(database: database) > 0 { logger.info("demo documents loaded") }
            if try await DemoNews.loadIfEmpty(database: database) > 0 { logger.info("demo news loaded") }
            if try await DemoEvents.loadIfEmpty(database: database) > 0 { logger.info("demo events loaded") }
            if try await DemoMatchmaking.loadIfEmpty(database: database) > 0 { logger.info("demo matchmaking loaded") }
            if try await DemoFunding.loadIfEmpty(database: database) > 0 { logger.info("demo funding opportunities loaded") }
        }
        try await reloadRegionCategories()
        logger.info("directory ready", metadata: ["published": "\(directory.index.count)", "database": "\(configuration.database)"])
    }
}

extension Platform {
    /// Hands the stored region categories to the matching engine; called at start and after every change.
    public func reloadRegionCategories() async throws {
        await directory.setRegionCategories(try await regionCategories.table())
    }
}

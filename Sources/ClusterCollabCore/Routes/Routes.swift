/// Every page and API path of the platform. Controllers register these (never a string of their own) and
/// every link the server writes is built from them. Paths that old links and the API's clients know stay as
/// they are: an expression of interest lives under `/applications/...`.
public enum Routes {
    // MARK: Directory and profiles

    public static let home = Route("/")
    public static let organisations = Route("/organisations")
    /// The directory's query as a map of Europe: organisations per country.
    public static let map = Route("/map")
    /// A country of the map: its regions and their counts as a ranked bar chart.
    public static let mapCountry = Route1<String>("/map/:country")
    /// The published organisations counted by country, type, sector and the other facets, as charts.
    public static let statistics = Route("/statistics")
    /// The innovation infrastructures published organisations offer to share.
    public static let infrastructures = Route("/infrastructures")
    /// Sets the language (a cookie) and comes back to `back`, a path on this site.
    public static let language = Route1<String>("/language/:code")
    public static let organisation = Route1<String>("/organisations/:slug")
    public static let organisationContact = Route1<String>("/organisations/:slug/contact")
    public static let organisationLogo = Route1<String>("/organisations/:slug/logo")
    public static let organisationJoin = Route1<String>("/organisations/:slug/join")

    // MARK: Teams and their profiles

    public static let newOrganisation = Route("/organisations/new")
    public static let myOrganisations = Route("/my/organisations")
    public static let myOrganisation = Route1<Int64>("/my/organisations/:id")
    public static let myOrganisationSubmit = Route1<Int64>("/my/organisations/:id/submit")
    public static let myOrganisationLogo = Route1<Int64>("/my/organisations/:id/logo")
    public static let myOrganisationMembers = Route1<Int64>("/my/organisations/:id/members")
    public static let myOrganisationMemberRemove = Route2<Int64, Int64>("/my/organisations/:id/members/:user/remove")
    public static let joinRequestAccept = Route1<Int64>("/join-requests/:id/accept")
    public static let joinRequestDecline = Route1<Int64>("/join-requests/:id/decline")

    // MARK: Accounts

    public static let register = Route("/register")
    public static let login = Route("/login")
    public static let logout = Route("/logout")
    public static let passwordReset = Route("/password-reset")
    public static let passwordResetLink = Route1<String>("/password-reset/:token")
    public static let verifyEmail = Route1<String>("/verify-email/:token")
    public static let confirmEmail = Route1<String>("/confirm-email/:token")
    public static let account = Route("/account")
    public static let accountProfile = Route("/account/profile")
    public static let accountPassword = Route("/account/password")
    public static let accountEmail = Route("/account/email")
    public static let accountTokens = Route("/account/tokens")
    public static let accountTokenRevoke = Route1<Int64>("/account/tokens/:id/revoke")
    public static let accountLogoutEverywhere = Route("/account/logout-everywhere")
    public static let accountEmails = Route("/account/emails")
    public static let accountExport = Route("/account/export")
    public static let accountDelete = Route("/account/delete")
    public static let unsubscribe = Route1<String>("/unsubscribe/:token")
    /// A person's saved searches, with what is new in each since they last looked.
    public static let accountSavedSearches = Route("/account/saved-searches")
    /// Opens a saved search (and counts what it shows as seen).
    /// The form that saves the search a page shows (`?kind=directory&query=...`).
    public static let accountSavedSearchNew = Route("/account/saved-searches/new")
    public static let accountSavedSearch = Route1<Int64>("/account/saved-searches/:id")
    public static let accountSavedSearchUpdate = Route1<Int64>("/account/saved-searches/:id/update")
    public static let accountSavedSearchDelete = Route1<Int64>("/account/saved-searches/:id/delete")
    /// A saved search's alert e-mail turned off without logging in (its own link in each alert).
    public static let savedSearchUnsubscribe = Route1<String>("/unsubscribe/saved-search/:token")
    public static let notifications = Route("/notifications")
    public static let notificationsUnread = Route("/notifications/unread")
    public static let notificationsRead = Route("/notifications/read")

    // MARK: Administration

    public static let admin = Route("/admin")
    public static let adminModeration = Route("/admin/moderation")
    public static let adminModerationDecision = Route1<Int64>("/admin/moderation/:id/decision")
    /// A moderator's decision on a news article or an event a team contributed.
    public static let adminNewsDecision = Route1<Int64>("/admin/moderation/news/:id/decision")
    public static let adminEventDecision = Route1<Int64>("/admin/moderation/events/:id/decision")
    public static let adminOutbox = Route("/admin/outbox")
    public static let adminUsers = Route("/admin/users")
    public static let adminUserRole = Route1<Int64>("/admin/users/:id/role")
    public static let adminJoinRequests = Route("/admin/join-requests")
    public static let adminRegionCategories = Route("/admin/region-categories")
    public static let adminRegionCategoriesImport = Route("/admin/region-categories/import")
    public static let adminRegionCategoryDelete = Route1<String>("/admin/region-categories/:id/delete")
    public static let adminCalls = Route("/admin/calls")
    public static let adminCallNew = Route("/admin/calls/new")
    public static let adminCall = Route1<Int64>("/admin/calls/:id")
    public static let adminCallEdit = Route1<Int64>("/admin/calls/:id/edit")

    // MARK: News

    public static let news = Route("/news")
    public static let newsFeed = Route("/news.atom")
    public static let newsArticle = Route1<String>("/news/:slug")
    public static let newsTag = Route1<String>("/news/tags/:tag")
    public static let newsTagFeed = Route1<String>("/news/tags/:tag/feed.atom")
    /// The form of a new article (a team's, or the platform team's); it posts to `news`.
    public static let newsNew = Route("/news/new")
    public static let newsEdit = Route1<String>("/news/:slug/edit")
    /// The news and events of the signed-in person's organisations, in every status.
    public static let myContent = Route("/my/content")

    // MARK: Events

    public static let events = Route("/events")
    public static let pastEvents = Route("/events/past")
    public static let eventCalendar = Route("/events/calendar")
    /// Every published event as an iCalendar feed.
    public static let eventsFeed = Route("/events.ics")
    public static let event = Route1<String>("/events/:slug")
    public static let eventICS = Route1<String>("/events/:slug/event.ics")
    /// An organiser's events as an iCalendar feed.
    public static let organisationEventsFeed = Route1<String>("/organisations/:slug/events.ics")
    /// The form of a new event; it posts to `events`.
    public static let eventNew = Route("/events/new")
    public static let eventEdit = Route1<String>("/events/:slug/edit")

    // MARK: Matchmaking (an event's one-to-one meetings)

    /// The event's matchmaking: phases, figures, and what the signed-in person can do next.
    public static let matchmaking = Route1<String>("/events/:slug/matchmaking")
    /// The organiser's setup: sessions, slots, tables, phases.
    public static let matchmakingSetup = Route1<String>("/events/:slug/matchmaking/setup")
    /// Registering, and one's entry (offer, seek, availability) afterwards.
    public static let matchmakingRegister = Route1<String>("/events/:slug/matchmaking/register")
    public static let matchmakingEntry = Route1<String>("/events/:slug/matchmaking/entry")
    /// Whom to meet: the other participants ranked for the signed-in one.
    public static let matchmakingParticipants = Route1<String>("/events/:slug/matchmaking/participants")
    /// One's requests (GET) and a new request (POST).
    public static let matchmakingRequests = Route1<String>("/events/:slug/matchmaking/requests")
    public static let matchmakingRequestAnswer = Route2<String, Int64>("/events/:slug/matchmaking/requests/:id/answer")
    public static let matchmakingRequestWithdraw = Route2<String, Int64>("/events/:slug/matchmaking/requests/:id/withdraw")
    public static let matchmakingAgenda = Route1<String>("/events/:slug/matchmaking/agenda")
    public static let matchmakingAgendaICS = Route1<String>("/events/:slug/matchmaking/agenda.ics")
    public static let matchmakingFollowUp = Route1<String>("/events/:slug/matchmaking/follow-up")
    /// The organiser's grid (slots x tables), unscheduled meetings, the scheduler and its exports.
    public static let matchmakingSchedule = Route1<String>("/events/:slug/matchmaking/schedule")
    public static let matchmakingScheduleRun = Route1<String>("/events/:slug/matchmaking/schedule/run")
    public static let matchmakingSchedulePublish = Route1<String>("/events/:slug/matchmaking/schedule/publish")
    public static let matchmakingMeetingFix = Route2<String, Int64>("/events/:slug/matchmaking/meetings/:id/fix")
    public static let matchmakingParticipantStatus = Route2<String, Int64>("/events/:slug/matchmaking/participants/:id/status")
    public static let matchmakingParticipantsCSV = Route1<String>("/events/:slug/matchmaking/participants.csv")
    public static let matchmakingRequestsCSV = Route1<String>("/events/:slug/matchmaking/requests.csv")
    public static let matchmakingScheduleCSV = Route1<String>("/events/:slug/matchmaking/schedule.csv")

    // MARK: Digest

    /// This week's digest (a redirect to its week).
    public static let digestNow = Route("/digest")
    /// A week's digest: `/digest/2016-W23`.
    public static let digest = Route1<String>("/digest/:week")
    // MARK: Funding opportunities

    public static let funding = Route("/funding")
    /// The platform team's form for one opportunity.
    public static let fundingNew = Route("/funding/new")
    /// The platform team's CSV import.
    public static let fundingImport = Route("/funding/import")
    public static let fundingOpportunity = Route1<Int64>("/funding/:id")
    /// The platform team's form to edit one opportunity.
    public static let fundingEdit = Route1<Int64>("/funding/:id/edit")
    // MARK: Documents

    public static let documents = Route("/documents")
    public static let documentNew = Route("/documents/new")
    public static let document = Route1<Int64>("/documents/:id")
    /// The file itself, as an attachment.
    public static let documentDownload = Route1<Int64>("/documents/:id/download")
    public static let documentDelete = Route1<Int64>("/documents/:id/delete")
    // MARK: Site search

    /// Every public kind at once (`q`, `kind`, `page`): the header's search box.
    public static let search = Route("/search")

    // MARK: Calls, expressions of interest, partnerships

    public static let calls = Route("/calls")
    public static let call = Route1<Int64>("/calls/:id")
    public static let callApply = Route1<Int64>("/calls/:id/applications")
    public static let callEvaluation = Route1<Int64>("/calls/:id/evaluation")
    public static let callResults = Route1<Int64>("/calls/:id/results")
    public static let expressionOfInterest = Route1<Int64>("/applications/:id")
    public static let expressionOfInterestWithdraw = Route1<Int64>("/applications/:id/withdraw")
    public static let expressionOfInterestEvaluation = Route1<Int64>("/applications/:id/evaluation")
    public static let partnerships = Route("/partnerships")
    public static let partnership = Route1<Int64>("/partnerships/:id")
    public static let partnershipAgreement = Route1<Int64>("/partnerships/:id/agreement")
    public static let partnershipNews = Route1<Int64>("/partnerships/:id/news")

    // MARK: Partner searches

    public static let partnerSearches = Route("/partner-searches")
    public static let partnerSearchNew = Route("/partner-searches/new")
    public static let partnerSearch = Route1<Int64>("/partner-searches/:id")
    public static let partnerSearchEdit = Route1<Int64>("/partner-searches/:id/edit")
    public static let partnerSearchInterests = Route1<Int64>("/partner-searches/:id/interests")
    public static let partnerSearchInterestWithdraw = Route2<Int64, Int64>("/partner-searches/:id/interests/:interest/withdraw")
    public static let partnerSearchInterestAccept = Route2<Int64, Int64>("/partner-searches/:id/interests/:interest/accept")
    public static let partnerSearchInterestDecline = Route2<Int64, Int64>("/partner-searches/:id/interests/:interest/decline")
    public static let partnerSearchComments = Route1<Int64>("/partner-searches/:id/comments")
    public static let partnerSearchFollow = Route1<Int64>("/partner-searches/:id/follow")
    public static let partnerSearchInvitations = Route1<Int64>("/partner-searches/:id/invitations")
    public static let partnerSearchConsortium = Route1<Int64>("/partner-searches/:id/consortium")

    // MARK: System and files

    public static let health = Route("/health")
    public static let healthLive = Route("/health/live")
    public static let metrics = Route("/metrics")
    public static let staticFile = Route1<String>("/static/:file")
    public static let favicon = Route("/favicon.ico")

    /// The JSON API, version 1.
    public enum API {
        /// Every API path starts so: no cookies, no form tokens, errors as JSON.
        public static let prefix = "/api/"
        public static let openAPI = Route("/api/v1/openapi.json")
        public static let referenceRegions = Route("/api/v1/reference/regions")
        public static let reference = Route1<String>("/api/v1/reference/:kind")

        public static let organisations = Route("/api/v1/organisations")
        /// The statistics' dimensions, and one of them as JSON or (with `.csv`) CSV.
        public static let statistics = Route("/api/v1/statistics")
        public static let statistic = Route1<String>("/api/v1/statistics/:dimension")
        /// The DCAT-AP description (JSON-LD) of the platform's open data.
        public static let catalogue = Route("/api/v1/catalogue")
        /// The innovation infrastructures published organisations offer, one item per organisation.
        public static let infrastructures = Route("/api/v1/infrastructures")
        /// The public directory as open data (the whole of it, or a search's matches), with `ETag`.
        public static let directoryCSV = Route("/api/v1/directory.csv")
        public static let directoryJSON = Route("/api/v1/directory.json")
        public static let organisationSuggest = Route("/api/v1/organisations/suggest")
        /// An organisation by its number or its slug.
        public static let organisation = Route1<String>("/api/v1/organisations/:id")
        public static let organisationRecommendedSearches = Route1<Int64>("/api/v1/organisations/:id/recommended-partner-searches")

        public static let calls = Route("/api/v1/calls")
        public static let call = Route1<Int64>("/api/v1/calls/:id")
        public static let callEligibility = Route1<Int64>("/api/v1/calls/:id/eligibility")
        public static let callExpressionsOfInterest = Route1<Int64>("/api/v1/calls/:id/applications")
        public static let callResults = Route1<Int64>("/api/v1/calls/:id/results")
        public static let expressionOfInterest = Route1<Int64>("/api/v1/applications/:id")
        public static let expressionOfInterestSubmit = Route1<Int64>("/api/v1/applications/:id/submit")
        public static let expressionOfInterestWithdraw = Route1<Int64>("/api/v1/applications/:id/withdraw")
        public static let expressionOfInterestEvaluation = Route1<Int64>("/api/v1/applications/:id/evaluation")
        public static let news = Route("/api/v1/news")
        public static let newsArticle = Route1<String>("/api/v1/news/:slug")
        public static let events = Route("/api/v1/events")
        public static let event = Route1<Int64>("/api/v1/events/:id")
        /// A moderator's decision on a contributed article or event.
        public static let newsDecision = Route1<String>("/api/v1/news/:slug/decision")
        public static let eventDecision = Route1<Int64>("/api/v1/events/:id/decision")
        /// An event's matchmaking: its setup and phase (GET, PUT by the organiser).
        public static let matchmaking = Route1<Int64>("/api/v1/events/:id/matchmaking")
        /// Participants (GET: ranked for the caller when they take part), registering (POST).
        public static let matchmakingParticipants = Route1<Int64>("/api/v1/events/:id/matchmaking/participants")
        /// The caller's own entry (GET, PATCH).
        public static let matchmakingMe = Route1<Int64>("/api/v1/events/:id/matchmaking/participants/me")
        public static let matchmakingParticipantStatus = Route2<Int64, Int64>("/api/v1/events/:id/matchmaking/participants/:participant/status")
        public static let matchmakingRequests = Route1<Int64>("/api/v1/events/:id/matchmaking/requests")
        public static let matchmakingRequestAccept = Route2<Int64, Int64>("/api/v1/events/:id/matchmaking/requests/:request/accept")
        public static let matchmakingRequestDecline = Route2<Int64, Int64>("/api/v1/events/:id/matchmaking/requests/:request/decline")
        public static let matchmakingRequestWithdraw = Route2<Int64, Int64>("/api/v1/events/:id/matchmaking/requests/:request/withdraw")
        public static let matchmakingSchedule = Route1<Int64>("/api/v1/events/:id/matchmaking/schedule")
        public static let matchmakingScheduleRun = Route1<Int64>("/api/v1/events/:id/matchmaking/schedule/run")
        public static let matchmakingSchedulePublish = Route1<Int64>("/api/v1/events/:id/matchmaking/schedule/publish")
        public static let matchmakingMeetingFix = Route2<Int64, Int64>("/api/v1/events/:id/matchmaking/meetings/:meeting/fixed-slot")
        public static let matchmakingMeetingFollowUp = Route2<Int64, Int64>("/api/v1/events/:id/matchmaking/meetings/:meeting/follow-up")
        public static let matchmakingAgenda = Route1<Int64>("/api/v1/events/:id/matchmaking/agenda")
        public static let matchmakingAgendaICS = Route1<Int64>("/api/v1/events/:id/matchmaking/agenda.ics")
        /// Meetings held and agreements initiated (public once the event is over).
        public static let matchmakingOutcomes = Route1<Int64>("/api/v1/events/:id/matchmaking/outcomes")
        public static let fundingOpportunities = Route("/api/v1/funding-opportunities")
        public static let fundingOpportunitiesImport = Route("/api/v1/funding-opportunities/import")
        public static let fundingOpportunity = Route1<Int64>("/api/v1/funding-opportunities/:id")
        public static let documents = Route("/api/v1/documents")
        public static let document = Route1<Int64>("/api/v1/documents/:id")
        public static let search = Route("/api/v1/search")
        public static let partnerships = Route("/api/v1/partnerships")
        public static let partnership = Route1<Int64>("/api/v1/partnerships/:id")

        public static let savedSearches = Route("/api/v1/saved-searches")
        public static let savedSearch = Route1<Int64>("/api/v1/saved-searches/:id")
        public static let partnerSearches = Route("/api/v1/partner-searches")
        public static let partnerSearch = Route1<Int64>("/api/v1/partner-searches/:id")
        public static let partnerSearchRecommendations = Route1<Int64>("/api/v1/partner-searches/:id/recommendations")
        public static let partnerSearchConsortiumProposals = Route1<Int64>("/api/v1/partner-searches/:id/consortium-proposals")
        public static let partnerSearchInterests = Route1<Int64>("/api/v1/partner-searches/:id/interests")
        public static let partnerSearchInterestWithdraw = Route2<Int64, Int64>("/api/v1/partner-searches/:id/interests/:interest/withdraw")
        public static let partnerSearchInterestAccept = Route2<Int64, Int64>("/api/v1/partner-searches/:id/interests/:interest/accept")
        public static let partnerSearchInterestDecline = Route2<Int64, Int64>("/api/v1/partner-searches/:id/interests/:interest/decline")
        public static let partnerSearchComments = Route1<Int64>("/api/v1/partner-searches/:id/comments")
        public static let partnerSearchFollow = Route1<Int64>("/api/v1/partner-searches/:id/follow")
        public static let partnerSearchConsortium = Route1<Int64>("/api/v1/partner-searches/:id/consortium")
    }
}

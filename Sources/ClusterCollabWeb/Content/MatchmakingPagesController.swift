import ClusterCollabContent
import ClusterCollabCore
import ClusterCollabMatching
import ClusterCollabStorage
import ClusterCollabText
import Foundation
import Hummingbird

/// The pages of an event's matchmaking: its overview (phases, figures, what the visitor can do next), the
/// organiser's setup, registering and one's entry with availability, whom to meet (ranked both ways),
/// requests, the agenda and its `.ics`, the follow-up, and the organiser's schedule (grid, unscheduled
/// meetings and why, the scheduler, publishing, validation, CSV exports).
struct MatchmakingPagesController {
    let platform: Platform
    var store: MatchmakingRepository { platform.matchmaking }
    var accounts: AccountPagesController { AccountPagesController(platform: platform) }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(Routes.matchmaking, use: overview)
        router.get(Routes.matchmakingSetup, use: setupForm)
        router.post(Routes.matchmakingSetup, use: saveSetup)
        router.get(Routes.matchmakingRegister, use: registerForm)
        router.post(Routes.matchmakingRegister, use: register)
        router.get(Routes.matchmakingEntry, use: entryForm)
        router.post(Routes.matchmakingEntry, use: saveEntry)
        router.get(Routes.matchmakingParticipants, use: participants)
        router.get(Routes.matchmakingRequests, use: requests)
        router.post(Routes.matchmakingRequests, use: createRequest)
        router.post(Routes.matchmakingRequestAnswer, use: answer)
        router.post(Routes.matchmakingRequestWithdraw, use: withdraw)
        router.get(Routes.matchmakingAgenda, use: agenda)
        router.get(Routes.matchmakingAgendaICS, use: agendaICS)
        router.get(Routes.matchmakingFollowUp, use: followUpForm)
        router.post(Routes.matchmakingFollowUp, use: followUp)
        router.get(Routes.matchmakingSchedule, use: schedule)
        router.post(Routes.matchmakingScheduleRun, use: run)
        router.post(Routes.matchmakingSchedulePublish, use: publish)
        router.post(Routes.matchmakingMeetingFix, use: fix)
        router.post(Routes.matchmakingParticipantStatus, use: setStatus)
        router.get(Routes.matchmakingParticipantsCSV, use: participantsCSV)
        router.get(Routes.matchmakingRequestsCSV, use: requestsCSV)
        router.get(Routes.matchmakingScheduleCSV, use: scheduleCSV)
    }

    static func phaseLabel(_ phase: MatchmakingPhase) -> String {
        switch phase {
        case .announced: t("Registration not open yet")
        case .registration: t("Registration")
        case .booking: t("Booking meetings")
        case .meetings: t("Meetings")
        case .followUp: t("Follow-up")
        case .closed: t("Closed")
        }
    }

    static func outcomeLabel(_ outcome: MeetingOutcome) -> String {
        switch outcome {
        case .nothingYet: t("Nothing yet")
        case .letterOfInterest: t("Letter of interest")
        case .memorandum: t("Memorandum of understanding")
        case .partnershipAgreement: t("Partnership agreement")
        case .jointProposal: t("Joint project proposal")
        }
    }

    /// Which proof the schedule's bound comes from, in the page's words (docs/matchmaking.md proves each).
    static func boundLabel(_ kind: String) -> String {
        switch SchedulingBound(rawValue: kind) {
        case .meetingsWithCommonSlot: t("meetings with a common free slot")
        case .tableCapacity: t("tables per slot")
        case .participantAvailability: t("each participant's free slots")
        case .flowRelaxation: t("flow relaxation")
        case .linearRelaxation: t("linear relaxation")
        case .exactSearch: t("exact search")
        case nil: kind
        }
    }

    static func statusLabel(_ status: MatchmakingRequest.Status) -> String {
        switch status {
        case .pending: t("Waiting for an answer")
        case .accepted: t("Accepted: a meeting")
        case .declined: t("Declined")
        case .withdrawn: t("Withdrawn")
        }
    }

    /// A choice of a select, on every matchmaking form.
    struct Option { var value: String; var label: String; var selected: Bool }

    /// Each field's broken rule, in field order, as the forms list them.
    static func fieldRules(_ fields: [String: String]) -> [FieldRule] {
        fields.sorted { $0.key < $1.key }.map { FieldRule(field: $0.key, rule: $0.value) }
    }

    /// Participants per page of whom to meet: each card carries a request form.
    static let participantsPerPage = 25

    static func participantStatusLabel(_ status: MatchmakingParticipant.Status) -> String {
        switch status {
        case .pending: t("Waiting for validation")
        case .validated: t("Validated")
        case .refused: t("Refused")
        }
    }

    func slug(_ context: AppRequestContext) throws -> String { try context.pathText("slug") }

    func id(_ context: AppRequestContext) throws -> Int64 {
        guard let id = Int64(try context.parameters.require("id")), id > 0 else { throw APIError.notFound("request") }
        return id
    }

    /// The signed-in person's participant. A page sends someone not registered to the registration form; a
    /// write of theirs is refused (403).
    func me(_ event: Platform.MatchmakingEvent, _ user: User, writing: Bool = false) async throws -> StoredParticipant {
        guard let me = try await store.participant(eventID: event.event.id, userID: user.id) else {
            if writing { throw Refusal(.forbidden, "not_participant", fields: ["event": "register for the event's matchmaking first"]) }
            throw Redirect(to: Routes.matchmakingRegister.path(event.event.slug))
        }
        return me
    }

    /// A refusal a form shows beside its fields (bad input, or a state that forbids it) rather than as an
    /// error page; who may not act at all gets the error page.
    static func shownInForm(_ refusal: Refusal) -> Bool {
        !refusal.fields.isEmpty && (refusal.kind == .invalid || refusal.kind == .conflict || refusal.kind == .deadlinePassed)
    }

    static func redirect(_ path: String, notice: String) -> Response {
        AccountPagesController.redirect(path + "?done=" + notice)
    }

    /// A short notice named in the query after a redirect (`done=requested`), in the page's words.
    static func notice(_ request: Request) -> String? {
        switch FormDecoding.pairs(request.uri.query).last(where: { $0.0 == "done" })?.1 {
        case "registered": t("You are registered. Choose whom to meet once booking opens.")
        case "saved": t("Saved.")
        case "requested": t("Your request is sent.")
        case "merged": t("They had asked you too: your meeting is accepted.")
        case "accepted": t("Meeting accepted.")
        case "declined": t("Request declined.")
        case "withdrawn": t("Withdrawn.")
        case "scheduled": t("The scheduler ran. Check the grid, then publish.")
        case "published": t("The schedule is published; participants are told by e-mail.")
        case "freed": t("Saved. The meetings in the slots you withdrew will be placed again by the organiser.")
        default: nil
        }
    }

    // MARK: Overview

    struct OverviewPage: PageModel {
        static let template = "matchmaking"
        var title: String
        var eventHref: String
        var phase: String
        struct Step { var label: String; var when: String; var current: Bool }
        var steps: [Step]
        var sessions: [String]
        var slots: Int
        var tables: Int
        var onlineRooms: Bool
        var participants: Int
        var meetings: Int
        var scheduled: Int
        /// The event is over: meetings held and agreements initiated are shown.
        var afterEvent: Bool
        var held: Int
        var agreements: Int
        struct OutcomeCount { var label: String; var count: Int }
        var outcomes: [OutcomeCount]
        var notice: String?
        var signInHref: String?
        var registerHref: String?
        var validationNote: String?
        var links: [Link]
        var organiserLinks: [Link]
    }

    @Sendable func overview(_ request: Request, context: AppRequestContext) async throws -> Response {
        let event = try await platform.matchmakingEvent(slug: try slug(context))
        let user = context.identity?.user
        let now = Date()
        let phase = event.phase(at: now)
        let zone = event.event.timeZone
        let all = try await store.participants(eventID: event.event.id)
        let requests = try await store.requests(eventID: event.event.id)
        let mine = user.flatMap { u in all.first { $0.participant.userID == u.id } }
        let s = event.event.slug
        var links: [Link] = []
        if let mine {
            if mine.participant.takesPart {
                links.append(Link(href: Routes.matchmakingParticipants.path(s), label: t("Whom to meet")))
                links.append(Link(href: Routes.matchmakingRequests.path(s), label: t("Your requests")))
                links.append(Link(href: Routes.matchmakingAgenda.path(s), label: t("Your agenda")))
                if phase == .followUp { links.append(Link(href: Routes.matchmakingFollowUp.path(s), label: t("What came of your meetings"))) }
            }
            links.append(Link(href: Routes.matchmakingEntry.path(s), label: t("Your entry and availability")))
        }
        var organiserLinks: [Link] = []
        if try await platform.mayOrganise(event.event, user) {
            organiserLinks = [
                Link(href: Routes.matchmakingSchedule.path(s), label: t("Schedule and participants")),
                Link(href: Routes.matchmakingSetup.path(s), label: t("Setup")),
            ]
        }
        let open = phase == .registration || phase == .booking
        var held = 0, agreements = 0, outcomes: [OverviewPage.OutcomeCount] = []
        if phase == .followUp || phase == .closed {
            let figures = try await store.outcomes(eventID: event.event.id)
            held = figures.held
            agreements = figures.agreements
            outcomes = MeetingOutcome.allCases.filter(\.isAgreement).map { .init(label: Self.outcomeLabel($0), count: figures.byOutcome[$0] ?? 0) }
        }
        func when(_ date: Date) -> String { Shown.dateTime(date, zone: zone) }
        let steps: [OverviewPage.Step] = [
            .init(label: t("Registration opens"), when: when(event.setup.registrationOpens), current: phase == .registration),
            .init(label: t("Booking opens"), when: when(event.setup.bookingOpens), current: phase == .booking),
            .init(label: t("Booking closes"), when: when(event.setup.bookingCloses), current: phase == .meetings),
            .init(label: t("Follow-up closes"), when: when(event.setup.followUpCloses), current: phase == .followUp),
        ]
        let model = OverviewPage(
            title: t("Matchmaking: {{event}}").filling(["event": event.event.title]), eventHref: Routes.event.path(s), phase: Self.phaseLabel(phase),
            steps: steps, sessions: event.setup.sessions.map(MatchmakingSetupInput.line), slots: event.slots.count, tables: event.setup.tables,
            onlineRooms: event.setup.onlineRooms, participants: all.filter(\.participant.takesPart).count,
            meetings: requests.filter(\.isMeeting).count, scheduled: requests.filter { $0.isMeeting && $0.slot != nil }.count,
            afterEvent: phase == .followUp || phase == .closed, held: held,
            agreements: agreements, outcomes: outcomes, notice: Self.notice(request),
            signInHref: user == nil && open ? Routes.login.path(query: [("next", Routes.matchmakingRegister.path(s))]) : nil,
            registerHref: user != nil && mine == nil && open ? Routes.matchmakingRegister.path(s) : nil,
            validationNote: mine?.participant.status == .pending
                ? t("Your participation waits for the organiser's validation.")
                : (mine?.participant.status == .refused ? t("The organiser did not validate your participation.") : nil),
            links: links, organiserLinks: organiserLinks)
        var response = platform.views.page(model)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    // MARK: Setup (organisers)

    struct SetupPage: PageModel {
        static let template = "matchmaking-setup"
        var site = SiteLinks()
        var title: String
        var action: String
        var csrf: String
        var backHref: String
        var timeZone: String
        var values: [String: String]
        var onlineRooms: Bool
        var validates: Bool
        var errors: [FieldRule]
    }

    func setupValues(_ setup: MatchmakingSetup?, event: Event) -> [String: String] {
        let zone = event.timeZone
        func local(_ d: Date) -> String { ZonedTime.localInput(d, zone: zone) }
        guard let setup else {
            let now = Date()
            return [
                "sessions": "", "slot_minutes": "20", "tables": "20", "request_limit": "20", "registration_opens": local(now),
                "booking_opens": local(now), "booking_closes": local(event.startsAt.addingTimeInterval(-86_400)),
                "follow_up_closes": local(event.endsAt.addingTimeInterval(30 * 86_400)),
            ]
        }
        return [
            "sessions": setup.sessions.map(MatchmakingSetupInput.line).joined(separator: "\n"), "slot_minutes": String(setup.slotMinutes),
            "tables": String(setup.tables), "request_limit": String(setup.requestLimit), "registration_opens": local(setup.registrationOpens),
            "booking_opens": local(setup.bookingOpens), "booking_closes": local(setup.bookingCloses), "follow_up_closes": local(setup.followUpCloses),
        ]
    }

    func organised(_ context: AppRequestContext, _ request: Request) async throws -> (StoredEvent, User) {
        let user = try context.signedInUser(request)
        let slug = try slug(context)
        guard let stored = try await platform.events.find(slug: slug), stored.event.status == .published else {
            throw APIError.notFound("event \(slug.prefix(80))")
        }
        try await platform.requireOrganiser(stored.event, user)
        return (stored, user)
    }

    @Sendable func setupForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (stored, _) = try await organised(context, request)
        let setup = try await store.setup(eventID: stored.event.id)
        return setupPage(
            request, context, stored.event, values: setupValues(setup, event: stored.event), onlineRooms: setup?.onlineRooms ?? false,
            validates: setup?.validatesParticipants ?? false)
    }

    func setupPage(
        _ request: Request, _ context: AppRequestContext, _ event: Event, values: [String: String], onlineRooms: Bool, validates: Bool,
        errors: ValidationErrors = ValidationErrors(), status: HTTPResponse.Status = .ok
    ) -> Response {
        accounts.form(request, context, status: status) { csrf in
            SetupPage(
                title: t("Matchmaking setup: {{event}}").filling(["event": event.title]), action: Routes.matchmakingSetup.path(event.slug), csrf: csrf,
                backHref: Routes.event.path(event.slug), timeZone: event.timeZone, values: values, onlineRooms: onlineRooms, validates: validates,
                errors: Self.fieldRules(errors.fields))
        }
    }

    @Sendable func saveSetup(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (stored, _) = try await organised(context, request)
        let form = try await Form(request, context: context)
        var input = MatchmakingSetupInput()
        input.sessions = [form["sessions"]]
        input.slotMinutes = form["slot_minutes"]
        input.tables = form["tables"]
        input.requestLimit = form["request_limit"]
        input.registrationOpens = form["registration_opens"]
        input.bookingOpens = form["booking_opens"]
        input.bookingCloses = form["booking_closes"]
        input.followUpCloses = form["follow_up_closes"]
        input.onlineRooms = form["online_rooms"] == "on"
        input.validatesParticipants = form["validates_participants"] == "on"
        let existing = try await store.setup(eventID: stored.event.id)
        do {
            let setup = try input.applied(to: existing, event: stored.event)
            try await store.saveSetup(setup, event: stored.event)
        } catch let errors as ValidationErrors {
            var values: [String: String] = [:]
            for key in ["sessions", "slot_minutes", "tables", "request_limit", "registration_opens", "booking_opens", "booking_closes", "follow_up_closes"] {
                values[key] = form[key]
            }
            return setupPage(
                request, context, stored.event, values: values, onlineRooms: input.onlineRooms ?? false, validates: input.validatesParticipants ?? false,
                errors: errors, status: .unprocessableContent)
        }
        platform.eventPages.clear()
        return Self.redirect(Routes.matchmaking.path(stored.event.slug), notice: "saved")
    }

    // MARK: Registering and one's entry

    struct EntryPage: PageModel {
        static let template = "matchmaking-entry"
        var site = SiteLinks()
        var title: String
        var action: String
        var csrf: String
        var backHref: String
        var isNew: Bool
        var organisations: [Option]
        var searches: [Option]
        var offer: String
        var seek: String
        struct Day { var label: String; var slots: [SlotBox] }
        struct SlotBox { var index: Int; var label: String; var checked: Bool }
        var days: [Day]
        var askConfirm: Bool
        var notice: String?
        var errors: [FieldRule]
    }

    func entryPage(
        _ request: Request, _ context: AppRequestContext, event: Platform.MatchmakingEvent, user: User, existing: StoredParticipant?,
        organisation: String, search: String, offer: String, seek: String, available: Set<Int>, askConfirm: Bool = false,
        errors: [String: String] = [:], status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let teams = try await platform.teams.organisations(userID: user.id).map(\.0)
        let orgID = existing?.participant.organisationID ?? Int64(organisation)
        var searches: [PartnerSearch] = []
        if let orgID {
            var filter = PartnerSearchRepository.Filter()
            filter.ownerID = orgID
            searches = try await platform.partnerSearches.list(filter, today: CalendarDay.of(Date()), page: 1, perPage: 100).items.map(\.search)
        }
        let zone = event.event.timeZone
        var days: [EntryPage.Day] = []
        for slot in event.slots {
            let day = RequestLanguage.current.date(slot.startsAt, zone: zone)
            let box = EntryPage.SlotBox(
                index: slot.index,
                label: "\(RequestLanguage.current.time(slot.startsAt, zone: zone))-\(RequestLanguage.current.time(slot.endsAt, zone: zone))",
                checked: available.contains(slot.index))
            if days.last?.label == day { days[days.count - 1].slots.append(box) } else { days.append(.init(label: day, slots: [box])) }
        }
        let s = event.event.slug
        let title = (existing == nil ? t("Register for the matchmaking of {{event}}") : t("Your entry at {{event}}")).filling(["event": event.event.title])
        let organisationOptions: [Option] = teams.map { .init(value: String($0.id), label: $0.name, selected: String($0.id) == organisation) }
        var searchOptions: [Option] = [.init(value: "", label: t("None"), selected: search.isEmpty)]
        for found in searches { searchOptions.append(.init(value: String(found.id), label: found.title, selected: String(found.id) == search)) }
        let rules = Self.fieldRules(errors)
        let action = existing == nil ? Routes.matchmakingRegister.path(s) : Routes.matchmakingEntry.path(s)
        let notice = Self.notice(request)
        return accounts.form(request, context, status: status) { csrf in
            EntryPage(
                title: title, action: action, csrf: csrf, backHref: Routes.matchmaking.path(s), isNew: existing == nil, organisations: organisationOptions,
                searches: searchOptions, offer: offer, seek: seek, days: days, askConfirm: askConfirm, notice: notice, errors: rules)
        }
    }

    @Sendable func registerForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        let event = try await platform.matchmakingEvent(slug: try slug(context))
        if try await store.participant(eventID: event.event.id, userID: user.id) != nil {
            return AccountPagesController.redirect(Routes.matchmakingEntry.path(event.event.slug))
        }
        let first = try await platform.teams.organisations(userID: user.id).first?.0.id
        return try await entryPage(
            request, context, event: event, user: user, existing: nil, organisation: first.map(String.init) ?? "", search: "", offer: "", seek: "",
            available: Set(event.slots.map(\.index)))
    }

    static func available(_ form: Form) -> [Int] {
        form.pairs.filter { $0.0 == "available" }.compactMap { Int($0.1) }
    }

    @Sendable func register(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        let event = try await platform.matchmakingEvent(slug: try slug(context))
        let form = try await Form(request, context: context)
        let input = MatchmakingParticipantInput(
            organisationID: Int64(form["organisation_id"]) ?? 0, offer: form["offer"], seek: form["seek"],
            partnerSearchID: Int64(form["partner_search_id"]) ?? 0, available: Self.available(form))
        do {
            _ = try await store.register(eventID: event.event.id, userID: user.id, input: input)
        } catch let error as ValidationErrors {
            return try await entryAgain(request, context, event, user, nil, form, error.fields)
        } catch let refusal as Refusal where Self.shownInForm(refusal) {
            return try await entryAgain(request, context, event, user, nil, form, refusal.fields, status: refusal.kind == .conflict ? .conflict : nil)
        }
        return Self.redirect(Routes.matchmaking.path(event.event.slug), notice: "registered")
    }

    func entryAgain(
        _ request: Request, _ context: AppRequestContext, _ event: Platform.MatchmakingEvent, _ user: User, _ existing: StoredParticipant?, _ form: Form,
        _ errors: [String: String], askConfirm: Bool = false, status: HTTPResponse.Status? = nil
    ) async throws -> Response {
        try await entryPage(
            request, context, event: event, user: user, existing: existing, organisation: form["organisation_id"], search: form["partner_search_id"],
            offer: form["offer"], seek: form["seek"], available: Set(Self.available(form)), askConfirm: askConfirm, errors: errors,
            status: status ?? (askConfirm ? .conflict : .unprocessableContent))
    }

    @Sendable func entryForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        let event = try await platform.matchmakingEvent(slug: try slug(context))
        let mine = try await me(event, user)
        return try await entryPage(
            request, context, event: event, user: user, existing: mine, organisation: String(mine.participant.organisationID),
            search: mine.participant.partnerSearchID.map(String.init) ?? "", offer: mine.participant.offer, seek: mine.participant.seek,
            available: mine.participant.available)
    }

    @Sendable func saveEntry(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        let event = try await platform.matchmakingEvent(slug: try slug(context))
        let mine = try await me(event, user, writing: true)
        let form = try await Form(request, context: context)
        let input = MatchmakingParticipantInput(
            offer: form["offer"], seek: form["seek"], partnerSearchID: Int64(form["partner_search_id"]) ?? 0, available: Self.available(form))
        let freed: [MatchmakingRequest]
        do {
            freed = try await store.updateEntry(eventID: event.event.id, userID: user.id, input: input, confirmed: form["confirm"] == "on").freed
        } catch let error as ValidationErrors {
            return try await entryAgain(request, context, event, user, mine, form, error.fields)
        } catch let refusal as Refusal where Self.shownInForm(refusal) {
            return try await entryAgain(
                request, context, event, user, mine, form, refusal.fields, askConfirm: refusal.description == "availability_holds_meetings")
        }
        return Self.redirect(Routes.matchmaking.path(event.event.slug), notice: freed.isEmpty ? "saved" : "freed")
    }

    // MARK: Whom to meet

    struct ParticipantsPage: PageModel {
        static let template = "matchmaking-participants"
        var site = SiteLinks()
        var title: String
        var action: String
        var requestAction: String
        var csrf: String
        var backHref: String
        var bookingOpen: Bool
        var phase: String
        var countries: [Option]
        var types: [Option]
        var competence: String
        struct Row {
            var id: Int64
            var name: String
            var organisation: String
            var organisationHref: String?
            var country: String
            var type: String
            var score: Int
            var offer: String
            var seek: String
            var theyBring: [String]
            var youBring: [String]
            var state: String?
            var canRequest: Bool
        }
        var rows: [Row]
        var total: Int
        var previous: String?
        var next: String?
        var notice: String?
        var errors: [FieldRule]
        var requestsHref: String
    }

    @Sendable func participants(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await participantsPage(request, context)
    }

    func participantsPage(
        _ request: Request, _ context: AppRequestContext, errors: [String: String] = [:], status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let user = try context.signedInUser(request)
        let event = try await platform.matchmakingEvent(slug: try slug(context))
        let mine = try await me(event, user)
        guard mine.participant.takesPart else { return AccountPagesController.redirect(Routes.matchmaking.path(event.event.slug)) }
        let pairs = FormDecoding.pairs(request.uri.query)
        func value(_ name: String) -> String? { pairs.last { $0.0 == name }.map(\.1).flatMap { $0.isEmpty ? nil : $0 } }
        let reference = platform.reference
        var filter = Platform.ParticipantFilter()
        filter.country = value("country").flatMap { code in reference.countries.contains { $0.code == code } ? code : nil }
        filter.type = value("type").flatMap(OrganisationType.init(rawValue:))
        filter.competence = value("competence").map { String($0.prefix(100)) }
        let all = try await store.participants(eventID: event.event.id)
        let page = try Paging.page(pairs, perPage: Self.participantsPerPage)
        let everyone = try await platform.ranked(for: mine, among: all, filter: filter, language: RequestLanguage.current)
        let ranked = everyone.dropFirst((page - 1) * Self.participantsPerPage).prefix(Self.participantsPerPage)
        func link(_ page: Int) -> String {
            Routes.matchmakingParticipants.path(
                event.event.slug,
                query: [
                    ("country", filter.country ?? ""), ("type", filter.type?.rawValue ?? ""), ("competence", filter.competence ?? ""),
                    ("page", page > 1 ? String(page) : ""),
                ])
        }
        let previous = page > 1 ? link(page - 1) : nil
        let next = page * Self.participantsPerPage < everyone.count ? link(page + 1) : nil
        let requests = try await store.requests(eventID: event.event.id).filter { $0.involves(mine.participant.id) }
        let phase = event.phase()
        let organisations = try await platform.organisations.find(ids: Array(Set(all.map(\.participant.organisationID))))
        let present = Set(organisations.values.map(\.country))
        let rows = ranked.map { r -> ParticipantsPage.Row in
            let other = r.stored.participant
            let between = requests.filter { $0.involves(other.id) }
            var state: String?
            if between.contains(where: { $0.status == .accepted }) {
                state = t("You have a meeting")
            } else if between.contains(where: { $0.status == .pending && $0.fromID == mine.participant.id }) {
                state = t("You asked; waiting for an answer")
            } else if between.contains(where: { $0.status == .pending && $0.toID == mine.participant.id }) {
                state = t("They asked to meet you: answer in your requests")
            } else if between.contains(where: { $0.status == .declined }) {
                state = t("Declined")
            }
            return ParticipantsPage.Row(
                id: other.id, name: other.name, organisation: r.stored.organisationName,
                organisationHref: r.stored.organisationPublished ? Routes.organisation.path(r.stored.organisationSlug) : nil,
                country: r.organisation.map { o in reference.country(o.country).map { ReferenceText.country($0.name) } ?? o.country } ?? "",
                type: r.organisation.map { ReferenceText.name($0.type.label, facet: "type") } ?? "",
                score: r.score, offer: other.offer, seek: other.seek, theyBring: r.theyBring, youBring: r.youBring, state: state,
                canRequest: phase == .booking && (state == nil || between.contains(where: { $0.status == .pending && $0.toID == mine.participant.id })))
        }
        let s = event.event.slug
        return accounts.form(request, context, status: status) { csrf in
            ParticipantsPage(
                title: t("Whom to meet at {{event}}").filling(["event": event.event.title]), action: Routes.matchmakingParticipants.path(s),
                requestAction: Routes.matchmakingRequests.path(s), csrf: csrf, backHref: Routes.matchmaking.path(s), bookingOpen: phase == .booking,
                phase: Self.phaseLabel(phase),
                countries: [.init(value: "", label: t("All countries"), selected: filter.country == nil)]
                    + reference.countries.filter { present.contains($0.code) }.map {
                        .init(value: $0.code, label: ReferenceText.country($0.name), selected: $0.code == filter.country)
                    },
                types: [.init(value: "", label: t("All types"), selected: filter.type == nil)]
                    + OrganisationType.allCases.map {
                        .init(value: $0.rawValue, label: ReferenceText.name($0.label, facet: "type"), selected: $0 == filter.type)
                    },
                competence: filter.competence ?? "", rows: rows, total: everyone.count, previous: previous, next: next, notice: Self.notice(request),
                errors: Self.fieldRules(errors),
                requestsHref: Routes.matchmakingRequests.path(s))
        }
    }

    @Sendable func createRequest(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        let event = try await platform.matchmakingEvent(slug: try slug(context))
        let mine = try await me(event, user, writing: true)
        let form = try await Form(request, context: context)
        guard let to = Int64(form["participant_id"]), let other = try await store.participant(id: to, eventID: event.event.id) else {
            throw APIError.notFound("participant")
        }
        let merged: Bool
        do {
            let match = try await platform.matchScore(mine, other)
            merged = try await store.request(eventID: event.event.id, fromUserID: user.id, toParticipantID: to, message: form["message"], match: match).merged
        } catch let refusal as Refusal where Self.shownInForm(refusal) {
            return try await participantsPage(request, context, errors: refusal.fields, status: refusal.kind == .conflict ? .conflict : .unprocessableContent)
        }
        return Self.redirect(Routes.matchmakingParticipants.path(event.event.slug), notice: merged ? "merged" : "requested")
    }

    // MARK: Requests

    struct RequestsPage: PageModel {
        static let template = "matchmaking-requests"
        var site = SiteLinks()
        var title: String
        var csrf: String
        var backHref: String
        var participantsHref: String
        struct Row {
            var name: String
            var organisation: String
            var message: String
            var status: String
            var when: String
            var acceptAction: String?
            var withdrawAction: String?
            var withdrawLabel: String
        }
        var incoming: [Row]
        var outgoing: [Row]
        var meetings: [Row]
        var notice: String?
    }

    @Sendable func requests(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        let event = try await platform.matchmakingEvent(slug: try slug(context))
        let mine = try await me(event, user)
        let all = try await store.participants(eventID: event.event.id)
        let byID = Dictionary(uniqueKeysWithValues: all.map { ($0.participant.id, $0) })
        let requests = try await store.requests(eventID: event.event.id).filter { $0.involves(mine.participant.id) }.reversed()
        let phase = event.phase()
        let s = event.event.slug
        let me = mine.participant.id
        func row(_ r: MatchmakingRequest) -> RequestsPage.Row {
            let other = byID[r.other(than: me)]
            let mayWithdraw = (r.status == .pending && r.fromID == me) || (r.status == .accepted && phase != .followUp && phase != .closed)
            return RequestsPage.Row(
                name: other?.participant.name ?? "", organisation: other?.organisationName ?? "", message: r.message, status: Self.statusLabel(r.status),
                when: Shown.dateTime(r.createdAt, zone: event.event.timeZone),
                acceptAction: r.status == .pending && r.toID == me && phase == .booking ? Routes.matchmakingRequestAnswer.path(s, r.id) : nil,
                withdrawAction: mayWithdraw ? Routes.matchmakingRequestWithdraw.path(s, r.id) : nil,
                withdrawLabel: r.status == .accepted ? t("Cancel the meeting") : t("Withdraw"))
        }
        return accounts.form(request, context) { csrf in
            RequestsPage(
                title: t("Your requests at {{event}}").filling(["event": event.event.title]), csrf: csrf, backHref: Routes.matchmaking.path(s),
                participantsHref: Routes.matchmakingParticipants.path(s),
                incoming: requests.filter { $0.toID == me && $0.status != .accepted }.map(row),
                outgoing: requests.filter { $0.fromID == me && $0.status != .accepted }.map(row),
                meetings: requests.filter(\.isMeeting).map(row), notice: Self.notice(request))
        }
    }

    @Sendable func answer(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        let event = try await platform.matchmakingEvent(slug: try slug(context))
        let form = try await Form(request, context: context)
        let accept = form["answer"] == "accept"
        _ = try await store.answer(eventID: event.event.id, requestID: try id(context), userID: user.id, accept: accept)
        return Self.redirect(Routes.matchmakingRequests.path(event.event.slug), notice: accept ? "accepted" : "declined")
    }

    @Sendable func withdraw(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        let event = try await platform.matchmakingEvent(slug: try slug(context))
        _ = try await Form(request, context: context)
        _ = try await store.withdraw(eventID: event.event.id, requestID: try id(context), userID: user.id)
        return Self.redirect(Routes.matchmakingRequests.path(event.event.slug), notice: "withdrawn")
    }

    // MARK: Agenda

    struct AgendaPage: PageModel {
        static let template = "matchmaking-agenda"
        var title: String
        var backHref: String
        var icsHref: String
        var published: Bool
        var accepted: Int
        struct Item {
            var slot: String
            var startsISO: String
            var place: String
            var placeLink: String?
            var name: String
            var organisation: String
            var organisationHref: String?
            var offer: String
        }
        var items: [Item]
        /// Accepted meetings of the person without a slot; nil when none.
        var unscheduled: Int?
    }

    @Sendable func agenda(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        let event = try await platform.matchmakingEvent(slug: try slug(context))
        let mine = try await me(event, user)
        let all = try await store.participants(eventID: event.event.id)
        let requests = try await store.requests(eventID: event.event.id)
        let published = event.setup.schedulePublishedAt != nil
        let items = published ? platform.agenda(of: mine, event: event, requests: requests, participants: all) : []
        let accepted = requests.filter { $0.isMeeting && $0.involves(mine.participant.id) }.count
        let zone = event.event.timeZone
        let model = AgendaPage(
            title: t("Your agenda at {{event}}").filling(["event": event.event.title]), backHref: Routes.matchmaking.path(event.event.slug),
            icsHref: Routes.matchmakingAgendaICS.path(event.event.slug), published: published, accepted: accepted,
            items: items.map { item in
                let place = Platform.place(table: item.meeting.table, setup: event.setup, event: event.event)
                return AgendaPage.Item(
                    slot: Platform.slotLabel(item.slot, zone: zone), startsISO: ZonedTime.iso8601(item.slot.startsAt, zone: zone), place: place.label,
                    placeLink: place.link, name: item.other.participant.name, organisation: item.other.organisationName,
                    organisationHref: item.other.organisationPublished ? Routes.organisation.path(item.other.organisationSlug) : nil,
                    offer: item.other.participant.offer)
            }, unscheduled: published && accepted > items.count ? accepted - items.count : nil)
        var response = platform.views.page(model)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func agendaICS(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        let event = try await platform.matchmakingEvent(slug: try slug(context))
        let mine = try await me(event, user)
        let all = try await store.participants(eventID: event.event.id)
        let requests = try await store.requests(eventID: event.event.id)
        let items = event.setup.schedulePublishedAt != nil ? platform.agenda(of: mine, event: event, requests: requests, participants: all) : []
        var response = EventPagesController.calendarResponse(
            platform.agendaCalendar(items, me: mine, event: event), filename: "\(event.event.slug)-agenda.ics")
        response.headers[.cacheControl] = "no-store"
        return response
    }

    // MARK: Follow-up

    struct FollowUpPage: PageModel {
        static let template = "matchmaking-follow-up"
        var site = SiteLinks()
        var title: String
        var action: String
        var csrf: String
        var backHref: String
        var open: Bool
        struct Item {
            var id: Int64
            var slot: String
            var name: String
            var organisation: String
            var tookPlace: [Option]
            var outcomes: [Option]
            var note: String
        }
        var items: [Item]
        var notice: String?
        var errors: [FieldRule]
    }

    func followUpPage(
        _ request: Request, _ context: AppRequestContext, errors: [String: String] = [:], status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let user = try context.signedInUser(request)
        let event = try await platform.matchmakingEvent(slug: try slug(context))
        let mine = try await me(event, user)
        let all = try await store.participants(eventID: event.event.id)
        let byID = Dictionary(uniqueKeysWithValues: all.map { ($0.participant.id, $0) })
        let meetings = try await store.requests(eventID: event.event.id).filter { $0.isMeeting && $0.involves(mine.participant.id) }
        let reports = try await store.followUps(eventID: event.event.id).filter { $0.participantID == mine.participant.id }
        let zone = event.event.timeZone
        let items = meetings.map { m -> FollowUpPage.Item in
            let report = reports.first { $0.meetingID == m.id }
            let other = byID[m.other(than: mine.participant.id)]
            let tookPlace = report?.tookPlace ?? true
            return FollowUpPage.Item(
                id: m.id,
                slot: m.slot.flatMap { event.slots.indices.contains($0) ? Platform.slotLabel(event.slots[$0], zone: zone) : nil } ?? t("Not scheduled"),
                name: other?.participant.name ?? "", organisation: other?.organisationName ?? "",
                tookPlace: [
                    .init(value: "yes", label: t("It took place"), selected: tookPlace),
                    .init(value: "no", label: t("It did not take place"), selected: !tookPlace),
                ],
                outcomes: MeetingOutcome.allCases.map {
                    .init(value: $0.rawValue, label: Self.outcomeLabel($0), selected: (report?.outcome ?? .nothingYet) == $0)
                },
                note: report?.note ?? "")
        }
        return accounts.form(request, context, status: status) { csrf in
            FollowUpPage(
                title: t("What came of your meetings at {{event}}").filling(["event": event.event.title]),
                action: Routes.matchmakingFollowUp.path(event.event.slug), csrf: csrf, backHref: Routes.matchmaking.path(event.event.slug),
                open: event.phase() == .followUp, items: items, notice: Self.notice(request),
                errors: Self.fieldRules(errors))
        }
    }

    @Sendable func followUpForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await followUpPage(request, context)
    }

    /// One meeting's follow-up per submit (each meeting has its own form).
    @Sendable func followUp(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.signedInUser(request)
        let event = try await platform.matchmakingEvent(slug: try slug(context))
        _ = try await me(event, user, writing: true)
        let form = try await Form(request, context: context)
        guard let meetingID = Int64(form["meeting_id"]) else { throw APIError.notFound("meeting") }
        guard let outcome = MeetingOutcome(rawValue: form["outcome"]) else {
            return try await followUpPage(request, context, errors: ["outcome": MeetingOutcome.rule], status: .unprocessableContent)
        }
        do {
            _ = try await store.followUp(
                eventID: event.event.id, meetingID: meetingID, userID: user.id, tookPlace: form["took_place"] != "no", outcome: outcome, note: form["note"])
        } catch let refusal as Refusal where Self.shownInForm(refusal) {
            return try await followUpPage(request, context, errors: refusal.fields, status: .unprocessableContent)
        }
        platform.eventPages.clear()
        return Self.redirect(Routes.matchmakingFollowUp.path(event.event.slug), notice: "saved")
    }

    // MARK: The organiser's schedule

    struct SchedulePage: PageModel {
        static let template = "matchmaking-schedule"
        var site = SiteLinks()
        var title: String
        var csrf: String
        var backHref: String
        var runAction: String
        var publishAction: String
        var exports: [Link]
        var published: String?
        struct Figures {
            var scheduled: Int; var accepted: Int; var greedy: Int; var bound: Int; var boundKind: String; var gap: String; var optimal: Bool;
            var milliseconds: Int; var at: String
        }
        var figures: Figures?
        var tableHeaders: [String]
        struct Cell { var text: String; var fixed: Bool }
        struct Row { var slot: String; var cells: [Cell] }
        var grid: [Row]
        struct Meeting {
            var id: Int64
            var names: String
            var reason: String?
            var slot: String
            var fixAction: String
            var options: [Option]
        }
        var meetings: [Meeting]
        var unscheduledCount: Int
        struct Person { var name: String; var organisation: String; var status: String; var action: String; var pending: Bool; var refused: Bool }
        var people: [Person]
        var notice: String?
        var errors: [FieldRule]
    }

    @Sendable func schedule(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await schedulePage(request, context)
    }

    /// Why an accepted meeting has no slot now, in the page's words (`MatchmakingScheduling.standing`).
    static func reason(_ standing: MatchmakingScheduling.Standing) -> String {
        switch standing {
        case .notTakingPart: t("A participant no longer takes part")
        case .unscheduled(.noCommonSlot): t("No common free slot")
        case .unscheduled(.slotsTaken): t("Tables full or one of them busy in every common slot")
        case .placeable: t("Not placed yet: run the scheduler")
        }
    }

    func schedulePage(_ request: Request, _ context: AppRequestContext, errors: [String: String] = [:], status: HTTPResponse.Status = .ok) async throws
        -> Response
    {
        let (stored, _) = try await organised(context, request)
        let event = try await platform.matchmakingEvent(stored)
        let all = try await store.participants(eventID: event.event.id)
        let byID = Dictionary(uniqueKeysWithValues: all.map { ($0.participant.id, $0) })
        let requests = try await store.requests(eventID: event.event.id)
        let meetings = requests.filter(\.isMeeting)
        let placed = meetings.filter { $0.slot != nil }
        let zone = event.event.timeZone
        let s = event.event.slug
        func names(_ m: MatchmakingRequest) -> String {
            "\(byID[m.fromID]?.participant.name ?? "") (\(byID[m.fromID]?.organisationName ?? "")) · \(byID[m.toID]?.participant.name ?? "") (\(byID[m.toID]?.organisationName ?? ""))"
        }
        let usedTables = max(1, min(event.setup.tables, (placed.compactMap(\.table).max() ?? 1)))
        // Each slot's meetings and label once: a busy event has thousands of meetings and cells.
        let placedBySlot = Dictionary(grouping: placed) { $0.slot ?? -1 }
        let labels = event.slots.map { Platform.slotLabel($0, zone: zone) }
        let grid = event.slots.map { slot in
            let atTable = Dictionary((placedBySlot[slot.index] ?? []).map { ($0.table ?? 0, $0) }, uniquingKeysWith: { a, _ in a })
            return SchedulePage.Row(
                slot: labels[slot.index],
                cells: (1...usedTables).map { table in
                    let m = atTable[table]
                    return SchedulePage.Cell(text: m.map(names) ?? "", fixed: m?.fixedSlot != nil)
                })
        }
        let people = Dictionary(uniqueKeysWithValues: all.map { ($0.participant.id, $0.participant) })
        let slotOptions = event.slots.map { Option(value: String($0.index), label: labels[$0.index], selected: false) }
        // Placed meetings are in the grid; the list holds those without a slot (with why) and the fixed ones,
        // each with the form that fixes it, so a busy event's page stays small.
        let rows = meetings.filter { $0.slot == nil || $0.fixedSlot != nil }.sorted {
            ($0.slot == nil ? 0 : 1, $0.slot ?? 0, $0.id) < ($1.slot == nil ? 0 : 1, $1.slot ?? 0, $1.id)
        }.map { m in
            SchedulePage.Meeting(
                id: m.id, names: names(m),
                reason: m.slot == nil
                    ? Self.reason(MatchmakingScheduling.standing(of: m, placedBySlot: placedBySlot, people: people, tables: event.setup.tables)) : nil,
                slot: m.slot.map { labels[$0] + (m.fixedSlot != nil ? " · " + t("fixed") : "") } ?? "",
                fixAction: Routes.matchmakingMeetingFix.path(s, m.id),
                options: [.init(value: "", label: t("Not fixed"), selected: m.fixedSlot == nil)]
                    + slotOptions.map { .init(value: $0.value, label: $0.label, selected: Int($0.value) == m.fixedSlot) })
        }
        let figures = event.setup.lastRun.map { run in
            SchedulePage.Figures(
                scheduled: run.scheduled, accepted: run.accepted, greedy: run.greedy, bound: run.bound, boundKind: Self.boundLabel(run.boundKind),
                gap: RequestLanguage.current.percent(run.gap, digits: 1), optimal: run.optimal, milliseconds: run.milliseconds,
                at: Shown.dateTime(run.at, zone: zone))
        }
        return accounts.form(request, context, status: status) { csrf in
            SchedulePage(
                title: t("Schedule of {{event}}").filling(["event": event.event.title]), csrf: csrf, backHref: Routes.matchmaking.path(s),
                runAction: Routes.matchmakingScheduleRun.path(s), publishAction: Routes.matchmakingSchedulePublish.path(s),
                exports: [
                    Link(href: Routes.matchmakingParticipantsCSV.path(s), label: t("Participants (CSV)")),
                    Link(href: Routes.matchmakingRequestsCSV.path(s), label: t("Requests (CSV)")),
                    Link(href: Routes.matchmakingScheduleCSV.path(s), label: t("Schedule (CSV)")),
                ],
                published: event.setup.schedulePublishedAt.map { Shown.dateTime($0, zone: zone) }, figures: figures,
                tableHeaders: (1...usedTables).map { Platform.place(table: $0, setup: event.setup, event: event.event).label }, grid: grid,
                meetings: rows, unscheduledCount: meetings.count - placed.count,
                people: all.map { p in
                    SchedulePage.Person(
                        name: p.participant.name, organisation: p.organisationName, status: Self.participantStatusLabel(p.participant.status),
                        action: Routes.matchmakingParticipantStatus.path(s, p.participant.id), pending: p.participant.status == .pending,
                        refused: p.participant.status == .refused)
                }, notice: Self.notice(request), errors: Self.fieldRules(errors))
        }
    }

    @Sendable func run(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (stored, _) = try await organised(context, request)
        let form = try await Form(request, context: context)
        _ = try await store.runSchedule(eventID: stored.event.id, reschedule: form["reschedule"] == "on")
        return Self.redirect(Routes.matchmakingSchedule.path(stored.event.slug), notice: "scheduled")
    }

    @Sendable func publish(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (stored, _) = try await organised(context, request)
        _ = try await Form(request, context: context)
        _ = try await store.publishSchedule(eventID: stored.event.id)
        return Self.redirect(Routes.matchmakingSchedule.path(stored.event.slug), notice: "published")
    }

    @Sendable func fix(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (stored, _) = try await organised(context, request)
        let form = try await Form(request, context: context)
        let slot: Int? = form["slot"].isEmpty ? nil : Int(form["slot"])
        if !form["slot"].isEmpty, slot == nil {
            return try await schedulePage(request, context, errors: ["slot": "must be a slot of this event"], status: .unprocessableContent)
        }
        do {
            _ = try await store.fix(eventID: stored.event.id, meetingID: try id(context), slot: slot)
        } catch let refusal as Refusal where Self.shownInForm(refusal) {
            return try await schedulePage(request, context, errors: refusal.fields, status: refusal.kind == .conflict ? .conflict : .unprocessableContent)
        }
        return Self.redirect(Routes.matchmakingSchedule.path(stored.event.slug), notice: "saved")
    }

    @Sendable func setStatus(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (stored, _) = try await organised(context, request)
        let form = try await Form(request, context: context)
        guard let status = MatchmakingParticipant.Status(rawValue: form["status"]) else {
            return try await schedulePage(request, context, errors: ["status": "must be one of pending, validated, refused"], status: .unprocessableContent)
        }
        _ = try await store.setStatus(eventID: stored.event.id, participantID: try id(context), status)
        return Self.redirect(Routes.matchmakingSchedule.path(stored.event.slug), notice: "saved")
    }

    // MARK: Exports

    func csv(_ text: String, name: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: ContentDisposition.attachment(name), .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    @Sendable func participantsCSV(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (stored, _) = try await organised(context, request)
        let event = try await platform.matchmakingEvent(stored)
        return csv(
            platform.participantsCSV(try await store.participants(eventID: stored.event.id), event: event), name: "\(stored.event.slug)-participants.csv")
    }

    @Sendable func requestsCSV(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (stored, _) = try await organised(context, request)
        return csv(
            platform.requestsCSV(try await store.requests(eventID: stored.event.id), participants: try await store.participants(eventID: stored.event.id)),
            name: "\(stored.event.slug)-requests.csv")
    }

    @Sendable func scheduleCSV(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (stored, _) = try await organised(context, request)
        let event = try await platform.matchmakingEvent(stored)
        return csv(
            platform.scheduleCSV(
                try await store.requests(eventID: stored.event.id), participants: try await store.participants(eventID: stored.event.id), event: event),
            name: "\(stored.event.slug)-schedule.csv")
    }
}

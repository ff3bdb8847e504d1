import Foundation
import SQLKit

/// One numbered schema change. Its statements are chosen by dialect so that SQLite and PostgreSQL end up
/// with the same tables; dialect-specific parts (types, full-text indexes) differ only where they must.
public struct Migration: Sendable {
    public var version: Int
    public var name: String
    public var statements: @Sendable (Dialect) -> [String]
}

/// The schema's history, oldest first. Never edit a migration that has shipped; add the next number.
public enum Migrations {
    public static let all: [Migration] = [
        Migration(version: 1, name: "organisations") { dialect in
            let id = dialect == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"
            return [
                // Key columns are real columns (queried, indexed, unique); the whole profile is also kept as
                // one JSON document so that adding a profile field needs no migration of both dialects.
                """
                CREATE TABLE organisations (
                    id \(id),
                    slug TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    name_key TEXT NOT NULL,
                    acronym TEXT,
                    type TEXT NOT NULL,
                    country TEXT NOT NULL,
                    region TEXT,
                    status TEXT NOT NULL,
                    profile TEXT NOT NULL,
                    search_text TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    revision BIGINT NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX organisations_country_name ON organisations (country, name_key)",
            ] + searchIndex(dialect) + [
                "CREATE INDEX organisations_status ON organisations (status)",
                "CREATE INDEX organisations_revision ON organisations (revision)",
                // Deletions are logged so every app instance can drop them from its directory index.
                """
                CREATE TABLE organisation_deletions (
                    organisation_id BIGINT NOT NULL,
                    revision BIGINT NOT NULL
                )
                """,
                "CREATE INDEX organisation_deletions_revision ON organisation_deletions (revision)",
                // One counter for every directory write. Bumping it takes a row lock that PostgreSQL holds to
                // commit, so revisions become visible in order and a reader's cursor never skips a change.
                "CREATE TABLE directory_revision (id INTEGER PRIMARY KEY, value BIGINT NOT NULL)",
                "INSERT INTO directory_revision (id, value) VALUES (1, 0)",
            ]
        },
        Migration(version: 2, name: "accounts and outbox") { dialect in
            let id = dialect == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"
            return [
                // Platform role: user, moderator or platform-admin. Team roles live in memberships.
                """
                CREATE TABLE users (
                    id \(id),
                    email TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    password_hash TEXT NOT NULL,
                    role TEXT NOT NULL,
                    email_verified_at BIGINT,
                    time_zone TEXT NOT NULL,
                    email_settings TEXT NOT NULL,
                    unsubscribe_token TEXT NOT NULL UNIQUE,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                // Sessions are ours (not the framework's in-memory store) so that instances share them. The
                // key is a hash of the cookie's secret: a leaked table does not yield usable cookies.
                """
                CREATE TABLE sessions (
                    id_hash TEXT PRIMARY KEY,
                    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                    created_at BIGINT NOT NULL,
                    last_seen_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX sessions_user ON sessions (user_id)",
                """
                CREATE TABLE api_tokens (
                    id \(id),
                    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    token_hash TEXT NOT NULL UNIQUE,
                    created_at BIGINT NOT NULL,
                    last_used_at BIGINT,
                    revoked_at BIGINT
                )
                """,
                // One-time links: e-mail verification, password reset, change of e-mail.
                """
                CREATE TABLE email_tokens (
                    token_hash TEXT PRIMARY KEY,
                    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                    purpose TEXT NOT NULL,
                    new_email TEXT,
                    expires_at BIGINT NOT NULL,
                    used_at BIGINT
                )
                """,
                // Every e-mail, written in the same transaction as the change that caused it. A sender claims
                // a row with a lease (claimed_until); message_id is fixed at insert so a resend after a crash
                // carries the same Message-ID.
                """
                CREATE TABLE outbox (
                    id \(id),
                    message_id TEXT NOT NULL UNIQUE,
                    recipient TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    body_text TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    unsubscribe_url TEXT,
                    created_at BIGINT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at BIGINT NOT NULL,
                    claimed_until BIGINT,
                    claimed_by TEXT,
                    sent_at BIGINT,
                    last_error TEXT
                )
                """,
                "CREATE INDEX outbox_due ON outbox (sent_at, next_attempt_at)",
                // Rate-limit events, counted in the database so that every instance sees the same counts.
                "CREATE TABLE rate_limit_events (bucket TEXT NOT NULL, at BIGINT NOT NULL)",
                "CREATE INDEX rate_limit_events_bucket ON rate_limit_events (bucket, at)",
                """
                CREATE TABLE audit_log (
                    id \(id),
                    at BIGINT NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    detail TEXT NOT NULL
                )
                """,
            ]
        },
        Migration(version: 3, name: "profile teams, moderation, notifications") { dialect in
            let id = dialect == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"
            return [
                // Who may act for an organisation: role member or administrator (adds and removes colleagues).
                """
                CREATE TABLE memberships (
                    organisation_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
                    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                    role TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    PRIMARY KEY (organisation_id, user_id)
                )
                """,
                "CREATE INDEX memberships_user ON memberships (user_id)",
                // Edits to a published profile wait here for review while the published version stays
                // visible; status is draft, needs-review or changes-requested.
                """
                CREATE TABLE pending_revisions (
                    organisation_id BIGINT PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
                    profile TEXT NOT NULL,
                    status TEXT NOT NULL,
                    message TEXT,
                    updated_at BIGINT NOT NULL,
                    updated_by BIGINT
                )
                """,
                // Every change of a profile: who, when, what (field names and values before and after).
                """
                CREATE TABLE organisation_history (
                    id \(id),
                    organisation_id BIGINT NOT NULL,
                    at BIGINT NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    changes TEXT NOT NULL
                )
                """,
                "CREATE INDEX organisation_history_organisation ON organisation_history (organisation_id, at)",
                """
                CREATE TABLE invitations (
                    id \(id),
                    organisation_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
                    email TEXT NOT NULL,
                    role TEXT NOT NULL,
                    invited_by BIGINT NOT NULL,
                    created_at BIGINT NOT NULL,
                    accepted_at BIGINT
                )
                """,
                "CREATE INDEX invitations_email ON invitations (email)",
                // Requests to join a team or to claim a listed organisation that has no team.
                """
                CREATE TABLE join_requests (
                    id \(id),
                    organisation_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
                    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                    kind TEXT NOT NULL,
                    message TEXT NOT NULL,
                    status TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    decided_at BIGINT,
                    decided_by BIGINT
                )
                """,
                """
                CREATE TABLE notifications (
                    id \(id),
                    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                    kind TEXT NOT NULL,
                    message TEXT NOT NULL,
                    link TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    read_at BIGINT
                )
                """,
                "CREATE INDEX notifications_user ON notifications (user_id, read_at)",
                // Consent records: what a person agreed to, and when.
                """
                CREATE TABLE consents (
                    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                    purpose TEXT NOT NULL,
                    given_at BIGINT NOT NULL,
                    withdrawn_at BIGINT
                )
                """,
            ]
        },
        Migration(version: 4, name: "organisation logos") { dialect in
            [
                """
                CREATE TABLE organisation_logos (
                    organisation_id BIGINT PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
                    content_type TEXT NOT NULL,
                    data \(dialect == .sqlite ? "BLOB" : "BYTEA") NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """
            ]
        },
        Migration(version: 5, name: "partnering") { dialect in
            let id = dialect == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"
            return [
                // Lists (competences, types, countries) are JSON arrays: they are read with their search and
                // filtered in the app, where competence ids are understood. `search_text` is folded by the
                // app for a LIKE search that behaves the same on both databases. `version` counts edits.
                """
                CREATE TABLE partner_searches (
                    id \(id),
                    owner_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
                    title TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    description TEXT NOT NULL,
                    call_id BIGINT,
                    competences TEXT NOT NULL,
                    sought_types TEXT NOT NULL,
                    target_countries TEXT NOT NULL,
                    min_countries INTEGER NOT NULL,
                    min_members INTEGER NOT NULL,
                    max_members INTEGER NOT NULL,
                    need_less_developed INTEGER NOT NULL,
                    deadline TEXT,
                    status TEXT NOT NULL,
                    consortium_status TEXT NOT NULL,
                    agreement_title TEXT,
                    agreement_date TEXT,
                    agreement_note TEXT,
                    search_text TEXT NOT NULL,
                    created_by BIGINT,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    version INTEGER NOT NULL
                )
                """,
                "CREATE INDEX partner_searches_status ON partner_searches (status, created_at)",
                "CREATE INDEX partner_searches_owner ON partner_searches (owner_id)",
                // One expression of interest per organisation and search; withdrawing keeps the row
                // (status withdrawn) so the history of the search stays readable.
                """
                CREATE TABLE partner_search_interests (
                    id \(id),
                    search_id BIGINT NOT NULL REFERENCES partner_searches (id) ON DELETE CASCADE,
                    organisation_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
                    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
                    message TEXT NOT NULL,
                    status TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    decided_by BIGINT,
                    UNIQUE (search_id, organisation_id)
                )
                """,
                // The consortium: the owner as lead, accepted partners as partners.
                """
                CREATE TABLE consortium_members (
                    search_id BIGINT NOT NULL REFERENCES partner_searches (id) ON DELETE CASCADE,
                    organisation_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
                    role TEXT NOT NULL,
                    joined_at BIGINT NOT NULL,
                    PRIMARY KEY (search_id, organisation_id)
                )
                """,
                "CREATE INDEX consortium_members_organisation ON consortium_members (organisation_id)",
                // Comments, threaded one level: a reply's parent is a top-level comment.
                """
                CREATE TABLE partner_search_comments (
                    id \(id),
                    search_id BIGINT NOT NULL REFERENCES partner_searches (id) ON DELETE CASCADE,
                    parent_id BIGINT REFERENCES partner_search_comments (id) ON DELETE CASCADE,
                    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
                    author TEXT NOT NULL,
                    body TEXT NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX partner_search_comments_search ON partner_search_comments (search_id, created_at)",
                """
                CREATE TABLE partner_search_follows (
                    search_id BIGINT NOT NULL REFERENCES partner_searches (id) ON DELETE CASCADE,
                    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                    created_at BIGINT NOT NULL,
                    PRIMARY KEY (search_id, user_id)
                )
                """,
                // Invitations to express interest sent by the owner team, once per organisation.
                """
                CREATE TABLE partner_search_invitations (
                    search_id BIGINT NOT NULL REFERENCES partner_searches (id) ON DELETE CASCADE,
                    organisation_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
                    invited_by BIGINT,
                    created_at BIGINT NOT NULL,
                    PRIMARY KEY (search_id, organisation_id)
                )
                """,
                // Cohesion-policy region categories by NUTS 2 code, loaded by administrators; `demo` marks
                // the made-up values of the demo data.
                """
                CREATE TABLE region_categories (
                    nuts_code TEXT PRIMARY KEY,
                    category TEXT NOT NULL,
                    demo INTEGER NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
            ]
        },
        Migration(version: 6, name: "calls for interest and partnerships") { dialect in
            let id = dialect == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"
            return [
                // Thematic areas, application fields, eligibility rules and evaluation criteria are JSON
                // documents understood by the pure calls target. Instants are milliseconds (UTC); the
                // call's zone is kept for showing them. Upcoming, open and closed follow from the clock.
                """
                CREATE TABLE calls (
                    id \(id),
                    title TEXT NOT NULL,
                    programme TEXT NOT NULL,
                    description TEXT NOT NULL,
                    thematic_areas TEXT NOT NULL,
                    opens_at BIGINT NOT NULL,
                    closes_at BIGINT NOT NULL,
                    time_zone TEXT NOT NULL,
                    state TEXT NOT NULL,
                    label TEXT NOT NULL,
                    fields TEXT NOT NULL,
                    rules TEXT NOT NULL,
                    criteria TEXT NOT NULL,
                    rules_version INTEGER NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    version INTEGER NOT NULL
                )
                """,
                // One application per consortium (partner search) and call. `version` counts saved edits;
                // the receipt (reference, digest, submitted_at) is written in the submitting transaction.
                """
                CREATE TABLE applications (
                    id \(id),
                    call_id BIGINT NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
                    search_id BIGINT NOT NULL REFERENCES partner_searches (id) ON DELETE CASCADE,
                    lead_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
                    status TEXT NOT NULL,
                    answers TEXT NOT NULL,
                    members TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    reference TEXT UNIQUE,
                    digest TEXT,
                    submitted_at BIGINT,
                    rules_version INTEGER,
                    eligibility TEXT,
                    decision TEXT,
                    decision_reason TEXT,
                    scores TEXT NOT NULL,
                    selected INTEGER NOT NULL,
                    evaluated_by TEXT,
                    evaluated_at BIGINT,
                    created_by BIGINT,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    UNIQUE (call_id, search_id)
                )
                """,
                "CREATE INDEX applications_call ON applications (call_id, status)",
                // Every saved version of an application's answers: edits are versioned, never lost.
                """
                CREATE TABLE application_versions (
                    application_id BIGINT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
                    version INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    answers TEXT NOT NULL,
                    saved_at BIGINT NOT NULL,
                    saved_by BIGINT,
                    PRIMARY KEY (application_id, version)
                )
                """,
                // Selected consortia, labelled: members are a snapshot of the consortium when selected.
                """
                CREATE TABLE partnerships (
                    id \(id),
                    call_id BIGINT NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
                    application_id BIGINT UNIQUE REFERENCES applications (id) ON DELETE SET NULL,
                    name TEXT NOT NULL,
                    label TEXT NOT NULL,
                    thematic_area TEXT NOT NULL,
                    members TEXT NOT NULL,
                    agreement_title TEXT,
                    agreement_date TEXT,
                    agreement_note TEXT,
                    created_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE partnership_news (
                    id \(id),
                    partnership_id BIGINT NOT NULL REFERENCES partnerships (id) ON DELETE CASCADE,
                    title TEXT NOT NULL,
                    body TEXT NOT NULL,
                    author TEXT NOT NULL,
                    published_at BIGINT NOT NULL
                )
                """,
            ]
        },
        Migration(version: 7, name: "logos waiting for review") { dialect in
            [
                // A new logo for a published profile waits here, like its other edits, until a moderator
                // publishes it; the published logo stays in organisation_logos meanwhile.
                """
                CREATE TABLE pending_logos (
                    organisation_id BIGINT PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
                    content_type TEXT NOT NULL,
                    data \(dialect == .sqlite ? "BLOB" : "BYTEA") NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """
            ]
        },
        // Team invitations used to take effect at registration, before the address was confirmed, so
        // whoever registered an invited address joined the team. Such memberships of accounts that are
        // still unconfirmed become open invitations again, accepted when the address is confirmed.
        // Addresses themselves need no rewrite: they were stored trimmed and lower-cased, and forms send
        // NFC, which is what `AccountRules.normaliseEmail` now also produces.
        Migration(version: 8, name: "team invitations wait for a confirmed address") { _ in
            [
                """
                DELETE FROM memberships WHERE EXISTS (
                    SELECT 1 FROM invitations i JOIN users u ON u.email = i.email
                    WHERE u.id = memberships.user_id AND i.organisation_id = memberships.organisation_id
                      AND i.accepted_at IS NOT NULL AND u.email_verified_at IS NULL)
                """,
                """
                UPDATE invitations SET accepted_at = NULL
                WHERE accepted_at IS NOT NULL AND EXISTS (SELECT 1 FROM users u WHERE u.email = invitations.email AND u.email_verified_at IS NULL)
                """,
            ]
        },
        Migration(version: 9, name: "languages: each account's language, notices kept as values") { _ in
            [
                // The language a person chose with the switcher while signed in (or registered in): their
                // e-mails and notices are written in it. Accounts from before speak English.
                "ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'en'",
                // A notice's values (JSON), so the bell shows it in the reader's language of the day;
                // `message` keeps the English line for notices from before.
                "ALTER TABLE notifications ADD COLUMN notice_values TEXT",
            ]
        },
        Migration(version: 10, name: "news") { dialect in
            let id = dialect == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"
            return [
                // Tags and related ids are JSON arrays read with the article; the two tables below index
                // what lists filter by (a tag page, an organisation's news). `author_id` goes null when the
                // account is deleted: the byline then says "former member".
                """
                CREATE TABLE news (
                    id \(id),
                    slug TEXT NOT NULL UNIQUE,
                    title TEXT NOT NULL,
                    summary TEXT NOT NULL,
                    body TEXT NOT NULL,
                    tags TEXT NOT NULL,
                    related_organisations TEXT NOT NULL,
                    related_searches TEXT NOT NULL,
                    related_calls TEXT NOT NULL,
                    organisation_id BIGINT REFERENCES organisations (id) ON DELETE SET NULL,
                    author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
                    status TEXT NOT NULL,
                    published_at BIGINT,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    version INTEGER NOT NULL
                )
                """,
                "CREATE INDEX news_status ON news (status, published_at)",
                """
                CREATE TABLE news_tags (
                    news_id BIGINT NOT NULL REFERENCES news (id) ON DELETE CASCADE,
                    tag TEXT NOT NULL,
                    PRIMARY KEY (news_id, tag)
                )
                """,
                "CREATE INDEX news_tags_tag ON news_tags (tag)",
                """
                CREATE TABLE news_organisations (
                    news_id BIGINT NOT NULL REFERENCES news (id) ON DELETE CASCADE,
                    organisation_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
                    PRIMARY KEY (news_id, organisation_id)
                )
                """,
                "CREATE INDEX news_organisations_organisation ON news_organisations (organisation_id)",
            ]
        },
        Migration(version: 11, name: "events") { dialect in
            let id = dialect == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"
            return [
                // Start and end are instants (milliseconds); `time_zone` says how the venue reads them.
                // Tags are a JSON array read with the event, indexed in `event_tags` for the filters.
                """
                CREATE TABLE events (
                    id \(id),
                    slug TEXT NOT NULL UNIQUE,
                    title TEXT NOT NULL,
                    description TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    starts_at BIGINT NOT NULL,
                    ends_at BIGINT NOT NULL,
                    time_zone TEXT NOT NULL,
                    venue TEXT NOT NULL,
                    online_link TEXT NOT NULL,
                    organisation_id BIGINT REFERENCES organisations (id) ON DELETE SET NULL,
                    registration_link TEXT NOT NULL,
                    tags TEXT NOT NULL,
                    author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
                    status TEXT NOT NULL,
                    published_at BIGINT,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    version INTEGER NOT NULL
                )
                """,
                "CREATE INDEX events_status_start ON events (status, starts_at)",
                "CREATE INDEX events_status_end ON events (status, ends_at)",
                "CREATE INDEX events_organisation ON events (organisation_id, starts_at)",
                """
                CREATE TABLE event_tags (
                    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
                    tag TEXT NOT NULL,
                    PRIMARY KEY (event_id, tag)
                )
                """,
                "CREATE INDEX event_tags_tag ON event_tags (tag)",
            ]
        },
        Migration(version: 12, name: "documents") { dialect in
            let id = dialect == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"
            return [
                // A document's description; its bytes are in document_files, so that lists never read them.
                // `organisation_id` null is the platform's own document; an organisation's go with it.
                // `search_text` is the title and tags folded by the app, for a LIKE search that behaves the
                // same on both databases. Tags are a JSON array read with the document; document_tags
                // indexes what the list filters by.
                """
                CREATE TABLE documents (
                    id \(id),
                    title TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    document_date TEXT NOT NULL,
                    language TEXT NOT NULL,
                    tags TEXT NOT NULL,
                    organisation_id BIGINT REFERENCES organisations (id) ON DELETE CASCADE,
                    description TEXT NOT NULL,
                    file_name TEXT NOT NULL,
                    file_type TEXT NOT NULL,
                    byte_size BIGINT NOT NULL,
                    search_text TEXT NOT NULL,
                    uploaded_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
                    created_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX documents_date ON documents (document_date, id)",
                "CREATE INDEX documents_organisation ON documents (organisation_id)",
                """
                CREATE TABLE document_files (
                    document_id BIGINT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
                    data \(dialect == .sqlite ? "BLOB" : "BYTEA") NOT NULL
                )
                """,
                """
                CREATE TABLE document_tags (
                    document_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
                    tag TEXT NOT NULL,
                    PRIMARY KEY (document_id, tag)
                )
                """,
                "CREATE INDEX document_tags_tag ON document_tags (tag)",
                // A partnership's cooperation agreement can be a document of the library.
                "ALTER TABLE partnerships ADD COLUMN agreement_document_id BIGINT REFERENCES documents (id) ON DELETE SET NULL",
            ]
        },
        Migration(version: 13, name: "funding opportunities") { dialect in
            let id = dialect == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"
            return [
                // The lists (countries, sectors, ecosystems, technologies, keywords) are JSON arrays read with
                // the opportunity; `funding_opportunity_codes` indexes what the list filters by, one row per
                // code. `all_countries` is 1 when the opportunity lists no country (every country may apply),
                // so "open to organisations from FR" is one indexed test. `search_text` is the folded words of
                // the texts a search reads. Instants are milliseconds since 1970 (UTC).
                """
                CREATE TABLE funding_opportunities (
                    id \(id),
                    title TEXT NOT NULL,
                    programme TEXT NOT NULL,
                    funding_body TEXT NOT NULL,
                    link TEXT NOT NULL,
                    opens_at BIGINT NOT NULL,
                    deadline BIGINT NOT NULL,
                    time_zone TEXT NOT NULL,
                    budget BIGINT,
                    action_type TEXT,
                    cascade_funding INTEGER NOT NULL,
                    countries TEXT NOT NULL,
                    all_countries INTEGER NOT NULL,
                    sectors TEXT NOT NULL,
                    ecosystems TEXT NOT NULL,
                    technologies TEXT NOT NULL,
                    keywords TEXT NOT NULL,
                    description TEXT NOT NULL,
                    search_text TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    version INTEGER NOT NULL
                )
                """,
                "CREATE INDEX funding_opportunities_deadline ON funding_opportunities (deadline, id)",
                """
                CREATE TABLE funding_opportunity_codes (
                    opportunity_id BIGINT NOT NULL REFERENCES funding_opportunities (id) ON DELETE CASCADE,
                    kind TEXT NOT NULL,
                    code TEXT NOT NULL,
                    PRIMARY KEY (kind, code, opportunity_id)
                )
                """,
                "CREATE INDEX funding_opportunity_codes_opportunity ON funding_opportunity_codes (opportunity_id)",
            ]
        },
        Migration(version: 14, name: "digest") { _ in
            [
                // One row per person and ISO week (`2016-W23`) whose digest went to the outbox: the primary
                // key, not a timer, makes the e-mail go exactly once, whatever the instances and restarts.
                """
                CREATE TABLE digest_sends (
                    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                    week TEXT NOT NULL,
                    sent_at BIGINT NOT NULL,
                    PRIMARY KEY (user_id, week)
                )
                """
            ]
        },
        Migration(version: 15, name: "deadline reminders") { _ in
            [
                // One row per reminder (`eoi-deadline:12:...`, `search-expiry:7:2026-12-31`) and person it went
                // to: as for the digest, the primary key makes each reminder go exactly once.
                """
                CREATE TABLE reminder_sends (
                    reminder TEXT NOT NULL,
                    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                    sent_at BIGINT NOT NULL,
                    PRIMARY KEY (reminder, user_id)
                )
                """
            ]
        },
        Migration(version: 16, name: "contributed news and events: history, an article's photo") { dialect in
            let id = dialect == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"
            return [
                // What happened to a news article or an event a team contributed (submitted, decided, with
                // the moderator's message), as `organisation_history` keeps it for profiles. `item_id` is
                // the article's or the event's id; the rows go with the item.
                """
                CREATE TABLE content_history (
                    id \(id),
                    item_kind TEXT NOT NULL,
                    item_id BIGINT NOT NULL,
                    at BIGINT NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL
                )
                """,
                "CREATE INDEX content_history_item ON content_history (item_kind, item_id, at)",
                // An article's photo is an image of the document library; removing the document removes
                // the photo from the article, not the article.
                "ALTER TABLE news ADD COLUMN image_document_id BIGINT REFERENCES documents (id) ON DELETE SET NULL",
                "ALTER TABLE news ADD COLUMN image_alt TEXT NOT NULL DEFAULT ''",
                "ALTER TABLE news ADD COLUMN image_caption TEXT NOT NULL DEFAULT ''",
                "ALTER TABLE news ADD COLUMN image_credit TEXT NOT NULL DEFAULT ''",
            ]
        },
        Migration(version: 17, name: "when each organisation was first published") { _ in
            [
                // Growth over time and "newly published" (saved-search alerts) count from the first time a
                // profile went public, which neither `created_at` (drafts wait) nor `updated_at` (edits) says.
                // Profiles published before this column existed take the moment they were created.
                "ALTER TABLE organisations ADD COLUMN published_at BIGINT",
                "UPDATE organisations SET published_at = created_at WHERE status = 'published'",
                "CREATE INDEX organisations_published_at ON organisations (published_at)",
            ]
        },
        Migration(version: 18, name: "saved searches") { dialect in
            let id = dialect == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"
            return [
                // A person's named directory query or partner-search filter (`query` is its canonical query
                // string), how often its alert goes, and the secret of the alert's unsubscribe link, which
                // works without logging in and turns only this search's e-mail off.
                """
                CREATE TABLE saved_searches (
                    id \(id),
                    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    query TEXT NOT NULL,
                    frequency TEXT NOT NULL,
                    unsubscribe_token TEXT NOT NULL UNIQUE,
                    last_looked_at BIGINT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX saved_searches_user ON saved_searches (user_id, id)",
                "CREATE INDEX saved_searches_frequency ON saved_searches (frequency, id)",
                // One row per search and period (`2026-12-03`, `2026-W49`) whose alert went: inserted with
                // the outbox row in one transaction, so an alert goes exactly once across instances.
                """
                CREATE TABLE saved_search_sends (
                    saved_search_id BIGINT NOT NULL REFERENCES saved_searches (id) ON DELETE CASCADE,
                    period TEXT NOT NULL,
                    sent_at BIGINT NOT NULL,
                    PRIMARY KEY (saved_search_id, period)
                )
                """,
            ]
        },
        Migration(version: 19, name: "when the directory last changed") { _ in
            [
                // Every directory write already bumps the revision in this row; it now also says when, so the
                // open-data downloads answer `Last-Modified` (and `If-Modified-Since`) the same on every
                // instance, deletions included. It starts at the latest profile change.
                "ALTER TABLE directory_revision ADD COLUMN changed_at BIGINT NOT NULL DEFAULT 0",
                "UPDATE directory_revision SET changed_at = (SELECT COALESCE(MAX(updated_at), 0) FROM organisations) WHERE id = 1",
            ]
        },
        Migration(version: 20, name: "growth over time reads published organisations by date") { _ in
            [
                // The statistics' growth counts published organisations per day of first publication; with
                // the status first, that is a range of this index instead of a read of every row.
                "CREATE INDEX organisations_status_published_at ON organisations (status, published_at)"
            ]
        },
        Migration(version: 21, name: "matchmaking events") { dialect in
            let id = dialect == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"
            return [
                // The matchmaking part of an event: sessions (JSON lines of `MatchmakingSession`), slot length,
                // tables per slot, the phases' dates, the organiser's choices, and the schedule's state (its
                // last run's figures as JSON, when it was published and how many times).
                """
                CREATE TABLE matchmaking_setups (
                    event_id BIGINT PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
                    sessions TEXT NOT NULL,
                    slot_minutes INTEGER NOT NULL,
                    tables INTEGER NOT NULL,
                    online_rooms INTEGER NOT NULL,
                    registration_opens BIGINT NOT NULL,
                    booking_opens BIGINT NOT NULL,
                    booking_closes BIGINT NOT NULL,
                    follow_up_closes BIGINT NOT NULL,
                    validates_participants INTEGER NOT NULL,
                    request_limit INTEGER NOT NULL,
                    schedule_published_at BIGINT,
                    schedule_version INTEGER NOT NULL DEFAULT 0,
                    last_run TEXT,
                    updated_at BIGINT NOT NULL
                )
                """,
                // One person per event; `available` is the slot indexes they are free in, as JSON.
                """
                CREATE TABLE matchmaking_participants (
                    id \(id),
                    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
                    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                    organisation_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
                    offer TEXT NOT NULL,
                    seek TEXT NOT NULL,
                    partner_search_id BIGINT REFERENCES partner_searches (id) ON DELETE SET NULL,
                    available TEXT NOT NULL,
                    status TEXT NOT NULL,
                    registered_at BIGINT NOT NULL,
                    UNIQUE (event_id, user_id)
                )
                """,
                "CREATE INDEX matchmaking_participants_organisation ON matchmaking_participants (organisation_id)",
                // A request, and once accepted a meeting with its slot and table. `pair_low`/`pair_high` are
                // the two participants in order: at most one live request per pair (a second one, either
                // way, merges or is refused before it gets here).
                """
                CREATE TABLE matchmaking_requests (
                    id \(id),
                    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
                    from_id BIGINT NOT NULL REFERENCES matchmaking_participants (id) ON DELETE CASCADE,
                    to_id BIGINT NOT NULL REFERENCES matchmaking_participants (id) ON DELETE CASCADE,
                    message TEXT NOT NULL,
                    status TEXT NOT NULL,
                    match_score INTEGER NOT NULL,
                    slot INTEGER,
                    table_number INTEGER,
                    fixed_slot INTEGER,
                    created_at BIGINT NOT NULL,
                    decided_at BIGINT
                )
                """,
                "CREATE INDEX matchmaking_requests_event ON matchmaking_requests (event_id, status)",
                "CREATE INDEX matchmaking_requests_from ON matchmaking_requests (from_id, status)",
                "CREATE INDEX matchmaking_requests_to ON matchmaking_requests (to_id, status)",
                // Each participant's word on each of their meetings after the event.
                """
                CREATE TABLE matchmaking_follow_ups (
                    meeting_id BIGINT NOT NULL REFERENCES matchmaking_requests (id) ON DELETE CASCADE,
                    participant_id BIGINT NOT NULL REFERENCES matchmaking_participants (id) ON DELETE CASCADE,
                    took_place INTEGER NOT NULL,
                    outcome TEXT NOT NULL,
                    note TEXT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    PRIMARY KEY (meeting_id, participant_id)
                )
                """,
            ]
        },
    ]
}

/// A field's name beside its rule in a form's error list or on an error page: the words its form labels it
/// with, in the page's language, where the API names it by its code (`new_password`, `time_zone`). A code
/// no form labels (a call's own answers, `answers.summary`) is shown as it is.
enum FieldNames {
    static func label(_ code: String) -> String {
        switch code {
        case "name", "contact_name": t("Name")
        case "email", "contact_email": t("E-mail")
        case "password": t("Password")
        case "new_password": t("New password")
        case "current_password": t("Current password")
        case "new_email": t("New e-mail address")
        case "terms": t("Agreement")
        case "confirm": t("Confirmation")
        case "team": t("Team")
        case "message": t("Message")
        case "time_zone": t("Time zone")
        case "country": t("Country")
        case "region": t("Region")
        case "city": t("City")
        case "acronym": t("Acronym")
        case "title", "agreement_title": t("Title")
        case "description": t("Description")
        case "second_description": t("Description in a second language")
        case "second_description_language": t("Language of the second description")
        case "website": t("Website")
        case "founded": t("Year founded")
        case "staff_fte": t("Cluster management staff (FTE)")
        case "members_total": t("Members in total")
        case "members_sme": t("SMEs")
        case "members_large": t("Large companies")
        case "members_research": t("Research and technology organisations")
        case "members_university": t("Universities")
        case "members_public": t("Public bodies")
        case "members_other": t("Other")
        case "nuts_code": t("NUTS 2 code")
        case "tags": t("Tags")
        case "labels": t("Cluster management labels")
        case "infrastructures": t("Innovation infrastructures")
        case "logo": t("Logo")
        case "kind": t("Kind")
        case "q": t("Search")
        case "type": t("Type")
        case "status": t("Status")
        case "role": t("Role")
        case "competences": t("Competences")
        case "min_members": t("Members, at least")
        case "max_members": t("Members, at most")
        case "min_countries": t("At least this many countries")
        case "target_countries": t("Target countries")
        case "deadline": t("Deadline")
        case "call_id": t("Call for interest")
        case "search_id": t("Consortium")
        case "programme": t("Programme")
        case "label": t("Label given to selected consortia")
        case "opens_at": t("Opens")
        case "closes_at": t("Closes")
        case "decision": t("Decision")
        case "category": t("Category")
        case "agreement_date": t("Signed on")
        case "agreement_note": t("Note")
        case "objective": t("Objective")
        case "k": t("Alternatives")
        case "rules": t("Eligibility rules")
        case "criteria": t("Evaluation criteria")
        case "fields": t("Fields")
        case "submission": t("Submission")
        case "file": t("File")
        case "funding_body": t("Funding body")
        case "link": t("Link")
        case "budget": t("Budget")
        case "action_type": t("Type of action")
        case "cascade_funding": t("Cascade funding")
        case "countries": t("Eligible countries")
        case "sectors": t("Sectors")
        case "ecosystems": t("Industrial ecosystems")
        case "technologies": t("Key enabling technologies")
        case "keywords": t("Keywords")
        case "owner": t("Owner")
        case "date": t("Date")
        case "language": t("Language")
        case "tag": t("Tag")
        case "agreement_document": t("Cooperation agreement")
        default:
            if code.hasPrefix("rule "), let n = Int(code.dropFirst(5)) {
                t("Rule {{n}}").filling(["n": String(n)])
            } else if let line = Self.importLine(code) {
                // An import's row problem, `line 3: deadline`: the line, then the field as its form names it.
                t("Line {{line}}: {{field}}").filling(["line": String(line.line), "field": label(line.field)])
            } else {
                code
            }
        }
    }

    /// The line and field of an import's problem named `line 3: deadline`.
    static func importLine(_ code: String) -> (line: Int, field: String)? {
        guard code.hasPrefix("line "), let colon = code.firstIndex(of: ":"), let line = Int(code.dropFirst(5).prefix { $0 != ":" }) else { return nil }
        return (line, code[code.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }
}

import ClusterCollabCore
import Foundation

/// A form and a CSV row (text by field name) read into one `FundingOpportunityInput`, so that they share
/// every rule with the API's JSON. The field names are the API's.
extension FundingOpportunityInput {
    /// Every field, in the order of the CSV columns and the form.
    public static let fieldNames = [
        "title", "programme", "funding_body", "link", "opens_at", "deadline", "time_zone", "budget", "action_type", "cascade_funding",
        "countries", "sectors", "ecosystems", "technologies", "keywords", "description",
    ]

    /// From text by field name (a form, a CSV row): a list is one text of items separated by `;` or `,`
    /// (codes and keywords hold neither). A field absent from `record` is not given.
    public init(record: [String: String]) {
        self.init()
        func items(_ field: String) -> [String]? {
            record[field].map { cell in
                cell.split(whereSeparator: { $0 == ";" || $0 == "," }).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            }
        }
        title = record["title"]; programme = record["programme"]; fundingBody = record["funding_body"]; link = record["link"]
        opensAt = record["opens_at"]; deadline = record["deadline"]; timeZone = record["time_zone"]; budget = record["budget"]
        actionType = record["action_type"]; cascadeFunding = record["cascade_funding"]; description = record["description"]
        countries = items("countries"); sectors = items("sectors"); ecosystems = items("ecosystems")
        technologies = items("technologies"); keywords = items("keywords")
    }
}

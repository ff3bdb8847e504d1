import Foundation

/// A cooperation agreement as recorded by the team (the document itself stays with the partners).
public struct CooperationAgreement: Sendable, Equatable {
    public var date: String
    public var title: String
    public var note: String
    public init(date: String, title: String, note: String) { self.date = date; self.title = title; self.note = note }

    /// The agreement from form or JSON values, or the broken rules.
    public static func validated(date: String, title: String, note: String) throws(ValidationErrors) -> CooperationAgreement {
        var errors = ValidationErrors()
        let day = date.trimmingCharacters(in: .whitespaces)
        let name = title.trimmingCharacters(in: .whitespacesAndNewlines)
        // Browsers send a textarea's lines with \r\n; they are kept as \n.
        let text = note.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        if !CalendarDay.isValid(day) { errors.add("agreement_date", "must be a date written YYYY-MM-DD") }
        if name.count < 3 || name.count > 200 { errors.add("agreement_title", "must be 3 to 200 characters") }
        if text.count > 2_000 { errors.add("agreement_note", "must be at most 2000 characters") }
        try errors.throwIfAny()
        return CooperationAgreement(date: day, title: name, note: text)
    }
}

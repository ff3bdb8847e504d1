/// What text the platform accepts from people: no control characters but tab and line breaks. A NUL once
/// cut stored text short, and the others have no place in a profile, a comment or a form.
public enum TextInput {
    /// The rule a refused field breaks.
    public static let controlCharacterRule = "must not contain control characters (only tabs and line breaks are allowed)"

    /// Whether `text` holds a C0 control character other than tab, LF or CR, or DEL.
    public static func hasControlCharacters(_ text: String) -> Bool {
        text.utf8.contains { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) || $0 == 0x7F }
    }
}

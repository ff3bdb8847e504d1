import Foundation

/// What a template reads: text, a number, a yes/no, a list, or an object whose values it looks up by name.
///
/// A page model gives its values as these cases through `TemplateData`, so rendering never asks the Swift
/// runtime what a value is. (Looking values up as `Any` and casting them to find out cost the directory
/// page three quarters of its time.)
public enum TemplateValue {
    case text(String)
    case number(Int)
    case bool(Bool)
    case list([TemplateValue])
    case object(any TemplateData)

    /// A list of objects.
    public static func objects(_ items: [some TemplateData]) -> TemplateValue {
        .list(items.map { .object($0) })
    }

    /// A list of texts, each read as `{{.}}`.
    public static func texts(_ items: [String]) -> TemplateValue {
        .list(items.map { .text($0) })
    }
}

/// An object a template reads through explicit lookups: `value(named:)` answers for each name the
/// template uses, and nil for any other (or for an absent optional), so the lookup goes on down the
/// context, as Mustache does.
public protocol TemplateData {
    func value(named name: String) -> TemplateValue?
}

extension TemplateValue {
    /// Any Swift value as a template reads it: `TemplateData` as it answers, strings, numbers and
    /// booleans as themselves, arrays and sets as lists, optionals by what they hold (nil when empty),
    /// anything else as an object whose stored properties are found by reflection. For models that are not
    /// on a hot page; a hot page's model conforms to `TemplateData`.
    public init?(reflecting value: Any) {
        switch value {
        case let data as any TemplateData: self = .object(data)
        case let text as String: self = .text(text)
        case let flag as Bool: self = .bool(flag)
        case let number as Int: self = .number(number)
        case let templateValue as TemplateValue: self = templateValue
        default:
            let mirror = Mirror(reflecting: value)
            switch mirror.displayStyle {
            case .optional:
                guard let wrapped = mirror.children.first?.value, let inner = TemplateValue(reflecting: wrapped) else { return nil }
                self = inner
            case .collection, .set:
                self = .list(mirror.children.compactMap { TemplateValue(reflecting: $0.value) })
            case .struct, .class, .enum, .tuple, .dictionary:
                self = .object(Reflected(subject: value))
            default:
                self = .text(String(describing: value))
            }
        }
    }
}

/// A value without explicit lookups: its stored properties are read by name through `Mirror`.
struct Reflected: TemplateData, CustomStringConvertible {
    let subject: Any

    func value(named name: String) -> TemplateValue? {
        for child in Mirror(reflecting: subject).children where child.label == name {
            return TemplateValue(reflecting: child.value)
        }
        return nil
    }

    var description: String { String(describing: subject) }
}

/// A dictionary with text keys reads its entries by key (a form's field values, `{{v.name}}`).
extension Dictionary: TemplateData where Key == String {
    public func value(named name: String) -> TemplateValue? {
        self[name].flatMap { TemplateValue(reflecting: $0) }
    }
}

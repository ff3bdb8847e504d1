/// An e-mail address with an optional display name, checked once so that nothing taken from a database row
/// or the environment can inject header lines or SMTP commands.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The bare address (`local@domain`), as used in the SMTP envelope.
    public let address: String
    /// The name shown by mail readers, if any.
    public let name: String?

    /// Checks `address` and keeps `name`. Addresses are limited to printable ASCII: the client does not
    /// speak SMTPUTF8, so an internationalised address would be refused by the server anyway.
    public init(address: String, name: String? = nil) throws {
        guard Self.isValid(address) else { throw MailAddressError(text: address) }
        self.address = address
        // Line breaks in a name would end the header; the name is display text, so they become spaces.
        let cleaned = name.map { $0.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ") }
        self.name = cleaned.flatMap { $0.trimmingSpaces.isEmpty ? nil : $0.trimmingSpaces }
    }

    /// Reads `local@domain` or `Display Name <local@domain>` (the forms an operator writes in
    /// `CLUSTERCOLLAB_SMTP_FROM`).
    public init(parsing text: String) throws {
        let trimmed = text.trimmingSpaces
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            var name = String(trimmed[..<open]).trimmingSpaces
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") { name = String(name.dropFirst().dropLast()) }
            try self.init(address: address, name: name)
        } else {
            try self.init(address: trimmed)
        }
    }

    /// The domain part, used for Message-IDs and as a default EHLO name.
    public var domain: String { String(address[address.index(after: address.lastIndex(of: "@")!)...]) }

    /// The address as written in a header, without encoding (for logs).
    public var description: String { name.map { "\($0) <\(address)>" } ?? address }

    static func isValid(_ address: String) -> Bool {
        guard address.utf8.count <= 254, let at = address.lastIndex(of: "@") else { return false }
        let local = address[..<at], domain = address[address.index(after: at)...]
        guard !local.isEmpty, !domain.isEmpty, local.utf8.count <= 64 else { return false }
        // Printable ASCII without the characters that end an address in a header or an SMTP command.
        return address.utf8.allSatisfy { byte in
            byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "<") && byte != UInt8(ascii: ">")
                && byte != UInt8(ascii: ",") && byte != UInt8(ascii: ";")
        }
    }
}

/// An address that cannot be used: retrying will not make it valid, so delivery of it is a permanent failure.
public struct MailAddressError: MailDeliveryError, CustomStringConvertible {
    /// The refused text.
    public let text: String
    /// Always true: the address will not become valid by waiting.
    public var isPermanent: Bool { true }
    /// A sentence for logs and the admin outbox page.
    public var description: String { "not a usable e-mail address: \(text.debugDescription)" }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return String(s)
    }
}
